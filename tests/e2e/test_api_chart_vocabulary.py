"""The chart's vocabulary through HTTP: Defined Lists read from the reference data, medications
by their common names, weight-based doses from the protocol the medical director edits (with
its history)."""

from __future__ import annotations

from typing import Any

from dispatch_world import MakeUser
from fastapi.testclient import TestClient

from conftest import require_refdata

PROTOCOL: dict[str, Any] = {
    "agency": {"name": "alpha"},
    "rule": [],
    "dose": [{"skill": "naloxone-iv", "per_kg": 0.1, "unit": "mg", "max": 2,
              "concentration": 0.4, "cite": "Alpha protocol 4.2 (NASEMSO 2022)"}],
}  # fmt: skip


def test_impressions_are_searched_in_the_nemsis_defined_list(
    app_client: TestClient, make_user: MakeUser
) -> None:
    require_refdata("nemsis", "DefinedLists", "Impression", "Impression.csv")
    crew = make_user("medic", "crew")
    found = app_client.get("/api/v1/chart/lists/Impression?q=opioid", headers=crew).json()
    assert {"code": "F11", "label": "Suspected Opioid related",
            "category": "Alcohol/Drug Exposure"} in found  # fmt: skip
    symptoms = app_client.get("/api/v1/chart/lists/Symptom?q=breath", headers=crew).json()
    assert symptoms and all("breath" in (s["label"] + s["category"]).lower() for s in symptoms[:1])
    for listed, typed, code in (("MedicalSurgicalHistory", "diabetes", "E11.8"),
                                ("MedicationAllergy", "penicillin", "Z88.0"),
                                ("EnvironmentalFoodAllergy", "peanut", "91935009"),
                                ("CauseOfInjury", "chair", "W07")):  # fmt: skip
        found = app_client.get(f"/api/v1/chart/lists/{listed}?q={typed}", headers=crew).json()
        assert code in {c["code"] for c in found}, (listed, found)
    missing = app_client.get("/api/v1/chart/lists/Horoscope", headers=crew)
    assert missing.status_code == 404 and "Impression" in missing.json()["detail"]
    narcan = app_client.get("/api/v1/chart/medications?q=narcan", headers=crew).json()
    assert {m["slug"] for m in narcan} >= {"naloxone-iv", "naloxone-intranasal", "naloxone-im"}
    assert {m["listed_as"] for m in narcan} == {"Naloxone (Narcan)"}


def test_the_medical_director_edits_the_protocol_with_history_and_crews_get_its_doses(
    app_client: TestClient, make_user: MakeUser
) -> None:
    director, crew = make_user("md", "medical_director"), make_user("medic", "crew")
    url = "/api/v1/chart/dose?skill=naloxone-iv&weight_kg=12"
    none = app_client.get(url, headers=crew)
    assert none.status_code == 404 and "no weight-based dose for naloxone-iv" in none.text
    put = app_client.put("/api/v1/scope/protocol", headers=director,
                         json={"document": PROTOCOL, "note": "paediatric naloxone"})  # fmt: skip
    assert put.status_code == 204, put.text
    dose = app_client.get(url, headers=crew).json()
    assert (dose["dose"], dose["unit_code"], dose["volume_ml"]) == (1.2, "3706021", 3.0)
    assert dose["cite"].startswith("Alpha protocol 4.2")
    bad = {**PROTOCOL, "dose": [{"skill": "naloxone-iv", "per_kg": 0.1, "unit": "mg"}]}
    refused = app_client.put("/api/v1/scope/protocol", headers=director, json={"document": bad})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "dose[0].max"
    second = {**PROTOCOL, "dose": [{**PROTOCOL["dose"][0], "max": 0.4}]}
    app_client.put("/api/v1/scope/protocol", headers=director,
                   json={"document": second, "note": "titrate: 0.4 mg at a time"})  # fmt: skip
    history = app_client.get("/api/v1/scope/protocol/history", headers=director).json()
    assert [v["note"] for v in history["items"]] == ["titrate: 0.4 mg at a time",
                                                     "paediatric naloxone"]  # fmt: skip
    assert app_client.get(url, headers=crew).json()["capped"] == "max"
    assert app_client.put("/api/v1/scope/protocol", headers=crew,
                          json={"document": PROTOCOL}).status_code == 403  # fmt: skip
    assert app_client.get("/api/v1/scope/protocol/history", headers=crew).status_code == 403
