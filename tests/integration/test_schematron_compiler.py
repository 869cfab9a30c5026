"""GoldenHour's ISO Schematron compiler on small schemas, one language feature at a time.

Source: ISO/IEC 19757-3 (Schematron). The rule semantics tested here are the standard's: within
a pattern only the first rule whose context matches a node fires; asserts report when false,
reports when true; lets bind in schema, phase, pattern and rule scope; abstract rules and
patterns are templates filled in at compile time; a phase selects the patterns that run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from goldenhour.adapters.nemsis.schematron import compile_schematron
from goldenhour.adapters.nemsis.schematron_parts import SVRL, may_match_non_elements
from goldenhour.adapters.nemsis.schematron_run import compiled, run_svrl
from goldenhour.adapters.nemsis.xml_safety import parse_xml
from goldenhour.domain.shared.errors import InvalidInput

HEAD = (
    '<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron"'
    ' xmlns:xsl="http://www.w3.org/1999/XSL/Transform" queryBinding="xslt2"{extra}>'
    '<sch:ns prefix="n" uri="urn:n"/>'
)
DOC = (
    b'<run xmlns="urn:n" unit="M1"><vital kind="spo2">140</vital><vital kind="pulse">80</vital>'
    b"<vital kind='spo2'>97</vital><note>late</note></run>"
)


def _svrl(
    tmp_path: Path, body: str, doc: bytes = DOC, extra: str = "", **kw: str
) -> etree._Element:
    path = tmp_path / "rules.sch"
    path.write_text(HEAD.format(extra=extra) + body + "</sch:schema>")
    return run_svrl(parse_xml(doc), path, kw.get("phase"))


def _results(svrl: etree._Element) -> list[tuple[str, str, str]]:
    return [
        (etree.QName(r).localname, r.get("id", ""), _text(r))
        for r in svrl.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report")
    ]


def _text(result: etree._Element) -> str:
    text = result.find(f"{{{SVRL}}}text")
    return " ".join("".join(text.itertext()).split()) if text is not None else ""


def test_only_the_first_matching_rule_of_a_pattern_fires(tmp_path: Path) -> None:
    svrl = _svrl(
        tmp_path,
        '<sch:pattern id="p"><sch:rule id="r1" context="n:vital[@kind=\'spo2\']">'
        '<sch:assert id="spo2" test=". &lt;= 100">SpO2 <sch:value-of select="."/> is impossible'
        '</sch:assert></sch:rule><sch:rule id="r2" context="n:vital">'
        '<sch:report id="any" test="true()">vital</sch:report></sch:rule></sch:pattern>',
    )
    assert _results(svrl) == [
        ("failed-assert", "spo2", "SpO2 140 is impossible"),
        ("successful-report", "any", "vital"),
    ]
    fired = [r.get("id") for r in svrl.iter(f"{{{SVRL}}}fired-rule")]
    assert fired == ["r1", "r2", "r1"]


def test_each_pattern_sees_every_node_and_reports_in_pattern_order(tmp_path: Path) -> None:
    rule = (
        '<sch:rule context="n:vital"><sch:report id="{0}" test="@kind=\'pulse\'">{0}'
        "</sch:report></sch:rule>"
    )
    body = "".join(f'<sch:pattern id="{p}">{rule.format(p)}</sch:pattern>' for p in ("b", "a"))
    svrl = _svrl(tmp_path, body)
    assert [r[1] for r in _results(svrl)] == ["b", "a"]
    assert [p.get("id") for p in svrl.iter(f"{{{SVRL}}}active-pattern")] == ["b", "a"]


def test_lets_bind_at_schema_pattern_and_rule_level_with_the_innermost_winning(
    tmp_path: Path,
) -> None:
    svrl = _svrl(
        tmp_path,
        '<sch:let name="limit" value="100"/><sch:let name="who" value="\'schema\'"/>'
        '<sch:pattern id="p"><sch:let name="unit" value="string(/n:run/@unit)"/>'
        '<sch:rule context="n:vital"><sch:let name="who" value="\'rule\'"/>'
        '<sch:report id="x" test="number(.) gt $limit"><sch:value-of select="$unit"/>/'
        '<sch:value-of select="$who"/></sch:report></sch:rule></sch:pattern>',
    )
    assert _results(svrl) == [("successful-report", "x", "M1/rule")]


def test_embedded_xslt_keys_functions_and_diagnostics_run_in_the_rule_context(
    tmp_path: Path,
) -> None:
    svrl = _svrl(
        tmp_path,
        '<xsl:key name="by-kind" match="n:vital" use="@kind"/>'
        '<xsl:function name="n:twice" xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xsl:param name="v"/><xsl:sequence select="2 * $v"/></xsl:function>'
        '<sch:pattern id="p"><sch:rule context="n:vital[@kind=\'pulse\']">'
        "<sch:let name=\"spo2\" value=\"key('by-kind', 'spo2')\"/>"
        '<sch:assert id="k" test="count($spo2) = 1" diagnostics="d">'
        '<sch:value-of select="count($spo2)"/> SpO2 and <sch:name/> x2 = '
        '<sch:value-of select="n:twice(.)"/></sch:assert></sch:rule></sch:pattern>'
        '<sch:diagnostics><sch:diagnostic id="d"><found xmlns="urn:n">'
        "<xsl:value-of select=\"string-join($spo2, ',')\"/></found></sch:diagnostic>"
        "</sch:diagnostics>",
    )
    assert _results(svrl) == [("failed-assert", "k", "2 SpO2 and vital x2 = 160")]
    found = svrl.find(f".//{{{SVRL}}}diagnostic-reference/{{urn:n}}found")
    assert found is not None and found.text == "140,97"


def test_abstract_rules_and_abstract_patterns_are_expanded(tmp_path: Path) -> None:
    svrl = _svrl(
        tmp_path,
        '<sch:pattern id="base" abstract="true"><sch:rule context="$item">'
        '<sch:assert id="$id" test="$check">bad</sch:assert></sch:rule></sch:pattern>'
        '<sch:pattern id="spo2" is-a="base">'
        '<sch:param name="item" value="n:vital[@kind=\'spo2\']"/>'
        '<sch:param name="id" value="range"/><sch:param name="check" value=". &lt;= 100"/>'
        '</sch:pattern><sch:pattern id="q"><sch:rule abstract="true" id="has-text">'
        '<sch:assert id="empty" test="normalize-space(.)">empty</sch:assert></sch:rule>'
        '<sch:rule context="n:note"><sch:extends rule="has-text"/>'
        '<sch:report id="late" test=". = \'late\'">late</sch:report></sch:rule></sch:pattern>',
    )
    assert [r[1] for r in _results(svrl)] == ["range", "late"]


def test_a_phase_runs_only_its_patterns(tmp_path: Path) -> None:
    body = (
        '<sch:phase id="quick"><sch:active pattern="b"/></sch:phase>'
        '<sch:pattern id="a"><sch:rule context="n:run"><sch:report id="a" test="true()">a'
        '</sch:report></sch:rule></sch:pattern><sch:pattern id="b"><sch:rule context="n:run">'
        '<sch:report id="b" test="true()">b</sch:report></sch:rule></sch:pattern>'
    )
    assert [r[1] for r in _results(_svrl(tmp_path, body, phase="quick"))] == ["b"]
    assert [r[1] for r in _results(_svrl(tmp_path, body))] == ["a", "b"]
    with pytest.raises(InvalidInput, match="no phase 'slow'"):
        _svrl(tmp_path, body, phase="slow")


def test_attribute_contexts_are_visited_and_braces_stay_literal(tmp_path: Path) -> None:
    svrl = _svrl(
        tmp_path,
        '<sch:pattern id="p"><sch:rule context="@kind"><sch:report id="kind" '
        "test=\"string-length('{x}') = 3 and . = 'pulse'\">kind</sch:report></sch:rule>"
        "</sch:pattern>",
    )
    report = svrl.find(f"{{{SVRL}}}successful-report")
    assert report is not None
    assert report.get("test") == "string-length('{x}') = 3 and . = 'pulse'"
    assert report.get("location") == "/n:run[1]/n:vital[2]/@kind"


@pytest.mark.parametrize(
    ("context", "non_elements"),
    [("*[@NV]", False), ("n:a[b/@c = '@']/n:d", False), ("@UUID", True), ("n:a/text()", True)],
)
def test_the_walk_visits_attributes_and_text_only_when_a_context_needs_them(
    context: str, non_elements: bool
) -> None:
    assert may_match_non_elements(context) is non_elements


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        (
            '<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="exslt"/>',
            "queryBinding",
        ),
        ("<schema/>", "not sch:schema"),
    ],
)
def test_what_the_compiler_cannot_handle_is_refused_clearly(schema: str, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        compile_schematron(etree.ElementTree(etree.fromstring(schema)))


def test_a_schematron_with_a_broken_xpath_is_refused_with_saxons_reason(tmp_path: Path) -> None:
    path = tmp_path / "broken.sch"
    path.write_text(
        HEAD.format(extra="") + '<sch:pattern><sch:rule context="n:run">'
        '<sch:assert test="((">x</sch:assert></sch:rule></sch:pattern></sch:schema>'
    )
    with pytest.raises(InvalidInput, match="broken.sch: Schematron does not compile"):
        compiled(path)
