"""Bulk input: columns, numpy arrays and DataFrames become the engine's tables."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from receivables.cashapp.columns import (
    customer_table,
    day_number,
    item_table,
    minor_to_decimal,
    payment_table,
)
from receivables.documents import Customer, Discount, Invoice, Payment
from receivables.errors import DuplicateDocumentError, ValidationError
from receivables.ledger import ItemKind, OpenItem
from receivables.money import money

PAYMENTS = {
    "id": ["P1", "P2"],
    "amount": np.array([1000, 2500], dtype=np.int64),
    "currency": ["usd", "USD"],
    "received_date": np.array(["2026-03-01", "2026-03-02"], dtype="datetime64[D]"),
    "value_date": [None, "2026-03-03"],
    "payer_name": ["ACME", None],
}


def test_payment_columns_with_numpy() -> None:
    table = payment_table(PAYMENTS)
    assert table.amount.tolist() == [1000, 2500]
    assert table.currency == ("USD", "USD")
    assert table.received.tolist() == [
        day_number(dt.date(2026, 3, 1)),
        day_number(dt.date(2026, 3, 2)),
    ]
    assert table.effective[1] == day_number(dt.date(2026, 3, 3))
    assert table.payer_name == ("ACME", "")
    assert table.customer_id == (None, None)
    assert len(table) == 2


def test_payment_dataframe_equals_columns() -> None:
    frame = pd.DataFrame({k: v for k, v in PAYMENTS.items() if k != "value_date"})
    table = payment_table(frame)
    assert table.ids == ("P1", "P2")
    assert table.amount.tolist() == [1000, 2500]


def test_payment_objects() -> None:
    payment = Payment(
        id="P1", amount=money("12.34", "USD"), received_date=dt.date(2026, 1, 2), customer_id="C1"
    )
    table = payment_table([payment])
    assert table.amount.tolist() == [1234]
    assert payment_table(table) is table


def test_float_amounts_are_refused() -> None:
    with pytest.raises(ValidationError, match=r"payments\.amount"):
        payment_table({**PAYMENTS, "amount": np.array([10.0, 25.0])})


def test_non_positive_amounts_are_refused() -> None:
    with pytest.raises(ValidationError, match=r"payments\.amount\[1\]"):
        payment_table({**PAYMENTS, "amount": [10, 0]})


def test_a_missing_column_is_named() -> None:
    with pytest.raises(ValidationError, match=r"payments\.received_date"):
        payment_table({"id": ["P1"], "amount": [1], "currency": ["USD"]})


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValidationError, match=r"payments\.currency"):
        payment_table({**PAYMENTS, "currency": ["USD"]})


def test_bad_currency_and_date_are_named() -> None:
    with pytest.raises(ValidationError, match=r"payments\.currency\[0\]"):
        payment_table({**PAYMENTS, "currency": ["XXQ", "USD"]})
    with pytest.raises(ValidationError, match=r"payments\.received_date\[0\]"):
        payment_table({**PAYMENTS, "received_date": ["01/03/2026", "2026-03-02"]})


def test_duplicate_payment_ids_are_refused() -> None:
    with pytest.raises(DuplicateDocumentError):
        payment_table({**PAYMENTS, "id": ["P1", "P1"]})


def test_a_string_is_not_a_table() -> None:
    with pytest.raises(ValidationError, match="payments"):
        payment_table("P1")


def test_non_payment_objects_are_refused() -> None:
    with pytest.raises(ValidationError, match=r"payments\[0\]"):
        payment_table([object()])


def test_items_from_invoices_keep_discount_tiers() -> None:
    invoice = Invoice(
        number="A1",
        customer_id="C1",
        issue_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 1, 31),
        amount=money("1000.00", "USD"),
        discounts=[
            Discount(amount=money("20.00", "USD"), until=dt.date(2026, 1, 11)),
            Discount(amount=money("10.00", "USD"), until=dt.date(2026, 1, 21)),
        ],
    )
    table = item_table([invoice])
    assert table.open.tolist() == [100_000]
    assert table.discount_units(0, day_number(dt.date(2026, 1, 11))) == 2000
    assert table.discount_units(0, day_number(dt.date(2026, 1, 15))) == 1000
    assert table.discount_units(0, day_number(dt.date(2026, 1, 22))) == 0


def test_only_positive_open_items_are_payable() -> None:
    owed = OpenItem(
        number="I1",
        customer_id="C1",
        kind=ItemKind.INVOICE,
        document_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 1, 31),
        original=money("100.00", "USD"),
        open=money("40.00", "USD"),
    )
    credit = OpenItem(
        number="CN1",
        customer_id="C1",
        kind=ItemKind.CREDIT_NOTE,
        document_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 1, 1),
        original=money("-10.00", "USD"),
        open=money("-10.00", "USD"),
    )
    table = item_table([owed, credit])
    assert table.number == ("I1",)
    assert table.open.tolist() == [4000]
    assert table.original.tolist() == [10000]


def test_item_columns_with_discount_and_credits_skipped() -> None:
    table = item_table(
        {
            "number": ["A", "B"],
            "customer_id": ["C1", "C1"],
            "amount": [500, -100],
            "currency": ["USD", "USD"],
            "due_date": ["2026-02-01", "2026-02-01"],
            "issue_date": ["2026-01-01", "2026-01-01"],
            "discount": [10, 0],
            "discount_until": ["2026-01-10", None],
        }
    )
    assert table.number == ("A",)
    assert table.discount_units(0, day_number(dt.date(2026, 1, 10))) == 10


def test_item_errors() -> None:
    with pytest.raises(ValidationError, match=r"open_items\[0\]"):
        item_table([object()])
    with pytest.raises(DuplicateDocumentError):
        item_table(
            {
                "number": ["A", "A"],
                "customer_id": ["C", "C"],
                "open": [1, 2],
                "currency": ["USD", "USD"],
                "due_date": ["2026-01-01", "2026-01-01"],
            }
        )
    with pytest.raises(ValidationError, match=r"open_items\[0\]"):
        item_table(
            {
                "number": ["A"],
                "customer_id": [""],
                "open": [1],
                "currency": ["USD"],
                "due_date": ["2026-01-01"],
            }
        )


def test_customers_from_objects_columns_and_none() -> None:
    table = customer_table([Customer(id="C1", name="Acme", bank_accounts=["X1"], aliases=["A"])])
    assert table.bank_accounts == (("X1",),)
    assert table.aliases == (("A",),)
    columns = customer_table({"id": ["C1"], "name": ["Acme"], "aliases": [["A", "B"]]})
    assert columns.aliases == (("A", "B"),)
    assert len(customer_table(None)) == 0
    with pytest.raises(ValidationError, match=r"customers\[0\]"):
        customer_table([1])
    with pytest.raises(DuplicateDocumentError):
        customer_table({"id": ["C1", "C1"], "name": ["A", "B"]})


def test_minor_to_decimal() -> None:
    assert str(minor_to_decimal(5, "JPY")) == "5"


@pytest.mark.parametrize("data", [None, 5, 2.5])
def test_something_that_is_neither_documents_nor_columns_is_refused(data: object) -> None:
    with pytest.raises(ValidationError, match="payments"):
        payment_table(data)
    with pytest.raises(ValidationError, match="open_items"):
        item_table(data)
    with pytest.raises(ValidationError, match="customers"):
        customer_table(5)


def test_one_row_as_a_mapping_of_scalars_is_refused() -> None:
    row = {"id": "P1", "amount": 100, "currency": "USD", "received_date": "2026-03-01"}
    with pytest.raises(ValidationError, match=r"payments\.id.*one value per row"):
        payment_table(row)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ([2**70], r"payments\.amount\[0\].*64 bits"),
        (np.array([2**64 - 1], dtype=np.uint64), r"payments\.amount.*64 bits"),
        ([[1, 2]], r"payments\.amount.*per row"),
        (np.array([[1, 2]]), r"payments\.amount.*one-dimensional"),
    ],
)
def test_amounts_that_are_not_one_int64_per_row_are_refused(amount: object, expected: str) -> None:
    with pytest.raises(ValidationError, match=expected):
        payment_table(
            {"id": ["P1"], "amount": amount, "currency": ["USD"], "received_date": ["2026-03-01"]}
        )


def test_a_discount_needs_its_window() -> None:
    with pytest.raises(ValidationError, match=r"open_items\.discount_until"):
        item_table(
            {
                "number": ["A"],
                "customer_id": ["C1"],
                "open": [500],
                "currency": ["USD"],
                "due_date": ["2026-03-01"],
                "discount": [10],
            }
        )


def test_empty_columns_are_an_empty_table() -> None:
    empty = {"id": [], "amount": [], "currency": [], "received_date": []}
    assert len(payment_table(empty)) == 0
    assert payment_table(empty).amount.dtype == np.int64
