"""The simulation against the M/M/3 closed forms, and common random numbers between scenarios.

With zero travel and mobilisation, exponential jobs (μ = 1 per hour), three identical units
and Poisson calls at λ = 1.5 per hour, the simulated centre is an M/M/3 queue: busy fraction
0.5, P(wait) (Erlang C) 0.236842, mean wait 0.157895 h. Each must lie in the simulation's 95 %
confidence interval over independent replications.
"""

from __future__ import annotations

import numpy as np
import pytest

from goldenhour.adapters.refdata.triage_protocol import default_protocol
from goldenhour.domain.planning.erlang import MultiServer
from goldenhour.domain.planning.simulation.calls import CallClass, CallGenerator, Distribution
from goldenhour.domain.planning.simulation.model import FleetUnit, SimConfig, SimModel, Travel
from goldenhour.domain.planning.simulation.scenarios import parse_scenario
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.services.planning.replications import Study, run_study

SICK_PERSON = "2301061"


def _mm3() -> Study:
    zero = np.zeros((3, 2))
    travel = Travel(
        out={"emergency": zero, "normal": zero},
        back={"emergency": zero, "normal": zero},
        anchor_place=np.array([0, 0, 1]),
        stations=2,
    )
    fleet = tuple(FleetUnit(f"M{k}", UnitType.TRANSPORT, CareLevel.BLS, 0) for k in range(3))
    model = SimModel(
        "mm3", ["S1", "S2"], ["H"], travel, fleet, np.array([0, 1]), ["north", "south"]
    )
    calls = CallGenerator(
        calls_per_day=1.5 * 24,
        place_weights=np.ones(2),
        classes=[CallClass("all", 1.0, (SICK_PERSON,), (1.0,))],
        dispatch_delay=Distribution("constant", 0.0),
        on_scene=Distribution("exponential", 3600.0),
        handover=Distribution("constant", 0.0),
        transport_share=0.0,
    )
    config = SimConfig(protocol=default_protocol(), turnout_s=0.0, warm_up_s=86_400.0)
    return Study(model, calls, config, days=60.0, seed=11)


@pytest.fixture(scope="module")
def mm3_study():
    study = _mm3()
    return study, run_study(study, replications=8, workers=1)


def _within(figure: dict[str, float], value: float) -> None:
    assert abs(figure["mean"] - value) <= figure["ci95"], (figure, value)


def test_busy_fraction_probability_of_waiting_and_mean_wait_match_erlang_c(mm3_study):
    _, result = mm3_study
    queue = MultiServer(3, 1.5, 1.0)
    assert queue.prob_all_busy == pytest.approx(0.236842, abs=1e-6)
    base = result["scenarios"]["base"]
    _within(base["utilisation.mean"], 0.5)
    _within(base["queued_share"], 0.236842)
    waits = [r["queued_share"] * r["queue_wait_mean_s"] / 3600.0 for r in result["runs"]["base"]]
    half = 2.365 * np.std(waits, ddof=1) / np.sqrt(len(waits))  # t(0.975, 7)
    assert abs(np.mean(waits) - 0.157895) <= half


def test_a_scenario_that_changes_nothing_differs_from_base_by_exactly_zero(mm3_study):
    study, _ = mm3_study
    same = parse_scenario("same: demand +0%")
    result = run_study(study, [same], replications=2, workers=1)
    for figure in result["differences"]["same"].values():
        assert figure["mean"] == 0.0 or np.isnan(figure["mean"])


def test_a_fourth_unit_shortens_the_queue_on_the_same_calls(mm3_study):
    study, _ = mm3_study
    more = parse_scenario("fourth: add M3@S2 BLS")
    result = run_study(study, [more], replications=2, workers=1)
    runs = result["runs"]
    assert [r["calls"] for r in runs["base"]] == [r["calls"] for r in runs["fourth"]]
    assert all(
        b["queued_share"] > s["queued_share"]
        for b, s in zip(runs["base"], runs["fourth"], strict=True)
    )


def test_less_demand_thins_the_same_calls_and_more_adds_to_them():
    study = _mm3()
    base = study.calls.generate(10, seed=3, replication=0)
    fewer = study.calls.generate(10, seed=3, replication=0, demand=0.8)
    more = study.calls.generate(10, seed=3, replication=0, demand=1.25)
    assert set(fewer.time) < set(base.time) and set(base.time) < set(more.time)
    assert len(fewer) / len(base) == pytest.approx(0.8, abs=0.05)


def test_a_scenario_naming_an_unknown_station_is_refused_naming_the_clause():
    with pytest.raises(InvalidInput, match="scenario x: move M1@S9: no station 'S9'"):
        parse_scenario("x: move M1@S9").apply(_mm3().model)
