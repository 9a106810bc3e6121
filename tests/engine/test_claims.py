"""Leases on batch months: one holder at a time, on SQLite and PostgreSQL; a dead holder is taken over."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from phoenix.db.engine import open_database
from phoenix.production import claims
from phoenix.production.claims import MONTH, Lease


@pytest.fixture
def ctx(database_url: str) -> Iterator[SimpleNamespace]:
    database = open_database(database_url)
    yield SimpleNamespace(db=database)  # the claims need only the bookkeeping
    database.dispose()


def test_a_month_has_one_holder_until_its_lease_runs_out(ctx: SimpleNamespace) -> None:
    assert claims.try_claim(ctx, "uves", MONTH, "2016-05", "worker-a", lease_s=0.5)
    assert not claims.try_claim(ctx, "uves", MONTH, "2016-05", "worker-b", lease_s=0.5)
    assert claims.try_claim(ctx, "uves", MONTH, "2016-06", "worker-b", lease_s=0.5)  # another month is free
    assert claims.try_claim(ctx, "uves", MONTH, "2016-05", "worker-a", lease_s=0.5)  # the holder re-claims
    time.sleep(0.7)  # worker-a died: no heartbeat
    assert claims.try_claim(ctx, "uves", MONTH, "2016-05", "worker-b", lease_s=30)
    assert not claims.renew(ctx, "uves", MONTH, "2016-05", "worker-a")  # it lost the month
    row = claims.holder(ctx, "uves", MONTH, "2016-05")
    assert (row.owner, row.taken) == ("worker-b", 3)
    claims.release(ctx, "uves", MONTH, "2016-05", "worker-b")
    assert claims.try_claim(ctx, "uves", MONTH, "2016-05", "worker-c")


def test_racing_workers_get_exactly_one_claim(ctx: SimpleNamespace) -> None:
    won: list[str] = []
    start = threading.Barrier(6)

    def claim(name: str) -> None:
        start.wait()
        if claims.try_claim(ctx, "uves", MONTH, "2016-05", name):
            won.append(name)

    threads = [threading.Thread(target=claim, args=(f"worker-{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1
    assert claims.holder(ctx, "uves", MONTH, "2016-05").owner == won[0]


def test_a_lease_is_kept_alive_by_its_heartbeat_and_freed_on_exit(ctx: SimpleNamespace) -> None:
    with Lease(ctx, "uves", MONTH, "2016-05", lease_s=0.4) as lease:
        assert lease.held
        time.sleep(1.0)  # 2.5 lease lengths: only the heartbeat keeps it
        assert not claims.try_claim(ctx, "uves", MONTH, "2016-05", "other", lease_s=0.4)
        with Lease(ctx, "uves", MONTH, "2016-05", lease_s=0.4) as second:
            assert not second.held
        assert not lease.lost
    assert claims.try_claim(ctx, "uves", MONTH, "2016-05", "other")


def test_a_killed_holder_on_this_host_is_taken_over_at_once(ctx: SimpleNamespace) -> None:
    import socket
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # a process id that no longer runs
    dead = f"{socket.gethostname()}:{child.pid}:deadbeef"
    alive = f"{socket.gethostname()}:{os.getpid()}:cafe0000"
    assert claims.try_claim(ctx, "uves", MONTH, "2016-05", alive, lease_s=600)
    assert not claims.try_claim(ctx, "uves", MONTH, "2016-05", "elsewhere:1:x", lease_s=600)
    assert claims.try_claim(ctx, "uves", MONTH, "2016-06", dead, lease_s=600)
    assert claims.try_claim(ctx, "uves", MONTH, "2016-06", "elsewhere:1:x", lease_s=600)
