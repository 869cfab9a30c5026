"""Redispatch: a more urgent call takes the only ambulance off its way to a less urgent one,
as the agency's divert policy allows, and the call it leaves waits for the next free unit."""

from __future__ import annotations

import numpy as np
import pytest

from goldenhour.adapters.refdata.triage_protocol import default_protocol
from goldenhour.domain.planning.simulation.engine import simulate
from goldenhour.domain.planning.simulation.model import (
    Calls,
    FleetUnit,
    SimConfig,
    SimModel,
    Travel,
)
from goldenhour.domain.triage.decision import triage
from goldenhour.domain.triage.priority import Priority
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.domain.units.timeline import DivertPolicy

SICK_PERSON = "2301061"  # priority 4 by the protocol
BREATHING = "2301013"  # priority 3


def _model() -> SimModel:
    # Places: 0 station, 1 hospital, 2 a street 1000 s out, 3 a street 300 s out.
    out = np.array([[0.0, 500.0, 1000.0, 300.0], [500.0, 0.0, 800.0, 400.0]])
    travel = Travel(
        out={"emergency": out, "normal": out},
        back={"emergency": out, "normal": out},
        anchor_place=np.array([0, 1]),
        stations=1,
    )
    fleet = (FleetUnit("M1", UnitType.TRANSPORT, CareLevel.BLS, 0),)
    return SimModel("one", ["S"], ["H"], travel, fleet, np.zeros(4, dtype=np.int64), ["all"])


def _calls() -> Calls:
    """The priority-4 call at 0 s (1000 s away), the priority-3 call at 100 s (300 s away)."""
    return Calls(
        time=np.array([0.0, 100.0]),
        place=np.array([2, 3]),
        reason=np.array([SICK_PERSON, BREATHING]),
        dispatch_delay=np.zeros(2),
        on_scene=np.array([600.0, 600.0]),
        transport=np.array([False, False]),
        handover=np.zeros(2),
    )


def test_the_protocol_ranks_the_second_call_more_urgent():
    protocol = default_protocol()
    assert triage(protocol, BREATHING, {}).priority < triage(protocol, SICK_PERSON, {}).priority


@pytest.mark.parametrize("divert", [None, DivertPolicy.higher_priority_only()])
def test_the_more_urgent_call_takes_the_ambulance_only_when_diverting_is_allowed(divert):
    config = SimConfig(protocol=default_protocol(), turnout_s=0.0, divert=divert)
    run = simulate(_model(), config, _calls())
    on_scene = run.times["on_scene"]
    assert list(run.priority) == [Priority.P4, Priority.P3]
    if divert is None:
        # The second call waits: M1 reaches the first at 1000 s, clears at 1600 and is sent
        # on its way back, reckoned through the station (1000 s there, 300 s on).
        assert on_scene.tolist() == [1000.0, pytest.approx(1600.0 + 1000.0 + 300.0)]
        assert run.queued.tolist() == [False, True]
    else:
        # At 100 s M1 turns back (100 s to the station) and drives 300 s on: there at 500 s.
        # It clears at 1100 and is sent on its way back (300 s to the station, 1000 s on).
        assert on_scene.tolist() == [pytest.approx(1100.0 + 300.0 + 1000.0), 500.0]
        assert run.queued.tolist() == [True, False]


def test_a_priority_1_call_is_never_diverted_from():
    policy = DivertPolicy.higher_priority_only()
    assert not any(policy.permits(Priority.P1, new) for new in Priority)
