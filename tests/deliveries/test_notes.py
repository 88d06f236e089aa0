"""Delivery notes and invoice lines: validation and reading rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from receivables.deliveries import (
    DeliveryNote,
    InvoiceLine,
)
from receivables.errors import ValidationError
from tests.deliveries import cop

GOOD_NOTE = {
    "number": "RM-1",
    "customer_id": "C1",
    "date": dt.date(2026, 6, 2),
    "quantity": Decimal(1),
    "amount": cop("1.00"),
}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"number": ""}, "delivery_note.number"),
        ({"customer_id": None}, "delivery_note.customer_id"),
        ({"date": "2026-06-02"}, "delivery_note.date"),
        ({"quantity": 0}, "delivery_note.quantity"),
        ({"quantity": 1.5}, "delivery_note.quantity"),
        ({"quantity": "x"}, "delivery_note.quantity"),
        ({"quantity": "NaN"}, "delivery_note.quantity"),
        ({"amount": cop("0")}, "delivery_note.amount"),
        ({"amount": "1.00"}, "delivery_note.amount"),
        ({"signed": "maybe"}, "delivery_note.signed"),
        ({"invoice": ""}, "delivery_note.invoice"),
        ({"item": 5}, "delivery_note.item"),
    ],
)
def test_a_bad_note_is_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        DeliveryNote(**{**GOOD_NOTE, **changes})  # type: ignore[arg-type]
    assert error.value.field == field


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"invoice": " "}, "invoice_line.invoice"),
        ({"date": dt.datetime(2026, 6, 2)}, "invoice_line.date"),  # noqa: DTZ001
        ({"quantity": -1}, "invoice_line.quantity"),
        ({"amount": cop("-1.00")}, "invoice_line.amount"),
        ({"delivery_note": ""}, "invoice_line.delivery_note"),
    ],
)
def test_a_bad_invoice_line_is_refused(changes: dict[str, object], field: str) -> None:
    good = {
        "invoice": "FV-1",
        "customer_id": "C1",
        "date": dt.date(2026, 6, 2),
        "quantity": Decimal(1),
        "amount": cop("1.00"),
    }
    with pytest.raises(ValidationError) as error:
        InvoiceLine(**{**good, **changes})  # type: ignore[arg-type]
    assert error.value.field == field


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (
            {
                "number": "RM-1",
                "customer_id": "C1",
                "date": "02/06/2026",
                "quantity": "1",
                "amount": "1",
                "currency": "COP",
            },
            "delivery_note.date",
        ),
        (
            {
                "number": "RM-1",
                "customer_id": "C1",
                "date": "2026-06-02",
                "quantity": "1",
                "amount": "1,5",
                "currency": "COP",
            },
            "amount",
        ),
        (
            {
                "number": "RM-1",
                "customer_id": "C1",
                "date": "2026-06-02",
                "quantity": "",
                "amount": "1",
                "currency": "COP",
            },
            "delivery_note.quantity",
        ),
    ],
)
def test_a_bad_note_row_names_its_column(row: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        DeliveryNote.from_row(row)
    assert error.value.field == field


def test_rows_that_are_not_mappings_are_refused() -> None:
    with pytest.raises(ValidationError, match="a mapping"):
        DeliveryNote.from_row(["RM-1"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="a mapping"):
        InvoiceLine.from_row("FV-1")  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as error:
        InvoiceLine.from_row({"invoice": "FV-1", "customer_id": "C1", "date": "x"})
    assert error.value.field == "invoice_line.date"
