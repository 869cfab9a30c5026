"""Sign-in that resists guessing, and the controls a user and an admin have over sessions:
throttling per account and per address (429 + Retry-After, in the audit log), changing one's
password, an admin's reset, the session list and signing out everywhere. Both databases."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from conftest import PASSWORD, login
from goldenhour.domain.accounts.sign_in_throttle import ACCOUNT, ADDRESS

MakeUser = Callable[..., dict[str, str]]
LOGIN = "/api/v1/auth/login"


def attempt(client: TestClient, username: str, password: str) -> int:
    return client.post(LOGIN, json={"username": username, "password": password}).status_code


def audit_actions(client: TestClient, headers: dict[str, str]) -> list[str]:
    entries = client.get("/api/v1/audit", params={"limit": 1000}, headers=headers).json()["items"]
    return [e["action"] for e in entries]


def test_forty_wrong_passwords_then_the_right_one_waits_and_is_audited(
    app_client: TestClient, make_user: MakeUser
) -> None:
    admin = make_user("admin", "agency_admin", "supervisor")
    make_user("ann", "dispatcher")
    statuses = [attempt(app_client, "ann", f"guess-number-{i}") for i in range(40)]
    assert statuses[: ACCOUNT.failures] == [401] * ACCOUNT.failures
    assert set(statuses[ACCOUNT.failures :]) == {429}
    right = app_client.post(LOGIN, json={"username": "ann", "password": PASSWORD})
    assert right.status_code == 429, right.text
    assert right.headers["content-type"].startswith("application/problem+json")
    assert int(right.headers["retry-after"]) > 0
    assert "try again in" in right.json()["detail"]
    actions = audit_actions(app_client, admin)
    assert actions.count("login_failed") == ACCOUNT.failures
    assert actions.count("login_locked") == 1


def test_one_address_guessing_many_accounts_is_slowed_too(
    app_client: TestClient, make_user: MakeUser
) -> None:
    make_user("ann", "dispatcher")
    for i in range(ADDRESS.failures):
        assert attempt(app_client, f"nobody-{i}", "wrong-password!") == 401
    assert attempt(app_client, "ann", PASSWORD) == 429  # same address, an untouched account


def test_a_few_typos_do_not_lock_a_dispatcher_out(
    app_client: TestClient, make_user: MakeUser
) -> None:
    make_user("ann", "dispatcher")
    for _ in range(ACCOUNT.failures - 1):
        assert attempt(app_client, "ann", "typo-typo-typo") == 401
    assert attempt(app_client, "ann", PASSWORD) == 200
    for _ in range(ACCOUNT.failures - 1):  # the right password started the count afresh
        assert attempt(app_client, "ann", "typo-typo-typo") == 401
    assert attempt(app_client, "ann", PASSWORD) == 200


def test_an_admin_reset_lets_a_locked_out_user_in_and_ends_their_sessions(
    app_client: TestClient, make_user: MakeUser
) -> None:
    admin = make_user("admin", "agency_admin", "supervisor")
    ann = make_user("ann", "dispatcher")
    ann_id = app_client.get("/api/v1/auth/me", headers=ann).json()["id"]
    for _ in range(ACCOUNT.failures):
        attempt(app_client, "ann", "wrong-password!")
    assert attempt(app_client, "ann", PASSWORD) == 429
    reset = app_client.post(
        f"/api/v1/users/{ann_id}/password", json={"new_password": "brand-new-pass-1"}, headers=admin
    )
    assert reset.status_code == 200, reset.text
    assert app_client.get("/api/v1/auth/me", headers=ann).status_code == 401
    assert attempt(app_client, "ann", PASSWORD) == 401
    assert attempt(app_client, "ann", "brand-new-pass-1") == 200
    assert "password_reset" in audit_actions(app_client, admin)
    ann_again = login(app_client, "ann", "brand-new-pass-1")
    not_admin = app_client.post(
        f"/api/v1/users/{ann_id}/password", json={"new_password": "x" * 12}, headers=ann_again
    )
    assert not_admin.status_code == 403


def test_changing_ones_password_ends_other_sessions_and_keeps_this_one(
    app_client: TestClient, make_user: MakeUser
) -> None:
    here = make_user("ann", "dispatcher")
    elsewhere = login(app_client, "ann")
    wrong = app_client.post(
        "/api/v1/auth/password",
        json={"current_password": "not-my-password", "new_password": "brand-new-pass-1"},
        headers=here,
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "current_password"
    short = app_client.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "short"},
        headers=here,
    )
    assert short.status_code == 422 and "new_password" in short.text
    changed = app_client.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "brand-new-pass-1"},
        headers=here,
    )
    assert changed.status_code == 204, changed.text
    assert app_client.get("/api/v1/auth/me", headers=here).status_code == 200
    assert app_client.get("/api/v1/auth/me", headers=elsewhere).status_code == 401
    assert attempt(app_client, "ann", PASSWORD) == 401
    assert attempt(app_client, "ann", "brand-new-pass-1") == 200


def test_a_user_lists_their_sessions_and_signs_out_everywhere(
    app_client: TestClient, make_user: MakeUser
) -> None:
    here = make_user("ann", "dispatcher")
    elsewhere = login(app_client, "ann")
    other_user = make_user("bob", "dispatcher")
    listed = app_client.get("/api/v1/auth/sessions", headers=here).json()
    assert listed["count"] == 2
    assert [s["current"] for s in listed["items"]].count(True) == 1
    assert app_client.post("/api/v1/auth/sessions/revoke-all", headers=here).status_code == 204
    for headers in (here, elsewhere):
        assert app_client.get("/api/v1/auth/me", headers=headers).status_code == 401
    assert app_client.get("/api/v1/auth/me", headers=other_user).status_code == 200
