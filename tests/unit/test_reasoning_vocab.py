"""Reasoning markers through real tokenizers (llama.cpp's vocab-only GGUFs).

Realistic answers are tokenized, then turned back into text one token at a time exactly as the
engine does it: a token is rendered as its special text only when it is one of the format's
marker tokens (``ReasoningFormat.marker_tokens``), bytes are decoded incrementally as UTF-8, and
the pieces are fed to the parser. The split into reasoning and answer must come out right.
"""

from __future__ import annotations

import codecs
import ctypes
from typing import Iterator

import pytest

from app.engine.reasoning import (
    COMMAND_THINKING,
    GEMMA_THOUGHT,
    HARMONY,
    MISTRAL_THINK,
    SOLAR_THINK,
    THINK_TAGS,
    ReasoningFormat,
    ReasoningParser,
)
from app.engine.reasoning_detect import detect_format
from tests.real_data import chat_templates, vocab_file

llama_cpp = pytest.importorskip("llama_cpp")


class Vocab:
    """A vocab-only model: tokenize, detokenize one token, and say which texts are one token."""

    def __init__(self, name: str) -> None:
        from app.engine import llama_log
        llama_log.install()  # keeps the loader's chatter out of the test output
        params = llama_cpp.llama_model_default_params()
        params.vocab_only = True
        self.model = llama_cpp.llama_model_load_from_file(str(vocab_file(name)).encode(), params)
        assert self.model, f"could not load the {name} vocabulary"
        self.vocab = llama_cpp.llama_model_get_vocab(self.model)

    def close(self) -> None:
        llama_cpp.llama_model_free(self.model)

    def tokenize(self, text: str) -> list[int]:
        data = text.encode()
        room = len(data) + 16
        tokens = (llama_cpp.llama_token * room)()
        n = llama_cpp.llama_tokenize(self.vocab, data, len(data), tokens, room, False, True)
        assert n >= 0
        return list(tokens[:n])

    def piece(self, token: int, special: bool) -> bytes:
        size = 32
        while True:
            buf = ctypes.create_string_buffer(size)
            n = llama_cpp.llama_token_to_piece(self.vocab, token, buf, size, 0, special)
            if n >= 0:
                return buf.raw[:n]
            size = -n

    def token_of(self, text: str) -> int | None:
        tokens = self.tokenize(text)
        return tokens[0] if len(tokens) == 1 else None


@pytest.fixture(scope="module")
def vocabs():
    loaded: dict[str, Vocab] = {}

    def get(name: str) -> Vocab:
        if name not in loaded:
            loaded[name] = Vocab(name)
        return loaded[name]
    yield get
    for vocab in loaded.values():
        vocab.close()


