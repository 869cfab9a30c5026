"""Shared fixtures: reference data, both databases, the app and signed-in users.

Outside CI a missing PostgreSQL or missing reference data is a visible skip; with ``CI=true``
it is a failure, so CI can never go green without testing against the real thing.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser
from sqlalchemy.orm import Session, sessionmaker

from chromium import chromium, chromium_path
from goldenhour.adapters.db import migrate
from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.api.app import create_app
from goldenhour.config import Settings, refdata_dir
from goldenhour.domain.shared.errors import NotFound
from goldenhour.services.accounts import users as accounts
from goldenhour.services.unit_of_work import UnitOfWork
from throwaway_postgres import ThrowawayPostgres, find_bin_dir

IN_CI = os.environ.get("CI") == "true"
PASSWORD = "correct-horse-battery"


def missing(message: str) -> None:
    """Skip locally, fail in CI: a needed service or file is absent."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def require_refdata(*parts: str) -> Path:
    """Path to a file under the reference data; skip (or fail with CI=true) when it is missing."""
    path = refdata_dir().joinpath(*parts)
    if not path.exists():
        missing(f"reference data missing: {path} (set GOLDENHOUR_REFDATA)")
    return path


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres | None]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        yield None
        return
    server = ThrowawayPostgres(bin_dir)
    server.start()
    template = make_engine(server.create_database("goldenhour_template"))
    migrate.upgrade(template)
    template.dispose()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for a test module (each page gets a fresh context)."""
    if chromium_path() is None:
        missing("Debian's chromium is not installed (apt-get install chromium)")
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


_counter = itertools.count()


def fresh_postgres_database(request: pytest.FixtureRequest) -> str:
    server: ThrowawayPostgres | None = request.getfixturevalue("postgres")
    if server is None:
        missing("PostgreSQL server binaries (initdb, pg_ctl) not found; install 'postgresql'")
        raise AssertionError("unreachable")
    name = f"goldenhour_test_{os.getpid()}_{next(_counter)}"
    return server.create_database(name, template="goldenhour_template")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
) -> str:
    """A freshly migrated, empty database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "goldenhour.sqlite3"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    return fresh_postgres_database(request)


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> str:
    """A freshly migrated, empty PostgreSQL database, for PostgreSQL-only deployments."""
    return fresh_postgres_database(request)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """No pause before a refused sign-in's answer (tests guess dozens of passwords; the pause
    itself is tested in ``test_api_sign_in_pause.py``)."""
    return Settings(
        data_dir=tmp_path / "var",
        database_url=database_url,
        token_ttl_seconds=3600,
        failed_sign_in_pause_ms=0,
    )


@pytest.fixture
def sessions(settings: Settings) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(settings.effective_database_url)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def uow_factory(sessions: sessionmaker[Session]) -> Callable[[], UnitOfWork]:
    bus = InProcessBus()
    return lambda: UnitOfWork(sessions, bus)


@pytest.fixture
def app_client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def make_user(
    app_client: TestClient,
) -> Callable[..., dict[str, str]]:
    """Create (agency if needed and) a user through the service layer; return auth headers."""
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]

    def make(username: str, *roles: str, agency: str = "alpha") -> dict[str, str]:
        with runtime.unit_of_work() as uow:
            try:
                agency_row = accounts.agency_by_slug(uow, agency)
            except NotFound:
                agency_row = accounts.create_agency(uow, agency, f"{agency} EMS", "WA")
            agency_id = agency_row.id
        with runtime.unit_of_work() as uow:
            accounts.create_user(uow, None, agency_id, username, username, PASSWORD, list(roles))
        return login(app_client, username)

    return make


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
