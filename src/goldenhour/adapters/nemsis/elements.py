"""The packaged NEMSIS EMS element table (``goldenhour/data/nemsis/ems_elements.json``).

Generated from the v3.5.1 XSD and data dictionary by ``tools/nemsis_elements.py``; read and
checked once per process.
"""

from __future__ import annotations

import json
from functools import cache

from goldenhour.adapters.refdata.skills import data_file
from goldenhour.domain.pcr.elements import ElementSchema, schema_from_rows


@cache
def ems_schema() -> ElementSchema:
    document = json.loads(data_file("nemsis", "ems_elements.json").read_text(encoding="utf-8"))
    return schema_from_rows(document["elements"])
