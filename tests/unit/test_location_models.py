"""Location models (LSCP, MCLP, p-median, MEXCLP) against brute force and closed forms.

Every optimum HiGHS returns is checked by enumerating all site choices on small random
instances, so a wrong formulation cannot hide behind a solver that is right about it.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenhour.domain.planning.location import (
    LocationProblem,
    expected_coverage,
    lscp,
    mclp,
    mexclp,
    p_median,
)
from goldenhour.domain.shared.errors import InvalidInput


@st.composite
def problems(draw: st.DrawFn) -> LocationProblem:
    sites = draw(st.integers(1, 5))
    demand = draw(st.integers(1, 7))
    weights = draw(st.lists(st.integers(0, 20), min_size=demand, max_size=demand))
    cells = draw(
        st.lists(
            st.one_of(st.integers(1, 30).map(float), st.just(np.inf)),
            min_size=sites * demand,
            max_size=sites * demand,
        )
    )
    capacity = draw(
        st.one_of(st.none(), st.lists(st.integers(1, 3), min_size=sites, max_size=sites))
    )
    return LocationProblem(
        demand_ids=tuple(f"d{i}" for i in range(demand)),
        weights=np.array(weights, dtype=float),
        site_ids=tuple(f"s{j}" for j in range(sites)),
        travel=np.array(cells).reshape(sites, demand),
        capacity=None if capacity is None else tuple(capacity),
    )


def _covered(problem: LocationProblem, chosen: tuple[int, ...], standard: float) -> float:
    reached = problem.covers(standard)[list(chosen)].any(axis=0)
    return float(problem.weights[reached].sum())


@settings(max_examples=60, deadline=None)
@given(problems(), st.integers(1, 5), st.sampled_from([5.0, 12.0, 25.0]))
def test_mclp_covers_as_much_weight_as_the_best_of_every_choice_of_p_sites(problem, p, standard):
    p = min(p, len(problem.site_ids))
    best = max(
        _covered(problem, c, standard)
        for c in itertools.combinations(range(len(problem.site_ids)), p)
    )
    plan = mclp(problem, standard, p)
    assert plan.objective == pytest.approx(best)
    assert sum(plan.sites.values()) == p
    assert _covered(problem, tuple(problem.site_ids.index(s) for s in plan.sites), standard) == (
        pytest.approx(plan.covered_weight)
    )


@settings(max_examples=60, deadline=None)
@given(problems(), st.sampled_from([5.0, 12.0, 25.0]))
def test_lscp_opens_the_fewest_sites_that_cover_every_point(problem, standard):
    n = len(problem.site_ids)
    feasible = [
        c
        for k in range(1, n + 1)
        for c in itertools.combinations(range(n), k)
        if problem.covers(standard)[list(c)].any(axis=0).all()
    ]
    if not feasible:
        with pytest.raises(InvalidInput, match="no site covers"):
            lscp(problem, standard)
        return
    plan = lscp(problem, standard)
    assert plan.objective == min(len(c) for c in feasible)
    chosen = [problem.site_ids.index(s) for s in plan.sites]
    assert problem.covers(standard)[chosen].any(axis=0).all()


@settings(max_examples=60, deadline=None)
@given(problems(), st.integers(1, 5))
def test_p_median_travel_is_the_least_of_every_choice_of_p_sites(problem, p):
    p = min(p, len(problem.site_ids))
    if not np.isfinite(problem.travel).any(axis=0).all():
        with pytest.raises(InvalidInput, match="no site reaches"):
            p_median(problem, p)
        return
    costs = []
    for chosen in itertools.combinations(range(len(problem.site_ids)), p):
        nearest = problem.travel[list(chosen)].min(axis=0)
        if np.isfinite(nearest).all():  # every point must be assigned to an open site
            costs.append(float(np.sum(problem.weights * nearest)))
    if not costs:
        with pytest.raises(InvalidInput, match="no solution"):
            p_median(problem, p)
        return
    assert p_median(problem, p).objective == pytest.approx(min(costs))


def _placements(sites: int, vehicles: int, caps: list[int]):
    for counts in itertools.product(range(vehicles + 1), repeat=sites):
        if sum(counts) == vehicles and all(c <= cap for c, cap in zip(counts, caps, strict=True)):
            yield np.array(counts, dtype=float)


@settings(max_examples=60, deadline=None)
@given(
    problems(),
    st.integers(1, 4),
    st.sampled_from([0.0, 0.3, 0.7]),
    st.sampled_from([5.0, 12.0, 25.0]),
)
def test_mexclp_expected_coverage_is_the_best_of_every_placement_of_the_fleet(
    problem, vehicles, busy, standard
):
    """Daskin (1983): maximise Σ wᵢ(1 − q^{nᵢ}); several vehicles may share a site."""
    n = len(problem.site_ids)
    caps = [vehicles if c is None else c for c in (problem.capacity or [None] * n)]
    if sum(caps) < vehicles:
        with pytest.raises(InvalidInput, match="hold only"):
            mexclp(problem, standard, vehicles, busy)
        return
    cover = problem.covers(standard).astype(float)
    best = max(
        expected_coverage(problem.weights, cover.T @ x, busy)
        for x in _placements(n, vehicles, caps)
    )
    plan = mexclp(problem, standard, vehicles, busy)
    assert plan.objective == pytest.approx(best)
    assert sum(plan.sites.values()) == vehicles
    for site, count in plan.sites.items():
        assert count <= caps[problem.site_ids.index(site)]


def test_mexclp_stacks_vehicles_where_one_site_covers_everyone():
    """One point, covered only from site A: all V vehicles go there, E = w(1 − q^V)."""
    problem = LocationProblem(("town",), np.array([100.0]), ("A", "B"), np.array([[4.0], [30.0]]))
    plan = mexclp(problem, 8.0, 3, 0.4)
    assert plan.sites == {"A": 3}
    assert plan.objective == pytest.approx(100 * (1 - 0.4**3))


def test_lscp_finds_the_three_row_cover_of_knuths_dancing_links_matrix():
    """Knuth, "Dancing Links" (2000), matrix (3): rows 1, 4, 5 cover the seven columns once;
    no two rows (at most 3 ones each, 7 columns) can, so the minimum cover has three rows."""
    rows = [
        [0, 0, 1, 0, 1, 1, 0],
        [1, 0, 0, 1, 0, 0, 1],
        [0, 1, 1, 0, 0, 1, 0],
        [1, 0, 0, 1, 0, 0, 0],
        [0, 1, 0, 0, 0, 0, 1],
        [0, 0, 0, 1, 1, 0, 1],
    ]
    travel = np.where(np.array(rows) == 1, 1.0, np.inf)
    problem = LocationProblem(
        tuple("ABCDEFG"), np.ones(7), tuple(str(i) for i in range(1, 7)), travel
    )
    plan = lscp(problem, 1.0)
    assert plan.objective == 3
    assert problem.covers(1.0)[[int(s) - 1 for s in plan.sites]].any(axis=0).all()


def test_a_p_larger_than_the_candidate_sites_is_refused_naming_p():
    problem = LocationProblem(("d",), np.ones(1), ("s",), np.ones((1, 1)))
    with pytest.raises(InvalidInput, match="^p: must be between 1 and 1"):
        mclp(problem, 5.0, 2)
