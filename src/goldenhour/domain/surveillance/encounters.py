"""From an incident and its patient care records to surveillance encounters with no identity.

Several units may each write a record for one patient; the patient is then counted once.
Records of one incident are the same patient when they carry the same name and date of birth
(ePatient.02, .03, .17); a record without them is its own patient. The key is a digest, so the
names never leave this function. An incident with no record yet (a call still being run) is
one encounter with its dispatch reason alone, until a record arrives.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.surveillance.case_definitions import Encounter

SYMPTOMS = ("eSituation.09", "eSituation.10")
IMPRESSIONS = ("eSituation.11", "eSituation.12")


@dataclass(frozen=True)
class IncidentFacts:
    id: int | None
    at_iso: str
    lat: float | None
    lon: float | None
    dispatch_reason: str | None


def _patient_key(incident: IncidentFacts, record: PatientCareRecord) -> str:
    who = [record.value(e) for e in ("ePatient.02", "ePatient.03", "ePatient.17")]
    basis = f"{incident.id}|{'|'.join(w or '' for w in who)}" if all(who) else record.uuid
    return hashlib.sha256(basis.lower().encode()).hexdigest()[:16]


def _scene_point(record: PatientCareRecord) -> tuple[float | None, float | None]:
    """eScene.11 "lat,lon" of an imported record that has no incident here."""
    text = record.value("eScene.11")
    try:
        lat, lon = (float(p) for p in (text or "").split(","))
    except ValueError:
        return None, None
    return lat, lon


def encounters_of(incident: IncidentFacts, records: Sequence[PatientCareRecord]) -> list[Encounter]:
    if not records:
        key = hashlib.sha256(f"incident|{incident.id}".encode()).hexdigest()[:16]
        return [
            Encounter(
                key,
                incident.id,
                incident.at_iso,
                incident.lat,
                incident.lon,
                incident.dispatch_reason,
            )
        ]
    out = []
    for record in records:
        lat, lon = incident.lat, incident.lon
        if lat is None or lon is None:
            lat, lon = _scene_point(record)
        symptoms = tuple(
            e.value
            for el in SYMPTOMS
            for e in record.entries(el)
            if e.value and e.pertinent_negative is None
        )
        impressions = tuple(e.value for el in IMPRESSIONS for e in record.entries(el) if e.value)
        medications = tuple(
            (code.value, next((r.value for r in group.entries("eMedications.07")), None))
            for group in record.groups("eMedications.MedicationGroup")
            for code in group.entries("eMedications.03")
            if code.value
        )
        out.append(
            Encounter(
                _patient_key(incident, record),
                incident.id,
                incident.at_iso,
                lat,
                lon,
                incident.dispatch_reason or record.value("eDispatch.01"),
                symptoms,
                impressions,
                medications,
            )
        )
    return out
