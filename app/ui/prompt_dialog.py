"""The "Prompt and template" dialog: what the model really reads, and the template behind it.

The **Prompt** tab shows, byte for byte, the text the model receives for the next answer in
this chat (system prompt, earlier turns, the template's markup and its generation prompt).
The **Template** tab shows the chat template in use — the model's own, the person's own, or
ChatML when the model's cannot be used, with the reason — and lets the person replace it with
a file or pasted text. A replacement is checked in the template sandbox before it is used.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.engine.templates import check_template
from app.engine.types import ModelInfo

MAX_TEMPLATE_FILE_BYTES = 1024 * 1024
_ORIGIN_TEXT = {
    "model": "The model's own chat template (from its GGUF file).",
    "override": "Your chat template for this model.",
    "fallback": "ChatML: Hearth's stand-in, because the model's own template cannot be used.",
}


def _code_editor(parent: QWidget, name: str, read_only: bool) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    edit.setReadOnly(read_only)
    edit.setTabChangesFocus(True)
    edit.setAccessibleName(name)
    return edit


class PromptDialog(QDialog):
    """Shows the exact prompt of the open chat and the chat template; offers to replace it.

    Signals:
        templateChosen(object): a template text the person wants to use (already checked), or
            None for the model's own again.
        refreshRequested(): the prompt should be rendered again (after a template change).
    """

    templateChosen = Signal(object)
    refreshRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Prompt and template")
        self.resize(760, 560)
        self._origin = QLabel("", self)
        self._origin.setWordWrap(True)
        self._origin.setAccessibleName("Template in use")
        self._tabs = QTabWidget(self)
        self._tabs.setAccessibleName("Prompt and template")

        prompt_page = QWidget(self._tabs)
        self._prompt = _code_editor(prompt_page, "Prompt text", read_only=True)
        self._prompt_note = QLabel("", prompt_page)
        self._prompt_note.setWordWrap(True)
        prompt_layout = QVBoxLayout(prompt_page)
        prompt_layout.addWidget(self._prompt_note)
        prompt_layout.addWidget(self._prompt, 1)
        self._tabs.addTab(prompt_page, "Prompt")

        template_page = QWidget(self._tabs)
        self._template = _code_editor(template_page, "Chat template", read_only=False)
        self._template.setPlaceholderText("Paste a Jinja chat template here, or open a file")
        self._error = QLabel("", template_page)
        self._error.setWordWrap(True)
        self._error.setAccessibleName("Template problem")
        self._error.setStyleSheet("color: #cf222e;")
        self._error.hide()
        open_button = QPushButton("Open file…", template_page)
        open_button.setToolTip("Read a chat template from a .jinja or text file")
        open_button.clicked.connect(self._open_file)
        self._apply = QPushButton("Use this template", template_page)
        self._apply.setToolTip("Check this template and use it for this model from now on")
        self._apply.clicked.connect(self._apply_clicked)
        self._reset = QPushButton("Use the model's own", template_page)
        self._reset.setToolTip("Forget your template and use the one in the model's file")
        self._reset.clicked.connect(lambda: self.templateChosen.emit(None))
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addStretch(1)
        buttons.addWidget(self._reset)
        buttons.addWidget(self._apply)
        template_layout = QVBoxLayout(template_page)
        template_layout.addWidget(self._template, 1)
        template_layout.addWidget(self._error)
        template_layout.addLayout(buttons)
        self._tabs.addTab(template_page, "Template")

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._origin)
        layout.addWidget(self._tabs, 1)
        layout.addWidget(close)

    # -- what the window tells it ------------------------------------------------------------

    def set_model(self, info: ModelInfo | None) -> None:
        """Show the template the loaded model uses and why."""
        if info is None:
            self._origin.setText("No model is loaded.")
            self._template.setPlainText("")
            self._apply.setEnabled(False)
            self._reset.setEnabled(False)
            return
        text = _ORIGIN_TEXT.get(info.template_origin, "")
        if info.template_warning:
            text = f"{text} {info.template_warning}"
        self._origin.setText(text)
        self._template.setPlainText(info.chat_template)
        self._apply.setEnabled(True)
        self._reset.setEnabled(info.template_origin == "override")
        self.show_template_error("")

    def set_prompt(self, text: str, error: str = "") -> None:
        """Show the rendered prompt (or why it could not be rendered)."""
        if error:
            self._prompt.setPlainText("")
            self._prompt_note.setText(error)
            return
        self._prompt.setPlainText(text)
        lines = text.count("\n") + 1 if text else 0
        self._prompt_note.setText(f"Exactly what the model reads before its next answer in this chat: "
                                  f"{len(text):,} characters on {lines:,} lines.")

    def show_template_error(self, sentence: str) -> None:
        self._error.setText(sentence)
        self._error.setVisible(bool(sentence))

    def prompt_text(self) -> str:
        return self._prompt.toPlainText()

    # -- the person's actions ----------------------------------------------------------------

    def _apply_clicked(self) -> None:
        text = self._template.toPlainText()
        if not text.strip():
            self.show_template_error("The template is empty. Paste one, open a file, or use the model's own.")
            return
        problem = check_template(text)
        self.show_template_error(problem)
        if not problem:
            self.templateChosen.emit(text)

    def _open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a chat template", "",
                                              "Chat templates (*.jinja *.j2 *.txt);;All files (*)")
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        """Put a template file's text in the editor (not used until "Use this template")."""
        try:
            if path.stat().st_size > MAX_TEMPLATE_FILE_BYTES:
                self.show_template_error(f"{path.name} is too large to be a chat template.")
                return False
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.show_template_error(f"{path.name} is not a text file (it is not UTF-8).")
            return False
        except OSError as exc:
            self.show_template_error(f"Could not read {path.name}: {exc.strerror or exc}.")
            return False
        self._template.setPlainText(text)
        self._tabs.setCurrentIndex(1)
        self.show_template_error("")
        return True
