"""Lines of either ledger, and reading them from an export through a column mapping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from receivables.errors import ValidationError
from receivables.interop import structure
from receivables.money import money
from receivables.reconciliation import (
    AccountLine,
    ColumnMapping,
    LineKind,
)
from tests.reconciliation import usd


def test_the_mapping_reads_signed_amounts_and_other_columns() -> None:
    mapping = structure(
        {"document": "Beleg", "date": "Datum", "amount": "Betrag", "date_format": "%d.%m.%Y"},
        ColumnMapping,
    )
    row = {"Beleg": "5230", "Datum": "02.06.2026", "Betrag": "-1000.00", "currency": "EUR"}
    assert mapping.line(row).amount == money("1000.00", "EUR")  # a credit in their payables
    ours = ColumnMapping(book="receivables")
    row = {
        "document": "FV-1",
        "date": "2026-06-02",
        "debit": "10.00",
        "credit": "",
        "currency": "USD",
    }
    assert ours.line(row).amount == usd("10.00")
    row = {
        "document": "NC-1",
        "date": "2026-06-02",
        "amount": "-5.00",
        "currency": "USD",
        "kind": "Credit_Note",
    }
    assert ours.line(row).kind is LineKind.CREDIT_NOTE
    assert AccountLine.from_row(
        {"document": "TR", "date": "2026-06-02", "debit": "7", "currency": "usd"}
    ).amount == usd("-7.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"document": ""}, "account_line.document"),
        ({"document": 5}, "account_line.document"),
        ({"date": "2026-06-01"}, "account_line.date"),
        ({"date": dt.datetime(2026, 6, 1)}, "account_line.date"),  # noqa: DTZ001
        ({"amount": Decimal("5")}, "account_line.amount"),
        ({"amount": money("0", "USD")}, "account_line.amount"),
        ({"kind": "cheque"}, "account_line.kind"),
        ({"description": None}, "account_line.description"),
    ],
)
def test_a_bad_line_is_refused(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {
        "document": "FV-1",
        "date": dt.date(2026, 6, 1),
        "amount": usd("5.00"),
    }
    values.update(changes)
    with pytest.raises(ValidationError) as error:
        AccountLine(**values)  # type: ignore[arg-type]
    assert error.value.field == field


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"document": "A", "date": "2026-06-01", "amount": "1"}, "account_line.currency"),
        ({"document": "A", "date": "2026-06-01", "amount": "1", "currency": "ZZZ"}, "currency"),
        ({"document": "A", "date": "2026-06-01", "currency": "USD"}, "account_line.amount"),
        (
            {"document": "A", "date": "2026-06-01", "amount": "1,5", "currency": "USD"},
            "account_line.amount",
        ),
        (
            {"document": "A", "date": "2026-06-01", "debit": "x", "currency": "USD"},
            "account_line.debit",
        ),
        (
            {"document": "A", "date": "2026-06-01", "credit": "x", "currency": "USD"},
            "account_line.credit",
        ),
        (
            {"document": "A", "date": "01/06/2026", "amount": "1", "currency": "USD"},
            "account_line.date",
        ),
        ({"document": "A", "amount": "1", "currency": "USD"}, "account_line.date"),
        (
            {"document": "", "date": "2026-06-01", "amount": "1", "currency": "USD"},
            "account_line.document",
        ),
        (
            {"document": "A", "date": "2026-06-01", "amount": "0", "currency": "USD"},
            "account_line.amount",
        ),
    ],
)
def test_a_bad_row_names_its_field(row: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        ColumnMapping().line(row)
    assert error.value.field == field


def test_a_row_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(ValidationError, match="a mapping of column names"):
        ColumnMapping().line(["5230"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"document": ""}, "column_mapping.document"), ({"book": "ledger"}, "column_mapping.book")],
)
def test_a_bad_mapping_is_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        ColumnMapping(**changes)  # type: ignore[arg-type]
    assert error.value.field == field


def test_one_customers_rows_are_picked_from_an_export_of_many() -> None:
    mapping = ColumnMapping(book="receivables", customer="cliente")
    row = {
        "cliente": "C2",
        "document": "FV-9",
        "date": "2026-06-02",
        "amount": "5.00",
        "currency": "USD",
    }
    assert mapping.line_for(row, "C1") is None
    assert mapping.line_for({**row, "cliente": " C1 "}, "C1") is not None
    assert mapping.line_for({**row, "cliente": ""}, "C1") is not None
    with pytest.raises(ValidationError, match="a mapping"):
        mapping.line_for("FV-9", "C1")  # type: ignore[arg-type]


def test_line_for_refuses_a_customer_that_is_not_an_id() -> None:
    row = {"document": "FV-9", "date": "2026-06-02", "amount": "5.00", "currency": "USD"}
    with pytest.raises(ValidationError) as error:
        ColumnMapping().line_for(row, 5)  # type: ignore[arg-type]
    assert error.value.field == "customer_id"
