"""Where to put stations and ambulances: the four classic location models as integer programs.

A planner gives demand points with weights (calls a year), candidate sites and a travel time
(or distance) from each site to each demand point; a missing pair is unreachable. A demand
point is *covered* by a site when that value is at most the response standard. The models:

* **LSCP**, location set covering (Toregas, Swain, ReVelle & Bergman 1971, Operations Research
  19(6)): the fewest sites so that every demand point is covered.
* **MCLP**, maximal covering (Church & ReVelle 1974, Papers of the Regional Science Association
  32): with ``p`` sites, the most demand weight covered.
* **p-median** (Hakimi 1964; ReVelle & Swain 1970, Geographical Analysis 2): with ``p`` sites,
  the least weighted travel Σ wᵢ·dᵢⱼ when each demand point goes to its nearest open site.
* **MEXCLP**, maximal expected covering (Daskin 1983, Transportation Science 17(1)): ``V``
  vehicles, each busy with probability ``q`` independently; a point covered by ``n`` vehicles
  is served in standard with probability 1 − qⁿ. Several vehicles may share a site (up to its
  capacity). Maximise Σᵢ wᵢ (1 − q^{nᵢ}) by Daskin's linearisation: binary yᵢₖ for "at least
  k vehicles cover i", worth wᵢ (1 − q) q^{k−1}, with Σₖ yᵢₖ ≤ nᵢ.

Each is solved exactly with HiGHS through :func:`scipy.optimize.milp` (no solver to install).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from goldenhour.domain.shared.errors import InvalidInput

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class LocationProblem:
    """Demand points, candidate sites and the site→demand travel matrix (``inf``: no route).

    ``travel`` has one row per site and one column per demand point. ``capacity`` is how many
    vehicles a site may hold (MEXCLP only); ``None`` means no limit beyond the fleet.
    """

    demand_ids: tuple[str, ...]
    weights: FloatArray
    site_ids: tuple[str, ...]
    travel: FloatArray
    capacity: tuple[int | None, ...] | None = None

    def __post_init__(self) -> None:
        if self.travel.shape != (len(self.site_ids), len(self.demand_ids)):
            raise InvalidInput.for_field("matrix", "shape does not match the sites and demand")
        if len(self.weights) != len(self.demand_ids):
            raise InvalidInput.for_field("demand", "one weight per demand point is needed")
        if np.any(self.weights < 0) or not np.all(np.isfinite(self.weights)):
            raise InvalidInput.for_field("demand.weight", "weights must be finite and >= 0")
        if not self.site_ids:
            raise InvalidInput.for_field("sites", "at least one candidate site is needed")

    @property
    def total_weight(self) -> float:
        return float(self.weights.sum())

    def covers(self, standard: float) -> NDArray[np.bool_]:
        """Site × demand: True where the site reaches the point within the standard."""
        return np.asarray(self.travel <= standard)


@dataclass(frozen=True)
class LocationPlan:
    """A solved model: the objective in the model's own terms and vehicles per chosen site."""

    model: str
    objective: float
    covered_weight: float | None
    total_weight: float
    sites: dict[str, int]

    def as_json(self) -> dict[str, object]:
        return {
            "model": self.model,
            "objective": self.objective,
            "covered_weight": self.covered_weight,
            "total_weight": self.total_weight,
            "sites": self.sites,
        }


def _solve(
    cost: FloatArray,
    rows: list[tuple[sparse.csr_array, float, float]],
    lower: FloatArray,
    upper: FloatArray,
    integer: FloatArray,
) -> FloatArray:
    matrix = sparse.vstack([r[0] for r in rows], format="csr")
    lo = np.concatenate([np.full(r[0].shape[0], r[1]) for r in rows])
    hi = np.concatenate([np.full(r[0].shape[0], r[2]) for r in rows])
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, lo, hi),
        integrality=integer,
        bounds=Bounds(lower, upper),
        options={"mip_rel_gap": 1e-9},
    )
    if result.status != 0 or result.x is None:
        raise InvalidInput(f"the model has no solution: {result.message}")
    return np.asarray(np.round(result.x), dtype=np.float64)


def _check_p(problem: LocationProblem, p: int) -> None:
    if not 1 <= p <= len(problem.site_ids):
        raise InvalidInput.for_field("p", f"must be between 1 and {len(problem.site_ids)}")


def _covered_weight(problem: LocationProblem, cover: NDArray[np.bool_], open_: FloatArray) -> float:
    reached = (open_ > 0) @ cover
    return float(problem.weights[reached].sum())


def _chosen(problem: LocationProblem, counts: FloatArray) -> dict[str, int]:
    return {s: int(n) for s, n in zip(problem.site_ids, counts, strict=True) if n > 0}


def lscp(problem: LocationProblem, standard: float) -> LocationPlan:
    """The fewest sites covering every demand point (Toregas et al. 1971)."""
    cover = problem.covers(standard)
    orphans = [
        d for d, c in zip(problem.demand_ids, np.asarray(cover.any(axis=0)), strict=True) if not c
    ]
    if orphans:
        shown = ", ".join(orphans[:10]) + (" ..." if len(orphans) > 10 else "")
        raise InvalidInput.for_field(
            "standard", f"no site covers demand point(s) {shown}; LSCP needs every point covered"
        )
    n = len(problem.site_ids)
    x = _solve(
        np.ones(n),
        [(sparse.csr_array(cover.T.astype(float)), 1.0, np.inf)],
        np.zeros(n),
        np.ones(n),
        np.ones(n),
    )
    return LocationPlan(
        "lscp", float(x.sum()), problem.total_weight, problem.total_weight, _chosen(problem, x)
    )


