"""The space-time permutation scan (Kulldorff et al., PLoS Med 2005;2(3):e59) on cases small
enough to compute by hand, SaTScan's conventions (chord distance on a 6,367 km sphere, ties
entering a circle together, fewer locations winning a tied LLR), and agreement with the
straightforward loop implementation on random data."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.surveillance.scan import (
    ScanCase,
    ScanLocation,
    ScanParameters,
    SpaceTimeScan,
    chord_km,
    log_likelihood_ratio,
    scan,
)
from scan_by_loops import scan_by_loops

D1, D2 = date(2026, 11, 1), date(2026, 11, 2)
KM_PER_DEGREE_AT_EQUATOR = 2 * math.pi * 6367 / 360


def east_km(km: float, lat: float = 0.0) -> tuple[float, float]:
    return lat, km / KM_PER_DEGREE_AT_EQUATOR


def loc(name: str, km: float) -> ScanLocation:
    lat, lon = east_km(km)
    return ScanLocation(name, lat, lon)


def params(**kw: object) -> ScanParameters:
    base: dict[str, object] = {
        "start": D1,
        "end": D2,
        "max_radius_km": 5.0,
        "max_days": 1,
        "prospective": True,
        "replicas": 99,
        "seed": 7,
    }
    base.update(kw)
    return ScanParameters(**base)  # type: ignore[arg-type]


# A has 4 cases on day 1; B has 1 on day 1 and 3 on day 2; they are 100 km apart, so every
# circle holds one location. C = 8, location totals 4 and 4, day totals 5 and 3.
TWO_TOWNS = [loc("A", 0), loc("B", 100)]
TWO_TOWNS_CASES = [ScanCase("A", D1, 4), ScanCase("B", D1, 1), ScanCase("B", D2, 3)]


def test_llr_formula_matches_hand_computation() -> None:
    """n = 3, μ = 1.5, C = 8: 3·ln(3/1.5) + 5·ln(5/6.5) = 2.0794415 − 1.3118213 = 0.7676202."""
    assert log_likelihood_ratio(3, 1.5, 8) == pytest.approx(0.7676202, abs=1e-7)


def test_llr_is_zero_for_low_rates_and_counts_all_cases_in_the_cylinder() -> None:
    """High rates only (n > μ); with every case inside, the second term vanishes (0·ln 0)."""
    assert log_likelihood_ratio(1, 1.5, 8) == 0.0
    assert log_likelihood_ratio(8, 2.0, 8) == pytest.approx(8 * math.log(4))


def test_prospective_scan_finds_the_last_day_cluster_with_hand_computed_llr() -> None:
    """Window = the last day only. Cylinder B×day 2: n = 3, μ = 4·3/8 = 1.5, LLR 0.7676202;
    A×day 2 has no case."""
    result = scan(TWO_TOWNS, TWO_TOWNS_CASES, params())
    assert result.total_cases == 8
    (top,) = result.clusters
    assert (top.locations, top.start, top.end, top.observed) == (("B",), D2, D2, 3)
    assert top.expected == pytest.approx(1.5)
    assert top.llr == pytest.approx(0.7676202, abs=1e-7)


def test_retrospective_scan_reports_a_secondary_cluster_that_does_not_overlap() -> None:
    """Windows of one day anywhere: B×day 2 (LLR 0.7676202) first, then A×day 1:
    n = 4, μ = 4·5/8 = 2.5, LLR = 4·ln(4/2.5) + 4·ln(4/5.5) = 1.8800145 − 1.2738149 = 0.6061996."""
    result = scan(TWO_TOWNS, TWO_TOWNS_CASES, params(prospective=False))
    first, second = result.clusters
    assert first.locations == ("B",) and first.llr == pytest.approx(0.7676202, abs=1e-7)
    assert (second.locations, second.start, second.end) == (("A",), D1, D1)
    assert second.expected == pytest.approx(2.5)
    assert second.llr == pytest.approx(0.6061996, abs=1e-7)


def test_a_cylinder_needs_at_least_the_minimum_number_of_cases() -> None:
    """With min_cases 4 the 3-case cylinder B×day 2 cannot be a cluster."""
    assert scan(TWO_TOWNS, TWO_TOWNS_CASES, params(min_cases=4)).clusters == ()


def test_tied_llr_reports_the_window_with_fewer_locations() -> None:
    """B lies 1 km from A and has no case, so {A} and {A, B} hold the same cases and the same
    expected count: their LLRs tie, and SaTScan reports the circle with fewer locations."""
    towns = [loc("A", 0), loc("B", 1), loc("C", 100)]
    cases = [ScanCase("A", D1, 1), ScanCase("A", D2, 3), ScanCase("C", D1, 4)]
    top = scan(towns, cases, params()).clusters[0]
    assert top.locations == ("A",)
    assert top.llr == pytest.approx(log_likelihood_ratio(3, 1.5, 8))


def test_locations_at_the_same_distance_enter_the_circle_together() -> None:
    """East and west of A at the same distance: the circles around A are {A} and {A, E, W},
    never {A, E} alone."""
    towns = [loc("W", -1), loc("A", 0), loc("E", 1)]
    scanner = SpaceTimeScan(towns, [ScanCase("A", D2, 2)], params(max_radius_km=1.5))
    around_a = scanner.circles.size[scanner.circles.center == 1]
    assert around_a.tolist() == [1, 3]


def test_distance_is_the_chord_on_a_6367_km_sphere() -> None:
    """Two points on the equator one degree apart: chord = 2·6367·sin(0.5°) = 111.1237 km
    (the great-circle arc would be 6367·π/180 = 111.1251 km)."""
    a, b = ScanLocation("a", 0, 0), ScanLocation("b", 0, 1)
    assert chord_km(a, b) == pytest.approx(2 * 6367 * math.sin(math.radians(0.5)), abs=1e-9)
    assert chord_km(a, b) == pytest.approx(111.1237, abs=1e-4)


def test_monte_carlo_p_is_rank_over_replicas_plus_one_and_reproducible_by_seed() -> None:
    """A planted burst of 12 cases at one place on the last day beats every shuffled replica:
    p = 1/(R+1); the same seed gives the same answer."""
    towns = [loc(f"L{i}", 10 * i) for i in range(6)]
    days = [D1 + timedelta(days=d) for d in range(10)]
    cases = [ScanCase(f"L{i}", day) for i in range(6) for day in days]
    cases.append(ScanCase("L3", days[-1], 12))
    p = params(end=days[-1], max_days=3, replicas=199)
    first, again = scan(towns, cases, p), scan(towns, cases, p)
    assert first == again
    top = first.clusters[0]
    assert top.locations == ("L3",) and top.end == days[-1]
    assert top.p == pytest.approx(1 / 200)
    assert top.recurrence_interval_days == pytest.approx(200)


def test_unknown_location_and_bad_parameters_are_named() -> None:
    with pytest.raises(InvalidInput, match=r"cases\[0\].location"):
        scan(TWO_TOWNS, [ScanCase("Z", D1)], params())
    with pytest.raises(InvalidInput) as bad:
        scan(TWO_TOWNS, [], params(max_days=0, end=date(2026, 10, 1)))
    assert {e.field for e in bad.value.errors} == {"max_days", "end"}


@settings(max_examples=40, deadline=None)
@given(
    points=st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=7, unique=True
    ),
    raw_cases=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 5)), min_size=0, max_size=30),
    radius=st.sampled_from([0.0, 1.0, 2.5, 6.0]),
    max_days=st.integers(1, 4),
    prospective=st.booleans(),
)
def test_vectorised_scan_agrees_with_the_loop_implementation(
    points: list[tuple[int, int]],
    raw_cases: list[tuple[int, int]],
    radius: float,
    max_days: int,
    prospective: bool,
) -> None:
    """Same clusters, LLRs and Monte Carlo p-values as the straightforward loops."""
    towns = [
        ScanLocation(f"L{i}", x / KM_PER_DEGREE_AT_EQUATOR, y / KM_PER_DEGREE_AT_EQUATOR)
        for i, (x, y) in enumerate(points)
    ]
    cases = [ScanCase(f"L{z % len(towns)}", D1 + timedelta(days=d)) for z, d in raw_cases]
    p = params(
        end=D1 + timedelta(days=5),
        max_radius_km=radius,
        max_days=max_days,
        prospective=prospective,
        replicas=9,
    )
    fast = [c.as_dict() for c in scan(towns, cases, p).clusters]
    slow = scan_by_loops(towns, cases, p)
    assert len(fast) == len(slow)
    for f, s in zip(fast, slow, strict=True):
        assert f["locations"] == s["locations"] and f["center"] == s["center"]
        assert (f["start"], f["end"]) == (str(s["start"]), str(s["end"]))
        assert f["observed"] == s["observed"] and f["p"] == s["p"]
        assert f["llr"] == pytest.approx(s["llr"], abs=1e-9)
        assert f["expected"] == pytest.approx(s["expected"])
