"""Schema conventions: request bodies refuse unknown fields; lists come as ``{items, count,
next_cursor}`` (see ``api/paging.py``)."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

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
