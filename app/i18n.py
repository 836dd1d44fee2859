"""The language Hearth speaks: English, or Simplified Chinese, chosen by the system or in the menu.

Every user-visible string of the app goes through Qt's translation system (``self.tr`` and
``QCoreApplication.translate``). The translations are written in ``resources/translations/*.ts``
(refreshed from the sources by ``make translations``, which runs ``pyside6-lupdate``) and
compiled to ``.qm`` files by ``pyside6-lrelease`` when Hearth is installed or bundled
(``python -m app.i18n compile``). At start-up :func:`install` loads the chosen language's
``.qm`` together with Qt's own translations (standard buttons and dialogs), and makes it the
default locale, so numbers, dates and sizes follow the language too. The choice is read once
per start: changing it in the menu takes effect the next time Hearth starts.

    python -m app.i18n compile   # .ts → .qm (install/bundle time)
    python -m app.i18n update    # re-scan the sources into the .ts files (``make translations``)
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

# The choices of the Language menu and the settings ("system" follows the computer).
LANGUAGES: dict[str, str] = {"system": "System language", "en": "English", "zh_CN": "简体中文"}
TRANSLATED = ("zh_CN",)  # languages with a translation file (English is the source language)
ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "app", ROOT / "model_store")


def translations_dir() -> Path:
    """Where the ``.ts`` sources and compiled ``.qm`` files are (inside a bundle too)."""
    import resources

    return Path(resources.__file__).resolve().parent / "translations"


def ts_path(language: str) -> Path:
    return translations_dir() / f"hearth_{language}.ts"


def qm_path(language: str) -> Path:
    return translations_dir() / f"hearth_{language}.qm"


def resolve(choice: str, system: QLocale | None = None) -> str:
    """The language to use for a menu choice: "en" or one of :data:`TRANSLATED`.

    "system" picks Simplified Chinese for a Chinese system locale written in simplified script
    (mainland China, Singapore, or no script given), English otherwise.
    """
    if choice in TRANSLATED or choice == "en":
        return choice
    locale = system if system is not None else QLocale.system()
    if locale.language() == QLocale.Language.Chinese:
        script = locale.script()
        if script == QLocale.Script.SimplifiedChineseScript:
            return "zh_CN"
        if script == QLocale.Script.AnyScript and locale.territory() not in (
                QLocale.Country.Taiwan, QLocale.Country.HongKong, QLocale.Country.Macao):
            return "zh_CN"
        if script != QLocale.Script.TraditionalChineseScript and locale.territory() in (
                QLocale.Country.China, QLocale.Country.Singapore):
            return "zh_CN"
    return "en"


_installed: list[QTranslator] = []  # kept alive for the life of the application


def install(app: QCoreApplication, choice: str) -> str:
    """Install the translators for ``choice`` (see :data:`LANGUAGES`); returns the language used.

    A missing or unreadable ``.qm`` leaves Hearth in English, with a log line (never an error).
    """
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = resolve(choice)
    if language == "en":
        if choice == "en":
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return "en"
    ours = QTranslator(app)
    if not ours.load(str(qm_path(language))):
        log.warning("no compiled translation at %s: Hearth stays in English (run `make translations-compile`)",
                    qm_path(language))
        return "en"
    app.installTranslator(ours)
    _installed.append(ours)
    qt_own = QTranslator(app)  # Qt's own: OK/Cancel, file dialogs, context menus of text fields
    if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    QLocale.setDefault(QLocale(language))
    return language


# -- build-time tools -----------------------------------------------------------------------


def _tool(name: str) -> str:
    """A Qt linguist tool shipped with PySide6 (``pyside6-lrelease``, ``pyside6-lupdate``)."""
    beside = Path(sys.executable).with_name(f"pyside6-{name}")
    found = str(beside) if beside.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} was not found; install PySide6 (pip install -e .) first.")
    return found


def source_files() -> list[Path]:
    """The Python files whose strings are translated."""
    return sorted(p for folder in SOURCES for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def compile_all() -> list[Path]:
    """Compile every ``.ts`` to its ``.qm`` (what install and bundle time do); returns the files."""
    made = []
    for language in TRANSLATED:
        if not ts_path(language).is_file():
            raise SystemExit(f"the translation source {ts_path(language)} is missing; run `make translations`.")
        subprocess.run([_tool("lrelease"), "-silent", str(ts_path(language)), "-qm", str(qm_path(language))],
                       check=True)
        made.append(qm_path(language))
    return made


def update_all(ts: Path | None = None) -> None:
    """Re-scan the sources into the ``.ts`` files (new strings arrive as unfinished)."""
    files = [str(p) for p in source_files()]
    for language in TRANSLATED:
        target = ts or ts_path(language)
        subprocess.run([_tool("lupdate"), "-silent", *files, "-ts", str(target), "-locations", "none",
                        "-no-obsolete", "-target-language", language], check=True)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "compile":
        for path in compile_all():
            print(f"compiled {path}")
        return 0
    if command == "update":
        update_all()
        print("updated " + ", ".join(str(ts_path(lang)) for lang in TRANSLATED))
        return 0
    print("usage: python -m app.i18n compile|update", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
