"""Patient care records: open one for a unit on an incident, document, lock, amend, read.

Every read and write of a record is audited (it is PHI). A draft is edited in place; a locked
record never is: later changes are addenda (who, when, why, what) and the record a reader or
an export sees is the locked original with its addenda applied in order. Locking needs every
Mandatory and Required National element documented; the refusal lists each missing element by
NEMSIS number and name (``pcr_lock``).
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from goldenhour.adapters.db.agency_rows import in_agency
from goldenhour.adapters.db.tables import PatientCareRecordRow, PcrAddendumRow
from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.pcr.groups import check_entry
from goldenhour.domain.pcr.plausibility import Finding, check_times, errors
from goldenhour.domain.pcr.record import (
    LISTED_GROUPS,
    PatientCareRecord,
    append_group,
    put,
    put_list,
)
from goldenhour.domain.pcr.tree import Entry, Group, node_from_json, node_to_json
from goldenhour.domain.shared.errors import Conflict, FieldProblem, Forbidden, InvalidInput
from goldenhour.services.accounts import audit
from goldenhour.services.pcr.access import OVERSEE, check_writer, units_ever_written
from goldenhour.services.pcr.prefill import prefilled_record
from goldenhour.services.unit_of_work import UnitOfWork

DRAFT, LOCKED = "draft", "locked"
OWN_ROUTES = {
    "eVitals.VitalGroup": "POST /pcrs/{id}/vitals",
    "eMedications.MedicationGroup": "POST /pcrs/{id}/medications",
    "eProcedures.ProcedureGroup": "POST /pcrs/{id}/procedures",
    "eCrew.CrewGroup": "a crew assignment or an intervention",
}


@dataclass(frozen=True)
class PcrView:
    row: PatientCareRecordRow
    record: PatientCareRecord  # with addenda applied
    addenda: tuple[PcrAddendumRow, ...]


def create_pcr(
    uow: UnitOfWork, actor: Actor, incident_id: int, unit_id: int, software_version: str
) -> PatientCareRecordRow:
    """A draft for one patient seen by ``unit_id`` on ``incident_id``, prefilled from dispatch."""
    check_writer(uow, actor, unit_id, incident_id)
    record_uuid = str(uuid_module.uuid4())
    record = prefilled_record(uow, actor, incident_id, unit_id, record_uuid, software_version)
    row = PatientCareRecordRow(
        uuid=record_uuid,
        agency_id=actor.agency_id,
        incident_id=incident_id,
        unit_id=unit_id,
        status=DRAFT,
        source="care",
        document=record.to_json(),
        warnings={"findings": []},
        created_by=actor.user_id,
    )
    uow.session.add(row)
    uow.session.flush()
    audit.record(uow, actor, "create", "pcr", row.id, {"incident_id": incident_id})
    uow.commit()
    return row


def locked_row(uow: UnitOfWork, actor: Actor, pcr_id: int) -> PatientCareRecordRow:
    """The record's row, locked for update, of the caller's agency (404 otherwise), when the
    caller may write it (403 otherwise: see ``pcr.access``)."""
    row = _in_agency(uow, actor, pcr_id, lock=True)
    check_writer(uow, actor, row.unit_id, row.incident_id)
    return row


def _in_agency(
    uow: UnitOfWork, actor: Actor, pcr_id: int, lock: bool = False
) -> PatientCareRecordRow:
    return in_agency(
        uow.session,
        PatientCareRecordRow,
        pcr_id,
        actor.agency_id,
        "pcr",
        "patient care record",
        lock=lock,
        fresh=lock,
    )


def draft_row(uow: UnitOfWork, actor: Actor, pcr_id: int) -> PatientCareRecordRow:
    row = locked_row(uow, actor, pcr_id)
    if row.status != DRAFT:
        raise Conflict(f"pcr {pcr_id} is locked: changes are addenda (POST .../addenda)")
    return row


def get_pcr(uow: UnitOfWork, actor: Actor, pcr_id: int) -> PcrView:
    """The record with its addenda, for whoever may write it (a crew reads only its own
    unit's records: a patient's record is not every crew's to read)."""
    row = _in_agency(uow, actor, pcr_id)
    check_writer(uow, actor, row.unit_id, row.incident_id)
    view = _view(uow, row)
    audit.record(uow, actor, "read", "pcr", row.id)
    uow.commit()
    return view


def list_pcrs(
    uow: UnitOfWork,
    actor: Actor,
    incident_id: int | None,
    status: str | None,
    limit: int,
    before_id: int | None = None,
) -> list[PatientCareRecordRow]:
    """Newest first, ids below ``before_id``; up to one row more than ``limit``, so the caller
    knows a page follows (only ``limit`` of them are audited as read)."""
    query = select(PatientCareRecordRow).where(PatientCareRecordRow.agency_id == actor.agency_id)
    if incident_id is not None:
        query = query.where(PatientCareRecordRow.incident_id == incident_id)
    if status is not None:
        query = query.where(PatientCareRecordRow.status == status)
    if not actor.has_any(OVERSEE):  # a crew's own units' records: narrow, then check each
        query = query.where(PatientCareRecordRow.unit_id.in_(units_ever_written(uow, actor)))
    if before_id is not None:
        query = query.where(PatientCareRecordRow.id < before_id)
    query = query.order_by(PatientCareRecordRow.id.desc())
    rows = [row for row in uow.session.scalars(query) if _may_write(uow, actor, row)][: limit + 1]
    audit.record(uow, actor, "list", "pcr", "", {"ids": [r.id for r in rows[:limit]]})
    uow.commit()
    return rows


def _may_write(uow: UnitOfWork, actor: Actor, row: PatientCareRecordRow) -> bool:
    try:
        check_writer(uow, actor, row.unit_id, row.incident_id)
    except Forbidden:
        return False
    return True


def current_record(uow: UnitOfWork, row: PatientCareRecordRow) -> PatientCareRecord:
    return _view(uow, row).record


def _view(uow: UnitOfWork, row: PatientCareRecordRow) -> PcrView:
    addenda = tuple(
        uow.session.scalars(
            select(PcrAddendumRow)
            .where(PcrAddendumRow.pcr_id == row.id)
            .order_by(PcrAddendumRow.id)
        )
    )
    record = PatientCareRecord.from_json(row.document)
    for addendum in addenda:
        record = apply_change(record, addendum.change)
    return PcrView(row, record, addenda)


def apply_change(record: PatientCareRecord, change: dict[str, Any]) -> PatientCareRecord:
    """An addendum's change: elements set (``entries``), then groups added (``append``)."""
    record = apply_entries(record, _stored_entries(change))
    for data in change.get("append", []):
        group = node_from_json(data)
        if isinstance(group, Group):
            record = append_group(record, ems_schema(), group)[0]
    return record


def care_target(
    uow: UnitOfWork, actor: Actor, pcr_id: int, late_reason: str | None
) -> tuple[PatientCareRecordRow, PatientCareRecord]:
    """The record care is added to: a draft as it is; a locked record only as a late entry,
    which needs its reason and becomes an addendum (care remembered after signing is still
    care given, and the record must say so)."""
    row = locked_row(uow, actor, pcr_id)
    if row.status == DRAFT:
        return row, PatientCareRecord.from_json(row.document)
    if not (late_reason or "").strip():
        raise Conflict(f"pcr {pcr_id} is locked: send late_entry_reason to add this as an addendum")
    return row, current_record(uow, row)


def keep_care(
    uow: UnitOfWork,
    actor: Actor,
    row: PatientCareRecordRow,
    record: PatientCareRecord,
    added: Sequence[Group],
    late_reason: str | None,
    warnings: Sequence[Finding] = (),
) -> None:
    """Store care from :func:`care_target`: into the draft, or as a late-entry addendum."""
    if row.status == DRAFT:
        save(uow, row, record, warnings)
        return
    _keep_warnings(row, warnings)
    change = {"append": [node_to_json(group) for group in added]}
    _addendum(uow, actor, row, f"late entry: {(late_reason or '').strip()}", change)


def set_elements(
    uow: UnitOfWork,
    actor: Actor,
    pcr_id: int,
    entries: Sequence[Entry],
    seen: Mapping[str, str | None] | None = None,
) -> PatientCareRecordRow:
    """Document section elements of a draft (each element's occurrences are replaced).

    ``seen`` holds the values the device last read; an element someone else changed since is
    a conflict, reported with both values rather than overwritten.
    """
    row = draft_row(uow, actor, pcr_id)
    current = PatientCareRecord.from_json(row.document)
    changed = [
        f"{element} is now {current.value(element)!r} (you saw {was!r})"
        for element, was in (seen or {}).items()
        if current.value(element) != was
    ]
    if changed:
        raise Conflict(f"pcr {pcr_id} changed meanwhile: " + "; ".join(changed))
    record = checked_update(current, entries)
    save(uow, row, record)
    audit.record(uow, actor, "update", "pcr", row.id, {"elements": _names(entries)})
    uow.commit()
    return row


def checked_update(record: PatientCareRecord, entries: Sequence[Entry]) -> PatientCareRecord:
    """Apply ``entries`` after checking each against its element; impossible times refused.

    An element of a repeating group goes into its first instance (eProtocols.ProtocolGroup
    usually has one), unless the group has its own route (vitals, medications, procedures) or
    already several instances, where "the first" would be a guess.
    """
    schema = ems_schema()
    problems: list[FieldProblem] = []
    for entry in entries:
        if entry.element not in schema or schema.spec(entry.element).is_group:
            problems.append(FieldProblem(entry.element, "is not a NEMSIS v3.5.1 EMS element"))
            continue
        for group in schema.chain(entry.element):
            if group in OWN_ROUTES:
                problems.append(FieldProblem(entry.element, f"add it with {OWN_ROUTES[group]}"))
            elif (
                schema.spec(group).max_occurs != 1
                and len(record.groups(group)) > 1
                and LISTED_GROUPS.get(entry.element) != group
            ):
                problems.append(
                    FieldProblem(entry.element, f"the record has several {group}; ambiguous")
                )
        problems += check_entry(schema.spec(entry.element), entry, "")
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems), problems)
    updated = apply_entries(record, entries)
    impossible = errors(check_times(updated))
    if impossible:
        raise InvalidInput(
            "; ".join(str(f.as_problem()) for f in impossible), [f.as_problem() for f in impossible]
        )
    return updated


