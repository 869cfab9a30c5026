"""Read a region's addresses from its OpenStreetMap file: one pass with node locations.

* named roads (``highway`` + ``name``, without footways and paths) with their node ids;
* house numbers: ``addr:housenumber`` + ``addr:street`` on nodes, and on buildings (a closed
  way, placed at the mean of its nodes);
* interpolation lines (``addr:interpolation`` ways) between two numbered nodes;
* named places people call by name: hospitals, schools, stations, parks, malls...
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import osmium

from goldenhour.domain.addresses import AddressPoint, AddressRange, Gazetteer, NamedPlace, Street
from goldenhour.domain.shared.errors import InvalidInput

NOT_STREETS = {"footway", "cycleway", "path", "steps", "bridleway", "corridor", "platform"}
PLACE_KEYS = (
    "amenity",
    "healthcare",
    "railway",
    "public_transport",
    "aeroway",
    "leisure",
    "tourism",
    "shop",
    "office",
    "building",
    "place",
    "man_made",
)
_NUMBER = re.compile(r"^\s*(\d+)")


def house_number(text: str | None) -> int | None:
    """The leading number of ``addr:housenumber`` (``12A`` -> 12, ``12-14`` -> 12)."""
    match = _NUMBER.match(text or "")
    return int(match.group(1)) if match else None


def _place_kind(tags: Any) -> str | None:
    for key in PLACE_KEYS:
        value: str | None = tags.get(key)
        if value and value != "yes":
            return value
        if value == "yes":
            return key
    return None


def read_addresses(path: Path) -> Gazetteer:
    """Everything the geocoder needs from an OSM file; InvalidInput if it cannot be read."""
    streets: list[Street] = []
    addresses: list[AddressPoint] = []
    places: list[NamedPlace] = []
    numbered: dict[int, tuple[int, str]] = {}
    interpolations: list[tuple[str, list[int], list[tuple[float, float]]]] = []
    try:
        for obj in osmium.FileProcessor(str(path)).with_locations():
            tags = obj.tags
            if isinstance(obj, osmium.osm.Node):
                if not obj.location.valid():
                    continue
                lon, lat = obj.location.lon, obj.location.lat
                number = house_number(tags.get("addr:housenumber"))
                street = tags.get("addr:street")
                if number is not None and street:
                    numbered[obj.id] = (number, street)
                    addresses.append(AddressPoint(number, street, lon, lat))
                name, kind = tags.get("name"), _place_kind(tags)
                if name and kind:
                    places.append(NamedPlace(name, kind, lon, lat))
            elif isinstance(obj, osmium.osm.Way):
                located = [(n.ref, n.location) for n in obj.nodes if n.location.valid()]
                if not located:
                    continue
                ids = [ref for ref, _ in located]
                points = [(loc.lon, loc.lat) for _, loc in located]
                name = tags.get("name")
                highway = tags.get("highway")
                if highway and name and highway not in NOT_STREETS:
                    streets.append(Street(name, tuple(ids), tuple(points)))
                    continue
                if "addr:interpolation" in tags:
                    interpolations.append((tags.get("addr:street") or "", ids, points))
                    continue
                mid = (
                    sum(p[0] for p in points) / len(points),
                    sum(p[1] for p in points) / len(points),
                )
                number = house_number(tags.get("addr:housenumber"))
                street = tags.get("addr:street")
                if number is not None and street:
                    addresses.append(AddressPoint(number, street, *mid))
                kind = _place_kind(tags)
                if name and kind and not highway:
                    places.append(NamedPlace(name, kind, *mid))
    except (RuntimeError, ValueError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidInput(f"{path.name}: not a readable OpenStreetMap file ({reason})") from None
    ranges = []
    for street, ids, points in interpolations:
        first, last = numbered.get(ids[0]), numbered.get(ids[-1])
        if first and last:
            ranges.append(AddressRange(street or first[1], first[0], last[0], tuple(points)))
    return Gazetteer(streets, addresses, ranges, places)
