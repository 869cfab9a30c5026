"""Sign and lock: what the crew still has to chart, what is filled for them, and the lock.

A lock takes the record as the crew left it, then (1) the times dispatch stamped after the
record was opened (left scene, back in service) where the crew gave none, (2) what follows from
the crew's answers (``domain.pcr.chart.derived_entries``: no arrest, no arrest details), and
(3) "Not Recorded" for Required elements still blank, which the crew was shown before signing.
It is refused (422) while the crew's checklist has gaps, listing each in crew language with the
field to go to, or while a National element is still undocumented, listing it by NEMSIS number.
"""

from __future__ import annotations

from dataclasses import dataclass

from goldenhour.adapters.db.tables import PatientCareRecordRow
from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.pcr.chart import (
    ChartItem,
    derived_entries,
    left_not_recorded,
    not_recorded_entries,
    still_to_chart,
)
from goldenhour.domain.pcr.completion import Missing, missing_for_lock
from goldenhour.domain.pcr.events import PcrLocked
from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput
from goldenhour.services.accounts import audit
from goldenhour.services.pcr.prefill import with_dispatch_times
from goldenhour.services.pcr.records import LOCKED, PcrView, apply_entries, draft_row, save
from goldenhour.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class LockReadiness:
    to_chart: list[ChartItem]  # the crew's gaps, in their words
    not_recorded: list[Missing]  # Required elements that will be sent as "Not Recorded"
    missing: list[Missing]  # National elements a lock would still refuse on
    record: PatientCareRecord  # as it would be locked


def readiness(
    uow: UnitOfWork, row: PatientCareRecordRow, record: PatientCareRecord
) -> LockReadiness:
    schema = ems_schema()
    if row.incident_id is not None and row.unit_id is not None:
        record = with_dispatch_times(uow, record, row.incident_id, row.unit_id)
    record = apply_entries(record, derived_entries(record))
    to_chart = still_to_chart(record)  # before "Not Recorded" would count as an answer
    blank = left_not_recorded(record, schema)
    record = apply_entries(record, not_recorded_entries(blank))
    return LockReadiness(to_chart, blank, missing_for_lock(record, schema), record)


def readiness_of(uow: UnitOfWork, view: PcrView) -> LockReadiness | None:
    """What a lock of this draft would need (None for a locked record)."""
    if view.row.status == LOCKED:
        return None
    return readiness(uow, view.row, view.record)


def lock_pcr(uow: UnitOfWork, actor: Actor, pcr_id: int) -> PatientCareRecordRow:
    """Sign and lock, or 422 listing what is still to chart or still undocumented."""
    row = draft_row(uow, actor, pcr_id)
    ready = readiness(uow, row, PatientCareRecord.from_json(row.document))
    problems = [
        FieldProblem(item.elements[0], f"{item.label}: not charted yet (go to {item.key})")
        for item in ready.to_chart
    ]
    problems += [
        FieldProblem(m.element, f"{m.name} ({m.usage}) at {m.where}: {m.problem}")
        for m in ready.missing
    ]
    if problems:
        raise InvalidInput(
            f"pcr {pcr_id} cannot be locked yet: {len(problems)} thing(s) to document", problems
        )
    save(uow, row, ready.record)
    row.status, row.locked_at, row.locked_by = LOCKED, uow.clock.now(), actor.user_id
    detail = {"not_recorded": [m.element for m in ready.not_recorded]}
    audit.record(uow, actor, "lock", "pcr", row.id, detail)
    uow.emit(row.agency_id, PcrLocked(row.id, row.uuid, actor.user_id))
    uow.commit()
    return row
