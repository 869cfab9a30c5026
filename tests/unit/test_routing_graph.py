"""The clean-up every importer goes through: one arc per pair, one connected network."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse.csgraph import dijkstra

from goldenhour.adapters.routing.graph import finalize, haversine_m
from goldenhour.domain.shared.errors import InvalidInput


def _graph(tail, head, seconds, n=None, normal=None):
    n = n or max(max(tail), max(head)) + 1
    return finalize(
        np.arange(n) * 0.001,
        np.zeros(n),
        tail,
        head,
        np.ones(len(tail)),
        {"emergency": seconds, "normal": normal if normal is not None else seconds},
    )


def test_parallel_arcs_keep_the_fastest_time_per_mode():
    g = _graph([0, 0, 1], [1, 1, 0], [10.0, 4.0, 5.0], normal=[3.0, 8.0, 5.0])
    assert g.arc_count == 2
    first = int(np.flatnonzero((g.tail == 0) & (g.head == 1))[0])
    assert g.times["emergency"][first] == 4.0
    assert g.times["normal"][first] == 3.0


def test_self_loops_are_dropped():
    g = _graph([0, 0, 1], [0, 1, 0], [1.0, 2.0, 2.0])
    assert g.arc_count == 2


def test_only_the_largest_strongly_connected_part_is_kept():
    # 0<->1<->2 is strongly connected; 3 can be reached but cannot get back; 4<->5 an island.
    g = _graph([0, 1, 1, 2, 2, 4, 5], [1, 0, 2, 1, 3, 5, 4], [1.0] * 7)
    assert g.node_count == 3
    assert g.dropped_nodes == 3
    assert sorted(g.source_id.tolist()) == [0, 1, 2]
    assert np.isfinite(dijkstra(g.csr("emergency"), indices=0)).all()


def test_no_arcs_means_no_drivable_roads():
    with pytest.raises(InvalidInput, match="no drivable roads"):
        _graph([0], [0], [1.0], n=2)


def test_negative_times_are_refused():
    with pytest.raises(InvalidInput, match="negative"):
        _graph([0, 1], [1, 0], [-1.0, 1.0])


def test_reverse_matrix_swaps_every_arc():
    g = _graph([0, 1, 1, 2], [1, 0, 2, 1], [1.0, 2.0, 3.0, 4.0])
    forward, backward = g.csr("emergency").toarray(), g.csr("emergency", reverse=True).toarray()
    np.testing.assert_array_equal(forward.T, backward)


def test_zero_second_arcs_stay_arcs():
    g = _graph([0, 1, 1, 2], [1, 0, 2, 1], [0.0, 0.0, 5.0, 5.0])
    assert dijkstra(g.csr("emergency"), indices=0)[2] == 5.0


def test_haversine_knows_a_degree_of_latitude():
    assert haversine_m(0, 0, 0, 1) == pytest.approx(111_195, rel=1e-4)
