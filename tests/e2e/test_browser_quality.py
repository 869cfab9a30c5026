"""The quality page in Chromium, on the San Francisco history imported as an agency would."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import PASSWORD, save_screenshot, sign_in
from live_server import LiveServer
from playwright.sync_api import Browser, expect

from conftest import require_refdata
from goldenhour.adapters.importers.history import read_history
from goldenhour.api.app import create_app
from goldenhour.config import Settings
from goldenhour.services.accounts import users as accounts
from goldenhour.services.quality.history_import import import_history

SF_EXPORT = (
    "incidents",
    "sf_fire_calls_for_service",
    "sf_fire_calls_for_service_2016-12-31_to_2017-01-07.csv",
)
VIEWPORTS = {"board": (1366, 768), "tablet": (800, 1280), "phone": (390, 844)}


@pytest.fixture
def sf_site(tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    export = require_refdata(*SF_EXPORT)
    database = tmp_path / "goldenhour.sqlite3"
    shutil.copy(sqlite_template, database)
    app = create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{database}"))
    runtime = app.state.runtime
    fmt, rows = read_history(export)
    with runtime.unit_of_work() as uow:
        agency_id = accounts.create_agency(uow, "sf", "San Francisco Fire", "CA").id
        accounts.create_user(uow, None, agency_id, "chief", "EMS Chief", PASSWORD, ["supervisor"])
    with runtime.unit_of_work() as uow:
        import_history(uow, None, agency_id, fmt, rows)
    server = LiveServer(app)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.mark.refdata
def test_a_supervisor_reads_a_week_of_san_francisco_response_times_on_every_screen(
    sf_site: str,
    browser: Browser,
) -> None:
    query = "start=2016-12-31&end=2017-01-07&timezone=America/Los_Angeles"
    for name, (width, height) in VIEWPORTS.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        sign_in(page, f"{sf_site}/quality?{query}&by=zone", "chief")
        intervals = page.get_by_role("table", name="Intervals")
        expect(intervals.locator("tbody tr")).to_have_count(4, timeout=30_000)
        travel = intervals.locator("tbody tr", has_text="Travel")
        expect(travel).to_contain_text("3388")  # first units on scene with a travel time
        expect(travel).to_contain_text("12:25")  # the nearest-rank 90th fractile
        expect(travel).to_contain_text("4:00")  # NFPA 1710's 240 s
        charts = page.get_by_role("region", name="Charts").get_by_role("img")
        expect(charts.locator("svg")).to_have_count(3)
        cascade = page.get_by_role("img", name="Cascade of intervals at their fractiles")
        expect(cascade).to_contain_text("Travel")
        zones = page.get_by_role("table", name="By zone").locator("tbody tr")
        expect(zones).to_have_count(11)  # battalions B01-B10 and B99
        save_screenshot(page, f"quality-{name}")
        context.close()
