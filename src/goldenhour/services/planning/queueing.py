"""The hypercube report a planner reads: workloads, who answers each atom, travel times.

Both solutions side by side: the exact chain (up to
:data:`~goldenhour.domain.planning.hypercube.MAX_EXACT_UNITS` units) and Larson's
approximation, so a planner sees how far the approximation can be trusted before using it
for a fleet too large for the exact model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from goldenhour.domain.planning.erlang import MultiServer
from goldenhour.domain.planning.hypercube import (
    MAX_EXACT_UNITS,
    Atom,
    HypercubeResult,
    solve_approximate,
    solve_exact,
)


def _atom_figures(
    atom: Atom, j: int, result: HypercubeResult, travel: NDArray[np.float64] | None
) -> dict[str, Any]:
    shares = result.dispatch[j]
    served = float(shares.sum())
    figures: dict[str, Any] = {
        "dispatch": {str(n + 1): round(float(s), 6) for n, s in enumerate(shares)},
        "first_choice": round(float(shares[atom.preference[0]]), 6),
    }
    if travel is not None:
        mean = float(shares @ travel[j] / served) if served > 0 else None
        figures["mean_travel"] = mean
    return figures


def hypercube_report(
    atoms: Sequence[Atom],
    units: int,
    service_rate: float,
    queue: str = "fcfs",
    travel: NDArray[np.float64] | None = None,
) -> dict[str, Any]:
    """Workloads in unit order (``exact`` is ``None`` above the exact model's limit), the
    M/M/N figures, and per atom each unit's share of its calls, the share its first choice
    answers and (with ``travel``, atom × unit) the mean travel time of the answering unit."""
    approximate = solve_approximate(atoms, units, service_rate, queue)
    exact = solve_exact(atoms, units, service_rate, queue) if units <= MAX_EXACT_UNITS else None
    mmn = MultiServer(units, sum(a.rate for a in atoms), service_rate, queue)
    solutions = {"exact": exact, "approximate": approximate}
    per_atom = []
    for j, atom in enumerate(atoms):
        entry: dict[str, Any] = {"atom": atom.name, "rate": atom.rate}
        for name, result in solutions.items():
            entry[name] = None if result is None else _atom_figures(atom, j, result, travel)
        per_atom.append(entry)
    report: dict[str, Any] = {
        "units": units,
        "queue": queue,
        "arrival_rate": mmn.arrival_rate,
        "service_rate": service_rate,
        "workloads": {
            name: None if r is None else [round(w, 6) for w in r.workloads]
            for name, r in solutions.items()
        },
        "prob_all_busy": mmn.prob_all_busy,
        "mean_wait": mmn.mean_wait,
        "atoms": per_atom,
    }
    if travel is not None:
        rates = np.array([a.rate for a in atoms])
        for name, result in solutions.items():
            if result is None:
                continue
            served = rates[:, None] * result.dispatch
            report.setdefault("mean_travel", {})[name] = float(
                (served * travel).sum() / served.sum()
            )
    return report
