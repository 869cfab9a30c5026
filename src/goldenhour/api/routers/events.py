"""``GET /api/v1/events``: the agency's event stream as server-sent events.

A client that reconnects sends ``Last-Event-ID`` (browsers do this by themselves) and first gets
every stored event it missed, then live ones; events are de-duplicated by id, so nothing is lost
or repeated across a dropped connection.

The stream outlives the request that opened it, so the session behind it is checked again every
``SESSION_CHECK_SECONDS``: once the user signs out, is deactivated or the token expires, the
stream sends a last ``SessionEnded`` message and closes, and no more of the agency's events
reach that browser.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from goldenhour.api.deps import Runtime, RuntimeDep, bearer_token
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.shared.errors import InvalidInput, Unauthorized
from goldenhour.domain.shared.events import PublishedEvent
from goldenhour.services import event_log
from goldenhour.services.accounts import users as accounts

router = APIRouter(tags=["events"])
KEEPALIVE_SECONDS = 15.0
SESSION_CHECK_SECONDS = 15.0
SESSION_ENDED = (
    "data: "
    + json.dumps(
        {"name": "SessionEnded", "payload": {"reason": "signed out, deactivated or expired"}}
    )
    + "\n\n"
)
REPLAY_LIMIT = 10_000


def _authenticate(runtime: Runtime, token: str) -> Actor:
    with runtime.unit_of_work() as uow:
        return accounts.authenticate(uow, runtime.settings.secret_key, token)


def _still_signed_in(runtime: Runtime, token: str) -> bool:
    try:
        _authenticate(runtime, token)
    except Unauthorized:
        return False
    return True


def _replay(runtime: Runtime, agency_id: int, after_id: int) -> list[PublishedEvent]:
    with runtime.unit_of_work() as uow:
        return event_log.events_after(uow, agency_id, after_id, REPLAY_LIMIT)


def format_event(event: PublishedEvent) -> str:
    data = json.dumps(
        {"id": event.id, "name": event.name, "at": event.at.isoformat(), "payload": event.payload}
    )
    # No ``event:`` line: every event reaches EventSource.onmessage; its name is in the data.
    return f"id: {event.id}\ndata: {data}\n\n"


@router.get("/events", response_class=StreamingResponse)
async def event_stream(
    request: Request,
    runtime: RuntimeDep,
    last_event_id: int | None = Query(None, ge=0, description="replay events after this id"),
) -> StreamingResponse:
    token = bearer_token(request)
    actor = await run_in_threadpool(_authenticate, runtime, token)
    header = request.headers.get("last-event-id")
    if header is not None:
        if not header.isdigit():
            raise InvalidInput.for_field("Last-Event-ID", "must be a non-negative integer")
        last_event_id = int(header)
    subscription = runtime.bus.subscribe(actor.agency_id)

    async def stream() -> AsyncIterator[str]:
        try:
            yield "retry: 1000\n: connected\n\n"
            last = last_event_id or 0
            if last_event_id is not None:
                for event in await run_in_threadpool(_replay, runtime, actor.agency_id, last):
                    yield format_event(event)
                    last = event.id
            clock = asyncio.get_running_loop().time
            check_at = clock() + SESSION_CHECK_SECONDS
            while True:
                if clock() >= check_at:
                    if not await run_in_threadpool(_still_signed_in, runtime, token):
                        yield SESSION_ENDED
                        return
                    check_at = clock() + SESSION_CHECK_SECONDS
                wait = min(KEEPALIVE_SECONDS, max(check_at - clock(), 0.0))
                try:
                    event = await asyncio.wait_for(subscription.queue.get(), wait)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if event.id > last:
                    yield format_event(event)
                    last = event.id
        finally:
            runtime.bus.unsubscribe(subscription)

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
