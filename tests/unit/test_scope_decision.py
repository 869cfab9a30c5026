"""The scope decision: layers, endorsements, medical control, the provider's standing in time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from goldenhour.domain.credentials.certification_levels import BY_SLUG, LEVELS
from goldenhour.domain.credentials.certifications import (
    Certification,
    CertificationStatus,
    Credentials,
    Endorsement,
)
from goldenhour.domain.scope.decision import Decision, LayeredScope, compile_scope, decide
from goldenhour.domain.scope.overlays import national_layer_from_mapping, overlay_from_mapping
from goldenhour.domain.scope.rules import LayerKind, ScopeLayer
from goldenhour.domain.shared.errors import InvalidInput

SKILLS = ("cpr", "epinephrine-im", "ketamine-im", "peripheral-iv", "rapid-sequence-intubation")
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

NATIONAL: dict[str, Any] = {
    "model": {"id": "model"},
    "placement": {"physician": "critical-care-paramedic"},
    "skills": {
        "cpr": {"minimum": "emr", "cite": "EMR: cardiac"},
        "epinephrine-im": {"minimum": "aemt"},
        "ketamine-im": {"minimum": "paramedic"},
        "peripheral-iv": {"minimum": "aemt"},
        "rapid-sequence-intubation": {"minimum": "critical-care-paramedic", "state_option": True},
    },
}
STATE: dict[str, Any] = {
    "jurisdiction": {"code": "XA"},
    "rule": [
        {
            "id": "XA-EPI",
            "skill": "epinephrine-im",
            "effect": "permit",
            "levels": ["EMT-B"],
            "endorsement": "epi-check-and-inject",
        },
        {
            "id": "XA-KET",
            "skill": "ketamine-im",
            "effect": "condition",
            "at_or_above": "paramedic",
            "medical_control": True,
        },
    ],
}


def national() -> ScopeLayer:
    return national_layer_from_mapping(NATIONAL, SKILLS)


def state() -> ScopeLayer:
    return overlay_from_mapping(STATE, LayerKind.STATE, SKILLS)


def agency(*rules: dict[str, Any], exclusive: bool = False) -> ScopeLayer:
    data = {"agency": {"name": "county-ems", "exclusive": exclusive}, "rule": list(rules)}
    return overlay_from_mapping(data, LayerKind.AGENCY, SKILLS)


def provider(level: str, *endorsements: Endorsement, **cert: Any) -> Credentials:
    cert.setdefault("issuing_state", "XA")
    return Credentials("p1", (Certification(BY_SLUG[level], "C-1", **cert),), endorsements)


def test_a_state_endorsement_enables_a_skill_for_emts_only_while_it_is_held_and_valid() -> None:
    """A state may add a skill for EMTs behind an endorsement with its own expiry (issue 3 §4)."""
    scope = compile_scope([national(), state()], SKILLS)
    bare = decide(scope, provider("emt"), "epinephrine-im", NOW)
    assert bare.decision is Decision.DENIED
    assert any(r.layer == "state:XA" and r.rule == "XA-EPI" for r in bare.reasons)
    assert "not held" in bare.reasons[-1].detail

    valid = Endorsement("epi-check-and-inject", expires=date(2026, 12, 31))
    assert decide(scope, provider("emt", valid), "epinephrine-im", NOW).decision is Decision.ALLOWED

    lapsed = Endorsement("Epi Check and Inject", expires=date(2026, 5, 31))
    late = decide(scope, provider("emt", lapsed), "epinephrine-im", NOW)
    assert late.decision is Decision.DENIED
    assert "expired on 2026-05-31" in late.reasons[-1].detail


def test_without_the_state_overlay_the_national_minimum_decides() -> None:
    """NSOPM: IM epinephrine is AEMT scope; the EMT endorsement exists only in the state layer."""
    scope = compile_scope([national()], SKILLS)
    valid = Endorsement("epi-check-and-inject")
    assert decide(scope, provider("emt", valid), "epinephrine-im", NOW).decision is Decision.DENIED
    assert decide(scope, provider("aemt"), "epinephrine-im", NOW).decision is Decision.ALLOWED


def test_a_state_rule_can_require_online_medical_control() -> None:
    scope = compile_scope([national(), state()], SKILLS)
    result = decide(scope, provider("paramedic"), "ketamine-im", NOW)
    assert result.decision is Decision.REQUIRES_MEDICAL_CONTROL
    assert [r.rule for r in result.reasons if r.layer.startswith(("national", "state"))] == [
        "model/ketamine-im",
        "XA-KET",
    ]


def test_an_agency_protocol_narrows_a_skill_and_says_so() -> None:
    narrowing = agency(
        {"id": "CO-1", "skill": "ketamine-im", "effect": "deny", "levels": ["paramedic"]}
    )
    scope = compile_scope([national(), state(), narrowing], SKILLS)
    result = decide(scope, provider("paramedic"), "ketamine-im", NOW)
    assert result.decision is Decision.DENIED
    assert result.reasons[-1].layer == "agency:county-ems"
    assert result.reasons[-1].rule == "CO-1"
    assert decide(scope, provider("critical-care-paramedic"), "ketamine-im", NOW).decision is (
        Decision.REQUIRES_MEDICAL_CONTROL
    )


def test_an_agency_may_add_medical_control_to_what_the_state_allows_freely() -> None:
    condition = agency(
        {"skill": "cpr", "effect": "condition", "at_or_above": "emr", "medical_control": True}
    )
    scope = compile_scope([national(), state(), condition], SKILLS)
    assert decide(scope, provider("emt"), "cpr", NOW).decision is Decision.REQUIRES_MEDICAL_CONTROL


def test_an_agency_list_denies_what_it_does_not_list() -> None:
    whitelist = agency({"skill": "cpr", "effect": "permit", "at_or_above": "emr"}, exclusive=True)
    scope = compile_scope([national(), state(), whitelist], SKILLS)
    assert decide(scope, provider("paramedic"), "cpr", NOW).decision is Decision.ALLOWED
    result = decide(scope, provider("paramedic"), "peripheral-iv", NOW)
    assert result.decision is Decision.DENIED
    assert result.reasons[-1].detail == "peripheral-iv is not on its list"


def test_an_agency_rule_that_would_widen_the_state_scope_is_refused_naming_the_rule() -> None:
    """Issue 3: agency protocols may only narrow what the state allows, never widen it."""
    widening = agency(
        {"id": "CO-IV", "skill": "peripheral-iv", "effect": "permit", "levels": ["emt"]}
    )
    with pytest.raises(InvalidInput) as caught:
        compile_scope([national(), state(), widening], SKILLS)
    assert caught.value.errors[0].field == "agency:county-ems rule CO-IV"
    assert "only narrow" in caught.value.detail


def test_an_agency_may_re_permit_after_its_own_denial_without_widening() -> None:
    """Re-permitting below the state's scope is not widening; higher rungs inherit (cumulative)."""
    rules = (
        {"skill": "cpr", "effect": "deny", "at_or_above": "emr"},
        {"skill": "cpr", "effect": "permit", "levels": ["paramedic"]},
    )
    scope = compile_scope([national(), state(), agency(*rules)], SKILLS)
    assert scope.permitted_levels("cpr") == {"paramedic", "critical-care-paramedic", "physician"}


