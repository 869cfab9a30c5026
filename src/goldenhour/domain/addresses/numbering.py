"""Where a house number lies on a street whose houses are not mapped.

US numbering gives each block between two cross streets a new hundred: the "300 Block of
MAIN ST" is the stretch of Main Street between the third and fourth cross streets from
where numbering starts. So without house numbers a street is laid out on its main axis, its
cross streets (nodes shared with other named streets, one per meeting place) become block
boundaries, except alleys, courts, places and the like, which do not begin a new hundred,
and numbers count up from its *zero end*: the end where mapped house numbers on it are
lowest, or else the end nearer the region's numbering origin. Every point found this way is
approximate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from goldenhour.domain.addresses.gazetteer import Gazetteer
from goldenhour.domain.addresses.geometry import LonLat, Plane, centroid

SAME_BOUNDARY_M = 30.0  # cross streets closer than this along the street bound one block
BLOCK = 100


@dataclass(frozen=True)
class StreetAxis:
    """A street flattened onto its main axis: ``t`` in metres from its zero end."""

    plane: Plane
    direction: tuple[float, float]
    start: float
    sign: float
    boundaries: tuple[float, ...]  # block boundaries, ``t`` ascending, first is 0
    length: float
    segments: tuple[tuple[LonLat, LonLat, float, float], ...]  # (a, b, t_a, t_b)

    def t(self, point: LonLat) -> float:
        x, y = self.plane.xy(point)
        return self.sign * (x * self.direction[0] + y * self.direction[1]) - self.start

    def point_at(self, t: float) -> LonLat:
        """The street's point at ``t``: on the segment spanning it, else its nearest end."""
        best: tuple[float, LonLat] | None = None
        for a, b, ta, tb in self.segments:
            low, high = min(ta, tb), max(ta, tb)
            if low <= t <= high and high > low:
                f = (t - ta) / (tb - ta)
                return a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])
            for end, te in ((a, ta), (b, tb)):
                gap = abs(te - t)
                if best is None or gap < best[0]:
                    best = (gap, end)
        assert best is not None
        return best[1]

    def block_span(self, number: int) -> tuple[float, float, bool]:
        """Start and end ``t`` of the block holding ``number``; False when past the last one."""
        k = number // BLOCK
        bounds = self.boundaries
        if k + 1 < len(bounds):
            return bounds[k], bounds[k + 1], True
        return bounds[-2], bounds[-1], False


def axis(gazetteer: Gazetteer, key: str) -> StreetAxis:
    """Lay out mapped street ``key`` along its main axis with its block boundaries."""
    streets = gazetteer.street_keys[key]
    points = [p for s in streets for p in s.points]
    plane = Plane(centroid(points))
    xy = [plane.xy(p) for p in points]
    sxx = sum(x * x for x, _ in xy)
    syy = sum(y * y for _, y in xy)
    sxy = sum(x * y for x, y in xy)
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)
    direction = (math.cos(angle), math.sin(angle))
    raw = [x * direction[0] + y * direction[1] for x, y in xy]
    sign = _numbering_sign(gazetteer, key, plane, direction, raw)
    ts = [sign * r for r in raw]
    start, length = min(ts), max(ts) - min(ts)
    crossings = sorted(
        sign * _project(plane, direction, gazetteer.node_position[n]) - start
        for s in streets
        for n in s.nodes
        if any(gazetteer.begins_block(k) for k in gazetteer.node_keys.get(n, ()) if k != key)
    )
    boundaries = [0.0]
    for c in crossings:
        if c - boundaries[-1] > SAME_BOUNDARY_M:
            boundaries.append(c)
    if length - boundaries[-1] > SAME_BOUNDARY_M or len(boundaries) == 1:
        boundaries.append(max(length, boundaries[-1] + 1.0))
    segments = tuple(
        (
            a,
            b,
            sign * _project(plane, direction, a) - start,
            sign * _project(plane, direction, b) - start,
        )
        for s in streets
        for a, b in zip(s.points, s.points[1:], strict=False)
    ) or tuple((p, p, 0.0, 0.0) for s in streets for p in s.points[:1])
    return StreetAxis(plane, direction, start, sign, tuple(boundaries), length, segments)


def _project(plane: Plane, direction: tuple[float, float], point: LonLat) -> float:
    x, y = plane.xy(point)
    return x * direction[0] + y * direction[1]


def _numbering_sign(
    gazetteer: Gazetteer,
    key: str,
    plane: Plane,
    direction: tuple[float, float],
    raw: list[float],
) -> float:
    """+1 when numbers grow along ``direction``, -1 when against it."""
    anchors = gazetteer.addresses_by_street.get(key, [])
    if len(anchors) >= 2:
        ts = [_project(plane, direction, (a.lon, a.lat)) for a in anchors]
        mean_t = sum(ts) / len(ts)
        mean_n = sum(a.number for a in anchors) / len(anchors)
        slope = sum((t - mean_t) * (a.number - mean_n) for t, a in zip(ts, anchors, strict=True))
        if slope:
            return 1.0 if slope > 0 else -1.0
    origin = _project(plane, direction, gazetteer.numbering_origin)
    return 1.0 if abs(min(raw) - origin) <= abs(max(raw) - origin) else -1.0
