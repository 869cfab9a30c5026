"""A unit's timeline: status changes, the NEMSIS times they stamp, and what they free up.

Every change takes the write-order lock first and re-reads the unit, so two people moving the
same unit (a crew pressing "on scene" while dispatch cancels) are applied one after the other,
and the second is checked against what the first left. A skipped step is refused by the state
machine (``domain.units.timeline``) with the from/to named. Leaving an incident clears the unit's
assignment, closes or re-queues the incident, and offers the freed unit to waiting calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from goldenhour.domain.accounts.roles import ANY_UNIT, Actor
from goldenhour.domain.dispatch.codes import TimeElement
from goldenhour.domain.dispatch.events import UnitStatusChanged
from goldenhour.domain.dispatch.records import Assignment, Incident, Unit
from goldenhour.domain.shared.errors import Forbidden, InvalidInput
from goldenhour.domain.units.timeline import DISPATCHABLE, ON_INCIDENT, UnitStatus, transition
from goldenhour.services.dispatch import incidents, pending
from goldenhour.services.dispatch.ports import DispatchWork
from goldenhour.services.dispatch.setup import DispatchSetup

CLOCK_SKEW = timedelta(seconds=60)
# Leaving from these, the unit reached the patient: the call is done, not waiting again.
REACHED = frozenset(
    {UnitStatus.ON_SCENE, UnitStatus.AT_PATIENT, UnitStatus.TRANSPORTING, UnitStatus.AT_DESTINATION}
)


def active_assignment(uow: DispatchWork, unit_id: int) -> Assignment | None:
    return uow.dispatch.assignments.active_for_unit(unit_id)


def parse_status(value: str, field: str = "status") -> UnitStatus:
    try:
        return UnitStatus(value.strip().lower())
    except ValueError:
        known = ", ".join(s.value for s in UnitStatus)
        raise InvalidInput.for_field(field, f"unknown status {value!r}; one of {known}") from None


def change_status(
    uow: DispatchWork,
    actor: Actor,
    setup: DispatchSetup,
    unit_id: int,
    status: str,
    at: datetime | None = None,
) -> Unit:
    """The crew (or dispatch) moves a unit one step along its timeline."""
    new = parse_status(status)
    if new is UnitStatus.DISPATCHED:
        raise InvalidInput.for_field(
            "status", "a unit is dispatched by assigning it to an incident (POST assignments)"
        )
    unit = uow.dispatch.units.lock(actor.agency_id, unit_id)
    now = uow.clock.now()
    check_may_move(uow, actor, unit, now)
    at = at or now
    if at.tzinfo is None or at > now + CLOCK_SKEW:
        raise InvalidInput.for_field("at", "must be a time with a zone, not in the future")
    if unit.status_at is not None and at < unit.status_at:
        raise InvalidInput.for_field(
            "at", f"is before the unit's last change at {unit.status_at.isoformat()}"
        )
    move_unit(uow, actor, setup, unit, new, at)
    uow.commit()
    return unit


class CallSigned(Protocol):
    """A unit as a stored row or a domain record: its id and call sign are all a check needs."""

    @property
    def id(self) -> int: ...

    @property
    def call_sign(self) -> str: ...


@dataclass(frozen=True)
class OwnUnitOnly:
    """A crew member's own account: it acts for ``unit`` only (None: on no unit's crew now)."""

    username: str
    unit: Unit | None

    def refusal(self, other: CallSigned) -> str | None:
        """Why this account may not act for ``other``, or None when it may."""
        if self.unit is not None and self.unit.id == other.id:
            return None
        where = f"on {self.unit.call_sign}" if self.unit is not None else "on no unit's crew now"
        return f"{self.username} is {where}, not on {other.call_sign}"


def own_unit_only(uow: DispatchWork, actor: Actor, at: datetime) -> OwnUnitOnly | None:
    """The restriction of a crew member's own account at ``at``; None for an account that
    moves any unit of the agency (dispatchers, supervisors, shared unit tablets)."""
    if actor.has_any(ANY_UNIT):
        return None
    provider_id = uow.dispatch.units.provider_of(actor.user_id)
    if provider_id is None:
        return None
    return OwnUnitOnly(actor.username, uow.dispatch.units.crewed_by(provider_id, at))


def check_may_move(uow: DispatchWork, actor: Actor, unit: CallSigned, at: datetime) -> None:
    """Forbidden when a crew member's own account moves (or acts for) a unit they are not on:
    its status, positions, destination, transfer of care, acknowledgements, sign-in unit."""
    only = own_unit_only(uow, actor, at)
    refusal = only.refusal(unit) if only is not None else None
    if refusal is not None:
        raise Forbidden(f"unit: {refusal}")


def move_unit(
    uow: DispatchWork,
    actor: Actor,
    setup: DispatchSetup,
    unit: Unit,
    new: UnitStatus,
    at: datetime,
) -> None:
    """Apply one transition to a locked unit (no commit): stamps, assignment, incident, queue."""
    current = UnitStatus(unit.status)
    step = transition(current, new)
    incident = (
        incidents.get_incident(uow, unit.agency_id, unit.incident_id)
        if unit.incident_id is not None
        else None
    )
    if incident is not None and current is UnitStatus.AT_DESTINATION:
        _hand_over_on_leaving(uow, incident, unit, at)  # eTimes.12 before .13
    if incident is not None:
        incidents.stamp(uow, incident, unit.id, step.stamps, at)
    if current in ON_INCIDENT and new not in ON_INCIDENT:
        assignment = active_assignment(uow, unit.id)
        if assignment is not None:
            assignment.cleared_at = at
            uow.dispatch.assignments.save(assignment)
    unit.status, unit.status_at = new.value, at
    if new in (UnitStatus.AVAILABLE, UnitStatus.OUT_OF_SERVICE):
        unit.incident_id = None
    uow.dispatch.units.save(unit)
    uow.audit(
        actor,
        "status",
        "unit",
        unit.id,
        {"from": current.value, "to": new.value, "incident_id": incident.id if incident else None},
    )
    uow.emit(
        unit.agency_id,
        UnitStatusChanged(
            unit.id,
            unit.call_sign,
            current.value,
            new.value,
            incident.id if incident else None,
            tuple(s.value for s in step.stamps),
        ),
    )
    if new is UnitStatus.TRANSPORTING:
        uow.transporting(unit, setup.travel)
    if incident is not None and current in ON_INCIDENT and new not in ON_INCIDENT:
        incidents.after_unit_left(uow, setup, incident, reached=current in REACHED)
    if new in DISPATCHABLE and current not in DISPATCHABLE:
        pending.match_freed_unit(uow, setup, unit, at)


def _hand_over_on_leaving(uow: DispatchWork, incident: Incident, unit: Unit, at: datetime) -> None:
    """A unit leaving its destination has handed its patient over, at the latest now: stamp
    eTimes.12 if the crew did not."""
    handed = TimeElement.DESTINATION_TRANSFER_OF_CARE
    stamped = uow.dispatch.incidents.times_of(incident.id)
    if not any(t.unit_id == unit.id and t.element == handed.value for t in stamped):
        incidents.stamp(uow, incident, unit.id, (handed,), at)
