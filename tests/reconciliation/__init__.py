"""Helpers shared by the reconciliation tests."""

from __future__ import annotations

import datetime as dt

import attrs

from receivables.money import Money, money
from receivables.reconciliation import AccountLine

CUT_OFF = dt.date(2026, 6, 30)


def usd(amount: str) -> Money:
    return money(amount, "USD")


def line(document: str, day: str, amount: str, kind: str | None = None) -> AccountLine:
    found = AccountLine(
        document=document, date=dt.date.fromisoformat(day), amount=money(amount, "USD")
    )
    return found if kind is None else attrs.evolve(found, kind=kind)
