"""The shipped default rules: every level x skill of the National EMS Scope of Practice Model.

The expected minimum level of each skill is written out below, independently of the data file
(``goldenhour/data/scope/national.toml``), from the NSOPM 2019 with Change Notices 1.0 and 2.0
(NASEMSO/NHTSA, DOT HS 813 151, 2021). Skills the model leaves to the states, and critical-care
skills beyond the national levels, default to Critical Care Paramedic.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import pytest

from conftest import require_refdata
from goldenhour.adapters.refdata.scope import (
    known_jurisdictions,
    load_compiled_scope,
    load_staffing_rules,
    state_layer,
)
from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.domain.credentials.certification_levels import BY_SLUG, LEVELS
from goldenhour.domain.credentials.certifications import Certification, Credentials
from goldenhour.domain.scope.decision import Decision, decide
from goldenhour.domain.scope.skills import CodeSystem, SkillKind
from goldenhour.domain.shared.errors import InvalidInput

EMR, EMT, AEMT, MEDIC, CCP = "emr", "emt", "aemt", "paramedic", "critical-care-paramedic"
EXPECTED_MINIMUM = {
    # airway and breathing
    "oxygen-therapy": EMR,
    "bvm-ventilation": EMR,
    "oropharyngeal-airway": EMR,
    "nasopharyngeal-airway": EMR,
    "suctioning": EMR,
    "cpap": EMT,
    "supraglottic-airway": AEMT,
    "endotracheal-intubation": MEDIC,
    "rapid-sequence-intubation": CCP,
    "needle-cricothyrotomy": MEDIC,
    "needle-chest-decompression": MEDIC,
    "gastric-tube": MEDIC,
    "ventilator-management": CCP,
    # assessment
    "blood-pressure-manual": EMR,
    "pulse-oximetry": EMT,
    "blood-glucose-measurement": EMT,
    "12-lead-ecg-acquisition": EMT,
    "12-lead-ecg-interpretation": MEDIC,
    "cardiac-monitoring": MEDIC,
    # cardiac and medical
    "cpr": EMR,
    "mechanical-cpr": EMT,
    "aed": EMR,
    "manual-defibrillation": MEDIC,
    "synchronized-cardioversion": MEDIC,
    "transcutaneous-pacing": MEDIC,
    "vagal-maneuver": MEDIC,
    "assisted-delivery": EMR,
    "physical-restraint": EMT,
    # trauma
    "hemorrhage-control-tourniquet": EMR,
    "hemostatic-agent": EMT,
    "manual-spinal-stabilization": EMR,
    "spinal-motion-restriction": EMT,
    "cervical-collar": EMT,
    "splinting": EMT,
    "traction-splint": EMT,
    "pelvic-sling": EMT,
    # vascular access
    "peripheral-iv": AEMT,
    "intraosseous-access": AEMT,
    "iv-fluid-crystalloid": AEMT,
    "external-jugular-iv": MEDIC,
    "central-line-access": MEDIC,
    "arterial-line-monitoring": CCP,
    # medications EMR-AEMT
    "aspirin-po": EMT,
    "oral-glucose": EMT,
    "epinephrine-autoinjector": EMT,
    "epinephrine-im": AEMT,
    "naloxone-intranasal": EMR,
    "naloxone-im": AEMT,
    "naloxone-iv": AEMT,
    "albuterol-nebulized": EMT,
    "nitroglycerin-sl": EMT,
    "dextrose-iv": AEMT,
    "glucagon-im": AEMT,
    # medications paramedic
    **dict.fromkeys(
        [
            "adenosine-iv",
            "amiodarone-iv",
            "atropine-iv",
            "calcium-chloride-iv",
            "dexamethasone-iv",
            "diltiazem-iv",
            "diphenhydramine-iv",
            "epinephrine-iv",
            "fentanyl-iv",
            "fentanyl-intranasal",
            "furosemide-iv",
            "haloperidol-im",
            "ipratropium-nebulized",
            "ketamine-iv",
            "ketamine-im",
            "ketorolac-iv",
            "lidocaine-iv",
            "lorazepam-iv",
            "magnesium-sulfate-iv",
            "methylprednisolone-iv",
            "midazolam-iv",
            "midazolam-im",
            "midazolam-intranasal",
            "morphine-iv",
            "norepinephrine-infusion",
            "ondansetron-iv",
            "ondansetron-odt",
            "sodium-bicarbonate-iv",
            "tranexamic-acid-iv",
            "acetaminophen-iv",
        ],
        MEDIC,
    ),
    # critical care, left to the states
    **dict.fromkeys(
        [
            "etomidate-iv",
            "succinylcholine-iv",
            "rocuronium-iv",
            "propofol-infusion",
            "heparin-infusion",
            "nicardipine-infusion",
            "packed-red-blood-cells",
            "plasma-transfusion",
        ],
        CCP,
    ),
}
# Where the national model places professions off the ladder; the rest are not placed.
EXPECTED_PLACEMENT = {"community-paramedic": MEDIC, "physician": CCP}
AT = datetime(2026, 6, 1, 12, tzinfo=UTC)

REQUIRED_BY_ISSUE = [
    "cpr",
    "aed",
    "bvm-ventilation",
    "oxygen-therapy",
    "oropharyngeal-airway",
    "nasopharyngeal-airway",
    "suctioning",
    "hemorrhage-control-tourniquet",
    "manual-spinal-stabilization",
    "spinal-motion-restriction",
    "traction-splint",
    "assisted-delivery",
    "pulse-oximetry",
    "blood-glucose-measurement",
    "cpap",
    "supraglottic-airway",
    "peripheral-iv",
    "intraosseous-access",
    "iv-fluid-crystalloid",
    "12-lead-ecg-acquisition",
    "12-lead-ecg-interpretation",
    "manual-defibrillation",
    "synchronized-cardioversion",
    "transcutaneous-pacing",
    "endotracheal-intubation",
    "needle-chest-decompression",
    "needle-cricothyrotomy",
    "gastric-tube",
    "aspirin-po",
    "oral-glucose",
    "epinephrine-autoinjector",
    "epinephrine-im",
    "naloxone-intranasal",
    "naloxone-iv",
    "albuterol-nebulized",
    "nitroglycerin-sl",
    "dextrose-iv",
    "glucagon-im",
    "amiodarone-iv",
    "adenosine-iv",
    "fentanyl-iv",
    "midazolam-iv",
]


def test_the_expected_table_covers_exactly_the_catalog() -> None:
    assert set(EXPECTED_MINIMUM) == set(load_skill_catalog().slugs)


def test_the_catalog_holds_every_skill_the_issue_lists() -> None:
    assert set(REQUIRED_BY_ISSUE) <= set(load_skill_catalog().slugs)


@pytest.mark.parametrize("skill", sorted(EXPECTED_MINIMUM))
@pytest.mark.parametrize("level", [level.slug for level in LEVELS])
def test_every_level_may_perform_a_skill_exactly_from_its_national_minimum(
    level: str, skill: str
) -> None:
    """NSOPM 2019 (+ change notices): levels are cumulative from each skill's minimum level."""
    minimum = BY_SLUG[EXPECTED_MINIMUM[skill]].rank or 0
    stands_at = BY_SLUG[EXPECTED_PLACEMENT.get(level, level)].rank
    expected = (
        Decision.ALLOWED if stands_at is not None and stands_at >= minimum else Decision.DENIED
    )
    credentials = Credentials("p", (Certification(BY_SLUG[level], "N-1", "XA"),))
    assert decide(load_compiled_scope(), credentials, skill, AT).decision is expected


