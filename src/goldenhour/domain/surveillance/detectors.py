"""Three detectors on one case stream, each signal carrying its parameters and its result.

* a fixed count threshold per area in the last 24 hours (how overdose spike alerts are run);
* ESSENCE's EWMA per area on daily counts (``ewma``);
* the space-time permutation scan for where (``scan``), on the areas' centres.

An area is a square cell of a grid (``cell_km`` on a side) in which a case's place falls, so
the map and every signal show cells, never a patient's address.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from goldenhour.domain.surveillance.case_definitions import Case
from goldenhour.domain.surveillance.ewma import ESSENCE, EwmaParameters, ewma_series
from goldenhour.domain.surveillance.scan import (
    ScanCase,
    ScanLocation,
    ScanParameters,
    scan,
)

KM_PER_DEGREE = 6367 * math.pi / 180


@dataclass(frozen=True)
class Area:
    id: str
    lat: float  # the cell's centre
    lon: float
    half_km: float


def area_of(lat: float, lon: float, cell_km: float) -> Area:
    """The grid cell holding a point: rows by latitude, columns by longitude scaled at the
    row's latitude so cells stay near square."""
    row = math.floor(lat * KM_PER_DEGREE / cell_km)
    center_lat = (row + 0.5) * cell_km / KM_PER_DEGREE
    km_per_lon = KM_PER_DEGREE * max(math.cos(math.radians(center_lat)), 1e-6)
    col = math.floor(lon * km_per_lon / cell_km)
    return Area(f"{row}:{col}", center_lat, (col + 0.5) * cell_km / km_per_lon, cell_km / 2)


@dataclass(frozen=True)
class Signal:
    detector: str  # threshold, ewma, scan
    definition: str
    areas: tuple[Area, ...]
    start: datetime
    end: datetime
    observed: int
    expected: float | None
    p: float | None
    level: str  # red, yellow
    parameters: dict[str, object]
    result: dict[str, object]
    cases: tuple[Case, ...] = field(default=())

    @property
    def center(self) -> tuple[float, float]:
        return (
            sum(a.lat for a in self.areas) / len(self.areas),
            sum(a.lon for a in self.areas) / len(self.areas),
        )

    @property
    def radius_km(self) -> float:
        """A circle around the centre that covers every cell of the signal."""
        lat, lon = self.center
        return max(
            math.hypot(
                (a.lat - lat) * KM_PER_DEGREE,
                (a.lon - lon) * KM_PER_DEGREE * math.cos(math.radians(lat)),
            )
            + a.half_km * math.sqrt(2)
            for a in self.areas
        )


def _at(case: Case) -> datetime:
    return datetime.fromisoformat(case.at_iso)


def threshold_signals(
    cases: Sequence[Case],
    as_of: datetime,
    *,
    threshold: int = 3,
    hours: int = 24,
    cell_km: float = 2.0,
) -> list[Signal]:
    """Every area with at least ``threshold`` cases of one definition in the last ``hours``."""
    since = as_of - timedelta(hours=hours)
    groups: dict[tuple[str, str], list[Case]] = defaultdict(list)
    areas: dict[str, Area] = {}
    for case in cases:
        if since < _at(case) <= as_of:
            area = area_of(case.lat, case.lon, cell_km)
            areas[area.id] = area
            groups[(case.definition, area.id)].append(case)
    params: dict[str, object] = {"threshold": threshold, "hours": hours, "cell_km": cell_km}
    return [
        Signal(
            "threshold",
            definition,
            (areas[aid],),
            since,
            as_of,
            len(hits),
            None,
            None,
            "red",
            params,
            {"count": len(hits)},
            tuple(hits),
        )
        for (definition, aid), hits in sorted(groups.items())
        if len(hits) >= threshold
    ]


def ewma_signals(
    cases: Sequence[Case],
    day: date,
    *,
    params: EwmaParameters = ESSENCE,
    cell_km: float = 2.0,
) -> list[Signal]:
    """Red or yellow EWMA of ``day`` in any area (daily counts by UTC day from the baseline's
    start)."""
    first = day - timedelta(days=params.baseline_days + params.guard_days)
    series: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    on_day: dict[tuple[str, str], list[Case]] = defaultdict(list)
    areas: dict[str, Area] = {}
    for case in cases:
        d = _at(case).date()
        if first <= d <= day:
            area = area_of(case.lat, case.lon, cell_km)
            areas[area.id] = area
            series[(case.definition, area.id)][(d - first).days] += 1
            if d == day:
                on_day[(case.definition, area.id)].append(case)
    length = (day - first).days + 1
    signals = []
    for (definition, aid), counts in sorted(series.items()):
        point = ewma_series([counts.get(i, 0) for i in range(length)], params)[-1]
        if point is None or point.level == "none":
            continue
        start = datetime.combine(day, time(), tzinfo=UTC)
        signals.append(
            Signal(
                "ewma",
                definition,
                (areas[aid],),
                start,
                start + timedelta(days=1),
                int(point.observed),
                point.expected,
                point.p,
                point.level,
                {**asdict(params), "cell_km": cell_km},
                asdict(point),
                tuple(on_day[(definition, aid)]),
            )
        )
    return signals


def scan_signals(
    cases: Sequence[Case],
    definition: str,
    params: ScanParameters,
    *,
    cell_km: float = 2.0,
    alpha: float = 0.05,
) -> list[Signal]:
    """Clusters of one definition's cases over the areas, significant at ``alpha``."""
    mine = [c for c in cases if c.definition == definition]
    areas: dict[str, Area] = {}
    by_cell: dict[tuple[str, date], list[Case]] = defaultdict(list)
    for case in mine:
        area = area_of(case.lat, case.lon, cell_km)
        areas[area.id] = area
        by_cell[(area.id, _at(case).date())].append(case)
    if not areas:
        return []
    locations = [ScanLocation(a.id, a.lat, a.lon) for a in areas.values()]
    scan_cases = [ScanCase(aid, d, len(hits)) for (aid, d), hits in by_cell.items()]
    result = scan(locations, scan_cases, params)
    signals = []
    for cluster in result.clusters:
        if cluster.p > alpha:
            continue
        members = set(cluster.locations)
        hits = tuple(
            c
            for (aid, d), group in by_cell.items()
            if aid in members and cluster.start <= d <= cluster.end
            for c in group
        )
        start = datetime.combine(cluster.start, time(), tzinfo=UTC)
        end = datetime.combine(cluster.end + timedelta(days=1), time(), tzinfo=UTC)
        signals.append(
            Signal(
                "scan",
                definition,
                tuple(areas[a] for a in cluster.locations),
                start,
                end,
                cluster.observed,
                cluster.expected,
                cluster.p,
                "red" if cluster.p < 0.01 else "yellow",
                {**_scan_params(params), "cell_km": cell_km, "alpha": alpha},
                cluster.as_dict(),
                hits,
            )
        )
    return signals


def _scan_params(params: ScanParameters) -> dict[str, object]:
    raw = asdict(params)
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in raw.items()}
