"""The dispatch board and the crew screen in a real Chromium, two users at once.

The dispatcher takes a call, sees the ranked units and assigns one; the crew screen shows the
assignment; the crew moves through its statuses and the board follows live; when the event
connection drops, the board catches up on what it missed once it is back; the crew records an
out-of-scope intervention and sees the flag; the medical director reviews it from the queue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import PASSWORD, live_site, save_screenshot, sign_in
from dispatch_world import World
from fastapi.testclient import TestClient
from live_server import LiveServer
from playwright.sync_api import Browser, Locator, Page, expect

from conftest import login
from goldenhour.api.app import create_app
from goldenhour.config import Settings


@pytest.fixture
def site(tmp_path: Path, sqlite_template: Path) -> Iterator[tuple[LiveServer, World, Settings]]:
    users = {
        "disp": ["dispatcher", "supervisor"],
        "medic": ["crew"],
        "director": ["medical_director"],
    }
    with live_site(tmp_path, sqlite_template, users, acting_as="disp") as running:
        yield running


MAP = "Map of units, calls and hospitals"


def assert_map_draws_roads_units_and_incidents(page: Page, units: int, incidents: int) -> None:
    """Markers are on the map (inside its box), and the road canvas has ink on it."""
    the_map = page.get_by_role("region", name=MAP)
    for selector, count in ((".badge-unit", units), (".badge-incident", incidents)):
        expect(the_map.locator(f".leaflet-marker-pane {selector}")).to_have_count(count)
    drawn = the_map.evaluate(
        """(map) => {
            const box = map.getBoundingClientRect();
            const inside = (selector) => [...map.querySelectorAll(
                `.leaflet-marker-pane ${selector}`)].filter((marker) => {
                    const r = marker.getBoundingClientRect();
                    return r.left >= box.left && r.right <= box.right
                        && r.top >= box.top && r.bottom <= box.bottom;
                }).length;
            const canvas = map.querySelector(".leaflet-overlay-pane canvas");
            const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
            let ink = 0;
            for (let i = 3; i < pixels.data.length; i += 4) if (pixels.data[i] > 0) ink++;
            return { units: inside(".badge-unit"), incidents: inside(".badge-incident"), ink };
        }"""
    )
    assert (drawn["units"], drawn["incidents"]) == (units, incidents), drawn
    assert drawn["ink"] > 10_000, f"the road layer drew only {drawn['ink']} pixels"


CONSOLE = {"width": 1366, "height": 768}  # a dispatcher's laptop


def open_board(browser: Browser, server: LiveServer, viewport: dict[str, int] = CONSOLE) -> Page:
    """The board signed in as the dispatcher, in a fresh browser context of that size."""
    page = browser.new_context(viewport=viewport).new_page()  # type: ignore[arg-type]
    sign_in(page, f"{server.url}/board", "disp")
    return page


def unit_row(page: Page, call_sign: str) -> Locator:
    """The unit's row on the board's unit status table."""
    units = page.get_by_role("table", name=re.compile("^Units"))
    return units.get_by_role("row").filter(
        has=page.get_by_role("button", name=f"Show unit {call_sign}")
    )


def take_call_at(page: Page, place: str, call_type: str) -> None:
    """A call placed by typing the name of a place and choosing the geocoder's first answer."""
    page.keyboard.press("n")
    page.get_by_role("combobox", name="Address").fill(place)
    page.get_by_role("listbox", name="Address candidates").get_by_role("option").first.click()
    page.get_by_label("Call type").select_option(label=call_type)
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("heading", name=re.compile(r"^Call #\d+"))).to_be_visible(
        timeout=10_000
    )


