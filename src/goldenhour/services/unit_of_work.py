"""The unit of work: one transaction per user action, rolled back unless committed.

Services record events with ``emit``; ``commit`` stores them in the same transaction as the
change and publishes them only once the database has acknowledged the commit, so a 2xx answer
means the change and its events are durable, and a failure leaves neither behind.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from goldenhour.adapters.db.tables import StoredEvent
from goldenhour.adapters.db.types import utcnow
from goldenhour.domain.events import Event
from goldenhour.services.messagebus import EventBus, PublishedEvent


class UnitOfWork:
    session: Session

    def __init__(self, sessions: sessionmaker[Session], bus: EventBus) -> None:
        self._sessions = sessions
        self._bus = bus
        self._pending: list[StoredEvent] = []

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
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
        row = StoredEvent(
            agency_id=agency_id, name=event.name, payload=event.payload(), at=utcnow()
        )
        self.session.add(row)
        self._pending.append(row)

    def commit(self) -> None:
        self.session.flush()
        published = [
            PublishedEvent(row.id, row.agency_id, row.name, row.payload, row.at)
            for row in self._pending
        ]
        self.session.commit()
        self._pending = []
        if published:
            self._bus.publish(published)

    def rollback(self) -> None:
        self.session.rollback()
        self._pending = []
