"""The server-sent event stream over real HTTP: agency-scoped, live, and replayable."""

from __future__ import annotations

import contextlib
import json
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from live_server import serving

from goldenhour.api.app import create_app
from goldenhour.api.routers import events
from goldenhour.config import Settings
from goldenhour.services.accounts import sessions
from goldenhour.services.accounts import users as accounts

PASSWORD = "long-password-1"


def read_events(
    url: str, headers: dict[str, str], into: queue.Queue[dict[str, object]], ready: threading.Event
) -> None:
    """Parse the stream into ``into`` until the server goes away at the end of the test."""
    with contextlib.suppress(httpx.HTTPError):
        _read(url, headers, into, ready)


def _read(
    url: str, headers: dict[str, str], into: queue.Queue[dict[str, object]], ready: threading.Event
) -> None:
    with httpx.Client(timeout=30) as client:
        ticket = client.post(f"{url}/api/v1/events/ticket", headers=headers).json()["ticket"]
        _stream(client, url, ticket, headers, into, ready)


def _stream(
    client: httpx.Client,
    url: str,
    ticket: str,
    headers: dict[str, str],
    into: queue.Queue[dict[str, object]],
    ready: threading.Event,
) -> None:
    last_id = {k: v for k, v in headers.items() if k == "Last-Event-ID"}
    with client.stream(
        "GET", f"{url}/api/v1/events", params={"ticket": ticket}, headers=last_id
    ) as response:
        assert response.status_code == 200
        event: dict[str, object] = {}
        for line in response.iter_lines():
            if line.startswith(": connected"):
                ready.set()
            elif line.startswith("id: "):
                event = {"id": int(line[4:])}
            elif line.startswith("data: "):
                event.update(json.loads(line[6:]))
                into.put(event)


@pytest.fixture
def server(settings: Settings) -> Iterator[tuple[str, Callable[..., dict[str, str]]]]:
    app = create_app(settings)
    runtime = app.state.runtime

    def make(username: str, agency: str) -> dict[str, str]:
        with runtime.unit_of_work() as uow:
            agency_id = accounts.create_agency(uow, agency, agency, "WA").id
        with runtime.unit_of_work() as uow:
            accounts.create_user(
                uow, None, agency_id, username, username, PASSWORD, ["agency_admin", "dispatcher"]
            )
        with runtime.unit_of_work() as uow:
            token = accounts.login(uow, settings.secret_key, 600, username, PASSWORD).token
        return {"Authorization": f"Bearer {token}"}

    with serving(app) as url:
        yield url, make


def subscribe(url: str, headers: dict[str, str]) -> queue.Queue[dict[str, object]]:
    received: queue.Queue[dict[str, object]] = queue.Queue()
    ready = threading.Event()
    threading.Thread(target=read_events, args=(url, headers, received, ready), daemon=True).start()
    assert ready.wait(10), "the event stream did not open"
    return received


def test_an_event_reaches_its_own_agency_and_no_other(
    server: tuple[str, Callable[..., dict[str, str]]],
) -> None:
    url, make = server
    alpha, bravo = make("admin-a", "alpha"), make("admin-b", "bravo")
    alpha_events, bravo_events = subscribe(url, alpha), subscribe(url, bravo)
    body = {"username": "medic-a", "full_name": "Medic A", "password": PASSWORD, "roles": ["crew"]}
    assert httpx.post(f"{url}/api/v1/users", json=body, headers=alpha).status_code == 201
    event = alpha_events.get(timeout=5)
    assert event["name"] == "UserCreated"
    assert event["payload"]["username"] == "medic-a"  # type: ignore[index]
    with pytest.raises(queue.Empty):
        bravo_events.get(timeout=0.5)


