"""Unit positions (AVL): batches in, the latest per unit kept in memory and on disk.

A batch is checked row by row: a row naming an unknown unit, a point off the region, a time
in the future or older than the unit's latest fix is rejected *alone* and reported with its
index and field; the rest of the batch is stored in one transaction (latest position on the
unit, every fix in the trail) and announced with one ``UnitPositionsUpdated``. The in-memory
cache serves the live map; it is refreshed from the database every few seconds, so several API
workers never show a position older than that; a status change in this worker drops the
agency's entry at once.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update

from goldenhour.adapters.db.engine import serialize
from goldenhour.adapters.db.tables import UnitPositionRow, UnitRow
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.events import PositionReport, UnitPositionsUpdated
from goldenhour.domain.shared.errors import FieldProblem
from goldenhour.domain.units.timeline import UnitStatus
from goldenhour.services.accounts import audit
from goldenhour.services.destination import transport
from goldenhour.services.dispatch.setup import DispatchSetup
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units.timeline import own_unit_only

CLOCK_SKEW = timedelta(seconds=60)
CACHE_REFRESH_S = 2.0


@dataclass(frozen=True)
class Fix:
    """One position report as sent: the unit by id, where (WGS84) and when."""

    unit_id: int
    lon: float
    lat: float
    at: datetime


@dataclass(frozen=True)
class Latest:
    unit_id: int
    call_sign: str
    status: str
    lon: float | None
    lat: float | None
    at: datetime | None
    status_at: datetime | None = None
    incident_id: int | None = None


@dataclass(frozen=True)
class BatchReport:
    accepted: int
    rejected: tuple[tuple[int, FieldProblem], ...]  # (row index, problem)


class PositionCache:
    """The latest position of every unit, per agency, for the live map."""

    def __init__(self, refresh_s: float = CACHE_REFRESH_S) -> None:
        self._refresh_s = refresh_s
        self._agencies: dict[int, tuple[float, dict[int, Latest]]] = {}
        self._lock = threading.Lock()

    def get(self, agency_id: int) -> dict[int, Latest] | None:
        with self._lock:
            entry = self._agencies.get(agency_id)
        if entry is None or time.monotonic() - entry[0] > self._refresh_s:
            return None
        return entry[1]

    def forget(self, agency_id: int) -> None:
        """Drop the agency's entry after a status change, so the map shows it at once."""
        with self._lock:
            self._agencies.pop(agency_id, None)

    def put(self, agency_id: int, units: dict[int, Latest]) -> None:
        with self._lock:
            self._agencies[agency_id] = (time.monotonic(), units)

    def moved(self, agency_id: int, fixes: Sequence[Fix]) -> None:
        with self._lock:
            entry = self._agencies.get(agency_id)
            if entry is None:
                return
            units = dict(entry[1])
            for fix in fixes:
                old = units.get(fix.unit_id)
                if old is not None:
                    units[fix.unit_id] = replace(old, lon=fix.lon, lat=fix.lat, at=fix.at)
            self._agencies[agency_id] = (entry[0], units)


def record_positions(
    uow: UnitOfWork,
    actor: Actor,
    setup: DispatchSetup,
    fixes: Sequence[Fix],
    cache: PositionCache | None = None,
) -> BatchReport:
    serialize(uow.session)
    now = uow.clock.now()
    rows = uow.session.execute(
        select(UnitRow.id, UnitRow.position_at).where(
            UnitRow.agency_id == actor.agency_id, UnitRow.active.is_(True)
        )
    )
    latest: dict[int, datetime | None] = {unit_id: at for unit_id, at in rows}
    accepted: dict[int, Fix] = {}
    trail: list[Fix] = []
    rejected: list[tuple[int, FieldProblem]] = []
    only = own_unit_only(uow, actor, now)
    units = _units(uow, actor.agency_id) if only is not None else {}
    for index, fix in enumerate(fixes):
        problem = _problem(fix, latest, accepted, setup, now)
        if problem is None and only is not None:
            refusal = only.refusal(units[fix.unit_id])
            problem = FieldProblem("unit_id", refusal) if refusal else None
        if problem is not None:
            rejected.append((index, problem))
            continue
        accepted[fix.unit_id] = fix
        trail.append(fix)
    if trail:
        _store(uow, actor, list(accepted.values()), trail, now, len(rejected))
        _renotify_destinations(uow, actor.agency_id, setup, list(accepted))
    uow.commit()
    if cache is not None:
        cache.moved(actor.agency_id, trail)
    return BatchReport(len(trail), tuple(rejected))


