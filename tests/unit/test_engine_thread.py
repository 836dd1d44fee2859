"""EngineThread: one thread runs every job, in order per client, round-robin between clients.

The jobs here are tiny functions and the "engines" plain objects: what is checked is the order
jobs run in, the bounded queues, the engine it hands out, and how the thread ends.
"""

from __future__ import annotations

import logging
import threading
import time

import pytest

from app.engine.host import EngineThread, QueueFull

WAIT = 5.0


class Engine:
    """Stands in for an engine: only its identity matters."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.info = None
        self.made_on = threading.current_thread().name


@pytest.fixture
def thread():
    t = EngineThread(lambda: Engine("made"), name="test-engine")
    yield t
    t.stop(WAIT)


def hold(thread: EngineThread, client: str = "holder") -> threading.Event:
    """Occupy the thread with a job that waits; returns the event that lets it finish."""
    started, release = threading.Event(), threading.Event()

    def job(_t):
        started.set()
        release.wait(WAIT)

    thread.submit(job, client=client)
    assert started.wait(WAIT), "the holding job never started"
    return release


def recorder():
    """A list of what ran, and a factory of jobs that append their label to it."""
    ran: list[str] = []
    lock = threading.Lock()

    def job(label: str):
        def run(_t):
            with lock:
                ran.append(label)
        return run

    return ran, job


def drain(thread: EngineThread) -> None:
    """Wait until every job submitted so far has run."""
    done = threading.Event()
    thread.submit(lambda _t: done.set(), client="drain")
    assert done.wait(WAIT), "the queue never drained"
    for _ in range(100):  # the drain job may have overtaken others in the round-robin
        if thread.pending() == 0 and thread.busy_client is None:
            return
        time.sleep(0.01)
    raise AssertionError("jobs were still waiting")


def test_one_clients_jobs_run_in_the_order_submitted(thread):
    ran, job = recorder()
    release = hold(thread)
    for i in range(20):
        thread.submit(job(f"a{i}"), client="a")
    assert thread.pending("a") == 20 and thread.pending() == 20
    release.set()
    drain(thread)
    assert ran == [f"a{i}" for i in range(20)]


def test_clients_take_turns_so_a_late_single_job_is_not_starved(thread):
    ran, job = recorder()
    release = hold(thread)
    for i in range(10):
        thread.submit(job(f"a{i}"), client="a")
    thread.submit(job("b0"), client="b")
    release.set()
    drain(thread)
    assert ran == ["a0", "b0"] + [f"a{i}" for i in range(1, 10)]


def test_round_robin_between_three_busy_clients(thread):
    ran, job = recorder()
    release = hold(thread)
    for client, count in (("a", 3), ("b", 2), ("c", 3)):
        for i in range(count):
            thread.submit(job(f"{client}{i}"), client=client)
    release.set()
    drain(thread)
    assert ran == ["a0", "b0", "c0", "a1", "b1", "c1", "a2", "c2"]


def test_a_full_client_queue_refuses_at_once_and_leaves_others_alone(thread):
    ran, job = recorder()
    release = hold(thread)
    thread.submit(job("a0"), client="a", limit=2)
    thread.submit(job("a1"), client="a", limit=2)
    with pytest.raises(QueueFull):
        thread.submit(job("a2"), client="a", limit=2)
    thread.submit(job("b0"), client="b", limit=2)  # another client's queue is its own
    thread.submit(job("a-unbounded"), client="a")  # the limit is the caller's, per call
    assert thread.pending("a") == 3
    release.set()
    drain(thread)
    assert sorted(ran) == ["a-unbounded", "a0", "a1", "b0"]
    thread.submit(job("a3"), client="a", limit=2)  # room again once the queue has drained
    drain(thread)
    assert ran[-1] == "a3"


def test_drop_forgets_a_clients_waiting_jobs(thread):
    ran, job = recorder()
    release = hold(thread)
    for i in range(3):
        thread.submit(job(f"a{i}"), client="a")
    thread.submit(job("b0"), client="b")
    assert thread.drop("a") == 3
    assert thread.drop("nobody") == 0
    release.set()
    drain(thread)
    assert ran == ["b0"]


def test_busy_client_names_the_client_whose_job_runs(thread):
    seen: list[str | None] = []
    release = hold(thread, client="api:1")
    assert thread.busy_client == "api:1"
    thread.submit(lambda t: seen.append(t.busy_client), client="gui")
    release.set()
    drain(thread)
    assert seen == ["gui"]
    assert thread.busy_client is None


def test_a_job_that_raises_is_logged_and_the_thread_goes_on(thread, caplog):
    ran, job = recorder()

    def broken(_t):
        raise ValueError("a bug in one job")

    with caplog.at_level(logging.ERROR, logger="app.engine.host"):
        thread.submit(broken, client="api:7")
        thread.submit(job("after"), client="api:7")
        drain(thread)
    assert ran == ["after"]
    assert thread.alive and thread.busy_client is None
    assert any("api:7" in r.getMessage() and r.exc_info for r in caplog.records)


def test_engine_is_made_once_on_the_engine_thread_and_can_be_swapped(thread):
    assert thread.current is None  # nothing made until a job asks
    seen: list[Engine] = []
    thread.submit(lambda t: seen.append(t.engine))
    thread.submit(lambda t: seen.append(t.engine))
    drain(thread)
    assert seen[0] is seen[1] and seen[0].name == "made"
    assert seen[0].made_on == "test-engine"
    assert thread.current is seen[0]

    other = Engine("remote")
    thread.submit(lambda t: t.swap_engine(other))
    thread.submit(lambda t: seen.append(t.engine))
    drain(thread)
    assert seen[-1] is other and thread.current is other

    thread.submit(lambda t: t.swap_engine(None))
    thread.submit(lambda t: seen.append(t.engine))  # swapped out: the factory makes a new one
    drain(thread)
    assert seen[-1].name == "made" and seen[-1] is not seen[0]


def test_submit_after_stop_raises(thread):
    assert thread.stop(WAIT) is True
    assert not thread.alive
    with pytest.raises(RuntimeError):
        thread.submit(lambda _t: None)


def test_stop_finishes_the_running_job_and_drops_the_waiting_ones(thread):
    ran, job = recorder()
    release = hold(thread)
    finished: list[str] = []
    thread.submit(lambda _t: finished.append("held job"), client="holder")
    thread.submit(job("waiting"), client="a")
    threading.Timer(0.1, release.set).start()
    assert thread.stop(WAIT) is True
    assert ran == [] and finished == []
    assert thread.pending() == 0


def test_run_and_stop_runs_the_last_job_after_every_waiting_one(thread):
    ran, job = recorder()
    release = hold(thread)
    for client in ("gui", "api:1", "api:2"):
        for i in range(3):
            thread.submit(job(f"{client}-{i}"), client=client)
    threading.Timer(0.1, release.set).start()
    assert thread.run_and_stop(lambda t: ran.append("last"), WAIT) is True
    assert len(ran) == 10 and ran[-1] == "last"
    assert not thread.alive


def test_run_and_stop_refuses_new_jobs_while_it_finishes(thread):
    release = hold(thread)
    refused = threading.Event()

    def try_submit():
        while not refused.is_set():
            try:
                thread.submit(lambda _t: None, client="late")
            except RuntimeError:
                refused.set()
            time.sleep(0.005)

    ender = threading.Thread(target=thread.run_and_stop, args=(lambda _t: None, WAIT))
    ender.start()
    submitter = threading.Thread(target=try_submit)
    submitter.start()
    assert refused.wait(WAIT), "a job was still accepted after run_and_stop"
    release.set()
    ender.join(WAIT)
    submitter.join(WAIT)
    assert not thread.alive


def test_run_and_stop_on_a_stopped_thread_runs_nothing(thread):
    ran, job = recorder()
    thread.stop(WAIT)
    assert thread.run_and_stop(job("last"), WAIT) is True
    assert ran == []
