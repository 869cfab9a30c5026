"""A provider's credentials: certifications (level, issuing state, dates, status) and endorsements.

Standing is always asked *at a time*: a certification that expires at midnight, or a
suspension recorded at 14:02, changes what the provider may do from that moment on, and the
same question asked about last week's call still gets last week's answer. Dates (issued,
expires) are calendar days in the jurisdiction's local time, valid through the expiry day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from goldenhour.domain.credentials.certification_levels import Level
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.shared.names import name_key


def require_aware(at: datetime, field: str = "at") -> None:
    """Standing is asked at an instant: a naive time could be any of 24 time zones."""
    if at.tzinfo is None:
        raise InvalidInput.for_field(field, "must be a timezone-aware date-time")


class CertificationStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Certification:
    """One certification or licence. ``status`` holds from ``status_since`` (None: always)."""

    level: Level
    number: str = ""
    issuing_state: str | None = None  # USPS code; None when unknown (accepted only nationally)
    issued: date | None = None
    expires: date | None = None
    status: CertificationStatus = CertificationStatus.ACTIVE
    status_since: datetime | None = None

    def __post_init__(self) -> None:
        if self.issued and self.expires and self.expires < self.issued:
            raise InvalidInput.for_field(
                "expires", f"{self.expires} is before the issue date {self.issued}"
            )

    @property
    def label(self) -> str:
        number = f" {self.number}" if self.number else ""
        state = f" ({self.issuing_state})" if self.issuing_state else ""
        return f"{self.level.abbreviation} certification{number}{state}"

    def problem_at(self, at: datetime, jurisdiction: str | None) -> str | None:
        """Why this certification does not count at ``at`` in ``jurisdiction``; None if it does."""
        day = at.date()
        if jurisdiction is not None and self.issuing_state != jurisdiction:
            return f"{self.label} is not issued by {jurisdiction}"
        if self.issued is not None and day < self.issued:
            return f"{self.label} is not yet issued (issued {self.issued})"
        if self.expires is not None and day > self.expires:
            return f"{self.label} expired on {self.expires}"
        if self.status is not CertificationStatus.ACTIVE and (
            self.status_since is None or at >= self.status_since
        ):
            since = f" since {self.status_since.isoformat()}" if self.status_since else ""
            return f"{self.label} is {self.status.value}{since}"
        return None


@dataclass(frozen=True)
class Endorsement:
    """An additional certification a state may require for a skill, with its own expiry."""

    name: str
    expires: date | None = None
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", name_key(self.name))

    def problem_on(self, day: date) -> str | None:
        if self.expires is not None and day > self.expires:
            return f"endorsement {self.name!r} expired on {self.expires}"
        return None


@dataclass(frozen=True)
class Credentials:
    """Everything that bears on one provider's scope: certifications and endorsements."""

    provider: str
    certifications: tuple[Certification, ...]
    endorsements: tuple[Endorsement, ...] = ()

    def highest_in_good_standing(
        self, at: datetime, jurisdiction: str | None, rank_of: dict[str, int | None]
    ) -> Certification | None:
        """The valid certification highest on the ladder (by ``rank_of``), if any."""
        best: Certification | None = None
        best_rank = -1
        for cert in self.certifications:
            rank = rank_of.get(cert.level.slug)
            if rank is None or cert.problem_at(at, jurisdiction) is not None:
                continue
            if rank > best_rank:
                best, best_rank = cert, rank
        return best
