"""Move-up rules and the agency's alert limits file, as the board and the API apply them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.domain.dispatch.alert_limits import parse_alert_limits
from goldenhour.domain.shared.errors import Conflict, InvalidInput
from goldenhour.domain.units.cover import post_for, uncovered
from goldenhour.domain.units.timeline import UnitStatus

STATIONS = ["Station 1", "Station 2", "Station 3"]


@pytest.mark.parametrize("status", list(UnitStatus))
def test_only_a_free_unit_can_be_moved_up(status: UnitStatus) -> None:
    if status in (UnitStatus.AVAILABLE, UnitStatus.RETURNING):
        assert post_for("M1", status, "Station 1", "Station 2", STATIONS).station == "Station 2"
    else:
        with pytest.raises(Conflict, match=status.value.replace("_", " ")):
            post_for("M1", status, "Station 1", "Station 2", STATIONS)


def test_posting_a_unit_at_its_own_station_ends_the_move_up() -> None:
    assert post_for("M1", UnitStatus.AVAILABLE, "Station 1", "Station 1", STATIONS).station is None
    assert post_for("M1", UnitStatus.AVAILABLE, "Station 1", None, STATIONS).station is None


def test_an_unknown_station_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        post_for("M1", UnitStatus.AVAILABLE, "Station 1", "Station 9", STATIONS)
    assert refused.value.errors[0].field == "station"


units = st.lists(
    st.tuples(
        st.sampled_from([*STATIONS, None]),
        st.sampled_from([*STATIONS, None]),
        st.sampled_from(list(UnitStatus)),
    ),
    max_size=8,
)


@given(units)
def test_a_station_is_uncovered_exactly_when_no_available_unit_is_there(
    fleet: list[tuple[str | None, str | None, UnitStatus]],
) -> None:
    empty = uncovered(STATIONS, fleet)
    for station in STATIONS:
        there = any(
            s is UnitStatus.AVAILABLE and (post or home) == station for home, post, s in fleet
        )
        assert (station in empty) is not there


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("[status_limits_s]\nflying = 60", "status_limits_s.flying"),
        ("[status_limits_s]\nen_route = 0", "status_limits_s.en_route"),
        ("[status_limits_s]\nen_route = '15 min'", "status_limits_s.en_route"),
        ("[status_limits_s]\nen_route = true", "status_limits_s.en_route"),
        ("[status_limits_s\n", "alert_limits"),
    ],
)
def test_a_bad_alert_limit_is_refused_naming_it(text: str, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_alert_limits(text)
    assert refused.value.errors[0].field == field


def test_alert_limits_keep_every_status_given_and_only_those() -> None:
    text = "[status_limits_s]\ndispatched = 60\nat_destination = 1200\n"
    assert parse_alert_limits(text) == {"dispatched": 60, "at_destination": 1200}
