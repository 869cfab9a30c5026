"""Destination rules as data: which facility tiers each patient finding goes to, and why.

A rule names, for one finding (``trauma_high_risk``, ``stroke_lvo_positive``, ...), an ordered
list of **tiers**: the facilities a patient should go to first, then second, ... and last (the
nearest emergency department). A facility belongs to the first tier whose ``needs`` it meets
(capability names, each meaning "at least", see ``facilities``). Within a tier the nearest
facility by road wins.

A tier may carry a **bypass bound** (``max_extra``, the name of an entry in ``[bounds]``): a
facility of that tier is preferred only while it is at most that many seconds farther than the
nearest open facility of the tier named by ``versus``; beyond it the facility drops to the next
tier it meets. This is how "thrombectomy-capable center if the extra travel is within 15
minutes, otherwise the nearest stroke center" is written, and how an agency may bound trauma
bypass. Every rule cites its sources, and every bound is named so an agency file can change
one number (``[bounds] stroke_bypass_s = 1200``) without copying the rule.

The shipped rules are ``data/destination/default.toml``; :func:`parse_destination_rules`
merges an agency's overrides (tables merge key by key; lists and values replace) and checks
the result, naming the path of anything wrong.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from goldenhour.domain.destination.facilities import capability_name
from goldenhour.domain.destination.facility_status import Service, parse_service
from goldenhour.domain.shared.citations import Source
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.shared.names import unknown_name


class Finding(StrEnum):
    TRAUMA_HIGH_RISK = "trauma_high_risk"
    TRAUMA_MODERATE_RISK = "trauma_moderate_risk"
    STROKE_LVO_POSITIVE = "stroke_lvo_positive"
    STROKE_LVO_NEGATIVE = "stroke_lvo_negative"
    STEMI = "stemi"
    BURNS = "burns"
    OBSTETRIC = "obstetric"
    PSYCHIATRIC = "psychiatric"
    SEVERE_CO_POISONING = "severe_co_poisoning"
    GENERAL = "general"


def parse_finding(text: str, field: str = "finding") -> Finding:
    try:
        return Finding(text.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise unknown_name(field, "finding", text, [f.value for f in Finding]) from None


@dataclass(frozen=True)
class Tier:
    id: str
    label: str
    needs: tuple[str, ...]
    service: Service
    max_extra_s: float = math.inf
    bound: str | None = None  # the [bounds] entry max_extra_s came from
    versus: int | None = None  # index of the tier the bound is measured against


@dataclass(frozen=True)
class DestinationRule:
    finding: Finding
    why: str
    sources: tuple[str, ...]
    service: Service
    tiers: tuple[Tier, ...]
    child_tiers: tuple[Tier, ...] | None = None

    def tiers_for(self, child: bool) -> tuple[Tier, ...]:
        return self.child_tiers if child and self.child_tiers else self.tiers


@dataclass(frozen=True)
class DestinationRules:
    name: str
    version: str
    pediatric_age_below: float
    precedence: tuple[Finding, ...]
    bounds: Mapping[str, float]
    sources: Mapping[str, Source]
    rules: Mapping[Finding, DestinationRule]

    def deciding(self, findings: frozenset[Finding]) -> Finding:
        """The finding whose rule decides: the first of ``precedence`` present, else general."""
        return next((f for f in self.precedence if f in findings), Finding.GENERAL)


Doc = Mapping[str, Any]
_TOP = ("destination", "bounds", "sources", "rules")
_RULE_KEYS = ("why", "sources", "service", "tiers", "child_tiers")
_TIER_KEYS = ("id", "label", "needs", "service", "max_extra", "versus")


def parse_destination_rules(
    base: str | Doc, overrides: str | Doc | None = None
) -> DestinationRules:
    """Rules from TOML text or a mapping, with an agency's overrides merged over them."""
    doc = _merge(_as_doc(base, "rules"), _as_doc(overrides or {}, "overrides"), "")
    _check_keys(doc, _TOP, "")
    meta = _table(doc, "destination", "")
    sources = {
        sid: Source(sid, _text(raw, "title", f"sources.{sid}"), _text(raw, "url", f"sources.{sid}"))
        for sid, raw in _table(doc, "sources", "").items()
    }
    bounds = {
        name: _seconds(value, f"bounds.{name}") for name, value in _table(doc, "bounds", "").items()
    }
    raw_rules = _table(doc, "rules", "")
    rules: dict[Finding, DestinationRule] = {}
    for key, raw in raw_rules.items():
        finding = parse_finding(key, f"rules.{key}")
        rules[finding] = _rule(finding, _as_table(raw, f"rules.{key}"), sources, bounds)
    missing = [f.value for f in Finding if f not in rules]
    if missing:
        raise InvalidInput.for_field("rules", f"no rule for {', '.join(missing)}")
    used = {t.bound for r in rules.values() for t in r.tiers + (r.child_tiers or ()) if t.bound}
    for name in bounds:
        if name not in used:
            raise unknown_name(f"bounds.{name}", "bound (no tier uses it)", name, used)
    precedence = tuple(
        parse_finding(_str(v, f"destination.precedence[{i}]"), f"destination.precedence[{i}]")
        for i, v in enumerate(_list(meta.get("precedence", []), "destination.precedence"))
    )
    if len(set(precedence)) != len(precedence) or Finding.GENERAL in precedence:
        raise InvalidInput.for_field(
            "destination.precedence", "lists a finding twice or lists general"
        )
    age = meta.get("pediatric_age_below", 15)
    if isinstance(age, bool) or not isinstance(age, int | float) or not 0 < age <= 21:
        raise InvalidInput.for_field("destination.pediatric_age_below", "must be 1..21 years")
    return DestinationRules(
        name=_text(meta, "name", "destination"),
        version=_text(meta, "version", "destination"),
        pediatric_age_below=float(age),
        precedence=precedence,
        bounds=bounds,
        sources=sources,
        rules=rules,
    )


