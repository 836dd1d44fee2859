"""Named sampling presets: the sampling panel's Save / Load / Delete, carried out on the history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Slot

from app.chat.session import ChatSession
from app.chat.store import HistoryError
from app.engine.errors import InvalidParameterError
from app.engine.params import SamplingParams
from app.ui.model_common import Prompts
from app.ui.notice import NoticeBar
from app.ui.sampling_panel import PresetSettings, SamplingPanel


class PresetActions(QObject):
    """Connects a SamplingPanel's preset requests to the session's history store.

    Deleting asks first, through ``prompts`` — by default the window's :class:`Prompts` (its
    ``prompts`` attribute, looked up when asking, so tests can answer), else a plain one.
    """

    def __init__(self, session: ChatSession, panel: SamplingPanel, notice: NoticeBar,
                 prompts: Prompts | None = None) -> None:
        super().__init__(panel)
        self._session, self._panel, self._notice = session, panel, notice
        self._prompts = prompts
        panel.presetSaveRequested.connect(self.save)
        panel.presetLoadRequested.connect(self.load)
        panel.presetDeleteRequested.connect(self.delete)

    def refresh(self, current: str | None = None) -> None:
        """Show the stored presets in the panel; it names the one the chat's settings are, or "Custom"."""
        presets = self._session.store.presets.all()
        settings = {}
        for preset in presets:
            params = _params(preset.sampling)
            if params is not None:
                settings[preset.name] = PresetSettings(params, preset.system_prompt)
        self._panel.set_presets([p.name for p in presets], current=current, settings=settings)

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
        params = _params(preset.sampling)
        if params is None:
            self._notice.show_message(self.tr("The preset “{name}” has settings out of range; "
                                              "save it again to replace them.").format(name=name))
            return
        self._panel.set_params(params)
        self._session.set_sampling(params)
        if preset.system_prompt is not None:
            self._panel.set_system_prompt(preset.system_prompt)
            self._session.set_system_prompt(preset.system_prompt)

    @Slot(str)
    def delete(self, name: str) -> None:
        """Delete the preset ``name`` once the person confirms (chats keep the settings they have)."""
        if not self._ask().confirm(
                self._panel.window(), self.tr("Delete preset?"),
                self.tr("Delete the preset “{name}”? Chats that use its settings keep them.").format(name=name),
                self.tr("Delete")):
            return
        try:
            self._session.store.presets.delete(name)
        except HistoryError as exc:
            self._notice.show_message(exc.message)
            return
        self.refresh()

    def _ask(self) -> Prompts:
        if self._prompts is not None:
            return self._prompts
        prompts = getattr(self._panel.window(), "prompts", None)
        return prompts if isinstance(prompts, Prompts) else Prompts()


def _params(sampling: dict[str, Any]) -> SamplingParams | None:
    """A preset's sampling over the defaults; None when it is no longer valid."""
    try:
        return SamplingParams.from_dict({**SamplingParams().to_dict(), **sampling})
    except InvalidParameterError:
        return None
