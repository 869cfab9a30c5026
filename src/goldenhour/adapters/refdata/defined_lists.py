"""The NEMSIS Defined Lists, read at run time from the reference data (never copied here).

``$GOLDENHOUR_REFDATA/nemsis/DefinedLists/NAME/NAME.csv`` with the columns
``Value, CodeType, Category, SourceLabel, SuggestedLabel, Note, Date``; the Suggested Lists
(medical history, allergies, patient activity) in ``nemsis/SuggestedLists`` the same way.
Without the reference data, impressions fall back to a short shipped table and the other
lists are empty, so the chart still works (codes can always be typed).
"""

from __future__ import annotations

import csv
from functools import cache

from goldenhour.config import refdata_dir
from goldenhour.domain.pcr.vocabulary import SHIPPED_IMPRESSIONS, ListedCode
from goldenhour.domain.shared.errors import NotFound

DEFINED = ("Impression", "Symptom", "CauseOfInjury", "Medication", "Procedure",
           "IncidentLocationType")  # fmt: skip
SUGGESTED = ("MedicalSurgicalHistory", "MedicationAllergy", "EnvironmentalFoodAllergy",
             "PatientActivity")  # fmt: skip
LISTS = DEFINED + SUGGESTED
FALLBACK = {"Impression": SHIPPED_IMPRESSIONS}


@cache
def defined_list(name: str) -> tuple[ListedCode, ...]:
    if name not in LISTS:
        known = ", ".join(LISTS)
        raise NotFound(f"list: no NEMSIS Defined or Suggested List {name!r}; lists: {known}")
    folder = "DefinedLists" if name in DEFINED else "SuggestedLists"
    path = refdata_dir() / "nemsis" / folder / name / f"{name}.csv"
    if not path.exists():
        return FALLBACK.get(name, ())
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return tuple(
            ListedCode(
                code=row["Value"].strip(),
                label=(row.get("SuggestedLabel") or row.get("SourceLabel") or "").strip(),
                category=(row.get("Category") or "").strip(),
                source_label=(row.get("SourceLabel") or "").strip(),
            )
            for row in csv.DictReader(handle)
            if (row.get("Value") or "").strip()
        )
