"""Care measures after NEMSQA: each branch of each rule met and missed, and the known defects
of the public R implementation each pinned by a test.

Records are built as the NEMSIS tree our import produces (groups named by the XSD, entries by
element number). Codes: eResponse.05 2205001 (911) / 2205005 (interfacility); ePatient.16
2516009 (years); eVitals.26 AVPU 3326001 Alert .. 3326007 Unresponsive.
"""

from __future__ import annotations

from typing import Any

import pytest

from goldenhour.domain.pcr.elements import ROOT
from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.pcr.tree import Entry, Group, Node
from goldenhour.domain.quality.care_measures import BY_ID, MEASURES, care_report, classify, wilson

AT = "2026-11-02T10:{:02d}:00-08:00"


def record(
    *,
    service: str = "2205001",
    age: int | None = 45,
    vitals: list[dict[str, str]] = (),  # type: ignore[assignment]
    meds: list[dict[str, str]] = (),  # type: ignore[assignment]
    procedures: list[dict[str, str]] = (),  # type: ignore[assignment]
    **elements: Any,
) -> PatientCareRecord:
    """A record from element values (``eSituation_11="I63.9"``; a list repeats the element)."""
    children: list[Node] = [Group("eResponse", (Entry("eResponse.05", service),))]
    if age is not None:
        children.append(
            Group("ePatient", (Entry("ePatient.15", str(age)), Entry("ePatient.16", "2516009")))
        )
    for key, value in elements.items():
        element = key.replace("_", ".")
        for one in value if isinstance(value, list) else [value]:
            children.append(Group(element.split(".")[0], (Entry(element, one),)))
    for name, rows in (
        ("eVitals.VitalGroup", vitals),
        ("eMedications.MedicationGroup", meds),
        ("eProcedures.ProcedureGroup", procedures),
    ):
        for row in rows:
            children.append(Group(name, tuple(Entry(k, v) for k, v in row.items())))
    return PatientCareRecord("test", Group(ROOT, tuple(children)))


