"""Answers of the chart's vocabulary routes."""

from __future__ import annotations

from pydantic import Field

from goldenhour.api.schemas.common import ReadModel


class CodeRead(ReadModel):
    code: str
    label: str
    category: str


class SkillRead(ReadModel):
    slug: str
    name: str
    code: str | None
    routes: list[str]
    common_names: list[str]
    listed_as: str | None = Field(description="the NEMSIS Defined List's label for the code")


class DoseRead(ReadModel):
    skill: str
    weight_kg: float
    dose: float
    unit: str
    unit_code: str = Field(description="eMedications.06 code")
    volume_ml: float | None
    capped: str | None = Field(description="max or min when the protocol's limit decided it")
    working: str
    cite: str
