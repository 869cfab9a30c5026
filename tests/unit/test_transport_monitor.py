"""Offload interval, offload alerts and the list of units waiting at each facility."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.domain.destination.offload import (
    TransportTimeline,
    offload_alert_at,
    offload_alert_due,
    offload_alerts_due,
    offload_interval_s,
    offload_summary,
    units_waiting,
)
from goldenhour.domain.shared.errors import InvalidInput

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
THRESHOLD = 1800.0


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def transport(
    unit: str, facility: str = "hmc", arrived: float | None = 0, handed: float | None = None
) -> TransportTimeline:
    return TransportTimeline(
        unit,
        f"inc-{unit}",
        facility,
        left_scene=at(-15),
        arrived=None if arrived is None else at(arrived),
        transfer_of_care=None if handed is None else at(handed),
    )


@pytest.mark.parametrize(
    ("minutes_waited", "due"),
    [(0, False), (29, False), (29.99, False), (30, True), (31, True), (240, True)],
)
def test_offload_alert_fires_at_the_threshold_and_not_before(
    minutes_waited: float, due: bool
) -> None:
    """Alert once the ambulance has waited the threshold (default 30 min: California APOT
    standard, Cone et al. 2018) and is still waiting."""
    assert offload_alert_due(transport("m1"), at(minutes_waited), THRESHOLD) is due


def test_offload_alert_fires_once() -> None:
    t = transport("m1")
    assert offload_alert_due(t, at(31), THRESHOLD, already_alerted=False)
    assert not offload_alert_due(t, at(45), THRESHOLD, already_alerted=True)
    raised = offload_alerts_due([t], at(31), THRESHOLD)
    assert [a.unit_id for a in raised] == ["m1"] and raised[0].waiting_s == 31 * 60
    assert offload_alerts_due([t], at(45), THRESHOLD, alerted={t.key}) == ()


def test_no_alert_once_care_was_handed_over_or_before_arrival() -> None:
    assert not offload_alert_due(transport("m1", handed=20), at(40), THRESHOLD)
    assert not offload_alert_due(transport("m1", handed=35), at(40), THRESHOLD)
    assert not offload_alert_due(transport("m1", arrived=None), at(40), THRESHOLD)
    assert offload_alert_at(transport("m1", handed=20), THRESHOLD) is None
    assert offload_alert_at(transport("m1"), THRESHOLD) == at(30)


@given(
    st.floats(min_value=0, max_value=600),
    st.floats(min_value=0, max_value=600),
    st.integers(min_value=1, max_value=300),
)
def test_an_alert_is_never_due_before_the_threshold(
    arrived: float, checked: float, threshold_min: int
) -> None:
    t = transport("m1", arrived=arrived)
    due = offload_alert_due(t, at(checked), threshold_min * 60)
    assert due == (at(checked) >= at(arrived) + timedelta(minutes=threshold_min))


def test_offload_interval_runs_from_arrival_to_transfer_of_care() -> None:
    assert offload_interval_s(transport("m1", handed=12)) == 12 * 60
    assert offload_interval_s(transport("m1")) is None
    assert offload_interval_s(transport("m1"), now=at(7)) == 7 * 60
    assert offload_interval_s(transport("m1", arrived=None), now=at(7)) is None


def test_units_waiting_are_listed_per_facility_longest_wait_first() -> None:
    timelines = [
        transport("m2", "hmc", arrived=10),
        transport("m1", "hmc", arrived=0),
        transport("m3", "swedish", arrived=5, handed=15),
        transport("m4", "swedish", arrived=20),
        transport("m5", "hmc", arrived=None),
    ]
    waiting = units_waiting(timelines, at(32), THRESHOLD)
    assert [u.unit_id for u in waiting["hmc"]] == ["m1", "m2"]
    assert [u.alert_due for u in waiting["hmc"]] == [True, False]
    assert [u.unit_id for u in waiting["swedish"]] == ["m4"]


def test_offload_summary_reports_median_90th_percentile_and_over_threshold() -> None:
    timelines = [
        transport(f"m{i}", handed=minutes)
        for i, minutes in enumerate([5, 10, 15, 20, 25, 30, 35, 40, 45, 60])
    ]
    summary = offload_summary(timelines + [transport("waiting")], THRESHOLD)["hmc"]
    assert summary.count == 10
    assert summary.median_s == 25 * 60
    assert summary.p90_s == 45 * 60
    assert summary.max_s == 60 * 60
    assert summary.over_threshold == 4


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"arrived": at(10), "transfer_of_care": at(5)}, "transfer_of_care"),
        ({"left_scene": at(10), "arrived": at(5)}, "arrived"),
        ({"transfer_of_care": at(5)}, "transfer_of_care"),
        ({"arrived": at(5).replace(tzinfo=None)}, "arrived"),
    ],
)
def test_impossible_timelines_are_refused(kwargs: dict[str, datetime], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        TransportTimeline("m1", "i1", "hmc", **kwargs)
    assert caught.value.errors[0].field == field


def test_a_threshold_must_be_positive() -> None:
    with pytest.raises(InvalidInput, match="threshold_s"):
        offload_alert_due(transport("m1"), at(1), 0)
