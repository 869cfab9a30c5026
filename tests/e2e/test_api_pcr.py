"""Patient care records through HTTP on both databases: document, flag, review, lock, amend.

The scenario: an ALS unit (Paramedic and EMT) on an overdose call. The EMT gives intranasal
naloxone (EMT scope) and then IV naloxone (not EMT scope): the second is saved and flagged,
never refused, and lands in the medical director's queue. The record locks only once every
Mandatory and Required National element is documented, takes addenda after that, and exports
as NEMSIS XML that passes the XSD and the national Schematron with zero errors.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from dispatch_world import MakeUser, World, demo_region, events
from fastapi.testclient import TestClient

from chromium import chromium_path
from conftest import missing, require_refdata
from goldenhour.adapters.db.tables import AuditEntry
from goldenhour.adapters.nemsis.validation import validate_document
from goldenhour.config import Settings
from goldenhour.domain.pcr.demo import ARREST_DETAILS, SCENE_FACTS
from goldenhour.domain.pcr.not_values import NotValue
from goldenhour.domain.pcr.vitals import VITAL_NAMES

OVERDOSE = "2301053"
# A 1x1 PNG: what a signature canvas sends, in miniature.
SIGNATURE = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhf"
    "DwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
# The rest of the chart (issue 14): allergies, history, home medications, address, the cause
# of a fall, other symptoms; and a whole set of vital signs with rhythm and stroke scale.
HISTORY = (("ePatient.05", "12 Alder St"), ("eHistory.06", "Z88.0"),
           ("eHistory.07", "91935009"), ("eHistory.08", "E11.8"), ("eHistory.08", "F11.21"),
           ("eHistory.12", "1605101"), ("eHistory.12", "161"),
           ("eSituation.10", "R11.0"))  # fmt: skip
WHOLE_SET = (("systolic", 128), ("diastolic", 80), ("heart_rate", 96), ("respiratory_rate", 14),
             ("spo2", 97), ("etco2", 38), ("glucose", 104), ("temperature", 36.8),
             ("gcs_eye", 4), ("gcs_verbal", 4), ("gcs_motor", 6), ("avpu", "3326001"),
             ("pain", 2), ("rhythm", "9901049"), ("ecg_type", "3304001"),
             ("ecg_method", "3305003"), ("stroke_scale_type", "3330001"),
             ("stroke_scale", "3329001"))  # fmt: skip
PREFILLED = ("eRecord.", "eResponse.01", "eResponse.05", "eResponse.07", "eResponse.13",
             "eResponse.14", "eDispatch.01")  # fmt: skip


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


@pytest.fixture
def crew(make_user: MakeUser) -> dict[str, str]:
    return make_user("medic", "crew")


@pytest.fixture
def director(make_user: MakeUser) -> dict[str, str]:
    return make_user("md", "medical_director")


def on_scene(world: World) -> tuple[int, int, dict[str, int]]:
    """An ALS unit at the patient on an overdose call; its crew's provider ids by level."""
    unit = world.unit("M1", "ALS", at=world.place("Station 1"))
    incident = world.call(OVERDOSE, world.place("Old Town"), {"conscious": False})
    world.bring_to(unit, "at_patient", incident["id"])
    members = world.get(f"/units/{unit}").json()["crew"]
    levels = {}
    for member in members:
        provider = world.get(f"/providers/{member['provider_id']}").json()
        levels[provider["certifications"][0]["level"]] = member["provider_id"]
    return incident["id"], unit, levels


