"""Call priority and response mode: how urgent a call is and whether units drive emergent.

Priority 1 is the most urgent; a lower number always wins. ``NON_EMERGENT`` sorts after 4 so
that ordering by the enum value is ordering by urgency (pending queue, divert policy).
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from goldenhour.domain.shared.errors import InvalidInput


class Priority(IntEnum):
    P1 = 1
    P2 = 2
    P3 = 3
    P4 = 4
    NON_EMERGENT = 5

    @property
    def acuity_code(self) -> str:
        """NEMSIS eDispatch.05 "Dispatch Priority (Patient Acuity)" for this priority."""
        return _ACUITY[self]

    @property
    def label(self) -> str:
        return "non-emergent" if self is Priority.NON_EMERGENT else f"priority {self.value}"


_ACUITY = {
    Priority.P1: "2305001",  # Critical
    Priority.P2: "2305003",  # Emergent
    Priority.P3: "2305003",  # Emergent
    Priority.P4: "2305005",  # Lower Acuity
    Priority.NON_EMERGENT: "2305007",  # Non-Acute
}


def parse_priority(value: object, field: str) -> Priority:
    """1..4 (int or text) or ``"non_emergent"``; InvalidInput naming ``field`` otherwise."""
    if isinstance(value, Priority):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return Priority(value)
    if isinstance(value, str):
        text = value.strip().lower().replace("-", "_")
        if text in {"1", "2", "3", "4"}:
            return Priority(int(text))
        if text == "non_emergent":
            return Priority.NON_EMERGENT
    raise InvalidInput.for_field(field, f"unknown priority {value!r}; expected 1-4 or non_emergent")


class ResponseMode(StrEnum):
    """Driving mode to the scene. Emergent means lights and sirens."""

    EMERGENT = "emergent"
    NON_EMERGENT = "non_emergent"

    @property
    def nemsis_mode_code(self) -> str:
        """NEMSIS eResponse.23 "Response Mode to Scene"."""
        return "2223001" if self is ResponseMode.EMERGENT else "2223005"

    @property
    def nemsis_descriptor_code(self) -> str:
        """NEMSIS eResponse.24: "Lights and Sirens" or "No Lights or Sirens"."""
        return "2224015" if self is ResponseMode.EMERGENT else "2224019"


def parse_response_mode(value: object, field: str) -> ResponseMode:
    try:
        return ResponseMode(str(value).strip().lower())
    except ValueError:
        raise InvalidInput.for_field(
            field, f"unknown response mode {value!r}; expected emergent or non_emergent"
        ) from None
