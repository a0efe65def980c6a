"""The thread harness of the concurrency tests: calls started at the same moment, each in its
own thread with its own database connection, and locked reads that hold their lock a while.

Real row locks need PostgreSQL; the tests that use this skip themselves on SQLite.
"""

import threading
import time

import pytest
from django.db import connections
from django.db.models.query import QuerySet

HOLD = 0.25  # seconds a locked read keeps its lock before the caller goes on

racing = threading.local()


@pytest.fixture(autouse=True)
def locks_held_longer(monkeypatch):
    """Inside at_once, every locked read keeps its lock HOLD seconds before going on.

    Autouse: a test module that imports this fixture has it for every test.
    """
    original = QuerySet._fetch_all

    def fetch_and_hold(self):
        fresh = self._result_cache is None
        original(self)
        if fresh and self.query.select_for_update and getattr(racing, "on", False):
            time.sleep(HOLD)

    monkeypatch.setattr(QuerySet, "_fetch_all", fetch_and_hold)


def at_once(*calls, timeout=60):
    """Run each call in its own thread and connection, started together; their outcomes,
    ("ok", result) or ("refused", exception), in the order of the calls."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        racing.on = True
        try:
            barrier.wait()
            outcomes[index] = ("ok", call())
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = ("refused", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes


def one_wins(outcomes, refusal=Exception):
    """The winner's result and the loser's exception; fails unless exactly one won."""
    kinds = sorted(kind for kind, _result in outcomes)
    assert kinds == ["ok", "refused"], outcomes
    winner = next(result for kind, result in outcomes if kind == "ok")
    loser = next(result for kind, result in outcomes if kind == "refused")
    assert isinstance(loser, refusal), repr(loser)
    return winner, loser
