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
SAMPLE = ("nemsis", "SampleData", "EMS", "xml", "EMSDataset-NoRepeat-1.xml")


def fixture(**values: str) -> bytes:
    """The sample record with each ``element=value`` rewritten and a fresh UUID."""
    tree = etree.parse(str(require_refdata(*SAMPLE)))
    report = tree.find(".//n:PatientCareReport", NS)
    assert report is not None
    report.set("UUID", str(uuid.uuid4()))
    for key, value in values.items():
        found = tree.findall(f".//n:{key.replace('_', '.')}", NS)
        assert found, key
        for element in found:
            element.text = value
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


SYNCOPE = {"eResponse_05": "2205001", "eSituation_11": "R55", "eProcedures_03": "243142003"}
BRANCHES = [
    ("Syncope-01", {**SYNCOPE, "eVitals_04": "3304007"}, "met"),
    ("Syncope-01", {**SYNCOPE, "eVitals_04": "3304001"}, "not met"),
    ("Syncope-01", {**SYNCOPE, "eResponse_05": "2205005", "eVitals_04": "3304007"}, "out"),
    ("Safety-01", {"eResponse_05": "2205001", "eResponse_23": "2223005"}, "met"),
    ("Safety-01", {"eResponse_05": "2205001", "eResponse_23": "2223001"}, "not met"),
]


@pytest.mark.refdata
@pytest.mark.parametrize(("measure", "values", "expected"), BRANCHES)
def test_a_rewritten_official_sample_classifies_after_our_import(
    measure: str, values: dict[str, str], expected: str
) -> None:
    imported = read_ems_dataset(fixture(**values), name="fixture.xml")
    assert classify(BY_ID[measure], imported.reports[0].record) == expected


@pytest.mark.refdata
def test_stored_records_report_care_and_completeness_per_topic(uow_factory: Uow) -> None:
    documents = [fixture(**{**SYNCOPE, "eVitals_04": code}) for code in ("3304007", "3304001")]
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
