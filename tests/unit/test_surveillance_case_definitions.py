"""Case definitions as data (issue 16): the NEMSIS suspected opioid overdose definition with
its whole alternation anchored, carbon monoxide, poisoning, an agency's own, and one case per
patient at the incident's time and place."""

from __future__ import annotations

import re

import pytest

from goldenhour.adapters.nemsis.elements import ems_schema as load_schema
from goldenhour.adapters.surveillance.definitions_file import default_definitions, default_text
from goldenhour.domain.pcr.not_values import PertinentNegative
from goldenhour.domain.pcr.record import PatientCareRecord, put
from goldenhour.domain.pcr.tree import Entry
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.surveillance.case_definitions import (
    Encounter,
    find_cases,
    parse_case_definitions,
)
from goldenhour.domain.surveillance.encounters import IncidentFacts, encounters_of

DEFS = {d.id: d for d in default_definitions()}
# The pattern as published, whose anchors bind only the first and last alternatives.
PUBLISHED = r"^(F11.*)|(T40\.0.*)|(T40\.1.*)|(T40\.2.*)|(T40\.3.*)|(T40\.4.*)|(T40\.6.*)$"


def enc(**kw: object) -> Encounter:
    base: dict[str, object] = {
        "patient": "p1",
        "incident_id": 1,
        "at_iso": "2026-12-01T10:00:00+00:00",
        "lat": 47.6,
        "lon": -122.3,
        "dispatch_reason": "2301061",
    }
    base.update(kw)
    return Encounter(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "opioid"),
    [
        ("F11.20", True),  # opioid dependence, uncomplicated
        ("T40.1X1A", True),  # heroin poisoning
        ("T40.411A", True),  # fentanyl poisoning (T40.4 synthetic narcotics)
        ("T40.0X1A", True),
        ("T40.601A", True),  # unspecified narcotics
        ("T40.5X1A", False),  # cocaine is not an opioid
        ("T40.7X1A", False),  # cannabis
        ("XT40.1", False),  # the published pattern's middle alternatives would match these
        ("ZT40.2X1A", False),
        ("F10.20", False),  # alcohol dependence
    ],
)
def test_opioid_codes_match_only_as_whole_codes(code: str, opioid: bool) -> None:
    """NEMSIS opioid definition: F11.*, T40.0-T40.4, T40.6 in impression or symptom."""
    assert bool(DEFS["opioid_overdose"].criteria_met(enc(impressions=(code,)))) is opioid


def test_the_published_pattern_read_as_a_search_matches_inside_a_code() -> None:
    """Why the whole alternation is anchored: the trap is real."""
    assert re.search(PUBLISHED, "XT40.1") is not None
    assert DEFS["opioid_overdose"].criteria_met(enc(impressions=("XT40.1",))) == ()


def test_naloxone_counts_only_with_an_improved_response() -> None:
    """RxNorm 7242/203192/197117 with eMedications.07 = 9916001 Improved."""
    improved = enc(medications=(("203192", "9916001"),))
    unchanged = enc(medications=(("7242", "9916003"),))
    assert DEFS["opioid_overdose"].criteria_met(improved)
    assert not DEFS["opioid_overdose"].criteria_met(unchanged)


def test_a_symptom_documented_as_pertinent_negative_is_not_a_case() -> None:
    schema = load_schema()
    record = PatientCareRecord("r1")
    record = put(
        record,
        schema,
        "eSituation.10",
        [Entry("eSituation.10", "F11.20", None, PertinentNegative.EXAM_FINDING_NOT_PRESENT)],
    )
    incident = IncidentFacts(1, "2026-12-01T10:00:00+00:00", 47.6, -122.3, "2301061")
    (encounter,) = encounters_of(incident, [record])
    assert encounter.symptoms == ()
    assert find_cases(default_definitions(), [encounter]) == []


