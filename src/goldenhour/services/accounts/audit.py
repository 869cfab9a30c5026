"""Writing and checking the audit log: who did what to which record, and when.

Every write goes through ``record`` and is appended when the transaction of the change it
describes commits, so an audit row exists exactly when the change does. Reads of patient records
are recorded the same way, in a short transaction of their own before the data is returned (see
``UnitOfWork``). Appends are serialised (an advisory lock on PostgreSQL, ``BEGIN IMMEDIATE`` on
SQLite) so the chain never forks.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from goldenhour.adapters.db import audit_log
from goldenhour.adapters.db.tables import AuditEntry
from goldenhour.domain.accounts.audit_chain import ChainedRow, ChainReport, verify_chain
from goldenhour.domain.accounts.roles import Actor
from goldenhour.services.unit_of_work import UnitOfWork


def record(
    uow: UnitOfWork,
    actor: Actor | None,
    action: str,
    entity_type: str,
    entity_id: object,
    detail: dict[str, Any] | None = None,
    agency_id: int | None = None,
) -> None:
    """Append one entry when ``uow`` commits; ``actor`` is None only for system actions such
    as the CLI bootstrap."""
    uow.audit(actor, action, entity_type, entity_id, detail, agency_id)


def verify(uow: UnitOfWork) -> ChainReport:
    """Check the whole chain, streaming rows so a long log needs little memory."""
    query = select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=1000)
    result = uow.session.scalars(query)
    try:
        return verify_chain(
            ChainedRow(r.id, r.prev_hash, r.hash, audit_log.content(r)) for r in result
        )
    finally:
        result.close()


def entries(uow: UnitOfWork, agency_id: int, limit: int, before_id: int | None) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.agency_id == agency_id)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    return list(uow.session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)))
