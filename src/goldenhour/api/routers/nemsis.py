"""NEMSIS files of the agency: ``/nemsis/ems`` (locked patient care records) and
``/nemsis/dem`` (agency, configuration, personnel, vehicles).

Both disclose personal data, so both are audited and limited to supervisors and the medical
director (the people who answer to the state EMS office for the agency's submissions).
"""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from goldenhour.adapters.db.tables import Agency
from goldenhour.adapters.db.types import utcnow
from goldenhour.adapters.nemsis.dem_export import AgencyProfile
from goldenhour.api.deps import UowDep, require
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.accounts import users as accounts
from goldenhour.services.nemsis import dem_export as nemsis_dem
from goldenhour.services.nemsis import ems_exchange as nemsis_exchange
from goldenhour.services.unit_of_work import UnitOfWork

router = APIRouter(prefix="/nemsis", tags=["NEMSIS"])

ExportActor = Annotated[Actor, Depends(require(Role.SUPERVISOR, Role.MEDICAL_DIRECTOR))]
XML = "application/xml"


def _agency(uow: UnitOfWork, actor: Actor) -> Agency:
    return accounts.get_agency(uow, actor.agency_id)


@router.get("/ems", response_class=Response)
def export_ems(
    actor: ExportActor,
    uow: UowDep,
    start: date = Query(alias="from"),
    end: date = Query(alias="to"),
) -> Response:
    """EMSDataSet XML of the agency's records locked between ``from`` and ``to`` (UTC days)."""
    buffer = io.BytesIO()
    nemsis_exchange.export_ems(uow, actor, _agency(uow, actor), start, end, buffer)
    return Response(buffer.getvalue(), media_type=XML)


@router.get("/dem", response_class=Response)
def export_dem(
    actor: ExportActor,
    uow: UowDep,
    county: list[str] = Query(description="service-area counties, 5-digit ANSI codes"),
) -> Response:
    """DEMDataSet XML: the agency, its scope configuration, personnel and vehicles."""
    if any(not (len(c) == 5 and c.isdigit()) for c in county):
        raise InvalidInput.for_field("county", "each county is a 5-digit ANSI code")
    agency = _agency(uow, actor)
    profile = AgencyProfile(agency.name, tuple(county))
    return Response(nemsis_dem.dem_document(uow, actor, agency, profile, utcnow()), media_type=XML)
