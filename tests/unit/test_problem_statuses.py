"""Each kind of domain error is answered with its RFC 9110 status; the domain names none."""

from __future__ import annotations

import inspect

import pytest

from goldenhour.api.problems import HTTP_STATUS, http_status
from goldenhour.domain.shared import errors
from goldenhour.domain.shared.errors import (
    Conflict,
    Forbidden,
    GoldenHourError,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
)

# RFC 9110 section 15 (and RFC 6585 section 4 for 429).
STATUSES = [
    (GoldenHourError("x"), 400),
    (InvalidInput.for_field("age", "must be a number"), 422),
    (NotFound("incident: no incident 7 in your agency"), 404),
    (Conflict("unit_id: unit M1 is on scene"), 409),
    (Unauthorized("no token"), 401),
    (Forbidden("crew only"), 403),
    (PayloadTooLarge("too big"), 413),
    (TooManyRequests("wait", 30), 429),
    (ServiceUnavailable("database down"), 503),
]


@pytest.mark.parametrize(("error", "status"), STATUSES, ids=lambda v: type(v).__name__)
def test_each_kind_of_error_is_answered_with_its_status(
    error: GoldenHourError, status: int
) -> None:
    assert http_status(error)[0] == status


def test_a_new_kind_of_error_answers_as_its_nearest_ancestor() -> None:
    class UnitTaken(Conflict):
        pass

    assert http_status(UnitTaken("unit_id: taken")) == (409, "Conflict")


def test_every_kind_the_domain_defines_is_mapped_and_carries_no_status_itself() -> None:
    kinds = {
        k for _, k in inspect.getmembers(errors, inspect.isclass) if issubclass(k, GoldenHourError)
    }
    assert kinds == set(HTTP_STATUS)
    assert not [k.__name__ for k in kinds if "status" in vars(k) or "title" in vars(k)]
