"""Credit, one test file per module of receivables.policies.credit; the builders they share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from receivables.documents import Customer, Reversal
from receivables.ledger import ItemKind, OpenItem
from receivables.money import Money, money
from receivables.policies.credit import CreditFacts, CreditLimitRequest, OrderRequest

AS_OF = dt.date(2026, 6, 30)


def usd(amount: str) -> Money:
    return money(amount, "USD")


def _customer(limit: str | None = "10000", **changes: object) -> Customer:
    values: dict[str, object] = {
        "id": "C1",
        "name": "Acme",
        "credit_limit": None if limit is None else usd(limit),
        **changes,
    }
    return Customer(**values)  # type: ignore[arg-type]


def _item(number: str, amount: str, days_overdue: int) -> OpenItem:
    due = AS_OF - dt.timedelta(days=days_overdue)
    value = usd(amount)
    return OpenItem(
        number=number,
        customer_id="C1",
        kind=ItemKind.INVOICE if value.amount > 0 else ItemKind.PAYMENT,
        document_date=due - dt.timedelta(days=30),
        due_date=due,
        original=value,
        open=value,
    )


def _order(amount: str = "1000") -> OrderRequest:
    return OrderRequest(id="SO-1", customer_id="C1", amount=usd(amount), date=AS_OF)


def _bounce(days_ago: int, number: str = "R1") -> Reversal:
    return Reversal(
        id=number,
        kind="returned_payment",
        target_id="P" + number,
        date=AS_OF - dt.timedelta(days=days_ago),
    )


def _codes(decision: object) -> list[str]:
    return [reason.code for reason in decision.reasons]  # type: ignore[attr-defined]


def _request(kind: str, amount: str, approver: str = "lead", **extra: object) -> CreditLimitRequest:
    return CreditLimitRequest(
        id="R1",
        customer_id="C1",
        kind=kind,
        requested_limit=usd(amount),
        approver=approver,
        **extra,  # type: ignore[arg-type]
    )


GOOD = CreditFacts(customer_id="C1", average_days_to_pay=Decimal("38.5"), paid_invoices=24)
