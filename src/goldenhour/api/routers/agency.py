"""The caller's own agency, and its audit log (supervisors and admins)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from goldenhour.api.deps import CurrentActor, SupervisorActor, UowDep
from goldenhour.api.schemas.accounts import AgencyRead, AuditEntryRead
from goldenhour.api.schemas.common import Id, Page
from goldenhour.services.accounts import audit
from goldenhour.services.accounts import users as accounts

router = APIRouter(tags=["agency"])


@router.get("/agency", response_model=AgencyRead)
def my_agency(actor: CurrentActor, uow: UowDep) -> AgencyRead:
    return AgencyRead.model_validate(accounts.get_agency(uow, actor.agency_id))


@router.get("/audit", response_model=Page[AuditEntryRead])
def audit_log(
    actor: SupervisorActor,
    uow: UowDep,
    limit: int = Query(100, ge=1, le=1000),
    before_id: Id | None = Query(None, ge=1),
) -> Page[AuditEntryRead]:
    rows = [
        AuditEntryRead.model_validate(r)
        for r in audit.entries(uow, actor.agency_id, limit, before_id)
    ]
    return Page(items=rows, count=len(rows))
