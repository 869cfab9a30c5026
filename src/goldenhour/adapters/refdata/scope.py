"""Load the packaged scope rules: national model, state overlays, staffing rules.

Overlays live in ``goldenhour/data/scope/states/<CODE>.toml`` and staffing rules in
``goldenhour/data/staffing/<CODE>.toml`` (falling back to ``national.toml``). Compiled scope
tables are cached per jurisdiction: building one resolves every skill x level once.
"""

from __future__ import annotations

import tomllib
from functools import cache

from goldenhour.adapters.refdata.skills import data_file, load_skill_catalog, read_toml
from goldenhour.domain.scope.decision import CompiledScope, compile_scope
from goldenhour.domain.scope.overlays import national_layer_from_mapping, overlay_from_mapping
from goldenhour.domain.scope.rules import LayerKind, ScopeLayer, merged_placement
from goldenhour.domain.shared.names import unknown_name
from goldenhour.domain.units.crew_level import StaffingRules, staffing_from_mapping


def known_jurisdictions() -> list[str]:
    folder = data_file("scope", "states")
    return sorted(
        item.name.removesuffix(".toml") for item in folder.iterdir() if item.name.endswith(".toml")
    )


@cache
def national_layer() -> ScopeLayer:
    return national_layer_from_mapping(
        read_toml("scope", "national.toml"), load_skill_catalog().slugs
    )


@cache
def state_layer(jurisdiction: str) -> ScopeLayer:
    code = jurisdiction.strip().upper()
    if code not in known_jurisdictions():
        raise unknown_name("jurisdiction", "jurisdiction", jurisdiction, known_jurisdictions())
    data = read_toml("scope", "states", f"{code}.toml")
    return overlay_from_mapping(data, LayerKind.STATE, load_skill_catalog().slugs)


def agency_layer(toml_text: str) -> ScopeLayer:
    """An agency protocol written in the overlay format (``[agency]`` and ``[[rule]]``)."""
    return overlay_from_mapping(
        tomllib.loads(toml_text), LayerKind.AGENCY, load_skill_catalog().slugs
    )


def scope_layers(jurisdiction: str | None = None) -> tuple[ScopeLayer, ...]:
    if jurisdiction is None:
        return (national_layer(),)
    return (national_layer(), state_layer(jurisdiction))


@cache
def load_compiled_scope(jurisdiction: str | None = None) -> CompiledScope:
    return compile_scope(scope_layers(jurisdiction), load_skill_catalog().slugs)


def load_staffing_rules(jurisdiction: str | None = None) -> StaffingRules:
    """The jurisdiction's staffing rules (or the default), with its placement of professions."""
    code = jurisdiction.strip().upper() if jurisdiction else None
    own = data_file("staffing", f"{code}.toml") if code else None
    parts = (
        ("staffing", f"{code}.toml")
        if own is not None and own.is_file()
        else ("staffing", "national.toml")
    )
    placement = merged_placement(scope_layers(code))
    return staffing_from_mapping(read_toml(*parts), code, placement)
