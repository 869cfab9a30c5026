"""The layering checks itself: the import contracts hold, and a wrong import breaks them.

``make check`` runs import-linter with the contracts in pyproject.toml. Here the same linter runs
on the real tree (every contract kept) and on a copy with one deliberately wrong import per
contract (each contract broken, naming the offending import). The rule import-linter cannot see,
that api and cli never touch the unit of work's session, is checked on the syntax tree.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "goldenhour"
LINT = Path(sys.executable).with_name("lint-imports")

# (module file, wrong import added at its end, contract it breaks)
WRONG = [
    (
        "domain/units/timeline.py",
        "from goldenhour.adapters.db.tables import UnitRow",
        "The domain imports nothing of the project outside itself, and no I/O framework",
    ),
    (
        "adapters/routing/graph.py",
        "from goldenhour.services import unit_of_work",
        "Adapters never import services, api or cli",
    ),
    (
        "services/units/crews.py",
        "from goldenhour.api import deps",
        "Services never import api or cli",
    ),
    (
        "services/dispatch/assignment.py",
        "from goldenhour.adapters.db.tables import AssignmentRow",
        "The dispatch services reach storage only through their ports (services.dispatch.ports)",
    ),
    (
        "api/routers/units.py",
        "from sqlalchemy import select",
        "api and cli reach storage only through services (no SQL of their own)",
    ),
]


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_tree_keeps_every_import_contract() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_wrong_import_in_each_layer_breaks_its_contract(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        PACKAGE,
        tmp_path / "src" / "goldenhour",
        ignore=shutil.ignore_patterns("static", "__pycache__"),
    )
    for module, line, _ in WRONG:
        path = tmp_path / "src" / "goldenhour" / module
        path.write_text(path.read_text() + f"\n{line}  # noqa\n")

    result = lint(tmp_path)

    assert result.returncode != 0
    out = " ".join(result.stdout.split())  # the report wraps long lines
    for module, _, contract in WRONG:
        assert f"{contract} BROKEN" in out, out
        dotted = "goldenhour." + module.removesuffix(".py").replace("/", ".")
        assert dotted in out, f"{dotted} not named in the report"
    assert f"{len(WRONG)} broken" in out


def session_uses(path: Path) -> list[int]:
    """Lines where a module reads ``something.session`` (a unit of work's database session)."""
    tree = ast.parse(path.read_text(), str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "session"
    ]


def test_api_and_cli_never_touch_the_database_session() -> None:
    found = {
        str(path.relative_to(PACKAGE)): lines
        for layer in ("api", "cli")
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        if (lines := session_uses(path))
    }
    assert found == {}


def test_the_dispatch_services_never_touch_the_database_session() -> None:
    """They load and save through ``services.dispatch.ports``, so they run on the double too."""
    modules = [  # the source modules of the dispatch-through-ports contract
        PACKAGE / "services" / module
        for module in (
            "dispatch/assignment.py",
            "dispatch/incidents.py",
            "dispatch/pending.py",
            "dispatch/recommendations.py",
            "units/timeline.py",
            "simulation.py",
        )
    ]
    found = {str(p.relative_to(PACKAGE)): lines for p in modules if (lines := session_uses(p))}
    assert found == {}


def test_the_session_check_sees_a_session_read(tmp_path: Path) -> None:
    module = tmp_path / "router.py"
    module.write_text("def f(uow):\n    return uow.session.get(object, 1)\n")
    assert session_uses(module) == [2]
