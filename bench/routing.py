"""Routing benchmark: build, snap and the dispatch ETA query, each beside networkx.

Run: ``.venv/bin/python bench/routing.py [--incidents 1000] [--demo-size 200000]``.
Prints one JSON line per figure on stdout (progress on stderr). For the Manhattan JEMSS
network and the demo county it measures, in the same run:

* ``build_s``: import/generate + store + load + engine preparation, versus building the
  networkx graph from the same arcs;
* ``snap_1000_ms``: placing 1,000 points on the nearest road position (KD-tree + candidate
  arcs) versus a numpy brute-force scan of every arc (networkx has no spatial index), with a
  count of sampled points our snap placed farther than the brute force;
* ``eta_300_p50_ms`` / ``eta_300_p99_ms``: ETAs from 300 unit positions to one incident over
  random incidents, for three ways of answering: the default (chain-contracted) engine with the
  unit positions snapped afresh in every query; the same engine as dispatch runs it, where a
  unit position seen before is not snapped again (:mod:`~goldenhour.adapters.routing.
  road_positions`; units report positions far less often than calls ask for ETAs); and the
  scipy reference engine, also with positions remembered. The baseline is networkx answering
  the same question its best way (one Dijkstra on the reversed graph from the incident's road
  position, read at the units' road positions, which are snapped before its timing starts, so
  the baseline never pays for snapping units). The largest difference from networkx is
  printed too. networkx answers a subsample of the incidents (``--baseline-incidents``) to
  keep the run short; the ratio compares p50 with p50.

Targets from issue 4: p50 under 2 ms (Manhattan) and 50 ms (200,000 nodes), and at least 30
times faster than networkx.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from goldenhour.adapters.routing import (
    OFFROAD_KMH,
    Region,
    build_demo,
    import_network,
    load_region,
)
from goldenhour.adapters.routing.graph import haversine_m
from goldenhour.adapters.routing.snapping import AT_NODE_M, Snaps
from goldenhour.adapters.routing.travel_times import CsgraphEngine
from goldenhour.config import Settings, refdata_dir

MANHATTAN = ("planning", "jemss_cities", "manhattan", "models", "1", "travel", "roads", "roads.zip")
UNITS = 300


def emit(**fields: Any) -> None:
    if "value" in fields and "baseline_value" in fields:
        fields["ratio"] = round(fields["baseline_value"] / fields["value"], 1)
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def note(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def near_road_points(region: Region, count: int, rng: np.random.Generator) -> np.ndarray:
    """Random points within ~30 m of random road nodes (GPS-like positions)."""
    g = region.graph
    nodes = rng.integers(0, g.node_count, count)
    jitter = rng.normal(0, 0.0002, size=(count, 2))
    return np.column_stack([g.lon[nodes], g.lat[nodes]]) + jitter


def nearest_segment_m(region: Region, point: np.ndarray) -> float:
    """Distance to the nearest road segment by checking every arc (the brute-force answer)."""
    g, snapper = region.graph, region.snapper
    xy = snapper._project(g.lon, g.lat)
    p = snapper._project([point[0]], [point[1]])[0]
    a, b = xy[g.tail], xy[g.head]
    ab = b - a
    span = (ab**2).sum(axis=1)
    t = np.clip(((p - a) * ab).sum(axis=1) / np.where(span > 0, span, 1.0), 0, 1)
    best = int(np.argmin((((a + t[:, None] * ab) - p) ** 2).sum(axis=1)))
    lon = g.lon[g.tail[best]] + t[best] * (g.lon[g.head[best]] - g.lon[g.tail[best]])
    lat = g.lat[g.tail[best]] + t[best] * (g.lat[g.head[best]] - g.lat[g.tail[best]])
    return float(haversine_m(point[0], point[1], lon, lat))


def networkx_etas_to(
    region: Region, reversed_graph: nx.DiGraph, incident: np.ndarray, starts: Snaps
) -> np.ndarray:
    """The same question answered with networkx: one Dijkstra on the reversed graph, starting
    from a temporary node tied to the incident's road position, read at each unit's road
    position (``starts``, snapped beforehand)."""
    g, mode = region.graph, "emergency"
    end = region.snap(*incident)
    from_tail, from_head = region._legs(end.arc, end.fraction, mode, leaving=False)
    reversed_graph.add_edge("incident", int(g.tail[end.arc]), w=float(from_tail))
    reversed_graph.add_edge("incident", int(g.head[end.arc]), w=float(from_head))
    try:
        seconds = nx.single_source_dijkstra_path_length(reversed_graph, "incident", weight="w")
    finally:
        reversed_graph.remove_node("incident")
    to_head, to_tail = region._legs(starts.arc, starts.fraction, mode, leaving=True)
    via_head = to_head + np.array([seconds.get(int(n), np.inf) for n in g.head[starts.arc]])
    via_tail = to_tail + np.array([seconds.get(int(n), np.inf) for n in g.tail[starts.arc]])
    road = np.minimum(via_head, via_tail)
    same = starts.arc == end.arc
    road[same] = np.minimum(road[same], region._along(starts.fraction[same], end, mode))
    gaps = (starts.distance_m + end.distance_m) * 3.6 / OFFROAD_KMH[mode]
    return np.asarray(road + gaps)


def bench_region(name: str, build: Callable[[], Any], settings: Settings, args: Any) -> None:
    build_s, _ = timed(build)
    prep_s, region = timed(lambda: load_region(name, settings))
    engine_s, _ = timed(region.prepare)
    g = region.graph
    nx_s, reversed_graph = timed(
        lambda: nx.DiGraph(
            (int(h), int(t), {"w": float(w)})
            for t, h, w in zip(g.tail, g.head, g.times["emergency"], strict=True)
            if np.isfinite(w)
        )
    )
    common = {"bench": "routing", "region": name, "nodes": g.node_count, "arcs": g.arc_count}
    emit(
        **common,
        metric="build_s",
        value=round(build_s + prep_s + engine_s, 3),
        baseline="networkx DiGraph from the same arcs",
        baseline_value=round(nx_s, 3),
    )

    rng = np.random.default_rng(args.seed)
    points = near_road_points(region, 1_000, rng)
    region.snapper.nearest(points[:1])  # build the KD-tree outside the timing
    snap_s, snapped = timed(lambda: region.snapper.nearest(points))
    sample = points[:20]
    brute_s, brute = timed(lambda: [nearest_segment_m(region, p) for p in sample])
    worse = int(np.sum(snapped.distance_m[:20] > np.array(brute) + AT_NODE_M))
    emit(
        **common,
        metric="snap_1000_ms",
        value=round(snap_s * 1000, 3),
        baseline="numpy brute-force nearest segment",
        baseline_value=round(brute_s * 50_000, 3),
        snaps_farther_than_brute_force=worse,
    )

    units = near_road_points(region, UNITS, rng)
    incidents = near_road_points(region, args.incidents, rng)
    reference = Region(name, g, region.header, engine=CsgraphEngine(g))
    runs: dict[str, Callable[[tuple[float, float]], np.ndarray]] = {
        "contracted, positions snapped every query": lambda i: region.etas_to(
            i, region.snap_many(units)
        ),
        "contracted, positions remembered (dispatch)": lambda i: region.etas_to(i, units),
        "scipy reference, positions remembered": lambda i: reference.etas_to(i, units),
    }
    timings: dict[str, list[float]] = {engine: [] for engine in runs}
    answers: dict[str, list[np.ndarray]] = {engine: [] for engine in runs}
    for engine, query in runs.items():
        query(tuple(incidents[0]))  # warm caches (CSR, KD-tree, remembered positions)
        for incident in incidents:
            seconds, etas = timed(lambda q=query, i=incident: q(tuple(i)))
            timings[engine].append(seconds * 1000)
            answers[engine].append(etas)
    note(f"{name}: {args.incidents} incidents done; networkx on {args.baseline_incidents}")
    starts = region.snap_many(units)
    nx_ms: list[float] = []
    worst = 0.0
    for k, incident in enumerate(incidents[: args.baseline_incidents]):
        seconds, etas = timed(
            lambda i=incident: networkx_etas_to(region, reversed_graph, i, starts)
        )
        nx_ms.append(seconds * 1000)
        for engine in answers:
            worst = max(worst, float(np.max(np.abs(answers[engine][k] - etas))))
    target_ms = 2.0 if g.node_count < 50_000 else 50.0
    for engine in timings:
        p50 = float(np.percentile(timings[engine], 50))
        ratio = float(np.percentile(nx_ms, 50)) / p50
        emit(
            **common,
            metric="eta_target_met",
            engine=engine,
            target_p50_ms=target_ms,
            target_ratio=30,
            met=bool(p50 < target_ms and ratio >= 30),
        )
        for pct in (50, 99):
            emit(
                **common,
                metric=f"eta_{UNITS}_p{pct}_ms",
                engine=engine,
                value=round(float(np.percentile(timings[engine], pct)), 3),
                baseline="networkx single_source_dijkstra on reversed graph",
                baseline_value=round(float(np.percentile(nx_ms, pct)), 3),
                incidents=args.incidents,
                baseline_incidents=len(nx_ms),
            )
    emit(**common, metric="max_abs_difference_vs_networkx_s", value_exact=worst)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000)
    parser.add_argument("--baseline-incidents", type=int, default=200)
    parser.add_argument("--demo-size", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        manhattan = refdata_dir().joinpath(*MANHATTAN)
        if manhattan.exists():
            note("Manhattan JEMSS network")
            bench_region(
                "manhattan",
                lambda: import_network(manhattan, "manhattan", settings),
                settings,
                args,
            )
        else:
            note(f"skipping Manhattan: {manhattan} not found (set GOLDENHOUR_REFDATA)")
        note(f"demo county, size {args.demo_size}")
        bench_region(
            "demo", lambda: build_demo("demo", args.demo_size, 1, settings), settings, args
        )


if __name__ == "__main__":
    main()
