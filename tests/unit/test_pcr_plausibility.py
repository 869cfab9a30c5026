"""Plausibility of vital signs and times: impossible values refused, unlikely ones flagged.

Hard limits are the NEMSIS v3.5.1 XSD bounds (commonTypes_v3.xsd) and the Glasgow Coma Scale
definitions (eye 1-4, verbal 1-5, motor 1-6); warning ranges are GoldenHour's own, documented
in ``domain.pcr.plausibility``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.domain.pcr.plausibility import Severity, check_times
from goldenhour.domain.pcr.record import PatientCareRecord, put_value
from goldenhour.domain.pcr.tree import Entry
from goldenhour.domain.pcr.vitals import vital_signs
from goldenhour.domain.shared.errors import InvalidInput

AT = datetime(2026, 11, 24, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("element", "value", "words"),
    [
        ("eVitals.12", "140", "140 % is impossible"),
        ("eVitals.12", "101", "must be 0-100"),
        ("eVitals.10", "600", "heart rate of 600 /min is impossible"),
        ("eVitals.10", "-5", "impossible"),
        ("eVitals.19", "7", "'7' is not a code of Glasgow Coma Score-Eye"),
        ("eVitals.27", "11", "pain scale score of 11 is impossible"),
    ],
)
def test_impossible_vital_signs_are_refused_naming_the_element(
    element: str, value: str, words: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        vital_signs(ems_schema(), AT, [Entry(element, value)])
    (problem,) = refused.value.errors
    assert problem.field.endswith(element) and words in problem.problem


@pytest.mark.parametrize(
    ("entries", "element", "words"),
    [
        ([Entry("eVitals.06", "420")], "eVitals.06", "implausible"),
        ([Entry("eVitals.10", "320")], "eVitals.10", "implausible"),
        ([Entry("eVitals.06", "90"), Entry("eVitals.07", "120")], "eVitals.07", "above systolic"),
        (
            [Entry("eVitals.19", "4"), Entry("eVitals.20", "5"), Entry("eVitals.21", "6"),
             Entry("eVitals.23", "4")],
            "eVitals.23",
            "not eye + verbal + motor = 15",
        ),
        # values of one set that contradict each other
        ([Entry("eVitals.03", "9901003"), Entry("eVitals.10", "72")], "eVitals.10",
         "with asystole"),
        ([Entry("eVitals.26", "3326001"), Entry("eVitals.23", "6")], "eVitals.26",
         "AVPU Alert with a total GCS of 6"),
        ([Entry("eVitals.26", "3326007"), Entry("eVitals.23", "15")], "eVitals.26",
         "AVPU Unresponsive with a total GCS of 15"),
        ([Entry("eVitals.29", "3329005")], "eVitals.29", "both its type and its result"),
        ([Entry("eVitals.30", "3330001")], "eVitals.29", "both its type and its result"),
    ],
)  # fmt: skip
def test_implausible_vital_signs_are_kept_with_a_warning(
    entries: list[Entry], element: str, words: str
) -> None:
    group, warnings = vital_signs(ems_schema(), AT, entries)
    (warning,) = warnings
    assert warning.severity is Severity.WARNING
    assert warning.element == element and words in warning.problem
    assert all(group.value(e.element) == e.value for e in entries)


def test_normal_vital_signs_pass_without_warnings_and_unmeasured_ones_say_not_recorded() -> None:
    group, warnings = vital_signs(
        ems_schema(), AT, [Entry("eVitals.12", "97"), Entry("eVitals.10", "88")]
    )
    assert warnings == []
    (sbp,) = group.all_entries("eVitals.06")
    assert sbp.value is None and sbp.not_value is not None and sbp.not_value.label == "Not Recorded"


def test_palpated_diastolic_and_high_glucose_are_allowed_words_not_numbers() -> None:
    _, warnings = vital_signs(
        ems_schema(), AT, [Entry("eVitals.07", "P"), Entry("eVitals.18", "High")]
    )
    assert warnings == []


def test_a_time_before_an_earlier_step_is_out_of_order() -> None:
    """eTimes follow the response: notified <= en route <= on scene <= at patient ..."""
    record = PatientCareRecord("u")
    for element, minute in (("eTimes.03", 0), ("eTimes.05", 5), ("eTimes.06", 3)):
        record = put_value(record, ems_schema(), element, AT.replace(minute=minute))
    (finding,) = check_times(record)
    assert finding.element == "eTimes.06" and finding.severity is Severity.ERROR
    assert "before unit en route" in finding.problem


def test_equal_times_are_in_order() -> None:
    record = PatientCareRecord("u")
    for element in ("eTimes.03", "eTimes.05", "eTimes.06"):
        record = put_value(record, ems_schema(), element, AT)
    assert check_times(record) == []


@given(st.integers(min_value=-1000, max_value=1000))
def test_spo2_is_accepted_exactly_within_0_to_100_percent(spo2: int) -> None:
    """Pulse oximetry is a percentage: the XSD's PulseOximetry type is 0-100."""
    try:
        group, _ = vital_signs(ems_schema(), AT, [Entry("eVitals.12", str(spo2))])
    except InvalidInput as refused:
        assert not 0 <= spo2 <= 100
        assert refused.errors[0].field.endswith("eVitals.12")
    else:
        assert 0 <= spo2 <= 100 and group.value("eVitals.12") == str(spo2)


@pytest.mark.parametrize(
    "entries",
    [
        [Entry("eVitals.03", "9901003"), Entry("eVitals.10", "0")],
        [Entry("eVitals.03", "9901047"), Entry("eVitals.10", "72")],
        [Entry("eVitals.26", "3326001"), Entry("eVitals.23", "14")],
        [Entry("eVitals.26", "3326005"), Entry("eVitals.23", "7")],
        [Entry("eVitals.29", "3329005"), Entry("eVitals.30", "3330001")],
    ],
)
def test_consistent_rhythm_avpu_and_stroke_scale_pass_without_warnings(
    entries: list[Entry],
) -> None:
    assert vital_signs(ems_schema(), AT, entries)[1] == []


@given(eye=st.integers(1, 4), verbal=st.integers(1, 5), motor=st.integers(1, 6))
def test_the_total_gcs_is_the_sum_of_the_three_parts_when_only_the_parts_are_given(
    eye: int, verbal: int, motor: int
) -> None:
    parts = [Entry("eVitals.19", str(eye)), Entry("eVitals.20", str(verbal)),
             Entry("eVitals.21", str(motor))]  # fmt: skip
    group, warnings = vital_signs(ems_schema(), AT, parts)
    assert group.value("eVitals.23") == str(eye + verbal + motor)
    assert warnings == []
