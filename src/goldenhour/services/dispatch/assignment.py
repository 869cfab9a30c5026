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
from goldenhour.domain.dispatch.records import Assignment, Incident, Unit
from goldenhour.domain.shared.errors import Conflict
from goldenhour.domain.triage.priority import Priority
from goldenhour.domain.units.timeline import UnitStatus, divert, transition
from goldenhour.services.dispatch import incidents, recommendations
from goldenhour.services.dispatch.ports import DispatchWork
from goldenhour.services.dispatch.setup import DispatchSetup
from goldenhour.services.units.timeline import move_unit


def assign_unit(
    uow: DispatchWork,
    actor: Actor,
    setup: DispatchSetup,
    incident_id: int,
    unit_id: int,
    role: str | None = None,
    allow_divert: bool = False,
) -> Assignment:
    """Send ``unit_id`` to the incident in ``role`` (default: the first open role it fits)."""
    unit = uow.dispatch.units.lock(actor.agency_id, unit_id)
    incident = incidents.get_incident(uow, actor.agency_id, incident_id)
    now = uow.clock.now()
    previous = UnitStatus(unit.status)
    holding = uow.dispatch.assignments.active_for_unit(unit.id)
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
    row = Assignment(
        agency_id=actor.agency_id,
        incident_id=incident.id,
        unit_id=unit.id,
        role=role_name,
        mode=plan[role_name].mode.value if role_name in plan else incident.mode,
        assigned_by=actor.user_id,
        assigned_at=now,
    )
    try:
        uow.dispatch.assignments.add(row)
    except Conflict:  # only reachable by a writer that skipped the lock
        uow.rollback()
        raise
    unit.status, unit.status_at, unit.incident_id = UnitStatus.DISPATCHED.value, now, incident.id
    uow.dispatch.units.save(unit)
    incidents.stamp(uow, incident, unit.id, step.stamps, now)
    incidents.set_status(uow, incident, OPEN, f"unit {unit.call_sign} assigned")
    uow.audit(
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


def _taken(uow: DispatchWork, unit: Unit, holding: Assignment) -> str:
    """Who won the unit: the incident, the role, the dispatcher and when."""
    winner = uow.dispatch.username(holding.assigned_by) if holding.assigned_by else None
    who = f" by {winner}" if winner else ""
    return (
        f"unit_id: unit {unit.call_sign} is already assigned to incident {holding.incident_id} "
        f"as {holding.role}{who} at {holding.assigned_at.isoformat()}"
    )


def _divert(
    uow: DispatchWork,
    actor: Actor,
    setup: DispatchSetup,
    unit: Unit,
    holding: Assignment,
    target: Incident,
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
    uow.dispatch.assignments.save(holding)
    unit.status = UnitStatus.RETURNING.value  # on the radio: what DISPATCHED is entered from
    uow.dispatch.units.save(unit)
    incidents.after_unit_left(uow, setup, current, reached=False)
    return current.id


def _open_role(
    uow: DispatchWork, setup: DispatchSetup, incident: Incident, unit: Unit, now: datetime
) -> str:
    """The first role of the plan no assigned unit fills and this unit fits, else 'additional'."""
    found = recommendations.for_incident(uow, setup, incident, now)
    return role_for(unit.id, found.recommendation.roles)


def cancel_incident(
    uow: DispatchWork, actor: Actor, setup: DispatchSetup, incident_id: int, reason: str
) -> Incident:
    """Cancel a call; units still responding turn back. Units that reached it must clear."""
    incident = incidents.get_incident(uow, actor.agency_id, incident_id)
    now = uow.clock.now()
    units = [
        uow.dispatch.units.lock(actor.agency_id, row.unit_id)
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
    uow.audit(actor, "cancel", "incident", incident.id, {"reason": reason})
    uow.commit()
    return incident


def assignments_of(uow: DispatchWork, incident_id: int) -> list[Assignment]:
    """Every unit ever on the incident, active or cleared, in the order they were sent."""
    return uow.dispatch.assignments.of_incident(incident_id)
