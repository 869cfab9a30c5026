"""Refuse text no database can store, at the edge, naming the field.

PostgreSQL's ``text`` cannot hold the NUL character, and neither database driver can encode a
lone UTF-16 surrogate (``"\\ud800"`` in JSON) as UTF-8. Left alone, such a string travels
through validation and fails deep inside a transaction as a 500; refused here, the caller gets
a 422 saying which field, and nothing is written.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from goldenhour.api.problems import problem

_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")
# Cheap pre-checks on raw bytes: a JSON escape of NUL or of a surrogate, or a raw NUL byte.
_SUSPECT_JSON = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")


def _why(value: str) -> str | None:
    found = _BAD_CHAR.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return "contains a NUL character (\\u0000), which cannot be stored"
    return "contains an unpaired UTF-16 surrogate, which is not valid text"


def _first_bad(value: Any, path: str) -> tuple[str, str] | None:
    """The dotted path of the first string (key or value) that cannot be stored, and why."""
    if isinstance(value, str):
        why = _why(value)
        return (path, why) if why else None
    if isinstance(value, dict):
        for key, item in value.items():
            why = _why(key)
            if why:
                return (f"{path}.{key!r}", why)
            found = _first_bad(item, f"{path}.{key}")
            if found:
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _first_bad(item, f"{path}.{i}")
            if found:
                return found
    return None


def find_unstorable(scope: Scope, body: bytes) -> tuple[str, str] | None:
    """Where a request carries text that cannot be stored: path, query parameter or body."""
    why = _why(scope["path"])
    if why:
        return ("path", why)
    query = scope.get("query_string", b"").decode("latin-1")
    for key, value in parse_qsl(query, keep_blank_values=True):
        found = _first_bad(value, f"query.{key}") or _first_bad(key, "query")
        if found:
            return found
    if not body:
        return None
    if b"\x00" in body:  # every body the API takes is text (JSON, CSV, XML)
        line = body.count(b"\n", 0, body.index(b"\x00")) + 1
        return ("body", f"line {line} contains a NUL byte, which cannot be stored")
    content_type = dict(scope["headers"]).get(b"content-type", b"").lower()
    if b"json" in content_type and _SUSPECT_JSON.search(body):
        try:
            document = json.loads(body)
        except ValueError:
            return None  # not JSON at all: the validation error says so
        return _first_bad(document, "body")
    return None


class UnstorableText:
    """Middleware: a 422 problem+json before any handler sees text it could not store."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        body = b""
        if scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            while True:  # the size limit outside this middleware has bounded the body
                message = await receive()
                messages.append(message)
                body += message.get("body", b"")
                if message["type"] != "http.request" or not message.get("more_body", False):
                    break
        found = find_unstorable(scope, body)
        if found is not None:
            field, why = found
            response = problem(
                422,
                "Invalid input",
                f"{field}: {why}",
                errors=[{"field": field, "problem": why}],
            )
            await response(scope, receive, send)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
