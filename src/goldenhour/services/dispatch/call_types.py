"""The agency's call-type table: list it, replace it from a CSV, look one up at intake."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import delete, select

from goldenhour.adapters.db.tables import CallTypeRow
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.call_types import CallType, call_type_key, parse_table
from goldenhour.domain.triage.protocol import TriageProtocol
from goldenhour.services.accounts import audit
from goldenhour.services.unit_of_work import UnitOfWork


def _of(row: CallTypeRow) -> CallType:
    return CallType(
        row.call_type, row.dispatch_reason, row.type_of_service, row.priority, row.level, row.plan
    )


def list_call_types(uow: UnitOfWork, agency_id: int) -> list[CallType]:
    rows = uow.session.scalars(
        select(CallTypeRow)
        .where(CallTypeRow.agency_id == agency_id)
        .order_by(CallTypeRow.call_type)
    )
    return [_of(r) for r in rows]


def replace_call_types(
    uow: UnitOfWork,
    actor: Actor | None,
    agency_id: int,
    rows: Iterable[Mapping[str, object]],
    protocol: TriageProtocol,
) -> list[CallType]:
    """The whole table from ``rows`` (all or nothing: every problem named at once)."""
    table = parse_table(rows, protocol)
    uow.session.execute(delete(CallTypeRow).where(CallTypeRow.agency_id == agency_id))
    uow.session.add_all(CallTypeRow(agency_id=agency_id, **t.as_dict()) for t in table)
    audit.record(uow, actor, "replace", "call_types", agency_id, {"rows": len(table)})
    uow.commit()
    return table


def find_call_type(uow: UnitOfWork, agency_id: int, name: str) -> CallType | None:
    """The agency's call type named ``name`` (case and spacing ignored), if it has one."""
    wanted = call_type_key(name)
    for row in uow.session.scalars(select(CallTypeRow).where(CallTypeRow.agency_id == agency_id)):
        if call_type_key(row.call_type) == wanted:
            return _of(row)
    return None
