"""A recorded week of calls, played again at any speed, and the stations it implies.

A CAD export says when each call reached the dispatch centre and which station's first-due
area it lies in, but not where the stations are. A station sits amid the calls of its own
area, so each is placed at the median longitude and latitude of those calls (the median, not
the mean: one mis-geocoded call across the bay does not move a station).

At ``speed`` N, the call received S seconds after the first one arrives when S / N real seconds
have passed: ``ReplaySchedule.due`` hands out each call once, in order, as its moment comes.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RecordedCall:
    """One call of the export, as its CAD sent it."""

    received_at: datetime
    external_id: str  # the CAD's incident number
    call_type: str
    address: str
    lon: float | None
    lat: float | None
    station_area: str  # the station whose first-due area the call lies in ("" if none)


@dataclass(frozen=True)
class StationSite:
    name: str
    lon: float
    lat: float
    calls: int  # the calls of its area that placed it


def station_sites(calls: Iterable[RecordedCall]) -> list[StationSite]:
    """One station per station area named by the calls, at the median of its calls' points,
    in the order of the area's number (``Station 1``, ``Station 2``, ..., then named ones)."""
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for call in calls:
        if call.station_area and call.lon is not None and call.lat is not None:
            points[call.station_area].append((call.lon, call.lat))
    sites = [
        StationSite(
            f"Station {area}",
            statistics.median(p[0] for p in found),
            statistics.median(p[1] for p in found),
            len(found),
        )
        for area, found in points.items()
    ]
    return sorted(sites, key=lambda s: _natural(s.name))


def _natural(name: str) -> tuple[int, int, str]:
    number = name.rsplit(" ", 1)[-1]
    return (0, int(number), name) if number.isdigit() else (1, 0, name)


class ReplaySchedule:
    """The calls of a recording, handed out as simulated time reaches each one."""

    def __init__(self, calls: Sequence[RecordedCall]) -> None:
        self.calls = sorted(calls, key=lambda c: (c.received_at, c.external_id))
        first = self.calls[0].received_at if self.calls else None
        self.offsets = [(c.received_at - first).total_seconds() for c in self.calls if first]
        self.taken = 0

    def due(self, elapsed_s: float) -> list[RecordedCall]:
        """The calls received up to ``elapsed_s`` simulated seconds after the first one, not
        handed out before."""
        start = self.taken
        while self.taken < len(self.calls) and self.offsets[self.taken] <= elapsed_s:
            self.taken += 1
        return self.calls[start : self.taken]

    @property
    def finished(self) -> bool:
        return self.taken == len(self.calls)

    @property
    def span_s(self) -> float:
        """Simulated seconds from the first call to the last."""
        return self.offsets[-1] if self.offsets else 0.0
