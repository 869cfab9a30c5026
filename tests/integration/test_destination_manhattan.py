"""Destination scenarios on the real Manhattan road network with the real HIFLD hospitals.

* Road network: JEMSS Manhattan (``roads.zip``, 16,811 nodes), imported once per module.
* Hospitals: every HIFLD 2020 row inside the network's bounding box, as imported (trauma
  levels, emergency departments and ``STATUS CLOSED`` included). Rows across the rivers that
  lie more than 1 km from a Manhattan road get no ETA and are skipped as unreachable.

Origins are chosen from the data (a hospital's own position, nudged a few metres) and every
expected answer is derived from the computed ETAs and the imported capabilities, never typed
in, so the scenarios hold for whatever the files contain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from conftest import require_refdata
from goldenhour.adapters.importers.facilities import read_hifld
from goldenhour.adapters.refdata.destination_rules import default_rules
from goldenhour.adapters.routing import Region, import_network, load_region
from goldenhour.config import Settings
from goldenhour.domain.destination.facilities import Facility, TraumaLevel
from goldenhour.domain.destination.facility_status import (
    Service,
    ServiceState,
    diversion,
    status_for,
)
from goldenhour.domain.destination.recommendation import (
    DestinationAdvice,
    PatientFindings,
    parse_findings,
    recommend_destinations,
)

pytestmark = pytest.mark.refdata

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
NUDGE_DEG = 0.00003  # ~3 m north: the patient is outside the door, not on the helipad
Origin = tuple[float, float]


@pytest.fixture(scope="module")
def manhattan(tmp_path_factory: pytest.TempPathFactory) -> Region:
    path = require_refdata(
        "planning", "jemss_cities", "manhattan", "models", "1", "travel", "roads", "roads.zip"
    )
    settings = Settings(data_dir=tmp_path_factory.mktemp("manhattan-region"))
    import_network(path, "manhattan", settings)
    return load_region("manhattan", settings)


@pytest.fixture(scope="module")
def hospitals(manhattan: Region) -> list[Facility]:
    facilities, _ = read_hifld(
        require_refdata("hospitals", "hifld_us_hospital_locations_2020.csv"), manhattan.bbox
    )
    return facilities


def etas(region: Region, origin: Origin, facilities: Sequence[Facility]) -> dict[str, float]:
    seconds = region.etas_from(origin, [f.lonlat for f in facilities])
    return {f.id: float(s) for f, s in zip(facilities, seconds, strict=True)}


def advise(
    patient: PatientFindings, facilities: Sequence[Facility], region: Region, origin: Origin
) -> DestinationAdvice:
    times: dict[str, float | None] = dict(etas(region, origin, facilities))
    return recommend_destinations(patient, facilities, times, NOW, default_rules())


def outside(f: Facility) -> Origin:
    return (f.lon, f.lat + NUDGE_DEG)


def is_open(f: Facility) -> bool:
    return status_for(f.statuses, Service.FACILITY, NOW).state is ServiceState.OPEN


def is_level_one(f: Facility) -> bool:
    return f.capabilities.trauma_adult is TraumaLevel.I


def high_risk_adult() -> PatientFindings:
    return parse_findings(["trauma_high_risk"], 35)


@pytest.fixture(scope="module")
def bypass(manhattan: Region, hospitals: list[Facility]) -> tuple[Origin, DestinationAdvice]:
    """The first open non-trauma ED (in file order) from whose door the nearest open ED is not
    an adult Level I center, and the advice for a high-risk adult trauma patient there."""
    by_id = {f.id: f for f in hospitals}
    for ed in hospitals:
        if not (ed.capabilities.emergency_department and is_open(ed)):
            continue
        if ed.capabilities.trauma_adult is not None:
            continue
        origin = outside(ed)
        advice = advise(high_risk_adult(), hospitals, manhattan, origin)
        if advice.nearest_ed_id is not None and not is_level_one(by_id[advice.nearest_ed_id]):
            return origin, advice
    pytest.fail("every open ED in Manhattan has a Level I trauma center as its nearest ED")


def test_high_risk_adult_trauma_bypasses_the_nearest_ed_for_a_level_one_center(
    manhattan: Region, hospitals: list[Facility], bypass: tuple[Origin, DestinationAdvice]
) -> None:
    """Field triage 2021 (ACS-FT-2021): high-risk criteria -> the highest-level trauma center
    available, not the nearest hospital; no bypass bound by default, so the nearest adult
    Level I center by road wins however much longer it is than the nearest open ED."""
    origin, advice = bypass
    times = etas(manhattan, origin, hospitals)
    by_id = {f.id: f for f in hospitals}
    assert advice.best is not None
    chosen = by_id[advice.best.facility_id]
    assert chosen.capabilities.trauma_adult is TraumaLevel.I
    assert advice.best.tier == "Level I trauma center"
    level_ones = [f for f in hospitals if is_level_one(f) and is_open(f)]
    assert chosen == min(level_ones, key=lambda f: times[f.id])
    assert advice.nearest_ed_id is not None and advice.nearest_ed_id != chosen.id
    assert advice.best.extra_s is not None and advice.best.extra_s > 0
    assert advice.best.extra_s == pytest.approx(times[chosen.id] - times[advice.nearest_ed_id])
    assert "longer than the nearest open emergency department" in advice.best.reasons[1]


def test_a_level_one_center_on_trauma_diversion_is_skipped_for_another_trauma_center(
    manhattan: Region, hospitals: list[Facility], bypass: tuple[Origin, DestinationAdvice]
) -> None:
    """A trauma diversion takes a center out of the ranking while others are open, and the
    skip says why, so the crew sees the CT scanner is down rather than a silent omission."""
    origin, before = bypass
    assert before.best is not None
    level1 = before.best.facility_id
    divert = diversion("CT down", NOW + timedelta(hours=2))
    facilities = [f.with_status(Service.TRAUMA, divert) if f.id == level1 else f for f in hospitals]
    advice = advise(high_risk_adult(), facilities, manhattan, origin)
    assert advice.best is not None and advice.best.facility_id != level1
    assert not advice.all_diverted
    by_id = {f.id: f for f in facilities}
    assert by_id[advice.best.facility_id].capabilities.trauma_adult is not None
    assert level1 not in {r.facility_id for r in advice.ranked}
    reasons = {s.facility_id: s.reason for s in advice.skipped}
    assert reasons[level1] == "on diversion: CT down until 14:00"


@pytest.mark.parametrize("findings", [[], ["trauma_high_risk"], ["trauma_moderate_risk"]])
def test_a_closed_facility_is_never_ranked_even_at_its_own_door(
    manhattan: Region, hospitals: list[Facility], findings: list[str]
) -> None:
    """HIFLD ``STATUS CLOSED`` imports as a facility-wide closure: a closed hospital is closed
    for every service, so it is skipped with the reason and is never the nearest open ED."""
    closed = [f for f in hospitals if not is_open(f)]
    closed_eds = [f for f in closed if f.capabilities.emergency_department]
    assert closed_eds, "the Manhattan HIFLD rows include a closed emergency department"
    closed_ids = {f.id for f in closed}
    for place in closed_eds:
        advice = advise(parse_findings(findings, 35), hospitals, manhattan, outside(place))
        assert advice.ranked and closed_ids.isdisjoint(r.facility_id for r in advice.ranked)
        assert advice.nearest_ed_id not in closed_ids
        reasons = {s.facility_id: s.reason for s in advice.skipped}
        assert reasons[place.id] == "closed: closed (HIFLD STATUS)"


def test_the_closed_ed_would_be_first_for_a_general_patient_if_it_reopened(
    manhattan: Region, hospitals: list[Facility]
) -> None:
    """The contrast for the closure test: at its own door, the same ED with its closure
    removed is the nearest open ED and the top destination for a patient with no finding."""
    place = next(f for f in hospitals if f.capabilities.emergency_department and not is_open(f))
    reopened = [replace(f, statuses={}) if f.id == place.id else f for f in hospitals]
    advice = advise(PatientFindings(age_years=35), reopened, manhattan, outside(place))
    assert advice.nearest_ed_id == place.id
    assert advice.best is not None and advice.best.facility_id == place.id
