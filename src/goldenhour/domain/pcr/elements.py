"""The NEMSIS EMS dataset's elements: where each sits, how often, and what it must hold.

``ElementSchema`` is built from the packaged table (``goldenhour/data/nemsis/ems_elements.json``,
generated from the v3.5.1 XSD and data dictionary by ``tools/nemsis_elements.py``). It knows
every element and group of a patient care report: its parent, its place in the XSD sequence
(so a record built in any order is written in the order the XSD demands), its occurrence
limits, its usage (Mandatory, Required, Recommended, Optional; National or not) and the NOT
values and pertinent negatives it accepts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from goldenhour.domain.pcr.not_values import NotValue, PertinentNegative
from goldenhour.domain.shared.errors import InvalidInput

ROOT = "PatientCareReport"


@dataclass(frozen=True)
class ElementSpec:
    name: str  # element number ("eVitals.12") or group name ("eVitals.VitalGroup")
    parent: str
    is_group: bool
    label: str
    min_occurs: int
    max_occurs: int | None  # None: unbounded
    usage: str  # Mandatory, Required, Recommended, Optional ("" for groups)
    national: bool
    position: int  # document order in the XSD
    not_values: frozenset[NotValue] = frozenset()
    pertinent_negatives: frozenset[PertinentNegative] = frozenset()
    data_type: str = ""
    codes: tuple[tuple[str, str], ...] = ()  # the code list (code, name), when there is one
    min_length: int | None = None
    max_length: int | None = None

    @property
    def deprecated(self) -> bool:
        return "(DEPRECATED)" in self.label

    @property
    def needed_for_lock(self) -> bool:
        """National Mandatory and Required elements must be documented before a lock."""
        return self.national and self.usage in ("Mandatory", "Required") and not self.deprecated

    def code_name(self, code: str) -> str | None:
        return next((name for c, name in self.codes if c == code), None)


class ElementSchema:
    """Look-ups over the element table; immutable once built."""

    def __init__(self, specs: Iterable[ElementSpec]) -> None:
        self.specs = tuple(sorted(specs, key=lambda s: s.position))
        self._by_name = {spec.name: spec for spec in self.specs}
        children: dict[str, list[ElementSpec]] = {}
        for spec in self.specs:
            children.setdefault(spec.parent, []).append(spec)
        self._children = {k: tuple(v) for k, v in children.items()}

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def spec(self, name: str) -> ElementSpec:
        try:
            return self._by_name[name]
        except KeyError:
            problem = "is not an element of the NEMSIS v3.5.1 EMS dataset"
            raise InvalidInput.for_field(name, problem) from None

    def children(self, parent: str) -> tuple[ElementSpec, ...]:
        return self._children.get(parent, ())

    def chain(self, name: str) -> tuple[str, ...]:
        """The groups from the record root down to (not including) ``name``."""
        path: list[str] = []
        parent = self.spec(name).parent
        while parent != ROOT:
            path.append(parent)
            parent = self.spec(parent).parent
        return tuple(reversed(path))

    def position(self, name: str) -> int:
        return self.spec(name).position


def schema_from_rows(rows: Sequence[Mapping[str, Any]]) -> ElementSchema:
    """Check and build the schema from the packaged table's rows."""
    specs = []
    for position, row in enumerate(rows):
        try:
            specs.append(
                ElementSpec(
                    name=str(row["name"]),
                    parent=str(row["parent"]),
                    is_group=row["kind"] == "group",
                    label=str(row.get("label", "")),
                    min_occurs=int(row["min"]),
                    max_occurs=None if row["max"] is None else int(row["max"]),
                    usage=str(row.get("usage", "")),
                    national=bool(row.get("national", False)),
                    position=position,
                    not_values=frozenset(NotValue(c) for c in row.get("nv", [])),
                    pertinent_negatives=frozenset(PertinentNegative(c) for c in row.get("pn", [])),
                    data_type=str(row.get("type", "")),
                    codes=tuple((str(c), str(n)) for c, n in row.get("codes", {}).items()),
                    min_length=row.get("min_length"),
                    max_length=row.get("max_length"),
                )
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise InvalidInput.for_field(f"elements[{position}]", f"malformed row: {exc}") from None
    return ElementSchema(specs)
