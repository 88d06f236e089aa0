"""Helpers shared by the delivery-note tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from receivables.deliveries import DeliveryNote, InvoiceLine
from receivables.money import Money, money

CUT_OFF = dt.date(2026, 6, 30)


def cop(amount: str) -> Money:
    return money(amount, "COP")


def note(
    number: str,
    day: str,
    quantity: str,
    amount: str,
    *,
    signed: bool = True,
    invoice: str | None = None,
) -> DeliveryNote:
    return DeliveryNote(
        number=number,
        customer_id="C1",
        date=dt.date.fromisoformat(day),
        quantity=Decimal(quantity),
        amount=cop(amount),
        signed=signed,
        invoice=invoice,
    )


def billed(
    invoice: str, day: str, quantity: str, amount: str, delivery_note: str | None
) -> InvoiceLine:
    return InvoiceLine(
        invoice=invoice,
        customer_id="C1",
        date=dt.date.fromisoformat(day),
        quantity=Decimal(quantity),
        amount=cop(amount),
        delivery_note=delivery_note,
    )
