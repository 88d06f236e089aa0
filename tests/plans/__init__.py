"""Payment plans, one test file per module of receivables.plans; the builders they share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from receivables.documents import Customer, Payment
from receivables.money import Money, from_minor, money, to_minor
from receivables.plans import (
    BusinessDayAdjuster,
    PaymentPlan,
    PlanPolicy,
    PlanTerms,
    build_plan,
    track,
)
from tests.strategies import plan_requests

D = dt.date
USD = "USD"
START = D(2026, 1, 1)


def usd(amount: str) -> Money:
    return money(amount, USD)


def plan_of(
    balance: Money | list[Any] | None = None,
    *,
    plan_date: dt.date = START,
    plan_id: str = "PP-1",
    customer_id: str = "C1",
    adjuster: BusinessDayAdjuster | None = None,
    **terms: Any,
) -> PaymentPlan:
    terms.setdefault("first_due_date", D(2026, 2, 1))
    if "installment_amount" not in terms:
        terms.setdefault("installments", 3)
    return build_plan(
        balance if balance is not None else usd("900.00"),
        PlanTerms(**terms),
        plan_id=plan_id,
        customer_id=customer_id,
        plan_date=plan_date,
        adjuster=adjuster,
    )


def pay(pid: str, amount: str, on: dt.date, currency: str = USD) -> Payment:
    return Payment(id=pid, amount=money(amount, currency), received_date=on)


def amounts(plan: PaymentPlan) -> list[str]:
    return [str(i.amount.amount) for i in plan.installments]


class WeekendToMonday:
    """A tiny business-day adjuster: Saturday and Sunday move to the next Monday."""

    def adjust(self, day: dt.date) -> dt.date:
        return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


class AllToFirstOfYear:
    """A broken adjuster that collapses every date onto one day."""

    def adjust(self, day: dt.date) -> dt.date:
        return D(day.year, 12, 31)


def build_from(request: dict[str, Any], adjuster: BusinessDayAdjuster | None = None) -> PaymentPlan:
    return build_plan(
        request["balance"],
        PlanTerms(**request["terms"]),
        plan_id="PP-H",
        customer_id="C1",
        plan_date=request["plan_date"],
        adjuster=adjuster,
    )


@st.composite
def plans_with_payments(draw: st.DrawFn) -> tuple[PaymentPlan, list[Payment], dt.date]:
    request = draw(plan_requests(USD))
    plan = build_from(request)
    total = to_minor(plan.total)
    count = draw(st.integers(0, 8))
    payments = [
        Payment(
            id=f"P{index}",
            amount=from_minor(draw(st.integers(1, max(1, total // 2))), USD),
            received_date=plan.plan_date + dt.timedelta(days=draw(st.integers(0, 800))),
        )
        for index in range(count)
    ]
    as_of = plan.plan_date + dt.timedelta(days=draw(st.integers(0, 900)))
    return plan, payments, as_of


def customer(**changes: Any) -> Customer:
    return Customer(id="C1", name="Acme", **changes)


def statuses(
    plan: PaymentPlan, payments: list[Payment], as_of: dt.date, **policy: Any
) -> list[str]:
    report = track(plan, payments, as_of, PlanPolicy(**policy))
    return [p.status.value for p in report.installments]