FULL_VITALS = {
    "eVitals.01": AT.format(10),
    "eVitals.06": "120",
    "eVitals.10": "80",
    "eVitals.14": "16",
    "eVitals.12": "98",
    "eVitals.18": "100",
    "eVitals.27": "2",
}
CASES: list[tuple[str, str, PatientCareRecord, str]] = [
    # Hypoglycemia-01: diagnosis branch, low-glucose-with-altered-mental-status branch.
    (
        "Hypoglycemia-01",
        "diagnosed, given D50",
        record(eSituation_11="E16.2", meds=[{"eMedications.03": "237653"}]),
        "met",
    ),
    ("Hypoglycemia-01", "diagnosed, nothing given", record(eSituation_11="E16.2"), "not met"),
    (
        "Hypoglycemia-01",
        "BG 40 with GCS 12, glucagon",
        record(
            vitals=[{"eVitals.18": "40", "eVitals.23": "12"}], meds=[{"eMedications.03": "4832"}]
        ),
        "met",
    ),
    (
        "Hypoglycemia-01",
        "BG 40 alert",
        record(vitals=[{"eVitals.18": "40", "eVitals.26": "3326001"}]),
        "out",
    ),
    # Respiratory-01
    (
        "Respiratory-01",
        "distress with RR and SpO2",
        record(eSituation_11="R06.00", vitals=[{"eVitals.14": "28", "eVitals.12": "91"}]),
        "met",
    ),
    (
        "Respiratory-01",
        "distress without SpO2",
        record(eSituation_11="J45.901", vitals=[{"eVitals.14": "28"}]),
        "not met",
    ),
    # Seizure-02
    (
        "Seizure-02",
        "status epilepticus, midazolam",
        record(eSituation_11="G40.901", meds=[{"eMedications.03": "6960"}]),
        "met",
    ),
    (
        "Seizure-02",
        "status epilepticus, no benzodiazepine",
        record(eSituation_11="G41.9"),
        "not met",
    ),
    # Stroke-01
    (
        "Stroke-01",
        "stroke with a stroke scale",
        record(eSituation_11="I63.9", vitals=[{"eVitals.29": "3", "eVitals.23": "15"}]),
        "met",
    ),
    ("Stroke-01", "stroke, no scale", record(eSituation_12="G45.9"), "not met"),
    (
        "Stroke-01",
        "stroke, GCS 6",
        record(eSituation_11="I61.9", vitals=[{"eVitals.23": "6"}]),
        "excluded",
    ),
    # Syncope-01: an ECG type branch and a procedure branch.
    (
        "Syncope-01",
        "12-lead by ECG type",
        record(eSituation_11="R55", vitals=[{"eVitals.04": "3304007"}]),
        "met",
    ),
    (
        "Syncope-01",
        "12-lead by procedure",
        record(eSituation_11="R55", procedures=[{"eProcedures.03": "268400002"}]),
        "met",
    ),
    (
        "Syncope-01",
        "3-lead only",
        record(eSituation_11="R55", vitals=[{"eVitals.04": "3304001"}]),
        "not met",
    ),
    # Trauma-01: injured by cause or by impression; a patient who cannot report pain excluded.
    (
        "Trauma-01",
        "cause of injury, pain scored",
        record(eInjury_01="W19.XXXA", vitals=[{"eVitals.27": "7"}]),
        "met",
    ),
    ("Trauma-01", "S-code impression, no pain score", record(eSituation_11="S72.001A"), "not met"),
    (
        "Trauma-01",
        "injured but GCS 10",
        record(eInjury_01="V43.52XA", vitals=[{"eVitals.23": "10"}]),
        "excluded",
    ),
    # Trauma-03
    (
        "Trauma-03",
        "pain re-scored after fentanyl",
        record(
            eInjury_01="W19.XXXA",
            meds=[{"eMedications.01": AT.format(5), "eMedications.03": "4337"}],
            vitals=[
                {"eVitals.01": AT.format(1), "eVitals.27": "8"},
                {"eVitals.01": AT.format(15), "eVitals.27": "4"},
            ],
        ),
        "met",
    ),
    (
        "Trauma-03",
        "pain scored only before fentanyl",
        record(
            eInjury_01="W19.XXXA",
            meds=[{"eMedications.01": AT.format(5), "eMedications.03": "4337"}],
            vitals=[{"eVitals.01": AT.format(1), "eVitals.27": "8"}],
        ),
        "not met",
    ),
    # Trauma-04
    (
        "Trauma-04",
        "criteria met, trauma centre",
        record(eInjury_03="2903001", eDisposition_30="4230001", eDisposition_23="9908021"),
        "met",
    ),
    (
        "Trauma-04",
        "criteria met, general hospital",
        record(eInjury_04="2904001", eDisposition_30="4230001", eDisposition_23="9908007"),
        "not met",
    ),
    # TTR-01: GCS or AVPU.
    (
        "TTR-01",
        "refused, full vitals with GCS",
        record(eDisposition_30="4230009", vitals=[{**FULL_VITALS, "eVitals.23": "15"}]),
        "met",
    ),
    (
        "TTR-01",
        "refused, no glucose",
        record(
            eDisposition_30="4230009",
            vitals=[
                {**{k: v for k, v in FULL_VITALS.items() if k != "eVitals.18"}, "eVitals.23": "15"}
            ],
        ),
        "not met",
    ),
    # Safety-01/02
    ("Safety-01", "downgraded to non-emergent", record(eResponse_23="2223003"), "met"),
    ("Safety-01", "emergent", record(eResponse_23="2223001"), "not met"),
    (
        "Safety-02",
        "non-emergent transport",
        record(eDisposition_30="4230001", eDisposition_17="4217005"),
        "met",
    ),
    (
        "Safety-02",
        "emergent transport",
        record(eDisposition_30="4230001", eDisposition_17="4217001"),
        "not met",
    ),
    # Safety-04
    (
        "Safety-04",
        "child in a car seat",
        record(age=4, eDisposition_30="4230001", eDisposition_14="4214001"),
        "met",
    ),
    (
        "Safety-04",
        "child on the stretcher",
        record(age=4, eDisposition_30="4230001", eDisposition_14="4214017"),
        "not met",
    ),
    (
        "Safety-04",
        "adult",
        record(age=40, eDisposition_30="4230001", eDisposition_14="4214017"),
        "out",
    ),
    # Pediatrics-03b: weight or length-based colour.
    (
        "Pediatrics-03b",
        "child given a drug, weight",
        record(age=6, eExam_01="20", meds=[{"eMedications.03": "6960"}]),
        "met",
    ),
    (
        "Pediatrics-03b",
        "child given a drug, tape colour",
        record(age=6, eExam_02="3502013", meds=[{"eMedications.03": "6960"}]),
        "met",
    ),
    (
        "Pediatrics-03b",
        "child given a drug, no weight",
        record(age=6, meds=[{"eMedications.03": "6960"}]),
        "not met",
    ),
    # Airway-01
    (
        "Airway-01",
        "first pass, no hypoxia",
        record(
            procedures=[
                {"eProcedures.03": "112798008", "eProcedures.05": "1", "eProcedures.06": "9923003"}
            ],
            vitals=[{"eVitals.12": "96", "eVitals.06": "130"}],
        ),
        "met",
    ),
    (
        "Airway-01",
        "first pass with SpO2 85",
        record(
            procedures=[
                {"eProcedures.03": "112798008", "eProcedures.05": "1", "eProcedures.06": "9923003"}
            ],
            vitals=[{"eVitals.12": "85"}],
        ),
        "not met",
    ),
    (
        "Airway-01",
        "second attempt",
        record(
            procedures=[
                {"eProcedures.03": "112798008", "eProcedures.05": "2", "eProcedures.06": "9923003"}
            ]
        ),
        "not met",
    ),
]