def _units(uow: UnitOfWork, agency_id: int) -> dict[int, UnitRow]:
    rows = uow.session.scalars(select(UnitRow).where(UnitRow.agency_id == agency_id))
    return {row.id: row for row in rows}


def _renotify_destinations(
    uow: UnitOfWork, agency_id: int, setup: DispatchSetup, unit_ids: list[int]
) -> None:
    """Units transporting a patient update their destination's ETA as they move."""
    moving = uow.session.scalars(
        select(UnitRow).where(
            UnitRow.id.in_(unit_ids), UnitRow.status == UnitStatus.TRANSPORTING.value
        )
    )
    for unit in moving:
        transport.pre_arrival_notice(uow, agency_id, unit, setup.travel, moving=True)


def _problem(
    fix: Fix,
    latest: dict[int, datetime | None],
    accepted: dict[int, Fix],
    setup: DispatchSetup,
    now: datetime,
) -> FieldProblem | None:
    if fix.unit_id not in latest:
        return FieldProblem("unit_id", f"no unit {fix.unit_id} in your agency")
    if not (math.isfinite(fix.lon) and math.isfinite(fix.lat)):
        return FieldProblem("lon", "longitude and latitude must be numbers")
    if not setup.within_region(fix.lon, fix.lat):
        return FieldProblem("lon", f"({fix.lon}, {fix.lat}) is off the region")
    if fix.at.tzinfo is None:
        return FieldProblem("at", "needs a time zone")
    if fix.at > now + CLOCK_SKEW:
        return FieldProblem("at", f"{fix.at.isoformat()} is in the future")
    before = accepted[fix.unit_id].at if fix.unit_id in accepted else latest[fix.unit_id]
    if before is not None and fix.at < before:
        return FieldProblem("at", f"older than the unit's latest position ({before.isoformat()})")
    return None


def _store(
    uow: UnitOfWork,
    actor: Actor,
    newest: list[Fix],
    trail: list[Fix],
    now: datetime,
    rejected: int,
) -> None:
    """One transaction: latest fix per unit on ``units``, every fix in the trail, one event."""
    uow.session.execute(
        update(UnitRow),
        [{"id": f.unit_id, "lon": f.lon, "lat": f.lat, "position_at": f.at} for f in newest],
    )
    uow.session.execute(
        insert(UnitPositionRow),
        [
            {
                "agency_id": actor.agency_id,
                "unit_id": f.unit_id,
                "lon": f.lon,
                "lat": f.lat,
                "at": f.at,
                "received_at": now,
            }
            for f in trail
        ],
    )
    audit.record(
        uow,
        actor,
        "positions",
        "unit_positions",
        len(trail),
        {"units": len(newest), "accepted": len(trail), "rejected": rejected},
    )
    reports = tuple(PositionReport(f.unit_id, f.lon, f.lat, f.at.isoformat()) for f in newest)
    uow.emit(actor.agency_id, UnitPositionsUpdated(reports))


def latest_positions(
    uow: UnitOfWork, agency_id: int, cache: PositionCache | None = None
) -> list[Latest]:
    """Every unit's latest position (from the cache when it is fresh)."""
    cached = cache.get(agency_id) if cache is not None else None
    if cached is None:
        rows = uow.session.scalars(
            select(UnitRow)
            .where(UnitRow.agency_id == agency_id, UnitRow.active.is_(True))
            .order_by(UnitRow.call_sign)
        )
        cached = {
            r.id: Latest(
                r.id, r.call_sign, r.status, r.lon, r.lat, r.position_at, r.status_at, r.incident_id
            )
            for r in rows
        }
        if cache is not None:
            cache.put(agency_id, cached)
    return list(cached.values())
