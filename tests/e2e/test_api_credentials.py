"""Providers, crews and scope through HTTP on both databases: the level of care follows the crew."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

MakeUser = Callable[..., dict[str, str]]
TODAY = datetime.now(UTC).date()
NEXT_YEAR = (TODAY + timedelta(days=365)).isoformat()


def provider(
    client: TestClient, headers: dict[str, str], external_id: str, level: str, **cert: object
) -> int:
    body = {
        "external_id": external_id,
        "first_name": "Pat",
        "last_name": external_id,
        "certifications": [
            {
                "level": level,
                "number": f"N-{external_id}",
                "issuing_state": "WA",
                "issued": "2020-01-01",
                "expires": NEXT_YEAR,
                **cert,
            }
        ],
    }
    response = client.post("/api/v1/providers", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def unit(
    client: TestClient,
    headers: dict[str, str],
    call_sign: str,
    unit_type: str = "transport",
    equipment: str = "ALS",
) -> int:
    body = {"call_sign": call_sign, "unit_type": unit_type, "equipment": equipment}
    response = client.post("/api/v1/units", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def crew(client: TestClient, headers: dict[str, str], unit_id: int, provider_id: int) -> dict:
    response = client.post(
        f"/api/v1/units/{unit_id}/crew", json={"provider_id": provider_id}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def supervisor(make_user: MakeUser) -> dict[str, str]:
    return make_user("sup", "supervisor")


def test_unit_level_follows_the_crew_on_duty(
    app_client: TestClient, supervisor: dict[str, str]
) -> None:
    """ALS transport needs a Paramedic in good standing plus a second provider (EMT or above)."""
    medic = provider(app_client, supervisor, "P1", "EMT-P")  # legacy name for Paramedic
    emt = provider(app_client, supervisor, "E1", "EMT-Basic")
    medic_unit = unit(app_client, supervisor, "M1")
    assert (
        app_client.get(f"/api/v1/units/{medic_unit}", headers=supervisor).json()["level_of_care"]
        is None
    )
    assert crew(app_client, supervisor, medic_unit, emt)["level_of_care"] is None
    after = crew(app_client, supervisor, medic_unit, medic)
    assert after["level_of_care"] == "ALS" and after["nemsis_capability"] == "2207015"
    assignment = next(c["id"] for c in after["crew"] if c["provider_id"] == medic)
    ended = app_client.post(
        f"/api/v1/units/{medic_unit}/crew/{assignment}/end", json={}, headers=supervisor
    ).json()
    assert ended["level_of_care"] is None
    assert any("has 1" in r["detail"] for r in ended["level_reasons"])


def test_suspension_drops_the_unit_level_and_announces_it(
    app_client: TestClient, supervisor: dict[str, str]
) -> None:
    medic = provider(app_client, supervisor, "P1", "Paramedic")
    partner = provider(app_client, supervisor, "E1", "EMT")
    ambulance = unit(app_client, supervisor, "M1")
    crew(app_client, supervisor, ambulance, medic)
    assert crew(app_client, supervisor, ambulance, partner)["level_of_care"] == "ALS"
    cert_id = app_client.get(f"/api/v1/providers/{medic}", headers=supervisor).json()[
        "certifications"
    ][0]["id"]
    response = app_client.post(
        f"/api/v1/providers/{medic}/certifications/{cert_id}/status",
        json={"status": "suspended"},
        headers=supervisor,
    )
    assert response.status_code == 200 and response.json()["status"] == "suspended"
    level = app_client.get(f"/api/v1/units/{ambulance}", headers=supervisor).json()
    assert level["level_of_care"] is None  # one EMT in good standing cannot staff an ambulance
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    from goldenhour.adapters.db.tables import StoredEvent

    with runtime.unit_of_work() as uow:
        changes = [
            e.payload
            for e in uow.session.query(StoredEvent).order_by(StoredEvent.id)
            if e.name == "UnitLevelChanged"
        ]
    assert [(c["previous"], c["current"]) for c in changes][-2:] == [(None, "ALS"), ("ALS", None)]


def test_a_provider_cannot_be_on_two_units_at_once(
    app_client: TestClient, supervisor: dict[str, str]
) -> None:
    emt = provider(app_client, supervisor, "E1", "EMT")
    first, second = unit(app_client, supervisor, "M1"), unit(app_client, supervisor, "M2")
    crew(app_client, supervisor, first, emt)
    response = app_client.post(
        f"/api/v1/units/{second}/crew", json={"provider_id": emt}, headers=supervisor
    )
    assert response.status_code == 409 and "already on unit M1" in response.json()["detail"]


def test_scope_check_for_a_real_provider_and_for_a_level(
    app_client: TestClient, supervisor: dict[str, str]
) -> None:
    emt = provider(app_client, supervisor, "E1", "EMT")
    check = app_client.post(
        "/api/v1/scope/check",
        json={"provider_id": emt, "skill": "endotracheal-intubation"},
        headers=supervisor,
    ).json()
    assert check["decision"] == "denied" and check["reasons"]
    ok = app_client.post(
        "/api/v1/scope/check", json={"provider_id": emt, "skill": "cpr"}, headers=supervisor
    ).json()
    assert ok["decision"] == "allowed" and ok["certification"]["level"] == "emt"
    hypothetical = app_client.post(
        "/api/v1/scope/check",
        json={"level": "Paramedic", "skill": "endotracheal-intubation"},
        headers=supervisor,
    ).json()
    assert hypothetical["decision"] == "allowed"
    expired_then = app_client.post(
        "/api/v1/scope/check",
        json={
            "provider_id": emt,
            "skill": "cpr",
            "at": (datetime.now(UTC) + timedelta(days=800)).isoformat(),
        },
        headers=supervisor,
    ).json()
    assert expired_then["decision"] == "denied"
    assert any("expired" in r["detail"] for r in expired_then["reasons"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"skill": "cpr"}, "provider_id"),
        ({"skill": "levitation", "level": "EMT"}, "skill"),
        ({"skill": "cpr", "level": "Wizard"}, "level"),
    ],
)
def test_bad_scope_questions_name_the_field(
    app_client: TestClient, supervisor: dict[str, str], body: dict[str, object], field: str
) -> None:
    response = app_client.post("/api/v1/scope/check", json=body, headers=supervisor)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_unknown_skill_suggests_close_names(
    app_client: TestClient, supervisor: dict[str, str]
) -> None:
    response = app_client.post(
        "/api/v1/scope/check", json={"skill": "intubaton", "level": "EMT"}, headers=supervisor
    )
    assert response.status_code == 422 and "intubation" in response.json()["detail"]


ROSTER_HEADER = (
    "external_id,first_name,last_name,level,certification_number,issuing_state,"
    "issued,expires,status,endorsements\n"
)


def test_roster_import_is_all_or_nothing_with_every_bad_row(
    app_client: TestClient, supervisor: dict[str, str]
) -> None:
    bad = ROSTER_HEADER + (
        f"A1,Ann,Lee,Paramedic,P-1,WA,2020-01-01,{NEXT_YEAR},active,\n"
        "B2,Bob,Kim,EMT,E-2,WA,2020-01-01,2021-01-01,active,\n"  # expired
        f"C3,Cy,Ng,Astronaut,X-3,WA,2020-01-01,{NEXT_YEAR},active,\n"  # unknown level
        f"D4,Di,Oh,EMT,E-4,WA,2024-05-01,2024-01-01,active,\n"  # dates out of order
    )
    headers = {**supervisor, "Content-Type": "text/csv"}
    response = app_client.post("/api/v1/providers/import", content=bad, headers=headers)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"row 3: expires", "row 4: level", "row 5: expires"} <= fields
    assert app_client.get("/api/v1/providers", headers=supervisor).json()["count"] == 0

    good = ROSTER_HEADER + (
        f"A1,Ann,Lee,Paramedic,P-1,WA,2020-01-01,{NEXT_YEAR},active,\n"
        f"A1,Ann,Lee,EMT,E-1,WA,2018-01-01,{NEXT_YEAR},active,tactical-ems:{NEXT_YEAR}\n"
        f"B2,Bob,Kim,CFR,R-2,WA,2020-01-01,{NEXT_YEAR},active,\n"
    )
    report = app_client.post("/api/v1/providers/import", content=good, headers=headers).json()
    assert report["created"] == 2
    ann = next(p for p in report["providers"] if p["external_id"] == "A1")
    assert [c["level"] for c in ann["certifications"]] == ["paramedic", "emt"]
    assert ann["endorsements"][0]["expires"] == NEXT_YEAR
    again = app_client.post("/api/v1/providers/import", content=good, headers=headers)
    assert again.status_code == 422 and "already exists" in again.text


def test_dispatchers_read_the_roster_but_cannot_change_it(
    app_client: TestClient, make_user: MakeUser, supervisor: dict[str, str]
) -> None:
    dispatcher = make_user("disp", "dispatcher")
    provider(app_client, supervisor, "P1", "Paramedic")
    assert app_client.get("/api/v1/providers", headers=dispatcher).json()["count"] == 1
    body = {"call_sign": "M9", "unit_type": "transport", "equipment": "ALS"}
    assert app_client.post("/api/v1/units", json=body, headers=dispatcher).status_code == 403


def test_other_agencies_providers_and_units_are_not_found(
    app_client: TestClient, make_user: MakeUser, supervisor: dict[str, str]
) -> None:
    other = make_user("sup-b", "supervisor", agency="bravo")
    medic = provider(app_client, supervisor, "P1", "Paramedic")
    ambulance = unit(app_client, supervisor, "M1")
    for method, path, body in [
        ("GET", f"/api/v1/providers/{medic}", None),
        (
            "POST",
            f"/api/v1/providers/{medic}/certifications",
            {"level": "EMT", "number": "x", "issuing_state": "WA"},
        ),
        ("POST", f"/api/v1/providers/{medic}/endorsements", {"name": "x"}),
        ("GET", f"/api/v1/units/{ambulance}", None),
        ("POST", f"/api/v1/units/{ambulance}/crew", {"provider_id": medic}),
        ("POST", "/api/v1/scope/check", {"provider_id": medic, "skill": "cpr"}),
    ]:
        response = app_client.request(method, path, json=body, headers=other)
        assert response.status_code == 404, (path, response.text)
    assert app_client.get("/api/v1/units", headers=other).json()["count"] == 0


def test_an_agency_protocol_may_narrow_but_never_widen(
    app_client: TestClient, make_user: MakeUser, supervisor: dict[str, str]
) -> None:
    admin = make_user("admin", "agency_admin")
    medic = provider(app_client, supervisor, "P1", "Paramedic")
    emt = provider(app_client, supervisor, "E1", "EMT")
    narrow = {
        "agency": {"name": "alpha"},
        "rule": [
            {
                "skill": "endotracheal-intubation",
                "effect": "deny",
                "levels": ["paramedic"],
                "cite": "Alpha EMS protocol 4.2: supraglottic airways only",
            }
        ],
    }
    response = app_client.put("/api/v1/scope/protocol", json={"document": narrow}, headers=admin)
    assert response.status_code == 204, response.text
    check = {"provider_id": medic, "skill": "endotracheal-intubation"}
    decided = app_client.post("/api/v1/scope/check", json=check, headers=supervisor).json()
    assert decided["decision"] == "denied"
    widen = {
        "agency": {"name": "alpha"},
        "rule": [
            {
                "skill": "endotracheal-intubation",
                "effect": "permit",
                "levels": ["emt"],
                "cite": "we would like this",
            }
        ],
    }
    refused = app_client.put("/api/v1/scope/protocol", json={"document": widen}, headers=admin)
    assert refused.status_code == 422
    check = {"provider_id": emt, "skill": "endotracheal-intubation"}
    assert (
        app_client.post("/api/v1/scope/check", json=check, headers=supervisor).json()["decision"]
        == "denied"
    )
    # the narrowing protocol is still in force: the refused one replaced nothing
    check = {"provider_id": medic, "skill": "endotracheal-intubation"}
    assert (
        app_client.post("/api/v1/scope/check", json=check, headers=supervisor).json()["decision"]
        == "denied"
    )


def test_certification_dates_out_of_order_are_refused(
    app_client: TestClient, supervisor: dict[str, str]
) -> None:
    medic = provider(app_client, supervisor, "P1", "Paramedic")
    body = {
        "level": "EMT",
        "number": "E",
        "issuing_state": "WA",
        "issued": "2024-02-01",
        "expires": date(2024, 1, 1).isoformat(),
    }
    response = app_client.post(
        f"/api/v1/providers/{medic}/certifications", json=body, headers=supervisor
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "expires"
