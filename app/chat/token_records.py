"""The tokens of an answer, kept compactly beside it (table ``message_tokens``).

Every answer keeps its token ids and bytes — so *Continue* and branch-from-token can give the
model exactly what it wrote — and, when the next-token inspector was on, each token's
probability, rank and its ``k`` likeliest alternatives. The format is binary: a table of the
distinct tokens' bytes, then fixed-size rows, a few bytes per alternative rather than JSON text:

    b"HTK1"  u8 k  u32 tokens  u32 distinct pieces
    pieces:  (u32 id, u16 length) × pieces, then their bytes
    rows:    (u32 id, f32 prob, u32 rank, u8 flags) × tokens   (flags: 1 = thinking)
    alternatives: u32 ids [tokens × k], f16 probabilities [tokens × k]

A :class:`TokenBook` is reached as ``HistoryStore.tokens``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Sequence

import numpy as np

from app.engine.inspector import Alternative, TokenChoice

if TYPE_CHECKING:
    from app.chat.store import HistoryStore

MAGIC = b"HTK1"
_HEAD = np.dtype([("k", "<u1"), ("tokens", "<u4"), ("pieces", "<u4")])
_PIECE = np.dtype([("id", "<u4"), ("length", "<u2")])
_ROW = np.dtype([("id", "<u4"), ("prob", "<f4"), ("rank", "<u4"), ("flags", "<u1")])
_MAX_PIECE = 0xFFFF


class CorruptTokensError(ValueError):
    """Stored token data that cannot be read back (shown as "no token data", never a crash)."""


def encode(choices: Sequence[TokenChoice]) -> bytes:
    """Pack an answer's tokens (see the module docstring)."""
    k = max((len(c.top) for c in choices), default=0)
    pieces: dict[int, bytes] = {}
    for c in choices:
        pieces.setdefault(c.token, c.piece[:_MAX_PIECE])
        for alt in c.top:
            pieces.setdefault(alt.token, alt.piece[:_MAX_PIECE])
    table = np.array([(token, len(piece)) for token, piece in pieces.items()], dtype=_PIECE)
    rows = np.array([(c.token, c.prob, c.rank, 1 if c.reasoning else 0) for c in choices], dtype=_ROW)
    alt_ids = np.zeros((len(choices), k), dtype="<u4")
    alt_probs = np.zeros((len(choices), k), dtype="<f2")
    for i, c in enumerate(choices):
        for j, alt in enumerate(c.top):
            alt_ids[i, j] = alt.token
            alt_probs[i, j] = alt.prob
    head = np.array([(k, len(choices), len(pieces))], dtype=_HEAD)
    return b"".join((MAGIC, head.tobytes(), table.tobytes(), b"".join(pieces.values()), rows.tobytes(),
                     alt_ids.tobytes(), alt_probs.tobytes()))


def decode(data: bytes) -> list[TokenChoice]:
    """Unpack what :func:`encode` wrote.

    Raises:
        CorruptTokensError: not token data, or cut short.
    """
    try:
        if data[:4] != MAGIC:
            raise CorruptTokensError("not Hearth token data")
        at = 4
        head = np.frombuffer(data, _HEAD, 1, at)[0]
        at += _HEAD.itemsize
        k, n, n_pieces = int(head["k"]), int(head["tokens"]), int(head["pieces"])
        table = np.frombuffer(data, _PIECE, n_pieces, at)
        at += _PIECE.itemsize * n_pieces
        pieces: dict[int, bytes] = {}
        for token, length in table.tolist():
            pieces[token] = bytes(data[at:at + length])
            at += length
        rows = np.frombuffer(data, _ROW, n, at)
        at += _ROW.itemsize * n
        alt_ids = np.frombuffer(data, "<u4", n * k, at).reshape(n, k)
        at += 4 * n * k
        alt_probs = np.frombuffer(data, "<f2", n * k, at).reshape(n, k).astype(np.float64)
        if at + 2 * n * k != len(data):
            raise CorruptTokensError("token data of the wrong length")
    except (ValueError, IndexError) as exc:
        raise CorruptTokensError(str(exc)) from exc
    out: list[TokenChoice] = []
    for i, (token, prob, rank, flags) in enumerate(rows.tolist()):
        top = tuple(Alternative(t, pieces.get(t, b""), p)
                    for t, p in zip(alt_ids[i].tolist(), alt_probs[i].tolist())) if rank else ()
        out.append(TokenChoice(token, pieces.get(token, b""), prob if rank else math.nan, rank, top,
                               bool(flags & 1)))
    return out


class TokenBook:
    """Save and load the tokens of answers."""

    def __init__(self, store: "HistoryStore") -> None:
        self._store = store

    def save(self, message_id: int, choices: Sequence[TokenChoice]) -> None:
        """Keep an answer's tokens (replacing any it had)."""
        k = max((len(c.top) for c in choices), default=0)
        self._store._exec("INSERT INTO message_tokens (message_id, top_k, data) VALUES (?, ?, ?)"
                          " ON CONFLICT (message_id) DO UPDATE SET top_k = excluded.top_k, data = excluded.data",
                          (message_id, k, encode(choices)))

    def load(self, message_id: int) -> list[TokenChoice] | None:
        """An answer's tokens, or None when it has none (or they cannot be read)."""
        rows = self._store._read("SELECT data FROM message_tokens WHERE message_id = ?", (message_id,))
        if not rows:
            return None
        try:
            return decode(bytes(rows[0]["data"]))
        except CorruptTokensError:
            return None

    def inspected(self, conversation_id: int) -> set[int]:
        """Ids of a chat's answers that have probabilities to inspect."""
        rows = self._store._read("SELECT t.message_id FROM message_tokens t JOIN messages m ON m.id = t.message_id"
                                 " WHERE m.conversation_id = ? AND t.top_k > 0", (conversation_id,))
        return {int(r[0]) for r in rows}
