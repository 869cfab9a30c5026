"""The agency's road region: its extent, named places, and roads to draw as a base map.

The web map needs no tile server: it draws the same road graph dispatch routes on.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from fastapi import APIRouter, Query, Response

from goldenhour.adapters.routing import load_region
from goldenhour.api.deps import CurrentActor, RuntimeDep
from goldenhour.domain.shared.errors import InvalidInput

router = APIRouter(prefix="/region", tags=["region"])


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
