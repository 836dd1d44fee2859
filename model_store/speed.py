"""How fast will a model answer on this computer? Estimated before it is downloaded.

Generating a token reads every weight the token touches once, so decoding is bound by memory
bandwidth: ``tok/s ≈ bandwidth ÷ bytes read per token`` (the weights touched, active experts
only for a mixture-of-experts model, plus the KV cache), plus a small per-token cost of the
runtime. Reading a prompt is bound by arithmetic: about ``2 × parameters`` operations per
token, done in batches at the CPU's (or GPU's) matrix rate.

The machine's two rates come from a short probe (:mod:`model_store.speed_probe`), cached in
``hardware.json``. The constants below turn them into llama.cpp's speed; they were
calibrated on the starter model and its Q8_0 and F16 copies (``tests/bench/bench_speed.py``
prints estimated ÷ measured). Then every real run corrects the estimate: a model that has
run shows its measured speed, and the median of measured ÷ estimated over the models that
ran (the starter at least) scales every other estimate on this machine.
"""

from __future__ import annotations

import json
import logging
import math
import re
import statistics
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from model_store.atomic import write_atomic
from model_store.cpu import generation_threads
from model_store.fit import DEFAULT_BITS_PER_WEIGHT, KV_TYPES, kv_bytes_per_token_guess
from model_store.texts import QT_TRANSLATE_NOOP, Sentence, join

if TYPE_CHECKING:
    from model_store.gguf_info import GGUFInfo

log = logging.getLogger(__name__)

WORDS_PER_TOKEN = 0.75          # English prose: about three words per four tokens
COMFORTABLE_TOK_S = 8.0         # ~6 words/s: faster than people read (~4 words/s), so never waiting
CRAWLING_TOK_S = 3.0            # below this an answer of a paragraph takes most of a minute
TYPICAL_CONTEXT = 1024          # tokens of conversation a typical answer attends to (KV read per token)
# Calibration against llama.cpp on the starter model's Q4_1, Q8_0 and F16 files (see the module
# docstring and docs/benchmarks.md): decode time grew by 1 s per 49 GB read (the probe's dot
# product read 38-43 GB/s), and the rest was arithmetic at about half a core's matrix rate.
BANDWIDTH_EFFICIENCY = 1.15     # llama.cpp's decode reads weights a little faster than the probe
DECODE_COMPUTE_EFFICIENCY = 0.46  # share of a core's probed matrix rate a matrix-vector step reaches
PROMPT_COMPUTE_EFFICIENCY = 0.9  # share of the probed matrix rate llama.cpp's prompt batches reach
TOKEN_OVERHEAD_S = 0.0003       # per generated token: sampling, detokenising, the loop
# Prompt batches run at full rate where llama.cpp repacks the weights for the CPU's vector units
# (Q4_0, Q8_0, IQ4_NL, Q4_K) or multiplies F16 directly; other formats measured at about half.
FAST_PROMPT_TYPES = ("Q4_0", "Q8_0", "IQ4_NL", "Q4_K_M", "Q4_K_S", "F16", "BF16", "")
SLOW_PROMPT_FACTOR = 0.5
# A measured correction only counts within these bounds (a busy machine must not poison it).
CORRECTION_RANGE = (0.25, 4.0)

# Memory bandwidth of common GPUs (bytes/s), by a lowercase fragment of the device name; the
# probe measures the CPU only. Apple's figures are the chips' unified memory.
GPU_BANDWIDTH: tuple[tuple[str, float], ...] = tuple((name, gbs * 1e9) for name, gbs in (
    ("m4 max", 546), ("m4 pro", 273), ("m4", 120), ("m3 ultra", 819), ("m3 max", 400), ("m3 pro", 150),
    ("m3", 100), ("m2 ultra", 800), ("m2 max", 400), ("m2 pro", 200), ("m2", 100), ("m1 ultra", 800),
    ("m1 max", 400), ("m1 pro", 200), ("m1", 68),
    ("h200", 4800), ("h100", 3350), ("a100", 1935), ("l40", 864), ("a6000", 768), ("a10", 600),
    ("l4", 300), ("t4", 320), ("v100", 900),
    ("5090", 1792), ("5080", 960), ("5070 ti", 896), ("5070", 672), ("4090", 1008), ("4080", 717),
    ("4070 ti", 504), ("4070", 504), ("4060 ti", 288), ("4060", 272), ("3090", 936), ("3080", 760),
    ("3070", 448), ("3060", 360), ("2080", 448), ("2070", 448), ("2060", 336),
    ("7900 xtx", 960), ("7900 xt", 800), ("6900 xt", 512), ("6800 xt", 512),
))


