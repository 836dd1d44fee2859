"""Every window, walked: each control a person can use has an accessible name (what a screen
reader says), and can be reached from the keyboard.

The walk opens what the menus open (except Quit, About and the file dialogs, which are Qt's own),
every tab of the Models window, the prompt dialog and the welcome, then checks every interactive
widget of every top-level window — shown or hidden, since hidden ones (Stop while idle) are
shown later. ``HEARTH_A11Y_REPORT=<file>`` writes the counts (the figures in docs/).
"""

from __future__ import annotations

import json
import os

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox,
               QAbstractSlider, QAbstractItemView)
# Parts of composite widgets: the composite carries the name (a spin box's line edit, a combo
# box's list, a scroll area's scroll bars, a tab bar's scroll arrows, a table's header and corner).
PART_OF = (QComboBox, QAbstractSpinBox, QTabBar, QAbstractItemView)
# Menu items that open Qt's own modal dialogs (or quit), as the menu writes them (any language).
SKIPPED_ACTIONS = ("&Quit", "&About Hearth", "&Open model file…", "&Export chat…", "Clear saved model &memory…")


def controls(top: QWidget) -> list[QWidget]:
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        if (widget.window() is not top or not isinstance(widget, INTERACTIVE) or isinstance(widget, QScrollBar)
                or widget.objectName().startswith("qt_")):  # Qt's own parts (the menu bar's » button)
            continue
        parent, inside = widget.parentWidget(), False
        while parent is not None and parent is not top.parentWidget():
            if isinstance(parent, PART_OF):
                inside = True
                break
            parent = parent.parentWidget()
        if not inside:
            found.append(widget)
    return found


def describe(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    window = widget.window()
    return (f"{type(widget).__name__} objectName={widget.objectName()!r} text={text!r} "
            f"in {type(window).__name__} {window.windowTitle()!r}")


def open_everything(qtbot, window) -> None:
    skipped = {QCoreApplication.translate("MainMenu", text) for text in SKIPPED_ACTIONS}
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if action.menu() or action.isSeparator() or action.text() in skipped:
                continue
            if action.isEnabled():
                action.trigger()
                qtbot.wait(10)
    models = window.models_window
    if models is not None:
        for tab in ("discover", "downloads", "library"):
            models.show_tab(tab)
            qtbot.wait(10)
        listed = models.bridge.registry.models()
        if listed:
            models.open_quantize(listed[0])  # the Quantize dialog (None where quantizing is unavailable)
    window.prompt_actions.show_prompt()
    qtbot.wait(10)


def test_every_control_in_every_window_has_an_accessible_name(qtbot, make_window):
    window = make_window()
    window.engine.enqueue(["Hello", " there."])
    window.composer.set_text("Hi")
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10_000)
    open_everything(qtbot, window)

    tops = list({id(w): w for w in QApplication.topLevelWidgets()
                 if w.isVisible() and not isinstance(w, QMenu) and w.window() is w}.values())
    assert len(tops) >= 4, [type(t).__name__ for t in tops]  # the main, Models, server, prompt… windows
    every = [c for top in tops for c in controls(top)]
    unnamed = [describe(c) for c in every if not c.accessibleName().strip()]
    described = [c for c in every if c.accessibleDescription().strip()]
    keyboard = [c for c in every if c.focusPolicy() & Qt.FocusPolicy.TabFocus]
    tabs_unnamed = [f"tab {i} of {describe(bar)}" for top in tops for bar in top.findChildren(QTabBar)
                    for i in range(bar.count()) if not bar.tabText(i).strip()]
    report = {"windows": sorted({type(t).__name__ for t in tops}), "controls": len(every),
              "named": len(every) - len(unnamed), "described": len(described),
              "tab_focus": len(keyboard)}
    print(f"\naccessibility walk: {report}")
    if os.environ.get("HEARTH_A11Y_REPORT"):
        with open(os.environ["HEARTH_A11Y_REPORT"], "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=2)
    assert not unnamed and not tabs_unnamed, (
        f"{len(unnamed)} of {len(every)} controls have no accessible name:\n" + "\n".join(unnamed + tabs_unnamed))
