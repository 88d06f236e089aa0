"""What was delivered, and what does each invoice line bill?

A :class:`DeliveryNote` is goods delivered to a customer, valued at the
agreed price, signed or not; an :class:`InvoiceLine` is what one invoice
bills, naming the note it bills when billing knows it. Both are frozen and
validated, and read from plain rows of an export (``from_row``) with the
columns :data:`NOTE_COLUMNS` and :data:`LINE_COLUMNS`.

>>> NOTE_COLUMNS
('number', 'customer_id', 'date', 'quantity', 'amount', 'currency')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

import attrs

from receivables.documents import parse_date
from receivables.errors import ValidationError
from receivables.money import Money, money, to_minor
from receivables.numbering import reference_key

__all__ = [
    "LINE_COLUMNS",
    "NOTE_COLUMNS",
    "DeliveryNote",
    "InvoiceLine",
    "line_order",
    "note_order",
]


NOTE_COLUMNS: Final = ("number", "customer_id", "date", "quantity", "amount", "currency")
"""The columns a delivery-note export needs (``signed``, ``item``, ``invoice`` are optional)."""

LINE_COLUMNS: Final = ("invoice", "customer_id", "date", "quantity", "amount", "currency")
"""The columns an invoice-line export needs (``delivery_note`` is optional)."""


def _text(owner: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"{owner}.{attribute.name}", value, "a non-empty string")

    return check


def _optional_text(owner: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ValidationError(f"{owner}.{attribute.name}", value, "a non-empty string, or None")

    return check


def _day(owner: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise ValidationError(f"{owner}.{attribute.name}", value, "a datetime.date")

    return check


def _positive_quantity(value: object, field: str) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise ValidationError(field, value, "a positive decimal quantity")
    try:
        found = Decimal(value)
    except InvalidOperation:
        raise ValidationError(field, value, "a positive decimal quantity") from None
    if not found.is_finite() or found <= 0:
        raise ValidationError(field, value, "a positive decimal quantity")
    return found


def _note_quantity(value: object) -> Decimal:
    return _positive_quantity(value, "delivery_note.quantity")


def _line_quantity(value: object) -> Decimal:
    return _positive_quantity(value, "invoice_line.quantity")


def _amount(owner: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Money) or value.amount <= 0:
            raise ValidationError(f"{owner}.amount", value, "a positive Money")
        money(value.amount, value.code, field=f"{owner}.amount")

    return check


_YES: Final = frozenset({"true", "yes", "y", "1", "si", "sí", "s", "x"})
_NO: Final = frozenset({"false", "no", "n", "0", ""})


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    raise ValidationError(
        "delivery_note.signed", value, "true or false (yes/no, si/no, 1/0, x or empty)"
    )


@attrs.frozen(kw_only=True)
class DeliveryNote:
    """Goods delivered to a customer, valued at the agreed price; ``signed`` once proof is back.

    ``invoice`` is the invoice number the note says it was billed on, when
    the system that issued it knows.

    >>> note = DeliveryNote.from_row({"number": "RM-1", "customer_id": "C1", "date": "2026-06-02",
    ...     "quantity": "12.5", "amount": "625.00", "currency": "USD", "signed": "si"})
    >>> note.quantity, note.signed
    (Decimal('12.5'), True)
    >>> DeliveryNote(number="RM-1", customer_id="C1", date=dt.date(2026, 6, 2), quantity=0,
    ...              amount=money("1.00", "USD"))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: delivery_note.quantity: got 0; expected a positive decimal quantity
    """

    number: str = attrs.field(validator=_text("delivery_note"))
    customer_id: str = attrs.field(validator=_text("delivery_note"))
    date: dt.date = attrs.field(validator=_day("delivery_note"))
    quantity: Decimal = attrs.field(converter=_note_quantity)
    amount: Money = attrs.field(validator=_amount("delivery_note"))
    signed: bool = attrs.field(default=False, converter=_flag)
    item: str = attrs.field(default="")
    invoice: str | None = attrs.field(default=None, validator=_optional_text("delivery_note"))

    @item.validator
    def _check_item(self, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str):
            raise ValidationError("delivery_note.item", value, "a string (a product code, or '')")

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> DeliveryNote:
        """A note from a row: ``number, customer_id, date, quantity, amount, currency``,
        optional ``signed, item, invoice``."""
        if not isinstance(row, Mapping):
            raise ValidationError("delivery_note", row, "a mapping of column names to values")
        return cls(
            number=str(row.get("number") or ""),
            customer_id=str(row.get("customer_id") or ""),
            date=parse_date(row.get("date"), "delivery_note.date"),
            quantity=row.get("quantity"),
            amount=money(row.get("amount"), str(row.get("currency") or ""), field="amount"),
            signed=row.get("signed") or False,
            item=str(row.get("item") or ""),
            invoice=str(row.get("invoice")) if row.get("invoice") else None,
        )


@attrs.frozen(kw_only=True)
class InvoiceLine:
    """What one invoice bills: a quantity and an amount, naming the delivery note it bills.

    >>> line = InvoiceLine.from_row({"invoice": "FV-9", "customer_id": "C1", "date": "2026-06-03",
    ...     "quantity": "10", "amount": "500.00", "currency": "USD", "delivery_note": "RM-1"})
    >>> line.delivery_note, line.amount
    ('RM-1', Money('500.00', 'USD'))
    """

    invoice: str = attrs.field(validator=_text("invoice_line"))
    customer_id: str = attrs.field(validator=_text("invoice_line"))
    date: dt.date = attrs.field(validator=_day("invoice_line"))
    quantity: Decimal = attrs.field(converter=_line_quantity)
    amount: Money = attrs.field(validator=_amount("invoice_line"))
    delivery_note: str | None = attrs.field(default=None, validator=_optional_text("invoice_line"))

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> InvoiceLine:
        """A line from a row: ``invoice, customer_id, date, quantity, amount, currency``,
        optional ``delivery_note``."""
        if not isinstance(row, Mapping):
            raise ValidationError("invoice_line", row, "a mapping of column names to values")
        return cls(
            invoice=str(row.get("invoice") or ""),
            customer_id=str(row.get("customer_id") or ""),
            date=parse_date(row.get("date"), "invoice_line.date"),
            quantity=row.get("quantity"),
            amount=money(row.get("amount"), str(row.get("currency") or ""), field="amount"),
            delivery_note=str(row.get("delivery_note")) if row.get("delivery_note") else None,
        )


def note_order(note: DeliveryNote) -> tuple[Any, ...]:
    return (
        note.customer_id,
        note.date,
        reference_key(note.number),
        note.number,
        note.quantity,
        to_minor(note.amount),
        note.signed,
        note.item,
        note.invoice or "",
    )


def line_order(line: InvoiceLine) -> tuple[Any, ...]:
    return (
        line.customer_id,
        line.date,
        reference_key(line.invoice),
        line.invoice,
        line.delivery_note or "",
        line.quantity,
        to_minor(line.amount),
    )
