"""``GET /api/v1/units/{id}/assignment``: what a crew screen shows first."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter

from goldenhour.adapters.db.tables import IncidentRow
from goldenhour.api.deps import CurrentActor, TransportActor, UowDep
from goldenhour.api.schemas.common import ReadModel
from goldenhour.api.schemas.dispatch import IncidentRead
from goldenhour.api.views import incident_read
from goldenhour.services import crews, transport

router = APIRouter(prefix="/units", tags=["units"])


class UnitAssignmentRead(ReadModel):
    unit_id: int
    call_sign: str
    status: str
    incident: IncidentRead | None


@router.get("/{unit_id}/assignment", response_model=UnitAssignmentRead)
def current_assignment(unit_id: int, actor: CurrentActor, uow: UowDep) -> UnitAssignmentRead:
    """The unit's status and the incident it is on, if any."""
    unit = crews.get_unit(uow, actor, unit_id)
    incident = uow.session.get(IncidentRow, unit.incident_id) if unit.incident_id else None
    return UnitAssignmentRead(
        unit_id=unit.id,
        call_sign=unit.call_sign,
        status=unit.status,
        incident=incident_read(incident) if incident is not None else None,
    )


class HandoverRead(ReadModel):
    unit_id: int
    incident_id: int
    at: datetime


@router.post("/{unit_id}/transfer-of-care", response_model=HandoverRead, status_code=201)
def transfer_of_care(unit_id: int, actor: TransportActor, uow: UowDep) -> HandoverRead:
    """The hospital has taken the patient (NEMSIS eTimes.12); ends the offload interval."""
    row = transport.record_transfer_of_care(uow, actor, unit_id)
    return HandoverRead(unit_id=unit_id, incident_id=row.incident_id, at=row.at)
