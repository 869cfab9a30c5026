"""Recommendation for an incident: the agency's units as candidates, ranked by road ETA.

Each unit's level is the one derived from its crew on duty, as ``crews.refresh_levels`` last
stored it (after every crew or certification change, and every minute for changes that come
with the clock), so a recommendation reads one row per unit instead of re-deriving every crew.
Status and latest position come from the same rows (every API worker sees the same units),
and ETAs from the latest positions to the incident from one reversed road search. Roles that
units already assigned to the incident fill (a maximum matching, ``domain.dispatch.retriage``)
are not recommended again, which is also how an upgrade opens exactly the roles the units on
the way cannot fill.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from goldenhour.domain.dispatch import retriage
from goldenhour.domain.dispatch.codes import TimeElement
from goldenhour.domain.dispatch.recommendation import Recommendation, UnitCandidate, recommend
from goldenhour.domain.dispatch.records import Assignment, Incident, Unit
from goldenhour.domain.dispatch.retriage import Retriage
from goldenhour.domain.dispatch.roles_held import OnCall, held_roles
from goldenhour.domain.triage.priority import Priority, ResponseMode
from goldenhour.domain.triage.response_plan import Role, UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.domain.units.timeline import DISPATCHABLE, UnitStatus
from goldenhour.services.dispatch.ports import DispatchWork
from goldenhour.services.dispatch.setup import DispatchSetup
from goldenhour.services.ports import LonLat

REACHED_TIMES = frozenset({TimeElement.ON_SCENE.value, TimeElement.AT_PATIENT.value})


@dataclass(frozen=True)
class IncidentRecommendation:
    recommendation: Recommendation
    open_roles: tuple[Role, ...]
    call_signs: Mapping[str, str]  # unit id (as text) -> call sign
    matching: Retriage  # the units already assigned, matched to the plan's roles


def roles_json(roles: Sequence[Role]) -> dict[str, Any]:
    return {
        "roles": [
            {
                "name": r.name,
                "unit_types": sorted(t.value for t in r.unit_types),
                "min_level": r.min_level.name,
                "mode": r.mode.value,
            }
            for r in roles
        ]
    }


def roles_of(incident: Incident) -> tuple[Role, ...]:
    return tuple(
        Role(
            name=r["name"],
            unit_types=frozenset(UnitType(t) for t in r["unit_types"]),
            min_level=CareLevel[r["min_level"]],
            mode=ResponseMode(r["mode"]),
        )
        for r in incident.roles["roles"]
    )


def level_of(row: Unit) -> CareLevel | None:
    return CareLevel[row.derived_level] if row.derived_level else None


def candidate(row: Unit, eta_s: float | None, now: datetime) -> UnitCandidate:
    age = None if row.position_at is None else max((now - row.position_at).total_seconds(), 0.0)
    return UnitCandidate(
        unit_id=str(row.id),
        unit_type=UnitType(row.unit_type),
        level=level_of(row),
        status=UnitStatus(row.status),
        position_age_s=age,
        eta_s=eta_s,
    )


def route_point(setup: DispatchSetup, incident: Incident) -> LonLat | None:
    """Where units drive to for this call: its point, or the nearest road to a point off the
    network; None when it has no location yet or lies outside the region."""
    if incident.lon is None or incident.lat is None:
        return None
    return setup.road_access(incident.lon, incident.lat).route_from


def candidates(
    setup: DispatchSetup, rows: Sequence[Unit], location: LonLat | None, now: datetime
) -> list[UnitCandidate]:
    """Every unit as a candidate; ETAs only for those that could go (one road search), none
    when the call has no road location (every unit then shows "no route")."""
    stale = setup.config.stale_position_s
    moving = [
        r
        for r in rows
        if UnitStatus(r.status) in DISPATCHABLE
        and r.position_at is not None
        and (now - r.position_at).total_seconds() <= stale
    ]
    etas: dict[int, float | None] = {}
    if moving and location is not None:
        origins = [(float(r.lon or 0.0), float(r.lat or 0.0)) for r in moving]
        seconds = setup.travel.etas_to(location, origins)
        etas = {
            r.id: float(s) if math.isfinite(s) else None
            for r, s in zip(moving, seconds, strict=True)
        }
    return [candidate(r, etas.get(r.id), now) for r in rows]


def active_assignments(uow: DispatchWork, incident_id: int) -> list[Assignment]:
    return uow.dispatch.assignments.of_incident(incident_id, active_only=True)


def units_on_call(uow: DispatchWork, incident_id: int, units: Mapping[int, Unit]) -> list[OnCall]:
    """Every unit ever assigned to the incident: whether it is still on it (and doing what)
    and whether it reached the scene (an eTimes.06/.07 stamp of its own on this incident).

    A unit still on the call with no level fits no role; one that left keeps the role it did
    the work of whatever its crew is now.
    """
    rows = uow.dispatch.assignments.of_incident(incident_id)
    reached = {
        t.unit_id
        for t in uow.dispatch.incidents.times_of(incident_id)
        if t.element in REACHED_TIMES
    }
    result = []
    for row in rows:
        unit = units.get(row.unit_id)
        if unit is None:
            continue
        level = level_of(unit)
        if row.cleared_at is None and level is None:
            continue
        unit_type, mode = UnitType(unit.unit_type), ResponseMode(row.mode)
        held = retriage.Assignment(
            str(row.unit_id), row.role, unit_type, level or CareLevel.EMR, mode
        )
        status = UnitStatus(unit.status) if row.cleared_at is None else None
        result.append(OnCall(held, status, row.unit_id in reached))
    return result


def for_incident(
    uow: DispatchWork, setup: DispatchSetup, incident: Incident, now: datetime
) -> IncidentRecommendation:
    """Ranked units for every role of the incident's plan that no unit holds
    (``domain.dispatch.roles_held``: a role stays filled until its unit leaves undone)."""
    units = uow.dispatch.units.active(incident.agency_id)
    stored = incident.id != 0  # a call not stored yet has no unit on it
    on_call = units_on_call(uow, incident.id, {u.id: u for u in units}) if stored else []
    matching = held_roles(roles_of(incident), on_call)
    open_roles = matching.unfilled
    pool = candidates(setup, units, route_point(setup, incident), now)
    result = recommend(
        open_roles, Priority(incident.priority), CareLevel[incident.level], pool, setup.config
    )
    call_signs = {str(u.id): u.call_sign for u in units}
    return IncidentRecommendation(result, open_roles, call_signs, matching)
