"""How many real chat templates does Hearth render exactly as transformers does, and how fast?

    python -m tests.bench.bench_templates [--runs 5] [--per-template] [--json]

Renders the 70 templates llama.cpp keeps for its tests (:mod:`tests.real_data`) with the
cases of ``tests/unit/test_template_reference.py`` (conversation shapes × generation prompt ×
the thinking variables each template reads × a tool list), once with Hearth's ``ChatFormatter``
and once with transformers' ``render_jinja_template``, and prints:

- coverage: cases whose text is identical to the reference / all cases, and cases handled as
  specified where the reference itself cannot render the conversation (Hearth retried with the
  system message merged and matched the reference on that, or fell back to ChatML);
- the templates the reference cannot render for some case, why, and what Hearth did;
- render time per case, Hearth beside transformers (median µs over cases of each case's
  median over ``--runs`` alternating renders; both compile each template once beforehand).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from contextlib import contextmanager
from typing import Iterator

from transformers.utils import chat_template_utils

from app.engine import template_extensions
from app.engine.templates import ChatFormatter
from tests.unit.test_template_reference import (
    TEMPLATES,
    FrozenClock,
    cases,
    expected,
    formatter,
    reference,
)


@contextmanager
def frozen_clock() -> Iterator[None]:
    """Both renderers read the same fixed moment (templates that print the date agree)."""
    saved = template_extensions.datetime, chat_template_utils.datetime
    template_extensions.datetime = chat_template_utils.datetime = FrozenClock
    try:
        yield
    finally:
        template_extensions.datetime, chat_template_utils.datetime = saved


def measure(runs: int) -> dict:
    """Coverage and timings over every template and case."""
    chatml = ChatFormatter(None)
    counts = {"identical": 0, "retried": 0, "fallback": 0, "mismatch": 0}
    reference_fails: dict[str, dict] = {}
    mismatches: list[str] = []
    per_template: dict[str, tuple[float, float]] = {}
    ours_all: list[float] = []
    theirs_all: list[float] = []
    for name, source in TEMPLATES.items():
        f = formatter(name)
        ours_t: list[float] = []
        theirs_t: list[float] = []
        for case, messages, agp, variables in cases(name):
            outcome, want = expected(source, messages, agp, variables)
            text = f.format(messages, agp, variables or None)
            if outcome == "render" and not f.is_fallback and text == want:
                counts["identical"] += 1
            elif outcome == "retried" and not f.is_fallback and text == want:
                counts["retried"] += 1
                reference_fails.setdefault(name, {"cases": [], "hearth": "merged the system message"})
                reference_fails[name]["cases"].append(case)
            elif outcome == "fallback" and f.is_fallback and text == chatml.format(messages, agp):
                counts["fallback"] += 1
                entry = reference_fails.setdefault(name, {"cases": [], "hearth": ""})
                entry["cases"].append(case)
                entry["why"] = want
                entry["hearth"] = f"ChatML: {f.warning}"
            else:
                counts["mismatch"] += 1
                mismatches.append(f"{name} {case}")
            if outcome != "render":
                continue
            ours, theirs = [], []
            for _ in range(runs):
                started = time.perf_counter()
                f.format(messages, agp, variables or None)
                ours.append(time.perf_counter() - started)
                started = time.perf_counter()
                reference(source, messages, agp, variables)
                theirs.append(time.perf_counter() - started)
            ours_t.append(statistics.median(ours) * 1e6)
            theirs_t.append(statistics.median(theirs) * 1e6)
        if ours_t:
            per_template[name] = (statistics.median(ours_t), statistics.median(theirs_t))
        ours_all += ours_t
        theirs_all += theirs_t
    total = sum(counts.values())
    return {
        "templates": len(TEMPLATES), "cases": total, **counts, "mismatches": mismatches,
        "reference_cannot_render": reference_fails,
        "hearth_median_us": round(statistics.median(ours_all)),
        "transformers_median_us": round(statistics.median(theirs_all)),
        "timed_cases": len(ours_all),
        "per_template_us": {k: (round(a), round(b)) for k, (a, b) in per_template.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5, help="renders per case and renderer (alternating)")
    parser.add_argument("--per-template", action="store_true", help="also print each template's timings")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with frozen_clock():
        result = measure(args.runs)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0 if not result["mismatches"] else 1
    total = result["cases"]
    print(f"{result['templates']} real templates, {total} cases")
    print(f"identical to transformers: {result['identical']} / {total} cases")
    print(f"reference rejects the conversation: {result['retried']} rendered identically after merging the system "
          f"message, {result['fallback']} fell back to ChatML (the reference renders neither)")
    print(f"as specified: {total - result['mismatch']} / {total}; mismatches: {result['mismatch']}")
    for line in result["mismatches"]:
        print(f"  MISMATCH {line}")
    print("templates the reference cannot render for some case:")
    for name, entry in result["reference_cannot_render"].items():
        why = f" ({entry['why']})" if "why" in entry else ""
        print(f"  {name}: {len(entry['cases'])} cases{why} -> Hearth {entry['hearth']}")
    ratio = result["hearth_median_us"] / result["transformers_median_us"]
    print(f"render time per case (median of {result['timed_cases']} cases, {args.runs} runs each): "
          f"Hearth {result['hearth_median_us']} µs vs transformers {result['transformers_median_us']} µs "
          f"({ratio:.2f}×)")
    rows = sorted(result["per_template_us"].items(), key=lambda kv: kv[1][0] / kv[1][1], reverse=True)
    for name, (ours, theirs) in rows if args.per_template else rows[:5]:
        print(f"  {name:48} Hearth {ours:6} µs  transformers {theirs:6} µs  ({ours / theirs:.2f}×)")
    return 0 if not result["mismatches"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
