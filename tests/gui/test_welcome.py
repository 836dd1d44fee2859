"""The first-run welcome, its model recommendation and one-click download; the app icon; About."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QBuffer, QIODevice, QObject, Qt, Signal
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import QAbstractButton, QApplication, QProgressBar, QWidget

from app import machine_speed
from app.settings import AppSettings
from app.ui import welcome
from app.ui.welcome import LATER, WelcomePage, maybe_show_welcome, recommend_model
from model_store import fit
from model_store.download import DownloadJob
from model_store.errors import DiskFullError
from model_store.hub import RemoteFile
from model_store.speed import MachineProfile
from model_store.speed_probe import write_profile

GIB = 1024**3
UNREACHABLE = "Hearth cannot reach Hugging Face; check the internet connection."


class FakeBridge(QObject):
    """The parts of ModelStoreBridge the welcome uses; every call is recorded."""

    filesDone = Signal(int, object)
    filesFailed = Signal(int, str, str)
    downloadProgress = Signal(object)
    downloadState = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple] = []
        self.statuses: dict[str, str] = {}
        self.existing: list[DownloadJob] = []
        self.fail_download: Exception | None = None
        self._next = 0

    def list_files(self, repo_id: str) -> int:
        self._next += 1
        self.calls.append(("list_files", repo_id))
        return self._next

    def download(self, remote: RemoteFile) -> DownloadJob:
        self.calls.append(("download", remote.filename))
        if self.fail_download is not None:
            raise self.fail_download
        return job_for(remote, "queued")

    def retry(self, job_id: Any) -> None:
        self.calls.append(("retry", job_id))

    def jobs(self) -> list[DownloadJob]:
        return list(self.existing)

    def download_statuses(self, repo_id: str) -> dict[str, str]:
        return dict(self.statuses)


def remote(model: welcome.SuggestedModel, filename: str | None = None) -> RemoteFile:
    return RemoteFile(repo_id=model.repo_id, filename=filename or model.filename, size=model.size,
                      sha256="ab" * 32, quant="Q4_K_M", revision="abc123")


def job_for(r: RemoteFile, state: str, done: int = 0, error: str = "") -> DownloadJob:
    return DownloadJob(id="job-1", repo_id=r.repo_id, filename=r.filename, url="https://example/x",
                       size=r.size, sha256=r.sha256, state=state, bytes_done=done, error=error)


def set_memory(monkeypatch, gib: float) -> None:
    monkeypatch.setattr(fit, "available_memory", lambda: int(gib * GIB))
    monkeypatch.setattr(fit, "total_memory", lambda: int(gib * GIB))


FAST_MACHINE = MachineProfile(bandwidth=400e9, compute=4e12, threads=2, measured_at=1.8e9)
SLOW_MACHINE = MachineProfile(bandwidth=20e9, compute=60e9, threads=2, measured_at=1.8e9)  # 2 cores, no GPU


@pytest.fixture(autouse=True)
def fast_machine(hearth_home):
    """A computer fast enough for every suggested model (the speed tests below pick others)."""
    write_profile(hearth_home, FAST_MACHINE)


@pytest.fixture
def bridge() -> FakeBridge:
    return FakeBridge()


@pytest.fixture
def dialog(qtbot, bridge, monkeypatch):
    set_memory(monkeypatch, 16)
    dlg = WelcomePage(bridge, starter=Path("/starter.gguf"))
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


# -- first launch ----------------------------------------------------------------------------

def test_first_launch_shows_the_welcome_and_the_second_does_not(make_window, qtbot):
    window = make_window(load=False)
    assert not [d for d in window.findChildren(WelcomePage) if d.isVisible()]  # build_window shows none
    settings = window.settings
    assert settings.welcome_shown is False
    shown = maybe_show_welcome(window, settings)
    assert shown is not None
    qtbot.waitUntil(shown.isVisible)
    shown.start_button.click()
    assert settings.welcome_shown is True
    assert AppSettings.read().welcome_shown is True  # saved at once, not only on quit
    assert maybe_show_welcome(window, settings) is None
    assert maybe_show_welcome(window, AppSettings.read()) is None


def test_welcome_can_be_reopened_and_is_not_duplicated(make_window, qtbot):
    window = make_window(load=False)
    first = welcome.show_welcome(window, AppSettings(welcome_shown=True))
    again = welcome.show_welcome(window, AppSettings(welcome_shown=True))
    assert again is first


def test_the_welcome_is_part_of_the_window_not_a_dialog_over_it(make_window, qtbot):
    window = make_window()
    page = maybe_show_welcome(window, window.settings)
    qtbot.waitUntil(page.isVisible)
    assert page.window() is window and not page.isWindow()
    assert not window.chat.isVisible()               # it takes the chat's place…
    assert window.conversations.isVisible() and window.composer.isVisible()  # …the rest stays usable
    assert QApplication.activeModalWidget() is None
    qtbot.keyClick(page.start_button, Qt.Key.Key_Escape)   # "not now"
    assert window.chat.isVisible() and welcome.shown_welcome(window) is None
    assert AppSettings.read().welcome_shown is True


def test_sending_a_message_ends_the_welcome(make_window, qtbot):
    window = make_window()
    window.engine.enqueue(["Hi", "."])
    welcome.show_welcome(window)
    window.composer.set_text("Hello")
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
    assert welcome.shown_welcome(window) is None and window.chat.isVisible()
    qtbot.waitUntil(lambda: not window.session.busy)
    assert "Hello" in window.chat.browser.toPlainText()
    welcome.show_welcome(window)  # from the Help menu again, then Browse models…
    page = welcome.shown_welcome(window)
    page.models_button.click()
    assert welcome.shown_welcome(window) is None and window.models_window is not None


# -- recommendation --------------------------------------------------------------------------

@pytest.mark.parametrize("gib, name", [(4, "Llama 3.2 3B Instruct"), (16, "Mistral Nemo 12B Instruct"),
                                       (64, "Mistral Small 24B Instruct")])
def test_the_recommendation_depends_on_memory(monkeypatch, gib, name):
    set_memory(monkeypatch, gib)
    pick = recommend_model()
    assert pick is not None and pick.model.name == name
    assert pick.fit.verdict == "fits"
    assert f"this computer's {gib}\u00a0GB" in pick.reason()
    bigger = [m for m in welcome.SUGGESTED_MODELS if m.size > pick.model.size]
    for model in bigger:  # the pick is the largest that fits comfortably
        assert fit.estimate_fit(file_size=model.size, n_params=model.n_params, n_ctx=4096).verdict != "fits"


def test_the_dialog_shows_the_pick_with_its_size_and_why(dialog):
    assert "Mistral Nemo 12B Instruct" in dialog.model_label.text()
    assert "GB download" in dialog.model_label.text()
    assert "fits comfortably in this computer's 16\u00a0GB" in dialog.reason_label.text()
    assert dialog.download_button.isVisible()


@pytest.mark.parametrize("gib", [16, 64])
def test_a_slow_computer_is_recommended_a_model_that_answers_comfortably(qtbot, bridge, monkeypatch, hearth_home,
                                                                         gib):
    """Plenty of memory but two cores and no GPU: never the 24B model that would write a word a second."""
    write_profile(hearth_home, SLOW_MACHINE)
    set_memory(monkeypatch, gib)
    pick = welcome.recommend_for_this_computer()
    assert pick is not None and pick.model.n_params < 2e9, pick
    assert pick.speed is not None and pick.speed.comfortable
    for model in welcome.SUGGESTED_MODELS:
        if model.size > pick.model.size:  # every larger one would crawl or at least not be comfortable
            assert not machine_speed.for_file(model.size, model.filename, model.n_params, quant="Q4_K_M").comfortable
    dlg = WelcomePage(bridge, starter=Path("/starter.gguf"))
    qtbot.addWidget(dlg)
    assert pick.model.name in dlg.model_label.text() and "&nbsp;words/s" in dlg.model_label.text()
    assert "words a second here" in dlg.reason_label.text()


def test_a_computer_too_slow_for_any_suggestion_keeps_the_starter(qtbot, bridge, monkeypatch, hearth_home):
    write_profile(hearth_home, MachineProfile(bandwidth=2e9, compute=5e9, threads=2, measured_at=1.8e9))
    set_memory(monkeypatch, 64)
    assert welcome.recommend_for_this_computer() is None
    dlg = WelcomePage(bridge, starter=Path("/starter.gguf"))
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.download_button.isVisible()
    assert "answer too slowly" in dlg.reason_label.text()


def test_too_little_memory_recommends_nothing(qtbot, bridge, monkeypatch):
    set_memory(monkeypatch, 0.5)
    assert recommend_model() is None
    dlg = WelcomePage(bridge, starter=Path("/starter.gguf"))
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.download_button.isVisible()
    assert "starter model is the best fit" in dlg.reason_label.text()


# -- the starter model ------------------------------------------------------------------------

def test_starter_ready_sentence(dialog):
    assert "starter model is ready" in dialog.starter_label.text()
    assert "Everything stays on this computer" in dialog.privacy_label.text()


def test_missing_starter_is_explained_and_points_to_models(qtbot, bridge, monkeypatch):
    monkeypatch.setenv("HEARTH_STARTER_MODEL", "/nonexistent/starter.gguf")
    dlg = WelcomePage(bridge)
    qtbot.addWidget(dlg)
    assert dlg.starter is None
    assert "not installed" in dlg.starter_label.text()
    assert "Models → Find and download" in dlg.starter_label.text()


def test_browse_models_asks_for_the_models_window(dialog, qtbot):
    with qtbot.waitSignal(dialog.modelsRequested):
        dialog.models_button.click()


# -- download ---------------------------------------------------------------------------------

def test_download_lists_the_repo_queues_the_file_and_shows_progress(dialog, bridge):
    model = dialog.recommendation.model
    dialog.download_button.click()
    assert bridge.calls == [("list_files", model.repo_id)]
    assert not dialog.download_button.isEnabled()
    other = remote(model, "Other-Q8_0.gguf")
    bridge.filesDone.emit(1, [other, remote(model)])
    assert bridge.calls[-1] == ("download", model.filename)
    bridge.downloadProgress.emit(job_for(remote(model), "running", done=model.size // 2))
    assert dialog.progress.isVisible()
    assert dialog.progress.value() == 500
    assert " of " in dialog.status.text()
    bridge.downloadState.emit(job_for(remote(model), "done", done=model.size))
    assert not dialog.progress.isVisible()
    assert dialog.download_button.text() == "Downloaded"
    assert "Library" in dialog.status.text()


def test_other_jobs_and_stale_listings_are_ignored(dialog, bridge):
    model = dialog.recommendation.model
    bridge.downloadProgress.emit(job_for(remote(model, "Unrelated.gguf"), "running", done=5))
    assert not dialog.progress.isVisible()
    dialog.download_button.click()
    bridge.filesDone.emit(99, [remote(model)])
    assert ("download", model.filename) not in bridge.calls


def test_hub_unreachable_is_a_sentence_with_retry(dialog, bridge):
    dialog.download_button.click()
    bridge.filesFailed.emit(1, UNREACHABLE, "unreachable")
    assert UNREACHABLE in dialog.status.text()
    assert LATER in dialog.status.text()
    assert dialog.retry_button.isVisible()
    dialog.retry_button.click()
    repo = dialog.recommendation.model.repo_id
    assert [c for c in bridge.calls if c[0] == "list_files"] == [("list_files", repo)] * 2
    assert not dialog.retry_button.isVisible()


def test_a_failed_download_retries_its_job(dialog, bridge):
    model = dialog.recommendation.model
    dialog.download_button.click()
    bridge.filesDone.emit(1, [remote(model)])
    bridge.downloadState.emit(job_for(remote(model), "failed", error="The connection dropped."))
    assert "The connection dropped." in dialog.status.text()
    dialog.retry_button.click()
    assert bridge.calls[-1] == ("retry", "job-1")


def test_a_refused_download_is_shown(dialog, bridge):
    bridge.fail_download = DiskFullError("There is not enough free disk space for this model.")
    dialog.download_button.click()
    bridge.filesDone.emit(1, [remote(dialog.recommendation.model)])
    assert "not enough free disk space" in dialog.status.text()
    assert dialog.retry_button.isVisible()


def test_a_missing_file_says_where_to_look(dialog, bridge):
    dialog.download_button.click()
    bridge.filesDone.emit(1, [remote(dialog.recommendation.model, "Something-else.gguf")])
    assert "Models → Find and download" in dialog.status.text()


def test_reopening_shows_a_finished_download(qtbot, bridge, monkeypatch):
    set_memory(monkeypatch, 16)
    pick = recommend_model()
    bridge.statuses = {pick.model.filename: "downloaded"}
    dlg = WelcomePage(bridge, starter=None)
    qtbot.addWidget(dlg)
    assert dlg.download_button.text() == "Downloaded" and not dlg.download_button.isEnabled()


def test_every_control_has_an_accessible_name(dialog):
    dialog.download_button.click()
    controls = dialog.findChildren(QAbstractButton) + dialog.findChildren(QProgressBar)
    assert len(controls) >= 5
    for control in controls:
        assert control.accessibleName(), control.text() if isinstance(control, QAbstractButton) else control


# -- icon and About ----------------------------------------------------------------------------

def test_app_icon_has_every_size(qapp):
    from app.ui.icons import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 64, 128, 256, 512}


@pytest.mark.parametrize("name, fmt", [("hearth.ico", b"ico"), ("hearth.icns", b"icns")])
def test_qt_reads_the_ico_and_icns_files(qapp, name, fmt):
    from resources import icon_path

    data = QByteArray(icon_path(name).read_bytes())
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, fmt)
    assert reader.canRead(), reader.errorString()
    sizes = set()
    for _ in range(reader.imageCount()):
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        sizes.add(image.width())
        if not reader.jumpToNextImage():
            break
    assert {16, 32, 256} <= sizes


def test_about_lists_components_with_versions_and_licences(qtbot):
    from PySide6.QtCore import qVersion

    from app.ui.dialogs import show_about

    parent = QWidget()
    qtbot.addWidget(parent)
    box = show_about(parent)
    text = box.text()
    for expected in ("Hearth", "offline", "llama.cpp", "LGPL-3.0", "BSD-2-Clause", "Apache-2.0",
                     "SmolLM2-135M-Instruct", qVersion(), metadata.version("Jinja2")):
        assert expected in text
    assert not box.iconPixmap().isNull()
    box.close()
