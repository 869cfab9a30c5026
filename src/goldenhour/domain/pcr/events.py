"""Facts about patient care records, for boards and the medical director's screen.

Payloads carry ids and codes, never patient details: the event stream reaches screens that
may not read PHI (a dispatch board), so anyone who needs the record reads it, and is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from goldenhour.domain.shared.events import Event


@dataclass(frozen=True)
class InterventionRecorded(Event):
    pcr_id: int
    intervention: str  # e.g. eMedications.MedicationGroup[2]
    skill: str
    provider_id: int
    decision: str  # allowed, requires_medical_control, denied


@dataclass(frozen=True)
class ScopeFlagRaised(Event):
    flag_id: int
    pcr_id: int
    intervention: str
    skill: str
    provider_id: int
    decision: str


@dataclass(frozen=True)
class PcrLocked(Event):
    pcr_id: int
    uuid: str
    locked_by: int
