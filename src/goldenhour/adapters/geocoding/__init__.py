"""A region's addresses, built from its own map at import and kept beside its roads.

``import_addresses(path, name)`` reads an OSM file (``osm_addresses``); the demo county
names its generated streets (``demo_streets``); ``load_gazetteer(name)`` answers the
region's :class:`~goldenhour.domain.addresses.Gazetteer` (cached; ``store``). The matching
itself is pure and lives in ``goldenhour.domain.addresses``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from goldenhour.adapters.geocoding.demo_streets import demo_gazetteer
from goldenhour.adapters.geocoding.osm_addresses import read_addresses
from goldenhour.adapters.geocoding.store import (
    addresses_path,
    counts,
    load_addresses,
    save_addresses,
)
from goldenhour.adapters.routing.region import Region
from goldenhour.adapters.routing.regions import load_region
from goldenhour.adapters.routing.store import regions_dir
from goldenhour.config import Settings
from goldenhour.domain.addresses import Candidate, Gazetteer, geocode
from goldenhour.domain.shared.errors import NotFound

LonLat = tuple[float, float]


def import_addresses(
    path: Path, name: str, settings: Settings | None = None, origin: LonLat | None = None
) -> dict[str, int]:
    """Read and store the addresses of region ``name`` from its OSM file; return the counts.

    ``origin`` is where the region's house numbering starts (for streets with no mapped
    numbers); the middle of the streets when not given.
    """
    gazetteer = replace(read_addresses(Path(path)), origin=origin)
    return save_addresses(gazetteer, regions_dir(settings), name)


def build_demo_addresses(region: Region, settings: Settings | None = None) -> dict[str, int]:
    """Name the streets of a generated demo region and store them."""
    return save_addresses(
        demo_gazetteer(region.graph, region.places), regions_dir(settings), region.name
    )


def load_gazetteer(name: str, settings: Settings | None = None) -> Gazetteer:
    """Region ``name``'s addresses; a demo region made before it had street names gets them."""
    directory = regions_dir(settings)
    if not addresses_path(directory, name).is_file():
        region = load_region(name, settings)
        if region.header.get("source", {}).get("kind") == "demo":
            build_demo_addresses(region, settings)
    return load_addresses(directory, name)


class RegionAddresses:
    """The ``AddressBook`` port on a region's stored addresses (loaded on first use, cached)."""

    def __init__(self, name: str, settings: Settings | None) -> None:
        self.name, self.settings = name, settings

    def find(self, text: str, limit: int = 5) -> list[Candidate]:
        try:
            gazetteer = load_gazetteer(self.name, self.settings)
        except NotFound:  # a region imported without addresses: nothing found, never an error
            return []
        return geocode(gazetteer, text, limit)


def region_addresses(name: str, settings: Settings | None = None) -> RegionAddresses:
    return RegionAddresses(name, settings)


__all__ = [
    "RegionAddresses",
    "build_demo_addresses",
    "counts",
    "import_addresses",
    "load_gazetteer",
    "region_addresses",
]
