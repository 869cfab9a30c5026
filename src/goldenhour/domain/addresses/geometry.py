"""Small plane geometry on WGS84 points, enough for a city: metres on a local tangent plane."""

from __future__ import annotations

import math
from collections.abc import Sequence

LonLat = tuple[float, float]
EARTH_RADIUS_M = 6_371_008.8


def distance_m(a: LonLat, b: LonLat) -> float:
    """Great-circle distance (haversine) in metres."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


class Plane:
    """An equirectangular projection around ``origin``: (lon, lat) <-> metres (x east, y north)."""

    def __init__(self, origin: LonLat) -> None:
        self.origin = origin
        self.kx = EARTH_RADIUS_M * math.cos(math.radians(origin[1])) * math.pi / 180
        self.ky = EARTH_RADIUS_M * math.pi / 180

    def xy(self, p: LonLat) -> tuple[float, float]:
        return (p[0] - self.origin[0]) * self.kx, (p[1] - self.origin[1]) * self.ky

    def lonlat(self, x: float, y: float) -> LonLat:
        return self.origin[0] + x / self.kx, self.origin[1] + y / self.ky


def centroid(points: Sequence[LonLat]) -> LonLat:
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


def along(points: Sequence[LonLat], fraction: float) -> LonLat:
    """The point ``fraction`` (0..1) of the way along a polyline, by length."""
    if len(points) == 1:
        return points[0]
    legs = [distance_m(a, b) for a, b in zip(points, points[1:], strict=False)]
    target = max(0.0, min(1.0, fraction)) * sum(legs)
    for (a, b), leg in zip(zip(points, points[1:], strict=False), legs, strict=True):
        if target <= leg and leg > 0:
            f = target / leg
            return a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])
        target -= leg
    return points[-1]


def nearest_on_segment(p: LonLat, a: LonLat, b: LonLat) -> tuple[LonLat, float, float]:
    """The point of segment ab nearest ``p``, its fraction along ab, and the distance (m)."""
    plane = Plane(a)
    px, py = plane.xy(p)
    bx, by = plane.xy(b)
    length2 = bx * bx + by * by
    f = 0.0 if length2 == 0 else max(0.0, min(1.0, (px * bx + py * by) / length2))
    point = plane.lonlat(f * bx, f * by)
    return point, f, math.hypot(px - f * bx, py - f * by)
