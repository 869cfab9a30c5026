"""Text people type (facility names, unit call signs, diversion reasons) is shown on the board as
text, never run as HTML: a stored name with markup in it must not execute on any dispatcher's
screen."""

from __future__ import annotations

from dispatch_world import World
from live_server import LiveServer
from playwright.sync_api import Browser, expect
from test_browser_dispatch import (  # noqa: F401 (fixtures)
    MAP,
    browser,
    save_screenshot,
    sign_in,
    site,
)

from goldenhour.config import Settings

MARKUP = '<img src=x onerror="window.__xss=(window.__xss||0)+1">'


def test_a_facility_name_with_markup_shows_as_text_in_its_map_tooltip(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,  # noqa: F811
) -> None:
    server, world, _ = site
    lon, lat = world.place("Central Square")
    name = f"Mercy {MARKUP}"
    added = world.post(
        "/facilities",
        {"name": name, "location": {"lon": lon, "lat": lat}, "capabilities": []},
    )
    assert added.status_code == 201, added.text
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    sign_in(page, f"{server.url}/board", "disp")
    the_map = page.get_by_role("region", name=MAP)
    marker = the_map.locator(".leaflet-marker-pane .badge-facility")
    expect(marker).to_have_count(1, timeout=15_000)
    marker.hover()
    tooltip = the_map.locator(".leaflet-tooltip-pane .leaflet-tooltip")
    expect(tooltip).to_have_count(1, timeout=5_000)
    expect(tooltip).to_have_text(name)
    save_screenshot(page, "board-facility-tooltip")
    assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(300)  # an injected image's error handler would have run by now
    assert page.evaluate("window.__xss") is None


def test_a_call_sign_with_markup_shows_as_text_on_its_unit_badge(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,  # noqa: F811
) -> None:
    server, world, _ = site
    world.unit("<B>M9</B>", "ALS", at=world.place("Union Station"))
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    sign_in(page, f"{server.url}/board", "disp")
    badge = page.get_by_role("region", name=MAP).locator(".leaflet-marker-pane .badge-unit")
    expect(badge).to_have_text("<B>M9</B> ALS", timeout=15_000)
    assert badge.get_attribute("title") == "<B>M9</B> ALS · available"
    expect(page.get_by_role("button", name="Show unit <B>M9</B>")).to_be_visible()
    assert page.locator("b", has_text="M9").count() == 0
