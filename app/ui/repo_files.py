"""Discover's right-hand pane: one Hub repository's GGUF files, and a Download button for each.

Files are grouped by quantization (split files as one model), each with its size, a fit badge
for this computer at the user's context length, a speed badge and a Download button; the file
recommended for this computer comes first, in bold. A gated or private repository shows its
sentence and a button to enter an access token; an unreachable Hub shows the sentence and Retry.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engine.errors import HearthError
from app.model_bridge import ModelStoreBridge
from app.ui.discover_files import SHARD_RE, best_file, group_files
from app.ui.model_common import FitBadge, MessageStrip, Prompts, SpeedBadge, effective_ctx, format_size
from app.ui.model_common import guess_n_params
from app.ui.texts import localize

BUTTON_COLUMN = 4


class RepoFilesPane(QWidget):
    """The files of the repository picked in the search results.

    Signals:
        busyChanged(bool): a file list was asked for (True) or has come back (False).
    """

    busyChanged = Signal(bool)

    def __init__(self, bridge: ModelStoreBridge, prompts: Prompts, parent: QWidget | None = None,
                 n_ctx: int = 4096) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._prompts = prompts
        self._n_ctx = n_ctx
        self._files_id = 0
        self._repo = ""
        self._restricted = False
        self._files: list[Any] = []
        self.best_filename = ""  # the file recommended for this computer in the shown repository

        self.title = QLabel(self.tr("Pick a repository to see its files."), self)
        self.title.setWordWrap(True)
        self.message = MessageStrip(self.tr("File list problem"), self)
        self.message.retryRequested.connect(self.retry)
        self.message.tokenRequested.connect(self._enter_token)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(self.tr("Files by quantization"))
        self.tree.setAccessibleDescription(self.tr(
            "The repository's model files, grouped by quantization type, with size, fit, speed and a Download "
            "button"))
        self.tree.setHeaderLabels([self.tr("Quantization / file"), self.tr("Size"), self.tr("Fit"),
                                   self.tr("Speed"), ""])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, BUTTON_COLUMN + 1):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.tree, 1)

        bridge.filesDone.connect(self._on_files_done)
        bridge.filesFailed.connect(self._on_files_failed)
        bridge.downloadState.connect(self._refresh_download_buttons)
        bridge.libraryChanged.connect(self._refresh_download_buttons)

    # -- public API ---------------------------------------------------------------------

    def loading(self) -> bool:
        return bool(self._files_id)

    def list_files(self, repo_id: str, restricted: bool = False) -> None:
        """Ask the Hub for a repository's files (``restricted``: gated or private, check access too)."""
        self._repo, self._restricted = repo_id, restricted
        self.clear(self.tr("Looking for GGUF files in {repo}…").format(repo=repo_id))
        self._files_id = self._bridge.list_files(repo_id, check_access=restricted)
        self.busyChanged.emit(True)

    def retry(self) -> None:
        if self._repo:
            self.list_files(self._repo, self._restricted)

    def clear(self, title: str = "") -> None:
        """No files shown; ``title`` (default: the invitation to pick a repository) above."""
        self._files = []
        self.tree.clear()
        self.message.clear()
        self.title.setText(title or self.tr("Pick a repository to see its files."))

    def set_context_length(self, n_ctx: int) -> None:
        """The context length the fit badges are for."""
        self._n_ctx = n_ctx
        self.refresh()

    def refresh(self) -> None:
        """Work out the shown files' estimates again (after the machine was measured again)."""
        if self._files:
            self._show_files(list(self._files))

    def download_buttons(self) -> dict[str, QPushButton]:
        """Filename of each model's first file → its Download button."""
        return {button.property("filename"): button for button in self._row_widgets(BUTTON_COLUMN, QPushButton)}

    def badges(self, kind: type) -> dict[str, Any]:
        """Each file row's badge of ``kind`` (FitBadge, SpeedBadge), by the row's text."""
        column = 2 if kind is FitBadge else 3
        return {widget.property("row_text"): widget for widget in self._row_widgets(column, kind)}

    def _row_widgets(self, column: int, kind: type) -> list[Any]:
        found: list[Any] = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                widget = self.tree.itemWidget(group.child(j), column)
                if isinstance(widget, kind):
                    widget.setProperty("row_text", group.child(j).text(0))
                    found.append(widget)
        return found

    # -- answers from the Hub -----------------------------------------------------------

    def _enter_token(self) -> None:
        token = self._prompts.ask_token(self)
        if token:
            self._bridge.set_token(token)
            self.retry()

    @Slot(int, object)
    def _on_files_done(self, request_id: int, files: Any) -> None:
        if request_id != self._files_id:
            return
        self._files_id = 0
        self.busyChanged.emit(False)
        self._show_files(list(files))

    @Slot(int, object, str)
    def _on_files_failed(self, request_id: int, message: str, kind: str) -> None:
        if request_id != self._files_id:
            return
        self._files_id = 0
        self.busyChanged.emit(False)
        self.title.setText(self._repo)
        self.message.show_message(message, retry=kind in ("unreachable", "error"),
                                  token=kind in ("gated", "not-found"))

    def _show_files(self, files: list[Any]) -> None:
        self._files = files
        self.tree.clear()
        self.best_filename = ""
        if not files:
            self.title.setText(self.tr("{repo} has no GGUF files Hearth can run.").format(repo=self._repo))
            return
        groups = group_files(files)
        rated = {quant: [(parts, *self._rate(parts, quant)) for parts in models] for quant, models in groups.items()}
        best = best_file([row for rows in rated.values() for row in rows])
        # The best file for this computer comes first; the rest stay smallest first.
        order = sorted(rated, key=lambda q: not any(row[0] is best for row in rated[q]))
        for quant in order:
            group = QTreeWidgetItem([quant])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.tree.addTopLevelItem(group)
            for parts, fit, speed in rated[quant]:
                self._add_file_row(group, parts, fit, speed, best=parts is best)
            group.setExpanded(True)
        self.title.setText(self._title(len(files), best, rated))
        self._refresh_download_buttons()

    def _title(self, count: int, best: Any, rated: dict[str, list[tuple[Any, Any, Any]]]) -> str:
        """"org/x: 3 GGUF files. Best for this computer: x.Q4_K_M.gguf (~20 words/s)." or why none is."""
        if best is None:
            if count == 1:
                text = self.tr("{repo}: 1 GGUF file. It would not answer at a comfortable speed on this "
                               "computer; the speed column says how slow it would be.")
            else:
                text = self.tr("{repo}: {count} GGUF files. None of them would answer at a comfortable speed on "
                               "this computer; the speed column says how slow each would be.")
            return text.format(repo=self._repo, count=count)
        speed = next(row[2] for rows in rated.values() for row in rows if row[0] is best)
        text = (self.tr("{repo}: 1 GGUF file. Best for this computer: {file} ({speed}).") if count == 1 else
                self.tr("{repo}: {count} GGUF files. Best for this computer: {file} ({speed})."))
        return text.format(repo=self._repo, count=count, file=best[0].filename.rsplit("/", 1)[-1],
                           speed=localize(speed.label()))

    def _rate(self, parts: list[Any], quant: str) -> tuple[Any, Any]:
        """The fit and speed estimates of one file (all its shards)."""
        first = parts[0]
        size = sum(r.size or 0 for r in parts)
        n_params = guess_n_params(first.filename, first.repo_id)
        fit = self._bridge.estimate_fit(file_size=size, n_params=n_params, n_ctx=effective_ctx(self._n_ctx))
        speed = self._bridge.estimate_speed(name=first.filename.rsplit("/", 1)[-1], file_size=size,
                                            n_params=n_params, quant=quant, n_ctx=effective_ctx(self._n_ctx))
        return fit, speed

    def _add_file_row(self, group: QTreeWidgetItem, parts: list[Any], fit: Any, speed: Any,
                      best: bool = False) -> None:
        first = parts[0]
        size = sum(r.size or 0 for r in parts)
        name = SHARD_RE.sub("", first.filename) if len(parts) > 1 else first.filename
        label = self.tr("{name} ({count} parts)").format(name=name, count=len(parts)) if len(parts) > 1 else name
        row = QTreeWidgetItem([label, format_size(size)])
        if best:
            self.best_filename = first.filename
            font = row.font(0)
            font.setBold(True)
            row.setFont(0, font)
            row.setIcon(0, self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton))
        row.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tip = "\n".join(r.filename for r in parts)
        if best:
            tip += "\n" + self.tr("The largest file that fits in memory and answers at a comfortable speed "
                                  "(at least 6 words a second) on this computer.")
        row.setToolTip(0, tip)
        group.addChild(row)
        badge = FitBadge(self.tree)
        badge.set_estimate(fit)
        self.tree.setItemWidget(row, 2, badge)
        pace = SpeedBadge(self.tree)
        pace.set_estimate(speed)
        self.tree.setItemWidget(row, 3, pace)
        button = QPushButton(self.tr("Download"), self.tree)
        button.setAccessibleName(self.tr("Download {name}").format(name=name))
        button.setAccessibleDescription(self.tr("Download {size} from Hugging Face into the Library")
                                        .format(size=format_size(size)))
        button.setProperty("filename", first.filename)
        button.clicked.connect(lambda _checked=False, p=parts: self._download(p))
        self.tree.setItemWidget(row, BUTTON_COLUMN, button)

    def _download(self, parts: list[Any]) -> None:
        try:
            for remote in parts:
                self._bridge.download(remote)
        except HearthError as exc:
            self.message.show_message(exc.message)
        self._refresh_download_buttons()

    def _refresh_download_buttons(self, *_args: Any) -> None:
        buttons = self.download_buttons()
        statuses = self._bridge.download_statuses(self._repo) if buttons else {}
        texts = {"downloaded": self.tr("Downloaded"), "queued": self.tr("Queued")}
        for filename, button in buttons.items():
            status = statuses.get(filename)
            button.setEnabled(status is None)
            button.setText(texts.get(status or "", self.tr("Download")))