def test_every_national_rule_carries_a_citation() -> None:
    scope = load_compiled_scope()
    national = scope.layers[0]
    assert all(rule.citation.startswith("NSOPM 2019") for rule in national.rules)


def test_skills_left_to_the_states_are_marked_in_the_data() -> None:
    left = {rule.skill for rule in load_compiled_scope().layers[0].rules if rule.state_option}
    assert left == {skill for skill, minimum in EXPECTED_MINIMUM.items() if minimum == CCP}


def test_the_example_overlays_are_marked_as_examples() -> None:
    assert known_jurisdictions() == ["XA", "XB"]
    assert all(state_layer(code).example for code in known_jurisdictions())


def test_an_unknown_jurisdiction_suggests_the_known_ones() -> None:
    with pytest.raises(InvalidInput, match="did you mean 'XA'"):
        state_layer("XAA")


def test_example_state_a_enables_im_epinephrine_for_emts_with_an_endorsement() -> None:
    summary = load_compiled_scope("XA").summary("epinephrine-im", BY_SLUG["emt"])
    assert summary.permitted and summary.endorsements == {"epinephrine-check-and-inject"}


def test_staffing_rules_take_the_placement_of_the_jurisdiction() -> None:
    assert load_staffing_rules("XA").rank_of["registered-nurse"] == BY_SLUG["paramedic"].rank
    assert load_staffing_rules(None).rank_of["registered-nurse"] is None


def _defined_list(name: str) -> set[str]:
    path = require_refdata("nemsis", "DefinedLists", name, f"{name}.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["Value"] for row in csv.DictReader(handle)}


def test_every_coded_procedure_is_in_the_nemsis_procedure_list() -> None:
    """Catalog SNOMED CT codes come from the NEMSIS v3.5.1 Defined List 'Procedure'."""
    known = _defined_list("Procedure")
    procedures = [s for s in load_skill_catalog() if s.kind is SkillKind.PROCEDURE and s.code]
    assert [s.slug for s in procedures if s.code not in known] == []


def test_every_medication_code_is_in_the_nemsis_medication_list() -> None:
    """RxNorm (and blood-product SNOMED CT) codes come from the Defined List 'Medication'."""
    known = _defined_list("Medication")
    medications = [s for s in load_skill_catalog() if s.kind is SkillKind.MEDICATION]
    assert all(s.code_system in (CodeSystem.RXNORM, CodeSystem.SNOMED_CT) for s in medications)
    assert [s.slug for s in medications if s.code not in known] == []
