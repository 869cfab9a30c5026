"""Every list route pages the same way: ``limit`` and an opaque ``cursor`` in, ``{items, count,
next_cursor}`` out.

A route names its stable order as a sort key per row (a tuple of numbers and text ending with
the row's id, so no two rows tie; a descending field is negated). The cursor is the key of the
last row shown, so the next page starts strictly after it: a row added or removed meanwhile
neither repeats nor skips the others (keyset pagination). It also names the list it was made
for, so a cursor passed to another list is refused rather than read as a position there.

A route over a large table narrows its query with ``PageRequest.last_id`` and fetches
``limit + 1`` rows; a route over an agency's small table (units, facilities, users) hands over
all its rows. Either way ``page_of`` sorts, continues after the cursor and cuts the page.
Searches (chart vocabularies, the geocoder) answer their best ``limit`` matches, not pages.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Protocol, TypeVar

from fastapi import Depends, Query, Request

from goldenhour.api.schemas.common import MAX_ID, Page
from goldenhour.domain.shared.errors import InvalidInput

R = TypeVar("R")
T = TypeVar("T")
Key = tuple[int | float | str, ...]

DEFAULT_LIMIT = 200
MAX_LIMIT = 1000
BAD_CURSOR = "not a cursor from this list; pass the next_cursor of its previous page"


@dataclass(frozen=True)
class PageRequest:
    """What a caller asked for: at most ``limit`` rows after the row whose key is ``after``,
    of the list ``route`` (the route's path template)."""

    limit: int
    after: Key | None = None
    route: str = ""

    @property
    def last_id(self) -> int | None:
        """The id of the last row shown (the key's last part), for a keyset query."""
        if self.after is None:
            return None
        last = self.after[-1]
        if not isinstance(last, int) or not 1 <= abs(last) <= MAX_ID:
            raise InvalidInput.for_field("cursor", BAD_CURSOR)
        return abs(last)


async def page_request(
    request: Request,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="rows per page"),
    cursor: str | None = Query(
        None, max_length=400, description="the next_cursor of the previous page"
    ),
) -> PageRequest:
    route = getattr(request.scope.get("route"), "path", request.url.path)
    return PageRequest(limit, decode_cursor(cursor, route), route)


PageDep = Annotated[PageRequest, Depends(page_request)]


def _list_tag(route: str) -> str:
    return f"{zlib.crc32(route.encode()):08x}"


def encode_cursor(key: Key, route: str) -> str:
    text = json.dumps([_list_tag(route), *key], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, route: str) -> Key | None:
    """The key a cursor of the list ``route`` continues after; anything we did not make for
    that list is a 422 naming ``cursor``."""
    if cursor is None:
        return None
    try:
        tag, *key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, UnicodeDecodeError, binascii.Error):
        raise InvalidInput.for_field("cursor", BAD_CURSOR) from None
    parts_ok = all(isinstance(p, int | float | str) and not isinstance(p, bool) for p in key)
    if tag != _list_tag(route) or not key or not parts_ok:
        raise InvalidInput.for_field("cursor", BAD_CURSOR)
    return tuple(key)


def page_of(
    rows: Sequence[R], request: PageRequest, key: Callable[[R], Key], read: Callable[[R], T]
) -> Page[T]:
    """The page of ``rows`` (in ``key`` order) after the cursor, each row shown by ``read``."""
    ordered = sorted(rows, key=key)
    if request.after is not None:
        after = request.after
        ordered = [row for row in ordered if _comparable(key(row), after) > after]
    shown = ordered[: request.limit]
    more = len(ordered) > request.limit
    items = [read(row) for row in shown]
    return Page(
        items=items,
        count=len(items),
        next_cursor=encode_cursor(key(shown[-1]), request.route) if more else None,
    )


def _comparable(key: Key, after: Key) -> Key:
    """``key`` itself, once ``after`` is known to be a key of the same kinds (else a 422)."""
    same = len(key) == len(after) and all(
        isinstance(a, str) == isinstance(k, str) for k, a in zip(key, after, strict=True)
    )
    if not same:
        raise InvalidInput.for_field("cursor", BAD_CURSOR)
    return key


class HasId(Protocol):
    @property
    def id(self) -> int: ...


def newest_first(row: HasId) -> Key:
    """The order of a log: the last row added first."""
    return (-row.id,)


def oldest_first(row: HasId) -> Key:
    """The order of a conversation: as the rows were added."""
    return (row.id,)
