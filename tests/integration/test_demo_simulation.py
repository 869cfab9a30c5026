"""The demo's simulated county on both databases: calls come in, units go, calls close.

The simulation runs on a settable clock, so the test moves time instead of sleeping (the
same way a planning run goes faster than real time). It only calls the service functions a
dispatcher and crews use, so this also checks that a busy county's worth of concurrent-looking
changes keeps the books straight: every closed call has its NEMSIS times in order and no unit
is ever on two calls.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.db.tables import (
    AssignmentRow,
    IncidentRow,
    IncidentTimeRow,
    StoredEvent,
    UnitRow,
)
from goldenhour.adapters.db.types import utcnow
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.adapters.refdata.call_mix import load_call_mix, shipped_mix
from goldenhour.adapters.routing import build_demo, load_region
from goldenhour.config import Settings, refdata_dir
from goldenhour.services.accounts import users as accounts
from goldenhour.services.clock import SettableClock
from goldenhour.services.dispatch import intake
from goldenhour.services.dispatch.setup import setup_from
from goldenhour.services.simulation import Simulation
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import fleet

ORDER = ["eTimes.03", "eTimes.05", "eTimes.06", "eTimes.07"]


def test_the_simulated_county_dispatches_and_clears_calls(
    database_url: str, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path / "var", database_url=database_url)
    build_demo("demo", size=2000, seed=1, settings=settings)
    region = load_region("demo", settings)
    engine = make_engine(database_url)
    sessions = session_factory(engine)

    clock = SettableClock(utcnow())  # moved by the test: no sleeping, and no tick's own time

    def uow() -> UnitOfWork:
        return UnitOfWork(sessions, InProcessBus(), clock)

    try:
        with uow() as u:
            agency = accounts.create_agency(u, "demo", "Demo EMS", "WA")
        actors = []
        for name, role in (("disp", "dispatcher"), ("crew", "crew")):
            with uow() as u:
                user = accounts.create_user(
                    u, None, agency.id, name, name, "long-password-1", [role]
                )
                actors.append(accounts.actor_of(user))
        stations = [(p.name, p.lon, p.lat) for p in region.stations]
        with uow() as u:
            fleet.seed_fleet(u, None, agency.id, fleet.plan_fleet(stations, 14), utcnow(), "WA")
        sim = Simulation(
            uow, lambda: setup_from(settings), region, actors[0], actors[1], shipped_mix(),
            speed=1000.0, calls_per_hour=30.0, seed=3,
        )  # fmt: skip
        for _ in range(36):
            clock.advance(0.08)  # 80 simulated seconds a tick
            sim.tick()
        with sessions() as session:
            statuses = dict(
                session.execute(
                    select(IncidentRow.status, func.count()).group_by(IncidentRow.status)
                ).all()
            )
            names = set(session.scalars(select(StoredEvent.name)))
            doubled = session.scalar(
                select(func.count()).select_from(
                    select(AssignmentRow.unit_id)
                    .where(AssignmentRow.cleared_at.is_(None))
                    .group_by(AssignmentRow.unit_id)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
            closed = session.scalars(select(IncidentRow.id).where(IncidentRow.status == "closed"))
            first_closed = next(iter(closed), None)
            times = session.execute(
                select(IncidentTimeRow.unit_id, IncidentTimeRow.element)
                .where(IncidentTimeRow.incident_id == first_closed)
                .order_by(IncidentTimeRow.id)
            ).all()
    finally:
        engine.dispose()
    assert sum(statuses.values()) >= 3 and statuses.get("closed", 0) >= 1, statuses
    assert doubled == 0
    assert {"IncidentCreated", "UnitAssigned", "UnitStatusChanged", "UnitPositionsUpdated"} <= names
    per_unit: dict[int, list[str]] = {}
    for unit, element in times:
        if unit is not None and element in ORDER:
            per_unit.setdefault(unit, []).append(element)
    assert per_unit and all(seq == ORDER[: len(seq)] for seq in per_unit.values()), per_unit
    assert ORDER in per_unit.values()  # the unit that reached the patient, step by step


def test_the_call_mix_covers_known_reasons_and_sums_to_one() -> None:
    from goldenhour.domain.dispatch.codes import DISPATCH_REASONS

    for mix in (shipped_mix(), load_call_mix(refdata_dir())):
        assert set(mix.shares) <= set(DISPATCH_REASONS)
        assert abs(sum(mix.shares.values()) - 1.0) < 1e-9
    assert load_call_mix(Path("/nonexistent")).source == shipped_mix().source


def test_a_fleet_plan_gives_every_station_an_als_ambulance_first() -> None:
    stations = [("S1", 0.0, 0.0), ("S2", 1.0, 1.0), ("S3", 2.0, 2.0)]
    plans = fleet.plan_fleet(stations, 7)
    assert [(p.call_sign, p.station, p.level) for p in plans[:4]] == [
        ("M1", "S1", "ALS"), ("M2", "S2", "ALS"), ("M3", "S3", "ALS"), ("E4", "S1", "EMR"),
    ]  # fmt: skip
    assert len({p.call_sign for p in plans}) == 7


def test_thirty_simulated_minutes_never_send_two_ambulances_to_one_patient(
    database_url: str, tmp_path: Path
) -> None:
    """The simulated dispatcher acts on every recommendation; the dispatch rule (a role stays
    filled until its unit leaves without doing the work) keeps it to one ambulance a call.
    A call a person took stays theirs, and the unit a person drives is never moved."""
    settings = Settings(data_dir=tmp_path / "var", database_url=database_url)
    build_demo("demo", size=2000, seed=1, settings=settings)
    region = load_region("demo", settings)
    engine = make_engine(database_url)
    sessions = session_factory(engine)

    clock = SettableClock(utcnow())  # moved by the test: no sleeping, and no tick's own time

    def uow() -> UnitOfWork:
        return UnitOfWork(sessions, InProcessBus(), clock)

    try:
        with uow() as u:
            agency = accounts.create_agency(u, "demo", "Demo EMS", "WA")
        actors = []
        for name, role in (("sim", "dispatcher"), ("crew", "crew"), ("person", "dispatcher")):
            with uow() as u:
                user = accounts.create_user(
                    u, None, agency.id, name, name, "long-password-1", [role]
                )
                actors.append(accounts.actor_of(user))
        stations = [(p.name, p.lon, p.lat) for p in region.stations]
        with uow() as u:
            fleet.seed_fleet(u, None, agency.id, fleet.plan_fleet(stations, 14), utcnow(), "WA")
        with sessions() as session:
            manual = session.scalar(select(UnitRow.id).where(UnitRow.call_sign == "M1"))
        setup = setup_from(settings)
        square = region.place("Central Square")
        with uow() as u:
            human_call = intake.take_call(
                u, actors[2], setup, intake.Call(square.lon, square.lat, "Falls")
            ).incident.id
        sim = Simulation(
            uow, lambda: setup_from(settings), region, actors[0], actors[1], shipped_mix(),
            speed=1000.0, calls_per_hour=60.0, seed=5, manual_units=frozenset({manual}),
        )  # fmt: skip
        most = 0
        started = sim.now()
        while sim.now() - started < 1800:
            clock.advance(0.15)  # 150 simulated seconds a tick
            sim.tick()
            with sessions() as session:
                active = session.execute(
                    select(AssignmentRow.incident_id, func.count())
                    .join(UnitRow, UnitRow.id == AssignmentRow.unit_id)
                    .where(AssignmentRow.cleared_at.is_(None), UnitRow.unit_type == "transport")
                    .group_by(AssignmentRow.incident_id)
                ).all()
            most = max([most, *(n for _, n in active)])
        with sessions() as session:
            per_incident = session.execute(
                select(AssignmentRow.incident_id, func.count())
                .join(UnitRow, UnitRow.id == AssignmentRow.unit_id)
                .where(UnitRow.unit_type == "transport")
                .group_by(AssignmentRow.incident_id)
            ).all()
            assigned = session.scalar(select(func.count()).select_from(AssignmentRow))
            on_human_call = session.scalar(
                select(func.count()).where(AssignmentRow.incident_id == human_call)
            )
            manual_status = session.scalar(select(UnitRow.status).where(UnitRow.id == manual))
            manual_jobs = session.scalar(
                select(func.count()).where(AssignmentRow.unit_id == manual)
            )
    finally:
        engine.dispose()
    assert assigned >= 5  # the county was busy
    assert most <= 1, most
    assert all(n == 1 for _, n in per_incident), per_incident
    assert on_human_call == 0
    assert (manual_status, manual_jobs) == ("available", 0)
