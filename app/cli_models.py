"""``hearth models …``: the model manager from a terminal.

    hearth models list [--json]            hearth models info NAME [--json]
    hearth models search QUERY             hearth models files REPO
    hearth models pull REPO[:QUANT|:FILE]  hearth models import PATH [--link]
    hearth models rm NAME [--yes]

Errors are one sentence on stderr (raised as HearthError and printed by ``app.cli``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from app.cli_quantize import add_quantize_parser, run_quantize_command
from app.cli_endpoint import add_endpoint_arguments, endpoint_client
from app.engine.errors import HearthError, InvalidParameterError
from model_store.units import format_size


def add_models_parser(sub: argparse._SubParsersAction) -> None:
    models = sub.add_parser("models", help="List, find, download, import and remove models.")
    msub = models.add_subparsers(dest="models_command", metavar="{list,search,files,pull,import,info,rm,quantize}",
                                 parser_class=type(models))
    listing = msub.add_parser("list", help="The models in your library (or on a server, with --endpoint).")
    listing.add_argument("--json", action="store_true", help="Print JSON.")
    add_endpoint_arguments(listing, "List the models of this OpenAI-compatible server instead of the library.")
    search = msub.add_parser("search", help="Search GGUF models on the Hugging Face Hub.")
    search.add_argument("query")
    search.add_argument("--sort", choices=("downloads", "likes", "updated"), default="downloads")
    search.add_argument("--limit", type=int, default=20)
    files = msub.add_parser("files", help="A repository's GGUF files, by quantization, with fit.")
    files.add_argument("repo")
    files.add_argument("--ctx", type=int, default=4096, help="Context length for the fit estimate.")
    pull = msub.add_parser("pull", help="Download a model (resumes an interrupted pull).")
    pull.add_argument("spec", metavar="REPO[:QUANT|:FILENAME]")
    imp = msub.add_parser("import", help="Add a .gguf file to your library.")
    imp.add_argument("path")
    imp.add_argument("--link", action="store_true", help="Use the file where it is instead of copying it.")
    info = msub.add_parser("info", help="A model's anatomy and fit on this machine.")
    info.add_argument("name")
    info.add_argument("--json", action="store_true", help="Print JSON.")
    info.add_argument("--ctx", type=int, default=4096, help="Context length for the fit estimate.")
    add_kv_type_argument(info)
    rm = msub.add_parser("rm", help="Remove a model (shows the space freed first).")
    rm.add_argument("name")
    rm.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
    add_quantize_parser(msub)


def add_kv_type_argument(parser: argparse.ArgumentParser) -> None:
    """``--kv-type`` for ``hearth chat``, ``bench`` and ``models info``."""
    from model_store.fit import KV_TYPES

    parser.add_argument("--kv-type", choices=tuple(KV_TYPES), default=None,
                        help="The KV cache's number format: f16 (the default), q8_0 (about half the memory) or "
                             "q4_0 (about a quarter); a quantized cache switches flash attention on.")


def run_models(args: argparse.Namespace) -> int:
    command = args.models_command
    if command is None:
        raise InvalidParameterError("Say what to do, e.g. “hearth models list”. See “hearth models --help”.")
    return {"list": _list, "search": _search, "files": _files, "pull": _pull, "import": _import,
            "info": _info, "rm": _rm, "quantize": run_quantize_command}[command](args)


# -- library -----------------------------------------------------------------------------------

def _registry():
    from model_store.registry import Registry

    return Registry.shared()


def _size(n: int | float | None) -> str:
    """ "98.4 MB" (decimal units, three significant digits: :func:`model_store.units.format_size`); "?" if unknown."""
    return format_size(n) if n else "?"


def _params(n: int | None) -> str:
    if not n:
        return "?"
    if n < 1e6:
        return f"{n / 1e3:.0f}K"
    return f"{n / 1e9:.1f}B" if n >= 1e9 else f"{n / 1e6:.0f}M"


def _fit_of(model, n_ctx: int = 4096, kv_type: str = "f16"):
    from model_store.fit import estimate_fit

    return estimate_fit(model.info, n_ctx=n_ctx, kv_type=kv_type) if model.info else None


def _speed_of(model, n_ctx: int = 4096, kv_type: str = "f16"):
    from app import machine_speed

    return machine_speed.for_info(model.info, str(model.path), kv_type=kv_type, n_ctx=n_ctx) if model.info else None


def _model_dict(model, n_ctx: int = 4096, kv_type: str = "f16", speed: bool = False) -> dict[str, Any]:
    fit = _fit_of(model, n_ctx, kv_type)
    estimate = _speed_of(model, n_ctx, kv_type) if speed else None
    return {
        "id": model.id, "name": model.name, "path": str(model.path), "files": [str(f) for f in model.files],
        "owned": model.owned, "source": model.source, "source_repo": model.source_repo,
        "source_file": model.source_file, "sha256": model.sha256, "added_at": model.added_at,
        "missing": getattr(model, "missing", False),
        "info": model.info.to_dict() if model.info else None,
        "fit": {"context": n_ctx, "verdict": fit.verdict, "needed_bytes": fit.needed_bytes,
                "available_bytes": fit.available_bytes} if fit else None,
        "context": n_ctx,
        "kv_type": kv_type,
        "kv_cache_bytes": fit.kv_bytes if fit else None,
        **({"estimated_decode_tok_s": round(estimate.decode_tok_s, 2),
            "estimated_prompt_tok_s": round(estimate.prompt_tok_s, 1),
            "estimated_words_per_s": round(estimate.words_per_s, 1),
            "speed_measured": estimate.measured} if estimate else {}),
    }


def _list(args: argparse.Namespace) -> int:
    if args.endpoint:
        return _list_remote(args)
    models = _registry().models()
    if args.json:
        print(json.dumps([_model_dict(m) for m in models], indent=2))
        return 0
    if not models:
        print("No models yet. Try “hearth models search llama” and “hearth models pull REPO”.")
        return 0
    rows = [("NAME", "QUANT", "PARAMS", "SIZE", "CONTEXT", "FIT", "SOURCE")]
    for m in models:
        info, fit = m.info, _fit_of(m)
        rows.append((m.name + (" (missing)" if getattr(m, "missing", False) else ""),
                     info.quant_type if info else "?", _params(info.n_params if info else None),
                     _size(info.file_size if info else None),
                     f"{info.context_length:,}" if info and info.context_length else "?",
                     fit.verdict if fit else "?", m.source))
    _table(rows)
    return 0


def _list_remote(args: argparse.Namespace) -> int:
    client = endpoint_client(args)
    models = client.models()
    if args.json:
        print(json.dumps([{"id": m["id"], "owned_by": m.get("owned_by", "")} for m in models], indent=2))
        return 0
    if not models:
        print(f"{client.host} serves no models.")
        return 0
    _table([("MODEL", "OWNED BY")] + [(m["id"], str(m.get("owned_by", ""))) for m in models])
    return 0


def _table(rows: list[tuple]) -> None:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip())


def _info(args: argparse.Namespace) -> int:
    model = _registry().get(args.name)
    if model is None:
        raise HearthError(f"No model called “{args.name}” in your library. See “hearth models list”.")
    kv_type = args.kv_type or _kv_type_of(model)
    data = _model_dict(model, args.ctx, kv_type, speed=True)
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    info = model.info
    print(model.name)
    print(f"  file         {model.path}")
    if info:
        bpw = info.bits_per_weight
        print(f"  anatomy      {info.n_params:,} parameters × {bpw / 8:.3f} bytes ({bpw:.2f} bits) "
              f"≈ {_size(info.file_size)}")
        print(f"  quantization {info.quant_type}")
        print(f"  architecture {info.architecture}, {info.n_layers} layers, embedding {info.n_embd}, "
              f"heads {info.n_head}/{info.n_head_kv} KV")
        print(f"  context      {info.context_length:,} tokens trained; chat template "
              f"{'yes' if info.has_chat_template else 'no (ChatML fallback)'}")
        fit = _fit_of(model, args.ctx, kv_type)
        if fit:
            print(f"  at {args.ctx:,} tokens: {fit.verdict} — {fit.describe()}")
            print(f"  KV cache     {_size(fit.kv_bytes)} as {kv_type} at {args.ctx:,} tokens")
        speed = _speed_of(model, args.ctx, kv_type)
        if speed:
            print(f"  speed        {speed.label()} — " + speed.tooltip().replace("\n", "; "))
        if info.license:
            print(f"  license      {info.license}")
    print(f"  source       {model.source}" + (f" ({model.source_repo}/{model.source_file})" if model.source_repo else ""))
    if model.sha256:
        print(f"  sha256       {model.sha256}")
    return 0


def _kv_type_of(model) -> str:
    """The KV cache type chosen for this model in the app (f16 when none)."""
    from app.settings import AppSettings

    return AppSettings.read().kv_type_for(str(model.path))


def _import(args: argparse.Namespace) -> int:
    drawn = False

    def progress(fraction: float) -> None:
        nonlocal drawn
        drawn = True
        _bar(fraction, "Copying")

    if not Path(args.path).expanduser().exists():
        raise HearthError(f"There is no file {args.path}. Check the path and try again.")
    try:
        model = _registry().import_file(args.path, link=args.link, progress=None if args.link else progress)
    finally:
        if drawn:  # end the progress line, so an error is a line of its own
            print(file=sys.stderr)
    print(f"Added {model.name} ({'linked in place' if args.link else 'copied into the library'}).")
    return 0


def _rm(args: argparse.Namespace) -> int:
    registry = _registry()
    plan = registry.plan_delete(args.name)
    print(f"Removing {plan.model.name} frees {_size(plan.bytes_freed) if plan.bytes_freed else 'no space'}.")
    for path in plan.keep:
        print(f"  kept (not Hearth's): {path}")
    if not args.yes:
        if not sys.stdin or not sys.stdin.isatty():
            raise InvalidParameterError("Add --yes to remove without being asked.")
        if input("Remove it? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing removed.")
            return 0
    freed = registry.delete(plan)
    print(f"Removed. {_size(freed) if freed else 'No files'} freed.")
    return 0


# -- hub ---------------------------------------------------------------------------------------

def _hub():
    from model_store.credentials import load_token
    from model_store.hub import HubClient

    return HubClient(token=load_token())


def _search(args: argparse.Namespace) -> int:
    page = _hub().search(args.query, sort=args.sort, limit=args.limit)
    if not page.repos:
        print(f"No GGUF models match “{args.query}”.")
        return 0
    rows = [("REPOSITORY", "DOWNLOADS", "LIKES", "UPDATED")]
    for r in page.repos:
        updated = r.last_modified.strftime("%Y-%m-%d") if hasattr(r.last_modified, "strftime") else str(r.last_modified or "")
        rows.append((r.repo_id + (" (gated)" if r.gated else ""), f"{r.downloads:,}", f"{r.likes:,}", updated))
    _table(rows)
    return 0


def _files(args: argparse.Namespace) -> int:
    from model_store.fit import estimate_fit
    from model_store.hub import group_by_quant

    files = _hub().list_gguf_files(args.repo)
    if not files:
        print(f"{args.repo} has no GGUF files.")
        return 0
    rows = [("QUANT", "FILE", "SIZE", f"FIT @ {args.ctx}")]
    for quant, group in group_by_quant(files).items():
        size = sum(f.size or 0 for f in group)
        fit = estimate_fit(file_size=size, n_ctx=args.ctx)
        name = group[0].filename if len(group) == 1 else f"{group[0].filename} (+{len(group) - 1} parts)"
        rows.append((quant, name, _size(size), fit.verdict))
    _table(rows)
    return 0


def _pick(files: list, spec: str):
    """The files a ``:QUANT`` or ``:FILENAME`` suffix picks (all shards of a split model)."""
    from model_store.hub import group_by_quant

    groups = group_by_quant(files)
    if not spec:
        preferred = next((q for q in ("Q4_K_M", "Q4_K_S", "Q5_K_M", "Q8_0", "Q4_0") if q in groups), None)
        if preferred is None and len(groups) == 1:
            preferred = next(iter(groups))
        if preferred is None:
            raise InvalidParameterError("This repository has several quantizations; add one, e.g. "
                                        f"REPO:{next(iter(groups))}. See “hearth models files REPO”.")
        return groups[preferred]
    for quant, group in groups.items():
        if quant.lower() == spec.lower():
            return group
    exact = [f for f in files if f.filename == spec or f.filename.rsplit("/", 1)[-1] == spec]
    if exact:
        return exact
    raise InvalidParameterError(f"Nothing called “{spec}” in this repository. Quantizations: "
                                f"{', '.join(groups)}.")


def _pull(args: argparse.Namespace) -> int:
    from model_store.download import DownloadQueue

    repo, _, spec = args.spec.partition(":")
    if repo.count("/") != 1:
        raise InvalidParameterError("Give a repository as OWNER/NAME, e.g. bartowski/SmolLM2-135M-Instruct-GGUF.")
    chosen = _pick(_hub().list_gguf_files(repo), spec)
    registry = _registry()
    queue = DownloadQueue(registry, concurrency=1, auto_resume=False)
    try:
        for remote in chosen:
            job = queue.add(remote)
            if job.state == "paused":  # left by an interrupted pull (Ctrl+C, a kill): continue it
                queue.resume(job.id)
            label = remote.filename.rsplit("/", 1)[-1]
            while job.state not in ("done", "failed", "cancelled"):
                _bar(job.bytes_done / job.size if job.size else 0.0, label, job)
                time.sleep(0.25)
            _bar(1.0 if job.state == "done" else job.bytes_done / (job.size or 1), label, job)
            print(file=sys.stderr)
            if job.state != "done":
                hint = " (On the command line, set the HF_TOKEN environment variable.)" if "token" in (job.error or "") else ""
                raise HearthError((job.error or f"The download of {label} did not finish.") + hint)
    except KeyboardInterrupt:
        queue.close()
        print("\nPaused. Run the same command again to resume.", file=sys.stderr)
        return 130
    queue.close()
    first = str(job.dest) if len(chosen) == 1 and job.dest else None
    model = next((m for m in registry.models() if first and str(m.path) == first), None)
    name = model.name if model else chosen[0].filename.rsplit("/", 1)[-1]
    print(f"Ready: {name}. Chat with it: hearth chat --model \"{name}\" \"Hello\"")
    return 0


def _bar(fraction: float, label: str, job=None) -> None:
    width = 30
    fraction = max(0.0, min(1.0, fraction))
    filled = int(fraction * width)
    extra = ""
    if job is not None and job.state == "running" and job.speed_bps:
        eta = f", {int(job.eta_s)} s left" if job.eta_s else ""
        extra = f"  {format_size(job.speed_bps)}/s{eta}"
    elif job is not None and job.state not in ("running", "done"):
        extra = f"  {job.state}"
    sys.stderr.write(f"\r{label[:40]:<40} [{'#' * filled}{'.' * (width - filled)}] {fraction * 100:5.1f}%{extra}   ")
    sys.stderr.flush()
