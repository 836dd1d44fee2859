"""Quantizing: one row per quantize job, with its progress and the buttons its state allows.

A queued or running job shows "source → type", a progress bar reading "tensor n/N" and
Cancel; a finished one "Ready in Library" and Load (which asks the chat window to load the
new file); a failed one its sentence. Finished, failed and cancelled rows can be cleared
from the list. The rows mirror the QuantizeJob copies the bridge reports.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.engine.errors import HearthError
from app.quantize_bridge import ACTIVE_STATES, QuantizeBridge
from app.ui.job_list import JobList
from app.ui.model_common import format_size
from app.ui.texts import localize

BUTTONS_FOR_STATE = {"queued": ("cancel",), "running": ("cancel",), "done": ("load", "remove"),
                     "failed": ("remove",), "cancelled": ("remove",)}


def state_text(state: str) -> str:
    """What a quantize job in ``state`` is doing, in the user's language."""
    texts = {"queued": QCoreApplication.translate("quantize_jobs", "Waiting to start"),
             "running": QCoreApplication.translate("quantize_jobs", "Quantizing"),
             "done": QCoreApplication.translate("quantize_jobs", "Ready in Library"),
             "failed": QCoreApplication.translate("quantize_jobs", "Failed"),
             "cancelled": QCoreApplication.translate("quantize_jobs", "Cancelled")}
    return texts.get(state, state)


def job_title(job: Any) -> str:
    """"Tiny → Q4_K_M"."""
    source = getattr(job.plan, "source", None)
    return f"{getattr(source, 'name', '?')} → {job.plan.qtype}"


def bar_text(job: Any) -> str:
    """"tensor 12/290" (or what the job is doing when there is no count yet)."""
    if job.n_tensors:
        return QCoreApplication.translate("quantize_jobs", "tensor {n}/{total}").format(n=job.tensor,
                                                                                       total=job.n_tensors)
    return QCoreApplication.translate("quantize_jobs", "Starting…") if job.state == "running" else ""


class QuantizeJobRow(QFrame):
    """One quantize job: title, progress bar, details line and state buttons.

    Signals:
        actionRequested(str, object): "cancel", "load" or "remove", and the job id.
    """

    actionRequested = Signal(str, object)

    def __init__(self, job: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.job_id = job.id
        self.job = job
        title = job_title(job)
        self.name = QLabel(self)
        self.name.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(self.tr("Progress of {title}").format(title=title))
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.state = QLabel(self)
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        actions.addWidget(self.state, 1)
        for action, text, name in (
                ("cancel", self.tr("Cancel"), self.tr("Cancel {title}").format(title=title)),
                ("load", self.tr("Load"), self.tr("Load {name}").format(name=Path(job.plan.dest).name)),
                ("remove", self.tr("Clear"), self.tr("Clear {title} from the list").format(title=title))):
            button = QPushButton(text, self)
            button.setAccessibleName(name)
            button.clicked.connect(lambda _checked=False, a=action: self.actionRequested.emit(a, self.job_id))
            self.buttons[action] = button
            actions.addWidget(button)
        self.buttons["load"].setToolTip(self.tr("Load the new model in the chat window"))
        self.buttons["load"].setAccessibleDescription(self.buttons["load"].toolTip())
        self.buttons["cancel"].setAccessibleDescription(self.tr("Stop quantizing; nothing is written"))
        self.buttons["remove"].setAccessibleDescription(self.tr("Remove this row from the list"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.bar)
        layout.addWidget(self.details)
        layout.addLayout(actions)
        self.update_job(job)

    def update_job(self, job: Any) -> None:
        """Show this copy of the job."""
        self.job = job
        self.job_state = job.state
        self.name.setText(f"<b>{html.escape(job_title(job))}</b>")
        fraction = job.fraction if job.fraction else (job.tensor / job.n_tensors if job.n_tensors else 0.0)
        self.bar.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        self.bar.setFormat(bar_text(job))
        self.bar.setVisible(job.state in ACTIVE_STATES)
        dest = Path(job.plan.dest).name
        if job.state == "failed":
            self.details.setText(localize(job.error) or self.tr("Quantizing failed."))
        elif job.state == "done" and job.result is not None:
            size = getattr(getattr(job.result, "info", None), "file_size", None)
            self.details.setText(f"{job.result.name} · {format_size(size)}" if size else job.result.name)
        else:
            self.details.setText(self.tr("{file} · about {size}").format(file=dest,
                                                                          size=format_size(job.plan.estimated_bytes)))
        self.state.setText(state_text(job.state))
        self.state.setAccessibleName(self.tr("State: {state}").format(state=self.state.text()))
        allowed = BUTTONS_FOR_STATE.get(job.state, ())
        if job.state == "done" and job.result is None:
            allowed = ("remove",)
        for action, button in self.buttons.items():
            button.setVisible(action in allowed)

    def visible_actions(self) -> list[str]:
        return [a for a, b in self.buttons.items() if not b.isHidden()]


class QuantizeJobsPanel(JobList):
    """All quantize jobs, oldest first, under the heading "Quantizing".

    Signals:
        loadRequested(str): Load was clicked on a finished job; the new file's path.
        countChanged(int): the number of queued and running jobs changed.
    """

    loadRequested = Signal(str)
    countChanged = Signal(int)
    row_class = QuantizeJobRow
    active_states = frozenset(ACTIVE_STATES)

    def __init__(self, bridge: QuantizeBridge, parent: QWidget | None = None) -> None:
        self._count = 0
        self.title = QLabel()
        super().__init__(self.tr("Nothing is being quantized. Choose a model in Library and click Quantize… "
                                 "to make a quantized copy of it."), self.tr("Quantize jobs"), parent,
                         heading=self.title)
        self.title.setText("<b>{}</b>".format(self.tr("Quantizing")))
        self._bridge = bridge
        bridge.progress.connect(self.show_job)
        bridge.state.connect(self.show_job)
        for job in bridge.jobs():
            self.show_job(job)

    def _changed(self) -> None:
        super()._changed()
        count = self.active_count()
        if count != self._count:
            self._count = count
            self.countChanged.emit(count)

    @Slot(str, object)
    def _on_action(self, action: str, job_id: Any) -> None:
        row = self._rows.get(job_id)
        if row is None:
            return
        self.message.hide()
        if action == "load":
            if row.job.result is not None:
                self.loadRequested.emit(str(row.job.result.path))
        elif action == "cancel":
            try:
                self._bridge.cancel(job_id)
            except HearthError as exc:
                self.show_error(localize(exc.message))
        elif action == "remove":
            self.remove_row(job_id)
