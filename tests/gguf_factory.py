"""Tiny GGUF files for tests and benchmarks, written with the ``gguf`` package's writer.

``write_gguf`` makes a valid (if meaningless) llama-shaped model of a few kilobytes;
``write_split`` makes a split model (``-0000k-of-0000N.gguf`` shards with ``split.*`` keys).
"""

from __future__ import annotations

from pathlib import Path

import gguf
import numpy as np

TOKENS = ["<s>", "</s>", "a", "b", "c", "hello", "world", "!"]


def _metadata(w: gguf.GGUFWriter, *, name: str, layers: int, embd: int, heads: int, heads_kv: int,
              context: int, file_type: int | None, chat_template: str | None, license: str | None) -> None:
    w.add_name(name)
    w.add_block_count(layers)
    w.add_context_length(context)
    w.add_embedding_length(embd)
    w.add_feed_forward_length(embd * 2)
    w.add_head_count(heads)
    w.add_head_count_kv(heads_kv)
    if file_type is not None:
        w.add_file_type(file_type)
    if license:
        w.add_license(license)
    w.add_tokenizer_model("gpt2")
    w.add_token_list(TOKENS)
    w.add_token_types([1] * len(TOKENS))
    if chat_template:
        w.add_chat_template(chat_template)


def tensors(layers: int = 2, embd: int = 32) -> dict[str, np.ndarray]:
    """Small F32/F16 tensors in a llama layout (1 + 2·layers tensors)."""
    out = {"token_embd.weight": np.ones((len(TOKENS), embd), dtype=np.float32)}
    for i in range(layers):
        out[f"blk.{i}.attn_q.weight"] = np.ones((embd, embd), dtype=np.float16)
        out[f"blk.{i}.ffn_up.weight"] = np.ones((embd * 2, embd), dtype=np.float16)
    return out


def write_gguf(path: Path, *, name: str = "Tiny", layers: int = 2, embd: int = 32, heads: int = 4,
               heads_kv: int = 2, context: int = 2048, file_type: int | None = 1,
               chat_template: str | None = "{{ messages }}", license: str | None = "mit",
               arch: str = "llama") -> Path:
    """Write a valid small GGUF to ``path``; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    w = gguf.GGUFWriter(str(path), arch)
    _metadata(w, name=name, layers=layers, embd=embd, heads=heads, heads_kv=heads_kv, context=context,
              file_type=file_type, chat_template=chat_template, license=license)
    for tname, data in tensors(layers, embd).items():
        w.add_tensor(tname, data)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def write_split(folder: Path, stem: str = "Split", count: int = 3, *, layers: int = 3, embd: int = 32) -> list[Path]:
    """Write a model split into ``count`` shards (tensors dealt round-robin); returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    items = list(tensors(layers, embd).items())
    paths = []
    for k in range(count):
        path = folder / f"{stem}-{k + 1:05d}-of-{count:05d}.gguf"
        w = gguf.GGUFWriter(str(path), "llama")
        if k == 0:
            _metadata(w, name=stem, layers=layers, embd=embd, heads=4, heads_kv=2, context=4096, file_type=1,
                      chat_template="{{ messages }}", license="mit")
        w.add_uint16("split.no", k)
        w.add_uint16("split.count", count)
        w.add_int32("split.tensors.count", len(items))
        for tname, data in items[k::count]:
            w.add_tensor(tname, data)
        w.write_header_to_file()
        w.write_kv_data_to_file()
        w.write_tensors_to_file()
        w.close()
        paths.append(path)
    return paths


def n_elements(layers: int = 2, embd: int = 32) -> int:
    """Parameter count of :func:`tensors` with these sizes."""
    return sum(int(a.size) for a in tensors(layers, embd).values())
