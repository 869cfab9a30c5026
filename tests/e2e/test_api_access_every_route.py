"""Every route of the API, taken from its own OpenAPI document, aimed at records that are not
the caller's: an account of another agency holding every role, and a crew member's own
account aimed at another unit of its agency. Every attempt is refused (403 or 404; 422 where
the foreign id is only in the body) and changes nothing; a list read by the other agency holds
none of our records. A route added tomorrow is covered without touching this test: its path
ids and body ids are filled from the table of records below, by name, and a path parameter
nobody has aimed yet fails the test until it is added there.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from dispatch_world import World, demo_region
from fastapi.testclient import TestClient
from openapi_requests import Operation, minimal_body, operations
from sqlalchemy import Engine, select

from goldenhour.adapters.db.engine import make_engine
from goldenhour.adapters.db.tables import Base
from goldenhour.api.app import create_app
from goldenhour.config import Settings
from goldenhour.services.accounts import users as accounts

PASSWORD = "correct-horse-battery"
OVERDOSE = "2301053"
SECRET = "Zanzibar"  # in our facility's name and a patient's name: never in another's reply

# Routes that act on the caller's own account only, or stream without end, or are public on
# purpose (an approved advisory is for everyone); why each one is not aimed at anything.
NOT_AIMED = {
    "POST /api/v1/auth/login": "signs in; names no record",
    "POST /api/v1/auth/logout": "ends the caller's own session",
    "POST /api/v1/auth/password": "changes the caller's own password",
    "POST /api/v1/auth/sessions/revoke-all": "ends the caller's own sessions",
    "GET /api/v1/events": "a stream that never ends (its ticket route is aimed)",
    "GET /public/{slug}/advisories": "public on purpose: approved advisories only",
    "GET /public/{slug}/advisories.atom": "public on purpose: approved advisories only",
    "GET /public/{slug}/advisories/{identifier}.cap": "public on purpose: approved only",
}
# Tables a refused request may still write: the caller's own session (last seen) and the
# audit of the refusal itself.
MAY_CHANGE = {"auth_tokens", "audit_log"}
# What a crew member may read of another unit of its own agency: the board's operational
# picture and the roster, never a patient's record; and it moves no other unit.
CREW_MAY_READ = {
    "GET /api/v1/units/{unit_id}": "the unit's status and crew, as the board shows them",
    "GET /api/v1/units/{unit_id}/assignment": "which call the unit is on, as the board shows",
    "GET /api/v1/facilities/{facility_id}": "a hospital's capabilities and diversion status",
    "GET /api/v1/chart/lists/{name}": "NEMSIS code lists, nobody's record",
    "GET /api/v1/providers/{provider_id}": "the agency's roster, as the chart's crew list shows",
    "GET /api/v1/incidents/{incident_id}": "the call as dispatch shares it with every field unit",
    "GET /api/v1/incidents/{incident_id}/recommendations": "which units dispatch would send",
    "GET /api/v1/incidents/{incident_id}/notes": "the call's notes (CAD comments), as the call",
    "POST /api/v1/scope/check": "may a provider of the agency give this care (reads nothing)",
    "POST /api/v1/destinations/recommend": "hospitals that suit a patient where a unit is",
}
# Path parameters that name reference data, not a record of anyone.
REFERENCE = {"name": "Impression", "service": "emergency_department"}
# Values the schema alone cannot tell (codes checked by the service), so that a request would
# succeed for the record's owner and only the relationship can refuse it.
MEANINGFUL = {
    "POST /api/v1/units/{unit_id}/status": {"status": "out_of_service"},
    "POST /api/v1/pcrs/{pcr_id}/signatures": {"signer": "patient", "not_signed": "4515023"},
    "POST /api/v1/advisories/{advisory_id}/follow": {"msg_type": "Cancel"},
    "POST /api/v1/scope/check": {"skill": "bvm-ventilation"},
    "POST /api/v1/incidents/{incident_id}/destination": {
        "destination_type": "4221003", "reason": "Regional Specialty Center"},
}  # fmt: skip


class Victim:
    """Agency alpha with at least one record of every kind a route can name."""

    def __init__(
        self, client: TestClient, engine: Engine, ids: dict[str, Any], place: tuple[float, float]
    ) -> None:
        self.client, self.engine, self.ids = client, engine, ids
        self.document = client.get("/openapi.json").json()
        lon, lat = place
        now = datetime.now(UTC).isoformat()
        fix = {"unit_id": ids["unit_id"], "lon": lon, "lat": lat, "at": now}
        self.meaningful = {**MEANINGFUL, "POST /api/v1/units/positions": {"positions": [fix]}}

    def fingerprint(self) -> dict[str, str]:
        """A digest of every row of every table a refused request must leave alone."""
        digests: dict[str, str] = {}
        with self.engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                if table.name in MAY_CHANGE:
                    continue
                rows = sorted(map(repr, connection.execute(select(table)).all()))
                digests[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return digests


def _user(client: TestClient, agency_id: int, name: str, *roles: str) -> dict[str, str]:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.unit_of_work() as uow:
        accounts.create_user(uow, None, agency_id, name, name, PASSWORD, list(roles))
    token = client.post("/api/v1/auth/login", json={"username": name, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def _agency(client: TestClient, slug: str) -> int:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.unit_of_work() as uow:
        return int(accounts.create_agency(uow, slug, f"{slug} EMS", "WA").id)


@pytest.fixture(scope="module")
def victim(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Victim]:
    folder = tmp_path_factory.mktemp("access")
    shutil.copy(sqlite_template, folder / "db.sqlite3")
    url = f"sqlite:///{folder / 'db.sqlite3'}"
    settings = Settings(data_dir=folder / "var", database_url=url, token_ttl_seconds=3600)
    region = demo_region(settings)
    with TestClient(create_app(settings)) as client:
        alpha = _agency(client, "alpha")
        admin = _user(client, alpha, "admin", "agency_admin")
        world = World(client, _user(client, alpha, "sup", "supervisor"), region)
        officer = _user(client, alpha, "phil", "public_health_officer")
        m1, m2 = world.unit("M1", "ALS"), world.unit("M2", "ALS", at=world.place("Station 1"))
        crew2 = world.get(f"/units/{m2}").json()["crew"]
        # M1's paramedic signs in with their own account: the crew attacker of this test.
        medic = _user(client, alpha, "medic", "crew")
        medic_id = world.get("/auth/me", medic).json()["id"]
        link = {"provider_id": world.get(f"/units/{m1}").json()["crew"][0]["provider_id"]}
        assert client.put(f"/api/v1/users/{medic_id}/provider", json=link, headers=admin).is_success
        # M2's call, chart (with a scope flag) and tablet; two more overdoses make a signal.
        calls = [world.call(OVERDOSE, world.place("Market Street"))["id"] for _ in range(3)]
        world.bring_to(m2, "at_patient", calls[0])
        tablet = _user(client, alpha, "tablet-m2", "crew")
        bound = client.put("/api/v1/auth/unit", json={"unit_id": m2}, headers=tablet)
        assert bound.status_code == 204, bound.text
        pcr = world.post("/pcrs", {"incident_id": calls[0], "unit_id": m2}, tablet).json()["id"]
        named = {"entries": [{"element": "ePatient.02", "value": SECRET}]}
        assert world.post(f"/pcrs/{pcr}/elements", named, tablet).is_success
        emt = crew2[1]["provider_id"]  # CREWS: a Paramedic, then an EMT
        given = {"skill": "naloxone-iv", "provider_id": emt, "at": datetime.now(UTC).isoformat()}
        assert world.post(f"/pcrs/{pcr}/medications", given, tablet).json()["flag"] is not None
        lon, lat = world.place("Central Square")
        facility = world.post("/facilities", {
            "name": f"{SECRET} General", "location": {"lon": lon, "lat": lat},
            "capabilities": ["emergency_department"]}).json()["id"]  # fmt: skip
        raised = world.post("/surveillance/runs", {}, officer).json()["items"]
        signal = next(s for s in raised if s["detector"] == "threshold")["id"]
        draft = {"english": {"headline": "h", "description": "d", "instruction": "i",
                             "cmam_text": "c"}, "area": "Market Street", "units": ["M2"],
                 "crew_instruction": "carry naloxone"}  # fmt: skip
        drafted = world.post(f"/surveillance/signals/{signal}/advisories", draft, officer)
        assert drafted.status_code == 201, drafted.text
        advisory = drafted.json()
        assert world.post(f"/advisories/{advisory['id']}/approve", {}, officer).is_success
        provider = world.get(f"/providers/{emt}").json()
        director = _user(client, alpha, "md", "medical_director")
        (flag,) = [f["id"] for f in world.get("/review/flags", director).json()["items"]]
        ids = {
            "unit_id": m2, "incident_id": calls[0], "pcr_id": pcr, "provider_id": emt,
            "certification_id": provider["certifications"][0]["id"],
            "assignment_id": next(c["id"] for c in crew2 if c["provider_id"] == emt),
            "facility_id": facility, "user_id": world.get("/auth/me", tablet).json()["id"],
            "advisory_id": advisory["id"], "signal_id": signal, "flag_id": flag,
            "slug": "alpha", "identifier": advisory.get("identifier", "x"),
        }  # fmt: skip
        engine = make_engine(url)
        yield Victim(client, engine, {**ids, "_medic": medic}, world.place("Old Town"))
        engine.dispose()


def _request(victim: Victim, operation: Operation, headers: dict[str, str]) -> Any:
    values = {**victim.ids, **REFERENCE}
    missing = [p for p in operation.parameters if p not in values]
    assert not missing, f"{operation.label}: aim {missing} at a record in the victim fixture"
    kwargs: dict[str, Any] = {"headers": headers}
    if operation.body_type == "application/json":
        body = minimal_body(victim.document, operation.body_schema, victim.ids)
        extra = victim.meaningful.get(operation.label, {})
        kwargs["json"] = {**body, **extra} if isinstance(body, dict) else body  # or a list
    elif operation.body_type is not None:
        kwargs["content"] = b"x"
        kwargs["headers"] = {**headers, "content-type": operation.body_type}
    return victim.client.request(operation.method, operation.url(values), **kwargs)


def _aimed(victim: Victim, operation: Operation) -> bool:
    """Does the request name one of the victim's records (in its path or its body)?"""
    if operation.parameters and set(operation.parameters) - set(REFERENCE):
        return True
    if operation.body_schema is None:
        return False
    return minimal_body(victim.document, operation.body_schema, victim.ids) != minimal_body(
        victim.document, operation.body_schema, {}
    )


