"""How often each dispatch reason comes in: for the demo's call generator.

With the San Francisco extract present (``incidents/sf_fire_calls_for_service/*.csv``, DataSF
"Fire Department Calls for Service", PDDL) the mix follows its incidents: SF call types that
name an EMS reason (traffic collision, fire, electrical hazard, ...) map to that eDispatch.01
code, and medical incidents are spread over the medical reasons of the shipped table, the
"potentially life-threatening" ones over its high-acuity reasons. Calls an ambulance does not
answer (alarms, citizen assists) are left out. Without the extract, the shipped table alone
is used. The table's shares are illustrative, not measured: an agency tunes them from its own
data.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# eDispatch.01 code -> relative share, split by whether the call sounds life-threatening.
HIGH_ACUITY: Mapping[str, float] = {
    "2301013": 12,  # Breathing Problem
    "2301021": 10,  # Chest Pain (Non-Traumatic)
    "2301077": 9,  # Unconscious/Fainting/Near-Fainting
    "2301079": 6,  # Unknown Problem/Person Down
    "2301025": 5,  # Convulsions/Seizure
    "2301067": 4,  # Stroke/CVA
    "2301053": 4,  # Overdose/Poisoning/Ingestion
    "2301019": 3,  # Cardiac Arrest/Death
    "2301045": 3,  # Hemorrhage/Laceration
    "2301041": 2,  # Heart Problems/AICD
    "2301003": 2,  # Allergic Reaction/Stings
    "2301085": 2,  # Altered Mental Status
    "2301063": 1,  # Stab/Gunshot Wound/Penetrating Trauma
    "2301023": 1,  # Choking
}
LOWER_ACUITY: Mapping[str, float] = {
    "2301061": 14,  # Sick Person
    "2301033": 12,  # Falls
    "2301001": 5,  # Abdominal Pain/Problems
    "2301059": 5,  # Psychiatric Problem/Abnormal Behavior/Suicide Attempt
    "2301073": 5,  # Traumatic Injury
    "2301011": 3,  # Back Pain (Non-Traumatic)
    "2301095": 3,  # Intoxicated Subject
    "2301007": 3,  # Assault
    "2301027": 2,  # Diabetic Problem
    "2301057": 1,  # Pregnancy/Childbirth/Miscarriage
    "2301037": 1,  # Headache
    "2301071": 2,  # Transfer/Interfacility/Palliative Care
}
FALLBACK_OTHER: Mapping[str, float] = {"2301069": 6, "2301035": 2, "2301017": 1}
SF_CALL_TYPES: Mapping[str, str] = {
    "Traffic Collision": "2301069",
    "Structure Fire": "2301035",
    "Outside Fire": "2301035",
    "Vehicle Fire": "2301035",
    "Explosion": "2301015",
    "Electrical Hazard": "2301029",
    "Gas Leak (Natural and LP Gases)": "2301017",
    "Odor (Strange / Unknown)": "2301017",
    "HazMat": "2301017",
    "Fuel Spill": "2301017",
    "Water Rescue": "2301081",
    "Industrial Accidents": "2301047",
    "Elevator / Escalator Rescue": "2301047",
    "Confined Space / Structure Collapse": "2301047",
}
LIFE_THREATENING = "Potentially Life-Threatening"


@dataclass(frozen=True)
class CallMix:
    shares: Mapping[str, float]  # eDispatch.01 code -> probability (sums to 1)
    source: str


def _normalised(weights: Mapping[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {code: w / total for code, w in weights.items() if w > 0}


def _spread(into: dict[str, float], table: Mapping[str, float], count: float) -> None:
    for code, share in _normalised(table).items():
        into[code] = into.get(code, 0.0) + count * share


def shipped_mix() -> CallMix:
    weights: dict[str, float] = {}
    _spread(weights, HIGH_ACUITY, 45)
    _spread(weights, LOWER_ACUITY, 45)
    _spread(weights, FALLBACK_OTHER, 10)
    return CallMix(_normalised(weights), "the shipped table (illustrative shares)")


def load_call_mix(refdata: Path) -> CallMix:
    """The San Francisco mix when the extract is there, else the shipped table."""
    files = sorted((refdata / "incidents" / "sf_fire_calls_for_service").glob("*.csv"))
    if not files:
        return shipped_mix()
    weights: dict[str, float] = {}
    incidents = 0
    for path in files:
        seen: set[str] = set()
        with path.open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                number = row.get("Incident Number", "")
                if number in seen:
                    continue  # one row per responding unit: count each incident once
                seen.add(number)
                kind, group = row.get("Call Type", ""), row.get("Call Type Group", "")
                if kind == "Medical Incident":
                    _spread(weights, HIGH_ACUITY if group == LIFE_THREATENING else LOWER_ACUITY, 1)
                elif kind in SF_CALL_TYPES:
                    code = SF_CALL_TYPES[kind]
                    weights[code] = weights.get(code, 0.0) + 1
                else:
                    continue
                incidents += 1
    if not weights:
        return shipped_mix()
    names = ", ".join(p.name for p in files)
    return CallMix(_normalised(weights), f"San Francisco ({incidents} EMS incidents in {names})")
