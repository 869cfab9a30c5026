"""Every list route pages the same way: ``limit`` and ``cursor`` in, ``{items, count,
next_cursor}`` out. Walking the cursor one row at a time over an agency holding several rows
of every kind returns each row exactly once, in the order of the one big page; a cursor we did
not make is a 422 naming ``cursor``. The routes are taken from the OpenAPI document, so a list
route added tomorrow fails here until it is in the table.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from dispatch_world import World, demo_region
from fastapi.testclient import TestClient

from goldenhour.api.app import create_app
from goldenhour.config import Settings
from goldenhour.services.accounts import users as accounts

PASSWORD = "correct-horse-battery"
OVERDOSE = "2301053"
Row = dict[str, Any]
Identity = Callable[[Row], object]


def _by_id(row: Row) -> object:
    return row["id"]


# Each list route: who reads it, with which filter, and what tells its rows apart.
LISTS: dict[str, tuple[str, str, Identity]] = {
    "/api/v1/auth/sessions": ("admin", "", _by_id),
    "/api/v1/users": ("admin", "", _by_id),
    "/api/v1/audit": ("sup", "", _by_id),
    "/api/v1/providers": ("sup", "", _by_id),
    "/api/v1/units/positions": ("sup", "", lambda r: r["unit_id"]),
    "/api/v1/units": ("sup", "", _by_id),
    "/api/v1/incidents": ("sup", "", _by_id),
    "/api/v1/incidents/{incident_id}/notes": ("sup", "", _by_id),
    "/api/v1/call-types": ("sup", "", lambda r: r["call_type"]),
    "/api/v1/pending": ("sup", "", _by_id),
    "/api/v1/scope/protocol/history": ("md", "", _by_id),
    "/api/v1/facilities": ("sup", "", _by_id),
    "/api/v1/facilities/waiting": ("sup", "", lambda r: (r["unit_id"], r["incident_id"])),
    "/api/v1/reference/skills": ("sup", "", lambda r: r["slug"]),
    "/api/v1/pcrs": ("md", "", _by_id),
    "/api/v1/review/flags": ("md", "status=all", _by_id),
    "/api/v1/review/history": ("md", "by=provider", lambda r: r["key"]),
    "/api/v1/surveillance/signals": ("phil", "status=advised", _by_id),
    "/api/v1/advisories": ("phil", "status=published", _by_id),
    "/api/v1/advisories/crew": ("sup", "", _by_id),
}


class Agency:
    """One agency with at least two rows in every list."""

    def __init__(self, client: TestClient, who: dict[str, dict[str, str]], note_on: int) -> None:
        self.client, self.who, self.note_on = client, who, note_on

    def get(self, url: str, role: str) -> Any:
        return self.client.get(url, headers=self.who[role])


def _user(client: TestClient, agency_id: int, name: str, *roles: str) -> dict[str, str]:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.unit_of_work() as uow:
        accounts.create_user(uow, None, agency_id, name, name, PASSWORD, list(roles))
    return _sign_in(client, name)


def _sign_in(client: TestClient, name: str) -> dict[str, str]:
    token = client.post("/api/v1/auth/login", json={"username": name, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Agency]:
    folder = tmp_path_factory.mktemp("pages")
    shutil.copy(sqlite_template, folder / "db.sqlite3")
    url = f"sqlite:///{folder / 'db.sqlite3'}"
    settings = Settings(data_dir=folder / "var", database_url=url, token_ttl_seconds=3600)
    region = demo_region(settings)
    with TestClient(create_app(settings)) as client:
        runtime = client.app.state.runtime  # type: ignore[attr-defined]
        with runtime.unit_of_work() as uow:
            alpha = int(accounts.create_agency(uow, "alpha", "alpha EMS", "WA").id)
        who = {name: _user(client, alpha, name, *roles) for name, roles in {
            "admin": ("agency_admin",), "sup": ("supervisor", "dispatcher"),
            "md": ("medical_director",), "phil": ("public_health_officer",),
            "tablet": ("crew",)}.items()}  # fmt: skip
        for _ in range(2):  # more sessions of the admin
            _sign_in(client, "admin")
        world = World(client, who["sup"], region)
        here, there = world.place("Market Street"), world.place("Old Town")
        units = [world.unit(f"M{n}", "ALS", at=here) for n in (1, 2, 3)]
        calls = [world.call(OVERDOSE, place)["id"] for place in (here, here, here, there, there)]
        calls += [world.call(OVERDOSE, there)["id"]]
        for n in range(3):
            assert world.post(f"/incidents/{calls[5]}/notes", {"text": f"note {n}"}).is_success
        table = [{"call_type": f"Type {n}", "dispatch_reason": "2301079",
                  "type_of_service": "2205001"} for n in range(3)]  # fmt: skip
        assert client.put("/api/v1/call-types", json=table, headers=who["admin"]).is_success
        for n in range(3):
            protocol = {"document": {"agency": {"name": "Alpha"}, "rule": [], "dose": []},
                        "note": f"version {n}"}  # fmt: skip
            put = client.put("/api/v1/scope/protocol", json=protocol, headers=who["md"])
            assert put.status_code == 204, put.text
        for n in range(3):
            lon, lat = world.place("Central Square")
            body = {"name": f"Clinic {n}", "location": {"lon": lon + n / 1000, "lat": lat},
                    "capabilities": ["emergency_department"]}  # fmt: skip
            assert world.post("/facilities", body).status_code == 201
        facility = world.get("/facilities").json()["items"][0]["id"]
        # Each unit on a call, charting a naloxone an EMT may not give (a scope flag each);
        # two of them waiting at the hospital.
        for unit, call in zip(units, calls, strict=False):
            world.bring_to(unit, "at_patient", call)
            tablet = _sign_in(client, "tablet")  # a shared tablet signs in for each unit
            bound = client.put("/api/v1/auth/unit", json={"unit_id": unit}, headers=tablet)
            assert bound.status_code == 204, bound.text
            pcr = world.post("/pcrs", {"incident_id": call, "unit_id": unit}, tablet)
            emt = world.get(f"/units/{unit}").json()["crew"][1]["provider_id"]
            now = datetime.now(UTC).isoformat()
            given = {"skill": "naloxone-iv", "provider_id": emt, "at": now}
            flagged = world.post(f"/pcrs/{pcr.json()['id']}/medications", given, tablet)
            assert flagged.json()["flag"] is not None, flagged.text
        for unit, call in zip(units[:2], calls, strict=False):
            assert world.status(unit, "transporting").status_code == 200
            destination = {"unit_id": unit, "facility_id": facility,
                           "destination_type": "4221003", "reason": "4220019"}  # fmt: skip
            assert world.post(f"/incidents/{call}/destination", destination).status_code == 201
            assert world.status(unit, "at_destination").status_code == 200
        raised = world.post("/surveillance/runs", {}, who["phil"]).json()["items"]
        signals = [s["id"] for s in raised if s["detector"] == "threshold"]
        assert len(signals) >= 2, raised
        for signal in signals[:2]:
            draft = {"english": {"headline": "h", "description": "d", "instruction": "i",
                                 "cmam_text": "c"}, "area": "Market Street", "units": ["M2"],
                     "crew_instruction": "carry naloxone"}  # fmt: skip
            drafted = world.post(f"/surveillance/signals/{signal}/advisories", draft, who["phil"])
            assert drafted.status_code == 201, drafted.text
            approved = world.post(f"/advisories/{drafted.json()['id']}/approve", {}, who["phil"])
            assert approved.is_success, approved.text
        yield Agency(client, who, calls[5])


def _walk(agency: Agency, url: str, role: str, limit: int) -> list[dict[str, Any]]:
    """Every page of ``url``, following next_cursor."""
    pages, cursor = [], None
    while True:
        joiner = "&" if "?" in url else "?"
        answer = agency.get(f"{url}{joiner}limit={limit}" + (f"&cursor={cursor}" if cursor else ""),
                            role)  # fmt: skip
        assert answer.status_code == 200, f"{url}: {answer.text}"
        page = answer.json()
        pages.append(page)
        cursor = page["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 1000, f"{url}: the cursor does not end"


def _url(agency: Agency, path: str, query: str) -> str:
    url = path.replace("{incident_id}", str(agency.note_on))
    return f"{url}?{query}" if query else url


@pytest.mark.parametrize("path", sorted(LISTS))
def test_walking_the_cursor_returns_every_row_of_a_list_exactly_once_in_the_same_shape(
    agency: Agency, path: str
) -> None:
    role, query, identity = LISTS[path]
    url = _url(agency, path, query)
    (whole,) = _walk(agency, url, role, 1000)
    assert len(whole["items"]) >= 2, f"{path}: the fixture holds too few rows to page"
    limit = max(1, len(whole["items"]) // 4)  # several pages, the last maybe short
    pages = _walk(agency, url, role, limit)
    assert len(pages) >= 2
    for page in pages:
        assert set(page) == {"items", "count", "next_cursor"}
        assert page["count"] == len(page["items"]) <= limit
    walked = [identity(row) for page in pages for row in page["items"]]
    assert walked == [identity(row) for row in whole["items"]]
    assert len(set(map(repr, walked))) == len(walked)


@pytest.mark.parametrize("cursor", ["not-ours", "e30", "W10", "WzEsMiwzLDQsNV0"])
@pytest.mark.parametrize("path", sorted(LISTS))
def test_a_cursor_this_list_did_not_make_is_refused_naming_the_cursor(
    agency: Agency, path: str, cursor: str
) -> None:
    """Garbage, an object, an empty key, a key longer than any list's."""
    role, query, _ = LISTS[path]
    url = _url(agency, path, query)
    answer = agency.get(f"{url}{'&' if '?' in url else '?'}cursor={cursor}", role)
    assert answer.status_code == 422, f"{path}: {answer.status_code} {answer.text}"
    assert [e["field"] for e in answer.json()["errors"]] == ["cursor"]


