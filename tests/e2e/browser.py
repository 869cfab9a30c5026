"""The live site the browser tests open (a migrated SQLite copy, the demo region, one agency
and its users, served by a real uvicorn), signing in, and screenshots."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx
from dispatch_world import World, demo_region
from live_server import LiveServer
from playwright.sync_api import Page

from goldenhour.api.app import create_app
from goldenhour.config import Settings
from goldenhour.services.accounts import users as accounts

PASSWORD = "long-password-1"  # every browser-test user's
ARTIFACTS = Path(os.environ.get("GOLDENHOUR_TEST_ARTIFACTS", "test-artifacts"))
DOCS = Path(__file__).resolve().parents[2] / "docs"


@contextmanager
def live_site(
    data_dir: Path,
    sqlite_template: Path,
    users: Mapping[str, Sequence[str]],
    acting_as: str,
) -> Iterator[tuple[LiveServer, World, Settings]]:
    """The site with agency "metro", ``users`` (username → roles, all with PASSWORD), and a
    World that calls the API as ``acting_as``."""
    database = data_dir / "goldenhour.sqlite3"
    shutil.copy(sqlite_template, database)
    settings = Settings(data_dir=data_dir, database_url=f"sqlite:///{database}")
    region = demo_region(settings)
    app = create_app(settings)
    runtime = app.state.runtime
    with runtime.unit_of_work() as uow:
        agency_id = accounts.create_agency(uow, "metro", "Metro EMS", "WA").id
    for username, roles in users.items():
        with runtime.unit_of_work() as uow:
            accounts.create_user(uow, None, agency_id, username, username, PASSWORD, list(roles))
    server = LiveServer(app)
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            token = client.post(
                "/api/v1/auth/login", json={"username": acting_as, "password": PASSWORD}
            ).json()["access_token"]
            yield server, World(client, {"Authorization": f"Bearer {token}"}, region), settings
    finally:
        server.stop()


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def save_screenshot(page: Page, name: str) -> None:
    """Keep what the page looked like (CI artifact); GOLDENHOUR_UPDATE_DOCS=1 refreshes the
    README's screenshot under docs/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    if os.environ.get("GOLDENHOUR_UPDATE_DOCS") == "1":
        page.screenshot(path=str(DOCS / f"{name}-screenshot.png"))
