"""Appending to the audit log: one hash-chained row per action, in the action's transaction.

Appends are serialised (an advisory lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) so the
chain never forks; the hash is ``domain.accounts.audit_chain``'s, so ``audit.verify`` checks
what this wrote.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldenhour.adapters.db.engine import serialize
from goldenhour.adapters.db.tables import AuditEntry
from goldenhour.domain.accounts.audit_chain import GENESIS, entry_hash


def append(
    session: Session,
    at: datetime,
    agency_id: int | None,
    user_id: int | None,
    action: str,
    entity_type: str,
    entity_id: object,
    detail: dict[str, Any] | None = None,
) -> None:
    serialize(session)
    prev = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    entry = AuditEntry(
        at=at,
        agency_id=agency_id,
        user_id=user_id,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        detail=detail or {},
        prev_hash=prev or GENESIS,
    )
    entry.hash = entry_hash(entry.prev_hash, content(entry))
    session.add(entry)


def content(entry: AuditEntry) -> dict[str, Any]:
    """What the hash covers."""
    return {
        "at": entry.at,
        "agency_id": entry.agency_id,
        "user_id": entry.user_id,
        "action": entry.action,
        "entity_type": entry.entity_type,
        "entity_id": entry.entity_id,
        "detail": entry.detail,
    }
