"""Certification levels: NEMSIS codes, the EMS ladder, legacy names and helpful errors."""

from __future__ import annotations

import pytest

from goldenhour.domain.credentials.certification_levels import (
    BY_SLUG,
    EMS_LADDER,
    LEVELS,
    check_placement,
    ladder_rank,
    parse_level,
)
from goldenhour.domain.shared.errors import InvalidInput

# dPersonnel.24 / eCrew.02 (99250xx) and dConfiguration.06 (99170xx) codes, NEMSIS v3.5.1.
NEMSIS_CODES = [
    ("emr", "9925003", "9917003"),
    ("emt", "9925005", "9917005"),
    ("aemt", "9925001", "9917001"),
    ("emt-intermediate", "9925002", "9917002"),
    ("paramedic", "9925007", "9917007"),
    ("critical-care-paramedic", "9925033", "9917021"),
    ("community-paramedic", "9925035", "9917023"),
    ("physician", "9925027", "9917019"),
    ("registered-nurse", "9925043", "9917031"),
    ("nurse-practitioner", "9925037", "9917025"),
    ("physician-assistant", "9925039", "9917027"),
    ("licensed-practical-nurse", "9925041", "9917029"),
    ("respiratory-therapist", "9925029", None),
    ("student", "9925031", None),
    ("other-healthcare-professional", "9925023", None),
    ("other-non-healthcare-professional", "9925025", None),
]


@pytest.mark.parametrize(("slug", "personnel", "configuration"), NEMSIS_CODES)
def test_every_level_carries_its_nemsis_codes_and_parses_from_them(
    slug: str, personnel: str, configuration: str | None
) -> None:
    """NEMSIS v3.5.1 dPersonnel.24/eCrew.02 and dConfiguration.06/.08 code lists."""
    level = BY_SLUG[slug]
    assert (level.personnel_code, level.configuration_code) == (personnel, configuration)
    assert parse_level(personnel) is level
    if configuration:
        assert parse_level(configuration) is level


def test_the_code_table_above_covers_every_level_of_the_vocabulary() -> None:
    assert {slug for slug, _, _ in NEMSIS_CODES} == {level.slug for level in LEVELS}


def test_the_ems_ladder_runs_from_emr_to_critical_care_paramedic() -> None:
    """Levels are cumulative along EMR < EMT < AEMT < EMT-I < Paramedic < CCP."""
    assert [level.slug for level in EMS_LADDER] == [
        "emr",
        "emt",
        "aemt",
        "emt-intermediate",
        "paramedic",
        "critical-care-paramedic",
    ]


@pytest.mark.parametrize(
    ("spelling", "slug"),
    [
        ("Certified First Responder", "emr"),
        ("CFR", "emr"),
        ("first responder", "emr"),
        ("Emergency Medical Responder", "emr"),
        ("EMT-Basic", "emt"),
        ("EMT-B", "emt"),
        ("emt basic", "emt"),
        ("Emergency Medical Technician", "emt"),
        ("Advanced EMT", "aemt"),
        ("AEMT", "aemt"),
        ("EMT-Intermediate", "emt-intermediate"),
        ("EMT-I", "emt-intermediate"),
        ("EMT-I/85", "emt-intermediate"),
        ("EMT-I/99", "emt-intermediate"),
        ("EMT-Paramedic", "paramedic"),
        ("EMT-P", "paramedic"),
        ("paramedic", "paramedic"),
        ("EMT-Critical Care", "critical-care-paramedic"),
        ("EMT-CC", "critical-care-paramedic"),
        ("CCP", "critical-care-paramedic"),
        ("RN", "registered-nurse"),
        ("Registered Nurse", "registered-nurse"),
        ("  critical_care_paramedic ", "critical-care-paramedic"),
    ],
)
def test_legacy_and_common_names_map_onto_the_nemsis_levels(spelling: str, slug: str) -> None:
    """Issue 3: CFR->EMR, EMT-B->EMT, EMT-I->intermediate, EMT-P->Paramedic, EMT-CC->CCP.

    NEMSIS files both the '85 and the '99 intermediate curricula under 9925002.
    """
    assert parse_level(spelling).slug == slug


def test_an_unknown_level_names_the_field_and_suggests_the_closest_levels() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_level("Paramedc", "row 3: level")
    assert caught.value.errors[0].field == "row 3: level"
    assert "'Paramedic'" in caught.value.detail or "'paramedic'" in caught.value.detail


def test_professions_off_the_ladder_stand_where_the_placement_puts_them() -> None:
    rn = BY_SLUG["registered-nurse"]
    assert ladder_rank(rn, {}) is None
    assert ladder_rank(rn, {"registered-nurse": "paramedic"}) == BY_SLUG["paramedic"].rank
    assert ladder_rank(BY_SLUG["emt"], {"registered-nurse": "paramedic"}) == BY_SLUG["emt"].rank


@pytest.mark.parametrize(
    ("placement", "field"),
    [
        ({"emt": "paramedic"}, "placement.emt"),
        ({"RN": "physician"}, "placement.RN"),
        ({"RN": "medic-ish"}, "placement.RN"),
    ],
)
def test_a_placement_must_put_an_off_ladder_profession_on_a_ladder_level(
    placement: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_placement(placement, "placement")
    assert caught.value.errors[0].field == field
