"""The patient care record: one patient seen by one responding unit, as a NEMSIS-shaped tree.

``PatientCareRecord`` wraps the ``PatientCareReport`` group and its UUID. Changes go through
``put`` (set the occurrences of one element) and ``append_group`` (add one vital-signs set,
medication, procedure...), which create the enclosing groups as needed and keep every group's
children in the XSD's order, so a record built field by field from a crew's screen exports as
valid NEMSIS without a separate ordering step. Both return a new record; nothing is edited in
place, which is also how a locked record's addenda keep the original intact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from goldenhour.domain.pcr.elements import ROOT, ElementSchema
from goldenhour.domain.pcr.not_values import NotValue
from goldenhour.domain.pcr.tree import Entry, Group, Node, node_from_json, node_to_json
from goldenhour.domain.shared.errors import InvalidInput


@dataclass(frozen=True)
class PatientCareRecord:
    uuid: str
    root: Group = Group(ROOT)

    def entries(self, element: str) -> tuple[Entry, ...]:
        return self.root.all_entries(element)

    def value(self, element: str) -> str | None:
        return self.root.value(element)

    def groups(self, name: str) -> tuple[Group, ...]:
        """Every instance of group ``name`` anywhere in the record, in document order."""
        return tuple(n for _, n in self.root.walk() if isinstance(n, Group) and n.name == name)

    def to_json(self) -> dict[str, Any]:
        return {"uuid": self.uuid, "report": node_to_json(self.root)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PatientCareRecord:
        root = node_from_json(data.get("report", {"g": ROOT, "c": []}))
        if not isinstance(root, Group) or root.name != ROOT:
            raise InvalidInput.for_field("record", f"the root must be a {ROOT} group")
        return cls(str(data["uuid"]), root)


def value_entry(element: str, value: object) -> Entry:
    """One occurrence with a value; datetimes in NEMSIS form (``2026-11-24T22:05:00+00:00``)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidInput.for_field(element, "a date/time needs its UTC offset")
        text = value.isoformat(timespec="seconds")
    else:
        text = str(value).strip()
    if not text:
        raise InvalidInput.for_field(element, "is empty: send a value or a NOT value")
    return Entry(element, text)


def not_entry(element: str, reason: NotValue = NotValue.NOT_RECORDED) -> Entry:
    return Entry(element, None, reason)


def put(
    record: PatientCareRecord, schema: ElementSchema, element: str, entries: Sequence[Entry]
) -> PatientCareRecord:
    """Replace every occurrence of ``element`` (in the first instance of its groups)."""
    spec = schema.spec(element)
    if spec.is_group:
        raise InvalidInput.for_field(element, "is a group; add it with append_group")
    if spec.max_occurs is not None and len(entries) > spec.max_occurs:
        raise InvalidInput.for_field(element, f"occurs at most {spec.max_occurs} time(s)")

    def replace(group: Group) -> Group:
        kept = tuple(c for c in group.children if not _named(c, element))
        return _with_children(group, schema, (*kept, *entries))

    return _edit(record, schema, schema.chain(element), replace)


LISTED_GROUPS: Mapping[str, str] = {"eHistory.12": "eHistory.CurrentMedsGroup"}
"""Elements that stand for one instance of their repeating group each: the patient's home
medications are a list, and NEMSIS holds each in its own ``eHistory.CurrentMedsGroup``."""


def put_list(
    record: PatientCareRecord, schema: ElementSchema, element: str, entries: Sequence[Entry]
) -> PatientCareRecord:
    """Replace the whole list ``element`` stands for (see ``LISTED_GROUPS``): one instance of
    its group per entry, in the order given."""
    name = LISTED_GROUPS[element]

    def replace(parent: Group) -> Group:
        kept = tuple(c for c in parent.children if not (isinstance(c, Group) and c.name == name))
        return _with_children(parent, schema, (*kept, *(Group(name, (e,)) for e in entries)))

    return _edit(record, schema, schema.chain(name), replace)


def put_value(
    record: PatientCareRecord, schema: ElementSchema, element: str, value: object
) -> PatientCareRecord:
    return put(record, schema, element, [value_entry(element, value)])


def append_group(
    record: PatientCareRecord, schema: ElementSchema, group: Group
) -> tuple[PatientCareRecord, int]:
    """Add one instance of a repeating group; also returns its 1-based index in the record."""
    before = len(record.groups(group.name))
    spec = schema.spec(group.name)
    if spec.max_occurs is not None and before >= spec.max_occurs:
        raise InvalidInput.for_field(group.name, f"occurs at most {spec.max_occurs} time(s)")
    ordered = ordered_group(group, schema)

    def add(parent: Group) -> Group:
        return _with_children(parent, schema, (*parent.children, ordered))

    return _edit(record, schema, schema.chain(group.name), add), before + 1


def ordered_group(group: Group, schema: ElementSchema) -> Group:
    """The group with its children (recursively) in the XSD's order."""
    children = tuple(
        ordered_group(c, schema) if isinstance(c, Group) else c for c in group.children
    )
    return _with_children(group, schema, children)


def _edit(
    record: PatientCareRecord,
    schema: ElementSchema,
    chain: Sequence[str],
    change: Callable[[Group], Group],
) -> PatientCareRecord:
    return PatientCareRecord(record.uuid, _edit_group(record.root, schema, chain, change))


def _edit_group(
    group: Group, schema: ElementSchema, chain: Sequence[str], change: Callable[[Group], Group]
) -> Group:
    if not chain:
        return change(group)
    head, rest = chain[0], chain[1:]
    for index, child in enumerate(group.children):
        if isinstance(child, Group) and child.name == head:
            edited = _edit_group(child, schema, rest, change)
            children = (*group.children[:index], edited, *group.children[index + 1 :])
            return Group(group.name, children, group.attributes)
    created = _edit_group(Group(head), schema, rest, change)
    return _with_children(group, schema, (*group.children, created))


def _with_children(group: Group, schema: ElementSchema, children: Iterable[Node]) -> Group:
    """Children sorted by XSD position; the sort is stable, so repeats keep their order."""
    ordered = sorted(children, key=lambda node: schema.position(_name(node)))
    return Group(group.name, tuple(ordered), group.attributes)


def _name(node: Node) -> str:
    return node.element if isinstance(node, Entry) else node.name


def _named(node: Node, element: str) -> bool:
    return isinstance(node, Entry) and node.element == element
