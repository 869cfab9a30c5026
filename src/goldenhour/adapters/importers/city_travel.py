"""Travel tables for a simulated city: from its road network, or straight lines without one.

With roads (a JEMSS ``roads.zip`` read by the routing adapter), the places calls come from are
the road nodes that every station and hospital can reach and be reached from; stations and
hospitals stand on their nearest node; one Dijkstra per anchor and direction gives the tables
(:class:`~goldenhour.domain.planning.simulation.model.Travel`). A node's share of calls is the
population density of its raster cell split between the nodes in that cell (JEMSS draws a
cell by density, then a point in it, then the nearest road).

Without roads (three of JEMSS's four cities ship none), places are the centres of a
``cell_km`` grid over the model's map, kept where they are within reach of a station, with
a share of calls falling off with distance from the nearest station (``SPREAD_KM``); travel is
the straight line at the model's own off-road speed per mode (JEMSS's travel modes).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from goldenhour.adapters.importers.jemss_city import FloatArray, Raster
from goldenhour.adapters.routing.graph import RoadGraph
from goldenhour.domain.planning.simulation.model import MODES, Travel
from goldenhour.domain.shared.errors import InvalidInput

SPREAD_KM = 2.0


def _nearest_nodes(graph: RoadGraph, lonlat: FloatArray) -> np.ndarray:
    scale = np.cos(np.radians(float(np.mean(graph.lat))))
    tree = cKDTree(np.column_stack([graph.lon * scale, graph.lat]))
    _, nodes = tree.query(np.column_stack([lonlat[:, 0] * scale, lonlat[:, 1]]))
    return np.asarray(nodes, dtype=np.int64)


def road_travel(
    graph: RoadGraph, anchors: FloatArray, stations: int, density: Raster | None
) -> tuple[Travel, FloatArray, FloatArray]:
    """Travel between anchors (stations first) and road nodes; place lon/lat and weights."""
    on = _nearest_nodes(graph, anchors)
    out = {m: dijkstra(graph.csr(m), indices=on) for m in MODES}
    back = {m: dijkstra(graph.csr(m, reverse=True), indices=on) for m in MODES}
    usable = np.all([np.isfinite(t).all(axis=0) for t in (*out.values(), *back.values())], axis=0)
    if not usable[on].all():
        raise InvalidInput("a station or hospital stands on a road cut off from the others")
    places = np.flatnonzero(usable)
    renumber = np.full(graph.node_count, -1)
    renumber[places] = np.arange(len(places))
    lonlat = np.column_stack([graph.lon[places], graph.lat[places]])
    weights = np.ones(len(places))
    if density is not None:
        col = np.floor((lonlat[:, 0] - density.west) / density.dx)
        row = np.floor((density.north - lonlat[:, 1]) / density.dy)
        key = row * 1_000_003 + col
        _, group, sharing = np.unique(key, return_inverse=True, return_counts=True)
        weights = density.at(lonlat[:, 0], lonlat[:, 1]) / sharing[group]
        if weights.sum() <= 0:
            weights = np.ones(len(places))
    travel = Travel(
        out={m: t[:, places] for m, t in out.items()},
        back={m: t[:, places] for m, t in back.items()},
        anchor_place=renumber[on],
        stations=stations,
    )
    return travel, lonlat, weights


def straight_travel(
    anchors: FloatArray,
    stations: int,
    bbox: tuple[float, float, float, float],
    km_per_degree: tuple[float, float],
    kmh: Mapping[str, float],
    cell_km: float = 1.0,
) -> tuple[Travel, FloatArray, FloatArray]:
    """Grid places within reach of a station; straight-line travel at ``kmh`` per mode."""
    west, south, east, north = bbox
    kx, ky = km_per_degree
    xs = np.arange(west + cell_km / kx / 2, east, cell_km / kx)
    ys = np.arange(south + cell_km / ky / 2, north, cell_km / ky)
    grid = np.array([(x, y) for y in ys for x in xs])
    km = np.hypot(
        (grid[None, :, 0] - anchors[:, None, 0]) * kx, (grid[None, :, 1] - anchors[:, None, 1]) * ky
    )
    spacing = np.hypot(
        (anchors[:stations, None, 0] - anchors[None, :stations, 0]) * kx,
        (anchors[:stations, None, 1] - anchors[None, :stations, 1]) * ky,
    )
    np.fill_diagonal(spacing, np.inf)
    reach = max(float(np.min(spacing, axis=1).max()) if stations > 1 else 5.0, 3.0)
    keep = km[:stations].min(axis=0) <= reach
    places = np.vstack([grid[keep], anchors])
    km = np.hypot(
        (places[None, :, 0] - anchors[:, None, 0]) * kx,
        (places[None, :, 1] - anchors[:, None, 1]) * ky,
    )
    seconds = {m: km / kmh[m] * 3600.0 for m in MODES}
    travel = Travel(
        out=seconds,
        back=seconds,
        anchor_place=np.arange(int(keep.sum()), len(places)),
        stations=stations,
    )
    # No population raster: calls thin out with distance from the stations, which an agency
    # puts where its people are (half the weight within about 1.4 km of a station).
    nearest = km[:stations, : int(keep.sum())].min(axis=0)
    weights = np.concatenate([np.exp(-nearest / SPREAD_KM), np.zeros(len(anchors))])
    return travel, places, weights
