"""Write-offs, one test file per module of receivables.policies.writeoffs; shared builders."""

from __future__ import annotations

import datetime as dt

from receivables.documents import Adjustment, Customer
from receivables.journal import STANDARD_ROLES, AccountMap, JournalEntry
from receivables.ledger import ItemKind, OpenItem
from receivables.money import money
from receivables.policies.approvals import ApprovalPolicy, ApprovalTier

ACCOUNTS = AccountMap({role: f"{1000 + index}" for index, role in enumerate(STANDARD_ROLES)})


AS_OF = dt.date(2026, 6, 30)


def _item(
    number: str,
    amount: str,
    due: dt.date,
    *,
    currency: str = "USD",
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


def _customer(status: str = "active", country: str = "US", currency: str = "USD") -> Customer:
    return Customer(id="C1", name="Acme", status=status, country=country, currency=currency)


def _codes(decision: object) -> list[str]:
    return [reason.code for reason in decision.reasons]  # type: ignore[attr-defined]


def _write_off(amount: str = "500.00") -> Adjustment:
    return Adjustment(
        id="WO-1",
        customer_id="C1",
        kind="write_off",
        amount=money(amount, "USD"),
        date=dt.date(2026, 3, 1),
    )


def _ladder(currency: str) -> ApprovalPolicy:
    return ApprovalPolicy(currency=currency, tiers=[ApprovalTier(authority="controller")])


def _balanced(journal: JournalEntry, currency: str) -> None:
    debits, credits = journal.totals_units()[currency]
    assert debits == credits > 0
