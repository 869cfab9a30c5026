"""Larson's hypercube queueing model: how busy each ambulance is when districts overlap.

The region is split into *atoms*, each a Poisson source of calls at rate λⱼ, with a fixed
dispatch preference: the most preferred free unit goes. Each unit is free or busy, so the
state is a vertex of the N-dimensional unit hypercube (Larson 1974, "A hypercube queuing
model for facility location and redistricting in urban emergency services", Computers & OR
1(1)). Job times are exponential with one rate μ for every unit.

* :func:`solve_exact` builds the continuous-time Markov chain on the 2ᴺ states and solves its
  balance equations (sparse LU). With an infinite FCFS queue, the states with calls waiting
  form a birth-death tail beyond "all busy" whose mass is geometric (ratio λ/(Nμ)), so the
  chain is solved on 2ᴺ states and the tail is added in closed form; a call waiting is taken by
  whichever unit frees first, each unit equally likely. With ``queue="none"`` a call finding
  every unit busy is lost (mutual aid).
* :func:`solve_approximate` is Larson's 1975 approximation ("Approximating the performance of
  urban emergency service systems", Operations Research 23(5)): N equations in the unit
  workloads instead of 2ᴺ, using the M/M/N correction factors Q(N, ρ, k) of
  :mod:`~goldenhour.domain.planning.erlang`; it handles fleets too large for the exact chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse.linalg import spsolve

from goldenhour.domain.planning.erlang import MultiServer
from goldenhour.domain.shared.errors import InvalidInput

MAX_EXACT_UNITS = 16


@dataclass(frozen=True)
class Atom:
    """A reporting area: its call rate and its units from most to least preferred (0-based)."""

    name: str
    rate: float
    preference: tuple[int, ...]


@dataclass(frozen=True)
class HypercubeResult:
    """Workloads (busy fraction per unit) and, per atom, the share of its calls each unit
    answers (rows: atoms, columns: units; a loss system's rows sum to 1 − P(lost))."""

    workloads: list[float]
    dispatch: NDArray[np.float64]
    prob_all_busy: float


def check_atoms(atoms: Sequence[Atom], units: int) -> None:
    """Every atom must rank every unit exactly once, so every call has a full fallback order."""
    if not atoms:
        raise InvalidInput.for_field("atoms", "at least one atom is needed")
    for atom in atoms:
        if sorted(atom.preference) != list(range(units)):
            raise InvalidInput.for_field(
                f"atom {atom.name}: preference",
                f"must list each of the units 1..{units} exactly once",
            )
        if atom.rate < 0:
            raise InvalidInput.for_field(f"atom {atom.name}: rate", "must be >= 0")


def _queue(atoms: Sequence[Atom], units: int, service_rate: float, queue: str) -> MultiServer:
    check_atoms(atoms, units)
    return MultiServer(units, sum(a.rate for a in atoms), service_rate, queue)


def _first_free(states: NDArray[np.int64], preference: Sequence[int]) -> NDArray[np.int64]:
    """For every state, the most preferred free unit (−1 when all are busy)."""
    first = np.full(states.shape, -1, dtype=np.int64)
    for unit in preference:
        free = (first < 0) & (((states >> unit) & 1) == 0)
        first[free] = unit
    return first


def solve_exact(
    atoms: Sequence[Atom], units: int, service_rate: float, queue: str = "fcfs"
) -> HypercubeResult:
    """State probabilities of the hypercube chain, then workloads and dispatch shares."""
    system = _queue(atoms, units, service_rate, queue)
    if units > MAX_EXACT_UNITS:
        raise InvalidInput.for_field(
            "units", f"the exact model stops at {MAX_EXACT_UNITS} units; use the approximation"
        )
    size = 1 << units
    states = np.arange(size, dtype=np.int64)
    firsts = [_first_free(states, a.preference) for a in atoms]
    rows, cols, rates = [], [], []
    for atom, first in zip(atoms, firsts, strict=True):
        moving = first >= 0
        rows.append(states[moving])
        cols.append(states[moving] | (1 << first[moving]))
        rates.append(np.full(int(moving.sum()), atom.rate))
    for unit in range(units):
        busy = ((states >> unit) & 1) == 1
        rows.append(states[busy])
        cols.append(states[busy] & ~(1 << unit))
        rates.append(np.full(int(busy.sum()), service_rate))
    r, c, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(rates)
    generator = sparse.csr_array((v, (r, c)), shape=(size, size))
    out = np.asarray(generator.sum(axis=1)).ravel()
    balance = (generator.T - sparse.diags_array(out)).tolil()
    balance[0, :] = 1.0  # replace one balance equation by Σ P = 1
    rhs = np.zeros(size)
    rhs[0] = 1.0
    p = np.asarray(spsolve(balance.tocsc(), rhs), dtype=np.float64)
    full = size - 1
    rho = system.arrival_rate / (units * service_rate)
    waiting = p[full] * rho / (1 - rho) if queue == "fcfs" else 0.0
    p = p / (1.0 + waiting)  # the geometric tail of waiting states joins the mass
    waiting /= 1.0 + waiting
    saturated = p[full] + waiting
    workloads = [float(p[((states >> n) & 1) == 1].sum() + waiting) for n in range(units)]
    total = system.arrival_rate
    dispatch = np.zeros((len(atoms), units))
    for j, (atom, first) in enumerate(zip(atoms, firsts, strict=True)):
        if total == 0 or atom.rate == 0:
            continue
        np.add.at(dispatch[j], first[first >= 0], p[first >= 0])
        if queue == "fcfs":
            dispatch[j] += saturated / units
    return HypercubeResult(workloads, dispatch, float(saturated))


def solve_approximate(
    atoms: Sequence[Atom],
    units: int,
    service_rate: float,
    queue: str = "fcfs",
    tolerance: float = 1e-9,
    max_iterations: int = 1000,
) -> HypercubeResult:
    """Larson's (1975) approximation: each unit's workload from the others', to a fixed point.

    A call from atom j goes to its k-th preferred unit n when n is free and the k − 1 units
    before it are busy; the approximation takes that probability as
    (1 − ρₙ) · Q(N, ρ, k − 1) · Π ρ (busy units independent, corrected by the M/M/N factor).
    A unit's workload is its dispatch rate over μ, so ρₙ = (1 − ρₙ)·Vₙ + ρ·P_W with
    Vₙ = Σ λⱼ Q(N, ρ, k − 1) Π ρ / μ and, with a queue, the share ρ·P_W of calls that waited
    (each unit taking 1/N of them). Each round the workloads are scaled to sum to the load the
    fleet carries (N·ρ), Larson's normalisation.
    """
    system = _queue(atoms, units, service_rate, queue)
    rho = system.utilisation
    saturated = system.prob_all_busy
    queued = rho * saturated if queue == "fcfs" else 0.0
    factors = np.array([system.correction(k) for k in range(units)])
    rates = np.array([a.rate for a in atoms])
    order = np.array([a.preference for a in atoms])
    workload = np.full(units, rho)
    reach = np.zeros((len(atoms), units))
    for _ in range(max_iterations):
        busy_before = np.cumprod(
            np.column_stack([np.ones(len(atoms)), workload[order[:, :-1]]]), axis=1
        )
        weight = factors[None, :] * busy_before  # per atom and preference position
        reach = np.zeros((len(atoms), units))
        np.put_along_axis(reach, order, weight, axis=1)
        visits = (rates[:, None] * reach).sum(axis=0) / service_rate
        updated = (visits + queued) / (1.0 + visits)
        if updated.sum() > 0:
            updated *= units * rho / updated.sum()
        done = float(np.max(np.abs(updated - workload))) < tolerance
        workload = updated
        if done:
            break
    dispatch = reach * (1.0 - workload)[None, :]
    if queue == "fcfs":
        dispatch = dispatch + saturated / units
    # Larson's shares are estimates; scale each atom's to the fraction of its calls answered.
    answered = 1.0 if queue == "fcfs" else 1.0 - saturated
    sums = dispatch.sum(axis=1, keepdims=True)
    dispatch = np.divide(dispatch * answered, sums, out=np.zeros_like(dispatch), where=sums > 0)
    return HypercubeResult([float(w) for w in workload], dispatch, float(saturated))
