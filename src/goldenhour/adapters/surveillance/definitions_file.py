"""Read the case definitions: the shipped ones, with an agency's own file added.

Only the reading happens here; every check is in ``domain.surveillance.case_definitions``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from goldenhour.adapters.refdata.agency_file import read_agency_file
from goldenhour.domain.surveillance.case_definitions import (
    CaseDefinition,
    parse_case_definitions,
)


def default_text() -> str:
    path = resources.files("goldenhour") / "data" / "surveillance" / "case_definitions.toml"
    return path.read_text("utf-8")


@lru_cache(maxsize=1)
def default_definitions() -> tuple[CaseDefinition, ...]:
    return tuple(parse_case_definitions(default_text()))


def load_definitions(agency_file: Path | None = None) -> tuple[CaseDefinition, ...]:
    if agency_file is None:
        return default_definitions()
    text = read_agency_file(agency_file, "case_definitions")
    return tuple(parse_case_definitions(default_text(), text))
