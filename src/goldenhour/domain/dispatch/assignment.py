"""The dispatch rules that decide, before anything is stored: may this unit go, may this call
be cancelled, and which role of the response plan a unit fills.

The service loads the incident and the unit, asks these functions, then saves and publishes;
so the same rules run in the planning simulator with no database. Refusals are ``Conflict``s
naming the field, the unit by call sign and what it is doing, as a dispatcher needs to hear it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from goldenhour.domain.dispatch.recommendation import RoleRecommendation
from goldenhour.domain.shared.errors import Conflict, InvalidInput
from goldenhour.domain.units.timeline import ON_INCIDENT, UnitStatus

PENDING, OPEN, CLOSED, CANCELLED = "pending", "open", "closed", "cancelled"
LIVE = (PENDING, OPEN)  # a call that still takes units
ADDITIONAL = "additional"  # the role of a unit sent beyond the plan
CANCELLABLE = frozenset({UnitStatus.DISPATCHED, UnitStatus.EN_ROUTE})  # may still turn back


class Sending(Enum):
    """How a unit that may be assigned gets there."""

    FREE = "free"  # available or returning: it simply goes
    DIVERT = "divert"  # responding to another call: taken off it first
    TAKEN = "taken"  # on another call and no divert asked: refused, naming who holds it


@dataclass(frozen=True)
class UnitState:
    call_sign: str
    status: UnitStatus


def may_assign(
    incident_id: int,
    incident_status: str,
    unit: UnitState,
    holding_incident_id: int | None,
    allow_divert: bool,
) -> Sending:
    """May ``unit`` be sent to the incident? ``holding_incident_id``: the call it is on, if any.

    TAKEN is returned rather than raised because the refusal names the dispatcher who won the
    unit, which only storage knows; every other refusal raises ``Conflict`` here.
    """
    if incident_status not in LIVE:
        raise Conflict(f"incident: incident {incident_id} is {incident_status}")
    if holding_incident_id == incident_id:
        raise Conflict(f"unit_id: unit {unit.call_sign} is already on this incident")
    if holding_incident_id is not None:
        return Sending.DIVERT if allow_divert else Sending.TAKEN
    if unit.status is UnitStatus.OUT_OF_SERVICE:
        raise Conflict(f"unit_id: unit {unit.call_sign} is out of service")
    if unit.status in ON_INCIDENT:
        raise Conflict(f"unit_id: unit {unit.call_sign} is {unit.status.value}")
    return Sending.FREE


def may_cancel(
    incident_id: int, incident_status: str, reason: str, units: Iterable[UnitState]
) -> None:
    """A call is cancelled with a reason while live; units that reached it clear it themselves."""
    if not reason.strip():
        raise InvalidInput.for_field("reason", "say why the call is cancelled")
    if incident_status not in LIVE:
        raise Conflict(f"incident: incident {incident_id} is already {incident_status}")
    for unit in units:
        if unit.status not in CANCELLABLE:
            raise Conflict(
                f"incident: unit {unit.call_sign} is {unit.status.value}; it clears the call itself"
            )


def role_for(unit_id: int, recommended: Sequence[RoleRecommendation]) -> str:
    """The first role of the plan no assigned unit fills and this unit fits, else 'additional'.

    ``recommended`` is the recommendation for the incident: roles already filled are not in it,
    and a unit is a candidate only for the roles its type and level fit.
    """
    for rec in recommended:
        if any(c.unit_id == str(unit_id) for c in rec.candidates):
            return rec.role.name
    return ADDITIONAL
