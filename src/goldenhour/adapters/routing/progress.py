"""How long-running imports report progress without knowing who is watching.

An importer calls ``progress(stage, fraction)`` with a short stage name and a fraction of the
whole job in [0, 1]. The CLI turns that into a Rich progress bar; tests and services pass
nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, float], None]


def silent(stage: str, fraction: float) -> None:
    """The default progress sink: say nothing."""
