"""Storage on both databases: migrations, the unit of work, the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, inspect, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from goldenhour.adapters.db import audit_log, migrate
from goldenhour.adapters.db.engine import WriteInReadTransaction, make_engine, session_factory
from goldenhour.adapters.db.tables import Agency, AuditEntry, StoredEvent
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.domain.accounts.audit_chain import GENESIS, entry_hash
from goldenhour.domain.shared.events import PublishedEvent, UserCreated
from goldenhour.services.accounts import audit
from goldenhour.services.accounts import users as accounts
from goldenhour.services.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]


def test_migrations_reach_head_and_rerunning_them_changes_nothing(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision(engine)
        tables = set(inspect(engine).get_table_names())
        assert {"agencies", "users", "auth_tokens", "audit_log", "events"} <= tables
    finally:
        engine.dispose()


def test_a_unit_of_work_rolls_back_unless_committed(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.session.add(Agency(slug="ghost", name="Ghost EMS", state="WA"))
        uow.session.flush()
    with uow_factory() as uow:
        assert uow.session.scalar(select(Agency).where(Agency.slug == "ghost")) is None


def test_events_are_published_only_after_commit(sessions: sessionmaker[Session]) -> None:
    published: list[PublishedEvent] = []

    class Recorder:
        def publish(self, events: list[PublishedEvent]) -> None:
            published.extend(events)

    with UnitOfWork(sessions, Recorder()) as uow:
        agency = Agency(slug="alpha", name="Alpha", state="WA")
        uow.session.add(agency)
        uow.session.flush()
        uow.emit(agency.id, UserCreated(1, "x", ("crew",)))
        assert published == []
        uow.commit()
    assert [e.name for e in published] == ["UserCreated"]
    with UnitOfWork(sessions, Recorder()) as uow:
        uow.emit(agency.id, UserCreated(2, "y", ("crew",)))  # never committed
    with UnitOfWork(sessions, Recorder()) as uow:
        names = uow.session.scalars(select(StoredEvent.name)).all()
    assert names == ["UserCreated"] and len(published) == 1


def test_timestamps_come_back_timezone_aware_in_utc(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        agency = accounts.create_agency(uow, "alpha", "Alpha EMS", "WA")
    with uow_factory() as uow:
        stored = uow.session.get(Agency, agency.id)
        assert stored is not None and stored.created_at.tzinfo is not None
        assert stored.created_at.utcoffset() == UTC.utcoffset(datetime.now(UTC))


def test_audit_chain_detects_an_edited_row(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        agency = accounts.create_agency(uow, "alpha", "Alpha EMS", "WA")
    for name in ("amy", "bob", "cat"):
        with uow_factory() as uow:
            accounts.create_user(uow, None, agency.id, name, name, "long-password-1", ["crew"])
    with uow_factory() as uow:
        report = audit.verify(uow)
        assert report.ok and report.checked == 4
        second = uow.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()[2]
        uow.session.execute(
            update(AuditEntry).where(AuditEntry.id == second).values(entity_id="forged")
        )
        uow.session.commit()
    with uow_factory() as uow:
        report = audit.verify(uow)
    assert not report.ok and report.first_bad_id == second


def test_the_database_links_each_audit_entry_as_the_domain_chain_does(
    uow_factory: UowFactory,
) -> None:
    """The database computes each link (``audit_log.append``); the domain's ``entry_hash``
    must give the same hex digest, for text beyond ASCII and for entries chained within one
    transaction as well as across transactions."""
    with uow_factory() as uow:
        agency = accounts.create_agency(uow, "alpha", "Alpha EMS", "WA")
    with uow_factory() as uow:
        for n, note in enumerate(("Zoë's café, 3ʳᵈ floor", "ÅSA 🚑 ≥ 2", 'quote " and \\ back')):
            uow.audit(None, "note", "incident", n, {"text": note, "n": n}, agency_id=agency.id)
        uow.commit()
    with uow_factory() as uow:
        report = audit.verify(uow)
        rows = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        links = [(r.prev_hash, r.hash, entry_hash(r.prev_hash, audit_log.content(r))) for r in rows]
    assert report.ok and report.checked == len(links) == 4
    assert [prev for prev, _, _ in links] == [GENESIS] + [own for _, own, _ in links[:-1]]
    assert all(own == by_domain for _, own, by_domain in links)


def test_a_commit_holds_the_write_order_lock_for_four_round_trips_on_postgresql(
    postgres_url: str,
) -> None:
    """The lock is held from the statement that takes it to the commit, so every other writer
    waits for each statement in between: one takes the lock and queues the NOTIFY, one
    appends the audit entry (its link computed by the database), one all the events, then the
    commit. (SQLite holds its write lock for the whole transaction, ``BEGIN IMMEDIATE``.)"""
    engine = make_engine(postgres_url)
    sessions = session_factory(engine)
    sent: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        sent.append(" ".join(statement.split()[:3]))

    with UnitOfWork(sessions, InProcessBus()) as uow:
        agency = accounts.create_agency(uow, "alpha", "Alpha EMS", "WA")
    with UnitOfWork(sessions, InProcessBus()) as uow:
        uow.audit(None, "note", "agency", agency.id, agency_id=agency.id)
        for n in range(3):
            uow.emit(agency.id, UserCreated(n, f"user{n}", ("crew",)))
        uow.session.connection()  # the transaction is open before the commit starts
        event.listen(engine, "before_cursor_execute", note)
        event.listen(engine, "commit", lambda _conn: sent.append("COMMIT"))
        uow.commit()
    assert sent[0].startswith("SELECT pg_advisory_xact_lock(") and "pg_notify" in sent[0]
    assert sent[1:] == ["INSERT INTO audit_log", "INSERT INTO events", "COMMIT"]
    with UnitOfWork(sessions, InProcessBus()) as uow:
        assert audit.verify(uow).ok
        assert len(uow.session.scalars(select(StoredEvent.id)).all()) >= 3
    engine.dispose()


def test_audit_chain_detects_a_deleted_row(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        agency = accounts.create_agency(uow, "alpha", "Alpha EMS", "WA")
    with uow_factory() as uow:
        accounts.create_user(uow, None, agency.id, "amy", "Amy", "long-password-1", ["crew"])
    with uow_factory() as uow:
        first = uow.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).first()
        uow.session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": first})
        uow.session.commit()
    with uow_factory() as uow:
        assert not audit.verify(uow).ok


def test_a_failed_user_creation_leaves_nothing_behind(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        agency = accounts.create_agency(uow, "alpha", "Alpha EMS", "WA")
    with uow_factory() as uow:
        accounts.create_user(uow, None, agency.id, "amy", "Amy", "long-password-1", ["crew"])
    with uow_factory() as uow:
        before = uow.session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()))
    from goldenhour.domain.shared.errors import Conflict

    with pytest.raises(Conflict, match="username"), uow_factory() as uow:
        accounts.create_user(uow, None, agency.id, "amy", "Amy 2", "long-password-1", ["crew"])
    with uow_factory() as uow:
        after = uow.session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()))
        assert after == before and audit.verify(uow).ok


def _request_unit_of_work(sessions: sessionmaker[Session]) -> UnitOfWork:
    """As the API opens one for a POST: it reads on a snapshot once it has committed."""
    return UnitOfWork(sessions, InProcessBus(), reads_after_commit=True)


def test_a_change_after_a_requests_commit_is_refused_unless_written_in_a_write_transaction(
    sessions: sessionmaker[Session], uow_factory: UowFactory
) -> None:
    """A write on a read snapshot fails in every run, not only when a writer races it."""
    with _request_unit_of_work(sessions) as uow:
        agency = accounts.create_agency(uow, "alpha", "Alpha EMS", "WA")
        stored = uow.session.get(Agency, agency.id)
        assert stored is not None
        stored.name = "Renamed on a snapshot"
        with pytest.raises(WriteInReadTransaction, match="UPDATE agencies"):
            uow.commit()
        uow.rollback()
        with uow.writing():
            stored = uow.session.get(Agency, agency.id)
            assert stored is not None
            stored.name = "Renamed in a write transaction"
            uow.commit()
    with uow_factory() as uow:
        assert uow.session.get(Agency, agency.id).name == "Renamed in a write transaction"  # type: ignore[union-attr]


def test_a_read_audited_after_a_requests_commit_is_appended_though_another_write_came_between(
    sessions: sessionmaker[Session], uow_factory: UowFactory
) -> None:
    """The record read back after a chart entry is audited; on SQLite its snapshot is stale
    once another writer has committed, and upgrading it would fail at once."""
    with uow_factory() as uow:
        agency = accounts.create_agency(uow, "alpha", "Alpha EMS", "WA")
    with _request_unit_of_work(sessions) as uow:
        accounts.create_user(uow, None, agency.id, "amy", "Amy", "long-password-1", ["crew"])
        assert uow.session.get(Agency, agency.id) is not None  # the read snapshot begins
        with uow_factory() as other:
            accounts.create_user(other, None, agency.id, "bob", "Bob", "long-password-1", ["crew"])
        uow.audit(None, "read", "agency", agency.id, agency_id=agency.id)
        uow.commit()
    with uow_factory() as uow:
        actions = uow.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions[-1] == "read" and audit.verify(uow).ok


def test_the_migrations_build_exactly_the_tables_the_code_maps(database_url: str) -> None:
    """A model change without its migration (or the reverse) fails here, on both databases."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from goldenhour.adapters.db.tables import Base

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
