"""Incidents once taken (see ``intake``): read them, stamp their NEMSIS times, move their
status, re-triage them on new information, and announce who is recommended for them.

A stored call starts *pending* (in the queue, no unit on it) and is announced with the units
recommended for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.assignment import CANCELLED, CLOSED, LIVE, PENDING
from goldenhour.domain.dispatch.codes import TimeElement
from goldenhour.domain.dispatch.events import (
    IncidentQueued,
    IncidentStatusChanged,
    IncidentTriaged,
    UnitRecommended,
)
from goldenhour.domain.dispatch.records import Incident, IncidentTime
from goldenhour.domain.shared.errors import Conflict
from goldenhour.domain.triage.decision import TriageResult, triage
from goldenhour.services.dispatch import recommendations
from goldenhour.services.dispatch.ports import DispatchWork
from goldenhour.services.dispatch.setup import DispatchSetup

EMERGENCY_RESPONSE = "2205001"  # eResponse.05 Emergency Response (Primary Response Area)


def announce_recommendation(
    uow: DispatchWork, setup: DispatchSetup, incident: Incident, now: datetime
) -> None:
    """Emit the proposed unit per open role, and queue what nobody can fill."""
    announce(uow, incident, recommendations.for_incident(uow, setup, incident, now))


def announce(
    uow: DispatchWork, incident: Incident, found: recommendations.IncidentRecommendation
) -> None:
    """Emit a recommendation worked out already (``intake`` works it out before storing)."""
    for suggestion in found.recommendation.suggestions:
        eta = next(
            (
                c.eta_s
                for r in found.recommendation.roles
                for c in r.candidates
                if c.unit_id == suggestion.unit_id
            ),
            None,
        )
        uow.emit(
            incident.agency_id,
            UnitRecommended(
                incident.id,
                suggestion.role,
                int(suggestion.unit_id),
                found.call_signs[suggestion.unit_id],
                eta,
                suggestion.note,
            ),
        )
    if found.recommendation.unfilled:
        uow.emit(
            incident.agency_id,
            IncidentQueued(incident.id, incident.priority, found.recommendation.unfilled),
        )


def get_incident(uow: DispatchWork, agency_id: int, incident_id: int) -> Incident:
    """The incident as stored now (another dispatcher may just have changed it)."""
    return uow.dispatch.incidents.get(agency_id, incident_id)


def list_incidents(
    uow: DispatchWork,
    agency_id: int,
    statuses: Sequence[str] = (),
    limit: int = 200,
    before_id: int | None = None,
) -> list[Incident]:
    """Newest first; ``before_id`` continues a page (keyset pagination: no row skipped or
    repeated while calls keep arriving)."""
    return uow.dispatch.incidents.page(agency_id, statuses, limit, before_id)


def times_of(uow: DispatchWork, incident_id: int) -> list[IncidentTime]:
    return uow.dispatch.incidents.times_of(incident_id)


def stamp(
    uow: DispatchWork,
    incident: Incident,
    unit_id: int | None,
    elements: Iterable[TimeElement],
    at: datetime,
) -> list[IncidentTime]:
    return stamp_each(uow, incident, unit_id, ((element, at) for element in elements))


def stamp_each(
    uow: DispatchWork,
    incident: Incident,
    unit_id: int | None,
    stamps: Iterable[tuple[TimeElement, datetime]],
) -> list[IncidentTime]:
    """Several stamps, each at its own time, stored together (one statement)."""
    times = [
        IncidentTime(
            agency_id=incident.agency_id,
            incident_id=incident.id,
            unit_id=unit_id,
            element=element.value,
            at=at,
        )
        for element, at in stamps
    ]
    uow.dispatch.incidents.stamp(times)
    return times


def set_status(uow: DispatchWork, incident: Incident, new: str, reason: str) -> None:
    """Change and save the incident's status, announcing it (closing stamps ``closed_at``)."""
    if incident.status == new:
        return
    uow.emit(incident.agency_id, IncidentStatusChanged(incident.id, incident.status, new, reason))
    incident.status = new
    if new in (CLOSED, CANCELLED):
        incident.closed_at = uow.clock.now()
    uow.dispatch.incidents.save(incident)


def after_unit_left(
    uow: DispatchWork, setup: DispatchSetup, incident: Incident, reached: bool
) -> None:
    """The last unit leaving closes a call it reached; a call it never reached waits again."""
    if incident.status not in LIVE or recommendations.active_assignments(uow, incident.id):
        return
    if reached:
        set_status(uow, incident, CLOSED, "the last unit cleared the call")
    else:
        set_status(uow, incident, PENDING, "no unit is on the call any more")
        announce_recommendation(uow, setup, incident, uow.clock.now())


def retriage_call(
    uow: DispatchWork,
    actor: Actor,
    setup: DispatchSetup,
    incident_id: int,
    answers: Mapping[str, object],
    dispatch_reason: str | None,
) -> recommendations.IncidentRecommendation:
    """New information on the call: triage again, keep the units that still fit the plan."""
    incident = get_incident(uow, actor.agency_id, incident_id)
    if incident.status not in LIVE:
        raise Conflict(f"incident: incident {incident_id} is {incident.status}")
    merged = {**incident.answers, **answers}
    merged = {k: v for k, v in merged.items() if v is not None}
    result = triage(setup.protocol, dispatch_reason or incident.dispatch_reason, merged)
    previous_priority, previous_level = incident.priority, incident.level
    for key, value in triage_columns(result).items():
        setattr(incident, key, value)
    incident.dispatch_reason = result.dispatch_reason
    uow.dispatch.incidents.save(incident)
    now = uow.clock.now()
    found = recommendations.for_incident(uow, setup, incident, now)
    kept = {k.assignment.unit_id: k.role for k in found.matching.kept}
    for row in recommendations.active_assignments(uow, incident.id):
        role = kept.get(str(row.unit_id))
        if role is not None:  # the unit's role in the new plan, and how it drives now
            row.role, row.mode = role.name, role.mode.value
            uow.dispatch.assignments.save(row)
    uow.audit(actor, "retriage", "incident", incident.id, summary(incident))
    uow.emit(actor.agency_id, triaged(incident, previous_priority, previous_level))
    uow.commit()
    return found


def triage_columns(result: TriageResult) -> dict[str, Any]:
    return {
        "answers": dict(result.answers),
        "priority": int(result.priority),
        "level": result.level.name,
        "mode": result.mode.value,
        "plan": result.plan,
        "roles": recommendations.roles_json(result.roles),
        "rule_index": result.rule.index,
        "rule_why": result.rule.why,
        "source": result.source.id,
    }


def triaged(
    incident: Incident, previous_priority: int | None, previous_level: str | None
) -> IncidentTriaged:
    return IncidentTriaged(
        incident.id,
        incident.priority,
        incident.level,
        incident.mode,
        incident.plan,
        incident.rule_why,
        incident.source,
        previous_priority,
        previous_level,
    )


def summary(incident: Incident) -> dict[str, object]:
    return {
        "dispatch_reason": incident.dispatch_reason,
        "priority": incident.priority,
        "level": incident.level,
        "plan": incident.plan,
    }
