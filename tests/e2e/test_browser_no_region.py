"""A new agency whose county has no road network yet: the board says so and what to do, in
place of a blank map, and still takes calls."""

from __future__ import annotations

import shutil
from pathlib import Path

from browser import PASSWORD, save_screenshot, sign_in
from live_server import LiveServer
from playwright.sync_api import Browser, expect

from goldenhour.api.app import create_app
from goldenhour.config import Settings
from goldenhour.services.accounts import users as accounts


def test_a_board_without_a_road_network_says_what_to_do(
    browser: Browser, tmp_path: Path, sqlite_template: Path
) -> None:
    database = tmp_path / "goldenhour.sqlite3"
    shutil.copy(sqlite_template, database)
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{database}", region="metro")
    app = create_app(settings)
    with app.state.runtime.unit_of_work() as uow:
        agency_id = accounts.create_agency(uow, "metro", "Metro EMS", "WA").id
    with app.state.runtime.unit_of_work() as uow:
        accounts.create_user(uow, None, agency_id, "disp", "disp", PASSWORD, ["dispatcher"])
    server = LiveServer(app)
    server.start()
    try:
        page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        sign_in(page, f"{server.url}/board", "disp")
        notice = page.get_by_role("alert").filter(has_text="No road map")
        expect(notice).to_be_visible(timeout=30_000)
        expect(notice).to_be_in_viewport()
        expect(notice).to_contain_text("no road network named 'metro'")
        expect(notice).to_contain_text("goldenhour network import")
        save_screenshot(page, "board-no-region")
    finally:
        server.stop()
