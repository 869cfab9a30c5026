"""An in-memory ``TravelTimes`` (the services' port) for fast tests.

Straight-line distance times a detour factor at a fixed speed: no files, no graph, fully
predictable. Use it in service and dispatch tests; the real :class:`Region` is tested against
networkx in this package's own suites.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from goldenhour.adapters.routing.graph import FloatArray, haversine_m
from goldenhour.adapters.routing.region import LonLat, as_lonlat_array, check_mode


class StraightLineTravelTimes:
    def __init__(
        self,
        bbox: tuple[float, float, float, float] = (-180.0, -90.0, 180.0, 90.0),
        kmh: dict[str, float] | None = None,
        detour: float = 1.3,
    ) -> None:
        self.bbox = bbox
        self.kmh = kmh or {"emergency": 60.0, "normal": 45.0}
        self.detour = detour

    def _seconds(self, a: LonLat, points: npt.ArrayLike, mode: str) -> FloatArray:
        check_mode(mode)
        p = as_lonlat_array(points)
        metres = haversine_m(a[0], a[1], p[:, 0], p[:, 1]) * self.detour
        return np.asarray(metres * 3.6 / self.kmh[mode])

    def etas_to(
        self, destination: LonLat, origins: npt.ArrayLike, mode: str = "emergency"
    ) -> FloatArray:
        return self._seconds(destination, origins, mode)

    def etas_from(
        self, origin: LonLat, destinations: npt.ArrayLike, mode: str = "emergency"
    ) -> FloatArray:
        return self._seconds(origin, destinations, mode)
