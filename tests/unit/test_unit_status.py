"""The unit status state machine: only listed transitions exist, each stamps its NEMSIS times."""

from __future__ import annotations

import itertools

import pytest

from goldenhour.domain.dispatch.codes import TimeElement as T
from goldenhour.domain.shared.errors import Conflict, InvalidInput
from goldenhour.domain.triage.priority import Priority
from goldenhour.domain.units.timeline import (
    DivertPolicy,
    UnitStatus,
    allowed_next,
    divert,
    transition,
)

S = UnitStatus

# Written out here, independently of the module's table: the timeline a unit may follow.
ALLOWED = {
    (S.AVAILABLE, S.DISPATCHED): (T.UNIT_NOTIFIED,),
    (S.RETURNING, S.DISPATCHED): (T.UNIT_NOTIFIED,),
    (S.DISPATCHED, S.EN_ROUTE): (T.EN_ROUTE,),
    (S.EN_ROUTE, S.ON_SCENE): (T.ON_SCENE,),
    (S.ON_SCENE, S.AT_PATIENT): (T.AT_PATIENT,),
    (S.AT_PATIENT, S.TRANSPORTING): (T.LEFT_SCENE,),
    (S.TRANSPORTING, S.AT_DESTINATION): (T.AT_DESTINATION,),
    (S.AT_DESTINATION, S.RETURNING): (T.BACK_IN_SERVICE,),
    (S.DISPATCHED, S.RETURNING): (T.CANCELED, T.BACK_IN_SERVICE),
    (S.EN_ROUTE, S.RETURNING): (T.CANCELED, T.BACK_IN_SERVICE),
    (S.ON_SCENE, S.RETURNING): (T.LEFT_SCENE, T.BACK_IN_SERVICE),
    (S.AT_PATIENT, S.RETURNING): (T.LEFT_SCENE, T.BACK_IN_SERVICE),
    (S.RETURNING, S.AVAILABLE): (T.BACK_AT_HOME,),
    (S.AVAILABLE, S.OUT_OF_SERVICE): (),
    (S.RETURNING, S.OUT_OF_SERVICE): (),
    (S.OUT_OF_SERVICE, S.AVAILABLE): (),
}
ALL_PAIRS = list(itertools.product(UnitStatus, UnitStatus))


@pytest.mark.parametrize(("frm", "to"), list(ALLOWED), ids=lambda s: s.value)
def test_an_allowed_transition_stamps_its_nemsis_times(frm, to):
    """NEMSIS eTimes: notified .03, en route .05, on scene .06, at patient .07, left scene .09,
    at destination .11, back in service .13, canceled .14, back at home .15."""
    assert transition(frm, to).stamps == ALLOWED[(frm, to)]


@pytest.mark.parametrize(
    ("frm", "to"), [p for p in ALL_PAIRS if p not in ALLOWED], ids=lambda s: s.value
)
def test_every_other_transition_is_refused_naming_from_and_to(frm, to):
    """A skipped step is a missing NEMSIS time: the jump is refused, not guessed."""
    with pytest.raises(InvalidInput) as caught:
        transition(frm, to)
    problem = caught.value.errors[0]
    assert problem.field == "status"
    assert f"from {frm.value} to {to.value}" in problem.problem


def test_the_refusal_lists_where_the_unit_may_go_instead():
    with pytest.raises(InvalidInput) as caught:
        transition(S.EN_ROUTE, S.TRANSPORTING)
    assert "on_scene" in caught.value.detail and "returning" in caught.value.detail


def test_a_full_call_stamps_every_required_unit_time_once_in_timeline_order():
    """NEMSIS requires eTimes.03, .05, .06, .07, .09, .11 and .13 for a transported patient."""
    path = [
        S.AVAILABLE,
        S.DISPATCHED,
        S.EN_ROUTE,
        S.ON_SCENE,
        S.AT_PATIENT,
        S.TRANSPORTING,
        S.AT_DESTINATION,
        S.RETURNING,
        S.AVAILABLE,
    ]
    stamps = [t for a, b in itertools.pairwise(path) for t in transition(a, b).stamps]
    assert stamps == sorted(stamps) and len(stamps) == len(set(stamps))
    assert {
        T.UNIT_NOTIFIED,
        T.EN_ROUTE,
        T.ON_SCENE,
        T.AT_PATIENT,
        T.LEFT_SCENE,
        T.AT_DESTINATION,
        T.BACK_IN_SERVICE,
    } <= set(stamps)


def test_every_status_can_reach_available_again():
    """No dead end: whatever happens, a unit can get back in service."""
    for start in UnitStatus:
        seen, frontier = {start}, [start]
        while frontier:
            for nxt in allowed_next(frontier.pop()):
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        assert S.AVAILABLE in seen


DEFAULT_POLICY = DivertPolicy.higher_priority_only()


@pytest.mark.parametrize("status", [S.DISPATCHED, S.EN_ROUTE])
def test_a_responding_unit_may_be_diverted_to_a_more_urgent_call(status):
    """The old incident gets canceled + back in service; the new one unit notified."""
    result = divert(status, Priority.P3, Priority.P1, DEFAULT_POLICY)
    assert result.new_status is S.DISPATCHED
    assert result.old_incident_stamps == (T.CANCELED, T.BACK_IN_SERVICE)
    assert result.new_incident_stamps == (T.UNIT_NOTIFIED,)


@pytest.mark.parametrize("status", [s for s in UnitStatus if s not in (S.DISPATCHED, S.EN_ROUTE)])
def test_a_unit_not_responding_cannot_be_diverted(status):
    """A unit on scene stays with its patient; a free unit is simply dispatched."""
    with pytest.raises(InvalidInput) as caught:
        divert(status, Priority.P4, Priority.P1, DEFAULT_POLICY)
    assert caught.value.errors[0].field == "status"


@pytest.mark.parametrize(("current", "new"), list(itertools.product(Priority, Priority)))
def test_the_default_policy_diverts_only_to_strictly_more_urgent_and_never_from_priority_one(
    current, new
):
    expected = new < current and current is not Priority.P1
    assert DEFAULT_POLICY.permits(current, new) is expected
    if not expected:
        with pytest.raises(Conflict) as caught:
            divert(S.EN_ROUTE, current, new, DEFAULT_POLICY)
        assert current.label in caught.value.detail and new.label in caught.value.detail


def test_an_agency_policy_is_read_from_priority_pairs():
    policy = DivertPolicy.from_pairs([(4, 3), ("non_emergent", "1")])
    assert policy.permits(Priority.P4, Priority.P3)
    assert policy.permits(Priority.NON_EMERGENT, Priority.P1)
    assert not policy.permits(Priority.P3, Priority.P1)


def test_a_bad_policy_pair_is_refused_naming_its_position():
    with pytest.raises(InvalidInput) as caught:
        DivertPolicy.from_pairs([(3, 1), (2, "urgent")])
    assert caught.value.errors[0].field == "divert_policy[1].to"
