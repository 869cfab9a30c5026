"""Property-based fuzzing of the whole API from its own OpenAPI document (schemathesis).

Every operation gets valid and invalid requests (bodies, path ids, query strings) over real
HTTP, signed in as a dispatcher and as an agency admin, on SQLite and PostgreSQL. Whatever is
sent: no 5xx, every error is problem+json with a request id, the response matches what the
document declares (status, media type, body schema), and a refused request stores nothing.

Bounded: ``GOLDENHOUR_FUZZ_EXAMPLES`` examples per operation (default 8) keeps a run to a few
minutes; derandomized so a failure reproduces. Operations that end the fuzzer's own session
(sign out, deactivating users, revoking sessions) or never end (the event stream) are left out.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest
import schemathesis
from dispatch_world import World, demo_region
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from live_server import LiveServer
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine, func, select

from goldenhour.adapters.db.engine import make_engine
from goldenhour.adapters.db.tables import Base
from goldenhour.adapters.db.types import utcnow
from goldenhour.api.app import create_app
from goldenhour.config import Settings
from goldenhour.services.accounts import users as accounts
from goldenhour.services.surveillance import detection

PASSWORD = "fuzz-password-1"
EXAMPLES = int(os.environ.get("GOLDENHOUR_FUZZ_EXAMPLES", "8"))
LEFT_OUT = (
    "/api/v1/auth/logout",
    "/api/v1/auth/sessions",
    "/api/v1/auth/password",
    "/api/v1/users/{user_id}/deactivate",
    "/api/v1/users/{user_id}/sessions",
    "/api/v1/users/{user_id}/password",
    "/api/v1/events",
)

# A refused sign-in is stored on purpose: it counts towards throttling and is audited.
STORES_WHEN_REFUSED = ("/api/v1/auth/login",)


class Fuzzed:
    def __init__(self, url: str, engine: Engine, headers: dict[str, dict[str, str]]) -> None:
        self.url = url
        self.engine = engine
        self.headers = headers

    def fingerprint(self) -> dict[str, int]:
        """Rows in every table: a refused request must leave all of them as they were."""
        with self.engine.connect() as connection:
            return {
                table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
                for table in Base.metadata.sorted_tables
            }


@pytest.fixture
def fuzzed(database_url: str, tmp_path: Any) -> Iterator[Fuzzed]:
    settings = Settings(data_dir=tmp_path, database_url=database_url)
    region = demo_region(settings)
    app = create_app(settings)
    runtime = app.state.runtime
    with runtime.unit_of_work() as uow:
        agency_id = accounts.create_agency(uow, "metro", "Metro EMS", "WA").id
    for username, roles in (
        ("sup", ["supervisor"]),
        ("disp", ["dispatcher"]),
        ("admin", ["agency_admin"]),
    ):
        with runtime.unit_of_work() as uow:
            accounts.create_user(uow, None, agency_id, username, username, PASSWORD, roles)
    server = LiveServer(app)
    server.start()
    engine = make_engine(database_url)
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            tokens = {
                name: client.post(
                    "/api/v1/auth/login", json={"username": name, "password": PASSWORD}
                ).json()["access_token"]
                for name in ("sup", "disp", "admin")
            }
            headers = {name: {"Authorization": f"Bearer {t}"} for name, t in tokens.items()}
            world = World(client, headers["sup"], region)
            # A little of everything, so small generated ids often name real records.
            medic = world.unit("M1", "ALS", at=world.place("Union Station"))
            world.unit("A1", "BLS", at=world.place("Hilltop School"))
            call = world.call("2301033", world.place("Central Square"))
            world.call("2301033", world.place("Old Town"))
            world.bring_to(medic, "at_patient", call["id"])
            lon, lat = world.place("Central Square")
            world.post(
                "/facilities",
                {
                    "name": "Mercy",
                    "location": {"lon": lon, "lat": lat},
                    "capabilities": ["emergency_department"],
                },
            )
            # The server's clock runs the daily surveillance detectors once a day per agency:
            # run today's now, so no background write lands during the fuzzing.
            with runtime.unit_of_work() as uow:
                detection.run_due(uow, utcnow())
            yield Fuzzed(server.url, engine, headers)
    finally:
        server.stop()
        engine.dispose()


def _header(response: Any, name: str) -> str:
    """schemathesis keeps each header as a list of values."""
    values = response.headers.get(name) or [""]
    return str(values[0] if isinstance(values, list) else values)


def _check_problem(response: Any) -> None:
    if response.status_code < 400:
        return
    content_type = _header(response, "content-type")
    assert content_type.startswith("application/problem+json"), (
        response.status_code,
        content_type,
        response.text[:300],
    )
    body = response.json()
    assert body["status"] == response.status_code and body["title"] and body["detail"], body
    assert body["request_id"] == _header(response, "x-request-id"), body


@pytest.mark.parametrize("role", ["disp", "admin"])
def test_no_request_breaks_the_api_or_stores_anything_when_refused(
    fuzzed: Fuzzed, role: str
) -> None:
    document = httpx.get(f"{fuzzed.url}/openapi.json", timeout=120).json()
    schema = schemathesis.openapi.from_dict(document).exclude(path=list(LEFT_OUT))
    headers = fuzzed.headers[role]
    broken: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        strategy = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],  # report the example found, unshrunk
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case: Any) -> None:
            before = fuzzed.fingerprint()
            response = case.call(base_url=fuzzed.url, headers=headers, timeout=30)
            assert response.status_code < 500, (response.status_code, response.text[:500])
            _check_problem(response)
            if response.status_code >= 400 and case.operation.full_path not in STORES_WHEN_REFUSED:
                after = fuzzed.fingerprint()
                changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                assert not changed, f"refused with {response.status_code} but stored {changed}"
            case.validate_response(
                response,
                checks=[
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ],
                headers=headers,
            )

        started = time.perf_counter()
        try:
            run()
        except BaseException as exc:  # collect every broken operation, then fail once
            if isinstance(exc, KeyboardInterrupt):
                raise
            report = "".join(traceback.format_exception(exc))
            broken.append(f"{operation.label}: {report[-3000:]}")
        print(f"{operation.label}: {time.perf_counter() - started:.1f} s", flush=True)
        if broken and broken[-1].startswith(operation.label):
            print(broken[-1], flush=True)
    assert not broken, f"{len(broken)} operations broke:\n" + "\n\n".join(broken)
