"""Sentences from below the UI: English as they are, translated by localize() when shown."""

from __future__ import annotations

import pickle

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from app.ui.texts import localize, localize_error
from model_store.errors import DiskFullError, HearthError
from model_store.fit import FitEstimate
from model_store.texts import QT_TRANSLATE_NOOP, Sentence
from model_store.transfer import _disk_full

CHINESE = {
    "Not enough room for {name}: {size} needed.": "{name} 的空间不够：需要 {size}。",
    "{estimate}; the GPU has {vram}": "{estimate}；GPU 有 {vram}",
    "needs about {needed} of memory (weights {weights}, {cache}); {free}":
        "需要约 {needed} 内存（权重 {weights}，{cache}）；{free}",
    "context {size}": "上下文 {size}",
    "{size} is free": "可用 {size}",
    "Broken: {name}.": "坏了：{nmae}。",
    "unknown": "未知",
}


class Dictionary(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D401 - Qt's signature
        return CHINESE.get(source) if context == "model_store" else None  # None: not translated here


@pytest.fixture
def chinese(qapp):
    translator = Dictionary()
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_a_sentence_is_its_english_text():
    text = Sentence(QT_TRANSLATE_NOOP("model_store", "Not enough room for {name}: {size} needed."),
                    name="model.gguf", size="4.1 GB")
    assert text == "Not enough room for model.gguf: 4.1 GB needed."
    assert isinstance(text, str) and str(text) == text and f"{text}" == text
    assert text.template == "Not enough room for {name}: {size} needed."
    assert text.context == "model_store" and text.params == {"name": "model.gguf", "size": "4.1 GB"}
    assert pickle.loads(pickle.dumps(text)).params == text.params


def test_QT_TRANSLATE_NOOP_returns_the_text():
    assert QT_TRANSLATE_NOOP("model_store", "a {b}") == "a {b}"


def test_an_error_keeps_its_sentence():
    error = _disk_full("model.gguf", 5 * 10**9, 10**9)
    assert isinstance(error, DiskFullError)
    assert isinstance(error.message, Sentence)
    assert str(error) == error.message == ("Not enough free disk space for model.gguf: it needs 5.0 GB more and "
                                           "1.0 GB are free. Free some space, then resume the download.")
    assert HearthError("plain").message == "plain"


def test_localize_without_a_translator_is_english(qapp):
    text = Sentence(QT_TRANSLATE_NOOP("model_store", "Not enough room for {name}: {size} needed."),
                    name="a.gguf", size="1 GB")
    assert localize(text) == "Not enough room for a.gguf: 1 GB needed."
    assert localize("Something Hearth never wrote.") == "Something Hearth never wrote."
    assert localize("") == ""


def test_localize_translates_and_fills_the_parameters(chinese):
    text = Sentence(QT_TRANSLATE_NOOP("model_store", "Not enough room for {name}: {size} needed."),
                    name="a.gguf", size="1 GB")
    assert localize(text) == "a.gguf 的空间不够：需要 1 GB。"
    assert localize("unknown") == "未知"  # a fixed sentence, looked up as it is
    assert localize_error(HearthError(text)) == "a.gguf 的空间不够：需要 1 GB。"


def test_nested_sentences_are_translated_too(chinese):
    fit = FitEstimate(weights_bytes=4 * 1024**3, kv_bytes=1024**3, overhead_bytes=0, available_bytes=8 * 1024**3,
                      vram_bytes=2 * 1024**3)
    english = fit.describe()
    assert english == ("needs about 5.37 GB of memory (weights 4.29 GB, context 1.07 GB); 8.59 GB is free; "
                       "the GPU has 2.15 GB")
    assert localize(english) == "需要约 5.37 GB 内存（权重 4.29 GB，上下文 1.07 GB）；可用 8.59 GB；GPU 有 2.15 GB"


def test_a_broken_translation_falls_back_to_english(chinese):
    text = Sentence(QT_TRANSLATE_NOOP("model_store", "Broken: {name}."), name="x")
    assert localize(text) == "Broken: x."
