"""A unit's level of care is derived from its crew on duty in good standing, at a given time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from goldenhour.domain.credentials.certification_levels import BY_SLUG
from goldenhour.domain.credentials.certifications import (
    Certification,
    CertificationStatus,
    Credentials,
)
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.units.crew_level import (
    CrewAssignment,
    StaffingRules,
    Unit,
    UnitType,
    check_single_assignment,
    derive_unit_level,
    derive_unit_levels,
    double_assignments,
    level_change,
    staffing_from_mapping,
)
from goldenhour.domain.units.levels_of_care import CareLevel

# The staffing rules of the issue: ALS = a Paramedic+ and a second provider; BLS transport =
# two EMT+. Written here in the data form a jurisdiction uses.
STAFFING: dict[str, Any] = {
    "rule": [
        {
            "care_level": "BLS",
            "unit_types": ["transport"],
            "lead": "emt",
            "lead_count": 2,
            "crew": 2,
        },
        {
            "care_level": "ALS",
            "unit_types": ["transport"],
            "lead": "paramedic",
            "crew": 2,
            "crew_at_or_above": "emt",
        },
        {
            "care_level": "CRITICAL_CARE",
            "unit_types": ["transport"],
            "lead": "critical-care-paramedic",
            "crew": 2,
            "crew_at_or_above": "emt",
        },
        {
            "care_level": "ILS",
            "unit_types": ["transport"],
            "lead": "aemt",
            "crew": 2,
            "crew_at_or_above": "emt",
        },
        {
            "care_level": "ALS",
            "unit_types": ["first-response", "supervisor"],
            "lead": "paramedic",
            "crew": 1,
        },
        {"care_level": "EMR", "unit_types": ["first-response"], "lead": "emr", "crew": 1},
    ]
}
START = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def rules(placement: dict[str, str] | None = None) -> StaffingRules:
    return staffing_from_mapping(STAFFING, "XA", placement or {})


def person(name: str, level: str, **cert: Any) -> Credentials:
    cert.setdefault("issuing_state", "XA")
    return Credentials(name, (Certification(BY_SLUG[level], f"{name}-1", **cert),))


def on(unit: str, who: Credentials, end: datetime | None = None) -> CrewAssignment:
    return CrewAssignment(unit, who, START, end)


AMBULANCE = Unit("M1", UnitType.TRANSPORT, CareLevel.CRITICAL_CARE)


@pytest.mark.parametrize(
    ("crew", "unit", "expected"),
    [
        (["paramedic", "emt"], AMBULANCE, CareLevel.ALS),
        (["emt", "emt"], AMBULANCE, CareLevel.BLS),
        (["aemt", "emt"], AMBULANCE, CareLevel.ILS),
        (["critical-care-paramedic", "emt"], AMBULANCE, CareLevel.CRITICAL_CARE),
        (
            ["critical-care-paramedic", "emt"],
            Unit("M2", UnitType.TRANSPORT, CareLevel.ALS),
            CareLevel.ALS,
        ),
        (["paramedic", "emt"], Unit("M3", UnitType.TRANSPORT, CareLevel.BLS), CareLevel.BLS),
        (["paramedic", "emr"], AMBULANCE, None),
        (["paramedic"], AMBULANCE, None),
        (["emt"], AMBULANCE, None),
        (["paramedic"], Unit("E1", UnitType.FIRST_RESPONSE, CareLevel.ALS), CareLevel.ALS),
        (["emr"], Unit("E1", UnitType.FIRST_RESPONSE, CareLevel.ALS), CareLevel.EMR),
        (["paramedic"], Unit("S1", UnitType.SUPERVISOR, CareLevel.ALS), CareLevel.ALS),
    ],
)
def test_the_level_of_care_follows_the_crew_and_the_equipment(
    crew: list[str], unit: Unit, expected: CareLevel | None
) -> None:
    """Issue 3 §7: ALS = Paramedic+ with a valid certification + a second provider;
    BLS transport = two EMT+; the equipment caps the level."""
    members = [on(unit.unit_id, person(f"p{i}", level)) for i, level in enumerate(crew)]
    assert derive_unit_level(unit, members, rules(), NOON).care_level is expected


def test_the_level_drops_when_the_paramedic_certification_expires() -> None:
    medic = person("medic", "paramedic", expires=date(2026, 6, 1))
    crew = [on("M1", medic), on("M1", person("emt-a", "emt")), on("M1", person("emt-b", "emt"))]
    before = derive_unit_level(AMBULANCE, crew, rules(), NOON)
    after = derive_unit_level(AMBULANCE, crew, rules(), NOON + timedelta(days=1))
    assert (before.care_level, after.care_level) == (CareLevel.ALS, CareLevel.BLS)
    assert any("expired on 2026-06-01" in reason.detail for reason in after.reasons)
    event = level_change(before, after)
    assert event is not None and (event.previous, event.current) == ("ALS", "BLS")


def test_the_level_drops_from_the_moment_a_suspension_is_recorded() -> None:
    suspended_at = datetime(2026, 6, 1, 14, 2, tzinfo=UTC)
    medic = person(
        "medic", "paramedic", status=CertificationStatus.SUSPENDED, status_since=suspended_at
    )
    crew = [on("M1", medic), on("M1", person("emt", "emt"))]
    assert derive_unit_level(AMBULANCE, crew, rules(), NOON).care_level is CareLevel.ALS
    later = derive_unit_level(AMBULANCE, crew, rules(), suspended_at)
    assert later.care_level is None
    assert [r.detail for r in later.reasons if r.rule.startswith("ALS")] == [
        "Advanced life support (ALS): needs 1 at Paramedic or above in good standing, has 0"
    ]


def test_the_level_drops_when_a_crew_member_goes_off_duty() -> None:
    off_at = datetime(2026, 6, 1, 15, 0, tzinfo=UTC)
    crew = [on("M1", person("medic", "paramedic"), end=off_at), on("M1", person("emt", "emt"))]
    assert derive_unit_level(AMBULANCE, crew, rules(), NOON).care_level is CareLevel.ALS
    assert derive_unit_level(AMBULANCE, crew, rules(), off_at).care_level is None


def test_a_certification_from_another_state_does_not_staff_the_unit() -> None:
    crew = [
        on("M1", person("medic", "paramedic", issuing_state="XB")),
        on("M1", person("e", "emt")),
    ]
    result = derive_unit_level(AMBULANCE, crew, rules(), NOON)
    assert result.care_level is None
    assert result.reasons[0].detail == "Paramedic certification medic-1 (XB) is not issued by XA"


def test_a_nurse_counts_only_where_the_jurisdiction_places_nurses_on_the_ladder() -> None:
    crew = [on("M1", person("rn", "registered-nurse")), on("M1", person("emt", "emt"))]
    assert derive_unit_level(AMBULANCE, crew, rules(), NOON).care_level is None
    placed = rules({"registered-nurse": "paramedic"})
    assert derive_unit_level(AMBULANCE, crew, placed, NOON).care_level is CareLevel.ALS


def test_no_event_when_the_level_does_not_change() -> None:
    crew = [on("M1", person("a", "emt")), on("M1", person("b", "emt"))]
    level = derive_unit_level(AMBULANCE, crew, rules(), NOON)
    assert level_change(level, level) is None


def test_the_nemsis_capability_comes_from_the_unit_type_and_equipment() -> None:
    """NEMSIS eResponse.07: 2207015 Ground Transport (ALS Equipped)."""
    unit = Unit("M4", UnitType.TRANSPORT, CareLevel.ALS)
    assert derive_unit_level(unit, [], rules(), NOON).nemsis_capability == "2207015"


def test_levels_of_many_units_are_derived_in_one_pass() -> None:
    units = [AMBULANCE, Unit("E1", UnitType.FIRST_RESPONSE, CareLevel.ALS)]
    crew = [
        on("M1", person("a", "emt")),
        on("M1", person("b", "emt")),
        on("E1", person("c", "emr")),
    ]
    levels = derive_unit_levels(units, crew, rules(), NOON)
    assert {k: v.care_level for k, v in levels.items()} == {
        "M1": CareLevel.BLS,
        "E1": CareLevel.EMR,
    }


def test_a_crew_member_cannot_be_on_two_units_at_once() -> None:
    medic = person("medic", "paramedic")
    assignments = [
        CrewAssignment("M1", medic, START, NOON),
        CrewAssignment("M1", person("emt", "emt"), START, NOON),
        CrewAssignment("M2", medic, NOON - timedelta(hours=1), None),
    ]
    problems = double_assignments(assignments)
    assert [p.field for p in problems] == ["crew[2].unit_id"]
    assert "medic is already on unit M1 (crew[0])" in problems[0].problem
    with pytest.raises(InvalidInput):
        check_single_assignment(assignments)


def test_back_to_back_shifts_on_two_units_are_not_a_double_assignment() -> None:
    medic = person("medic", "paramedic")
    assignments = [
        CrewAssignment("M1", medic, START, NOON),
        CrewAssignment("M2", medic, NOON, None),
    ]
    check_single_assignment(assignments)
    assert double_assignments(assignments) == []


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"care_level": "ALS", "unit_types": ["boat"], "lead": "paramedic"}, "rule[0].unit_types"),
        (
            {
                "care_level": "ALS",
                "unit_types": ["transport"],
                "lead": "paramedic",
                "crew": 1,
                "lead_count": 2,
            },
            "rule[0]",
        ),
        ({"care_level": "SUPER", "unit_types": ["transport"], "lead": "emt"}, "rule[0].care_level"),
        ({"care_level": "ALS", "unit_types": ["transport"], "lead": "RN"}, "rule[0].lead"),
    ],
)
def test_bad_staffing_rules_are_refused_naming_the_rule(rule: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        staffing_from_mapping({"rule": [rule]}, None, {})
    assert caught.value.errors[0].field == field
