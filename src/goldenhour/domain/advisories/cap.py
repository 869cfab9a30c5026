"""A CAP 1.2 alert as plain values (OASIS Common Alerting Protocol v1.2, 2010).

Field names follow the standard's element names; ``domain`` holds no XML: the writer and the
reader in ``adapters.cap`` map these to and from ``urn:oasis:names:tc:emergency:cap:1.2``.
The vocabularies below are the standard's enumerations, so a wrong value is refused here
with the field's name before any XML exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from goldenhour.domain.shared.errors import FieldProblem, InvalidInput

STATUS = ("Actual", "Exercise", "System", "Test", "Draft")
MSG_TYPE = ("Alert", "Update", "Cancel", "Ack", "Error")
SCOPE = ("Public", "Restricted", "Private")
CATEGORY = (
    "Geo",
    "Met",
    "Safety",
    "Security",
    "Rescue",
    "Fire",
    "Health",
    "Env",
    "Transport",
    "Infra",
    "CBRNE",
    "Other",
)
RESPONSE_TYPE = (
    "Shelter",
    "Evacuate",
    "Prepare",
    "Execute",
    "Avoid",
    "Monitor",
    "Assess",
    "AllClear",
    "None",
)
URGENCY = ("Immediate", "Expected", "Future", "Past", "Unknown")
SEVERITY = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CERTAINTY = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")

Pair = tuple[str, str]  # (valueName, value) of eventCode, parameter and geocode


@dataclass(frozen=True)
class Area:
    description: str
    polygons: tuple[str, ...] = ()  # "lat,lon lat,lon ... (closed)"
    circles: tuple[str, ...] = ()  # "lat,lon radius_km"
    geocodes: tuple[Pair, ...] = ()


@dataclass(frozen=True)
class Info:
    language: str
    categories: tuple[str, ...]
    event: str
    urgency: str
    severity: str
    certainty: str
    response_types: tuple[str, ...] = ()
    event_codes: tuple[Pair, ...] = ()
    expires: datetime | None = None
    sender_name: str | None = None
    headline: str | None = None
    description: str | None = None
    instruction: str | None = None
    web: str | None = None
    contact: str | None = None
    parameters: tuple[Pair, ...] = ()
    areas: tuple[Area, ...] = ()


@dataclass(frozen=True)
class Alert:
    identifier: str
    sender: str
    sent: datetime
    status: str
    msg_type: str
    scope: str
    restriction: str | None = None
    addresses: str | None = None
    codes: tuple[str, ...] = ()
    note: str | None = None
    references: tuple[str, ...] = ()  # "sender,identifier,sent" of earlier messages
    infos: tuple[Info, ...] = field(default=())


def reference(alert: Alert) -> str:
    """How a later Update or Cancel names this alert in ``references``."""
    return f"{alert.sender},{alert.identifier},{cap_time(alert.sent)}"


def cap_time(at: datetime) -> str:
    """CAP's dateTime: seconds, explicit offset, never "Z" (CAP 1.2 section 3.3.2)."""
    if at.tzinfo is None:
        raise InvalidInput.for_field("sent", "a CAP time needs its UTC offset")
    return at.isoformat(timespec="seconds").replace("+00:00", "-00:00")


def check_alert(alert: Alert) -> list[FieldProblem]:
    """The CAP 1.2 rules the schema cannot see, and the vocabularies, each naming its field."""
    problems: list[FieldProblem] = []

    def want(ok: bool, where: str, problem: str) -> None:
        if not ok:
            problems.append(FieldProblem(where, problem))

    for name, value, allowed in (
        ("status", alert.status, STATUS),
        ("msgType", alert.msg_type, MSG_TYPE),
        ("scope", alert.scope, SCOPE),
    ):
        want(value in allowed, name, f"{value!r} is not one of {', '.join(allowed)}")
    for name, value in (("identifier", alert.identifier), ("sender", alert.sender)):
        want(
            bool(value) and not any(c in value for c in " ,<&"),
            name,
            "must be set, without spaces, commas, < or &",
        )
    want(
        alert.scope != "Restricted" or bool(alert.restriction),
        "restriction",
        "a Restricted alert says who may see it",
    )
    want(
        alert.scope != "Private" or bool(alert.addresses),
        "addresses",
        "a Private alert names its recipients",
    )
    want(
        alert.msg_type in ("Alert",) or bool(alert.references),
        "references",
        f"an {alert.msg_type} names the message it follows",
    )
    for i, info in enumerate(alert.infos):
        at = f"info[{i}]"
        want(bool(info.categories), f"{at}.category", "at least one category")
        for c in info.categories:
            want(c in CATEGORY, f"{at}.category", f"{c!r} is not a CAP category")
        for r in info.response_types:
            want(r in RESPONSE_TYPE, f"{at}.responseType", f"{r!r} is not a CAP response type")
        for name, value, allowed in (
            ("urgency", info.urgency, URGENCY),
            ("severity", info.severity, SEVERITY),
            ("certainty", info.certainty, CERTAINTY),
        ):
            want(value in allowed, f"{at}.{name}", f"{value!r} is not one of {', '.join(allowed)}")
        want(bool(info.event.strip()), f"{at}.event", "must be set")
        for j, area in enumerate(info.areas):
            where = f"{at}.area[{j}]"
            want(bool(area.description.strip()), f"{where}.areaDesc", "must be set")
            for polygon in area.polygons:
                points = polygon.split()
                want(
                    len(points) >= 4 and points[0] == points[-1],
                    f"{where}.polygon",
                    "at least 4 points, the first repeated last",
                )
    return problems
