"""Every request gets an id; every response carries it; an unexpected error still answers
problem+json with that id, and the traceback is logged under it.

A dispatcher who sees "report request id 3f9c…" gives the operator one string that finds the
exact log lines. The access line written here names the method, the *path only* (never the
query string, where an old client could put a token), the status and the duration.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from goldenhour.api import metrics
from goldenhour.api.problems import problem
from goldenhour.logs import REQUEST_ID

log = logging.getLogger("goldenhour.request")
_GIVEN_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")  # a proxy's id is kept when it looks sane


class RequestContext:
    """Outermost middleware: request id, the last-resort 500, the access line and metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _GIVEN_ID.fullmatch(given) else uuid.uuid4().hex
        reset = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500
        responded = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, responded
            if message["type"] == "http.response.start":
                responded = True
                status = message["status"]
                MutableHeaders(scope=message).append("X-Request-ID", request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unexpected error serving %s %s", scope["method"], scope["path"])
            if responded:  # a stream already under way: nothing more can be said to the client
                raise
            detail = f"an unexpected error occurred; report request id {request_id}"
            await problem(500, "Internal server error", detail)(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            metrics.REQUESTS.observe(scope["method"], route_template(scope), status, elapsed)
            log.info(
                "%s %s %s %.1f ms",
                scope["method"],
                scope["path"],
                status,
                elapsed * 1000,
                extra={"status": status, "duration_ms": round(elapsed * 1000, 1)},
            )
            REQUEST_ID.reset(reset)


def route_template(scope: Scope) -> str:
    """The matched route with its parameters named (``/api/v1/incidents/{incident_id}``), built
    from the path and its parameters, so an id never becomes a metric label."""
    if scope.get("route") is None:
        return "unmatched"
    segments = scope["path"].split("/")
    for name, value in scope.get("path_params", {}).items():
        text = str(value)
        if "/" in text:  # a mount's {path}: the rest of the path
            joined = "/".join(segments)
            if joined.endswith(text):
                segments = (joined[: -len(text)] + f"{{{name}}}").split("/")
            continue
        for i, segment in enumerate(segments):
            if segment == text:
                segments[i] = f"{{{name}}}"
                break
    return "/".join(segments)
