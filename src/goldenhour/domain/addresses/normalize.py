"""Street names as a dispatcher types them and as the map spells them, brought to one key.

"3rd Avenue", "3RD AV", "Third Ave" and "3 Ave" are one street; "NE 45th St" and "Northeast
45th Street" too. The key is upper case, without punctuation, with the USPS standard
abbreviations: street suffixes from USPS Publication 28 Appendix C1 (plus the short forms CAD
exports write, such as San Francisco's ``AV`` and ``BL``), directionals from Appendix B, and
spelled-out or bare ordinals as ``1ST``, ``2ND``, ``3RD``, ``4TH``.
"""

from __future__ import annotations

import re

# USPS Publication 28, Appendix C1 (common suffixes and their variants) + CAD short forms.
SUFFIXES: dict[str, str] = {
    **dict.fromkeys(("ALLEY", "ALLEE", "ALY", "ALLY"), "ALY"),
    **dict.fromkeys(("AVENUE", "AVE", "AV", "AVEN", "AVENU", "AVN", "AVNUE"), "AVE"),
    **dict.fromkeys(("BOULEVARD", "BLVD", "BOUL", "BOULV", "BL"), "BLVD"),
    **dict.fromkeys(("CIRCLE", "CIR", "CIRC", "CIRCL", "CRCL", "CRCLE"), "CIR"),
    **dict.fromkeys(("COURT", "CT", "CRT"), "CT"),
    **dict.fromkeys(("DRIVE", "DR", "DRIV", "DRV"), "DR"),
    **dict.fromkeys(("EXPRESSWAY", "EXPY", "EXP", "EXPR", "EXPRESS", "EXPW"), "EXPY"),
    **dict.fromkeys(("FREEWAY", "FWY", "FREEWY", "FRWAY", "FRWY"), "FWY"),
    **dict.fromkeys(("HIGHWAY", "HWY", "HIGHWY", "HIWAY", "HIWY", "HWAY"), "HWY"),
    **dict.fromkeys(("LANE", "LN"), "LN"),
    **dict.fromkeys(("LOOP", "LOOPS"), "LOOP"),
    **dict.fromkeys(("PARKWAY", "PKWY", "PARKWY", "PKWAY", "PKY"), "PKWY"),
    **dict.fromkeys(("PLACE", "PL"), "PL"),
    **dict.fromkeys(("PLAZA", "PLZ", "PLZA"), "PLZ"),
    **dict.fromkeys(("ROAD", "RD"), "RD"),
    **dict.fromkeys(("ROUTE", "RTE"), "RTE"),
    **dict.fromkeys(("SQUARE", "SQ", "SQR", "SQRE", "SQU"), "SQ"),
    **dict.fromkeys(("STREET", "ST", "STRT", "STR"), "ST"),
    **dict.fromkeys(("TERRACE", "TER", "TERR"), "TER"),
    **dict.fromkeys(("TRAIL", "TRL", "TRAILS", "TRLS"), "TRL"),
    **dict.fromkeys(("WAY", "WY"), "WAY"),
    **dict.fromkeys(("WALK", "WALKS"), "WALK"),
    **dict.fromkeys(("CRESCENT", "CRES", "CRSENT", "CRSNT"), "CRES"),
    **dict.fromkeys(("HEIGHTS", "HTS", "HT"), "HTS"),
    **dict.fromkeys(("PATH", "PATHS"), "PATH"),
    **dict.fromkeys(("PIKE", "PIKES"), "PIKE"),
    **dict.fromkeys(("ROW",), "ROW"),
    **dict.fromkeys(("RUN",), "RUN"),
}
# USPS Publication 28, Appendix B.
DIRECTIONALS: dict[str, str] = {
    **dict.fromkeys(("NORTH", "N"), "N"),
    **dict.fromkeys(("SOUTH", "S"), "S"),
    **dict.fromkeys(("EAST", "E"), "E"),
    **dict.fromkeys(("WEST", "W"), "W"),
    **dict.fromkeys(("NORTHEAST", "NE"), "NE"),
    **dict.fromkeys(("NORTHWEST", "NW"), "NW"),
    **dict.fromkeys(("SOUTHEAST", "SE"), "SE"),
    **dict.fromkeys(("SOUTHWEST", "SW"), "SW"),
}
_ORDINALS_TEXT = (
    "FIRST SECOND THIRD FOURTH FIFTH SIXTH SEVENTH EIGHTH NINTH TENTH ELEVENTH TWELFTH "
    "THIRTEENTH FOURTEENTH FIFTEENTH SIXTEENTH SEVENTEENTH EIGHTEENTH NINETEENTH TWENTIETH"
)
_ORDINAL_WORDS = tuple(_ORDINALS_TEXT.split())
OTHER_WORDS: dict[str, str] = {"SAINT": "ST", "MOUNT": "MT", "FORT": "FT"}
_ORDINAL = re.compile(r"^0*(\d+)(ST|ND|RD|TH)?$")


def ordinal(n: int) -> str:
    """``1`` -> ``1ST``, ``12`` -> ``12TH``, ``23`` -> ``23RD`` (English ordinal suffixes)."""
    if 10 <= n % 100 <= 20:
        return f"{n}TH"
    return f"{n}{({1: 'ST', 2: 'ND', 3: 'RD'}).get(n % 10, 'TH')}"


def tokens(text: str) -> list[str]:
    """Upper-case words of ``text``; punctuation other than inner hyphens separates words."""
    cleaned = re.sub(r"[^A-Z0-9\-]+", " ", text.upper().replace("'", ""))
    return [t.strip("-") for t in cleaned.split() if t.strip("-")]


def street_key(name: str) -> str:
    """The matching key of a street name: ``"Third Avenue"`` -> ``"3RD AVE"``."""
    words = tokens(name)
    out: list[str] = []
    # The type is the last word, or the one before a trailing directional ("Main St N").
    type_at = len(words) - 1
    if len(words) > 2 and words[-1] in DIRECTIONALS and words[-2] in SUFFIXES:
        type_at -= 1
    for i, word in enumerate(words):
        last = i == len(words) - 1
        first = i == 0
        if word in _ORDINAL_WORDS:
            out.append(ordinal(_ORDINAL_WORDS.index(word) + 1))
            continue
        number = _ORDINAL.match(word)
        # A bare number is an ordinal street only when a suffix follows ("3 Ave"), not in
        # "Highway 101" or "County Road 12".
        if number and (number.group(2) or (not last and words[i + 1] in SUFFIXES and first)):
            out.append(ordinal(int(number.group(1))))
            continue
        if (first or last) and word in DIRECTIONALS and len(words) > 1:
            out.append(DIRECTIONALS[word])
            continue
        if i == type_at and word in SUFFIXES and len(words) > 1:
            out.append(SUFFIXES[word])
            continue
        out.append(OTHER_WORDS.get(word, word) if not last else word)
    return " ".join(out)


def street_core(key: str) -> str:
    """A key without its suffix and directionals: ``"N 3RD AVE"`` -> ``"3RD"``.

    Matching on the core finds a street typed with the wrong or no type ("Broadway St"), at a
    lower confidence.
    """
    words = key.split()
    if len(words) > 1 and words[-1] in DIRECTIONALS.values():
        words = words[:-1]
    if len(words) > 1 and words[-1] in SUFFIXES.values():
        words = words[:-1]
    if len(words) > 1 and words[0] in DIRECTIONALS.values():
        words = words[1:]
    return " ".join(words)


def place_key(name: str) -> str:
    """Words of a place name for matching, without filler words."""
    return " ".join(t for t in tokens(name) if t not in {"THE", "OF", "AND"})
