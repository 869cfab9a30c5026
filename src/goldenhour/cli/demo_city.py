"""A real city for ``goldenhour demo --city sf``: San Francisco from the reference data.

Its roads with street names (TIGER 2017, the whole city) become region ``sf`` with its
addresses, built the first time; its hospitals come from the HIFLD list (those inside the
region); its stations are placed from the station areas of the fire department's calls (see
``domain.dispatch.replay``); and its callers are that department's week of calls
(2016-12-31 to 2017-01-07), replayed by the simulation at the demo's speed. The city runs in a
database and region of its own, as if started with ``GOLDENHOUR_REGION=sf`` and
``GOLDENHOUR_DATABASE_URL=sqlite:///var/sf.sqlite3``, so it never mixes with the demo county.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from goldenhour.adapters.geocoding import import_addresses
from goldenhour.adapters.importers.facilities import read_hifld
from goldenhour.adapters.importers.sf_calls import read_sf_calls
from goldenhour.adapters.routing import (
    Place,
    import_network,
    list_regions,
    load_region,
    regions_dir,
)
from goldenhour.config import Settings
from goldenhour.domain.destination.facilities import Facility
from goldenhour.domain.dispatch.replay import RecordedCall, StationSite, station_sites
from goldenhour.domain.shared.errors import NotFound

PACKAGE_DATA = Path(__file__).resolve().parents[1] / "data"
ROADS = ("osm_road_networks", "sf_tiger2017_roads.osm.pbf")
CALLS = ("incidents", "sf_fire_calls_for_service",
         "sf_fire_calls_for_service_2016-12-31_to_2017-01-07.csv")  # fmt: skip
HOSPITALS = ("hospitals", "hifld_us_hospital_locations_2020.csv")
FERRY_BUILDING = (-122.3937, 37.7955)  # where San Francisco's street numbering starts


@dataclass(frozen=True)
class City:
    region: str
    agency_name: str
    state: str
    call_types: Path  # the CAD's call types mapped to NEMSIS (data/call_types)
    calls: list[RecordedCall]
    stations: list[StationSite]
    hospitals: list[Facility]

    def station_places(self) -> tuple[Place, ...]:
        return tuple(Place("station", s.name, s.name, s.lon, s.lat) for s in self.stations)

    def hospital_places(self) -> tuple[Place, ...]:
        return tuple(Place("hospital", h.id, h.name, h.lon, h.lat) for h in self.hospitals)


CITIES = ("sf",)


def use_city_settings(city: str) -> None:
    """Point this process at the city's own region and database, unless the environment
    already names them."""
    data_dir = Settings.from_env().data_dir
    os.environ.setdefault("GOLDENHOUR_REGION", city)
    os.environ.setdefault("GOLDENHOUR_DATABASE_URL", f"sqlite:///{data_dir / f'{city}.sqlite3'}")


def prepare_sf(settings: Settings, log: Callable[[str], object] = print) -> City:
    """San Francisco, building its road region (with addresses) the first time."""
    roads, calls_file, hospitals_file = (_refdata(settings, p) for p in (ROADS, CALLS, HOSPITALS))
    if settings.region not in list_regions(regions_dir(settings)):
        log(f"building the San Francisco road region {settings.region!r} from {roads.name} ...")
        import_network(roads, settings.region, settings)
        import_addresses(roads, settings.region, settings, FERRY_BUILDING)
    bbox = load_region(settings.region, settings).bbox
    calls = read_sf_calls(calls_file)
    hospitals, _ = read_hifld(hospitals_file, bbox)
    return City(
        region=settings.region,
        agency_name="San Francisco Fire Department EMS (replayed week)",
        state="CA",
        call_types=PACKAGE_DATA / "call_types" / "sf_fire_department.csv",
        calls=calls,
        stations=station_sites(calls),
        hospitals=hospitals,
    )


def _refdata(settings: Settings, parts: tuple[str, ...]) -> Path:
    path = settings.refdata.joinpath(*parts)
    if not path.is_file():
        raise NotFound(
            f"{path} is missing: the San Francisco demo reads the reference data "
            "(set GOLDENHOUR_REFDATA to the folder holding it)"
        )
    return path
