"""The p-median model reproduces a published optimum from Beasley's OR-Library.

``pmed1`` (Beasley, "A note on solving large p-median problems", EJOR 21 (1985) 270-273;
OR-Library, J. Oper. Res. Soc. 41 (1990) 1069-1072): 100 vertices, 200 undirected edges,
p = 5, every vertex a demand point of weight 1 and a candidate site; published optimum 5819.
OR-Library's note: where an edge is listed twice, the last cost given is used.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import shortest_path

from goldenhour.domain.planning.location import LocationProblem, p_median

PMED1 = Path(__file__).parents[1] / "data" / "orlib_pmed1.txt"


def _orlib(path: Path) -> tuple[LocationProblem, int]:
    head, *edges = [line.split() for line in path.read_text().splitlines() if line.strip()]
    n, _, p = map(int, head)
    cost: dict[tuple[int, int], float] = {}
    for a, b, c in edges:
        i, j = sorted((int(a) - 1, int(b) - 1))
        cost[(i, j)] = float(c)
    graph = np.zeros((n, n))
    for (i, j), c in cost.items():
        graph[i, j] = graph[j, i] = c
    distance = shortest_path(csr_array(graph), directed=False)
    ids = tuple(str(v + 1) for v in range(n))
    return LocationProblem(ids, np.ones(n), ids, distance), p


def test_p_median_reproduces_the_published_optimum_of_or_library_pmed1():
    problem, p = _orlib(PMED1)
    plan = p_median(problem, p)
    assert plan.objective == 5819
    assert len(plan.sites) == 5
