"""NEMSIS v3.5.1 destination vocabulary: eDisposition.21 (type) and .20 (reason for choosing)."""

from __future__ import annotations

from goldenhour.domain.shared.names import unknown_name

DESTINATION_TYPES = {
    "4221001": "Home",
    "4221003": "Hospital-Emergency Department",
    "4221005": "Hospital-Non-Emergency Department Bed",
    "4221007": "Clinic",
    "4221009": "Morgue/Mortuary",
    "4221013": "Other",
    "4221015": "Other EMS Responder (air)",
    "4221017": "Other EMS Responder (ground)",
    "4221019": "Police/Jail",
    "4221021": "Urgent Care",
    "4221023": "Freestanding Emergency Department",
    "4221025": "Dialysis Center",
    "4221027": "Diagnostic Services",
    "4221029": "Assisted Living Facility",
    "4221031": "Mental Health Facility",
    "4221033": "Nursing Home",
    "4221035": "Other Recurring Care Center",
    "4221037": "Physical Rehabilitation Facility",
    "4221039": "Drug and/or Alcohol Rehabilitation Facility",
    "4221041": "Skilled Nursing Facility",
}

DESTINATION_REASONS = {
    "4220001": "Closest Facility",
    "4220003": "Diversion",
    "4220005": "Family Choice",
    "4220007": "Insurance Status/Requirement",
    "4220009": "Law Enforcement Choice",
    "4220011": "On-Line/On-Scene Medical Direction",
    "4220013": "Other",
    "4220015": "Patient's Choice",
    "4220017": "Patient's Physician's Choice",
    "4220019": "Protocol",
    "4220021": "Regional Specialty Center",
}


def destination_code(text: str, table: dict[str, str], field: str) -> str:
    """The code for a NEMSIS code or its name (any case); unknown ones get suggestions."""
    value = text.strip()
    if value in table:
        return value
    by_name = {name.lower(): code for code, name in table.items()}
    if value.lower() in by_name:
        return by_name[value.lower()]
    raise unknown_name(field, "value", text, list(table.values()))
