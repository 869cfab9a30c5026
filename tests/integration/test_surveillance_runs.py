"""Detector runs on stored incidents, on SQLite and PostgreSQL: the daily schedule runs each
agency once a day, an agency's own case definition (heat illness) is read from its file, and
a signal is raised once however often the detectors run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from goldenhour.adapters.db.tables import IncidentRow
from goldenhour.adapters.db.tables.surveillance import SurveillanceRunRow, SurveillanceSignalRow
from goldenhour.adapters.surveillance.definitions_file import load_definitions
from goldenhour.services.accounts.users import create_agency
from goldenhour.services.surveillance import detection
from goldenhour.services.unit_of_work import UnitOfWork

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
HEAT = "2301043"  # eDispatch.01 Heat/Cold Exposure
HEAT_FILE = """
[sources.METRO-HEAT]
title = "Metro County EMS extreme heat plan"
url = "https://example.org/metro-heat-plan"
[[definition]]
id = "heat_illness"
name = "Heat illness"
sources = ["METRO-HEAT"]
dispatch_reasons = ["2301043"]
codes = '^(?:T67\\..*)$'
[definition.advisory]
categories = ["Health", "Met"]
event = "Heat illness cluster"
same_event = "CEM"
instruction = "Drink water, find shade or a cooling centre, check on neighbours."
"""


def call(agency_id: int, reason: str, at: datetime, lat: float = 47.61) -> IncidentRow:
    return IncidentRow(
        agency_id=agency_id,
        lon=-122.33,
        lat=lat,
        address=None,
        landmark=None,
        callback=None,
        type_of_service="2205001",
        dispatch_reason=reason,
        complaint=None,
        answers={},
        priority=2,
        level="BLS",
        mode="emergent",
        plan="test",
        roles={"roles": []},
        rule_index=0,
        rule_why="test",
        source="test",
        status="closed",
        received_at=at,
    )


def test_an_agency_file_adds_heat_illness_and_its_burst_is_signalled_once(
    uow_factory: Callable[[], UnitOfWork], tmp_path: Path
) -> None:
    (tmp_path / "heat.toml").write_text(HEAT_FILE)
    definitions = load_definitions(tmp_path / "heat.toml")
    with uow_factory() as uow:
        agency_id = create_agency(uow, "metro", "Metro EMS", "WA").id
    with uow_factory() as uow:
        uow.session.add_all(call(agency_id, HEAT, NOW - timedelta(hours=h)) for h in (1, 2, 3))
        uow.commit()
    with uow_factory() as uow:
        shipped = detection.run(uow, agency_id, NOW)
    assert shipped == []  # heat is not a shipped definition
    with uow_factory() as uow:
        raised = detection.run(uow, agency_id, NOW, definitions=definitions)
    assert {(s.detector, s.definition) for s in raised} >= {("threshold", "heat_illness")}
    with uow_factory() as uow:
        assert detection.run(uow, agency_id, NOW, definitions=definitions) == []


def test_the_schedule_runs_each_agency_once_a_day(uow_factory: Callable[[], UnitOfWork]) -> None:
    with uow_factory() as uow:
        first = create_agency(uow, "metro", "Metro EMS", "WA").id
    with uow_factory() as uow:
        create_agency(uow, "county", "County EMS", "WA")
    with uow_factory() as uow:
        uow.session.add_all(call(first, "2301053", NOW - timedelta(hours=h)) for h in (1, 2, 3))
        uow.commit()
    with uow_factory() as uow:
        assert detection.run_due(uow, NOW) == 2
    with uow_factory() as uow:
        assert detection.run_due(uow, NOW + timedelta(hours=23)) == 0
    with uow_factory() as uow:
        assert detection.run_due(uow, NOW + timedelta(hours=24)) == 2
    with uow_factory() as uow:
        runs = uow.session.scalars(select(SurveillanceRunRow).order_by(SurveillanceRunRow.id))
        assert [r.trigger for r in runs] == ["schedule"] * 4
        signals = uow.session.scalar(
            select(func.count())
            .select_from(SurveillanceSignalRow)
            .where(SurveillanceSignalRow.agency_id == first)
        )
        assert signals and signals >= 1
