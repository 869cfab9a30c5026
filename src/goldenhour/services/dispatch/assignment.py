"""Assigning units: atomically, one incident per unit, with divert, cancel and add units.

Assigning takes the write-order lock (PostgreSQL advisory lock; SQLite transactions are
``BEGIN IMMEDIATE``) before it reads the unit, so of two dispatchers racing for one unit the
second sees the first's assignment and gets a 409 naming the incident and who won. The
partial unique index on active assignments is the database's own backstop for any path that
forgot the lock. Diverting a responding unit to a more urgent call follows the agency's policy
by priority pair (``domain.units.timeline.divert``). Whether a unit may go, whether a call may
be cancelled and which role a unit fills are the pure rules of ``domain.dispatch.assignment``:
this module loads, asks them, saves and publishes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from goldenhour.adapters.db.tables import AssignmentRow, IncidentRow, UnitRow, User
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.assignment import (
    CANCELLED,
    OPEN,
    Sending,
    UnitState,
    may_assign,
    may_cancel,
    role_for,
)
from goldenhour.domain.dispatch.events import UnitAssigned, UnitStatusChanged
from goldenhour.domain.shared.errors import Conflict
from goldenhour.domain.triage.priority import Priority
from goldenhour.domain.units.timeline import UnitStatus, divert, transition
from goldenhour.services.accounts import audit
from goldenhour.services.dispatch import incidents, recommendations
from goldenhour.services.dispatch.setup import DispatchSetup
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units.timeline import active_assignment, locked_unit, move_unit


def assign_unit(
    uow: UnitOfWork,
    actor: Actor,
    setup: DispatchSetup,
    incident_id: int,
    unit_id: int,
    role: str | None = None,
    allow_divert: bool = False,
) -> AssignmentRow:
    """Send ``unit_id`` to the incident in ``role`` (default: the first open role it fits)."""
    unit = locked_unit(uow, actor.agency_id, unit_id)
    incident = incidents.get_incident(uow, actor.agency_id, incident_id)
    now = uow.clock.now()
    previous = UnitStatus(unit.status)
    holding = active_assignment(uow, unit.id)
    sending = may_assign(
        incident.id,
        incident.status,
        UnitState(unit.call_sign, previous),
        holding.incident_id if holding is not None else None,
        allow_divert,
    )
    diverted_from = None
    if sending is Sending.TAKEN:
        assert holding is not None
        raise Conflict(_taken(uow, unit, holding))
    if sending is Sending.DIVERT:
        assert holding is not None
        diverted_from = _divert(uow, actor, setup, unit, holding, incident, now)
    step = transition(UnitStatus(unit.status), UnitStatus.DISPATCHED)
    role_name = role or _open_role(uow, setup, incident, unit, now)
    plan = {r.name: r for r in recommendations.roles_of(incident)}
    row = AssignmentRow(
        agency_id=actor.agency_id,
        incident_id=incident.id,
        unit_id=unit.id,
        role=role_name,
        mode=plan[role_name].mode.value if role_name in plan else incident.mode,
        assigned_by=actor.user_id,
        assigned_at=now,
    )
    uow.session.add(row)
    try:
        uow.session.flush()
    except IntegrityError:  # only reachable by a writer that skipped the lock
        uow.rollback()
        raise Conflict(f"unit_id: unit {unit_id} was just assigned by someone else") from None
    unit.status, unit.status_at, unit.incident_id = UnitStatus.DISPATCHED.value, now, incident.id
    incidents.stamp(uow, incident, unit.id, step.stamps, now)
    incidents.set_status(uow, incident, OPEN, f"unit {unit.call_sign} assigned")
    audit.record(
        uow,
        actor,
        "assign",
        "incident",
        incident.id,
        {"unit_id": unit.id, "role": role_name, "diverted_from": diverted_from},
    )
    uow.emit(
        actor.agency_id,
        UnitAssigned(incident.id, unit.id, unit.call_sign, role_name, diverted_from),
    )
    uow.emit(
        actor.agency_id,
        UnitStatusChanged(
            unit.id,
            unit.call_sign,
            previous.value,
            UnitStatus.DISPATCHED.value,
            incident.id,
            tuple(s.value for s in step.stamps),
        ),
    )
    uow.commit()
    return row


def _taken(uow: UnitOfWork, unit: UnitRow, holding: AssignmentRow) -> str:
    """Who won the unit: the incident, the role, the dispatcher and when."""
    winner = uow.session.get(User, holding.assigned_by) if holding.assigned_by else None
    who = f" by {winner.username}" if winner else ""
    return (
        f"unit_id: unit {unit.call_sign} is already assigned to incident {holding.incident_id} "
        f"as {holding.role}{who} at {holding.assigned_at.isoformat()}"
    )


def _divert(
    uow: UnitOfWork,
    actor: Actor,
    setup: DispatchSetup,
    unit: UnitRow,
    holding: AssignmentRow,
    target: IncidentRow,
    now: datetime,
) -> int:
    """Take a responding unit off its call for a more urgent one (policy by priority pair)."""
    current = incidents.get_incident(uow, actor.agency_id, holding.incident_id)
    plan = divert(
        UnitStatus(unit.status),
        Priority(current.priority),
        Priority(target.priority),
        setup.divert_policy,
    )
    incidents.stamp(uow, current, unit.id, plan.old_incident_stamps, now)
    holding.cleared_at = now
    unit.status = UnitStatus.RETURNING.value  # on the radio: what DISPATCHED is entered from
    uow.session.flush()
    incidents.after_unit_left(uow, setup, current, reached=False)
    return current.id


def _open_role(
    uow: UnitOfWork, setup: DispatchSetup, incident: IncidentRow, unit: UnitRow, now: datetime
) -> str:
    """The first role of the plan no assigned unit fills and this unit fits, else 'additional'."""
    found = recommendations.for_incident(uow, setup, incident, now)
    return role_for(unit.id, found.recommendation.roles)


def cancel_incident(
    uow: UnitOfWork, actor: Actor, setup: DispatchSetup, incident_id: int, reason: str
) -> IncidentRow:
    """Cancel a call; units still responding turn back. Units that reached it must clear."""
    incident = incidents.get_incident(uow, actor.agency_id, incident_id)
    now = uow.clock.now()
    units = [
        locked_unit(uow, actor.agency_id, row.unit_id)
        for row in recommendations.active_assignments(uow, incident.id)
    ]
    may_cancel(
        incident.id,
        incident.status,
        reason,
        [UnitState(u.call_sign, UnitStatus(u.status)) for u in units],
    )
    incidents.set_status(uow, incident, CANCELLED, reason)
    for unit in units:
        move_unit(uow, actor, setup, unit, UnitStatus.RETURNING, now)
    audit.record(uow, actor, "cancel", "incident", incident.id, {"reason": reason})
    uow.commit()
    return incident


def assignments_of(uow: UnitOfWork, incident_id: int) -> list[AssignmentRow]:
    """Every unit ever on the incident, active or cleared, in the order they were sent."""
    return list(
        uow.session.scalars(
            select(AssignmentRow)
            .where(AssignmentRow.incident_id == incident_id)
            .order_by(AssignmentRow.id)
        )
    )
