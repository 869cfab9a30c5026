"""Care measures and completeness on NEMSIS XML records imported through our own import.

Fixtures are the official NEMSIS v3.5.1 sample record (``EMSDataset-NoRepeat-1.xml``) with
the elements a branch turns on rewritten, validated against the XSD by the import itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from lxml import etree

from conftest import require_refdata
from goldenhour.adapters.nemsis.ems_import import read_ems_dataset
from goldenhour.adapters.refdata.nemsis_performance import performance_topics
from goldenhour.domain.quality.care_measures import BY_ID, classify
from goldenhour.services.accounts import users as accounts
from goldenhour.services.nemsis import ems_exchange
from goldenhour.services.quality import care
from goldenhour.services.unit_of_work import UnitOfWork

Uow = Callable[[], UnitOfWork]
NS = {"n": "http://www.nemsis.org"}
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
OPTIONAL = {"eExam.01", "eExam.02"}
SAMPLE = ("nemsis", "SampleData", "EMS", "xml", "EMSDataset-NoRepeat-1.xml")


def fixture(remove: tuple[str, ...] = (), **values: str) -> bytes:
    """The sample record with each ``element=value`` rewritten, the ``remove`` elements left
    undocumented (taken out where optional, else nil with NV 7701003 "Not Recorded"), and a
    fresh UUID."""
    tree = etree.parse(str(require_refdata(*SAMPLE)))
    report = tree.find(".//n:PatientCareReport", NS)
    assert report is not None
    report.set("UUID", str(uuid.uuid4()))
    for element in remove:
        for found in tree.findall(f".//n:{element}", NS):
            if element in OPTIONAL:
                parent = found.getparent()
                assert parent is not None
                parent.remove(found)
            else:
                found.text = None
                found.attrib.clear()
                found.set(XSI_NIL, "true")
                found.set("NV", "7701003")
    for key, value in values.items():
        found = tree.findall(f".//n:{key.replace('_', '.')}", NS)
        assert found, key
        for element in found:
            element.text = value
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


SYNCOPE = {"eResponse_05": "2205001", "eSituation_11": "R55", "eProcedures_03": "243142003"}
E911 = {"eResponse_05": "2205001"}
ALERT = {
    **E911,
    "eVitals_23": "15",
    "eVitals_26": "3326001",
    "eVitals_12": "97",
    "eVitals_06": "130",
}
BRANCHES: list[tuple[str, dict[str, object], str]] = [
    ("Hypoglycemia-01", {**E911, "eSituation_11": "E16.2", "eMedications_03": "237653"}, "met"),
    ("Hypoglycemia-01", {**E911, "eSituation_11": "E16.2", "eMedications_03": "4337"}, "not met"),
    ("Hypoglycemia-01", {**E911, "eVitals_18": "40", "eMedications_03": "4832"}, "met"),
    ("Respiratory-01", {**E911, "eSituation_11": "J96.00"}, "met"),
    ("Respiratory-01", {**E911, "eSituation_11": "J96.00", "remove": ("eVitals.14",)}, "not met"),
    ("Seizure-02", {**E911, "eSituation_11": "G40.901", "eMedications_03": "6960"}, "met"),
    ("Seizure-02", {**E911, "eSituation_11": "G40.901", "eMedications_03": "4337"}, "not met"),
    ("Stroke-01", {**ALERT, "eSituation_11": "I63.9"}, "met"),
    (
        "Stroke-01",
        {**ALERT, "eSituation_11": "I63.9", "remove": ("eVitals.29", "eVitals.30")},
        "not met",
    ),
    ("Stroke-01", {**E911, "eSituation_11": "I63.9"}, "excluded"),  # the sample is GCS 9, AVPU U
    ("Trauma-01", {**ALERT}, "met"),  # the sample's cause of injury is T56.0
    ("Trauma-01", {**ALERT, "remove": ("eVitals.27",)}, "not met"),
    (
        "Trauma-03",
        {**ALERT, "eMedications_03": "4337", "eMedications_01": "2015-03-03T13:05:00+07:00"},
        "met",
    ),
    (
        "Trauma-03",
        {**ALERT, "eMedications_03": "4337", "eMedications_01": "2015-03-03T13:20:00+07:00"},
        "not met",
    ),
    ("Trauma-04", {**E911, "eDisposition_23": "9908021"}, "met"),
    ("Trauma-04", {**E911}, "not met"),  # the sample goes to a STEMI centre
    ("TTR-01", {**ALERT, "eDisposition_30": "4230009"}, "met"),
    ("TTR-01", {**ALERT, "eDisposition_30": "4230009", "remove": ("eVitals.18",)}, "not met"),
    ("Safety-02", {**E911, "eDisposition_17": "4217005"}, "met"),
    ("Safety-02", {**E911}, "not met"),  # upgraded to emergent
    ("Safety-04", {**E911, "ePatient_15": "4", "eDisposition_14": "4214021"}, "met"),
    ("Safety-04", {**E911, "ePatient_15": "4"}, "not met"),  # Trendelenburg
    ("Pediatrics-03b", {**E911, "ePatient_15": "6"}, "met"),
    ("Pediatrics-03b", {**E911, "ePatient_15": "6", "remove": ("eExam.01", "eExam.02")}, "not met"),
    ("Airway-01", {**ALERT, "eProcedures_03": "112798008"}, "met"),
    ("Airway-01", {**E911, "eProcedures_03": "112798008"}, "not met"),  # SpO2 35
    ("Syncope-01", {**SYNCOPE, "eVitals_04": "3304007"}, "met"),
    ("Syncope-01", {**SYNCOPE, "eVitals_04": "3304001"}, "not met"),
    ("Syncope-01", {**SYNCOPE, "eResponse_05": "2205005", "eVitals_04": "3304007"}, "out"),
    ("Safety-01", {"eResponse_05": "2205001", "eResponse_23": "2223005"}, "met"),
    ("Safety-01", {"eResponse_05": "2205001", "eResponse_23": "2223001"}, "not met"),
]


@pytest.mark.refdata
@pytest.mark.parametrize(("measure", "values", "expected"), BRANCHES)
def test_a_rewritten_official_sample_classifies_after_our_import(
    measure: str, values: dict[str, object], expected: str
) -> None:
    rewrite = {k: str(v) for k, v in values.items() if k != "remove"}
    remove = tuple(values.get("remove", ()))  # type: ignore[arg-type]
    imported = read_ems_dataset(fixture(remove, **rewrite), name="fixture.xml")
    assert classify(BY_ID[measure], imported.reports[0].record) == expected


@pytest.mark.refdata
def test_stored_records_report_care_and_completeness_per_topic(uow_factory: Uow) -> None:
    documents = [fixture((), **{**SYNCOPE, "eVitals_04": code}) for code in ("3304007", "3304001")]
    with uow_factory() as uow:
        agency = accounts.create_agency(uow, "metro", "Metro", "CA")
    for number, document in enumerate(documents):
        with uow_factory() as uow:
            agency = accounts.agency_by_slug(uow, "metro")
            ems_exchange.import_ems(
                uow, None, agency, read_ems_dataset(document, name=f"{number}.xml")
            )
    today = date.today()
    with uow_factory() as uow:
        agency_id = accounts.agency_by_slug(uow, "metro").id
        measures = care.care_measures(
            uow, agency_id, today - timedelta(days=1), today + timedelta(days=1)
        )
        topics = performance_topics(Path(require_refdata("nemsis")))
        complete = care.data_completeness(
            uow, agency_id, today - timedelta(days=1), today + timedelta(days=1), topics
        )
    syncope = measures["measures"]["Syncope-01"]
    assert (syncope["all"]["denominator"], syncope["all"]["numerator"]) == (2, 1)
    assert syncope["adult"]["denominator"] == 2  # the sample patient is 103 years old
    assert complete["records"] == 2
    response = {row["element"]: row for row in complete["topics"]["Response"]["elements"]}
    # What the XML holds, counted with lxml: the two records carry the same elements.
    sample = etree.parse(str(require_refdata(*SAMPLE)))
    for element, row in response.items():
        present = any((e.text or "").strip() for e in sample.findall(f".//n:{element}", NS))
        assert row["with_value"] == (2 if present else 0), element
    assert set(complete["topics"]) == {
        "Airway",
        "CardiacArrest",
        "Pediatric",
        "Response",
        "STEMI",
        "Stroke",
        "Trauma",
    }
