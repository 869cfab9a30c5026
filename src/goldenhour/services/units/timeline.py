"""A unit's timeline: status changes, the NEMSIS times they stamp, and what they free up.

Every change takes the write-order lock first and re-reads the unit, so two people moving the
same unit (a crew pressing "on scene" while dispatch cancels) are applied one after the other,
and the second is checked against what the first left. A skipped step is refused by the state
machine (``domain.units.timeline``) with the from/to named. Leaving an incident clears the unit's
assignment, closes or re-queues the incident, and offers the freed unit to waiting calls.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from goldenhour.adapters.db.agency_rows import in_agency
from goldenhour.adapters.db.engine import serialize
from goldenhour.adapters.db.tables import AssignmentRow, UnitRow
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.events import UnitStatusChanged
from goldenhour.domain.shared.errors import InvalidInput, NotFound
from goldenhour.domain.units.timeline import DISPATCHABLE, ON_INCIDENT, UnitStatus, transition
from goldenhour.services.accounts import audit
from goldenhour.services.accounts.crew_accounts import check_may_move
from goldenhour.services.destination import transport
from goldenhour.services.dispatch import incidents, pending
from goldenhour.services.dispatch.setup import DispatchSetup
from goldenhour.services.unit_of_work import UnitOfWork

CLOCK_SKEW = timedelta(seconds=60)
# Leaving from these, the unit reached the patient: the call is done, not waiting again.
REACHED = frozenset(
    {UnitStatus.ON_SCENE, UnitStatus.AT_PATIENT, UnitStatus.TRANSPORTING, UnitStatus.AT_DESTINATION}
)


def locked_unit(uow: UnitOfWork, agency_id: int, unit_id: int) -> UnitRow:
    """The unit re-read under the write-order lock; NotFound outside the caller's agency."""
    serialize(uow.session)
    unit = in_agency(uow.session, UnitRow, unit_id, agency_id, "unit", "unit", fresh=True)
    if not unit.active:
        raise NotFound(f"unit: no unit {unit_id} in your agency")
    return unit


def active_assignment(uow: UnitOfWork, unit_id: int) -> AssignmentRow | None:
    return uow.session.scalar(
        select(AssignmentRow)
        .where(AssignmentRow.unit_id == unit_id, AssignmentRow.cleared_at.is_(None))
        .execution_options(populate_existing=True)
    )


def parse_status(value: str, field: str = "status") -> UnitStatus:
    try:
        return UnitStatus(value.strip().lower())
    except ValueError:
        known = ", ".join(s.value for s in UnitStatus)
        raise InvalidInput.for_field(field, f"unknown status {value!r}; one of {known}") from None


def change_status(
    uow: UnitOfWork,
    actor: Actor,
    setup: DispatchSetup,
    unit_id: int,
    status: str,
    at: datetime | None = None,
) -> UnitRow:
    """The crew (or dispatch) moves a unit one step along its timeline."""
    new = parse_status(status)
    if new is UnitStatus.DISPATCHED:
        raise InvalidInput.for_field(
            "status", "a unit is dispatched by assigning it to an incident (POST assignments)"
        )
    unit = locked_unit(uow, actor.agency_id, unit_id)
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


def move_unit(
    uow: UnitOfWork,
    actor: Actor,
    setup: DispatchSetup,
    unit: UnitRow,
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
        transport.hand_over_on_leaving(uow, incident.id, unit, at)  # eTimes.12 before .13
    if incident is not None:
        incidents.stamp(uow, incident, unit.id, step.stamps, at)
    if current in ON_INCIDENT and new not in ON_INCIDENT:
        assignment = active_assignment(uow, unit.id)
        if assignment is not None:
            assignment.cleared_at = at
    unit.status, unit.status_at = new.value, at
    if new in (UnitStatus.AVAILABLE, UnitStatus.OUT_OF_SERVICE):
        unit.incident_id = None
    uow.session.flush()
    audit.record(
        uow,
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
        transport.pre_arrival_notice(uow, unit.agency_id, unit, setup.travel)
    if incident is not None and current in ON_INCIDENT and new not in ON_INCIDENT:
        incidents.after_unit_left(uow, setup, incident, reached=current in REACHED)
    if new in DISPATCHABLE and current not in DISPATCHABLE:
        pending.match_freed_unit(uow, setup, unit, at)
