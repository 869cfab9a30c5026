"""The server under load, over real HTTP (a uvicorn server) on SQLite and PostgreSQL: many
simultaneous reads are answered or turned away with 503 + Retry-After (never a 500), a password
being checked holds no database lock, and a call stored is answered as stored even when the
write lock is taken the moment it commits."""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from argon2 import PasswordHasher
from dispatch_world import demo_region
from live_server import LiveServer
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.db.tables import IncidentRow, User
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.api.app import create_app
from goldenhour.config import Settings
from goldenhour.services.accounts import users as accounts
from goldenhour.services.unit_of_work import UnitOfWork

PASSWORD = "correct-horse-battery"
READS = 50


def bootstrap(settings: Settings) -> None:
    """One agency, a supervisor ``sup`` and a dispatcher ``ann``."""
    engine = make_engine(settings.effective_database_url)
    sessions = session_factory(engine)
    with UnitOfWork(sessions, InProcessBus()) as uow:
        agency = accounts.create_agency(uow, "alpha", "Alpha EMS", "WA")
    for name, role in (("sup", "supervisor"), ("ann", "dispatcher")):
        with UnitOfWork(sessions, InProcessBus()) as uow:
            accounts.create_user(uow, None, agency.id, name, name, PASSWORD, [role])
    engine.dispose()


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    bootstrap(settings)
    live = LiveServer(create_app(settings))
    live.start()
    try:
        yield live.url
    finally:
        live.stop()


def sign_in(base: str, username: str = "sup") -> dict[str, str]:
    with httpx.Client(base_url=base) as client:
        answer = client.post(
            "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
        )
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_fifty_simultaneous_reads_are_answered_or_turned_away_with_retry_after(
    server: str,
) -> None:
    headers = sign_in(server)
    barrier = threading.Barrier(READS)
    answers: list[httpx.Response] = []

    def read() -> None:
        with httpx.Client(base_url=server, timeout=60) as client:
            barrier.wait()
            answers.append(client.get("/api/v1/incidents", params={"limit": 1}, headers=headers))

    readers = [threading.Thread(target=read) for _ in range(READS)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    statuses = collections.Counter(a.status_code for a in answers)
    assert sum(statuses.values()) == READS
    assert set(statuses) <= {200, 503}, statuses
    assert statuses[200] > 0, statuses
    for turned_away in (a for a in answers if a.status_code == 503):
        assert int(turned_away.headers["retry-after"]) >= 1
        assert "nothing was done" in turned_away.json()["detail"]


def test_writes_go_on_while_a_wrong_password_is_being_checked(
    server: str, settings: Settings
) -> None:
    """The sign-in reads the account, then checks the password with no transaction open: here
    ann's stored hash is made deliberately slow (argon2 parameters live in the hash), and other
    writes must keep completing while that check runs."""
    engine = make_engine(settings.effective_database_url)
    sessions = session_factory(engine)
    slow = PasswordHasher(time_cost=8, memory_cost=65536, parallelism=1).hash(PASSWORD)
    with Session(engine) as session, session.begin():
        session.execute(update(User).where(User.username == "ann").values(password_hash=slow))
    finished: list[float] = []

    def wrong_password() -> None:
        with httpx.Client(base_url=server, timeout=60) as client:
            body = {"username": "ann", "password": "not-her-password"}
            assert client.post("/api/v1/auth/login", json=body).status_code == 401
        finished.append(time.monotonic())

    guesser = threading.Thread(target=wrong_password)
    guesser.start()
    written_during = 0
    n = 0
    while guesser.is_alive():
        n += 1
        with UnitOfWork(sessions, InProcessBus()) as uow:
            accounts.create_agency(uow, f"bravo-{n}", f"Bravo {n} EMS", "WA")
        if guesser.is_alive():
            written_during += 1
    guesser.join()
    engine.dispose()
    # Holding the write lock through the hash would have let at most the first write in.
    assert written_during >= 3, f"only {written_during} writes completed during the check"


def test_a_stored_call_is_answered_201_though_the_write_lock_is_taken_as_it_commits(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """The call's answer is read back after its commit; another writer grabs SQLite's write
    lock at that very moment and keeps it until the answer has arrived. The read-back must not
    wait for it (it used to, and answered 503 "nothing was saved" for a stored call)."""
    database = tmp_path / "goldenhour.sqlite3"
    database.write_bytes(sqlite_template.read_bytes())
    settings = Settings(data_dir=tmp_path / "var", database_url=f"sqlite:///{database}")
    region = demo_region(settings)
    bootstrap(settings)
    blocker = make_engine(settings.effective_database_url).raw_connection()
    armed = threading.Event()

    def take_the_write_lock(_session: Session) -> None:
        if armed.is_set():
            armed.clear()
            blocker.cursor().execute("BEGIN IMMEDIATE")

    live = LiveServer(create_app(settings))
    live.start()
    event.listen(Session, "after_commit", take_the_write_lock)
    try:
        headers = sign_in(live.url, "ann")
        place = region.place("Old Town")
        body = {"location": {"lon": place.lon, "lat": place.lat}, "dispatch_reason": "2301019"}
        armed.set()
        with httpx.Client(base_url=live.url, timeout=60) as client:
            answer = client.post("/api/v1/incidents", json=body, headers=headers)
        assert not armed.is_set(), "the commit never happened"
        blocker.cursor().execute("ROLLBACK")
        assert answer.status_code == 201, answer.text
        stored_id = answer.json()["id"]
    finally:
        event.remove(Session, "after_commit", take_the_write_lock)
        blocker.close()
        live.stop()
    engine = make_engine(settings.effective_database_url)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(IncidentRow)) == 1
        assert session.scalar(select(IncidentRow.id)) == stored_id
    engine.dispose()