@pytest.mark.parametrize(
    ("encounter", "definition"),
    [
        (enc(dispatch_reason="2301017"), "carbon_monoxide"),
        (enc(impressions=("T58.01XA",)), "carbon_monoxide"),
        (enc(dispatch_reason="2301053"), "poisoning"),
        (enc(impressions=("T36.0X1A",)), "poisoning"),
        (enc(impressions=("T65.91XA",)), "poisoning"),
    ],
)
def test_carbon_monoxide_and_poisoning_by_dispatch_reason_or_code(
    encounter: Encounter, definition: str
) -> None:
    """CO: eDispatch.01 2301017 or T58.*; poisoning: 2301053 or T36-T65."""
    assert DEFS[definition].criteria_met(encounter)


def test_codes_outside_t36_t65_are_not_poisoning() -> None:
    for code in ("T35.0", "T66", "T67.0XXA", "S72.001A"):
        assert not DEFS["poisoning"].criteria_met(enc(impressions=(code,)))


def test_one_patient_seen_by_two_units_is_one_case_at_the_first_time() -> None:
    first = enc(impressions=("T40.1X1A",))
    second = enc(at_iso="2026-12-01T10:20:00+00:00", medications=(("7242", "9916001"),))
    other = enc(patient="p2", impressions=("F11.20",))
    cases = [c for c in find_cases(default_definitions(), [second, first, other])]
    opioid = sorted(
        (c for c in cases if c.definition == "opioid_overdose"), key=lambda c: c.patient
    )
    assert [c.patient for c in opioid] == ["p1", "p2"]
    assert opioid[0].at_iso == "2026-12-01T10:00:00+00:00"
    assert len(opioid[0].criteria) == 2


def test_records_with_the_same_name_and_birth_date_in_one_incident_are_one_patient() -> None:
    schema = load_schema()

    def record(uuid: str, last: str) -> PatientCareRecord:
        r = PatientCareRecord(uuid)
        for element, value in (
            ("ePatient.02", last),
            ("ePatient.03", "Ann"),
            ("ePatient.17", "1990-01-01"),
            ("eSituation.11", "T40.1X1A"),
        ):
            r = put(r, schema, element, [Entry(element, value)])
        return r

    incident = IncidentFacts(9, "2026-12-01T10:00:00+00:00", 47.6, -122.3, "2301053")
    encounters = encounters_of(
        incident, [record("a", "Lee"), record("b", "Lee"), record("c", "Kim")]
    )
    opioid = [
        c
        for c in find_cases(default_definitions(), encounters)
        if c.definition == "opioid_overdose"
    ]
    assert len(opioid) == 2
    assert all("Lee" not in c.patient and "Ann" not in c.patient for c in opioid)


def test_an_agency_adds_heat_illness_as_data() -> None:
    agency = """
[sources.AGENCY]
title = "Metro County EMS heat plan"
url = "https://example.org/heat"
[[definition]]
id = "heat_illness"
name = "Heat illness"
sources = ["AGENCY"]
dispatch_reasons = ["2301043"]
codes = '^(?:T67\\..*)$'
"""
    defs = {d.id: d for d in parse_case_definitions(default_text(), agency)}
    assert set(defs) == {"opioid_overdose", "carbon_monoxide", "poisoning", "heat_illness"}
    assert defs["heat_illness"].criteria_met(enc(impressions=("T67.0XXA",)))
    assert defs["heat_illness"].sources[0].title == "Metro County EMS heat plan"


def test_every_shipped_definition_cites_a_source_with_a_url() -> None:
    for definition in default_definitions():
        assert definition.sources and all(s.url.startswith("https://") for s in definition.sources)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('[[definition]]\nid = "x"\ncodes = "T58.*"\n', "definition x.sources"),
        ('[[definition]]\nid = "x"\nsources = ["NOPE"]\ncodes = "T58"\n', "definition x.sources"),
        (
            '[sources.S]\ntitle="t"\nurl="u"\n[[definition]]\nid = "x"\nsources = ["S"]\n'
            'codes = "("\n',
            "definition x.codes",
        ),
        (
            '[sources.S]\ntitle="t"\nurl="u"\n[[definition]]\nid = "x"\nsources = ["S"]\n',
            "definition x",
        ),
    ],
)
def test_a_broken_agency_definition_is_refused_naming_the_field(text: str, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_case_definitions(default_text(), text)
    assert refused.value.errors[0].field == field
