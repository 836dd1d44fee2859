"""The line under the model manager that says what the speed badges are based on, with
"Measure again" (the machine probe runs on a pool thread; the window never waits)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app import machine_speed
from app.ui.model_common import format_decimal, format_number


class _Done(QObject):
    finished = Signal(object)


class _Probe(QRunnable):
    def __init__(self, measure: Callable[[], Any], done: _Done) -> None:
        super().__init__()
        self._measure, self._done = measure, done

    def run(self) -> None:
        try:
            result: Any = self._measure()
        except Exception as exc:  # noqa: BLE001 - reported as a sentence, never raised into Qt
            result = exc
        self._done.finished.emit(result)


def basis_text(profile: Any) -> str:
    """What the speeds are based on, as a sentence (a :class:`~model_store.speed.MachineProfile`)."""
    translate = QCoreApplication.translate
    if profile is None or not profile.measured:
        return translate("SpeedStrip", "Speeds are rough estimates until this computer has been measured.")
    cores = (translate("SpeedStrip", "1 core") if profile.threads == 1
             else translate("SpeedStrip", "{n} cores").format(n=format_number(profile.threads)))
    date = QDateTime.fromSecsSinceEpoch(int(profile.measured_at)).date()
    values = {"bandwidth": format_decimal(profile.bandwidth / 1e9, 1),
              "compute": format_number(round(profile.compute / 1e9)), "cores": cores,
              "date": QLocale().toString(date, translate("SpeedStrip", "d MMM yyyy"))}
    if not profile.gpu_name:
        return translate("SpeedStrip", "Speeds are estimated for this computer: memory {bandwidth} GB/s, arithmetic "
                         "{compute} GFLOPS on {cores} ({date}), corrected by the models that ran here.").format(**values)
    gpu_speed = (translate("SpeedStrip", "{n} GB/s").format(n=format_number(round(profile.gpu_bandwidth / 1e9)))
                 if profile.gpu_bandwidth else translate("SpeedStrip", "speed unknown"))
    return translate("SpeedStrip", "Speeds are estimated for this computer: memory {bandwidth} GB/s, arithmetic "
                     "{compute} GFLOPS on {cores} ({date}); GPU {gpu} ({gpu_speed}), corrected by the models that "
                     "ran here.").format(gpu=profile.gpu_name, gpu_speed=gpu_speed, **values)


class SpeedStrip(QWidget):
    """"Speeds are estimated for this computer: …" and "Measure again".

    Signals:
        remeasured(): a new measurement was saved (the badges should be worked out again).
    """

    remeasured = Signal()

    def __init__(self, parent: QWidget | None = None, *, measure: Callable[[], Any] = machine_speed.remeasure,
                 current: Callable[[], Any] = machine_speed.measured_profile) -> None:
        super().__init__(parent)
        self._measure = measure
        self._current = current
        self._before = 0.0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._done = _Done(self)
        self._done.finished.connect(self._on_finished)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("What the speeds are based on"))
        self.button = QPushButton(self.tr("Measure again"), self)
        self.button.setAccessibleName(self.tr("Measure this computer's speed again"))
        self.button.setToolTip(self.tr("Measure memory bandwidth and arithmetic speed again (about a second); "
                                       "do it when the computer is otherwise idle"))
        self.button.setAccessibleDescription(self.button.toolTip())
        self.button.clicked.connect(self.measure)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.refresh()

    def refresh(self) -> None:
        """Show the cached measurement (or say there is none yet)."""
        try:
            self.label.setText(basis_text(self._current()))
        except Exception:  # noqa: BLE001 - an unreadable cache reads as "not measured"
            self.label.setText(basis_text(None))

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.refresh()
        super().showEvent(event)

    @Slot()
    def measure(self) -> None:
        """Measure again on a pool thread; the button waits meanwhile."""
        self.button.setEnabled(False)
        try:
            before = self._current()
        except Exception:  # noqa: BLE001
            before = None
        self._before = before.measured_at if before is not None else 0.0
        self.label.setText(self.tr("Measuring this computer's speed…"))
        self._pool.start(_Probe(self._measure, self._done))

    def wait(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        self.button.setEnabled(True)
        if isinstance(result, Exception) or result is None or not result.measured \
                or result.measured_at == self._before:
            self.refresh()
            self.label.setText(self.tr("{basis} The measurement was discarded (the computer was busy); try again "
                                       "when it is idle.").format(basis=self.label.text()))
            return
        self.label.setText(basis_text(result))
        self.remeasured.emit()
