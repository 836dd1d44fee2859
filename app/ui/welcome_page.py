"""The welcome's content as a page of the window: what Hearth is, that it is private, and one
better model to fetch.

The recommended model is the largest of a few well-known GGUF files
(:data:`model_store.recommend.SUGGESTED_MODELS`) that fits comfortably in this machine's memory at
a 4096-token context, judged by :func:`model_store.fit.estimate_fit`, and answers at a comfortable
speed here (:mod:`app.machine_speed`). Its Download button asks the ModelStoreBridge for the
repository's file list, queues the matching file and follows the job through the bridge's download
signals. Being offline is normal: a failure is one sentence with Retry, and the Models window can
do it later.

Keyboard: Tab goes Download (or Retry) → Browse models → Start chatting; Enter presses the focused
button, else Start chatting; Esc skips the welcome ("not now").
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (QAbstractButton, QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from app.engine.errors import HearthError
from app.ui.downloads_tab import progress_text
from app.ui.icons import app_icon
from app.ui.model_common import format_size
from app.ui.texts import localize
from app.ui.welcome_texts import privacy_text, reason_text, recommend_for_this_computer, speed_text, starter_text
from model_store.recommend import Recommendation
from model_store.starter import starter_model_path

AUTO: Any = object()  # the default of a constructor argument: "work it out for this computer"
_ACTIVE = ("queued", "running", "paused", "verifying")


class WelcomePage(QWidget):
    """The welcome's content, for a window or a dialog to show.

    ``bridge`` is the ModelStoreBridge (or a stand-in with ``list_files``, ``download``,
    ``retry``, ``jobs``, ``download_statuses`` and the files/download signals).

    Signals:
        startRequested(): "Start chatting" (or Enter): the person is ready to chat.
        modelsRequested(): "Browse models…": the person asked for the Models window.
        dismissed(): Esc: not now, the person skips the welcome.
        statusChanged(str): the download's sentence changed (the holder may need more room).
    """

    startRequested = Signal()
    modelsRequested = Signal()
    dismissed = Signal()
    statusChanged = Signal(str)

    def __init__(self, bridge: Any, parent: QWidget | None = None, *, starter: Path | None = AUTO,
                 recommendation: Recommendation | None = AUTO) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.starter = starter_model_path() if starter is AUTO else starter
        self.recommendation = recommend_for_this_computer() if recommendation is AUTO else recommendation
        self.job_id: Any = None
        self._files_request = 0
        self.setObjectName("welcome")
        self.setAccessibleName(self.tr("Welcome to Hearth"))

        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAccessibleName(self.tr("Hearth icon"))
        self.title = QLabel(self.tr("Welcome to Hearth"), self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        tagline = QLabel(self.tr("Private AI chat that runs on this computer."), self)
        heading = QVBoxLayout()
        heading.addStretch(1)
        heading.addWidget(self.title)
        heading.addWidget(tagline)
        heading.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addSpacing(8)
        top.addLayout(heading, 1)

        self.starter_label = self._sentence(starter_text(self.starter, self.recommendation is not None))
        self.privacy_label = self._sentence(privacy_text())

        self.start_button = QPushButton(self.tr("Start chatting"), self)
        self.start_button.setAccessibleName(self.tr("Start chatting"))
        self.start_button.setAccessibleDescription(self.tr("Close the welcome and go to the chat"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.startRequested)
        self.models_button = QPushButton(self.tr("Browse models…"), self)
        self.models_button.setAccessibleName(self.tr("Browse models in the Models window"))
        self.models_button.setAccessibleDescription(self.tr("Open the Models window to find and download others"))
        self.models_button.clicked.connect(self.modelsRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.models_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addLayout(top)
        layout.addWidget(self.starter_label)
        layout.addWidget(self.privacy_label)
        layout.addWidget(self._build_suggestion())
        layout.addStretch(1)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.download_button, self.retry_button)
        QWidget.setTabOrder(self.retry_button, self.models_button)
        QWidget.setTabOrder(self.models_button, self.start_button)
        self.setFocusProxy(self.start_button)

        bridge.filesDone.connect(self._on_files_done)
        bridge.filesFailed.connect(self._on_files_failed)
        bridge.downloadProgress.connect(self._on_job)
        bridge.downloadState.connect(self._on_job)
        self._show_existing()

    # -- construction ----------------------------------------------------------------------

    def _sentence(self, text: str, parent: QWidget | None = None) -> QLabel:
        label = QLabel(text, parent or self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _build_suggestion(self) -> QFrame:
        box = QFrame(self)
        box.setObjectName("suggestion")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setAccessibleName(self.tr("Recommended model"))
        column = QVBoxLayout(box)
        column.setContentsMargins(14, 12, 14, 12)
        heading = QLabel(self.tr("A smarter model for this computer"), box)
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        column.addWidget(heading)
        self.download_button = QPushButton(self.tr("Download"), box)
        self.download_button.setAccessibleName(self.tr("Download"))
        self.retry_button = QPushButton(self.tr("Retry"), box)
        self.retry_button.setAccessibleName(self.tr("Retry the download"))
        self.retry_button.clicked.connect(self._retry)
        self.retry_button.hide()
        self.progress = QProgressBar(box)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Download progress"))
        self.progress.hide()
        self.status = self._sentence("", box)
        self.status.setAccessibleName(self.tr("Download status"))
        self.status.hide()
        pick = self.recommendation
        if pick is None:
            self.model_label = self._sentence("", box)
            self.reason_label = self._sentence(self.tr(
                "On this computer the starter model is the best fit: the larger models would not fit in the "
                "free memory or would answer too slowly to chat. Models → Find and download shows what else "
                "would run, and how fast."), box)
            self.download_button.hide()
        else:
            model = pick.model
            values = {"model": f"<b>{escape(model.name)}</b>", "size": escape(format_size(model.size)),
                      "license": escape(model.license)}
            if pick.speed is not None:
                text = self.tr("{model} · {size} download · {license} licence · {speed}").format(
                    speed=escape(speed_text(pick.speed)).replace(" ", "&nbsp;"), **values)
            else:
                text = self.tr("{model} · {size} download · {license} licence").format(**values)
            self.model_label = self._sentence(text, box)
            self.model_label.setTextFormat(Qt.TextFormat.RichText)
            if pick.speed is not None:
                self.model_label.setToolTip(localize(pick.speed.tooltip()))
            self.reason_label = self._sentence(reason_text(pick), box)
            self.download_button.setAccessibleName(self.tr("Download {model}").format(model=model.name))
            self.download_button.setAccessibleDescription(self.tr("Fetch this model from Hugging Face into your "
                                                                  "Library"))
            self.download_button.clicked.connect(self.start_download)
        self.model_label.setVisible(bool(self.model_label.text()))
        column.addWidget(self.model_label)
        column.addWidget(self.reason_label)
        column.addWidget(self.status)
        row = QHBoxLayout()
        row.addWidget(self.download_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.retry_button)
        row.addStretch()
        column.addLayout(row)
        return box

    # -- keyboard ----------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Esc is the welcome's own ("not now") even where the window has an Esc shortcut (Stop)."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Esc skips the welcome; Enter presses the focused button, else "Start chatting"."""
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            event.accept()
            self.dismissed.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            focused = self.focusWidget()
            target = focused if isinstance(focused, QAbstractButton) and self.isAncestorOf(focused) \
                and focused.isEnabled() and focused.isVisible() else self.start_button
            target.click()
            return
        super().keyPressEvent(event)

    # -- download --------------------------------------------------------------------------

    @Slot()
    def start_download(self) -> None:
        """Ask the Hub for the repository's files; the matching one is queued when they arrive."""
        if self.recommendation is None:
            return
        self._set_busy(self.tr("Asking Hugging Face for the file…"))
        self._files_request = self.bridge.list_files(self.recommendation.model.repo_id)

    @Slot(int, object)
    def _on_files_done(self, request_id: int, files: Any) -> None:
        if request_id != self._files_request or self.recommendation is None:
            return
        self._files_request = 0
        wanted = self.recommendation.model.filename.lower()
        remote = next((f for f in files or () if str(f.filename).lower() == wanted), None)
        if remote is None:
            self._show_failure(self.tr("Hugging Face no longer has {file}. Models → Find and download has others.")
                               .format(file=self.recommendation.model.filename), retry=False)
            return
        try:
            job = self.bridge.download(remote)
        except HearthError as exc:
            self._show_failure(localize(exc.message), retry=True)
            return
        self.job_id = getattr(job, "id", None)
        self._on_job(job)

    @Slot(int, object, str)
    def _on_files_failed(self, request_id: int, message: str, kind: str = "error") -> None:
        if request_id != self._files_request:
            return
        self._files_request = 0
        self._show_failure(self._with_later(localize(message)), retry=True)

    @Slot(object)
    def _on_job(self, job: Any) -> None:
        pick = self.recommendation
        if pick is None or job.repo_id != pick.model.repo_id or job.filename.lower() != pick.model.filename.lower():
            return
        self.job_id = job.id
        state = job.state
        if state in _ACTIVE:
            self.retry_button.hide()
            self.download_button.hide()
            self.progress.show()
            self.progress.setValue(int(max(0.0, min(1.0, job.fraction)) * 1000))
            texts = {"queued": self.tr("Waiting to start…"),
                     "paused": self.tr("Paused: resume it in Models → Downloads."),
                     "verifying": self.tr("Checking the downloaded file…"),
                     "running": self.tr("{progress}. It keeps going in the background.").format(
                         progress=progress_text(job))}
            self._set_status(texts[state])
        elif state == "done":
            self._show_done()
        elif state == "failed":
            self._show_failure(self._with_later(localize(job.error) or self.tr("The download failed.")), retry=True)
        else:  # cancelled
            self.job_id = None
            self.progress.hide()
            self.download_button.show()
            self.download_button.setEnabled(True)
            self.download_button.setText(self.tr("Download"))
            self._set_status(self.tr("The download was cancelled."))

    @Slot()
    def _retry(self) -> None:
        if self.job_id is not None:
            self.retry_button.hide()
            self.bridge.retry(self.job_id)
        else:
            self.start_download()

    def _show_existing(self) -> None:
        """Reopened after a download began or finished: show where it stands."""
        pick = self.recommendation
        if pick is None:
            return
        status = self.bridge.download_statuses(pick.model.repo_id).get(pick.model.filename)
        if status == "downloaded":
            self._show_done()
            return
        for job in self.bridge.jobs():
            if job.repo_id == pick.model.repo_id and job.filename == pick.model.filename \
                    and job.state in (*_ACTIVE, "failed"):
                self._on_job(job)

    def _with_later(self, problem: str) -> str:
        return self.tr("{problem} You can do this later from Models → Find and download.").format(problem=problem)

    def _set_busy(self, text: str) -> None:
        self.retry_button.hide()
        self.download_button.show()
        self.download_button.setEnabled(False)
        self.download_button.setText(self.tr("Preparing…"))
        self._set_status(text)

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.statusChanged.emit(text)

    def _show_failure(self, text: str, retry: bool) -> None:
        self.progress.hide()
        self.download_button.setEnabled(not retry)
        self.download_button.setText(self.tr("Download"))
        self.download_button.setVisible(not retry)
        self.retry_button.setVisible(retry)
        self._set_status(text)

    def _show_done(self) -> None:
        self.progress.hide()
        self.retry_button.hide()
        self.download_button.show()
        self.download_button.setEnabled(False)
        self.download_button.setText(self.tr("Downloaded"))
        self._set_status(self.tr("It is in your Library: pick it from the model menu above the chat."))
