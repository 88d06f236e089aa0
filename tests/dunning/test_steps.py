"""One account's decision: what is overdue, what credits cover, every decision explained.

Moved from tests/test_dunning.py when dunning became a package; assertions unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given

from receivables.documents import PromiseToPay
from receivables.dunning import (
    Outcome,
    PromiseStatus,
    run,
)
from receivables.ledger import ItemKind, OpenItem
from receivables.money import money
from tests.dunning import MONDAY, account, days_ago, decide, item, strategy
from tests.strategies import dunning_portfolios


def test_nothing_overdue() -> None:
    d = decide(account(item("INV-1", MONDAY, "100.00")))
    assert (d.outcome, d.codes) == (Outcome.NONE, ("nothing_overdue",))


def test_documents_after_as_of_are_ignored() -> None:
    future = OpenItem(
        number="INV-9",
        customer_id="C1",
        kind=ItemKind.INVOICE,
        document_date=MONDAY + dt.timedelta(days=1),
        due_date=MONDAY + dt.timedelta(days=1),
        original=money("900.00", "USD"),
        open=money("900.00", "USD"),
    )
    later_promise = PromiseToPay(
        id="PTP-9",
        customer_id="C1",
        amount=money("100.00", "USD"),
        promised_date=MONDAY + dt.timedelta(days=9),
        taken_on=MONDAY + dt.timedelta(days=1),
        taken_by="ana",
    )
    d = decide(account(item("INV-1", days_ago(3), "100.00"), future, promises=[later_promise]))
    assert (d.outcome, d.overdue, d.promise) == (
        Outcome.ACT,
        money("100.00", "USD"),
        PromiseStatus.NONE,
    )


def test_amount_is_net_of_unapplied_credits() -> None:
    d = decide(account(item("INV-1", days_ago(3), "100.00"), item("PAY-1", days_ago(1), "-40.00")))
    assert d.overdue == money("60.00", "USD")
    d = decide(account(item("INV-1", days_ago(3), "100.00"), item("PAY-1", days_ago(1), "-140.00")))
    assert (d.outcome, d.codes) == (Outcome.NONE, ("covered_by_credits",))


@given(dunning_portfolios())
def test_every_decision_explains_itself(accounts: list[Any]) -> None:
    result = run(accounts, as_of=MONDAY, strategy=strategy())
    for d in result.decisions:
        assert d.reasons, d
        assert d.overdue.amount >= 0
        if d.outcome in (Outcome.ACT, Outcome.WAIT):
            assert d.action is not None
            assert d.items
        if d.outcome is Outcome.WAIT:
            assert d.not_before is not None
            assert d.not_before > MONDAY
