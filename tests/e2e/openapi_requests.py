"""Requests built from the API's own OpenAPI document, for tests that must cover every route.

``operations`` lists every operation the document declares; ``minimal_body`` builds the
smallest body its schema accepts (required fields only, plus any field named like an id the
caller wants to aim somewhere), so a route added tomorrow is exercised without anyone writing
its body by hand.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

Json = Any


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    parameters: tuple[str, ...]  # names in the path
    body_schema: Json | None  # the JSON body's schema, None without one
    body_type: str | None  # the body's media type

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def url(self, values: Mapping[str, object]) -> str:
        url = self.path
        for name in self.parameters:
            url = url.replace("{" + name + "}", str(values[name]))
        return url


def operations(document: Json) -> Iterator[Operation]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            parameters = tuple(
                p["name"] for p in operation.get("parameters", []) if p["in"] == "path"
            )
            content = operation.get("requestBody", {}).get("content", {})
            media = next(iter(content), None)
            schema = content[media].get("schema") if media else None
            yield Operation(method.upper(), path, parameters, schema, media)


def minimal_body(document: Json, schema: Json, ids: Mapping[str, object]) -> Json:
    """The smallest value ``schema`` accepts; a property named in ``ids`` gets that value."""
    return _value(document, schema, ids, None, required=True)


def _resolve(document: Json, schema: Json) -> Json:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _value(document: Json, schema: Json, ids: Mapping[str, object], name: str | None,
           required: bool) -> Json:  # fmt: skip
    schema = _resolve(document, schema)
    if name in ids:
        return ids[name]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if _resolve(document, o).get("type") != "null"]
            return _value(document, options[0], ids, name, required)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    kind = schema.get("type", "object")
    if kind == "object":
        wanted = set(schema.get("required", ())) | (set(ids) & set(schema.get("properties", {})))
        return {
            key: _value(document, sub, ids, key, key in schema.get("required", ()))
            for key, sub in schema.get("properties", {}).items()
            if key in wanted
        }
    if kind == "array":
        count = max(int(schema.get("minItems", 0)), 1 if required else 0)
        return [_value(document, schema.get("items", {}), ids, None, True) for _ in range(count)]
    if kind == "string":
        if schema.get("format") == "date-time":
            return datetime.now(UTC).isoformat()
        if schema.get("format") == "date":
            return datetime.now(UTC).date().isoformat()
        return "x" * max(int(schema.get("minLength", 1)), 1)
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    raise AssertionError(f"no minimal value for schema {schema}")
