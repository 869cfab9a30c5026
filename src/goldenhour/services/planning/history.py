"""Planning on stored data: the agency's past calls as demand, its region's roads as travel.

``incidents import-history`` (or live dispatch) stores calls with their place, dispatch reason
and NEMSIS times. Here they become what the planning models take: the simulation's arrivals
(:class:`~goldenhour.domain.planning.simulation.history.HistoricCalls`) on a model whose
places are the region's road nodes, whose anchors are the region's stations and hospitals and
whose fleet is the agency's active units at those stations; and the location models' demand
(calls per road node) with the drive from each station to each node as the matrix.

What a call's stamps say is kept: dispatch delay (first unit notified less the PSAP call),
the transporting crew's time on scene, whether it transported, the hand-over at the hospital.
What they do not say is drawn from the agency's own stamped calls (their median delay, their
mean scene and hand-over times as exponential, their share transported); with none stamped,
from the defaults below, which a report should state.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from scipy.spatial import cKDTree
from sqlalchemy import select

from goldenhour.adapters.db.tables import IncidentRow, IncidentTimeRow, UnitRow
from goldenhour.adapters.importers.city_travel import road_travel
from goldenhour.adapters.routing.region import Region
from goldenhour.domain.planning.location import LocationProblem
from goldenhour.domain.planning.simulation.calls import Distribution
from goldenhour.domain.planning.simulation.history import Fallback, HistoricCalls
from goldenhour.domain.planning.simulation.model import FleetUnit, FloatArray, SimModel, Travel
from goldenhour.domain.quality.intervals import Stamp
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.services.unit_of_work import UnitOfWork

DEFAULT_DELAY_S, DEFAULT_SCENE_S, DEFAULT_HANDOVER_S, DEFAULT_TRANSPORT = 60.0, 1200.0, 900.0, 0.7
NAN = math.nan


@dataclass(frozen=True)
class StoredCall:
    received_at: datetime
    lon: float
    lat: float
    reason: str
    dispatch_delay: float  # NaN: not stamped
    on_scene: float
    handover: float
    transport: float  # 1.0, 0.0 or NaN


@dataclass(frozen=True)
class RegionPlaces:
    """The region's road nodes reachable both ways from every station and hospital."""

    travel: Travel
    lonlat: FloatArray
    stations: tuple[str, ...]
    hospitals: tuple[str, ...]
    station_ids: tuple[str, ...]

    def nearest(self, lon: FloatArray, lat: FloatArray) -> np.ndarray:
        scale = math.cos(math.radians(float(np.mean(self.lonlat[:, 1]))))
        tree = cKDTree(np.column_stack([self.lonlat[:, 0] * scale, self.lonlat[:, 1]]))
        _, index = tree.query(np.column_stack([lon * scale, lat]))
        return np.asarray(index, dtype=np.int64)


def region_places(region: Region) -> RegionPlaces:
    stations, hospitals = region.stations, region.hospitals
    if not stations or not hospitals:
        raise InvalidInput.for_field("region", f"{region.name} needs stations and hospitals")
    anchors = np.array([(p.lon, p.lat) for p in (*stations, *hospitals)])
    travel, lonlat, _ = road_travel(region.graph, anchors, len(stations), None)
    names = tuple(p.name for p in stations), tuple(p.name for p in hospitals)
    return RegionPlaces(travel, lonlat, *names, tuple(p.id for p in stations))


