"""Write the agency as a NEMSIS v3.5.1 DEMDataSet: agency, configuration, personnel, vehicles.

The state needs to know who the agency is (dAgency), what its providers may do
(dConfiguration: the levels permitted per procedure and medication, taken from the compiled
scope tables by ``export_configuration``), who works there with which certifications
(dPersonnel) and which vehicles it runs (dVehicle). Facts GoldenHour does not otherwise keep
(service-area counties, organisation type and tax status, protocols) come in an
``AgencyProfile``. Every group gets a stable UUID (uuid5 of the agency and the thing it
describes), so exporting twice gives the same document.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from lxml import etree

from goldenhour.adapters.nemsis.ems_export import SCHEMA_LOCATION, XSI_NS, AgencyHeader
from goldenhour.adapters.nemsis.report import NEMSIS_NS

DEM_SCHEMA_LOCATION = SCHEMA_LOCATION.replace("EMSDataSet_v3.xsd", "DEMDataSet_v3.xsd")
NOT_RECORDED = "7701003"
_NIL = f"{{{XSI_NS}}}nil"


@dataclass(frozen=True)
class AgencyProfile:
    """DEM facts about the agency beyond its identity (codes from the v3.5.1 dictionary)."""

    name: str | None  # None: Not Recorded
    counties: tuple[str, ...]  # dAgency.06: 5-digit ANSI county codes of the service area
    zip_codes: tuple[str, ...] = ()  # dAgency.08 (Not Recorded when empty)
    primary_service: str = "9920001"  # dAgency.09: 911 response (scene) with transport
    level_of_service: str = "9917007"  # dAgency.11: Paramedic
    organization_status: str = "1016003"  # dAgency.12: non-volunteer
    organizational_type: str = "9912003"  # dAgency.13: governmental, non-fire
    tax_status: str = "1018003"  # dAgency.14: other (e.g. government)
    protocols: tuple[str, ...] = ("9914219",)  # dConfiguration.10
    emd: str = "1213003"  # dConfiguration.13: EMD for 100 % of the service area


@dataclass(frozen=True)
class Licence:
    state_code: str  # ANSI state code (dPersonnel.22)
    number: str
    level_code: str  # dPersonnel.24 (99250xx)
    issued: date | None = None
    expires: date | None = None


@dataclass(frozen=True)
class Person:
    external_id: str  # dPersonnel.21, the agency's ID (eCrew.01 in patient care records)
    first_name: str
    last_name: str
    licences: tuple[Licence, ...] = field(default=())


@dataclass(frozen=True)
class Vehicle:
    number: str | None  # dVehicle.01 (eResponse.13 in patient care records); None: Not Recorded
    call_sign: str
    vehicle_type: str  # dVehicle.04 code, e.g. 1404001 ambulance
    crew_levels: tuple[str, ...] = ()  # dVehicle.05 codes (9917xxx): who crews it at its level


def _q(name: str) -> str:
    return f"{{{NEMSIS_NS}}}{name}"


def _add(parent: etree._Element, name: str, value: str | None) -> etree._Element:
    element = etree.SubElement(parent, _q(name))
    if value is None:
        element.set(_NIL, "true")
        element.set("NV", NOT_RECORDED)
    else:
        element.text = value
    return element


def _group(parent: etree._Element, name: str, *key: str) -> etree._Element:
    group = etree.SubElement(parent, _q(name))
    group.set("UUID", str(uuid.uuid5(uuid.NAMESPACE_URL, "goldenhour:dem/" + "/".join(key))))
    return group


def dem_dataset_bytes(
    header: AgencyHeader,
    profile: AgencyProfile,
    configuration: bytes,
    call_signs: Sequence[str],
    people: Sequence[Person],
    vehicles: Sequence[Vehicle],
    generated_at: datetime,
) -> bytes:
    """The DEMDataSet document; ``configuration`` is ``export_configuration``'s DEM fragment."""
    root = etree.Element(_q("DEMDataSet"), nsmap={None: NEMSIS_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", DEM_SCHEMA_LOCATION)
    report = etree.SubElement(root, _q("DemographicReport"))
    report.set("timeStamp", generated_at.isoformat(timespec="seconds"))
    _agency(report, header, profile)
    _configuration(report, header, profile, configuration, call_signs)
    if vehicles:
        section = etree.SubElement(report, _q("dVehicle"))
        for vehicle in vehicles:
            group = _group(
                section,
                "dVehicle.VehicleGroup",
                header.state_id,
                "v",
                vehicle.number or vehicle.call_sign,
            )
            _add(group, "dVehicle.01", vehicle.number)
            _add(group, "dVehicle.03", vehicle.call_sign)
            _add(group, "dVehicle.04", vehicle.vehicle_type)
            for code in vehicle.crew_levels:
                levels = _group(
                    group,
                    "dVehicle.VehicleCertificationLevelsGroup",
                    header.state_id,
                    "v",
                    vehicle.number or vehicle.call_sign,
                    code,
                )
                _add(levels, "dVehicle.05", code)
    if people:
        section = etree.SubElement(report, _q("dPersonnel"))
        for person in people:
            _person(section, header, person)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _agency(report: etree._Element, header: AgencyHeader, profile: AgencyProfile) -> None:
    agency = etree.SubElement(report, _q("dAgency"))
    _add(agency, "dAgency.01", header.state_id)
    _add(agency, "dAgency.02", header.number)
    _add(agency, "dAgency.03", profile.name)
    _add(agency, "dAgency.04", header.state_code)
    service = _group(agency, "dAgency.AgencyServiceGroup", header.state_id, "service")
    _add(service, "dAgency.05", header.state_code)
    for county in profile.counties:
        _add(service, "dAgency.06", county)
    _add(service, "dAgency.07", None)
    for zip_code in profile.zip_codes or (None,):
        _add(service, "dAgency.08", zip_code)
    _add(agency, "dAgency.09", profile.primary_service)
    _add(agency, "dAgency.11", profile.level_of_service)
    _add(agency, "dAgency.12", profile.organization_status)
    _add(agency, "dAgency.13", profile.organizational_type)
    _add(agency, "dAgency.14", profile.tax_status)
    _add(agency, "dAgency.25", None)
    _add(agency, "dAgency.26", None)


def _configuration(
    report: etree._Element,
    header: AgencyHeader,
    profile: AgencyProfile,
    fragment: bytes,
    call_signs: Sequence[str],
) -> None:
    section = etree.SubElement(report, _q("dConfiguration"))
    group = etree.fromstring(fragment, etree.XMLParser(resolve_entities=False, no_network=True))
    section.append(group)
    for protocol in profile.protocols:
        _add(group, "dConfiguration.10", protocol)
    _add(group, "dConfiguration.13", profile.emd)
    for call_sign in call_signs:
        _add(group, "dConfiguration.16", call_sign)


def _person(section: etree._Element, header: AgencyHeader, person: Person) -> None:
    group = _group(section, "dPersonnel.PersonnelGroup", header.state_id, "p", person.external_id)
    names = etree.SubElement(group, _q("dPersonnel.NameGroup"))
    _add(names, "dPersonnel.01", person.last_name)
    _add(names, "dPersonnel.02", person.first_name)
    _add(group, "dPersonnel.21", person.external_id)
    for index, licence in enumerate(person.licences):
        key = (header.state_id, "p", person.external_id, "licence", str(index))
        held = _group(group, "dPersonnel.LicensureGroup", *key)
        _add(held, "dPersonnel.22", licence.state_code)
        _add(held, "dPersonnel.23", licence.number)
        _add(held, "dPersonnel.24", licence.level_code)
        if licence.issued:
            _add(held, "dPersonnel.26", licence.issued.isoformat())
        if licence.expires:
            _add(held, "dPersonnel.27", licence.expires.isoformat())
    for index, licence in enumerate(person.licences):
        key = (header.state_id, "p", person.external_id, "level", str(index))
        level = _group(group, "dPersonnel.CertificationLevelGroup", *key)
        _add(level, "dPersonnel.38", licence.level_code)
