"""Completion: may this record be signed and locked?

A record is complete when every National element of usage *Mandatory* or *Required* (NEMSIS
v3.5.1 data dictionary) is documented wherever the XSD expects it: Mandatory elements with a
real value, Required elements with a value, an allowed NOT value or a pertinent negative. An
element is expected in every instance of its group, and in a group that is absent only when
the XSD requires the group (minOccurs 1): a record with no cardiac arrest still answers
eArrest.01, but a record with no airway management does not answer eAirway.
``missing_for_lock`` lists every gap by element number and name, so the crew sees the whole
list at once rather than one refusal at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from goldenhour.domain.pcr.elements import ROOT, ElementSchema, ElementSpec
from goldenhour.domain.pcr.groups import check_entry
from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.pcr.tree import Group


@dataclass(frozen=True)
class Missing:
    element: str
    name: str
    usage: str
    where: str
    problem: str

    def as_dict(self) -> dict[str, str]:
        return {
            "element": self.element,
            "name": self.name,
            "usage": self.usage,
            "where": self.where,
            "problem": self.problem,
        }


def missing_for_lock(record: PatientCareRecord, schema: ElementSchema) -> list[Missing]:
    """Every Mandatory/Required National element not documented as the standard requires."""
    found: list[Missing] = []
    _check_group(record.root, ROOT, schema, found)
    return found


def _check_group(
    group: Group | None, where: str, schema: ElementSchema, out: list[Missing]
) -> None:
    name = group.name if group is not None else where.rsplit("/", 1)[-1].split("[")[0]
    for spec in schema.children(name):
        if spec.is_group:
            instances = group.groups(spec.name) if group is not None else ()
            if not instances and spec.min_occurs >= 1:
                _check_group(None, f"{where}/{spec.name}", schema, out)
            for index, instance in enumerate(instances, start=1):
                label = f"{where}/{spec.name}" + (f"[{index}]" if len(instances) > 1 else "")
                _check_group(instance, label, schema, out)
        elif spec.needed_for_lock:
            _check_element(group, spec, where, out)


def _check_element(group: Group | None, spec: ElementSpec, where: str, out: list[Missing]) -> None:
    entries = group.entries(spec.name) if group is not None else ()
    if not entries:
        out.append(_missing(spec, where, "missing"))
        return
    for entry in entries:
        for problem in check_entry(spec, entry, ""):
            out.append(_missing(spec, where, problem.problem))


def _missing(spec: ElementSpec, where: str, problem: str) -> Missing:
    return Missing(spec.name, spec.label, spec.usage, where.removeprefix(ROOT + "/"), problem)
