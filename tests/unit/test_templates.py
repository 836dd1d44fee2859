"""ChatFormatter: model templates in a sandbox with limits, and the ChatML fallback.

Features of transformers' dialect are compared with transformers itself in test_template_reference.py.
"""

from __future__ import annotations

import time

import pytest

from app.engine.templates import CHATML_TEMPLATE, ChatFormatter, check_template
from app.engine.types import ChatMessage

CONVO = [
    ChatMessage("system", "Be brief."),
    ChatMessage("user", "Hi"),
    ChatMessage("assistant", "Hello!"),
    ChatMessage("user", "What is 2+2?"),
]

CHATML_EXPECTED = (
    "<|im_start|>system\nBe brief.<|im_end|>\n"
    "<|im_start|>user\nHi<|im_end|>\n"
    "<|im_start|>assistant\nHello!<|im_end|>\n"
    "<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
    "<|im_start|>assistant\n"
)

# Real-world templates (abridged where they only add tool-calling branches).
LLAMA3 = (
    "{% set loop_messages = messages %}{% for message in loop_messages %}"
    "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'"
    "+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}"
    "{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}"
)
GEMMA = (
    "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
    "{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}"
    "{% endif %}{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}"
)
DEEPSEEK_R1 = (
    "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}"
    "{% set ns = namespace(is_first=false, is_tool=false, system_prompt='') %}"
    "{%- for message in messages %}{%- if message['role'] == 'system' %}"
    "{% set ns.system_prompt = ns.system_prompt + message['content'] %}{%- endif %}{%- endfor %}"
    "{{bos_token}}{{ns.system_prompt}}{%- for message in messages %}{%- if message['role'] == 'user' %}"
    "{{'<｜User｜>' + message['content']}}{%- endif %}"
    "{%- if message['role'] == 'assistant' and message['content'] is not none %}"
    "{%- set content = message['content'] %}{% if '</think>' in content %}"
    "{% set content = content.split('</think>')[-1] %}{% endif %}"
    "{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}{%- endif %}{%- endfor -%}"
    "{% if add_generation_prompt %}{{'<｜Assistant｜><think>\\n'}}{% endif %}"
)
QWEN_TOOLS = (
    "{%- if tools %}{{- '<|im_start|>system\\n' }}{%- for tool in tools %}{{- tool | tojson }}{%- endfor %}"
    "{%- endif %}{%- for message in messages %}"
    "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}"
    "{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
    "{{- ('%-6s|%5.1f' | format('date', 2.5)) if false }}{{ '{:>4}'.format('') if false }}"
)


def fmt(template, messages=CONVO, **kw):
    f = ChatFormatter(template, bos_token="<s>", eos_token="</s>")
    started = time.perf_counter()
    text = f.format(messages, **kw)
    return f, text, time.perf_counter() - started


def assert_fell_back(f, text, messages=CONVO, permanent=True):
    assert f.is_fallback
    if permanent:
        assert f.source == CHATML_TEMPLATE
    assert f.warning and "ChatML" in f.warning
    assert text == ChatFormatter(None).format(messages)


# -- normal operation ---------------------------------------------------------------------------


@pytest.mark.parametrize("template", [None, ""])
def test_chatml_fallback_when_no_template(template):
    f, text, _ = fmt(template)
    assert text == CHATML_EXPECTED
    assert f.is_fallback
    assert "no chat template" in f.warning and "ChatML" in f.warning


def test_generation_prompt_is_optional():
    f = ChatFormatter(None)
    assert f.format(CONVO, add_generation_prompt=False) == CHATML_EXPECTED.removesuffix(
        "<|im_start|>assistant\n")


def test_real_template_renders_without_warning():
    f, text, _ = fmt(LLAMA3)
    assert not f.is_fallback and f.warning == "" and f.source == LLAMA3
    assert text == (
        "<s><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
        "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>"
        "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\n"
    )
    # A second call gives the same text (no state leaks between renders).
    assert f.format(CONVO) == text


