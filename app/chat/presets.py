"""Named sampling presets, kept in the chat history's database (table ``presets``).

A :class:`PresetBook` is reached as ``HistoryStore.presets`` and writes through the
store's connection, so presets share its transactions and error sentences.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from app.chat.records import Preset, to_json

if TYPE_CHECKING:
    from app.chat.store import HistoryStore


class PresetBook:
    """Save, list and delete named presets; names match ignoring case."""

    def __init__(self, store: "HistoryStore") -> None:
        self._store = store

    def save(self, name: str, sampling: dict[str, Any], system_prompt: str | None = None) -> Preset:
        """Create or replace a named preset; names match ignoring case, the newest spelling wins.

        Returns:
            The saved preset.

        Raises:
            HistoryError: the name is blank ("A preset needs a name."), or the database failed.
        """
        from app.chat.store import HistoryError

        name = " ".join(name.split())
        if not name:
            raise HistoryError("A preset needs a name.")
        data = to_json(sampling)
        self._store._exec("INSERT INTO presets (name, sampling, system_prompt) VALUES (?, ?, ?)"
                          " ON CONFLICT (name) DO UPDATE SET name = excluded.name,"
                          " sampling = excluded.sampling, system_prompt = excluded.system_prompt",
                          (name, data, system_prompt))
        return Preset(name, json.loads(data or "{}"), system_prompt)

    def all(self) -> list[Preset]:
        """Every preset, sorted by name ignoring case."""
        rows = self._store._read("SELECT * FROM presets")
        found = [Preset(r["name"], json.loads(r["sampling"]), r["system_prompt"]) for r in rows]
        return sorted(found, key=lambda preset: (preset.name.casefold(), preset.name))

    def delete(self, name: str) -> bool:
        """Delete a preset by name (ignoring case).

        Returns:
            True if a preset was deleted.
        """
        return self._store._exec("DELETE FROM presets WHERE name = ?",
                                 (" ".join(name.split()),)).rowcount > 0
