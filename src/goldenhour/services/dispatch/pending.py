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

from goldenhour.domain.dispatch.events import PendingCallsMatched, UnitRecommended
from goldenhour.domain.dispatch.pending_queue import PendingCall, order_pending
from goldenhour.domain.dispatch.recommendation import recommend
from goldenhour.domain.dispatch.records import Incident, Unit
from goldenhour.domain.triage.priority import Priority
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.services.dispatch.ports import DispatchWork
from goldenhour.services.dispatch.recommendations import candidate, roles_of, route_point
from goldenhour.services.dispatch.setup import DispatchSetup


def queue(uow: DispatchWork, agency_id: int) -> list[Incident]:
    rows = uow.dispatch.incidents.pending(agency_id)
    by_id = {str(r.id): r for r in rows}
    calls = [PendingCall(str(r.id), Priority(r.priority), r.received_at) for r in rows]
    return [by_id[c.incident_id] for c in order_pending(calls)]


def waiting_count(uow: DispatchWork) -> int:
    """Calls waiting for a unit across every agency (the operator's queue-length gauge)."""
    return uow.dispatch.incidents.waiting_count()


def match_freed_unit(
    uow: DispatchWork, setup: DispatchSetup, unit: Unit, now: datetime
) -> tuple[int, ...]:
    """Waiting calls the unit fits, in queue order; announced when there are any."""
    waiting = queue(uow, unit.agency_id)
    if not waiting or unit.lon is None or unit.lat is None:
        return ()
    points = [route_point(setup, i) or (math.nan, math.nan) for i in waiting]
    seconds = setup.travel.etas_from((unit.lon, unit.lat), points)
    fits: list[tuple[Incident, str, str, float | None]] = []
    for incident, eta in zip(waiting, seconds, strict=True):
        one = candidate(unit, float(eta) if math.isfinite(eta) else None, now)
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
