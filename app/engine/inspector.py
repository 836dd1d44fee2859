"""The next token, as the model saw it: its probability, its rank and the likeliest alternatives.

A language model predicts one token at a time from a probability distribution: the softmax of
its logits. :class:`TokenInspector` reads that distribution for each generated token straight
from llama.cpp's logits buffer (a numpy view, no copy of the vocabulary into Python objects), at
temperature 1 — the model's own distribution, before any sampler (temperature, top-k, penalties)
touches it — and returns a :class:`TokenChoice`: the chosen token's probability and rank and
the ``k`` most likely tokens with theirs. Plain Python and numpy; no Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

MAX_TOP_K = 20
DEFAULT_TOP_K = 5
_NEAR_NATS = 6.0  # candidates for the top K: logits within this of the best (probability ratio e^-6)


@dataclass(frozen=True, slots=True)
class Alternative:
    """A token the model considered: its id, its bytes and its probability."""

    token: int
    piece: bytes
    prob: float


@dataclass(frozen=True, slots=True)
class TokenChoice:
    """One token of an answer.

    Attributes:
        token: The token id (valid for the model that wrote it).
        piece: Its bytes; a token may hold part of a UTF-8 character (byte-fallback pieces).
        prob: The model's probability of it (softmax of the logits at temperature 1); NaN when
            the inspector was off.
        rank: 1 for the model's most likely token; 0 when the inspector was off.
        top: The most likely tokens, best first (empty when the inspector was off).
        reasoning: The token was part of the model's thinking, not its answer.
    """

    token: int
    piece: bytes
    prob: float = math.nan
    rank: int = 0
    top: tuple[Alternative, ...] = ()
    reasoning: bool = False

    @property
    def inspected(self) -> bool:
        return self.rank > 0


class TokenInspector:
    """Reads the distribution behind each generated token from a logits buffer.

    Args:
        n_vocab: Size of the vocabulary (length of a logits row).
        k: How many alternatives to keep (1..20).
        piece: The bytes of a token id.
    """

    def __init__(self, n_vocab: int, k: int, piece: Callable[[int], bytes]) -> None:
        self.k = max(1, min(int(k), MAX_TOP_K, n_vocab))
        self._n = n_vocab
        self._piece = piece
        self._pieces: dict[int, bytes] = {}
        self._work = np.empty(n_vocab, dtype=np.float32)

    def piece(self, token: int) -> bytes:
        cached = self._pieces.get(token)
        if cached is None:
            cached = self._pieces[token] = self._piece(token)
        return cached

    def choice(self, logits: np.ndarray, token: int, reasoning: bool = False) -> TokenChoice:
        """The chosen ``token`` and the distribution it came from (``logits``: one row, float32)."""
        work, k = self._work, self.k
        top = logits.max()
        np.subtract(logits, top, out=work)
        np.exp(work, out=work)
        total = float(work.sum())  # numpy's pairwise float32 sum: error ~1e-7, far below what is shown
        # The likeliest tokens lie within a few nats of the best one: select among those few
        # rather than partitioning the whole vocabulary (most of the cost on large vocabularies).
        band = logits >= top - _NEAR_NATS
        count = int(np.count_nonzero(band))
        if count < k or count > self._n // 8:  # a flat distribution: partition everything
            near = np.argpartition(logits, self._n - k)[self._n - k:]
        else:
            near = np.flatnonzero(band)
            if count > k:
                near = near[np.argpartition(logits[near], count - k)[count - k:]]
        best = near[np.argsort(-logits[near], kind="stable")]
        chosen_logit = logits[token]
        rank = int(np.count_nonzero(logits > chosen_logit)) + 1
        alternatives = tuple(Alternative(int(i), self.piece(int(i)), float(work[i]) / total) for i in best)
        return TokenChoice(int(token), self.piece(int(token)), float(work[token]) / total, rank,
                           alternatives, reasoning)

    def row(self, pointer) -> np.ndarray:
        """A numpy view (no copy) of one row of llama.cpp's logits, from its float pointer."""
        return np.ctypeslib.as_array(pointer, shape=(self._n,))


def plain_choice(token: int, piece: bytes, reasoning: bool = False) -> TokenChoice:
    """A token recorded without its distribution (the inspector was off)."""
    return TokenChoice(token, piece, reasoning=reasoning)


def piece_text(piece: bytes) -> str:
    """A token's bytes for people: UTF-8 where it decodes, ``<0xE2>`` for stray bytes."""
    try:
        return piece.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(_chunks(piece))


def _chunks(piece: bytes) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(piece):
        for size in (4, 3, 2, 1):
            try:
                out.append(piece[i:i + size].decode("utf-8"))
                i += size
                break
            except UnicodeDecodeError:
                continue
        else:
            out.append(f"<0x{piece[i]:02X}>")
            i += 1
    return out
