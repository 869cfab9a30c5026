"""Read a DEMDataSet (another system's agency, roster, fleet and scope) into GoldenHour's model.

An agency moving to GoldenHour brings its demographic file: who it is (dAgency), what its
providers may do (dConfiguration.06-09), who works there (dPersonnel) and which vehicles it
runs (dVehicle). The file is parsed with the hardened parser, must be a NEMSIS v3.5.x
DEMDataSet and must pass the XSD; a problem GoldenHour cannot live with (an unknown
certification level, a vehicle or person named twice) refuses the whole file.

GoldenHour models the elements in ``MODELLED_ELEMENTS`` (the ones ``dem_export`` writes back).
Everything else in the file - contacts, locations, devices, facilities, a person's address,
a vehicle's crew levels - and every modelled element whose value cannot be kept (a NOT value
where GoldenHour needs a name, a procedure code outside the skill catalog) is listed in
``unmapped`` with its path and reason, never dropped silently.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

from goldenhour.adapters.nemsis.configuration import import_configuration
from goldenhour.adapters.nemsis.dem_export import AgencyProfile, Licence, Person, Vehicle
from goldenhour.adapters.nemsis.ems_export import AgencyHeader
from goldenhour.adapters.nemsis.report import NEMSIS_NS
from goldenhour.adapters.nemsis.schemas import MAX_LISTED, valid_document
from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.domain.credentials.certification_levels import (
    BY_CONFIGURATION_CODE,
    BY_PERSONNEL_CODE,
)
from goldenhour.domain.scope.rules import LayerKind, ScopeLayer
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput

_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"

# Every element whose value GoldenHour reads and ``dem_export`` writes back.
MODELLED_ELEMENTS: tuple[str, ...] = (
    *(f"dAgency.{n:02d}" for n in (1, 2, 3, 4, 5, 6, 9, 11, 12, 13, 14)),
    *(f"dConfiguration.{n:02d}" for n in (6, 7, 8, 9, 10, 13, 16)),
    "dVehicle.01", "dVehicle.03", "dVehicle.04", "dVehicle.05",
    *(f"dPersonnel.{n:02d}" for n in (1, 2, 21, 22, 23, 24, 26, 27)),
)  # fmt: skip
# Groups GoldenHour walks into because they hold modelled elements; others are unmapped whole.
_CONTAINERS = frozenset(
    {
        "DemographicReport", "dAgency", "dAgency.AgencyServiceGroup", "dConfiguration",
        "dConfiguration.ConfigurationGroup", "dConfiguration.ProcedureGroup",
        "dConfiguration.MedicationGroup", "dVehicle", "dVehicle.VehicleGroup",
        "dVehicle.VehicleCertificationLevelsGroup", "dPersonnel",
        "dPersonnel.PersonnelGroup", "dPersonnel.NameGroup", "dPersonnel.LicensureGroup",
    }
)  # fmt: skip
# AgencyProfile fields read from single dAgency / dConfiguration elements.
_PROFILE_FIELDS = {
    "dAgency.09": "primary_service",
    "dAgency.11": "level_of_service",
    "dAgency.12": "organization_status",
    "dAgency.13": "organizational_type",
    "dAgency.14": "tax_status",
    "dConfiguration.13": "emd",
}


@dataclass(frozen=True)
class Unmapped:
    path: str  # e.g. dVehicle/dVehicle.VehicleGroup[1]/dVehicle.04
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class DemImport:
    header: AgencyHeader  # dAgency.01 state ID, .02 number, .04 state
    profile: AgencyProfile
    people: tuple[Person, ...]
    vehicles: tuple[Vehicle, ...]
    call_signs: tuple[str, ...]  # dConfiguration.16
    configuration: ScopeLayer | None  # dConfiguration.06-09 as an exclusive agency layer
    unmapped: tuple[Unmapped, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "agency": {"state_id": self.header.state_id, "name": self.profile.name},
            "personnel": len(self.people),
            "vehicles": len(self.vehicles),
            "configuration_rules": len(self.configuration.rules) if self.configuration else 0,
            "unmapped": [str(u) for u in self.unmapped],
        }


def read_dem_dataset(source: bytes | Path, *, name: str | None = None) -> DemImport:
    """The file's agency, personnel, vehicles and scope, or ``InvalidInput`` listing why not."""
    tree, label = valid_document(source, name, "DEMDataSet")
    report = tree.getroot().find(_q("DemographicReport"))
    assert report is not None  # the XSD requires it
    reader = _Reader()
    reader.walk(report)
    imported = reader.result(report)
    if reader.problems:
        problems = reader.problems
        raise InvalidInput(
            f"{label}: {len(problems)} problem(s); nothing was imported", problems[:MAX_LISTED]
        )
    return imported


