"""Leases on units of a batch (a month, a night), so two workers never process the same one at once.

A unit is taken by compare-and-set on its :class:`~phoenix.db.models.Claim` row, which works the
same on SQLite and PostgreSQL: the first claim inserts the row (the unique constraint lets only one
insert win), later claims ``UPDATE ... WHERE owner = me OR expires < now`` and own the unit only if
that changed a row. The holder renews its lease by heartbeat (:class:`Lease` does it from a thread);
a worker that is killed stops renewing, and once its lease ran out another worker takes the unit
over (at once when the dead holder ran on the same host: its process id is gone). Leases only stop
two workers working at once; what is finished is what the bookkeeping
records (runs, jobs, dataset states).
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from types import TracebackType

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from phoenix.db.models import Claim
from phoenix.production.context import Context

LEASE_S = 120.0  # a dead worker's unit is taken over this long after its last heartbeat
MONTH = "month"
NIGHT = "night"


def worker_id() -> str:
    """A name for this process that no other process shares: host, pid and a random token."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def try_claim(
    ctx: Context, instrument: str, scope: str, unit: str, owner: str, lease_s: float = LEASE_S
) -> bool:
    """Take ``unit`` for ``owner`` unless another owner holds a lease that has not run out."""
    now = time.time()
    try:
        with ctx.db.session() as session:
            session.add(
                Claim(
                    instrument=instrument, scope=scope, unit=unit, owner=owner, expires=now + lease_s, taken=1
                )
            )
        return True
    except IntegrityError:
        pass  # the row exists: compare-and-set below
    current = holder(ctx, instrument, scope, unit)
    dead = current.owner if current is not None and _died_here(current.owner) else None
    with ctx.db.session() as session:
        result = session.exec(  # type: ignore[call-overload]
            update(Claim)
            .where(
                Claim.instrument == instrument,
                Claim.scope == scope,
                Claim.unit == unit,
                or_(Claim.owner == owner, Claim.expires < now, Claim.owner == (dead or owner)),
            )
            .values(owner=owner, expires=now + lease_s, taken=Claim.taken + 1)
        )
        return result.rowcount == 1


def _died_here(owner: str) -> bool:
    """True when ``owner`` ran on this host and its process is gone: no need to wait for its lease."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return False


def renew(ctx: Context, instrument: str, scope: str, unit: str, owner: str, lease_s: float = LEASE_S) -> bool:
    """Extend ``owner``'s lease; ``False`` when the unit was taken over (the lease had run out)."""
    with ctx.db.session() as session:
        result = session.exec(  # type: ignore[call-overload]
            update(Claim)
            .where(
                Claim.instrument == instrument, Claim.scope == scope, Claim.unit == unit, Claim.owner == owner
            )
            .values(expires=time.time() + lease_s)
        )
        return result.rowcount == 1


def release(ctx: Context, instrument: str, scope: str, unit: str, owner: str) -> None:
    """Give the unit up at once (a later claim by anyone succeeds)."""
    with ctx.db.session() as session:
        session.exec(  # type: ignore[call-overload]
            update(Claim)
            .where(
                Claim.instrument == instrument, Claim.scope == scope, Claim.unit == unit, Claim.owner == owner
            )
            .values(owner="", expires=0.0)
        )


def holder(ctx: Context, instrument: str, scope: str, unit: str) -> Claim | None:
    """The unit's claim row (owner and lease), or ``None`` if nobody ever claimed it."""
    with ctx.db.session() as session:
        return session.exec(
            select(Claim).where(Claim.instrument == instrument, Claim.scope == scope, Claim.unit == unit)
        ).first()


class Lease:
    """A claim held for the length of a ``with`` block, renewed every ``lease_s / 4`` by a thread.

    Entering raises nothing when the unit is taken by another worker: check :attr:`held`.
    """

    def __init__(
        self, ctx: Context, instrument: str, scope: str, unit: str, lease_s: float = LEASE_S
    ) -> None:
        self.ctx, self.instrument, self.scope, self.unit, self.lease_s = ctx, instrument, scope, unit, lease_s
        self.owner = worker_id()
        self.held = False
        self.lost = False  # the lease ran out while held (the process was stopped too long)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Lease:
        self.held = try_claim(self.ctx, self.instrument, self.scope, self.unit, self.owner, self.lease_s)
        if self.held:
            self._thread = threading.Thread(target=self._beat, name=f"lease {self.unit}", daemon=True)
            self._thread.start()
        return self

    def _beat(self) -> None:
        while not self._stop.wait(self.lease_s / 4):
            if not renew(self.ctx, self.instrument, self.scope, self.unit, self.owner, self.lease_s):
                self.lost = True
                return

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.held:
            release(self.ctx, self.instrument, self.scope, self.unit, self.owner)