def moment(minutes: float = 0) -> str:
    return (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat()


def bind(world: World, tablet: dict[str, str], unit: int) -> None:
    """A shared unit tablet signs in for its unit (it charts only that unit's records)."""
    response = world.client.put("/api/v1/auth/unit", json={"unit_id": unit}, headers=tablet)
    assert response.status_code == 204, response.text


def new_record(world: World, crew: dict[str, str], incident: int, unit: int) -> dict[str, Any]:
    bind(world, crew, unit)
    response = world.post("/pcrs", {"incident_id": incident, "unit_id": unit}, crew)
    assert response.status_code == 201, response.text
    return dict(response.json())


def values(record: dict[str, Any], element: str) -> list[str | None]:
    """Values of every occurrence of ``element`` in a stored record tree."""
    found: list[str | None] = []

    def walk(node: dict[str, Any]) -> None:
        if node.get("e") == element:
            found.append(node.get("v"))
        for child in node.get("c", []):
            walk(child)

    walk(record["report"])
    return found


def test_an_out_of_scope_intervention_is_saved_flagged_and_queued_for_review(
    world: World, crew: dict[str, str], director: dict[str, str]
) -> None:
    """Scope at the point of care (issue 6): never refuse, always flag, review with a comment."""
    incident, unit, levels = on_scene(world)
    pcr = new_record(world, crew, incident, unit)
    assert values(pcr["record"], "eDispatch.01") == [OVERDOSE]
    assert values(pcr["record"], "eTimes.07") != []  # at patient, stamped by dispatch
    assert len(values(pcr["record"], "eCrew.01")) == 2
    emt = levels["emt"]
    given = {"provider_id": emt, "at": moment(), "details": [{"element": "eMedications.05",
             "value": 2}, {"element": "eMedications.06", "value": "3706021"}]}  # fmt: skip
    nasal = world.post(
        f"/pcrs/{pcr['id']}/medications", {**given, "skill": "naloxone-intranasal"}, crew
    )
    assert nasal.status_code == 201 and nasal.json()["flag"] is None, nasal.text
    iv = world.post(f"/pcrs/{pcr['id']}/medications", {**given, "skill": "naloxone-iv"}, crew)
    assert iv.status_code == 201, iv.text
    assert iv.json()["decision"] == "denied" and iv.json()["flag"]["status"] == "open"
    assert iv.json()["intervention"] == "eMedications.MedicationGroup[2]"
    record = world.get(f"/pcrs/{pcr['id']}", crew).json()
    assert values(record["record"], "eMedications.03") == ["7242", "7242"]  # both saved
    assert [f["skill"] for f in record["flags"]] == ["naloxone-iv"]
    queue = world.get("/review/flags", director).json()
    (item,) = queue["items"]
    assert item["pcr_id"] == pcr["id"] and item["incident_id"] == incident
    assert (
        item["provider"].endswith(")") and item["documented"]["g"] == "eMedications.MedicationGroup"
    )
    assert [e[1]["skill"] for e in events(world.client, "ScopeFlagRaised")] == ["naloxone-iv"]
    reviewed = world.post(
        f"/review/flags/{item['id']}",
        {"outcome": "education", "comment": "IV access by an EMT: refresher arranged"},
        director,
    )
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "reviewed"
    assert world.get("/review/flags", director).json()["count"] == 0
    again = world.post(
        f"/review/flags/{item['id']}", {"outcome": "appropriate", "comment": "x"}, director
    )
    assert again.status_code == 409
    assert world.get("/review/flags", crew).status_code == 403  # only the medical director


def test_impossible_vitals_are_refused_naming_the_element_and_implausible_ones_kept(
    world: World, crew: dict[str, str]
) -> None:
    incident, unit, _ = on_scene(world)
    pcr = new_record(world, crew, incident, unit)
    bad = world.post(
        f"/pcrs/{pcr['id']}/vitals",
        {"taken_at": moment(), "readings": [{"element": "spo2", "value": 140}]},
        crew,
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"].endswith("eVitals.12")
    assert "140 %" in bad.json()["errors"][0]["problem"]
    odd = world.post(
        f"/pcrs/{pcr['id']}/vitals",
        {"taken_at": moment(), "readings": [{"element": "systolic", "value": 320},
         {"element": "eVitals.10", "pn": "Unable to Complete"}]},
        crew,
    )  # fmt: skip
    assert odd.status_code == 201, odd.text
    assert odd.json()["warnings"][0]["element"] == "eVitals.06"
    stored = world.get(f"/pcrs/{pcr['id']}", crew).json()
    assert values(stored["record"], "eVitals.06") == ["320"]
    assert stored["warnings"][0]["where"] == "eVitals.VitalGroup[1]"


def test_lock_lists_missing_elements_then_locks_takes_addenda_and_exports_clean(
    world: World, crew: dict[str, str], director: dict[str, str]
) -> None:
    """Completion (issue 6): lock only with every Mandatory/Required National element."""
    require_refdata("nemsis", "Schematron", "rules", "EMSDataSet.sch")
    incident, unit, levels = on_scene(world)
    pcr = new_record(world, crew, incident, unit)
    refused = world.post(f"/pcrs/{pcr['id']}/lock", {}, crew)
    assert refused.status_code == 422
    fields = {e["field"] for e in refused.json()["errors"]}
    assert {"eSituation.11", "eArrest.01", "eDisposition.27"} <= fields
    assert any("Primary impression: not charted yet (go to situation.impression)" in e["problem"]
               for e in refused.json()["errors"])  # fmt: skip
    world.post(f"/pcrs/{pcr['id']}/procedures", {"skill": "bvm-ventilation",
               "provider_id": levels["emt"], "at": moment(1)}, crew)  # fmt: skip
    world.post(f"/pcrs/{pcr['id']}/medications", {"skill": "naloxone-iv",
               "provider_id": levels["emt"], "at": moment(2)}, crew)  # fmt: skip
    readings = [{"element": "spo2", "value": 96}, {"element": "heart_rate", "value": 90}]
    world.post(f"/pcrs/{pcr['id']}/vitals", {"taken_at": moment(3), "readings": readings}, crew)
    full = world.post(f"/pcrs/{pcr['id']}/vitals", {"taken_at": moment(3.5), "readings": [
        {"element": name, "value": value} for name, value in WHOLE_SET]}, crew)  # fmt: skip
    assert full.status_code == 201 and full.json()["warnings"] == [], full.text
    for step in ("transporting", "at_destination", "returning"):
        assert world.status(unit, step).status_code == 200
    stamped = {t["element"]: t["at"] for t in world.get(f"/incidents/{incident}").json()["times"]}
    entries = [_entry(e, v) for e, v in SCENE_FACTS if not e.startswith(PREFILLED)]
    entries += [{"element": e, "nv": "Not Applicable"} for e in ARREST_DETAILS]
    # transfer of care is the crew's to document; the unit's other times come from dispatch
    entries.append({"element": "eTimes.12", "value": stamped["eTimes.11"]})
    entries.append({"element": "eSituation.01", "value": moment(-30), "pn": "Approximate"})
    entries.append({"element": "eSituation.04", "value": "found unresponsive"})
    entries.append({"element": "eNarrative.01", "value": "Unresponsive, pinpoint pupils."})
    entries += [{"element": e, "value": v} for e, v in HISTORY]
    updated = world.post(f"/pcrs/{pcr['id']}/elements", {"entries": entries}, crew)
    assert updated.status_code == 200, updated.text
    assert [m["element"] for m in updated.json()["missing_for_lock"]] == []
    assert [i["key"] for i in updated.json()["to_chart"]] == [
        "signatures.patient", "signatures.receiving"]  # fmt: skip
    for signer in ("patient", "receiving"):
        body = {"signer": signer, "at": moment(5), "last_name": "Lee", "image": SIGNATURE}
        signed = world.post(f"/pcrs/{pcr['id']}/signatures", body, crew)
        assert signed.status_code == 201, signed.text
    assert world.get(f"/pcrs/{pcr['id']}", crew).json()["to_chart"] == []
    locked = world.post(f"/pcrs/{pcr['id']}/lock", {}, crew)
    assert locked.status_code == 200 and locked.json()["status"] == "locked", locked.text
    assert values(locked.json()["record"], "eTimes.13") == [_nemsis_time(stamped["eTimes.13"])]
    edit = world.post(f"/pcrs/{pcr['id']}/elements", {"entries": entries[:1]}, crew)
    assert edit.status_code == 409
    narrative = {"element": "eNarrative.01", "value": "Unresponsive, pinpoint pupils; RR 6."}
    addendum = world.post(
        f"/pcrs/{pcr['id']}/addenda",
        {"reason": "narrative was missing", "entries": [narrative]},
        director,
    )
    assert addendum.status_code == 201, addendum.text
    after = world.get(f"/pcrs/{pcr['id']}", crew).json()
    assert values(after["record"], "eNarrative.01") == [narrative["value"]]
    assert after["addenda"][0]["reason"] == "narrative was missing"
    # Care remembered after signing: refused without a reason, then kept as late entries.
    late = {"skill": "naloxone-intranasal", "provider_id": levels["emt"], "at": moment(2.5)}
    unexplained = world.post(f"/pcrs/{pcr['id']}/medications", late, crew)
    assert unexplained.status_code == 409 and "late_entry_reason" in unexplained.text
    why = "second dose given en route, left off the record"
    given = world.post(f"/pcrs/{pcr['id']}/medications", {**late, "late_entry_reason": why}, crew)
    assert given.status_code == 201, given.text
    assert given.json()["intervention"] == "eMedications.MedicationGroup[2]"
    vitals = {"taken_at": moment(4), "readings": readings, "late_entry_reason": why}
    assert world.post(f"/pcrs/{pcr['id']}/vitals", vitals, crew).status_code == 201
    after = world.get(f"/pcrs/{pcr['id']}", crew).json()
    assert after["status"] == "locked" and len(after["addenda"]) == 3
    assert [a["reason"] for a in after["addenda"][1:]] == [f"late entry: {why}"] * 2
    assert values(after["record"], "eMedications.03") == ["7242", "7242"]
    assert values(after["record"], "eVitals.12") == ["96", "97", "96"]
    today = datetime.now(UTC).date().isoformat()
    xml = world.client.get(f"/api/v1/nemsis/ems?from={today}&to={today}", headers=world.headers)
    assert xml.status_code == 200, xml.text
    report = validate_document(xml.content, expect="EMSDataSet")
    assert "\n".join(str(f) for f in report.errors) == ""
    assert b"Unresponsive, pinpoint pupils; RR 6." in xml.content and b"7242" in xml.content
    exported = xml.content.decode()
    for element, value in (*HISTORY, *[(VITAL_NAMES[n], str(v)) for n, v in WHOLE_SET],
                           ("eVitals.23", "14")):  # fmt: skip
        assert f">{value}</{element}>" in exported, (element, value)
    assert '<eHistory.06 CodeType="9924001">Z88.0</eHistory.06>' in exported
    assert exported.count("<eHistory.CurrentMedsGroup>") == 2
    if chromium_path() is None:
        missing("Debian's Chromium (/usr/bin/chromium) is needed for the handoff PDF")
    pdf = world.client.get(f"/api/v1/pcrs/{pcr['id']}/handoff.pdf", headers=crew)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and len(pdf.content) > 5000
    assert 'attachment; filename="handoff-alpha-' in pdf.headers["content-disposition"]


def _nemsis_time(text: str) -> str:
    return datetime.fromisoformat(text).isoformat(timespec="seconds")


def _entry(element: str, value: str | NotValue) -> dict[str, str]:
    if isinstance(value, NotValue):
        return {"element": element, "nv": value.value}
    return {"element": element, "value": value}


def test_records_are_closed_to_other_roles_and_other_agencies_and_every_read_is_audited(
    world: World, crew: dict[str, str], make_user: MakeUser
) -> None:
    """PHI: crew, supervisors and the medical director read records; dispatchers do not."""
    incident, unit, _ = on_scene(world)
    pcr = new_record(world, crew, incident, unit)
    dispatcher = make_user("disp", "dispatcher")
    assert world.get(f"/pcrs/{pcr['id']}", dispatcher).status_code == 403
    assert world.post("/pcrs", {"incident_id": incident, "unit_id": unit}).status_code == 403
    outsider = make_user("other", "crew", agency="bravo")
    assert world.get(f"/pcrs/{pcr['id']}", outsider).status_code == 404
    assert world.get(f"/pcrs/{pcr['id']}").status_code == 200  # the supervisor
    runtime = world.client.app.state.runtime  # type: ignore[union-attr]
    with runtime.unit_of_work() as uow:
        actions = [
            a.action
            for a in uow.session.query(AuditEntry)
            .filter(AuditEntry.entity_type == "pcr")
            .order_by(AuditEntry.id)
        ]
    # create, the read that answers the create, and the supervisor's read (refusals read nothing)
    assert actions == ["create", "read", "read"]


def test_medical_control_documented_on_the_record_clears_a_conditioned_skill(
    world: World, crew: dict[str, str], make_user: MakeUser
) -> None:
    """A skill conditioned on on-line medical control is flagged only when the record names
    no order (eMedications.11 9918001 on-line, 9918003 on-scene, 9918007 written)."""
    admin = make_user("admin", "agency_admin")
    protocol = {
        "agency": {"name": "alpha"},
        "rule": [{"skill": "fentanyl-iv", "effect": "condition", "at_or_above": "paramedic",
                  "medical_control": True, "cite": "Alpha EMS protocol 7.1"}],
    }  # fmt: skip
    put = world.client.put("/api/v1/scope/protocol", json={"document": protocol}, headers=admin)
    assert put.status_code == 204, put.text
    incident, unit, levels = on_scene(world)
    pcr = new_record(world, crew, incident, unit)
    given = {"skill": "fentanyl-iv", "provider_id": levels["paramedic"], "at": moment()}
    unordered = world.post(f"/pcrs/{pcr['id']}/medications", given, crew).json()
    assert unordered["decision"] == "requires_medical_control" and unordered["flag"] is not None
    ordered = world.post(
        f"/pcrs/{pcr['id']}/medications",
        {**given, "authorization": "9918001", "authorizing_physician": "Dr. Rivera"},
        crew,
    ).json()
    assert ordered["decision"] == "requires_medical_control" and ordered["flag"] is None
    assert len(world.get(f"/pcrs/{pcr['id']}", crew).json()["flags"]) == 1
