"""Dunning tests, one file per module of receivables.dunning; the builders they share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from receivables.documents import Customer
from receivables.dunning import (
    CollectionStrategy,
    ContactAttempt,
    DunningAccount,
    Level,
    Track,
    run,
)
from receivables.ledger import ItemKind, OpenItem
from receivables.money import money

MONDAY = dt.date(2026, 3, 2)  # a Monday, no public holiday in the US or Colombia


def ladder(**changes: Any) -> tuple[Level, ...]:
    levels = [
        Level(action="email", days_overdue=1, template="reminder", min_interval_days=7),
        Level(action="call", days_overdue=15, template="call", min_interval_days=7),
        Level(action="letter", days_overdue=30, template="letter", min_amount=Decimal("100")),
        Level(action="bureau_report", days_overdue=60, template="bureau"),
        Level(action="agency", days_overdue=90, template="agency", needs_approval=True),
    ]
    for index, fields in changes.items():
        position = int(index.removeprefix("l")) - 1
        levels[position] = attrs.evolve(levels[position], **fields)
    return tuple(levels)


def strategy(**kwargs: Any) -> CollectionStrategy:
    levels = kwargs.pop("levels", ladder())
    return CollectionStrategy(
        id="collections", version="3", tracks=[Track(name="default", levels=levels)], **kwargs
    )


def customer(cid: str = "C1", **kwargs: Any) -> Customer:
    kwargs.setdefault("timezone", "America/New_York")
    return Customer(id=cid, name=f"Customer {cid}", **kwargs)


def item(number: str, due: dt.date, amount: str, *, cid: str = "C1", currency: str = "USD"):
    value = money(amount, currency)
    return OpenItem(
        number=number,
        customer_id=cid,
        kind=ItemKind.INVOICE if value.amount > 0 else ItemKind.PAYMENT,
        document_date=due - dt.timedelta(days=30),
        due_date=due,
        original=value,
        open=value,
    )


def days_ago(days: int, as_of: dt.date = MONDAY) -> dt.date:
    return as_of - dt.timedelta(days=days)


def account(*items: OpenItem, **kwargs: Any) -> DunningAccount:
    cust = kwargs.pop("customer", None) or customer()
    return DunningAccount(customer=cust, items=items, **kwargs)


def decide(acct: DunningAccount, *, as_of: Any = MONDAY, **kwargs: Any):
    policy = kwargs.pop("strategy", None) or strategy()
    return run([acct], as_of=as_of, strategy=policy, **kwargs).decisions[0]


LEVEL = {"action": "email", "days_overdue": 1, "template": "t"}


def calls(*days: int, conversation: bool = False) -> list[ContactAttempt]:
    return [ContactAttempt(on=days_ago(n), action="call", conversation=conversation) for n in days]
