"""Errors as RFC 9457 ``application/problem+json``, mapped once for the whole API.

A validation error carries ``errors``: a list of ``{field, problem}`` so a form can mark the
exact input that was wrong. Every problem carries ``request_id``, the id in the server's log
lines for that request.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from goldenhour.domain.shared.errors import (
    Conflict,
    Forbidden,
    GoldenHourError,
    InvalidInput,
    NotFound,
    Overloaded,
    PayloadTooLarge,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
)
from goldenhour.logs import REQUEST_ID

PROBLEM_JSON = "application/problem+json"
# What each kind of error is over HTTP; a kind not listed answers as its nearest ancestor.
HTTP_STATUS: dict[type[GoldenHourError], tuple[int, str]] = {
    GoldenHourError: (400, "Bad request"),
    InvalidInput: (422, "Invalid input"),
    NotFound: (404, "Not found"),
    Conflict: (409, "Conflict"),
    Unauthorized: (401, "Unauthorized"),
    Forbidden: (403, "Forbidden"),
    PayloadTooLarge: (413, "Payload too large"),
    TooManyRequests: (429, "Too many requests"),
    Overloaded: (503, "Service unavailable"),
    ServiceUnavailable: (503, "Service unavailable"),
}


def http_status(exc: GoldenHourError) -> tuple[int, str]:
    """The status code and title that answer ``exc``."""
    kind = next(k for k in type(exc).__mro__ if k in HTTP_STATUS)
    return HTTP_STATUS[kind]


def problem(
    status: int, title: str, detail: str, retry_after_s: int | None = None, **extra: Any
) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "request_id": REQUEST_ID.get(),
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if retry_after_s is not None:
        headers["Retry-After"] = str(retry_after_s)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(GoldenHourError, _domain_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(OperationalError, _database_down)  # type: ignore[arg-type]


async def _domain_error(_request: Request, exc: GoldenHourError) -> JSONResponse:
    extra: dict[str, Any] = {}
    if isinstance(exc, InvalidInput) and exc.errors:
        extra["errors"] = [{"field": e.field, "problem": e.problem} for e in exc.errors]
    if isinstance(exc, TooManyRequests):
        extra["retry_after_s"] = exc.retry_after_s
    status, title = http_status(exc)
    return problem(status, title, exc.detail, **extra)


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"field": ".".join(str(part) for part in error["loc"]), "problem": error["msg"]}
        for error in exc.errors()
    ]
    detail = "; ".join(f"{e['field']}: {e['problem']}" for e in errors)
    return problem(422, "Invalid input", detail, errors=errors)


async def _http_error(_request: Request, exc: HTTPException) -> JSONResponse:
    titles = {400: "Bad request", 401: "Unauthorized", 404: "Not found", 405: "Method not allowed"}
    return problem(exc.status_code, titles.get(exc.status_code, "Error"), str(exc.detail))


async def _database_down(request: Request, exc: OperationalError) -> JSONResponse:
    uow = getattr(request.state, "uow", None)
    if uow is not None and uow.committed:
        # The change is stored: saying otherwise would make the client send it again.
        detail = (
            "the change was saved, but the database did not answer while the reply was being "
            "read back; read the record again instead of repeating the request"
        )
        return problem(503, "Service unavailable", detail, saved=True)
    return problem(503, "Service unavailable", "the database is not reachable; nothing was saved")


class BodySizeLimit:
    """Refuse bodies over ``limit`` bytes with 413, whether or not Content-Length is sent."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        # Read the body up front (it is at most ``limit`` bytes) so a chunked upload that grows
        # past the limit is refused before any handler has seen part of it.
        messages: list[Message] = []
        received = 0
        while True:
            message = await receive()
            messages.append(message)
            received += len(message.get("body", b""))
            if received > self.limit:
                await self._refuse(scope, receive, send)
                return
            if message["type"] != "http.request" or not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"the request body is larger than {self.limit} bytes"
        await problem(413, "Payload too large", detail)(scope, receive, send)
