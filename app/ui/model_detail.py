"""The "two files" view of one model: what its parameter file holds, and what it costs to run.

A model is a parameter file plus the program that runs it. This page shows the parameter
file's arithmetic (parameters × bytes per parameter = file size, with the real numbers),
its shape from the GGUF header, where it came from, and the memory the KV cache needs at a
context length the user picks (the fit badge follows live).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.model_common import FitBadge, format_date, format_size
from model_store.fit import KV_TYPES

EXPLANATION = ("A model is two files: this parameter file and the program that runs it — Hearth's engine.")
DEFAULT_CTX = 4096
SOURCES = {"starter": "Built-in starter model", "import": "Imported (copied into Hearth's folder)",
           "link": "Linked in place", "download": "Downloaded from Hugging Face",
           "huggingface-cache": "Hugging Face cache (linked in place)", "lm-studio": "LM Studio (linked in place)"}


def arithmetic_text(info: Any) -> str:
    """"1,000,000,000 parameters × 0.5625 bytes (4.50 bits ÷ 8) = 562,500,000 bytes (0.5 GB)"."""
    if not info.n_params or not info.bits_per_weight:
        return f"File size: {info.file_size:,} bytes ({format_size(info.file_size)})."
    per_param = info.bits_per_weight / 8
    total = round(info.n_params * per_param)
    return (f"{info.n_params:,} parameters × {per_param:.4g} bytes per parameter "
            f"({info.bits_per_weight:.2f} bits ÷ 8) = {total:,} bytes ({format_size(total)})")


KV_CHOICES = (("f16", "KV cache f16"), ("q8_0", "KV cache q8_0 (half)"), ("q4_0", "KV cache q4_0 (quarter)"))


def kv_text(info: Any, estimate: Any, n_ctx: int) -> str:
    """The KV cache at ``n_ctx`` tokens, with its arithmetic when the header gives the shape."""
    if estimate is None:
        return "Hearth cannot work out the memory this context needs."
    kv = estimate.kv_bytes
    layers, heads_kv = info.n_layers, info.n_head_kv or info.n_head
    dims = (info.head_dim_k or 0) + (info.head_dim_v or 0)
    if layers and heads_kv and dims and not getattr(estimate, "estimated_kv", False):
        kind = getattr(estimate, "kv_type", "f16")
        per_value = "2 bytes" if kind == "f16" else f"{KV_TYPES[kind]:.3g} bytes ({kind})"
        return (f"KV cache at {n_ctx:,} tokens: {format_size(kv)} = {n_ctx:,} tokens × {layers} layers × "
                f"{heads_kv} KV heads × ({info.head_dim_k} + {info.head_dim_v}) dims × {per_value}")
    return f"KV cache at {n_ctx:,} tokens: about {format_size(kv)} (estimated from the parameter count)"


class ModelDetail(QWidget):
    """One model's parameter file explained; the context spin box drives the memory numbers.

    ``fit`` is called as ``fit(info, n_ctx=..., kv_type=...)`` and returns a FitEstimate (or None).

    Signals: none.
    """

    def __init__(self, fit: Callable[..., Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fit = fit
        self._model: Any = None
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.explanation = QLabel(EXPLANATION, self)
        self.explanation.setWordWrap(True)
        self.arithmetic = self._label()
        self.note = self._label()
        self.note.setStyleSheet("color: #c0392b;")

        self.ctx_spin = QSpinBox(self)
        self.ctx_spin.setRange(256, 1_048_576)
        self.ctx_spin.setSingleStep(1024)
        self.ctx_spin.setValue(DEFAULT_CTX)
        self.ctx_spin.setSuffix(" tokens")
        self.ctx_spin.setAccelerated(True)
        self.ctx_spin.setAccessibleName("Context length for the memory estimate")
        self.ctx_spin.setToolTip("How many tokens of conversation the model keeps in view; "
                                 "more needs more memory for the KV cache")
        self.ctx_spin.valueChanged.connect(self._update_memory)
        self.kv_combo = QComboBox(self)
        for kind, text in KV_CHOICES:
            self.kv_combo.addItem(text, kind)
        self.kv_combo.setAccessibleName("KV cache type for the memory estimate")
        self.kv_combo.view().setAccessibleName("KV cache types")
        self.kv_combo.setToolTip("How the KV cache stores its numbers: q8_0 needs about half the memory of f16, "
                                 "q4_0 about a quarter (set it per model under Settings → Model)")
        self.kv_combo.currentIndexChanged.connect(self._update_memory)
        self.kv = self._label()
        self.badge = FitBadge(self)
        self.fit_text = self._label()

        self._values: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label in (("quant", "Quantization"), ("arch", "Architecture"), ("layers", "Layers"),
                           ("context", "Trained context"), ("embd", "Embedding size"), ("heads", "Attention heads"),
                           ("template", "Chat template"), ("license", "License"), ("source", "Source"),
                           ("repo", "Hugging Face file"), ("path", "Location"), ("added", "Added")):
            value = self._label()
            self._values[key] = value
            form.addRow(label, value)
        self.sha = QLineEdit(self)
        self.sha.setReadOnly(True)
        self.sha.setAccessibleName("SHA-256 checksum")
        self.sha.setToolTip("The file's SHA-256 checksum (select to copy)")
        form.addRow("SHA-256", self.sha)

        memory = QHBoxLayout()
        memory.addWidget(QLabel("Context length:", self))
        memory.addWidget(self.ctx_spin)
        memory.addWidget(self.kv_combo)
        memory.addWidget(self.badge)
        memory.addStretch(1)

        body = QWidget(self)
        column = QVBoxLayout(body)
        for widget in (self.title, self.explanation, self.arithmetic, self.note):
            column.addWidget(widget)
        column.addLayout(form)
        column.addLayout(memory)
        column.addWidget(self.kv)
        column.addWidget(self.fit_text)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setAccessibleName("Model details")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.set_model(None)

    def _label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # -- public API ---------------------------------------------------------------------

    def set_model(self, model: Any) -> None:
        """Show a LocalModel (None: an invitation to pick one)."""
        self._model = model
        info = getattr(model, "info", None)
        has_info = info is not None
        for widget in (self.explanation, self.ctx_spin, self.badge):
            widget.setVisible(has_info)
        self.sha.setVisible(model is not None)
        if model is None:
            self.title.setText("Pick a model to see its details")
            for label in (self.arithmetic, self.note, self.kv, self.fit_text, *self._values.values()):
                label.clear()
            self.sha.clear()
            return
        self.title.setText(model.name)
        missing = bool(getattr(model, "missing", False))
        self.note.setText(f"The file is missing: {model.path}. Import it again or delete this entry."
                          if missing else "")
        self.note.setVisible(missing)
        v = self._values
        v["source"].setText(SOURCES.get(model.source, model.source) + ("" if model.owned else
                                                                        " — Hearth never deletes this file"))
        repo = getattr(model, "source_repo", "") or ""
        v["repo"].setText(f"{repo} / {model.source_file}" if repo else "—")
        files = list(getattr(model, "files", ()) or [model.path])
        v["path"].setText(str(model.path) + (f" (+{len(files) - 1} more parts)" if len(files) > 1 else ""))
        v["added"].setText(format_date(getattr(model, "added_at", None)) or "—")
        self.sha.setText(getattr(model, "sha256", "") or "not computed")
        self.sha.setCursorPosition(0)
        if has_info:
            self.arithmetic.setText(arithmetic_text(info))
            v["quant"].setText(info.quant_type or "?")
            v["arch"].setText(info.architecture or "?")
            v["layers"].setText(str(info.n_layers or "?"))
            v["context"].setText(f"{info.context_length:,} tokens" if info.context_length else "?")
            v["embd"].setText(str(info.n_embd or "?"))
            v["heads"].setText(f"{info.n_head or '?'} (KV heads: {info.n_head_kv or info.n_head or '?'})")
            v["template"].setText("included" if info.has_chat_template else
                                  "none — Hearth uses a generic chat format")
            v["license"].setText(info.license or "not stated in the file")
            self._update_memory()
        else:
            self.arithmetic.setText("Hearth could not read this file's header.")
            for key in ("quant", "arch", "layers", "context", "embd", "heads", "template", "license"):
                v[key].setText("?")
            self.kv.clear()
            self.fit_text.clear()

    def model(self) -> Any:
        return self._model

    def set_context_length(self, n_ctx: int) -> None:
        """Change the context length the memory numbers are for (updates them)."""
        self.ctx_spin.setValue(n_ctx)

    # -- internals ----------------------------------------------------------------------

    def _update_memory(self) -> None:
        info = getattr(self._model, "info", None)
        if info is None:
            return
        n_ctx = self.ctx_spin.value()
        kv_type = self.kv_combo.currentData() or "f16"
        estimate = self._fit(info, n_ctx=n_ctx, kv_type=kv_type)
        self.kv.setText(kv_text(info, estimate, n_ctx))
        self.badge.set_estimate(estimate)
        self.fit_text.setText(f"At {n_ctx:,} tokens this model {estimate.describe()}." if estimate else "")
