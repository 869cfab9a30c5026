"""The pieces ``schematron.compile_schematron`` assembles: rule bodies, messages, helpers.

Kept apart from the top-level assembly so each file reads in one sitting: this one knows how
one Schematron rule, assert, report, let or message becomes XSLT instructions.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree

from goldenhour.domain.shared.errors import InvalidInput

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"
GH = "urn:goldenhour:schematron"
_SVRL_ATTRIBUTES = ("id", "role", "flag", "see", "icon", "fpi")
_NON_ELEMENT_STEP = re.compile(
    r"@|attribute::|text\(\)|node\(\)|comment\(\)|processing-instruction"
)

# gh:location writes the XPath of a node with the schema's own prefixes and positions, e.g.
# /nem:EMSDataSet[1]/nem:Header[1]; the mode is the name NEMSIS diagnostics call for it.
LOCATION_FUNCTIONS = f"""
<xsl:stylesheet version="3.0" xmlns:xsl="{XSL}" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:gh="{GH}">
  <xsl:function name="gh:location" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="steps"
        select="for $n in $node/ancestor-or-self::node()[parent::node()] return gh:step($n)"/>
    <xsl:sequence select="if (empty($steps)) then '/' else string-join($steps, '')"/>
  </xsl:function>
  <xsl:function name="gh:step" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="
      if ($n instance of element()) then concat('/', gh:name($n), '[',
        1 + count($n/preceding-sibling::*[node-name(.) eq node-name($n)]), ']')
      else if ($n instance of attribute()) then concat('/@', gh:name($n))
      else if ($n instance of text()) then concat('/text()[',
        1 + count($n/preceding-sibling::text()), ']')
      else if ($n instance of comment()) then concat('/comment()[',
        1 + count($n/preceding-sibling::comment()), ']')
      else if ($n instance of processing-instruction()) then concat('/processing-instruction()[',
        1 + count($n/preceding-sibling::processing-instruction()), ']')
      else '/'"/>
  </xsl:function>
  <xsl:function name="gh:name" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="uri" select="namespace-uri($n)"/>
    <xsl:variable name="prefix" select="$gh:prefixes($uri)"/>
    <xsl:sequence select="
      if ($uri = '') then local-name($n)
      else if (exists($prefix)) then concat($prefix, ':', local-name($n))
      else concat('*:', local-name($n), '[namespace-uri()=''', $uri, ''']')"/>
  </xsl:function>
  <xsl:template match="node()|@*" mode="schematron-get-full-path">
    <xsl:value-of select="gh:location(.)"/>
  </xsl:template>
</xsl:stylesheet>
"""


def sch(name: str) -> str:
    return f"{{{SCH}}}{name}"


def xsl(parent: etree._Element, instruction: str, /, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{XSL}}}{instruction}", attributes)


def avt(value: str) -> str:
    """A literal attribute value, escaped so XSLT does not read ``{...}`` as an expression."""
    return value.replace("{", "{{").replace("}", "}}")


def title_of(element: etree._Element) -> str:
    title = element.find(sch("title"))
    return " ".join("".join(title.itertext()).split()) if title is not None else ""


def may_match_non_elements(context: str) -> bool:
    """Whether a rule context can select attributes, text or other non-element nodes.

    Predicates are ignored (``*[@NV]`` still only matches elements), so the walk stays on
    elements unless some rule really needs the other nodes.
    """
    depth, quote, steps = 0, "", []
    for char in context:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif depth == 0:
            steps.append(char)
    return bool(_NON_ELEMENT_STEP.search("".join(steps)))


def instantiate_abstract_patterns(schema: etree._Element) -> list[etree._Element]:
    """Patterns in schema order, with each ``is-a`` instance replaced by its filled-in template."""
    abstract = {
        p.get("id"): p for p in schema.iterchildren(sch("pattern")) if p.get("abstract") == "true"
    }
    patterns = []
    for pattern in schema.iterchildren(sch("pattern")):
        base = pattern.get("is-a")
        if base is None:
            patterns.append(pattern)
            continue
        if base not in abstract:
            raise InvalidInput.for_field("schematron", f"pattern is-a unknown pattern {base!r}")
        instance = copy.deepcopy(abstract[base])
        instance.attrib.pop("abstract")
        instance.set("id", pattern.get("id", base))
        params = {p.get("name", ""): p.get("value", "") for p in pattern.iterchildren(sch("param"))}
        for element in instance.iter(etree.Element):
            for name, value in element.attrib.items():
                element.set(name, _substitute(value, params))
        patterns.append(instance)
    return patterns


def _substitute(expression: str, params: dict[str, str]) -> str:
    """Replace each ``$name`` of an abstract pattern's parameters (not ``$name2``) by its value."""
    for name, value in params.items():
        expression = _replace_parameter(expression, name, value)
    return expression


def _replace_parameter(expression: str, name: str, value: str) -> str:
    return re.sub(rf"\${re.escape(name)}(?![\w.-])", lambda _match: value, expression)


def rule_body(
    template: etree._Element,
    rule: etree._Element,
    abstract_rules: dict[str, etree._Element],
    diagnostics: dict[str, etree._Element],
) -> None:
    """The fired-rule record, then the rule's lets, asserts and reports in document order."""
    fired = etree.SubElement(
        template, f"{{{SVRL}}}fired-rule", context=avt(rule.get("context", ""))
    )
    for name in ("id", "role", "flag"):
        if rule.get(name):
            fired.set(name, avt(rule.get(name, "")))
    for item in _expanded(rule, abstract_rules, set()):
        if item.tag == sch("let"):
            variable(template, item, diagnostics)
        else:
            _check(template, item, diagnostics)


def _expanded(
    rule: etree._Element, abstract_rules: dict[str, etree._Element], seen: set[str]
) -> Iterator[etree._Element]:
    for child in rule:
        if child.tag in (sch("let"), sch("assert"), sch("report")):
            yield child
        elif child.tag == sch("extends"):
            target = child.get("rule", "")
            if target not in abstract_rules or target in seen:
                raise InvalidInput.for_field("schematron", f"cannot extend rule {target!r}")
            yield from _expanded(abstract_rules[target], abstract_rules, seen | {target})


def _check(
    template: etree._Element, check: etree._Element, diagnostics: dict[str, etree._Element]
) -> None:
    test = check.get("test", "")
    failed = check.tag == sch("assert")
    guard = xsl(template, "if", test=f"not(({test}))" if failed else f"({test})")
    kind = "failed-assert" if failed else "successful-report"
    out = etree.SubElement(guard, f"{{{SVRL}}}{kind}", test=avt(test))
    for name in _SVRL_ATTRIBUTES:
        if check.get(name):
            out.set(name, avt(check.get(name, "")))
    out.set("location", "{gh:location(.)}")
    message(etree.SubElement(out, f"{{{SVRL}}}text"), check, diagnostics)
    for reference in check.get("diagnostics", "").split():
        if reference not in diagnostics:
            raise InvalidInput.for_field("schematron", f"unknown diagnostic {reference!r}")
        ref = etree.SubElement(out, f"{{{SVRL}}}diagnostic-reference", diagnostic=reference)
        message(ref, diagnostics[reference], diagnostics)


def variable(
    parent: etree._Element, let: etree._Element, diagnostics: dict[str, etree._Element]
) -> None:
    """``sch:let`` as ``xsl:variable``: by ``value``, or by content (ISO 2016)."""
    out = xsl(parent, "variable", name=let.get("name", ""))
    if let.get("value") is not None:
        out.set("select", let.get("value", ""))
    else:
        _copy_content(out, let, diagnostics)


def message(
    target: etree._Element, source: etree._Element, diagnostics: dict[str, etree._Element]
) -> None:
    """Schematron message content: text kept exactly, ``value-of``/``name`` evaluated."""
    _text(target, source.text)
    for child in source:
        _message_child(target, child, diagnostics)
        _text(target, child.tail)


def _message_child(
    target: etree._Element, child: etree._Element, diagnostics: dict[str, etree._Element]
) -> None:
    if not isinstance(child.tag, str):
        return  # comments and processing instructions
    if child.tag == sch("value-of"):
        xsl(target, "value-of", select=child.get("select", ""))
    elif child.tag == sch("name"):
        xsl(target, "value-of", select=f"name({child.get('path', '.')})")
    elif etree.QName(child).namespace == SCH:
        message(target, child, diagnostics)  # emph, dir, span: keep the words, drop the markup
    else:
        copied = etree.SubElement(target, child.tag, dict(child.attrib), nsmap=child.nsmap)
        _copy_content(copied, child, diagnostics)


def _copy_content(
    target: etree._Element, source: etree._Element, diagnostics: dict[str, etree._Element]
) -> None:
    """Embedded XSLT or foreign markup: copied as the stylesheet's own instructions."""
    target.text = source.text
    for child in source:
        if isinstance(child.tag, str) and etree.QName(child).namespace == SCH:
            _message_child(target, child, diagnostics)
            last = target[-1] if len(target) else None
        elif isinstance(child.tag, str):
            last = etree.SubElement(target, child.tag, dict(child.attrib), nsmap=child.nsmap)
            _copy_content(last, child, diagnostics)
        else:
            last = None
        _append_text(target, last, child.tail)


def _append_text(target: etree._Element, last: etree._Element | None, text: str | None) -> None:
    if not text:
        return
    if last is None:
        if len(target):
            target[-1].tail = (target[-1].tail or "") + text
        else:
            target.text = (target.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _text(target: etree._Element, text: str | None) -> None:
    if text:
        xsl(target, "text").text = text
