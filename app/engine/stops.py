"""Stop strings: end the answer when one appears, and never show any part of it."""

from __future__ import annotations

from typing import Sequence


class StopFilter:
    """Feeds streamed text through, holding back only what could be the start of a stop string."""

    def __init__(self, stops: Sequence[str]) -> None:
        self._stops = tuple(s for s in stops if s)
        self._held = ""

    def feed(self, text: str) -> tuple[str, bool]:
        """Return ``(text safe to show, stop reached)``."""
        if not self._stops:
            return text, False
        buf = self._held + text
        # The stop that completes first ends the answer, as if the text came one character at a
        # time: the result must not depend on how tokens happen to split it (ties: longest stop).
        found = [(i + len(s), i) for s in self._stops if (i := buf.find(s)) >= 0]
        if found:
            _, cut = min(found)
            self._held = ""
            return buf[:cut], True
        hold = 0
        for s in self._stops:
            for k in range(min(len(s) - 1, len(buf)), hold, -1):
                if buf.endswith(s[:k]):
                    hold = k
                    break
        self._held = buf[len(buf) - hold:] if hold else ""
        return buf[:len(buf) - hold], False

    def flush(self, text: str = "") -> str:
        """At the end of the answer: whatever was held back (it was not a stop string after all)."""
        out, hit = self.feed(text)
        if hit:
            return out
        out, self._held = out + self._held, ""
        return out
