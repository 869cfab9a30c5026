"""What the simulation needs to dispatch a call of one dispatch reason, worked out once per run.

Triage is a pure function of the protocol and the reason when no questions are answered, so a
simulated year of some 160,000 calls triages each of its few dozen reasons once and keeps the
roles to fill, the role that carries the patient and the travel rows of their driving mode.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from goldenhour.domain.dispatch.recommendation import RecommendConfig
from goldenhour.domain.dispatch.selection import Pick, ReadyUnit
from goldenhour.domain.planning.simulation.model import FloatArray
from goldenhour.domain.triage.decision import TriageResult, triage
from goldenhour.domain.triage.priority import Priority, ResponseMode
from goldenhour.domain.triage.protocol import TriageProtocol
from goldenhour.domain.triage.response_plan import Role
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel

Selector = Callable[
    [Sequence[Role], Priority, CareLevel, Sequence[ReadyUnit], RecommendConfig], list[Pick]
]
"""Who fills which role: :func:`~goldenhour.domain.dispatch.selection.select_units` (tests
give it :func:`~goldenhour.domain.dispatch.recommendation.recommend` itself)."""


def primary_role(roles: tuple[Role, ...]) -> int:
    """The role whose unit carries the call: the first transport-only role, else the first."""
    for i, role in enumerate(roles):
        if role.unit_types == {UnitType.TRANSPORT}:
            return i
    return 0


class CallPlan(NamedTuple):
    """A reason's triage; ``first``: the roles sent when the call is answered; ``again``: the
    primary role alone, sought while the call waits; ``*_rows``: the place-major travel rows
    (anchors' times to each place) of their driving mode."""

    result: TriageResult
    primary: str
    first: tuple[Role, ...]
    again: tuple[Role, ...]
    first_rows: FloatArray
    again_rows: FloatArray


def plan_call(protocol: TriageProtocol, reason: str, rows: Mapping[str, FloatArray]) -> CallPlan:
    """``rows`` per driving mode (``emergency``, ``normal``)."""
    result = triage(protocol, reason, {})
    primary = result.roles[primary_role(result.roles)]

    def mode_rows(role: Role) -> FloatArray:
        return rows["emergency" if role.mode is ResponseMode.EMERGENT else "normal"]

    return CallPlan(
        result,
        primary.name,
        result.roles,
        (primary,),
        mode_rows(result.roles[0]),
        mode_rows(primary),
    )
