"""Move-up: a station emptied by a dispatch is covered from a station holding two free units."""

from __future__ import annotations

import numpy as np
import pytest

from goldenhour.adapters.refdata.triage_protocol import default_protocol
from goldenhour.domain.planning.simulation.engine import Simulation
from goldenhour.domain.planning.simulation.model import (
    Calls,
    FleetUnit,
    SimConfig,
    SimModel,
    Travel,
)
from goldenhour.domain.triage.decision import triage
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel

SICK_PERSON = "2301061"


def _model() -> SimModel:
    # Places: 0 = north station, 1 = south station, 2 = hospital, 3 = a street in the south.
    # Anchors: north station, south station, hospital. Seconds, same both ways and modes.
    out = np.array(
        [
            [0.0, 600.0, 300.0, 700.0],
            [600.0, 0.0, 300.0, 100.0],
            [300.0, 300.0, 0.0, 350.0],
        ]
    )
    travel = Travel(
        out={"emergency": out, "normal": out},
        back={"emergency": out, "normal": out},
        anchor_place=np.array([0, 1, 2]),
        stations=2,
    )
    fleet = (
        FleetUnit("N1", UnitType.TRANSPORT, CareLevel.BLS, 0),
        FleetUnit("N2", UnitType.TRANSPORT, CareLevel.BLS, 0),
        FleetUnit("S1", UnitType.TRANSPORT, CareLevel.BLS, 1),
    )
    zones = np.array([0, 1, 0, 1])
    return SimModel("two stations", ["north", "south"], ["H"], travel, fleet, zones, ["n", "s"])


def _one_call() -> Calls:
    return Calls(
        time=np.array([0.0]),
        place=np.array([3]),
        reason=np.array([SICK_PERSON]),
        dispatch_delay=np.zeros(1),
        on_scene=np.array([1200.0]),
        transport=np.array([False]),
        handover=np.zeros(1),
    )


@pytest.mark.parametrize("move_up", [False, True])
def test_the_south_station_is_covered_from_the_north_only_with_move_up(move_up):
    assert triage(default_protocol(), SICK_PERSON, {}).roles  # a real plan from the protocol
    config = SimConfig(protocol=default_protocol(), turnout_s=0.0, move_up=move_up)
    sim = Simulation(_model(), config, _one_call())
    sim._answer(0.0, 0)  # answer the call: S1 (100 s away) goes
    assert sim.serving[2] == 0
    posts = {unit.id: sim.model.stations[sim.post[u]] for u, unit in enumerate(sim.model.fleet)}
    if move_up:
        assert posts == {"N1": "south", "N2": "north", "S1": "south"}
        assert sim.t1[0] == pytest.approx(600.0)  # N1 drives the 600 s to the south station
    else:
        assert posts == {"N1": "north", "N2": "north", "S1": "south"}
