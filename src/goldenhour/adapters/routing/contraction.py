"""A faster answer to "how long from these units to that incident": search a smaller graph.

Most nodes of a road graph are not junctions: they only give a road its shape (Manhattan's
JEMSS network: 12,500 of 16,800 nodes). A node whose only neighbours are the previous and next
node of the same road, with arcs both ways (two-way road) or one way through (one-way road),
is a *chain* node; every other node is a *core* node. Each chain between two core nodes
``u .. w`` becomes one core arc per allowed direction, and every chain node remembers its time
to and from both ends. A query then runs Dijkstra on the core graph only, entering and leaving
through the chain ends, which gives exactly the same times as searching the full graph (the
tests compare the two on every network we have) in a fraction of the work.

A search starts at one extra *virtual* core node whose CSR row has four slots, rewritten per
query (:class:`~goldenhour.adapters.routing.travel_times.EntryRow`): a road position has up to
two entry nodes, and an entry in the middle of a chain is reached through either chain end
with the time along the chain already added.
"""

from __future__ import annotations

import math
import threading

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_array

from goldenhour.adapters.routing.graph import FloatArray, RoadGraph, adjacency
from goldenhour.adapters.routing.speeds import MODES
from goldenhour.adapters.routing.travel_times import CsgraphEngine, Entries, EntryRow, Nodes

IntArray = npt.NDArray[np.int64]
ENTRY_SLOTS = 4  # two entries, each possibly in the middle of a chain (two ends)


def _segment_prefix(values: FloatArray, starts: IntArray, lengths: IntArray) -> FloatArray:
    """Inclusive prefix sums restarting at each segment; ``inf`` propagates without NaNs."""
    is_inf = np.isinf(values)
    finite = np.where(is_inf, 0.0, values)
    sums, infs = np.cumsum(finite), np.cumsum(is_inf)
    base_sum = np.repeat(sums[starts] - finite[starts], lengths)
    base_inf = np.repeat(infs[starts] - is_inf[starts], lengths)
    out = sums - base_sum
    out[infs - base_inf > 0] = math.inf
    return np.asarray(out)


