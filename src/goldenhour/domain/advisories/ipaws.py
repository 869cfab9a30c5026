"""The IPAWS profile of CAP 1.2 (CAP v1.2 USA IPAWS Profile v1.0, OASIS Committee
Specification 2009; FEMA IPAWS-OPEN), checked when the agency chooses to send through IPAWS.

IPAWS carries an alert to the Emergency Alert System, Wireless Emergency Alerts (phones,
``CMAMtext`` at most 90 characters and ``CMAMlongtext`` at most 360, counted in the GSM 03.38
7-bit alphabet whose extension characters take two), NOAA weather radio and the public feed.
"""

from __future__ import annotations

import re

from goldenhour.domain.advisories.cap import Alert
from goldenhour.domain.shared.errors import FieldProblem

PROFILE_CODE = "IPAWSv1.0"
BLOCKCHANNELS = frozenset({"CMAS", "EAS", "NWEM", "PUBLIC", "CAPEXCH"})
EAS_ORG = frozenset({"PEP", "CIV", "WXR", "EAS"})
WEA_HANDLING = frozenset({"Presidential", "Imminent Threat", "Public Safety", "Child Abduction"})
CMAM_TEXT_MAX = 90
CMAM_LONG_TEXT_MAX = 360

# GSM 03.38 default alphabet and its extension table (escape + character: two septets).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
SAME_EVENT = re.compile(r"^[A-Z]{3}$")
SAME_GEOCODE = re.compile(r"^\d{6}$")


def gsm7_length(text: str) -> int | None:
    """Septets ``text`` takes in GSM-7, or None if a character is outside the alphabet."""
    length = 0
    for ch in text:
        if ch in GSM7_BASIC:
            length += 1
        elif ch in GSM7_EXTENSION:
            length += 2
        else:
            return None
    return length


def ipaws_problems(alert: Alert) -> list[FieldProblem]:
    problems: list[FieldProblem] = []

    def want(ok: bool, where: str, problem: str) -> None:
        if not ok:
            problems.append(FieldProblem(where, problem))

    want(PROFILE_CODE in alert.codes, "code", f"an IPAWS alert carries <code>{PROFILE_CODE}")
    want(alert.scope == "Public", "scope", "IPAWS distributes Public alerts only")
    for i, info in enumerate(alert.infos):
        at = f"info[{i}]"
        same = [v for n, v in info.event_codes if n == "SAME"]
        want(
            len(same) == 1 and bool(SAME_EVENT.match(same[0] if same else "")),
            f"{at}.eventCode",
            "exactly one SAME event code of three letters (e.g. CEM)",
        )
        want(info.expires is not None, f"{at}.expires", "IPAWS requires an expiry")
        params: dict[str, list[str]] = {}
        for name, value in info.parameters:
            params.setdefault(name, []).append(value)
        for value in params.get("BLOCKCHANNEL", []):
            want(
                value in BLOCKCHANNELS,
                f"{at}.parameter.BLOCKCHANNEL",
                f"{value!r} is not one of {', '.join(sorted(BLOCKCHANNELS))}",
            )
        blocked = set(params.get("BLOCKCHANNEL", []))
        if "EAS" not in blocked:
            want(
                len(params.get("EAS-ORG", [])) == 1 and params["EAS-ORG"][0] in EAS_ORG,
                f"{at}.parameter.EAS-ORG",
                "one of CIV, PEP, WXR, EAS for the EAS channel",
            )
        if "CMAS" not in blocked:
            for name, limit in (("CMAMtext", CMAM_TEXT_MAX), ("CMAMlongtext", CMAM_LONG_TEXT_MAX)):
                for value in params.get(name, []):
                    septets = gsm7_length(value)
                    want(
                        septets is not None,
                        f"{at}.parameter.{name}",
                        "only GSM-7 characters reach every phone",
                    )
                    want(
                        septets is None or septets <= limit,
                        f"{at}.parameter.{name}",
                        f"{septets} GSM-7 characters, at most {limit}",
                    )
            want(
                len(params.get("CMAMtext", [])) == 1,
                f"{at}.parameter.CMAMtext",
                "Wireless Emergency Alerts need one CMAMtext",
            )
            for value in params.get("WEAHandling", []):
                want(
                    value in WEA_HANDLING,
                    f"{at}.parameter.WEAHandling",
                    f"{value!r} is not one of {', '.join(sorted(WEA_HANDLING))}",
                )
        for j, area in enumerate(info.areas):
            codes = [v for n, v in area.geocodes if n == "SAME"]
            want(
                bool(codes) and all(SAME_GEOCODE.match(c) for c in codes),
                f"{at}.area[{j}].geocode",
                "SAME geocodes of six digits (PSSCCC)",
            )
    return problems
