"""The official NEMSIS Schematron test suite passes with GoldenHour's own Schematron compiler.

Source: NEMSIS v3.5.1 ``SchematronTestSuite.tar.gz``. Each case in ``Tests.txt`` names an input
document and the result the national rules must give for the rule under test ([PASS], [ERROR]
or [WARNING]); ``svrl/`` holds the SVRL the NEMSIS TAC's reference run produced. A case passes
here when the expected result holds *and* our failed asserts and successful reports (rule id,
role and location) are exactly those of the reference SVRL.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from conftest import require_refdata
from goldenhour.adapters.nemsis.schematron_parts import SVRL
from goldenhour.adapters.nemsis.schematron_run import run_svrl, svrl_findings
from goldenhour.adapters.nemsis.xml_safety import parse_xml
from nemsis_suite import SUITE, SuiteCase, suite_cases, unpack

CASES = suite_cases("EMS", "DEM", "State") or [None]
_NEMSIS_STEP = re.compile(r"\*:([\w.]+)\[namespace-uri\(\)='http://www\.nemsis\.org'\]")


@pytest.fixture(scope="session")
def suite_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = require_refdata(*SUITE)
    return unpack(archive, tmp_path_factory.mktemp("nemsis-schematron-suite"))


def _results(svrl: etree._Element) -> Counter[tuple[str, str, str]]:
    """(rule id, role, location) of every failed assert and successful report, as a multiset.

    The reference SVRL writes a NEMSIS step as ``*:eRecord[namespace-uri()='...nemsis.org']``,
    GoldenHour as ``nem:eRecord``; both name the same node, so the reference is rewritten.
    """
    return Counter(
        (r.get("id", ""), r.get("role", ""), _NEMSIS_STEP.sub(r"nem:\1", r.get("location", "")))
        for r in svrl.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report")
    )


@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: f"{c.dataset}-{c.case_id}" if c else "missing"
)
def test_official_schematron_case_gives_the_expected_result_and_svrl(
    case: SuiteCase | None, suite_dir: Path
) -> None:
    if case is None:
        require_refdata(*SUITE)
        pytest.fail("the suite lists no cases")
    rules = require_refdata("nemsis", "Schematron", "rules", f"{case.dataset}DataSet.sch")
    document = parse_xml(suite_dir / case.dataset / "xml" / case.file)

    svrl = run_svrl(document, rules)

    findings = svrl_findings(svrl, document)
    if case.expected == "PASS":
        assert findings == []
    else:
        raised = {f.severity for f in findings if f.rule_id == case.rule_id}
        assert raised == {case.expected.lower()}
    expected = parse_xml(suite_dir / case.dataset / "svrl" / case.file).getroot()
    assert _results(svrl) == _results(expected)


def test_the_suite_covers_every_ems_and_dem_case() -> None:
    """198 EMS and 20 DEM cases in the v3.5.1 suite; none may be silently dropped."""
    require_refdata(*SUITE)
    counts = Counter(c.dataset for c in suite_cases("EMS", "DEM"))
    assert counts == {"EMS": 198, "DEM": 20}