def detokenize(vocab: Vocab, tokens: list[int], special: frozenset[int]) -> Iterator[str]:
    """Text pieces as the engine produces them from tokens."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    for token in tokens:
        text = decoder.decode(vocab.piece(token, token in special))
        if text:
            yield text
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def split(fmt: ReasoningFormat, pieces: Iterator[str], starts: bool) -> tuple[str, str, bool]:
    parser = ReasoningParser(fmt, starts)
    out = [p for piece in pieces for p in parser.feed(piece)] + parser.finish()
    return ("".join(t for k, t in out if k == "reasoning"), "".join(t for k, t in out if k == "content"),
            parser.unclosed)


# vocabulary, text, whether it is exactly one token
SINGLE_TOKENS = [
    ("gemma-4", "<|channel>", True),
    ("gemma-4", "<channel|>", True),
    ("gemma-4", "<|think|>", True),      # the system prompt's thinking switch, not an output marker
    ("gemma-4", "<think>", False),
    ("qwen35", "<think>", False),        # this test vocabulary keeps only Qwen's four basic specials
    ("qwen35", "</think>", False),
    ("qwen35", "<|im_start|>", True),
    ("qwen2", "<think>", False),
    ("llama-bpe", "<think>", False),
    ("llama-bpe", "<|eot_id|>", True),
    ("command-r", "<|START_THINKING|>", False),  # Command-R's vocabulary predates the thinking tokens
    ("command-r", "<|CHATBOT_TOKEN|>", True),
    ("phi-3", "<|end|>", True),
    ("phi-3", "<|channel|>", False),
    ("llama-spm", "[THINK]", False),
]


@pytest.mark.parametrize("name, text, single", SINGLE_TOKENS, ids=[f"{n}:{t}" for n, t, _ in SINGLE_TOKENS])
def test_which_markers_are_single_tokens(vocabs, name, text, single):
    assert (vocabs(name).token_of(text) is not None) is single


def test_marker_tokens_per_vocabulary(vocabs):
    gemma, qwen, phi = vocabs("gemma-4"), vocabs("qwen35"), vocabs("phi-3")
    assert GEMMA_THOUGHT.marker_tokens(gemma.token_of) == {gemma.token_of("<|channel>"), gemma.token_of("<channel|>")}
    assert THINK_TAGS.marker_tokens(qwen.token_of) == frozenset()
    assert HARMONY.marker_tokens(phi.token_of) == {phi.token_of("<|end|>")}


def test_how_special_tokens_render(vocabs):
    """Gemma 4's channel markers are user-defined tokens (always rendered); phi-3's ``<|end|>`` is a
    control token that renders as "" unless asked for: the engine must ask for marker tokens."""
    gemma, phi = vocabs("gemma-4"), vocabs("phi-3")
    assert gemma.piece(gemma.token_of("<|channel>"), False) == b"<|channel>"
    assert gemma.piece(gemma.token_of("<|turn>"), False) == b""
    assert phi.piece(phi.token_of("<|end|>"), False) == b""
    assert phi.piece(phi.token_of("<|end|>"), True) == b"<|end|>"


HARMONY_ANSWER = ("<|channel|>analysis<|message|>The user asks for the capital of France. It is Paris.<|end|>"
                  "<|start|>assistant<|channel|>final<|message|>The capital of France is **Paris**.")

# vocabulary, format, starts in reasoning, model output, reasoning, answer
STREAMS = [
    ("qwen35", THINK_TAGS, True,
     "Okay, the user asks about France. The capital is Paris.\n</think>\n\nThe capital of France is **Paris**.",
     "Okay, the user asks about France. The capital is Paris.", "The capital of France is **Paris**."),
    ("qwen35", THINK_TAGS, False, "<think>\n用户问法国的首都。\n</think>\n\n法国的首都是巴黎。🇫🇷",
     "用户问法国的首都。", "法国的首都是巴黎。🇫🇷"),
    ("qwen2", THINK_TAGS, False, "<think>a</think>\n\nPart one.\n\n<think>\nb\n</think>\n\nPart two.",
     "a\n\nb", "Part one.\n\nPart two."),
    ("deepseek-llm", THINK_TAGS, True, "嗯，用户想知道首都。</think>\n\n巴黎是法国的首都。", "嗯，用户想知道首都。", "巴黎是法国的首都。"),
    ("llama-bpe", THINK_TAGS, False, "<think>\nLet me recall: Paris.\n</think>\n\nParis.",
     "Let me recall: Paris.", "Paris."),
    ("gemma-4", GEMMA_THOUGHT, False,
     "<|channel>thought\nThe user wants the capital of France.<channel|>The capital of France is Paris.",
     "The user wants the capital of France.", "The capital of France is Paris."),
    ("gemma-4", GEMMA_THOUGHT, False, "<|channel>thought\n<channel|>Paris, naturellement.",
     "", "Paris, naturellement."),
    ("gemma-4", GEMMA_THOUGHT, False, "<|channel>code\nprint(1)<channel|>Done.", "", "<|channel>code\nprint(1)Done."),
    ("llama-bpe", HARMONY, False, HARMONY_ANSWER,
     "The user asks for the capital of France. It is Paris.", "The capital of France is **Paris**."),
    ("phi-3", HARMONY, False, HARMONY_ANSWER,
     "The user asks for the capital of France. It is Paris.", "The capital of France is **Paris**."),
    ("command-r", COMMAND_THINKING, False,
     "<|START_THINKING|>I'm\nthinking<|END_THINKING|><|START_RESPONSE|>Hello, world!<|END_RESPONSE|>",
     "I'm\nthinking", "Hello, world!"),
    ("llama-spm", MISTRAL_THINK, False, "[THINK]raisonnement[/THINK]Réponse : Paris.",
     "raisonnement", "Réponse : Paris."),
    ("phi-3", SOLAR_THINK, False, "<|think|>Paris.<|end|><|begin|>assistant<|content|>Paris.", "Paris.", "Paris."),
]


@pytest.mark.parametrize("name, fmt, starts, text, reasoning, answer", STREAMS,
                         ids=[f"{s[0]}-{s[1].name}-{i}" for i, s in enumerate(STREAMS)])
def test_token_by_token(vocabs, name, fmt, starts, text, reasoning, answer):
    vocab = vocabs(name)
    tokens = vocab.tokenize(text)
    assert len(tokens) > 3
    pieces = list(detokenize(vocab, tokens, fmt.marker_tokens(vocab.token_of)))
    assert split(fmt, iter(pieces), starts) == (reasoning, answer, False)


def test_without_marker_tokens_a_control_token_closes_nothing(vocabs):
    """The reason for ``marker_tokens``: rendered as "", phi-3's ``<|end|>`` would not end the reasoning."""
    vocab = vocabs("phi-3")
    text = "<|think|>Paris.<|end|><|begin|>assistant<|content|>Paris."
    blind = detokenize(vocab, vocab.tokenize(text), frozenset())
    reasoning, answer, unclosed = split(SOLAR_THINK, blind, False)
    assert (reasoning.split(), answer, unclosed) == (["Paris.", "Paris."], "", True)


def test_detection_from_a_vocabulary_alone(vocabs):
    assert detect_format("", None, vocabs("gemma-4").token_of) == GEMMA_THOUGHT
    for name in ("qwen35", "llama-bpe", "phi-3", "command-r"):
        assert detect_format("", None, vocabs(name).token_of) is None, name


def test_real_template_with_its_vocabulary(vocabs):
    template = chat_templates()["google-gemma-4-31B-it"]
    assert detect_format(template, None, vocabs("gemma-4").token_of) == GEMMA_THOUGHT
