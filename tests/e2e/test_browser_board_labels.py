"""Units that share a station keep readable labels on the dispatch board's map; a crowd of units
is gathered into a count, and a reported position moves a unit live with one request."""

from __future__ import annotations

from dispatch_world import World
from live_server import LiveServer
from playwright.sync_api import Browser, expect
from test_browser_dispatch import MAP, open_board, site  # noqa: F401 (fixtures)

from goldenhour.config import Settings


def test_units_at_one_station_do_not_hide_each_other(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,
) -> None:
    server, world, _ = site
    station = world.place("Union Station")
    for call_sign, level in (("M1", "ALS"), ("E1", "EMR"), ("B1", "BLS")):
        world.unit(
            call_sign,
            level,
            unit_type="first-response" if level == "EMR" else "transport",
            at=station,
        )
    page = open_board(browser, server)
    badges = page.get_by_role("region", name=MAP).locator(".leaflet-marker-pane .badge-unit")
    expect(badges).to_have_count(3, timeout=15_000)
    boxes = [badges.nth(i).locator("span").bounding_box() for i in range(3)]
    assert all(box is not None for box in boxes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a and b
            apart = a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
            assert apart, f"labels overlap: {a} and {b}"
    assert sorted(badges.all_inner_texts()) == ["B1 BLS", "E1 EMR", "M1 ALS"]
    titles = sorted(badges.nth(i).get_attribute("title") or "" for i in range(3))
    assert titles == ["B1 BLS · available", "E1 EMR · available", "M1 ALS · available"]


def test_a_crowd_of_units_is_one_count_that_opens_when_zoomed_in(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,
) -> None:
    server, world, _ = site
    station = world.place("Union Station")
    for n in range(1, 6):
        world.unit(f"B{n}", "BLS", at=station)
    page = open_board(browser, server)
    the_map = page.get_by_role("region", name=MAP)
    crowd = the_map.locator(".leaflet-marker-pane .badge-cluster")
    expect(crowd).to_have_text("5 units", timeout=15_000)
    assert crowd.get_attribute("title") == "B1, B2, B3, B4, B5"  # in natural order
    expect(the_map.locator(".leaflet-marker-pane .badge-unit")).to_have_count(0)


def test_a_reported_position_moves_the_unit_live_from_the_event_with_no_request(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,
) -> None:
    server, world, _ = site
    unit = world.unit("M1", "ALS", at=world.place("Union Station"))
    page = open_board(browser, server)
    expect(page.get_by_role("status", name="Event stream")).to_have_text("live", timeout=15_000)
    badge = page.get_by_role("region", name=MAP).locator(".leaflet-marker-pane .badge-unit")
    expect(badge).to_have_count(1, timeout=10_000)
    before = badge.bounding_box()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url.split("/api/v1", 1)[-1]))
    world.move(unit, world.place("Hilltop School"))
    page.wait_for_function(
        "([x, y]) => { const b = document.querySelector("
        "'.leaflet-marker-pane .badge-unit').getBoundingClientRect();"
        " return Math.abs(b.x - x) + Math.abs(b.y - y) > 5; }",
        arg=[before["x"], before["y"]] if before else [0, 0],
        timeout=10_000,
    )
    assert requests == [], requests  # the position came in the event: nothing is re-read