def gpu_bandwidth_for(name: str) -> float:
    """Bytes/s for a GPU or Apple chip called ``name`` (e.g. "NVIDIA GeForce RTX 4090"); 0 unknown."""
    lowered = name.lower()
    for fragment, bandwidth in GPU_BANDWIDTH:
        # A fragment starts a word and no number goes on after it: "m3" is not in "H100 80GB HBM3",
        # "m4" not in "A100-SXM4-80GB", "a100" not in "RTX A1000"; "l40" is in "L40S".
        if re.search(rf"(?<![a-z0-9]){re.escape(fragment)}(?![0-9])", lowered):
            return bandwidth
    return 0.0


@dataclass(frozen=True)
class MachineProfile:
    """This computer's measured rates.

    Attributes:
        bandwidth: bytes/s the CPU cores read from memory together.
        compute: F32 matrix multiply operations/s on every performance core.
        threads: the cores the probe used.
        measured_at: when (seconds since the epoch); 0 for the untested default.
        gpu_name: the GPU (or Apple chip) the estimate assumes, "" for none.
        gpu_bandwidth: its memory bandwidth in bytes/s (0: no GPU, or unknown).
    """

    bandwidth: float
    compute: float
    threads: int = 1
    measured_at: float = 0.0
    gpu_name: str = ""
    gpu_bandwidth: float = 0.0

    @property
    def measured(self) -> bool:
        return self.measured_at > 0

    def describe(self) -> str:
        """E.g. "memory 18.4 GB/s, arithmetic 90 GFLOPS on 2 cores (measured 3 Dec 2026)"."""
        when = time.strftime("%-d %b %Y", time.localtime(self.measured_at)) if self.measured else "not measured yet"
        text = (f"memory {self.bandwidth / 1e9:.1f} GB/s, arithmetic {self.compute / 1e9:.0f} GFLOPS on "
                f"{self.threads} core{'s' if self.threads != 1 else ''} ({when})")
        if self.gpu_name:
            gpu = f"{self.gpu_bandwidth / 1e9:.0f} GB/s" if self.gpu_bandwidth else "speed unknown"
            text += f"; GPU {self.gpu_name} ({gpu})"
        return text


# Used until the probe has run: a modest laptop (the estimate then says "not measured yet").
DEFAULT_PROFILE = MachineProfile(bandwidth=20e9, compute=100e9, threads=4)


@dataclass(frozen=True)
class ModelShape:
    """What the estimate needs to know about a model; built from a header or from a file size."""

    file_size: int
    n_params: int
    bytes_per_token: int      # weight bytes read per generated token
    active_params: int        # parameters a token is computed with
    kv_bytes_per_token: int   # F16 KV cache bytes per token of context
    n_layers: int = 0
    name: str = ""            # the file name (to find measured runs)
    quant: str = ""           # e.g. "Q4_K_M", "F16" ("" unknown)

    @classmethod
    def from_info(cls, info: GGUFInfo, name: str = "") -> ModelShape:
        per_token = info.bytes_per_token
        active = int(info.n_params * per_token / info.file_size) if info.file_size else info.n_params
        kv = 0
        if info.n_layers and info.n_head_kv and info.head_dim_k:
            kv = info.n_layers * info.n_head_kv * (info.head_dim_k + (info.head_dim_v or info.head_dim_k)) * 2
        return cls(info.file_size, info.n_params, per_token, active,
                   kv or kv_bytes_per_token_guess(info.n_params), info.n_layers, name, info.quant_type.upper())

    @classmethod
    def from_size(cls, file_size: int, n_params: int | None = None, name: str = "",
                  active_params: int | None = None, quant: str = "") -> ModelShape:
        """A remote file known by its size (and perhaps its parameter counts, from its name)."""
        params = n_params or int(file_size * 8 / DEFAULT_BITS_PER_WEIGHT)
        active = min(active_params or params, params)
        per_token = int(file_size * active / params) if params else file_size
        layers = max(16, min(80, int(round(12 * (params / 1e9) ** 0.33 + 12))))  # typical depth for the size
        return cls(file_size, params, per_token, active, kv_bytes_per_token_guess(params), layers, name,
                   quant.upper())


