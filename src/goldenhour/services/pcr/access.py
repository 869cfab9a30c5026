"""Who may write a patient care record, and whom an entry may name as having given the care.

A record is the unit's: a crew member's own account writes the records of the unit they are on
now, or were on while that unit was on the incident (a medic who moved to another truck after
the call still finishes the chart); a shared unit tablet writes the records of the unit it
signed in for, and of no other. Supervisors and the medical director oversee every record of
the agency (addenda). Whoever writes, a medication or procedure names as performer only a
provider who was on the record's unit's crew during the call. A refusal is 403 naming both
sides, so the crew can see what to fix: who asked and whose record, or which provider and
which crew.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from goldenhour.adapters.db.tables import AssignmentRow, CrewAssignmentRow, Provider, UnitRow, User
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.shared.errors import Forbidden, InvalidInput
from goldenhour.services.accounts.crew_accounts import current_unit
from goldenhour.services.unit_of_work import UnitOfWork

OVERSEE = (Role.SUPERVISOR, Role.MEDICAL_DIRECTOR)


@dataclass(frozen=True)
class CallWindow:
    """From the unit's assignment to the incident until it cleared (or now)."""

    start: datetime
    end: datetime


def call_window(uow: UnitOfWork, unit_id: int, incident_id: int | None) -> CallWindow | None:
    if incident_id is None:
        return None
    rows = list(
        uow.session.scalars(
            select(AssignmentRow).where(
                AssignmentRow.unit_id == unit_id, AssignmentRow.incident_id == incident_id
            )
        )
    )
    if not rows:
        return None
    start = min(r.assigned_at for r in rows)
    ends = [r.cleared_at for r in rows]
    end = uow.clock.now() if any(e is None for e in ends) else max(e for e in ends if e is not None)
    return CallWindow(start, max(end, start))


def crew_during(uow: UnitOfWork, unit_id: int, window: CallWindow | None) -> list[Provider]:
    """The providers on the unit's crew at any moment of the window (now, without one)."""
    start, end = (window.start, window.end) if window else (uow.clock.now(), uow.clock.now())
    return list(
        uow.session.scalars(
            select(Provider)
            .join(CrewAssignmentRow, CrewAssignmentRow.provider_id == Provider.id)
            .where(
                CrewAssignmentRow.unit_id == unit_id,
                CrewAssignmentRow.start <= end,
                or_(CrewAssignmentRow.end.is_(None), CrewAssignmentRow.end >= start),
            )
            .order_by(Provider.last_name, Provider.id)
            .distinct()
        )
    )


def check_writer(
    uow: UnitOfWork, actor: Actor, unit_id: int | None, incident_id: int | None
) -> None:
    """Forbidden unless the actor may write records of ``unit_id`` on ``incident_id``."""
    if actor.has_any(OVERSEE):
        return
    unit = uow.session.get(UnitRow, unit_id) if unit_id is not None else None
    if unit is None or unit.agency_id != actor.agency_id:
        raise Forbidden(
            f"pcr: {actor.username} may not write a record of no unit of the agency; "
            "imported records are amended by a supervisor or the medical director"
        )
    provider_id = uow.session.scalar(select(User.provider_id).where(User.id == actor.user_id))
    if provider_id is not None:
        window = call_window(uow, unit.id, incident_id)
        if any(p.id == provider_id for p in crew_during(uow, unit.id, window)):
            return
        mine = current_unit(uow, provider_id, uow.clock.now())
        where = f"on {mine.call_sign}" if mine is not None else "on no unit's crew"
        raise Forbidden(
            f"pcr: {actor.username} is {where} and was not on {unit.call_sign}'s crew for "
            f"incident {incident_id}; {unit.call_sign}'s records are its crew's to write"
        )
    if actor.unit_id is None:
        raise Forbidden(
            f"pcr: {actor.username} signed in for no unit; a shared unit tablet writes only the "
            f"records of the unit it signed in for (sign in with unit_id {unit.id} for "
            f"{unit.call_sign})"
        )
    if actor.unit_id != unit.id:
        bound = uow.session.get(UnitRow, actor.unit_id)
        name = bound.call_sign if bound is not None else f"unit {actor.unit_id}"
        raise Forbidden(
            f"pcr: {actor.username} signed in for {name}, not for {unit.call_sign}, whose "
            "record this is"
        )


def units_ever_written(uow: UnitOfWork, actor: Actor) -> list[int]:
    """Every unit whose records the actor (not an overseer) may have written: the units a crew
    member's own account was ever on, or the unit a shared tablet signed in for."""
    provider_id = uow.session.scalar(select(User.provider_id).where(User.id == actor.user_id))
    if provider_id is None:
        return [actor.unit_id] if actor.unit_id is not None else []
    return list(
        uow.session.scalars(
            select(CrewAssignmentRow.unit_id)
            .where(CrewAssignmentRow.provider_id == provider_id)
            .distinct()
        )
    )


def check_performer(
    uow: UnitOfWork,
    actor: Actor,
    unit_id: int | None,
    incident_id: int | None,
    provider_id: int,
    at: datetime,
) -> None:
    """Forbidden unless ``provider_id`` was on the unit's crew during the call (or at ``at``)."""
    provider = uow.session.get(Provider, provider_id)
    if provider is None or provider.agency_id != actor.agency_id:
        raise InvalidInput.for_field("provider_id", f"no provider {provider_id} in your agency")
    if unit_id is None:
        return  # an imported record's crew is whatever the file said
    window = call_window(uow, unit_id, incident_id)
    crew = crew_during(uow, unit_id, window)
    if any(p.id == provider_id for p in crew):
        return
    at_time = crew_during(uow, unit_id, CallWindow(at, at))
    if any(p.id == provider_id for p in at_time):
        return
    unit = uow.session.get(UnitRow, unit_id)
    call_sign = unit.call_sign if unit is not None else f"unit {unit_id}"
    names = ", ".join(f"{p.first_name} {p.last_name} ({p.external_id})" for p in crew) or "nobody"
    raise Forbidden(
        f"provider_id: {provider.first_name} {provider.last_name} ({provider.external_id}) "
        f"was not on {call_sign}'s crew for incident {incident_id}; its crew: {names}"
    )
