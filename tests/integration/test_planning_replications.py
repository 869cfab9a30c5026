"""Replications give the same figures inline, on a process pool and on a Dask cluster."""

from __future__ import annotations

import numpy as np
import pytest
from distributed import LocalCluster

from goldenhour.adapters.refdata.triage_protocol import default_protocol
from goldenhour.domain.planning.simulation.calls import CallClass, CallGenerator, Distribution
from goldenhour.domain.planning.simulation.model import FleetUnit, SimConfig, SimModel, Travel
from goldenhour.domain.planning.simulation.scenarios import parse_scenario
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.services.planning.replications import Study, run_study


def town() -> Study:
    rng = np.random.default_rng(5)
    places = 40
    out = rng.uniform(60, 900, size=(4, places))  # 2 stations, 2 hospitals
    travel = Travel(
        out={"emergency": out, "normal": out * 1.4},
        back={"emergency": out.copy(), "normal": out * 1.4},
        anchor_place=np.array([0, 1, 2, 3]),
        stations=2,
    )
    fleet = (
        FleetUnit("A1", UnitType.TRANSPORT, CareLevel.ALS, 0),
        FleetUnit("A2", UnitType.TRANSPORT, CareLevel.BLS, 1),
        FleetUnit("E1", UnitType.FIRST_RESPONSE, CareLevel.EMR, 1),
    )
    model = SimModel(
        "town", ["S1", "S2"], ["H1", "H2"], travel, fleet, np.argmin(out[:2], axis=0), ["S1", "S2"]
    )
    calls = CallGenerator(
        calls_per_day=40,
        place_weights=np.ones(places),
        classes=[
            CallClass("high", 0.4, ("2301019", "2301013", "2301021"), (1.0, 2.0, 2.0)),
            CallClass("low", 0.6, ("2301061", "2301033"), (1.0, 1.0)),
        ],
        dispatch_delay=Distribution("normal", 60.0, 10.0),
        on_scene=Distribution("exponential", 900.0),
        handover=Distribution("weibull", 2.0, 900.0),
        transport_share=0.8,
    )
    config = SimConfig(protocol=default_protocol(), warm_up_s=86_400.0, move_up=True)
    return Study(model, calls, config, days=4.0, seed=7)


@pytest.fixture(scope="module")
def study() -> Study:
    return town()


def test_pool_dask_and_one_process_give_identical_figures_for_the_same_seed(study):
    scenarios = [parse_scenario("nights: shift A2=19-7; demand +20%")]
    inline = run_study(study, scenarios, replications=3, workers=1)
    pooled = run_study(study, scenarios, replications=3, workers=2)
    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        on_dask = run_study(study, scenarios, replications=3, dask=cluster.scheduler_address)
    assert inline["runs"] == pooled["runs"] == on_dask["runs"]
    assert inline["runs"]["base"][0]["calls"] > 0
    assert inline["runs"]["nights"] != inline["runs"]["base"]
