"""Road positions remembered per point, so a unit that has not moved is not snapped again.

Dispatch asks "how long from each available unit to this incident" for every call and every
re-triage, and between two position reports a unit's coordinates do not change: snapping 300
unit positions costs more than the road search itself on a city network (``bench/routing.py``
shows both). Snapping is deterministic, so a remembered position gives exactly the answer a
fresh snap would. The memory is bounded: when it is full it starts over, which only costs
the snaps of the next query.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from goldenhour.adapters.routing.graph import FloatArray
from goldenhour.adapters.routing.snapping import Snaps

DEFAULT_CAPACITY = 65_536
_FIELDS = ("arc", "fraction", "lon", "lat", "distance_m")


class RoadPositions:
    """Snaps of exact ``(lon, lat)`` points seen before, filled by ``snap`` on a miss."""

    def __init__(
        self, snap: Callable[[FloatArray], Snaps], capacity: int = DEFAULT_CAPACITY
    ) -> None:
        self._snap = snap
        self._capacity = capacity
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self._slot: dict[complex, int] = {}
        self._used = 0
        self._arrays: dict[str, np.ndarray] = {
            name: np.zeros(self._capacity, np.int64 if name == "arc" else np.float64)
            for name in _FIELDS
        }

    def __len__(self) -> int:
        return len(self._slot)

    def lookup(self, points: FloatArray) -> Snaps:
        """Road positions for an (n, 2) array of lon/lat rows (non-finite rows included)."""
        points = np.ascontiguousarray(points, dtype=np.float64).reshape(-1, 2)
        keys = points.view(np.complex128).ravel().tolist()
        with self._lock:
            slots = np.fromiter((self._slot.get(k, -1) for k in keys), np.int64, len(keys))
            missing = np.flatnonzero(slots < 0)
            if self._used + missing.size > self._capacity:
                self._clear()
                missing = np.arange(len(keys))
            if missing.size:
                found = self._snap(points[missing])
                self._remember(keys, points, missing, found)
            arrays: dict[str, Any] = {
                name: values[np.maximum(slots, 0)] for name, values in self._arrays.items()
            }
        if missing.size:  # rows snapped now come straight from the snap, kept or not
            for name in _FIELDS:
                arrays[name][missing] = getattr(found, name)
        return Snaps(**arrays)

    def _remember(
        self, keys: list[complex], points: FloatArray, missing: np.ndarray, found: Snaps
    ) -> None:
        """Keep each distinct finite point of ``missing`` while there is room."""
        finite = np.isfinite(points[missing]).all(axis=1).tolist()
        kept: list[int] = []
        for i, row in enumerate(missing.tolist()):
            room = self._used < self._capacity
            if room and finite[i] and keys[row] not in self._slot:
                self._slot[keys[row]] = self._used
                self._used += 1
                kept.append(i)
        if kept:
            new = np.arange(self._used - len(kept), self._used)
            for name in _FIELDS:
                self._arrays[name][new] = getattr(found, name)[kept]
