"""llama.cpp's log lines reach Python's logging; those caused by a Stop on purpose are not errors."""

from __future__ import annotations

import logging
import threading

from app.engine import llama_log
from app.engine.types import CancelToken

LINE = b"graph_compute: ggml_backend_sched_graph_compute_async failed with error 1\n"


def levels(caplog) -> list[int]:
    return [r.levelno for r in caplog.records if r.name == "hearth.llama"]


def test_errors_are_errors(caplog):
    caplog.set_level(logging.INFO, logger="hearth.llama")
    llama_log._on_log(llama_log.GGML_LOG_LEVEL_ERROR, LINE, None)
    assert levels(caplog) == [logging.ERROR]
    assert llama_log.recent(1) == [LINE.decode().rstrip()]


def test_errors_after_a_stop_on_purpose_are_information(caplog):
    caplog.set_level(logging.INFO, logger="hearth.llama")
    cancel = CancelToken()
    with llama_log.stopping_with(cancel):
        llama_log._on_log(llama_log.GGML_LOG_LEVEL_ERROR, LINE, None)  # not cancelled: an error
        cancel.cancel()
        llama_log._on_log(llama_log.GGML_LOG_LEVEL_ERROR, LINE, None)  # the abort's own line
        llama_log._on_log(llama_log.GGML_LOG_LEVEL_WARN, b"decode: removing memory module entries\n", None)
    llama_log._on_log(llama_log.GGML_LOG_LEVEL_ERROR, LINE, None)  # outside: an error again
    assert levels(caplog) == [logging.ERROR, logging.INFO, logging.INFO, logging.ERROR]


def test_a_stop_on_one_thread_does_not_hide_errors_of_another(caplog):
    caplog.set_level(logging.INFO, logger="hearth.llama")
    cancel = CancelToken()
    cancel.cancel()
    with llama_log.stopping_with(cancel):
        other = threading.Thread(target=llama_log._on_log, args=(llama_log.GGML_LOG_LEVEL_ERROR, LINE, None))
        other.start()
        other.join()
    assert levels(caplog) == [logging.ERROR]
