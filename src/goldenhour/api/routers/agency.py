"""The caller's own agency, and its audit log (supervisors and admins)."""

from __future__ import annotations

from fastapi import APIRouter

from goldenhour.api.deps import CurrentActor, SupervisorActor, UowDep
from goldenhour.api.paging import PageDep, newest_first, page_of
from goldenhour.api.schemas.accounts import AgencyRead, AuditEntryRead
from goldenhour.api.schemas.common import Page
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
    page: PageDep,
) -> Page[AuditEntryRead]:
    """Newest first."""
    rows = audit.entries(uow, actor.agency_id, page.limit + 1, page.last_id)
    return page_of(rows, page, newest_first, AuditEntryRead.model_validate)
