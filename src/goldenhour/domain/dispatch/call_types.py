"""An agency's own call types: what its CAD says ("Medic Response", "Aid Response") and what
that means here: a NEMSIS dispatch reason (eDispatch.01) and type of service (eResponse.05),
and optionally a fixed priority, level of care and response plan that override triage.

Data, edited by the agency's administrator or imported as CSV with the columns
``call_type, dispatch_reason, type_of_service[, priority, level, plan]``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from goldenhour.domain.dispatch.codes import dispatch_reason_code, type_of_service_code
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput
from goldenhour.domain.triage.decision import TriageResult
from goldenhour.domain.triage.priority import parse_priority
from goldenhour.domain.triage.protocol import TriageProtocol
from goldenhour.domain.triage.response_plan import Role, UnitType
from goldenhour.domain.units.levels_of_care import CareLevel, parse_care_level

COLUMNS = ("call_type", "dispatch_reason", "type_of_service", "priority", "level", "plan")


@dataclass(frozen=True)
class CallType:
    call_type: str
    dispatch_reason: str
    type_of_service: str
    priority: int | None = None
    level: str | None = None
    plan: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {c: getattr(self, c) for c in COLUMNS}


def call_type_key(name: str) -> str:
    """Call types match whatever their case and spacing: " medic  RESPONSE" is "MEDIC RESPONSE"."""
    return " ".join(name.upper().split())


def parse_call_type(
    raw: Mapping[str, object], protocol: TriageProtocol, where: str = ""
) -> CallType:
    """One row, checked: InvalidInput names each bad field (``row 3: level``)."""
    problems: list[FieldProblem] = []

    def text(column: str) -> str:
        return str(raw.get(column) or "").strip()

    def check(column: str, parse: object) -> object:
        try:
            return parse() if callable(parse) else None
        except InvalidInput as exc:
            problems.extend(FieldProblem(f"{where}{column}", p.problem) for p in exc.errors)
            return None

    name = text("call_type")
    if not name or len(name) > 200:
        problems.append(FieldProblem(f"{where}call_type", "1 to 200 characters"))
    reason = check("dispatch_reason", lambda: dispatch_reason_code(text("dispatch_reason")))
    service = check(
        "type_of_service", lambda: type_of_service_code(text("type_of_service") or "2205001")
    )
    priority = check(
        "priority",
        lambda: int(parse_priority(text("priority"), "priority")) if text("priority") else None,
    )
    level = check(
        "level", lambda: parse_care_level(text("level"), "level").name if text("level") else None
    )
    plan = text("plan") or None
    if plan is not None and all(r.plan != plan for r in protocol.rules):
        problems.append(FieldProblem(f"{where}plan", f"no response plan {plan!r} in the protocol"))
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems), problems)
    return CallType(
        name,
        str(reason),
        str(service),
        priority if isinstance(priority, int) else None,
        level if isinstance(level, str) else None,
        plan,
    )


def parse_table(rows: Iterable[Mapping[str, object]], protocol: TriageProtocol) -> list[CallType]:
    """Every row or none: all problems of the file at once, duplicates included."""
    found: list[CallType] = []
    problems: list[FieldProblem] = []
    seen: set[str] = set()
    for n, raw in enumerate(rows, start=2):  # row 1 is the header
        try:
            row = parse_call_type(raw, protocol, f"row {n}: ")
        except InvalidInput as exc:
            problems += exc.errors
            continue
        if call_type_key(row.call_type) in seen:
            problems.append(FieldProblem(f"row {n}: call_type", f"{row.call_type!r} twice"))
        seen.add(call_type_key(row.call_type))
        found.append(row)
    if problems:
        raise InvalidInput(f"{len(problems)} problem(s) in the call types", problems)
    return found


def csv_rows(text: str, field: str = "body") -> list[dict[str, str]]:
    """The rows of a call-type CSV (as the CAD vendor exports it; a UTF-8 BOM is fine)."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    if "call_type" not in (reader.fieldnames or []):
        raise InvalidInput.for_field(field, "a CSV with a header row naming call_type")
    return [dict(r) for r in reader]


def apply_call_type(
    result: TriageResult, call_type: CallType, protocol: TriageProtocol
) -> TriageResult:
    """Triage with the call type's fixed priority, level and plan where it sets them."""
    if call_type.plan is not None:
        rule = next(r for r in protocol.rules if r.plan == call_type.plan)
        result = replace(result, plan=rule.plan, roles=rule.roles, mode=rule.mode)
    if call_type.priority is not None:
        result = replace(result, priority=parse_priority(call_type.priority, "priority"))
    if call_type.level is not None:
        result = raise_level(result, CareLevel[call_type.level])
    return result


def raise_level(result: TriageResult, level: CareLevel) -> TriageResult:
    """The call at ``level`` at least, and every role that needs less raised to it (a caller's
    physician asking for ALS needs an ALS crew, not an ALS call with a BLS ambulance)."""
    if level <= result.level:
        return result
    roles = tuple(
        replace(r, min_level=level) if r.min_level < level and _transports(r) else r
        for r in result.roles
    )
    return replace(result, level=level, roles=roles)


def _transports(role: Role) -> bool:
    return UnitType.TRANSPORT in role.unit_types
