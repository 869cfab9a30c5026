"""Signing in on a phone when the password is wrong: the server answers a refused sign-in only
after a pause, so the form says it is working and takes no second press meanwhile, then shows
why, and the right password still gets in. The board (shared front end) and the crew page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import PASSWORD, live_site, save_screenshot
from dispatch_world import World
from live_server import LiveServer
from playwright.sync_api import Browser, expect

from goldenhour.config import Settings

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[tuple[LiveServer, World, Settings]]:
    users = {"disp": ["dispatcher"], "medic": ["crew"]}
    folder = tmp_path_factory.mktemp("sign-in")
    with live_site(folder, sqlite_template, users, acting_as="disp") as running:
        yield running


@pytest.mark.parametrize(("path", "username"), [("/board", "disp"), ("/crew", "medic")])
def test_a_wrong_password_shows_the_form_working_then_why_and_the_right_one_gets_in(
    site: tuple[LiveServer, World, Settings], browser: Browser, path: str, username: str
) -> None:
    server, _, settings = site
    assert settings.failed_sign_in_pause_ms >= 500  # the shipped pause, not a test's zero
    page = browser.new_context(viewport=PHONE).new_page()  # type: ignore[arg-type]
    page.goto(f"{server.url}{path}")
    form = page.get_by_role("form", name="Sign in")
    form.get_by_label("Username").fill(username)
    form.get_by_label("Password").fill("not-the-password")
    form.get_by_role("button", name="Sign in").click()
    working = form.get_by_role("button", name="Signing in…")
    expect(working).to_be_disabled()
    expect(form.get_by_role("alert")).to_have_text("wrong username or password", timeout=10_000)
    expect(form.get_by_role("button", name="Sign in")).to_be_enabled()
    save_screenshot(page, f"sign-in-wrong-password{path.replace('/', '-')}-phone")
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Sign in").click()
    expect(form).to_have_count(0, timeout=15_000)
