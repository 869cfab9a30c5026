"""The planning page in a real Chromium: a supervisor compares Auckland's base plan with two
more ambulances, simulated on the same calls, and sees both side by side with charts."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import PASSWORD, save_screenshot, sign_in
from live_server import LiveServer
from playwright.sync_api import Browser, expect

from conftest import require_refdata
from goldenhour.api.app import create_app
from goldenhour.config import Settings
from goldenhour.services.accounts import users as accounts


@pytest.fixture
def server(tmp_path: Path, sqlite_template: Path) -> Iterator[LiveServer]:
    require_refdata("planning", "jemss_cities", "auckland", "models", "1")
    database = tmp_path / "goldenhour.sqlite3"
    shutil.copy(sqlite_template, database)
    app = create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{database}"))
    runtime = app.state.runtime
    with runtime.unit_of_work() as uow:
        agency_id = accounts.create_agency(uow, "metro", "Metro EMS", "WA").id
    with runtime.unit_of_work() as uow:
        accounts.create_user(uow, None, agency_id, "sup", "Sam Sup", PASSWORD, ["supervisor"])
    live = LiveServer(app)
    live.start()
    try:
        yield live
    finally:
        live.stop()


def test_supervisor_sees_base_and_scenario_side_by_side_with_charts(
    server: LiveServer, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, f"{server.url}/planning", "sup")
    form = page.get_by_role("form", name="Scenario")
    form.get_by_label("City").select_option("auckland")
    form.get_by_label("Scenario").fill("two more: add A17@S1; add A18@S5")
    form.get_by_label("Days per replication").fill("3")
    form.get_by_label("Replications").fill("4")
    form.get_by_role("button", name="Simulate both plans").click()
    table = page.get_by_role("table", name="Response by priority")
    expect(table).to_be_visible(timeout=120_000)
    expect(page.get_by_role("heading", name="auckland: base versus two more")).to_be_visible()
    rows = table.locator("tbody tr")
    assert rows.count() >= 3
    first = rows.first.locator("td")
    assert first.nth(0).inner_text() == "P1"
    assert "±" in first.nth(1).inner_text()  # a fractile with its interval
    save_screenshot(page, "planning")
    for name in ("90th percentile response by priority", "Compliance by priority"):
        bars = page.get_by_role("img", name=name).locator("svg g.mark-rect path")
        expect(bars.first).to_be_attached()
        assert bars.count() >= 6  # base and scenario for at least three priorities
    # The crew tablet and the phone: the same results laid out again, nothing wider than the
    # screen (the table scrolls inside its own box), the charts still drawn.
    for name, (width, height) in {"tablet": (800, 1280), "phone": (390, 844)}.items():
        page.set_viewport_size({"width": width, "height": height})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: the page is {overflow} px wider than the screen"
        expect(
            page.get_by_role("img", name="Compliance by priority").locator("svg")
        ).to_be_visible()
        save_screenshot(page, f"planning-{name}")
    page.close()
