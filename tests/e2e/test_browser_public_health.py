"""Public health in a real Chromium: a burst of simulated overdose calls in one area becomes a
signal on the officer's page; the officer drafts and approves an advisory; the public page and
the Atom feed show it to anyone; a crew screen (and the board) show the crew advisory live,
and the crew acknowledges it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from browser import live_site, save_screenshot, sign_in
from dispatch_world import World
from live_server import LiveServer
from playwright.sync_api import Browser, expect

from goldenhour.adapters.cap.xml import read_alert, validate
from goldenhour.adapters.nemsis.xml_safety import parse_xml

OVERDOSE = "2301053"  # eDispatch.01 Overdose/Poisoning/Ingestion
CREW_TEXT = "Suspected fentanyl batch near Market Street: carry extra naloxone, PPE."


@pytest.fixture
def site(tmp_path: Path, sqlite_template: Path) -> Iterator[tuple[LiveServer, World]]:
    users = {
        "disp": ["dispatcher", "supervisor"],
        "medic": ["crew"],
        "phil": ["public_health_officer"],
    }
    with live_site(tmp_path, sqlite_template, users, acting_as="disp") as (server, world, _):
        yield server, world


def test_overdose_burst_to_signal_advisory_public_page_feed_and_crew_screen(
    site: tuple[LiveServer, World], browser: Browser
) -> None:
    server, world = site
    world.unit("M1", "ALS", at=world.place("Union Station"))

    crew = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    sign_in(crew, f"{server.url}/crew", "medic")
    crew.select_option("#unit", label="M1")
    expect(crew.locator("#live")).to_have_text("live", timeout=15_000)
    board = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    sign_in(board, f"{server.url}/board", "disp")
    expect(board.get_by_role("status", name="Event stream")).to_have_text("live", timeout=15_000)

    # A burst of overdose calls in one area, as dispatch takes them.
    for _ in range(4):
        world.call(OVERDOSE, world.place("Market Street"))

    officer = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    sign_in(officer, f"{server.url}/publichealth", "phil")
    officer.get_by_role("button", name="Run detectors now").click()
    signals = officer.locator("ul.signals button", has_text="4 poisonings or ingestions")
    signal = signals.filter(has_text="24-hour threshold")
    expect(signal).to_have_count(1, timeout=30_000)
    signal.click()
    panel = officer.get_by_role("region", name="Signal", exact=True)
    expect(panel).to_contain_text("Recommendation")
    # Each signal draws its grid cell and its covering circle on the map.
    expect(officer.locator(".leaflet-overlay-pane svg path")).to_have_count(4)
    panel.get_by_role("button", name="Show the cases (recorded in the audit log)").click()
    expect(panel.get_by_role("table", name="Cases").locator("tbody tr")).to_have_count(4)
    save_screenshot(officer, "publichealth-signal")

    draft = panel.get_by_role("form", name="Draft an advisory")
    draft.get_by_label("Area (as the public reads it)").fill("Market Street area")
    draft.get_by_label("Headline").fill("Suspected overdoses near Market Street")
    draft.get_by_label("Crew instruction").fill(CREW_TEXT)
    draft.get_by_role("button", name="Save draft").click()
    approve = officer.get_by_role("button", name="Approve and publish")
    expect(approve).to_be_visible(timeout=10_000)
    approve.click()
    expect(officer.get_by_role("link", name="public page")).to_be_visible(timeout=10_000)
    for width, height, name in ((800, 1280, "tablet"), (390, 844, "phone")):
        officer.set_viewport_size({"width": width, "height": height})
        expect(officer.get_by_role("region", name="Signals")).to_be_visible()
        save_screenshot(officer, f"publichealth-{name}")

    # The crew screen and the board show the crew advisory live, without a reload.
    banner = crew.locator("#crew-advisories")
    expect(banner).to_contain_text(CREW_TEXT, timeout=15_000)
    save_screenshot(crew, "crew-advisory")
    on_board = board.get_by_role("region", name="Crew advisories")
    expect(on_board).to_contain_text("Not acknowledged yet", timeout=15_000)
    banner.get_by_role("button", name="Acknowledge").click()
    expect(banner).to_be_hidden(timeout=10_000)
    expect(on_board).to_contain_text("Acknowledged by M1", timeout=15_000)
    save_screenshot(board, "board-crew-advisory")

    # Anyone reads the public page and the feed, without signing in.
    public = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    public.goto(f"{server.url}/public/metro/advisories")
    expect(public.locator("article")).to_contain_text("Suspected overdoses near Market Street")
    expect(public.locator("article")).to_contain_text("1-800-222-1222")
    save_screenshot(public, "public-advisory")
    feed = httpx.get(f"{server.url}/public/metro/advisories.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    entries = list(parse_xml(feed.content).getroot().iter(atom + "entry"))
    assert len(entries) == 1
    cap = httpx.get(entries[0].findtext(atom + "id") or "")
    assert validate(cap.content) == []
    assert read_alert(cap.content).infos[0].headline == "Suspected overdoses near Market Street"
    for page in (crew, board, officer, public):
        page.context.close()
