"""POST /api/v1/planning/compare: base and scenario on the same calls, for supervisors."""

from __future__ import annotations

import pytest

from conftest import require_refdata


@pytest.fixture(autouse=True)
def auckland():
    require_refdata("planning", "jemss_cities", "auckland", "models", "1")


def test_a_supervisor_compares_the_base_with_one_ambulance_fewer(app_client, make_user):
    body = {"city": "auckland", "scenario": "one less: remove A1", "days": 2, "replications": 2}
    response = app_client.post(
        "/api/v1/planning/compare", json=body, headers=make_user("sup", "supervisor")
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["scenario"] == "one less"
    assert result["overall"]["difference"]["calls"]["mean"] == 0  # same calls in both
    assert result["overall"]["difference"]["utilisation.mean"]["mean"] > 0
    assert [row["priority"] for row in result["priorities"]][0] == "P1"


def test_a_dispatcher_may_not_run_planning(app_client, make_user):
    body = {"city": "auckland", "scenario": "remove A1"}
    response = app_client.post(
        "/api/v1/planning/compare", json=body, headers=make_user("disp", "dispatcher")
    )
    assert response.status_code == 403


def test_a_bad_scenario_is_a_problem_naming_the_clause(app_client, make_user):
    body = {"city": "auckland", "scenario": "x: move A1@S99"}
    response = app_client.post(
        "/api/v1/planning/compare", json=body, headers=make_user("sup", "supervisor")
    )
    assert response.status_code == 422
    assert "scenario x: move A1@S99" in response.json()["detail"]
