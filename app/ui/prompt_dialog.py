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
from app.ui.model_common import format_number

MAX_TEMPLATE_FILE_BYTES = 1024 * 1024


def _code_editor(parent: QWidget, name: str, description: str, read_only: bool) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    edit.setReadOnly(read_only)
    edit.setTabChangesFocus(True)
    edit.setAccessibleName(name)
    edit.setAccessibleDescription(description)
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
        self.setWindowTitle(self.tr("Prompt and template"))
        self.resize(760, 560)
        self._origin = QLabel("", self)
        self._origin.setWordWrap(True)
        self._origin.setAccessibleName(self.tr("Template in use"))
        self._tabs = QTabWidget(self)
        self._tabs.setAccessibleName(self.tr("Prompt and template"))

        prompt_page = QWidget(self._tabs)
        self._prompt = _code_editor(prompt_page, self.tr("Prompt text"),
                                    self.tr("The exact text the model reads before its next answer"), read_only=True)
        self._prompt_note = QLabel("", prompt_page)
        self._prompt_note.setWordWrap(True)
        prompt_layout = QVBoxLayout(prompt_page)
        prompt_layout.addWidget(self._prompt_note)
        prompt_layout.addWidget(self._prompt, 1)
        self._tabs.addTab(prompt_page, self.tr("Prompt"))

        template_page = QWidget(self._tabs)
        self._template = _code_editor(template_page, self.tr("Chat template"),
                                      self.tr("The Jinja template that turns the chat into the prompt; "
                                              "you may edit or replace it"), read_only=False)
        self._template.setPlaceholderText(self.tr("Paste a Jinja chat template here, or open a file"))
        self._error = QLabel("", template_page)
        self._error.setWordWrap(True)
        self._error.setAccessibleName(self.tr("Template problem"))
        self._error.setStyleSheet("color: #cf222e;")
        self._error.hide()
        open_button = QPushButton(self.tr("Open file…"), template_page)
        open_button.setAccessibleName(self.tr("Open a chat template file"))
        open_button.setToolTip(self.tr("Read a chat template from a .jinja or text file"))
        open_button.setAccessibleDescription(open_button.toolTip())
        open_button.clicked.connect(self._open_file)
        self._apply = QPushButton(self.tr("Use this template"), template_page)
        self._apply.setAccessibleName(self.tr("Use this template"))
        self._apply.setToolTip(self.tr("Check this template and use it for this model from now on"))
        self._apply.setAccessibleDescription(self._apply.toolTip())
        self._apply.clicked.connect(self._apply_clicked)
        self._reset = QPushButton(self.tr("Use the model's own"), template_page)
        self._reset.setAccessibleName(self.tr("Use the model's own template"))
        self._reset.setToolTip(self.tr("Forget your template and use the one in the model's file"))
        self._reset.setAccessibleDescription(self._reset.toolTip())
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
        self._tabs.addTab(template_page, self.tr("Template"))

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._origin)
        layout.addWidget(self._tabs, 1)
        layout.addWidget(close)

    # -- what the window tells it ------------------------------------------------------------

    def set_model(self, info: ModelInfo | None) -> None:
        """Show the template the loaded model uses and why."""
        if info is None:
            self._origin.setText(self.tr("No model is loaded."))
            self._template.setPlainText("")
            self._apply.setEnabled(False)
            self._reset.setEnabled(False)
            return
        text = {"model": self.tr("The model's own chat template (from its GGUF file)."),
                "override": self.tr("Your chat template for this model."),
                "fallback": self.tr("ChatML: Hearth's stand-in, because the model's own template cannot be used."),
                }.get(info.template_origin, "")
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
        if lines == 1:  # a rendered prompt is never a single character: its template adds markup
            note = self.tr("Exactly what the model reads before its next answer in this chat: "
                           "{characters} characters on one line.")
        else:
            note = self.tr("Exactly what the model reads before its next answer in this chat: "
                           "{characters} characters on {lines} lines.")
        self._prompt_note.setText(note.format(characters=format_number(len(text)), lines=format_number(lines)))

    def show_template_error(self, sentence: str) -> None:
        self._error.setText(sentence)
        self._error.setVisible(bool(sentence))

    def prompt_text(self) -> str:
        return self._prompt.toPlainText()

    # -- the person's actions ----------------------------------------------------------------

    def _apply_clicked(self) -> None:
        text = self._template.toPlainText()
        if not text.strip():
            self.show_template_error(self.tr("The template is empty. Paste one, open a file, or use the model's own."))
            return
        problem = check_template(text)
        self.show_template_error(problem)
        if not problem:
            self.templateChosen.emit(text)

    def _open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a chat template"), "",
                                              self.tr("Chat templates ({patterns});;All files ({all})").format(
                                                  patterns="*.jinja *.j2 *.txt", all="*"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        """Put a template file's text in the editor (not used until "Use this template")."""
        try:
            if path.stat().st_size > MAX_TEMPLATE_FILE_BYTES:
                self.show_template_error(self.tr("{file} is too large to be a chat template.").format(file=path.name))
                return False
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.show_template_error(self.tr("{file} is not a text file (it is not UTF-8).").format(file=path.name))
            return False
        except OSError as exc:
            self.show_template_error(self.tr("Could not read {file}: {reason}.").format(
                file=path.name, reason=exc.strerror or exc))
            return False
        self._template.setPlainText(text)
        self._tabs.setCurrentIndex(1)
        self.show_template_error("")
        return True
