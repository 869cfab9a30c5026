"""Malformed XML is refused with one clear line; report locations find their element again."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from goldenhour.adapters.nemsis.report import NEMSIS_NS, PREFIXES, location_of
from goldenhour.adapters.nemsis.xml_safety import parse_xml
from goldenhour.domain.shared.errors import InvalidInput


@pytest.mark.parametrize(
    ("document", "where", "words"),
    [
        (b"<EMSDataSet><Header></EMSDataSet>", "line 1, column 34", "tag mismatch"),
        (b"", "line 1, column 1", "empty"),
        (b"<a>\n<b x=1/></a>", "line 2, column 6", "AttValue"),
        (b"<a>\n\n  <b>&unknown;</b></a>", "line 3, column 15", "not defined"),
        (b"<a/><b/>", "line 1, column 5", "Extra content"),
    ],
)
def test_malformed_xml_is_one_line_naming_line_and_column(
    document: bytes, where: str, words: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_xml(document, name="upload.xml")
    message = caught.value.detail
    assert message.startswith(f"upload.xml: malformed XML at {where}: ")
    assert words in message
    assert "\n" not in message


def test_a_document_type_declaration_is_refused_even_without_entities() -> None:
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        parse_xml(b"<!DOCTYPE EMSDataSet><EMSDataSet/>")


_names = st.sampled_from(["eVitals.VitalGroup", "eVitals.06", "eVitals.12", "eTimes.03"])


@st.composite
def _trees(draw: st.DrawFn) -> etree._Element:
    root = etree.Element(f"{{{NEMSIS_NS}}}EMSDataSet")
    parents = [root]
    for name in draw(st.lists(_names, min_size=1, max_size=25)):
        parent = parents[draw(st.integers(0, len(parents) - 1))]
        parents.append(etree.SubElement(parent, f"{{{NEMSIS_NS}}}{name}"))
    return root


@given(_trees(), st.data())
def test_a_reported_location_selects_exactly_its_element(
    root: etree._Element, data: st.DataObject
) -> None:
    elements = list(root.iter())
    element = data.draw(st.sampled_from(elements))
    assert root.getroottree().xpath(location_of(element), namespaces=PREFIXES) == [element]
