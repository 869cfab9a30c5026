"""The hypercube queueing model against Larson & Odoni's published example and closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenhour.domain.planning.erlang import MultiServer
from goldenhour.domain.planning.hypercube import Atom, solve_approximate, solve_exact
from goldenhour.domain.shared.errors import InvalidInput

# Larson & Odoni, Urban Operations Research (1981), section 5.4.3 (three-server, ten-atom
# city, λ = 1.5, μ = 1) and 5.5.3 (the same city by the approximation). The text gives the
# structure: unit 1's area (atoms 1, 2, 4) holds half the calls, unit 2 backs it up for atoms
# 1-2 and unit 3 for atom 4; unit 1 is first backup for areas 2 (atoms 3, 5, 6) and 3. The
# per-atom rates are in a figure, but with a fixed preference policy only the rate per
# preference order matters; the split below (0.50, 0.25, 0.35, 0.40) is the only one on a
# 0.05 grid that reproduces all three published exact workloads to four decimals, so the
# approximation's published workloads are an independent check of solve_approximate.
LARSON_ODONI = [
    Atom("1,2", 0.50, (0, 1, 2)),
    Atom("4", 0.25, (0, 2, 1)),
    Atom("3,5,6", 0.35, (1, 0, 2)),
    Atom("7-10", 0.40, (2, 0, 1)),
]


def test_exact_workloads_match_larson_and_odonis_three_server_city():
    result = solve_exact(LARSON_ODONI, 3, 1.0)
    assert result.workloads == pytest.approx([0.5574, 0.4734, 0.4693], abs=5e-5)


def test_approximate_workloads_match_larsons_1975_procedure_on_the_same_city():
    """Published 0.5627, 0.4716, 0.4657 after three rounds with a 0.001 stopping rule; our
    fixed point is iterated to 1e-9, so agreement is to 2e-4."""
    result = solve_approximate(LARSON_ODONI, 3, 1.0)
    assert result.workloads == pytest.approx([0.5627, 0.4716, 0.4657], abs=2e-4)


def test_larsons_correction_factors_for_three_units_at_half_load():
    """Larson & Odoni 5.5.3: Q(3, 1/2, 0) = 1, Q(3, 1/2, 1) = 0.73684, Q(3, 1/2, 2) = 0.63158."""
    queue = MultiServer(3, 1.5, 1.0)
    assert [queue.correction(j) for j in range(3)] == pytest.approx(
        [1.0, 0.73684, 0.63158], abs=5e-6
    )


def test_three_identical_units_give_the_erlang_c_closed_forms():
    """M/M/3, λ = 1.5, μ = 1: busy fraction 0.5, P(wait) 0.236842, mean wait 0.157895."""
    atoms = [Atom(str(u), 0.5, tuple((u + k) % 3 for k in range(3))) for u in range(3)]
    exact = solve_exact(atoms, 3, 1.0)
    assert exact.workloads == pytest.approx([0.5, 0.5, 0.5], abs=1e-12)
    assert exact.prob_all_busy == pytest.approx(0.236842, abs=5e-7)
    queue = MultiServer(3, 1.5, 1.0)
    assert queue.prob_all_busy == pytest.approx(0.236842, abs=5e-7)
    assert queue.mean_wait == pytest.approx(0.157895, abs=5e-7)
    assert solve_approximate(atoms, 3, 1.0).workloads == pytest.approx([0.5] * 3, abs=1e-9)


@st.composite
def cities(draw: st.DrawFn) -> tuple[list[Atom], int, str]:
    units = draw(st.integers(1, 5))
    queue = draw(st.sampled_from(["fcfs", "none"]))
    count = draw(st.integers(1, 6))
    atoms = []
    for j in range(count):
        rate = draw(st.floats(0.0, 0.8 * units / count))
        order = draw(st.permutations(range(units)))
        atoms.append(Atom(f"a{j}", rate, tuple(order)))
    return atoms, units, queue


@settings(max_examples=80, deadline=None)
@given(cities())
def test_any_preference_policy_carries_the_load_the_multi_server_queue_carries(city):
    """However calls are routed, the number of busy units is the M/M/N chain: the workloads
    sum to N times its busy fraction and P(all busy) is Erlang C (queue) or B (loss)."""
    atoms, units, queue = city
    exact = solve_exact(atoms, units, 1.0, queue)
    mmn = MultiServer(units, sum(a.rate for a in atoms), 1.0, queue)
    assert sum(exact.workloads) == pytest.approx(units * mmn.utilisation, abs=1e-9)
    assert exact.prob_all_busy == pytest.approx(mmn.prob_all_busy, abs=1e-9)
    # A unit's workload is the calls it answers times the mean job time.
    rates = np.array([a.rate for a in atoms])
    assert rates @ exact.dispatch == pytest.approx(exact.workloads, abs=1e-9)
    approx = solve_approximate(atoms, units, 1.0, queue)
    assert sum(approx.workloads) == pytest.approx(units * mmn.utilisation, abs=1e-9)


def test_approximation_stays_within_a_few_percent_of_the_exact_model_on_random_cities():
    """Larson (1975) reports errors of 1-2 %; on random 6-unit cities we allow 3 points."""
    rng = np.random.default_rng(7)
    worst = 0.0
    for _ in range(20):
        atoms = [
            Atom(str(j), float(rng.uniform(0.05, 0.4)), tuple(int(u) for u in rng.permutation(6)))
            for j in range(12)
        ]
        exact = solve_exact(atoms, 6, 1.0)
        approx = solve_approximate(atoms, 6, 1.0)
        worst = max(worst, float(np.max(np.abs(np.subtract(exact.workloads, approx.workloads)))))
    assert worst < 0.03


def test_a_preference_list_missing_a_unit_is_refused_naming_the_atom():
    with pytest.raises(InvalidInput, match="atom north: preference"):
        solve_exact([Atom("north", 0.5, (0,))], 2, 1.0)


def test_an_overloaded_queue_is_refused_rather_than_answered():
    with pytest.raises(InvalidInput, match="grow without end"):
        solve_exact([Atom("a", 3.0, (0, 1))], 2, 1.0)
