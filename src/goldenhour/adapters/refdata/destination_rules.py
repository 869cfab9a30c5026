"""Read destination rules: the shipped default, with an agency's overrides on top.

Only the reading happens here; merging and every check are in ``domain.destination.rules``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from goldenhour.adapters.refdata.agency_file import read_agency_file
from goldenhour.domain.destination.rules import DestinationRules, parse_destination_rules


def default_rules_text() -> str:
    return (resources.files("goldenhour") / "data" / "destination" / "default.toml").read_text(
        "utf-8"
    )


@lru_cache(maxsize=1)
def default_rules() -> DestinationRules:
    """The shipped rules, parsed once per process."""
    return parse_destination_rules(default_rules_text())


def load_rules(agency_file: Path | None = None) -> DestinationRules:
    """The default rules with ``agency_file``'s overrides merged in (the default when None)."""
    if agency_file is None:
        return default_rules()
    text = read_agency_file(agency_file, "destination_rules")
    return parse_destination_rules(default_rules_text(), text)
