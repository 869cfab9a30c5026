"""The medical director's review queue: ``/review/flags``.

Only the medical director reviews scope flags; the queue shows each flag with its record's
context, and each look is audited as a read of patient records.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from goldenhour.api.deps import UowDep, require
from goldenhour.api.paging import Key, PageDep, page_of
from goldenhour.api.pcr_views import queue_item
from goldenhour.api.schemas.common import Id, Page
from goldenhour.api.schemas.pcr import HistoryLineRead, QueueItemRead, ReviewCreate
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.services.pcr import review

router = APIRouter(prefix="/review", tags=["medical review"])

DirectorActor = Annotated[Actor, Depends(require(Role.MEDICAL_DIRECTOR))]


def queue_filter(
    status: str = Query("open", description="open, reviewed or all"),
    since: datetime | None = Query(None, description="performed at or after"),
    until: datetime | None = Query(None, description="performed before"),
    unit_id: Id | None = None,
    provider_id: Id | None = None,
    skill: str | None = Query(None, max_length=80),
    outcome: str | None = Query(None, description="appropriate, education, referred..."),
) -> review.QueueFilter:
    return review.QueueFilter(
        None if status == "all" else status, since, until, unit_id, provider_id, skill, outcome
    )


FilterDep = Annotated[review.QueueFilter, Depends(queue_filter)]
CSV_COLUMNS = (
    "id", "status", "performed_at", "unit", "provider", "skill", "decision",
    "patient_age", "impression", "reasons", "outcome", "comment", "reviewed_at",
)  # fmt: skip


@router.get("/flags", response_model=Page[QueueItemRead])
def flags(
    actor: DirectorActor,
    uow: UowDep,
    wanted: FilterDep,
    page: PageDep,
) -> Page[QueueItemRead]:
    """Oldest first."""
    views = review.queue(uow, actor, wanted, page.limit, page.last_id)
    return page_of(views, page, _flag_order, queue_item)


def _flag_order(view: review.FlagView) -> Key:
    return (view.flag.id,)


@router.get("/flags.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def flags_csv(
    actor: DirectorActor, uow: UowDep, wanted: FilterDep, limit: int = Query(10000, ge=1)
) -> Response:
    """The same queue as CSV, for a quality committee's spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for view in review.queue(uow, actor, wanted, limit)[:limit]:
        item = queue_item(view).model_dump(mode="json")
        item["reasons"] = "; ".join(r.get("detail", "") for r in item["reasons"])
        writer.writerow([_cell(item.get(c)) for c in CSV_COLUMNS])
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="scope-flags.csv"',
                 "Cache-Control": "no-store"},
    )  # fmt: skip


def _cell(value: object) -> str:
    """A cell as text; one starting like a formula is quoted so a spreadsheet shows it."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@router.get("/history", response_model=Page[HistoryLineRead])
def history(
    actor: DirectorActor,
    uow: UowDep,
    page: PageDep,
    by: str = Query("provider", description="provider or skill"),
) -> Page[HistoryLineRead]:
    """How often each provider (or skill) was flagged, and the outcomes given: the most
    flagged first."""
    lines = review.history(uow, actor, by)
    return page_of(lines, page, _most_flagged, HistoryLineRead.model_validate)


def _most_flagged(line: review.HistoryLine) -> Key:
    return (-line.flags, line.key)


@router.post("/flags/{flag_id}", response_model=QueueItemRead)
def review_flag(
    flag_id: Id, body: ReviewCreate, actor: DirectorActor, uow: UowDep
) -> QueueItemRead:
    return queue_item(review.review(uow, actor, flag_id, body.outcome, body.comment))
