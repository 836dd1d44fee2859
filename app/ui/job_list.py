"""A scrolling list of job rows (downloads, quantizations): one row per job, updated in place.

Subclasses say which row widget to make (``row_class``), which states count as active, and
what each row action does (``_on_action``); the list, the "nothing here" line, the inline
error line and the bookkeeping live here once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget


class JobList(QWidget):
    """Rows of jobs, oldest first. ``row_class(job, parent)`` must have ``update_job(job)``,
    ``job_state`` and an ``actionRequested(str, object)`` signal."""

    row_class: type = QWidget
    active_states: frozenset[str] = frozenset()

    def __init__(self, empty_text: str, accessible_name: str, parent: QWidget | None = None,
                 heading: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[Any, Any] = {}
        self.empty = QLabel(empty_text, self)
        self.empty.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        body = QWidget(self)
        self._list = QVBoxLayout(body)
        self._list.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAccessibleName(accessible_name)
        layout = QVBoxLayout(self)
        if heading is not None:
            layout.addWidget(heading)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)

    def row(self, job_id: Any) -> Any:
        return self._rows.get(job_id)

    def rows(self) -> list[Any]:
        return list(self._rows.values())

    def active_count(self) -> int:
        """Jobs still queued or in progress."""
        return sum(1 for row in self._rows.values() if row.job_state in self.active_states)

    def show_job(self, job: Any) -> None:
        """Add or update the row of this job."""
        row = self._rows.get(job.id)
        if row is None:
            row = self.row_class(job, self)
            row.actionRequested.connect(self._on_action)
            self._rows[job.id] = row
            self._list.insertWidget(self._list.count() - 1, row)
        else:
            row.update_job(job)
        self._changed()

    def remove_row(self, job_id: Any) -> None:
        row = self._rows.pop(job_id, None)
        if row is not None:
            row.deleteLater()
        self._changed()

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _changed(self) -> None:
        self.empty.setVisible(not self._rows)

    @Slot(str, object)
    def _on_action(self, action: str, job_id: Any) -> None:
        raise NotImplementedError
