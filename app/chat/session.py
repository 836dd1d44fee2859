"""The GUI-side owner of conversations: it writes history and drives the engine host.

``ChatSession`` turns user intentions (send, stop, regenerate, edit, switch chat) into
history writes and engine requests, and tells the views what changed. It is the only
object that mutates the conversation; the worker only ever sends it signals.

While an answer streams, its text is flushed to SQLite at least once a second, so a
crash loses at most about a second of tokens; at startup, answers left "streaming" by a
crash are marked "interrupted" and keep their text.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.chat.store import Conversation, HistoryStore, Message
from app.engine.errors import InvalidParameterError
from app.engine.params import DEFAULT_SYSTEM_PROMPT, SamplingParams
from app.engine.types import ChatMessage, ChatOptions, GenerationStats
from app.worker import EngineHost

log = logging.getLogger(__name__)

FLUSH_INTERVAL_MS = 1000
NO_MODEL = "No model is loaded yet. Pick one from the model menu and wait for it to load."


def dropped_sentence(count: int) -> str:
    """What Hearth says when a long chat no longer fits the model's context."""
    if count == 1:
        return ("The oldest message is outside what the model can see; it still reads the system "
                "prompt and everything after it.")
    return (f"The oldest {count} messages are outside what the model can see; it still reads the "
            "system prompt and everything after them.")


