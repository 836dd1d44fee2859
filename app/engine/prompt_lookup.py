"""Prompt-lookup drafting: guess the next tokens by finding the answer's last few tokens earlier
in the conversation, and copying what followed them there.

No second model is needed. It pays off when an answer repeats its context — editing code,
quoting, summarising — where a run of draft tokens is often right, and the decode loop checks a
whole draft with one batched ``llama_decode`` instead of one call per token. Every token is still
chosen by the sampler from the model's own distribution, in order, so the answer is the one
normal decoding gives; a draft only decides how many positions one decode call evaluates.

Drafts start at four tokens and double while they are taken whole, up to eight; a partly taken
draft sets the next one's length to what was taken plus one. When drafts keep missing
(ordinary prose), drafting pauses for a while, doubling each time, so a conversation that does
not repeat itself costs next to nothing.
"""

from __future__ import annotations

NGRAM_SIZES = (4, 3, 2)     # longest match first: longer matches predict better
MAX_DRAFT = 8               # tokens checked per batch
MAX_PAUSE = 64              # tokens without drafting after repeated misses, at most


class PromptLookup:
    """An index of the conversation's n-grams and the drafts it suggests.

    Args:
        tokens: the conversation so far (prompt and answer), in order.
        max_draft: the longest draft :meth:`propose` returns.
    """

    def __init__(self, tokens: list[int], max_draft: int = MAX_DRAFT) -> None:
        self.tokens: list[int] = []
        self.max_draft = max_draft
        # n-gram → the position of the token that followed its latest occurrence
        self._follow: dict[tuple[int, ...], int] = {}
        self._pause = 0          # tokens to go before the next draft
        self._next_pause = 4     # the pause after the next miss
        self._length = 4         # the next draft's length: grows while drafts are taken whole
        self.proposed = 0        # draft tokens proposed and accepted (for figures)
        self.accepted = 0
        # Indexed on first use, so a long conversation's first token does not wait for it.
        self._unindexed: list[int] | None = list(tokens)

    def _index(self) -> None:
        pending, self._unindexed = self._unindexed, None
        for token in pending or ():
            self.append(token)

    def append(self, token: int) -> None:
        """Add the next token of the conversation."""
        if self._unindexed is not None:
            self._index()
        tokens, follow = self.tokens, self._follow
        tokens.append(token)
        end = len(tokens) - 1    # the new token follows the n-grams ending just before it
        for n in NGRAM_SIZES:
            if end >= n:
                follow[tuple(tokens[end - n:end])] = end
        if self._pause:
            self._pause -= 1

    def propose(self, limit: int) -> list[int]:
        """Up to ``min(limit, max_draft)`` tokens that followed the conversation's current ending
        the last time it occurred; [] when it never did, or while drafting is paused."""
        if self._unindexed is not None:
            self._index()
        if self._pause or limit <= 0:
            return []
        tokens = self.tokens
        for n in NGRAM_SIZES:
            if len(tokens) < n:
                continue
            start = self._follow.get(tuple(tokens[-n:]))
            if start is not None:
                draft = tokens[start:start + min(limit, self._length, self.max_draft)]
                if draft:
                    self.proposed += len(draft)
                    return draft
        return []

    def result(self, proposed: int, accepted: int) -> None:
        """How a draft fared: a miss pauses drafting (longer after each miss), a hit resets it."""
        self.accepted += accepted
        if accepted == 0 and proposed:
            self._pause = self._next_pause
            self._next_pause = min(self._next_pause * 2, MAX_PAUSE)
            self._length = max(2, self._length // 2)
        elif accepted:
            self._next_pause = 4
            self._length = min(self.max_draft, self._length * 2) if accepted == proposed else max(2, accepted + 1)
