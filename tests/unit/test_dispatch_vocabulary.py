"""NEMSIS vocabulary for incidents: dispatch reasons, types of service, times, levels, priority."""

from __future__ import annotations

import pytest

from goldenhour.domain.dispatch.codes import (
    DISPATCH_REASONS,
    TYPES_OF_SERVICE,
    TimeElement,
    dispatch_reason_code,
    type_of_service_code,
)
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.priority import Priority, ResponseMode, parse_priority
from goldenhour.domain.units.levels_of_care import (
    CareLevel,
    nemsis_capability_code,
    parse_care_level,
)


def test_all_fifty_dispatch_reasons_are_the_odd_codes_2301001_to_2301099():
    """NEMSIS v3.5 eDispatch.01 defines 50 reasons, numbered 2301001..2301099 in steps of 2."""
    assert sorted(DISPATCH_REASONS) == [str(c) for c in range(2301001, 2301100, 2)]
    assert len(set(DISPATCH_REASONS.values())) == 50


def test_types_of_service_are_the_eighteen_eresponse_05_codes():
    """NEMSIS v3.5 eResponse.05 has 18 codes, all in the 2205xxx range."""
    assert len(TYPES_OF_SERVICE) == 18
    assert all(code.startswith("2205") for code in TYPES_OF_SERVICE)


@pytest.mark.parametrize("code", sorted(DISPATCH_REASONS))
def test_a_dispatch_reason_is_found_by_code_and_by_name_in_any_case(code):
    name = DISPATCH_REASONS[code]
    assert dispatch_reason_code(code) == code
    assert dispatch_reason_code(name.upper()) == code


@pytest.mark.parametrize("value", ["2301000", "2301101", "heart attack", ""])
def test_an_unknown_dispatch_reason_is_refused_naming_the_field(value):
    with pytest.raises(InvalidInput) as caught:
        dispatch_reason_code(value)
    assert caught.value.errors[0].field == "dispatch_reason"


def test_type_of_service_is_found_by_name_and_unknown_is_refused():
    assert type_of_service_code("standby") == "2205013"
    with pytest.raises(InvalidInput) as caught:
        type_of_service_code("2205999")
    assert caught.value.errors[0].field == "type_of_service"


def test_time_elements_are_etimes_01_to_17_in_order_each_with_a_label():
    """NEMSIS eTimes.01..eTimes.17: PSAP call to arrival at staging."""
    assert [t.value for t in TimeElement] == [f"eTimes.{i:02d}" for i in range(1, 18)]
    assert all(t.label.endswith("Date/Time") for t in TimeElement)


def test_care_levels_order_first_response_below_bls_below_ils_below_als_below_critical_care():
    order = [CareLevel.EMR, CareLevel.BLS, CareLevel.ILS, CareLevel.ALS, CareLevel.CRITICAL_CARE]
    assert sorted(order) == order and len(set(order)) == 5


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("als", CareLevel.ALS),
        ("AEMT", CareLevel.ILS),
        ("critical care", CareLevel.CRITICAL_CARE),
        ("CCT", CareLevel.CRITICAL_CARE),
        ("first-response", CareLevel.EMR),
        ("BLS", CareLevel.BLS),
    ],
)
def test_care_levels_are_read_from_common_names(text, level):
    assert parse_care_level(text, "level") is level


def test_an_unknown_care_level_is_refused_naming_the_field():
    with pytest.raises(InvalidInput) as caught:
        parse_care_level("paramedic-ish", "units[3].level")
    assert caught.value.errors[0].field == "units[3].level"


@pytest.mark.parametrize(
    ("level", "transports", "code"),
    [
        (CareLevel.BLS, True, "2207017"),
        (CareLevel.ALS, True, "2207015"),
        (CareLevel.CRITICAL_CARE, True, "2207019"),
        (CareLevel.BLS, False, "2207023"),
        (CareLevel.ALS, False, "2207021"),
        (CareLevel.ILS, True, None),
        (CareLevel.EMR, False, None),
    ],
)
def test_unit_levels_map_to_nemsis_eresponse_07_where_nemsis_has_a_code(level, transports, code):
    """NEMSIS eResponse.07 has BLS, ALS and critical care equipment codes, none for ILS or EMR."""
    assert nemsis_capability_code(level, transports) == code


@pytest.mark.parametrize(
    ("value", "priority"),
    [(1, Priority.P1), ("4", Priority.P4), ("non-emergent", Priority.NON_EMERGENT)],
)
def test_priorities_are_read_from_numbers_and_text(value, priority):
    assert parse_priority(value, "priority") is priority


@pytest.mark.parametrize("value", [0, 5, True, "urgent", None])
def test_an_unknown_priority_is_refused_naming_the_field(value):
    with pytest.raises(InvalidInput) as caught:
        parse_priority(value, "rules[2].priority")
    assert caught.value.errors[0].field == "rules[2].priority"


def test_priorities_sort_by_urgency_and_map_to_nemsis_acuity():
    """NEMSIS eDispatch.05: priority 1 is Critical (2305001), non-emergent is Non-Acute."""
    assert sorted(Priority) == [
        Priority.P1,
        Priority.P2,
        Priority.P3,
        Priority.P4,
        Priority.NON_EMERGENT,
    ]
    assert Priority.P1.acuity_code == "2305001"
    assert Priority.NON_EMERGENT.acuity_code == "2305007"


def test_response_modes_map_to_nemsis_eresponse_23_and_24():
    """eResponse.23 Emergent 2223001 / Non-Emergent 2223005; eResponse.24 lights and sirens."""
    assert ResponseMode.EMERGENT.nemsis_mode_code == "2223001"
    assert ResponseMode.EMERGENT.nemsis_descriptor_code == "2224015"
    assert ResponseMode.NON_EMERGENT.nemsis_mode_code == "2223005"
    assert ResponseMode.NON_EMERGENT.nemsis_descriptor_code == "2224019"
