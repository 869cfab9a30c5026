"""Certification levels: the NEMSIS v3.5.1 vocabulary, the EMS ladder, and legacy names.

A provider's level is stored as its NEMSIS dPersonnel.24 / eCrew.02 code (``99250xx``); the
scope tables of dConfiguration.06/.08 and sConfiguration.02/.04 use a second code list
(``99170xx``) for the same levels, so each level carries both.

The EMS levels form a ladder (EMR < EMT < AEMT < EMT-Intermediate < Paramedic < Critical Care
Paramedic) and scope is cumulative along it. The other professions (nurses, physicians...) are
not on the ladder: a scope rule set *places* them at a ladder level (``placement``), because
whether a flight nurse works as a paramedic is a state's decision, not a fact of the code list.

EMT-Intermediate sits above AEMT: NEMSIS files both the '85 and '99 intermediate curricula
under it, and the '99 scope (manual defibrillation, more drugs) contains the AEMT one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.shared.names import name_key, unknown_name


@dataclass(frozen=True)
class Level:
    """One certification level. ``rank`` orders the EMS ladder; None for other professions."""

    slug: str
    name: str
    abbreviation: str
    personnel_code: str  # dPersonnel.24 / eCrew.02
    configuration_code: str | None  # dConfiguration.06/.08, sConfiguration.02/.04
    rank: int | None
    aliases: tuple[str, ...] = ()

    @property
    def on_ladder(self) -> bool:
        return self.rank is not None


LEVELS: tuple[Level, ...] = (
    Level(
        "emr",
        "Emergency Medical Responder",
        "EMR",
        "9925003",
        "9917003",
        10,
        ("Certified First Responder", "CFR", "First Responder", "Medical First Responder"),
    ),
    Level(
        "emt",
        "Emergency Medical Technician",
        "EMT",
        "9925005",
        "9917005",
        20,
        ("EMT-Basic", "EMT-B", "Basic EMT"),
    ),
    Level(
        "aemt",
        "Advanced Emergency Medical Technician",
        "AEMT",
        "9925001",
        "9917001",
        30,
        ("Advanced EMT",),
    ),
    Level(
        "emt-intermediate",
        "Emergency Medical Technician - Intermediate",
        "EMT-I",
        "9925002",
        "9917002",
        35,
        ("EMT-Intermediate", "EMT-I/85", "EMT-I/99", "Intermediate"),
    ),
    Level(
        "paramedic",
        "Paramedic",
        "Paramedic",
        "9925007",
        "9917007",
        40,
        ("EMT-P", "EMT-Paramedic"),
    ),
    Level(
        "critical-care-paramedic",
        "Critical Care Paramedic",
        "CCP",
        "9925033",
        "9917021",
        50,
        ("EMT-CC", "EMT-Critical Care"),
    ),
    Level("community-paramedic", "Community Paramedicine", "CP", "9925035", "9917023", None),
    Level("physician", "Physician", "MD/DO", "9925027", "9917019", None, ("MD", "DO")),
    Level("registered-nurse", "Registered Nurse", "RN", "9925043", "9917031", None),
    Level("nurse-practitioner", "Nurse Practitioner", "NP", "9925037", "9917025", None),
    Level("physician-assistant", "Physician Assistant", "PA", "9925039", "9917027", None),
    Level(
        "licensed-practical-nurse",
        "Licensed Practical Nurse (LPN)",
        "LPN",
        "9925041",
        "9917029",
        None,
    ),
    Level("respiratory-therapist", "Respiratory Therapist", "RT", "9925029", None, None),
    Level("student", "Student", "Student", "9925031", None, None),
    Level(
        "other-healthcare-professional",
        "Other Healthcare Professional",
        "Other HCP",
        "9925023",
        None,
        None,
    ),
    Level(
        "other-non-healthcare-professional",
        "Other Non-Healthcare Professional",
        "Other",
        "9925025",
        None,
        None,
    ),
)

EMS_LADDER: tuple[Level, ...] = tuple(
    sorted((level for level in LEVELS if level.rank is not None), key=lambda lv: lv.rank or 0)
)
BY_SLUG: Mapping[str, Level] = {level.slug: level for level in LEVELS}
BY_PERSONNEL_CODE: Mapping[str, Level] = {level.personnel_code: level for level in LEVELS}
BY_CONFIGURATION_CODE: Mapping[str, Level] = {
    level.configuration_code: level for level in LEVELS if level.configuration_code
}


def _spellings(level: Level) -> tuple[str, ...]:
    codes = (level.personnel_code,) + (
        (level.configuration_code,) if level.configuration_code else ()
    )
    return (level.slug, level.name, level.abbreviation, *level.aliases, *codes)


_BY_KEY: Mapping[str, Level] = {
    name_key(spelling): level for level in LEVELS for spelling in _spellings(level)
}
_DISPLAY_NAMES = tuple(spelling for level in LEVELS for spelling in (level.slug, level.name))


def parse_level(text: str, field: str = "level") -> Level:
    """The level named by a code, slug, name or legacy name ("EMT-B", "CFR", "9925007")."""
    level = _BY_KEY.get(name_key(text))
    if level is None:
        raise unknown_name(field, "certification level", text, _DISPLAY_NAMES)
    return level


def ladder_rank(level: Level, placement: Mapping[str, str]) -> int | None:
    """Where ``level`` stands on the EMS ladder under ``placement`` (slug -> ladder slug).

    A ladder level stands at its own rank; another profession stands where the placement puts
    it, or nowhere (None), in which case no cumulative rule reaches it.
    """
    if level.rank is not None:
        return level.rank
    placed = placement.get(level.slug)
    return BY_SLUG[placed].rank if placed is not None else None


def check_placement(placement: Mapping[str, str], field: str) -> dict[str, str]:
    """Validate a placement table: keys are off-ladder levels, values are ladder levels."""
    checked: dict[str, str] = {}
    for raw_level, raw_target in placement.items():
        level = parse_level(raw_level, f"{field}.{raw_level}")
        target = parse_level(raw_target, f"{field}.{raw_level}")
        if level.on_ladder:
            raise InvalidInput.for_field(
                f"{field}.{raw_level}", f"{level.name} is on the EMS ladder and is not placed"
            )
        if not target.on_ladder:
            ladder = ", ".join(lv.slug for lv in EMS_LADDER)
            raise InvalidInput.for_field(
                f"{field}.{raw_level}", f"must be placed at an EMS ladder level ({ladder})"
            )
        checked[level.slug] = target.slug
    return checked
