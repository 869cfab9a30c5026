"""Scope tables in NEMSIS form: dConfiguration.06-09 and sConfiguration.02-05, against the XSDs."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from conftest import require_refdata
from goldenhour.adapters.nemsis.configuration import (
    NEMSIS_NS,
    export_configuration,
    import_configuration,
)
from goldenhour.adapters.refdata.scope import load_compiled_scope, national_layer, state_layer
from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.domain.credentials.certification_levels import LEVELS
from goldenhour.domain.scope.decision import compile_scope
from goldenhour.domain.scope.rules import LayerKind
from goldenhour.domain.shared.errors import InvalidInput


def _schema(tmp_path: Path, include: str, root: str, type_name: str) -> etree.XMLSchema:
    """A one-element schema over the official NEMSIS section type (no file is copied)."""
    xsd = require_refdata("nemsis", "XSDs", "NEMSIS_XSDs", include)
    wrapper = tmp_path / f"{root}.xsd"
    wrapper.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="http://www.nemsis.org"'
        ' targetNamespace="http://www.nemsis.org" elementFormDefault="qualified">'
        f'<xs:include schemaLocation="{xsd.as_uri()}"/>'
        f'<xs:element name="{root}" type="{type_name}"/></xs:schema>',
        encoding="utf-8",
    )
    return etree.XMLSchema(etree.parse(str(wrapper)))


def test_a_state_export_is_a_valid_nemsis_sconfiguration(tmp_path: Path) -> None:
    schema = _schema(tmp_path, "sConfiguration_v3.xsd", "sConfiguration", "sConfiguration")
    exported = export_configuration(load_compiled_scope("XA"), load_skill_catalog(), "STATE", "99")
    document = etree.fromstring(exported.xml)
    assert schema.validate(document), schema.error_log
    assert exported.skipped == ("needle-cricothyrotomy",)


def test_an_agency_export_is_valid_inside_a_nemsis_dconfiguration(tmp_path: Path) -> None:
    """The fragment holds .01 and the groups; the agency's other required elements are added
    here the way the DEM assembler adds them (protocols, EMD, call sign)."""
    schema = _schema(tmp_path, "dConfiguration_v3.xsd", "dConfiguration", "dConfiguration")
    exported = export_configuration(load_compiled_scope(), load_skill_catalog(), "DEM", "53")
    group = etree.fromstring(exported.xml)
    for name, value in (("10", "9914001"), ("13", "1213001"), ("16", "MEDIC1")):
        etree.SubElement(group, f"{{{NEMSIS_NS}}}dConfiguration.{name}").text = value
    document = etree.Element(f"{{{NEMSIS_NS}}}dConfiguration", nsmap={None: NEMSIS_NS})
    document.append(group)
    assert schema.validate(document), schema.error_log


def test_the_national_scope_survives_a_round_trip_through_nemsis() -> None:
    catalog = load_skill_catalog()
    original = load_compiled_scope()
    exported = export_configuration(original, catalog, "STATE", "99")
    imported = import_configuration(exported.xml, catalog, LayerKind.STATE, "XA-table", "XA")
    again = compile_scope([national_layer(), imported], catalog.slugs)
    with_config_code = {level.slug for level in LEVELS if level.configuration_code}
    for skill in catalog:
        if skill.code is None:
            continue
        expected = original.permitted_levels(skill.slug) & with_config_code
        assert again.permitted_levels(skill.slug) & with_config_code == expected, skill.slug


def test_a_shared_medication_code_does_not_grant_a_route_the_level_lacks() -> None:
    """Naloxone (RxNorm 7242) listed for EMRs means intranasal; it must not grant IV naloxone."""
    xml = f"""<sConfiguration xmlns="{NEMSIS_NS}"><sConfiguration.01>9917003</sConfiguration.01>
      <sConfiguration.MedicationGroup><sConfiguration.04>9917003</sConfiguration.04>
      <sConfiguration.05 CodeType="9924003">7242</sConfiguration.05>
      </sConfiguration.MedicationGroup></sConfiguration>""".encode()
    catalog = load_skill_catalog()
    layer = import_configuration(xml, catalog, LayerKind.STATE, "table", "XA")
    scope = compile_scope([national_layer(), layer], catalog.slugs)
    assert "emr" in scope.permitted_levels("naloxone-intranasal")
    assert "emr" not in scope.permitted_levels("naloxone-iv")
    assert scope.permitted_levels("cpr") == frozenset()


def test_an_agency_table_narrows_the_state_scope() -> None:
    xml = f"""<dConfiguration.ConfigurationGroup xmlns="{NEMSIS_NS}">
      <dConfiguration.01>99</dConfiguration.01>
      <dConfiguration.ProcedureGroup UUID="x"><dConfiguration.06>9917007</dConfiguration.06>
      <dConfiguration.07>89666000</dConfiguration.07></dConfiguration.ProcedureGroup>
      </dConfiguration.ConfigurationGroup>""".encode()
    catalog = load_skill_catalog()
    agency = import_configuration(xml, catalog, LayerKind.AGENCY, "county-ems")
    scope = compile_scope([national_layer(), state_layer("XA"), agency], catalog.slugs)
    assert scope.permitted_levels("cpr") >= {"paramedic"}
    assert "emt" not in scope.permitted_levels("cpr")
    assert scope.permitted_levels("aed") == frozenset()


def test_an_agency_table_that_widens_the_state_scope_is_refused() -> None:
    xml = f"""<dConfiguration.ConfigurationGroup xmlns="{NEMSIS_NS}">
      <dConfiguration.ProcedureGroup><dConfiguration.06>9917005</dConfiguration.06>
      <dConfiguration.07>232674004</dConfiguration.07></dConfiguration.ProcedureGroup>
      </dConfiguration.ConfigurationGroup>""".encode()
    catalog = load_skill_catalog()
    agency = import_configuration(xml, catalog, LayerKind.AGENCY, "county-ems")
    with pytest.raises(InvalidInput, match="endotracheal-intubation for Emergency Medical Tech"):
        compile_scope([national_layer(), state_layer("XA"), agency], catalog.slugs)


def test_unknown_codes_and_levels_are_all_reported_with_their_place() -> None:
    xml = f"""<sConfiguration xmlns="{NEMSIS_NS}">
      <sConfiguration.ProcedureGroup><sConfiguration.02>9917999</sConfiguration.02>
      <sConfiguration.03>89666000</sConfiguration.03></sConfiguration.ProcedureGroup>
      <sConfiguration.ProcedureGroup><sConfiguration.02>9917005</sConfiguration.02>
      <sConfiguration.03>123456789</sConfiguration.03></sConfiguration.ProcedureGroup>
      </sConfiguration>""".encode()
    with pytest.raises(InvalidInput) as caught:
        import_configuration(xml, load_skill_catalog(), LayerKind.STATE, "t", "XA")
    fields = [problem.field for problem in caught.value.errors]
    assert fields == [
        "sConfiguration.ProcedureGroup[1]/sConfiguration.02",
        "sConfiguration.ProcedureGroup[2]/sConfiguration.03",
    ]


def test_a_document_that_is_not_xml_is_refused() -> None:
    with pytest.raises(InvalidInput, match="not well-formed"):
        import_configuration(b"<oops", load_skill_catalog(), LayerKind.STATE, "t")
