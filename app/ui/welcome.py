"""The first-run welcome: what Hearth is, that it is private, and one better model to fetch.

:func:`maybe_show_welcome` shows :class:`WelcomeDialog` once (``AppSettings.welcome_shown``);
:func:`show_welcome` reopens it from the Help menu. The recommended model is the largest of
a few well-known GGUF files (:data:`model_store.recommend.SUGGESTED_MODELS`) that fits comfortably in this
machine's memory at a 4096-token context, judged by :func:`model_store.fit.estimate_fit`, and answers
at a comfortable speed here (:mod:`app.machine_speed`).
Its Download button asks the ModelStoreBridge for the repository's file list, queues the
matching file and follows the job through the bridge's download signals. Being offline is
normal: a failure is one sentence with Retry, and the Models window can do it later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QDialog, QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from app.engine.errors import HearthError
from app.ui.downloads_tab import progress_text
from app.ui.icons import app_icon
from app.ui.model_common import format_size
from model_store.recommend import (  # noqa: F401 - re-exported for the dialog's callers
    RECOMMEND_CTX,
    SUGGESTED_MODELS,
    Recommendation,
    SuggestedModel,
    recommend_model,
)
from model_store.starter import starter_model_path

WIDTH = 580
LATER = "You can do this later from Models → Find and download."
PRIVACY = "Everything stays on this computer: your chats, your models. Hearth works offline."
STARTER_READY = "The starter model is ready — ask anything, it answers straight away."
STARTER_MISSING = "The small starter model is not installed, so Hearth cannot answer yet."
PICK_ONE = "Download the model below, or pick one in Models → Find and download."
PICK_LATER = "Pick a model in Models → Find and download."


_AUTO: Any = object()


def recommend_for_this_computer(*, available: int | None = None, total: int | None = None) -> Recommendation | None:
    """The welcome's pick: fits in memory *and* writes comfortably fast on this computer
    (``available`` and ``total`` memory default to this machine's)."""
    from app import machine_speed

    def speed(model: SuggestedModel) -> Any:
        return machine_speed.for_file(model.size, model.filename, model.n_params, quant="Q4_K_M",
                                      n_ctx=RECOMMEND_CTX, measure=False)  # measured at start-up

    return recommend_model(speed=speed, available=available, total=total)


class WelcomeDialog(QDialog):
    """The first-run welcome (also Help → Welcome…).

    ``bridge`` is the ModelStoreBridge (or a stand-in with ``list_files``, ``download``,
    ``retry``, ``jobs``, ``download_statuses`` and the files/download signals).

    Signals:
        modelsRequested(): the person asked for the Models window (the dialog has closed).
    """

    modelsRequested = Signal()

    def __init__(self, bridge: Any, parent: QWidget | None = None, *, starter: Path | None = _AUTO,
                 recommendation: Recommendation | None = _AUTO) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.starter = starter_model_path() if starter is _AUTO else starter
        self.recommendation = recommend_for_this_computer() if recommendation is _AUTO else recommendation
        self.job_id: Any = None
        self._files_request = 0
        self.setWindowTitle("Welcome to Hearth")
        self.setAccessibleName("Welcome to Hearth")
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(WIDTH - 60)

        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAccessibleName("Hearth icon")
        self.title = QLabel("Welcome to Hearth", self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        tagline = QLabel("Private AI chat that runs on this computer.", self)
        heading = QVBoxLayout()
        heading.addStretch(1)
        heading.addWidget(self.title)
        heading.addWidget(tagline)
        heading.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addSpacing(8)
        top.addLayout(heading, 1)

        missing = f"{STARTER_MISSING} {PICK_ONE if self.recommendation is not None else PICK_LATER}"
        self.starter_label = self._sentence(STARTER_READY if self.starter is not None else missing)
        self.privacy_label = self._sentence(PRIVACY)

        self.start_button = QPushButton("Start chatting", self)
        self.start_button.setAccessibleName("Start chatting")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.accept)
        self.models_button = QPushButton("Browse models…", self)
        self.models_button.setAccessibleName("Browse models in the Models window")
        self.models_button.clicked.connect(self._open_models)
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

        bridge.filesDone.connect(self._on_files_done)
        bridge.filesFailed.connect(self._on_files_failed)
        bridge.downloadProgress.connect(self._on_job)
        bridge.downloadState.connect(self._on_job)
        self._show_existing()
        self.start_button.setFocus()
        self._fit_height()

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
        box.setAccessibleName("Recommended model")
        column = QVBoxLayout(box)
        column.setContentsMargins(14, 12, 14, 12)
        heading = QLabel("A smarter model for this computer", box)
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        column.addWidget(heading)
        self.download_button = QPushButton("Download", box)
        self.retry_button = QPushButton("Retry", box)
        self.retry_button.setAccessibleName("Retry the download")
        self.retry_button.clicked.connect(self._retry)
        self.retry_button.hide()
        self.progress = QProgressBar(box)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Download progress")
        self.progress.hide()
        self.status = self._sentence("", box)
        self.status.hide()
        pick = self.recommendation
        if pick is None:
            self.model_label = self._sentence("", box)
            self.reason_label = self._sentence(
                "On this computer the starter model is the best fit: the larger models would not fit in the "
                "free memory or would answer too slowly to chat. Models → Find and download shows what else "
                "would run, and how fast.", box)
            self.download_button.hide()
        else:
            model = pick.model
            speed = f" · {pick.speed.label().replace(' ', '&nbsp;')}" if pick.speed is not None else ""
            self.model_label = self._sentence(f"<b>{model.name}</b> · {format_size(model.size)} download · "
                                              f"{model.license} licence{speed}", box)
            self.model_label.setTextFormat(Qt.TextFormat.RichText)
            if pick.speed is not None:
                self.model_label.setToolTip(pick.speed.tooltip())
            self.reason_label = self._sentence(f"{pick.reason()} It gives better answers than the starter model, "
                                               "which writes faster still.", box)
            self.download_button.setAccessibleName(f"Download {model.name}")
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

    # -- download --------------------------------------------------------------------------

    @Slot()
    def start_download(self) -> None:
        """Ask the Hub for the repository's files; the matching one is queued when they arrive."""
        if self.recommendation is None:
            return
        self._set_busy("Asking Hugging Face for the file…")
        self._files_request = self.bridge.list_files(self.recommendation.model.repo_id)

    @Slot(int, object)
    def _on_files_done(self, request_id: int, files: Any) -> None:
        if request_id != self._files_request or self.recommendation is None:
            return
        self._files_request = 0
        wanted = self.recommendation.model.filename.lower()
        remote = next((f for f in files or () if str(f.filename).lower() == wanted), None)
        if remote is None:
            self._show_failure(f"Hugging Face no longer has {self.recommendation.model.filename}. "
                               "Models → Find and download has others.", retry=False)
            return
        try:
            job = self.bridge.download(remote)
        except HearthError as exc:
            self._show_failure(exc.message, retry=True)
            return
        self.job_id = getattr(job, "id", None)
        self._on_job(job)

    @Slot(int, str, str)
    def _on_files_failed(self, request_id: int, message: str, kind: str = "error") -> None:
        if request_id != self._files_request:
            return
        self._files_request = 0
        self._show_failure(f"{message} {LATER}", retry=True)

    @Slot(object)
    def _on_job(self, job: Any) -> None:
        pick = self.recommendation
        if pick is None or job.repo_id != pick.model.repo_id or job.filename.lower() != pick.model.filename.lower():
            return
        self.job_id = job.id
        state = job.state
        if state in ("queued", "running", "paused", "verifying"):
            self.retry_button.hide()
            self.download_button.hide()
            self.progress.show()
            self.progress.setValue(int(max(0.0, min(1.0, job.fraction)) * 1000))
            text = {"queued": "Waiting to start…", "paused": "Paused: resume it in Models → Downloads.",
                    "verifying": "Checking the downloaded file…"}.get(state, progress_text(job))
            self._set_status(f"{text}. It keeps going if you close this window." if state == "running" else text)
        elif state == "done":
            self._show_done()
        elif state == "failed":
            self._show_failure(f"{job.error or 'The download failed.'} {LATER}", retry=True)
        else:  # cancelled
            self.job_id = None
            self.progress.hide()
            self.download_button.show()
            self.download_button.setEnabled(True)
            self.download_button.setText("Download")
            self._set_status("The download was cancelled.")

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
                    and job.state in ("queued", "running", "paused", "verifying", "failed"):
                self._on_job(job)

    def _set_busy(self, text: str) -> None:
        self.retry_button.hide()
        self.download_button.show()
        self.download_button.setEnabled(False)
        self.download_button.setText("Preparing…")
        self._set_status(text)

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        QTimer.singleShot(0, self._fit_height)  # once the new text's size has reached the layout

    def _fit_height(self) -> None:
        """Grow to show every wrapped line (a top-level window does not do it by itself)."""
        layout = self.layout()
        layout.activate()
        width = self.width() if self.isVisible() else WIDTH
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        if needed > self.height() or not self.isVisible():
            self.resize(width, needed)

    def _show_failure(self, text: str, retry: bool) -> None:
        self.progress.hide()
        self.download_button.setEnabled(not retry)
        self.download_button.setText("Download")
        self.download_button.setVisible(not retry)
        self.retry_button.setVisible(retry)
        self._set_status(text)

    def _show_done(self) -> None:
        self.progress.hide()
        self.retry_button.hide()
        self.download_button.show()
        self.download_button.setEnabled(False)
        self.download_button.setText("Downloaded")
        self._set_status("It is in your Library: pick it from the model menu above the chat.")

    @Slot()
    def _open_models(self) -> None:
        self.accept()
        self.modelsRequested.emit()


def show_welcome(window: Any, settings: Any = None) -> WelcomeDialog:
    """Show the welcome over ``window`` (a MainWindow), or raise the one already open.

    Closing it in any way sets ``welcome_shown`` in ``settings`` (default: the window's) and saves it.
    """
    settings = settings if settings is not None else window.settings
    for existing in window.findChildren(WelcomeDialog):
        if existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return existing
    dialog = WelcomeDialog(window.model_store, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def closed(_result: int) -> None:
        settings.welcome_shown = True
        settings.write()

    dialog.finished.connect(closed)
    if hasattr(window, "open_models"):
        dialog.modelsRequested.connect(lambda: window.open_models("discover"))
    dialog.open()
    return dialog


def maybe_show_welcome(window: Any, settings: Any) -> WelcomeDialog | None:
    """Show the welcome on the first launch only; None when it was shown before."""
    if settings.welcome_shown:
        return None
    return show_welcome(window, settings)
