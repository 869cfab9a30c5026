"""Read a response-time standard: the shipped NFPA 1710 default or an agency's TOML file."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from goldenhour.domain.quality.standards import Standard, parse_standard
from goldenhour.domain.shared.errors import InvalidInput

SHIPPED = ("nfpa1710",)


@lru_cache(maxsize=len(SHIPPED))
def shipped_standard(name: str) -> Standard:
    text = (resources.files("goldenhour") / "data" / "quality" / f"{name}.toml").read_text("utf-8")
    return parse_standard(text, name)


def load_standard(choice: str | None) -> Standard:
    """``choice``: a shipped name (default ``nfpa1710``) or the path of an agency's TOML file."""
    if choice is None or choice in SHIPPED:
        return shipped_standard(choice or SHIPPED[0])
    path = Path(choice)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise InvalidInput.for_field(
            "standard",
            f"not a shipped standard ({', '.join(SHIPPED)}) and cannot read {path}: {exc.strerror}",
        ) from None
    return parse_standard(text, path.name)
