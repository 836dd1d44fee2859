"""Light and dark appearance that follows the operating system (or the user's choice)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else Qt.ColorScheme.Unknown
    if scheme == Qt.ColorScheme.Unknown:
        return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return scheme == Qt.ColorScheme.Dark


def resolve_dark(theme: str) -> bool:
    """``theme`` is "system", "light" or "dark"."""
    return system_is_dark() if theme == "system" else theme == "dark"


def apply_palette(app: QApplication, dark: bool) -> None:
    """Fusion style with a calm light or dark palette."""
    app.setStyle("Fusion")
    p = QPalette()
    if dark:
        colors = {
            QPalette.ColorRole.Window: "#24262a", QPalette.ColorRole.WindowText: "#e6e6e6",
            QPalette.ColorRole.Base: "#141517", QPalette.ColorRole.AlternateBase: "#25272b",
            QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#2b2d31",
            QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#d9822b",
            QPalette.ColorRole.HighlightedText: "#111111", QPalette.ColorRole.ToolTipBase: "#2b2d31",
            QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#8a8d93",
            QPalette.ColorRole.Link: "#f0a35e", QPalette.ColorRole.Mid: "#3a3d42",
            QPalette.ColorRole.Midlight: "#34373c", QPalette.ColorRole.Dark: "#111214",
        }
    else:
        colors = {
            QPalette.ColorRole.Window: "#f4f2ef", QPalette.ColorRole.WindowText: "#1d1d1f",
            QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f7f5f2",
            QPalette.ColorRole.Text: "#1d1d1f", QPalette.ColorRole.Button: "#ebe8e4",
            QPalette.ColorRole.ButtonText: "#1d1d1f", QPalette.ColorRole.Highlight: "#b3561a",
            QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#ffffff",
            QPalette.ColorRole.ToolTipText: "#1d1d1f", QPalette.ColorRole.PlaceholderText: "#6e6e73",
            QPalette.ColorRole.Link: "#9c4a0c", QPalette.ColorRole.Mid: "#cfcac4",
            QPalette.ColorRole.Midlight: "#e2ddd7", QPalette.ColorRole.Dark: "#a9a49e",
        }
    for role, value in colors.items():
        p.setColor(role, QColor(value))
    disabled = QColor("#6b6e73" if dark else "#a0a0a5")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    app.setPalette(p)
