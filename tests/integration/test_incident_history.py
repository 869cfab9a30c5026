"""An old CAD's history stored into an agency: whole, once, or not at all; and reported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from conftest import require_refdata
from goldenhour.adapters.db.tables import AssignmentRow, IncidentRow, IncidentTimeRow, UnitRow
from goldenhour.adapters.importers.history import read_history
from goldenhour.adapters.refdata.quality_standards import load_standard
from goldenhour.domain.quality.history import as_table
from goldenhour.domain.quality.response_report import ReportRequest, response_report
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.accounts import users as accounts
from goldenhour.services.quality.history_import import import_history
from goldenhour.services.quality.response_times import Period, stored_report
from goldenhour.services.unit_of_work import UnitOfWork

Uow = Callable[[], UnitOfWork]
SF_EXPORT = (
    "incidents",
    "sf_fire_calls_for_service",
    "sf_fire_calls_for_service_2016-12-31_to_2017-01-07.csv",
)
HEADER = "incident,unit,priority,zone,psap_call,unit_notified,en_route,on_scene,lon,lat,cancelled\n"


def agency(uow_factory: Uow, slug: str) -> int:
    with uow_factory() as uow:
        return accounts.create_agency(uow, slug, slug.title(), "CA").id


def count(uow_factory: Uow, table: type, agency_id: int) -> int:
    with uow_factory() as uow:
        return int(
            uow.session.scalar(
                select(func.count()).select_from(table).where(table.agency_id == agency_id)  # type: ignore[attr-defined]
            )
            or 0
        )


@pytest.mark.refdata
def test_the_san_francisco_export_is_stored_whole_and_reports_as_the_file_does(
    uow_factory: Uow,
) -> None:
    path = require_refdata(*SF_EXPORT)
    fmt, rows = read_history(path)
    agency_id = agency(uow_factory, "sf")
    with uow_factory() as uow:
        done = import_history(uow, None, agency_id, fmt, rows)
    assert (fmt, done.incidents, done.responses, done.skipped) == ("sf", 3560, 7704, 0)
    assert count(uow_factory, AssignmentRow, agency_id) == 7704
    assert count(uow_factory, UnitRow, agency_id) == len(done.units_added)
    request = ReportRequest(by=("zone", "priority"))
    from_file = response_report(as_table(rows), load_standard(None), request)
    period = Period(
        datetime(2016, 12, 1, tzinfo=UTC), datetime(2017, 2, 1, tzinfo=UTC), ZoneInfo("UTC")
    )
    with uow_factory() as uow:
        stored = stored_report(uow, agency_id, period, load_standard(None), request)
    assert stored["intervals"] == from_file["intervals"]
    assert stored["by"] == from_file["by"]
    assert (
        stored["excluded"]["response"]["by_reason"]
        == from_file["excluded"]["response"]["by_reason"]
    )
    with uow_factory() as uow:
        again = import_history(uow, None, agency_id, fmt, rows)
    assert (again.incidents, again.skipped) == (0, 3560)
    assert count(uow_factory, IncidentRow, agency_id) == 3560


def write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "history.csv"
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows))
    return path


T0, T1, T2, T3 = (f"2026-11-02T10:0{m}:00-08:00" for m in (0, 1, 2, 7))


def test_a_generic_history_stores_times_on_the_incident_and_on_each_unit(
    uow_factory: Uow, tmp_path: Path
) -> None:
    fmt, rows = read_history(
        write(
            tmp_path,
            [
                f"A-1,M7,1,north,{T0},{T1},{T2},{T3},-122.41,37.77,",
                f"A-1,E3,1,north,{T0},{T1},{T2},,-122.41,37.77,{T3}",
                f"A-2,M7,non_emergent,south,{T0},{T1},,,-122.42,37.78,{T2}",
            ],
        )
    )
    agency_id = agency(uow_factory, "metro")
    with uow_factory() as uow:
        import_history(uow, None, agency_id, fmt, rows)
        incidents = {i.external_id: i for i in uow.session.scalars(select(IncidentRow))}
        assert incidents["A-1"].status == "closed"
        assert incidents["A-2"].status == "cancelled"  # its only unit was called off
        assert (incidents["A-1"].zone, incidents["A-2"].priority) == ("north", 5)
        times = uow.session.execute(
            select(IncidentTimeRow.unit_id, IncidentTimeRow.element).where(
                IncidentTimeRow.incident_id == incidents["A-1"].id
            )
        ).all()
        units = {u.call_sign: (u.id, u.active) for u in uow.session.scalars(select(UnitRow))}
    assert (None, "eTimes.01") in times
    assert (units["M7"][0], "eTimes.06") in times
    assert (units["E3"][0], "eTimes.14") in times
    assert units["M7"][1] is False  # a unit from history is not dispatched now


def test_one_bad_row_stores_nothing_and_every_problem_is_named_by_row(
    uow_factory: Uow, tmp_path: Path
) -> None:
    fmt, rows = read_history(
        write(
            tmp_path,
            [
                f"A-1,M7,1,north,{T0},{T1},{T2},{T3},-122.41,37.77,",
                f"A-2,M8,urgent,north,{T0},{T1},{T2},{T3},-122.41,37.77,",
                f"A-3,M9,2,north,{T0},{T1},{T2},{T3},,,",
            ],
        )
    )
    agency_id = agency(uow_factory, "metro")
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        import_history(uow, None, agency_id, fmt, rows)
    fields = [p.field for p in refused.value.errors]
    assert fields == ["row 3: priority", "row 4: lon, lat"]
    assert count(uow_factory, IncidentRow, agency_id) == 0
    assert count(uow_factory, UnitRow, agency_id) == 0
