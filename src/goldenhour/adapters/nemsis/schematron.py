"""A small ISO Schematron compiler: a ``.sch`` file becomes one XSLT 3.0 stylesheet emitting SVRL.

The national NEMSIS rules use the XSLT 2 query binding with embedded XSLT (a key over a lookup
table, variables, a diagnostic built from XSLT instructions), so they need a real XSLT engine;
no Schematron implementation ships on the package registries, so GoldenHour compiles the rules
itself and runs the result with Saxon (``schematron_run``).

How the output works, and why:

* each pattern gets its own XSLT mode, and its rules become templates of that mode with
  decreasing priorities, so that on every node the *first* rule of a pattern whose context
  matches fires and later ones stay silent (ISO Schematron's rule-ordering semantics; NEMSIS
  relies on it, e.g. an "exempt eCustomResults.01" rule before the generic ``*[@NV]`` rule);
* a fired rule's template evaluates its ``let``s, asserts and reports in order, then walks on
  into the children in the same mode; the root template walks the document once per active
  pattern, in schema order, so SVRL comes out pattern by pattern as validators expect;
* schema-level ``let``s are global variables, phase- and pattern-level ones are computed at the
  document root and tunnelled to the rule templates; embedded top-level XSLT (``xsl:key``,
  ``xsl:function``, ``xsl:variable``...) is copied as is;
* diagnostics are expanded inside the failed assert, so they see the rule's variables, and the
  ``schematron-get-full-path`` mode that NEMSIS diagnostics call is provided (``gh:location``);
* abstract rules (``extends``) and abstract patterns (``is-a`` with ``param``) are expanded at
  compile time; phases select patterns.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from goldenhour.adapters.nemsis.schematron_parts import (
    GH,
    LOCATION_FUNCTIONS,
    SVRL,
    XSL,
    avt,
    instantiate_abstract_patterns,
    may_match_non_elements,
    rule_body,
    sch,
    title_of,
    variable,
    xsl,
)
from goldenhour.domain.shared.errors import InvalidInput

XS = "http://www.w3.org/2001/XMLSchema"
QUERY_BINDINGS = {None, "xslt", "xslt2", "xslt3", "xpath2", "xpath3", "xpath31"}
_DIAGNOSTIC_MODE = "schematron-get-full-path"


@dataclass(frozen=True)
class _Schema:
    root: etree._Element
    prefixes: dict[str, str]
    diagnostics: dict[str, etree._Element]
    abstract_rules: dict[str, etree._Element]


def compile_schematron(source: etree._ElementTree, phase: str | None = None) -> etree._ElementTree:
    """The XSLT 3.0 stylesheet (as an lxml tree) that validates against ``source``."""
    root = source.getroot()
    if root.tag != sch("schema"):
        raise InvalidInput.for_field("schematron", f"root element is {root.tag}, not sch:schema")
    binding = root.get("queryBinding")
    if binding not in QUERY_BINDINGS:
        raise InvalidInput.for_field("schematron", f"unsupported queryBinding {binding!r}")
    schema = _Schema(
        root=root,
        prefixes={ns.get("prefix", ""): ns.get("uri", "") for ns in root.iterchildren(sch("ns"))},
        diagnostics={d.get("id", ""): d for d in root.iter(sch("diagnostic"))},
        abstract_rules={
            r.get("id", ""): r for r in root.iter(sch("rule")) if r.get("abstract") == "true"
        },
    )
    nsmap = {p: u for p, u in root.nsmap.items() if p} | schema.prefixes
    nsmap |= {"xsl": XSL, "svrl": SVRL, "xs": XS, "gh": GH}
    sheet = etree.Element(etree.QName(XSL, "stylesheet"), nsmap=nsmap)
    sheet.set("version", "3.0")
    sheet.set("exclude-result-prefixes", "#all")
    xsl(sheet, "output", method="xml", indent="no")
    _globals(sheet, schema)
    patterns = _active_patterns(schema, phase)
    _root_template(sheet, schema, patterns, phase)
    for number, (pattern, tunnelled) in enumerate(patterns, start=1):
        _pattern_templates(sheet, schema, pattern, f"gh:p{number}", tunnelled)
    return etree.ElementTree(sheet)


def _globals(sheet: etree._Element, schema: _Schema) -> None:
    """Embedded XSLT, schema-level lets and the location helpers, at the stylesheet's top level."""
    for child in schema.root:
        if isinstance(child.tag, str) and etree.QName(child).namespace == XSL:
            sheet.append(copy.deepcopy(child))
        elif child.tag == sch("let"):
            variable(sheet, child, schema.diagnostics)
    prefixes = ", ".join(f"'{uri}': '{prefix}'" for prefix, uri in schema.prefixes.items())
    xsl(sheet, "variable", name="gh:prefixes", select=f"map{{{prefixes}}}")
    helpers = etree.fromstring(LOCATION_FUNCTIONS)
    modes = {t.get("mode") for t in schema.root.iterchildren(etree.QName(XSL, "template").text)}
    for helper in helpers:
        if helper.get("mode") == _DIAGNOSTIC_MODE and _DIAGNOSTIC_MODE in modes:
            continue  # the schema brings its own
        sheet.append(helper)


