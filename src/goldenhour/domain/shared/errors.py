"""The exception tree every layer raises: what went wrong, in one sentence naming the field.

Domain code raises these so that a rule broken deep inside (an unknown certification level,
a crew member already on another unit) reaches the dispatcher as one clear sentence naming the
field, whatever the entry point (API, CLI, import file). How each kind is answered over HTTP
(status code and title) is the API's business: ``api.problems``.

    GoldenHourError         the request cannot be carried out
    ├── InvalidInput        a value is wrong; ``errors`` lists field problems
    ├── NotFound            no such record in the caller's agency
    ├── Conflict            the record changed or is taken (e.g. unit already assigned)
    ├── Unauthorized        no valid credentials
    ├── Forbidden           authenticated, but the role does not allow it
    ├── PayloadTooLarge     the input is larger than the configured limit
    ├── TooManyRequests     wait ``retry_after_s`` (e.g. too many wrong passwords)
    │   └── Overloaded      the server is at capacity: nothing was done, retry later
    └── ServiceUnavailable  a dependency (database, road network) is down
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one input field: where it is (dotted path or row:column) and what."""

    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}"


class GoldenHourError(Exception):
    """The request cannot be carried out; ``detail`` says why, naming the field."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidInput(GoldenHourError):
    """A value is wrong; ``errors`` lists every field problem at once."""

    def __init__(self, detail: str, errors: list[FieldProblem] | None = None) -> None:
        super().__init__(detail)
        self.errors = errors or []

    @classmethod
    def for_field(cls, field: str, problem: str) -> InvalidInput:
        return cls(f"{field}: {problem}", [FieldProblem(field, problem)])


class NotFound(GoldenHourError):
    """No such record in the caller's agency (another agency's record is as absent)."""


class Conflict(GoldenHourError):
    """The record changed or is taken (a unit already assigned, a call already closed)."""


class Unauthorized(GoldenHourError):
    """No valid credentials."""


class Forbidden(GoldenHourError):
    """Authenticated, but the role or relationship does not allow it."""


class PayloadTooLarge(GoldenHourError):
    """The input is larger than the configured limit."""


class TooManyRequests(GoldenHourError):
    """Wait ``retry_after_s`` seconds (e.g. after too many wrong passwords)."""

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s


class Overloaded(TooManyRequests):
    """Refused before any work was done, so repeating the request after ``retry_after_s`` is
    safe: the server is busy, not the client too fast (HTTP 503, not 429)."""


class ServiceUnavailable(GoldenHourError):
    """A dependency (database, road network) is down; nothing was done."""
