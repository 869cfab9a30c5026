"""The audit hash chain detects any edit, deletion or reordering of its entries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from goldenhour.domain.accounts.audit_chain import GENESIS, ChainedRow, entry_hash, verify_chain


def build_chain(contents: list[dict[str, object]]) -> list[ChainedRow]:
    rows, prev = [], GENESIS
    for number, content in enumerate(contents, start=1):
        digest = entry_hash(prev, content)
        rows.append(ChainedRow(number, prev, digest, content))
        prev = digest
    return rows


contents = st.lists(
    st.fixed_dictionaries(
        {
            "action": st.sampled_from(["create", "read", "update"]),
            "entity_id": st.text(min_size=1, max_size=8),
            "at": st.datetimes(timezones=st.just(UTC)),
            "detail": st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
        }
    ),
    min_size=2,
    max_size=12,
)


@given(contents)
def test_an_untouched_chain_verifies(entries: list[dict[str, object]]) -> None:
    report = verify_chain(build_chain(entries))
    assert report.ok and report.checked == len(entries)


@given(contents, st.data())
def test_editing_any_entry_is_detected_at_that_entry(
    entries: list[dict[str, object]], data: st.DataObject
) -> None:
    rows = build_chain(entries)
    index = data.draw(st.integers(0, len(rows) - 1))
    tampered = dict(rows[index].content, action="tampered")
    rows[index] = replace(rows[index], content=tampered)
    report = verify_chain(rows)
    assert not report.ok
    assert report.first_bad_id == rows[index].id


@given(contents, st.data())
def test_deleting_an_entry_breaks_the_link_of_the_next(
    entries: list[dict[str, object]], data: st.DataObject
) -> None:
    rows = build_chain(entries)
    index = data.draw(st.integers(0, len(rows) - 2))
    survivor = rows[index + 1]
    del rows[index]
    report = verify_chain(rows)
    assert not report.ok and report.first_bad_id == survivor.id


def test_hash_depends_on_timestamp_to_the_microsecond() -> None:
    at = datetime(2026, 1, 1, 12, 0, 0, 1, tzinfo=UTC)
    assert entry_hash(GENESIS, {"at": at}) != entry_hash(GENESIS, {"at": replace_micro(at)})


def replace_micro(at: datetime) -> datetime:
    return at.replace(microsecond=2)
