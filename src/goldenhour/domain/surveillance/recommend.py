"""What the public-health officer is advised to do with a signal."""

from __future__ import annotations

from goldenhour.domain.surveillance.detectors import Signal

DETECTOR_NAMES = {
    "threshold": "fixed 24-hour threshold",
    "ewma": "EWMA (NSSP-ESSENCE)",
    "scan": "space-time permutation scan",
}


def recommendation(signal: Signal) -> str:
    what = (
        f"{signal.observed} case(s) by the {DETECTOR_NAMES.get(signal.detector, signal.detector)}"
    )
    if signal.level == "red":
        return (
            f"{what}: review the cases now; if they are linked (same substance, place or "
            "source), draft a public advisory and a crew advisory for the area, and tell the "
            "poison centre and the medical examiner."
        )
    return (
        f"{what}: watch the area over the next runs; dismiss with a reason if the cases have "
        "an ordinary explanation."
    )