def test_namespace_and_split_templates_work():
    convo = [ChatMessage("system", "S"), ChatMessage("user", "Q1"),
             ChatMessage("assistant", "<think>reasoning</think>A1"), ChatMessage("user", "Q2")]
    f, text, _ = fmt(DEEPSEEK_R1, convo)
    assert not f.is_fallback, f.warning
    assert text == ("<s>S<｜User｜>Q1<｜Assistant｜>A1<｜end▁of▁sentence｜><｜User｜>Q2"
                    "<｜Assistant｜><think>\n")


def test_tojson_format_filters_are_allowed():
    f, text, _ = fmt(QWEN_TOOLS)
    assert not f.is_fallback, f.warning
    assert text.endswith("<|im_start|>assistant\n")


def test_template_rejecting_system_role_gets_it_merged_into_first_user_turn():
    f, text, _ = fmt(GEMMA)
    assert not f.is_fallback and f.warning == ""
    assert text == (
        "<s><start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n"
        "<start_of_turn>model\nHello!<end_of_turn>\n"
        "<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n"
        "<start_of_turn>model\n"
    )


def test_system_only_conversation_becomes_a_user_turn_for_such_templates():
    f, text, _ = fmt(GEMMA, [ChatMessage("system", "Only rules")])
    assert not f.is_fallback
    assert "<start_of_turn>user\nOnly rules<end_of_turn>" in text


def test_long_conversation_renders_quickly_under_the_guards():
    convo = [ChatMessage("system", "S" * 20_000)] + [
        ChatMessage("user" if i % 2 == 0 else "assistant", "word " * 2_000) for i in range(200)]
    f, text, elapsed = fmt(LLAMA3, convo)
    assert not f.is_fallback, f.warning
    assert len(text) > 2_000_000
    assert elapsed < 1.0


def test_template_failure_reasons_are_sentences_without_tracebacks():
    f, _, _ = fmt("{{ raise_exception('Roles must alternate') }}")
    assert "Roles must alternate" in f.warning
    assert "Traceback" not in f.warning
    assert f.warning.endswith("ChatML.")


# -- hostile templates ------------------------------------------------------------------------


@pytest.mark.parametrize("template", [
    "{{ messages.__class__.__mro__ }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ messages.append(1) }}",
    "{% import 'os' as os %}",
    "{% include '/etc/passwd' %}",
])
def test_python_internals_are_blocked(template):
    f, text, _ = fmt(template)
    assert_fell_back(f, text)
    assert "<class" not in text
    assert "unsafe" in f.warning or "may not" in f.warning


def test_blocked_code_never_executes(tmp_path):
    marker = tmp_path / "pwned"
    attacks = [
        f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}",
        f"{{{{ lipsum.__globals__['os'].system('touch {marker}') }}}}",
        f"{{{{ joiner.__init__.__globals__.__builtins__.open('{marker}', 'w').write('x') }}}}",
        "{% for c in ().__class__.__base__.__subclasses__() %}{% if c.__name__ == 'Popen' %}"
        f"{{{{ c(['touch', '{marker}']) }}}}{{% endif %}}{{% endfor %}}",
    ]
    for template in attacks:
        f, text, _ = fmt(template)
        assert "pwned" not in text
        assert not marker.exists(), template
        # Either refused outright, or the unsafe attribute resolved to nothing at all.
        assert f.is_fallback or text == ""


def test_unsafe_attribute_on_its_own_renders_as_nothing():
    f, text, _ = fmt("[{{ messages[0].__class__ }}{{ raise_exception.__globals__ }}]")
    assert text == "[]"


@pytest.mark.parametrize("template", [
    "{% for i in range(10**9) %}x{% endfor %}",
    "{% for i in range(1000000000) %}{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    # Loops over things other than range() are counted too.
    "{% set s = 'a' * 50000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
    "{% macro f(n) %}{% for i in range(50) %}{% if n > 0 %}{{ f(n-1) }}{% endif %}{% endfor %}"
    "{% endmacro %}{{ f(10) }}",
    "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
])
def test_runaway_loops_fall_back_fast(template):
    f, text, elapsed = fmt(template)
    assert_fell_back(f, text)
    assert elapsed < 2.0


