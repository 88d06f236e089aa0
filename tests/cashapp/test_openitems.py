"""The open-item index: order, keys, short forms, what is left, all-or-nothing commits."""

from __future__ import annotations

import datetime as dt

import pytest

from receivables.cashapp.columns import day_number, item_table
from receivables.cashapp.decision import DifferenceAction, DraftLine
from receivables.cashapp.openitems import OpenItems
from receivables.cashapp.references import extract_references
from receivables.errors import OverApplicationError

AS_OF = day_number(dt.date(2026, 3, 31))


def _index() -> OpenItems:
    return OpenItems(
        item_table(
            {
                "number": ["FV-0005230", "INV-1001", "INV-1002", "INV-1003", "FUT-1"],
                "customer_id": ["C1", "C2", "C2", "C2", "C2"],
                "open": [1000, 500, 700, 900, 100],
                "currency": ["USD", "USD", "USD", "EUR", "USD"],
                "due_date": ["2026-02-01", "2026-03-01", "2026-02-01", "2026-01-01", "2026-05-01"],
                "issue_date": ["2026-01-01"] * 4 + ["2026-04-15"],
            }
        ),
        AS_OF,
    )


def test_rows_per_customer_oldest_due_first_and_no_future_items() -> None:
    index = _index()
    assert [index.items.number[r] for r in index.by_customer["C2"].tolist()] == [
        "INV-1003",
        "INV-1002",
        "INV-1001",
    ]
    assert [index.items.number[r] for r in index.open_rows("C2", "USD")] == ["INV-1002", "INV-1001"]
    assert index.open_rows("C9", "USD") == []
    assert index.open_rows("C2", "JPY") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INV-1001", [(1, "exact")]),
        ("inv 1001", [(1, "exact")]),
        ("F5230", [(0, "short")]),
        ("INV#5230", [(0, "exact")]),
        ("1001/1002", [(1, "part"), (2, "part")]),
        ("X9999", []),
        ("FUT-1", []),  # issued after as_of: not indexed
    ],
)
def test_hits_by_kind(text: str, expected: list[tuple[int, str]]) -> None:
    found = _index().hits(extract_references(text), 3)
    assert [(row, how) for row, how, _ in found] == expected


def test_a_short_form_below_the_shortest_length_names_nothing() -> None:
    index = OpenItems(
        item_table(
            {
                "number": ["FV-0000052"],
                "customer_id": ["C1"],
                "open": [100],
                "currency": ["USD"],
                "due_date": ["2026-02-01"],
            }
        ),
        AS_OF,
    )
    assert index.hits(extract_references("F52"), 3) == []


def test_commit_takes_the_cash_and_settled_differences_off() -> None:
    index = _index()
    index.commit([DraftLine(0, 990, 0, 10, 990, True)], DifferenceAction.WRITE_OFF)
    assert int(index.remaining[0]) == 0
    index.commit([DraftLine(1, 400, 0, 100, 400, False)], DifferenceAction.PARTIAL)
    assert int(index.remaining[1]) == 100  # a partial payment leaves the rest open


def test_an_over_application_changes_nothing() -> None:
    index = _index()
    before = index.remaining.copy()
    with pytest.raises(OverApplicationError, match="INV-1002"):
        index.commit(
            [DraftLine(1, 500, 0, 0, 500, False), DraftLine(2, 701, 0, 0, 701, False)],
            DifferenceAction.NONE,
        )
    assert (index.remaining == before).all()
