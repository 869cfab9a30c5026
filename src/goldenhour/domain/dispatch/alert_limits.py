"""The agency's overdue thresholds: how long a unit may stay in each status before the board
alerts. Parsed and checked here from the TOML text (the agency's file or the shipped one), so
a typo in a status name is an error naming it, not a limit that silently never fires."""

from __future__ import annotations

import tomllib

from goldenhour.domain.shared.errors import FieldProblem, InvalidInput
from goldenhour.domain.units.timeline import UnitStatus


def parse_alert_limits(text: str) -> dict[str, int]:
    """``{status: seconds}`` from the file's ``[status_limits_s]`` table."""
    try:
        table = tomllib.loads(text).get("status_limits_s", {})
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput.for_field("alert_limits", f"not valid TOML: {exc}") from None
    problems = []
    limits: dict[str, int] = {}
    known = {s.value for s in UnitStatus}
    for status, seconds in table.items():
        where = f"status_limits_s.{status}"
        if status not in known:
            problems.append(
                FieldProblem(where, f"unknown status (known: {', '.join(sorted(known))})")
            )
        elif isinstance(seconds, bool) or not isinstance(seconds, int) or seconds <= 0:
            problems.append(FieldProblem(where, "must be a positive whole number of seconds"))
        else:
            limits[status] = seconds
    if problems:
        raise InvalidInput("the alert limits file has errors", problems)
    return limits
