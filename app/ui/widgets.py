"""Small widgets and helpers shared by the side panels.

:class:`ParamsForm` turns a bounded params dataclass (see :mod:`app.engine.params`)
into a labelled form of spin boxes whose ranges, steps, decimals, labels, tooltips and
special-value texts all come from the field's :class:`~app.engine.params.Bound` (the texts
in the person's language, through :mod:`app.ui.param_texts`). Nothing here hard-codes a range.

The side panels scroll: :func:`scroll_safe` keeps a number or choice box from taking the
mouse wheel meant for the panel unless the person has clicked or tabbed into it.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from app.engine.params import Bound, bounded_fields
from app.ui.param_texts import bound_texts


def is_integer_field(f: dataclasses.Field) -> bool:
    """Whether a bounded field holds whole numbers (same rule the params validation uses)."""
    return isinstance(f.default, int) and not isinstance(f.default, bool)


def make_spin_box(bound: Bound, integer: bool, parent: QWidget | None = None, name: str = "") -> QAbstractSpinBox:
    """Build a spin box whose range, step, decimals, texts and tooltip come from ``bound``
    (the texts translated when ``name``, the field's name, is one :mod:`app.ui.param_texts` knows)."""
    texts = bound_texts(name, bound)
    spin: QSpinBox | QDoubleSpinBox
    if integer:
        spin = QSpinBox(parent)
        spin.setRange(int(bound.minimum), int(bound.maximum))
        spin.setSingleStep(max(1, int(bound.step)))
    else:
        spin = QDoubleSpinBox(parent)
        spin.setDecimals(bound.decimals)
        spin.setRange(bound.minimum, bound.maximum)
        spin.setSingleStep(bound.step)
    tooltip = texts.help
    if bound.special is not None:
        value = bound.special[0]
        text = texts.special or bound.special[1]
        if value == bound.minimum:
            spin.setSpecialValueText(text)
        else:  # Qt only shows special text at the minimum; explain the value instead.
            tooltip = QCoreApplication.translate("ParamsForm", "{help} ({value}: {meaning})").format(
                help=tooltip, value=_format(value, bound), meaning=text).strip()
    spin.setAccelerated(True)
    spin.setToolTip(tooltip)
    spin.setAccessibleName(texts.label)
    spin.setAccessibleDescription(texts.help)
    return scroll_safe(spin)


class _WheelGuard(QObject):
    """Passes a wheel event over an unfocused field on to its parents (the scroll area)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()  # ignored and filtered: Qt offers it to the parent widgets instead
            return True
        return super().eventFilter(watched, event)


def scroll_safe[Field: QWidget](field: Field) -> Field:
    """Make ``field`` (a spin box or combo box) change with the mouse wheel only once it has
    keyboard focus (a click or Tab); until then the wheel scrolls whatever holds it. Returns ``field``."""
    field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the default, WheelFocus, would take focus on a scroll
    field.installEventFilter(_WheelGuard(field))
    return field


def _format(value: float, bound: Bound) -> str:
    return f"{value:.{bound.decimals}f}" if bound.decimals else str(int(value))


def debounce(parent: QObject, msec: int, slot: Callable[[], None]) -> QTimer:
    """A single-shot timer that calls ``slot`` ``msec`` after its last ``start()``."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msec)
    timer.timeout.connect(slot)
    return timer


def flush(timer: QTimer) -> None:
    """Run a pending debounced call now (so a user's last edit is never lost)."""
    if timer.isActive():
        timer.stop()
        timer.timeout.emit()


class ParamsForm(QWidget):
    """A form with one labelled spin box per bounded field of a params dataclass.

    Labels sit on the left and fields on the right; extra rows can be appended with
    :meth:`add_row`. The form shows values; it keeps no other state.

    Signals:
        edited(): the user changed a value (never emitted by :meth:`set_values`).
    """

    edited = Signal()

    def __init__(self, params_cls: type, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self._spins: dict[str, QAbstractSpinBox] = {}
        self._bounds: dict[str, Bound] = {}
        self._integer: dict[str, bool] = {}
        self._tooltips: dict[str, str] = {}
        for f, bound in bounded_fields(params_cls):
            integer = is_integer_field(f)
            spin = make_spin_box(bound, integer, self, f.name)
            spin.setObjectName(f.name)
            spin.valueChanged.connect(self.edited)
            self._spins[f.name] = spin
            self._bounds[f.name] = bound
            self._integer[f.name] = integer
            self._tooltips[f.name] = spin.toolTip()
            texts = bound_texts(f.name, bound)
            self.add_row(texts.label, spin, texts.help)

    def add_row(self, label: str, field: QWidget, tooltip: str = "", at: int = -1) -> QLabel:
        """Add a ``label: field`` row at the end (or at row ``at``); sets the label's buddy."""
        text = QLabel(label, self)
        text.setBuddy(field)
        if tooltip:
            text.setToolTip(tooltip)
        self._layout.insertRow(at, text, field)
        return text

    def spin(self, name: str) -> QAbstractSpinBox:
        """The spin box for the field called ``name``."""
        return self._spins[name]

    def names(self) -> list[str]:
        return list(self._spins)

    def set_field_enabled(self, name: str, enabled: bool, reason: str = "") -> None:
        """Enable or disable one field; while disabled its tooltip is ``reason`` (if given)."""
        spin = self._spins[name]
        spin.setEnabled(enabled)
        spin.setToolTip(self._tooltips[name] if enabled or not reason else reason)

    def values(self) -> dict[str, Any]:
        """The shown values by field name (ints for whole-number fields)."""
        out: dict[str, Any] = {}
        for name, spin in self._spins.items():
            value = spin.value()  # type: ignore[attr-defined]
            if self._integer[name]:
                out[name] = int(value)
            else:
                out[name] = round(float(value), self._bounds[name].decimals)
        return out

    def set_values(self, params: Any) -> None:
        """Show the bounded fields of ``params`` without emitting :attr:`edited`."""
        for name, spin in self._spins.items():
            blocker = QSignalBlocker(spin)
            spin.setValue(getattr(params, name))  # type: ignore[attr-defined]
            blocker.unblock()


class ElidedLabel(QLabel):
    """A one-line label that gives up width gracefully: too long, it ends in "…" and the whole
    text is in its tool tip (and said to screen readers), instead of widening the window."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text)
        self.setAccessibleDescription(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.fontMetrics().horizontalAdvance("…") * 8, super().minimumSizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()), shown)

