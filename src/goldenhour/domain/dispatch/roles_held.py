"""Which roles of the response plan are held, and by whom, as the call goes on.

The rule: **a role stays filled by its unit until that unit leaves the incident without
having done the role's work.** Reaching the scene is the work: a first responder that was on
scene and clears has done its part, and a transport crew that reached the patient decides
about transport itself (it transports, or the patient refuses), so no second transport is
sent. A unit cancelled or diverted before it got there leaves its role open again.

Once any unit reached the patient, the first response is done (no engine is sent to a patient
the ambulance already has). A transport crew at the patient, transporting or at the hospital
also holds every transport role the plan still lists (after an upgrade its level may be below
the new role's; the answer then is an ALS intercept, never a second ambulance for one patient).

==========================================  =======================================
case                                        role afterwards
==========================================  =======================================
first responder clears after on scene       first response held (done)
first responder cancelled before arriving   first response open again
transport cancelled before arriving         transport open again
transport arrives (on scene, at patient)    transport held
transport at the patient, first resp. left  both held: nothing more is sent
patient refuses: transport clears from      transport held (done): no second
the patient without transporting            transport
transport at the hospital                   transport held
only the ambulance went, at the patient     first response done: nothing more sent
==========================================  =======================================
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from goldenhour.domain.dispatch.retriage import Assignment, Kept, Retriage, fits_role, retriage
from goldenhour.domain.triage.priority import ResponseMode
from goldenhour.domain.triage.response_plan import Role, UnitType
from goldenhour.domain.units.timeline import UnitStatus

WITH_PATIENT = frozenset(
    {UnitStatus.AT_PATIENT, UnitStatus.TRANSPORTING, UnitStatus.AT_DESTINATION}
)


@dataclass(frozen=True)
class OnCall:
    """A unit's time on one incident: its assignment, its status while still on the call
    (None once it left) and whether it reached the scene at any point."""

    assignment: Assignment
    status: UnitStatus | None
    reached: bool

    @property
    def left(self) -> bool:
        return self.status is None


def is_first_response_role(role: Role) -> bool:
    return UnitType.FIRST_RESPONSE in role.unit_types


def is_transport_role(role: Role) -> bool:
    return role.unit_types == frozenset({UnitType.TRANSPORT})


def held_roles(plan: Sequence[Role], units: Sequence[OnCall]) -> Retriage:
    """The plan's roles held (kept), open (unfilled) and the units on the call no role needs."""
    done: list[Kept] = []
    remaining = list(plan)
    for unit in units:
        if unit.left and unit.reached:
            own = next((r for r in remaining if r.name == unit.assignment.role), None)
            if own is not None:
                remaining.remove(own)
                done.append(Kept(unit.assignment, own, None))
    active = [u for u in units if not u.left]
    pinned: list[Kept] = []
    for unit in active:
        own = next((r for r in remaining if r.name == unit.assignment.role), None)
        if own is not None and fits_role(unit.assignment, own):
            remaining.remove(own)
            pinned.append(Kept(unit.assignment, own, _mode_change(unit.assignment, own)))
    there = next((u for u in units if u.reached), None)
    for role in [r for r in remaining if is_first_response_role(r)]:
        if there is not None:  # somebody reached the patient: the first response is done
            remaining.remove(role)
            pinned.append(Kept(there.assignment, role, None))
    loose = [u.assignment for u in active if all(k.assignment is not u.assignment for k in pinned)]
    matched = retriage(loose, remaining)
    unfilled = list(matched.unfilled)
    kept = [*done, *pinned, *matched.kept]
    with_patient = [
        u
        for u in active
        if u.status in WITH_PATIENT and u.assignment.unit_type is UnitType.TRANSPORT
    ]
    for role in [r for r in unfilled if is_transport_role(r)]:
        if with_patient:
            unfilled.remove(role)
            kept.append(Kept(with_patient[0].assignment, role, None))
    holding = {id(k.assignment) for k in kept}
    releasable = tuple(u.assignment for u in active if id(u.assignment) not in holding)
    return Retriage(tuple(kept), tuple(unfilled), releasable)


def _mode_change(assignment: Assignment, role: Role) -> ResponseMode | None:
    return role.mode if role.mode is not assignment.mode else None
