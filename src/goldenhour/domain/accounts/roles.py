"""Who may use GoldenHour: agencies, roles and what each role may touch.

Every record belongs to one agency; a user belongs to exactly one agency and holds one or more
roles. Roles are named for the jobs in an EMS system, not for permissions, so an agency admin
can read them off a staffing chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from goldenhour.domain.shared.errors import InvalidInput


class Role(StrEnum):
    DISPATCHER = "dispatcher"
    CREW = "crew"
    SUPERVISOR = "supervisor"
    MEDICAL_DIRECTOR = "medical_director"
    PUBLIC_HEALTH_OFFICER = "public_health_officer"
    AGENCY_ADMIN = "agency_admin"


# Roles that move any unit of the agency, whoever they are on the roster.
ANY_UNIT = (Role.DISPATCHER, Role.SUPERVISOR, Role.AGENCY_ADMIN)

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")
MIN_PASSWORD_LENGTH = 10


def parse_roles(values: list[str] | tuple[str, ...], field: str = "roles") -> tuple[Role, ...]:
    """Known role names, de-duplicated and in a stable order; an unknown name is an error."""
    if not values:
        raise InvalidInput.for_field(field, "at least one role is required")
    roles: set[Role] = set()
    for value in values:
        try:
            roles.add(Role(value.strip().lower().replace("-", "_").replace(" ", "_")))
        except ValueError:
            known = ", ".join(r.value for r in Role)
            raise InvalidInput.for_field(
                field, f"unknown role {value!r}; known roles: {known}"
            ) from None
    return tuple(sorted(roles, key=list(Role).index))


def check_slug(slug: str, field: str = "slug") -> str:
    if not SLUG_PATTERN.match(slug):
        raise InvalidInput.for_field(
            field, "must be 2-63 characters of lowercase letters, digits and '-'"
        )
    return slug


def check_username(username: str, field: str = "username") -> str:
    if not USERNAME_PATTERN.match(username):
        raise InvalidInput.for_field(
            field, "must be 2-64 characters of letters, digits and . _ @ -, starting alphanumeric"
        )
    return username


def check_password(password: str, field: str = "password") -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput.for_field(
            field, f"must be at least {MIN_PASSWORD_LENGTH} characters long"
        )
    return password


def check_state(state: str, field: str = "state") -> str:
    """A jurisdiction is a two-letter US state or territory code (scope rules are per state)."""
    if not re.fullmatch(r"[A-Z]{2}", state):
        raise InvalidInput.for_field(field, "must be a two-letter state code such as 'WA'")
    return state


@dataclass(frozen=True)
class Actor:
    """The authenticated person behind a request: every read and write is tied to one."""

    user_id: int
    agency_id: int
    username: str
    roles: tuple[Role, ...]
    unit_id: int | None = None  # the unit a shared unit tablet signed in for

    def has_any(self, roles: tuple[Role, ...]) -> bool:
        return any(role in self.roles for role in roles)
