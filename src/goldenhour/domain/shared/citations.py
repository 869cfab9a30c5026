"""A public source that rules-as-data cite (triage protocol, destination rules)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str
