"""Standards as data: NFPA 1710's EMS objectives shipped with their sources, contracts in TOML."""

from __future__ import annotations

import pytest

from goldenhour.adapters.refdata.quality_standards import shipped_standard
from goldenhour.domain.quality.standards import parse_standard
from goldenhour.domain.shared.errors import InvalidInput


@pytest.mark.parametrize(
    ("interval", "seconds", "section"),
    [
        ("call_processing", 64, "4.1.2.3.3"),
        ("turnout", 60, "4.1.2.1(2)"),
        ("travel", 240, "4.1.2.1(5)"),
    ],
)
def test_nfpa_1710_ships_its_ems_objectives_each_with_its_section(
    interval: str, seconds: int, section: str
) -> None:
    """NFPA 1710 (2020): alarm processing 64 s, EMS turnout 60 s (not the 80 s fire value),
    first-responder travel 240 s, all at the 90th fractile."""
    standard = shipped_standard("nfpa1710")
    target = standard.target(interval)
    assert target is not None
    assert target.seconds == seconds
    assert section in target.source
    assert standard.fractile_for(interval) == 90


def test_nfpa_1710_keeps_what_nemsis_cannot_measure_and_says_so() -> None:
    standard = shipped_standard("nfpa1710")
    assert standard.unmeasured["alarm_answering"].seconds == 15
    assert standard.unmeasured["travel_als"].seconds == 480
    response = standard.target("response")
    assert response is not None and response.seconds is None


CONTRACT = """
name = "Metro ambulance contract"
fractile = 90
round_up_minutes = true
grace_s = 59

[targets.response]
seconds = 480
source = "Contract exhibit B"

[[targets.response.by]]
zone = "rural"
seconds = 900

[[targets.response.by]]
priority = "1"
zone = "rural"
seconds = 720

[[targets.response.by]]
priority = "3"
seconds = 1200
"""


@pytest.mark.parametrize(
    ("priority", "zone", "seconds"),
    [("1", "urban", 480), ("1", "rural", 720), ("2", "rural", 900), ("3", "urban", 1200)],
)
def test_a_contract_targets_each_priority_and_zone_with_the_most_specific_rule(
    priority: str, zone: str, seconds: int
) -> None:
    standard = parse_standard(CONTRACT)
    target = standard.target("response")
    assert target is not None
    assert target.for_call(priority, zone) == seconds
    assert (standard.rules.round_up_minutes, standard.rules.grace_s) == (True, 59)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("name = 'x'\nfractile = 120", "standard.fractile"),
        ("name = 'x'\ngrace_s = 60", "standard.grace_s"),
        ("fractile = 90", "standard.name"),
        ("name = 'x'\n[targets.arrival]\nseconds = 1\nsource = 's'", "standard.targets.arrival"),
        (
            "name = 'x'\n[targets.travel]\nseconds = -1\nsource = 's'",
            "standard.targets.travel.seconds",
        ),
        ("name = 'x'\n[targets.travel]\nseconds = 1", "standard.targets.travel.source"),
        ("name = 'x'\n[[targets.travel.by]]\nseconds = 1", "standard.targets.travel.by[0]"),
        ("name = ", "standard"),
    ],
)
def test_a_malformed_standard_is_refused_naming_the_key(text: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_standard(text)
    assert caught.value.errors[0].field == field
