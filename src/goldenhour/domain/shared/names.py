"""Matching what people type to the names we know, with a suggestion when nothing matches.

Crews, dispatchers and import files spell the same thing many ways ("EMT-B", "emt basic",
"Emergency Medical Technician"). Every vocabulary (certification levels, skills, jurisdictions)
compares a normalised key, and an unknown name gets the closest known names in the error, so
a typo is fixed in one step instead of a trip to the documentation.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from goldenhour.domain.shared.errors import InvalidInput

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def name_key(text: str) -> str:
    """The comparison key of a name: case, spaces and punctuation do not matter."""
    return _NOT_ALNUM.sub("", text.casefold())


def closest(text: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` known names closest to ``text`` (compared by key, returned as written)."""
    by_key: dict[str, str] = {}
    for name in known:
        by_key.setdefault(name_key(name), name)
    matches = difflib.get_close_matches(name_key(text), list(by_key), n=limit, cutoff=0.5)
    return [by_key[key] for key in matches]


def unknown_name(field: str, what: str, text: str, known: Iterable[str]) -> InvalidInput:
    """The error for a name that matched nothing, naming the field and suggesting neighbours."""
    suggestions = closest(text, known)
    hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    return InvalidInput.for_field(field, f"unknown {what} {text!r}{hint}")
