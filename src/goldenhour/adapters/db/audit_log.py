"""Appending to the audit log: one hash-chained row per action, in the action's transaction.

Appends are serialised (an advisory lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) so the
chain never forks; the hash is ``domain.accounts.audit_chain``'s, so ``audit.verify`` checks
what this wrote.

Each row is one ``INSERT`` whose previous hash and own hash the database works out from the
row before it: the lock is held from the moment it is taken to the commit, so every round trip
inside it (there once was a separate read of the previous hash) holds up every other writer,
and under load each round trip also waits for its thread to get the interpreter back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, bindparam, func, insert, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import GenericFunction

from goldenhour.adapters.db.engine import SQLITE_LINK_HASH, serialize
from goldenhour.adapters.db.tables import AuditEntry
from goldenhour.domain.accounts.audit_chain import GENESIS, canonical


class _LinkHash(GenericFunction[str]):
    """``audit_chain.link_hash(prev, canonical)`` computed by the database (on SQLite, by
    that very function, which every connection is given: ``engine.SQLITE_LINK_HASH``)."""

    type = String()
    inherit_cache = True
    name = "goldenhour_link_hash"


@compiles(_LinkHash, "postgresql")
def _link_hash_postgresql(element: _LinkHash, compiler: Any, **kw: Any) -> str:
    prev, text = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"encode(sha256(convert_to({prev} || '|' || {text}, 'UTF8')), 'hex')"


@compiles(_LinkHash, "sqlite")
def _link_hash_sqlite(element: _LinkHash, compiler: Any, **kw: Any) -> str:
    prev, text = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"{SQLITE_LINK_HASH}({prev}, {text})"


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
    values: dict[str, Any] = {
        "at": at,
        "agency_id": agency_id,
        "user_id": user_id,
        "action": action,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "detail": detail or {},
    }
    session.execute(_APPEND, {**values, "canonical": canonical(values)})


def _last_hash() -> ColumnElement[str]:
    last = select(_AUDIT.c.hash).order_by(_AUDIT.c.id.desc()).limit(1).scalar_subquery()
    return func.coalesce(last, literal(GENESIS, String()))


# Built once, on the table rather than the mapped class: a plain INSERT, without the ORM's
# bulk-insert work or building the statement again on every commit. The entry's own columns
# come as parameters; its links are worked out by the database.
_AUDIT = AuditEntry.metadata.tables[AuditEntry.__tablename__]
_APPEND = insert(_AUDIT).values(
    prev_hash=_last_hash(),
    hash=_LinkHash(_last_hash(), bindparam("canonical", type_=String())),
)


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