def test_another_agency_holding_every_role_reaches_none_of_our_records_on_any_route(
    victim: Victim,
) -> None:
    bravo = _agency(victim.client, "bravo")
    every_role = ("dispatcher", "crew", "supervisor", "medical_director",
                  "public_health_officer", "agency_admin")  # fmt: skip
    mallory = _user(victim.client, bravo, "mallory", *every_role)
    document = victim.client.get("/openapi.json").json()
    wrong: list[str] = []
    for operation in operations(document):
        if operation.label in NOT_AIMED:
            continue
        if not _aimed(victim, operation):  # its own records: may write, must not leak ours
            response = _request(victim, operation, mallory)
            if SECRET in response.text:
                wrong.append(f"{operation.label}: answered with our record {response.text[:200]}")
            continue
        wrong += _refused(victim, operation, mallory)
    assert wrong == [], "\n".join(wrong)


def _refused(victim: Victim, operation: Operation, headers: dict[str, str]) -> list[str]:
    """What is wrong with the answer to a request aimed at the victim's records, if anything."""
    before = victim.fingerprint()
    response = _request(victim, operation, headers)
    changed = [k for k, v in victim.fingerprint().items() if before[k] != v]
    allowed = {403, 404} if set(operation.parameters) - set(REFERENCE) else {403, 404, 422}
    if response.status_code == 422:  # only for the foreign id, not for a body we got wrong
        fields = [e["field"] for e in response.json().get("errors", [])]
        if not any(name in f for f in fields for name in victim.ids):
            allowed = set()
    if changed or response.status_code not in allowed:
        return [
            f"{operation.label}: {response.status_code}, changed {changed}: {response.text[:300]}"
        ]
    return []


def test_a_crew_members_own_account_reaches_no_other_units_records_on_any_route(
    victim: Victim,
) -> None:
    medic = victim.ids["_medic"]
    document = victim.client.get("/openapi.json").json()
    wrong: list[str] = []
    for operation in operations(document):
        if operation.label in NOT_AIMED or operation.label in CREW_MAY_READ:
            continue
        if not _aimed(victim, operation):
            continue
        wrong += _refused(victim, operation, medic)
    assert wrong == [], "\n".join(wrong)
