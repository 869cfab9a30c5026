"""``GET /api/v1/nemsis/dem``: the agency as a DEMDataSet a state EMS office accepts."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from lxml import etree
from test_api_credentials import provider, unit

from conftest import require_refdata
from goldenhour.adapters.nemsis.report import NEMSIS_NS
from goldenhour.adapters.nemsis.validation import validate_document

MakeUser = Callable[..., dict[str, str]]


def test_the_agency_exports_as_dem_with_personnel_vehicles_and_scope_tables(
    app_client: TestClient, make_user: MakeUser
) -> None:
    require_refdata("nemsis", "Schematron", "rules", "DEMDataSet.sch")
    supervisor = make_user("sup", "supervisor")
    provider(app_client, supervisor, "P1", "Paramedic")
    provider(app_client, supervisor, "E1", "EMT-Basic")
    unit(app_client, supervisor, "M1")
    response = app_client.get("/api/v1/nemsis/dem?county=53033", headers=supervisor)
    assert response.status_code == 200, response.text
    report = validate_document(response.content, expect="DEMDataSet")
    assert [str(f) for f in report.errors] == []
    root = etree.fromstring(response.content)

    def texts(name: str) -> list[str]:
        return [e.text or "" for e in root.iter(f"{{{NEMSIS_NS}}}{name}")]

    assert texts("dPersonnel.21") == ["E1", "P1"]
    assert sorted(texts("dPersonnel.24")) == ["9925005", "9925007"]  # EMT, Paramedic
    assert texts("dConfiguration.16") == ["M1"]
    assert "9917007" in texts("dConfiguration.06")  # procedures permitted to paramedics
    dispatcher = make_user("disp", "dispatcher")
    assert app_client.get("/api/v1/nemsis/dem?county=53033", headers=dispatcher).status_code == 403
    bad = app_client.get("/api/v1/nemsis/dem?county=WA", headers=supervisor)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "county"
