"""A dispatcher's shift on the board at 1366x768, by keyboard and by role and label only.

Take a call by typing its address (candidates from the region's own geocoder), answer the key
questions one at a time, read the pre-arrival instruction to the caller, assign the
recommendation with one key, watch the timers run, receive and acknowledge a P1 alert, cancel
a call with a reason; then, past the ninth call, go to a call by its number, write a note,
divert a unit to a more urgent call, move a unit up to cover an empty station, and read the
street names on the map. Screenshots go to docs/ (README).
"""

from __future__ import annotations

import re

from browser import save_screenshot
from dispatch_world import World
from live_server import LiveServer
from playwright.sync_api import Browser, Locator, Page, expect
from test_browser_dispatch import CONSOLE, MAP, open_board, site, unit_row  # noqa: F401 (fixtures)

from goldenhour.config import Settings


def calls_table(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("table", name=re.compile("^Calls"))


def below_the_fold(element: Locator) -> bool:
    box = element.bounding_box()
    return box is None or box["y"] + box["height"] > CONSOLE["height"]


def test_a_dispatcher_takes_a_call_from_address_to_assignment_and_cancels_another(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,
) -> None:
    server, world, _ = site
    world.unit("M1", "ALS", at=world.place("Union Station"))
    world.unit("E1", "EMR", unit_type="first-response", at=world.place("Hilltop School"))
    world.unit("A1", "BLS", at=world.place("Hilltop School"))
    page = open_board(browser, server)
    expect(page.get_by_role("status", name="Event stream")).to_have_text("live", timeout=15_000)

    # Address first: N opens the call form with the address box focused; typing lists
    # candidates, choosing one pins the point on the map.
    page.keyboard.press("n")
    address = page.get_by_role("combobox", name="Address")
    expect(address).to_be_focused()
    address.press_sequentially("Main St / 3rd St", delay=20)  # an intersection
    candidates = page.get_by_role("listbox", name="Address candidates")
    expect(candidates.get_by_role("option").first).to_be_visible(timeout=10_000)
    candidates.get_by_role("option").first.click()
    expect(page.get_by_text(re.compile("drag the pin to correct it"))).to_be_visible()
    expect(
        page.get_by_role("region", name=MAP).get_by_title("Call location (drag to correct)")
    ).to_be_visible()
    page.get_by_label("Callback number").fill("555-0100")
    page.get_by_label("Call type").select_option(label="Unconscious/Fainting/Near-Fainting")

    # The questions come one at a time, in protocol order, each with its help text; the
    # determinant follows the answers.
    first = page.get_by_role("group", name=re.compile(r"^Question 1 of \d+"))
    expect(first).to_contain_text("conscious")
    first.get_by_role("button", name="No", exact=True).click()
    second = page.get_by_role("group", name=re.compile(r"^Question 2 of \d+"))
    expect(second).to_contain_text("breathing normally")
    expect(second).to_contain_text("Occasional gasps are not breathing")  # the help text
    expect(page.get_by_role("group", name=re.compile(r"^Question 3 of"))).to_have_count(0)
    second.get_by_role("button", name="not breathing", exact=True).click()
    determinant = page.get_by_role("status", name="Determinant")
    expect(determinant.get_by_label("Priority 1")).to_be_visible()
    expect(determinant).to_contain_text("ALS")

    # The pre-arrival instruction to read to the caller, step by step, with its source.
    cpr = page.get_by_role("region", name="Pre-arrival instructions").filter(
        has_text="Compression-only CPR"
    )
    expect(cpr).to_be_visible()
    expect(cpr.get_by_role("listitem").first).to_contain_text("flat on their back")
    expect(cpr).to_contain_text("Source: American Heart Association")
    save_screenshot(page, "board-call-taking")

    page.keyboard.press("Control+Enter")
    heading = page.get_by_role("heading", name=re.compile(r"^Call #\d+"))
    expect(heading).to_be_visible(timeout=10_000)
    call_id = int(re.findall(r"#(\d+)", heading.inner_text())[0])
    assert not below_the_fold(heading)

    # One key sends the whole recommendation; the units' rows follow, with time in status.
    expect(page.get_by_role("button", name=re.compile(r"^Assign .*M1"))).to_be_visible(
        timeout=10_000
    )
    page.keyboard.press("a")
    expect(page.get_by_role("status").filter(has_text=re.compile("^Assigned .*M1"))).to_be_visible(
        timeout=10_000
    )
    m1 = unit_row(page, "M1")
    expect(m1).to_contain_text(f"dispatched #{call_id}", timeout=10_000)
    timer = m1.get_by_label(re.compile("^M1 dispatched"))
    waiting = calls_table(page).get_by_label(f"call {call_id} waiting")
    before = (timer.inner_text(), waiting.inner_text())
    page.wait_for_timeout(2_100)
    assert (timer.inner_text(), waiting.inner_text()) != before, "the timers stood still"
    expect(calls_table(page).get_by_role("row").filter(has_text=f"#{call_id}")).to_contain_text(
        "M1"
    )
    save_screenshot(page, "board-assigned")

    # Another dispatcher's P1 arrives: seen and heard; acknowledged, it goes.
    other = world.call("2301019", world.place("Hilltop School"), {"breathing": "not_breathing"})
    alerts = page.get_by_role("region", name="Alerts")
    alert_text = f"New P1 call #{other['id']}"
    expect(alerts).to_contain_text(alert_text, timeout=10_000)
    save_screenshot(page, "board-alert")
    alerts.get_by_role("button", name=f"Acknowledge: {alert_text}").click()
    expect(alerts).not_to_contain_text(alert_text)

    # Cancel that call with a reason, from its number key.
    row = calls_table(page).get_by_role("row").filter(has_text=f"#{other['id']}")
    key = row.get_by_label(re.compile(r"^key \d$")).inner_text()
    page.keyboard.press(key)
    expect(page.get_by_role("heading", name=f"Call #{other['id']}")).to_be_visible()
    page.keyboard.press("c")
    page.get_by_label("Reason for cancelling").fill("Caller's relative: patient breathing, refused")
    page.get_by_role("button", name="Cancel the call").click()
    expect(calls_table(page).get_by_role("row").filter(has_text=f"#{other['id']}")).to_have_count(
        0, timeout=10_000
    )
    assert world.get(f"/incidents/{other['id']}").json()["status"] == "cancelled"


def test_the_board_stacks_into_a_usable_tablet_view(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,
) -> None:
    server, world, _ = site
    world.unit("M1", "ALS", at=world.place("Union Station"))
    page = open_board(browser, server, {"width": 800, "height": 1280})
    box = page.get_by_role("region", name=MAP).bounding_box()
    assert box and box["width"] > 700 and box["height"] > 400, box
    expect(page.get_by_role("button", name="Show unit M1")).to_be_visible(timeout=10_000)
    save_screenshot(page, "board-tablet")


def test_a_dispatcher_goes_past_the_ninth_call_writes_a_note_diverts_and_moves_a_unit_up(
    site: tuple[LiveServer, World, Settings],  # noqa: F811
    browser: Browser,  # noqa: F811
) -> None:
    server, world, _ = site
    m1 = world.unit("M1", "ALS", at=world.place("Union Station"))
    cover = world.post(
        "/units",
        {"call_sign": "C9", "unit_type": "transport", "equipment": "BLS", "station": "Station 1"},
    ).json()["id"]
    world.move(cover, world.place("Station 1"))
    falls = [world.call("2301033", world.place("Old Town"))["id"] for _ in range(10)]
    assert world.assign(falls[0], m1).status_code == 201
    page = open_board(browser, server)
    expect(page.get_by_role("status", name="Event stream")).to_have_text("live", timeout=15_000)
    legend = page.get_by_role("contentinfo", name="Keyboard shortcuts")
    for words in ("go to call #", "note", "move up", "divert"):
        expect(legend).to_contain_text(words)

    # Nine keys are taken; the tenth call is reached with G and its number.
    tenth = calls_table(page).get_by_role("row").filter(has_text=f"#{falls[-1]}")
    expect(tenth.get_by_label(f"G then {falls[-1]}")).to_be_visible(timeout=10_000)
    page.keyboard.press("g")
    page.get_by_label("Call number").fill(str(falls[-1]))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Call #{falls[-1]}")).to_be_visible()

    # A note, typed as the caller said it: stored with author and time, shown as text.
    page.keyboard.press("e")
    note = page.get_by_label("Note", exact=True)
    expect(note).to_be_focused()
    note.fill("Side door <b>open</b>, dog in yard")
    page.keyboard.press("Enter")
    notes = page.get_by_role("region", name="Notes")
    expect(notes.get_by_role("listitem")).to_contain_text("disp Side door <b>open</b>, dog in yard")
    (stored,) = world.get(f"/incidents/{falls[-1]}/notes").json()["items"]
    assert (stored["author"], stored["text"]) == ("disp", "Side door <b>open</b>, dog in yard")

    # A P1 comes in; M1, on its way to a fall, is diverted to it.
    p1 = world.call("2301019", world.place("Hilltop School"), {"breathing": "not_breathing"})
    page.get_by_role("region", name="Alerts").get_by_role(
        "button", name=f"Acknowledge: New P1 call #{p1['id']}"
    ).click()
    page.keyboard.press("Escape")
    page.keyboard.press("g")
    page.get_by_label("Call number").fill(str(p1["id"]))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Call #{p1['id']}")).to_be_visible()
    page.keyboard.press("d")
    page.get_by_label("Unit to divert").select_option(str(m1))
    page.get_by_role("button", name=f"Divert to call #{p1['id']}").click()
    expect(unit_row(page, "M1")).to_contain_text(f"dispatched #{p1['id']}", timeout=10_000)

    # Move C9 up from Station 1 to cover Station 2 (every station is empty here but C9's).
    page.keyboard.press("Escape")
    page.keyboard.press("m")
    form = page.get_by_role("form", name="Move a unit up")
    form.get_by_label("Station to cover").select_option("Station 2")
    form.get_by_label("Unit to move").select_option(str(cover))
    form.get_by_role("button", name="Move up").click()
    expect(unit_row(page, "C9")).to_contain_text("covering Station 2", timeout=10_000)
    assert world.get(f"/units/{cover}").json()["posted_station"] == "Station 2"
    the_map = page.get_by_role("region", name=MAP)
    expect(the_map.get_by_title("Station 1: no available unit")).to_be_visible()
    expect(the_map.get_by_title("Station 2: no available unit")).to_have_count(0)
    save_screenshot(page, "board-move-up")

    # Close in, the map names its streets.
    page.get_by_role("button", name=f"Open call {falls[-1]}").click()
    zoom_in = the_map.get_by_role("button", name="Zoom in")
    for _ in range(4):
        zoom_in.click()
        page.wait_for_timeout(300)
    expect(the_map.get_by_text(re.compile(r"\b(St|Ave)$")).first).to_be_visible(timeout=10_000)
    save_screenshot(page, "board-street-names")
