"""The built web pages as a browser first meets them: served by the API, with their assets,
no inline script or style a strict Content-Security-Policy would block; and the OpenAPI
document the pages' types come from, printed by ``goldenhour openapi`` without a server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import missing
from goldenhour.api.app import create_app
from goldenhour.config import Settings
from goldenhour.web import DIST

BUILT_PAGES = sorted(p.name for p in (DIST.glob("*.html")))


def test_every_page_in_web_is_built() -> None:
    sources = Path(__file__).resolve().parents[2] / "web"
    wanted = sorted(p.name for p in sources.glob("*.html"))
    if not BUILT_PAGES:
        missing("the web pages are not built (make setup)")
    assert wanted == BUILT_PAGES


@pytest.mark.parametrize("page", BUILT_PAGES or ["board.html"])
def test_a_built_page_and_its_assets_are_served_without_inline_code(
    tmp_path: Path, page: str
) -> None:
    if not (DIST / page).is_file():
        missing("the web pages are not built (make setup)")
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        html = client.get(f"/app/{page}")
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        text = html.text
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S)
        assert scripts, "the page loads no script"
        assert all("src=" in attrs and not body.strip() for attrs, body in scripts)
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", text), "inline style or handler"
        assets = re.findall(r'(?:src|href)="(/app/assets/[^"]+)"', text)
        assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
        for asset in assets:
            answer = client.get(asset)
            assert answer.status_code == 200, asset
            kind = "javascript" if asset.endswith(".js") else "css"
            assert kind in answer.headers["content-type"], (asset, answer.headers)


def test_goldenhour_openapi_prints_the_api_document_without_a_server(tmp_path: Path) -> None:
    out = tmp_path / "openapi.json"
    result = subprocess.run(
        [sys.executable, "-m", "goldenhour", "openapi", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        # a database that cannot be reached: the document must not need one
        env={
            **os.environ,
            "GOLDENHOUR_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none",
        },
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text())
    assert document["openapi"].startswith("3.")
    assert "/api/v1/incidents" in document["paths"]
    assert "post" in document["paths"]["/api/v1/incidents/{incident_id}/cancel"]
