"""The simulation's selection proposes exactly what recommend() proposes, for any ready units.

select_units() drops recommend()'s explanations to dispatch a simulated year quickly; it must
never change an answer. Plans come from the agency's own protocol (every rule) and from
arbitrary roles; units from every type and level, in quarters or returning, with ties in ETA.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenhour.adapters.refdata.triage_protocol import default_protocol
from goldenhour.domain.dispatch.recommendation import RecommendConfig, UnitCandidate, recommend
from goldenhour.domain.dispatch.selection import ReadyUnit, select_units
from goldenhour.domain.triage.priority import Priority, ResponseMode
from goldenhour.domain.triage.response_plan import Role
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.domain.units.timeline import UnitStatus

PROTOCOL_PLANS = sorted({rule.roles for rule in default_protocol().rules}, key=repr)

roles_st = st.lists(
    st.builds(
        Role,
        name=st.sampled_from(["transport", "first_response", "intercept", "extra"]),
        unit_types=st.frozensets(st.sampled_from(list(UnitType)), min_size=1),
        min_level=st.sampled_from(list(CareLevel)),
        mode=st.sampled_from(list(ResponseMode)),
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda r: r.name,
).map(tuple)

units_st = st.lists(
    st.tuples(
        st.sampled_from([0.0, 120.0, 300.0, 480.0, 600.0]) | st.floats(0, 1500),
        st.sampled_from(list(CareLevel)),
        st.sampled_from(list(UnitType)),
        st.sampled_from([UnitStatus.AVAILABLE, UnitStatus.RETURNING]),
    ),
    max_size=10,
)


@settings(max_examples=120, deadline=None)
@given(
    roles=st.sampled_from(PROTOCOL_PLANS) | roles_st,
    priority=st.sampled_from(list(Priority)),
    call_level=st.sampled_from(list(CareLevel)),
    units=units_st,
    margin=st.sampled_from([0.0, 60.0, 120.0, 300.0]),
)
def test_selection_proposes_what_recommendation_proposes(
    roles, priority, call_level, units, margin
):
    config = RecommendConfig(als_preservation_margin_s=margin)
    ids = [f"U{k:02d}" for k in range(len(units))]
    candidates = [
        UnitCandidate(ids[k], kind, level, status, 0.0, eta)
        for k, (eta, level, kind, status) in enumerate(units)
    ]
    ready = [
        ReadyUnit(eta, ids[k], kind, level, k) for k, (eta, level, kind, _) in enumerate(units)
    ]
    advice = recommend(roles, priority, call_level, candidates, config)
    expected = [(s.role, s.unit_id) for s in advice.suggestions]
    picks = select_units(roles, priority, call_level, ready, config)
    assert [(p.role, ids[p.ref]) for p in picks] == expected


@pytest.mark.parametrize("bls_eta", [479.0, 480.0, 481.0])
def test_an_intercept_is_proposed_alike_when_only_a_bls_transport_makes_the_target(bls_eta):
    """ALS transport needed on a P1 (target 480 s), the ALS unit 900 s out, a BLS ambulance
    about 480 s out: within the target (a call at the target counts as made) both go."""
    roles = (
        Role("transport", frozenset({UnitType.TRANSPORT}), CareLevel.ALS, ResponseMode.EMERGENT),
    )
    units = [("ALS1", CareLevel.ALS, 900.0), ("BLS1", CareLevel.BLS, bls_eta)]
    ready = [ReadyUnit(e, i, UnitType.TRANSPORT, lvl, k) for k, (i, lvl, e) in enumerate(units)]
    candidates = [
        UnitCandidate(i, UnitType.TRANSPORT, lvl, UnitStatus.AVAILABLE, 0.0, e)
        for i, lvl, e in units
    ]
    advice = recommend(roles, Priority.P1, CareLevel.ALS, candidates, RecommendConfig())
    picks = select_units(roles, Priority.P1, CareLevel.ALS, ready, RecommendConfig())
    got = [(p.role, units[p.ref][0]) for p in picks]
    assert got == [(s.role, s.unit_id) for s in advice.suggestions]
    intercept = [("transport", "BLS1"), ("intercept", "ALS1")]
    assert got == (intercept if bls_eta <= 480.0 else [("transport", "ALS1")])
