"""The agency's call types: what its CAD calls a call, and what that means for dispatch.

Anyone signed in reads the table (the call form offers it); the agency's administrator
replaces it, as JSON or as the CSV the CAD vendor exports (every row or none).
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from goldenhour.api.deps import AdminActor, CurrentActor, UowDep
from goldenhour.api.dispatch_deps import SetupDep
from goldenhour.api.paging import PageDep, page_of
from goldenhour.api.schemas.common import Page
from goldenhour.api.schemas.dispatch import CallTypeBody, CallTypeRead
from goldenhour.domain.dispatch.call_types import CallType, csv_rows
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.dispatch import call_types

router = APIRouter(prefix="/call-types", tags=["call types"])


def _read(call_type: CallType) -> CallTypeRead:
    return CallTypeRead(**call_type.as_dict())  # type: ignore[arg-type]


def _page(table: list[CallType]) -> Page[CallTypeRead]:
    items = [_read(t) for t in table]
    return Page(items=items, count=len(items))


@router.get("", response_model=Page[CallTypeRead])
def list_call_types(actor: CurrentActor, uow: UowDep, page: PageDep) -> Page[CallTypeRead]:
    """By call type (PUT and import answer the whole new table)."""
    table = call_types.list_call_types(uow, actor.agency_id)
    return page_of(table, page, lambda t: (t.call_type,), _read)


@router.put("", response_model=Page[CallTypeRead])
def replace_call_types(
    body: list[CallTypeBody], actor: AdminActor, uow: UowDep, setup: SetupDep
) -> Page[CallTypeRead]:
    """Replace the whole table (every row checked; none stored if one is wrong)."""
    rows = [b.model_dump() for b in body]
    return _page(call_types.replace_call_types(uow, actor, actor.agency_id, rows, setup.protocol))


@router.post(
    "/import",
    response_model=Page[CallTypeRead],
    openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def import_call_types(
    request: Request, actor: AdminActor, uow: UowDep, setup: SetupDep
) -> Page[CallTypeRead]:
    """The table from CSV: ``call_type, dispatch_reason, type_of_service[, priority, level,
    plan]``, replacing the old one."""
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput.for_field("body", "the call types must be UTF-8 text") from None
    rows = csv_rows(text)
    return _page(call_types.replace_call_types(uow, actor, actor.agency_id, rows, setup.protocol))
