"""A realistic, complete record: an opioid overdose treated and transported by an ALS unit.

Used by the demo data, the NEMSIS benchmark and tests that need a record a state would accept:
every National element documented, with NOT values only where they are the truth (no cardiac
arrest, so eArrest details are "Not Applicable"; hospital outcome is not known to EMS, so
eOutcome is "Not Recorded").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from goldenhour.domain.pcr.elements import ElementSchema
from goldenhour.domain.pcr.interventions import Intervention, Kind, Performer, intervention_group
from goldenhour.domain.pcr.not_values import NotValue, PertinentNegative
from goldenhour.domain.pcr.record import (
    PatientCareRecord,
    append_group,
    put,
    put_value,
    value_entry,
)
from goldenhour.domain.pcr.tree import Entry
from goldenhour.domain.pcr.vitals import vital_signs

NA, NR = NotValue.NOT_APPLICABLE, NotValue.NOT_RECORDED
APPROXIMATE = PertinentNegative.APPROXIMATE

# (element, value) pairs; a NotValue stands for a nil element with that reason.
SCENE_FACTS: Sequence[tuple[str, str | NotValue]] = (
    ("eRecord.02", "GoldenHour project"),
    ("eRecord.03", "GoldenHour"),
    ("eRecord.04", "0.1.0"),
    ("eResponse.01", "ALPHA-EMS"),
    ("eResponse.05", "2205001"),  # emergency response (primary response area)
    ("eResponse.07", "2207015"),  # ground transport, ALS equipped
    ("eResponse.08", "2208013"),  # dispatch delay: none/no delay
    ("eResponse.09", "2209011"),
    ("eResponse.10", "2210017"),
    ("eResponse.11", "2211011"),
    ("eResponse.12", "2212015"),
    ("eResponse.13", "M1"),
    ("eResponse.14", "Medic 1"),
    ("eResponse.23", "2223001"),  # emergent (lights and sirens)
    ("eResponse.24", "2224015"),  # lights and sirens
    ("eDispatch.01", "2301053"),  # overdose/poisoning/ingestion
    ("eDispatch.02", "2302003"),
    ("ePatient.07", "53033"),
    ("ePatient.08", "53"),
    ("ePatient.09", "98104"),
    ("ePatient.14", "2514011"),
    ("ePatient.15", "34"),
    ("ePatient.16", "2516009"),  # years
    ("ePatient.25", "9919003"),
    ("ePayment.01", "2601001"),
    ("ePayment.50", "2650003"),  # ALS level 1 emergency
    ("eScene.01", "9923003"),
    ("eScene.06", "2707005"),
    ("eScene.07", "9923001"),
    ("eScene.08", NA),
    ("eScene.09", "Y92.009"),  # unspecified place in private residence
    ("eScene.18", "53"),
    ("eScene.19", "98104"),
    ("eScene.21", "53033"),
    ("eSituation.02", "9922001"),
    ("eSituation.07", "2807011"),
    ("eSituation.08", "2808005"),
    ("eSituation.09", "R40.4"),  # transient alteration of awareness
    ("eSituation.10", "R06.89"),
    ("eSituation.11", "T40.1X1A"),  # heroin poisoning, accidental, initial encounter
    ("eSituation.12", "R09.02"),
    ("eSituation.13", "2813001"),
    ("eSituation.18", NR),
    ("eSituation.20", NA),
    ("eInjury.01", NA),
    ("eInjury.03", NA),
    ("eInjury.04", NA),
    ("eArrest.01", "3001001"),  # no cardiac arrest
    ("eHistory.01", "3101009"),  # none noted
    ("eHistory.17", "3117003"),  # drug paraphernalia at scene
    ("eProtocols.01", "9914219"),  # opioid poisoning/overdose
    ("eDisposition.05", "53"),
    ("eDisposition.06", "53033"),
    ("eDisposition.07", "98104"),
    ("eDisposition.16", "4216005"),
    ("eDisposition.17", "4217005"),
    ("eDisposition.18", "4218009"),  # speed: normal traffic
    ("eDisposition.19", "4219003"),
    ("eDisposition.20", "4220001"),
    ("eDisposition.21", "4221003"),
    ("eDisposition.22", NA),
    ("eDisposition.23", "9908007"),
    ("eDisposition.24", "4224001"),
    ("eDisposition.25", NA),
    ("eDisposition.27", "4227001"),
    ("eDisposition.28", "4228001"),
    ("eDisposition.29", "4229001"),
    ("eDisposition.30", "4230001"),
    ("eDisposition.32", "4232005"),
)
ARREST_DETAILS = tuple(
    f"eArrest.{n:02d}" for n in (2, 3, 4, 7, 9, 11, 12, 14, 16, 17, 18, 20, 21, 22)
)
OUTCOME = ("eOutcome.01", "eOutcome.02", "eOutcome.09", "eOutcome.19", "eOutcome.10",
           "eOutcome.11", "eOutcome.12", "eOutcome.20", "eOutcome.13", "eOutcome.16",
           "eOutcome.18")  # fmt: skip
# eTimes offsets from the PSAP call, in minutes.
TIMES = {"eTimes.01": 0, "eTimes.03": 1, "eTimes.05": 2, "eTimes.06": 9, "eTimes.07": 10,
         "eTimes.09": 28, "eTimes.11": 41, "eTimes.12": 48, "eTimes.13": 70}  # fmt: skip


def demo_record(
    schema: ElementSchema, uuid: str, number: str, call_at: datetime
) -> PatientCareRecord:
    """The overdose record, with its PSAP call at ``call_at``."""
    record = put_value(PatientCareRecord(uuid), schema, "eRecord.01", number)
    for element, value in SCENE_FACTS:
        record = _fact(record, schema, element, value)
    for element in (*ARREST_DETAILS, *OUTCOME):
        record = _fact(record, schema, element, NA if element in ARREST_DETAILS else NR)
    record = put_value(record, schema, "eResponse.03", f"I-{number}")
    record = put_value(record, schema, "eResponse.04", f"R-{number}")
    onset = Entry("eSituation.01", _at(call_at - timedelta(minutes=15)), None, APPROXIMATE)
    record = put(record, schema, "eSituation.01", [onset])
    for element, minutes in TIMES.items():
        record = put_value(record, schema, element, call_at + timedelta(minutes=minutes))
    medic = Performer("P1", "9925007")
    first, _ = vital_signs(schema, call_at + timedelta(minutes=11), _vitals(88, 6, 52, 8))
    second, _ = vital_signs(schema, call_at + timedelta(minutes=20), _vitals(97, 14, 88, 14))
    record, _ = append_group(record, schema, first)
    record, _ = append_group(record, schema, second)
    bvm = Intervention(
        Kind.PROCEDURE, call_at + timedelta(minutes=11), "425447009", medic,
        details=(Entry("eProcedures.05", "1"), Entry("eProcedures.06", "9923003"),
                 Entry("eProcedures.07", "3907033"), Entry("eProcedures.08", "9916001")),
    )  # fmt: skip
    naloxone = Intervention(
        Kind.MEDICATION, call_at + timedelta(minutes=13), "7242", medic, code_type="9924003",
        details=(Entry("eMedications.04", "9927017"), Entry("eMedications.05", "2"),
                 Entry("eMedications.06", "3706021"), Entry("eMedications.07", "9916001"),
                 Entry("eMedications.08", "3708031")),
    )  # fmt: skip
    record, _ = append_group(record, schema, intervention_group(schema, bvm))
    record, _ = append_group(record, schema, intervention_group(schema, naloxone))
    return record


def _vitals(spo2: int, resp: int, heart: int, gcs: int) -> list[Entry]:
    eye, verbal = (1, 2) if gcs < 10 else (4, 4)
    return [
        Entry("eVitals.06", "104" if gcs < 10 else "128"),
        Entry("eVitals.07", "62" if gcs < 10 else "80"),
        Entry("eVitals.10", str(heart)),
        Entry("eVitals.12", str(spo2)),
        Entry("eVitals.14", str(resp)),
        Entry("eVitals.19", str(eye)),
        Entry("eVitals.20", str(verbal)),
        Entry("eVitals.21", str(gcs - eye - verbal)),
        Entry("eVitals.26", "3326007" if gcs < 10 else "3326001"),
    ]


def _at(moment: datetime) -> str:
    return str(value_entry("eSituation.01", moment).value)


def _fact(
    record: PatientCareRecord, schema: ElementSchema, element: str, value: str | NotValue
) -> PatientCareRecord:
    entry = Entry(element, None, value) if isinstance(value, NotValue) else Entry(element, value)
    return put(record, schema, element, [entry])
