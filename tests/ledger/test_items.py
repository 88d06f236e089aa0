"""Open items: validated on construction, one currency, a kind from its value."""

from __future__ import annotations

import datetime as dt

import pytest

from receivables.errors import (
    CurrencyMismatchError,
    ValidationError,
)
from receivables.ledger import ItemKind, OpenItem
from receivables.money import money
from tests.ledger import (
    D,
)

_ITEM = {
    "number": "INV-1",
    "customer_id": "C1",
    "kind": ItemKind.INVOICE,
    "document_date": D(2026, 1, 1),
    "due_date": D(2026, 1, 31),
    "original": money("10.00", "USD"),
    "open": money("4.00", "USD"),
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"number": ""}, "number"),
        ({"number": 7}, "number"),
        ({"customer_id": None}, "customer_id"),
        ({"kind": "bogus"}, "kind"),
        ({"document_date": "2026-01-01"}, "document_date"),
        ({"due_date": dt.datetime(2026, 1, 31, tzinfo=dt.UTC)}, "due_date"),
        ({"original": "10.00"}, "original"),
        ({"open": 4}, "open"),
        ({"reference": 12}, "reference"),
    ],
)
def test_an_open_item_is_validated(change: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError, match=rf"^open_item\.{field}: "):
        OpenItem(**{**_ITEM, **change})  # type: ignore[arg-type]


def test_an_open_item_keeps_one_currency_and_reads_its_kind() -> None:
    with pytest.raises(CurrencyMismatchError):
        OpenItem(**{**_ITEM, "open": money("4.00", "EUR")})  # type: ignore[arg-type]
    assert OpenItem(**{**_ITEM, "kind": "debit_note"}).kind is ItemKind.DEBIT_NOTE  # type: ignore[arg-type]
