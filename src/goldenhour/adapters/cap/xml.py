"""CAP 1.2 alerts to and from XML (``urn:oasis:names:tc:emergency:cap:1.2``).

The writer emits elements in the schema's order; every document is checked against the
OASIS ``cap12.xsd`` before anyone may publish it (``validate``). The reader takes any CAP
document from outside through the one hardened parser (no DTD, no entities, no network,
no XInclude), so the XXE fixtures of the CAP test data are refused, not resolved.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

from lxml import etree

from goldenhour.adapters.nemsis.xml_safety import hardened_parser, parse_xml
from goldenhour.config import refdata_dir
from goldenhour.domain.advisories.cap import Alert, Area, Info, Pair, cap_time
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput, ServiceUnavailable

NS = "urn:oasis:names:tc:emergency:cap:1.2"
Q = f"{{{NS}}}"


def _sub(parent: etree._Element, name: str, text: str | None) -> None:
    if text is not None:
        etree.SubElement(parent, Q + name).text = text


def _pairs(parent: etree._Element, name: str, pairs: tuple[Pair, ...]) -> None:
    for value_name, value in pairs:
        node = etree.SubElement(parent, Q + name)
        _sub(node, "valueName", value_name)
        _sub(node, "value", value)


def to_xml(alert: Alert) -> bytes:
    root = etree.Element(Q + "alert", nsmap={None: NS})
    for name, value in (
        ("identifier", alert.identifier),
        ("sender", alert.sender),
        ("sent", cap_time(alert.sent)),
        ("status", alert.status),
        ("msgType", alert.msg_type),
        ("scope", alert.scope),
        ("restriction", alert.restriction),
        ("addresses", alert.addresses),
    ):
        _sub(root, name, value)
    for code in alert.codes:
        _sub(root, "code", code)
    _sub(root, "note", alert.note)
    _sub(root, "references", " ".join(alert.references) if alert.references else None)
    for info in alert.infos:
        _info(etree.SubElement(root, Q + "info"), info)
    document: bytes = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    return document


def _info(node: etree._Element, info: Info) -> None:
    _sub(node, "language", info.language)
    for category in info.categories:
        _sub(node, "category", category)
    _sub(node, "event", info.event)
    for response in info.response_types:
        _sub(node, "responseType", response)
    for name in ("urgency", "severity", "certainty"):
        _sub(node, name, getattr(info, name))
    _pairs(node, "eventCode", info.event_codes)
    _sub(node, "expires", cap_time(info.expires) if info.expires else None)
    for name, value in (
        ("senderName", info.sender_name),
        ("headline", info.headline),
        ("description", info.description),
        ("instruction", info.instruction),
        ("web", info.web),
        ("contact", info.contact),
    ):
        _sub(node, name, value)
    _pairs(node, "parameter", info.parameters)
    for area in info.areas:
        a = etree.SubElement(node, Q + "area")
        _sub(a, "areaDesc", area.description)
        for polygon in area.polygons:
            _sub(a, "polygon", polygon)
        for circle in area.circles:
            _sub(a, "circle", circle)
        _pairs(a, "geocode", area.geocodes)


def schema_path() -> Path:
    return refdata_dir() / "cap_1.2" / "schema" / "cap12.xsd"


@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    path = schema_path()
    if not path.exists():
        raise ServiceUnavailable(f"the OASIS CAP 1.2 schema is missing: {path}")
    return etree.XMLSchema(etree.parse(str(path), hardened_parser()))


def validate(document: bytes) -> list[FieldProblem]:
    """Every way ``document`` breaks ``cap12.xsd``, by line (empty when valid)."""
    schema = _schema()
    tree = parse_xml(document, name="CAP alert")
    if schema.validate(tree):
        return []
    return [FieldProblem(f"line {e.line}", e.message) for e in schema.error_log]


def read_alert(source: bytes | Path) -> Alert:
    """A CAP 1.2 alert from outside; a DOCTYPE (hence any XXE), a wrong root or a missing
    required element is one clear ``InvalidInput``."""
    root = parse_xml(source, name=source.name if isinstance(source, Path) else "CAP alert")
    node = root.getroot()
    if node.tag != Q + "alert":
        raise InvalidInput.for_field("alert", f"the root is {node.tag}, not a CAP 1.2 alert")
    return Alert(
        identifier=_required(node, "identifier"),
        sender=_required(node, "sender"),
        sent=_time(_required(node, "sent"), "sent"),
        status=_required(node, "status"),
        msg_type=_required(node, "msgType"),
        scope=_required(node, "scope"),
        restriction=_text(node, "restriction"),
        addresses=_text(node, "addresses"),
        codes=tuple(_all(node, "code")),
        note=_text(node, "note"),
        references=tuple((_text(node, "references") or "").split()),
        infos=tuple(_read_info(i) for i in node.findall(Q + "info")),
    )


def _read_info(node: etree._Element) -> Info:
    expires = _text(node, "expires")
    return Info(
        language=_text(node, "language") or "en-US",
        categories=tuple(_all(node, "category")),
        event=_required(node, "event"),
        urgency=_required(node, "urgency"),
        severity=_required(node, "severity"),
        certainty=_required(node, "certainty"),
        response_types=tuple(_all(node, "responseType")),
        event_codes=_read_pairs(node, "eventCode"),
        expires=_time(expires, "expires") if expires else None,
        sender_name=_text(node, "senderName"),
        headline=_text(node, "headline"),
        description=_text(node, "description"),
        instruction=_text(node, "instruction"),
        web=_text(node, "web"),
        contact=_text(node, "contact"),
        parameters=_read_pairs(node, "parameter"),
        areas=tuple(
            Area(
                _text(a, "areaDesc") or "",
                tuple(_all(a, "polygon")),
                tuple(_all(a, "circle")),
                _read_pairs(a, "geocode"),
            )
            for a in node.findall(Q + "area")
        ),
    )


def _text(node: etree._Element, name: str) -> str | None:
    found = node.find(Q + name)
    return found.text.strip() if found is not None and found.text else None


def _required(node: etree._Element, name: str) -> str:
    value = _text(node, name)
    if value is None:
        raise InvalidInput.for_field(name, "is required in a CAP 1.2 alert")
    return value


def _all(node: etree._Element, name: str) -> list[str]:
    return [(n.text or "").strip() for n in node.findall(Q + name)]


def _read_pairs(node: etree._Element, name: str) -> tuple[Pair, ...]:
    return tuple(
        (_text(p, "valueName") or "", _text(p, "value") or "") for p in node.findall(Q + name)
    )


def _time(text: str, field: str) -> datetime:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput.for_field(field, f"{text!r} is not a CAP date-time") from None
    if at.tzinfo is None:
        raise InvalidInput.for_field(field, f"{text!r} has no UTC offset")
    return at