def _q(name: str) -> str:
    return f"{{{NEMSIS_NS}}}{name}"


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _children(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def _path(element: etree._Element) -> str:
    """``dVehicle/dVehicle.VehicleGroup[2]/dVehicle.04``: the element's place in the report."""
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None and _local(node) != "DemographicReport":
        parent = node.getparent()
        siblings = [c for c in _children(parent) if c.tag == node.tag] if parent is not None else []
        name = _local(node)
        steps.append(f"{name}[{siblings.index(node) + 1}]" if len(siblings) > 1 else name)
        node = parent
    return "/".join(reversed(steps))


class _Reader:
    """One pass over a DemographicReport, collecting paths of what is left out and problems."""

    def __init__(self) -> None:
        self.unmapped: list[Unmapped] = []
        self.problems: list[FieldProblem] = []

    def walk(self, element: etree._Element) -> None:
        """Report whole every element that is neither modelled nor holds modelled ones."""
        for child in _children(element):
            name = _local(child)
            if name in _CONTAINERS:
                self.walk(child)
            elif name not in MODELLED_ELEMENTS:
                self.lose(child, "no place in GoldenHour")

    def lose(self, element: etree._Element, reason: str) -> None:
        self.unmapped.append(Unmapped(_path(element), reason))

    def value(self, parent: etree._Element, name: str) -> str | None:
        """The text of ``parent``'s first ``name``; a NOT value (nil) is reported and None."""
        element = parent.find(_q(name))
        if element is None:
            return None
        if element.get(_NIL) in ("true", "1"):
            self.lose(element, f"NOT value {element.get('NV') or element.get('PN')} not kept")
            return None
        return (element.text or "").strip()

    def values(self, parent: etree._Element, path: str) -> list[str]:
        found = []
        for element in parent.iterfind(path, {"n": NEMSIS_NS}):
            if element.get(_NIL) in ("true", "1"):
                self.lose(element, f"NOT value {element.get('NV')} not kept")
            else:
                found.append((element.text or "").strip())
        return found

    def result(self, report: etree._Element) -> DemImport:
        agency = report.find(_q("dAgency"))
        assert agency is not None
        state = self.value(agency, "dAgency.04") or ""
        config = self._state_configuration(report, state)
        header = AgencyHeader(
            self.value(agency, "dAgency.01") or "", self.value(agency, "dAgency.02") or "", state
        )
        fields: dict[str, str] = {}
        for element_name, field_name in _PROFILE_FIELDS.items():
            value = self.value(config if element_name[1] == "C" else agency, element_name)
            if value is not None:
                fields[field_name] = value
        counties = self._counties(agency, state)
        protocols = tuple(self.values(config, "n:dConfiguration.10")) if config is not None else ()
        profile = AgencyProfile(
            self.value(agency, "dAgency.03"),
            counties,
            **fields,  # type: ignore[arg-type]
            **({"protocols": protocols} if protocols else {}),  # type: ignore[arg-type]
        )
        people = tuple(
            person
            for group in report.iterfind(
                "n:dPersonnel/n:dPersonnel.PersonnelGroup", {"n": NEMSIS_NS}
            )
            if (person := self._person(group)) is not None
        )
        self._unique([p.external_id for p in people], "dPersonnel.21")
        vehicles = self._vehicles(report)
        call_signs = tuple(self.values(config, "n:dConfiguration.16")) if config is not None else ()
        layer = self._configuration(config, header.state_id) if config is not None else None
        return DemImport(header, profile, people, vehicles, call_signs, layer, tuple(self.unmapped))

    def _state_configuration(self, report: etree._Element, state: str) -> etree._Element | None:
        """The agency's configuration in its own state; those for other states are reported."""
        chosen = None
        path = "n:dConfiguration/n:dConfiguration.ConfigurationGroup"
        for group in report.iterfind(path, {"n": NEMSIS_NS}):
            if chosen is None and group.findtext(_q("dConfiguration.01")) == state:
                chosen = group
            else:
                self.lose(group, "configuration for another state; GoldenHour keeps the agency's")
        return chosen

    def _counties(self, agency: etree._Element, state: str) -> tuple[str, ...]:
        counties: list[str] = []
        for group in agency.iterfind(_q("dAgency.AgencyServiceGroup")):
            if self.value(group, "dAgency.05") != state:
                self.lose(group, "a service area in another state; GoldenHour serves one state")
                continue
            if counties:
                self.lose(group.find(_q("dAgency.05")), "one state's service areas make one group")
            counties += self.values(group, "n:dAgency.06")
        return tuple(counties)

    def _unique(self, values: list[str], element: str) -> None:
        repeated = sorted({v for v in values if values.count(v) > 1})
        for value in repeated:
            self.problems.append(FieldProblem(element, f"{value!r} appears more than once"))

    def _person(self, group: etree._Element) -> Person | None:
        names = group.find(_q("dPersonnel.NameGroup"))
        last = self.value(names, "dPersonnel.01") if names is not None else None
        first = self.value(names, "dPersonnel.02") if names is not None else None
        employee_id = self.value(group, "dPersonnel.21")
        if not (last and first and employee_id):
            self.lose(group, "a provider needs a first and last name and an ID (dPersonnel.21)")
            return None
        licences = tuple(
            licence
            for held in group.iterfind(_q("dPersonnel.LicensureGroup"))
            if (licence := self._licence(held)) is not None
        )
        return Person(employee_id, first, last, licences)

    def _licence(self, held: etree._Element) -> Licence | None:
        state, number = self.value(held, "dPersonnel.22"), self.value(held, "dPersonnel.23")
        code = self.value(held, "dPersonnel.24")
        if code is not None and code not in BY_PERSONNEL_CODE:
            level_path = f"{_path(held)}/dPersonnel.24"
            self.problems.append(FieldProblem(level_path, f"unknown certification level {code!r}"))
            return None
        if not (state and number and code):
            self.lose(held, "a certification needs its state, number and level")
            return None
        issued, expires = self.value(held, "dPersonnel.26"), self.value(held, "dPersonnel.27")
        return Licence(
            state,
            number,
            code,
            date.fromisoformat(issued) if issued else None,
            date.fromisoformat(expires) if expires else None,
        )

    def _vehicles(self, report: etree._Element) -> tuple[Vehicle, ...]:
        vehicles: list[Vehicle] = []
        for group in report.iterfind("n:dVehicle/n:dVehicle.VehicleGroup", {"n": NEMSIS_NS}):
            number, call_sign = self.value(group, "dVehicle.01"), self.value(group, "dVehicle.03")
            kind = self.value(group, "dVehicle.04")
            if not call_sign:
                self.lose(group, "a unit needs its call sign (dVehicle.03)")
                continue
            if kind is None:
                kind = "1404013"  # Other; the NOT value was reported by ``value``
            crew = self.values(group, "n:dVehicle.VehicleCertificationLevelsGroup/n:dVehicle.05")
            vehicles.append(Vehicle(number, call_sign, kind, tuple(crew)))
        self._unique([v.call_sign for v in vehicles], "dVehicle.03")
        return tuple(vehicles)

    def _configuration(self, group: etree._Element, name: str) -> ScopeLayer | None:
        """The scope tables, less the levels and codes GoldenHour has no skill for (reported)."""
        catalog = load_skill_catalog()
        kept = copy.deepcopy(group)
        for original, table in zip(_tables(group), _tables(kept), strict=True):
            level_element, *items = _children(table)
            if level_element.text not in BY_CONFIGURATION_CODE:
                self.lose(original, f"level {level_element.text} has no GoldenHour scope")
                table.getparent().remove(table)
                continue
            for item_original, item in zip(_children(original)[1:], items, strict=True):
                if not catalog.with_code((item.text or "").strip()):
                    self.lose(item_original, f"code {item.text} is not in the skill catalog")
                    table.remove(item)
            if len(table) == 1:
                self.lose(_children(original)[0], "the level has no code GoldenHour knows")
                table.getparent().remove(table)
        # An exclusive table that grants no procedure (or no drug) would deny them all; a code
        # shared by several skills grants none (``import_configuration``).
        kinds = {
            table.tag
            for table in _tables(kept)
            if any(len(catalog.with_code(item.text or "")) == 1 for item in _children(table)[1:])
        }
        if len(kinds) < 2:
            for original in _tables(group):
                self.lose(
                    original, "no procedure or no medication GoldenHour knows: tables not used"
                )
            return None
        return import_configuration(etree.tostring(kept), catalog, LayerKind.AGENCY, name)


def _tables(group: etree._Element) -> list[etree._Element]:
    names = (_q("dConfiguration.ProcedureGroup"), _q("dConfiguration.MedicationGroup"))
    return [child for child in group if child.tag in names]
