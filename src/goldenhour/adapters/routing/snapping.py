"""From a WGS84 point to the nearest position on a road.

Roads are projected once onto a local equirectangular plane (metres, centred on the region);
at county scale the projection's error is far below GPS error. Points sampled every
:data:`SAMPLE_M` along every road go into a ``scipy.spatial.cKDTree``; the roads of a point's
nearest few samples are candidates, and the point is dropped perpendicularly onto the closest
one (``bench/routing.py`` checks this against a brute-force scan of every road). A
:class:`Snap` is that arc, the fraction along it and the off-road distance. Positions within
:data:`AT_NODE_M` of an arc's end count as that node, so a point on a junction may leave by
any of its roads.

A point farther than ``max_snap_m`` from any road is refused rather than silently routed from
the wrong street, and a point that would fall inside the region with its coordinates swapped
gets that hint, because latitude-first is the commonest mistake in hand-typed coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from goldenhour.adapters.routing.graph import EARTH_RADIUS_M, FloatArray, RoadGraph, haversine_m
from goldenhour.domain.shared.errors import InvalidInput

DEFAULT_MAX_SNAP_M = 1_000.0
AT_NODE_M = 0.5
SAMPLE_M = 25.0
CANDIDATES = 4
TIE_M2 = 1e-6


@dataclass(frozen=True)
class Snap:
    """A point placed on the road: arc ``tail -> head``, ``fraction`` along it, the gap."""

    arc: int
    fraction: float
    lon: float
    lat: float
    distance_m: float


@dataclass(frozen=True)
class Snaps:
    """Many points placed at once; rows that could not be placed have ``arc == -1``."""

    arc: npt.NDArray[np.int64]
    fraction: FloatArray
    lon: FloatArray
    lat: FloatArray
    distance_m: FloatArray


class Snapper:
    def __init__(self, graph: RoadGraph, max_snap_m: float = DEFAULT_MAX_SNAP_M) -> None:
        self.graph = graph
        self.max_snap_m = max_snap_m
        self.bbox = graph.bbox
        self._lon0 = (self.bbox[0] + self.bbox[2]) / 2
        self._lat0 = (self.bbox[1] + self.bbox[3]) / 2
        self._kx = EARTH_RADIUS_M * np.cos(np.radians(self._lat0)) * np.pi / 180
        self._ky = EARTH_RADIUS_M * np.pi / 180
        xy = self._project(graph.lon, graph.lat)
        # One arc of each two-way pair stands for both (same geometry; positions comparable).
        reverse = graph.reverse_arcs()
        arcs = np.flatnonzero((reverse < 0) | (reverse > np.arange(graph.arc_count)))
        a, b = xy[graph.tail], xy[graph.head]
        self._ax, self._ay = a[:, 0], a[:, 1]
        self._dx, self._dy = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
        span = self._dx**2 + self._dy**2
        self._length = np.sqrt(span)
        self._inv_span = np.where(span > 0, 1.0 / np.where(span > 0, span, 1.0), 0.0)
        # Sample points every SAMPLE_M along each road: a KD-tree over them finds long roads
        # that pass close by even when their end nodes are far away.
        pieces = np.maximum(1, np.ceil(self._length[arcs] / SAMPLE_M)).astype(np.int64)
        self._sample_arc = np.repeat(arcs, pieces)
        first = np.repeat(np.cumsum(pieces) - pieces, pieces)
        at = (np.arange(pieces.sum()) - first + 0.5) / np.repeat(pieces, pieces)
        sample = a[self._sample_arc] + at[:, None] * (b - a)[self._sample_arc]
        self._tree = cKDTree(sample)
        # ... and the roads of the nearest node, which a dense tangle of samples can hide.
        self._nodes = cKDTree(xy)
        self._incident = _incident_arcs(graph, arcs)

    def _project(self, lon: npt.ArrayLike, lat: npt.ArrayLike) -> FloatArray:
        x = (np.asarray(lon, dtype=np.float64) - self._lon0) * self._kx
        y = (np.asarray(lat, dtype=np.float64) - self._lat0) * self._ky
        return np.column_stack([x, y])

    def nearest(self, lonlat: npt.ArrayLike) -> Snaps:
        """Nearest road position for each row of an (n, 2) lon/lat array; no checks."""
        points = np.asarray(lonlat, dtype=np.float64).reshape(-1, 2)
        count = points.shape[0]
        ok = np.isfinite(points).all(axis=1)
        arc = np.full(count, -1, dtype=np.int64)
        fraction, lon, lat = np.zeros(count), np.full(count, np.nan), np.full(count, np.nan)
        gap = np.full(count, np.inf)
        if ok.any():
            p = self._project(points[ok, 0], points[ok, 1])
            k = min(CANDIDATES, self._sample_arc.size)
            _, near = self._tree.query(p, k=k)
            _, node = self._nodes.query(p, k=1)
            c = np.concatenate(
                [self._sample_arc[np.asarray(near).reshape(len(p), k)], self._incident[node]],
                axis=1,
            )
            px, py = p[:, :1] - self._ax[c], p[:, 1:] - self._ay[c]
            dx, dy = self._dx[c], self._dy[c]
            t = np.clip((px * dx + py * dy) * self._inv_span[c], 0.0, 1.0)
            ex, ey = px - t * dx, py - t * dy
            along = t * self._length[c]
            at_end = (along < AT_NODE_M) | (self._length[c] - along < AT_NODE_M)
            # Where roads cross without a junction (bridges), a point on one road's node is
            # also on the other road: ties go to the node.
            best = np.argmin(ex * ex + ey * ey - TIE_M2 * at_end, axis=1)
            rows = np.arange(len(p))
            canonical, t_best = c[rows, best], t[rows, best]
            length = self._length[canonical]
            to_tail, to_head = t_best * length, (1 - t_best) * length
            at_tail = (to_tail < AT_NODE_M) & (to_tail <= to_head)
            t_best = np.where(at_tail, 0.0, np.where(to_head < AT_NODE_M, 1.0, t_best))
            g = self.graph
            tail, head = g.tail[canonical], g.head[canonical]
            arc[ok], fraction[ok] = canonical, t_best
            lon[ok] = g.lon[tail] + t_best * (g.lon[head] - g.lon[tail])
            lat[ok] = g.lat[tail] + t_best * (g.lat[head] - g.lat[tail])
            gap[ok] = haversine_m(points[ok, 0], points[ok, 1], lon[ok], lat[ok])
        return Snaps(arc, fraction, lon, lat, gap)

    def snap(self, lon: float, lat: float, *, what: str = "point") -> Snap:
        """Snap one point, or raise InvalidInput with a one-line reason naming ``what``."""
        check_lonlat(lon, lat, what=what)
        found = self.nearest([[lon, lat]])
        gap = float(found.distance_m[0])
        if gap > self.max_snap_m:
            if self._swapped_fits(lon, lat):
                raise InvalidInput.for_field(
                    what,
                    f"({lon}, {lat}) is outside the region but ({lat}, {lon}) is inside: "
                    "longitude and latitude look swapped (give LON,LAT)",
                )
            raise InvalidInput.for_field(
                what,
                f"({lon}, {lat}) is {_km(gap)} from the nearest road "
                f"(limit {_km(self.max_snap_m)}); region bbox is {_bbox(self.bbox)}",
            )
        return Snap(
            int(found.arc[0]),
            float(found.fraction[0]),
            float(found.lon[0]),
            float(found.lat[0]),
            gap,
        )

    def _swapped_fits(self, lon: float, lat: float) -> bool:
        if not (-90 <= lon <= 90):
            return False
        return bool(self.nearest([[lat, lon]]).distance_m[0] <= self.max_snap_m)


def _incident_arcs(graph: RoadGraph, arcs: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
    """(nodes, max degree) table of the given arcs touching each node, padded by repeating."""
    n = graph.node_count
    nodes = np.r_[graph.tail[arcs], graph.head[arcs]].astype(np.int64)
    both = np.r_[arcs, arcs]
    order = np.argsort(nodes, kind="stable")
    nodes, both = nodes[order], both[order]
    counts = np.bincount(nodes, minlength=n)
    slot = np.arange(nodes.size) - np.repeat(np.cumsum(counts) - counts, counts)
    table = np.full((n, max(int(counts.max()), 1)), -1, dtype=np.int64)
    table[nodes, slot] = both
    # Pad with the row's first arc (every node has one): a duplicate candidate is harmless.
    return np.where(table >= 0, table, table[:, :1])


def check_lonlat(lon: float, lat: float, *, what: str = "point") -> None:
    if not (np.isfinite(lon) and np.isfinite(lat)):
        raise InvalidInput.for_field(what, f"({lon}, {lat}) is not a finite longitude, latitude")
    if not -90 <= lat <= 90:
        hint = " (longitude and latitude swapped? give LON,LAT)" if -90 <= lon <= 90 else ""
        raise InvalidInput.for_field(what, f"latitude {lat} is outside [-90, 90]{hint}")
    if not -180 <= lon <= 180:
        raise InvalidInput.for_field(what, f"longitude {lon} is outside [-180, 180]")


def _km(metres: float) -> str:
    return f"{metres / 1000:.1f} km" if metres >= 1000 else f"{metres:.0f} m"


def _bbox(bbox: tuple[float, float, float, float]) -> str:
    return "({:.4f}, {:.4f})-({:.4f}, {:.4f})".format(*bbox)
