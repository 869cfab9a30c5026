"""Events across API workers on one PostgreSQL (``adapters.events.pg_fanout``): every worker
hands its subscribers every committed event once, in id order, exactly as the event log holds
it, whichever worker wrote it and however the commits interleave."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.db.tables import StoredEvent
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.adapters.events.pg_fanout import PostgresFanout
from goldenhour.domain.shared.events import PublishedEvent, UserDeactivated
from goldenhour.services.accounts import users as accounts
from goldenhour.services.unit_of_work import UnitOfWork

WRITERS, COMMITS = 4, 15


class RecordingBus(InProcessBus):
    """A worker's bus that keeps what it was handed, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.got: list[PublishedEvent] = []
        self.changed = threading.Condition()

    def deliver(self, events: Sequence[PublishedEvent]) -> None:
        with self.changed:
            self.got += events
            self.changed.notify_all()

    def after(self, start: int, count: int, seconds: float = 20.0) -> list[PublishedEvent]:
        """The events above id ``start``, once ``count`` of them have arrived (or time is up)."""
        with self.changed:
            self.changed.wait_for(lambda: sum(e.id > start for e in self.got) >= count, seconds)
            return [e for e in self.got if e.id > start]


@pytest.fixture
def engine(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


def _commit(sessions: sessionmaker[Session], agency_id: int, n: int) -> None:
    with UnitOfWork(sessions, InProcessBus()) as uow:
        for k in range(1 + n % 3):  # commits of one, two and three events
            uow.emit(agency_id, UserDeactivated(n, f"médecin-{n}-{k}"))
        uow.commit()


def test_every_worker_delivers_every_event_once_in_id_order_as_the_log_holds_it(
    engine: Engine,
) -> None:
    sessions = session_factory(engine)
    with UnitOfWork(sessions, InProcessBus()) as uow:
        agency_id = accounts.create_agency(uow, "alpha", "Alpha EMS", "WA").id
    buses = [RecordingBus(), RecordingBus()]
    workers = [PostgresFanout(engine, bus) for bus in buses]
    for worker in workers:
        worker.start()
    try:
        # A worker starts from the events committed after it connected: probe until both hear.
        deadline = time.monotonic() + 20
        while not all(bus.got for bus in buses) and time.monotonic() < deadline:
            _commit(sessions, agency_id, 0)
            time.sleep(0.05)
        assert all(bus.got for bus in buses), "a worker never connected"
        start = max(bus.got[-1].id for bus in buses)
        with ThreadPoolExecutor(WRITERS) as pool:  # commits of several writers interleave
            list(pool.map(lambda n: _commit(sessions, agency_id, n), range(1, WRITERS * COMMITS)))
        with sessions() as session:
            rows = session.scalars(
                select(StoredEvent).where(StoredEvent.id > start).order_by(StoredEvent.id)
            ).all()
            logged = [PublishedEvent(r.id, r.agency_id, r.name, r.payload, r.at) for r in rows]
        assert len(logged) == sum(1 + n % 3 for n in range(1, WRITERS * COMMITS))
        for bus in buses:
            got = bus.after(start, len(logged))
            assert got == logged  # once each, in order, as logged
            assert all(e.at.tzinfo is UTC for e in got)  # streamed as the log's replay shows it
            ids = [e.id for e in bus.got]
            assert ids == sorted(set(ids))  # the probes too
    finally:
        for worker in workers:
            worker.stop()
