"""Named sampling presets: the sampling panel's Save / Load / Delete, carried out on the history."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from app.chat.session import ChatSession
from app.chat.store import HistoryError
from app.engine.params import SamplingParams
from app.ui.notice import NoticeBar
from app.ui.sampling_panel import SamplingPanel


class PresetActions(QObject):
    """Connects a SamplingPanel's preset requests to the session's history store."""

    def __init__(self, session: ChatSession, panel: SamplingPanel, notice: NoticeBar) -> None:
        super().__init__(panel)
        self._session, self._panel, self._notice = session, panel, notice
        panel.presetSaveRequested.connect(self.save)
        panel.presetLoadRequested.connect(self.load)
        panel.presetDeleteRequested.connect(self.delete)

    def refresh(self, current: str | None = None) -> None:
        """Show the stored preset names in the panel."""
        self._panel.set_presets([p.name for p in self._session.store.presets.all()], current=current)

    @Slot(str)
    def save(self, name: str) -> None:
        try:
            self._session.store.presets.save(name, self._panel.params().to_dict(), self._panel.system_prompt())
        except HistoryError as exc:
            self._notice.show_message(exc.message)
            return
        self.refresh(current=name)

    @Slot(str)
    def load(self, name: str) -> None:
        """Apply a preset to the current chat: its sampling, and its system prompt when it has one."""
        preset = next((p for p in self._session.store.presets.all() if p.name == name), None)
        if preset is None:
            return
        params = SamplingParams.from_dict({**SamplingParams().to_dict(), **preset.sampling})
        self._panel.set_params(params)
        self._session.set_sampling(params)
        if preset.system_prompt is not None:
            self._panel.set_system_prompt(preset.system_prompt)
            self._session.set_system_prompt(preset.system_prompt)

    @Slot(str)
    def delete(self, name: str) -> None:
        self._session.store.presets.delete(name)
        self.refresh()
