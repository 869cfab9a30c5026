"""The pending queue: calls no unit is on, most urgent first, then the longest waiting.

A call never leaves the queue except by getting a unit or being cancelled. The moment a unit
frees up (back in service, on the radio while returning, or out of service no more), every
waiting call it could serve is found in queue order and announced with
``PendingCallsMatched``, and the head of the queue gets a ``UnitRecommended`` for that unit,
so the dispatcher's board lights up without anyone polling.
"""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import func, select

from goldenhour.adapters.db.tables import IncidentRow, UnitRow
from goldenhour.domain.dispatch.assignment import PENDING
from goldenhour.domain.dispatch.events import PendingCallsMatched, UnitRecommended
from goldenhour.domain.dispatch.pending_queue import PendingCall, order_pending
from goldenhour.domain.dispatch.recommendation import recommend
from goldenhour.domain.triage.priority import Priority
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.services.dispatch.recommendations import candidate, roles_of, state_of
from goldenhour.services.dispatch.setup import DispatchSetup
from goldenhour.services.unit_of_work import UnitOfWork


def queue(uow: UnitOfWork, agency_id: int) -> list[IncidentRow]:
    rows = list(
        uow.session.scalars(
            select(IncidentRow).where(
                IncidentRow.agency_id == agency_id, IncidentRow.status == PENDING
            )
        )
    )
    by_id = {str(r.id): r for r in rows}
    calls = [PendingCall(str(r.id), Priority(r.priority), r.received_at) for r in rows]
    return [by_id[c.incident_id] for c in order_pending(calls)]


def waiting_count(uow: UnitOfWork) -> int:
    """Calls waiting for a unit across every agency (the operator's queue-length gauge)."""
    found = uow.session.scalar(
        select(func.count()).select_from(IncidentRow).where(IncidentRow.status == PENDING)
    )
    return int(found or 0)


def match_freed_unit(
    uow: UnitOfWork, setup: DispatchSetup, unit: UnitRow, now: datetime
) -> tuple[int, ...]:
    """Waiting calls the unit fits, in queue order; announced when there are any."""
    waiting = queue(uow, unit.agency_id)
    if not waiting or unit.lon is None or unit.lat is None:
        return ()
    state = state_of(unit)
    seconds = setup.travel.etas_from((unit.lon, unit.lat), [(i.lon, i.lat) for i in waiting])
    fits: list[tuple[IncidentRow, str, str, float | None]] = []
    for incident, eta in zip(waiting, seconds, strict=True):
        one = candidate(state, float(eta) if math.isfinite(eta) else None, now)
        found = recommend(
            roles_of(incident),
            Priority(incident.priority),
            CareLevel[incident.level],
            [one],
            setup.config,
        )
        if found.suggestions:
            first = found.suggestions[0]
            fits.append((incident, first.role, first.note, one.eta_s))
    if not fits:
        return ()
    uow.emit(
        unit.agency_id,
        PendingCallsMatched(unit.id, unit.call_sign, tuple(i.id for i, *_ in fits)),
    )
    head, role, note, eta = fits[0]
    uow.emit(unit.agency_id, UnitRecommended(head.id, role, unit.id, unit.call_sign, eta, note))
    return tuple(i.id for i, *_ in fits)
