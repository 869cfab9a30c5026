"""Units that share a station keep readable labels on the dispatch board's map."""

from __future__ import annotations

from dispatch_world import World
from live_server import LiveServer
from playwright.sync_api import Browser, expect
from test_browser_dispatch import browser, sign_in, site  # noqa: F401 (fixtures)

from goldenhour.config import Settings


def test_units_at_one_station_do_not_hide_each_other(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,  # noqa: F811
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
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    sign_in(page, f"{server.url}/board", "disp")
    badges = page.locator("#map .leaflet-marker-pane .badge-unit span")
    expect(badges).to_have_count(3, timeout=15_000)
    boxes = [badges.nth(i).bounding_box() for i in range(3)]
    assert all(box is not None for box in boxes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a and b
            apart = a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
            assert apart, f"labels overlap: {a} and {b}"
    assert sorted(badges.all_inner_texts()) == [
        "B1 BLS · available",
        "E1 EMR · available",
        "M1 ALS · available",
    ]
