"""Upgrade and downgrade: units already assigned are matched to the new plan's roles."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from goldenhour.domain.dispatch.retriage import Assignment, fits_role, retriage
from goldenhour.domain.triage.priority import ResponseMode
from goldenhour.domain.triage.response_plan import Role, UnitType
from goldenhour.domain.units.levels_of_care import CareLevel

E, N = ResponseMode.EMERGENT, ResponseMode.NON_EMERGENT
FR_TYPES = frozenset({UnitType.FIRST_RESPONSE, UnitType.TRANSPORT})
TRANSPORT = frozenset({UnitType.TRANSPORT})


def test_an_upgrade_keeps_the_bls_ambulance_as_first_response_and_opens_an_als_role():
    """The caller reports the patient stopped breathing: the BLS ambulance already on the way
    keeps going (now emergent, as first response) and an ALS transport is needed."""
    assigned = [Assignment("m1", "transport", UnitType.TRANSPORT, CareLevel.BLS, N)]
    new = [
        Role("first_response", FR_TYPES, CareLevel.EMR, E),
        Role("transport", TRANSPORT, CareLevel.ALS, E),
    ]
    result = retriage(assigned, new)
    assert [(k.assignment.unit_id, k.role.name, k.mode_change) for k in result.kept] == [
        ("m1", "first_response", E)
    ]
    assert [r.name for r in result.unfilled] == ["transport"]
    assert result.releasable == ()


def test_a_downgrade_releases_the_first_responder_and_slows_the_ambulance():
    """First crew on scene reports a minor injury: the plan is one BLS transport,
    non-emergent; the engine can be released."""
    assigned = [
        Assignment("e1", "first_response", UnitType.FIRST_RESPONSE, CareLevel.BLS, E),
        Assignment("m1", "transport", UnitType.TRANSPORT, CareLevel.ALS, E),
    ]
    result = retriage(assigned, [Role("transport", TRANSPORT, CareLevel.BLS, N)])
    assert [(k.assignment.unit_id, k.mode_change) for k in result.kept] == [("m1", N)]
    assert [a.unit_id for a in result.releasable] == ["e1"]
    assert result.unfilled == ()


def test_a_unit_keeps_its_own_role_when_it_still_fits_and_reports_no_mode_change():
    assigned = [
        Assignment("m1", "transport", UnitType.TRANSPORT, CareLevel.ALS, E),
        Assignment("m2", "first_response", UnitType.TRANSPORT, CareLevel.ALS, E),
    ]
    new = [
        Role("first_response", FR_TYPES, CareLevel.EMR, E),
        Role("transport", TRANSPORT, CareLevel.ALS, E),
    ]
    result = retriage(assigned, new)
    assert {(k.assignment.unit_id, k.role.name) for k in result.kept} == {
        ("m1", "transport"),
        ("m2", "first_response"),
    }
    assert all(k.mode_change is None for k in result.kept)


def test_units_are_moved_between_roles_so_no_role_stays_open_needlessly():
    """A greedy match would give the ALS ambulance the first-response role and leave the ALS
    transport role open; the maximum matching swaps them."""
    assigned = [
        Assignment("als", "first_response", UnitType.TRANSPORT, CareLevel.ALS, E),
        Assignment("bls", "transport", UnitType.TRANSPORT, CareLevel.BLS, E),
    ]
    new = [
        Role("first_response", FR_TYPES, CareLevel.EMR, E),
        Role("transport", TRANSPORT, CareLevel.ALS, E),
    ]
    result = retriage(assigned, new)
    assert {(k.assignment.unit_id, k.role.name) for k in result.kept} == {
        ("bls", "first_response"),
        ("als", "transport"),
    }
    assert result.unfilled == () and result.releasable == ()


assignment_strategy = st.builds(
    Assignment,
    unit_id=st.text("abcdefgh", min_size=1, max_size=3),
    role=st.sampled_from(["first_response", "transport", "supervisor"]),
    unit_type=st.sampled_from(UnitType),
    level=st.sampled_from(CareLevel),
    mode=st.sampled_from(ResponseMode),
)
role_strategy = st.builds(
    Role,
    name=st.sampled_from(["first_response", "transport", "supervisor", "second_transport"]),
    unit_types=st.frozensets(st.sampled_from(UnitType), min_size=1),
    min_level=st.sampled_from(CareLevel),
    mode=st.sampled_from(ResponseMode),
)


def _best_possible(assigned: list[Assignment], roles: list[Role]) -> int:
    """Brute force: the most roles any one-unit-per-role assignment can fill."""
    best = 0
    slots = list(range(len(assigned))) + [None] * len(roles)
    for choice in itertools.permutations(slots, len(roles)):
        filled = sum(
            1
            for role, a in zip(roles, choice, strict=True)
            if a is not None and fits_role(assigned[a], role)
        )
        best = max(best, filled)
    return best


@given(
    st.lists(assignment_strategy, max_size=4, unique_by=lambda a: a.unit_id),
    st.lists(role_strategy, max_size=3),
)
def test_retriage_fills_as_many_roles_as_possible_and_accounts_for_every_unit(assigned, roles):
    result = retriage(assigned, roles)
    kept_ids = [k.assignment.unit_id for k in result.kept]
    assert len(kept_ids) == len(set(kept_ids))
    assert sorted(kept_ids + [a.unit_id for a in result.releasable]) == sorted(
        a.unit_id for a in assigned
    )
    assert all(fits_role(k.assignment, k.role) for k in result.kept)
    assert len(result.kept) + len(result.unfilled) == len(roles)
    assert len(result.kept) == _best_possible(assigned, roles)
