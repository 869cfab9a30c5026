"""Planning API shapes: one base-versus-scenario comparison of a simulated city."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class CompareIn(BaseModel):
    city: Literal["auckland", "edmonton", "manhattan", "utrecht"]
    scenario: str = Field(
        min_length=1,
        max_length=500,
        description="'name: add A13@S3 BLS; move A2@S5; remove A4; shift A5=7-19; demand +10%'",
    )
    days: float = Field(3.0, gt=1.0, le=60.0, description="simulated days per replication")
    replications: int = Field(4, ge=2, le=30)
    seed: int = Field(1, ge=0)


class Figure(BaseModel):
    mean: float | None
    ci95: float | None = Field(description="half-width of the 95 % interval over replications")


class Column(BaseModel):
    p90_s: Figure
    compliance: Figure
    mean_s: Figure
    calls: Figure


class PriorityRow(BaseModel):
    priority: str
    base: Column
    scenario: Column
    difference: Column


class Overall(BaseModel):
    utilisation_mean: Figure = Field(alias="utilisation.mean")
    queued_share: Figure
    calls: Figure


class Overalls(BaseModel):
    base: Overall
    scenario: Overall
    difference: Overall


class CompareRead(BaseModel):
    city: str
    scenario: str
    days: float
    replications: int
    priorities: list[PriorityRow]
    overall: Overalls
