"""The unit of work: one transaction per user action, rolled back unless committed.

Services read the time from ``clock`` (the wall clock unless a settable one is given, see
``services.ports.Clock``), record events with ``emit`` and audit entries with ``audit``;
``commit`` stores them in the same transaction as the change and publishes the events only once
the database has acknowledged the commit, so a 2xx answer means the change, its audit entries
and its events are durable, and a failure leaves none of them behind.

Audit entries and event rows are appended at the very end of the transaction, under the
write-order lock, so their ids follow commit order on both databases while the lock is held for
milliseconds, not for the whole use case; on PostgreSQL the commit also sends a NOTIFY that wakes
every API worker's event fan-out.

A unit of work opened with ``reads_only`` (the API's GET requests) reads a snapshot and never
takes the write lock, nor does an API request's unit of work once it has committed
(``reads_after_commit``). What such a unit of work must still write — the audit entry of a
patient record read, its events — is appended in a short write transaction of its own at
``commit``, before the caller sees the data, so no audited read goes unrecorded and no read
waits behind a writer. Anything else it writes must be written inside ``writing()``: a change
flushed on a snapshot raises ``WriteInReadTransaction`` (a 500 in every test that reaches it),
where on SQLite it would have failed only under load, after the request's commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session, sessionmaker

from goldenhour.adapters.db import audit_log
from goldenhour.adapters.db.dispatch_store import SqlDispatchStore
from goldenhour.adapters.db.engine import reading, serialize
from goldenhour.adapters.db.tables import StoredEvent, UnitRow
from goldenhour.adapters.events import EVENTS_CHANNEL
from goldenhour.adapters.wall_clock import WallClock
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.records import Unit
from goldenhour.domain.shared.events import Event, PublishedEvent
from goldenhour.services.ports import Clock, EventBus, TravelTimes

# Built once, on the table rather than the mapped class: no ORM bulk-insert work, nor building
# the statement again, on every commit.
_EVENTS = StoredEvent.metadata.tables[StoredEvent.__tablename__]
_APPEND_EVENTS = insert(_EVENTS).returning(_EVENTS.c.id, sort_by_parameter_order=True)


@dataclass(frozen=True)
class _AuditNote:
    at: datetime
    agency_id: int | None
    user_id: int | None
    action: str
    entity_type: str
    entity_id: object
    detail: dict[str, Any] | None


class UnitOfWork:
    """Also the database ``DispatchWork`` (``services.dispatch.ports``): ``dispatch`` holds the
    dispatch repositories on this transaction's session."""

    session: Session
    dispatch: SqlDispatchStore

    def __init__(
        self,
        sessions: sessionmaker[Session],
        bus: EventBus,
        clock: Clock | None = None,
        *,
        reads_only: bool = False,
        reads_after_commit: bool = False,
    ) -> None:
        """``reads_after_commit``: once committed, what follows (the answer read back) runs
        in read transactions, so it never waits for the write lock after the change is stored.
        Only for callers that commit once, as an API request does."""
        self._sessions = sessions
        self._bus = bus
        self.clock: Clock = clock or WallClock()
        engine: Engine = sessions.kw["bind"]
        self._writer = engine
        self._reader = reading(engine)
        self.reads_only = reads_only
        self._reads_after_commit = reads_after_commit
        self.committed = False
        self._pending: list[tuple[int, Event]] = []
        self._audits: list[_AuditNote] = []

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions(bind=self._reader if self.reads_only else self._writer)
        self.dispatch = SqlDispatchStore(self.session)
        self._pending = []
        self._audits = []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    @property
    def holds_transaction(self) -> bool:
        """Whether closing it would talk to the database (a transaction left to roll back)."""
        return self.session.in_transaction()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Run the block's queries in a read transaction of their own, ended (its connection
        back in the pool) when the block ends: for what comes before a slow step, such as the
        authentication before a request's work or a password check."""
        if self.session.in_transaction():  # already inside a transaction: it stays as it is
            yield
            return
        bind = self.session.bind
        self.session.bind = self._reader
        try:
            yield
        finally:
            self.session.rollback()
            self.session.bind = bind

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A further write after this unit of work has committed once (an API request reads
        on a snapshot from then on, see ``reads_after_commit``), or a write in a unit of work
        opened to read: the block reads and writes in a write transaction of its own, which on
        SQLite queues for the write lock up front. What the block does not commit is rolled
        back when it ends, so no write lock outlives it."""
        self.session.rollback()  # ends the read snapshot, if one is open
        bind = self.session.bind
        self.session.bind = self._writer
        try:
            yield
        finally:
            self.session.rollback()
            self.session.bind = bind

    def emit(self, agency_id: int, event: Event) -> None:
        self._pending.append((agency_id, event))

    def audit(
        self,
        actor: Actor | None,
        action: str,
        entity_type: str,
        entity_id: object,
        detail: dict[str, Any] | None = None,
        agency_id: int | None = None,
    ) -> None:
        """Note an audit entry, appended to the chain when this unit of work commits."""
        self._audits.append(
            _AuditNote(
                self.clock.now(),
                actor.agency_id if actor else agency_id,
                actor.user_id if actor else None,
                action,
                entity_type,
                entity_id,
                detail,
            )
        )

    def commit(self) -> None:
        published: list[PublishedEvent] = []
        if self.session.bind is self._reader:
            self.session.commit()  # ends the snapshot (a change flushed here raises)
            if self._pending or self._audits:
                with self._sessions(bind=self._writer) as writer:
                    published = self._append(writer)
                    writer.commit()
        else:
            published = self._append(self.session)
            self.session.commit()
            if self._reads_after_commit:
                self.session.bind = self._reader
        self.committed = True
        self._pending, self._audits = [], []
        if published:
            self._bus.publish(published)

    def _append(self, session: Session) -> list[PublishedEvent]:
        """Audit entries and event rows, last in the transaction, under the write-order lock:
        one round trip for the lock (and the NOTIFY that wakes the other workers at commit),
        one per audit entry, one for all the events."""
        if not (self._pending or self._audits):
            return []
        serialize(session, notify=EVENTS_CHANNEL if self._pending else None)
        for note in self._audits:
            audit_log.append(
                session,
                note.at,
                note.agency_id,
                note.user_id,
                note.action,
                note.entity_type,
                note.entity_id,
                note.detail,
            )
        if not self._pending:
            return []
        at = self.clock.now()
        stored = [(agency_id, event.name, event.payload()) for agency_id, event in self._pending]
        ids = session.scalars(
            _APPEND_EVENTS,
            [{"agency_id": a, "name": n, "payload": p, "at": at} for a, n, p in stored],
        ).all()
        return [PublishedEvent(i, *row, at) for i, row in zip(ids, stored, strict=True)]

    def transporting(self, unit: Unit, travel: TravelTimes) -> None:
        # Imported here: the destination services themselves run on this unit of work.
        from goldenhour.services.destination import transport

        row = self.session.get(UnitRow, unit.id)
        if row is not None:
            transport.pre_arrival_notice(self, unit.agency_id, row, travel)

    def rollback(self) -> None:
        self.session.rollback()
        self._pending, self._audits = [], []
