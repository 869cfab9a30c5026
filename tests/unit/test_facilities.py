"""Facility capabilities (names, "at least" requirements) and per-service status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.domain.destination.facilities import (
    CAPABILITY_NAMES,
    Capabilities,
    Facility,
    StrokeTier,
    TraumaLevel,
    capability_name,
    parse_capabilities,
)
from goldenhour.domain.destination.facility_status import (
    OPEN,
    Service,
    ServiceState,
    ServiceStatus,
    check_status_change,
    diversion,
    effective_status,
    parse_service,
    parse_state,
    status_for,
)
from goldenhour.domain.shared.errors import InvalidInput

NOON = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("ED", "emergency_department"),
        ("Trauma Adult I", "trauma_adult_I"),
        ("trauma_pediatric_2", "trauma_pediatric_II"),
        ("CSC", "stroke_comprehensive"),
        ("acute stroke ready", "stroke_acute_ready"),
        ("PCI", "stemi_pci"),
        ("HBO", "hyperbaric_oxygen"),
        ("helipad", "helipad"),
    ],
)
def test_capability_names_accept_spellings_and_aliases(text: str, canonical: str) -> None:
    assert capability_name(text) == canonical


def test_unknown_capability_is_refused_with_suggestions_naming_each_position() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_capabilities(["emergency_department", "traumma_adult_I", "stroke_primery"])
    fields = [p.field for p in caught.value.errors]
    assert fields == ["capabilities[1]", "capabilities[2]"]
    assert "did you mean 'trauma_adult_I'" in caught.value.errors[0].problem
    assert "'stroke_primary'" in caught.value.errors[1].problem


def test_repeated_designations_keep_the_highest() -> None:
    caps = parse_capabilities(["trauma_adult_III", "trauma_adult_I", "stroke_primary", "csc"])
    assert caps.trauma_adult is TraumaLevel.I
    assert caps.stroke is StrokeTier.COMPREHENSIVE


@pytest.mark.parametrize(
    ("has", "requirement", "met"),
    [
        (["trauma_adult_I"], "trauma_adult_II", True),
        (["trauma_adult_III"], "trauma_adult_II", False),
        (["trauma_pediatric_I"], "trauma_adult_IV", False),
        (["stroke_comprehensive"], "stroke_thrombectomy_capable", True),
        (["stroke_primary"], "stroke_thrombectomy_capable", False),
        (["stroke_acute_ready"], "stroke_acute_ready", True),
        (["stemi_pci"], "emergency_department", False),
    ],
)
def test_a_requirement_is_met_by_that_tier_or_a_higher_one(
    has: list[str], requirement: str, met: bool
) -> None:
    """Higher trauma levels and stroke tiers offer everything the lower ones do (ACS trauma
    verification levels; Joint Commission stroke certification tiers)."""
    assert parse_capabilities(has).meets(requirement) is met


@given(st.sets(st.sampled_from(CAPABILITY_NAMES)))
def test_names_round_trip_through_parsing(names: set[str]) -> None:
    caps = parse_capabilities(names)
    assert parse_capabilities(caps.names()) == caps
    assert all(caps.meets(n) for n in caps.names())


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("lat", {"lon": -122.3, "lat": 122.3}),
        ("lon", {"lon": float("nan"), "lat": 47.6}),
        ("name", {"lon": -122.3, "lat": 47.6, "name": " "}),
    ],
)
def test_a_facility_with_impossible_values_is_refused(
    field: str, kwargs: dict[str, object]
) -> None:
    values: dict[str, object] = {"id": "h1", "name": "Harborview"} | kwargs
    with pytest.raises(InvalidInput) as caught:
        Facility(**values)  # type: ignore[arg-type]
    assert caught.value.errors[0].field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"state": ServiceState.DIVERSION, "until": NOON}, "reason"),
        ({"state": ServiceState.DIVERSION, "reason": "CT down"}, "until"),
        (
            {
                "state": ServiceState.DIVERSION,
                "reason": "CT down",
                "until": NOON.replace(tzinfo=None),
            },
            "until",
        ),
        ({"state": ServiceState.OPEN, "until": NOON}, "until"),
    ],
)
def test_a_diversion_needs_both_reason_and_expiry(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        ServiceStatus(**kwargs)  # type: ignore[arg-type]
    assert caught.value.errors[0].field == field


def test_setting_a_diversion_that_already_expired_is_refused() -> None:
    with pytest.raises(InvalidInput, match="not in the future"):
        check_status_change(diversion("CT down", NOON), NOON)
    assert check_status_change(diversion("CT down", NOON + timedelta(hours=1)), NOON).reason


@given(st.integers(min_value=-7200, max_value=7200))
def test_an_expired_diversion_reads_as_open(offset_s: int) -> None:
    status = diversion("ED saturated", NOON)
    at = NOON + timedelta(seconds=offset_s)
    expected = ServiceState.OPEN if offset_s >= 0 else ServiceState.DIVERSION
    assert effective_status(status, at).state is expected


def test_the_facility_wide_status_overrides_a_service_that_is_open() -> None:
    statuses = {
        Service.FACILITY: ServiceStatus(ServiceState.CLOSED, "flooding"),
        Service.STROKE: OPEN,
    }
    assert status_for(statuses, Service.STROKE, NOON).state is ServiceState.CLOSED
    assert status_for({}, Service.STROKE, NOON) == OPEN


def test_status_description_shows_reason_and_local_expiry() -> None:
    status = diversion("CT down", NOON + timedelta(hours=2))
    assert status.describe(UTC, NOON) == "on diversion: CT down until 14:00"
    assert status.describe(UTC) == "on diversion: CT down until 2026-03-01 14:00"


def test_service_and_state_names_are_checked() -> None:
    assert parse_service("Stroke") is Service.STROKE
    assert parse_state("on diversion") is ServiceState.DIVERSION
    with pytest.raises(InvalidInput, match="unknown service"):
        parse_service("cardiology")
    with pytest.raises(InvalidInput, match="unknown status"):
        parse_state("busy")


def test_with_status_returns_a_changed_copy() -> None:
    h = Facility("h1", "Harborview", -122.32, 47.60, capabilities=Capabilities(True))
    changed = h.with_status(Service.TRAUMA, diversion("OR full", NOON))
    assert h.statuses == {} and changed.statuses[Service.TRAUMA].reason == "OR full"
    assert len({h, changed}) == 2  # hashable (statuses left out of the hash), still compared
