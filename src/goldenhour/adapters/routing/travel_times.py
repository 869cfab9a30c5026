"""Shortest travel times on a :class:`RoadGraph`, behind a small protocol.

A search starts from (or ends at) a *road position*, which may lie between two nodes: it is
given as **entries**, up to two ``(node, seconds)`` pairs. For a search *from* a position they
say "from here you reach ``node`` in ``seconds``"; for a search *to* a position, "from
``node`` you reach it in ``seconds``". An ordinary node is ``[(node, 0.0)]``.

:class:`ShortestPathEngine` is what :class:`~goldenhour.adapters.routing.region.Region` needs
from an engine, all in node indices and seconds:

* ``times_to(entries, sources)``: the dispatch question, many origins to one destination;
* ``times_from(entries, targets)``: one origin to many destinations (hospitals);
* ``times_within(entries, limit)``: every node within a budget (coverage, isochrones);
* ``tree_from(entries)``: a shortest-path tree, for drawing the route.

:class:`CsgraphEngine` is the reference implementation: ``scipy.sparse.csgraph.dijkstra`` over
the full graph (one search on the reversed graph for ``times_to``).
:class:`~goldenhour.adapters.routing.contraction.ChainContractedEngine` answers the first two
faster on the same graph and is checked against this one.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from goldenhour.adapters.routing.graph import FloatArray, RoadGraph, adjacency
from goldenhour.adapters.routing.speeds import MODES

Nodes = npt.NDArray[np.intp]
Entries = Sequence[tuple[int, float]]
NO_NODE = -9999  # scipy's predecessor value for "none"


class ShortestPathEngine(Protocol):
    def prepare(self) -> None:
        """Build whatever the engine keeps between queries (else done by the first query)."""
        ...

    def times_to(self, entries: Entries, sources: Nodes, mode: str) -> FloatArray:
        """Seconds from each source node to the position (``inf``: cannot get there)."""
        ...

    def times_from(self, entries: Entries, targets: Nodes, mode: str) -> FloatArray:
        """Seconds from the position to each target node."""
        ...

    def times_within(self, entries: Entries, mode: str, limit: float = math.inf) -> FloatArray:
        """Seconds from the position to every node; ``inf`` beyond ``limit`` or unreachable."""
        ...

    def tree_from(self, entries: Entries, mode: str) -> tuple[FloatArray, npt.NDArray[np.int32]]:
        """Times and predecessors for every node plus, last, the virtual start (-9999: none)."""
        ...


class EntryRow:
    """A CSR matrix whose extra last row is a virtual start with rewritable arcs.

    Rewriting a few numbers in place costs nothing, where building a matrix per query would
    cost a copy of the whole graph; a lock keeps concurrent queries from mixing entries.
    """

    def __init__(self, matrix: csr_array, slots: int) -> None:
        self.matrix, self.slots = matrix, slots
        self.virtual = matrix.shape[0] - 1
        self._lock = threading.Lock()

    def search(
        self, entries: Entries, *, limit: float = math.inf, predecessors: bool = False
    ) -> Any:
        usable = [(int(n), float(c)) for n, c in entries if math.isfinite(c)]
        if not usable:
            return None
        if len(usable) > self.slots:
            raise ValueError(f"at most {self.slots} entries, got {len(usable)}")
        usable += [usable[0]] * (self.slots - len(usable))
        with self._lock:
            self.matrix.indices[-self.slots :] = [n for n, _ in usable]
            self.matrix.data[-self.slots :] = [c for _, c in usable]
            return dijkstra(
                self.matrix,
                directed=True,
                indices=self.virtual,
                limit=limit,
                return_predecessors=predecessors,
            )


class CsgraphEngine:
    """Dijkstra from scipy over the whole graph: the reference engine."""

    def __init__(self, graph: RoadGraph) -> None:
        self.graph = graph
        self._rows: dict[tuple[str, bool], EntryRow] = {}
        self._lock = threading.Lock()

    def _row(self, mode: str, reverse: bool) -> EntryRow:
        key = (mode, reverse)
        with self._lock:
            if key not in self._rows:
                g = self.graph
                rows, cols = (g.head, g.tail) if reverse else (g.tail, g.head)
                matrix = adjacency(rows, cols, g.times[mode], g.node_count, spare=2)
                self._rows[key] = EntryRow(matrix, 2)
            return self._rows[key]

    def prepare(self) -> None:
        for mode in MODES:
            for reverse in (False, True):
                self._row(mode, reverse)

    def _all(self, entries: Entries, mode: str, reverse: bool, limit: float) -> FloatArray:
        result = self._row(mode, reverse).search(entries, limit=limit)
        n = self.graph.node_count
        return np.full(n, math.inf) if result is None else np.asarray(result[:n], np.float64)

    def times_to(self, entries: Entries, sources: Nodes, mode: str) -> FloatArray:
        return self._all(entries, mode, True, math.inf)[sources]

    def times_from(self, entries: Entries, targets: Nodes, mode: str) -> FloatArray:
        return self._all(entries, mode, False, math.inf)[targets]

    def times_within(self, entries: Entries, mode: str, limit: float = math.inf) -> FloatArray:
        return self._all(entries, mode, False, limit)

    def tree_from(self, entries: Entries, mode: str) -> tuple[FloatArray, npt.NDArray[np.int32]]:
        result = self._row(mode, False).search(entries, predecessors=True)
        n = self.graph.node_count
        if result is None:
            return np.full(n + 1, math.inf), np.full(n + 1, NO_NODE, dtype=np.int32)
        times, predecessors = result
        return np.asarray(times, np.float64), np.asarray(predecessors, dtype=np.int32)


def walk_back(predecessors: npt.NDArray[np.int32], start: int, target: int) -> list[int]:
    """Node sequence after ``start`` up to ``target``; empty when ``target`` is unreachable."""
    nodes = [target]
    while True:
        previous = int(predecessors[nodes[-1]])
        if previous == start:
            break
        if previous == NO_NODE:
            return []
        nodes.append(previous)
    nodes.reverse()
    return nodes