def _rule(
    finding: Finding, raw: Doc, sources: Mapping[str, Source], bounds: Mapping[str, float]
) -> DestinationRule:
    path = f"rules.{finding.value}"
    _check_keys(raw, _RULE_KEYS, path)
    cited = tuple(_str(s, f"{path}.sources") for s in _list(raw.get("sources"), f"{path}.sources"))
    if not cited:
        raise InvalidInput.for_field(f"{path}.sources", "every rule must cite a source")
    for sid in cited:
        if sid not in sources:
            raise unknown_name(f"{path}.sources", "source", sid, sources)
    service = parse_service(raw.get("service", "emergency"), f"{path}.service")
    child = raw.get("child_tiers")
    return DestinationRule(
        finding=finding,
        why=_text(raw, "why", path),
        sources=cited,
        service=service,
        tiers=_tiers(raw.get("tiers"), f"{path}.tiers", service, bounds),
        child_tiers=None
        if child is None
        else _tiers(child, f"{path}.child_tiers", service, bounds),
    )


def _tiers(raw: Any, path: str, service: Service, bounds: Mapping[str, float]) -> tuple[Tier, ...]:
    tables = [_as_table(t, f"{path}[{i}]") for i, t in enumerate(_list(raw, path))]
    if not tables:
        raise InvalidInput.for_field(path, "needs at least one tier")
    ids = [_text(t, "id", f"{path}[{i}]") for i, t in enumerate(tables)]
    if len(set(ids)) != len(ids):
        raise InvalidInput.for_field(path, "tier ids must be unique")
    tiers = []
    for i, t in enumerate(tables):
        where = f"{path}[{i}]"
        _check_keys(t, _TIER_KEYS, where)
        needs = tuple(
            capability_name(_str(n, f"{where}.needs"), f"{where}.needs")
            for n in _list(t.get("needs"), f"{where}.needs")
        )
        if not needs:
            raise InvalidInput.for_field(f"{where}.needs", "name at least one capability")
        bound, versus = t.get("max_extra"), t.get("versus")
        if (bound is None) != (versus is None):
            raise InvalidInput.for_field(where, "max_extra and versus go together")
        if bound is not None and _str(bound, f"{where}.max_extra") not in bounds:
            raise unknown_name(f"{where}.max_extra", "bound", bound, bounds)
        if versus is not None and (versus not in ids or ids.index(versus) <= i):
            raise InvalidInput.for_field(f"{where}.versus", f"{versus!r} is not a later tier's id")
        tiers.append(
            Tier(
                id=ids[i],
                label=_text(t, "label", where),
                needs=needs,
                service=parse_service(t.get("service", service), f"{where}.service"),
                max_extra_s=bounds[bound] if bound is not None else math.inf,
                bound=bound,
                versus=ids.index(versus) if versus is not None else None,
            )
        )
    return tuple(tiers)


def _as_doc(value: str | Doc, what: str) -> Doc:
    if isinstance(value, str):
        try:
            return tomllib.loads(value)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidInput.for_field(what, f"not valid TOML: {exc}") from None
    return value


def _merge(base: Doc, over: Doc, path: str) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), Mapping):
            merged[key] = _merge(base[key], value, f"{path}{key}.")
        else:
            merged[key] = value
    return merged


def _check_keys(table: Doc, known: Sequence[str], path: str) -> None:
    for key in table:
        if key not in known:
            raise unknown_name(f"{path}.{key}".lstrip("."), "key", key, known)


def _as_table(value: Any, path: str) -> Doc:
    if not isinstance(value, Mapping):
        raise InvalidInput.for_field(path, "must be a table")
    return value


def _table(doc: Doc, key: str, path: str) -> Doc:
    return _as_table(doc.get(key, {}), f"{path}.{key}".lstrip("."))


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise InvalidInput.for_field(path, "must be a list")
    return list(value)


def _str(value: Any, path: str) -> str:
    if value is None:
        raise InvalidInput.for_field(path, "is required")
    if not isinstance(value, str):
        raise InvalidInput.for_field(path, "must be text")
    return value


def _text(table: Doc, key: str, path: str) -> str:
    value = _str(table.get(key), f"{path}.{key}")
    if not value.strip():
        raise InvalidInput.for_field(f"{path}.{key}", "must not be empty")
    return value


def _seconds(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise InvalidInput.for_field(path, "must be a number of seconds, 0 or more (inf: none)")
    return float(value)
