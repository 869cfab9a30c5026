"""Building and checking one group of a record: a vital-signs set, a medication, a procedure.

``build_group`` takes entries in any order, places each in its sub-group (a blood pressure in
``eVitals.BloodPressureGroup``) and writes "Not Recorded" for the parts of the group the XSD
requires but the crew did not give: a set of vitals taken with only a pulse oximeter is still
a valid NEMSIS vital-signs group, and it says plainly what was not measured.
``check_entry`` is the one place an entry is held against its element's definition: its code
list, the NOT values and pertinent negatives it accepts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from goldenhour.domain.pcr.elements import ElementSchema, ElementSpec
from goldenhour.domain.pcr.not_values import NotValue, PertinentNegative
from goldenhour.domain.pcr.record import ordered_group, value_entry
from goldenhour.domain.pcr.tree import Entry, Group, Node
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput


def build_group(schema: ElementSchema, name: str, entries: Iterable[Entry]) -> Group:
    """A group ``name`` holding ``entries`` (placed in their sub-groups), required parts filled."""
    by_parent: dict[str, list[Node]] = {}
    for entry in entries:
        chain = schema.chain(entry.element)
        if name not in chain:
            raise ValueError(f"{entry.element} is not part of {name}")
        by_parent.setdefault(chain[-1], []).append(entry)
    return ordered_group(_assemble(schema, name, by_parent), schema)


def _assemble(schema: ElementSchema, name: str, by_parent: dict[str, list[Node]]) -> Group:
    children: list[Node] = list(by_parent.get(name, []))
    present = {c.element for c in children if isinstance(c, Entry)}
    for spec in schema.children(name):
        if spec.is_group:
            if spec.min_occurs >= 1 or _has_descendants(schema, spec.name, by_parent):
                children.append(_assemble(schema, spec.name, by_parent))
        elif spec.name not in present and spec.min_occurs >= 1:
            children.append(_filler(spec))
    return Group(name, tuple(children))


def _has_descendants(schema: ElementSchema, name: str, by_parent: dict[str, list[Node]]) -> bool:
    return bool(by_parent.get(name)) or any(
        _has_descendants(schema, s.name, by_parent) for s in schema.children(name) if s.is_group
    )


def _filler(spec: ElementSpec) -> Entry:
    return Entry(spec.name, None, NotValue.NOT_RECORDED)


def check_entry(spec: ElementSpec, entry: Entry, where: str) -> list[FieldProblem]:
    """What is wrong with one entry against its element's definition (empty list: nothing)."""
    problems: list[FieldProblem] = []
    field = f"{where}/{spec.name}" if where else spec.name
    if entry.not_value is not None:
        if entry.value is not None:
            problems.append(FieldProblem(field, "has both a value and a NOT value"))
        if entry.not_value not in spec.not_values:
            allowed = _names(sorted(spec.not_values)) or "none (a value is mandatory)"
            problems.append(
                FieldProblem(
                    field,
                    f"NOT value {entry.not_value.value} {entry.not_value.label} is not allowed "
                    f"for {spec.label}; allowed: {allowed}",
                )
            )
    if entry.pertinent_negative is not None and (
        entry.pertinent_negative not in spec.pertinent_negatives
    ):
        allowed = _names(sorted(spec.pertinent_negatives)) or "none"
        pn = entry.pertinent_negative
        problems.append(
            FieldProblem(
                field,
                f"pertinent negative {pn.value} {pn.label} is not allowed for {spec.label}; "
                f"allowed: {allowed}",
            )
        )
    if not entry.documented:
        problems.append(FieldProblem(field, "has no value, NOT value or pertinent negative"))
    if entry.value is not None and spec.codes and spec.code_name(entry.value) is None:
        problems.append(
            FieldProblem(field, f"{entry.value!r} is not a code of {spec.label} ({spec.name})")
        )
    if entry.value is not None:
        problems += _length(spec, entry.value, field)
    return problems


def _length(spec: ElementSpec, value: str, field: str) -> list[FieldProblem]:
    if spec.min_length is not None and len(value) < spec.min_length:
        return [FieldProblem(field, f"needs at least {spec.min_length} characters")]
    if spec.max_length is not None and len(value) > spec.max_length:
        return [FieldProblem(field, f"takes at most {spec.max_length} characters")]
    return []


CODE_TYPED = ("eHistory.06",)
"""Elements whose code may come from two code systems and must say which (``CodeType``)."""
ICD10, RXNORM = "9924001", "9924003"


def normalized(spec: ElementSpec, entry: Entry) -> Entry:
    """The entry with a date/time value in NEMSIS form (``...T10:05:00+00:00``, no ``Z``), and
    a medication allergy with the code system it is written in: an ICD-10 code starts with a
    letter (``Z88.0`` allergy to penicillin), an RxNorm code is a number (``7980``)."""
    if entry.value is not None and spec.name in CODE_TYPED and not entry.attributes:
        kind = ICD10 if entry.value[:1].isalpha() else RXNORM
        return replace(entry, attributes=(("CodeType", kind),))
    if entry.value is None or spec.data_type != "DateTimeType":
        return entry
    try:
        moment = datetime.fromisoformat(entry.value)
    except ValueError:
        raise InvalidInput.for_field(
            spec.name, f"{entry.value!r} is not an ISO 8601 date/time"
        ) from None
    return replace(entry, value=value_entry(spec.name, moment).value)


def _names(values: Sequence[NotValue | PertinentNegative]) -> str:
    return ", ".join(f"{v.value} {v.label}" for v in values)
