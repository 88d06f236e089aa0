"""Late-charge tests, one file per module of receivables.latecharges; the builders they share."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from receivables.journal import AccountMap
from receivables.latecharges import LateChargePolicy, ReferenceRate
from receivables.ledger import ItemKind, OpenItem
from receivables.money import money

# ECB main refinancing operations rate (Directive 2011/7/EU art. 2(7)(a)(i)): 3.15% from
# 18 December 2024, so in force on 1 January 2025; 2.15% from 11 June 2025, so in force on
# 1 July 2025 (ECB monetary policy decisions of 12 December 2024 and 5 June 2025).


ECB_2025 = (
    ReferenceRate(dt.date(2025, 1, 1), Decimal("0.0315")),
    ReferenceRate(dt.date(2025, 7, 1), Decimal("0.0215")),
)


ACCOUNTS = AccountMap({"receivables": "1200", "interest_income": "4500", "fee_income": "4510"})


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def invoice(
    number: str = "INV-1",
    due: dt.date = dt.date(2025, 6, 15),
    amount: str = "10000.00",
    currency: str = "EUR",
    *,
    customer_id: str = "C1",
    kind: ItemKind = ItemKind.INVOICE,
) -> OpenItem:
    value = money(amount, currency)
    return OpenItem(
        number=number,
        customer_id=customer_id,
        kind=kind,
        document_date=due - dt.timedelta(days=30),
        due_date=due,
        original=value,
        open=value,
    )


def fixed(rate: str, **kwargs: Any) -> LateChargePolicy:
    return LateChargePolicy(id="late", version="1", annual_rate=Decimal(rate), **kwargs)
