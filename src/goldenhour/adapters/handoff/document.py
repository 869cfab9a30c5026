"""The handoff document as HTML: what the receiving hospital needs, from the record itself.

Who the patient is, what happened, the vital signs as a trend (table and chart), every
medication and procedure with who gave it, the narrative, where the patient went and the
signatures. Every value is escaped: what a crew typed is text, never markup. Codes are shown
by their NEMSIS names; the element table is the one the record is checked against.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

from goldenhour.domain.pcr.elements import ElementSchema
from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.pcr.tree import Entry, Group

VITALS = (("eVitals.06", "SBP"), ("eVitals.07", "DBP"), ("eVitals.10", "HR"),
          ("eVitals.14", "RR"), ("eVitals.12", "SpO2"), ("eVitals.16", "EtCO2"),
          ("eVitals.18", "BGL"), ("eVitals.23", "GCS"), ("eVitals.26", "AVPU"),
          ("eVitals.27", "Pain"), ("eVitals.24", "Temp"))  # fmt: skip
TREND = (("eVitals.10", "HR", "#c0392b"), ("eVitals.06", "SBP", "#2c3e80"),
         ("eVitals.12", "SpO2", "#16803c"), ("eVitals.14", "RR", "#8e44ad"))  # fmt: skip
FACTS = (("Age", ("ePatient.15", "ePatient.16")), ("Sex", ("ePatient.25",)),
         ("Date of birth", ("ePatient.17",)), ("Weight (kg)", ("eExam.01",)),
         ("Chief complaint", ("eSituation.04",)), ("Primary impression", ("eSituation.11",)),
         ("Secondary impression", ("eSituation.12",)), ("Primary symptom", ("eSituation.09",)),
         ("Acuity", ("eSituation.13",)), ("Cardiac arrest", ("eArrest.01",)),
         ("Destination type", ("eDisposition.21",)), ("Reason for destination",
         ("eDisposition.20",)), ("Transfer of care", ("eTimes.12",)))  # fmt: skip
STYLE = """
body { font: 11pt/1.35 sans-serif; margin: 0; color: #111 }
h1 { font-size: 16pt; margin: 0 0 4pt } h2 { font-size: 12pt; margin: 12pt 0 4pt;
border-bottom: 1px solid #999 } table { border-collapse: collapse; width: 100% }
td, th { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top }
.facts td:first-child { width: 32%; color: #444 } .sig img { height: 60px }
.meta { color: #444 } svg text { font-size: 8pt }
"""


def _text(value: object) -> str:
    return html.escape(str(value), quote=True)


def shown(schema: ElementSchema, entry: Entry) -> str:
    """A value as a reader should see it: a code by its name, a NOT value by its reason."""
    if entry.value is None:
        reason = entry.pertinent_negative or entry.not_value
        return reason.label if reason is not None else ""
    if entry.element in schema:
        spec = schema.spec(entry.element)
        name = spec.code_name(entry.value)
        if name is not None:
            return name
        if spec.data_type == "DateTimeType":
            return _time(entry.value)
    return entry.value


def _time(text: str) -> str:
    try:
        return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text


def _values(schema: ElementSchema, node: PatientCareRecord | Group, element: str) -> str:
    entries = node.entries(element) if isinstance(node, PatientCareRecord) else (
        node.all_entries(element))  # fmt: skip
    return ", ".join(shown(schema, e) for e in entries if shown(schema, e))


def _facts(schema: ElementSchema, record: PatientCareRecord) -> str:
    rows = []
    for label, elements in FACTS:
        value = " ".join(_values(schema, record, e) for e in elements).strip()
        if value:
            rows.append(f"<tr><td>{_text(label)}</td><td>{_text(value)}</td></tr>")
    return f"<table class='facts'>{''.join(rows)}</table>"


def _vitals(schema: ElementSchema, groups: Sequence[Group]) -> str:
    head = "".join(f"<th>{_text(label)}</th>" for _, label in VITALS)
    rows = []
    for group in groups:
        cells = "".join(f"<td>{_text(_values(schema, group, e))}</td>" for e, _ in VITALS)
        rows.append(f"<tr><td>{_text(_time(group.value('eVitals.01') or ''))}</td>{cells}</tr>")
    table = f"<table><tr><th>Time</th>{head}</tr>{''.join(rows)}</table>"
    return _trend(groups) + table


def _trend(groups: Sequence[Group]) -> str:
    """A small line chart of HR, SBP, SpO2 and RR over the sets, scaled 0-200."""
    if len(groups) < 2:
        return ""
    width, height, step = 520, 140, 500 / (len(groups) - 1)
    lines: list[str] = []
    for element, label, colour in TREND:
        points = []
        for index, group in enumerate(groups):
            try:
                number = float(group.value(element) or "")
            except ValueError:
                continue
            points.append(f"{10 + index * step:.0f},{height - 10 - min(number, 200) * 0.6:.0f}")
        if points:
            lines.append(f"<polyline fill='none' stroke='{colour}' stroke-width='2' "
                         f"points='{' '.join(points)}'/>"
                         f"<text x='{width - 40}' y='{14 + 12 * len(lines)}' fill='{colour}'>"
                         f"{label}</text>")  # fmt: skip
    return (f"<svg width='{width}' height='{height}' role='img' aria-label='vital signs trend'>"
            f"{''.join(lines)}</svg>")  # fmt: skip


def _care(
    schema: ElementSchema,
    groups: Sequence[Group],
    prefix: str,
    columns: Sequence[tuple[int, str]],
    names: dict[int, dict[str, str]],
) -> str:
    """One row per medication or procedure; ``names`` shows a column's codes by name (the
    medication or procedure, .03, and the performer, .09)."""
    if not groups:
        return "<p>None.</p>"
    head = "".join(f"<th>{_text(label)}</th>" for _, label in columns)
    rows = []
    for group in groups:
        values = [_values(schema, group, f"{prefix}.{n:02d}") for n, _ in columns]
        values = [names.get(n, {}).get(v, v) for (n, _), v in zip(columns, values, strict=True)]
        rows.append("<tr>" + "".join(f"<td>{_text(v)}</td>" for v in values) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _signatures(schema: ElementSchema, groups: Sequence[Group]) -> str:
    items = []
    for group in groups:
        who = _values(schema, group, "eOther.12")
        why = _values(schema, group, "eOther.13")
        name = " ".join(filter(None, (group.value("eOther.21"), group.value("eOther.20"))))
        graphic = group.value("eOther.18")
        image = (f"<img alt='signature' src='data:image/png;base64,{_text(graphic)}'>"
                 if graphic else _text(_values(schema, group, "eOther.15")))  # fmt: skip
        at = _time(group.value("eOther.19") or "")
        items.append(f"<tr class='sig'><td>{_text(who)}<br>{_text(why)}<br>{_text(name)}"
                     f"<br>{_text(at)}</td><td>{image}</td></tr>")  # fmt: skip
    return f"<table>{''.join(items)}</table>" if items else "<p>None.</p>"


def handoff_html(
    schema: ElementSchema,
    record: PatientCareRecord,
    agency: str,
    unit: str,
    crew: dict[str, str],
    care_names: dict[str, str],
    status: str,
) -> str:
    """The whole document; ``crew`` maps the record's crew IDs (eCrew.01) to names,
    ``care_names`` RxNorm and SNOMED CT codes to what crews call them."""
    named = {3: care_names, 9: crew}
    meds = _care(schema, record.groups("eMedications.MedicationGroup"), "eMedications",
                 [(1, "Time"), (3, "Medication"), (5, "Dose"), (6, "Unit"), (4, "Route"),
                  (7, "Response"), (8, "Complication"), (9, "Given by")], named)  # fmt: skip
    procs = _care(schema, record.groups("eProcedures.ProcedureGroup"), "eProcedures",
                  [(1, "Time"), (3, "Procedure"), (5, "Attempts"), (6, "Successful"),
                   (7, "Complication"), (8, "Response"), (9, "Performed by")], named)  # fmt: skip
    name = " ".join(filter(None, (record.value("ePatient.03"), record.value("ePatient.02"))))
    narrative = record.value("eNarrative.01") or ""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Handoff {_text(record.value('eRecord.01') or '')}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>Patient handoff: {_text(name or 'unnamed patient')}</h1>"
        f"<p class='meta'>{_text(agency)}, unit {_text(unit)}; record "
        f"{_text(record.value('eRecord.01') or '')} ({_text(status)}); crew: "
        f"{_text(', '.join(crew.values()))}</p>"
        f"<h2>Patient and situation</h2>{_facts(schema, record)}"
        f"<h2>Vital signs</h2>{_vitals(schema, record.groups('eVitals.VitalGroup'))}"
        f"<h2>Medications</h2>{meds}<h2>Procedures</h2>{procs}"
        f"<h2>Narrative</h2><p>{_text(narrative)}</p>"
        f"<h2>Signatures</h2>{_signatures(schema, record.groups('eOther.SignatureGroup'))}"
        "</body></html>"
    )
