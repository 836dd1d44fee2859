"""Build llama.cpp's C sampler chain from :class:`SamplingParams`.

Every step runs in C (``llama_sampler_sample``); Python never touches the logits.
"""

from __future__ import annotations

import random
from typing import Callable, Sequence

import llama_cpp

from app.engine.errors import InvalidParameterError
from app.engine.params import SamplingParams

# GGUF keys a model may carry with its author's recommended sampling.
_MODEL_DEFAULT_KEYS = {
    "general.sampling.temp": "temperature",
    "general.sampling.top_k": "top_k",
    "general.sampling.top_p": "top_p",
    "general.sampling.min_p": "min_p",
    "general.sampling.penalty_repeat": "repeat_penalty",
    "general.sampling.penalty_last_n": "repeat_last_n",
}


def build_sampler(params: SamplingParams, vocab, prompt: Sequence[int]):
    """Return a new sampler chain (the caller frees it with ``llama_sampler_free``).

    Order follows llama.cpp's defaults: penalties → top-k → top-p → min-p → temperature →
    a seeded draw. Temperature 0 is greedy. The prompt's last ``repeat_last_n`` tokens
    are fed to the penalties so the answer does not parrot the question.
    """
    chain = llama_cpp.llama_sampler_chain_init(llama_cpp.llama_sampler_chain_default_params())
    add = llama_cpp.llama_sampler_chain_add
    penalize = params.repeat_last_n > 0 and (
        params.repeat_penalty != 1.0 or params.presence_penalty or params.frequency_penalty)
    if penalize:
        add(chain, llama_cpp.llama_sampler_init_penalties(
            llama_cpp.llama_vocab_n_tokens(vocab), params.repeat_last_n, params.repeat_penalty, params.frequency_penalty, params.presence_penalty))
    if params.temperature <= 0:
        add(chain, llama_cpp.llama_sampler_init_greedy())
    else:
        if params.top_k > 0:
            add(chain, llama_cpp.llama_sampler_init_top_k(params.top_k))
        if params.top_p < 1.0:
            add(chain, llama_cpp.llama_sampler_init_top_p(params.top_p, 1))
        if params.min_p > 0.0:
            add(chain, llama_cpp.llama_sampler_init_min_p(params.min_p, 1))
        add(chain, llama_cpp.llama_sampler_init_temp(params.temperature))
        seed = params.seed if params.seed >= 0 else random.randrange(2**31)
        add(chain, llama_cpp.llama_sampler_init_dist(seed))
    if penalize:
        for tok in prompt[-params.repeat_last_n:]:
            llama_cpp.llama_sampler_accept(chain, tok)
    return chain


def model_sampling_defaults(meta: Callable[[str], str]) -> SamplingParams:
    """Hearth's defaults overlaid with the model author's recommendations found in its metadata.

    Values that are unreadable or out of range are ignored rather than failing the load.
    """
    params = SamplingParams()
    for key, name in _MODEL_DEFAULT_KEYS.items():
        raw = meta(key)
        if not raw:
            continue
        try:
            value = float(raw)
            current = getattr(params, name)
            params = params.replace(**{name: int(value) if isinstance(current, int) else value})
        except (ValueError, InvalidParameterError):
            continue
    return params
