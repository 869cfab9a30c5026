"""The road graph as plain arrays, and the one clean-up every importer goes through.

A :class:`RoadGraph` is nodes (WGS84 lon/lat) and directed arcs with one travel time in seconds
per mode; ``inf`` marks an arc a mode may not use. Arrays rather than objects because a county
has hundreds of thousands of nodes and everything downstream (KD-tree, sparse matrices, ``.npz``)
wants arrays.

:func:`finalize` makes every importer's output obey the same invariants, so the engine never
meets a surprise: no self-loops, one arc per (tail, head) carrying the fastest time per mode,
and only the largest strongly connected component, so that every snapped point can reach, and
be reached from, every other (an island of a few nodes cut off by the extract's edge would
otherwise swallow a snap and answer "unreachable").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components

from goldenhour.adapters.routing.speeds import MODES
from goldenhour.domain.shared.errors import InvalidInput

EARTH_RADIUS_M = 6_371_008.8

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class RoadGraph:
    lon: FloatArray
    lat: FloatArray
    tail: npt.NDArray[np.int32]
    head: npt.NDArray[np.int32]
    length_m: FloatArray
    times: dict[str, FloatArray]
    source_id: IntArray
    dropped_nodes: int = 0
    _cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def node_count(self) -> int:
        return int(self.lon.shape[0])

    @property
    def arc_count(self) -> int:
        return int(self.tail.shape[0])

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat)."""
        return (
            float(self.lon.min()),
            float(self.lat.min()),
            float(self.lon.max()),
            float(self.lat.max()),
        )

    def csr(self, mode: str, reverse: bool = False) -> csr_array:
        """Sparse adjacency in seconds for one mode; ``reverse`` swaps every arc's direction.

        Built once and kept: a search on the reversed graph from a destination gives every
        origin's time *to* it in one pass.
        """
        key = ("csr", mode, reverse)
        if key not in self._cache:
            rows, cols = (self.head, self.tail) if reverse else (self.tail, self.head)
            self._cache[key] = adjacency(rows, cols, self.times[mode], self.node_count)
        matrix: csr_array = self._cache[key]
        return matrix

    def reverse_arcs(self) -> npt.NDArray[np.int64]:
        """For each arc ``t -> h`` the index of the arc ``h -> t``, or -1 (one-way)."""
        if "reverse" not in self._cache:
            n = self.node_count
            key = self.tail.astype(np.int64) * n + self.head
            order = np.argsort(key)
            wanted = self.head.astype(np.int64) * n + self.tail
            found = np.searchsorted(key[order], wanted).clip(max=max(key.size - 1, 0))
            hit = key[order][found] == wanted
            self._cache["reverse"] = np.where(hit, order[found], -1)
        reverse: npt.NDArray[np.int64] = self._cache["reverse"]
        return reverse


def adjacency(
    rows: npt.ArrayLike, cols: npt.ArrayLike, data: npt.ArrayLike, n: int, spare: int = 0
) -> csr_array:
    """CSR matrix of arcs, parallel arcs reduced to the fastest, ``inf`` arcs and loops dropped.

    Built by hand because scipy would *sum* duplicates, and because explicit zero-second arcs
    must stay arcs. With ``spare`` > 0 the matrix gets one more row and column: a virtual node
    whose row has ``spare`` slots that a query rewrites to start a search from a road position
    between two nodes (see :class:`~goldenhour.adapters.routing.travel_times.EntryRow`).
    """
    r = np.asarray(rows, dtype=np.int64)
    c = np.asarray(cols, dtype=np.int64)
    d = np.asarray(data, dtype=np.float64)
    keep = np.isfinite(d) & (r != c)
    r, c, d = r[keep], c[keep], d[keep]
    key = r * n + c
    order = np.argsort(key, kind="stable")
    key, d = key[order], d[order]
    if key.size:
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        r, c, d = key[starts] // n, key[starts] % n, np.minimum.reduceat(d, starts)
    size = n + 1 if spare else n
    indptr = np.zeros(size + 1, dtype=np.int32)
    np.cumsum(np.bincount(r, minlength=n), out=indptr[1 : n + 1])
    indptr[n:] = indptr[n]
    indptr[-1] += spare
    return csr_array(
        (np.r_[d, np.zeros(spare)], np.r_[c, np.zeros(spare, np.int64)].astype(np.int32), indptr),
        shape=(size, size),
    )


def haversine_m(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> FloatArray:
    """Great-circle distance in metres (vectorised)."""
    lon1, lat1, lon2, lat2 = (
        np.radians(np.asarray(v, dtype=np.float64)) for v in (lon1, lat1, lon2, lat2)
    )
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0))))


def finalize(
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    tail: npt.ArrayLike,
    head: npt.ArrayLike,
    length_m: npt.ArrayLike,
    times: dict[str, npt.ArrayLike],
    source_id: npt.ArrayLike | None = None,
    *,
    what: str = "road network",
) -> RoadGraph:
    """Clean raw arrays into a :class:`RoadGraph` (see the module docstring for the rules)."""
    lon_a = np.asarray(lon, dtype=np.float64)
    lat_a = np.asarray(lat, dtype=np.float64)
    n = lon_a.shape[0]
    t = np.asarray(tail, dtype=np.int64)
    h = np.asarray(head, dtype=np.int64)
    length = np.asarray(length_m, dtype=np.float64)
    mode_times = {m: np.asarray(times[m], dtype=np.float64) for m in MODES}
    ids = np.arange(n, dtype=np.int64) if source_id is None else np.asarray(source_id, np.int64)
    if n and not (np.isfinite(lon_a).all() and np.isfinite(lat_a).all()):
        raise InvalidInput(f"{what}: a node has no valid coordinates")
    for m, values in mode_times.items():
        if (values < 0).any() or np.isnan(values).any():
            raise InvalidInput(f"{what}: negative or missing {m} travel time on an arc")

    usable = t != h
    usable &= np.logical_or.reduce([np.isfinite(v) for v in mode_times.values()])
    t, h, length = t[usable], h[usable], length[usable]
    mode_times = {m: v[usable] for m, v in mode_times.items()}
    if t.size == 0:
        raise InvalidInput(f"{what}: no drivable roads found")

    # One arc per (tail, head): the fastest time in each mode, the shortest length.
    key = t * n + h
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    t, h = t[order][starts], h[order][starts]
    length = np.minimum.reduceat(length[order], starts)
    mode_times = {m: np.minimum.reduceat(v[order], starts) for m, v in mode_times.items()}

    # Keep the largest strongly connected component.
    adjacency = csr_array((np.ones(t.size), (t, h)), shape=(n, n))
    _, labels = connected_components(adjacency, directed=True, connection="strong")
    in_arcs = np.zeros(n, dtype=bool)
    in_arcs[t] = True
    in_arcs[h] = True
    sizes = np.bincount(labels[in_arcs])
    keep = labels == int(np.argmax(sizes))
    new_index = np.cumsum(keep) - 1
    arc_keep = keep[t] & keep[h]
    return RoadGraph(
        lon=lon_a[keep],
        lat=lat_a[keep],
        tail=new_index[t[arc_keep]].astype(np.int32),
        head=new_index[h[arc_keep]].astype(np.int32),
        length_m=length[arc_keep],
        times={m: v[arc_keep] for m, v in mode_times.items()},
        source_id=ids[keep],
        dropped_nodes=int(in_arcs.sum() - keep.sum()),
    )
