"""The handoff document shows the record by names, never as markup."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from goldenhour.adapters.handoff.document import handoff_html
from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.domain.pcr.demo import demo_record
from goldenhour.domain.pcr.record import put_value

CALL = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_the_document_names_codes_and_people_and_escapes_what_crews_typed() -> None:
    schema = ems_schema()
    record = demo_record(schema, "u-1", "R-1", CALL)
    record = put_value(record, schema, "eNarrative.01", "<script>alert(1)</script> & pupils")
    page = handoff_html(schema, record, "Alpha EMS", "M1", {"P1": "Pat Medic"},
                        {"7242": "Naloxone", "425447009": "Bag valve mask"}, "locked")  # fmt: skip
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; pupils" in page
    assert "<td>Naloxone</td>" in page and "<td>Pat Medic</td>" in page
    assert "Intranasal" in page and "Milligrams (mg)" in page  # route and unit by name
    assert page.count("<polyline") == 4  # HR, SBP, SpO2 and RR over two sets of vitals
    assert (CALL + timedelta(minutes=11)).strftime("%Y-%m-%d %H:%M") in page
