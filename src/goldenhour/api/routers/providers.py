"""Providers of the caller's agency, their certifications and endorsements, roster import.

Anyone signed in to the agency may read the roster (dispatchers need to see who is on a unit);
supervisors and agency admins change it.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from goldenhour.adapters.db.tables import Provider
from goldenhour.adapters.importers.roster_csv import read_roster
from goldenhour.api.deps import CurrentActor, RosterActor, UowDep
from goldenhour.api.paging import Key, PageDep, page_of
from goldenhour.api.schemas.common import Id, Page
from goldenhour.api.schemas.credentials import (
    CertificationCreate,
    CertificationRead,
    CertificationStatusUpdate,
    EndorsementCreate,
    EndorsementRead,
    ImportReport,
    ProviderCreate,
    ProviderRead,
)
from goldenhour.domain.credentials.roster import CertificationInput, EndorsementInput, ProviderInput
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.credentials import providers
from goldenhour.services.credentials.lookup import certifications_of, endorsements_of
from goldenhour.services.unit_of_work import UnitOfWork

router = APIRouter(prefix="/providers", tags=["providers"])


def _read(uow: UnitOfWork, rows: list[Provider]) -> list[ProviderRead]:
    ids = [row.id for row in rows]
    certs, endorsements = certifications_of(uow, ids), endorsements_of(uow, ids)
    return [
        ProviderRead.model_validate(row).model_copy(
            update={
                "certifications": [CertificationRead.model_validate(c) for c in certs[row.id]],
                "endorsements": [EndorsementRead.model_validate(e) for e in endorsements[row.id]],
            }
        )
        for row in rows
    ]


@router.get("", response_model=Page[ProviderRead])
def list_providers(actor: CurrentActor, uow: UowDep, page: PageDep) -> Page[ProviderRead]:
    """By last name, then first name."""
    rows = page_of(providers.list_providers(uow, actor), page, _by_name, lambda row: row)
    return Page(items=_read(uow, rows.items), count=rows.count, next_cursor=rows.next_cursor)


def _by_name(provider: Provider) -> Key:
    return (provider.last_name, provider.first_name, provider.id)


@router.post("", response_model=ProviderRead, status_code=201)
def create_provider(body: ProviderCreate, actor: RosterActor, uow: UowDep) -> ProviderRead:
    provider = ProviderInput(
        body.external_id,
        body.first_name,
        body.last_name,
        tuple(CertificationInput(**c.model_dump()) for c in body.certifications),
        tuple(EndorsementInput(**e.model_dump()) for e in body.endorsements),
    )
    (row,) = providers.create_providers(uow, actor, actor.agency_id, [provider])
    return _read(uow, [row])[0]


@router.post(
    "/import",
    response_model=ImportReport,
    status_code=201,
    openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def import_roster(request: Request, actor: RosterActor, uow: UowDep) -> ImportReport:
    """Import a CSV roster: every row or none, with every bad row reported."""
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput.for_field("body", "the roster must be UTF-8 text") from None
    inputs, labels = read_roster(text)
    rows = providers.create_providers(uow, actor, actor.agency_id, inputs, labels)
    return ImportReport(created=len(rows), providers=_read(uow, rows))


@router.get("/{provider_id}", response_model=ProviderRead)
def get_provider(provider_id: Id, actor: CurrentActor, uow: UowDep) -> ProviderRead:
    return _read(uow, [providers.get_provider(uow, actor, provider_id)])[0]


@router.post("/{provider_id}/certifications", response_model=CertificationRead, status_code=201)
def add_certification(
    provider_id: Id, body: CertificationCreate, actor: RosterActor, uow: UowDep
) -> CertificationRead:
    row = providers.add_certification(
        uow, actor, provider_id, CertificationInput(**body.model_dump())
    )
    return CertificationRead.model_validate(row)


@router.post(
    "/{provider_id}/certifications/{certification_id}/status", response_model=CertificationRead
)
def set_certification_status(
    provider_id: Id,
    certification_id: Id,
    body: CertificationStatusUpdate,
    actor: RosterActor,
    uow: UowDep,
) -> CertificationRead:
    row = providers.set_certification_status(
        uow, actor, provider_id, certification_id, body.status, body.since
    )
    return CertificationRead.model_validate(row)


@router.post("/{provider_id}/endorsements", response_model=EndorsementRead, status_code=201)
def add_endorsement(
    provider_id: Id, body: EndorsementCreate, actor: RosterActor, uow: UowDep
) -> EndorsementRead:
    row = providers.add_endorsement(uow, actor, provider_id, EndorsementInput(**body.model_dump()))
    return EndorsementRead.model_validate(row)
