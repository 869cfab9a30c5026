"""Levels of care a unit can deliver and a call can need, ordered so they compare.

A unit's level is derived from its crew on duty elsewhere (``crew_level``); dispatch only asks
"is this unit's level at least what the role needs?", so the levels are an ordered enum:
EMR (first response) < BLS < ILS (AEMT) < ALS < critical care.
"""

from __future__ import annotations

from enum import IntEnum

from goldenhour.domain.shared.errors import InvalidInput


class CareLevel(IntEnum):
    """Level of care, lowest first: a unit at ``a`` may fill a role needing ``b`` when a >= b."""

    EMR = 1
    BLS = 2
    ILS = 3
    ALS = 4
    CRITICAL_CARE = 5

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    CareLevel.EMR: "First response (EMR)",
    CareLevel.BLS: "Basic life support (BLS)",
    CareLevel.ILS: "Intermediate life support (AEMT)",
    CareLevel.ALS: "Advanced life support (ALS)",
    CareLevel.CRITICAL_CARE: "Critical care",
}

# Names accepted on input: our own, plus the common synonyms dispatch centres use.
_NAMES = {
    "EMR": CareLevel.EMR,
    "FIRST_RESPONSE": CareLevel.EMR,
    "BLS": CareLevel.BLS,
    "ILS": CareLevel.ILS,
    "AEMT": CareLevel.ILS,
    "ALS": CareLevel.ALS,
    "CRITICAL_CARE": CareLevel.CRITICAL_CARE,
    "CCT": CareLevel.CRITICAL_CARE,
}

# NEMSIS eResponse.07 "Unit Transport and Equipment Capability", keyed by (level, transports).
# NEMSIS has no intermediate (ILS) or first-response (EMR) equipment codes: those map to None.
_NEMSIS_CAPABILITY = {
    (CareLevel.BLS, True): "2207017",
    (CareLevel.ALS, True): "2207015",
    (CareLevel.CRITICAL_CARE, True): "2207019",
    (CareLevel.BLS, False): "2207023",
    (CareLevel.ALS, False): "2207021",
}


def parse_care_level(value: object, field: str) -> CareLevel:
    """The level named by ``value`` (``"ALS"``, ``"aemt"``, ...); InvalidInput naming ``field``."""
    if isinstance(value, CareLevel):
        return value
    if isinstance(value, str):
        level = _NAMES.get(value.strip().upper().replace(" ", "_").replace("-", "_"))
        if level is not None:
            return level
    known = ", ".join(level.name for level in CareLevel)
    raise InvalidInput.for_field(field, f"unknown level of care {value!r}; expected one of {known}")


def nemsis_capability_code(level: CareLevel, transports: bool) -> str | None:
    """NEMSIS eResponse.07 code for a unit at ``level``, or None where NEMSIS has no code."""
    return _NEMSIS_CAPABILITY.get((level, transports))
