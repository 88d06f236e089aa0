"""Tracking a plan: payments applied oldest first, installment statuses, broken plans."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.documents import Payment
from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    ValidationError,
)
from receivables.interop import from_json, structure, to_json, unstructure
from receivables.money import to_minor
from receivables.plans import (
    InstallmentStatus,
    PaymentPlan,
    PlanDecision,
    PlanPolicy,
    PlanStatus,
    PlanTracking,
    evaluate,
    track,
)
from tests.plans import (
    D,
    customer,
    pay,
    plan_of,
    plans_with_payments,
    statuses,
    usd,
)


@given(plans_with_payments())
def test_a_payment_is_never_counted_twice(case: tuple[PaymentPlan, list[Payment], dt.date]) -> None:
    plan, payments, as_of = case
    report = track(plan, payments, as_of, PlanPolicy())
    received = {p.id: to_minor(p.amount) for p in payments if p.effective_date <= as_of}
    counted: dict[str, int] = {}
    for position in report.installments:
        assert to_minor(position.paid) == sum(to_minor(m) for _, m in position.applied)
        assert to_minor(position.paid) + to_minor(position.open) == to_minor(
            position.installment.amount
        )
        for pid, amount in position.applied:
            counted[pid] = counted.get(pid, 0) + to_minor(amount)
    assert all(counted[pid] <= received[pid] for pid in counted)
    assert to_minor(report.paid) + to_minor(report.unapplied) == sum(received.values())
    assert to_minor(report.paid) + to_minor(report.open) == to_minor(plan.total)


@given(plans_with_payments(), st.randoms(use_true_random=False))
def test_tracking_is_deterministic(
    case: tuple[PaymentPlan, list[Payment], dt.date], shuffle: random.Random
) -> None:
    plan, payments, as_of = case
    first = track(plan, payments, as_of, PlanPolicy())
    reordered = list(payments)
    shuffle.shuffle(reordered)
    assert track(plan, reordered, as_of, PlanPolicy()) == first
    assert track(plan, payments, as_of, PlanPolicy()) == first


def test_a_payment_before_the_plan_date_is_not_counted() -> None:
    # The plan's balance is what was owed on the plan date: an earlier payment is already in it.
    plan = plan_of()  # 3 x 300.00 from 2026-02-01, dated 2026-01-01
    early = pay("P0", "300.00", D(2025, 12, 31))
    on_time = pay("P1", "300.00", D(2026, 1, 1))
    report = track(plan, [early, on_time], D(2026, 2, 1), PlanPolicy())
    assert report.paid == usd("300.00")
    assert report.position(1).applied == (("P1", usd("300.00")),)
    assert report.unapplied == usd("0.00")
    assert report.reasons[-1].code == "payments_before_plan_ignored"
    assert report.reasons[-1].data == {"payments": ["P0"]}


def test_installment_statuses_through_time() -> None:
    plan = plan_of()  # 300 due 02-01, 03-01, 04-01; grace 5, missed after 30
    assert statuses(plan, [], D(2026, 1, 20)) == ["upcoming"] * 3
    assert statuses(plan, [], D(2026, 2, 1)) == ["due", "upcoming", "upcoming"]
    assert statuses(plan, [], D(2026, 2, 6)) == ["due", "upcoming", "upcoming"]
    assert statuses(plan, [], D(2026, 2, 7)) == ["late", "upcoming", "upcoming"]
    assert statuses(plan, [], D(2026, 3, 4)) == ["missed", "due", "upcoming"]
    partial = [pay("P1", "100.00", D(2026, 1, 25))]
    assert statuses(plan, partial, D(2026, 1, 30)) == ["partly_paid", "upcoming", "upcoming"]
    assert statuses(plan, partial, D(2026, 2, 10)) == ["late", "upcoming", "upcoming"]
    assert statuses(plan, [pay("P1", "300.00", D(2026, 1, 25))], D(2026, 2, 10))[0] == "paid"


def test_plan_current_in_arrears_and_amount_to_bring_current() -> None:
    plan = plan_of()
    current = track(plan, [pay("P1", "300.00", D(2026, 2, 1))], D(2026, 2, 20), PlanPolicy())
    assert current.outcome is PlanStatus.CURRENT
    assert current.to_bring_current == usd("0.00")
    assert current.reasons[0].code == "installments_on_time"
    arrears = track(plan, [pay("P1", "100.00", D(2026, 2, 1))], D(2026, 3, 10), PlanPolicy())
    assert arrears.outcome is PlanStatus.IN_ARREARS
    assert arrears.to_bring_current == usd("500.00")
    assert arrears.open == usd("800.00")
    first = arrears.position(1)
    assert (first.paid, first.open, first.days_late) == (usd("100.00"), usd("200.00"), 37)
    assert first.applied == (("P1", usd("100.00")),)
    with pytest.raises(ValidationError, match="number"):
        arrears.position(9)


def test_broken_after_missed_installments() -> None:
    plan = plan_of(installments=4)
    report = track(plan, [], D(2026, 4, 1), PlanPolicy(broken_after_days_late=365))
    # 02-01 missed from 03-04, 03-01 missed from 04-01: two missed on 2026-04-01
    assert report.outcome is PlanStatus.BROKEN
    assert report.broken_on == D(2026, 4, 1)
    assert report.reasons[0].code == "missed_installments_limit"
    assert track(plan, [], D(2026, 3, 31), PlanPolicy(broken_after_days_late=365)).outcome is (
        PlanStatus.IN_ARREARS
    )


def test_broken_after_days_late() -> None:
    plan = plan_of(installments=4)
    policy = PlanPolicy(broken_after_missed=10, broken_after_days_late=40)
    report = track(plan, [pay("P1", "50.00", D(2026, 2, 1))], D(2026, 3, 20), policy)
    assert report.outcome is PlanStatus.BROKEN
    assert report.broken_on == D(2026, 3, 14)
    assert report.reasons[0].code == "days_late_limit"


def test_a_broken_plan_stays_broken_until_completed() -> None:
    plan = plan_of()
    catch_up = [pay("P1", "600.00", D(2026, 4, 20))]
    report = track(plan, catch_up, D(2026, 4, 25), PlanPolicy(broken_after_days_late=365))
    assert report.broken_on == D(2026, 4, 1)
    assert report.outcome is PlanStatus.BROKEN
    paid_up = [pay("P1", "900.00", D(2026, 4, 20))]
    done = track(plan, paid_up, D(2026, 4, 25), PlanPolicy())
    assert done.outcome is PlanStatus.COMPLETED
    assert done.reasons[0].code == "all_installments_paid"


def test_overpayment_is_unapplied_and_later_payments_are_ignored() -> None:
    plan = plan_of()
    payments = [pay("P1", "1000.00", D(2026, 2, 1)), pay("P2", "5.00", D(2026, 6, 1))]
    report = track(plan, payments, D(2026, 2, 2), PlanPolicy())
    assert report.outcome is PlanStatus.COMPLETED
    assert report.unapplied == usd("100.00")
    assert [r.code for r in report.reasons] == ["all_installments_paid", "overpayment_unapplied"]
    assert report.position(3).paid_on == D(2026, 2, 1)


def test_payments_apply_oldest_installment_first() -> None:
    plan = plan_of()
    payments = [pay("P2", "400.00", D(2026, 2, 3)), pay("P1", "250.00", D(2026, 2, 1))]
    report = track(plan, payments, D(2026, 3, 2), PlanPolicy())
    assert report.position(1).applied == (("P1", usd("250.00")), ("P2", usd("50.00")))
    assert report.position(2).applied == (("P2", usd("300.00")),)
    assert report.position(3).applied == (("P2", usd("50.00")),)
    assert report.position(1).paid_on == D(2026, 2, 3)


def test_value_date_counts_over_received_date() -> None:
    plan = plan_of()
    late_value = Payment(
        id="P1", amount=usd("300.00"), received_date=D(2026, 2, 1), value_date=D(2026, 3, 5)
    )
    report = track(plan, [late_value], D(2026, 2, 10), PlanPolicy())
    assert report.position(1).status is InstallmentStatus.LATE


def test_track_argument_errors() -> None:
    plan = plan_of()
    with pytest.raises(CurrencyMismatchError):
        track(plan, [pay("P1", "1.00", D(2026, 2, 1), "EUR")], D(2026, 3, 1), PlanPolicy())
    with pytest.raises(DuplicateDocumentError):
        track(plan, [pay("P1", "1.00", D(2026, 2, 1))] * 2, D(2026, 3, 1), PlanPolicy())
    other = Payment(id="P1", amount=usd("1.00"), received_date=D(2026, 2, 1), customer_id="C9")
    with pytest.raises(ValidationError, match=r"payments\[0\].customer_id"):
        track(plan, [other], D(2026, 3, 1), PlanPolicy())
    with pytest.raises(ValidationError, match=r"payments\[0\]"):
        track(plan, ["P1"], D(2026, 3, 1), PlanPolicy())  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="as_of"):
        track(plan, [], "2026-03-01", PlanPolicy())  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="plan"):
        track("PP-1", [], D(2026, 3, 1), PlanPolicy())  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="policy"):
        track(plan, [], D(2026, 3, 1), None)  # type: ignore[arg-type]


def test_plans_decisions_and_tracking_round_trip_through_json() -> None:
    plan = plan_of(
        usd("1000.00"),
        down_payment=usd("100.00"),
        fee=usd("5.00"),
        interest="amortizing",
        annual_rate_percent=Decimal(8),
    )
    assert from_json(to_json(plan), PaymentPlan) == plan
    decision = evaluate(plan, customer(), PlanPolicy())
    assert structure(unstructure(decision), PlanDecision) == decision
    report = track(plan, [pay("P1", "50.00", D(2026, 1, 2))], D(2026, 3, 1), PlanPolicy())
    assert structure(unstructure(report), PlanTracking) == report
    assert structure(unstructure(PlanPolicy()), PlanPolicy) == PlanPolicy()
