"""Read a road graph from an OpenStreetMap extract (``.osm.pbf``, ``.osm``, ``.osm.bz2``...).

pyosmium streams the file twice: a cheap pass counts road ways (so the progress bar has a
total), then a pass with node locations walks every road way. Each consecutive pair of way
nodes becomes one arc per allowed direction; nodes whose location is missing (ways clipped by
the extract's boundary) split the way rather than fail the import. Speeds, one-ways and access
come from :mod:`goldenhour.adapters.routing.speeds`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import osmium

from goldenhour.adapters.routing.graph import RoadGraph, finalize, haversine_m
from goldenhour.adapters.routing.progress import Progress, silent
from goldenhour.adapters.routing.speeds import (
    DEFAULT_PROFILE,
    SpeedProfile,
    oneway_direction,
    way_speeds,
)
from goldenhour.domain.shared.errors import InvalidInput

OSM_SUFFIXES = (".pbf", ".osm", ".osm.bz2", ".osm.gz", ".o5m", ".opl")


def is_osm_file(path: Path) -> bool:
    return path.name.lower().endswith(OSM_SUFFIXES)


def _ways(path: Path, *, locations: bool) -> Iterator[osmium.osm.Way]:
    if not locations:
        processor = osmium.FileProcessor(str(path), osmium.osm.WAY)
    else:
        processor = osmium.FileProcessor(str(path)).with_locations()
    for obj in processor.with_filter(osmium.filter.KeyFilter("highway")):
        if isinstance(obj, osmium.osm.Way):
            yield obj


def read_osm(
    path: Path, progress: Progress = silent, profile: SpeedProfile = DEFAULT_PROFILE
) -> RoadGraph:
    """Build the drivable road graph of an OSM file; raise InvalidInput with one clear line."""
    label = path.name
    if not path.is_file():
        raise InvalidInput(f"{label}: no such file")
    if path.stat().st_size == 0:
        raise InvalidInput(f"{label}: the file is empty")
    try:
        progress("counting roads", 0.0)
        total = sum(1 for _ in _ways(path, locations=False))
        index: dict[int, int] = {}
        lons, lats, ids = array("d"), array("d"), array("q")
        tails, heads = array("q"), array("q")
        speed_n, speed_e = array("d"), array("d")
        for seen, way in enumerate(_ways(path, locations=True)):
            if seen % 2000 == 0:
                progress("reading roads", 0.05 + 0.8 * seen / max(total, 1))
            speeds = way_speeds(way.tags, profile)
            if speeds is None:
                continue
            normal, emergency = speeds
            direction = oneway_direction(way.tags)
            previous = -1
            for node in way.nodes:
                loc = node.location
                if not loc.valid():
                    previous = -1
                    continue
                current = index.get(node.ref)
                if current is None:
                    current = index[node.ref] = len(lons)
                    lons.append(loc.lon)
                    lats.append(loc.lat)
                    ids.append(node.ref)
                if previous >= 0:
                    if direction >= 0:
                        tails.append(previous)
                        heads.append(current)
                    if direction <= 0:
                        tails.append(current)
                        heads.append(previous)
                    for _ in range(1 if direction else 2):
                        speed_n.append(normal if normal is not None else 0.0)
                        speed_e.append(emergency)
                previous = current
    except (RuntimeError, ValueError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidInput(f"{label}: not a readable OpenStreetMap file ({reason})") from None
    if not tails:
        raise InvalidInput(f"{label}: no drivable roads found")
    progress("building graph", 0.9)
    lon, lat = np.frombuffer(lons), np.frombuffer(lats)
    tail, head = np.frombuffer(tails, dtype=np.int64), np.frombuffer(heads, dtype=np.int64)
    length = haversine_m(lon[tail], lat[tail], lon[head], lat[head])
    kmh_n, kmh_e = np.frombuffer(speed_n), np.frombuffer(speed_e)
    with np.errstate(divide="ignore"):
        normal_s = np.where(kmh_n > 0, length * 3.6 / np.where(kmh_n > 0, kmh_n, 1), np.inf)
    emergency_s = length * 3.6 / kmh_e
    graph = finalize(
        lon,
        lat,
        tail,
        head,
        length,
        {"emergency": emergency_s, "normal": normal_s},
        np.frombuffer(ids, dtype=np.int64),
        what=label,
    )
    progress("building graph", 1.0)
    return graph