def test_dispatcher_and_crew_work_one_call_together(
    site: tuple[LiveServer, World, Settings], browser: Browser
) -> None:
    server, world, settings = site
    medic = world.unit("M1", "ALS", at=world.place("Union Station"))
    world.unit("A1", "BLS", at=world.place("Hilltop School"))

    board_context = browser.new_context(viewport={"width": 1366, "height": 768})
    crew_context = browser.new_context(viewport={"width": 414, "height": 896})  # a phone
    board, crew = board_context.new_page(), crew_context.new_page()
    sign_in(board, f"{server.url}/board", "disp")
    expect(board.get_by_role("status", name="Event stream")).to_have_text("live", timeout=15_000)

    # Take the call (reason chosen by its NEMSIS name); the ranked units appear.
    take_call_at(board, "Central Square", "Chest Pain (Non-Traumatic)")
    candidates = board.get_by_text(re.compile(r"^transport: \d+ units"))
    candidates.click()
    assign_m1 = board.get_by_role("button", name="Assign M1", exact=True)
    expect(assign_m1).to_be_visible()
    board.keyboard.press("Escape")
    expect(assign_m1).to_have_count(0)
    board.keyboard.press("1")  # the number key reopens the call
    candidates.click()
    assign_m1.click()
    m1_row = unit_row(board, "M1")
    expect(m1_row).to_contain_text("dispatched", timeout=10_000)
    assert_map_draws_roads_units_and_incidents(board, units=2, incidents=1)
    save_screenshot(board, "board")

    # The crew sees the assignment and moves along its timeline; the board follows live.
    sign_in(crew, f"{server.url}/crew", "medic")
    crew.select_option("#unit", label="M1")
    expect(crew.locator("#assignment")).to_contain_text("Central Square", timeout=10_000)
    expect(crew.locator("#assignment")).to_contain_text("ETA")
    expect(crew.locator(".leaflet-overlay-pane path")).to_have_count(1)  # the route line
    save_screenshot(crew, "crew")
    crew.click("button[data-status='en_route']")
    expect(m1_row).to_contain_text("en route", timeout=10_000)
    # The crew's buttons follow its own answer, which may come after the board's event.
    expect(crew.locator("#next button", has_text="on scene")).to_be_visible(timeout=10_000)
    offered = crew.locator("#next button").all_inner_texts()
    assert "on scene" in offered and "available" not in offered  # only valid next steps

    # The server goes down, dropping every event connection. Meanwhile the crew's next step
    # is recorded by another API worker on the same database. When the server is back the
    # board reconnects and catches up from the events it missed.
    server.stop()
    live = board.get_by_role("status", name="Event stream")
    expect(live).to_have_text("reconnecting", timeout=10_000)
    with TestClient(create_app(settings)) as other_worker:
        moved = other_worker.post(
            f"/api/v1/units/{medic}/status",
            json={"status": "on_scene"},
            headers=login(other_worker, "medic", PASSWORD),
        )
        assert moved.status_code == 200, moved.text
    server.start()
    expect(live).to_have_text("live", timeout=15_000)
    expect(m1_row).to_contain_text("on scene", timeout=10_000)
    expect(crew.locator("#status")).to_have_text("on scene", timeout=15_000)

    # At the patient the crew starts the record; the EMT intubates, which is outside an EMT's
    # scope: the intervention is saved, and the crew sees the flag at once.
    crew.click("button[data-status='at_patient']")
    crew.click("#start-pcr")
    expect(crew.locator("#pcr-body")).to_be_visible(timeout=10_000)
    crew.fill("#vitals-form input[name=spo2]", "94")
    crew.fill("#vitals-form input[name=heart_rate]", "112")
    crew.click("#vitals-form button[type=submit]")
    expect(crew.locator("#pcr-log")).to_contain_text("Vitals recorded", timeout=10_000)
    crew.fill("#intervention-form input[name=skill]", "endotracheal-intubation")
    emt = crew.locator("#performer option", has_text="(emt)").get_attribute("value")
    assert emt is not None
    crew.select_option("#performer", value=emt)
    crew.click("#intervention-form button[type=submit]")
    expect(crew.locator("#pcr-log")).to_contain_text("FLAGGED", timeout=10_000)

    # The medical director finds it in the review queue, with its reasons, and reviews it.
    director = browser.new_context().new_page()
    sign_in(director, f"{server.url}/review", "director")
    flag = director.locator(".flag-item").first
    expect(flag).to_contain_text("endotracheal-intubation", timeout=10_000)
    expect(flag).to_contain_text("denied")
    flag.locator("select[name=outcome]").select_option("education")
    flag.locator("textarea[name=comment]").fill("EMT intubation: refer to airway course.")
    flag.locator("button[type=submit]").click()
    expect(director.locator("#flags")).to_have_text("No open flag.", timeout=10_000)
    board_context.close()
    crew_context.close()
