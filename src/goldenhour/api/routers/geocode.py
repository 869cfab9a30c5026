"""Addresses on the agency's region: what a call-taker types, as ranked points; a map click
or a unit's position, as words. Offline: the region's own map, no outside service."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from goldenhour.adapters.geocoding import load_gazetteer
from goldenhour.api.deps import CurrentActor, RuntimeDep
from goldenhour.domain.addresses import geocode as find
from goldenhour.domain.addresses import reverse as locate

router = APIRouter(prefix="/geocode", tags=["geocode"])


@router.get("")
async def geocode(
    _actor: CurrentActor,
    runtime: RuntimeDep,
    q: str = Query(..., min_length=1, max_length=1000, description="e.g. 3rd Ave / James St"),
    limit: int = Query(5, ge=1, le=50),
) -> dict[str, Any]:
    """Ranked candidates (``lon``, ``lat``, ``confidence``, ``kind``, ``label``,
    ``approximate``), best first; ``items`` is empty when nothing matched."""
    gazetteer = await run_in_threadpool(load_gazetteer, runtime.settings.region, runtime.settings)
    items = [c.as_dict() for c in await run_in_threadpool(find, gazetteer, q, limit)]
    return {"query": q, "items": items, "count": len(items)}


@router.get("/reverse")
async def reverse(
    _actor: CurrentActor,
    runtime: RuntimeDep,
    lon: float = Query(..., ge=-180, le=180),
    lat: float = Query(..., ge=-90, le=90),
) -> dict[str, Any]:
    """The nearest mapped address (within 60 m), else the nearest street (within 1 km) with
    its block and nearest cross street; ``found`` is null when no street is that close."""
    gazetteer = await run_in_threadpool(load_gazetteer, runtime.settings.region, runtime.settings)
    found = await run_in_threadpool(locate, gazetteer, (lon, lat))
    return {"lon": lon, "lat": lat, "found": found.as_dict() if found else None}
