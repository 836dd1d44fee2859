"""Properties that must hold for any input (hypothesis): the streaming Markdown renderer, the
stop-string filter and the chat-template sandbox."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.stops import StopFilter
from app.engine.templates import check_template
from app.ui.chat_view import ChatView, MessageView
from tests.gui.test_chat_view import blocks_of

# -- the streaming Markdown renderer: any split renders like the whole ------------------------

BLOCKS = ["# Title", "Some *emphasis* and `code`.", "1. one\n2. two", "- a\n- b\n  - nested", "> quoted\n> text",
          "```python\ndef f():\n\n    return 1\n```", "```\nplain\n```", "| a | b |\n|---|---|\n| 1 | 2 |",
          "A line\nwith a break", "**bold** [link](https://example.org)", "---", "Ünïcode — 中文 ✓",
          "```js\nlet x = '```';\n", "    indented code", "Text right after"]
documents = st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=7).map("\n\n".join)


@pytest.fixture(scope="module")
def views(qapp):
    app = qapp
    live, whole = ChatView(render_interval_ms=1), ChatView()
    live.resize(700, 500)
    yield live, whole, app
    live.deleteLater()
    whole.deleteLater()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents, data=st.data())
def test_any_split_of_any_document_renders_like_the_whole(views, doc, data):
    live, whole, app = views
    cuts = sorted(data.draw(st.sets(st.integers(0, len(doc)), max_size=10)))
    pieces = [doc[a:b] for a, b in zip([0, *cuts], [*cuts, len(doc)])]
    renders = data.draw(st.lists(st.booleans(), min_size=len(pieces), max_size=len(pieces)))
    live.set_messages([])
    live.begin_live(1, "m")
    for piece, render in zip(pieces, renders):
        live.append_live_text(piece)
        if render:
            live._stream._render()  # the throttled tail render, as if its timer fired here
            app.processEvents()
    live.finish_live("complete", None, doc)
    whole.set_messages([MessageView(1, "assistant", doc, model="m")])
    assert blocks_of(live) == blocks_of(whole)


def test_a_list_made_loose_by_an_indented_continuation_renders_like_the_whole(views):
    """Found by the property above: a blank line, then a line that continues an item, makes the
    list loose although no blank line separates two items."""
    live, whole, _app = views
    doc = "- a\n- b\n  - nested\n\n    indented code\n\n- a\n- b\n  - nested"
    live.set_messages([])
    live.begin_live(1, "m")
    live.append_live_text(doc)
    live.finish_live("complete", None, doc)
    whole.set_messages([MessageView(1, "assistant", doc, model="m")])
    assert blocks_of(live) == blocks_of(whole)


# -- stop strings: the chunking never changes what is shown -----------------------------------

alphabet = st.sampled_from(list("ab<|>\n :User"))


def _reference(text: str, stops: list[str]) -> tuple[str, bool]:
    stops = [s for s in stops if s]
    for end in range(1, len(text) + 1):
        hits = [i for i in (text[:end].find(s) for s in stops) if i >= 0]
        if hits:
            return text[: min(hits)], True
    return text, False


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet, max_size=40), stops=st.lists(st.text(alphabet, max_size=6), max_size=3),
       data=st.data())
def test_stop_strings_any_chunking_shows_the_same(text, stops, data):
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=8)))
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    f = StopFilter(stops)
    shown, hit = [], False
    for chunk in chunks:
        out, hit = f.feed(chunk)
        shown.append(out)
        if hit:
            break
    if not hit:
        shown.append(f.flush())
    assert ("".join(shown), hit) == _reference(text, stops)


# -- the template sandbox: random templates never escape, never hang ---------------------------

TEMPLATE_PARTS = [
    "{{ messages[0]['content'] }}", "{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}",
    "{{ bos_token }}", "{% if add_generation_prompt %}assistant:{% endif %}", "{{ ''.__class__ }}",
    "{{ messages.__class__.__mro__ }}", "{{ cycler.__init__.__globals__ }}", "{{ range(10**9)|list|length }}",
    "{{ 'x' * 10**9 }}", "{% for i in range(10**8) %}{% endfor %}", "{{ lipsum.__globals__ }}",
    "{{ self.__init__ }}", "{% set ns = namespace(a=1) %}{{ ns.a }}", "{{ raise_exception('no') }}",
    "{{ messages|tojson }}", "{% macro m(x) %}{{ m(x) }}{% endmacro %}{{ m(1) }}", "{{ config }}",
    "{{ [[1]*1000]*1000 }}", "{{ (messages|string)*100000 }}", "{% for a in messages %}{% for b in messages %}"
    "{% for c in range(100000) %}{{ c }}{% endfor %}{% endfor %}{% endfor %}", "plain text", "{{", "{% endfor %}",
    "{{ request }}", "{{ ().__class__.__base__.__subclasses__() }}", "{{ strftime_now('%Y') }}",
]


@settings(max_examples=120, deadline=None)
@given(parts=st.lists(st.sampled_from(TEMPLATE_PARTS), min_size=1, max_size=4))
def test_random_templates_never_escape_or_hang(parts):
    template = "".join(parts)
    started = time.monotonic()
    verdict = check_template(template)  # "" (usable) or one sentence; never an exception
    assert time.monotonic() - started < 10.0
    assert isinstance(verdict, str) and "Traceback" not in verdict
    assert "<class" not in verdict and "function" not in verdict.lower().split("template")[0]