@dataclass(frozen=True)
class SpeedEstimate:
    """Expected speed of one model on this computer."""

    decode_tok_s: float
    prompt_tok_s: float
    bytes_per_token: int
    measured: bool = False        # from real runs of this very file
    machine_measured: bool = True  # the machine's rates were probed (else a default guess)
    device: str = "CPU"           # "CPU", "GPU" or "GPU + CPU"
    correction: float = 1.0       # measured ÷ estimated of the models that ran, applied

    @property
    def words_per_s(self) -> float:
        return self.decode_tok_s * WORDS_PER_TOKEN

    @property
    def comfortable(self) -> bool:
        return self.decode_tok_s >= COMFORTABLE_TOK_S

    @property
    def crawling(self) -> bool:
        return self.decode_tok_s < CRAWLING_TOK_S

    def label(self) -> str:
        """The badge: "~35 words/s" ("<1 word/s" when slower); a translatable Sentence."""
        words = self.words_per_s
        if words < 1:
            return Sentence(QT_TRANSLATE_NOOP("model_store", "<1 word/s"))
        shown = round(words) if words < 20 else int(round(words / 5) * 5)
        if self.measured:
            return Sentence(QT_TRANSLATE_NOOP("model_store", "{n} words/s"), n=shown)
        return Sentence(QT_TRANSLATE_NOOP("model_store", "~{n} words/s"), n=shown)

    def tooltip(self) -> str:
        """The numbers behind the badge, one per line (translatable Sentences)."""
        numbers = dict(tok_s=f"{self.decode_tok_s:.1f}", words=f"{self.words_per_s:.0f}")
        if self.measured:
            writing = Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Writing: {tok_s} tokens/s (about {words} words/s), measured on this computer"),
                **numbers)
        elif self.machine_measured:
            writing = Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Writing: {tok_s} tokens/s (about {words} words/s), estimated for this computer"),
                **numbers)
        else:
            writing = Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Writing: {tok_s} tokens/s (about {words} words/s), a rough estimate: this "
                "computer's speed has not been measured yet"), **numbers)
        lines = [writing,
                 Sentence(QT_TRANSLATE_NOOP("model_store", "Reading a prompt: {tok_s} tokens/s"),
                          tok_s=f"{self.prompt_tok_s:,.0f}"),
                 Sentence(QT_TRANSLATE_NOOP("model_store", "Reads {size} of weights per token on the {device}"),
                          size=f"{self.bytes_per_token / 1e9:.2f} GB", device=self.device)]
        if not self.measured and abs(self.correction - 1) >= 0.05:
            lines.append(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Corrected ×{factor} by the speed of models that ran here"),
                factor=f"{self.correction:.2f}"))
        if self.crawling:
            lines.append(Sentence(QT_TRANSLATE_NOOP(
                "model_store", "Too slow to chat comfortably on this computer: choose a smaller file or model.")))
        return join(lines, "\n")

    def to_json(self) -> dict[str, float | bool | str]:
        return {"estimated_decode_tok_s": round(self.decode_tok_s, 2),
                "estimated_prompt_tok_s": round(self.prompt_tok_s, 1),
                "estimated_words_per_s": round(self.words_per_s, 1), "measured": self.measured,
                "device": self.device, "comfortable": self.comfortable}


def estimate_speed(shape: ModelShape, profile: MachineProfile, *, kv_type: str = "f16",
                   gpu_fraction: float = 0.0, n_ctx: int = TYPICAL_CONTEXT, book: SpeedBook | None = None,
                   machine_measured: bool | None = None) -> SpeedEstimate:
    """The expected speed of ``shape`` on ``profile``'s machine.

    Args:
        shape: the model.
        profile: the machine's rates.
        kv_type: the KV cache's number format.
        gpu_fraction: share of the weights on the GPU (0: CPU only; 1: all of them).
        n_ctx: the context an answer attends to (its KV cache is read per token).
        book: measured runs; a run of this file replaces the estimate, and the runs of other
            models correct it.
        machine_measured: whether the profile was probed (default: ``profile.measured``).
    """
    kv_read = int(shape.kv_bytes_per_token * min(n_ctx, TYPICAL_CONTEXT) * KV_TYPES.get(kv_type, 2.0) / 2)
    bytes_per_token = shape.bytes_per_token + kv_read
    seconds = _decode_seconds(shape, profile, bytes_per_token, gpu_fraction)
    decode = 1.0 / seconds
    kernels = 1.0 if shape.quant in FAST_PROMPT_TYPES else SLOW_PROMPT_FACTOR
    prompt = profile.compute * PROMPT_COMPUTE_EFFICIENCY * kernels / max(2.0 * shape.active_params, 1.0)
    if gpu_fraction > 0 and profile.gpu_bandwidth:
        prompt *= 1 + 20 * gpu_fraction  # GPUs read prompts one to two orders of magnitude faster
    device = "CPU" if gpu_fraction <= 0 else "GPU" if gpu_fraction >= 1 else "GPU + CPU"
    estimate = SpeedEstimate(decode, prompt, bytes_per_token, device=device,
                             machine_measured=profile.measured if machine_measured is None else machine_measured)
    return book.correct(shape, estimate, profile, kv_type) if book is not None else estimate


