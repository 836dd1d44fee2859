"""Edit mode: the message box holds a new version of an earlier message until it is sent or dropped.

While editing, a banner says so and offers "Cancel edit" (its ✕ cancels too). What was typed before the edit is put
aside and given back when the edit ends. Leaving the chat (switching, a new chat, deleting it)
ends edit mode, so the text can never become an edit of, or a message in, the wrong chat; so
does a change of branch that takes the message out of view (a branch, Regenerate or ‹ › above
it), which would leave Send with nothing to replace.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from app.chat.session import ChatSession
from app.ui.composer import Composer
from app.ui.notice import NoticeBar

# The banner and its button in English (the source texts of ``MessageEdit.banner`` and ``cancel_text``).
BANNER = "Editing a message: sending adds a new version; the old one and its answers stay (‹ ›)."
CANCEL = "Cancel edit"


class MessageEdit(QObject):
    """The message being edited in the open chat, if any, with its banner."""

    def __init__(self, session: ChatSession, composer: Composer, notice: NoticeBar,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session, self._composer, self._notice = session, composer, notice
        self._message_id: int | None = None
        self._draft = ""
        self._resending = False
        session.aboutToSwitch.connect(self.cancel)
        session.messagesReset.connect(self._follow_branch)
        notice.actionRequested.connect(lambda action: self.cancel() if action == self.cancel_text() else None)
        notice.dismissed.connect(self._on_dismissed)

    def banner(self) -> str:
        """The banner shown while a message is edited, in the language in use."""
        return self.tr("Editing a message: sending adds a new version; the old one and its answers stay (‹ ›).")

    def cancel_text(self) -> str:
        """The banner's button, which ends the edit."""
        return self.tr("Cancel edit")

    @property
    def editing(self) -> int | None:
        """The id of the message being edited, or None."""
        return self._message_id

    def start(self, message_id: int) -> None:
        """Put a message of the open chat in the message box to be edited and resent."""
        msg = next((m for m in self._session.messages if m.id == message_id), None)
        if msg is None:
            return
        if self._message_id is None:
            self._draft = self._composer.text()
        self._message_id = message_id
        self._composer.set_text(msg.content)
        self._composer.setFocus()
        self._notice.show_message(self.banner(), level="info", action=self.cancel_text())

    def resend(self, text: str) -> bool:
        """Send ``text`` as the new version of the message being edited.

        Returns:
            False when it cannot be sent now (edit mode goes on), True once it is on its way
            (edit mode ends and the text typed before the edit is back in the message box).
        """
        if self._message_id is None:
            return False
        self._resending = True  # the new version replaces the old one in view: that ends the edit below
        try:
            if not self._session.edit_and_resend(self._message_id, text):
                return False
        finally:
            self._resending = False
        self._end()
        return True

    @Slot()
    def cancel(self) -> None:
        """Leave edit mode without sending; the text typed before the edit comes back."""
        if self._message_id is not None:
            self._end()

    @Slot(str)
    def _on_dismissed(self, message: str) -> None:
        """Closing the banner (✕) ends the edit; closing another notice brings the banner back."""
        if self._message_id is None:
            return
        if message == self.banner():
            self._end()
        else:
            self._notice.show_message(self.banner(), level="info", action=self.cancel_text())

    @Slot()
    def _follow_branch(self) -> None:
        """The branch shown changed: an edit of a message no longer in it ends."""
        if (self._message_id is not None and not self._resending
                and all(m.id != self._message_id for m in self._session.messages)):
            self._end()

    def _end(self) -> None:
        draft, self._message_id, self._draft = self._draft, None, ""
        self._composer.set_text(draft)
        if self._notice.message == self.banner():
            self._notice.clear()
