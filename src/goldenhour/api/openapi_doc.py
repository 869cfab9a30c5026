"""The OpenAPI document says what the server really sends, so generated clients are right.

FastAPI on its own declares 422 with its default validation shape and nothing else. Here every
error is declared as RFC 9457 problem+json (the ``Problem`` schema), with the statuses each
operation can answer: 401 and 403 where a bearer token is needed, 404 where the path names a
record, 409 and 413 where a body is written, 422 wherever input is read, 429 for sign-in, and
500/503 everywhere. The bearer scheme comes from the ``HTTPBearer`` dependency in ``deps``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail", "request_id"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "request_id": {"type": "string", "description": "the id in the server's log lines"},
        "errors": {
            "type": "array",
            "description": "one entry per wrong field",
            "items": {
                "type": "object",
                "required": ["field", "problem"],
                "properties": {"field": {"type": "string"}, "problem": {"type": "string"}},
            },
        },
    },
    "additionalProperties": True,
}
MEANINGS = {
    "400": "The body could not be read (not text in the declared media type).",
    "401": "Not signed in, or the token is expired or revoked.",
    "403": "Signed in, but the role or the relationship does not allow it.",
    "404": "No such record in your agency.",
    "409": "The record changed or is taken.",
    "413": "The request body is too large.",
    "422": "A value is wrong; `errors` names each field.",
    "429": "Too many attempts; wait `Retry-After` seconds.",
    "500": "An unexpected error; `request_id` finds it in the server log.",
    "503": "The database (or another dependency) is unavailable; nothing was saved.",
}
WRITES = {"post", "put", "patch", "delete"}


def install(app: FastAPI) -> None:
    """Replace ``app.openapi`` with the completed document (built once, then cached)."""

    def document() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        doc = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        components = doc.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        schemas["Problem"] = PROBLEM
        for path, operations in doc.get("paths", {}).items():
            for method, operation in operations.items():
                _complete(path, method, operation)
        app.openapi_schema = doc
        return doc

    app.openapi = document  # type: ignore[method-assign]


def _complete(path: str, method: str, operation: dict[str, Any]) -> None:
    statuses = ["500", "503"]
    if operation.get("security"):  # FastAPI adds it where the bearer dependency is used
        statuses += ["401", "403"]
    if "{" in path or "requestBody" in operation:  # a record named in the path or the body
        statuses.append("404")
    if operation.get("parameters") or "requestBody" in operation:
        statuses.append("422")
    if "requestBody" in operation:
        statuses += ["400", "413"]
    if method in WRITES:
        statuses += ["409", "422"]
    if path.endswith("/auth/login"):
        statuses += ["401", "429"]
    responses = operation.setdefault("responses", {})
    for status in sorted(set(statuses)):
        responses[status] = {
            "description": MEANINGS[status],
            "content": {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            },
        }
