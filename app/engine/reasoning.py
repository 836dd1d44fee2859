"""Reasoning ("thinking") in a streamed answer: the formats models use, and a parser that routes it.

A reasoning model writes private thinking before (or between parts of) its answer, framed by
markers its chat template knows: ``<think>…</think>``, ``[THINK]…[/THINK]``, Gemma 4's thought
channel, gpt-oss Harmony channels, and others (``KNOWN_FORMATS``). ``ReasoningParser`` turns a
stream of text pieces of any size into ordered ``("reasoning" | "content", text)`` pieces:

- marker strings never reach either channel, except an unknown channel header (shown as text);
- text is never lost: markers of another format stay visible where they occur;
- blank lines around blocks are tidied (see ``ReasoningParser``);
- the result never depends on how the text was split into pieces.

Which format a model uses is found by ``app.engine.reasoning_detect``. Plain Python, no Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

REASONING = "reasoning"
CONTENT = "content"

_PIECE = re.compile(r"<[^<>\s]{1,40}>|\[[^\[\]\s]{1,40}\]")  # a special-token-like part of a marker


@dataclass(frozen=True)
class ReasoningFormat:
    """How one family of models frames its reasoning.

    Attributes:
        kind: "tags" (a block between ``open`` and ``close``) or "harmony" (gpt-oss channels).
        name: For people, e.g. "<think> tags".
        open: The marker that opens a block ("" for a format whose answers always start in
            reasoning, such as Apriel's). For "harmony", the analysis channel's header.
        close: The marker that closes a block.
        hidden: Tags: markers that frame the answer (Command's ``<|START_RESPONSE|>``); never shown.
        markers: Every marker string the parser must see in the stream. The engine renders a
            token as its special text only when it is one of these (other special tokens render
            as ""), so the parts of a multi-token marker (``<|open|>``, ``<|sep|>``) are here too.
            Derived from ``open``, ``close`` and ``hidden`` when not given.
    """

    kind: str
    name: str
    open: str = ""
    close: str = ""
    markers: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in ("tags", "harmony"):
            raise ValueError(f"unknown reasoning format kind {self.kind!r}")
        if self.kind == "tags" and not self.close:
            raise ValueError("a tag format needs a closing marker")
        if not self.markers:
            whole = tuple(m for m in (self.open, self.close, *self.hidden) if m)
            pieces = tuple(p for m in whole for p in _PIECE.findall(m))
            object.__setattr__(self, "markers", tuple(dict.fromkeys(whole + pieces)))

    def opens_in(self, prompt: str) -> bool:
        """Whether the generation prompt ends inside an open reasoning block (the template opened
        it, as Qwen3.5's ``<think>\\n`` does), so the answer starts in reasoning."""
        if not self.open:
            return True
        return prompt.rstrip().endswith(self.open.strip())

    def marker_tokens(self, token_of: Callable[[str], int | None]) -> frozenset[int]:
        """Ids of the markers that are single tokens of a vocabulary (``token_of`` gives the id of
        a text that is exactly one token, else None): the tokens to render as their text."""
        ids = (token_of(m) for m in self.markers)
        return frozenset(i for i in ids if i is not None)


THINK_TAGS = ReasoningFormat("tags", "<think> tags", "<think>", "</think>")
GRANITE_TAGS = ReasoningFormat("tags", "Granite <think>/<response> tags", "<think>", "</think>",
                               hidden=("<response>", "</response>"))
MISTRAL_THINK = ReasoningFormat("tags", "[THINK] tags", "[THINK]", "[/THINK]")
SEED_THINK = ReasoningFormat("tags", "Seed <seed:think> tags", "<seed:think>", "</seed:think>")
COMMAND_THINKING = ReasoningFormat(
    "tags", "Command <|START_THINKING|> tags", "<|START_THINKING|>", "<|END_THINKING|>",
    hidden=("<|START_RESPONSE|>", "<|END_RESPONSE|>", "<|START_TEXT|>", "<|END_TEXT|>"))
MINIMAX_THINK = ReasoningFormat("tags", "MiniMax <mm:think> tags", "<mm:think>", "</mm:think>")
KIMI_THINK = ReasoningFormat(
    "tags", "Kimi think section", "<|open|>think<|sep|>", "<|close|>think<|sep|>",
    hidden=("<|open|>response<|sep|>", "<|close|>response<|sep|>"))
GEMMA_THOUGHT = ReasoningFormat("tags", "Gemma 4 thought channel", "<|channel>thought", "<channel|>")
APERTUS_INNER = ReasoningFormat("tags", "Apertus inner thoughts", "<|inner_prefix|>", "<|inner_suffix|>")
APRIEL_STEPS = ReasoningFormat("tags", "Apriel reasoning steps", "", "[BEGIN FINAL RESPONSE]",
                               hidden=("[END FINAL RESPONSE]",))
SOLAR_THINK = ReasoningFormat("tags", "Solar Open <|think|> message", "<|think|>", "<|end|>",
                              hidden=("<|begin|>assistant", "<|content|>"))
MUSE_SELF = ReasoningFormat("tags", "Muse to=self messages", " to=self<|message|>", "<|eom|>",
                            hidden=("<|start|>assistant", " to=user<|message|>"))
HARMONY = ReasoningFormat("harmony", "gpt-oss Harmony channels", "<|channel|>analysis<|message|>", "<|end|>",
                          markers=("<|start|>", "<|channel|>", "<|message|>", "<|end|>"))

# Most specific first: Granite's tags are <think> tags plus an answer wrapper.
KNOWN_FORMATS: tuple[ReasoningFormat, ...] = (
    HARMONY, GEMMA_THOUGHT, KIMI_THINK, COMMAND_THINKING, SEED_THINK, MINIMAX_THINK, APERTUS_INNER,
    APRIEL_STEPS, SOLAR_THINK, MUSE_SELF, GRANITE_TAGS, MISTRAL_THINK, THINK_TAGS)

_HARMONY_ENDS = ("<|end|>", "<|return|>", "<|call|>")
_HARMONY_ANSWER = ("final", "commentary")  # gpt-oss preambles (commentary) are written for the user
_HEADER_LIMIT = 64  # a Harmony header longer than this is text, not a header
_ROLES = ("", "assistant")


class ReasoningParser:
    """Splits a streamed answer into reasoning and answer text.

    Whitespace is tidied: each reasoning block loses its leading and trailing whitespace, and
    blocks are joined by a blank line; the answer loses its leading and trailing whitespace and
    the blank lines that follow a block (unless they separate two parts of the answer); Harmony
    answer messages become paragraphs of one answer. To do
    so — and to recognise markers split across pieces — the parser holds back whitespace and the
    shortest suffix that could begin a marker, and releases it when the next piece (or
    ``finish``) decides it.

    Attributes:
        in_reasoning: Currently inside a reasoning block.
        unclosed: After ``finish``: the stream ended inside a block.
    """

    def __init__(self, fmt: ReasoningFormat | None, starts_in_reasoning: bool = False) -> None:
        self.fmt = fmt
        self.in_reasoning = bool(fmt) and starts_in_reasoning
        self.unclosed = False
        self._out: list[tuple[str, str]] = []
        self._held = ""
        self._r_any = False          # some reasoning was shown
        self._r_block = False        # the current block has shown text
        self._r_ws = ""              # whitespace inside a block, shown if more text follows
        self._a_any = False          # some answer was shown
        self._a_ws = ""              # whitespace in the answer, shown if more text follows
        self._a_drop = False         # whitespace after a block: dropped (the answer already has a gap)
        self._header: list[str] | None = None  # Harmony: [role text, channel text] while in a header
        self._has_channel = False
        if fmt is None:
            return
        if fmt.kind == "tags":
            self._events = {m: e for m, e in ((fmt.open, "open"), (fmt.close, "close")) if m}
            self._events.update((m, "hide") for m in fmt.hidden)
        else:
            self._events = {"<|start|>": "start", "<|channel|>": "channel", "<|message|>": "message"}
            self._events.update((m, "end") for m in _HARMONY_ENDS)
        self._markers = tuple(sorted(self._events, key=len, reverse=True))
        self._firsts = "".join(sorted({m[0] for m in self._markers}))
        self._first = self._firsts if len(self._firsts) == 1 else ""
        self._prefixes = {m[:k] for m in self._markers for k in range(1, len(m))}
        self._window = max(map(len, self._markers)) - 1

    def feed(self, text: str) -> list[tuple[str, str]]:
        """Route one streamed piece; returns the ordered pieces now safe to show."""
        if self.fmt is None:
            return [(CONTENT, text)] if text else []
        if self._held:
            self._out = []
            self._scan(self._held + text)
            return self._out
        first = self._first
        if (first in text) if first else any(c in text for c in self._firsts):
            self._out = []
            self._scan(text)
            return self._out
        if not text:
            return []
        # The common token: plain text that ends in a visible character, in a block that has begun.
        if self._header is None and not text[-1].isspace():
            if self.in_reasoning:
                if self._r_block:
                    ws, self._r_ws = self._r_ws, ""
                    return [(REASONING, ws + text)]
            elif self._a_any and not self._a_drop:
                ws, self._a_ws = self._a_ws, ""
                return [(CONTENT, ws + text)]
        self._out = []
        self._text(text)
        return self._out

    def finish(self) -> list[tuple[str, str]]:
        """Release what was held back at the end of the stream; sets ``unclosed``."""
        self._out = []
        if self.fmt is None:
            return []
        held, self._held = self._held, ""
        if held:
            self._text(held)
        if self._header is not None:
            self._abandon_header()
        self.unclosed = self.in_reasoning
        self._r_ws = self._a_ws = ""
        return self._out

    # -- scanning -------------------------------------------------------------------------

    def _scan(self, buf: str) -> None:
        """Find markers in ``buf`` (leftmost first, longest on a tie) and hold a possible start."""
        pos = 0
        markers = self._markers
        while True:
            at, found = -1, ""
            for m in markers:
                i = buf.find(m, pos)
                if i >= 0 and (at < 0 or i < at):
                    at, found = i, m
            if at < 0:
                break
            rest = buf[at:]
            if any(len(m) > len(rest) and m.startswith(rest) for m in markers):
                break  # a longer marker may still complete here
            if at > pos:
                self._text(buf[pos:at])
            self._marker(self._events[found])
            pos = at + len(found)
        hold = self._hold_length(buf, pos)
        end = len(buf) - hold
        if end > pos:
            self._text(buf[pos:end])
        self._held = buf[end:]

    def _hold_length(self, buf: str, pos: int) -> int:
        """Length of the longest suffix of ``buf[pos:]`` that is a proper prefix of a marker."""
        start = max(pos, len(buf) - self._window)
        best = len(buf)
        for c in self._firsts:
            i = buf.find(c, start)
            while 0 <= i < best:
                if buf[i:] in self._prefixes:
                    best = i
                    break
                i = buf.find(c, i + 1)
        return len(buf) - best

    # -- what markers do --------------------------------------------------------------------

    def _marker(self, event: str) -> None:
        """Act on a marker. A repeated open, a stray close and answer wrappers are only dropped."""
        if event == "open":
            self.in_reasoning = True
        elif event == "close":
            if self.in_reasoning:
                self._end_block()
        elif event != "hide":
            self._harmony(event)

    def _end_block(self) -> None:
        self.in_reasoning = False
        self._r_block, self._r_ws = False, ""
        self._a_drop = bool(self._a_ws)

    def _harmony(self, event: str) -> None:
        """Harmony: ``<|start|>`` and ``<|channel|>`` begin a header, ``<|message|>`` ends it and
        picks the channel, ``<|end|>`` ends the message."""
        header = self._header
        if event == "start" or (event == "channel" and (header is None or self._has_channel)):
            if header is not None:
                self._abandon_header()
            elif self.in_reasoning:
                self._end_block()
            self._header = ["", ""]
            self._has_channel = event == "channel"
        elif event == "channel":
            self._has_channel = True
        elif event == "message":
            if header is not None:
                self._header = None
                name = header[1].split()[0] if header[1].split() else ""
                if self._has_channel and name == "analysis":
                    self.in_reasoning = True
                    return
                if self._a_any:  # a new message of the answer: a paragraph of its own
                    self._a_ws, self._a_drop = "\n\n", True
                if self._has_channel and name not in _HARMONY_ANSWER:
                    self._answer(f"<|channel|>{header[1]}<|message|>")  # unknown: shown, never swallowed
        else:  # the end of a message
            if header is not None:
                self._abandon_header()
            elif self.in_reasoning:
                self._end_block()

    def _abandon_header(self) -> None:
        """A Harmony header that never reached ``<|message|>``: its text is shown as answer text."""
        role, channel = self._header or ("", "")
        self._header = None
        text = "" if role.strip() in _ROLES else role
        if self._has_channel:
            text += "<|channel|>" + channel
        if text:
            self._answer(text)

    # -- text -------------------------------------------------------------------------------

    def _text(self, text: str) -> None:
        if self._header is not None:
            i = 1 if self._has_channel else 0
            room = _HEADER_LIMIT - len(self._header[0]) - len(self._header[1])
            if len(text) <= room:
                self._header[i] += text
                return
            self._header[i] += text[:room]
            self._abandon_header()
            text = text[room:]
        if self.in_reasoning:
            self._reasoning(text)
        else:
            self._answer(text)

    def _put(self, kind: str, text: str) -> None:
        out = self._out
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + text)
        else:
            out.append((kind, text))

    def _reasoning(self, text: str) -> None:
        body = text.strip()
        if not body:
            if self._r_block:
                self._r_ws += text
            return
        lead = text[:text.index(body[0])]
        if self._r_block:
            self._put(REASONING, self._r_ws + lead + body)
        else:
            self._put(REASONING, "\n\n" + body if self._r_any else body)
        self._r_any = self._r_block = True
        self._r_ws = text[len(lead) + len(body):]

    def _answer(self, text: str) -> None:
        body = text.strip()
        if not body:
            if self._a_any and not self._a_drop:
                self._a_ws += text
            return
        lead = text[:text.index(body[0])]
        if self._a_any:
            self._put(CONTENT, self._a_ws + ("" if self._a_drop else lead) + body)
        else:
            self._put(CONTENT, body)
        self._a_any, self._a_drop = True, False
        self._a_ws = text[len(lead) + len(body):]
