"""Destination recommendation: each rule of the shipped file, bounds, diversion, properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenhour.adapters.refdata.destination_rules import default_rules, default_rules_text
from goldenhour.domain.destination.facilities import CAPABILITY_NAMES, Facility, parse_capabilities
from goldenhour.domain.destination.facility_status import (
    Service,
    ServiceState,
    ServiceStatus,
    diversion,
    status_for,
)
from goldenhour.domain.destination.recommendation import (
    PatientFindings,
    parse_findings,
    recommend_destinations,
)
from goldenhour.domain.destination.rules import DestinationRules, Finding, parse_destination_rules
from goldenhour.domain.shared.errors import InvalidInput

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
RULES = default_rules()

# id: (capabilities, road ETA in seconds)
COUNTY = {
    "community": (["ed"], 300),
    "psych_only": (["psychiatric"], 200),
    "level4": (["ed", "trauma_adult_IV", "stroke_acute_ready"], 400),
    "level2": (["ed", "trauma_adult_II", "stroke_primary", "stemi_pci"], 700),
    "psych_ed": (["ed", "psychiatric"], 800),
    "childrens": (["ed", "trauma_pediatric_I", "pediatric_emergency", "picu"], 1000),
    "level1": (
        ["ed", "trauma_adult_I", "trauma_pediatric_II", "csc", "pci", "burn", "obstetrics"],
        1200,
    ),
    "hbo": (["ed", "hyperbaric"], 1500),
    "tsc": (["ed", "stroke_thrombectomy_capable"], 1500),
}


def facility(
    fid: str, caps: list[str], statuses: dict[Service, ServiceStatus] | None = None
) -> Facility:
    return Facility(
        fid,
        fid.title(),
        -98.5,
        39.8,
        capabilities=parse_capabilities(caps),
        statuses=statuses or {},
    )


def county(
    **statuses: dict[Service, ServiceStatus],
) -> tuple[list[Facility], dict[str, float | None]]:
    facilities = [facility(fid, caps, statuses.get(fid)) for fid, (caps, _) in COUNTY.items()]
    return facilities, {fid: float(eta) for fid, (_, eta) in COUNTY.items()}


def top(
    findings: list[str],
    age: float | None = None,
    rules: DestinationRules = RULES,
    **statuses: dict[Service, ServiceStatus],
) -> str | None:
    facilities, etas = county(**statuses)
    advice = recommend_destinations(parse_findings(findings, age), facilities, etas, NOW, rules)
    return advice.best.facility_id if advice.best else None


@pytest.mark.parametrize(
    ("findings", "age", "expected"),
    [
        (["trauma_high_risk"], 40, "level1"),
        (["trauma_high_risk"], 8, "childrens"),
        (["trauma_moderate_risk"], 40, "level4"),
        (["trauma_moderate_risk"], 8, "childrens"),
        (["trauma_high_risk", "burns"], 40, "level1"),
    ],
)
def test_trauma_triage_destinations(findings: list[str], age: float, expected: str) -> None:
    """High-risk criteria go to the highest-level trauma center available, past a closer
    community ED; moderate-risk criteria to a trauma center, which need not be the highest
    level; children preferentially to a pediatric-capable trauma center. Source: National
    Guideline for the Field Triage of Injured Patients, 2021 (ACS / Newgard et al., J Trauma
    Acute Care Surg 2022). Burns with high-risk trauma: trauma center first (ABA referral
    criteria)."""
    assert top(findings, age) == expected


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        (["stroke_lvo_positive"], "level1"),  # CSC 800 s past the nearest stroke center
        (["stroke_lvo_negative"], "level4"),  # nearest stroke center (acute stroke ready)
    ],
)
def test_stroke_destinations(findings: list[str], expected: str) -> None:
    """LVO screen positive: a thrombectomy-capable or comprehensive center when it adds no
    more than 15 minutes over the nearest stroke center, otherwise the nearest stroke center
    (AHA/ASA Mission: Lifeline Severity-Based Stroke Triage Algorithm for EMS, 2020); screen
    negative: the nearest stroke center (AHA/ASA acute ischemic stroke guideline 2019)."""
    assert top(findings, 60) == expected


@pytest.mark.parametrize(
    ("findings", "age", "expected"),
    [
        (["stemi"], 60, "level2"),
        (["burns"], 40, "level1"),
        (["obstetric"], 28, "level1"),
        (["psychiatric"], 30, "psych_ed"),
        (["severe_co_poisoning"], 30, "hbo"),
        ([], 40, "community"),
        (["general"], 40, "community"),
        ([], 5, "childrens"),
        (["pediatric"], None, "childrens"),
    ],
)
def test_specialty_and_general_destinations(
    findings: list[str], age: float | None, expected: str
) -> None:
    """STEMI directly to a PCI center (ACCF/AHA STEMI guideline 2013); burns to a burn center
    (ABA referral criteria); obstetrics to a hospital with obstetric services (ACOG levels of
    maternal care 2019); behavioral emergencies to an ED with psychiatric services, not a
    psychiatric hospital without an ED (NASEMSO model guidelines 2022, local protocol);
    severe CO poisoning to hyperbaric oxygen (ACEP clinical policy 2017, UHMS); otherwise the
    nearest open ED, for a child a pediatric-ready one (AAP/ACEP/ENA 2018)."""
    assert top(findings, age) == expected


def test_lvo_patient_beyond_the_bypass_bound_goes_to_the_nearest_stroke_center() -> None:
    """Mission: Lifeline: bypass only if the extra transport is within the bound (15 min)."""
    facilities, etas = county()
    facilities = [f for f in facilities if f.id != "level1"]  # only the far TSC is left
    advice = recommend_destinations(
        parse_findings(["stroke_lvo_positive"]), facilities, etas, NOW, RULES
    )
    assert advice.best is not None and advice.best.facility_id == "level4"
    tsc = next(r for r in advice.ranked if r.facility_id == "tsc")
    assert tsc.tier == "stroke center"
    assert any("beyond the 15 min bypass bound" in reason for reason in tsc.reasons)


def test_an_agency_may_widen_the_stroke_bypass_bound() -> None:
    rules = parse_destination_rules(default_rules_text(), "[bounds]\nstroke_bypass_s = 1200\n")
    facilities, etas = county()
    facilities = [f for f in facilities if f.id != "level1"]
    advice = recommend_destinations(
        parse_findings(["stroke_lvo_positive"]), facilities, etas, NOW, rules
    )
    assert advice.best is not None and advice.best.facility_id == "tsc"


def test_an_agency_trauma_bypass_bound_sends_high_risk_to_the_nearer_level_within_it() -> None:
    rules = parse_destination_rules(default_rules_text(), {"bounds": {"trauma_bypass_s": 600}})
    # Level I is 900 s past the nearest ED (beyond 600), Level II 400 s (within).
    assert top(["trauma_high_risk"], 40, rules) == "level2"


def test_a_facility_diverting_the_needed_service_is_skipped_with_its_reason() -> None:
    facilities, etas = county(
        level1={Service.TRAUMA: diversion("OR full", NOW + timedelta(hours=1))}
    )
    advice = recommend_destinations(
        parse_findings(["trauma_high_risk"], 40), facilities, etas, NOW, RULES
    )
    assert advice.best is not None and advice.best.facility_id == "level2"
    skipped = {s.facility_id: s.reason for s in advice.skipped}
    assert skipped["level1"] == "on diversion: OR full until 13:00"
    assert not advice.all_diverted


def test_an_ed_saturation_diversion_does_not_turn_away_a_stroke_patient() -> None:
    """Specialty services divert separately from the ED (per-service status)."""
    saturated = {Service.EMERGENCY: diversion("ED saturated", NOW + timedelta(hours=1))}
    assert top(["stroke_lvo_negative"], 60, level4=saturated) == "level4"
    assert top([], 40, community=saturated) == "level4"


def test_an_expired_diversion_no_longer_skips() -> None:
    expired = {Service.TRAUMA: diversion("OR full", NOW - timedelta(minutes=1))}
    assert top(["trauma_high_risk"], 40, level1=expired) == "level1"


def test_when_every_suitable_facility_diverts_they_are_ranked_anyway_and_it_is_said() -> None:
    facilities, etas = county()
    busy = {Service.EMERGENCY: diversion("ED saturated", NOW + timedelta(hours=2))}
    facilities = [f.with_status(Service.EMERGENCY, busy[Service.EMERGENCY]) for f in facilities]
    advice = recommend_destinations(PatientFindings(age_years=40), facilities, etas, NOW, RULES)
    assert advice.all_diverted
    assert advice.best is not None and advice.best.facility_id == "community"
    assert all(r.diverted for r in advice.ranked)
    assert any("every suitable facility is on diversion" in n for n in advice.notes)
    assert advice.nearest_ed_id is None and advice.best.extra_s is None


def test_extra_time_is_measured_against_the_nearest_open_emergency_department() -> None:
    facilities, etas = county(
        community={Service.FACILITY: ServiceStatus(ServiceState.CLOSED, "flooding")}
    )
    advice = recommend_destinations(
        parse_findings(["trauma_high_risk"], 40), facilities, etas, NOW, RULES
    )
    assert advice.nearest_ed_id == "level4"
    assert advice.best is not None and advice.best.extra_s == 1200 - 400
    assert {s.facility_id: s.reason for s in advice.skipped}["community"] == "closed: flooding"


def test_facilities_without_a_route_are_skipped() -> None:
    facilities, etas = county()
    etas["level1"] = float("inf")
    etas["level2"] = None
    advice = recommend_destinations(
        parse_findings(["trauma_high_risk"], 40), facilities, etas, NOW, RULES
    )
    assert advice.best is not None and advice.best.facility_id == "level4"
    reasons = {s.facility_id: s.reason for s in advice.skipped}
    assert reasons["level1"] == reasons["level2"] == "no road route to it"


def test_the_deciding_finding_and_the_others_are_named() -> None:
    facilities, etas = county()
    advice = recommend_destinations(
        parse_findings(["burns", "trauma_high_risk"], 40), facilities, etas, NOW, RULES
    )
    assert advice.finding is Finding.TRAUMA_HIGH_RISK
    assert any("also found: burns" in n for n in advice.notes)
    assert [s.id for s in advice.sources] == ["ACS-FT-2021"]


def test_unknown_findings_are_refused_with_a_suggestion() -> None:
    with pytest.raises(InvalidInput, match="did you mean 'stemi'"):
        parse_findings(["stemmi"])
    with pytest.raises(InvalidInput, match="age_years"):
        PatientFindings(age_years=-1)


def test_every_shipped_rule_cites_a_source_with_a_title_and_address() -> None:
    for rule in RULES.rules.values():
        assert rule.sources and rule.why
        for sid in rule.sources:
            assert RULES.sources[sid].title and RULES.sources[sid].url.startswith("http")


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("[bounds]\nstroke_bypas_s = 1200\n", "did you mean 'stroke_bypass_s'"),
        ("[bounds]\nstroke_bypass_s = -5\n", "0 or more"),
        ("[rulez]\n", "did you mean 'rules'"),
        ("[rules.stemi]\nsources = ['AHA']\n", "unknown source"),
        ("[rules.stemi]\ntiers = [{id = 'x', label = 'x', needs = ['pcci']}]\n", "did you mean"),
        ("[rules.stemi]\ntiers = []\n", "at least one tier"),
        ("[rules.heart_attack]\nwhy = 'x'\n", "unknown finding"),
        ("[destination]\nprecedence = ['stemi', 'stemi']\n", "twice"),
        ("[destination]\npediatric_age_below = 40\n", "1..21"),
        ("not toml = = 1", "not valid TOML"),
    ],
)
def test_bad_agency_overrides_are_refused_naming_the_place(override: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_destination_rules(default_rules_text(), override)


# ---- properties -------------------------------------------------------------------------

STATES = st.sampled_from(
    [
        None,
        ServiceStatus(ServiceState.CLOSED, "closed"),
        diversion("busy", NOW + timedelta(hours=1)),
        diversion("expired", NOW - timedelta(hours=1)),
    ]
)
FACILITY = st.tuples(
    st.sets(st.sampled_from(CAPABILITY_NAMES), max_size=6),
    st.one_of(st.floats(min_value=0, max_value=7200), st.none()),
    STATES,
    st.sampled_from([Service.FACILITY, Service.EMERGENCY, Service.TRAUMA, Service.STROKE]),
)
PATIENT = st.builds(
    PatientFindings,
    st.frozensets(st.sampled_from(list(Finding)), max_size=2),
    st.one_of(st.none(), st.floats(min_value=0, max_value=100)),
)


def build(
    specs: list[tuple[set[str], float | None, ServiceStatus | None, Service]],
) -> tuple[list[Facility], dict[str, float | None]]:
    facilities, etas = [], {}
    for i, (caps, eta, status, service) in enumerate(specs):
        statuses = {service: status} if status else {}
        facilities.append(facility(f"f{i}", sorted(caps), statuses))
        etas[f"f{i}"] = eta
    return facilities, etas


@settings(max_examples=150, deadline=None)
@given(st.lists(FACILITY, max_size=12), PATIENT)
def test_every_facility_is_either_ranked_or_skipped_with_a_reason(
    specs: list, patient: PatientFindings
) -> None:
    facilities, etas = build(specs)
    advice = recommend_destinations(patient, facilities, etas, NOW, RULES)
    ids = [r.facility_id for r in advice.ranked] + [s.facility_id for s in advice.skipped]
    assert sorted(ids) == sorted(f.id for f in facilities)
    assert all(s.reason for s in advice.skipped)
    assert [r.rank for r in advice.ranked] == list(range(1, len(advice.ranked) + 1))


@settings(max_examples=150, deadline=None)
@given(st.lists(FACILITY, max_size=12), PATIENT)
def test_a_closed_facility_is_never_ranked(specs: list, patient: PatientFindings) -> None:
    facilities, etas = build(specs)
    advice = recommend_destinations(patient, facilities, etas, NOW, RULES)
    by_id = {f.id: f for f in facilities}
    service = RULES.rules[advice.finding].service
    for r in advice.ranked:
        statuses = by_id[r.facility_id].statuses
        assert status_for(statuses, Service.FACILITY, NOW).state is not ServiceState.CLOSED
        assert status_for(statuses, service, NOW).state is not ServiceState.CLOSED


@settings(max_examples=150, deadline=None)
@given(st.lists(FACILITY, max_size=12), PATIENT)
def test_ranking_is_by_eta_within_a_tier_and_diverted_only_when_all_are(
    specs: list, patient: PatientFindings
) -> None:
    facilities, etas = build(specs)
    advice = recommend_destinations(patient, facilities, etas, NOW, RULES)
    for a, b in zip(advice.ranked, advice.ranked[1:], strict=False):
        if a.tier == b.tier:
            assert a.eta_s <= b.eta_s
    assert all(r.diverted == advice.all_diverted for r in advice.ranked)


TRAUMA_CENTER = st.tuples(
    st.sampled_from(
        ["trauma_adult_I", "trauma_adult_II", "trauma_adult_III", "trauma_adult_IV", "ed"]
    ),
    st.floats(min_value=1, max_value=7200),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(TRAUMA_CENTER, min_size=1, max_size=10), st.floats(min_value=15, max_value=90))
def test_high_risk_never_goes_to_a_lower_level_than_moderate_risk(
    centers: list[tuple[str, float]], age: float
) -> None:
    """Field triage 2021: high-risk -> highest-level trauma center available; moderate-risk ->
    any trauma center. With every center reachable and no bound set, the high-risk patient's
    first choice is never a lower level than the moderate-risk patient's."""
    facilities = [facility(f"t{i}", ["ed", cap]) for i, (cap, _) in enumerate(centers)]
    etas: dict[str, float | None] = {f"t{i}": eta for i, (_, eta) in enumerate(centers)}

    def best_level(finding: Finding) -> int:
        advice = recommend_destinations(
            PatientFindings(frozenset({finding}), age), facilities, etas, NOW, RULES
        )
        assert advice.best is not None
        level = next(
            f for f in facilities if f.id == advice.best.facility_id
        ).capabilities.trauma_adult
        return 5 if level is None else int(level)

    assert best_level(Finding.TRAUMA_HIGH_RISK) <= best_level(Finding.TRAUMA_MODERATE_RISK)
