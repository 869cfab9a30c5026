"""The contracted engine answers exactly what a full-graph Dijkstra answers."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenhour.adapters.routing.contraction import ChainContractedEngine
from goldenhour.adapters.routing.demo_region import generate_demo
from goldenhour.adapters.routing.graph import RoadGraph, finalize
from goldenhour.adapters.routing.travel_times import CsgraphEngine


@st.composite
def road_graphs(draw: st.DrawFn) -> RoadGraph:
    """Random small networks rich in chains: paths, one-way runs, loops and junctions."""
    n = draw(st.integers(3, 25))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=2, max_size=3 * n
        )
    )
    path = list(range(n))  # a backbone path makes long chains likely
    tail, head = [], []
    for a, b in list(zip(path, path[1:], strict=False)) + pairs:
        tail.append(a)
        head.append(b)
        if draw(st.booleans()):  # two-way
            tail.append(b)
            head.append(a)
    tail.append(n - 1)  # close the backbone so something is strongly connected
    head.append(0)
    m = len(tail)
    times = draw(st.lists(st.floats(0.0, 100.0), min_size=m, max_size=m))
    normal = [t * 2 if i % 5 else np.inf for i, t in enumerate(times)]
    return finalize(
        np.arange(n) * 1e-3,
        np.zeros(n),
        tail,
        head,
        np.ones(m),
        {"emergency": times, "normal": normal},
    )


def _assert_same(graph: RoadGraph, targets: list[int], seed: int = 0) -> None:
    """Same answers for a node, and for a position between two nodes (two entries)."""
    fast, reference = ChainContractedEngine(graph), CsgraphEngine(graph)
    everyone = np.arange(graph.node_count)
    rng = np.random.default_rng(seed)
    for mode in ("emergency", "normal"):
        for target in targets:
            other = int(rng.integers(graph.node_count))
            for entries in ([(target, 0.0)], [(target, 3.5), (other, float(rng.uniform(0, 50)))]):
                for query in ("times_to", "times_from"):
                    got = getattr(fast, query)(entries, everyone, mode)
                    want = getattr(reference, query)(entries, everyone, mode)
                    np.testing.assert_allclose(got, want, rtol=0, atol=1e-6)


@settings(max_examples=150, deadline=None)
@given(road_graphs())
def test_contracted_times_equal_full_dijkstra_on_random_networks(graph: RoadGraph):
    _assert_same(graph, list(range(graph.node_count)))


def test_contracted_times_equal_full_dijkstra_on_the_demo_county():
    graph, _ = generate_demo(2_000, seed=5)
    rng = np.random.default_rng(0)
    _assert_same(graph, rng.integers(0, graph.node_count, 20).tolist())


def test_a_network_that_is_one_ring_falls_back_to_the_full_search():
    ring = finalize(
        [0, 1e-3, 2e-3],
        [0, 0, 0],
        [0, 1, 2],
        [1, 2, 0],
        np.ones(3),
        {"emergency": [1.0, 2.0, 3.0], "normal": [2.0, 4.0, 6.0]},
    )
    _assert_same(ring, [0, 1, 2])
