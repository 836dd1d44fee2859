"""Discover: search the Hugging Face Hub for GGUF models and download a file.

Typing searches after a short pause (Enter searches at once); results come a page at a
time ("Load more"). Selecting a repository lists its GGUF files grouped by quantization,
each with its size, a fit badge for this computer at the user's context length, and a
Download button. A gated or private repository shows its sentence and a button to enter an
access token; an unreachable Hub shows the sentence and Retry.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engine.errors import HearthError
from app.model_bridge import ModelStoreBridge
from app.ui.model_common import FitBadge, MessageStrip, Prompts, format_count, format_date, format_size
from app.ui.model_common import SpeedBadge, effective_ctx, guess_n_params
from app.ui.discover_files import SHARD_RE, best_file, group_files  # noqa: F401 - re-exported
from app.ui.widgets import debounce

SEARCH_DEBOUNCE_MS = 400
SORTS = (("Most downloaded", "downloads"), ("Most liked", "likes"), ("Recently updated", "updated"))
REPO_ROLE = Qt.ItemDataRole.UserRole
RESTRICTED_ROLE = Qt.ItemDataRole.UserRole + 1
_BUTTON_COLUMN = 4


class DiscoverTab(QWidget):
    """Hub search, results with paging, and one repository's files.

    Signals: none (downloads go through the bridge).
    """

    def __init__(self, bridge: ModelStoreBridge, prompts: Prompts, parent: QWidget | None = None,
                 n_ctx: int = 4096) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._prompts = prompts
        self._n_ctx = n_ctx
        self._search_id = 0
        self._search_args: tuple[str, str, int] = ("", "downloads", 0)  # the last request (for Retry)
        self._shown_page = 0
        self._files_id = 0
        self._repo = ""
        self._files: list[Any] = []
        self.best_filename = ""  # the file recommended for this computer in the shown repository

        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText("Search Hugging Face for GGUF models (e.g. qwen, llama, gemma)")
        self.search_box.setAccessibleName("Search Hugging Face")
        self.search_box.setClearButtonEnabled(True)
        for button in self.search_box.findChildren(QToolButton):
            button.setAccessibleName("Clear search")
        self._debounce = debounce(self, SEARCH_DEBOUNCE_MS, self._on_typed)
        self.search_box.textEdited.connect(self._debounce.start)
        self.search_box.returnPressed.connect(self.search_now)
        self.sort_combo = QComboBox(self)
        self.sort_combo.setAccessibleName("Sort results")
        for label, key in SORTS:
            self.sort_combo.addItem(label, key)
        self.sort_combo.currentIndexChanged.connect(lambda _i: self.search_now())
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Searching")
        self.busy.hide()
        self.search_message = MessageStrip("Search problem", self)
        self.search_message.retryRequested.connect(self._retry_search)

        self.results = QTreeWidget(self)
        self.results.setAccessibleName("Search results")
        self.results.setHeaderLabels(["Repository", "Downloads", "Likes", "Updated"])
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.header().setStretchLastSection(False)
        self.results.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            self.results.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.results.currentItemChanged.connect(self._on_repo_selected)
        self.load_more = QPushButton("Load more", self)
        self.load_more.setAccessibleName("Load more results")
        self.load_more.clicked.connect(self._load_more)
        self.load_more.hide()

        self.files_title = QLabel("Pick a repository to see its files.", self)
        self.files_title.setWordWrap(True)
        self.files_message = MessageStrip("File list problem", self)
        self.files_message.retryRequested.connect(self._retry_files)
        self.files_message.tokenRequested.connect(self._enter_token)
        self.files = QTreeWidget(self)
        self.files.setAccessibleName("Files by quantization")
        self.files.setHeaderLabels(["Quantization / file", "Size", "Fit", "Speed", ""])
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.files.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, _BUTTON_COLUMN + 1):
            self.files.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.files.header().setStretchLastSection(False)

        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.sort_combo)
        top.addWidget(self.busy)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.results, 1)
        left_layout.addWidget(self.load_more)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.files_title)
        right_layout.addWidget(self.files_message)
        right_layout.addWidget(self.files, 1)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([420, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.search_message)
        layout.addWidget(splitter, 1)

        bridge.searchDone.connect(self._on_search_done)
        bridge.searchFailed.connect(self._on_search_failed)
        bridge.filesDone.connect(self._on_files_done)
        bridge.filesFailed.connect(self._on_files_failed)
        bridge.downloadState.connect(self._refresh_download_buttons)
        bridge.libraryChanged.connect(self._refresh_download_buttons)

    # -- public API ---------------------------------------------------------------------

    def search_now(self) -> None:
        """Search for the box's text with the chosen sort (first page)."""
        self._debounce.stop()
        self._run_search(self.search_box.text().strip(), self.sort_combo.currentData(), 0)

    def set_context_length(self, n_ctx: int) -> None:
        """The context length the fit badges are for."""
        self._n_ctx = n_ctx
        if self._files:
            self._show_files(self._files)

    def repo_ids(self) -> list[str]:
        return [self.results.topLevelItem(i).data(0, REPO_ROLE) for i in range(self.results.topLevelItemCount())]

    def select_repo(self, repo_id: str) -> None:
        for i in range(self.results.topLevelItemCount()):
            item = self.results.topLevelItem(i)
            if item.data(0, REPO_ROLE) == repo_id:
                self.results.setCurrentItem(item)
                return

    def download_buttons(self) -> dict[str, QPushButton]:
        """Filename of each model's first file → its Download button."""
        found: dict[str, QPushButton] = {}
        for i in range(self.files.topLevelItemCount()):
            group = self.files.topLevelItem(i)
            for j in range(group.childCount()):
                button = self.files.itemWidget(group.child(j), _BUTTON_COLUMN)
                if isinstance(button, QPushButton):
                    found[button.property("filename")] = button
        return found

    def refresh_files(self) -> None:
        """Work out the shown files' estimates again (after the machine was measured again)."""
        if self._files:
            self._show_files(list(self._files))

    def speed_badges(self) -> dict[str, SpeedBadge]:
        """Each file row's speed badge, by the row's text."""
        return self._row_widgets(3, SpeedBadge)

    def fit_badges(self) -> dict[str, FitBadge]:
        """Each file row's fit badge, by the row's text."""
        return self._row_widgets(2, FitBadge)

    def _row_widgets(self, column: int, kind: type) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for i in range(self.files.topLevelItemCount()):
            group = self.files.topLevelItem(i)
            for j in range(group.childCount()):
                widget = self.files.itemWidget(group.child(j), column)
                if isinstance(widget, kind):
                    found[group.child(j).text(0)] = widget
        return found

    # -- search -------------------------------------------------------------------------

    def _on_typed(self) -> None:
        if self.search_box.text().strip():
            self.search_now()

    def _run_search(self, query: str, sort: str, page: int) -> None:
        self._search_args = (query, sort, page)
        self.search_message.clear()
        self.load_more.setEnabled(False)
        self._search_id = self._bridge.search(query, sort, page)
        self._update_busy()

    def _load_more(self) -> None:
        query, sort, _page = self._search_args
        self._run_search(query, sort, self._shown_page + 1)

    def _update_busy(self) -> None:
        self.busy.setVisible(bool(self._search_id or self._files_id))

    def _retry_search(self) -> None:
        self._run_search(*self._search_args)

    @Slot(int, object)
    def _on_search_done(self, request_id: int, page: Any) -> None:
        if request_id != self._search_id:
            return
        self._search_id = 0
        self._update_busy()
        self._shown_page = self._search_args[2]
        if self._shown_page == 0:
            self.results.clear()
            self._clear_files("Pick a repository to see its files.")
        for repo in page.repos:
            item = QTreeWidgetItem([repo.repo_id, format_count(repo.downloads), format_count(repo.likes),
                                    format_date(repo.last_modified)])
            item.setData(0, REPO_ROLE, repo.repo_id)
            item.setData(0, RESTRICTED_ROLE, bool(repo.gated or repo.private))
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if repo.gated or repo.private:
                item.setToolTip(0, f"{repo.repo_id} is {'gated' if repo.gated else 'private'}: "
                                   "it needs an access token")
                item.setText(0, f"{repo.repo_id}  ({'gated' if repo.gated else 'private'})")
            self.results.addTopLevelItem(item)
        if not self.results.topLevelItemCount():
            self.search_message.show_message("No GGUF models match this search. Try a shorter or different name.")
        self.load_more.setVisible(bool(page.has_more))
        self.load_more.setEnabled(True)

    @Slot(int, str, str)
    def _on_search_failed(self, request_id: int, message: str, kind: str) -> None:
        if request_id != self._search_id:
            return
        self._search_id = 0
        self._update_busy()
        self.load_more.setEnabled(True)
        self.search_message.show_message(message, retry=True)

    # -- files --------------------------------------------------------------------------

    def _on_repo_selected(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self._list_files(str(current.data(0, REPO_ROLE)), bool(current.data(0, RESTRICTED_ROLE)))

    def _list_files(self, repo_id: str, restricted: bool = False) -> None:
        self._repo = repo_id
        self._clear_files(f"Looking for GGUF files in {repo_id}…")
        self._files_id = self._bridge.list_files(repo_id, check_access=restricted)
        self._update_busy()

    def _retry_files(self) -> None:
        item = self.results.currentItem()
        if self._repo:
            restricted = item is not None and item.data(0, REPO_ROLE) == self._repo and item.data(0, RESTRICTED_ROLE)
            self._list_files(self._repo, bool(restricted))

    def _enter_token(self) -> None:
        token = self._prompts.ask_token(self)
        if token:
            self._bridge.set_token(token)
            self._retry_files()

    def _clear_files(self, title: str) -> None:
        self._files = []
        self.files.clear()
        self.files_message.clear()
        self.files_title.setText(title)

    @Slot(int, object)
    def _on_files_done(self, request_id: int, files: Any) -> None:
        if request_id != self._files_id:
            return
        self._files_id = 0
        self._update_busy()
        self._show_files(list(files))

    @Slot(int, str, str)
    def _on_files_failed(self, request_id: int, message: str, kind: str) -> None:
        if request_id != self._files_id:
            return
        self._files_id = 0
        self._update_busy()
        self.files_title.setText(self._repo)
        self.files_message.show_message(message, retry=kind in ("unreachable", "error"),
                                        token=kind in ("gated", "not-found"))

    def _show_files(self, files: list[Any]) -> None:
        self._files = files
        self.files.clear()
        if not files:
            self.files_title.setText(f"{self._repo} has no GGUF files Hearth can run.")
            return
        self.files_title.setText(f"{self._repo}: {len(files)} GGUF file{'s' if len(files) != 1 else ''}")
        self.best_filename = ""
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
            self.files.addTopLevelItem(group)
            for parts, fit, speed in rated[quant]:
                self._add_file_row(group, parts, fit, speed, best=parts is best)
            group.setExpanded(True)
        if best is not None:
            speed = next(row[2] for rows in rated.values() for row in rows if row[0] is best)
            self.files_title.setText(f"{self.files_title.text()}. Best for this computer: "
                                     f"{best[0].filename.rsplit('/', 1)[-1]} ({speed.label()}).")
        else:
            self.files_title.setText(f"{self.files_title.text()}. None of them would answer at a comfortable "
                                     "speed on this computer; the speed column says how slow each would be.")
        self._refresh_download_buttons()

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
        label = f"{name} ({len(parts)} parts)" if len(parts) > 1 else name
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
            tip += ("\nThe largest file that fits in memory and answers at a comfortable speed "
                    "(at least 6 words a second) on this computer.")
        row.setToolTip(0, tip)
        group.addChild(row)
        badge = FitBadge(self.files)
        badge.set_estimate(fit)
        self.files.setItemWidget(row, 2, badge)
        pace = SpeedBadge(self.files)
        pace.set_estimate(speed)
        self.files.setItemWidget(row, 3, pace)
        button = QPushButton("Download", self.files)
        button.setAccessibleName(f"Download {name}")
        button.setProperty("filename", first.filename)
        button.clicked.connect(lambda _checked=False, p=parts: self._download(p))
        self.files.setItemWidget(row, _BUTTON_COLUMN, button)

    def _download(self, parts: list[Any]) -> None:
        try:
            for remote in parts:
                self._bridge.download(remote)
        except HearthError as exc:
            self.files_message.show_message(exc.message)
        self._refresh_download_buttons()

    def _refresh_download_buttons(self, *_args: Any) -> None:
        buttons = self.download_buttons()
        statuses = self._bridge.download_statuses(self._repo) if buttons else {}
        for filename, button in buttons.items():
            status = statuses.get(filename)
            button.setEnabled(status is None)
            button.setText({"downloaded": "Downloaded", "queued": "Queued"}.get(status or "", "Download"))
