"""The skills catalog: checked rows, lookup by slug, name or code, helpful errors."""

from __future__ import annotations

import re
from typing import Any

import pytest

from goldenhour.domain.scope.skills import CodeSystem, SkillKind, catalog_from_mapping
from goldenhour.domain.shared.errors import InvalidInput

CATALOG: dict[str, Any] = {
    "procedure": [
        {
            "slug": "cpr",
            "name": "Cardiopulmonary resuscitation",
            "snomed": "89666000",
            "names": ["CPR", "chest compressions"],
        },
        {"slug": "needle-cricothyrotomy", "name": "Needle cricothyrotomy"},
    ],
    "medication": [
        {
            "slug": "naloxone-intranasal",
            "name": "Naloxone, intranasal",
            "rxnorm": "7242",
            "routes": ["IN"],
            "names": ["Narcan nasal spray"],
        },
        {
            "slug": "naloxone-iv",
            "name": "Naloxone, intravenous",
            "rxnorm": "7242",
            "routes": ["IV", "IO"],
        },
        {"slug": "aspirin-po", "name": "Aspirin, oral", "rxnorm": "1191", "routes": ["PO"]},
    ],
}


def test_a_skill_is_found_by_slug_name_common_name_or_unambiguous_code() -> None:
    catalog = catalog_from_mapping(CATALOG)
    for spelling in ("cpr", "Cardiopulmonary Resuscitation", "chest compressions", "89666000"):
        assert catalog.parse(spelling).slug == "cpr"
    assert catalog.parse("narcan nasal spray").slug == "naloxone-intranasal"
    aspirin = catalog.parse("1191")
    assert (aspirin.kind, aspirin.code_system, aspirin.routes) == (
        SkillKind.MEDICATION,
        CodeSystem.RXNORM,
        ("PO",),
    )


def test_one_drug_by_several_routes_is_several_skills_sharing_a_code() -> None:
    catalog = catalog_from_mapping(CATALOG)
    assert {s.slug for s in catalog.with_code("7242")} == {"naloxone-intranasal", "naloxone-iv"}
    with pytest.raises(InvalidInput, match="several skills"):
        catalog.parse("7242")


def test_an_unknown_skill_suggests_the_closest_known_ones() -> None:
    catalog = catalog_from_mapping(CATALOG)
    with pytest.raises(InvalidInput) as caught:
        catalog.parse("naloxone iv push", "--skill")
    assert caught.value.errors[0].field == "--skill"
    assert "naloxone-iv" in caught.value.detail


@pytest.mark.parametrize(
    ("row", "kind", "problem"),
    [
        ({"slug": "Bad Slug", "name": "x"}, "procedure", "procedure[0].slug"),
        ({"slug": "x"}, "procedure", "procedure[0].name"),
        ({"slug": "x", "name": "X", "rxnorm": "1"}, "procedure", "SNOMED"),
        ({"slug": "x", "name": "X", "snomed": "12ab"}, "procedure", "digits"),
        ({"slug": "x", "name": "X", "rxnorm": "1"}, "medication", "route"),
        (
            {"slug": "x", "name": "X", "rxnorm": "1", "snomed": "2", "routes": ["IV"]},
            "medication",
            "not both",
        ),
    ],
)
def test_a_bad_catalog_row_is_refused_naming_the_row_and_field(
    row: dict[str, Any], kind: str, problem: str
) -> None:
    with pytest.raises(InvalidInput, match=re.escape(problem)):
        catalog_from_mapping({kind: [row]})


def test_two_skills_may_not_share_a_name() -> None:
    rows = [
        {"slug": "cpr", "name": "CPR"},
        {"slug": "hands-only-cpr", "name": "x", "names": ["cpr"]},
    ]
    with pytest.raises(InvalidInput, match="already used by cpr"):
        catalog_from_mapping({"procedure": rows})
