"""Patient care records: ``/pcrs`` (document, lock, amend, read).

Who may do what (records are PHI; every read and write is audited):
- crew document: create a record, add elements, vitals, medications, procedures, lock it;
- crew, supervisors and the medical director read records and add addenda to locked ones;
- dispatchers, agency administrators and public health officers do not read records (they
  see incidents and aggregate figures; an administrator manages accounts, not care);
- supervisors and the medical director export them as NEMSIS XML (``routers.nemsis``).
Another agency's record is a 404, never a 403; another unit's record is a 403 naming both units
(``services.pcr_access``). Every write takes an ``Idempotency-Key``: a crew device that was
offline resends its queued entries, and each is applied once (``services.pcr.chart_sync``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import JSONResponse

from goldenhour import __version__
from goldenhour.adapters.handoff.printer import print_pdf
from goldenhour.api.deps import UowDep, require
from goldenhour.api.idempotency import IdempotencyKey, once
from goldenhour.api.paging import PageDep, newest_first, page_of
from goldenhour.api.pcr_views import flag_read, pcr_read, to_entries
from goldenhour.api.schemas.common import Id, Page
from goldenhour.api.schemas.pcr import (
    AddendumCreate,
    AddendumRead,
    ElementsUpdate,
    InterventionCreate,
    InterventionRead,
    PcrCreate,
    PcrRead,
    PcrSummary,
    SignatureCreate,
    SignatureRead,
    VitalsCreate,
    VitalsRead,
)
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.pcr.interventions import Kind
from goldenhour.domain.pcr.signatures import Signature, Signer, png_from_data_url
from goldenhour.domain.pcr.vitals import element_name
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.pcr import care as pcr_care
from goldenhour.services.pcr import handoff as pcr_handoff
from goldenhour.services.pcr import records as pcr
from goldenhour.services.pcr import signing as pcr_lock

router = APIRouter(tags=["patient care records"])

CrewActor = Annotated[Actor, Depends(require(Role.CREW))]
ReaderActor = Annotated[Actor, Depends(require(Role.CREW, Role.SUPERVISOR, Role.MEDICAL_DIRECTOR))]


@router.post("/pcrs", response_model=PcrRead, status_code=201)
def create(
    body: PcrCreate, actor: CrewActor, uow: UowDep, key: IdempotencyKey = None
) -> PcrRead | JSONResponse:
    def write() -> PcrRead:
        row = pcr.create_pcr(uow, actor, body.incident_id, body.unit_id, __version__)
        return pcr_read(uow, actor, row.id)

    return once(uow, actor, key, "POST /pcrs", body, 201, write)


@router.get("/pcrs", response_model=Page[PcrSummary])
def list_records(
    actor: ReaderActor,
    uow: UowDep,
    page: PageDep,
    incident_id: Id | None = None,
    status: str | None = Query(None, description="draft or locked"),
) -> Page[PcrSummary]:
    """Newest first."""
    rows = pcr.list_pcrs(uow, actor, incident_id, status, page.limit, page.last_id)
    return page_of(rows, page, newest_first, PcrSummary.model_validate)


@router.get("/pcrs/{pcr_id}", response_model=PcrRead)
def read(pcr_id: Id, actor: ReaderActor, uow: UowDep) -> PcrRead:
    return pcr_read(uow, actor, pcr_id)


@router.get(
    "/pcrs/{pcr_id}/handoff.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def handoff(pcr_id: Id, actor: ReaderActor, uow: UowDep) -> Response:
    """The handoff document for the receiving hospital (PDF, printed by the server)."""
    number, pdf = pcr_handoff.handoff_pdf(uow, actor, pcr_id, print_pdf)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="handoff-{number}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/pcrs/{pcr_id}/elements", response_model=PcrRead)
def set_elements(
    pcr_id: Id, body: ElementsUpdate, actor: CrewActor, uow: UowDep, key: IdempotencyKey = None
) -> PcrRead | JSONResponse:
    def write() -> PcrRead:
        pcr.set_elements(uow, actor, pcr_id, to_entries(body.entries), body.seen)
        return pcr_read(uow, actor, pcr_id)

    return once(uow, actor, key, f"POST /pcrs/{pcr_id}/elements", body, 200, write, pcr_id)


@router.post("/pcrs/{pcr_id}/vitals", response_model=VitalsRead, status_code=201)
def add_vitals(
    pcr_id: Id, body: VitalsCreate, actor: CrewActor, uow: UowDep, key: IdempotencyKey = None
) -> VitalsRead | JSONResponse:
    def write() -> VitalsRead:
        entries = to_entries(body.readings, element_name)
        _, where, warnings = pcr_care.record_vitals(
            uow, actor, pcr_id, body.taken_at, entries, body.late_entry_reason
        )
        shown = [{"element": w.element, "where": w.where, "problem": w.problem} for w in warnings]
        return VitalsRead(pcr_id=pcr_id, vitals=where, warnings=shown)

    return once(uow, actor, key, f"POST /pcrs/{pcr_id}/vitals", body, 201, write, pcr_id)


def _intervention(
    uow: UowDep, actor: Actor, pcr_id: Id, kind: Kind, body: InterventionCreate
) -> InterventionRead:
    item = pcr_care.InterventionInput(
        kind=kind,
        skill=body.skill,
        provider_id=body.provider_id,
        at=body.at,
        authorization=body.authorization,
        authorizing_physician=body.authorizing_physician,
        prior_to_care=body.prior_to_care,
        details=tuple(to_entries(body.details)),
        late_reason=body.late_entry_reason,
    )
    result = pcr_care.record_intervention(uow, actor, pcr_id, item)
    return InterventionRead(
        pcr_id=pcr_id,
        intervention=result.intervention,
        skill=result.skill.slug,
        decision=result.decision.decision.value,
        reasons=[r.as_dict() for r in result.decision.reasons],
        flag=flag_read(result.flag) if result.flag else None,
    )


def _intervention_route(kind: Kind, path: str, name: str) -> None:
    """``POST /pcrs/{id}/medications`` and ``/procedures``: one route body for both kinds."""

    def add(
        pcr_id: Id,
        body: InterventionCreate,
        actor: CrewActor,
        uow: UowDep,
        key: IdempotencyKey = None,
    ) -> InterventionRead | JSONResponse:
        def write() -> InterventionRead:
            return _intervention(uow, actor, pcr_id, kind, body)

        return once(uow, actor, key, f"POST /pcrs/{pcr_id}/{path}", body, 201, write, pcr_id)

    router.post(
        f"/pcrs/{{pcr_id}}/{path}", response_model=InterventionRead, status_code=201, name=name
    )(add)


_intervention_route(Kind.MEDICATION, "medications", "add_medication")
_intervention_route(Kind.PROCEDURE, "procedures", "add_procedure")


@router.post("/pcrs/{pcr_id}/signatures", response_model=SignatureRead, status_code=201)
def add_signature(
    pcr_id: Id,
    body: SignatureCreate,
    actor: CrewActor,
    uow: UowDep,
    key: IdempotencyKey = None,
) -> SignatureRead | JSONResponse:
    def write() -> SignatureRead:
        try:
            signer = Signer(body.signer)
        except ValueError:
            known = ", ".join(s.value for s in Signer)
            raise InvalidInput.for_field("signer", f"must be one of {known}") from None
        png = png_from_data_url(body.image) if body.image is not None else None
        signature = Signature(
            signer, body.at, body.first_name, body.last_name, png, body.not_signed
        )
        where = pcr_care.record_signature(uow, actor, pcr_id, signature, body.late_entry_reason)
        return SignatureRead(pcr_id=pcr_id, signature=where)

    return once(uow, actor, key, f"POST /pcrs/{pcr_id}/signatures", body, 201, write, pcr_id)


@router.post("/pcrs/{pcr_id}/lock", response_model=PcrRead)
def lock(
    pcr_id: Id, actor: CrewActor, uow: UowDep, key: IdempotencyKey = None
) -> PcrRead | JSONResponse:
    def write() -> PcrRead:
        pcr_lock.lock_pcr(uow, actor, pcr_id)
        return pcr_read(uow, actor, pcr_id)

    return once(uow, actor, key, f"POST /pcrs/{pcr_id}/lock", None, 200, write, pcr_id)


@router.post("/pcrs/{pcr_id}/addenda", response_model=AddendumRead, status_code=201)
def add_addendum(
    pcr_id: Id,
    body: AddendumCreate,
    actor: ReaderActor,
    uow: UowDep,
    key: IdempotencyKey = None,
) -> AddendumRead | JSONResponse:
    def write() -> AddendumRead:
        row = pcr.add_addendum(uow, actor, pcr_id, body.reason, to_entries(body.entries))
        return AddendumRead.model_validate(row)

    return once(uow, actor, key, f"POST /pcrs/{pcr_id}/addenda", body, 201, write, pcr_id)
