"""Where the shared OASIS CAP 1.2 schema and examples are (skip, or fail in CI, without them)."""

from __future__ import annotations

from pathlib import Path

import rnc2rng  # type: ignore[import-untyped]
from lxml import etree

from conftest import require_refdata
from goldenhour.adapters.nemsis.xml_safety import hardened_parser


def cap_dir() -> Path:
    return require_refdata("cap_1.2")


def atom_schema() -> etree.RelaxNG:
    """RFC 4287's Atom grammar; the shared copy is RELAX NG compact syntax, which lxml reads
    only in XML syntax, so ``rnc2rng`` converts it (its empty ``local`` prefix dropped)."""
    compact = (cap_dir() / "schema" / "feed" / "atom_rfc4287.rng").read_text("utf-8")
    xml = rnc2rng.dumps(rnc2rng.loads(compact)).replace(' xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(xml.encode(), hardened_parser()))
