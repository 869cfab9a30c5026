"""A roster entry as it arrives (a CSV row group, a DEMDataSet person): before any check.

The provider use cases check and store these; the roster and DEMDataSet readers build them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class CertificationInput:
    level: str
    number: str
    issuing_state: str | None
    issued: date | None
    expires: date | None
    status: str = "active"
    source: str = ""  # where it came from, e.g. "row 7: " of a roster file, for error messages


@dataclass(frozen=True)
class EndorsementInput:
    name: str
    expires: date | None = None


@dataclass(frozen=True)
class ProviderInput:
    external_id: str
    first_name: str
    last_name: str
    certifications: Sequence[CertificationInput] = ()
    endorsements: Sequence[EndorsementInput] = field(default_factory=tuple)