@pytest.mark.parametrize("template", [
    "{{ 'a' * 10**10 }}",
    "{{ [1] * 10**10 }}",
    "{% set x = 'a' * 1000000 %}{% set y = x * 1000 %}{{ y }}",
    "{{ 10**10**10 }}{{ ((10**64)**64)**64 }}",
    "{{ 'x'|center(1000000000) }}",
    "{{ 'x'.ljust(1000000000) }}",
    "{{ '{:>1000000000}'.format('x') }}",
    "{{ '{:>{}}'.format('x', 10**9) }}",
    "{{ '%999999999s' % 'x' }}",
    "{{ '%*s' % (10**9, 'x') }}",
    "{{ '%999999999d'|format(1) }}",
    "{% set s = 'a' * 100000 %}{{ s.replace('a', s) }}",
    "{% set s = 'a' * 60000 %}{{ ([s] * 1000)|join }}",
    "{% set s = 'a' * 60000 %}{{ ''.join([s] * 1000) }}",
    "{% set s = 'a' * 60000 %}{{ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s }}",
    "{% set ns = namespace(x='a' * 1000) %}{% for i in range(60) %}{% set ns.x = ns.x ~ ns.x %}"
    "{% endfor %}{{ ns.x|length }}",
    "{% macro f(s, n) %}{% if n > 0 %}{{ f(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}"
    "{% endmacro %}{{ f('a' * 1000, 60) }}",
    "{{ ('a\n' * 100000)|indent(10000) }}",
    "{{ ('\t' * 100000).expandtabs(60000) }}",
    "{{ range(3)|slice(10**9)|list }}",
])
def test_memory_bombs_fall_back_fast(template):
    f, text, elapsed = fmt(template)
    assert_fell_back(f, text)
    assert elapsed < 2.0


@pytest.mark.parametrize("template", [
    "{% for i in range(150000) %}{{ 'abcdefghij' * 100 }}{% endfor %}",
    "{% for i in range(150000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}",
    "{% for m in messages * 10000 %}{{ m.content * 10 }}{% endfor %}",
])
def test_output_size_bomb_falls_back(template):
    f, text, elapsed = fmt(template)
    assert_fell_back(f, text)
    assert "far more text" in f.warning or "enormous" in f.warning
    assert elapsed < 2.0


@pytest.mark.parametrize("template", [
    "{% for m in messages %}{{ m.content }",
    "{% if %}",
    "{{ messages[0]['content'] ",
    "{% endfor %}",
])
def test_syntax_error_falls_back(template):
    f, text, _ = fmt(template)
    assert_fell_back(f, text)
    assert "broken" in f.warning


@pytest.mark.parametrize("template", ["{{ 1/0 }}", "{{ undefined_function() }}", "{{ messages[99].content }}x"])
def test_runtime_errors_fall_back(template):
    """An ordinary failure uses ChatML for that conversation only; the template is tried again next time."""
    f, text, _ = fmt(template)
    assert_fell_back(f, text, permanent=False)
    assert f.source == template


def test_template_demanding_alternation_gets_consecutive_turns_merged():
    template = (
        "{% for m in messages %}{% if loop.index0 > 0 and m.role == messages[loop.index0 - 1].role %}"
        "{{ raise_exception('roles must alternate') }}{% endif %}[{{ m.role }}]{{ m.content }}{% endfor %}")
    msgs = [ChatMessage("user", "one"), ChatMessage("user", "two")]
    f = ChatFormatter(template)
    text = f.format(msgs)
    assert not f.is_fallback
    assert text == "[user]one\n\ntwo"


def test_oversized_template_text_is_refused():
    f, text, _ = fmt("x" * 300_000)
    assert_fell_back(f, text)
    assert "unreasonably large" in f.warning


def test_after_a_failure_the_fallback_sticks_and_the_warning_stays():
    f = ChatFormatter("{{ 'a' * 10**10 }}")
    first = f.format(CONVO)
    warning = f.warning
    assert f.format(CONVO) == first == CHATML_EXPECTED
    assert f.warning == warning and f.is_fallback


def test_chatml_fallback_handles_large_conversations():
    """Hearth's own ChatML is not subject to the per-template budget."""
    convo = [ChatMessage("user", "") for _ in range(5_000)]
    f = ChatFormatter(None)
    assert f.format(convo).count("<|im_start|>user\n<|im_end|>") == 5_000


# -- the guards on transformers' dialect: loop controls, generation blocks, tojson, globals -------


