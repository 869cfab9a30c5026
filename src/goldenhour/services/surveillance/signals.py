"""The public-health officer's queue of signals: list, look at the cases, dismiss.

The list and the map carry areas, counts and times, never a name; opening a signal's cases
(incident ids and their criteria) is a view of case detail and is audited.
"""

from __future__ import annotations

from sqlalchemy import select

from goldenhour.adapters.db.tables.surveillance import SurveillanceSignalRow
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.shared.errors import Conflict, InvalidInput, NotFound
from goldenhour.services.accounts import audit
from goldenhour.services.unit_of_work import UnitOfWork

STATUSES = ("open", "dismissed", "advised")


def queue(uow: UnitOfWork, actor: Actor, status: str = "open") -> list[SurveillanceSignalRow]:
    if status not in STATUSES:
        raise InvalidInput.for_field("status", f"must be one of {', '.join(STATUSES)}")
    return list(
        uow.session.scalars(
            select(SurveillanceSignalRow)
            .where(
                SurveillanceSignalRow.agency_id == actor.agency_id,
                SurveillanceSignalRow.status == status,
            )
            .order_by(SurveillanceSignalRow.id.desc())
        )
    )


def get(
    uow: UnitOfWork, actor: Actor, signal_id: int, *, lock: bool = False
) -> SurveillanceSignalRow:
    row = uow.session.get(SurveillanceSignalRow, signal_id, with_for_update=lock)
    if row is None or row.agency_id != actor.agency_id:
        raise NotFound(f"signal: no signal {signal_id} in your agency")
    return row


def case_detail(uow: UnitOfWork, actor: Actor, signal_id: int) -> SurveillanceSignalRow:
    """The signal with its cases; the view is written to the audit log."""
    row = get(uow, actor, signal_id)
    ids = [c["incident_id"] for c in row.detail.get("cases", [])]
    audit.record(uow, actor, "view_cases", "surveillance_signal", row.id, {"incidents": ids})
    uow.commit()
    return row


def dismiss(uow: UnitOfWork, actor: Actor, signal_id: int, reason: str) -> SurveillanceSignalRow:
    if not reason.strip():
        raise InvalidInput.for_field("reason", "a dismissal needs a reason")
    row = get(uow, actor, signal_id, lock=True)
    if row.status != "open":
        raise Conflict(f"signal {signal_id} is already {row.status}")
    row.status, row.reason = "dismissed", reason.strip()
    row.decided_by, row.decided_at = actor.user_id, uow.clock.now()
    audit.record(uow, actor, "dismiss", "surveillance_signal", row.id, {"reason": row.reason})
    uow.commit()
    return row