class ChainContractedEngine:
    """Exact ``times_to`` / ``times_from`` on the contracted graph; the rest via scipy."""

    def __init__(self, graph: RoadGraph) -> None:
        self.graph = graph
        self.reference = CsgraphEngine(graph)
        self._lock = threading.Lock()
        self._prepared = False

    # The full-graph questions need every node: the reference engine answers them.
    def times_within(self, entries: Entries, mode: str, limit: float = math.inf) -> FloatArray:
        return self.reference.times_within(entries, mode, limit)

    def tree_from(self, entries: Entries, mode: str) -> tuple[FloatArray, npt.NDArray[np.int32]]:
        return self.reference.tree_from(entries, mode)

    def prepare(self) -> None:
        """Find the chains and build the core matrices (once; also done on first query)."""
        with self._lock:
            if not self._prepared:
                self._build()
                self._prepared = True

    def _build(self) -> None:
        g = self.graph
        n, tail, head = g.node_count, g.tail.astype(np.int64), g.head.astype(np.int64)
        out_deg, in_deg = np.bincount(tail, minlength=n), np.bincount(head, minlength=n)
        pairs = np.unique(np.minimum(tail, head) * n + np.maximum(tail, head))
        neighbours = np.bincount(np.r_[pairs // n, pairs % n], minlength=n)
        two_way = (neighbours == 2) & (out_deg == 2) & (in_deg == 2)
        one_way = (neighbours == 2) & (out_deg == 1) & (in_deg == 1)
        chain = two_way | one_way
        self._contracted = not chain.all()
        if not self._contracted:
            return
        arc_of = csr_array((np.arange(1, tail.size + 1), (tail, head)), shape=(n, n))
        out_ptr, out_to, out_arc = arc_of.indptr, arc_of.indices, arc_of.data - 1

        # Walk every chain from its first core node: forward arcs a_0..a_k, backward b_0..b_k.
        chain_of = np.full(n, -1, dtype=np.int64)
        position = np.zeros(n, dtype=np.int64)
        ends: list[tuple[int, int]] = []
        fwd_arcs: list[int] = []
        bwd_arcs: list[int] = []
        lengths: list[int] = []
        arc_tail = np.repeat(np.arange(n), np.diff(out_ptr))
        entries = np.flatnonzero(~chain[arc_tail] & chain[out_to])
        for slot, u in zip(entries.tolist(), arc_tail[entries].tolist(), strict=True):
            first = int(out_to[slot])
            if chain_of[first] >= 0:
                continue
            c = len(ends)
            prev, cur, arc, k = u, first, int(out_arc[slot]), 0
            while True:
                fwd_arcs.append(arc)
                bwd_arcs.append(self._arc(out_ptr, out_to, out_arc, cur, prev))
                if not chain[cur]:
                    break
                k += 1
                chain_of[cur], position[cur] = c, k
                row = range(out_ptr[cur], out_ptr[cur + 1])
                nxt = next(s for s in row if int(out_to[s]) != prev)
                prev, cur, arc = cur, int(out_to[nxt]), int(out_arc[nxt])
            ends.append((u, cur))
            lengths.append(k + 1)
        if (chain_of[chain] < 0).any():  # a ring with no junction at all: nothing to contract
            self._contracted = False
            return

        self._ends = np.array(ends, dtype=np.int64).reshape(-1, 2)
        self._lengths = np.array(lengths, dtype=np.int64)
        self._starts = np.cumsum(self._lengths) - self._lengths
        self._chain_of, self._position, self._is_chain = chain_of, position, chain
        core_nodes = np.flatnonzero(~chain)
        self._core_index = np.full(n, -1, dtype=np.int64)
        self._core_index[core_nodes] = np.arange(core_nodes.size)
        self._virtual = int(core_nodes.size)
        fwd_idx, bwd_idx = np.array(fwd_arcs, np.int64), np.array(bwd_arcs, np.int64)
        rev = self._reversed_positions()
        inner = np.flatnonzero(chain)
        seg_of_inner = self._starts[chain_of[inner]] + position[inner]  # index of a_i for c_i

        self._fwd_t: dict[str, FloatArray] = {}
        self._bwd_t: dict[str, FloatArray] = {}
        self._to_w: dict[str, FloatArray] = {}
        self._to_u: dict[str, FloatArray] = {}
        self._from_u: dict[str, FloatArray] = {}
        self._from_w: dict[str, FloatArray] = {}
        self._rows: dict[tuple[str, bool], EntryRow] = {}
        ci = self._core_index
        direct = ~chain[tail] & ~chain[head]
        u_core, w_core = ci[self._ends[:, 0]], ci[self._ends[:, 1]]
        last = self._starts + self._lengths - 1
        for mode in MODES:
            times = g.times[mode]
            a = times[fwd_idx]
            b = np.where(bwd_idx >= 0, times[np.maximum(bwd_idx, 0)], math.inf)
            self._fwd_t[mode], self._bwd_t[mode] = a, b
            a_pre = _segment_prefix(a, self._starts, self._lengths)
            b_pre = _segment_prefix(b, self._starts, self._lengths)
            a_suf = _segment_prefix(a[rev], self._starts, self._lengths)[rev]
            b_suf = _segment_prefix(b[rev], self._starts, self._lengths)[rev]
            for store, values in ((self._from_u, a_pre), (self._to_u, b_pre)):
                store[mode] = np.full(n, math.inf)
                store[mode][inner] = values[seg_of_inner - 1]
            for store, values in ((self._to_w, a_suf), (self._from_w, b_suf)):
                store[mode] = np.full(n, math.inf)
                store[mode][inner] = values[seg_of_inner]
            rows = np.r_[ci[tail[direct]], u_core, w_core]
            cols = np.r_[ci[head[direct]], w_core, u_core]
            data = np.r_[times[direct], a_pre[last], b_pre[last]]
            forward = adjacency(rows, cols, data, self._virtual, spare=ENTRY_SLOTS)
            backward = adjacency(cols, rows, data, self._virtual, spare=ENTRY_SLOTS)
            self._rows[(mode, False)] = EntryRow(forward, ENTRY_SLOTS)
            self._rows[(mode, True)] = EntryRow(backward, ENTRY_SLOTS)

    @staticmethod
    def _arc(
        ptr: npt.NDArray[np.int32], to: npt.NDArray[np.int32], arc: IntArray, a: int, b: int
    ) -> int:
        for slot in range(ptr[a], ptr[a + 1]):
            if to[slot] == b:
                return int(arc[slot])
        return -1

    def _reversed_positions(self) -> IntArray:
        local = np.arange(int(self._lengths.sum())) - np.repeat(self._starts, self._lengths)
        return np.asarray(
            np.repeat(self._starts + self._lengths - 1, self._lengths) - local, dtype=np.int64
        )

    def _core_entries(self, entries: Entries, mode: str, reverse: bool) -> list[tuple[int, float]]:
        """Entries on core nodes: a chain node is entered or left through both chain ends."""
        out: list[tuple[int, float]] = []
        for node, cost in entries:
            if not self._is_chain[node]:
                out.append((int(self._core_index[node]), cost))
                continue
            u, w = self._ends[self._chain_of[node]]
            if reverse:  # time from each end to node
                legs = (self._from_u[mode][node], self._from_w[mode][node])
            else:  # time from node to each end
                legs = (self._to_u[mode][node], self._to_w[mode][node])
            out += [
                (int(self._core_index[u]), cost + legs[0]),
                (int(self._core_index[w]), cost + legs[1]),
            ]
        return out

    def _query(self, entries: Entries, others: Nodes, mode: str, reverse: bool) -> FloatArray:
        self.prepare()
        if not self._contracted:
            search = self.reference.times_to if reverse else self.reference.times_from
            return search(entries, others, mode)
        others = np.asarray(others, dtype=np.int64)
        found = self._rows[(mode, reverse)].search(self._core_entries(entries, mode, reverse))
        result = np.full(others.shape, math.inf)
        core = np.full(self._virtual + 1, math.inf) if found is None else np.asarray(found)
        on_core = ~self._is_chain[others]
        result[on_core] = core[self._core_index[others[on_core]]]
        inner = others[~on_core]
        u, w = self._ci_ends(inner)
        if reverse:  # other -> position: leave other's chain at either end
            via = np.minimum(self._to_u[mode][inner] + core[u], self._to_w[mode][inner] + core[w])
        else:  # position -> other: enter other's chain at either end
            via = np.minimum(
                core[u] + self._from_u[mode][inner], core[w] + self._from_w[mode][inner]
            )
        result[~on_core] = via
        for node, cost in entries:  # staying on the entry node's own chain
            if not math.isfinite(cost):
                continue
            if not self._is_chain[node]:
                result[others == node] = np.minimum(result[others == node], cost)
                continue
            for i in np.flatnonzero(self._chain_of[others] == self._chain_of[node]):
                other = int(others[i])
                leg = (
                    self._along_chain(other, node, mode)
                    if reverse
                    else self._along_chain(node, other, mode)
                )
                result[i] = min(result[i], leg + cost)
        return result

    def _ci_ends(self, inner: IntArray) -> tuple[IntArray, IntArray]:
        ends = self._ends[self._chain_of[inner]]
        return self._core_index[ends[:, 0]], self._core_index[ends[:, 1]]

    def _along_chain(self, src: int, dst: int, mode: str) -> float:
        """Seconds from ``src`` to ``dst`` staying on their shared chain."""
        if src == dst:
            return 0.0
        start = int(self._starts[self._chain_of[src]])
        i, j = int(self._position[src]), int(self._position[dst])
        if i < j:
            return float(self._fwd_t[mode][start + i : start + j].sum())
        return float(self._bwd_t[mode][start + j : start + i].sum())

    def times_to(self, entries: Entries, sources: Nodes, mode: str) -> FloatArray:
        return self._query(entries, sources, mode, reverse=True)

    def times_from(self, entries: Entries, targets: Nodes, mode: str) -> FloatArray:
        return self._query(entries, targets, mode, reverse=False)
