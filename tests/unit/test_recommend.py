"""Recommendation rules, each in a small scenario, and the properties ranking must keep."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.adapters.refdata.triage_protocol import default_protocol
from goldenhour.domain.dispatch.recommendation import (
    INTERCEPT_ROLE,
    Exclusion,
    RecommendConfig,
    UnitCandidate,
    held_back,
    recommend,
)
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.decision import triage
from goldenhour.domain.triage.priority import Priority, ResponseMode
from goldenhour.domain.triage.response_plan import Role, UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.domain.units.timeline import UnitStatus

CONFIG = RecommendConfig(
    als_preservation_margin_s=120.0,
    stale_position_s=300.0,
    response_targets_s={Priority.P1: 480.0, Priority.P2: 600.0, Priority.P3: 900.0},
)
E = ResponseMode.EMERGENT
FIRST_RESPONSE = Role(
    "first_response", frozenset({UnitType.FIRST_RESPONSE, UnitType.TRANSPORT}), CareLevel.EMR, E
)
ALS_TRANSPORT = Role("transport", frozenset({UnitType.TRANSPORT}), CareLevel.ALS, E)
BLS_TRANSPORT = Role("transport", frozenset({UnitType.TRANSPORT}), CareLevel.BLS, E)


def unit(
    uid: str,
    eta: float | None,
    level: CareLevel | None = CareLevel.BLS,
    kind: UnitType = UnitType.TRANSPORT,
    status: UnitStatus = UnitStatus.AVAILABLE,
    age: float | None = 10.0,
) -> UnitCandidate:
    return UnitCandidate(uid, kind, level, status, age, eta)


def ids(ranked):
    return [r.unit_id for r in ranked]


def test_the_nearest_fitting_unit_is_ranked_first():
    rec = recommend(
        [BLS_TRANSPORT],
        Priority.P3,
        CareLevel.BLS,
        [unit("far", 600), unit("near", 200), unit("mid", 400)],
        CONFIG,
    )
    assert ids(rec.roles[0].candidates) == ["near", "mid", "far"]
    assert rec.suggestions[0].unit_id == "near"


@pytest.mark.parametrize(
    ("candidate", "why"),
    [
        (unit("x", 100, status=UnitStatus.EN_ROUTE), Exclusion.BUSY),
        (unit("x", 100, status=UnitStatus.AT_DESTINATION), Exclusion.BUSY),
        (unit("x", 100, status=UnitStatus.OUT_OF_SERVICE), Exclusion.OUT_OF_SERVICE),
        (unit("x", 100, age=301.0), Exclusion.NO_RECENT_POSITION),
        (unit("x", 100, age=None), Exclusion.NO_RECENT_POSITION),
        (unit("x", None), Exclusion.NO_ROUTE),
        (unit("x", 100, kind=UnitType.SUPERVISOR, level=CareLevel.ALS), Exclusion.WRONG_TYPE),
        (unit("x", 100, kind=UnitType.FIRST_RESPONSE, level=CareLevel.ALS), Exclusion.WRONG_TYPE),
        (unit("x", 100, level=CareLevel.ILS), Exclusion.LEVEL_TOO_LOW),
        (unit("x", 100, level=None), Exclusion.NOT_STAFFED),
    ],
)
def test_a_unit_that_cannot_go_is_listed_as_excluded_with_why(candidate, why):
    rec = recommend([ALS_TRANSPORT], Priority.P4, CareLevel.ALS, [candidate], CONFIG)
    role = rec.roles[0]
    assert role.candidates == ()
    assert [(e.unit_id, e.why) for e in role.excluded] == [("x", why)]
    assert role.excluded[0].detail
    assert rec.unfilled == ("transport",)


def test_a_unit_returning_from_a_call_is_a_candidate_and_says_so():
    """Units available on the radio while returning may take the next call."""
    rec = recommend(
        [BLS_TRANSPORT],
        Priority.P3,
        CareLevel.BLS,
        [unit("r", 150, status=UnitStatus.RETURNING), unit("q", 300)],
        CONFIG,
    )
    first = rec.roles[0].candidates[0]
    assert first.unit_id == "r"
    assert any("returning" in reason for reason in first.reasons)


@pytest.mark.parametrize(
    ("bls_eta", "als_eta", "first"),
    [(400, 300, "bls"), (420, 300, "bls"), (421, 300, "als"), (250, 300, "bls")],
)
def test_a_bls_call_gets_the_bls_unit_when_within_the_margin_of_the_nearest_als(
    bls_eta, als_eta, first
):
    """Keep ALS for ALS calls (tiered response, King County CBD): the BLS unit goes unless
    it is more than the configured margin (here 120 s) slower than the nearest ALS unit."""
    units = [unit("bls", bls_eta), unit("als", als_eta, CareLevel.ALS)]
    rec = recommend([BLS_TRANSPORT], Priority.P3, CareLevel.BLS, units, CONFIG)
    assert rec.roles[0].candidates[0].unit_id == first
    als = next(c for c in rec.roles[0].candidates if c.unit_id == "als")
    assert als.held_back and any("held back" in r for r in als.reasons)


def test_the_preservation_margin_is_configurable():
    units = [unit("bls", 400), unit("als", 300, CareLevel.ALS)]
    no_margin = RecommendConfig(als_preservation_margin_s=0.0)
    rec = recommend([BLS_TRANSPORT], Priority.P3, CareLevel.BLS, units, no_margin)
    assert rec.roles[0].candidates[0].unit_id == "als"


def test_an_als_call_does_not_hold_back_als_units():
    units = [unit("als", 300, CareLevel.ALS), unit("cc", 200, CareLevel.CRITICAL_CARE)]
    rec = recommend([ALS_TRANSPORT], Priority.P4, CareLevel.ALS, units, CONFIG)
    assert [c.held_back for c in rec.roles[0].candidates if c.unit_id == "als"] == [False]
    # a critical care unit is scarcer still: held back on an ALS call
    assert rec.roles[0].candidates[0].unit_id == "als"


def test_als_intercept_when_no_als_unit_can_make_the_target_but_a_bls_transport_can():
    """ALS intercept (tiered systems): send the BLS transport now and ALS to meet it."""
    units = [
        unit("bls", 300),
        unit("als", 900, CareLevel.ALS),
        unit("medic", 700, CareLevel.ALS, UnitType.FIRST_RESPONSE),
    ]
    rec = recommend([ALS_TRANSPORT], Priority.P1, CareLevel.ALS, units, CONFIG)
    intercept = rec.roles[0].intercept
    assert intercept is not None
    assert ids(intercept.send_now) == ["bls"]
    assert ids(intercept.to_meet) == ["medic", "als"]
    assert [(s.role, s.unit_id) for s in rec.suggestions] == [
        ("transport", "bls"),
        (INTERCEPT_ROLE, "medic"),
    ]
    assert rec.unfilled == ()


@pytest.mark.parametrize(
    "units",
    [
        [unit("bls", 300), unit("als", 470, CareLevel.ALS)],  # ALS makes the target
        [unit("bls", 500), unit("als", 900, CareLevel.ALS)],  # BLS cannot make it either
    ],
)
def test_no_intercept_when_an_als_unit_makes_the_target_or_no_bls_unit_beats_it(units):
    rec = recommend([ALS_TRANSPORT], Priority.P1, CareLevel.ALS, units, CONFIG)
    assert rec.roles[0].intercept is None
    assert rec.suggestions[0].unit_id == "als"


def test_intercept_with_no_als_unit_anywhere_sends_bls_and_leaves_als_to_the_queue():
    rec = recommend([ALS_TRANSPORT], Priority.P1, CareLevel.ALS, [unit("bls", 300)], CONFIG)
    assert [(s.role, s.unit_id) for s in rec.suggestions] == [("transport", "bls")]
    assert rec.roles[0].intercept is not None and rec.roles[0].intercept.to_meet == ()


def test_an_intercept_call_itself_never_proposes_sending_a_bls_transport():
    """The Intercept reason asks for ALS to meet a BLS crew: there is nothing to intercept."""
    meet = Role(
        "intercept", frozenset({UnitType.FIRST_RESPONSE, UnitType.TRANSPORT}), CareLevel.ALS, E
    )
    rec = recommend(
        [meet],
        Priority.P2,
        CareLevel.ALS,
        [unit("bls", 100), unit("als", 900, CareLevel.ALS)],
        CONFIG,
    )
    assert rec.roles[0].intercept is None
    assert [s.unit_id for s in rec.suggestions] == ["als"]


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"als_preservation_margin_s": -1.0}, "als_preservation_margin_s"),
        ({"stale_position_s": 0.0}, "stale_position_s"),
        ({"response_targets_s": {Priority.P1: float("nan")}}, "response_targets_s.P1"),
    ],
)
def test_a_bad_recommendation_setting_is_refused_naming_it(settings, field):
    with pytest.raises(InvalidInput) as caught:
        RecommendConfig(**settings)
    assert caught.value.errors[0].field == field


def test_no_intercept_for_a_priority_without_a_response_target():
    rec = recommend(
        [ALS_TRANSPORT],
        Priority.NON_EMERGENT,
        CareLevel.ALS,
        [unit("bls", 300), unit("als", 5000, CareLevel.ALS)],
        CONFIG,
    )
    assert rec.roles[0].intercept is None


def test_first_responder_plus_transport_fills_both_with_distinct_units():
    """The engine goes first and the ambulance behind it; the ambulance is not spent as the
    first responder when it is the only unit that can transport."""
    units = [
        unit("amb", 200, CareLevel.ALS),
        unit("engine", 250, CareLevel.BLS, UnitType.FIRST_RESPONSE),
    ]
    rec = recommend([FIRST_RESPONSE, ALS_TRANSPORT], Priority.P1, CareLevel.ALS, units, CONFIG)
    assert {s.role: s.unit_id for s in rec.suggestions} == {
        "first_response": "engine",
        "transport": "amb",
    }
    assert [s.role for s in rec.suggestions] == ["first_response", "transport"]


def test_a_role_no_free_unit_can_fill_is_reported_unfilled():
    units = [unit("amb", 200, CareLevel.ALS)]
    rec = recommend([FIRST_RESPONSE, ALS_TRANSPORT], Priority.P1, CareLevel.ALS, units, CONFIG)
    assert rec.unfilled == ("first_response",)
    assert rec.roles[0].candidates[0].unit_id == "amb"  # still shown as a candidate


def test_each_candidate_carries_eta_level_and_target_reasons():
    rec = recommend(
        [ALS_TRANSPORT],
        Priority.P1,
        CareLevel.ALS,
        [unit("a", 300, CareLevel.ALS), unit("b", 500, CareLevel.ALS)],
        CONFIG,
    )
    a, b = rec.roles[0].candidates
    assert (a.eta_s, a.level) == (300, CareLevel.ALS)
    assert any("within" in r for r in a.reasons) and any("beyond" in r for r in b.reasons)


# --- properties ---------------------------------------------------------------------------

unit_strategy = st.builds(
    UnitCandidate,
    unit_id=st.text("abcdefghij", min_size=1, max_size=4),
    unit_type=st.sampled_from(UnitType),
    level=st.none() | st.sampled_from(CareLevel),
    status=st.sampled_from(UnitStatus),
    position_age_s=st.none() | st.floats(0, 1000),
    eta_s=st.none() | st.floats(0, 3000),
)
units_strategy = st.lists(unit_strategy, max_size=25, unique_by=lambda u: u.unit_id)
role_strategy = st.builds(
    Role,
    name=st.sampled_from(["first_response", "transport", "supervisor", "second"]),
    unit_types=st.frozensets(st.sampled_from(UnitType), min_size=1),
    min_level=st.sampled_from(CareLevel),
    mode=st.sampled_from(ResponseMode),
)
roles_strategy = st.lists(role_strategy, min_size=1, max_size=4, unique_by=lambda r: r.name)


@given(roles_strategy, st.sampled_from(Priority), st.sampled_from(CareLevel), units_strategy)
def test_ranking_is_by_eta_within_a_fit_class(roles, priority, call_level, units):
    rec = recommend(roles, priority, call_level, units, CONFIG)
    for role in rec.roles:
        for cls in (True, False):
            etas = [c.eta_s for c in role.candidates if c.held_back is cls]
            assert etas == sorted(etas)


@given(roles_strategy, st.sampled_from(Priority), st.sampled_from(CareLevel), units_strategy)
def test_every_unit_is_either_a_candidate_or_excluded_never_both(roles, priority, level, units):
    rec = recommend(roles, priority, level, units, CONFIG)
    for role in rec.roles:
        candidates, excluded = set(ids(role.candidates)), {e.unit_id for e in role.excluded}
        assert not candidates & excluded
        assert candidates | excluded == {u.unit_id for u in units}


@given(roles_strategy, st.sampled_from(Priority), st.sampled_from(CareLevel), units_strategy)
def test_a_unit_whose_level_or_type_does_not_fit_is_never_recommended(
    roles, priority, level, units
):
    by_id = {u.unit_id: u for u in units}
    rec = recommend(roles, priority, level, units, CONFIG)
    for role in rec.roles:
        for c in role.candidates:
            u = by_id[c.unit_id]
            assert u.level is not None and u.level >= role.role.min_level
            assert u.unit_type in role.role.unit_types
            assert u.status in (UnitStatus.AVAILABLE, UnitStatus.RETURNING)
            assert u.position_age_s is not None and u.position_age_s <= CONFIG.stale_position_s


@given(roles_strategy, st.sampled_from(Priority), st.sampled_from(CareLevel), units_strategy)
def test_suggestions_use_each_unit_once_and_only_units_ranked_for_that_role(
    roles, priority, level, units
):
    rec = recommend(roles, priority, level, units, CONFIG)
    chosen = [s.unit_id for s in rec.suggestions]
    assert len(chosen) == len(set(chosen))
    per_role = {r.role.name: r for r in rec.roles}
    for s in rec.suggestions:
        if s.role == INTERCEPT_ROLE:
            continue
        r = per_role[s.role]
        allowed = set(ids(r.candidates)) | set(ids(r.intercept.send_now if r.intercept else ()))
        assert s.unit_id in allowed
    assert set(rec.unfilled) == set(per_role) - {s.role for s in rec.suggestions}


@given(
    st.lists(st.floats(0, 2000), min_size=1, max_size=6),
    st.lists(st.floats(0, 2000), min_size=1, max_size=6),
)
def test_the_bls_unit_leads_on_a_bls_call_exactly_when_within_the_margin(bls_etas, als_etas):
    units = [unit(f"b{i}", e) for i, e in enumerate(bls_etas)]
    units += [unit(f"a{i}", e, CareLevel.ALS) for i, e in enumerate(als_etas)]
    rec = recommend([BLS_TRANSPORT], Priority.P3, CareLevel.BLS, units, CONFIG)
    lead = rec.roles[0].candidates[0]
    within = min(bls_etas) <= min(als_etas) + CONFIG.als_preservation_margin_s
    assert (not lead.held_back) is within
    assert held_back(lead.level, CareLevel.BLS) is lead.held_back


@given(roles_strategy, st.sampled_from(Priority), st.sampled_from(CareLevel), units_strategy)
def test_an_intercept_is_offered_only_when_no_unit_of_the_level_makes_the_target(
    roles, priority, level, units
):
    rec = recommend(roles, priority, level, units, CONFIG)
    target = CONFIG.response_targets_s.get(priority)
    for role in rec.roles:
        if role.intercept is None:
            continue
        assert target is not None and role.role.min_level >= CareLevel.ALS
        assert role.role.unit_types == {UnitType.TRANSPORT}
        assert all(c.eta_s > target for c in role.candidates)
        assert role.intercept.send_now
        for r in role.intercept.send_now:
            assert r.eta_s <= target and CareLevel.BLS <= r.level < role.role.min_level
        assert all(r.level >= role.role.min_level for r in role.intercept.to_meet)


def test_a_triaged_cardiac_arrest_gets_the_nearest_engine_and_the_nearest_als_ambulance():
    """From the shipped protocol to units: arrest -> first responder (any level, AED) plus
    ALS transport, both emergent; the BLS ambulance nearby is not the transport."""
    result = triage(default_protocol(), "2301019", {"conscious": False})
    units = [
        unit("engine", 180, CareLevel.EMR, UnitType.FIRST_RESPONSE),
        unit("bls-amb", 200, CareLevel.BLS),
        unit("als-amb", 420, CareLevel.ALS),
        unit("busy-als", 60, CareLevel.ALS, status=UnitStatus.AT_PATIENT),
    ]
    rec = recommend(result.roles, result.priority, result.level, units, CONFIG)
    assert {s.role: s.unit_id for s in rec.suggestions} == {
        "first_response": "engine",
        "transport": "als-amb",
    }
