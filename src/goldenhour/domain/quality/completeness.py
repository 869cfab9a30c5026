"""Data completeness per NEMSIS performance topic: is the record fit to measure care?

The NEMSIS data dictionary marks, for each performance topic (Airway, Cardiac Arrest,
Pediatric, Response, STEMI, Stroke, Trauma), the elements its measures read
(``EMSDataSet_ElementPerformanceMeasures.txt``). A topic's measures are only as good as the
share of records carrying those elements, so each element is reported with the share of
records that hold a value for it, and the share that at least addressed it (a value, a NOT
value or a pertinent negative). Elements of the agency's DEMDataSet (``d...``) are not in a
patient record and are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.pcr.tree import Entry

TOPIC_COLUMNS = ("Airway", "CardiacArrest", "Pediatric", "Response", "STEMI", "Stroke", "Trauma")


@dataclass(frozen=True)
class TopicElement:
    element: str
    name: str


def parse_performance_measures(text: str) -> dict[str, tuple[TopicElement, ...]]:
    """Topic -> the EMS elements it needs, from the dictionary's pipe-and-quote export."""
    lines = [line for line in text.splitlines() if line.strip()]
    header = _cells(lines[0])
    topics: dict[str, list[TopicElement]] = {t: [] for t in TOPIC_COLUMNS if t in header}
    for line in lines[1:]:
        row = dict(zip(header, _cells(line), strict=False))
        element = row.get("ElementNumber", "")
        if row.get("DatasetType") != "element" or not element.startswith("e"):
            continue
        for topic, elements in topics.items():
            if row.get(topic) == "X":
                elements.append(TopicElement(element, row.get("ElementName", "")))
    return {topic: tuple(elements) for topic, elements in topics.items()}


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("'") for cell in line.rstrip("|").split("|")]


def completeness(
    records: Iterable[PatientCareRecord],
    topics: Mapping[str, Sequence[TopicElement]],
) -> dict[str, Any]:
    """Per topic and element: how many records hold a value, and how many addressed it."""
    chosen = list(records)
    with_value: dict[str, int] = {}
    addressed: dict[str, int] = {}
    needed = {e.element for elements in topics.values() for e in elements}
    for record in chosen:
        found: dict[str, list[Entry]] = defaultdict(list)
        for _, node in record.root.walk():
            if isinstance(node, Entry) and node.element in needed:
                found[node.element].append(node)
        for element, entries in found.items():
            if any(e.value is not None for e in entries):
                with_value[element] = with_value.get(element, 0) + 1
            if any(e.documented for e in entries):
                addressed[element] = addressed.get(element, 0) + 1
    n = len(chosen)
    report: dict[str, Any] = {"records": n, "topics": {}}
    for topic, elements in topics.items():
        rows = [
            {
                "element": e.element,
                "name": e.name,
                "with_value": with_value.get(e.element, 0),
                "addressed": addressed.get(e.element, 0),
                "share": with_value.get(e.element, 0) / n if n else None,
            }
            for e in elements
        ]
        shares = [float(r["share"]) for r in rows if r["share"] is not None]
        report["topics"][topic] = {
            "elements": rows,
            "mean_share": sum(shares) / len(shares) if shares else None,
        }
    return report