def test_a_reconnecting_subscriber_replays_what_it_missed(
    server: tuple[str, Callable[..., dict[str, str]]],
) -> None:
    url, make = server
    alpha = make("admin-a", "alpha")
    make("admin-b", "bravo")  # an event of another agency in between must not be replayed
    for name in ("crew-1", "crew-2"):
        body = {"username": name, "full_name": name, "password": PASSWORD, "roles": ["crew"]}
        assert httpx.post(f"{url}/api/v1/users", json=body, headers=alpha).status_code == 201
    replayed = subscribe(url, {**alpha, "Last-Event-ID": "0"})
    names = [replayed.get(timeout=5)["payload"]["username"] for _ in range(3)]  # type: ignore[index]
    assert names == ["admin-a", "crew-1", "crew-2"]
    with pytest.raises(queue.Empty):
        replayed.get(timeout=0.3)


def test_the_stream_opens_with_a_fresh_ticket_and_never_with_the_token_in_its_url(
    server: tuple[str, Callable[..., dict[str, str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, make = server
    alpha = make("admin-a", "alpha")
    token = alpha["Authorization"].removeprefix("Bearer ")
    refused = [
        httpx.get(f"{url}/api/v1/events", headers=alpha),  # a header EventSource cannot send
        httpx.get(f"{url}/api/v1/events", params={"access_token": token}),  # would be logged
        httpx.get(f"{url}/api/v1/events", params={"ticket": token}),
        httpx.get(f"{url}/api/v1/events", params={"ticket": "1.9999999999.forged"}),
    ]
    for response in refused:
        assert response.status_code == 401, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    monkeypatch.setattr(sessions, "TICKET_SECONDS", 0)
    stale = httpx.post(f"{url}/api/v1/events/ticket", headers=alpha).json()["ticket"]
    response = httpx.get(f"{url}/api/v1/events", params={"ticket": stale})
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    monkeypatch.undo()
    assert not subscribe(url, alpha).qsize()  # a fresh ticket opens it


def test_an_event_written_by_one_worker_reaches_a_subscriber_of_another(
    postgres_url: str, tmp_path: Path
) -> None:
    """Two API workers on one PostgreSQL share events through LISTEN/NOTIFY."""
    settings = Settings(data_dir=tmp_path, database_url=postgres_url)
    writer_app, reader_app = create_app(settings), create_app(settings)
    runtime = writer_app.state.runtime
    with runtime.unit_of_work() as uow:
        agency_id = accounts.create_agency(uow, "alpha", "Alpha", "WA").id
    with runtime.unit_of_work() as uow:
        accounts.create_user(uow, None, agency_id, "admin", "Admin", PASSWORD, ["agency_admin"])
    with runtime.unit_of_work() as uow:
        token = accounts.login(uow, settings.secret_key, 600, "admin", PASSWORD).token
    headers = {"Authorization": f"Bearer {token}"}
    with serving(writer_app) as writer, serving(reader_app) as reader:
        events = subscribe(reader, headers)
        body = {"username": "medic", "full_name": "Medic", "password": PASSWORD, "roles": ["crew"]}
        assert httpx.post(f"{writer}/api/v1/users", json=body, headers=headers).status_code == 201
        assert events.get(timeout=5)["payload"]["username"] == "medic"  # type: ignore[index]


def test_signing_out_ends_an_open_stream(
    server: tuple[str, Callable[..., dict[str, str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(events, "SESSION_CHECK_SECONDS", 0.2)
    url, make = server
    alpha = make("admin-a", "alpha")
    other = make("admin-b", "alpha-2")
    stream = subscribe(url, alpha)
    still_open = subscribe(url, other)
    assert httpx.post(f"{url}/api/v1/auth/logout", headers=alpha).status_code == 204
    assert stream.get(timeout=5)["name"] == "SessionEnded"
    body = {"username": "medic-a", "full_name": "Medic A", "password": PASSWORD, "roles": ["crew"]}
    assert httpx.post(f"{url}/api/v1/users", json=body, headers=other).status_code == 201
    assert still_open.get(timeout=5)["name"] == "UserCreated"  # other sessions carry on
    with pytest.raises(queue.Empty):
        stream.get(timeout=0.5)