def mclp(problem: LocationProblem, standard: float, p: int) -> LocationPlan:
    """``p`` sites covering the most demand weight (Church & ReVelle 1974)."""
    _check_p(problem, p)
    cover = problem.covers(standard).astype(float)
    n, m = cover.shape
    # Variables: x (sites), then y (demand covered). y_i - sum_{j covers i} x_j <= 0.
    link = sparse.hstack([sparse.csr_array(-cover.T), sparse.identity(m, format="csr")])
    count = sparse.csr_array(np.concatenate([np.ones(n), np.zeros(m)])[None, :])
    solution = _solve(
        np.concatenate([np.zeros(n), -problem.weights]),
        [(link.tocsr(), -np.inf, 0.0), (count, p, p)],
        np.zeros(n + m),
        np.ones(n + m),
        np.ones(n + m),
    )
    x = solution[:n]
    covered = _covered_weight(problem, cover > 0, x)
    return LocationPlan("mclp", covered, covered, problem.total_weight, _chosen(problem, x))


def p_median(problem: LocationProblem, p: int, standard: float | None = None) -> LocationPlan:
    """``p`` sites with the least demand-weighted travel to the nearest one (ReVelle & Swain).

    Each demand point is assigned to exactly one open site it can reach; ``covered_weight`` is
    the weight whose nearest open site is within ``standard`` (``None`` without a standard).
    """
    _check_p(problem, p)
    reach = np.isfinite(problem.travel)
    orphans = [
        d for d, r in zip(problem.demand_ids, np.asarray(reach.any(axis=0)), strict=True) if not r
    ]
    if orphans:
        raise InvalidInput.for_field(
            "matrix", f"no site reaches demand point(s) {', '.join(orphans[:10])}"
        )
    n, m = reach.shape
    site_of, demand_of = np.nonzero(reach)
    k = len(site_of)
    # Variables: x (sites), then z for each reachable (site, demand) pair.
    pair = sparse.csr_array((np.ones(k), (demand_of, n + np.arange(k))), shape=(m, n + k))
    link = sparse.csr_array(
        (
            np.concatenate([np.ones(k), -np.ones(k)]),
            (np.tile(np.arange(k), 2), np.concatenate([n + np.arange(k), site_of])),
        ),
        shape=(k, n + k),
    )
    count = sparse.csr_array(np.concatenate([np.ones(n), np.zeros(k)])[None, :])
    cost = np.concatenate([np.zeros(n), problem.weights[demand_of] * problem.travel[reach]])
    solution = _solve(
        cost,
        [(pair, 1.0, 1.0), (link, -np.inf, 0.0), (count, p, p)],
        np.zeros(n + k),
        np.ones(n + k),
        np.concatenate([np.ones(n), np.zeros(k)]),
    )
    x = solution[:n]
    nearest = np.where(x[:, None] > 0, problem.travel, np.inf).min(axis=0)
    objective = float(np.sum(problem.weights * nearest))
    covered = None if standard is None else float(problem.weights[nearest <= standard].sum())
    return LocationPlan("pmedian", objective, covered, problem.total_weight, _chosen(problem, x))


def expected_coverage(weights: FloatArray, coverers: FloatArray, busy: float) -> float:
    """Daskin's expected covered demand Σᵢ wᵢ (1 − q^{nᵢ}) for ``nᵢ`` vehicles covering i."""
    return float(np.sum(weights * (1.0 - busy**coverers)))


def mexclp(problem: LocationProblem, standard: float, vehicles: int, busy: float) -> LocationPlan:
    """``vehicles`` ambulances on sites maximising expected covered demand (Daskin 1983)."""
    if vehicles < 1:
        raise InvalidInput.for_field("vehicles", "at least one vehicle is needed")
    if not 0.0 <= busy < 1.0:
        raise InvalidInput.for_field("busy_fraction", "must be in [0, 1)")
    cover = problem.covers(standard).astype(float)
    n, m = cover.shape
    caps = np.array(
        [vehicles if c is None else min(c, vehicles) for c in (problem.capacity or [None] * n)],
        dtype=float,
    )
    if caps.sum() < vehicles:
        raise InvalidInput.for_field("vehicles", f"the sites hold only {int(caps.sum())}")
    # y_ik exists only for k up to the most vehicles that could ever cover i.
    levels = np.minimum(vehicles, cover.T @ caps).astype(int)
    owner = np.repeat(np.arange(m), levels)
    k = np.concatenate([np.arange(1, t + 1) for t in levels]) if owner.size else np.zeros(0)
    ys = len(owner)
    value = problem.weights[owner] * (1.0 - busy) * busy ** (k - 1)
    cov = sparse.csr_array(cover.T)
    counted = sparse.hstack(
        [-cov, sparse.csr_array((np.ones(ys), (owner, np.arange(ys))), shape=(m, ys))]
    )
    count = sparse.csr_array(np.concatenate([np.ones(n), np.zeros(ys)])[None, :])
    solution = _solve(
        np.concatenate([np.zeros(n), -value]),
        [(counted.tocsr(), -np.inf, 0.0), (count, vehicles, vehicles)],
        np.zeros(n + ys),
        np.concatenate([caps, np.ones(ys)]),
        np.ones(n + ys),
    )
    x = solution[:n]
    objective = expected_coverage(problem.weights, cover.T @ x, busy)
    covered = _covered_weight(problem, cover > 0, x)
    return LocationPlan("mexclp", objective, covered, problem.total_weight, _chosen(problem, x))


MODELS: Sequence[str] = ("lscp", "mclp", "pmedian", "mexclp")
