"""Markdown → QTextDocument HTML: structure, highlighting, safety, and the stable-prefix split."""

from __future__ import annotations

import re

import pytest

from app.ui.markdown import (
    code_lines_html,
    fence_progress,
    highlight_code,
    render_markdown,
    scan_stream,
    stable_prefix_length,
)


def test_headings_and_emphasis():
    out = render_markdown("# Title\n\n## Sub\n\nSome *soft* and **strong** ~~gone~~ text.")
    assert "<h1>Title</h1>" in out.html
    assert "<h2>Sub</h2>" in out.html
    assert "<em>soft</em>" in out.html and "<strong>strong</strong>" in out.html
    assert "<s>gone</s>" in out.html
    assert out.code_blocks == []


def test_fenced_code_is_highlighted_with_inline_colours():
    out = render_markdown("```python\ndef f(x):\n    return 'x'\n```\n", message_id=7)
    assert re.search(r'<span style="color: #[0-9A-Fa-f]{3,6}[^"]*">def</span>', out.html)
    assert "class=" not in out.html  # no style sheet classes: QTextDocument would ignore them
    assert '<a href="hearth:copy-code/7/0"' in out.html and "Copy code" in out.html
    assert "python" in out.html
    assert out.code_blocks == ["def f(x):\n    return 'x'\n"]


def test_dark_and_light_code_colours_differ():
    light = render_markdown("```python\nimport os\n```", dark=False).html
    dark = render_markdown("```python\nimport os\n```", dark=True).html
    assert light != dark


def test_code_blocks_are_listed_in_order_and_numbered_from_the_given_index():
    text = "a\n\n```\nfirst\n```\n\n    indented\n\n```js\nthird()\n```\n"
    out = render_markdown(text, message_id=3, first_code_index=5)
    assert out.code_blocks == ["first\n", "indented\n", "third()\n"]
    for index in (5, 6, 7):
        assert f'href="hearth:copy-code/3/{index}"' in out.html
    assert "hearth:copy-code/3/8" not in out.html


def test_unknown_language_is_plain_but_escaped():
    out = render_markdown("```nosuchlang\nif a < b && c > d: pass\n```")
    assert "if a &lt; b &amp;&amp; c &gt; d: pass" in out.html
    assert "nosuchlang" in out.html
    assert highlight_code("<x>", "") == "&lt;x&gt;"


@pytest.mark.parametrize(
    "raw",
    ["<script>alert(1)</script>", "<b>bold</b>", '<img src="file:///etc/passwd">', "<div>block</div>\n"],
)
def test_raw_html_is_escaped_never_interpreted(raw):
    out = render_markdown(f"Before {raw} after\n\n{raw}")
    tag = re.match(r"<(\w+)", raw).group(1)
    assert f"<{tag}" not in out.html
    assert f"&lt;{tag}" in out.html


def test_model_cannot_write_action_links_or_load_images():
    out = render_markdown("[click](hearth:regenerate/1) ![cat](/etc/passwd) [web](https://example.org)")
    assert "hearth:" not in out.html.replace("[click](hearth:regenerate/1)", "")
    assert '<a href="hearth' not in out.html
    assert "<img" not in out.html and "[image: cat]" in out.html
    assert '<a href="https://example.org">web</a>' in out.html


def test_tables_render_with_borders_and_alignment():
    out = render_markdown("| Name | Size |\n|:-----|-----:|\n| a | 1 |\n| b | 22 |\n")
    assert "<table" in out.html and 'border="1"' in out.html
    assert "<th style=\"text-align:left\">Name</th>" in out.html
    assert '<td style="text-align:right">22</td>' in out.html


def test_inline_code_and_lists():
    out = render_markdown("Use `x<y`.\n\n3. three\n4. four\n\n- dot\n")
    assert "<code" in out.html and "x&lt;y</code>" in out.html
    assert 'start="3"' in out.html and "<ul" in out.html


@pytest.mark.parametrize(
    ("text", "stable"),
    [
        ("", ""),
        ("no blank line yet", ""),
        ("para\n\n", ""),                                    # the next line is unknown
        ("para\n\nnext", "para\n\n"),
        ("para\n\n  indented continuation", ""),             # could belong to a list item
        ("a\n\nb\n\nc", "a\n\nb\n\n"),
        ("x\n\n```py\nq\n\nr", "x\n\n"),                     # blank line inside an open fence
        ("x\n\n```py\nq\n\nr\n```\n\nz", "x\n\n```py\nq\n\nr\n```\n\n"),
        ("~~~\na\n\n```\nb\n\nc", ""),                        # ``` does not close ~~~
        ("````\n```\n\nstill code\n````\n\nafter", "````\n```\n\nstill code\n````\n\n"),
        ("1. one\n\n   more\n\n2. two", "1. one\n\n   more\n\n"),
        ("- a\n- b\n- c", "- a\n- b\n"),                # a tight list is final item by item
        ("1. a\n2. b\n3", "1. a\n"),                     # "3" is not an item yet
        ("Text\n2. b\n3. c", ""),                          # "2." cannot interrupt a paragraph
        ("- a\n  more\n- b", ""),                          # only after one-line items
        ("- a\n* b", ""),                                  # another kind of marker: another list
    ],
)
def test_stable_prefix_ends_at_last_safe_blank_line(text, stable):
    assert text[: stable_prefix_length(text)] == stable


def test_stable_prefix_renders_the_same_alone():
    text = "# T\n\nIntro *text*.\n\n- a\n- b\n\n```python\nx = 1\n\ny = 2\n```\n\nEnd of"
    cut = stable_prefix_length(text)
    whole = render_markdown(text).html
    assert whole.startswith(render_markdown(text[:cut]).html)


@pytest.mark.parametrize(
    ("text", "fence_start"),
    [
        ("a\n\nb\n```py\nx\n\ny", 5),         # open top-level fence: all before it is final
        ("```py\nx", 0),
        ("a\n```py\nx\n```\nb", -1),            # closed
        ("1. a\n   ```py\n   x", -1),            # indented: inside a list item, not top level
        ("a\n```py", -1),                        # the fence line itself is not complete yet
    ],
)
def test_scan_stream_finds_an_open_top_level_fence(text, fence_start):
    assert scan_stream(text)[1] == fence_start


def test_fence_progress_reports_complete_lines_and_the_closing_line():
    text = "```py\nx = 1\n\ny = 2\n```\nafter"
    assert fence_progress(text, 6, "`", 3) == (text.index("```\n", 6), text.index("after"))
    assert fence_progress("```\na\nb", 4, "`", 3) == (6, -1)
    assert fence_progress("````\n```\n````\n", 5, "`", 4) == (9, 14)  # a shorter fence does not close


def test_code_lines_use_context_for_multiline_strings():
    alone = code_lines_html("still in string\n", "python", False)
    after_quote = code_lines_html("still in string\n", "python", False, context='s = """start\n')
    assert after_quote != alone
    assert after_quote.count("\n") == 0 and "still in string" in after_quote
    assert code_lines_html("a\n\nb\n", "text", False).count("\n") == 2  # the blank line is kept
