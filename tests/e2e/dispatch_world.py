"""A small dispatch world for HTTP tests: the generated demo county, staffed units, calls.

Everything goes through the API as a dispatcher or crew would use it; only the road region is
built directly (``build_demo``, ~2,000 road nodes, deterministic). Units are staffed with real
providers so their level of care is *derived*, never typed in.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2 as httpx
from fastapi.testclient import TestClient

from goldenhour.adapters.db.tables import StoredEvent
from goldenhour.adapters.routing import Region, build_demo, load_region
from goldenhour.config import Settings

MakeUser = Callable[..., dict[str, str]]
NEXT_YEAR = (datetime.now(UTC).date() + timedelta(days=365)).isoformat()
DEMO_SIZE = 2000

# Who staffs a unit at each level: (unit type, equipment) -> certification levels of the crew.
CREWS = {
    ("transport", "ALS"): ("Paramedic", "EMT"),
    ("transport", "BLS"): ("EMT", "EMT"),
    ("first-response", "ALS"): ("Paramedic",),
    ("first-response", "BLS"): ("EMT",),
    ("first-response", "EMR"): ("EMR",),
}
# The path through the timeline to each status (after the assignment that dispatches).
PATHS = {
    "available": [],
    "out_of_service": ["out_of_service"],
    "dispatched": [],
    "en_route": ["en_route"],
    "on_scene": ["en_route", "on_scene"],
    "at_patient": ["en_route", "on_scene", "at_patient"],
    "transporting": ["en_route", "on_scene", "at_patient", "transporting"],
    "at_destination": ["en_route", "on_scene", "at_patient", "transporting", "at_destination"],
    "returning": ["returning"],
}
ON_CALL = {"dispatched", "en_route", "on_scene", "at_patient", "transporting", "at_destination"}


def demo_region(settings: Settings) -> Region:
    build_demo("demo", size=DEMO_SIZE, seed=1, settings=settings)
    return load_region("demo", settings)


def now_iso(seconds_ago: float = 0.0) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds_ago)).isoformat()


@dataclass
class World:
    client: TestClient | httpx.Client
    headers: dict[str, str]  # a supervisor: roster, dispatch and field rights
    region: Region
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def place(self, name: str) -> tuple[float, float]:
        p = self.region.place(name)
        return (p.lon, p.lat)

    def post(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return self.client.post(f"/api/v1{path}", json=body, headers=headers or self.headers)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Any:
        return self.client.get(f"/api/v1{path}", headers=headers or self.headers)

    def provider(self, level: str) -> int:
        n = next(self._ids)
        body = {
            "external_id": f"X{n}",
            "first_name": "Pat",
            "last_name": f"Crew{n}",
            "certifications": [
                {"level": level, "number": f"N{n}", "issuing_state": "WA", "expires": NEXT_YEAR}
            ],
        }
        response = self.post("/providers", body)
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    def unit(
        self,
        call_sign: str,
        level: str,
        unit_type: str = "transport",
        at: tuple[float, float] | None = None,
    ) -> int:
        """A unit staffed to ``level`` and, when ``at`` is given, reporting a fresh position."""
        body = {"call_sign": call_sign, "unit_type": unit_type, "equipment": level}
        response = self.post("/units", body)
        assert response.status_code == 201, response.text
        unit_id = int(response.json()["id"])
        for cert in CREWS[(unit_type, level)]:
            crewed = self.post(f"/units/{unit_id}/crew", {"provider_id": self.provider(cert)})
            assert crewed.status_code == 201, crewed.text
        assert crewed.json()["level_of_care"] == level
        if at is not None:
            self.move(unit_id, at)
        return unit_id

    def move(self, unit_id: int, at: tuple[float, float], seconds_ago: float = 0.0) -> None:
        fix = {"unit_id": unit_id, "lon": at[0], "lat": at[1], "at": now_iso(seconds_ago)}
        response = self.post("/units/positions", {"positions": [fix]})
        assert response.status_code == 200 and response.json()["accepted"] == 1, response.text

    def call(
        self, reason: str, at: tuple[float, float], answers: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        body = {
            "location": {"lon": at[0], "lat": at[1]},
            "dispatch_reason": reason,
            "answers": answers or {},
        }
        response = self.post("/incidents", body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def recommend(self, incident_id: int) -> dict[str, Any]:
        response = self.get(f"/incidents/{incident_id}/recommendations")
        assert response.status_code == 200, response.text
        return dict(response.json())

    def assign(
        self, incident_id: int, unit_id: int, headers: dict[str, str] | None = None, **extra: Any
    ) -> Any:
        body = {"unit_id": unit_id, **extra}
        return self.post(f"/incidents/{incident_id}/assignments", body, headers)

    def status(self, unit_id: int, status: str) -> Any:
        return self.post(f"/units/{unit_id}/status", {"status": status})

    def bring_to(self, unit_id: int, status: str, incident_id: int | None) -> None:
        """Move a fresh, available unit to ``status`` along valid steps only."""
        if status in ON_CALL or status == "returning":
            assert incident_id is not None
            assigned = self.assign(incident_id, unit_id)
            assert assigned.status_code == 201, assigned.text
        for step in PATHS[status]:
            response = self.status(unit_id, step)
            assert response.status_code == 200, response.text


def events(client: TestClient, name: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The stored event log (what the stream replays), oldest first."""
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.unit_of_work() as uow:
        rows = uow.session.query(StoredEvent).order_by(StoredEvent.id).all()
        return [(r.name, r.payload) for r in rows if name is None or r.name == name]


def suggestion(recommendation: dict[str, Any], role: str) -> int | None:
    return next((s["unit_id"] for s in recommendation["suggestions"] if s["role"] == role), None)


def role_of(recommendation: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in recommendation["roles"] if r["role"]["name"] == name)
