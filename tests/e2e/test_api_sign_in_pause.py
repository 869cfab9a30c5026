"""A refused sign-in is answered after a pause that holds nothing, so guessing slows only the
guesser: the pause is served on the event loop after the request's unit of work has closed
(no thread, connection or admission slot), and a right password is not paused. Both databases."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import PASSWORD
from goldenhour.adapters.db.tables import AuditEntry
from goldenhour.config import Settings
from goldenhour.domain.accounts.sign_in_throttle import ACCOUNT

PAUSE_S = 1.5
LOGIN = "/api/v1/auth/login"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, failed_sign_in_pause_ms=int(PAUSE_S * 1000))


def timed_sign_in(client: TestClient, password: str) -> tuple[int, float]:
    started = time.monotonic()
    status = client.post(LOGIN, json={"username": "ann", "password": password}).status_code
    return status, time.monotonic() - started


def test_wrong_passwords_and_refusals_wait_out_the_pause_and_a_right_one_does_not(
    app_client: TestClient, make_user: Callable[..., dict[str, str]]
) -> None:
    make_user("ann", "dispatcher")
    status, spent = timed_sign_in(app_client, PASSWORD)
    assert status == 200 and spent < PAUSE_S
    answers = [timed_sign_in(app_client, "a-wrong-guess") for _ in range(ACCOUNT.failures + 1)]
    assert [s for s, _ in answers] == [401] * ACCOUNT.failures + [429]
    assert min(t for _, t in answers) >= PAUSE_S


def test_a_pausing_refusal_holds_no_admission_slot(
    app_client: TestClient, make_user: Callable[..., dict[str, str]]
) -> None:
    make_user("ann", "dispatcher")
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]

    def failure_on_record() -> bool:
        with runtime.unit_of_work() as uow:
            failed = select(AuditEntry.id).where(AuditEntry.action == "login_failed")
            return uow.session.scalar(failed) is not None

    guess = threading.Thread(target=timed_sign_in, args=(app_client, "a-wrong-guess"))
    started = time.monotonic()
    guess.start()
    while not failure_on_record():  # the attempt's work is over once its failure is stored
        assert guess.is_alive(), "answered before its failure was on record"
        time.sleep(0.02)
    while runtime.writers.busy and time.monotonic() - started < PAUSE_S:
        time.sleep(0.01)  # its unit of work closing, just after the commit
    assert runtime.writers.busy == 0
    assert guess.is_alive()  # still pausing, holding nothing
    guess.join()
    assert time.monotonic() - started >= PAUSE_S
