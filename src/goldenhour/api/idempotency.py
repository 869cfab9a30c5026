"""``Idempotency-Key`` on the chart's write routes: an entry resent by an offline device is
applied once, and answered as it was the first time (``Idempotent-Replayed: true``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from goldenhour.domain.accounts.roles import Actor
from goldenhour.services.pcr import chart_sync
from goldenhour.services.unit_of_work import UnitOfWork

Model = TypeVar("Model", bound=BaseModel)

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="made on the device for each entry; a resend with the same key is applied "
        "once and answered as the first time",
    ),
]


def once(
    uow: UnitOfWork,
    actor: Actor,
    key: str | None,
    route: str,
    body: BaseModel | None,
    status_code: int,
    write: Callable[[], Model],
    pcr_id: int | None = None,
) -> Model | JSONResponse:
    """Run ``write`` unless the entry with ``key`` was applied already."""
    if key is None:
        return write()
    chart_sync.check_key(key)
    print_ = chart_sync.fingerprint(body.model_dump(mode="json") if body is not None else None)
    earlier = chart_sync.claim(uow, actor, key, route, print_, pcr_id)
    if earlier is not None:
        return JSONResponse(
            earlier.body, status_code=earlier.status_code, headers={"Idempotent-Replayed": "true"}
        )
    result = write()
    chart_sync.remember(uow, actor, key, status_code, result.model_dump(mode="json"))
    return result
