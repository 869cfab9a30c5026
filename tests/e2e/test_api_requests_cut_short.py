"""Requests cut short, over real HTTP (a uvicorn server) on SQLite and PostgreSQL: a browser
aborting its requests mid-flight, and the server stopping while requests are still at work.
Neither leaves an error in the log, a connection or lock held, or a call half stored; a call
that was stored stays stored, and sending it again (same Idempotency-Key) finds it."""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from typing import Any

import httpx2 as httpx
import pytest
from dispatch_world import demo_region
from live_server import LiveServer
from sqlalchemy import Engine, event, func, make_url, select, text
from sqlalchemy.orm import Session
from test_server_under_load import bootstrap, sign_in

from goldenhour.adapters.db.engine import make_engine
from goldenhour.adapters.db.tables import AuditEntry, IncidentRow
from goldenhour.adapters.routing.region import Place
from goldenhour.api.app import create_app
from goldenhour.config import Settings

CALLS = 12


class Errors(logging.Handler):
    """Every error the server logs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.getMessage().startswith("Cancel "):  # uvicorn saying it stops requests
            self.lines.append(self.format(record))  # (twice when it propagates: still an error)


@pytest.fixture
def errors() -> Iterator[Errors]:
    handler = Errors()
    # uvicorn's loggers too: a server started with uvicorn's own logging config (as other
    # tests' are) stops them propagating to the root
    loggers = [logging.getLogger(), logging.getLogger("uvicorn.error")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler
    for logger in loggers:
        logger.removeHandler(handler)


def _call(place: Place, i: int) -> tuple[dict[str, Any], dict[str, str]]:
    body = {
        "location": {"lon": place.lon, "lat": place.lat},
        "dispatch_reason": "2301019",
        "complaint": f"call {i}",
    }
    return body, {"Idempotency-Key": f"cut-short-{i:03d}"}


def _server(settings: Settings) -> LiveServer:
    """Logging as ``goldenhour serve`` sets it up: uvicorn's errors reach the root logger."""
    return LiveServer(create_app(settings), log_config=None)


def _sent_again_each_once(settings: Settings, place: Place, headers: dict[str, str]) -> None:
    """Every call sent again to a fresh server is answered 201, each with its own incident,
    and every stored incident has its audit entry (nothing half written)."""
    live = _server(settings)
    live.start()
    try:
        with httpx.Client(base_url=live.url, timeout=60) as client:
            ids = set()
            for i in range(CALLS):
                body, key = _call(place, i)
                answer = client.post("/api/v1/incidents", json=body, headers={**headers, **key})
                assert answer.status_code == 201, answer.text
                ids.add(answer.json()["id"])
    finally:
        live.stop()
    engine = make_engine(settings.effective_database_url)
    with Session(engine) as session:
        stored = set(session.scalars(select(IncidentRow.id)))
        audited = session.scalar(
            select(func.count(func.distinct(AuditEntry.entity_id))).where(
                AuditEntry.entity_type == "incident", AuditEntry.action == "create"
            )
        )
    engine.dispose()
    assert len(ids) == CALLS and stored == ids and audited == CALLS


def _nothing_held(settings: Settings) -> None:
    """No connection of the stopped server is still open, and no lock is held."""
    url = make_url(settings.effective_database_url)
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(str(url.database), timeout=0, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")  # fails at once if a writer holds the lock
        connection.execute("ROLLBACK")
        connection.close()
        return
    engine = make_engine(settings.effective_database_url)
    with engine.connect() as connection:
        others = connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    engine.dispose()
    assert others == 0


def test_requests_aborted_mid_flight_leave_no_error_no_connection_and_no_half_call(
    settings: Settings, errors: Errors
) -> None:
    place = demo_region(settings).place("Old Town")
    bootstrap(settings)
    live = _server(settings)
    live.start()
    headers = sign_in(live.url, "ann")
    rng = random.Random(12)

    async def abort_all() -> None:
        async with httpx.AsyncClient(base_url=live.url, timeout=30) as client:

            async def one(i: int) -> None:
                body, key = _call(place, i % CALLS)
                sending = [
                    asyncio.ensure_future(
                        client.post("/api/v1/incidents", json=body, headers={**headers, **key})
                    ),
                    asyncio.ensure_future(
                        client.get("/api/v1/incidents", params={"limit": 5}, headers=headers)
                    ),
                ]
                await asyncio.sleep(rng.uniform(0, 0.02))  # the reload, somewhere mid-flight
                for request in sending:
                    request.cancel()
                await asyncio.gather(*sending, return_exceptions=True)

            await asyncio.gather(*(one(i) for i in range(4 * CALLS)))

    try:
        asyncio.run(abort_all())
        with httpx.Client(base_url=live.url, timeout=30) as client:  # the server carries on
            assert client.get("/api/v1/incidents", headers=headers).status_code == 200
    finally:
        live.stop()
    assert errors.lines == []
    _nothing_held(settings)
    _sent_again_each_once(settings, place, headers)


def test_a_server_stopping_mid_request_finishes_the_work_it_began(
    settings: Settings, errors: Errors
) -> None:
    """Each call's first connection is held back until the server has given up waiting and
    cancelled the requests (its graceful timeout): their work is then still in a thread, and
    finishes. One more call, still waiting for a write slot, is turned away with 503."""
    place = demo_region(settings).place("Old Town")
    bootstrap(settings)
    live = _server(settings)
    engine: Engine = live.app.state.engine
    live.start()
    headers = sign_in(live.url, "ann")
    cancelled = threading.Event()
    waiting = threading.Semaphore(0)

    def hold_back(*_args: object) -> None:
        if not cancelled.is_set():
            waiting.release()
            cancelled.wait(10)

    class Cancelling(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("Cancel "):
                cancelled.set()

    watcher = Cancelling()
    logging.getLogger("uvicorn.error").addHandler(watcher)
    event.listen(engine, "checkout", hold_back)
    answers: list[httpx.Response] = []

    def send(i: int) -> None:
        body, key = _call(place, i)
        # a connection the stopping server closed before answering is no answer to check
        with httpx.Client(base_url=live.url, timeout=30) as client, suppress(httpx.TransportError):
            answers.append(client.post("/api/v1/incidents", json=body, headers={**headers, **key}))

    writers = live.app.state.runtime.writers
    senders = [threading.Thread(target=send, args=(i,)) for i in range(writers.capacity + 1)]
    try:
        for sender in senders:
            sender.start()
        for _ in range(writers.capacity):
            assert waiting.acquire(timeout=10), "no request reached the database"
        deadline = time.monotonic() + 10
        while writers.waiting < 1:  # the last one waits its turn: it has done nothing yet
            assert time.monotonic() < deadline, "no request waited for a slot"
            time.sleep(0.01)
        live.stop()
        assert cancelled.is_set(), "the server never cancelled the requests"
        for sender in senders:
            sender.join(30)
    finally:
        cancelled.set()
        event.remove(engine, "checkout", hold_back)
        logging.getLogger("uvicorn.error").removeHandler(watcher)
        live.stop()
    assert errors.lines == []
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] * writers.capacity + [503], [a.text for a in answers]
    turned_away = next(answer for answer in answers if answer.status_code == 503)
    assert turned_away.headers["Retry-After"] == "1" and "nothing was done" in turned_away.text
    _nothing_held(settings)
    _sent_again_each_once(settings, place, headers)
