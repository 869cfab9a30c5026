"""NEMSIS scope tables: dConfiguration.06-09 (agency) and sConfiguration.02-05 (state).

NEMSIS writes scope as groups: one certification level (``99170xx``) with the list of
procedures (SNOMED CT) or medications (RxNorm, or SNOMED CT for blood products) it is
permitted. Importing such a table gives an *exclusive* layer (what is not listed is denied);
exporting writes what a compiled scope permits, conditions included (NEMSIS has no place for
endorsements or online medical control, so those are lost on export).

The mapping is by code, and several skills may share one code (naloxone by three routes, the
12-lead ECG acquired or interpreted). An exported code is written when any of its skills is
permitted; an imported shared code only *keeps* its skills where earlier layers permit them
(it cannot say which route it meant, so it grants none), while a code of one skill grants it.
Skills without a code cannot be exported and are reported in ``ConfigurationExport.skipped``.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from goldenhour.domain.credentials.certification_levels import BY_CONFIGURATION_CODE, LEVELS
from goldenhour.domain.scope.decision import CompiledScope
from goldenhour.domain.scope.rules import LayerKind, ScopeLayer, whitelist_layer
from goldenhour.domain.scope.skills import CodeSystem, SkillCatalog, SkillKind
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput

NEMSIS_NS = "http://www.nemsis.org"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
Dataset = Literal["DEM", "STATE"]

_CODE_TYPE = {CodeSystem.RXNORM: "9924003", CodeSystem.SNOMED_CT: "9924005"}
_NV_NOT_RECORDED = "7701003"
# Element names per dataset: (group, level element, item element) for each kind of skill.
_ELEMENTS: dict[Dataset, dict[SkillKind, tuple[str, str, str]]] = {
    "DEM": {
        SkillKind.PROCEDURE: (
            "dConfiguration.ProcedureGroup",
            "dConfiguration.06",
            "dConfiguration.07",
        ),
        SkillKind.MEDICATION: (
            "dConfiguration.MedicationGroup",
            "dConfiguration.08",
            "dConfiguration.09",
        ),
    },
    "STATE": {
        SkillKind.PROCEDURE: (
            "sConfiguration.ProcedureGroup",
            "sConfiguration.02",
            "sConfiguration.03",
        ),
        SkillKind.MEDICATION: (
            "sConfiguration.MedicationGroup",
            "sConfiguration.04",
            "sConfiguration.05",
        ),
    },
}


@dataclass(frozen=True)
class ConfigurationExport:
    xml: bytes
    skipped: tuple[str, ...]  # permitted skills with no code, absent from the tables


def _q(name: str) -> str:
    return f"{{{NEMSIS_NS}}}{name}"


def export_configuration(
    scope: CompiledScope, catalog: SkillCatalog, dataset: Dataset, state_fips: str
) -> ConfigurationExport:
    """The scope as ``<dConfiguration.ConfigurationGroup>`` (DEM) or ``<sConfiguration>`` (STATE).

    The DEM fragment holds dConfiguration.01 and the procedure and medication groups; the
    agency's other configuration elements (protocols, call signs...) are added by whoever
    assembles the full DEM document.
    """
    if not (len(state_fips) == 2 and state_fips.isdigit()):
        raise InvalidInput.for_field("state_fips", "must be a two-digit ANSI state code")
    skipped = sorted({s.slug for s in catalog if s.code is None and scope.permitted_levels(s.slug)})
    levels = [level for level in LEVELS if level.configuration_code]
    if dataset == "DEM":
        root = etree.Element(_q("dConfiguration.ConfigurationGroup"), nsmap={None: NEMSIS_NS})
        root.set("UUID", _uuid(state_fips, "configuration"))
        etree.SubElement(root, _q("dConfiguration.01")).text = state_fips
    else:
        root = etree.Element(_q("sConfiguration"), nsmap={None: NEMSIS_NS, "xsi": XSI_NS})
        for level in levels:
            etree.SubElement(root, _q("sConfiguration.01")).text = level.configuration_code
    for kind in SkillKind:
        group_name, level_name, item_name = _ELEMENTS[dataset][kind]
        for level in levels:
            codes = _permitted_codes(scope, catalog, kind, level.slug)
            if not codes:
                continue
            group = etree.SubElement(root, _q(group_name))
            if dataset == "DEM":
                group.set("UUID", _uuid(state_fips, group_name, level.slug))
            etree.SubElement(group, _q(level_name)).text = level.configuration_code
            for code, system in codes:
                item = etree.SubElement(group, _q(item_name))
                item.text = code
                if kind is SkillKind.MEDICATION:
                    item.set("CodeType", _CODE_TYPE[system])
    if dataset == "STATE":
        protocols = etree.SubElement(root, _q("sConfiguration.06"), NV=_NV_NOT_RECORDED)
        protocols.set(f"{{{XSI_NS}}}nil", "true")
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return ConfigurationExport(xml, tuple(skipped))


def _permitted_codes(
    scope: CompiledScope, catalog: SkillCatalog, kind: SkillKind, level: str
) -> list[tuple[str, CodeSystem]]:
    codes = {
        (skill.code, skill.code_system)
        for skill in catalog
        if skill.kind is kind
        and skill.code
        and skill.code_system
        and level in scope.permitted_levels(skill.slug)
    }
    return sorted(codes, key=lambda pair: int(pair[0]))


def _uuid(*parts: str) -> str:
    """Stable group identifiers, so re-exporting the same scope gives the same document."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "goldenhour:" + "/".join(parts)))


def import_configuration(
    xml: bytes, catalog: SkillCatalog, kind: LayerKind, name: str, jurisdiction: str | None = None
) -> ScopeLayer:
    """An exclusive scope layer from a DEM or STATE configuration document or fragment."""
    if kind is LayerKind.NATIONAL:
        raise InvalidInput.for_field("kind", "a NEMSIS table is a state or agency layer")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise InvalidInput.for_field("xml", f"not well-formed: {exc}") from None
    permitted: dict[str, set[str]] = defaultdict(set)
    problems: list[FieldProblem] = []
    found = 0
    for dataset in _ELEMENTS.values():
        for skill_kind, (group_name, level_name, item_name) in dataset.items():
            for index, group in enumerate(root.iter(_q(group_name)), start=1):
                found += 1
                path = f"{group_name}[{index}]"
                _read_group(
                    group, level_name, item_name, skill_kind, catalog, path, permitted, problems
                )
    if not found:
        problems.append(FieldProblem("xml", "no procedure or medication group found"))
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems), problems)
    frozen = {skill: frozenset(levels) for skill, levels in permitted.items()}
    shared = frozenset(
        skill.slug for skill in catalog if skill.code and len(catalog.with_code(skill.code)) > 1
    )
    return whitelist_layer(kind, name, frozen, jurisdiction, keep_only=shared)


def _read_group(
    group: etree._Element,
    level_name: str,
    item_name: str,
    kind: SkillKind,
    catalog: SkillCatalog,
    path: str,
    permitted: dict[str, set[str]],
    problems: list[FieldProblem],
) -> None:
    level_text = (group.findtext(_q(level_name)) or "").strip()
    level = BY_CONFIGURATION_CODE.get(level_text)
    if level is None:
        problems.append(FieldProblem(f"{path}/{level_name}", f"unknown level code {level_text!r}"))
        return
    for item in group.iter(_q(item_name)):
        code = (item.text or "").strip()
        skills = catalog.with_code(code, kind)
        if not skills:
            problems.append(
                FieldProblem(f"{path}/{item_name}", f"code {code!r} is not in the catalog")
            )
        for skill in skills:
            permitted[skill.slug].add(level.slug)