@pytest.mark.parametrize("template", [
    "{% set s = 'a' * 50000 %}{% for a in s %}{% for b in s %}{% continue %}{% endfor %}{% endfor %}",
    "{% set s = 'a' * 50000 %}{% for a in s %}{% for b in s %}{% if b == 'b' %}{% break %}{% endif %}"
    "{% endfor %}{% endfor %}",
    # A recursive loop: every level's steps count, and each loop() call is charged.
    "{% for x in [1, 2] recursive %}{% if loop.depth < 60 %}{{ loop([1, 2]) }}{% endif %}{% endfor %}",
])
def test_loop_controls_and_recursive_loops_still_count_their_steps(template):
    f, text, elapsed = fmt(template)
    assert_fell_back(f, text)
    assert "loops far too many times" in f.warning
    assert elapsed < 2.0


def test_generation_block_does_not_escape_the_guards():
    f, text, _ = fmt("{% generation %}{% for i in range(10**9) %}x{% endfor %}{% endgeneration %}")
    assert_fell_back(f, text)


@pytest.mark.parametrize("template", [
    "{{ messages|tojson(indent=17) }}",
    "{{ messages|tojson(indent=' ' * 40) }}",
    "{{ messages|tojson(separators=(',' * 100, ':')) }}",
    "{% set s = 'a' * 60000 %}{{ ([s] * 1000)|tojson }}",
    "{% set s = 'a' * 1000 %}{% set l = [s] * 100 %}{{ ([l] * 1000)|tojson }}",
    "{% set l = [[1] * 100] * 100 %}{% set l = [l] * 100 %}{{ l|tojson(indent=16) }}",
])
def test_tojson_output_is_sized_before_it_is_built(template):
    f, text, elapsed = fmt(template)
    assert_fell_back(f, text)
    assert "enormous" in f.warning
    assert elapsed < 1.0


@pytest.mark.parametrize("template", [
    # One list holding the same big text many times: short, but its text is gigabytes.
    "{% set s = 'a' * 60000 %}{% set l = [s] * 1000 %}{% set l2 = [l] * 1000 %}{{ l2 }}",
    "{% set s = 'a' * 60000 %}{% set a = [s, s, s, s, s, s, s, s] %}{% set b = [a, a, a, a, a, a, a, a] %}"
    "{% set c = [b, b, b, b, b, b, b, b] %}{{ c ~ '' }}",
    "{% set s = 'a' * 60000 %}{{ ([s] * 1000)|string }}",
    "{% set s = 'a' * 60000 %}{{ ([s] * 1000)|upper }}",
    "{% set s = 'a' * 60000 %}{{ '%s' % ([s] * 1000,) }}",
    "{% set s = 'a' * 60000 %}{{ '{}'.format([s] * 1000) }}",
    "{% set s = 'a' * 60000 %}{{ [[s] * 1000]|join }}",
    "{% set s = 'a' * 60000 %}{{ dict.fromkeys(range(1000), s) }}",
    "{% set s = 'a' * 60000 %}{{ [1]|batch(1000, fill_with=s)|list }}",
    "{% set s = 'a' * 60000 %}{{ ([[s] * 1000] * 1000)|sum(start=[])|length }}",
    "{% set s = 'a' * 60000 %}{% set ns = namespace(x=[s] * 1000) %}{{ ns }}",
])
def test_shared_references_cannot_blow_up_into_text(template):
    f, text, elapsed = fmt(template)
    assert_fell_back(f, text)
    assert "enormous" in f.warning
    assert elapsed < 1.0


@pytest.mark.parametrize("template", [
    "{% set ns = namespace(_x=1) %}x",
    "{% set ns = namespace(x=1) %}{% set ns.__class__ = 1 %}x",
    "{% set ns = namespace({'_secret': 1}) %}x",
    "{{ dict.mro() }}{{ dict.__class__ }}",
])
def test_namespace_refuses_underscore_names_and_dict_exposes_only_building(template):
    f, text, _ = fmt(template)
    assert f.is_fallback
    assert text == CHATML_EXPECTED


# -- messages with reasoning, template variables --------------------------------------------------


REASONING_CONVO = [ChatMessage("system", "S"), ChatMessage("user", "Q1"),
                   ChatMessage("assistant", "A1", reasoning="R1"), ChatMessage("user", "Q2")]


