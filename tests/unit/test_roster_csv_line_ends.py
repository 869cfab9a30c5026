"""A roster exported with old Mac line ends (a bare CR) or a quoted field broken across lines is
read like any other; a file the csv module cannot parse is a 422 naming the row, never a 500."""

from __future__ import annotations

import csv

import pytest

from goldenhour.adapters.importers.roster_csv import read_roster
from goldenhour.domain.shared.errors import InvalidInput

HEADER = "external_id,first_name,last_name,level,certification_number,issuing_state,issued,expires"
ROWS = ["A1,Ann,Lee,Paramedic,P-1,WA,2020-01-01,2030-01-01", "B2,Bob,Kim,EMT,E-2,WA,,2030-01-01"]


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_every_line_end_reads_the_same_providers(line_end: str) -> None:
    providers, labels = read_roster(line_end.join([HEADER, *ROWS]) + line_end)
    assert [(p.external_id, p.last_name) for p in providers] == [("A1", "Lee"), ("B2", "Kim")]
    assert labels == ["row 2: ", "row 3: "]


def test_a_quoted_name_holding_a_bare_cr_stays_one_field() -> None:
    providers, _ = read_roster(HEADER + '\r"A1",Ann,"Lee\rSmith",Paramedic,P-1,WA,,2030-01-01\r')
    assert providers[0].last_name == "Lee\rSmith"


def test_a_row_the_csv_reader_refuses_is_named() -> None:
    too_long = "x" * (csv.field_size_limit() + 1)  # the csv module's own limit on one field
    with pytest.raises(InvalidInput) as refused:
        read_roster(f"{HEADER}\n{ROWS[0]}\nB2,Bob,{too_long},EMT,E-2,WA,,2030-01-01\n")
    assert refused.value.errors[0].field == "row 3"
    assert "not valid CSV" in refused.value.errors[0].problem
