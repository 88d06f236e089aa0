"""Pauses: customer status, payment plans, promises to pay and disputes.

Moved from tests/test_dunning.py when dunning became a package; assertions unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from receivables.documents import Dispute, PromiseToPay
from receivables.dunning import (
    Outcome,
    PromiseStatus,
)
from receivables.money import money
from tests.dunning import MONDAY, account, customer, days_ago, decide, item


def test_disputed_item_is_left_out() -> None:
    dispute = Dispute(id="D1", customer_id="C1", invoice_number="INV-1", opened_on=days_ago(5))
    d = decide(
        account(
            item("INV-1", days_ago(40), "900.00"),
            item("INV-2", days_ago(3), "100.00"),
            disputes=[dispute],
        )
    )
    assert d.outcome is Outcome.ACT
    assert d.items == ("INV-2",)
    assert d.overdue == money("100.00", "USD")
    assert d.days_overdue == 3
    assert "items_disputed" in d.codes


def test_all_overdue_disputed_pauses_account() -> None:
    dispute = Dispute(id="D1", customer_id="C1", invoice_number="INV-1", opened_on=days_ago(5))
    d = decide(account(item("INV-1", days_ago(40), "900.00"), disputes=[dispute]))
    assert d.outcome is Outcome.PAUSED
    assert d.codes == ("items_disputed", "all_overdue_paused")


def test_resolved_dispute_no_longer_pauses() -> None:
    dispute = Dispute(
        id="D1",
        customer_id="C1",
        invoice_number="INV-1",
        opened_on=days_ago(20),
        resolved_on=days_ago(2),
    )
    d = decide(account(item("INV-1", days_ago(40), "900.00"), disputes=[dispute]))
    assert d.outcome is Outcome.ACT


@pytest.mark.parametrize(
    ("status", "outcome", "code"),
    [
        ("current", Outcome.PAUSED, "payment_plan_current"),
        ("in_arrears", Outcome.ACT, "payment_plan_in_arrears"),
        ("broken", Outcome.ACT, "payment_plan_broken"),
    ],
)
def test_payment_plan_status(status: str, outcome: Outcome, code: str) -> None:
    d = decide(account(item("INV-1", days_ago(3), "100.00"), plan_status=status))
    assert d.outcome is outcome
    assert code in d.codes


def test_completed_plan_does_not_pause() -> None:
    d = decide(account(item("INV-1", days_ago(3), "100.00"), plan_status="completed"))
    assert (d.outcome, d.codes) == (Outcome.ACT, ("level_reached",))


def promise(promised: dt.date, *items: str) -> PromiseToPay:
    return PromiseToPay(
        id="PTP-1",
        customer_id="C1",
        amount=money("100.00", "USD"),
        promised_date=promised,
        taken_on=days_ago(10),
        taken_by="ana",
        items=items,
    )


def test_promise_not_yet_due_pauses_account() -> None:
    d = decide(account(item("INV-1", days_ago(20), "100.00"), promises=[promise_on(MONDAY)]))
    assert d.outcome is Outcome.PAUSED
    assert "promise_pending" in d.codes
    assert d.promise is PromiseStatus.PENDING


def test_promise_on_an_item_leaves_that_item_out() -> None:
    d = decide(
        account(
            item("INV-1", days_ago(20), "100.00"),
            item("INV-2", days_ago(2), "50.00"),
            promises=[promise(days_ago(-3), "INV-1")],
        )
    )
    assert (d.outcome, d.items) == (Outcome.ACT, ("INV-2",))


def test_broken_promise_resumes_dunning() -> None:
    d = decide(account(item("INV-1", days_ago(20), "100.00"), promises=[promise_on(days_ago(1))]))
    assert d.outcome is Outcome.ACT
    assert d.promise is PromiseStatus.BROKEN


@pytest.mark.parametrize("status", ["bankrupt", "deceased", "uncollectible"])
def test_customer_status_stops_dunning(status: str) -> None:
    d = decide(account(item("INV-1", days_ago(20), "100.00"), customer=customer(status=status)))
    assert (d.outcome, d.codes) == (Outcome.PAUSED, ("customer_status",))


def promise_on(due: dt.date, **kwargs: Any) -> PromiseToPay:
    return PromiseToPay(
        id="P1",
        customer_id="C1",
        amount=money("10.00", "USD"),
        promised_date=due,
        taken_on=days_ago(5),
        taken_by="ana",
        **kwargs,
    )


def test_a_promise_due_today_is_still_pending() -> None:
    # The customer has all of the promised day to pay: no dunning on it.
    d = decide(account(item("INV-1", days_ago(20), "100.00"), promises=[promise_on(MONDAY)]))
    assert (d.outcome, d.promise) == (Outcome.PAUSED, PromiseStatus.PENDING)
    assert "promise_pending" in d.codes


def test_a_promise_broken_yesterday_resumes_dunning() -> None:
    d = decide(account(item("INV-1", days_ago(20), "100.00"), promises=[promise_on(days_ago(1))]))
    assert (d.outcome, d.promise) == (Outcome.ACT, PromiseStatus.BROKEN)
    assert "promise_pending" not in d.codes
    # a promise on an item since paid was kept, not broken
    kept = promise_on(days_ago(1), items=["INV-0"])
    d = decide(account(item("INV-1", days_ago(20), "100.00"), promises=[kept]))
    assert (d.outcome, d.promise) == (Outcome.ACT, PromiseStatus.NONE)


def test_a_dispute_resolved_today_no_longer_holds_its_item() -> None:
    resolved = Dispute(
        id="D1", customer_id="C1", invoice_number="INV-1", opened_on=days_ago(9), resolved_on=MONDAY
    )
    d = decide(account(item("INV-1", days_ago(20), "100.00"), disputes=[resolved]))
    assert d.outcome is Outcome.ACT
    assert "items_disputed" not in d.codes
    open_yesterday = decide(
        account(item("INV-1", days_ago(20), "100.00"), disputes=[resolved]), as_of=days_ago(1)
    )
    assert open_yesterday.outcome is Outcome.PAUSED
