"""Event fan-out across API workers through PostgreSQL LISTEN/NOTIFY.

Every committing unit of work sends ``NOTIFY goldenhour_events``. Each worker keeps one
listening connection in a background thread; on a notification (or every few seconds, in case
one was missed while reconnecting) it reads the rows of ``events`` above the last id it has
delivered, in id order, and hands them to its in-process bus. Event ids follow commit order
(see ``WRITE_ORDER_LOCK``), so reading "above the last id" never skips a row. Local publishes
are ignored: the listener is the single, ordered source of live events in this mode.

The rows are read on the listening connection itself (autocommit: each read sees every
commit before it), one statement per wake-up: every commit with events wakes every worker,
and a pooled session per read (a checkout with its liveness ping, BEGIN, ROLLBACK) cost each
worker more than the read itself. A notification that arrives during a read is kept by
psycopg for the next wait.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import UTC
from typing import Any

import psycopg
from sqlalchemy import Engine

from goldenhour.adapters.events import EVENTS_CHANNEL
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.domain.shared.events import PublishedEvent

log = logging.getLogger(__name__)
SAFETY_POLL_SECONDS = 1.0
BATCH = 1000
# The ``events`` table (``tables.StoredEvent``), read in commit order.
NEWEST_ID = "SELECT coalesce(max(id), 0) FROM events"
NEWER = "SELECT id, agency_id, name, payload, at FROM events WHERE id > %s ORDER BY id LIMIT %s"


class PostgresFanout:
    def __init__(self, engine: Engine, local: InProcessBus) -> None:
        self._dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
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
                        newest = connection.execute(NEWEST_ID).fetchone()
                        self._last_id = int(newest[0]) if newest else 0
                    self._catch_up(connection)
                    while not self._stop.is_set():
                        for _ in connection.notifies(timeout=SAFETY_POLL_SECONDS, stop_after=1):
                            pass
                        self._catch_up(connection)
            except (psycopg.Error, OSError) as exc:
                log.warning("event fan-out lost its database connection (%s); retrying", exc)
                self._stop.wait(1.0)

    def _catch_up(self, connection: psycopg.Connection[tuple[Any, ...]]) -> None:
        """Deliver the rows above the last id delivered, as the event log holds them (times in
        UTC, as ``types.UTCDateTime`` reads them for a replay)."""
        assert self._last_id is not None
        while True:
            rows = connection.execute(NEWER, (self._last_id, BATCH)).fetchall()
            events = [
                PublishedEvent(event_id, agency_id, name, payload, at.astimezone(UTC))
                for event_id, agency_id, name, payload, at in rows
            ]
            if not events:
                return
            self._local.deliver(events)
            self._last_id = events[-1].id
