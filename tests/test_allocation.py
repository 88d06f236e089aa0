"""Allocation strategies: never more than open, never more than the amount, deterministic."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.allocation import by_reference, oldest_due_first, pro_rata
from receivables.errors import ValidationError
from receivables.ledger import ItemKind, OpenItem
from receivables.money import from_minor, money, to_minor


def _item(number: str, due: dt.date, units: int, currency: str = "USD") -> OpenItem:
    amount = from_minor(units, currency)
    return OpenItem(
        number=number,
        customer_id="C1",
        kind=ItemKind.INVOICE if units > 0 else ItemKind.PAYMENT,
        document_date=dt.date(2026, 1, 1),
        due_date=due,
        original=amount,
        open=amount,
    )


ITEMS = [
    _item("INV-3", dt.date(2026, 3, 1), 30000),
    _item("INV-1", dt.date(2026, 1, 31), 10000),
    _item("INV-2", dt.date(2026, 1, 31), 20000),
    _item("PAY-9", dt.date(2026, 1, 5), -5000),  # a credit: never allocated to
    _item("EUR-1", dt.date(2026, 1, 1), 10000, "EUR"),  # other currency: never allocated to
]


def test_oldest_due_first_pays_by_due_date_then_number() -> None:
    parts = oldest_due_first(money("250.00", "USD"), ITEMS)
    assert parts == (
        ("INV-1", money("100.00", "USD")),
        ("INV-2", money("150.00", "USD")),
    )


def test_by_reference_pays_named_items_first() -> None:
    parts = by_reference(money("350.00", "USD"), ITEMS, ["INV-3", "NOPE"])
    assert parts == (
        ("INV-3", money("300.00", "USD")),
        ("INV-1", money("50.00", "USD")),
    )


def test_pro_rata_in_proportion_to_open_amounts() -> None:
    # 60.00 over 100 / 200 / 300 open: 10.00 / 20.00 / 30.00.
    parts = dict(pro_rata(money("60.00", "USD"), ITEMS))
    assert parts == {
        "INV-1": money("10.00", "USD"),
        "INV-2": money("20.00", "USD"),
        "INV-3": money("30.00", "USD"),
    }


def test_pro_rata_pays_everything_when_the_amount_covers_it() -> None:
    parts = dict(pro_rata(money("999.00", "USD"), ITEMS))
    assert sum(to_minor(v) for v in parts.values()) == 60000


def test_negative_amount_is_rejected() -> None:
    with pytest.raises(ValidationError, match="amount"):
        oldest_due_first(money("-1.00", "USD"), ITEMS)


def test_items_must_be_open_items() -> None:
    with pytest.raises(ValidationError, match=r"items\[0\]"):
        pro_rata(money("1.00", "USD"), ["INV-1"])  # type: ignore[list-item]


open_units = st.lists(st.integers(1, 10**7), min_size=0, max_size=12)


@given(open_units, st.integers(0, 10**8), st.sampled_from(["oldest", "reference", "pro_rata"]))
def test_never_more_than_open_nor_than_the_amount(
    units: list[int], amount_units: int, strategy: str
) -> None:
    items = [
        _item(f"I{n:02d}", dt.date(2026, 1, 1) + dt.timedelta(days=n % 5), u)
        for n, u in enumerate(units)
    ]
    amount = from_minor(amount_units, "USD")
    if strategy == "oldest":
        parts = oldest_due_first(amount, items)
    elif strategy == "reference":
        parts = by_reference(amount, items, [i.number for i in reversed(items)][:3])
    else:
        parts = pro_rata(amount, items)
    by_number = {i.number: to_minor(i.open) for i in items}
    allocated = sum(to_minor(part) for _, part in parts)
    assert allocated == min(amount_units, sum(units))
    assert len({number for number, _ in parts}) == len(parts)
    for number, part in parts:
        assert 0 <= to_minor(part) <= by_number[number]
    again = {
        "oldest": lambda: oldest_due_first(amount, list(reversed(items))),
        "reference": lambda: parts,
        "pro_rata": lambda: pro_rata(amount, list(reversed(items))),
    }[strategy]()
    assert sorted(again) == sorted(parts)


@pytest.mark.parametrize("amount", ["10.00", 10, None])
def test_the_amount_must_be_money(amount: object) -> None:
    for strategy in (oldest_due_first, pro_rata):
        with pytest.raises(ValidationError, match="amount"):
            strategy(amount, ITEMS)  # type: ignore[arg-type]


@pytest.mark.parametrize("references", ["INV-3", [3], None])
def test_references_are_document_numbers(references: object) -> None:
    with pytest.raises(ValidationError, match="references"):
        by_reference(money("1.00", "USD"), ITEMS, references)  # type: ignore[arg-type]


def test_a_reference_named_twice_keeps_its_first_place() -> None:
    parts = by_reference(money("400.00", "USD"), ITEMS, ["INV-2", "INV-3", "INV-2"])
    assert [number for number, _ in parts][:2] == ["INV-2", "INV-3"]
