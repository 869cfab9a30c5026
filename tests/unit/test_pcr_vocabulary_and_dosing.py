"""Codes found as crews type them, and weight-based doses from the agency's protocol."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.domain.pcr.dosing import DoseRule, dose_rules, weight_based_dose
from goldenhour.domain.pcr.vocabulary import (
    SHIPPED_IMPRESSIONS,
    ListedCode,
    search_codes,
    search_skills,
)
from goldenhour.domain.scope.skills import SkillKind
from goldenhour.domain.shared.errors import InvalidInput

# Naloxone in children: 0.1 mg/kg, at most 2 mg a dose (NASEMSO National Model EMS Clinical
# Guidelines v3, 2022, "Opioid Poisoning/Overdose"); drawn from 0.4 mg/mL vials.
NALOXONE = DoseRule("naloxone-iv", 0.1, "mg", 2.0, concentration=0.4, cite="NASEMSO 2022")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("narcan", {"naloxone-intranasal", "naloxone-iv", "naloxone-im"}),
        ("epi", {"epinephrine-autoinjector", "epinephrine-im", "epinephrine-iv"}),
        ("NTG", {"nitroglycerin-sl"}),
        ("D10", {"dextrose-iv"}),
    ],
)
def test_a_medication_is_found_by_the_name_crews_call_it(typed: str, expected: set[str]) -> None:
    listed = [ListedCode("7242", "Naloxone (Narcan)")]
    found = {m.skill.slug for m in search_skills(load_skill_catalog(), SkillKind.MEDICATION,
                                                  listed, typed)}  # fmt: skip
    assert expected <= found
    assert all(load_skill_catalog().parse(slug).kind is SkillKind.MEDICATION for slug in found)


def test_an_exact_code_ranks_before_a_word_match() -> None:
    found = search_codes(SHIPPED_IMPRESSIONS, "opioid")
    assert [c.code for c in found] == ["F11"]
    assert search_codes(SHIPPED_IMPRESSIONS, "f11")[0].code == "F11"
    assert search_codes(SHIPPED_IMPRESSIONS, "zzz") == []


@pytest.mark.parametrize(
    ("weight", "dose", "volume", "capped"),
    [(10, 1.0, 2.5, None), (20, 2.0, 5.0, None), (70, 2.0, 5.0, "max"), (4, 0.4, 1.0, None)],
)
def test_naloxone_by_weight_follows_the_protocol_and_its_maximum(
    weight: float, dose: float, volume: float, capped: str | None
) -> None:
    advice = weight_based_dose(NALOXONE, weight)
    assert (advice.dose, advice.volume_ml, advice.capped) == (dose, volume, capped)
    assert f"{weight:g} kg x 0.1 mg/kg" in advice.working


@given(st.floats(min_value=0.3, max_value=350))
def test_a_dose_never_exceeds_the_protocol_maximum(weight: float) -> None:
    advice = weight_based_dose(NALOXONE, weight)
    assert 0 < advice.dose <= NALOXONE.max_dose
    assert advice.dose == pytest.approx(min(weight * 0.1, 2.0), abs=0.001)


def test_an_impossible_weight_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput, match="weight_kg"):
        weight_based_dose(NALOXONE, 900)


def test_malformed_dose_rows_are_refused_each_naming_its_field() -> None:
    skills = load_skill_catalog().slugs
    document = {"dose": [{"skill": "naloxone-iv", "per_kg": 0.1, "unit": "mg", "max": 2},
                         {"skill": "unicorn", "per_kg": -1, "unit": "teaspoons"}]}  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        dose_rules(document, skills)
    fields = {e.field for e in caught.value.errors}
    assert fields == {"dose[1].skill", "dose[1].unit", "dose[1].per_kg", "dose[1].max"}
    assert dose_rules({"dose": document["dose"][:1]}, skills)[0].max_dose == 2.0
