"""Schema conventions: request bodies refuse unknown fields; lists come as ``{items, count}``."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from goldenhour.domain.shared.errors import InvalidInput

T = TypeVar("T")

# Every id the API accepts, in a path, a query or a body: checked here, at the edge, so an id
# no table can hold (PostgreSQL's integer ends at 2**31 - 1) is a 422 naming it, not a 500.
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class RequestModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReadModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    """A list answer: ``items``, their ``count``, and ``next_cursor`` to pass as ``cursor`` for
    the next page (None on the last page)."""

    items: list[T]
    count: int
    next_cursor: str | None = None


def encode_cursor(last_id: int | None) -> str | None:
    """An opaque cursor for the page after the row ``last_id`` (None: no more pages)."""
    if last_id is None:
        return None
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, field: str = "cursor") -> int | None:
    """The row id a cursor continues after; a cursor we did not make is named as bad input."""
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = text.partition(":")
        if kind != "id" or not 1 <= int(value) <= MAX_ID:  # a forged id no table holds
            raise ValueError(text)
        return int(value)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise InvalidInput.for_field(field, "not a cursor from this API; use next_cursor") from None
