"""Store an agency's past calls from its old CAD, so reports and planning start with history.

All or nothing: every row is checked first (``domain.quality.history.past_calls``) and one bad
row stores nothing. The calls go into the same tables live calls use: an incident (closed, or
cancelled when every unit was called off) with the old system's number and zone, one
assignment per unit response, and each stamp as a NEMSIS eTimes row, the PSAP call time on
the incident and the rest on the unit. A unit the fleet does not know is added, inactive (it
answered calls then; it is not dispatched now). Calls already stored under the same number are
skipped, so importing the same file twice stores it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from goldenhour.adapters.db.tables import AssignmentRow, IncidentRow, IncidentTimeRow, UnitRow
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.assignment import CANCELLED, CLOSED
from goldenhour.domain.quality.history import PastCall, UnitResponse, past_calls
from goldenhour.domain.quality.intervals import Stamp
from goldenhour.domain.triage.priority import Priority
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.services.accounts import audit
from goldenhour.services.dispatch.incidents import EMERGENCY_RESPONSE
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units.crews import insert_unit

HISTORY_ROLE = "history"


@dataclass(frozen=True)
class HistoryImported:
    incidents: int
    responses: int
    skipped: int  # already stored under the same number
    units_added: tuple[str, ...]


def import_history(
    uow: UnitOfWork,
    actor: Actor | None,
    agency_id: int,
    fmt: str,
    responses: Sequence[UnitResponse],
) -> HistoryImported:
    calls = past_calls(responses)
    known = set(
        uow.session.scalars(
            select(IncidentRow.external_id).where(
                IncidentRow.agency_id == agency_id, IncidentRow.external_id.is_not(None)
            )
        )
    )
    new = [c for c in calls if c.incident not in known]
    units, added = _units(uow, actor, agency_id, new)
    incidents = [_incident(agency_id, fmt, call) for call in new]
    uow.session.add_all(incidents)
    uow.session.flush()
    for call, incident in zip(new, incidents, strict=True):
        if any(Stamp.PSAP_CALL in r.times for r in call.responses):
            uow.session.add(
                IncidentTimeRow(
                    agency_id=agency_id,
                    incident_id=incident.id,
                    unit_id=None,
                    element=Stamp.PSAP_CALL.element.value,
                    at=call.received_at,
                )
            )
        for r in call.responses:
            unit_id = units[r.unit]
            uow.session.add(_assignment(incident, unit_id, r, call))
            uow.session.add_all(
                IncidentTimeRow(
                    agency_id=agency_id,
                    incident_id=incident.id,
                    unit_id=unit_id,
                    element=stamp.element.value,
                    at=at,
                )
                for stamp, at in r.times.items()
                if stamp is not Stamp.PSAP_CALL
            )
    summary = HistoryImported(
        incidents=len(new),
        responses=sum(len(c.responses) for c in new),
        skipped=len(calls) - len(new),
        units_added=tuple(added),
    )
    audit.record(
        uow,
        actor,
        "import",
        "incident_history",
        fmt,
        {"incidents": summary.incidents, "skipped": summary.skipped},
        agency_id,
    )
    uow.commit()
    return summary


def _units(
    uow: UnitOfWork, actor: Actor | None, agency_id: int, calls: Sequence[PastCall]
) -> tuple[dict[str, int], list[str]]:
    """Call sign -> unit id, adding (inactive) the units the fleet does not have."""
    found = {
        row.call_sign: row.id
        for row in uow.session.scalars(select(UnitRow).where(UnitRow.agency_id == agency_id))
    }
    added = []
    for call in calls:
        for r in call.responses:
            if r.unit in found:
                continue
            kind = UnitType(r.unit_type) if r.unit_type else UnitType.TRANSPORT
            equipment = CareLevel.ALS if r.extra.get("als") == "true" else CareLevel.BLS
            row = insert_unit(uow, actor, agency_id, r.unit, kind, equipment, None, "history")
            row.active = False
            found[r.unit] = row.id
            added.append(r.unit)
    return found, added


def _incident(agency_id: int, fmt: str, call: PastCall) -> IncidentRow:
    emergent = call.priority is not Priority.NON_EMERGENT
    return IncidentRow(
        agency_id=agency_id,
        lon=call.lon,
        lat=call.lat,
        address=call.address,
        type_of_service=EMERGENCY_RESPONSE,
        dispatch_reason=call.dispatch_reason,
        complaint=call.call_type,
        answers={},
        priority=int(call.priority),
        level="unknown",
        mode="emergent" if emergent else "non_emergent",
        plan=HISTORY_ROLE,
        roles={"roles": []},
        rule_index=-1,
        rule_why=f"imported from the old CAD ({fmt})",
        source=f"history:{fmt}",
        status=CANCELLED if call.cancelled else CLOSED,
        received_at=call.received_at,
        closed_at=call.closed_at,
        external_id=call.incident,
        zone=call.zone or None,
    )


def _assignment(
    incident: IncidentRow, unit_id: int, r: UnitResponse, call: PastCall
) -> AssignmentRow:
    assigned = r.times.get(Stamp.UNIT_NOTIFIED, call.received_at)
    return AssignmentRow(
        agency_id=incident.agency_id,
        incident_id=incident.id,
        unit_id=unit_id,
        role=HISTORY_ROLE,
        mode=incident.mode,
        assigned_by=None,
        assigned_at=assigned,
        cleared_at=max(r.times.values(), default=assigned),
    )
