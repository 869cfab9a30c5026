"""The unit of work: one transaction per user action, rolled back unless committed.

Services read the time from ``clock`` (the wall clock unless a settable one is given, see
``services.ports.Clock``) and record events with ``emit``; ``commit`` stores them in the same
transaction as the change and publishes them only once the database has acknowledged the
commit, so a 2xx answer means the change and its events are durable, and a failure leaves
neither behind. Event rows are written under the write-order lock, so their ids follow commit
order on both databases; on PostgreSQL the commit also sends a NOTIFY that wakes every API
worker's event fan-out.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from goldenhour.adapters.db import audit_log
from goldenhour.adapters.db.dispatch_store import SqlDispatchStore
from goldenhour.adapters.db.engine import serialize
from goldenhour.adapters.db.tables import StoredEvent, UnitRow
from goldenhour.adapters.events import EVENTS_CHANNEL
from goldenhour.adapters.wall_clock import WallClock
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.records import Unit
from goldenhour.domain.shared.events import Event, PublishedEvent
from goldenhour.services.ports import Clock, EventBus, TravelTimes


class UnitOfWork:
    """Also the database ``DispatchWork`` (``services.dispatch.ports``): ``dispatch`` holds the
    dispatch repositories on this transaction's session."""

    session: Session
    dispatch: SqlDispatchStore

    def __init__(
        self, sessions: sessionmaker[Session], bus: EventBus, clock: Clock | None = None
    ) -> None:
        self._sessions = sessions
        self._bus = bus
        self.clock: Clock = clock or WallClock()
        self._pending: list[tuple[int, Event]] = []

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.dispatch = SqlDispatchStore(self.session)
        self._pending = []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def emit(self, agency_id: int, event: Event) -> None:
        self._pending.append((agency_id, event))

    def commit(self) -> None:
        rows: list[StoredEvent] = []
        if self._pending:
            serialize(self.session)
            at = self.clock.now()
            rows = [
                StoredEvent(agency_id=agency_id, name=event.name, payload=event.payload(), at=at)
                for agency_id, event in self._pending
            ]
            self.session.add_all(rows)
            self.session.flush()
            if self.session.get_bind().dialect.name == "postgresql":
                self.session.execute(
                    text("SELECT pg_notify(:channel, '')"), {"channel": EVENTS_CHANNEL}
                )
        published = [PublishedEvent(r.id, r.agency_id, r.name, r.payload, r.at) for r in rows]
        self.session.commit()
        self._pending = []
        if published:
            self._bus.publish(published)

    def audit(
        self,
        actor: Actor,
        action: str,
        entity_type: str,
        entity_id: object,
        detail: dict[str, Any] | None = None,
    ) -> None:
        audit_log.append(
            self.session,
            self.clock.now(),
            actor.agency_id,
            actor.user_id,
            action,
            entity_type,
            entity_id,
            detail,
        )

    def transporting(self, unit: Unit, travel: TravelTimes) -> None:
        # Imported here: the destination services themselves run on this unit of work.
        from goldenhour.services.destination import transport

        row = self.session.get(UnitRow, unit.id)
        if row is not None:
            transport.pre_arrival_notice(self, unit.agency_id, row, travel)

    def rollback(self) -> None:
        self.session.rollback()
        self._pending = []
