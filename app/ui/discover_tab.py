"""Discover: search the Hugging Face Hub for GGUF models and download a file.

Typing searches after a short pause (Enter searches at once; Esc clears the field); results
come a page at a time ("Load more"), and a search that finds nothing says so in a sentence
where the list would be. Selecting a repository lists its files in a
:class:`~app.ui.repo_files.RepoFilesPane` beside the results.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent
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
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.model_bridge import ModelStoreBridge
from app.ui.discover_files import SHARD_RE, best_file, group_files  # noqa: F401 - re-exported
from app.ui.model_common import FitBadge, MessageStrip, Prompts, SpeedBadge, format_count, format_date
from app.ui.repo_files import RepoFilesPane
from app.ui.widgets import debounce

SEARCH_DEBOUNCE_MS = 400
SORT_KEYS = ("downloads", "likes", "updated")
REPO_ROLE = Qt.ItemDataRole.UserRole
RESTRICTED_ROLE = Qt.ItemDataRole.UserRole + 1


class DiscoverTab(QWidget):
    """Hub search, results with paging, and one repository's files.

    Signals: none (downloads go through the bridge).
    """

    def __init__(self, bridge: ModelStoreBridge, prompts: Prompts, parent: QWidget | None = None,
                 n_ctx: int = 4096) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._search_id = 0
        self._search_args: tuple[str, str, int] = ("", "downloads", 0)  # the last request (for Retry)
        self._shown_page = 0

        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("Search Hugging Face for GGUF models (e.g. qwen, llama, gemma)"))
        self.search_box.setAccessibleName(self.tr("Search Hugging Face"))
        self.search_box.setAccessibleDescription(self.tr(
            "Type a model name; results appear after a short pause, Enter searches at once, Esc clears the field"))
        self.search_box.setClearButtonEnabled(True)
        for button in self.search_box.findChildren(QToolButton):
            button.setAccessibleName(self.tr("Clear search"))
        self.search_box.installEventFilter(self)
        self._debounce = debounce(self, SEARCH_DEBOUNCE_MS, self._on_typed)
        self.search_box.textEdited.connect(self._debounce.start)
        self.search_box.returnPressed.connect(self.search_now)
        self.sort_combo = QComboBox(self)
        self.sort_combo.setAccessibleName(self.tr("Sort results"))
        self.sort_combo.setAccessibleDescription(self.tr("The order of the search results"))
        for label, key in zip((self.tr("Most downloaded"), self.tr("Most liked"), self.tr("Recently updated")),
                              SORT_KEYS):
            self.sort_combo.addItem(label, key)
        self.sort_combo.currentIndexChanged.connect(lambda _i: self.search_now())
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(self.tr("Searching"))
        self.busy.hide()
        self.search_message = MessageStrip(self.tr("Search problem"), self)
        self.search_message.retryRequested.connect(self._retry_search)

        self.results = QTreeWidget(self)
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setAccessibleDescription(self.tr("Repositories on the Hugging Face Hub; pick one to see its "
                                                      "files"))
        self.results.setHeaderLabels([self.tr("Repository"), self.tr("Downloads"), self.tr("Likes"),
                                      self.tr("Updated")])
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.header().setStretchLastSection(False)
        self.results.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            self.results.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.results.currentItemChanged.connect(self._on_repo_selected)
        self.no_results = QLabel(self)
        self.no_results.setWordWrap(True)
        self.no_results.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_results.setAccessibleName(self.tr("No search results"))
        self.no_results.hide()
        self.load_more = QPushButton(self.tr("Load more"), self)
        self.load_more.setAccessibleName(self.tr("Load more results"))
        self.load_more.setAccessibleDescription(self.tr("Show the next page of search results"))
        self.load_more.clicked.connect(self._load_more)
        self.load_more.hide()

        self.repo_files = RepoFilesPane(bridge, prompts, self, n_ctx=n_ctx)
        self.repo_files.busyChanged.connect(lambda _busy: self._update_busy())
        self.files = self.repo_files.tree
        self.files_title = self.repo_files.title
        self.files_message = self.repo_files.message

        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.sort_combo)
        top.addWidget(self.busy)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.results, 1)
        left_layout.addWidget(self.no_results, 1)
        left_layout.addWidget(self.load_more)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.repo_files)
        splitter.setSizes([420, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.search_message)
        layout.addWidget(splitter, 1)

        bridge.searchDone.connect(self._on_search_done)
        bridge.searchFailed.connect(self._on_search_failed)

    # -- public API ---------------------------------------------------------------------

    @property
    def best_filename(self) -> str:
        """The file recommended for this computer in the shown repository ("" if none)."""
        return self.repo_files.best_filename

    def search_now(self) -> None:
        """Search for the box's text with the chosen sort (first page)."""
        self._debounce.stop()
        self._run_search(self.search_box.text().strip(), self.sort_combo.currentData(), 0)

    def set_context_length(self, n_ctx: int) -> None:
        """The context length the fit badges are for."""
        self.repo_files.set_context_length(n_ctx)

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
        return self.repo_files.download_buttons()

    def refresh_files(self) -> None:
        """Work out the shown files' estimates again (after the machine was measured again)."""
        self.repo_files.refresh()

    def speed_badges(self) -> dict[str, SpeedBadge]:
        """Each file row's speed badge, by the row's text."""
        return self.repo_files.badges(SpeedBadge)

    def fit_badges(self) -> dict[str, FitBadge]:
        """Each file row's fit badge, by the row's text."""
        return self.repo_files.badges(FitBadge)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Esc in a search field with text clears it (and does not close the window)."""
        if watched is self.search_box and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() == Qt.Key.Key_Escape and self.search_box.text():
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # the key comes to the field, not to the window's Esc-closes shortcut
                else:
                    self._debounce.stop()
                    self.search_box.clear()
                return True
        return super().eventFilter(watched, event)

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
        self.busy.setVisible(bool(self._search_id or self.repo_files.loading()))

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
            self.repo_files.clear()
        for repo in page.repos:
            self.results.addTopLevelItem(self._result_item(repo))
        found = bool(self.results.topLevelItemCount())
        query = self._search_args[0]
        if found:
            self.no_results.clear()
        elif query:
            self.no_results.setText(self.tr("No models match “{query}” on the Hugging Face Hub. "
                                            "Try a shorter or different name.").format(query=query))
        else:
            self.no_results.setText(self.tr("No GGUF models were found on the Hugging Face Hub."))
        self.results.setVisible(found)
        self.no_results.setVisible(not found)
        self.load_more.setVisible(bool(page.has_more))
        self.load_more.setEnabled(True)

    def _result_item(self, repo: Any) -> QTreeWidgetItem:
        item = QTreeWidgetItem([repo.repo_id, format_count(repo.downloads), format_count(repo.likes),
                                format_date(repo.last_modified)])
        item.setData(0, REPO_ROLE, repo.repo_id)
        item.setData(0, RESTRICTED_ROLE, bool(repo.gated or repo.private))
        for column in (1, 2):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if repo.gated:
            item.setToolTip(0, self.tr("{repo} is gated: it needs an access token").format(repo=repo.repo_id))
            item.setText(0, self.tr("{repo}  (gated)").format(repo=repo.repo_id))
        elif repo.private:
            item.setToolTip(0, self.tr("{repo} is private: it needs an access token").format(repo=repo.repo_id))
            item.setText(0, self.tr("{repo}  (private)").format(repo=repo.repo_id))
        return item

    @Slot(int, object, str)
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
            self.repo_files.list_files(str(current.data(0, REPO_ROLE)), bool(current.data(0, RESTRICTED_ROLE)))
