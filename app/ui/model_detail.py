"""The "two files" view of one model: what its parameter file holds, and what it costs to run.

A model is a parameter file plus the program that runs it. This page shows the parameter
file's arithmetic (parameters × bytes per parameter = file size, with the real numbers),
its shape from the GGUF header, where it came from (a copy quantized on this computer names
its original), and the memory the KV cache needs at a context length the user picks (the fit
badge follows live). The context length goes up to the context the model was trained on and
no further: beyond it answers degrade, and a sentence under the field says so when it stops there.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt
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

from app.ui.model_common import (FitBadge, format_date, format_decimal, format_number, format_significant,
                                 format_size)
from app.ui.texts import localize
from model_store.fit import KV_TYPES

DEFAULT_CTX = 4096
MIN_CTX = 256
MAX_CTX = 1_048_576  # when the header does not say what the model was trained on


def quantized_from(model: Any) -> str:
    """The name of the model this one was quantized from on this computer ("" if it was not)."""
    origin = (getattr(model, "provenance", None) or {}).get("quantized_from") or {}
    return str(origin.get("name") or "") if isinstance(origin, dict) else ""


def short_source_text(model: Any) -> str:
    """Where a model came from, in a word or two (the Library's Source column)."""
    original = quantized_from(model)
    if original:
        return QCoreApplication.translate("model_detail", "Quantized from {original}").format(original=original)
    texts = {"starter": QCoreApplication.translate("model_detail", "Built in"),
             "import": QCoreApplication.translate("model_detail", "Imported"),
             "link": QCoreApplication.translate("model_detail", "Linked"),
             "download": QCoreApplication.translate("model_detail", "Hugging Face"),
             "huggingface-cache": QCoreApplication.translate("model_detail", "HF cache"),
             "lm-studio": QCoreApplication.translate("model_detail", "LM Studio")}
    return texts.get(model.source, model.source)


def source_text(model: Any) -> str:
    """Where a model came from, in a phrase (the detail page's Source row)."""
    original = quantized_from(model)
    if original:
        origin = model.provenance["quantized_from"]
        if origin.get("quant_type"):
            text = QCoreApplication.translate("model_detail", "Quantized on this computer from {original} "
                                                              "({quant})")
        else:
            text = QCoreApplication.translate("model_detail", "Quantized on this computer from {original}")
        text = text.format(original=original, quant=origin.get("quant_type"))
    else:
        texts = {"starter": QCoreApplication.translate("model_detail", "Built-in starter model"),
                 "import": QCoreApplication.translate("model_detail", "Imported (copied into Hearth's folder)"),
                 "link": QCoreApplication.translate("model_detail", "Linked in place"),
                 "download": QCoreApplication.translate("model_detail", "Downloaded from Hugging Face"),
                 "huggingface-cache": QCoreApplication.translate("model_detail",
                                                                 "Hugging Face cache (linked in place)"),
                 "lm-studio": QCoreApplication.translate("model_detail", "LM Studio (linked in place)")}
        text = texts.get(model.source, model.source)
    if model.owned:
        return text
    return QCoreApplication.translate("model_detail", "{source} — Hearth never deletes this file").format(source=text)


def arithmetic_text(info: Any) -> str:
    """"1,000,000,000 parameters × 0.5625 bytes (4.50 bits ÷ 8) = 562,500,000 bytes (563 MB)"."""
    if not info.n_params or not info.bits_per_weight:
        return QCoreApplication.translate("model_detail", "File size: {bytes} bytes ({size}).").format(
            bytes=format_number(info.file_size), size=format_size(info.file_size))
    per_param = info.bits_per_weight / 8
    total = round(info.n_params * per_param)
    text = QCoreApplication.translate(
        "model_detail", "{params} parameters × {per_param} bytes per parameter ({bits} bits ÷ 8) = {total} bytes "
                        "({size})")
    return text.format(params=format_number(info.n_params), per_param=format_significant(per_param, 4),
                       bits=format_decimal(info.bits_per_weight, 2), total=format_number(total), size=format_size(total))


def kv_text(info: Any, estimate: Any, n_ctx: int) -> str:
    """The KV cache at ``n_ctx`` tokens, with its arithmetic when the header gives the shape."""
    if estimate is None:
        return QCoreApplication.translate("model_detail", "Hearth cannot work out the memory this context needs.")
    kv = estimate.kv_bytes
    layers, heads_kv = info.n_layers, info.n_head_kv or info.n_head
    dims = (info.head_dim_k or 0) + (info.head_dim_v or 0)
    if layers and heads_kv and dims and not getattr(estimate, "estimated_kv", False):
        kind = getattr(estimate, "kv_type", "f16")
        if kind == "f16":
            text = QCoreApplication.translate(
                "model_detail", "KV cache at {n_ctx} tokens: {size} = {n_ctx} tokens × {layers} layers × {heads} KV "
                                "heads × ({k} + {v}) dims × 2 bytes")
        else:
            text = QCoreApplication.translate(
                "model_detail", "KV cache at {n_ctx} tokens: {size} = {n_ctx} tokens × {layers} layers × {heads} KV "
                                "heads × ({k} + {v}) dims × {bytes} bytes ({kind})")
        return text.format(n_ctx=format_number(n_ctx), size=format_size(kv), layers=layers, heads=heads_kv,
                           k=info.head_dim_k, v=info.head_dim_v, bytes=format_significant(KV_TYPES.get(kind, 2), 3),
                           kind=kind)
    return QCoreApplication.translate(
        "model_detail", "KV cache at {n_ctx} tokens: about {size} (estimated from the parameter count)").format(
            n_ctx=format_number(n_ctx), size=format_size(kv))


class ModelDetail(QWidget):
    """One model's parameter file explained; the context spin box drives the memory numbers.

    ``fit`` is called as ``fit(info, n_ctx=..., kv_type=...)`` and returns a FitEstimate (or None).

    Signals: none.
    """

    def __init__(self, fit: Callable[..., Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fit = fit
        self._model: Any = None
        self._wanted_ctx = DEFAULT_CTX  # what the user asked for; shown up to the model's trained context
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.explanation = QLabel(self.tr("A model is two files: this parameter file and the program that runs it — "
                                          "Hearth's engine."), self)
        self.explanation.setWordWrap(True)
        self.arithmetic = self._label()
        self.note = self._label()
        self.note.setStyleSheet("color: #c0392b;")

        self.ctx_spin = QSpinBox(self)
        self.ctx_spin.setRange(MIN_CTX, MAX_CTX)
        self.ctx_spin.setSingleStep(1024)
        self.ctx_spin.setValue(DEFAULT_CTX)
        self.ctx_spin.setSuffix(self.tr(" tokens"))
        self.ctx_spin.setAccelerated(True)
        self.ctx_spin.setAccessibleName(self.tr("Context length for the memory estimate"))
        self.ctx_spin.valueChanged.connect(self._on_ctx_changed)
        self.ctx_note = self._label()
        self.ctx_note.setAccessibleName(self.tr("Context length limit"))
        self.kv_combo = QComboBox(self)
        for kind, text in (("f16", self.tr("KV cache f16")), ("q8_0", self.tr("KV cache q8_0 (half)")),
                           ("q4_0", self.tr("KV cache q4_0 (quarter)"))):
            self.kv_combo.addItem(text, kind)
        self.kv_combo.setAccessibleName(self.tr("KV cache type for the memory estimate"))
        self.kv_combo.view().setAccessibleName(self.tr("KV cache types"))
        tip = self.tr("How the KV cache stores its numbers: q8_0 needs about half the memory of f16, q4_0 about a "
                      "quarter (set it per model under Settings → Model)")
        self.kv_combo.setToolTip(tip)
        self.kv_combo.setAccessibleDescription(tip)
        self.kv_combo.currentIndexChanged.connect(self._update_memory)
        self.kv = self._label()
        self.badge = FitBadge(self)
        self.fit_text = self._label()

        self._values: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label in (("quant", self.tr("Quantization")), ("arch", self.tr("Architecture")),
                           ("layers", self.tr("Layers")), ("context", self.tr("Trained context")),
                           ("embd", self.tr("Embedding size")), ("heads", self.tr("Attention heads")),
                           ("template", self.tr("Chat template")), ("license", self.tr("License")),
                           ("source", self.tr("Source")), ("repo", self.tr("Hugging Face file")),
                           ("path", self.tr("Location")), ("added", self.tr("Added"))):
            value = self._label()
            value.setAccessibleName(label)
            self._values[key] = value
            form.addRow(label, value)
        self.sha = QLineEdit(self)
        self.sha.setReadOnly(True)
        self.sha.setAccessibleName(self.tr("SHA-256 checksum"))
        self.sha.setToolTip(self.tr("The file's SHA-256 checksum (select to copy)"))
        self.sha.setAccessibleDescription(self.sha.toolTip())
        form.addRow("SHA-256", self.sha)

        # Two short rows rather than one long one: the pane stays narrow enough to sit beside the list.
        memory = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        ctx_label = QLabel(self.tr("&Context length:"), self)
        ctx_label.setBuddy(self.ctx_spin)
        first.addWidget(ctx_label)
        first.addWidget(self.ctx_spin)
        first.addWidget(self.badge)
        first.addStretch(1)
        second.addWidget(self.kv_combo)
        second.addStretch(1)
        memory.addLayout(first)
        memory.addLayout(second)

        body = QWidget(self)
        column = QVBoxLayout(body)
        for widget in (self.title, self.explanation, self.arithmetic, self.note):
            column.addWidget(widget)
        column.addLayout(form)
        column.addLayout(memory)
        column.addWidget(self.ctx_note)
        column.addWidget(self.kv)
        column.addWidget(self.fit_text)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # it wraps; it never scrolls sideways
        scroll.setWidget(body)
        scroll.setAccessibleName(self.tr("Model details"))
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
        self._limit_context(int(getattr(info, "context_length", 0) or 0))
        if model is None:
            self.title.setText(self.tr("Pick a model to see its details"))
            for label in (self.arithmetic, self.note, self.kv, self.fit_text, self.ctx_note, *self._values.values()):
                label.clear()
            self.sha.clear()
            return
        self.title.setText(model.name)
        missing = bool(getattr(model, "missing", False))
        self.note.setText(self.tr("The file is missing: {path}. Import it again or delete this entry.")
                          .format(path=model.path) if missing else "")
        self.note.setVisible(missing)
        v = self._values
        v["source"].setText(source_text(model))
        repo = getattr(model, "source_repo", "") or ""
        v["repo"].setText(f"{repo} / {model.source_file}" if repo else "—")
        files = list(getattr(model, "files", ()) or [model.path])
        v["path"].setText(self.tr("{path} (+{count} more parts)").format(path=model.path, count=len(files) - 1)
                          if len(files) > 1 else str(model.path))
        v["added"].setText(format_date(getattr(model, "added_at", None)) or "—")
        self.sha.setText(getattr(model, "sha256", "") or self.tr("not computed"))
        self.sha.setCursorPosition(0)
        if has_info:
            self.arithmetic.setText(arithmetic_text(info))
            v["quant"].setText(info.quant_type or "?")
            v["arch"].setText(info.architecture or "?")
            v["layers"].setText(str(info.n_layers or "?"))
            v["context"].setText(self.tr("{n} tokens").format(n=format_number(info.context_length))
                                 if info.context_length else "?")
            v["embd"].setText(str(info.n_embd or "?"))
            v["heads"].setText(self.tr("{heads} (KV heads: {kv_heads})").format(
                heads=info.n_head or "?", kv_heads=info.n_head_kv or info.n_head or "?"))
            v["template"].setText(self.tr("included") if info.has_chat_template else
                                  self.tr("none — Hearth uses a generic chat format"))
            v["license"].setText(info.license or self.tr("not stated in the file"))
            self._update_memory()
        else:
            self.arithmetic.setText(self.tr("Hearth could not read this file's header."))
            for key in ("quant", "arch", "layers", "context", "embd", "heads", "template", "license"):
                v[key].setText("?")
            self.kv.clear()
            self.fit_text.clear()

    def model(self) -> Any:
        return self._model

    def set_context_length(self, n_ctx: int) -> None:
        """Change the context length the memory numbers are for (updates them); a model
        trained on less is shown at its trained context."""
        self._wanted_ctx = n_ctx
        self.ctx_spin.setValue(min(n_ctx, self.ctx_spin.maximum()))

    # -- internals ----------------------------------------------------------------------

    def _limit_context(self, trained: int) -> None:
        """Let the spin box go up to ``trained`` tokens (any context when unknown), and say why."""
        limit = trained if trained > 0 else MAX_CTX
        self.ctx_spin.blockSignals(True)
        try:
            self.ctx_spin.setRange(min(MIN_CTX, limit), limit)
            self.ctx_spin.setValue(min(self._wanted_ctx, limit))
        finally:
            self.ctx_spin.blockSignals(False)
        if trained > 0:
            tip = self.tr("How many tokens of conversation the model keeps in view; more needs more memory for the "
                          "KV cache. At most {n} tokens: the context this model was trained on; beyond it, answers "
                          "degrade.").format(n=format_number(trained))
        else:
            tip = self.tr("How many tokens of conversation the model keeps in view; more needs more memory for the "
                          "KV cache.")
        self.ctx_spin.setToolTip(tip)
        self.ctx_spin.setAccessibleDescription(tip)
        self._show_limit()

    def _on_ctx_changed(self, value: int) -> None:
        if value < self.ctx_spin.maximum() or value > self._wanted_ctx:  # held at the limit: remember the wish
            self._wanted_ctx = value
        self._show_limit()
        self._update_memory()

    def _show_limit(self) -> None:
        trained = int(getattr(getattr(self._model, "info", None), "context_length", 0) or 0)
        at_limit = trained > 0 and self.ctx_spin.value() >= trained
        self.ctx_note.setText(self.tr("{n} tokens is the context this model was trained on: beyond it, its answers "
                                      "degrade, so Hearth goes no further.").format(n=format_number(trained))
                              if at_limit else "")
        self.ctx_note.setVisible(at_limit)

    def _update_memory(self) -> None:
        info = getattr(self._model, "info", None)
        if info is None:
            return
        n_ctx = self.ctx_spin.value()
        kv_type = self.kv_combo.currentData() or "f16"
        estimate = self._fit(info, n_ctx=n_ctx, kv_type=kv_type)
        self.kv.setText(kv_text(info, estimate, n_ctx))
        self.badge.set_estimate(estimate)
        self.fit_text.setText(self.tr("At {n} tokens this model {estimate}.").format(
            n=format_number(n_ctx), estimate=localize(estimate.describe())) if estimate else "")
