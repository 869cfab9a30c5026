"""The exception tree every layer raises, mapped once onto problem+json by the API.

Domain code raises these so that a rule broken deep inside (an unknown certification level,
a crew member already on another unit) reaches the dispatcher as one clear sentence naming the
field, whatever the entry point (API, CLI, import file).

    GoldenHourError                 400  the request cannot be carried out
    ├── InvalidInput                422  a value is wrong; ``errors`` lists field problems
    ├── NotFound                    404  no such record in the caller's agency
    ├── Conflict                    409  the record changed or is taken (e.g. unit already assigned)
    ├── Unauthorized                401  no valid credentials
    ├── Forbidden                   403  authenticated, but the role does not allow it
    ├── PayloadTooLarge             413  the body is larger than the configured limit
    ├── TooManyRequests             429  wait ``retry_after_s`` (e.g. too many wrong passwords)
    └── ServiceUnavailable          503  a dependency (database, road network) is down
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
    status = 400
    title = "Bad request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidInput(GoldenHourError):
    status = 422
    title = "Invalid input"

    def __init__(self, detail: str, errors: list[FieldProblem] | None = None) -> None:
        super().__init__(detail)
        self.errors = errors or []

    @classmethod
    def for_field(cls, field: str, problem: str) -> InvalidInput:
        return cls(f"{field}: {problem}", [FieldProblem(field, problem)])


class NotFound(GoldenHourError):
    status = 404
    title = "Not found"


class Conflict(GoldenHourError):
    status = 409
    title = "Conflict"


class Unauthorized(GoldenHourError):
    status = 401
    title = "Unauthorized"


class Forbidden(GoldenHourError):
    status = 403
    title = "Forbidden"


class PayloadTooLarge(GoldenHourError):
    status = 413
    title = "Payload too large"


class TooManyRequests(GoldenHourError):
    status = 429
    title = "Too many requests"

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s


class ServiceUnavailable(GoldenHourError):
    status = 503
    title = "Service unavailable"
