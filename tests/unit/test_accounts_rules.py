"""Account rules: roles are the six EMS jobs; names, passwords and states are checked."""

from __future__ import annotations

import pytest

from goldenhour.domain.accounts.roles import (
    Role,
    check_password,
    check_slug,
    check_state,
    check_username,
    parse_roles,
)
from goldenhour.domain.shared.errors import InvalidInput


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["dispatcher"], (Role.DISPATCHER,)),
        (["Medical Director"], (Role.MEDICAL_DIRECTOR,)),
        (["agency-admin", "crew", "crew"], (Role.CREW, Role.AGENCY_ADMIN)),
        (["public_health_officer", "supervisor"], (Role.SUPERVISOR, Role.PUBLIC_HEALTH_OFFICER)),
    ],
)
def test_role_names_are_normalised_and_deduplicated(
    given: list[str], expected: tuple[Role, ...]
) -> None:
    assert parse_roles(given) == expected


@pytest.mark.parametrize(
    ("check", "value", "field"),
    [
        (lambda v: parse_roles([v]), "paramedic", "roles"),
        (lambda v: parse_roles([]), "", "roles"),
        (check_slug, "Has Spaces", "slug"),
        (check_username, "-bad", "username"),
        (check_password, "short", "password"),
        (check_state, "Washington", "state"),
    ],
)
def test_bad_account_input_names_the_field(check: object, value: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check(value)  # type: ignore[operator]
    assert caught.value.errors[0].field == field


def test_unknown_role_error_lists_the_known_roles() -> None:
    with pytest.raises(InvalidInput, match="medical_director"):
        parse_roles(["nurse"])
