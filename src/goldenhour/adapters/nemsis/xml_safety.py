"""One hardened way to read XML, used for every document GoldenHour parses.

Patient care records arrive from other vendors' systems, and a crafted file must not make the
server read its own disk (``<!ENTITY x SYSTEM "file:///etc/passwd">``), call out to the network
(external DTDs, XInclude, schema locations), or exhaust memory (entity expansion, huge text
nodes). lxml's defaults are not safe enough on their own, so every parser comes from
``hardened_parser`` and every untrusted document goes through ``parse_xml``, which also refuses
document type declarations outright: NEMSIS and CAP documents never need one, so refusing is
simpler and safer than trying to neutralise what a DTD might declare.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from goldenhour.domain.shared.errors import FieldProblem, InvalidInput

_POSITION_SUFFIX = re.compile(r",\s*line \d+, column \d+$")


def hardened_parser() -> etree.XMLParser:
    """A new lxml parser that never resolves entities, loads DTDs or touches the network.

    A fresh parser per call: lxml parsers keep state (the error log) and are not safe to share
    between threads.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_xml(source: bytes | Path, *, name: str | None = None) -> etree._ElementTree:
    """Parse an untrusted document; malformed XML or a DOCTYPE is one clear ``InvalidInput``.

    ``name`` is how the problem refers to the document (default: the file name, or "document").
    """
    label = name or (source.name if isinstance(source, Path) else "document")
    data = _read(source, label)
    try:
        tree = etree.ElementTree(etree.fromstring(data, hardened_parser()))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        problem = f"malformed XML at line {line}, column {column}: {_first_line(exc.msg)}"
        raise InvalidInput(f"{label}: {problem}", [FieldProblem(label, problem)]) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        problem = (
            "document type declarations (DOCTYPE) are not accepted; entities are never resolved"
        )
        raise InvalidInput(f"{label}: {problem}", [FieldProblem(label, problem)])
    return tree


def _read(source: bytes | Path, label: str) -> bytes:
    if isinstance(source, bytes):
        return source
    try:
        return source.read_bytes()
    except OSError as exc:
        raise InvalidInput.for_field(label, f"cannot be read: {exc.strerror}") from None


def _first_line(message: str) -> str:
    """libxml2's first message line, without the position it repeats at the end."""
    lines = message.strip().splitlines()
    return _POSITION_SUFFIX.sub("", lines[0]) if lines else "unreadable XML"


__all__ = ["hardened_parser", "parse_xml"]