def _decode_seconds(shape: ModelShape, profile: MachineProfile, bytes_per_token: int, gpu_fraction: float) -> float:
    """Seconds per generated token: reading the weights, plus (on the CPU) computing with them
    on the generation threads, plus the loop's own cost."""
    cpu_share = 1.0 - gpu_fraction if gpu_fraction > 0 and profile.gpu_bandwidth else 1.0
    per_core = profile.compute / max(profile.threads, 1)
    compute = 2.0 * shape.active_params * cpu_share / (per_core * DECODE_COMPUTE_EFFICIENCY * generation_threads())
    reading = bytes_per_token * cpu_share / (profile.bandwidth * BANDWIDTH_EFFICIENCY)
    if cpu_share < 1.0:
        reading += bytes_per_token * (1 - cpu_share) / (profile.gpu_bandwidth * BANDWIDTH_EFFICIENCY)
    return reading + compute + TOKEN_OVERHEAD_S


@dataclass
class Run:
    """A measured speed of one model file (the median of its last few answers)."""

    decode: list[float] = field(default_factory=list)
    prompt: list[float] = field(default_factory=list)
    estimated_decode: float = 0.0
    estimated_prompt: float = 0.0


def _figures_valid(run: Run) -> bool:
    """Whether a run read from the file holds numbers (a damaged or hand-edited file may not)."""
    def number(value: object) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

    return (isinstance(run.decode, list) and isinstance(run.prompt, list)
            and all(number(v) and v > 0 for v in run.decode + run.prompt)
            and number(run.estimated_decode) and number(run.estimated_prompt))


class SpeedBook:
    """Measured speeds of the models that ran here (``speeds.json`` in ``folder``).

    Keyed by file name and size, so a file in Discover matches the same file in the Library.
    """

    KEEP = 5  # answers per model

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / "speeds.json"
        self._runs: dict[str, Run] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            for key, run in data.get("runs", {}).items():
                run = Run(**{k: v for k, v in run.items() if k in Run.__dataclass_fields__})
                if _figures_valid(run):
                    self._runs[str(key)] = run
        except (OSError, ValueError, TypeError, AttributeError):
            pass

    @staticmethod
    def key(name: str, size: int) -> str:
        return f"{Path(name).name}|{size}"

    def record(self, name: str, size: int, estimate: SpeedEstimate, *, decode_tok_s: float = 0.0,
               prompt_tok_s: float = 0.0) -> None:
        """Add one answer's speeds (0: not measured) for the file ``name`` of ``size`` bytes."""
        if decode_tok_s <= 0 and prompt_tok_s <= 0:
            return
        run = self._runs.setdefault(self.key(name, size), Run())
        if decode_tok_s > 0:
            run.decode = (run.decode + [round(decode_tok_s, 2)])[-self.KEEP:]
            run.estimated_decode = round(estimate.decode_tok_s, 3)
        if prompt_tok_s > 0:
            run.prompt = (run.prompt + [round(prompt_tok_s, 1)])[-self.KEEP:]
            run.estimated_prompt = round(estimate.prompt_tok_s, 2)
        self._save()

    def run_of(self, name: str, size: int) -> Run | None:
        return self._runs.get(self.key(name, size))

    def correction(self) -> tuple[float, float]:
        """Median measured ÷ estimated (decode, prompt) over the models that ran; 1.0 without runs."""
        def median(pairs: list[tuple[list[float], float]]) -> float:
            ratios = [statistics.median(values) / estimated for values, estimated in pairs if values and estimated > 0]
            ratios = [r for r in ratios if CORRECTION_RANGE[0] <= r <= CORRECTION_RANGE[1]]
            return statistics.median(ratios) if ratios else 1.0

        runs = list(self._runs.values())
        return (median([(r.decode, r.estimated_decode) for r in runs]),
                median([(r.prompt, r.estimated_prompt) for r in runs]))

    def correct(self, shape: ModelShape, estimate: SpeedEstimate, profile: MachineProfile,
                kv_type: str = "f16") -> SpeedEstimate:
        """``estimate`` with this file's measured speed, or scaled by the other models' runs."""
        run = self.run_of(shape.name, shape.file_size) if shape.name else None
        if run is not None and run.decode:
            prompt = statistics.median(run.prompt) if run.prompt else estimate.prompt_tok_s
            return replace(estimate, decode_tok_s=statistics.median(run.decode), prompt_tok_s=prompt, measured=True)
        decode_k, prompt_k = self.correction()
        return replace(estimate, decode_tok_s=estimate.decode_tok_s * decode_k,
                       prompt_tok_s=estimate.prompt_tok_s * prompt_k, correction=decode_k)

    def recalibrate(self) -> None:
        """Keep the measured speeds but stop correcting with them until each model runs again
        (after the machine was measured again, their old estimates no longer compare)."""
        for run in self._runs.values():
            run.estimated_decode = run.estimated_prompt = 0.0
        self._save()

    def _save(self) -> None:
        try:
            data = {"version": 1, "runs": {k: asdict(v) for k, v in self._runs.items()}}
            write_atomic(self.path, json.dumps(data, indent=1).encode("utf-8"))
        except OSError as exc:
            log.warning("could not save measured speeds: %s", exc)
