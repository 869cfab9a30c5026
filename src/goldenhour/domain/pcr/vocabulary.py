"""Finding a code the way a crew types it: "opioid", "narcan", "epi", "NTG", "D10".

The NEMSIS Defined Lists (impressions, symptoms, causes of injury, medications, procedures,
incident location types) give each code a short suggested label; medications and procedures
are also the skills catalog, whose common names ("Narcan IV", "epi 1:1000", "NTG", "D10")
are what crews say. A search ranks an exact code or name first, then names that start with
the query, then words that start with it, then anything containing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from goldenhour.domain.scope.skills import Skill, SkillCatalog, SkillKind


@dataclass(frozen=True)
class ListedCode:
    code: str
    label: str  # the Defined List's suggested label, e.g. "Suspected Opioid related"
    category: str = ""
    source_label: str = ""  # the code system's own name

    def spellings(self) -> tuple[str, ...]:
        return (self.code, self.label, self.source_label, self.category)


# When the reference data is absent: a few impressions a demo county needs (codes and names
# from the NEMSIS v3.5.1 Defined List "Impression", typed here as facts).
SHIPPED_IMPRESSIONS = (
    ListedCode("F11", "Suspected Opioid related", "Alcohol/Drug Exposure"),
    ListedCode("F10.92", "Alcohol intoxication", "Alcohol/Drug Exposure"),
    ListedCode("I20.9", "Angina (pain related to heart)", "Cardiovascular"),
    ListedCode("I46.9", "Cardiac arrest", "Cardiovascular"),
    ListedCode("E16.2", "Hypoglycemia", "Endocrine/Urinary"),
    ListedCode("J45", "Asthma", "Respiratory"),
    ListedCode("R56.9", "Convulsions, NOS", "Neurological"),
    ListedCode("I63.9", "Stroke", "Neurological"),
    ListedCode("R55", "Fainting/collapse", "Level of Consciousness"),
)


def _rank(query: str, spellings: Iterable[str]) -> int | None:
    """0 exact, 1 starts with, 2 a word starts with, 3 contains; None: no match."""
    best: int | None = None
    for text in (s.lower() for s in spellings if s):
        if text == query:
            rank = 0
        elif text.startswith(query):
            rank = 1
        elif any(w.startswith(query) for w in re.split(r"[^a-z0-9.:]+", text)):
            rank = 2
        elif query in text:
            rank = 3
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


def search_codes(items: Sequence[ListedCode], query: str, limit: int = 20) -> list[ListedCode]:
    """Codes whose code, label or category matches ``query``, best first (all when empty)."""
    wanted = query.strip().lower()
    if not wanted:
        return list(items[:limit])
    ranked = [(r, i, item) for i, item in enumerate(items)
              if (r := _rank(wanted, item.spellings())) is not None]  # fmt: skip
    return [item for _, _, item in sorted(ranked, key=lambda t: (t[0], t[1]))][:limit]


@dataclass(frozen=True)
class SkillMatch:
    skill: Skill
    listed_as: str | None  # the Defined List's label for the skill's code, e.g. "Naloxone (Narcan)"


def search_skills(
    catalog: SkillCatalog,
    kind: SkillKind,
    listed: Sequence[ListedCode],
    query: str,
    limit: int = 20,
) -> list[SkillMatch]:
    """Medications (or procedures) by any name a crew uses, with the Defined List's label."""
    labels = {item.code: item.label for item in listed}
    wanted = query.strip().lower()
    ranked: list[tuple[int, int, SkillMatch]] = []
    for index, skill in enumerate(s for s in catalog if s.kind is kind):
        label = labels.get(skill.code or "")
        spellings = (skill.slug, skill.name, *skill.names, label or "")
        rank = _rank(wanted, spellings) if wanted else 3
        if rank is not None:
            ranked.append((rank, index, SkillMatch(skill, label)))
    return [m for _, _, m in sorted(ranked, key=lambda t: (t[0], t[1]))][:limit]
