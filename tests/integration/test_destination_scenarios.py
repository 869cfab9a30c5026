"""Destination scenarios on a real road network and on real imported hospitals.

* Road network: the generated demo county (``build_demo``, ~2,000 nodes) with its two
  hospitals (County General: Level I, comprehensive stroke; St. Luke's: Level II,
  thrombectomy-capable) plus a community ED placed at the station nearest the patient.
* Seattle: the real HIFLD rows (Harborview: adult and pediatric Level I) joined with CMS.
  The reference data holds no Seattle road network, so these use the routing package's
  ``StraightLineTravelTimes`` (straight line x 1.3 at 60 km/h), the documented test double.

Patient positions and bounds are derived from the computed ETAs, never typed in, so the
scenarios hold for whatever the generator or the file contains.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from conftest import require_refdata
from goldenhour.adapters.importers.facilities import (
    apply_cms_emergency_services,
    demo_facilities,
    read_cms,
    read_hifld,
)
from goldenhour.adapters.refdata.destination_rules import default_rules, default_rules_text
from goldenhour.adapters.routing import (
    Region,
    StraightLineTravelTimes,
    build_demo,
    load_region,
)
from goldenhour.config import Settings
from goldenhour.domain.destination.facilities import (
    Facility,
    FacilityKind,
    TraumaLevel,
    parse_capabilities,
)
from goldenhour.domain.destination.facility_status import Service, diversion
from goldenhour.domain.destination.offload import TransportTimeline, offload_alerts_due
from goldenhour.domain.destination.recommendation import (
    DestinationAdvice,
    PatientFindings,
    parse_findings,
    recommend_destinations,
)
from goldenhour.domain.destination.rules import DestinationRules, parse_destination_rules
from goldenhour.services.ports import TravelTimes

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SEATTLE = (-122.45, 47.45, -122.2, 47.75)
BALLARD = (-122.385, 47.668)


def advise(
    patient: PatientFindings,
    facilities: Sequence[Facility],
    times: TravelTimes,
    origin: tuple[float, float],
    rules: DestinationRules | None = None,
) -> DestinationAdvice:
    seconds = times.etas_from(origin, [f.lonlat for f in facilities])
    etas: dict[str, float | None] = {
        f.id: float(s) for f, s in zip(facilities, seconds, strict=True)
    }
    return recommend_destinations(patient, facilities, etas, NOW, rules or default_rules())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Region:
    settings = Settings(data_dir=tmp_path_factory.mktemp("demo-region"))
    build_demo("demo", size=2000, seed=1, settings=settings)
    return load_region("demo", settings)


@pytest.fixture(scope="module")
def county(demo: Region) -> tuple[list[Facility], tuple[float, float], dict[str, float]]:
    """The demo hospitals, a patient as far from all of them as the county allows, and a
    community ED (also a primary stroke center) at the station or place nearest that patient."""
    hospitals = demo_facilities(demo.hospitals)
    taken = {f.lonlat for f in hospitals}
    spots = [
        (p.lon, p.lat) for p in demo.stations + demo.named_places if (p.lon, p.lat) not in taken
    ]
    from_hospitals = np.min([demo.etas_to(h.lonlat, spots) for h in hospitals], axis=0)
    patient = spots[int(from_hospitals.argmax())]
    others = [s for s in spots if s != patient]
    to_others = demo.etas_from(patient, others)
    spot = others[int(to_others.argmin())]
    community = Facility(
        "community",
        "Community Hospital",
        *spot,
        FacilityKind.HOSPITAL,
        parse_capabilities(["emergency_department", "stroke_primary"]),
    )
    facilities = [*hospitals, community]
    seconds = demo.etas_from(patient, [f.lonlat for f in facilities])
    return facilities, patient, {f.id: float(s) for f, s in zip(facilities, seconds, strict=True)}


def test_high_risk_trauma_goes_to_the_level_one_center_past_a_closer_community_ed(
    demo: Region, county: tuple[list[Facility], tuple[float, float], dict[str, float]]
) -> None:
    """Field triage 2021: high-risk criteria -> highest-level trauma center available."""
    facilities, patient, etas = county
    level1 = next(f for f in facilities if f.capabilities.trauma_adult is TraumaLevel.I)
    assert etas["community"] < etas[level1.id]  # the scenario's premise, on real roads
    advice = advise(parse_findings(["trauma_high_risk"], 35), facilities, demo, patient)
    assert advice.best is not None and advice.best.facility_id == level1.id
    nearest_ed = min(etas, key=etas.__getitem__)
    assert advice.nearest_ed_id == nearest_ed
    assert advice.best.extra_s == pytest.approx(etas[level1.id] - etas[nearest_ed])
    assert "Level I trauma center" in advice.best.reasons
    assert "longer than the nearest open emergency department" in advice.best.reasons[1]


def test_a_diverted_level_one_center_is_skipped_with_the_reason_shown(
    demo: Region, county: tuple[list[Facility], tuple[float, float], dict[str, float]]
) -> None:
    facilities, patient, _ = county
    level1 = next(f for f in facilities if f.capabilities.trauma_adult is TraumaLevel.I)
    diverted = level1.with_status(Service.TRAUMA, diversion("CT down", NOW + timedelta(hours=2)))
    facilities = [diverted if f.id == level1.id else f for f in facilities]
    advice = advise(parse_findings(["trauma_high_risk"], 35), facilities, demo, patient)
    assert advice.best is not None
    assert advice.best.tier == "Level II trauma center"
    reasons = {s.facility_id: s.reason for s in advice.skipped}
    assert reasons[level1.id] == "on diversion: CT down until 14:00"


def test_a_stroke_patient_beyond_the_bypass_bound_goes_to_the_nearest_stroke_center(
    demo: Region, county: tuple[list[Facility], tuple[float, float], dict[str, float]]
) -> None:
    """Mission: Lifeline stroke triage: thrombectomy center only within the bypass bound."""
    facilities, patient, etas = county
    evt = [f for f in facilities if f.capabilities.meets("stroke_thrombectomy_capable")]
    nearest_evt = min(evt, key=lambda f: etas[f.id])
    extra = etas[nearest_evt.id] - etas["community"]
    assert extra > 0  # the community stroke center is nearer, on real roads
    lvo = parse_findings(["stroke_lvo_positive"], 70)

    def with_bound(seconds: float) -> DestinationRules:
        return parse_destination_rules(
            default_rules_text(), {"bounds": {"stroke_bypass_s": seconds}}
        )

    beyond = advise(lvo, facilities, demo, patient, with_bound(extra / 2))
    assert beyond.best is not None and beyond.best.facility_id == "community"
    assert beyond.best.tier == "stroke center"
    demoted = next(r for r in beyond.ranked if r.facility_id == nearest_evt.id)
    assert any("bypass bound" in reason for reason in demoted.reasons)
    within = advise(lvo, facilities, demo, patient, with_bound(extra * 2))
    assert within.best is not None and within.best.facility_id == nearest_evt.id


def test_destination_far_outside_the_region_has_no_route(
    demo: Region, county: tuple[list[Facility], tuple[float, float], dict[str, float]]
) -> None:
    facilities, patient, _ = county
    faraway = Facility(
        "faraway", "Far Away General", -80.0, 25.0, capabilities=parse_capabilities(["ed"])
    )
    advice = advise(PatientFindings(age_years=40), [*facilities, faraway], demo, patient)
    assert {s.facility_id: s.reason for s in advice.skipped}["faraway"] == "no road route to it"


@pytest.fixture(scope="module")
def seattle() -> list[Facility]:
    facilities, _ = read_hifld(
        require_refdata("hospitals", "hifld_us_hospital_locations_2020.csv"), SEATTLE
    )
    cms, _ = read_cms(require_refdata("hospitals", "cms_hospital_general_information_2020.csv"))
    joined, _ = apply_cms_emergency_services(facilities, cms)
    return joined


def test_seattle_high_risk_trauma_goes_to_harborview_past_closer_eds(
    seattle: list[Facility],
) -> None:
    """Straight-line travel times: no Seattle road network is in the reference data."""
    times = StraightLineTravelTimes()
    adult = advise(parse_findings(["trauma_high_risk"], 35), seattle, times, BALLARD)
    child = advise(parse_findings(["trauma_high_risk"], 6), seattle, times, BALLARD)
    for advice in (adult, child):
        assert advice.best is not None and advice.best.name == "HARBORVIEW MEDICAL CENTER"
        assert advice.best.extra_s is not None and advice.best.extra_s > 0
    assert child.best is not None and child.best.tier == "Level I pediatric trauma center"


def test_seattle_moderate_risk_goes_to_the_nearest_trauma_center(seattle: list[Facility]) -> None:
    times = StraightLineTravelTimes()
    seconds = times.etas_from(BALLARD, [f.lonlat for f in seattle])
    trauma = [
        (float(s), f.name)
        for f, s in zip(seattle, seconds, strict=True)
        if f.capabilities.trauma_adult
    ]
    advice = advise(parse_findings(["trauma_moderate_risk"], 35), seattle, times, BALLARD)
    assert advice.best is not None and advice.best.name == min(trauma)[1]


def test_seattle_harborview_on_trauma_diversion_sends_to_the_next_level(
    seattle: list[Facility],
) -> None:
    divert = diversion("mass casualty incident", NOW + timedelta(hours=3))
    facilities = [
        f.with_status(Service.TRAUMA, divert) if f.name == "HARBORVIEW MEDICAL CENTER" else f
        for f in seattle
    ]
    advice = advise(
        parse_findings(["trauma_high_risk"], 35), facilities, StraightLineTravelTimes(), BALLARD
    )
    assert advice.best is not None and advice.best.tier == "Level IV trauma center"
    skipped = {s.name: s.reason for s in advice.skipped}
    assert (
        skipped["HARBORVIEW MEDICAL CENTER"] == "on diversion: mass casualty incident until 15:00"
    )


def test_offload_alerts_fire_at_the_threshold_and_not_before_over_an_afternoon() -> None:
    """A dispatch sweep every minute at Harborview: each waiting ambulance is alerted once,
    in the minute it reaches 30 minutes; one handed over at 25 minutes never is."""
    arrivals = {"medic1": 0, "medic2": 7, "medic3": 12, "aid5": 3}
    handovers = {"medic3": 12 + 25, "aid5": 3 + 45}
    timelines = [
        TransportTimeline(
            unit,
            f"inc-{unit}",
            "harborview",
            arrived=NOW + timedelta(minutes=minute),
            transfer_of_care=(NOW + timedelta(minutes=handovers[unit]))
            if unit in handovers
            else None,
        )
        for unit, minute in arrivals.items()
    ]
    alerted: set[tuple[str, str]] = set()
    fired: dict[str, int] = {}
    for minute in range(0, 121):
        for alert in offload_alerts_due(timelines, NOW + timedelta(minutes=minute), 1800, alerted):
            fired[alert.unit_id] = minute
            alerted.add((alert.unit_id, alert.incident_id))
    assert fired == {"medic1": 30, "medic2": 37, "aid5": 33}
