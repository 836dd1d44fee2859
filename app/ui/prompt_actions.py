"""The chat's prompt options and the model's template, carried out on the session and the engine.

Connects the "Thinking, context and tokens" box (:class:`ChatOptionsPanel`) to the session (the
options are stored with the chat), and the "Prompt and template" dialog to the engine host
(the prompt is rendered on the engine thread, a replacement template is used there) and to
the app settings (a replacement is remembered per model file).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from app.chat.session import ChatSession
from app.engine.types import ChatOptions, ModelInfo
from app.settings import AppSettings
from app.ui.chat_options_panel import ChatOptionsPanel
from app.ui.notice import NoticeBar
from app.ui.prompt_dialog import PromptDialog
from app.worker import EngineHost


class PromptActions(QObject):
    """Per-chat prompt options, the prompt view and template replacement."""

    def __init__(self, window: QWidget, session: ChatSession, host: EngineHost, settings: AppSettings,
                 panel: ChatOptionsPanel, notice: NoticeBar) -> None:
        super().__init__(window)
        self._window, self._session, self._host, self._settings = window, session, host, settings
        self._panel, self._notice = panel, notice
        self.dialog: PromptDialog | None = None
        self._prompt_request: int | None = None
        self._pending: tuple[str, str | None] | None = None  # (model path, template) sent to the engine
        panel.optionsChanged.connect(self._on_options_changed)
        panel.promptRequested.connect(self.show_prompt)
        host.templateChanged.connect(self._on_template_changed)
        host.templateFailed.connect(self._on_template_failed)
        host.promptRendered.connect(self._on_prompt_rendered)

    def template_for(self, model_path: str) -> str:
        """The person's replacement template for a model file ("" for the model's own)."""
        return self._settings.chat_templates.get(model_path, "")

    def model_loaded(self, info: ModelInfo) -> None:
        self._panel.set_model(info)
        if info.template_warning:
            self._notice.show_message(info.template_warning, level="info")
        if self.dialog is not None:
            self.dialog.set_model(info)
            self.refresh_prompt()

    def conversation_opened(self) -> None:
        self._panel.set_options(self._session.options())
        if self.dialog is not None and self.dialog.isVisible():
            self.refresh_prompt()

    @Slot()
    def show_prompt(self) -> None:
        """Open the "Prompt and template" dialog for the open chat."""
        if self.dialog is None:
            self.dialog = PromptDialog(self._window)
            self.dialog.templateChosen.connect(self._on_template_chosen)
            self.dialog.refreshRequested.connect(self.refresh_prompt)
        self.dialog.set_model(self._host.model_info)
        self.refresh_prompt()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    @Slot()
    def refresh_prompt(self) -> None:
        if self.dialog is None:
            return
        if self._host.model_info is None:
            self.dialog.set_prompt("", self.tr("Load a model to see the prompt it would receive."))
            return
        session = self._session
        self._prompt_request = self._host.render_prompt(session.history_for_engine(), session.options(),
                                                        session.sampling())

    @Slot(object)
    def _on_options_changed(self, options: ChatOptions) -> None:
        self._session.set_options(options)
        if self.dialog is not None and self.dialog.isVisible():
            self.refresh_prompt()

    @Slot(object)
    def _on_template_chosen(self, template: object) -> None:
        info = self._host.model_info
        if info is None:
            return
        text = template if isinstance(template, str) and template else None
        self._pending = (info.path, text)
        self._host.set_template(text)

    @Slot(object)
    def _on_template_changed(self, info: ModelInfo) -> None:
        if self._pending is not None and self._pending[0] == info.path:
            # Remembered only once the engine has taken it.
            if self._pending[1]:
                self._settings.chat_templates[info.path] = self._pending[1]
            else:
                self._settings.chat_templates.pop(info.path, None)
            self._settings.write()
        self._pending = None
        self._panel.set_model(info)
        if self.dialog is not None:
            self.dialog.set_model(info)
            self.refresh_prompt()
        if info.template_origin == "override":
            self._notice.show_message(self.tr("This model now uses your chat template."), level="info")
        elif info.template_warning:
            self._notice.show_message(info.template_warning, level="info")
        else:
            self._notice.clear()

    @Slot(str)
    def _on_template_failed(self, sentence: str) -> None:
        self._pending = None
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.show_template_error(sentence)
        else:
            self._notice.show_message(sentence)

    @Slot(int, str, str)
    def _on_prompt_rendered(self, request_id: int, text: str, error: str) -> None:
        if request_id == self._prompt_request and self.dialog is not None:
            self.dialog.set_prompt(text, error)
