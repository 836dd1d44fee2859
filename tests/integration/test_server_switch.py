"""A request naming another model of the library: loaded only when the person allowed it.

Two real models: the starter model, and a copy of it under Qwen3.5's chat template (a reasoning
format: its thinking comes back as ``reasoning_content``).
"""

from __future__ import annotations

import openai
import pytest

from app.server.engine_door import EngineDoor
from model_store.starter import starter_model_path
from tests.integration.api_server import client, loaded_thread, serving

pytestmark = [pytest.mark.model,
              pytest.mark.skipif(starter_model_path() is None, reason="the starter model is not installed")]

QUESTION = [{"role": "user", "content": "What is two plus two?"}]


def test_switching_needs_permission_and_then_loads_the_named_model(qwen35_model_path):
    thread = loaded_thread(starter_model_path())
    library = {"thinker": qwen35_model_path}
    loaded: list[str] = []
    try:
        strict = EngineDoor(thread, library=lambda: library)
        with serving(strict) as config:
            api = client(config)
            assert [m.id for m in api.models.list().data] == [thread.current.info.name]
            with pytest.raises(openai.NotFoundError, match="not served here"):
                api.chat.completions.create(model="thinker", messages=QUESTION, max_tokens=4)
        allowing = EngineDoor(thread, library=lambda: library, allow_switch=True,
                              on_model=lambda info: loaded.append(info.name))
        with serving(allowing) as config:
            api = client(config)
            assert "thinker" in [m.id for m in api.models.list().data]
            reply = api.chat.completions.create(model="thinker", messages=QUESTION, max_tokens=24, temperature=0)
            assert loaded == [thread.current.info.name] and thread.current.info.path == str(qwen35_model_path)
            message = reply.choices[0].message
            assert reply.model == thread.current.info.name
            # Qwen3.5's template opens <think> in the prompt: whatever came first is thinking, apart
            assert getattr(message, "reasoning_content", None) or message.content
            assert "<think>" not in (message.content or "")
            again = api.chat.completions.create(model="thinker", messages=QUESTION, max_tokens=4)
            assert again.choices[0].message is not None and len(loaded) == 1  # already loaded: no reload
    finally:
        thread.run_and_stop(lambda t: t.current.unload())
