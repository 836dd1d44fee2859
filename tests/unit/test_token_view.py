"""How tokens look in the inspector: tints, byte-fallback pieces from a real vocabulary, popovers."""

from __future__ import annotations

import ctypes

import llama_cpp
import pytest

from app.engine.inspector import Alternative, TokenChoice, piece_text
from app.ui.token_view import STEPS, alternatives_html, display_texts, legend_html, menu_label, tint, tokens_html
from tests.real_data import vocab_file


def test_tints_deepen_as_probability_falls_and_confident_tokens_stay_plain():
    base = "#ffffff"
    shades = [tint(p, base) for p in (0.99, 0.7, 0.4, 0.1, 0.01)]
    assert shades[0] == base
    assert len(set(shades)) == 5
    lightness = [int(c[1:3], 16) + int(c[3:5], 16) + int(c[5:7], 16) for c in shades]
    assert lightness == sorted(lightness, reverse=True)
    legend = legend_html(base, "#777777")
    assert all(label in legend for _bound, _s, label in STEPS)


def test_byte_pieces_are_joined_where_they_complete_and_shown_as_bytes_where_not():
    records = [TokenChoice(1, b"Caf"), TokenChoice(2, b"\xc3"), TokenChoice(3, b"\xa9 "),
               TokenChoice(4, b"\xe2\x82"), TokenChoice(5, b"\xac"), TokenChoice(6, b"\xff"), TokenChoice(7, b"\xe2")]
    assert display_texts(records) == ["Caf", "", "é ", "", "€", "<0xFF>", "<0xE2>"]
    assert piece_text(b"\xe2\x82") == "<0xE2><0x82>"
    html = tokens_html(9, [TokenChoice(1, b"\xc3", 0.5, 1), TokenChoice(2, b"\xa9", 0.9, 1)], "#fff", "#000")
    assert "hearth:tok/9/1" in html and "é" in html and "hearth:tok/9/0" not in html


def test_popover_and_menu_never_choke_on_odd_tokens():
    record = TokenChoice(5, b"\xe2", 0.02, 4, (Alternative(1, b"\n", 0.5), Alternative(2, b" ", 0.3),
                                               Alternative(3, b"<b>", 0.1), Alternative(4, b"", 0.05)))
    html = alternatives_html(record, "#0969da")
    assert "&lt;0xE2&gt;" in html and "↵" in html and "␣" in html and "&lt;b&gt;" in html and "#4" in html
    assert "50.0 %" in html and "2.0 %" in html
    assert "↵" in menu_label("\n", 0.5, False) and "chosen" in menu_label("x", 0.9, True)


def test_a_real_byte_fallback_vocabulary_reads_back_whole_characters():
    """Llama's SentencePiece vocabulary spells characters it does not know as <0xNN> byte tokens."""
    params = llama_cpp.llama_model_default_params()
    params.vocab_only = True
    model = llama_cpp.llama_model_load_from_file(str(vocab_file("llama-spm")).encode(), params)
    assert model
    try:
        vocab = llama_cpp.llama_model_get_vocab(model)
        text = "Prix: 5 € — 日本語 🙂"
        data = text.encode()
        buf = (llama_cpp.llama_token * 256)()
        n = llama_cpp.llama_tokenize(vocab, data, len(data), buf, 256, False, False)
        piece = ctypes.create_string_buffer(64)
        records = []
        for tok in buf[:n]:
            size = llama_cpp.llama_token_to_piece(vocab, tok, piece, 64, 0, False)
            records.append(TokenChoice(tok, piece.raw[:size], 0.5, 1))
        assert any(len(r.piece) == 1 and r.piece[0] >= 0x80 for r in records)  # real byte-fallback pieces
        shown = display_texts(records)
        assert "".join(shown).strip() == text
        assert all("<0x" not in s for s in shown)  # every split character was joined back
        for r in records:
            alternatives_html(TokenChoice(r.token, r.piece, 0.5, 1, (Alternative(r.token, r.piece, 0.5),)), "#000")
    finally:
        llama_cpp.llama_model_free(model)