def stored_calls(
    uow: UnitOfWork, agency_id: int, since: datetime | None, until: datetime | None
) -> list[StoredCall]:
    """The agency's stored calls with a place and a dispatch reason, oldest first."""
    query = select(IncidentRow).where(
        IncidentRow.agency_id == agency_id,
        IncidentRow.lon.is_not(None),
        IncidentRow.lat.is_not(None),
        IncidentRow.dispatch_reason.is_not(None),
    )
    if since is not None:
        query = query.where(IncidentRow.received_at >= since)
    if until is not None:
        query = query.where(IncidentRow.received_at < until)
    incidents = list(uow.session.scalars(query.order_by(IncidentRow.received_at, IncidentRow.id)))
    stamps: dict[int, dict[int | None, dict[str, datetime]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    rows = uow.session.scalars(
        select(IncidentTimeRow).where(
            IncidentTimeRow.agency_id == agency_id,
            IncidentTimeRow.incident_id.in_(query.with_only_columns(IncidentRow.id)),
        )
    )
    for row in rows:
        stamps[row.incident_id][row.unit_id][row.element] = row.at
    return [_stored(i, stamps.get(i.id, {})) for i in incidents]


def _stored(incident: IncidentRow, stamps: dict[int | None, dict[str, datetime]]) -> StoredCall:
    def code(stamp: Stamp) -> str:
        return stamp.element.value

    def seconds(a: datetime | None, b: datetime | None) -> float:
        return NAN if a is None or b is None else (b - a).total_seconds()

    called = stamps.get(None, {}).get(code(Stamp.PSAP_CALL), incident.received_at)
    units = [times for unit, times in stamps.items() if unit is not None]
    notified = [t[code(Stamp.UNIT_NOTIFIED)] for t in units if code(Stamp.UNIT_NOTIFIED) in t]
    carrier = next((t for t in units if code(Stamp.AT_DESTINATION) in t), None)
    on_scene = carrier or next((t for t in units if code(Stamp.LEFT_SCENE) in t), {})
    been = any(code(Stamp.ON_SCENE) in t for t in units)
    handover = NAN
    if carrier is not None:
        handover = seconds(
            carrier[code(Stamp.AT_DESTINATION)], carrier.get(code(Stamp.TRANSFER_OF_CARE))
        )
    assert incident.lon is not None and incident.lat is not None
    return StoredCall(
        received_at=incident.received_at,
        lon=incident.lon,
        lat=incident.lat,
        reason=str(incident.dispatch_reason),
        dispatch_delay=seconds(called, min(notified)) if notified else NAN,
        on_scene=seconds(on_scene.get(code(Stamp.ON_SCENE)), on_scene.get(code(Stamp.LEFT_SCENE))),
        handover=handover,
        transport=1.0 if carrier is not None else 0.0 if been else NAN,
    )


def historic_calls(calls: list[StoredCall], places: RegionPlaces) -> HistoricCalls:
    """The stored calls on the region's places, times from midnight of the first call's day."""
    if not calls:
        raise InvalidInput.for_field("history", "no stored calls with a place and a reason")
    start = calls[0].received_at.replace(hour=0, minute=0, second=0, microsecond=0)
    column = {
        name: np.array([getattr(c, name) for c in calls], dtype=np.float64)
        for name in ("lon", "lat", "dispatch_delay", "on_scene", "handover", "transport")
    }
    delay, scene, handover = (
        np.maximum(column[k], 0.0) for k in ("dispatch_delay", "on_scene", "handover")
    )
    return HistoricCalls(
        time=np.array([(c.received_at - start).total_seconds() for c in calls]),
        place=places.nearest(column["lon"], column["lat"]),
        reason=np.array([c.reason for c in calls], dtype=np.str_),
        dispatch_delay=delay,
        on_scene=scene,
        handover=handover,
        transport=column["transport"],
        fallback=Fallback(
            Distribution("constant", _or(np.nanmedian, delay, DEFAULT_DELAY_S)),
            Distribution("exponential", _or(np.nanmean, scene, DEFAULT_SCENE_S)),
            Distribution("exponential", _or(np.nanmean, handover, DEFAULT_HANDOVER_S)),
            _or(np.nanmean, column["transport"], DEFAULT_TRANSPORT),
        ),
    )


def _or(summary: Callable[[FloatArray], Any], values: FloatArray, default: float) -> float:
    """``summary`` of the stamped values, ``default`` when none is stamped."""
    return float(summary(values)) if np.isfinite(values).any() else default


def agency_fleet(uow: UnitOfWork, agency_id: int, places: RegionPlaces) -> tuple[FleetUnit, ...]:
    """The agency's active units whose station is one of the region's (by name or id)."""
    at = {name: k for k, name in enumerate(places.stations)}
    at.update({key: k for k, key in enumerate(places.station_ids)})
    rows = uow.session.scalars(
        select(UnitRow)
        .where(UnitRow.agency_id == agency_id, UnitRow.active.is_(True))
        .order_by(UnitRow.call_sign)
    )
    fleet = tuple(
        FleetUnit(
            row.call_sign,
            UnitType(row.unit_type),
            CareLevel[row.derived_level or row.equipment],
            at[row.station],
        )
        for row in rows
        if row.station in at
    )
    if not fleet:
        raise InvalidInput.for_field("fleet", "no active unit of the agency is at a region station")
    return fleet


def history_model(name: str, places: RegionPlaces, fleet: tuple[FleetUnit, ...]) -> SimModel:
    """Zones are first-due areas: the station nearest by emergency driving."""
    first_due = np.argmin(places.travel.out["emergency"][: places.travel.stations], axis=0)
    return SimModel(
        name=name,
        stations=places.stations,
        hospitals=places.hospitals,
        travel=places.travel,
        fleet=fleet,
        zone_of_place=first_due.astype(np.int64),
        zones=places.stations,
    )


def history_demand(calls: HistoricCalls, places: RegionPlaces) -> LocationProblem:
    """Calls per road node as demand, the region's stations as sites, emergency driving
    minutes from each station to each node as the matrix."""
    nodes, counts = np.unique(calls.place, return_counts=True)
    minutes = places.travel.out["emergency"][: places.travel.stations][:, nodes] / 60.0
    return LocationProblem(
        demand_ids=tuple(f"node{n}" for n in nodes.tolist()),
        weights=counts.astype(np.float64),
        site_ids=places.stations,
        travel=minutes,
    )
