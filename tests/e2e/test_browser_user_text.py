"""Text people type (facility names, unit call signs, diversion reasons) is shown on the board as
text, never run as HTML: a stored name with markup in it must not execute on any dispatcher's
screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from browser import save_screenshot, sign_in
from dispatch_world import World
from live_server import LiveServer
from playwright.sync_api import Browser, expect
from test_browser_dispatch import MAP, open_board, site  # noqa: F401 (fixtures)

from goldenhour.config import Settings


def test_a_facility_named_with_markup_shows_as_text_and_runs_nothing(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,
) -> None:
    server, world, _ = site
    name = "<img src=x onerror=alert(1)>"
    lon, lat = world.place("Central Square")
    added = world.post("/facilities", {"name": name, "location": {"lon": lon, "lat": lat}})
    assert added.status_code == 201, added.text
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, f"{server.url}/board", "disp")
    the_map = page.get_by_role("region", name=MAP)
    marker = the_map.locator(".leaflet-marker-pane .badge-facility")
    expect(marker).to_have_count(1, timeout=15_000)
    assert marker.get_attribute("title") == name
    marker.hover()
    expect(the_map.locator(".leaflet-tooltip")).to_have_text(name)
    # Its diversion reaches every board as an alert, in words.
    facility = added.json()["id"]
    expect(page.get_by_role("status", name="Event stream")).to_have_text("live", timeout=15_000)
    until = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    diverted = world.client.put(
        f"/api/v1/facilities/{facility}/status/emergency",
        json={"state": "diversion", "reason": "<b>full</b>", "until": until},
        headers=world.headers,
    )
    assert diverted.status_code == 200, diverted.text
    expect(page.get_by_role("region", name="Alerts")).to_contain_text(
        f"{name} on diversion for emergency: <b>full</b>", timeout=10_000
    )
    page.wait_for_timeout(300)  # an injected image's error handler would have run by now
    assert page.locator("img[src=x]").count() == 0 and dialogs == []
    save_screenshot(page, "board-markup-as-text")


def test_a_call_sign_with_markup_shows_as_text_on_its_unit_badge(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,
) -> None:
    server, world, _ = site
    world.unit("<B>M9</B>", "ALS", at=world.place("Union Station"))
    page = open_board(browser, server)
    badge = page.get_by_role("region", name=MAP).locator(".leaflet-marker-pane .badge-unit")
    expect(badge).to_have_text("<B>M9</B> ALS", timeout=15_000)
    assert badge.get_attribute("title") == "<B>M9</B> ALS · available"
    expect(page.get_by_role("button", name="Show unit <B>M9</B>")).to_be_visible()
    assert page.locator("b", has_text="M9").count() == 0
