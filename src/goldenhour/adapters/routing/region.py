"""A loaded road region: the object dispatch, destination choice and the CLI talk to.

All coordinates are WGS84 ``(lon, lat)``; all times are seconds. A point is placed on the
nearest road position (possibly between two nodes; see :mod:`.snapping`); the straight-line
gap between the point and the road is covered at :data:`OFFROAD_KMH` (a driveway, a car park,
GPS noise), so an ETA is *gap + road time + gap*. From a position in the middle of a road the
ambulance drives on in the road's direction, or back only where the road is two-way.

Points farther than the region's ``max_snap_m`` from any road are refused (single points) or
answer ``inf`` (arrays of origins, so that one unit with a bad GPS fix does not stop a whole
recommendation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from goldenhour.adapters.routing.contraction import ChainContractedEngine
from goldenhour.adapters.routing.graph import FloatArray, RoadGraph, haversine_m
from goldenhour.adapters.routing.road_positions import RoadPositions
from goldenhour.adapters.routing.snapping import (
    DEFAULT_MAX_SNAP_M,
    Snap,
    Snapper,
    Snaps,
    check_lonlat,
)
from goldenhour.adapters.routing.speeds import MODES
from goldenhour.adapters.routing.travel_times import ShortestPathEngine, walk_back
from goldenhour.domain.shared.errors import InvalidInput

LonLat = tuple[float, float]
OFFROAD_KMH = {"emergency": 15.0, "normal": 11.0}
POINTS_KEPT = 4096  # single points whose nearest road is remembered (see Region._nearest)


@dataclass(frozen=True)
class Place:
    """A named point of the region: ``kind`` is ``station``, ``hospital`` or ``place``."""

    kind: str
    id: str
    name: str
    lon: float
    lat: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "lon": self.lon,
            "lat": self.lat,
        }


@dataclass(frozen=True)
class Route:
    seconds: float
    distance_m: float
    path: list[LonLat]
    origin: Snap
    destination: Snap


@dataclass(frozen=True)
class Reachable:
    """Road nodes reachable within a time budget: positions (n, 2) and seconds (n,)."""

    lonlat: FloatArray
    seconds: FloatArray


def _part(fraction: Any, seconds: Any) -> Any:
    """``fraction * seconds`` where no fraction of an arc costs nothing, even a missing arc."""
    fraction = np.asarray(fraction, dtype=np.float64)
    missing = np.isinf(seconds)
    cost = fraction * np.where(missing, 0.0, seconds)
    return np.where(fraction <= 0, 0.0, np.where(missing, math.inf, cost))


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise InvalidInput.for_field("mode", f"{mode!r} is not one of {', '.join(MODES)}")
    return mode


def as_lonlat_array(points: npt.ArrayLike, what: str = "origins") -> FloatArray:
    array = np.asarray(points, dtype=np.float64)
    if array.ndim == 1 and array.shape[0] == 2:
        array = array.reshape(1, 2)
    if array.ndim != 2 or (array.size and array.shape[1] != 2):
        raise InvalidInput.for_field(
            what, f"expected an (n, 2) array of lon, lat, got {array.shape}"
        )
    return array.reshape(-1, 2)


class Region:
    """A road network loaded for queries. Build with :func:`load_region` (cached)."""

    def __init__(
        self,
        name: str,
        graph: RoadGraph,
        header: dict[str, Any] | None = None,
        *,
        engine: ShortestPathEngine | None = None,
        max_snap_m: float = DEFAULT_MAX_SNAP_M,
        file: Path | None = None,
    ) -> None:
        self.name = name
        self.graph = graph
        self.header = header or {}
        self.engine: ShortestPathEngine = engine or ChainContractedEngine(graph)
        self.max_snap_m = max_snap_m
        self.file = file
        self.bbox = graph.bbox
        self.places = tuple(
            Place(**{k: p[k] for k in ("kind", "id", "name", "lon", "lat")})
            for p in self.header.get("places", [])
        )
        self._near: dict[LonLat, Snap] = {}

    def __repr__(self) -> str:
        return f"<Region {self.name!r} nodes={self.graph.node_count} arcs={self.graph.arc_count}>"

    @property
    def stations(self) -> tuple[Place, ...]:
        return tuple(p for p in self.places if p.kind == "station")

    @property
    def hospitals(self) -> tuple[Place, ...]:
        return tuple(p for p in self.places if p.kind == "hospital")

    @property
    def named_places(self) -> tuple[Place, ...]:
        return tuple(p for p in self.places if p.kind == "place")

    def place(self, name_or_id: str) -> Place:
        for p in self.places:
            if name_or_id in (p.id, p.name):
                return p
        raise InvalidInput.for_field("place", f"no place {name_or_id!r} in region {self.name!r}")

    def prepare(self) -> Region:
        """Pay the one-off costs (KD-tree, matrices, chain contraction) now, e.g. at start-up.

        Otherwise the first query pays them: about half a second on a 200,000-node region.
        """
        _ = self.snapper
        self.engine.prepare()
        return self

    @cached_property
    def snapper(self) -> Snapper:
        return Snapper(self.graph, self.max_snap_m)

    def nearest_road(self, lon: float, lat: float) -> tuple[float, float, float]:
        """The nearest road position to a point however far it is: (lon, lat, metres).

        For a call off the network (a marine rescue, a trail): it is routed from there.
        """
        found = self._nearest(lon, lat)
        return found.lon, found.lat, found.distance_m

    def snap(self, lon: float, lat: float, *, what: str = "point") -> Snap:
        """Nearest road position to a point; InvalidInput if too far or the point looks swapped."""
        check_lonlat(lon, lat, what=what)
        found = self._nearest(lon, lat)
        if found.distance_m > self.max_snap_m:
            return self.snapper.snap(lon, lat, what=what)  # raises, saying why
        return found

    def _nearest(self, lon: float, lat: float) -> Snap:
        """The nearest road position to one point, remembered: a call's point is placed
        several times while it is taken (whether it is on a road, then the ETAs to it), and
        the same point always gets the same answer. The memory starts over when full."""
        key = (lon, lat)
        found = self._near.get(key)
        if found is None:
            many = self.snapper.nearest(as_lonlat_array([key], "point"))
            found = Snap(
                int(many.arc[0]),
                float(many.fraction[0]),
                float(many.lon[0]),
                float(many.lat[0]),
                float(many.distance_m[0]),
            )
            if len(self._near) >= POINTS_KEPT:
                self._near.clear()
            self._near[key] = found
        return found

    def _offroad_s(self, gap_m: Any, mode: str) -> Any:
        return np.asarray(gap_m) * 3.6 / OFFROAD_KMH[mode]

    def _legs(self, arc: Any, fraction: Any, mode: str, leaving: bool) -> tuple[Any, Any]:
        """Seconds between road positions and their arc's ends.

        ``leaving``: (to head, to tail), driving on or back (back needs the reverse arc);
        otherwise (from tail, from head), arriving. A zero fraction costs nothing even on a
        one-way arc: the position is then the node itself.
        """
        times = self.graph.times[mode]
        reverse = self.graph.reverse_arcs()[arc]
        forward = times[arc]
        backward = np.where(reverse >= 0, times[np.maximum(reverse, 0)], math.inf)
        f = np.asarray(fraction, dtype=np.float64)
        if leaving:
            return _part(1.0 - f, forward), _part(f, backward)
        return _part(f, forward), _part(1.0 - f, backward)

    def _along(self, start: Any, end: Snap, mode: str) -> Any:
        """Seconds from positions on ``end``'s arc to ``end`` without leaving the arc."""
        times = self.graph.times[mode]
        reverse = int(self.graph.reverse_arcs()[end.arc])
        step = end.fraction - np.asarray(start, dtype=np.float64)
        backward = times[reverse] if reverse >= 0 else math.inf
        return np.where(step >= 0, _part(step, times[end.arc]), _part(-step, backward))

    def snap_many(self, points: npt.ArrayLike, what: str = "points") -> Snaps:
        """Road positions for an (n, 2) array; points too far from any road get an infinite gap.

        Always snaps afresh; :meth:`etas_to` / :meth:`etas_from` go through
        :attr:`road_positions`, which snaps only points they have not seen. A result may be
        passed to them instead of coordinates.
        """
        found = self.snapper.nearest(as_lonlat_array(points, what))
        bad = ~(found.distance_m <= self.max_snap_m)
        found.arc[bad] = 0
        found.distance_m[bad] = np.inf
        return found

    @cached_property
    def road_positions(self) -> RoadPositions:
        """Snaps of points seen before: unit positions repeat from one query to the next."""
        return RoadPositions(self.snap_many)

    def _many(self, points: npt.ArrayLike | Snaps, what: str) -> Snaps:
        if isinstance(points, Snaps):
            return points
        return self.road_positions.lookup(as_lonlat_array(points, what))

    def etas_to(
        self, destination: LonLat, origins: npt.ArrayLike | Snaps, mode: str = "emergency"
    ) -> FloatArray:
        """Seconds from each origin (n, 2) to ``destination``: one search on the reversed graph.

        Origins too far from any road (or not finite) get ``inf``; a bad destination raises.
        ``origins`` may also be the result of :meth:`snap_many`.
        """
        check_mode(mode)
        end = self.snap(*destination, what="destination")
        g = self.graph
        from_tail, from_head = self._legs(end.arc, end.fraction, mode, leaving=False)
        entries = [
            (int(g.tail[end.arc]), float(from_tail)),
            (int(g.head[end.arc]), float(from_head)),
        ]
        starts = self._many(origins, "origins")
        heads, tails = g.head[starts.arc], g.tail[starts.arc]
        times = self.engine.times_to(entries, np.r_[heads, tails], mode)
        to_head, to_tail = self._legs(starts.arc, starts.fraction, mode, leaving=True)
        road = np.minimum(to_head + times[: heads.size], to_tail + times[heads.size :])
        same = starts.arc == end.arc
        if same.any():
            road[same] = np.minimum(road[same], self._along(starts.fraction[same], end, mode))
        gap_s = (starts.distance_m + end.distance_m) * (3.6 / OFFROAD_KMH[mode])
        return np.asarray(road + gap_s)

    def etas_from(
        self, origin: LonLat, destinations: npt.ArrayLike | Snaps, mode: str = "emergency"
    ) -> FloatArray:
        """Seconds from ``origin`` to each destination (n, 2): one forward search."""
        check_mode(mode)
        start = self.snap(*origin, what="origin")
        ends = self._many(destinations, "destinations")
        times = self.engine.times_from(
            self._exits(start, mode),
            np.r_[self.graph.tail[ends.arc], self.graph.head[ends.arc]],
            mode,
        )
        from_tail, from_head = self._legs(ends.arc, ends.fraction, mode, leaving=False)
        k = ends.arc.size
        road = np.minimum(times[:k] + from_tail, times[k:] + from_head)
        for i in np.flatnonzero(ends.arc == start.arc):
            target = Snap(int(ends.arc[i]), float(ends.fraction[i]), 0.0, 0.0, 0.0)
            road[i] = min(road[i], float(self._along(start.fraction, target, mode)))
        return np.asarray(
            road + self._offroad_s(ends.distance_m, mode) + self._offroad_s(start.distance_m, mode)
        )

    def _exits(self, start: Snap, mode: str) -> list[tuple[int, float]]:
        to_head, to_tail = self._legs(start.arc, start.fraction, mode, leaving=True)
        g = self.graph
        return [(int(g.head[start.arc]), float(to_head)), (int(g.tail[start.arc]), float(to_tail))]

    def eta(self, origin: LonLat, destination: LonLat, mode: str = "emergency") -> float:
        return float(self.etas_from(origin, [destination], mode)[0])

    def reachable_within(
        self, origin: LonLat, seconds: float, mode: str = "emergency"
    ) -> Reachable:
        """Road nodes reachable from ``origin`` within ``seconds`` (off-road gap included)."""
        check_mode(mode)
        if not seconds >= 0:
            raise InvalidInput.for_field("seconds", f"must be zero or more, got {seconds}")
        start = self.snap(*origin, what="origin")
        head_start = float(self._offroad_s(start.distance_m, mode))
        budget = max(seconds - head_start, 0.0)
        times = self.engine.times_within(self._exits(start, mode), mode, limit=budget)
        within = np.flatnonzero(times + head_start <= seconds)
        lonlat = np.column_stack([self.graph.lon[within], self.graph.lat[within]])
        return Reachable(lonlat=lonlat, seconds=times[within] + head_start)

    def route(self, origin: LonLat, destination: LonLat, mode: str = "emergency") -> Route:
        """Fastest route: seconds, distance and the polyline from origin to destination."""
        check_mode(mode)
        start = self.snap(*origin, what="origin")
        end = self.snap(*destination, what="destination")
        g = self.graph
        times, predecessors = self.engine.tree_from(self._exits(start, mode), mode)
        from_tail, from_head = self._legs(end.arc, end.fraction, mode, leaving=False)
        options = [
            (float(times[g.tail[end.arc]] + from_tail), int(g.tail[end.arc])),
            (float(times[g.head[end.arc]] + from_head), int(g.head[end.arc])),
        ]
        if start.arc == end.arc:
            options.append((float(self._along(start.fraction, end, mode)), -1))
        road_s, last = min(options)
        gaps = self._offroad_s(start.distance_m, mode) + self._offroad_s(end.distance_m, mode)
        if not math.isfinite(road_s):
            return Route(math.inf, math.inf, [], start, end)
        nodes = [] if last < 0 else walk_back(predecessors, g.node_count, last)
        points = [(float(origin[0]), float(origin[1])), (start.lon, start.lat)]
        points += [(float(g.lon[n]), float(g.lat[n])) for n in nodes]
        points += [(end.lon, end.lat), (float(destination[0]), float(destination[1]))]
        path = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        lon, lat = np.array(path).T
        metres = float(haversine_m(lon[:-1], lat[:-1], lon[1:], lat[1:]).sum())
        return Route(float(road_s + gaps), metres, path, start, end)

    def path(self, origin: LonLat, destination: LonLat, mode: str = "emergency") -> list[LonLat]:
        """The fastest route's polyline as ``[(lon, lat), ...]``; empty when unreachable."""
        return self.route(origin, destination, mode).path

    def info(self) -> dict[str, Any]:
        """The header as plain data (no arrays), e.g. for ``network info --json``."""
        data = dict(self.header)
        data["places"] = [p.as_dict() for p in self.places]
        return data


__all__ = ["Place", "Reachable", "Region", "Route", "check_lonlat", "check_mode"]
