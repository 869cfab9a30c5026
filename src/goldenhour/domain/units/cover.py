"""Moving a unit up to cover an empty station: which units may go, and where.

A move-up posts a free unit at another station for a while, so the area whose ambulances are
all out is not left uncovered. Only a unit free for calls (available, or returning from one)
can be moved: a unit on a call is the call's. Posting a unit at its own station ends the
move-up. The station must be one the region knows, so the board can draw and count it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from goldenhour.domain.shared.errors import Conflict, InvalidInput
from goldenhour.domain.units.timeline import UnitStatus

MOVABLE = frozenset({UnitStatus.AVAILABLE, UnitStatus.RETURNING})


@dataclass(frozen=True)
class Post:
    """Where the unit will be posted: ``station`` None means back at its own."""

    station: str | None


def post_for(
    call_sign: str,
    status: UnitStatus,
    home: str | None,
    station: str | None,
    known_stations: Collection[str],
) -> Post:
    """The unit's new post, or why it cannot move (409 for its state, 422 for the station)."""
    if station is not None and station not in known_stations:
        raise InvalidInput.for_field("station", f"{station!r} is not a station of this region")
    if status not in MOVABLE:
        raise Conflict(
            f"unit_id: {call_sign} is {status.value.replace('_', ' ')}; only an available or "
            "returning unit can be moved up"
        )
    return Post(None if station == home else station)


def uncovered(
    stations: Collection[str], covering: Collection[tuple[str | None, str | None, UnitStatus]]
) -> list[str]:
    """Stations with no free unit at them, in the given order.

    ``covering`` holds each unit's (home station, posted station, status); a unit counts at
    its post when it has one, else at home, and only while it is free (available).
    """
    covered = {
        post if post is not None else home
        for home, post, status in covering
        if status is UnitStatus.AVAILABLE
    }
    return [s for s in stations if s not in covered]
