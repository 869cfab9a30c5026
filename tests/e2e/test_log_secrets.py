"""No token, password, stream ticket or patient field ever reaches a log line: a full flow over
real HTTP (sign-in, a wrong password, the event stream, a call with a complaint and a callback
number, a password change and an admin reset), then the server's whole log is searched."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from dispatch_world import World, demo_region
from live_server import LiveServer

from goldenhour import logs
from goldenhour.api.app import create_app
from goldenhour.cli.server import UVICORN_OPTIONS
from goldenhour.config import Settings
from goldenhour.services.accounts import users as accounts

PASSWORD = "first-secret-pass-1"
CLIENT_LOGGERS = ("httpx", "httpcore")
SECRETS = {
    "new password": "second-secret-pass-2",
    "reset password": "third-secret-pass-3",
    "wrong password": "wrong-secret-pass-0",
    "complaint": "ZEBRA-COMPLAINT fell from ladder",
    "callback number": "555-0199-7734",
    "address": "1313 Mockingbird Lane",
}


@pytest.fixture
def log_text() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    stream = io.StringIO()
    logs.configure("json", stream=stream)
    yield stream
    root.handlers[:], root.level = saved


def test_a_full_flow_leaves_no_secret_or_patient_field_in_the_log(
    database_url: str, tmp_path: Path, log_text: io.StringIO
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=database_url)
    region = demo_region(settings)
    app = create_app(settings)
    with app.state.runtime.unit_of_work() as uow:
        agency_id = accounts.create_agency(uow, "metro", "Metro EMS", "WA").id
    with app.state.runtime.unit_of_work() as uow:
        accounts.create_user(uow, None, agency_id, "sup", "Sup", PASSWORD, ["supervisor"])
    with app.state.runtime.unit_of_work() as uow:
        accounts.create_user(uow, None, agency_id, "admin", "Admin", PASSWORD, ["agency_admin"])
    server = LiveServer(app, **UVICORN_OPTIONS)  # as goldenhour serve runs it
    server.start()
    seen: list[str] = [PASSWORD, *SECRETS.values()]
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:

            def sign_in(username: str, password: str) -> dict[str, str]:
                answer = client.post(
                    "/api/v1/auth/login", json={"username": username, "password": password}
                )
                assert answer.status_code == 200, answer.text
                seen.append(answer.json()["access_token"])
                return {"Authorization": f"Bearer {answer.json()['access_token']}"}

            wrong = {"username": "sup", "password": SECRETS["wrong password"]}
            assert client.post("/api/v1/auth/login", json=wrong).status_code == 401
            sup, admin = sign_in("sup", PASSWORD), sign_in("admin", PASSWORD)
            ticket = client.post("/api/v1/events/ticket", headers=sup).json()["ticket"]
            seen.append(ticket)
            with client.stream("GET", "/api/v1/events", params={"ticket": ticket}) as stream:
                assert stream.status_code == 200
            world = World(client, sup, region)
            lon, lat = world.place("Central Square")
            call = client.post(
                "/api/v1/incidents",
                json={
                    "location": {"lon": lon, "lat": lat},
                    "dispatch_reason": "2301033",
                    "complaint": SECRETS["complaint"],
                    "callback": SECRETS["callback number"],
                    "address": SECRETS["address"],
                    "answers": {},
                },
                headers=sup,
            )
            assert call.status_code == 201, call.text
            assert client.get(f"/api/v1/incidents/{call.json()['id']}", headers=sup).is_success
            changed = client.post(
                "/api/v1/auth/password",
                json={"current_password": PASSWORD, "new_password": SECRETS["new password"]},
                headers=sup,
            )
            assert changed.status_code == 204, changed.text
            sup_id = client.get("/api/v1/auth/me", headers=sup).json()["id"]
            reset = client.post(
                f"/api/v1/users/{sup_id}/password",
                json={"new_password": SECRETS["reset password"]},
                headers=admin,
            )
            assert reset.status_code == 200, reset.text
            sign_in("sup", SECRETS["reset password"])
    finally:
        server.stop()
    # The test's own HTTP client logs in this process too: only the server's lines count.
    lines = [json.loads(line) for line in log_text.getvalue().splitlines()]
    lines = [line for line in lines if not line["logger"].startswith(CLIENT_LOGGERS)]
    text = "\n".join(json.dumps(line) for line in lines)
    access = [line for line in lines if line["logger"] == "goldenhour.request"]
    assert len(access) >= 10 and all(len(line["request_id"]) == 32 for line in access)
    leaked = [value for value in seen if value in text]
    assert leaked == [], f"found in the log: {leaked}"
