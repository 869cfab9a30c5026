"""Event fan-out across API workers through PostgreSQL LISTEN/NOTIFY.

Every committing unit of work sends ``NOTIFY goldenhour_events``. Each worker keeps one
listening connection in a background thread; on a notification (or every few seconds, in case
one was missed while reconnecting) it reads the rows of ``events`` above the last id it has
delivered, in id order, and hands them to its in-process bus. Event ids follow commit order
(see ``WRITE_ORDER_LOCK``), so reading "above the last id" never skips a row. Local publishes
are ignored: the listener is the single, ordered source of live events in this mode.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

import psycopg
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from goldenhour.adapters.db.tables import StoredEvent
from goldenhour.adapters.events import EVENTS_CHANNEL
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.domain.shared.events import PublishedEvent

log = logging.getLogger(__name__)
SAFETY_POLL_SECONDS = 1.0
BATCH = 1000


class PostgresFanout:
    def __init__(
        self, engine: Engine, sessions: sessionmaker[Session], local: InProcessBus
    ) -> None:
        self._dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._sessions = sessions
        self._local = local
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_id: int | None = None  # read once connected: start from "now"

    def publish(self, events: Sequence[PublishedEvent]) -> None:
        """Nothing to do: the NOTIFY went out with the commit and the listener delivers."""

    def start(self) -> None:
        """Start listening; a database that is down now is retried in the background."""
        self._thread = threading.Thread(target=self._run, name="event-fanout", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=SAFETY_POLL_SECONDS + 2)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._dsn, autocommit=True) as connection:
                    connection.execute(f"LISTEN {EVENTS_CHANNEL}")
                    if self._last_id is None:
                        with self._sessions() as session:
                            self._last_id = session.scalar(select(func.max(StoredEvent.id))) or 0
                    self._catch_up()
                    while not self._stop.is_set():
                        for _ in connection.notifies(timeout=SAFETY_POLL_SECONDS, stop_after=1):
                            pass
                        self._catch_up()
            except (psycopg.Error, SQLAlchemyError, OSError) as exc:
                log.warning("event fan-out lost its database connection (%s); retrying", exc)
                self._stop.wait(1.0)

    def _catch_up(self) -> None:
        assert self._last_id is not None
        while True:
            with self._sessions() as session:
                rows = session.scalars(
                    select(StoredEvent)
                    .where(StoredEvent.id > self._last_id)
                    .order_by(StoredEvent.id)
                    .limit(BATCH)
                ).all()
                events = [PublishedEvent(r.id, r.agency_id, r.name, r.payload, r.at) for r in rows]
            if not events:
                return
            self._local.deliver(events)
            self._last_id = events[-1].id
