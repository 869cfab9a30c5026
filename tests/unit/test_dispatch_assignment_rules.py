"""The dispatch rules as pure functions: may a unit go, may a call be cancelled, which role.

The same rules the dispatch services apply (and the API answers with 409/422) decide here with
no storage: a unit is sent only to a live call, never twice to one call, never while out of
service or busy on a call unless diverted; a call is cancelled with a reason, while live, and
only while its units can still turn back; a unit fills the first open role it fits.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.domain.dispatch.assignment import (
    ADDITIONAL,
    CANCELLED,
    CLOSED,
    LIVE,
    OPEN,
    PENDING,
    Sending,
    UnitState,
    may_assign,
    may_cancel,
    role_for,
)
from goldenhour.domain.dispatch.recommendation import Ranked, RoleRecommendation
from goldenhour.domain.shared.errors import Conflict, GoldenHourError, InvalidInput
from goldenhour.domain.triage.priority import ResponseMode
from goldenhour.domain.triage.response_plan import Role
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.domain.units.timeline import DISPATCHABLE, UnitStatus

S = UnitStatus
INCIDENT = 7

# (incident status, unit status, incident the unit is on, divert asked, answer or refusal)
ASSIGN = [
    (PENDING, S.AVAILABLE, None, False, Sending.FREE),
    (OPEN, S.RETURNING, None, False, Sending.FREE),
    (OPEN, S.EN_ROUTE, 3, False, Sending.TAKEN),
    (OPEN, S.EN_ROUTE, 3, True, Sending.DIVERT),
    (OPEN, S.EN_ROUTE, INCIDENT, True, "unit_id: unit M1 is already on this incident"),
    (OPEN, S.OUT_OF_SERVICE, None, False, "unit_id: unit M1 is out of service"),
    (OPEN, S.ON_SCENE, None, False, "unit_id: unit M1 is on_scene"),
    (CLOSED, S.AVAILABLE, None, False, "incident: incident 7 is closed"),
    (CANCELLED, S.AVAILABLE, None, True, "incident: incident 7 is cancelled"),
]


@pytest.mark.parametrize(("incident", "status", "holding", "divert", "expected"), ASSIGN)
def test_a_unit_is_sent_diverted_or_refused_by_the_dispatch_rules(
    incident: str, status: UnitStatus, holding: int | None, divert: bool, expected: object
) -> None:
    unit = UnitState("M1", status)
    if isinstance(expected, Sending):
        assert may_assign(INCIDENT, incident, unit, holding, divert) is expected
    else:
        with pytest.raises(Conflict) as refused:
            may_assign(INCIDENT, incident, unit, holding, divert)
        assert refused.value.detail == expected


@given(
    incident=st.sampled_from([PENDING, OPEN, CLOSED, CANCELLED]),
    status=st.sampled_from(list(UnitStatus)),
    holding=st.one_of(st.none(), st.integers(1, 10)),
    divert=st.booleans(),
)
def test_a_unit_goes_freely_only_to_a_live_call_when_free_and_on_no_other_call(
    incident: str, status: UnitStatus, holding: int | None, divert: bool
) -> None:
    try:
        sending = may_assign(INCIDENT, incident, UnitState("M1", status), holding, divert)
    except Conflict:
        sending = None
    if sending is Sending.FREE:
        assert incident in LIVE and holding is None and status in DISPATCHABLE
    if incident in LIVE and holding is None and status in DISPATCHABLE:
        assert sending is Sending.FREE
    if sending is Sending.DIVERT:
        assert divert and holding not in (None, INCIDENT)


def test_a_call_is_cancelled_while_its_units_can_still_turn_back() -> None:
    turning_back = [UnitState("M1", S.DISPATCHED), UnitState("E2", S.EN_ROUTE)]
    may_cancel(INCIDENT, OPEN, "caller says no one is hurt", turning_back)
    may_cancel(INCIDENT, PENDING, "duplicate of incident 6", [])


@pytest.mark.parametrize(
    ("incident", "reason", "units", "error", "detail"),
    [
        (OPEN, "  ", [], InvalidInput, "reason: say why the call is cancelled"),
        (CLOSED, "duplicate", [], Conflict, "incident: incident 7 is already closed"),
        (
            OPEN,
            "duplicate",
            [UnitState("M1", S.EN_ROUTE), UnitState("M2", S.ON_SCENE)],
            Conflict,
            "incident: unit M2 is on_scene; it clears the call itself",
        ),
    ],
)
def test_a_cancel_is_refused_without_reason_after_the_call_or_once_a_unit_arrived(
    incident: str, reason: str, units: list[UnitState], error: type[GoldenHourError], detail: str
) -> None:
    with pytest.raises(error) as refused:
        may_cancel(INCIDENT, incident, reason, units)
    assert str(refused.value) == detail


def _role(name: str, *candidates: int) -> RoleRecommendation:
    role = Role(name, frozenset({UnitType.TRANSPORT}), CareLevel.BLS, ResponseMode.EMERGENT)
    ranked = tuple(
        Ranked(str(c), UnitType.TRANSPORT, CareLevel.ALS, 60.0 * i, False, ())
        for i, c in enumerate(candidates)
    )
    return RoleRecommendation(role, ranked, (), None)


def test_a_unit_fills_the_first_open_role_it_is_a_candidate_for_else_goes_additional() -> None:
    plan = [_role("first_response", 4), _role("transport", 5, 4)]
    assert role_for(4, plan) == "first_response"
    assert role_for(5, plan) == "transport"
    assert role_for(9, plan) == ADDITIONAL
    assert role_for(4, []) == ADDITIONAL
