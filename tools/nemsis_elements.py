"""Generate ``src/goldenhour/data/nemsis/ems_elements.json`` from the NEMSIS v3.5.1 release.

Run once per NEMSIS release (``.venv/bin/python tools/nemsis_elements.py``). The output is a
table of facts, not a copy of the release: for every element and group of a patient care report
its number, name, parent group, place in the XSD sequence, occurrence limits, usage (Mandatory,
Required, Recommended, Optional), whether it is a National element, and which NOT values and
pertinent negatives it accepts. The structure comes from the XSDs, the rest from the data
dictionary (``DataDictionary/Ancillary/DEMEMS/EMSDataSet_ElementDetails.txt``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from lxml import etree

from goldenhour.adapters.nemsis.schemas import nemsis_dir

XS = "{http://www.w3.org/2001/XMLSchema}"
OUT = Path(__file__).resolve().parents[1] / "src/goldenhour/data/nemsis/ems_elements.json"


def main() -> None:
    base = nemsis_dir()
    xsd_dir = base / "XSDs" / "NEMSIS_XSDs"
    types: dict[str, etree._Element] = {}
    simple: dict[str, etree._Element] = {}
    for path in sorted(xsd_dir.glob("*.xsd")):
        root = etree.parse(str(path)).getroot()
        types.update({t.get("name"): t for t in root.iterfind(f"{XS}complexType")})
        simple.update({t.get("name"): t for t in root.iterfind(f"{XS}simpleType")})
    details = _details(base / "DataDictionary/Ancillary/DEMEMS/EMSDataSet_ElementDetails.txt")
    enumerations = _enumerations(
        base / "DataDictionary/Ancillary/DEMEMS/EMSDataSet_ElementEnumerations.txt"
    )
    codes = {
        name: t.find(f".//{XS}enumeration").get("value")
        for name, t in simple.items()
        if name.startswith(("NV.", "PN.")) and t.find(f".//{XS}enumeration") is not None
    }
    dataset = etree.parse(str(xsd_dir / "EMSDataSet_v3.xsd")).getroot()
    pcr = dataset.find(f".//{XS}element[@name='PatientCareReport']")
    rows: list[dict[str, Any]] = []
    for child in _sequence_children(pcr, types):
        _walk(child, "PatientCareReport", types, details, codes, rows)
    for row in rows:
        if row["name"] in enumerations:
            row["codes"] = enumerations[row["name"]]
    missing = sorted(set(details) - {r["name"] for r in rows} - {"dAgency.01", "dAgency.02"})
    missing = [m for m in missing if not m.startswith(("dAgency", "eCustomConfiguration"))]
    if missing:
        sys.exit(f"dictionary elements not found in the XSD: {missing}")
    document = {
        "source": "NEMSIS v3.5.1 (build 250403 CP1): EMSDataSet XSD and data dictionary",
        "elements": rows,
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(rows)} elements and groups to {OUT}")


def _details(path: Path) -> dict[str, dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = _fields(lines[0])
    table = {}
    for line in lines[1:]:
        row = dict(zip(header, _fields(line), strict=True))
        table[row["ElementNumber"]] = row
    return table


def _enumerations(path: Path) -> dict[str, dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = _fields(lines[0])
    table: dict[str, dict[str, str]] = {}
    for line in lines[1:]:
        row = dict(zip(header, _fields(line), strict=True))
        table.setdefault(row["ElementNumber"], {})[row["Code"]] = row["CodeDescription"]
    return table


def _fields(line: str) -> list[str]:
    """``'a'|'b'|`` -> ``['a', 'b']`` (a pattern may itself hold a ``|``)."""
    return line.strip().removesuffix("|")[1:-1].split("'|'")


def _sequence_children(element: etree._Element, types: dict[str, etree._Element]) -> list[Any]:
    complex_type = element.find(f"{XS}complexType")
    if complex_type is None and element.get("type") in types:
        complex_type = types[element.get("type")]
    if complex_type is None:
        return []
    sequence = complex_type.find(f"{XS}sequence")
    return [] if sequence is None else list(sequence.iterfind(f"{XS}element"))


def _walk(
    element: etree._Element,
    parent: str,
    types: dict[str, etree._Element],
    details: dict[str, dict[str, str]],
    codes: dict[str, str],
    rows: list[dict[str, Any]],
) -> None:
    name = element.get("name")
    children = _sequence_children(element, types)
    detail = details.get(name, {})
    maximum = element.get("maxOccurs", "1")
    row: dict[str, Any] = {
        "name": name,
        "parent": parent,
        "kind": "group" if children else "element",
        "label": detail.get("ElementName", ""),
        "min": int(element.get("minOccurs", "1")),
        "max": None if maximum == "unbounded" else int(maximum),
        "usage": detail.get("Usage", ""),
        "national": detail.get("National") == "National",
    }
    if not children:
        row["nv"] = _codes(detail.get("NVList", ""), codes)
        row["pn"] = _codes(detail.get("PNList", ""), codes)
        row["type"] = detail.get("DataType", "")
        for key, name in (("minLength", "min_length"), ("maxLength", "max_length")):
            if detail.get(key):
                row[name] = int(detail[key])
    rows.append(row)
    for child in children:
        _walk(child, name, types, details, codes, rows)


def _codes(names: str, codes: dict[str, str]) -> list[str]:
    return [codes[n.strip()] for n in names.split(";") if n.strip()]


if __name__ == "__main__":
    main()
