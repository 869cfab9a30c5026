"""The agency's road region: its extent, named places, and roads to draw as a base map.

The web map needs no tile server: it draws the same road graph dispatch routes on.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
from fastapi import APIRouter, Query, Response

from goldenhour.adapters.geocoding import load_gazetteer
from goldenhour.adapters.routing import load_region
from goldenhour.api.deps import CurrentActor, RuntimeDep
from goldenhour.domain.shared.errors import InvalidInput

router = APIRouter(prefix="/region", tags=["region"])
MAX_STREET_PIECES = 5000  # a close view holds a few hundred; a whole county is never asked for


@router.get("")
def region_info(_actor: CurrentActor, runtime: RuntimeDep) -> dict[str, Any]:
    region = load_region(runtime.settings.region, runtime.settings)
    return {
        "name": region.name,
        "bbox": list(region.bbox),
        "places": [place.as_dict() for place in region.places],
        "tile_url": runtime.settings.map_tile_url or None,
    }


@router.get("/route")
def route(
    _actor: CurrentActor,
    runtime: RuntimeDep,
    origin: str = Query(..., alias="from", description="LON,LAT"),
    destination: str = Query(..., alias="to", description="LON,LAT"),
    mode: str = Query("emergency", description="emergency or normal"),
) -> dict[str, Any]:
    """Travel time and road path between two points, for a crew's route line."""
    region = load_region(runtime.settings.region, runtime.settings)
    found = region.route(_lonlat(origin, "from"), _lonlat(destination, "to"), mode)
    return {
        "seconds": found.seconds,
        "distance_m": found.distance_m,
        "path": [[round(lon, 6), round(lat, 6)] for lon, lat in found.path],
    }


def _lonlat(text: str, field: str) -> tuple[float, float]:
    try:
        lon, lat = (float(part) for part in text.split(","))
    except ValueError:
        raise InvalidInput.for_field(field, f"{text!r} is not LON,LAT") from None
    return lon, lat


@router.get("/roads")
def roads(_actor: CurrentActor, runtime: RuntimeDep) -> Response:
    """Nodes (rounded lon/lat) and road segments as node pairs, each two-way road once."""
    region = load_region(runtime.settings.region, runtime.settings)
    body = _roads_json(region.graph.lon, region.graph.lat, region.graph.tail, region.graph.head)
    return Response(
        body, media_type="application/json", headers={"Cache-Control": "private, max-age=3600"}
    )


def _roads_json(lon: Any, lat: Any, tail: Any, head: Any) -> bytes:
    low, high = np.minimum(tail, head), np.maximum(tail, head)
    pairs = np.unique(np.stack([low, high], axis=1), axis=0)
    coords = ",".join(f"{x:.5f},{y:.5f}" for x, y in zip(lon.tolist(), lat.tolist(), strict=True))
    segments = ",".join(str(v) for v in pairs.ravel().tolist())
    return f'{{"coords":[{coords}],"segments":[{segments}]}}'.encode()


@router.get("/streets")
def streets(
    _actor: CurrentActor,
    runtime: RuntimeDep,
    bbox: str = Query(..., description="WEST,SOUTH,EAST,NORTH: the part of the map in view"),
) -> Response:
    """Named street pieces in ``bbox``, grouped by name: ``{"items": [{"name", "lines":
    [[lon, lat, lon, lat, ...], ...]}], "count", "truncated"}``, from the region's own
    addresses. The map writes street names along them at close zooms."""
    west, south, east, north = _bbox(bbox)
    gazetteer = load_gazetteer(runtime.settings.region, runtime.settings)
    lines: dict[str, list[list[float]]] = {}
    kept = 0
    for street in gazetteer.streets:
        if not street.name or len(street.points) < 2:
            continue
        if not any(west <= x <= east and south <= y <= north for x, y in street.points):
            continue
        lines.setdefault(street.name, []).append(
            [round(v, 5) for point in street.points for v in point]
        )
        kept += 1
        if kept >= MAX_STREET_PIECES:
            break
    items = [{"name": name, "lines": found} for name, found in lines.items()]
    body = {"items": items, "count": len(items), "truncated": kept >= MAX_STREET_PIECES}
    return Response(
        json.dumps(body, separators=(",", ":")),
        media_type="application/json",
        headers={"Cache-Control": "private, max-age=3600"},
    )


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise InvalidInput.for_field("bbox", f"{text!r} is not WEST,SOUTH,EAST,NORTH") from None
    if not (west < east and south < north):
        raise InvalidInput.for_field("bbox", "west must be below east and south below north")
    return west, south, east, north
