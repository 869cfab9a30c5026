"""Engines for the two supported databases, configured for durability.

SQLite runs in WAL mode with ``synchronous=FULL``. A transaction that may write is opened
with ``BEGIN IMMEDIATE``: writers queue on the busy timeout instead of failing half-way, which is
what makes "check the unit is free, then assign it" atomic on the embedded database. A
transaction that only reads (``reading``) opens with a plain ``BEGIN``: it reads a snapshot and
never takes, nor waits for, the write lock, and on both databases a statement that writes, sent
in such a transaction, is refused before it reaches the database (``WriteInReadTransaction``):
on SQLite it would try to upgrade the snapshot to a write, which fails at once ("database is
locked") whenever another writer committed since the snapshot began, so the mistake would only
show under load, as a 503. PostgreSQL gets the same guarantees from row locks
and an advisory lock where a chain must not fork (see ``serialize``).

Both databases get the same pool: ``POOL_SIZE`` connections kept, ``POOL_OVERFLOW`` more for
the moments when the API's admitted requests (``api/admission.py``, at most ``POOL_SIZE``) and
background work (clock sweeps, event streams, audit appends of reads) meet, so a thread never
waits on the pool for a connection held by a request that is itself waiting for a thread.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from goldenhour.domain.accounts.audit_chain import link_hash

BUSY_TIMEOUT_MS = 30_000
POOL_SIZE = 16
POOL_OVERFLOW = 16
POOL_TIMEOUT_S = 10
_READS_ONLY = "goldenhour_reads_only"
SQLITE_LINK_HASH = "goldenhour_link_hash"  # the audit chain's link, as PostgreSQL computes it
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|UPSERT|CREATE|DROP|ALTER)\b", re.IGNORECASE)


class WriteInReadTransaction(RuntimeError):
    """A programming error: a write sent in a transaction opened only to read. Writes belong
    in a write transaction (``UnitOfWork.writing`` after a unit of work's first commit)."""


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        pool: dict[str, Any] = {}
        if parsed.database and parsed.database != ":memory:":
            pool = {
                "pool_size": POOL_SIZE,
                "max_overflow": POOL_OVERFLOW,
                "pool_timeout": POOL_TIMEOUT_S,
            }
        engine = create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            **pool,
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        _WriterLine(engine)
    else:
        engine = create_engine(
            url,
            pool_pre_ping=True,
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            pool_timeout=POOL_TIMEOUT_S,
        )
    event.listen(engine, "before_cursor_execute", _refuse_writes_when_reading)
    return engine


def reading(engine: Engine) -> Engine:
    """The same engine and pool, for transactions that only read: on SQLite they open with a
    deferred ``BEGIN`` (a snapshot, no write lock); on PostgreSQL nothing changes."""
    return engine.execution_options(**{_READS_ONLY: True})


def _refuse_writes_when_reading(
    connection: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
) -> tuple[str, Any]:
    if connection.get_execution_options().get(_READS_ONLY) and _WRITES.match(statement):
        raise WriteInReadTransaction(
            f"a write in a transaction opened to read: {statement.split(chr(10))[0][:120]}"
        )
    return statement, parameters


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" event open transactions
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()
    dbapi_connection.create_function(SQLITE_LINK_HASH, 2, link_hash, deterministic=True)


class _WriterLine:
    """SQLite writers of one process wait their turn on a lock, not on the busy timeout.

    SQLite's busy handler polls: a writer that finds the database locked sleeps 1, 2, 5 ... up to
    100 ms between tries, so under load the write lock stands free while writers sleep (py-spy,
    eight call-takers: a tenth of the request threads' time inside ``BEGIN IMMEDIATE``). Here
    the writers of this process line up on a lock that wakes the next one as soon as the
    transaction ends; other processes (``--workers``) still meet on the busy timeout. A
    transaction that outlives ``BUSY_TIMEOUT_MS`` only stops the line from helping.
    """

    def __init__(self, engine: Engine) -> None:
        self._lock = threading.Lock()
        event.listen(engine, "begin", self.begin)
        for name in ("commit", "rollback"):
            event.listen(engine, name, self.end)
        event.listen(engine.pool, "reset", self.reset)  # returned to the pool mid-transaction

    def begin(self, connection: Any) -> None:
        if connection.get_execution_options().get(_READS_ONLY, False):
            connection.exec_driver_sql("BEGIN")
            return
        holds = self._lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000)
        connection.info[_IN_LINE] = holds
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.end(connection)
            raise

    def end(self, connection: Any) -> None:
        self._release(connection.info)

    def reset(self, dbapi_connection: Any, connection_record: Any, reset_state: Any) -> None:
        self._release(connection_record.info)

    def _release(self, info: dict[str, Any]) -> None:
        if info.pop(_IN_LINE, False):
            self._lock.release()


_IN_LINE = "goldenhour_in_writer_line"


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


# One lock orders every transaction that appends to the audit chain or the event log, so on
# PostgreSQL too those rows get ids in commit order (a reader that has seen id N has seen every
# row below N) and the chain never forks.
WRITE_ORDER_LOCK = 0x60_1D_E4


def serialize(session: Session, notify: str | None = None) -> None:
    """Hold the write-order lock until the transaction ends (PostgreSQL; SQLite already is).

    Taken once per transaction, whoever asks again; ``notify`` names a channel to wake at
    commit, sent in the same round trip as the lock (a NOTIFY is delivered only at commit, so
    it may be queued before the rows it announces).
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    transaction = session.get_transaction()
    held = transaction is not None and session.info.get(_WRITE_ORDER_HELD) is transaction
    if held and notify is None:
        return
    lock = "" if held else "pg_advisory_xact_lock(:id)"
    wake = "pg_notify(:channel, '')" if notify is not None else ""
    session.execute(
        text(f"SELECT {', '.join(part for part in (lock, wake) if part)}"),
        {"id": WRITE_ORDER_LOCK, "channel": notify},
    )
    session.info[_WRITE_ORDER_HELD] = session.get_transaction()


_WRITE_ORDER_HELD = "goldenhour_write_order_held"  # the transaction that holds the lock
