"""The geocoder over HTTP: what the board's call form asks while a call-taker types."""

from __future__ import annotations

from dispatch_world import MakeUser, demo_region
from fastapi.testclient import TestClient

from goldenhour.config import Settings


def test_a_dispatcher_gets_ranked_candidates_and_a_point_in_words(
    app_client: TestClient, make_user: MakeUser, settings: Settings
) -> None:
    demo_region(settings)
    headers = make_user("disp", "dispatcher")
    found = app_client.get("/api/v1/geocode", params={"q": "Main St / 3rd St"}, headers=headers)
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["count"] == len(body["items"]) >= 1
    best = body["items"][0]
    assert best["kind"] == "intersection" and best["confidence"] >= 0.9

    back = app_client.get(
        "/api/v1/geocode/reverse", params={"lon": best["lon"], "lat": best["lat"]}, headers=headers
    )
    assert back.status_code == 200 and back.json()["found"]["street"] in ("Main St", "3rd St")

    nothing = app_client.get("/api/v1/geocode", params={"q": "Zzyzx Rd / Qqq Ln"}, headers=headers)
    assert nothing.status_code == 200 and nothing.json() == {
        "query": "Zzyzx Rd / Qqq Ln",
        "items": [],
        "count": 0,
    }
    limited = app_client.get("/api/v1/geocode", params={"q": "Main", "limit": 0}, headers=headers)
    assert limited.status_code == 422 and "limit" in limited.text
    assert app_client.get("/api/v1/geocode", params={"q": "Main"}).status_code == 401
