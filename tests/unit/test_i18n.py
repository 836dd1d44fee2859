"""Which language Hearth picks, and installing its translation (English when there is none)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from app import i18n

L, S, C = QLocale.Language, QLocale.Script, QLocale.Country


@pytest.mark.parametrize("locale, expected", [
    (QLocale(L.Chinese, S.SimplifiedChineseScript, C.China), "zh_CN"),
    (QLocale(L.Chinese, C.Singapore), "zh_CN"),
    (QLocale("zh_CN"), "zh_CN"),
    (QLocale(L.Chinese, S.TraditionalChineseScript, C.Taiwan), "en"),
    (QLocale(L.Chinese, C.HongKong), "en"),
    (QLocale(L.English, C.UnitedStates), "en"),
    (QLocale(L.German, C.Germany), "en"),
])
def test_the_system_language_decides_when_asked_to(locale, expected):
    assert i18n.resolve("system", locale) == expected


def test_an_explicit_choice_wins_over_the_system():
    chinese = QLocale(L.Chinese, C.China)
    assert i18n.resolve("en", chinese) == "en"
    assert i18n.resolve("zh_CN", QLocale(L.English, C.UnitedStates)) == "zh_CN"


@pytest.fixture
def restore_locale():
    before = QLocale()
    yield
    QLocale.setDefault(before)
    i18n.install(QCoreApplication.instance(), "en")


def test_a_missing_translation_leaves_hearth_in_english(qapp, tmp_path, monkeypatch, restore_locale, caplog):
    monkeypatch.setattr(i18n, "qm_path", lambda language: tmp_path / f"hearth_{language}.qm")
    assert i18n.install(qapp, "zh_CN") == "en"
    assert "stays in English" in caplog.text


def test_an_installed_translation_translates_and_sets_the_locale(qapp, tmp_path, monkeypatch, restore_locale):
    ts = tmp_path / "hearth_zh_CN.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="zh_CN">'
                  "<context><name>Probe</name><message><source>New chat</source>"
                  "<translation>新对话</translation></message></context></TS>", encoding="utf-8")
    monkeypatch.setattr(i18n, "ts_path", lambda language: tmp_path / f"hearth_{language}.ts")
    monkeypatch.setattr(i18n, "qm_path", lambda language: tmp_path / f"hearth_{language}.qm")
    i18n.compile_all()
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    assert QCoreApplication.translate("Probe", "New chat") == "新对话"
    assert QLocale().language() == L.Chinese
    assert i18n.install(qapp, "en") == "en"  # switching back removes it
    assert QCoreApplication.translate("Probe", "New chat") == "New chat"