class ChatSession(QObject):
    """One open conversation at a time, plus the answer being written (if any).

    Signals:
        aboutToSwitch(): the current conversation is about to be left (or deleted): save any
            pending edit to it now (connected slots may call ``set_sampling`` and the like).
        conversationsChanged(): titles, order or membership of the chat list changed.
        conversationOpened(object): a Conversation became current (its messages: ``messages``).
        messageAdded(object): a finished Message was appended (e.g. the user's).
        messagesReset(): messages were removed (regenerate/edit); re-render from ``messages``.
        liveStarted(int): an assistant Message id started streaming.
        liveText(str): more text for the live message.
        liveReasoning(str): more of the live message's thinking.
        liveFinished(object): the live Message, final (status, stats, content, reasoning).
        busyChanged(bool): an answer is being written.
        notice(str): a plain sentence for the user (errors).
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
    liveFinished = Signal(object)
    busyChanged = Signal(bool)
    notice = Signal(str)
    info = Signal(str)
    contextChanged = Signal(int, int)

    def __init__(self, store: HistoryStore, host: EngineHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.host = host
        self.conversation: Conversation | None = None
        self.messages: list[Message] = []
        self._live_id: int | None = None
        self._live_conversation: int | None = None
        self._live_parts: list[str] = []
        self._live_reasoning: list[str] = []
        self._request: int | None = None
        self._dirty = False
        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(FLUSH_INTERVAL_MS)
        self._flush_timer.timeout.connect(self._flush)
        host.token.connect(self._on_token)
        host.reasoning.connect(self._on_reasoning)
        host.finished.connect(self._on_finished)
        host.failed.connect(self._on_failed)
        host.loadStarted.connect(self._on_load_started)
        recovered = store.recover_interrupted()
        if recovered:
            log.info("marked %d interrupted answers", recovered)

    # -- state -----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._live_id is not None

    @property
    def live_text(self) -> str:
        return "".join(self._live_parts)

    @property
    def live_reasoning(self) -> str:
        return "".join(self._live_reasoning)

    def options(self) -> ChatOptions:
        """This conversation's prompt options (thinking switch, context overflow)."""
        return ChatOptions.from_dict(self.conversation.options if self.conversation else None)

    def set_options(self, options: ChatOptions) -> None:
        if self.conversation is not None and options.to_dict() != self.options().to_dict():
            self.store.update_conversation(self.conversation.id, options=options.to_dict())
            self.conversation = self.store.get_conversation(self.conversation.id)

    def sampling(self) -> SamplingParams:
        """This conversation's sampling parameters (the model's defaults when unset or invalid)."""
        base = self.host.model_info.default_sampling if self.host.model_info else SamplingParams()
        if self.conversation is None or not self.conversation.sampling:
            return base
        try:
            return SamplingParams.from_dict({**base.to_dict(), **self.conversation.sampling})
        except InvalidParameterError:
            return base

    # -- conversations ---------------------------------------------------------------------

    def open(self, conversation_id: int) -> None:
        """Make a conversation current; an answer still streaming elsewhere is stopped and kept."""
        if self.conversation is not None and self.conversation.id == conversation_id:
            return
        conv = self.store.get_conversation(conversation_id)
        if conv is None:
            return
        self.aboutToSwitch.emit()
        self._abandon_live()
        self.conversation = conv
        self.messages = self.store.messages(conv.id)
        self.conversationOpened.emit(conv)

    def new_conversation(self) -> Conversation:
        """Start an empty chat (reusing the current one if it is still empty)."""
        self.aboutToSwitch.emit()
        if self.conversation is not None and not self.messages and not self.busy:
            return self.conversation
        self._abandon_live()
        conv = self.store.create_conversation(
            sampling=self.conversation.sampling if self.conversation else None,
            system_prompt=self.conversation.system_prompt if self.conversation else DEFAULT_SYSTEM_PROMPT,
            model=self.host.model_info.path if self.host.model_info else "",
            options=self.conversation.options if self.conversation else None)
        self.conversation = conv
        self.messages = []
        self.conversationsChanged.emit()
        self.conversationOpened.emit(conv)
        return conv

    def rename(self, conversation_id: int, title: str) -> None:
        self.store.rename_conversation(conversation_id, title)
        if self.conversation is not None and self.conversation.id == conversation_id:
            self.conversation = self.store.get_conversation(conversation_id)
        self.conversationsChanged.emit()

    def delete(self, conversation_id: int) -> None:
        """Soft-delete a conversation (``restore`` undoes it)."""
        if self.conversation is not None and self.conversation.id == conversation_id:
            self.aboutToSwitch.emit()
            self._abandon_live()
            self.conversation = None
            self.messages = []
        self.store.delete_conversation(conversation_id)
        self.conversationsChanged.emit()

    def restore(self, conversation_id: int) -> None:
        self.store.restore_conversation(conversation_id)
        self.conversationsChanged.emit()

    def set_system_prompt(self, text: str) -> None:
        if self.conversation is not None and text != self.conversation.system_prompt:
            self.store.update_conversation(self.conversation.id, system_prompt=text)
            self.conversation = self.store.get_conversation(self.conversation.id)

    def set_sampling(self, params: SamplingParams) -> None:
        if self.conversation is not None:
            self.store.update_conversation(self.conversation.id, sampling=params.to_dict())
            self.conversation = self.store.get_conversation(self.conversation.id)

    # -- answering -------------------------------------------------------------------------

    def send(self, text: str) -> bool:
        """Add the user's message and start the answer. Returns False when it cannot start now."""
        text = text.strip()
        if not text:
            return False
        if self.busy:
            self.notice.emit("Hearth is still answering. Stop it (Esc) or wait, then send again.")
            return False
        if self.host.model_info is None:
            self.notice.emit(NO_MODEL)
            return False
        if self.conversation is None:
            self.new_conversation()
        assert self.conversation is not None
        msg = self.store.add_message(self.conversation.id, "user", text)
        self.messages.append(msg)
        if len([m for m in self.messages if m.role == "user"]) == 1:
            self.store.auto_title(self.conversation.id, text)
        self.messageAdded.emit(msg)
        self.conversationsChanged.emit()
        self._start_answer()
        return True

    def stop(self) -> None:
        """Stop the answer; the text so far is kept and marked as stopped."""
        if self.busy:
            self.host.stop()

    def regenerate(self, message_id: int | None = None) -> None:
        """Replace an assistant answer (the last one by default) with a new one."""
        if self.busy or self.conversation is None or self.host.model_info is None:
            return
        target = next((m for m in reversed(self.messages)
                       if m.role == "assistant" and (message_id is None or m.id == message_id)), None)
        if target is None:
            return
        self.store.delete_messages_from(self.conversation.id, target.id)
        self.messages = self.store.messages(self.conversation.id)
        self.messagesReset.emit()
        if self.messages and self.messages[-1].role == "user":
            self._start_answer()

    def edit_and_resend(self, message_id: int, new_text: str) -> bool:
        """Replace a user message (and everything after it) with ``new_text`` and answer again.

        Returns False, changing nothing, when it cannot answer now (no model loaded).
        """
        if self.conversation is None or not new_text.strip():
            return False
        if self.host.model_info is None:
            self.notice.emit(NO_MODEL)
            return False
        if self.busy:
            self._abandon_live()
        self.store.delete_messages_from(self.conversation.id, message_id)
        self.messages = self.store.messages(self.conversation.id)
        self.messagesReset.emit()
        return self.send(new_text)

    def history_for_engine(self) -> list[ChatMessage]:
        """The conversation as the engine takes it: the system prompt, then every turn with an
        answer's reasoning beside it (the template decides whether the model sees it again)."""
        system = self.conversation.system_prompt if self.conversation else ""
        msgs = [ChatMessage("system", system)] if system.strip() else []
        msgs += [ChatMessage(m.role, m.content, m.reasoning if m.role == "assistant" else "")
                 for m in self.messages
                 if m.role in ("user", "assistant") and (m.content or m.reasoning or m.role == "user")]
        return msgs

    def _start_answer(self) -> None:
        assert self.conversation is not None
        params = self.sampling()
        history = self.history_for_engine()
        model = self.host.model_info.name if self.host.model_info else ""
        live = self.store.add_message(self.conversation.id, "assistant", "", model=model,
                                      sampling=params.to_dict(), status="streaming")
        self.messages.append(live)
        self._live_id = live.id
        self._live_conversation = self.conversation.id
        self._live_parts = []
        self._live_reasoning = []
        self._dirty = False
        self._request = self.host.generate(history, params, self.options())
        self._flush_timer.start()
        self.liveStarted.emit(live.id)
        self.busyChanged.emit(True)

    # -- engine signals --------------------------------------------------------------------

    @Slot(int, str)
    def _on_token(self, request_id: int, text: str) -> None:
        if request_id != self._request or self._live_id is None:
            return
        self._live_parts.append(text)
        self._dirty = True
        self.liveText.emit(text)

    @Slot(int, str)
    def _on_reasoning(self, request_id: int, text: str) -> None:
        if request_id != self._request or self._live_id is None:
            return
        self._live_reasoning.append(text)
        self._dirty = True
        self.liveReasoning.emit(text)

    @Slot()
    def _flush(self) -> None:
        if self._live_id is not None and self._dirty:
            self.store.update_message(self._live_id, content=self.live_text, reasoning=self.live_reasoning)
            self._dirty = False

    @Slot(int, object)
    def _on_finished(self, request_id: int, stats: GenerationStats) -> None:
        if request_id != self._request:
            return
        status = "cancelled" if stats.finish_reason == "cancelled" else "complete"
        self._finish(status, stats.to_dict())
        self.contextChanged.emit(stats.context_used, stats.context_size)
        standing = self.host.model_info.template_warning if self.host.model_info else ""
        if stats.template_warning and stats.template_warning != standing:
            self.info.emit(stats.template_warning)  # this conversation, not the model, needed ChatML
        elif stats.dropped_messages:
            self.info.emit(dropped_sentence(stats.dropped_messages))

    @Slot(str)
    def _on_load_started(self, _path: str) -> None:
        """A load abandons the answer in progress (``EngineHost.load``): keep its text, as stopped."""
        self._abandon_live()

    @Slot(int, str, str)
    def _on_failed(self, request_id: int, message: str, detail: str) -> None:
        if request_id != self._request:
            return
        if detail:
            log.warning("generation failed: %s (%s)", message, detail)
        self._finish("error", {"error": message})
        self.notice.emit(message)

    def _finish(self, status: str, stats: dict | None) -> None:
        live_id = self._live_id
        if live_id is None:
            return
        self._flush_timer.stop()
        self.store.update_message(live_id, content=self.live_text, reasoning=self.live_reasoning,
                                  status=status, stats=stats)
        self._live_id = None
        self._request = None
        final = self.store.get_message(live_id)
        if self.conversation is not None and self.conversation.id == self._live_conversation and final:
            self.messages = [final if m.id == live_id else m for m in self.messages]
            self.liveFinished.emit(final)
        self._live_conversation = None
        self.busyChanged.emit(False)
        self.conversationsChanged.emit()

    def _abandon_live(self) -> None:
        """Stop listening to the current answer and save what it wrote as stopped."""
        if self._live_id is None:
            return
        self.host.abandon()
        self._finish("cancelled", {"finish_reason": "cancelled",
                                   "completion_tokens": len(self._live_parts) + len(self._live_reasoning)})

    def close(self) -> None:
        """Save any answer in progress (as stopped) before the app quits."""
        self._abandon_live()
