"""The Simplified Chinese translation is complete for the current sources.

A re-scan of the sources with ``pyside6-lupdate`` (what ``make translations`` runs) must find
nothing new and leave nothing unfinished; every translation keeps its source's ``{placeholders}``
(a missing one would raise or lose a value in ``str.format``) and compiles with ``lrelease``.
``HEARTH_I18N_REPORT=<file>`` writes the counts (the figures in docs/).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from app import i18n

PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*(?:[:!][^{}]*)?\}")


def messages(path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {(ctx.findtext("name"), msg.findtext("source")): msg.find("translation")
            for ctx in root.iter("context") for msg in ctx.iter("message")}


@pytest.fixture(scope="module")
def rescanned(tmp_path_factory):
    copy = tmp_path_factory.mktemp("ts") / "hearth_zh_CN.ts"
    shutil.copyfile(i18n.ts_path("zh_CN"), copy)
    i18n.update_all(ts=copy)
    return copy


def test_a_rescan_finds_no_new_or_vanished_strings(rescanned):
    before, after = messages(i18n.ts_path("zh_CN")), messages(rescanned)
    new = sorted(set(after) - set(before))
    gone = sorted(set(before) - set(after))
    assert not new, f"{len(new)} strings are not in the translation yet (run `make translations`): {new[:20]}"
    assert not gone, f"{len(gone)} translated strings are no longer in the sources (run `make translations`): {gone[:20]}"


def test_every_string_is_translated_and_keeps_its_placeholders(rescanned):
    found = messages(rescanned)
    unfinished = [key for key, tr in found.items() if tr is None or tr.get("type") in ("unfinished", "vanished",
                                                                                      "obsolete") or not (tr.text or "").strip()]
    broken = [(key, tr.text) for key, tr in found.items() if tr is not None and tr.text
              and sorted(PLACEHOLDER.findall(key[1])) != sorted(PLACEHOLDER.findall(tr.text))]
    report = {"strings": len(found), "translated": len(found) - len(unfinished)}
    if os.environ.get("HEARTH_I18N_REPORT"):
        with open(os.environ["HEARTH_I18N_REPORT"], "w", encoding="utf-8") as fh:
            json.dump(report, fh)
    assert not unfinished, f"{len(unfinished)} of {len(found)} strings have no translation: {unfinished[:20]}"
    assert not broken, f"translations that change the placeholders: {broken[:10]}"


def test_it_compiles(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "qm_path", lambda language: tmp_path / f"hearth_{language}.qm")
    made = i18n.compile_all()
    assert [p.stat().st_size > 1000 for p in made] == [True]