@pytest.mark.parametrize(
    ("measure", "case", "rec", "expected"), CASES, ids=[f"{m}: {c}" for m, c, _, _ in CASES]
)
def test_each_branch_of_each_care_measure_is_met_and_missed(
    measure: str, case: str, rec: PatientCareRecord, expected: str
) -> None:
    assert classify(BY_ID[measure], rec) == expected


def test_every_measure_the_issue_names_is_defined_with_a_met_and_a_missed_case() -> None:
    named = {
        "Hypoglycemia-01",
        "Respiratory-01",
        "Seizure-02",
        "Stroke-01",
        "Syncope-01",
        "Trauma-01",
        "Trauma-03",
        "TTR-01",
        "Safety-01",
        "Safety-02",
        "Pediatrics-03b",
        "Airway-01",
    }
    assert named <= set(BY_ID)
    for measure in MEASURES:
        outcomes = {expected for m, _, _, expected in CASES if m == measure.id}
        assert {"met", "not met"} <= outcomes, measure.id


def test_hypoglycemia_01_applies_the_911_filter_to_the_glucose_branch_too() -> None:
    """R defect: ``is911 & diagnosis | altered & glucose < 60`` lets an interfacility transfer
    into the denominator through the second branch."""
    transfer = record(service="2205005", vitals=[{"eVitals.18": "40", "eVitals.23": "12"}])
    assert classify(BY_ID["Hypoglycemia-01"], transfer) == "out"
    assert (
        classify(BY_ID["Hypoglycemia-01"], record(service="2205005", eSituation_11="E16.2"))
        == "out"
    )


@pytest.mark.parametrize(
    "vitals",
    [
        [{"eVitals.23": "6", "eVitals.26": "3326003"}],  # GCS says unresponsive, AVPU Verbal
        [{"eVitals.26": "3326007"}],  # AVPU Unresponsive, no GCS
    ],
)
def test_stroke_01_excludes_a_patient_unresponsive_by_either_gcs_or_avpu(
    vitals: list[dict[str, str]],
) -> None:
    """R defect: ``!gcs_low | !avpu_u`` keeps a patient whom only one of the two finds
    unresponsive; the rule is ``!(gcs_low | avpu_u)``."""
    assert classify(BY_ID["Stroke-01"], record(eSituation_11="I63.9", vitals=vitals)) == "excluded"


def test_ttr_01_accepts_avpu_where_gcs_is_not_documented() -> None:
    """R defect: GCS tested twice and AVPU never, so a record with AVPU but no GCS failed."""
    refused = record(eDisposition_30="4230009", vitals=[{**FULL_VITALS, "eVitals.26": "3326001"}])
    assert classify(BY_ID["TTR-01"], refused) == "met"


def test_field_triage_criteria_are_the_2903_and_2904_codes_not_3903() -> None:
    """R defect: the triage codes typed 3903xxx, which NEMSIS does not define."""
    meets = record(eInjury_03="2903005", eDisposition_30="4230001", eDisposition_23="9908021")
    typo = record(eInjury_03="3903005", eDisposition_30="4230001", eDisposition_23="9908021")
    assert classify(BY_ID["Trauma-04"], meets) == "met"
    assert classify(BY_ID["Trauma-04"], typo) == "out"


@pytest.mark.parametrize("code", ["4214021", "4214023", "4214025", "4214027"])
def test_safety_04_counts_the_v3_5_pediatric_restraint_codes(code: str) -> None:
    """R defect: only the v3.4 car-seat code counted, not the v3.5 restraints 4214021-27."""
    child = record(age=2, eDisposition_30="4230001", eDisposition_14=code)
    assert classify(BY_ID["Safety-04"], child) == "met"


def test_the_report_splits_adults_and_children_with_wilson_intervals() -> None:
    records = [
        record(age=70, eResponse_23="2223005"),
        record(age=30, eResponse_23="2223001"),
        record(age=8, eResponse_23="2223005"),
        record(age=None, eResponse_23="2223005"),
    ]
    safety = care_report(records)["measures"]["Safety-01"]
    assert (safety["all"]["denominator"], safety["all"]["numerator"]) == (4, 3)
    assert (safety["adult"]["denominator"], safety["adult"]["numerator"]) == (2, 1)
    assert (safety["pediatric"]["denominator"], safety["pediatric"]["numerator"]) == (1, 1)
    assert safety["all"]["ci95"] == list(wilson(3, 4) or ())


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [(81, 263, 0.2553, 0.3662), (0, 10, 0.0, 0.2775), (10, 10, 0.7225, 1.0)],
)
def test_wilson_intervals_reproduce_published_values(
    successes: int, n: int, low: float, high: float
) -> None:
    """Wilson score 95 % intervals as tabulated by Newcombe (1998), Stat Med 17:857, Table I
    (81/263: 0.2553-0.3662; 0/10: 0-0.2775; 10/10: 0.7225-1)."""
    interval = wilson(successes, n)
    assert interval is not None
    assert interval[0] == pytest.approx(low, abs=1e-4)
    assert interval[1] == pytest.approx(high, abs=1e-4)
