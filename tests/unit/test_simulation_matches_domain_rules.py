"""The simulation's fast paths never change an answer: a run dispatching with ``recommend()``
itself (the rule the dispatcher's screen uses, explanations and all) and triaging every call
afresh gives exactly the run of the fast selection with its plans worked out once per reason.

The city is small and made up but mixed on purpose: ALS and BLS ambulances, EMR and ALS first
response, day and night shifts, move-up and diverting on and off, high- and lower-acuity
reasons from the call mix, so intercepts, held-back ALS units, the pending queue and redispatch
all happen in one run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from goldenhour.adapters.refdata.call_mix import HIGH_ACUITY, LOWER_ACUITY
from goldenhour.adapters.refdata.triage_protocol import default_protocol
from goldenhour.domain.dispatch.recommendation import RecommendConfig, UnitCandidate, recommend
from goldenhour.domain.dispatch.selection import Pick, ReadyUnit
from goldenhour.domain.planning.simulation.calls import CallClass, CallGenerator, Distribution
from goldenhour.domain.planning.simulation.engine import simulate
from goldenhour.domain.planning.simulation.model import FleetUnit, SimConfig, SimModel, Travel
from goldenhour.domain.planning.simulation.run_result import RunResult
from goldenhour.domain.triage.decision import triage
from goldenhour.domain.triage.priority import Priority
from goldenhour.domain.triage.response_plan import Role
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.domain.units.timeline import DivertPolicy, UnitStatus

PLACES, STATIONS, HOSPITALS = 40, 4, 2


def by_recommend(
    roles: Sequence[Role],
    priority: Priority,
    call_level: CareLevel,
    units: Sequence[ReadyUnit],
    config: RecommendConfig,
) -> list[Pick]:
    """The dispatcher's recommendation, read back as the simulation's picks."""
    ref = {u.unit_id: u.ref for u in units}
    candidates = [
        UnitCandidate(u.unit_id, u.unit_type, u.level, UnitStatus.AVAILABLE, 0.0, u.eta_s)
        for u in units
    ]
    advice = recommend(roles, priority, call_level, candidates, config)
    return [Pick(s.role, ref[s.unit_id]) for s in advice.suggestions]


def _city() -> tuple[SimModel, CallGenerator]:
    rng = np.random.default_rng(7)
    anchors = STATIONS + HOSPITALS
    anchor_place = rng.choice(PLACES, size=anchors, replace=False)
    out = rng.uniform(60.0, 900.0, size=(anchors, PLACES))
    out[np.arange(anchors), anchor_place] = 0.0
    travel = Travel(
        out={"emergency": out * 0.8, "normal": out},
        back={"emergency": out * 0.8, "normal": out},
        anchor_place=anchor_place,
        stations=STATIONS,
    )
    transport = [(CareLevel.ALS, None), (CareLevel.BLS, None), (CareLevel.ALS, (7.0, 19.0))]
    fleet = [
        FleetUnit(f"M{k}", UnitType.TRANSPORT, level, k % STATIONS, shift)
        for k, (level, shift) in enumerate(transport * 2)
    ]
    fleet += [
        FleetUnit("E1", UnitType.FIRST_RESPONSE, CareLevel.EMR, 1, (19.0, 7.0)),
        FleetUnit("E2", UnitType.FIRST_RESPONSE, CareLevel.ALS, 3),
    ]
    zone = np.argmin(out[:STATIONS], axis=0).astype(np.int64)
    stations = [f"S{k}" for k in range(STATIONS)]
    model = SimModel("mixed", stations, ["H1", "H2"], travel, tuple(fleet), zone, stations)
    calls = CallGenerator(
        calls_per_day=120.0,
        place_weights=rng.uniform(0.5, 2.0, PLACES),
        classes=[
            CallClass("high", 0.4, tuple(HIGH_ACUITY), tuple(HIGH_ACUITY.values())),
            CallClass("lower", 0.6, tuple(LOWER_ACUITY), tuple(LOWER_ACUITY.values())),
        ],
        dispatch_delay=Distribution("exponential", 45.0),
        on_scene=Distribution("weibull", 2.0, 1200.0),
        handover=Distribution("normal", 900.0, 300.0),
        transport_share=0.7,
    )
    return model, calls


def _same(a: RunResult, b: RunResult) -> None:
    assert a.times.keys() == b.times.keys()
    for step in a.times:
        np.testing.assert_array_equal(a.times[step], b.times[step], err_msg=step)
    np.testing.assert_array_equal(a.priority, b.priority)
    np.testing.assert_array_equal(a.queued, b.queued)
    np.testing.assert_array_equal(a.busy_s, b.busy_s)


@pytest.mark.parametrize(
    "move_up, divert",
    [(False, None), (True, DivertPolicy.higher_priority_only())],
    ids=["plain", "move-up and divert"],
)
def test_a_run_on_the_fast_paths_equals_a_run_on_recommend_itself(move_up, divert):
    model, generator = _city()
    config = SimConfig(protocol=default_protocol(), move_up=move_up, divert=divert)
    calls = generator.generate(days=4.0, seed=5, replication=0)
    fast = simulate(model, config, calls)
    _same(fast, simulate(model, config, calls, select=by_recommend))
    assert fast.queued.any() and np.isfinite(fast.times["at_destination"]).any()


def test_every_call_carries_the_priority_the_protocol_gives_its_reason():
    model, generator = _city()
    protocol = default_protocol()
    calls = generator.generate(days=2.0, seed=9, replication=3)
    run = simulate(model, SimConfig(protocol=protocol), calls)
    expected = [int(triage(protocol, str(reason), {}).priority) for reason in calls.reason]
    assert run.priority.tolist() == expected


def test_the_same_seed_gives_the_same_run_and_another_seed_another():
    model, generator = _city()
    config = SimConfig(protocol=default_protocol(), move_up=True)
    first = simulate(model, config, generator.generate(days=2.0, seed=1, replication=0))
    _same(first, simulate(model, config, generator.generate(days=2.0, seed=1, replication=0)))
    other = simulate(model, config, generator.generate(days=2.0, seed=2, replication=0))
    assert other.call_time.shape != first.call_time.shape or not np.array_equal(
        other.call_time, first.call_time
    )


def test_a_fleet_change_alone_keeps_the_calls_and_changes_the_answers():
    """Common random numbers: the scenario meets the base run's calls, not its outcomes."""
    model, generator = _city()
    config = SimConfig(protocol=default_protocol())
    calls = generator.generate(days=2.0, seed=4, replication=0)
    fewer = replace(model, fleet=model.fleet[:-3])
    base, scenario = simulate(model, config, calls), simulate(fewer, config, calls)
    np.testing.assert_array_equal(base.call_time, scenario.call_time)
    assert not np.array_equal(base.times["on_scene"], scenario.times["on_scene"], equal_nan=True)
