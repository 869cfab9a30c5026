"""A patient care record as NEMSIS shapes it: groups of elements, each with a value or a reason.

NEMSIS v3.5.1 names every field by its element number (``eVitals.12``) and nests repeating
parts in groups (``eVitals.VitalGroup``: one per set of vitals). GoldenHour keeps that shape
as it is, so every element of the standard (not only the ones our screens show) survives an
import, a lock and an export unchanged, and the element number is the one name a field has in
the API, the database, the error messages and the XML.

An ``Entry`` is one occurrence of an element: a value, or nil with a NOT value, and optionally
a pertinent negative; other NEMSIS attributes (``CorrelationID``, ``CodeType``,
``PhoneNumberType``...) ride along in ``attributes``. A ``Group`` holds entries and groups in
the XSD's order. Both are frozen: a change builds a new tree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from goldenhour.domain.pcr.not_values import NotValue, PertinentNegative
from goldenhour.domain.shared.errors import InvalidInput

Attributes = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Entry:
    element: str
    value: str | None = None
    not_value: NotValue | None = None
    pertinent_negative: PertinentNegative | None = None
    attributes: Attributes = ()

    @property
    def documented(self) -> bool:
        """A value, an allowed NOT value or a pertinent negative: the field was addressed."""
        return (
            self.value is not None
            or self.not_value is not None
            or self.pertinent_negative is not None
        )


@dataclass(frozen=True)
class Group:
    name: str
    children: tuple[Node, ...] = ()
    attributes: Attributes = field(default=())

    def entries(self, element: str) -> tuple[Entry, ...]:
        """Every occurrence of ``element`` directly in this group."""
        return tuple(c for c in self.children if isinstance(c, Entry) and c.element == element)

    def groups(self, name: str) -> tuple[Group, ...]:
        return tuple(c for c in self.children if isinstance(c, Group) and c.name == name)

    def walk(self) -> Iterator[tuple[Group, Node]]:
        """Every (parent, node) pair below this group, depth first in document order."""
        for child in self.children:
            yield self, child
            if isinstance(child, Group):
                yield from child.walk()

    def all_entries(self, element: str) -> tuple[Entry, ...]:
        """Every occurrence of ``element`` anywhere below this group."""
        return tuple(n for _, n in self.walk() if isinstance(n, Entry) and n.element == element)

    def value(self, element: str) -> str | None:
        """The value of the first occurrence of ``element`` below this group (None if nil)."""
        found = self.all_entries(element)
        return found[0].value if found else None


Node = Entry | Group


def node_to_json(node: Node) -> dict[str, Any]:
    """A compact JSON form: ``{"e": name, "v": value, "nv": code, "pn": code, "a": {...}}``
    for an entry, ``{"g": name, "c": [...], "a": {...}}`` for a group."""
    if isinstance(node, Entry):
        out: dict[str, Any] = {"e": node.element}
        if node.value is not None:
            out["v"] = node.value
        if node.not_value is not None:
            out["nv"] = node.not_value.value
        if node.pertinent_negative is not None:
            out["pn"] = node.pertinent_negative.value
    else:
        out = {"g": node.name, "c": [node_to_json(c) for c in node.children]}
    if node.attributes:
        out["a"] = dict(node.attributes)
    return out


def node_from_json(data: Mapping[str, Any], where: str = "record") -> Node:
    attributes = tuple(sorted((str(k), str(v)) for k, v in data.get("a", {}).items()))
    try:
        if "g" in data:
            name = str(data["g"])
            children = tuple(
                node_from_json(c, f"{where}/{name}[{i}]") for i, c in enumerate(data["c"])
            )
            return Group(name, children, attributes)
        return Entry(
            str(data["e"]),
            None if data.get("v") is None else str(data["v"]),
            NotValue(data["nv"]) if data.get("nv") else None,
            PertinentNegative(data["pn"]) if data.get("pn") else None,
            attributes,
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise InvalidInput.for_field(where, f"not a stored record node: {exc}") from None
