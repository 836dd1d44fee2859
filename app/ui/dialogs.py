"""Small standard dialogs: About, and choosing where to export a chat."""

from __future__ import annotations

from html import escape
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app import __version__
from model_store.starter import starter_model_path


def privacy_sentence() -> str:
    """What Hearth promises about privacy, in one sentence."""
    return QCoreApplication.translate("dialogs", "Private, offline AI chat: your chats and your models stay on "
                                      "this computer, and nothing you type is sent anywhere.")


# (shown name, distribution to read the version from or None, licence)
COMPONENTS: tuple[tuple[str, str | None, str], ...] = (
    ("llama.cpp", None, "MIT"),
    ("llama-cpp-python", "llama_cpp_python", "MIT"),
    ("Qt 6", None, "LGPL-3.0"),
    ("PySide6", None, "LGPL-3.0"),
    ("Jinja2", "Jinja2", "BSD-3-Clause"),
    ("markdown-it-py", "markdown-it-py", "MIT"),
    ("Pygments", "Pygments", "BSD-2-Clause"),
    ("platformdirs", "platformdirs", "MIT"),
    ("huggingface_hub", "huggingface_hub", "Apache-2.0"),
    ("gguf", "gguf", "MIT"),
    ("requests", "requests", "Apache-2.0"),
    ("numpy", "numpy", "BSD-3-Clause"),
    ("SmolLM2-135M-Instruct", None, "Apache-2.0"),
)


def _bundled() -> str:
    return QCoreApplication.translate("dialogs", "bundled")


def _dist_version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return _bundled()


def component_versions() -> list[tuple[str, str, str]]:
    """(name, installed version or "bundled" in the language in use, licence) for every bundled component."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    rows = []
    for name, dist, licence in COMPONENTS:
        if name == "llama.cpp":
            version = _bundled()
        elif name == "Qt 6":
            version = qVersion()
        elif name == "PySide6":
            version = pyside_version
        elif name.startswith("SmolLM2"):
            version = (QCoreApplication.translate("dialogs", "installed") if starter_model_path() is not None
                       else QCoreApplication.translate("dialogs", "not installed"))
        elif dist is None:
            version = _bundled()
        else:
            version = _dist_version(dist)
        rows.append((name, version, licence))
    return rows


def about_html() -> str:
    """The About box's text: name, version, privacy, and the components with licences."""
    cell = "<td nowrap style='padding-right:14px'>"
    rows = "".join(f"<tr>{cell}{escape(name)}</td>{cell}{escape(version)}</td><td nowrap>{escape(licence)}</td></tr>"
                   for name, version, licence in component_versions())
    built_with = QCoreApplication.translate("dialogs", "Built with")
    credits = QCoreApplication.translate(
        "dialogs", "llama.cpp comes inside llama-cpp-python. The starter model, SmolLM2-135M-Instruct, is by "
        "Hugging Face. Qt and PySide6 are used under the LGPL-3.0: you may replace them with your own build.")
    return (f"<h3>Hearth {escape(__version__)}</h3><p>{escape(privacy_sentence())}</p>"
            f"<p><b>{escape(built_with)}</b></p><table cellspacing='0' cellpadding='2'>{rows}</table>"
            f"<p>{escape(credits)}</p>")


def show_about(parent: QWidget) -> QMessageBox:
    """The About box, with the app icon (window-modal; returned for tests)."""
    from app.ui.icons import app_icon

    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("dialogs", "About Hearth"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_html())
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 420px; }")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def documents_folder() -> Path:
    """The person's Documents folder (their home folder when the system names none)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def choose_export_path(parent: QWidget, title: str) -> Path | None:
    """Ask where to export a chat called ``title`` (starting in Documents); None when the user cancels."""
    safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in title).strip() or "chat"
    path, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("dialogs", "Export chat"), str(documents_folder() / f"{safe}.md"),
        QCoreApplication.translate("dialogs", "Markdown (*.md);;JSON (*.json)"))
    return Path(path) if path else None


def choose_model_file(parent: QWidget) -> Path | None:
    """Ask for a .gguf file to load; None when the user cancels."""
    path, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("dialogs", "Open a model file"), str(Path.home()),
        QCoreApplication.translate("dialogs", "GGUF models (*.gguf);;All files (*)"))
    return Path(path) if path else None
