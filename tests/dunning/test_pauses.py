"""Pauses: customer status, payment plans, promises to pay and disputes.

Moved from tests/test_dunning.py when dunning became a package; assertions unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from receivables.documents import Dispute, Payment, PromiseToPay
from receivables.dunning import (
    DunningAccount,
    Outcome,
    PromiseStatus,
    WorklistPolicy,
    run,
    worklist,
)
from receivables.errors import ValidationError
from receivables.interop import structure, unstructure
from receivables.money import money
from receivables.promises import PromisePolicy, judge
from tests.dunning import MONDAY, account, customer, days_ago, decide, item, strategy


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


# --- promise outcomes as facts: one definition with receivables.promises ---------------------

GRACE = PromisePolicy(grace_days=3, tolerances=(money("1.00", "USD"),))


def promised(on: dt.date, *items: str) -> PromiseToPay:
    return PromiseToPay(
        id="PTP-7",
        customer_id="C1",
        amount=money("100.00", "USD"),
        promised_date=on,
        taken_on=days_ago(10),
        taken_by="ana",
        items=items,
    )


def paid(amount: str, on: dt.date) -> Payment:
    return Payment(
        id=f"P-{amount}-{on}", customer_id="C1", amount=money(amount, "USD"), received_date=on
    )


@pytest.mark.parametrize(
    "payments",
    [[], [("100.00", 3)], [("99.50", 2)], [("40.00", 3)], [("100.00", -2)]],
    ids=["nothing", "in_full", "within_tolerance", "short", "after_as_of"],
)
@pytest.mark.parametrize("days_after_promise", [-1, 0, 2, 3, 4, 9])
def test_dunning_and_promises_agree_on_every_promise(
    payments: list[tuple[str, int]], days_after_promise: int
) -> None:
    # The customer promised 100.00 USD on the whole account; payments arrive (days before
    # MONDAY) but are not yet applied, so the overdue invoice is still open.
    promise = promised(MONDAY - dt.timedelta(days=days_after_promise))
    received = [paid(amount, days_ago(days)) for amount, days in payments]
    outcome = judge(promise, received, MONDAY, GRACE)
    d = decide(account(item("INV-1", days_ago(40), "100.00"), promise_outcomes=[outcome]))
    assert d.promise is outcome.outcome
    assert (d.outcome is Outcome.PAUSED) == (outcome.outcome is PromiseStatus.PENDING)
    assert ("promise_pending" in d.codes) == (outcome.outcome is PromiseStatus.PENDING)


def test_a_promise_is_no_longer_broken_in_dunning_and_kept_in_promises() -> None:
    # Issue 14: dunning's own reading had no grace period and looked at open items, so a
    # payment received but not yet applied left the promise "broken" in dunning while
    # promises.judge, which counts payments, called it kept.
    promise = promised(days_ago(1), "INV-1")
    overdue = item("INV-1", days_ago(40), "100.00")
    as_taken = decide(account(overdue, promises=[promise]))
    assert (as_taken.outcome, as_taken.promise) == (Outcome.ACT, PromiseStatus.BROKEN)
    outcome = judge(promise, [paid("100.00", days_ago(1))], MONDAY, GRACE)
    assert outcome.outcome is PromiseStatus.KEPT
    as_judged = decide(account(overdue, promise_outcomes=[outcome]))
    assert as_judged.promise is PromiseStatus.KEPT
    assert as_judged.outcome is Outcome.ACT  # the invoice is open until the payment is applied
    # and within the grace days nothing paid is still pending, in both
    waiting = judge(promise, [], MONDAY, GRACE)
    assert waiting.outcome is PromiseStatus.PENDING
    d = decide(account(overdue, promise_outcomes=[waiting]))
    assert (d.outcome, d.promise) == (Outcome.PAUSED, PromiseStatus.PENDING)
    assert d.reasons[0].data["items"] == ["INV-1"]


def test_a_pending_promise_on_the_account_names_its_grace_deadline() -> None:
    outcome = judge(promised(days_ago(1)), [], MONDAY, GRACE)
    d = decide(account(item("INV-1", days_ago(40), "100.00"), promise_outcomes=[outcome]))
    reason = d.reasons[0]
    assert reason.code == "promise_pending"
    assert reason.data["deadline"] == (days_ago(1) + dt.timedelta(days=3)).isoformat()
    assert "with grace" in reason.message


def test_promise_outcomes_are_validated() -> None:
    outcome = judge(promised(days_ago(1)), [], MONDAY, GRACE)
    with pytest.raises(ValidationError, match=r"dunning_account.promise_outcomes\[0\]"):
        account(promise_outcomes=[promised(days_ago(1))])
    with pytest.raises(ValidationError, match=r"promise_outcomes\[0\].promise.customer_id"):
        DunningAccount(customer=customer("C2"), promise_outcomes=[outcome])
    with pytest.raises(ValidationError, match=r"promise_outcomes\[0\].promise.id"):
        account(promises=[promised(days_ago(1))], promise_outcomes=[outcome])
    with pytest.raises(ValidationError, match=r"dunning_account.promise_outcomes"):
        account(promise_outcomes=5)
    judged_earlier = judge(promised(days_ago(1)), [], days_ago(1), GRACE)
    with pytest.raises(ValidationError, match=r"promise_outcomes\[0\].as_of"):
        decide(account(item("INV-1", days_ago(40), "100.00"), promise_outcomes=[judged_earlier]))


def test_an_account_with_promise_outcomes_round_trips_as_json() -> None:
    outcome = judge(promised(days_ago(1), "INV-1"), [paid("40.00", days_ago(2))], MONDAY, GRACE)
    acct = account(item("INV-1", days_ago(40), "100.00"), promise_outcomes=[outcome])
    assert structure(unstructure(acct), DunningAccount) == acct


def test_worklist_points_for_kept_and_partly_kept_promises() -> None:
    short = judge(promised(days_ago(9)), [paid("40.00", days_ago(9))], MONDAY, GRACE)
    kept = judge(promised(days_ago(9)), [paid("100.00", days_ago(9))], MONDAY, GRACE)
    assert (short.outcome, kept.outcome) == (PromiseStatus.PARTLY_KEPT, PromiseStatus.KEPT)
    policy = WorklistPolicy()
    for outcome, points in ((short, policy.broken_promise_points), (kept, Decimal(0))):
        acct = account(item("INV-1", days_ago(40), "100.00"), promise_outcomes=[outcome])
        entry = worklist(run([acct], as_of=MONDAY, strategy=strategy()))[0]
        assert entry.promise is outcome.outcome
        assert Decimal(entry.reasons[2].data["points"]) == points
