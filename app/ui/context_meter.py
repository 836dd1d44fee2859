"""The bar under the chat that shows how much of the model's context the chat fills."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget


class ContextMeter(QProgressBar):
    """Tokens used out of the context's size ("Context: 812 / 4096 tokens")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Context used"))
        self.setAccessibleDescription(self.tr("How much of the model's context this chat fills"))
        self.setMaximumHeight(14)
        self.set_context(0, 1)

    def set_context(self, used: int, size: int) -> None:
        """Show ``used`` of ``size`` tokens; a size of 0 or less: the remote engine keeps the context."""
        # A remote engine may not say how long its context is: then there is no fill to show.
        self.setFormat(self.tr("Context: %v / %m tokens") if size > 0
                       else self.tr("Context: kept by the remote engine"))
        self.setRange(0, max(size, 1))
        self.setValue(min(used, max(size, 1)))
