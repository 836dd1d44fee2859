"""Small standard dialogs: About, and choosing where to export a chat."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app import __version__

ABOUT_HTML = (
    f"<h3>Hearth {__version__}</h3><p>Private, offline AI chat. Nothing you type leaves this computer.</p>"
    "<p>Built with: llama.cpp (MIT) through llama-cpp-python (MIT); Qt for Python / PySide6 (LGPL-3.0); "
    "Jinja2 (BSD-3-Clause), markdown-it-py (MIT), Pygments (BSD-2-Clause), platformdirs (MIT), "
    "huggingface_hub (Apache-2.0), gguf (MIT).</p>"
    "<p>Starter model: SmolLM2-135M-Instruct by Hugging Face (Apache-2.0).</p>"
)


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About Hearth", ABOUT_HTML)


def choose_export_path(parent: QWidget, title: str) -> Path | None:
    """Ask where to export a chat called ``title``; None when the user cancels."""
    safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in title).strip() or "chat"
    path, _ = QFileDialog.getSaveFileName(parent, "Export chat", str(Path.home() / f"{safe}.md"),
                                          "Markdown (*.md);;JSON (*.json)")
    return Path(path) if path else None


def choose_model_file(parent: QWidget) -> Path | None:
    """Ask for a .gguf file to load; None when the user cancels."""
    path, _ = QFileDialog.getOpenFileName(parent, "Open a model file", str(Path.home()),
                                          "GGUF models (*.gguf);;All files (*)")
    return Path(path) if path else None
