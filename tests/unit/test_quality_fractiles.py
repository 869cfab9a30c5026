"""Fractiles the way EMS reports them: nearest rank, compliance at or under, contract rules.

The rule (NFPA 1710 (2020) 4.1.2.4 and the NFPA 1221/1225 answering objectives state their
targets as "for 90 percent of" calls): the reported 90th fractile is the ⌈0.9·n⌉-th smallest
value, the same as numpy's ``inverted_cdf`` method (Hyndman & Fan 1996, definition 1).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.domain.quality.fractiles import (
    ContractRules,
    compliance,
    nearest_rank,
    rank,
    summarise,
)

MIN = 60.0


@pytest.mark.parametrize(
    ("values", "expected_rank", "expected"),
    [
        ([437.0], 1, 437.0),
        # n = 10: rank ⌈9.0⌉ = 9, the 9th smallest.
        ([MIN * k for k in range(1, 11)], 9, 9 * MIN),
        # n = 25: rank ⌈22.5⌉ = 23, the 23rd smallest.
        ([10.0 * k for k in range(25, 0, -1)], 23, 230.0),
    ],
)
def test_the_90th_fractile_is_the_nearest_rank_for_1_10_and_25_calls(
    values: list[float], expected_rank: int, expected: float
) -> None:
    x = np.array(values)
    assert rank(90, len(x)) == expected_rank
    assert nearest_rank(x, 90) == expected
    assert nearest_rank(x, 90) == np.percentile(x, 90, method="inverted_cdf")


def test_linear_interpolation_reports_a_time_no_call_had_and_breaks_compliance() -> None:
    """Ten calls of 1..10 minutes: nearest rank says 9:00 (a real call); interpolation says
    9:06. Against a 9:00 target, 90 % of calls comply: nearest rank agrees, interpolation
    would call the standard missed."""
    x = np.array([MIN * k for k in range(1, 11)])
    linear = float(np.percentile(x, 90))
    assert linear == 546.0
    assert linear not in x
    assert nearest_rank(x, 90) == 540.0
    assert compliance(x, 540.0) == 0.9
    assert nearest_rank(x, 90) <= 540.0 < linear


@pytest.mark.parametrize(
    ("values", "target", "expected"),
    [
        ([60, 60, 60, 60], 60, 1.0),  # every call exactly on the target complies
        ([59, 60, 61, 62], 60, 0.5),
        ([61, 61, 61, 61], 60, 0.0),
        ([30, 60, 60, 90, 120], 60, 0.6),
    ],
)
def test_compliance_counts_calls_on_the_target_as_met(
    values: list[float], target: float, expected: float
) -> None:
    assert compliance(np.array(values, dtype=float), target) == expected


@pytest.mark.parametrize(
    ("rules", "seconds", "counted"),
    [
        (ContractRules(), 601.0, 601.0),
        (ContractRules(round_up_minutes=True), 601.0, 660.0),  # 10:01 counts as 11 min
        (ContractRules(round_up_minutes=True), 600.0, 600.0),  # 10:00 stays 10 min
        (ContractRules(round_up_minutes=True), 0.0, 0.0),
        (ContractRules(round_up_minutes=True), 1.0, 60.0),
    ],
)
def test_partial_minutes_round_up_only_under_the_contract_rule(
    rules: ContractRules, seconds: float, counted: float
) -> None:
    assert rules.counted(np.array([seconds]))[0] == counted


@pytest.mark.parametrize(
    ("rules", "seconds", "meets"),
    [
        (ContractRules(grace_s=59), 539.0, True),  # 8:59 meets an 8-minute target
        (ContractRules(grace_s=59), 540.0, False),  # 9:00 does not
        (ContractRules(), 481.0, False),
        (ContractRules(round_up_minutes=True), 481.0, False),  # 8:01 is 9 minutes
        (ContractRules(round_up_minutes=True), 480.0, True),
    ],
)
def test_the_grace_seconds_widen_the_target(
    rules: ContractRules, seconds: float, meets: bool
) -> None:
    summary = summarise(np.array([seconds]), np.array([480.0]), 90, rules)
    assert summary.compliance == (1.0 if meets else 0.0)


def test_a_summary_without_calls_reports_n_zero_and_nothing_else() -> None:
    summary = summarise(np.array([]), np.array([]), 90)
    assert (summary.n, summary.fractile_s, summary.compliance) == (0, None, None)


def test_mixed_targets_give_compliance_but_no_single_target() -> None:
    summary = summarise(np.array([400.0, 700.0]), np.array([480.0, 900.0]), 90)
    assert summary.compliance == 1.0
    assert summary.target_s is None


seconds = st.lists(st.integers(min_value=0, max_value=3600), min_size=1, max_size=300)


@given(seconds, st.integers(min_value=0, max_value=3600), st.sampled_from([50, 80, 90, 95, 99]))
def test_compliance_reaches_the_fractile_share_exactly_when_the_fractile_meets_the_target(
    values: list[int], target: int, p: int
) -> None:
    x = np.array(values, dtype=float)
    assert (compliance(x, target) >= p / 100) == (nearest_rank(x, p) <= target)


@given(seconds, st.floats(min_value=0.1, max_value=100))
def test_nearest_rank_is_numpys_inverted_cdf(values: list[int], p: float) -> None:
    x = np.array(values, dtype=float)
    assert nearest_rank(x, p) == np.percentile(x, p, method="inverted_cdf")
    assert rank(p, len(x)) == max(1, math.ceil(p * len(x) / 100 - 1e-9))


@given(seconds, st.integers(min_value=0, max_value=1800), st.booleans(), st.integers(0, 59))
def test_under_contract_rules_compliance_and_fractile_still_agree(
    values: list[int], target: int, round_up: bool, grace: int
) -> None:
    rules = ContractRules(round_up, grace)
    summary = summarise(
        np.array(values, dtype=float), np.full(len(values), float(target)), 90, rules
    )
    assert summary.compliance is not None and summary.fractile_s is not None
    assert (summary.compliance >= 0.9) == (summary.fractile_s <= target + grace)
