"""The crew's chart and the medical director's review in Debian's Chromium (issue 14).

A paramedic on a tablet (800x1280) and on a phone (390x844) charts a whole overdose call:
patient, impression found by typing "opioid", three sets of vitals, naloxone found by typing
"narcan" with dose and response, a bag-valve-mask procedure, the narrative, disposition and
two signatures drawn on the screen; locks it and downloads the handoff PDF; the NEMSIS export
of the record passes the official XSD and national Schematron with no error. The same call
with the network cut half-way delivers each entry once when it comes back. The medical
director sees a flag with its context and records a decision with a comment.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from browser import PASSWORD, live_site
from dispatch_world import World
from live_server import LiveServer
from playwright.sync_api import Browser, Page, expect

from conftest import require_refdata
from goldenhour.adapters.nemsis.validation import validate_document

OVERDOSE = "2301053"
DOCS = Path(__file__).resolve().parents[2] / "docs"
TABLET, PHONE = {"width": 800, "height": 1280}, {"width": 390, "height": 844}


@pytest.fixture
def site(tmp_path: Path, sqlite_template: Path) -> Iterator[tuple[LiveServer, World]]:
    users = {
        "sup": ["dispatcher", "supervisor"],
        "medic": ["crew"],
        "director": ["medical_director"],
    }
    with live_site(tmp_path, sqlite_template, users, acting_as="sup") as (server, world, _):
        yield server, world


def shot(page: Page, name: str) -> None:
    """Screenshots for the README under docs/ (GOLDENHOUR_UPDATE_DOCS=1)."""
    if os.environ.get("GOLDENHOUR_UPDATE_DOCS") == "1":
        page.screenshot(path=str(DOCS / f"{name}.png"), full_page=True)


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def on_call(world: World) -> tuple[int, int]:
    unit = world.unit("M1", "ALS", at=world.place("Station 1"))
    incident = world.call(OVERDOSE, world.place("Old Town"), {"conscious": False})
    world.bring_to(unit, "at_patient", incident["id"])
    return unit, incident["id"]


def start_chart(page: Page, server: LiveServer) -> None:
    """The medic signs the tablet in for M1 and starts the chart of its call."""
    sign_in(page, f"{server.url}/chart", "medic")
    page.get_by_role("button", name="M1").click()
    page.click("#start-chart")
    expect(page.locator(".chart-title h2")).to_contain_text("Chart 1", timeout=15_000)


def pick(page: Page, field: str, typed: str, option: str) -> None:
    page.fill(f"#{field}", typed)
    page.get_by_role("option", name=option).first.click()


def saved(page: Page, entry: str | None = None) -> None:
    """Nothing waits to send; with ``entry``, once the server has taken that entry, whose
    note only appears after the click (the connection reads "all sent" before it, too)."""
    if entry is not None:
        expect(page.locator(".chart .note")).to_have_text(
            f"{entry}: saved on this device · sent", timeout=15_000
        )
    expect(page.get_by_role("status", name="Connection")).to_contain_text(
        "all sent", timeout=15_000
    )


def chart_until_disposition(page: Page, online: bool = True) -> None:
    """Patient, situation, three vitals, naloxone, BVM and the narrative."""
    page.fill("#patient-age", "34")
    page.select_option("#patient-age-units", "2516009")
    page.select_option("#patient-sex", "9919003")
    page.fill("#patient-weight", "80")
    page.fill("#patient-street", "12 Alder St")
    page.fill("#patient-zip", "98104")
    page.select_option("#patient-state", "53")
    page.fill("#patient-county", "53033")
    page.click("#patient button[type=submit]")
    history = (("history-allergies", "penicillin", "Penicillin"),
               ("history-medical", "diabetes", "Diabetes Type II"),
               ("history-medications", "insulin", "Insulin (Humulin)"))  # fmt: skip
    for field, typed, option in history:
        pick(page, field, typed, option)
    page.click("#history button[type=submit]")
    page.fill("#situation-complaint", "found unresponsive, slow breathing")
    pick(page, "situation-symptom", "unconscious", "Unconscious, NOS")
    pick(page, "situation-other-symptoms", "nausea", "Nausea")
    pick(page, "situation-impression", "opioid", "Suspected Opioid related")
    page.select_option("#situation-injury", "9922001")
    page.select_option("#situation-acuity", "2813001")
    page.select_option("#situation-arrest", "3001001")
    page.click("#situation button[type=submit]")
    for minutes, (sbp, hr, rr, spo2, gcs) in enumerate(
        ((98, 52, 6, 82, (1, 2, 4)), (118, 88, 12, 95, (3, 4, 6)), (126, 90, 16, 98, (4, 5, 6)))
    ):
        at = datetime.now(UTC) - timedelta(minutes=10 - 4 * minutes)
        page.fill("#vitals-at", at.strftime("%Y-%m-%dT%H:%M"))
        for field, value in (("sbp", sbp), ("dbp", sbp - 40), ("hr", hr), ("rr", rr),
                             ("spo2", spo2), ("gcs-e", gcs[0]), ("gcs-v", gcs[1]),
                             ("gcs-m", gcs[2])):  # fmt: skip
            page.fill(f"#vitals-{field}", str(value))
        if minutes == 0:  # the first set whole: every value crews record
            for field, value in (("etco2", 62), ("bgl", 96), ("temp", 36.1), ("pain", 0)):
                page.fill(f"#vitals-{field}", str(value))
            for field, code in (("avpu", "3326005"), ("rhythm", "9901045"), ("ecg", "3304001"),
                                ("ecg-method", "3305003"), ("stroke-type", "3330001"),
                                ("stroke", "3329001")):  # fmt: skip
                page.select_option(f"#vitals-{field}", code)
        page.click("#vitals button[type=submit]")
        if online:
            expect(page.locator(".vitals-table tbody tr")).to_have_count(minutes + 1)
    pick(page, "medications-skill", "narcan", "Naloxone, intranasal")
    page.select_option("#medications-by", label=page.locator("#medications-by option",
                       has_text="(paramedic)").inner_text())  # fmt: skip
    page.fill("#medications-dose", "4")
    page.select_option("#medications-unit", "3706021")
    page.select_option("#medications-route", "9927017")
    page.select_option("#medications-response", "9916001")
    page.select_option("#medications-complication", "3708031")
    page.click("#medications button[type=submit]")
    pick(page, "procedures-skill", "BVM", "Bag valve mask ventilation")
    page.select_option("#procedures-by", label=page.locator("#procedures-by option",
                       has_text="(emt)").inner_text())  # fmt: skip
    page.fill("#procedures-attempts", "1")
    page.select_option("#procedures-success", "9923003")
    page.select_option("#procedures-complication", "3907033")
    page.select_option("#procedures-response", "9916001")
    page.click("#procedures button[type=submit]")
    page.fill("#narrative-text", "34 y/o male found unresponsive, RR 6, pinpoint pupils. BVM, "
              "naloxone 4 mg IN, RR 12 within 4 min, GCS 15. Transported.")  # fmt: skip
    page.click("#narrative button[type=submit]")


def finish_and_lock(page: Page, world: World, unit: int, incident: int) -> None:
    for step in ("transporting", "at_destination"):
        assert world.status(unit, step).status_code == 200
    times = {t["element"]: t["at"] for t in world.get(f"/incidents/{incident}").json()["times"]}
    transfer = datetime.fromisoformat(times["eTimes.11"]) + timedelta(seconds=1)
    page.select_option("#disposition-unit", "4227001")
    page.select_option("#disposition-care", "4228001")
    page.select_option("#disposition-crew", "4229001")
    page.select_option("#disposition-transport", "4230001")
    page.select_option("#disposition-destination", "4221003")
    page.select_option("#disposition-reason", "4220001")
    page.fill("#disposition-transfer", transfer.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    page.click("#disposition button[type=submit]")
    for form, name in (("#signatures-patient", None), ("#signatures-receiving", "Kim")):
        page.locator(f"{form} canvas").scroll_into_view_if_needed()
        pad = page.locator(f"{form} canvas").bounding_box()
        assert pad is not None
        page.mouse.move(pad["x"] + 20, pad["y"] + 30)
        page.mouse.down()
        for step in range(1, 12):
            page.mouse.move(pad["x"] + 20 + step * 20, pad["y"] + 30 + (step % 3) * 20)
        page.mouse.up()
        if name:
            page.fill("#receiving-last", name)
        page.click(f"{form} button[type=submit]")
        saved(page, f"{'receiving' if name else 'patient'} signature")
    expect(page.get_by_role("navigation", name="What is missing")).to_contain_text(
        "Ready to sign", timeout=15_000
    )
    time.sleep(1.2)  # back in service strictly after the transfer of care
    assert world.status(unit, "returning").status_code == 200
    page.click("#lock")
    expect(page.locator(".chart-title h2")).to_contain_text("locked", timeout=15_000)


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_paramedic_charts_a_whole_overdose_call_locks_it_and_prints_the_handoff(
    site: tuple[LiveServer, World], browser: Browser, viewport: dict[str, int]
) -> None:
    require_refdata("nemsis", "Schematron", "rules", "EMSDataSet.sch")
    server, world = site
    unit, incident = on_call(world)
    context = browser.new_context(viewport=viewport, timezone_id="UTC", accept_downloads=True)
    page = context.new_page()
    start_chart(page, server)
    missing_now = page.get_by_role("navigation", name="What is missing")
    expect(missing_now.get_by_role("link", name="Primary impression")).to_be_visible()
    missing_now.get_by_role("link", name="Primary impression").click()
    assert page.evaluate("location.hash") == "#situation-impression"
    chart_until_disposition(page)
    saved(page, "narrative")
    blank = page.get_by_role("navigation", name="Will be sent as Not Recorded")
    blank.get_by_role("link", name="Secondary impression").click()  # before signing, a link
    assert page.evaluate("location.hash") == "#situation-secondary"
    expect(blank.locator("details summary")).to_contain_text("this screen has no field for")
    director = world.client.post(
        "/api/v1/auth/login", json={"username": "director", "password": PASSWORD}
    ).json()["access_token"]
    protocol = {"agency": {"name": "metro"}, "rule": [], "dose": [
        {"skill": "naloxone-intranasal", "per_kg": 0.1, "unit": "mg", "max": 4,
         "cite": "Metro protocol 4.2"}]}  # fmt: skip
    assert (
        world.client.put(
            "/api/v1/scope/protocol",
            json={"document": protocol},
            headers={"Authorization": f"Bearer {director}"},
        ).status_code
        == 204
    )
    pick(page, "medications-skill", "narcan", "Naloxone, intranasal")  # the dose helper
    page.click("#dose-helper")
    expect(page.locator("#dose")).to_contain_text("4 mg", timeout=10_000)
    expect(page.locator("#dose")).to_contain_text("Metro protocol 4.2")
    name = "tablet" if viewport is TABLET else "phone"
    shot(page, f"chart-{name}")
    finish_and_lock(page, world, unit, incident)
    with page.expect_download() as download:
        page.click("#pdf")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000
    page.reload()  # the chart survives a reload (and clearing the call): read back
    expect(page.locator(".chart-title h2")).to_contain_text("locked", timeout=15_000)
    expect(page.locator(".vitals-table tbody tr")).to_have_count(3)
    page.get_by_role("button", name="← My charts").click()
    expect(page.get_by_role("button", name="Chart 1")).to_contain_text("locked")
    today = datetime.now(UTC).date().isoformat()
    xml = world.client.get(f"/api/v1/nemsis/ems?from={today}&to={today}", headers=world.headers)
    assert xml.status_code == 200, xml.text
    report = validate_document(xml.content, expect="EMSDataSet")
    assert "\n".join(str(f) for f in report.errors) == ""
    assert b"F11" in xml.content and b"7242" in xml.content and b"425447009" in xml.content
    exported = xml.content.decode()
    for element, value in (("ePatient.05", "12 Alder St"), ("ePatient.09", "98104"),
                           ("eHistory.08", "E11.8"), ("eHistory.12", "1605101"),
                           ("eSituation.10", "R11.0"), ("eVitals.03", "9901045"),
                           ("eVitals.30", "3330001"), ("eVitals.29", "3329001"),
                           ("eVitals.24", "36.1"), ("eVitals.23", "7")):  # fmt: skip
        assert f">{value}</{element}>" in exported, (element, value)
    assert '<eHistory.06 CodeType="9924001">Z88.0</eHistory.06>' in exported
    context.close()


def test_entries_made_offline_arrive_once_each_when_the_network_returns(
    site: tuple[LiveServer, World], browser: Browser
) -> None:
    server, world = site
    unit, incident = on_call(world)
    context = browser.new_context(viewport=TABLET, timezone_id="UTC")
    page = context.new_page()
    start_chart(page, server)
    pick(page, "situation-impression", "opioid", "Suspected Opioid related")  # searched online
    expect(page.locator("#procedures-by option", has_text="(emt)")).to_have_count(1)
    page.wait_for_load_state("networkidle")  # the code lists are kept on the device
    context.set_offline(True)
    chart_until_disposition(page, online=False)
    expect(page.get_by_role("status", name="Connection")).to_contain_text("offline")
    expect(page.get_by_role("region", name="Waiting to send").locator("li")).to_have_count(9)
    shot(page, "chart-offline")
    context.set_offline(False)
    page.evaluate("dispatchEvent(new Event('online'))")
    saved(page)
    record = world.get("/pcrs/1").json()["record"]
    text = str(record)
    assert text.count("'eVitals.VitalGroup'") == 3
    assert text.count("'eMedications.MedicationGroup'") == 1
    assert text.count("'eProcedures.ProcedureGroup'") == 1
    assert "pinpoint pupils" in text
    context.close()


def test_the_chart_app_opens_offline_after_a_reload_with_its_chart_and_drafts(
    site: tuple[LiveServer, World], browser: Browser
) -> None:
    """The service worker serves the app itself: a reload with no network opens it again."""
    server, world = site
    on_call(world)
    context = browser.new_context(viewport=PHONE, timezone_id="UTC")
    page = context.new_page()
    start_chart(page, server)
    page.fill("#situation-complaint", "chest pain")
    page.click("#situation button[type=submit]")
    saved(page, "situation")
    page.reload()  # the chart as read from the server is now kept on the device too
    expect(page.locator("#situation-complaint")).to_have_value("chest pain", timeout=15_000)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # installed: pages kept
    context.set_offline(True)
    page.fill("#narrative-text", "Written with no connection.")
    page.click("#narrative button[type=submit]")
    waiting = page.get_by_role("region", name="Waiting to send")
    expect(waiting).to_contain_text("narrative")
    response = page.reload()
    assert response is not None and response.from_service_worker
    expect(page.locator(".chart-title h2")).to_contain_text("Chart 1", timeout=15_000)
    expect(page.get_by_role("status", name="Connection")).to_contain_text("offline")
    expect(page.locator("#situation-complaint")).to_have_value("chest pain")
    expect(waiting).to_contain_text("narrative")
    expect(page.locator("#narrative-text")).to_have_value("Written with no connection.")
    shot(page, "chart-offline-reload")
    context.set_offline(False)
    page.evaluate("dispatchEvent(new Event('online'))")
    saved(page)
    assert "Written with no connection." in str(world.get("/pcrs/1").json()["record"])
    context.close()


def test_what_is_missing_shows_fields_charted_offline_as_waiting_to_send(
    site: tuple[LiveServer, World], browser: Browser
) -> None:
    """On the tablet with no connection, the chief complaint, the narrative and a set of vitals
    charted on the device stay on "Still to chart" marked as charted and waiting to send (not
    yet in the record, so not signable, but nothing to chart again), after a reload too; what
    was not charted is still plainly missing; once sent, they leave the list."""
    server, world = site
    on_call(world)
    context = browser.new_context(viewport=TABLET, timezone_id="UTC")
    page = context.new_page()
    start_chart(page, server)
    missing = page.get_by_role("navigation", name="What is missing")
    item = {
        label: missing.get_by_role("listitem").filter(has_text=label)
        for label in ("Chief complaint", "Narrative", "vital signs", "Patient's age")
    }
    expect(item["Narrative"]).to_have_count(1)
    page.reload()  # the chart as read from the server is kept on the device
    expect(item["Narrative"]).to_have_count(1, timeout=15_000)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    context.set_offline(True)
    page.fill("#situation-complaint", "fall from a ladder")
    page.click("#situation button[type=submit]")
    page.fill("#narrative-text", "Charted with no connection.")
    page.click("#narrative button[type=submit]")
    page.fill("#vitals-hr", "96")
    page.click("#vitals button[type=submit]")
    expect(page.get_by_role("region", name="Waiting to send")).to_contain_text("vitals")
    for reload in (False, True):
        if reload:
            page.reload()
            expect(page.get_by_role("status", name="Connection")).to_contain_text("offline")
        for label in ("Chief complaint", "Narrative", "vital signs"):
            expect(item[label]).to_contain_text("charted, waiting to send", timeout=15_000)
        expect(item["Patient's age"]).to_have_count(1)
        expect(item["Patient's age"]).not_to_contain_text("waiting")
        expect(missing.locator("h3")).to_have_text("Still to chart before signing")
    shot(page, "chart-missing-waiting-to-send")
    context.set_offline(False)
    page.evaluate("dispatchEvent(new Event('online'))")
    saved(page)
    for label in ("Chief complaint", "Narrative", "vital signs"):
        expect(item[label]).to_have_count(0, timeout=15_000)
    expect(item["Patient's age"]).not_to_contain_text("waiting")
    context.close()


def test_the_crew_moves_its_unit_through_the_call_from_the_chart_app(
    site: tuple[LiveServer, World], browser: Browser
) -> None:
    """Status buttons and charts in one app: the crew needs no second screen to transport."""
    server, world = site
    unit, incident = on_call(world)
    page = browser.new_context(viewport=TABLET, timezone_id="UTC").new_page()
    sign_in(page, f"{server.url}/chart", "medic")
    page.get_by_role("button", name="M1").click()
    panel = page.get_by_role("region", name="Unit status")
    expect(panel).to_contain_text("Status: at patient", timeout=15_000)
    expect(panel).to_contain_text(f"Incident {incident}")
    panel.get_by_role("button", name="transporting").click()
    expect(panel).to_contain_text("Status: transporting", timeout=15_000)
    assert world.get(f"/units/{unit}/assignment").json()["status"] == "transporting"
    shot(page, "chart-status")
    page.click("#start-chart")  # and the call's chart from the same screen
    expect(page.locator(".chart-title h2")).to_contain_text("Chart 1", timeout=15_000)
    page.context.close()


def test_the_director_sees_a_flag_with_its_context_and_records_a_decision(
    site: tuple[LiveServer, World], browser: Browser
) -> None:
    server, world = site
    unit, incident = on_call(world)
    signed = {"username": "medic", "password": PASSWORD, "unit_id": unit}  # a bound tablet
    tablet = world.client.post("/api/v1/auth/login", json=signed).json()["access_token"]
    crew = {"Authorization": f"Bearer {tablet}"}
    pcr = world.post("/pcrs", {"incident_id": incident, "unit_id": unit}, crew).json()["id"]
    members = [c["provider_id"] for c in world.get(f"/units/{unit}").json()["crew"]]
    emt = next(
        m
        for m in members
        if world.get(f"/providers/{m}").json()["certifications"][0]["level"] == "emt"
    )
    facts = [{"element": "ePatient.15", "value": 34},
             {"element": "ePatient.16", "value": "2516009"},
             {"element": "eSituation.11", "value": "F11"}]  # fmt: skip
    world.post(f"/pcrs/{pcr}/elements", {"entries": facts}, crew)
    vitals = {
        "taken_at": datetime.now(UTC).isoformat(),
        "readings": [{"element": "spo2", "value": 84}],
    }
    world.post(f"/pcrs/{pcr}/vitals", vitals, crew)
    given = {"skill": "naloxone-iv", "provider_id": emt, "at": datetime.now(UTC).isoformat()}
    assert world.post(f"/pcrs/{pcr}/medications", given, crew).json()["flag"] is not None
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    sign_in(page, f"{server.url}/review", "director")
    flag = page.locator(".flag-item").first
    expect(flag).to_contain_text("naloxone-iv", timeout=15_000)
    expect(flag).to_contain_text("34 years")
    expect(flag).to_contain_text("F11 Suspected Opioid related")
    expect(flag).to_contain_text("spo2 84")
    expect(flag).to_contain_text("M1")
    shot(page, "review")
    flag.locator("button[type=submit]").click()  # no decision chosen: the form refuses
    expect(page.locator("#flags")).not_to_have_text("No open flag.")
    flag.locator("select[name=outcome]").select_option("education")
    flag.locator("textarea[name=comment]").fill("EMT gave IV naloxone: IV access refresher.")
    flag.locator("button[type=submit]").click()
    expect(page.locator("#flags")).to_have_text("No open flag.", timeout=10_000)
    reviewed = world.client.get(
        "/api/v1/review/flags?status=reviewed",
        headers={
            "Authorization": page.evaluate("'Bearer ' + sessionStorage.getItem('goldenhour.token')")
        },
    )
    (item,) = reviewed.json()["items"]
    assert (item["outcome"], item["comment"]) == (
        "education",
        "EMT gave IV naloxone: IV access refresher.",
    )