def test_a_higher_level_inherits_what_a_lower_level_may_do() -> None:
    """NSOPM: levels are cumulative. A state permit for EMTs also reaches the rungs above."""
    data = {
        "jurisdiction": {"code": "XA"},
        "rule": [
            {"skill": "ketamine-im", "effect": "permit", "levels": ["emt"], "endorsement": "k"},
        ],
    }
    scope = compile_scope([national(), overlay_from_mapping(data, LayerKind.STATE, SKILLS)], SKILLS)
    result = decide(scope, provider("aemt", Endorsement("k")), "ketamine-im", NOW)
    assert result.decision is Decision.ALLOWED
    assert result.reasons[1].detail == "Emergency Medical Technician may; levels are cumulative"
    assert decide(scope, provider("aemt"), "ketamine-im", NOW).decision is Decision.DENIED


def test_a_certification_counts_through_its_expiry_day_and_not_after() -> None:
    """Certification dates are calendar days, valid through the expiry date."""
    scope = compile_scope([national()], SKILLS)
    medic = provider("paramedic", expires=date(2026, 3, 31))
    last_day = datetime(2026, 3, 31, 23, 59, tzinfo=UTC)
    assert decide(scope, medic, "cpr", last_day).decision is Decision.ALLOWED
    after = decide(scope, medic, "cpr", datetime(2026, 4, 1, 0, 0, tzinfo=UTC))
    assert after.decision is Decision.DENIED
    assert "expired on 2026-03-31" in after.reasons[0].detail


def test_a_suspension_applies_from_the_moment_it_is_recorded() -> None:
    scope = compile_scope([national()], SKILLS)
    since = datetime(2026, 6, 1, 14, 2, tzinfo=UTC)
    medic = provider("paramedic", status=CertificationStatus.SUSPENDED, status_since=since)
    assert decide(scope, medic, "cpr", datetime(2026, 6, 1, 14, 1, tzinfo=UTC)).decision is (
        Decision.ALLOWED
    )
    result = decide(scope, medic, "cpr", since)
    assert result.decision is Decision.DENIED
    assert "suspended since 2026-06-01T14:02" in result.reasons[0].detail


