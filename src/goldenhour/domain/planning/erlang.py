"""The M/M/N queue in closed form: the yardstick every planning model is checked against.

With N identical ambulances, Poisson calls at rate λ and exponential job times of mean 1/μ,
the number of busy units is a birth-death chain. Erlang C (infinite FCFS queue) and Erlang B
(loss system: a call finding every unit busy goes to mutual aid) follow from it. Also the
correction factors Q(N, ρ, j) of Larson's (1975) hypercube approximation, computed from their
definition: the exact probability that j given units are busy and one other given unit is free,
divided by the product ρʲ(1 − ρ) the approximation would use.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb, factorial

from goldenhour.domain.shared.errors import InvalidInput


@dataclass(frozen=True)
class MultiServer:
    """Stationary M/M/N figures; ``queue`` is ``fcfs`` (infinite) or ``none`` (loss)."""

    units: int
    arrival_rate: float
    service_rate: float
    queue: str = "fcfs"

    def __post_init__(self) -> None:
        if self.units < 1:
            raise InvalidInput.for_field("units", "at least one unit is needed")
        if self.arrival_rate < 0 or self.service_rate <= 0:
            raise InvalidInput.for_field("service_rate", "rates must be positive")
        if self.queue not in ("fcfs", "none"):
            raise InvalidInput.for_field("queue", "must be fcfs or none")
        if self.queue == "fcfs" and self.offered_load >= self.units:
            raise InvalidInput.for_field(
                "rate",
                f"calls arrive at {self.arrival_rate:g} but {self.units} units finish at most "
                f"{self.units * self.service_rate:g}: the queue would grow without end",
            )

    @property
    def offered_load(self) -> float:
        """a = λ/μ, in erlangs."""
        return self.arrival_rate / self.service_rate

    def busy_distribution(self) -> list[float]:
        """P(k units busy, nobody waiting) for k = 0..N; with a queue, P(N) is N busy and
        an empty queue (the waiting states hold the rest of the probability)."""
        a, n = self.offered_load, self.units
        terms = [a**k / factorial(k) for k in range(n + 1)]
        tail = terms[n] * (a / n) / (1 - a / n) if self.queue == "fcfs" else 0.0
        total = sum(terms) + tail
        return [t / total for t in terms]

    @property
    def prob_all_busy(self) -> float:
        """Erlang C (a call waits) for ``fcfs``; Erlang B (a call is lost) for ``none``."""
        p = self.busy_distribution()
        if self.queue == "none":
            return p[-1]
        return p[-1] / (1 - self.offered_load / self.units)

    @property
    def utilisation(self) -> float:
        """The busy fraction of one unit: a/N with a queue, a(1 − B)/N without."""
        carried = self.offered_load * (1 - (self.prob_all_busy if self.queue == "none" else 0))
        return carried / self.units

    @property
    def mean_wait(self) -> float:
        """Mean time in queue over all calls (0 in a loss system)."""
        if self.queue == "none":
            return 0.0
        return self.prob_all_busy / (self.units * self.service_rate - self.arrival_rate)

    def correction(self, j: int) -> float:
        """Larson's Q(N, ρ, j): P(j given units busy, another given unit free) / (ρʲ(1 − ρ))."""
        n, rho = self.units, self.utilisation
        if not 0 <= j < n:
            raise ValueError("j must be in 0..N-1")
        p = self.busy_distribution()
        exact = sum(p[k] * comb(n - j - 1, k - j) / comb(n, k) for k in range(j, n))
        product = rho**j * (1 - rho)
        return exact / product if product > 0 else 1.0  # no load: busy units are independent
