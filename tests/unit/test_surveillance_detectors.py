"""The fixed 24-hour threshold and ESSENCE's EWMA (CDC NSSP; Rnssp ``alert_ewma``: 28-day
baseline, 2-day guard band, ω 0.4 and 0.9, corrected σ with a floor, Student t; red p < 0.01,
yellow p < 0.05), and the scan over grid areas, on one case stream."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from scipy import stats

from goldenhour.domain.surveillance.case_definitions import Case
from goldenhour.domain.surveillance.detectors import (
    area_of,
    ewma_signals,
    scan_signals,
    threshold_signals,
)
from goldenhour.domain.surveillance.ewma import ewma_series
from goldenhour.domain.surveillance.scan import ScanParameters

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
PATTERN = [1, 0, 2, 1, 0, 1, 1, 2, 0, 1]


def case(n: int, at: datetime, lat: float = 47.61, lon: float = -122.33) -> Case:
    return Case("opioid_overdose", f"p{n}", n, at.isoformat(), lat, lon, ("eSituation.11 F11",))


def test_ewma_after_a_quiet_baseline_matches_the_hand_computed_statistic() -> None:
    """28 zero days as baseline, then 3 cases: mean 0 and σ 0, so σ is the floor
    (ω/t₀.₉₅,₂₇)·(1 + 0.5(1−ω)²); for ω = 0.9: (0.9/1.70329)·1.005 = 0.53103; the smoothed
    value 0.9·3 = 2.7 gives t = 5.0845 with 27 degrees of freedom: red. ω = 0.4 gives a
    smaller t (1.2/0.27711 = 4.3304), so the sudden smoothing decides."""
    point = ewma_series([0] * 30 + [3])[-1]
    assert point is not None
    ucl = round(float(stats.t.ppf(0.95, 27)), 5)
    assert point.sigma == pytest.approx(0.9 / ucl * 1.005)
    assert point.sigma == pytest.approx(0.53103, abs=1e-5)
    assert point.statistic == pytest.approx(5.0845, abs=1e-4)
    assert point.p == pytest.approx(float(stats.t.sf(2.7 / point.sigma, 27)))
    assert (point.weight, point.level) == (0.9, "red")


def test_ewma_levels_red_yellow_and_none_on_a_steady_series() -> None:
    """Steady counts averaging about 0.9 a day: an ordinary day is quiet, 3 is yellow, 4 red."""
    assert ewma_series(PATTERN * 4)[-1].level == "none"  # type: ignore[union-attr]
    assert ewma_series(PATTERN * 4 + [3])[-1].level == "yellow"  # type: ignore[union-attr]
    assert ewma_series(PATTERN * 4 + [4])[-1].level == "red"  # type: ignore[union-attr]


def test_ewma_needs_eleven_baseline_days_beyond_the_guard_band() -> None:
    """Days before 11 baseline days + 2 guard days have no test (grey in ESSENCE)."""
    points = ewma_series([1] * 14)
    assert points[:13] == [None] * 13 and points[13] is not None


def test_ewma_baseline_ends_two_days_before_the_test_day() -> None:
    """A spike one or two days back is inside the guard band, not the baseline."""
    point = ewma_series([0] * 28 + [9, 9, 0])[-1]
    assert point is not None and point.expected == 0.0


def test_threshold_counts_cases_per_area_in_the_last_24_hours() -> None:
    near = [case(i, NOW - timedelta(hours=h)) for i, h in enumerate((1, 5, 23))]
    old = case(10, NOW - timedelta(hours=25))
    elsewhere = case(11, NOW - timedelta(hours=2), lat=47.9)
    (signal,) = threshold_signals([*near, old, elsewhere], NOW, threshold=3)
    assert signal.observed == 3 and {c.patient for c in signal.cases} == {"p0", "p1", "p2"}
    assert signal.parameters == {"threshold": 3, "hours": 24, "cell_km": 2.0}
    assert threshold_signals([*near[:2], old], NOW, threshold=3) == []


def test_ewma_signals_per_area_record_parameters_and_result() -> None:
    day = NOW.date()
    history = [
        case(i * 10 + k, NOW - timedelta(days=40 - i))
        for i, n in enumerate(PATTERN * 4)
        for k in range(n)
    ]
    burst = [case(1000 + k, NOW - timedelta(hours=k)) for k in range(4)]
    (signal,) = ewma_signals([*history, *burst], day)
    assert signal.detector == "ewma" and signal.level == "red" and signal.observed == 4
    assert signal.parameters["baseline_days"] == 28 and signal.parameters["guard_days"] == 2
    assert signal.result["p"] == signal.p


def test_areas_are_grid_cells_and_the_signal_circle_covers_them() -> None:
    a = area_of(47.6101, -122.3301, 2.0)
    b = area_of(47.6102, -122.3302, 2.0)
    assert a == b and a.half_km == 1.0
    assert abs(a.lat - 47.61) < 0.02 and abs(a.lon + 122.33) < 0.03


def test_scan_signal_finds_the_burst_area_and_keeps_only_its_cases() -> None:
    """30 days of scattered cases over a 20 km square, then 8 cases in one cell on the last
    day: the scan's most likely cluster is that cell, with p = 1/(R+1)."""
    cases = []
    n = 0
    for d in range(30):
        for k in range(4):
            at = NOW - timedelta(days=30 - d)
            cases.append(case(n, at, 47.5 + 0.04 * ((d + k * 7) % 5), -122.4 + 0.05 * k))
            n += 1
    burst = [case(500 + k, NOW - timedelta(hours=k + 1), 47.61, -122.33) for k in range(8)]
    params = ScanParameters(
        start=(NOW - timedelta(days=30)).date(), end=NOW.date(), max_radius_km=3.0,
        max_days=3, replicas=99, seed=3,
    )  # fmt: skip
    signals = scan_signals([*cases, *burst], "opioid_overdose", params)
    top = signals[0]
    assert top.p == pytest.approx(0.01) and top.level == "yellow"
    assert area_of(47.61, -122.33, 2.0) in top.areas
    assert {c.patient for c in burst} <= {c.patient for c in top.cases}
    assert top.end.date() == date(2026, 12, 4) and top.radius_km > 1.0
