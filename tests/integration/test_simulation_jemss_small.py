"""A hand-checked trace on JEMSS's tiny "grid 3 by 3" road network.

Nodes 1..9 on a 3 x 3 grid (node 1 at (0,0), node 5 in the middle, node 9 at (2,2)). Every arc
takes 1 day in mode 1 (emergency) and its own time in mode 2 (normal). The station stands on
node 1, the hospital on node 9, one ambulance; turnout 0, dispatch delay 0. Both calls are
"sick person", which our protocol makes priority 4, answered without lights and sirens, so
every leg is driven in mode 2. By hand from arcs.csv:

* call 1 at t = 0 on node 5: 1→2→5 = 0.571210368 + 0.089067277 = 0.660277645 d to the scene;
  0.5 d on scene; 5→8→9 = 0.100024334 + 0.572763012 = 0.672787346 d to hospital, there at
  1.833064991 d; 0.25 d handover, clear at 2.083064991 d;
* call 2 at t = 1 d on node 3 finds the only unit busy and waits; the unit, clear at the
  hospital, is dispatched from the radio: 9→6→3 = 0.034491817 + 0.541767359 = 0.576259176 d,
  on scene at 2.659324167 d (a response of 1.659324167 d); no transport; 0.5 d on scene;
* home from node 3: 3→2→1 = 0.962574361 + 0.571210368 = 1.533784729 d, at 4.693108896 d.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import require_refdata
from goldenhour.adapters.importers.city_travel import road_travel
from goldenhour.adapters.refdata.triage_protocol import default_protocol
from goldenhour.adapters.routing.jemss_import import read_jemss
from goldenhour.domain.planning.simulation.engine import Simulation
from goldenhour.domain.planning.simulation.model import Calls, FleetUnit, SimConfig, SimModel
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.domain.units.timeline import UnitStatus

DAY = 86_400.0
SICK_PERSON = "2301061"  # triaged priority 4, BLS transport, by the default protocol


@pytest.fixture
def grid():
    folder = require_refdata(
        "planning", "jemss_small", "test", "data", "network", "small", "grid 3 by 3"
    )
    graph = read_jemss(folder)
    anchors = np.array([[0.0, 0.0], [2.0, 2.0]])  # station on node 1, hospital on node 9
    travel, places, _ = road_travel(graph, anchors, 1, None)
    place_of = {(int(x), int(y)): k for k, (x, y) in enumerate(places)}
    model = SimModel(
        "grid",
        ["S1"],
        ["H1"],
        travel,
        (FleetUnit("A1", UnitType.TRANSPORT, CareLevel.ALS, 0),),
        np.zeros(len(places), dtype=np.int64),
        ["all"],
    )
    return model, place_of


def _calls(places: list[int], times: list[float]) -> Calls:
    n = len(places)
    return Calls(
        time=np.array(times) * DAY,
        place=np.array(places, dtype=np.int64),
        reason=np.array([SICK_PERSON] * n),
        dispatch_delay=np.zeros(n),
        on_scene=np.full(n, 0.5 * DAY),
        transport=np.array([True, False][:n]),
        handover=np.full(n, 0.25 * DAY),
    )


def test_two_calls_one_ambulance_follow_the_hand_computed_timeline(grid):
    model, place_of = grid
    calls = _calls([place_of[(1, 1)], place_of[(2, 0)]], [0.0, 1.0])
    config = SimConfig(protocol=default_protocol(), turnout_s=0.0)
    sim = Simulation(model, config, calls)
    run = sim.run()
    days = {k: v / DAY for k, v in run.times.items()}
    assert days["on_scene"] == pytest.approx([0.660277645, 2.659324167])
    assert days["left_scene"] == pytest.approx([1.160277645, 3.159324167])
    assert days["at_destination"][0] == pytest.approx(1.833064991)
    assert days["transfer"][0] == pytest.approx(2.083064991)
    assert np.isnan(days["at_destination"][1])  # the second patient was not transported
    assert list(run.queued) == [False, True]
    assert run.response_s / DAY == pytest.approx([0.660277645, 1.659324167])
    assert list(run.priority) == [4, 4]
    assert sim.status[0] is UnitStatus.AVAILABLE
    assert sim.t1[0] / DAY == pytest.approx(4.693108896)
