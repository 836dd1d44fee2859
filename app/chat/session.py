"""The GUI-side owner of conversations: it writes history and drives the engine host.

``ChatSession`` turns user intentions (send, stop, regenerate, edit, branch, continue, switch
branch, switch chat) into history writes and engine requests, and tells the views what
changed. It is the only object that mutates the conversation; the worker only ever sends it
signals. A conversation is a tree (:mod:`app.chat.tree`): Regenerate, Edit and
branch-from-token add siblings, so no text is ever lost; ``messages`` is the branch shown.

While an answer streams, its text is flushed to SQLite at least once a second, so a
crash loses at most about a second of tokens; at startup, answers left "streaming" by a
crash are marked "interrupted" and keep their text.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

from app.chat.answer_writer import AnswerWriter, LiveAnswer
from app.chat.session_versions import VersionActions
from app.chat.branching import AnswerStart, engine_history
from app.chat.store import Conversation, HistoryError, HistoryStore, Message
from app.chat.tree import Siblings
from app.chat.write_faults import reports_history_errors
from app.engine.context_window import dropped_sentence
from app.engine.errors import InvalidParameterError
from app.engine.inspector import DEFAULT_TOP_K, TokenChoice
from app.engine.params import DEFAULT_SYSTEM_PROMPT, SamplingParams
from app.engine.types import ChatMessage, ChatOptions, GenerationStats
from app.worker import EngineHost

log = logging.getLogger(__name__)

UNDO_S = 10.0  # how long a deleted chat can be brought back


class ChatSession(VersionActions, QObject):
    """One open conversation at a time, plus the answer being written (if any).

    Signals:
        aboutToSwitch(): the current conversation is about to be left (or deleted): save any
            pending edit to it now (connected slots may call ``set_sampling`` and the like).
        conversationsChanged(): titles, order or membership of the chat list changed.
        conversationOpened(object): a Conversation became current (its messages: ``messages``).
        messageAdded(object): a finished Message was appended (e.g. the user's).
        messagesReset(): the branch shown changed (a new branch, a switch, a deletion):
            re-render from ``messages``.
        liveStarted(int): an assistant Message id started streaming.
        liveText(str): more text for the live message.
        liveReasoning(str): more of the live message's thinking.
        liveChoices(object): a list of TokenChoice for the live message (inspector on).
        liveFinished(object): the live Message, final (status, stats, content, reasoning).
        busyChanged(bool): an answer is being written.
        notice(str): a plain sentence for the user (errors).
        saved(str): the history is written again; it carries the notice that said it was not.
        info(str): a plain sentence worth knowing (the chat outgrew the context, the model's
            template could not be used).
        contextChanged(int, int): tokens used and context size after the last answer.
    """

    aboutToSwitch = Signal()
    conversationsChanged = Signal()
    conversationOpened = Signal(object)
    messageAdded = Signal(object)
    messagesReset = Signal()
    liveStarted = Signal(int)
    liveText = Signal(str)
    liveReasoning = Signal(str)
    liveChoices = Signal(object)
    liveFinished = Signal(object)
    busyChanged = Signal(bool)
    # Sentences from below (str subclasses that keep their templates for translation): object.
    notice = Signal(object)
    saved = Signal(object)
    info = Signal(object)
    contextChanged = Signal(int, int)

    def __init__(self, store: HistoryStore, host: EngineHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.host = host
        self.conversation: Conversation | None = None
        self.messages: list[Message] = []
        self.siblings: dict[int, Siblings] = {}
        self._empty_as_opened: tuple | None = None  # the open chat's settings when it became current empty
        self._writer = AnswerWriter(store, host, self)
        self._writer.text.connect(self.liveText)
        self._writer.reasoning.connect(self.liveReasoning)
        self._writer.choices.connect(self.liveChoices)
        self._writer.ended.connect(self._on_ended)
        self._writer.failed.connect(self.notice)
        self._writer.unsaved.connect(self.notice)
        self._writer.saved.connect(self.saved)
        host.loadStarted.connect(self._on_load_started)
        log.info("marked %d interrupted answers", store.recover_interrupted())
        self.purge_deleted()

    # -- state -----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._writer.live is not None

    @property
    def live_text(self) -> str:
        return self._writer.live.text if self._writer.live else ""

    @property
    def live_given(self) -> list[TokenChoice]:
        """The tokens the live answer started from (a branch keeps them; Continue goes on from them)."""
        return list(self._writer.live.given) if self._writer.live else []

    @property
    def live_reasoning(self) -> str:
        return self._writer.live.reasoning_text if self._writer.live else ""

    def options(self) -> ChatOptions:
        """This conversation's prompt options (thinking switch, context overflow, inspector)."""
        return ChatOptions.from_dict(self.conversation.options if self.conversation else None)

    def set_options(self, options: ChatOptions) -> None:
        if options.to_dict() != self.options().to_dict():
            self._update(options=options.to_dict())

    def sampling(self) -> SamplingParams:
        """This conversation's sampling parameters (the model's defaults when unset or invalid)."""
        base = self.host.model_info.default_sampling if self.host.model_info else SamplingParams()
        if self.conversation is None or not self.conversation.sampling:
            return base
        try:
            return SamplingParams.from_dict({**base.to_dict(), **self.conversation.sampling})
        except InvalidParameterError:
            return base

    def tokens(self, message_id: int) -> list[TokenChoice] | None:
        """An answer's tokens (with probabilities when the inspector was on), or None."""
        return self.store.tokens.load(message_id)

    # -- conversations ---------------------------------------------------------------------

    def open(self, conversation_id: int) -> None:
        """Make a conversation current; an answer still streaming elsewhere is stopped and kept, and
        a chat left empty and untouched is removed (empty "New chat" entries do not pile up; one
        whose settings or title the person changed stays)."""
        if self.conversation is not None and self.conversation.id == conversation_id:
            return
        conv = self.store.get_conversation(conversation_id)
        if conv is None:
            return
        self.aboutToSwitch.emit()  # pending edits land first: they make a chat touched
        self._writer.abandon()
        left = self.conversation if self.conversation is not None and not self.messages \
            and _settings(self.conversation) == self._empty_as_opened else None
        self.conversation = conv
        self._reload_path()
        self._empty_as_opened = None if self.messages else _settings(conv)
        if left is not None and self._remove_empty(left.id):
            self.conversationsChanged.emit()
        self.conversationOpened.emit(conv)

    def _remove_empty(self, conversation_id: int) -> bool:
        """Delete a chat that has no message, for good; False when it has one or cannot be deleted."""
        try:
            if self.store.messages(conversation_id) or not self.store.trash.delete(conversation_id):
                return False
            self.store.trash.purge(only=conversation_id)  # else the next start purges it
        except HistoryError as exc:  # the next write that fails tells the person why
            log.warning("could not remove the empty chat %d: %s", conversation_id, exc.message)
        return self.store.get_conversation(conversation_id) is None

    @reports_history_errors()
    def new_conversation(self) -> Conversation | None:
        """Start an empty chat (reusing the current one if it is still empty); None if it cannot be saved."""
        self.aboutToSwitch.emit()
        if self.conversation is not None and not self.messages and not self.busy:
            return self.conversation
        self._writer.abandon()
        conv = self.store.create_conversation(
            sampling=self.conversation.sampling if self.conversation else None,
            system_prompt=self.conversation.system_prompt if self.conversation else DEFAULT_SYSTEM_PROMPT,
            model=self.host.model_info.path if self.host.model_info else "",
            options=self.conversation.options if self.conversation else None)
        self.conversation, self._empty_as_opened = conv, _settings(conv)
        self.messages, self.siblings = [], {}
        self.conversationsChanged.emit()
        self.conversationOpened.emit(conv)
        return conv

    def rename(self, conversation_id: int, title: str) -> None:
        self.store.rename_conversation(conversation_id, title)
        if self.conversation is not None and self.conversation.id == conversation_id:
            self.conversation = self.store.get_conversation(conversation_id)
        self.conversationsChanged.emit()

    @reports_history_errors(fallback=False)
    def delete(self, conversation_id: int) -> bool:
        """Soft-delete a conversation (``restore`` undoes it); False when it could not be."""
        self.store.trash.delete(conversation_id)  # first: a history that cannot be written keeps it open
        if self.conversation is not None and self.conversation.id == conversation_id:
            self.aboutToSwitch.emit()
            self._writer.abandon()
            self.conversation = None
            self.messages, self.siblings = [], {}
        self.conversationsChanged.emit()
        return True

    @reports_history_errors(fallback=[])
    def purge_deleted(self, older_than_s: float = UNDO_S) -> list[int]:
        """Remove chats deleted longer ago than their Undo window for good: their text leaves the
        database and its log, and their saved KV caches are deleted."""
        purged = self.store.trash.purge(older_than_s)
        for conversation_id in purged:
            self.host.forget_state(str(conversation_id))
        return purged

    @reports_history_errors()
    def restore(self, conversation_id: int) -> None:
        self.store.trash.restore(conversation_id)
        self.conversationsChanged.emit()

    def set_system_prompt(self, text: str) -> None:
        if self.conversation is not None and text != self.conversation.system_prompt:
            self._update(system_prompt=text)

    def set_sampling(self, params: SamplingParams) -> None:
        self._update(sampling=params.to_dict())

    def _update(self, **changes) -> None:
        if self.conversation is not None:
            self.conversation = self.store.update_conversation(self.conversation.id, **changes)

    # -- answering -------------------------------------------------------------------------

    @reports_history_errors(fallback=False)
    def send(self, text: str) -> bool:
        """Add the user's message and start the answer. Returns False when it cannot start now."""
        text = text.strip()
        if not text or not self._can_answer():
            return False
        if self.conversation is None and self.new_conversation() is None:
            return False  # it could not be saved, and the notice says why
        assert self.conversation is not None
        parent = self.messages[-1].id if self.messages else None
        msg = self.store.add_message(self.conversation.id, "user", text, parent_id=parent)
        self.messages.append(msg)
        self.siblings[msg.id] = Siblings(0, 1, (msg.id,))
        if len([m for m in self.messages if m.role == "user"]) == 1:
            self.store.auto_title(self.conversation.id, text)
        self.messageAdded.emit(msg)
        self.conversationsChanged.emit()
        self._start_answer(msg)
        return True

    def stop(self) -> None:
        """Stop the answer; the text so far is kept and marked as stopped."""
        if self.busy:
            self.host.stop()

    def history_for_engine(self, upto: Message | None = None) -> list[ChatMessage]:
        """The system prompt, then the branch shown up to ``upto`` (inclusive); see :func:`engine_history`."""
        return engine_history(self.conversation.system_prompt if self.conversation else "", self.messages, upto)

    def _can_answer(self, stop_first: bool = False) -> bool:
        if self.busy and stop_first:
            self._writer.abandon()
        if self.busy:
            self.notice.emit(self.tr("Hearth is still answering. Stop it (Esc) or wait, then send again."))
            return False
        if self.host.model_info is None:
            self.notice.emit(self._no_model())
            return False
        return True

    def _no_model(self) -> str:
        return self.tr("No model is loaded yet. Pick one from the model menu and wait for it to load.")

    def _same_model(self, message: Message) -> bool:
        return self.host.model_info is not None and message.model == self.host.model_info.name

    def _reload_path(self) -> None:
        assert self.conversation is not None
        self.messages = self.store.tree.path(self.conversation.id)
        self.siblings = self.store.tree.siblings(self.conversation.id)

    @reports_history_errors()
    def _start_answer(self, question: Message, start: AnswerStart | None = None,
                      into: Message | None = None) -> None:
        """Answer ``question``: in a new sibling answer, or continuing ``into`` (Continue)."""
        assert self.conversation is not None
        params = self.sampling()
        history = self.history_for_engine(question)
        model = self.host.model_info.name if self.host.model_info else ""
        options = self.options()
        if start is not None and start.records and any(r.inspected for r in start.records):
            options = ChatOptions(options.thinking, options.overflow, options.top_probs or DEFAULT_TOP_K)
        if into is None:
            live = self.store.add_message(self.conversation.id, "assistant", "", model=model,
                                          sampling=params.to_dict(), status="streaming", parent_id=question.id)
        else:
            self.store.update_message(into.id, status="streaming")
            live = into
        fresh = into is None and question is not self.messages[-1]
        self._reload_path()
        self.messages = [m for m in self.messages if m.id != live.id]
        if fresh or start is not None:
            self.messagesReset.emit()  # a new branch, or the answer restarts from its given start
        self.messages.append(live)
        request = self.host.generate(history, params, options, start.prefix if start else None,
                                     chat=str(self.conversation.id))
        self._writer.start(LiveAnswer(live.id, self.conversation.id, request, list(start.records) if start else []))
        self.liveStarted.emit(live.id)
        self.busyChanged.emit(True)

    # -- the answer's end -------------------------------------------------------------------

    @Slot(object, object)
    def _on_ended(self, live: LiveAnswer, stats: GenerationStats | None) -> None:
        final = self.store.get_message(live.message_id)
        if self.conversation is not None and self.conversation.id == live.conversation_id and final:
            self.messages = [final if m.id == final.id else m for m in self.messages]
            self.siblings = self.store.tree.siblings(self.conversation.id)
            self.liveFinished.emit(final)
        self.busyChanged.emit(False)
        self.conversationsChanged.emit()
        if stats is None:
            return
        self.contextChanged.emit(stats.context_used, stats.context_size)
        standing = self.host.model_info.template_warning if self.host.model_info else ""
        if stats.template_warning and stats.template_warning != standing:
            self.info.emit(stats.template_warning)  # this conversation, not the model, needed ChatML
        elif stats.dropped_messages:
            self.info.emit(dropped_sentence(stats.dropped_messages))

    @Slot(str)
    def _on_load_started(self, _path: str = "") -> None:
        """A load abandons the answer in progress (``EngineHost.load``): keep its text, as stopped."""
        self._writer.abandon()

    close = _on_load_started  # the app quits: save any answer in progress, as stopped


def _settings(conv: Conversation) -> tuple:
    """What the person can change in a chat before writing in it (an empty chat is untouched while
    these stay as they were)."""
    return conv.title, conv.system_prompt, conv.sampling or None, conv.options or None
