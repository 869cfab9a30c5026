"""The HTTP API's sign-in, roles, agency isolation and problem+json errors, on both databases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from argon2 import PasswordHasher, extract_parameters
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from conftest import PASSWORD
from goldenhour.adapters.db.tables import AuditEntry, AuthToken, User
from goldenhour.adapters.db.types import utcnow
from goldenhour.api.app import create_app
from goldenhour.config import Settings

MakeUser = Callable[..., dict[str, str]]
PROBLEM = "application/problem+json"


def assert_problem(response: object, status: int, mention: str) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith(PROBLEM)  # type: ignore[attr-defined]
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    assert body["status"] == status and mention in str(body["detail"])
    return body


def audit_count(client: TestClient) -> int:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.unit_of_work() as uow:
        return len(uow.session.query(AuditEntry).all())


def test_health_reports_database_and_revision(app_client: TestClient) -> None:
    body = app_client.get("/health").json()
    assert body["database"] == "ok" and body["revision"] == body["head"] is not None


def test_openapi_docs_are_served(app_client: TestClient) -> None:
    assert app_client.get("/docs").status_code == 200
    assert "/api/v1/auth/login" in app_client.get("/openapi.json").json()["paths"]


def test_login_then_me_then_logout_revokes_the_token(
    app_client: TestClient, make_user: MakeUser
) -> None:
    headers = make_user("ann", "dispatcher")
    assert app_client.get("/api/v1/auth/me", headers=headers).json()["username"] == "ann"
    assert app_client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert_problem(app_client.get("/api/v1/auth/me", headers=headers), 401, "revoked")


def test_wrong_password_and_unknown_user_read_the_same(
    app_client: TestClient, make_user: MakeUser
) -> None:
    make_user("ann", "dispatcher")
    for username, password in (("ann", "wrong-password!"), ("nobody", "wrong-password!")):
        response = app_client.post(
            "/api/v1/auth/login", json={"username": username, "password": password}
        )
        assert_problem(response, 401, "wrong username or password")


def test_a_hash_made_with_older_parameters_is_redone_at_the_next_right_sign_in(
    app_client: TestClient, make_user: MakeUser
) -> None:
    """Hashes stored with argon2-cffi's default (RFC 9106 low-memory) parameters still sign in,
    and are rewritten with the current ones then; a wrong password rewrites nothing."""
    make_user("ann", "dispatcher")
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]

    def stored() -> str:
        with runtime.unit_of_work() as uow:
            return uow.session.scalar(select(User.password_hash).where(User.username == "ann"))

    older = PasswordHasher().hash(PASSWORD)
    with runtime.unit_of_work() as uow:
        uow.session.execute(update(User).where(User.username == "ann").values(password_hash=older))
        uow.session.commit()
    wrong = {"username": "ann", "password": "not-the-password"}
    assert app_client.post("/api/v1/auth/login", json=wrong).status_code == 401
    assert stored() == older
    right = {"username": "ann", "password": PASSWORD}
    assert app_client.post("/api/v1/auth/login", json=right).status_code == 200
    redone = stored()
    assert redone != older
    assert extract_parameters(redone) != extract_parameters(older)
    assert app_client.post("/api/v1/auth/login", json=right).status_code == 200
    assert stored() == redone  # current parameters: left as it is


def test_an_expired_token_is_refused(app_client: TestClient, make_user: MakeUser) -> None:
    headers = make_user("ann", "dispatcher")
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.unit_of_work() as uow:
        uow.session.execute(update(AuthToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        uow.session.commit()
    assert_problem(app_client.get("/api/v1/auth/me", headers=headers), 401, "expired")


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}],
)
def test_routes_need_a_valid_bearer_token(app_client: TestClient, headers: dict[str, str]) -> None:
    response = app_client.get("/api/v1/agency", headers=headers)
    assert_problem(response, 401, "")
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_dispatcher_may_not_manage_users(app_client: TestClient, make_user: MakeUser) -> None:
    headers = make_user("ann", "dispatcher")
    before = audit_count(app_client)
    body = {
        "username": "eve",
        "full_name": "Eve",
        "password": "long-password-1",
        "roles": ["agency_admin"],
    }
    assert_problem(
        app_client.post("/api/v1/users", json=body, headers=headers), 403, "agency_admin"
    )
    assert_problem(app_client.get("/api/v1/audit", headers=headers), 403, "supervisor")
    assert audit_count(app_client) == before


def test_another_agencys_user_is_not_found(app_client: TestClient, make_user: MakeUser) -> None:
    admin_a = make_user("admin-a", "agency_admin", agency="alpha")
    admin_b = make_user("admin-b", "agency_admin", agency="bravo")
    b_id = app_client.get("/api/v1/auth/me", headers=admin_b).json()["id"]
    assert_problem(app_client.get(f"/api/v1/users/{b_id}", headers=admin_a), 404, "user")
    assert_problem(
        app_client.post(f"/api/v1/users/{b_id}/deactivate", headers=admin_a), 404, "user"
    )
    listed = app_client.get("/api/v1/users", headers=admin_a).json()
    assert [u["username"] for u in listed["items"]] == ["admin-a"] and listed["count"] == 1
    assert app_client.get("/api/v1/agency", headers=admin_a).json()["slug"] == "alpha"
    audit_a = app_client.get("/api/v1/audit", headers=make_user("sup-a", "supervisor")).json()
    assert "admin-b" not in str(audit_a)


def test_admin_creates_a_user_who_can_sign_in(app_client: TestClient, make_user: MakeUser) -> None:
    admin = make_user("admin", "agency_admin")
    body = {
        "username": "medic1",
        "full_name": "Pat Medic",
        "password": "long-password-1",
        "roles": ["crew"],
    }
    created = app_client.post("/api/v1/users", json=body, headers=admin)
    assert created.status_code == 201 and created.json()["roles"] == ["crew"]
    login = app_client.post(
        "/api/v1/auth/login", json={"username": "medic1", "password": "long-password-1"}
    )
    assert login.status_code == 200 and login.json()["roles"] == ["crew"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {
                "username": "x1",
                "full_name": "X",
                "password": "long-password-1",
                "roles": ["crew"],
                "shoe_size": 9,
            },
            "body.shoe_size",
        ),
        ({"username": "x1", "full_name": "X", "password": "short", "roles": ["crew"]}, "password"),
        (
            {
                "username": "x1",
                "full_name": "X",
                "password": "long-password-1",
                "roles": ["wizard"],
            },
            "roles",
        ),
        ({"username": "x1", "full_name": "X", "password": "long-password-1"}, "body.roles"),
    ],
)
def test_invalid_bodies_get_422_naming_the_field_and_store_nothing(
    app_client: TestClient, make_user: MakeUser, body: dict[str, object], field: str
) -> None:
    admin = make_user("admin", "agency_admin")
    before = audit_count(app_client)
    problem = assert_problem(app_client.post("/api/v1/users", json=body, headers=admin), 422, "")
    assert field in [e["field"] for e in problem["errors"]]  # type: ignore[union-attr]
    assert audit_count(app_client) == before


def test_malformed_json_is_a_422_problem(app_client: TestClient, make_user: MakeUser) -> None:
    admin = make_user("admin", "agency_admin")
    response = app_client.post(
        "/api/v1/users", content=b"{not json", headers={**admin, "Content-Type": "application/json"}
    )
    assert_problem(response, 422, "JSON")


def test_oversized_bodies_get_413(settings: Settings) -> None:
    small = Settings(**{**settings.__dict__, "max_body_bytes": 200})
    with TestClient(create_app(small)) as client:
        big = {"username": "x" * 500, "password": "y"}
        assert_problem(client.post("/api/v1/auth/login", json=big), 413, "200 bytes")

        def chunks() -> object:
            yield b'{"username": "'
            yield b"x" * 500
            yield b'", "password": "y"}'

        response = client.post(
            "/api/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert_problem(response, 413, "200 bytes")


def test_unknown_route_is_a_404_problem(app_client: TestClient) -> None:
    assert_problem(app_client.get("/api/v1/nothing-here"), 404, "Not Found")


def test_health_is_503_when_the_database_is_down(tmp_path: object) -> None:
    down = Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with TestClient(create_app(down)) as client:
        response = client.get("/health")
        assert response.status_code == 503 and response.json()["database"] == "unreachable"
        login = client.post("/api/v1/auth/login", json={"username": "a", "password": "b"})
        assert_problem(login, 503, "database")