def test_a_revoked_certification_never_counts() -> None:
    scope = compile_scope([national()], SKILLS)
    revoked = provider("paramedic", status=CertificationStatus.REVOKED)
    assert decide(scope, revoked, "cpr", NOW).decision is Decision.DENIED


def test_a_certification_from_another_state_does_not_count_in_this_jurisdiction() -> None:
    scope = compile_scope([national(), state()], SKILLS)
    result = decide(scope, provider("paramedic", issuing_state="XB"), "cpr", NOW)
    assert result.decision is Decision.DENIED
    assert result.reasons[0].detail == "Paramedic certification C-1 (XB) is not issued by XA"


def test_the_most_permissive_certification_in_good_standing_decides() -> None:
    expired_medic = Certification(BY_SLUG["paramedic"], "P-9", "XA", expires=date(2026, 1, 1))
    emt = Certification(BY_SLUG["emt"], "E-4", "XA", expires=date(2027, 1, 1))
    scope = compile_scope([national(), state()], SKILLS)
    result = decide(scope, Credentials("p2", (expired_medic, emt)), "ketamine-im", NOW)
    assert result.decision is Decision.DENIED
    assert result.certification == emt
    assert "expired on 2026-01-01" in result.reasons[-1].detail
    assert decide(scope, Credentials("p2", (expired_medic, emt)), "cpr", NOW).certification == emt


def test_a_skill_left_to_the_states_says_so_in_its_reason() -> None:
    scope = compile_scope([national()], SKILLS)
    result = decide(scope, provider("critical-care-paramedic"), "rapid-sequence-intubation", NOW)
    assert result.decision is Decision.ALLOWED
    assert "left to the states" in result.reasons[1].detail


def test_an_unknown_skill_is_refused_with_suggestions() -> None:
    scope = compile_scope([national()], SKILLS)
    with pytest.raises(InvalidInput, match="ketamine-im"):
        decide(scope, provider("emt"), "ketamine im", NOW)


def test_certification_dates_out_of_order_are_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        Certification(BY_SLUG["emt"], issued=date(2026, 5, 1), expires=date(2026, 4, 1))
    assert caught.value.errors[0].field == "expires"


def test_the_compiled_table_agrees_with_walking_the_layers() -> None:
    layers = [national(), state(), agency({"skill": "cpr", "effect": "deny", "levels": ["emr"]})]
    layered = LayeredScope(layers, SKILLS)
    compiled = compile_scope(layers, SKILLS)
    for skill in SKILLS:
        for level in LEVELS:
            assert compiled.options(skill, level) == layered.options(skill, level)


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"skill": "cpr", "effect": "condition", "levels": ["emt"]}, "rule[0]"),
        ({"skill": "cpr", "effect": "deny", "levels": ["emt"], "medical_control": True}, "rule[0]"),
        ({"skill": "cpr", "effect": "permit"}, "rule[0]"),
        ({"skill": "cpr", "effect": "permit", "levels": ["emt"], "at_or_above": "emt"}, "rule[0]"),
        ({"skill": "cpr", "effect": "allow", "levels": ["emt"]}, "rule[0].effect"),
        ({"skill": "cpa", "effect": "deny", "levels": ["emt"]}, "rule[0].skill"),
        ({"skill": "cpr", "effect": "deny", "levels": ["medic"]}, "rule[0].levels"),
        ({"skill": "cpr", "effect": "deny", "at_or_above": "RN"}, "rule[0].at_or_above"),
    ],
)
def test_a_bad_overlay_rule_is_refused_naming_its_place_in_the_file(
    rule: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        overlay_from_mapping(
            {"jurisdiction": {"code": "XA"}, "rule": [rule]}, LayerKind.STATE, SKILLS
        )
    assert caught.value.errors[0].field == field


def test_an_agency_protocol_cannot_place_professions_on_the_ladder() -> None:
    data = {"agency": {"name": "a"}, "placement": {"registered-nurse": "paramedic"}}
    with pytest.raises(InvalidInput, match="cannot place"):
        overlay_from_mapping(data, LayerKind.AGENCY, SKILLS)


def test_the_national_model_must_rule_on_every_catalog_skill() -> None:
    with pytest.raises(InvalidInput, match="skills.cardioversion: missing"):
        national_layer_from_mapping(NATIONAL, (*SKILLS, "cardioversion"))


def test_a_decision_needs_a_timezone_aware_time() -> None:
    scope = compile_scope([national()], SKILLS)
    with pytest.raises(InvalidInput, match="timezone-aware"):
        decide(scope, provider("emt"), "cpr", datetime(2026, 6, 1, 12))