def test_reasoning_survives_the_retry_that_merges_the_system_message():
    template = ("{% if messages[0].role == 'system' %}{{ raise_exception('no system') }}{% endif %}"
                "{% for m in messages %}{{ m.role }}:{{ m.content }}/{{ m.reasoning_content }};{% endfor %}")
    f, text, _ = fmt(template, REASONING_CONVO)
    assert not f.is_fallback
    assert text == "user:S\n\nQ1/;assistant:A1/R1;user:Q2/;"


def test_variables_are_passed_only_when_given():
    template = ("{{ enable_thinking is defined }} {{ tools is none }} {{ documents is none }} "
                "{% if enable_thinking is defined and not enable_thinking %}no-think{% endif %}"
                "{{ reasoning_effort | default('medium') }}")
    f = ChatFormatter(template)
    assert f.format(CONVO) == "False True True medium"
    assert f.format(CONVO, variables={"enable_thinking": False, "reasoning_effort": "high"}) == \
        "True True True no-thinkhigh"
    assert f.format(CONVO, True, None) == "False True True medium"  # nothing sticks between calls
    assert ChatFormatter("{{ tools|length }}").format(CONVO, variables={"tools": [{"type": "function"}]}) == "1"


@pytest.mark.parametrize("variables", [
    {"messages": []}, {"add_generation_prompt": False}, {"bos_token": "x"}, {"eos_token": "x"},
    {"namespace": 1}, {"range": 1}, {"raise_exception": "x"}, {"not a name": 1},
    {"callback": print}, {"data": {1: "non-text key"}}, {"data": object()}, {"data": {"a"}},
])
def test_variables_cannot_replace_what_hearth_sets_and_must_be_plain_data(variables):
    with pytest.raises(ValueError) as info:
        ChatFormatter(LLAMA3).format(CONVO, variables=variables)
    assert str(info.value).endswith(".") and "\n" not in str(info.value)


def test_reads_tells_which_variables_a_template_reads():
    f = ChatFormatter("{% set x = 1 %}{% if enable_thinking %}{{ x }}{% endif %}{{ messages|length }}")
    assert f.reads("enable_thinking") and f.reads("messages")
    assert not f.reads("x") and not f.reads("reasoning_effort")
    assert not ChatFormatter(None).reads("messages")
    assert not ChatFormatter("{% if %}").reads("messages")
    hostile = ChatFormatter("{{ enable_thinking }}{{ 'a' * 10**10 }}")
    assert hostile.reads("enable_thinking")
    hostile.format(CONVO)
    assert not hostile.reads("enable_thinking")  # now ChatML for good


# -- check_template -------------------------------------------------------------------------------


@pytest.mark.parametrize("template, sentence", [
    (LLAMA3, ""),
    (GEMMA, ""),
    ("", "This template is empty."),
    ("x" * 300_000, "This template is too long (300,000 characters; Hearth accepts at most 200,000)."),
    ("{% for m in messages %}\n{{ m.content }}\n{{ m.content }\n{% endfor %}",
     "This template has a syntax error on line 3: unexpected '}'."),
    ("{% for m in messages %}{% foo %}{% endfor %}",
     "This template has a syntax error on line 1: encountered unknown tag 'foo'."),
    ("{{" + "(" * 20_000 + "1" + ")" * 20_000 + "}}", "This template has a syntax error: it nests far too deeply."),
    ("{{ raise_exception('Roles must alternate user/assistant!') }}",
     "This template failed on a sample conversation: Roles must alternate user/assistant."),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "This template failed on a sample conversation: it loops far too many times."),
    ("{{ ''.__class__.__mro__ }}",
     "This template failed on a sample conversation: access to attribute '__class__' of 'str' object is unsafe."),
    ("{% include 'x.jinja' %}", "This template failed on a sample conversation: "
                                "it tried to load the file “x.jinja”, which templates may not do."),
    ("{{ messages[5].content }}", "This template failed on a sample conversation: list object has no element 5."),
    ("Hello", "This template leaves out the conversation: a sample question does not appear in its output."),
])
def test_check_template_says_in_one_sentence_what_is_wrong(template, sentence):
    assert check_template(template, "<s>", "</s>") == sentence
