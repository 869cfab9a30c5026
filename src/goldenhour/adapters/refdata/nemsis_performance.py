"""The NEMSIS data dictionary's performance topics (which elements each topic's measures need)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from goldenhour.adapters.nemsis.schemas import nemsis_dir
from goldenhour.domain.quality.completeness import TopicElement, parse_performance_measures
from goldenhour.domain.shared.errors import InvalidInput

FILE = ("DataDictionary", "Ancillary", "DEMEMS", "EMSDataSet_ElementPerformanceMeasures.txt")


@lru_cache(maxsize=1)
def performance_topics(folder: Path | None = None) -> dict[str, tuple[TopicElement, ...]]:
    path = (folder or nemsis_dir()).joinpath(*FILE)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput.for_field(
            "nemsis", f"cannot read {path}: {exc.strerror} (set GOLDENHOUR_NEMSIS_DIR)"
        ) from None
    return parse_performance_measures(text)
