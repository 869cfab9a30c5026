"""The agency's event log read back: what a reconnecting stream missed, in commit order."""

from __future__ import annotations

from sqlalchemy import select

from goldenhour.adapters.db.tables import StoredEvent
from goldenhour.domain.shared.events import PublishedEvent
from goldenhour.services.unit_of_work import UnitOfWork


def events_after(
    uow: UnitOfWork, agency_id: int, after_id: int, limit: int
) -> list[PublishedEvent]:
    rows = uow.session.scalars(
        select(StoredEvent)
        .where(StoredEvent.agency_id == agency_id, StoredEvent.id > after_id)
        .order_by(StoredEvent.id)
        .limit(limit)
    )
    return [PublishedEvent(r.id, r.agency_id, r.name, r.payload, r.at) for r in rows]
