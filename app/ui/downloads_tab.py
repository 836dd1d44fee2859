"""Downloads: one row per download job with its progress and the buttons its state allows.

A running job shows bytes of total, speed and time left (Pause, Cancel); a paused one
Resume and Cancel; a failed one its sentence and Retry; a finished one "Ready in Library".
The rows mirror the DownloadJob copies the bridge reports; nothing else is kept here.
"""

from __future__ import annotations

import html
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
from app.model_bridge import ModelStoreBridge
from app.ui.job_list import JobList
from app.ui.model_common import Prompts, format_duration, format_size
from app.ui.texts import localize

BUTTONS_FOR_STATE = {"queued": ("pause", "cancel"), "running": ("pause", "cancel"), "paused": ("resume", "cancel"),
                     "verifying": (), "done": ("library", "remove"), "failed": ("retry", "cancel", "remove"),
                     "cancelled": ("retry", "remove")}


def state_text(state: str) -> str:
    """What a download in ``state`` is doing, in the user's language."""
    texts = {"queued": QCoreApplication.translate("downloads_tab", "Waiting to start"),
             "running": QCoreApplication.translate("downloads_tab", "Downloading"),
             "paused": QCoreApplication.translate("downloads_tab", "Paused"),
             "verifying": QCoreApplication.translate("downloads_tab", "Checking the file's checksum…"),
             "done": QCoreApplication.translate("downloads_tab", "Ready in Library"),
             "failed": QCoreApplication.translate("downloads_tab", "Failed"),
             "cancelled": QCoreApplication.translate("downloads_tab", "Cancelled")}
    return texts.get(state, state)


def progress_text(job: Any) -> str:
    """"1.2 GB of 4.1 GB · 8.5 MB/s · 6 min left" (speed and time only while running)."""
    if job.size:
        parts = [QCoreApplication.translate("downloads_tab", "{done} of {total}").format(
            done=format_size(job.bytes_done), total=format_size(job.size))]
    else:
        parts = [format_size(job.bytes_done)]
    if job.state == "running" and job.speed_bps:
        speed = format_size(int(job.speed_bps))
        parts.append(QCoreApplication.translate("downloads_tab", "{size}/s").format(size=speed))
        left = format_duration(job.eta_s)
        if left:
            parts.append(QCoreApplication.translate("downloads_tab", "{time} left").format(time=left))
    return " · ".join(parts)


def needs_token(job: Any) -> bool:
    """A failed job the Hub refused for want of access (gated, private): a token may help."""
    detail = str(getattr(job, "detail", "") or "")
    return job.state == "failed" and ("GatedRepo" in detail or detail.startswith(("HTTP 401", "HTTP 403")))


class JobRow(QFrame):
    """One download: name, progress bar, details line and state buttons.

    Signals:
        actionRequested(str, object): "pause", "resume", "cancel", "retry", "remove", "token" or
            "library", and the job id.
    """

    actionRequested = Signal(str, object)

    def __init__(self, job: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.job_id = job.id
        self.name = QLabel(self)
        self.name.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(self.tr("Progress of {name}").format(name=job.filename))
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.state = QLabel(self)
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        actions.addWidget(self.state, 1)
        name = job.filename
        for action, text, accessible in (
                ("pause", self.tr("Pause"), self.tr("Pause {name}").format(name=name)),
                ("resume", self.tr("Resume"), self.tr("Resume {name}").format(name=name)),
                ("cancel", self.tr("Cancel"), self.tr("Cancel {name}").format(name=name)),
                ("retry", self.tr("Retry"), self.tr("Retry {name}").format(name=name)),
                ("token", self.tr("Enter access token…"), self.tr("Enter access token for {name}").format(name=name)),
                ("library", self.tr("Show in Library"), self.tr("Show in Library {name}").format(name=name)),
                ("remove", self.tr("Clear"), self.tr("Clear {name} from the list").format(name=name))):
            button = QPushButton(text, self)
            button.setAccessibleName(accessible)
            button.clicked.connect(lambda _checked=False, a=action: self.actionRequested.emit(a, self.job_id))
            self.buttons[action] = button
            actions.addWidget(button)
        self.buttons["remove"].setAccessibleDescription(self.tr("Remove this row; the file stays in the Library"))
        self.buttons["cancel"].setAccessibleDescription(self.tr("Stop this download and delete what was fetched"))
        self.buttons["token"].setAccessibleDescription(
            self.tr("Paste a Hugging Face access token that has access to this repository, then retry"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.bar)
        layout.addWidget(self.details)
        layout.addLayout(actions)
        self.update_job(job)

    def update_job(self, job: Any) -> None:
        """Show this copy of the job."""
        self.job_state = job.state
        self.name.setText(f"<b>{html.escape(job.filename)}</b> — {html.escape(job.repo_id)}")
        self.bar.setValue(int(job.bytes_done * 1000 // job.size) if job.size else 0)
        self.bar.setFormat(self.tr("{done} of {total} ({percent}%)").format(
            done=format_size(job.bytes_done), total=format_size(job.size), percent="%p") if job.size else "")
        self.bar.setVisible(job.state not in ("done", "cancelled"))
        if job.state == "failed":
            self.details.setText(localize(job.error) or self.tr("The download failed."))
        else:
            self.details.setText(progress_text(job) if job.state != "done" else format_size(job.size))
        self.state.setText(state_text(job.state))
        self.state.setAccessibleName(self.tr("State: {state}").format(state=self.state.text()))
        allowed = BUTTONS_FOR_STATE.get(job.state, ()) + (("token",) if needs_token(job) else ())
        for action, button in self.buttons.items():
            button.setVisible(action in allowed)

    def visible_actions(self) -> list[str]:
        return [a for a, b in self.buttons.items() if not b.isHidden()]


class DownloadsTab(JobList):
    """All download jobs, newest last.

    Signals:
        showLibraryRequested(): "Show in Library" was clicked on a finished download.
    """

    showLibraryRequested = Signal()
    row_class = JobRow
    active_states = frozenset(("queued", "running", "paused", "verifying"))

    def __init__(self, bridge: ModelStoreBridge, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("No downloads yet. Find a model in Discover and click Download."),
                         self.tr("Downloads"), parent)
        self._bridge = bridge
        self._prompts = prompts
        bridge.downloadProgress.connect(self.show_job)
        bridge.downloadState.connect(self.show_job)
        for job in bridge.jobs():
            self.show_job(job)

    @Slot(str, object)
    def _on_action(self, action: str, job_id: Any) -> None:
        if action == "library":
            self.showLibraryRequested.emit()
            return
        if action == "token":
            token = self._prompts.ask_token(self)
            if not token:
                return
            self._bridge.set_token(token)
            action = "retry"
        self.message.hide()
        try:
            getattr(self._bridge, action)(job_id)
        except HearthError as exc:
            self.show_error(localize(exc.message))
            return
        if action == "remove":
            self.remove_row(job_id)
