"""The medical director's review queue: ``/review/flags``.

Only the medical director reviews scope flags; the queue shows each flag with its record's
context, and each look is audited as a read of patient records.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from goldenhour.api.deps import UowDep, require
from goldenhour.api.pcr_views import queue_item
from goldenhour.api.schemas.common import Page
from goldenhour.api.schemas.pcr import QueueItemRead, ReviewCreate
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.services.pcr import review

router = APIRouter(prefix="/review", tags=["medical review"])

DirectorActor = Annotated[Actor, Depends(require(Role.MEDICAL_DIRECTOR))]


@router.get("/flags", response_model=Page[QueueItemRead])
def flags(
    actor: DirectorActor,
    uow: UowDep,
    status: str = Query("open", description="open or reviewed"),
    limit: int = Query(200, ge=1, le=1000),
) -> Page[QueueItemRead]:
    items = [queue_item(v) for v in review.queue(uow, actor, status, limit)]
    return Page(items=items, count=len(items))


@router.post("/flags/{flag_id}", response_model=QueueItemRead)
def review_flag(
    flag_id: int, body: ReviewCreate, actor: DirectorActor, uow: UowDep
) -> QueueItemRead:
    return queue_item(review.review(uow, actor, flag_id, body.outcome, body.comment))
