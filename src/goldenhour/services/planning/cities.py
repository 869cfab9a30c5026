"""A JEMSS city as a GoldenHour simulation: its fleet on our unit types and levels, its call
generator speaking our dispatch reasons, its zones.

JEMSS knows ambulances and three call priorities; GoldenHour dispatches on triage. So each
JEMSS priority becomes a pool of NEMSIS dispatch reasons (eDispatch.01) with their shares
(high priority: the high-acuity reasons of the call mix; the others: the lower-acuity ones),
and each simulated call is triaged by the agency's protocol like a real one. JEMSS does not
say a level of care: every ambulance is an ALS transport unit unless a scenario says
otherwise. Zones are first-due areas: the station nearest by emergency driving.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from goldenhour.adapters.importers.city_travel import road_travel, straight_travel
from goldenhour.adapters.importers.jemss_city import DAY_S, JemssCity, JuliaDistribution, read_city
from goldenhour.adapters.refdata.call_mix import HIGH_ACUITY, LOWER_ACUITY
from goldenhour.adapters.routing.jemss_import import read_jemss
from goldenhour.config import refdata_dir
from goldenhour.domain.planning.simulation.calls import (
    CallClass,
    CallGenerator,
    CallSource,
    Distribution,
)
from goldenhour.domain.planning.simulation.model import FleetUnit, FloatArray, SimModel, Travel
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel

CITIES = ("auckland", "edmonton", "manhattan", "utrecht")


@dataclass(frozen=True)
class CitySimulation:
    model: SimModel
    calls: CallSource
    place_lonlat: FloatArray


def _duration(d: JuliaDistribution, where: str) -> Distribution:
    """A JEMSS duration (days) in seconds."""
    if d.kind == "Exponential":
        return Distribution("exponential", d.params[0] * DAY_S)
    if d.kind == "Normal":
        return Distribution("normal", d.params[0] * DAY_S, d.params[1] * DAY_S)
    if d.kind == "Weibull":
        return Distribution("weibull", d.params[0], d.params[1] * DAY_S)
    raise InvalidInput.for_field(where, f"{d.kind} is not a duration distribution")


def city_simulation(
    city: JemssCity,
    travel: Travel,
    place_lonlat: FloatArray,
    place_weights: FloatArray,
    reasons: Mapping[str, Mapping[str, float]],
) -> CitySimulation:
    """``reasons`` maps ``high``/``lower`` acuity to dispatch reasons and their shares."""
    stations = [f"S{k + 1}" for k in range(len(city.station_lonlat))]
    fleet = tuple(
        FleetUnit(f"A{k + 1}", UnitType.TRANSPORT, CareLevel.ALS, station)
        for k, station in enumerate(city.ambulance_station)
    )
    first_due = np.argmin(travel.out["emergency"][: travel.stations], axis=0)
    model = SimModel(
        name=city.name,
        stations=stations,
        hospitals=list(city.hospital_names),
        travel=travel,
        fleet=fleet,
        zone_of_place=first_due.astype(np.int64),
        zones=stations,
    )
    c = city.calls
    priority = c["priority"].params
    classes = []
    for name, share in zip(city.priority_names, priority, strict=False):
        pool = reasons["high" if name.lower().startswith("high") else "lower"]
        classes.append(CallClass(name, share, tuple(pool), tuple(pool.values())))
    generator = CallGenerator(
        calls_per_day=1.0 / c["interarrivalTime"].params[0],
        place_weights=place_weights,
        classes=[k for k in classes if k.share > 0],
        dispatch_delay=_duration(c["dispatchDelay"], "dispatchDelay"),
        on_scene=_duration(c["onSceneDuration"], "onSceneDuration"),
        handover=_duration(c["handoverDuration"], "handoverDuration"),
        transport_share=c["transport"].params[0],
    )
    return CitySimulation(model, generator, place_lonlat)


def city_folder(city: str) -> Path:
    """A JEMSS city by name (from the reference data) or a model folder path."""
    if city in CITIES:
        return refdata_dir() / "planning" / "jemss_cities" / city / "models" / "1"
    return Path(city)


def load_city(city: str) -> CitySimulation:
    """Read a JEMSS city and build its travel tables, places and call generator."""
    model = read_city(city_folder(city))
    lonlat = np.vstack([model.station_lonlat, model.hospital_lonlat])
    stations = len(model.station_lonlat)
    if model.roads is not None:
        travel, places, weights = road_travel(
            read_jemss(model.roads), lonlat, stations, model.density
        )
    else:
        speeds = {"emergency": model.offroad_kmh[model.priority_names[0]]}
        speeds["normal"] = model.offroad_kmh[model.priority_names[-1]]
        travel, places, weights = straight_travel(
            lonlat, stations, model.bbox, model.km_per_degree, speeds
        )
    pools = {"high": dict(HIGH_ACUITY), "lower": dict(LOWER_ACUITY)}
    return city_simulation(model, travel, places, weights, pools)
