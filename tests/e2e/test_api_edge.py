"""What the edge of the API does with what no handler should see or say: an unexpected error is
problem+json with a request id (and logged under it), ids no table can hold and text no database
can store are a 422 naming the field, every response carries the browser-safety headers, patient
data is never cached, and the OpenAPI document declares what the server really sends."""

from __future__ import annotations

import base64
import io
import json
import logging
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from goldenhour import logs
from goldenhour.api.schemas.common import MAX_ID

MakeUser = Callable[..., dict[str, str]]
PROBLEM = "application/problem+json"


@pytest.fixture
def json_logs() -> Iterator[Callable[[], list[dict[str, object]]]]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    stream = io.StringIO()
    logs.configure("json", stream=stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.handlers[:], root.level = saved


def test_an_unexpected_error_is_problem_json_with_a_request_id_that_finds_its_log_line(
    app_client: TestClient, json_logs: Callable[[], list[dict[str, object]]]
) -> None:
    def broken() -> None:
        raise RuntimeError("a bug nobody caught")

    app_client.app.add_api_route("/api/v1/broken", broken)  # type: ignore[attr-defined]
    response = app_client.get("/api/v1/broken")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    request_id = response.headers["x-request-id"]
    assert body["request_id"] == request_id and request_id in body["detail"]
    assert "a bug nobody caught" not in response.text  # no internals to the caller
    logged = json_logs()
    lines = [line for line in logged if line.get("request_id") == request_id]
    assert lines, logged
    failure = next(line for line in lines if line["level"] == "error")
    assert "RuntimeError: a bug nobody caught" in str(failure["exception"])
    access = next(line for line in lines if line["level"] == "info")
    assert access["status"] == 500


def test_a_proxys_request_id_is_kept(app_client: TestClient) -> None:
    response = app_client.get("/health", headers={"X-Request-ID": "edge-1234abcd"})
    assert response.headers["x-request-id"] == "edge-1234abcd"
    forged = app_client.get("/health", headers={"X-Request-ID": "bad id\nwith newline"})
    assert forged.headers["x-request-id"] != "bad id\nwith newline"


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("GET", f"/api/v1/incidents/{2**63}", None, "path.incident_id"),
        ("GET", f"/api/v1/incidents/{MAX_ID + 1}", None, "path.incident_id"),
        ("GET", "/api/v1/incidents/0", None, "path.incident_id"),
        ("POST", "/api/v1/pcrs", {"incident_id": 2**31, "unit_id": 1}, "body.incident_id"),
        ("POST", "/api/v1/units/1/crew", {"provider_id": 2**40}, "body.provider_id"),
    ],
)
def test_ids_no_table_can_hold_are_refused_naming_the_field(
    app_client: TestClient,
    make_user: MakeUser,
    method: str,
    path: str,
    body: object,
    field: str,
) -> None:
    headers = make_user("sup", "supervisor", "crew", "dispatcher")
    response = app_client.request(method, path, json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert field in [e["field"] for e in response.json()["errors"]]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "field"),
    [
        (
            "POST",
            "/api/v1/auth/login",
            {"json": {"username": "a\u0000b", "password": "x"}},
            "body.username",
        ),
        (
            "POST",
            "/api/v1/auth/login",
            {
                "content": b'{"username": "ann", "password": "\\ud800x"}',
                "headers": {"content-type": "application/json"},
            },
            "body.password",
        ),
        (
            "POST",
            "/api/v1/providers",
            {
                "json": {
                    "external_id": "P1",
                    "first_name": "Pat\u0000",
                    "last_name": "Lee",
                    "certifications": [],
                }
            },
            "body.first_name",
        ),
        ("GET", "/api/v1/geocode", {"params": {"q": "Main St\u0000"}}, "query.q"),
        (
            "POST",
            "/api/v1/providers/import",
            {
                "content": b"external_id,first_name\nP1,Pat\x00\n",
                "headers": {"content-type": "text/csv"},
            },
            "body",
        ),
    ],
)
def test_text_no_database_can_store_is_refused_naming_the_field_and_nothing_is_stored(
    app_client: TestClient,
    make_user: MakeUser,
    method: str,
    path: str,
    kwargs: dict[str, object],
    field: str,
) -> None:
    headers = make_user("admin", "agency_admin", "supervisor")
    sent = dict(kwargs)
    extra = sent.pop("headers", {})
    response = app_client.request(
        method,
        path,
        headers={**headers, **extra},
        **sent,  # type: ignore[arg-type]
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["errors"][0]["field"] == field
    assert app_client.get("/api/v1/providers", headers=headers).json()["count"] == 0


def test_every_response_carries_the_browser_safety_headers(app_client: TestClient) -> None:
    for path in ("/board", "/health", "/api/v1/agency", "/docs", "/openapi.json"):
        headers = app_client.get(path).headers
        policy = headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", path  # no inline script, no eval
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"


def test_patient_data_is_never_cached(app_client: TestClient, make_user: MakeUser) -> None:
    headers = make_user("medic", "crew")
    for path in ("/api/v1/pcrs", "/api/v1/incidents", "/api/v1/auth/me"):
        response = app_client.get(path, headers=headers)
        assert response.headers["cache-control"] == "no-store", path


def test_the_openapi_document_declares_problems_statuses_and_the_bearer_scheme(
    app_client: TestClient,
) -> None:
    doc = app_client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "a token from POST /api/v1/auth/login",
    }
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    problem = {"$ref": "#/components/schemas/Problem"}
    get_incident = doc["paths"]["/api/v1/incidents/{incident_id}"]["get"]
    assert get_incident["security"] == [{"bearer": []}]
    for status in ("401", "403", "404", "422", "500", "503"):
        content = get_incident["responses"][status]["content"]
        assert content == {"application/problem+json": {"schema": problem}}, status
    assign = doc["paths"]["/api/v1/incidents/{incident_id}/assignments"]["post"]
    assert {"409", "413"} <= set(assign["responses"])
    login = doc["paths"]["/api/v1/auth/login"]["post"]
    assert "security" not in login and "429" in login["responses"]
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            declared = operation["responses"].get("422", {}).get("content", {})
            assert "application/json" not in declared, (method, path)


def test_metrics_count_requests_by_route_template_in_prometheus_format(
    app_client: TestClient, make_user: MakeUser
) -> None:
    headers = make_user("disp", "dispatcher")
    for incident in (1, 2, 3):
        app_client.get(f"/api/v1/incidents/{incident}", headers=headers)
    response = app_client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    template = 'route="/api/v1/incidents/{incident_id}",status="404"'
    counted = [line for line in text.splitlines() if template in line]
    assert counted and int(counted[0].rsplit(" ", 1)[1]) >= 3
    assert "/api/v1/incidents/1" not in text  # ids never become labels
    for name in (
        "goldenhour_http_request_duration_seconds_bucket",
        "goldenhour_event_streams",
        "goldenhour_events_published_total",
        "goldenhour_calls_waiting",
    ):
        assert name in text, name


def test_a_forged_cursor_naming_an_id_no_table_holds_is_refused(
    app_client: TestClient, make_user: MakeUser
) -> None:
    headers = make_user("disp", "dispatcher")
    forged = base64.urlsafe_b64encode(f"id:{2**70}".encode()).decode().rstrip("=")
    response = app_client.get("/api/v1/incidents", params={"cursor": forged}, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "cursor"
