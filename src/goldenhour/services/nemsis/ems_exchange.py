"""NEMSIS files in and out: export locked records, import another system's history.

Export writes the agency's locked records (with their addenda) whose lock time falls in the
range, streaming them from the database into the XML writer. Import stores every report of a
file as a locked record, or none of them: the file is read and checked completely first
(``adapters.nemsis.ems_import``), and a record UUID already held refuses the whole file.
Both are audited: an export is a disclosure of PHI, an import a write of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO

from sqlalchemy import select

from goldenhour.adapters.db.tables import Agency, PatientCareRecordRow
from goldenhour.adapters.nemsis.ems_export import AgencyHeader, write_ems_dataset
from goldenhour.adapters.nemsis.ems_import import EmsImport
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.shared.errors import Conflict, InvalidInput, NotFound
from goldenhour.domain.shared.us_states import ansi_state_code
from goldenhour.services.accounts import audit
from goldenhour.services.pcr.prefill import agency_number
from goldenhour.services.pcr.records import LOCKED, current_record
from goldenhour.services.unit_of_work import UnitOfWork

BATCH = 200


def agency_header(agency: Agency) -> AgencyHeader:
    return AgencyHeader(agency.slug[:50], agency_number(agency), ansi_state_code(agency.state))


def day_range(start: date, end: date) -> tuple[datetime, datetime]:
    """``start`` 00:00 UTC up to (not including) the day after ``end``."""
    if end < start:
        raise InvalidInput.for_field("to", f"{end} is before from {start}")
    return (
        datetime.combine(start, time(), UTC),
        datetime.combine(end + timedelta(days=1), time(), UTC),
    )


def locked_ids(uow: UnitOfWork, agency_id: int, start: datetime, end: datetime) -> list[int]:
    return list(
        uow.session.scalars(
            select(PatientCareRecordRow.id)
            .where(
                PatientCareRecordRow.agency_id == agency_id,
                PatientCareRecordRow.status == LOCKED,
                PatientCareRecordRow.locked_at >= start,
                PatientCareRecordRow.locked_at < end,
            )
            .order_by(PatientCareRecordRow.locked_at, PatientCareRecordRow.id)
        )
    )


def records_of(uow: UnitOfWork, ids: list[int]) -> Iterator[PatientCareRecord]:
    """The records (addenda applied), read ``BATCH`` at a time so memory stays flat."""
    for offset in range(0, len(ids), BATCH):
        chunk = ids[offset : offset + BATCH]
        rows = uow.session.scalars(
            select(PatientCareRecordRow).where(PatientCareRecordRow.id.in_(chunk))
        )
        by_id = {row.id: row for row in rows}
        for pcr_id in chunk:
            yield current_record(uow, by_id[pcr_id])
        uow.session.expunge_all()


def export_ems(
    uow: UnitOfWork,
    actor: Actor | None,
    agency: Agency,
    start: date,
    end: date,
    target: Path | IO[bytes],
) -> int:
    """Write the EMSDataSet of ``agency``'s records locked from ``start`` to ``end``.

    NEMSIS has no empty EMSDataSet (a header needs a report), so an empty range is a 404
    and nothing is written.
    """
    header = agency_header(agency)
    ids = locked_ids(uow, agency.id, *day_range(start, end))
    if not ids:
        raise NotFound(f"no locked patient care records from {start} to {end}; nothing written")
    detail = {"from": start.isoformat(), "to": end.isoformat(), "ids": ids}
    audit.record(uow, actor, "export", "pcr", "", detail, agency_id=agency.id)
    uow.session.flush()  # before records_of expunges the session's objects
    count = write_ems_dataset(target, [(header, records_of(uow, ids))])
    uow.commit()
    return count


def import_ems(
    uow: UnitOfWork, actor: Actor | None, agency: Agency, imported: EmsImport
) -> list[PatientCareRecordRow]:
    """Store every imported report as a locked record of ``agency``: all, or none."""
    uuids = [r.record.uuid for r in imported.reports]
    if len(set(uuids)) != len(uuids):
        raise Conflict("the file holds the same PatientCareReport UUID twice; nothing imported")
    held = set(
        uow.session.scalars(
            select(PatientCareRecordRow.uuid).where(PatientCareRecordRow.uuid.in_(uuids))
        )
    )
    if held:
        raise Conflict(f"records already held: {', '.join(sorted(held))}; nothing imported")
    now = uow.clock.now()
    rows = [
        PatientCareRecordRow(
            uuid=report.record.uuid,
            agency_id=agency.id,
            incident_id=None,
            unit_id=None,
            status=LOCKED,
            source="import",
            document=report.record.to_json(),
            warnings={
                "findings": [
                    {"element": w.element, "where": w.where, "problem": w.problem}
                    for w in report.warnings
                ]
            },
            created_by=actor.user_id if actor else None,
            created_at=now,
            updated_at=now,
            locked_at=now,
            locked_by=actor.user_id if actor else None,
        )
        for report in imported.reports
    ]
    uow.session.add_all(rows)
    uow.session.flush()
    detail = {"ids": [r.id for r in rows], "unmapped": len(imported.unmapped)}
    audit.record(uow, actor, "import", "pcr", "", detail, agency_id=agency.id)
    uow.commit()
    return rows
