"""One agency's rows by id: a row of another agency is as absent as a row that does not exist.

Every service that loads an agency's record by id goes through ``in_agency``, so the check that
keeps one agency from ever seeing another's records is written once. The answer names the field
and what is missing, like every other error ("unit: no unit 7 in your agency").
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from goldenhour.domain.shared.errors import NotFound


class AgencyRow(Protocol):
    @property
    def agency_id(self) -> int: ...


R = TypeVar("R", bound=AgencyRow)


def in_agency(
    session: Session,
    table: type[R],
    row_id: int,
    agency_id: int,
    field: str,
    what: str,
    *,
    lock: bool = False,
    fresh: bool = False,
) -> R:
    """The row, locked for update with ``lock``, re-read from the database with ``fresh``."""
    row = session.get(table, row_id, with_for_update=lock or None, populate_existing=fresh)
    if row is None or row.agency_id != agency_id:
        raise NotFound(f"{field}: no {what} {row_id} in your agency")
    return row