def _active_patterns(
    schema: _Schema, phase: str | None
) -> list[tuple[etree._Element, list[etree._Element]]]:
    """The patterns to run, each with the lets computed at the root and tunnelled to it."""
    concrete = [
        p for p in instantiate_abstract_patterns(schema.root) if p.get("abstract") != "true"
    ]
    chosen = phase or schema.root.get("defaultPhase") or "#ALL"
    if chosen == "#ALL":
        return [(p, _lets(p)) for p in concrete]
    phases = {p.get("id"): p for p in schema.root.iterchildren(sch("phase"))}
    if chosen not in phases:
        raise InvalidInput.for_field("phase", f"no phase {chosen!r} in the schema")
    active = {a.get("pattern") for a in phases[chosen].iterchildren(sch("active"))}
    phase_lets = _lets(phases[chosen])
    return [(p, phase_lets + _lets(p)) for p in concrete if p.get("id") in active]


def _lets(parent: etree._Element) -> list[etree._Element]:
    return list(parent.iterchildren(sch("let")))


def _root_template(
    sheet: etree._Element,
    schema: _Schema,
    patterns: list[tuple[etree._Element, list[etree._Element]]],
    phase: str | None,
) -> None:
    template = xsl(sheet, "template", match="/", priority="1000")
    output = etree.SubElement(template, etree.QName(SVRL, "schematron-output"))
    for name, value in (
        ("title", title_of(schema.root)),
        ("schemaVersion", schema.root.get("schemaVersion")),
        ("phase", phase),
    ):
        if value:
            output.set(name, avt(value))
    for prefix, uri in schema.prefixes.items():
        etree.SubElement(
            output, etree.QName(SVRL, "ns-prefix-in-attribute-values"), uri=avt(uri), prefix=prefix
        )
    for number, (pattern, tunnelled) in enumerate(patterns, start=1):
        active = etree.SubElement(output, etree.QName(SVRL, "active-pattern"))
        active.set("document", "{document-uri(/)}")
        for name, value in (("id", pattern.get("id")), ("name", title_of(pattern))):
            if value:
                active.set(name, avt(value))
        for let in tunnelled:
            variable(output, let, schema.diagnostics)
        walk = xsl(output, "apply-templates", select="/")
        walk.set("mode", f"gh:p{number}")
        for let in tunnelled:
            name = let.get("name", "")
            xsl(walk, "with-param", name=name, select=f"${name}", tunnel="yes")


def _pattern_templates(
    sheet: etree._Element,
    schema: _Schema,
    pattern: etree._Element,
    mode: str,
    tunnelled: list[etree._Element],
) -> None:
    rules = [r for r in pattern.iterchildren(sch("rule")) if r.get("abstract") != "true"]
    contexts = [r.get("context", "") for r in rules]
    walk = "@*|node()" if any(may_match_non_elements(c) for c in contexts) else "*"
    for index, rule in enumerate(rules):
        template = xsl(sheet, "template", match=contexts[index])
        template.set("mode", mode)
        template.set("priority", str(len(rules) - index))
        for let in tunnelled:
            xsl(template, "param", name=let.get("name", ""), tunnel="yes")
        rule_body(template, rule, schema.abstract_rules, schema.diagnostics)
        xsl(template, "apply-templates", select=walk, mode=mode)
    fallback = xsl(sheet, "template", mode=mode, priority="-1")
    fallback.set("match", "/|node()|@*" if walk != "*" else "/|*")
    xsl(fallback, "apply-templates", select=walk, mode=mode)
