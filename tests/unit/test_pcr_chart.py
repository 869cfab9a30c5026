"""The crew's checklist and what is filled for them (domain.pcr.chart, domain.pcr.signatures)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.domain.pcr.chart import (
    ARREST_DETAILS,
    CHECKLIST,
    derived_entries,
    left_not_recorded,
    still_to_chart,
)
from goldenhour.domain.pcr.not_values import NotValue, PertinentNegative
from goldenhour.domain.pcr.record import PatientCareRecord, append_group, put, put_list, put_value
from goldenhour.domain.pcr.signatures import (
    Signature,
    Signer,
    png_from_data_url,
    signature_group,
)
from goldenhour.domain.pcr.tree import Entry
from goldenhour.domain.shared.errors import InvalidInput

AT = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhf"
    "DwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def record_with(**values: str) -> PatientCareRecord:
    record = PatientCareRecord("u-1")
    for element, value in values.items():
        record = put_value(record, ems_schema(), element.replace("_", "."), value)
    return record


def test_every_checklist_element_is_a_nemsis_element_and_every_key_names_its_section() -> None:
    schema = ems_schema()
    for item in CHECKLIST:
        assert all(e in schema for e in item.elements), item.key
        assert item.section in ("patient", "history", "situation", "vitals", "narrative",
                                "disposition", "signatures")  # fmt: skip


def test_a_new_record_lists_the_crews_items_and_not_the_transport_ones() -> None:
    keys = [i.key for i in still_to_chart(PatientCareRecord("u-1"))]
    assert keys[:4] == ["patient.age", "patient.sex", "history.allergies", "situation.complaint"]
    assert "disposition.destination" not in keys and "signatures.receiving" not in keys
    transported = record_with(eDisposition_30="4230001")
    keys = [i.key for i in still_to_chart(transported)]
    assert {"disposition.destination", "disposition.transfer", "signatures.receiving"} <= set(keys)


@pytest.mark.parametrize(("injury", "asked"), [("9922005", True), ("9922001", False),
                                               ("9922003", False)])  # fmt: skip
def test_the_cause_of_injury_is_asked_only_when_the_patient_is_injured(
    injury: str, asked: bool
) -> None:
    keys = [i.key for i in still_to_chart(record_with(eSituation_02=injury))]
    assert ("situation.cause" in keys) is asked
    caused = record_with(eSituation_02=injury, eInjury_01="W07")
    assert "situation.cause" not in [i.key for i in still_to_chart(caused)]


def test_no_known_drug_allergies_answers_the_allergies_item() -> None:
    none_known = Entry("eHistory.06", None, None, PertinentNegative.NO_KNOWN_DRUG_ALLERGY)
    record = put(PatientCareRecord("u-1"), ems_schema(), "eHistory.06", [none_known])
    assert "history.allergies" not in [i.key for i in still_to_chart(record)]


def test_no_cardiac_arrest_makes_every_arrest_detail_not_applicable() -> None:
    """NEMSIS v3.5.1: eArrest.02-.22 are documented 'Not Applicable' when eArrest.01 is No."""
    filled = {e.element: e.not_value for e in derived_entries(record_with(eArrest_01="3001001"))}
    assert all(filled[e] is NotValue.NOT_APPLICABLE for e in ARREST_DETAILS)
    arrested = derived_entries(record_with(eArrest_01="3001003"))
    assert not any(e.element.startswith("eArrest") for e in arrested)


def test_what_the_crew_documented_is_never_overwritten_by_a_derived_value() -> None:
    record = record_with(eArrest_01="3001001", eArrest_02="3002001")
    assert "eArrest.02" not in {e.element for e in derived_entries(record)}


def test_left_not_recorded_lists_only_required_elements_that_allow_it() -> None:
    schema = ems_schema()
    blank = left_not_recorded(PatientCareRecord("u-1"), schema)
    assert blank and all(m.usage == "Required" for m in blank)
    assert all(NotValue.NOT_RECORDED in schema.spec(m.element).not_values for m in blank)
    assert "eDisposition.27" not in {m.element for m in blank}  # Mandatory: the crew answers


def test_a_drawn_patient_signature_satisfies_the_patient_item() -> None:
    group = signature_group(ems_schema(), Signature(Signer.PATIENT, AT, png=png_from_data_url(PNG)))
    record, _ = append_group(PatientCareRecord("u-1"), ems_schema(), group)
    assert "signatures.patient" not in [i.key for i in still_to_chart(record)]
    assert group.value("eOther.15") == "4515031" and group.value("eOther.17") == "png"


def test_a_patient_who_cannot_sign_is_documented_with_the_reason() -> None:
    unconscious = Signature(Signer.PATIENT, AT, not_signed="4515023")
    group = signature_group(ems_schema(), unconscious)
    record, _ = append_group(PatientCareRecord("u-1"), ems_schema(), group)
    assert "signatures.patient" not in [i.key for i in still_to_chart(record)]
    with pytest.raises(InvalidInput, match="send the drawn signature, or not_signed"):
        signature_group(ems_schema(), Signature(Signer.PATIENT, AT))


@given(st.binary(max_size=64))
def test_anything_but_a_png_data_url_is_refused_naming_the_field(data: bytes) -> None:
    import base64

    text = "data:image/png;base64," + base64.b64encode(data).decode()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        assert png_from_data_url(text) == data
    else:
        with pytest.raises(InvalidInput, match="image"):
            png_from_data_url(text)


def test_home_medications_are_a_list_with_one_group_each_replaced_whole() -> None:
    schema = ems_schema()
    meds = [Entry("eHistory.12", code) for code in ("1605101", "161", "435")]
    record = put_list(PatientCareRecord("u-1"), schema, "eHistory.12", meds)
    groups = record.groups("eHistory.CurrentMedsGroup")
    assert [g.value("eHistory.12") for g in groups] == ["1605101", "161", "435"]
    record = put_list(record, schema, "eHistory.12", meds[1:2])
    assert [g.value("eHistory.12") for g in record.groups("eHistory.CurrentMedsGroup")] == ["161"]
