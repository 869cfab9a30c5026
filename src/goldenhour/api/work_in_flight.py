"""A request that has started its database work finishes it, even when the server stops.

A browser that goes away (a reload while the crew app is sending) cancels nothing: the request
runs on and its answer is dropped. What does cancel a request is the server itself, stopping
with requests still running: uvicorn cancels them after ``timeout_graceful_shutdown``, and the
event loop cancels whatever is left as it closes. The database work runs in a worker thread,
which a cancelled request cannot stop; it only stops waiting for it. The unit of work's
clean-up (``deps.get_uow``) then ran at once, rolling back and closing the Session while the
thread was still using it ("This session is provisioning a new connection; concurrent
operations are not permitted", as a ``GeneratorExit`` when the loop closed), or was cancelled
itself, leaving a connection checked out and on SQLite perhaps the write lock held.

So each request runs in a task of its own that refuses cancellation while its unit of work is
open (``request.state.uow_open``): the change is committed whole or rolled back whole, the
answer is sent if anyone still listens, and the Session is closed once the thread is done with
it. A request with no unit of work open — waiting to be admitted, or the event stream — is
cancelled as before and ends quietly: 503 + ``Retry-After`` if nothing was answered yet (it did
nothing, so sending it again is safe), or the stream simply ends.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from goldenhour.api.problems import problem

WORK_OPEN = "uow_open"  # the key ``deps.get_uow`` sets in ``request.state``


class _Request(asyncio.Task[None]):
    """A request's task: not cancelled while its unit of work is open."""

    def __init__(self, work: Coroutine[Any, Any, None], state: dict[str, Any]) -> None:
        super().__init__(work)
        self.request_state = state

    def cancel(self, msg: Any | None = None) -> bool:
        if self.request_state.get(WORK_OPEN):
            return False
        return super().cancel(msg)


class FinishWorkInFlight:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = complete = False

        async def watched_send(message: Message) -> None:
            nonlocal started, complete
            started = True
            complete = message["type"] == "http.response.body" and not message.get(
                "more_body", False
            )
            await send(message)

        async def respond() -> None:
            await self.app(scope, receive, watched_send)

        request = _Request(respond(), scope.setdefault("state", {}))
        try:
            await asyncio.shield(request)
            return
        except asyncio.CancelledError:
            request.cancel()  # refused while its work is open
            while not request.done():
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.shield(request)
        if not request.cancelled():
            request.result()  # the request's own error, if it ended with one
        elif not started:
            stopping = problem(503, "Server stopping", "nothing was done; send it again", 1)
            await stopping(scope, receive, send)
        elif not complete:
            await send({"type": "http.response.body", "body": b"", "more_body": False})
