"""``GET /api/v1/events``: the agency's event stream as server-sent events.

A client that reconnects sends ``Last-Event-ID`` (browsers do this by themselves) and first gets
every stored event it missed, then live ones; events are de-duplicated by id, so nothing is lost
or repeated across a dropped connection.

The browser's ``EventSource`` cannot send a header, and URLs are logged, so the stream is opened
with a short-lived *ticket* (``POST /events/ticket`` with the bearer token), never the token.
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

from goldenhour.api.deps import BearerToken, Runtime, RuntimeDep, UowDep
from goldenhour.api.schemas.accounts import StreamTicketRead
from goldenhour.api.schemas.common import Id
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.shared.errors import InvalidInput, Unauthorized
from goldenhour.domain.shared.events import PublishedEvent
from goldenhour.services import event_log
from goldenhour.services.accounts import sessions

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


def _redeem(runtime: Runtime, ticket: str) -> tuple[Actor, int]:
    with runtime.unit_of_work(reads_only=True) as uow:
        return sessions.redeem_ticket(uow, runtime.settings.secret_key, ticket)


def _still_signed_in(runtime: Runtime, session_id: Id) -> bool:
    with runtime.unit_of_work(reads_only=True) as uow:
        return sessions.still_signed_in(uow, session_id)


def _replay(runtime: Runtime, agency_id: int, after_id: int) -> list[PublishedEvent]:
    with runtime.unit_of_work(reads_only=True) as uow:
        return event_log.events_after(uow, agency_id, after_id, REPLAY_LIMIT)


def format_event(event: PublishedEvent) -> str:
    data = json.dumps(
        {"id": event.id, "name": event.name, "at": event.at.isoformat(), "payload": event.payload}
    )
    # No ``event:`` line: every event reaches EventSource.onmessage; its name is in the data.
    return f"id: {event.id}\ndata: {data}\n\n"


@router.post("/events/ticket", response_model=StreamTicketRead)
def stream_ticket(token: BearerToken, uow: UowDep, runtime: RuntimeDep) -> StreamTicketRead:
    """A ticket for opening ``GET /events`` within a few seconds, instead of the bearer token."""
    ticket, expires_at = sessions.stream_ticket(uow, runtime.settings.secret_key, token)
    return StreamTicketRead(ticket=ticket, expires_at=expires_at)


@router.get("/events", response_class=StreamingResponse)
async def event_stream(
    request: Request,
    runtime: RuntimeDep,
    ticket: str | None = Query(None, max_length=200, description="from POST /events/ticket"),
    last_event_id: Id | None = Query(
        None, ge=0, le=2**62, description="replay events after this id"
    ),
) -> StreamingResponse:
    if not ticket:
        raise Unauthorized("open the stream with ?ticket= from POST /api/v1/events/ticket")
    actor, session_id = await run_in_threadpool(_redeem, runtime, ticket)
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
                    if not await run_in_threadpool(_still_signed_in, runtime, session_id):
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
