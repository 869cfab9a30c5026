"""Load the skills catalog shipped with the package (``goldenhour/data/skills.toml``)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from goldenhour.domain.scope.skills import SkillCatalog, catalog_from_mapping


def data_file(*parts: str) -> Traversable:
    return files("goldenhour").joinpath("data", *parts)


def read_toml(*parts: str) -> dict[str, object]:
    return tomllib.loads(data_file(*parts).read_text(encoding="utf-8"))


@cache
def load_skill_catalog() -> SkillCatalog:
    """The packaged catalog, parsed and checked once per process."""
    return catalog_from_mapping(read_toml("skills.toml"))
