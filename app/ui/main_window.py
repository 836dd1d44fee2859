"""Hearth's main window: it lays out the views and wires them to the session and the engine host.

It keeps no conversation state of its own: ``ChatSession`` owns the conversation,
``EngineHost`` owns the model, and the widgets only show what they are given.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, QTimer, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from app.chat.session import ChatSession
from app import paths
from app.engine.kv_state import KvStateStore
from app.engine.params import LoadParams, SamplingParams
from app.engine.types import ModelInfo
from app.settings import AppSettings
from app.ui.answer_status import AnswerStatus
from app.ui.chat_options_panel import ChatOptionsPanel
from app.ui.branch_actions import BranchActions
from app.ui.chat_view import ChatView
from app.ui.context_meter import ContextMeter
from app.ui.composer import Composer
from app.ui.conversation_actions import ConversationActions
from app.ui.conversation_list import ConversationList
from app.ui.dialogs import choose_model_file
from app.ui.load_panel import LoadPanel
from app.ui.main_menu import MainMenu
from app.ui.memory_panel import ModelMemoryPanel
from app.ui.message_edit import MessageEdit
from app.ui.server_window import ServerActions
from app.ui.model_bar import ModelBar
from app.ui.model_common import Prompts
from app.ui.models_window import ModelsWindow
from app.ui.notice import NoticeBar
from app.ui.preset_actions import PresetActions
from app.ui.prompt_actions import PromptActions
from app.ui.remote_actions import RemoteActions
from app.ui.sampling_panel import SamplingPanel
from app.ui.window_size import LIST_MIN_WIDTH, MINIMUM, ShellSplitter, place_on_screen, side_scroll
from app.model_bridge import ModelStoreBridge
from app.quantize_bridge import QuantizeBridge, quantize_available
from app.remotes import Remotes
from app.worker import EngineHost
from model_store.fit import fit_for_file
from model_store.resolve import known_models

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Conversation list | chat (model bar, notices, messages, context meter, composer) | settings."""

    def __init__(self, session: ChatSession, host: EngineHost, settings: AppSettings,
                 gpu_available: bool = False, dark: bool = False, model_store: ModelStoreBridge | None = None,
                 states: KvStateStore | None = None, remotes: Remotes | None = None) -> None:
        super().__init__()
        self.session, self.host, self.settings = session, host, settings
        self.setWindowTitle("Hearth")
        self._stopped_in: str | None = None  # the chat whose answer the switch in progress stops

        self.conversations = ConversationList(self)
        self.conversations.setMinimumWidth(LIST_MIN_WIDTH)
        self.model_bar = ModelBar(self)
        self.notice = NoticeBar(self)
        self.chat = ChatView(self)
        self.context_meter = ContextMeter(self)
        self.composer = Composer(self)
        self.edits = MessageEdit(session, self.composer, self.notice, self)
        self.sampling_panel = SamplingPanel(self)
        self.load_panel = LoadPanel(self)
        self.load_panel.set_gpu_available(gpu_available)
        self.load_panel.set_params(settings.load_params())
        self.presets = PresetActions(session, self.sampling_panel, self.notice)
        self.options_panel = ChatOptionsPanel(self)
        self.prompt_actions = PromptActions(self, session, host, settings, self.options_panel, self.notice)
        self.prompts = Prompts()
        self.branches = BranchActions(self, session, self.chat, self.prompts)
        self.states = states if states is not None else KvStateStore(paths.kv_state_dir())
        self.remotes = RemoteActions(self, remotes if remotes is not None else Remotes(settings), self.prompts)
        self.memory_panel = ModelMemoryPanel(self.states, settings, self.prompts, self)
        self.model_store = model_store if model_store is not None else ModelStoreBridge.create(self)
        self.models_window: ModelsWindow | None = None
        self.quantize = QuantizeBridge.create(self.model_store.registry, self) if quantize_available() else None

        center = QWidget(self)
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.model_bar)
        column.addWidget(self.notice)
        column.addWidget(self.chat, 1)
        column.addWidget(self.context_meter)
        column.addWidget(self.composer)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.load_panel)
        side_layout.addWidget(self.options_panel)
        side_layout.addWidget(self.sampling_panel)
        side_layout.addWidget(self.memory_panel)
        side_layout.addStretch(1)
        self.side_panel = side_scroll(side, self)
        self.side_panel.setAccessibleName(self.tr("Settings panel"))

        self.splitter = ShellSplitter(self)
        self.splitter.addWidget(self.conversations)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.side_panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)  # the chat itself never folds away
        self.splitter.setSizes([240, 640, self.side_panel.minimumWidth()])
        self.setCentralWidget(self.splitter)
        self.chat_actions = ConversationActions(self, session, self.notice, self._open_initial_conversation)
        self.answer_status = AnswerStatus(session, host, self, speaker=self.chat)
        self.server = ServerActions(self, host, settings)

        self.menu = MainMenu(self)
        self._connect()
        self.chat.set_dark(dark)
        self._set_side_panel(settings.show_side_panel, save=False)
        bars = self.menuBar().sizeHint().height() + self.statusBar().sizeHint().height()
        self.splitter.set_floor(QSize(MINIMUM.width(), MINIMUM.height() - bars))
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode("ascii")))
        else:
            place_on_screen(self, self.screen())
        self.refresh_models()
        self.refresh_conversations()
        self._open_initial_conversation()

    # -- construction ----------------------------------------------------------------------

    def _connect(self) -> None:
        s, c = self.session, self.chat
        self.conversations.conversationSelected.connect(s.open)
        self.conversations.newRequested.connect(self.new_chat)
        self.conversations.searchChanged.connect(lambda _q: self.refresh_conversations())
        self.conversations.renameRequested.connect(self.chat_actions.rename)
        self.conversations.deleteRequested.connect(self.chat_actions.delete)
        self.conversations.exportRequested.connect(self.export_chat)
        s.aboutToSwitch.connect(self.sampling_panel.flush)  # edits belong to the chat being left
        s.aboutToSwitch.connect(self._note_answer_left)
        s.conversationsChanged.connect(self.refresh_conversations)
        s.conversationOpened.connect(self._on_conversation_opened)
        s.messageAdded.connect(lambda m: c.append_message(self.branches.view(m, inspected=False)))
        s.messagesReset.connect(self._render_messages)
        s.liveStarted.connect(lambda mid: c.begin_live(mid, self.host.model_info.name if self.host.model_info else "",
                                                       s.live_given))
        s.liveText.connect(c.append_live_text)
        s.liveReasoning.connect(c.append_live_reasoning)
        s.liveChoices.connect(c.append_live_choices)
        s.liveFinished.connect(lambda m: c.finish_live(m.status, m.stats, m.content, m.reasoning,
                                                       self.branches.view(m)))
        s.busyChanged.connect(self.composer.set_busy)
        s.notice.connect(self.notice.show_message)
        s.saved.connect(self._history_saved)
        s.info.connect(lambda text: self.notice.show_message(text, level="info"))
        s.contextChanged.connect(self.context_meter.set_context)
        s.liveFinished.connect(lambda _m: QTimer.singleShot(1500, self.memory_panel.refresh))
        self.composer.sendRequested.connect(self._send)
        self.composer.stopRequested.connect(s.stop)
        c.actionRequested.connect(self._on_message_action)
        c.copied.connect(lambda note: self.statusBar().showMessage(note, 2000))
        self.model_bar.modelChosen.connect(self.load_model)
        self.model_bar.openFileRequested.connect(self.open_model_file)
        self.model_bar.settingsToggled.connect(self._set_side_panel)
        self.load_panel.reloadRequested.connect(self._reload)
        self.sampling_panel.paramsChanged.connect(self._on_sampling_changed)
        self.sampling_panel.systemPromptChanged.connect(s.set_system_prompt)
        self.options_panel.optionsChanged.connect(lambda o: setattr(self.chat, "inspect_live", o.top_probs > 0))
        self.host.loadStarted.connect(self.model_bar.set_loading)
        self.host.loadStarted.connect(lambda _p: self.load_panel.set_busy(True))
        self.host.loadProgress.connect(self.model_bar.set_progress)
        self.host.loaded.connect(self._on_loaded)
        self.host.loadFailed.connect(self._on_load_failed)
        self.notice.actionRequested.connect(self._on_notice_action)
        self.model_store.libraryChanged.connect(self.refresh_models)
        self.remotes.modelsChanged.connect(self.refresh_models)

    # -- models ----------------------------------------------------------------------------

    def refresh_models(self) -> None:
        models = [(name, str(path)) for name, path in known_models().items()]
        current = self.host.model_info.path if self.host.model_info else self.settings.model_path
        self.model_bar.set_models(models, current, self.remotes.entries())

    def load_initial_model(self) -> None:
        """Load the last used model, or the starter model; say so plainly when there is none."""
        path = self.settings.model_path
        if path and Path(path).is_file():
            self.load_model(path)
            return
        models = known_models()
        if models:
            self.load_model(str(next(iter(models.values()))))
        else:
            self.notice.show_message(
                self.tr("The built-in starter model is not installed, so Hearth cannot answer yet. "
                        "Open a .gguf model file to start chatting."), action=self.tr("Open model file…"))

    @Slot(str)
    def load_model(self, path: str) -> None:
        """Load a model; one estimated not to fit in memory is loaded only if the person agrees, and
        a remote engine's only once they know their messages go there."""
        if not self.remotes.confirm_load(path):
            self.refresh_models()  # the picker shows the model in use again
            return
        params = self.load_panel.params().replace(model_path=path, kv_type=self.settings.kv_type_for(path),
                                                  chat_template=self.prompt_actions.template_for(path))
        fit = fit_for_file(path, params.n_ctx, kv_type=params.kv_type)
        if fit is not None and fit.verdict == "won't fit":
            question = self.tr("{model} {fit}. Loading it may make this computer very slow or fail. "
                               "Load it anyway?").format(model=Path(path).name, fit=fit.describe())
            if not self.prompts.confirm(self, self.tr("This model may not fit"), question, self.tr("Load anyway")):
                return
            params = params.replace(ignore_fit=True)
        self.notice.clear()
        self.host.load(params)

    def open_models(self, tab: str = "discover") -> None:
        """Show the Models window (Discover, Downloads, Library)."""
        if self.models_window is None:
            self.models_window = ModelsWindow(self.model_store, self, n_ctx=self.load_panel.params().n_ctx,
                                              quantize_bridge=self.quantize or False)
            self.models_window.loadRequested.connect(self.load_model)
            info = self.host.model_info
            self.models_window.set_loaded_model(info.path if info is not None and not info.remote else None)
        self.models_window.show_tab(tab)
        self.models_window.show()
        self.models_window.raise_()
        self.models_window.activateWindow()

    def open_model_file(self) -> None:
        path = choose_model_file(self)
        if path is not None:
            self.load_model(str(path))

    @Slot(object)
    def _reload(self, params: LoadParams) -> None:
        self.notice.clear()
        self.host.load(params.replace(chat_template=self.prompt_actions.template_for(params.model_path)))

    @Slot(object)
    def _on_loaded(self, info: ModelInfo) -> None:
        self.model_bar.set_loaded(info)
        self.load_panel.set_busy(False)
        self.load_panel.set_model_info(info)
        self.load_panel.set_gpu_available(info.gpu_supported)
        self.load_panel.set_params(self.load_panel.params().replace(model_path=info.path, kv_type=info.kv_type))
        self.sampling_panel.set_model_defaults(info.default_sampling)
        self.sampling_panel.set_params(self.session.sampling())
        self.sampling_panel.set_supported(info.sampling_supported,
                                          self.tr("{model} on {engine}").format(model=info.name, engine=info.remote))
        self.settings.model_path = info.path
        if self.models_window is not None:
            self.models_window.set_loaded_model(None if info.remote else info.path)
        if not info.remote:
            self.settings.set_kv_type(info.path, info.kv_type)
        self.settings.load = self.load_panel.params().replace(model_path="", ignore_fit=False,
                                                              chat_template="").to_dict()
        self.settings.write()
        self.context_meter.set_context(0, info.n_ctx)
        self.refresh_models()
        self.prompt_actions.model_loaded(info)

    @Slot(str, str)
    def _on_load_failed(self, message: str, detail: str) -> None:
        self.model_bar.set_failed(message)
        self.load_panel.set_busy(False)
        self.load_panel.set_model_info(None)
        self.options_panel.set_model(None)
        self.notice.show_message(message, detail=detail, action=self.tr("Open model file…"))

    def _on_notice_action(self, action: str) -> None:
        if action == self.tr("Open model file…"):
            self.open_model_file()

    # -- conversations ---------------------------------------------------------------------

    def refresh_conversations(self) -> None:
        convs = self.session.store.list_conversations(self.conversations.search_text())
        self.conversations.set_conversations([(c.id, c.title, c.updated_at) for c in convs])
        if self.session.conversation is not None:
            self.conversations.select(self.session.conversation.id)

    def _open_initial_conversation(self) -> None:
        convs = self.session.store.list_conversations()
        wanted = next((c for c in convs if c.id == self.settings.last_conversation_id), None)
        if wanted or convs:
            self.session.open((wanted or convs[0]).id)
        else:
            self.session.new_conversation()

    @Slot(object)
    def _on_conversation_opened(self, conv) -> None:
        self._render_messages()
        self.conversations.select(conv.id)
        self.sampling_panel.set_params(self.session.sampling())
        self.sampling_panel.set_system_prompt(conv.system_prompt)
        self.prompt_actions.conversation_opened()
        self.presets.refresh()
        last = next((m.stats for m in reversed(self.session.messages) if m.role == "assistant" and m.stats
                     and m.stats.get("context_size")), None)
        size = self.host.model_info.n_ctx if self.host.model_info else 1
        self.context_meter.set_context(int(last["context_used"]) if last else 0,
                                       int(last["context_size"]) if last else size)
        self.settings.last_conversation_id = conv.id
        self.composer.set_busy(self.session.busy)
        if not self.conversations.list_has_focus():  # a chat picked in the list keeps it, for Delete and arrows
            self.composer.setFocus()
        if self._stopped_in is not None:
            self.notice.show_message(self.tr("The answer in “{title}” was stopped when you switched chats; "
                                             "it was kept up to where it got.").format(title=self._stopped_in),
                                     level="info")
            self._stopped_in = None

    @Slot()
    def _note_answer_left(self) -> None:
        """Remember whose answer a switch stops, to say so once the next chat shows (a deleted chat's
        answer goes with it: the reopening that follows forgets it)."""
        conv = self.session.conversation
        stored = self.session.store.get_conversation(conv.id) if conv is not None and self.session.busy else None
        self._stopped_in = stored.title if stored is not None else None

    def _render_messages(self) -> None:
        self.chat.inspect_live = self.session.options().top_probs > 0
        self.chat.set_messages(self.branches.views())

    def new_chat(self) -> None:
        """Start a new chat (the open one when it is still empty) and put the cursor in the message box."""
        self.session.new_conversation()
        self.composer.setFocus()

    def export_chat(self, conversation_id: int | None) -> None:
        self.chat_actions.export(conversation_id)

    # -- messages --------------------------------------------------------------------------

    @Slot(str)
    def _send(self, text: str) -> None:
        sent = self.session.send(text) if self.edits.editing is None else self.edits.resend(text)
        if not sent:  # nothing was sent: give the text back
            self.composer.set_text(text)

    def _on_message_action(self, action: str, message_id: int) -> None:
        if action == "regenerate":
            self.session.regenerate(message_id)
        elif action in ("prev", "next", "continue", "delete-branch"):
            self.branches.act(action, message_id)
        elif action == "edit":
            self.edits.start(message_id)

    def _history_saved(self, trouble: str) -> None:
        """The history is written again: the notice that said it could not goes."""
        if self.notice.message == trouble:
            self.notice.clear()
        self.statusBar().showMessage(self.tr("Everything is saved again."), 5000)

    # -- sampling --------------------------------------------------------------------------

    @Slot(object)
    def _on_sampling_changed(self, params: SamplingParams) -> None:
        self.session.set_sampling(params)

    # -- window ----------------------------------------------------------------------------

    def toggle_side_panel(self) -> None:
        self._set_side_panel(self.side_panel.isHidden())

    def _set_side_panel(self, visible: bool, save: bool = True) -> None:
        """Show or hide the settings panel; the choice is saved at once (it is what the next start shows)."""
        self.side_panel.setVisible(visible)
        self.model_bar.set_settings_checked(visible)
        self.menu.settings_panel.setChecked(visible)
        if save and visible != self.settings.show_side_panel:
            self.settings.show_side_panel = visible
            self.settings.write()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.sampling_panel.flush()
        self.session.close()
        self.model_store.shutdown()
        self.server.stop()
        if self.quantize is not None:
            self.quantize.shutdown()
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        self.settings.write()
        super().closeEvent(event)
