"""The record's shape: NEMSIS order, NOT values and pertinent negatives, completion for lock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.domain.pcr.completion import missing_for_lock
from goldenhour.domain.pcr.demo import demo_record
from goldenhour.domain.pcr.groups import check_entry
from goldenhour.domain.pcr.interventions import (
    Intervention,
    Kind,
    Performer,
    intervention_group,
    medical_control_documented,
)
from goldenhour.domain.pcr.not_values import (
    NotValue,
    PertinentNegative,
    parse_not_value,
    parse_pertinent_negative,
)
from goldenhour.domain.pcr.record import PatientCareRecord, put, put_value
from goldenhour.domain.pcr.tree import Entry, Group, node_from_json, node_to_json
from goldenhour.domain.shared.errors import InvalidInput

AT = datetime(2026, 11, 24, 10, tzinfo=UTC)


def test_elements_put_in_any_order_come_out_in_the_xsd_order() -> None:
    record = PatientCareRecord("u")
    for element, value in (("eTimes.13", AT), ("eResponse.05", "2205001"), ("eTimes.03", AT)):
        record = put_value(record, ems_schema(), element, value)
    sections = [c.name for c in record.root.children if isinstance(c, Group)]
    assert sections == ["eResponse", "eTimes"]
    times = record.groups("eTimes")[0]
    assert [c.element for c in times.children if isinstance(c, Entry)] == ["eTimes.03", "eTimes.13"]
    assert record.value("eResponse.05") == "2205001"  # inside eResponse.ServiceGroup


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (Entry("eResponse.05", None, NotValue.NOT_RECORDED), "a value is mandatory"),
        (Entry("eVitals.12", None, None, PertinentNegative.NOT_IMMUNIZED), "not allowed"),
        (Entry("eDispatch.01", "2301999"), "not a code of Dispatch Reason"),
        (Entry("eResponse.03", "12"), "at least 3 characters"),
        (Entry("eSituation.11"), "no value, NOT value or pertinent negative"),
    ],
)
def test_an_entry_is_held_to_its_element_s_definition(entry: Entry, words: str) -> None:
    """NOT values and PNs per element come from the v3.5.1 data dictionary (NVList, PNList)."""
    problems = check_entry(ems_schema().spec(entry.element), entry, "")
    assert any(words in p.problem for p in problems), problems


def test_allowed_not_values_and_pertinent_negatives_pass() -> None:
    schema = ems_schema()
    assert (
        check_entry(
            schema.spec("eSituation.11"), Entry("eSituation.11", None, NotValue.NOT_APPLICABLE), ""
        )
        == []
    )
    refused = Entry("eVitals.06", None, NotValue.NOT_RECORDED, PertinentNegative.REFUSED)
    assert check_entry(schema.spec("eVitals.06"), refused, "") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [("Not Recorded", "7701003"), ("7701001", "7701001"), ("not_reporting", "7701005")],
)
def test_not_values_are_read_by_code_or_name(text: str, code: str) -> None:
    assert parse_not_value(text, "nv").value == code


def test_an_unknown_pertinent_negative_names_the_field() -> None:
    assert parse_pertinent_negative("Refused", "pn") is PertinentNegative.REFUSED
    with pytest.raises(InvalidInput, match="eVitals.06.pn"):
        parse_pertinent_negative("maybe", "eVitals.06.pn")


def test_an_empty_record_misses_every_mandatory_and_required_national_element() -> None:
    """NEMSIS v3.5.1: 17 Mandatory and ~131 Required National EMS elements (deprecated ones
    excepted); optional groups (eAirway, eExam) are not asked for when absent."""
    missing = missing_for_lock(PatientCareRecord("u"), ems_schema())
    names = {m.element for m in missing}
    expected = {s.name for s in ems_schema().specs if s.needed_for_lock}
    assert {"eRecord.01", "eSituation.11", "eVitals.12", "eMedications.03"} <= names
    assert names <= expected and not any(n.startswith("eAirway") for n in names)
    first = next(m for m in missing if m.element == "eSituation.11")
    assert first.name == "Provider's Primary Impression" and first.usage == "Required"


def test_the_demo_record_is_complete_and_a_removed_element_is_named() -> None:
    schema = ems_schema()
    record = demo_record(schema, "u", "2026-0001", AT)
    assert missing_for_lock(record, schema) == []
    gap = put(record, schema, "eSituation.11", [])
    assert [(m.element, m.problem) for m in missing_for_lock(gap, schema)] == [
        ("eSituation.11", "missing")
    ]


def test_medical_control_is_documented_by_an_order_not_by_a_standing_protocol() -> None:
    def group(authorization: str) -> Group:
        item = Intervention(
            Kind.MEDICATION, AT, "7242", Performer("P1", "9925005"), authorization=authorization
        )
        return intervention_group(ems_schema(), item)

    assert medical_control_documented(group("9918001"))  # on-line (remote verbal order)
    assert not medical_control_documented(group("9918005"))  # protocol (standing order)
    assert group("9918005").value("eMedications.10") == "9905005"  # EMT as caregiver type


entries = st.builds(
    Entry,
    st.sampled_from(["eVitals.06", "eNarrative.01", "eSituation.11"]),
    st.one_of(st.none(), st.text(min_size=1, max_size=20)),
    st.one_of(st.none(), st.sampled_from(list(NotValue))),
    st.one_of(st.none(), st.sampled_from(list(PertinentNegative))),
    st.lists(st.tuples(st.sampled_from(["CodeType", "CorrelationID"]), st.text(max_size=5)),
             max_size=2, unique_by=lambda p: p[0]).map(lambda a: tuple(sorted(a))),
)  # fmt: skip


@given(st.lists(entries, max_size=6))
def test_a_stored_record_reads_back_exactly(children: list[Entry]) -> None:
    group = Group("eSituation", tuple(children))
    assert node_from_json(node_to_json(group)) == group
