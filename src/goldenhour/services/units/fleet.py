"""Putting a whole fleet on the road at once: units, their crews, and a first position.

The demo and the benchmarks need tens or hundreds of staffed units. Creating them one by one
through ``crews.assign_crew`` would re-derive every unit's level after every crew member;
``seed_fleet`` writes the units, providers, certifications and crews in one transaction and
derives the levels once, so each unit's level is still *derived* from its crew, never typed.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from goldenhour.adapters.db.tables import CertificationRow, CrewAssignmentRow, Provider, UnitRow
from goldenhour.domain.accounts.roles import Actor
from goldenhour.services.accounts import audit
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units.crews import refresh_levels

# (unit type, level) -> the certification levels (slugs) of the crew that staffs it at that level.
CREWS: dict[tuple[str, str], tuple[str, ...]] = {
    ("transport", "ALS"): ("paramedic", "emt"),
    ("transport", "BLS"): ("emt", "emt"),
    ("first-response", "ALS"): ("paramedic",),
    ("first-response", "BLS"): ("emt",),
    ("first-response", "EMR"): ("emr",),
}
PREFIX = {"ALS": "M", "BLS": "B", "EMR": "E"}  # medic, basic ambulance, engine
# What a station houses, in the order units are handed out: an ALS ambulance first.
STATION_MIX = (("transport", "ALS"), ("first-response", "EMR"), ("transport", "BLS"))
FIRST_NAMES = ("Alex", "Sam", "Jordan", "Casey", "Riley", "Morgan", "Avery", "Quinn", "Drew")
LAST_NAMES = ("Rivera", "Chen", "Okafor", "Novak", "Haddad", "Silva", "Larsen", "Kim", "Moreau")


@dataclass(frozen=True)
class UnitPlan:
    call_sign: str
    unit_type: str
    level: str
    station: str
    lon: float
    lat: float


def fleet_size(uow: UnitOfWork, agency_id: int) -> int:
    """How many units the agency has (the demo seeds its fleet only into an empty agency)."""
    count = uow.session.scalar(select(func.count()).where(UnitRow.agency_id == agency_id))
    return count or 0


def plan_fleet(
    stations: Sequence[tuple[str, float, float]], count: int, start: int = 1
) -> list[UnitPlan]:
    """``count`` units over ``stations`` (name, lon, lat): every station gets an ALS ambulance
    before any gets an engine, and an engine before any gets a BLS ambulance."""
    plans = []
    for n in range(count):
        name, lon, lat = stations[n % len(stations)]
        unit_type, level = STATION_MIX[(n // len(stations)) % len(STATION_MIX)]
        plans.append(UnitPlan(f"{PREFIX[level]}{start + n}", unit_type, level, name, lon, lat))
    return plans


def seed_fleet(
    uow: UnitOfWork,
    actor: Actor | None,
    agency_id: int,
    plans: Sequence[UnitPlan],
    at: datetime,
    issuing_state: str,
) -> list[UnitRow]:
    """Create the planned units, staffed and on duty from ``at``, reporting from their station."""
    units = []
    people = itertools.count(1)
    for plan in plans:
        unit = UnitRow(
            agency_id=agency_id,
            call_sign=plan.call_sign,
            unit_type=plan.unit_type,
            equipment=plan.level,
            station=plan.station,
            active=True,
            status="available",
            lon=plan.lon,
            lat=plan.lat,
            position_at=at,
        )
        uow.session.add(unit)
        uow.session.flush()
        for level in CREWS[(plan.unit_type, plan.level)]:
            n = next(people)
            person = Provider(
                agency_id=agency_id,
                external_id=f"{plan.call_sign}-{n}",
                first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)],
                active=True,
            )
            uow.session.add(person)
            uow.session.flush()
            uow.session.add_all(
                [
                    CertificationRow(
                        agency_id=agency_id,
                        provider_id=person.id,
                        level=level,
                        number=f"{plan.call_sign}-{n}",
                        issuing_state=issuing_state,
                        issued=(at - timedelta(days=365)).date(),
                        expires=(at + timedelta(days=2 * 365)).date(),
                        status="active",
                    ),
                    CrewAssignmentRow(
                        agency_id=agency_id,
                        unit_id=unit.id,
                        provider_id=person.id,
                        start=at - timedelta(minutes=1),
                        end=None,
                    ),
                ]
            )
        units.append(unit)
    refresh_levels(uow, agency_id, at)
    audit.record(uow, actor, "seed", "fleet", len(units), {"units": len(units)}, agency_id)
    uow.commit()
    return units