def test_calls_taken_while_a_dispatcher_pages_back_neither_repeat_nor_hide_older_ones(
    agency: Agency,
) -> None:
    """Keyset pages: the newest-first list goes on from the last call shown, whatever arrives
    meanwhile (an offset would shift every later page by the calls taken in between)."""
    before = [i["id"] for i in _walk(agency, "/api/v1/incidents", "sup", 1000)[0]["items"]]
    first = agency.get("/api/v1/incidents?limit=2", "sup").json()
    place = {"location": {"lon": -122.0, "lat": 37.0}, "dispatch_reason": OVERDOSE}
    for _ in range(2):
        taken = agency.client.post("/api/v1/incidents", json=place, headers=agency.who["sup"])
        assert taken.status_code == 201, taken.text
    rest = _walk(agency, f"/api/v1/incidents?cursor={first['next_cursor']}", "sup", 2)
    walked = [i["id"] for page in [first, *rest] for i in page["items"]]
    assert walked == before


def test_a_cursor_of_one_list_is_refused_by_another(agency: Agency) -> None:
    page = agency.get("/api/v1/audit?limit=1", "sup").json()
    answer = agency.get(f"/api/v1/incidents?cursor={page['next_cursor']}", "sup")
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "cursor"


def test_every_list_route_of_the_api_is_in_the_table_and_declares_limit_and_cursor(
    agency: Agency,
) -> None:
    document = agency.client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    lists = {}
    for path, operations in document["paths"].items():
        get = operations.get("get", {})
        content = get.get("responses", {}).get("200", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        schema = schemas.get(schema.get("$ref", "").rsplit("/", 1)[-1], schema)
        if "next_cursor" in schema.get("properties", {}):
            lists[path] = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
    assert set(lists) == set(LISTS)
    assert all({"limit", "cursor"} <= names for names in lists.values()), lists
