"""The deployment guide (docs/deploy.md) is run, not just read: its "first start" steps run
word for word on this machine (a throwaway PostgreSQL, two server processes, health through
HTTP, a pg_dump backup), its configuration table is what ``goldenhour config reference``
prints, and the files it points to under deploy/ say what it says. No container engine runs
here, so the Dockerfile is checked for what the guide promises, not built."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from live_server import free_port
from sqlalchemy.engine import make_url

from goldenhour.cli.config_reference import reference_markdown
from throwaway_postgres import ThrowawayPostgres

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")


def between(marker: str) -> str:
    found = re.search(f"<!-- {marker} -->\n(.*?)<!-- /{marker} -->", GUIDE, re.S)
    assert found, f"docs/deploy.md has no {marker} section"
    return found.group(1)


def test_the_configuration_table_is_the_one_the_settings_object_generates() -> None:
    assert between("config-reference").strip() == reference_markdown().strip(), (
        "regenerate it: goldenhour config reference"
    )


def test_the_guides_first_start_runs_on_this_machine(
    tmp_path: Path, postgres_url: str, postgres: ThrowawayPostgres
) -> None:
    steps = between("tested-steps").strip().removeprefix("```sh").removesuffix("```").strip()
    url = make_url(postgres_url).set(drivername="postgresql")  # as the guide writes it
    env_file = tmp_path / "env"
    env_file.write_text(
        "GOLDENHOUR_ENV=production\nGOLDENHOUR_SECRET_KEY=a-private-value-for-this-test-only\n"
        f"GOLDENHOUR_DATABASE_URL={url.render_as_string(hide_password=False)}\n"
        f"GOLDENHOUR_DATA_DIR={tmp_path / 'data'}\n"
    )
    ports = {"8001": str(free_port()), "8002": str(free_port())}
    script = steps.replace("/etc/goldenhour/env", str(env_file))
    script = script.replace("/var/backups/goldenhour", str(tmp_path / "backups"))
    for guide_port, port in ports.items():
        script = script.replace(guide_port, port)
    (tmp_path / "backups").mkdir()
    wrapped = "set -e\ntrap 'kill $(jobs -p) 2>/dev/null; wait' EXIT\n" + script + "\n"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GOLDENHOUR_")},
        "PATH": f"{Path(sys.executable).parent}:{postgres.bin_dir}:{os.environ['PATH']}",
        "GOLDENHOUR_NEW_PASSWORD": "a-long-admin-password",  # what `user create` would ask
        "GOLDENHOUR_REFDATA": os.environ.get("GOLDENHOUR_REFDATA", ""),
    }
    done = subprocess.run(
        ["bash", "-c", wrapped], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count('"status":"ok"') == 2, done.stdout
    assert (tmp_path / "backups" / "first.dump").stat().st_size > 0


def test_the_files_the_guide_points_to_say_what_it_says() -> None:
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    events = nginx[nginx.index("location /api/v1/events") :]
    assert "proxy_buffering off" in events and "proxy_read_timeout" in events
    assert "ssl_certificate " in nginx and "return 301 https://" in nginx
    assert "server 127.0.0.1:8001;" in nginx and "server 127.0.0.1:8002;" in nginx
    unit = (ROOT / "deploy" / "goldenhour@.service").read_text()
    assert "User=goldenhour" in unit and "EnvironmentFile=/etc/goldenhour/env" in unit
    assert "goldenhour serve --host 127.0.0.1 --port %i --no-upgrade" in unit
    docker = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "make setup" in docker and "\nUSER goldenhour\n" in docker
    assert "docs/deploy.md" in (ROOT / "README.md").read_text()
