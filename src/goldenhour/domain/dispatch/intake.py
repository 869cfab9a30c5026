"""Intake: every call a dispatcher sends is taken; what is uncertain about it is flagged.

A 911 call is never refused for where or what it is (NENA and every CAD's first rule: the
call exists, whatever we do not know yet). The call-taker's words are kept verbatim; what
the system could not establish becomes a flag the board shows beside the call:

==========================  ==========================================================
flag                        when
==========================  ==========================================================
``location_unverified``     no coordinates, and the address was not found on the map
``location_from_address``   the point was found from the typed address (with confidence)
``off_road``                the point is farther than the snap distance from any road:
                            kept as given, routed from the nearest road (distance shown)
``no_road_eta``             the point is outside the region: kept, no road ETA
``reason_unknown``          no dispatch reason yet: taken as Unknown Problem, triage it
``call_type_unmapped``      the CAD's call type is not in the agency's table
``type_of_service_unknown`` not a NEMSIS type of service: taken as Emergency Response
``answers_set_aside``       answers that could not be used (kept on the call, unused)
``clock_ahead``             the PSAP time was ahead of our clock: taken as now, noted
``level_raised``            the call-taker raised the level of care, with a reason
``possible_duplicate``      an open call within 100 m and a few minutes: "of #N"
==========================  ==========================================================
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from goldenhour.domain.addresses.geometry import EARTH_RADIUS_M, distance_m


class CallFlag(StrEnum):
    LOCATION_UNVERIFIED = "location_unverified"
    LOCATION_FROM_ADDRESS = "location_from_address"
    OFF_ROAD = "off_road"
    NO_ROAD_ETA = "no_road_eta"
    REASON_UNKNOWN = "reason_unknown"
    CALL_TYPE_UNMAPPED = "call_type_unmapped"
    TYPE_OF_SERVICE_UNKNOWN = "type_of_service_unknown"
    ANSWERS_SET_ASIDE = "answers_set_aside"
    CLOCK_AHEAD = "clock_ahead"
    LEVEL_RAISED = "level_raised"
    POSSIBLE_DUPLICATE = "possible_duplicate"


@dataclass(frozen=True)
class Flag:
    flag: CallFlag
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"flag": self.flag.value, "detail": self.detail}


UNKNOWN_PROBLEM = "2301079"  # eDispatch.01 Unknown Problem/Person Down
DEFAULT_SKEW_S = 60.0
DUPLICATE_WITHIN_M = 100.0
DUPLICATE_WITHIN = timedelta(minutes=5)
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180  # along a meridian


def psap_time(
    received: datetime | None, now: datetime, skew_s: float
) -> tuple[datetime, Flag | None]:
    """The call's PSAP time: as sent when in the past; a time ahead of our clock (PSAP clock
    drift) is taken as now and noted, whether within the allowed skew or beyond it."""
    if received is None:
        return now, None
    ahead = (received - now).total_seconds()
    if ahead <= 0:
        return received, None
    beyond = (
        "" if ahead <= skew_s else f", more than the {skew_s:g} s allowed: check the PSAP clock"
    )
    return now, Flag(
        CallFlag.CLOCK_AHEAD,
        f"received_at {received.isoformat()} was {ahead:.1f} s ahead of our clock{beyond}; "
        "taken as now",
    )


def duplicate_area(lon: float, lat: float) -> tuple[float, float, float, float]:
    """The box (west, south, east, north) in degrees that holds every point within
    ``DUPLICATE_WITHIN_M`` of the call: the only calls worth reading to look for a duplicate.
    A tenth wider than the circle, so no candidate at the edge is left out by rounding."""
    reach = DUPLICATE_WITHIN_M * 1.1 / METRES_PER_DEGREE
    wide = reach / max(math.cos(math.radians(lat)), 0.01)  # meridians close in towards a pole
    return lon - wide, lat - reach, lon + wide, lat + reach


@dataclass(frozen=True)
class OpenCall:
    incident_id: int
    lon: float | None
    lat: float | None
    received_at: datetime


def possible_duplicate(
    lon: float | None, lat: float | None, received: datetime, open_calls: list[OpenCall]
) -> tuple[Flag, int] | None:
    """The nearest open call within 100 m received within 5 minutes of this one, if any.

    Never merged: two callers at one crash are one incident, two patients in one building are
    two; the dispatcher decides.
    """
    if lon is None or lat is None:
        return None
    best: tuple[float, OpenCall] | None = None
    for other in open_calls:
        if other.lon is None or other.lat is None:
            continue
        if abs(other.received_at - received) > DUPLICATE_WITHIN:
            continue
        d = distance_m((lon, lat), (other.lon, other.lat))
        if d <= DUPLICATE_WITHIN_M and (best is None or d < best[0]):
            best = (d, other)
    if best is None:
        return None
    d, other = best
    minutes = abs(other.received_at - received).total_seconds() / 60
    detail = f"possible duplicate of #{other.incident_id}: {d:.0f} m and {minutes:.1f} min apart"
    return Flag(CallFlag.POSSIBLE_DUPLICATE, detail), other.incident_id