def apply_entries(record: PatientCareRecord, entries: Sequence[Entry]) -> PatientCareRecord:
    by_element: dict[str, list[Entry]] = {}
    for entry in entries:
        by_element.setdefault(entry.element, []).append(entry)
    for element, occurrences in by_element.items():
        edit = put_list if element in LISTED_GROUPS else put
        record = edit(record, ems_schema(), element, occurrences)
    return record


def save(
    uow: UnitOfWork,
    row: PatientCareRecordRow,
    record: PatientCareRecord,
    warnings: Sequence[Finding] = (),
) -> None:
    row.document = record.to_json()
    _keep_warnings(row, warnings)
    row.updated_at = uow.clock.now()


def _keep_warnings(row: PatientCareRecordRow, warnings: Sequence[Finding]) -> None:
    """Plausibility warnings sit beside the record for review; they are not part of it."""
    if warnings:
        kept = list(row.warnings.get("findings", []))
        kept += [{"element": w.element, "where": w.where, "problem": w.problem} for w in warnings]
        row.warnings = {"findings": kept}


def add_addendum(
    uow: UnitOfWork, actor: Actor, pcr_id: int, reason: str, entries: Sequence[Entry]
) -> PcrAddendumRow:
    """A change to a locked record, kept beside it with who, when and why."""
    if not reason.strip():
        raise InvalidInput.for_field("reason", "an addendum must say why")
    row = locked_row(uow, actor, pcr_id)
    if row.status != LOCKED:
        raise Conflict(f"pcr {pcr_id} is a draft: edit it directly; addenda are for locked records")
    checked_update(current_record(uow, row), entries)
    change = {"entries": [node_to_json(e) for e in entries]}
    addendum = _addendum(uow, actor, row, reason.strip(), change)
    detail = {"addendum_id": addendum.id, "elements": _names(entries)}
    audit.record(uow, actor, "addendum", "pcr", row.id, detail)
    uow.commit()
    return addendum


def _addendum(
    uow: UnitOfWork,
    actor: Actor,
    row: PatientCareRecordRow,
    reason: str,
    change: dict[str, Any],
) -> PcrAddendumRow:
    """Keep a change beside the locked record with who, when and why (no commit)."""
    addendum = PcrAddendumRow(
        agency_id=row.agency_id,
        pcr_id=row.id,
        author_id=actor.user_id,
        at=uow.clock.now(),
        reason=reason,
        change=change,
    )
    uow.session.add(addendum)
    uow.session.flush()
    return addendum


def _stored_entries(change: dict[str, Any]) -> list[Entry]:
    return [
        e for e in (node_from_json(n) for n in change.get("entries", [])) if isinstance(e, Entry)
    ]


def _names(entries: Sequence[Entry]) -> list[str]:
    return sorted({e.element for e in entries})
