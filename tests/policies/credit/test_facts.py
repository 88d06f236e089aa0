"""Credit facts and temporary increases: validated on construction."""

from __future__ import annotations

import datetime as dt

import pytest

from receivables.errors import ValidationError
from receivables.policies.credit import (
    CreditFacts,
    TemporaryIncrease,
)
from tests.policies.credit import (
    AS_OF,
    usd,
)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"customer_id": ""}, "customer_id"),
        ({"unbilled_orders": usd("-1")}, "unbilled_orders"),
        ({"plan_balance": 5}, "plan_balance"),
        ({"plan_standing": "late"}, "plan_standing"),
        ({"average_days_to_pay": 1.5}, "average_days_to_pay"),
        ({"average_days_to_pay": "-1"}, "average_days_to_pay"),
        ({"average_days_to_pay": "soon"}, "average_days_to_pay"),
        ({"paid_invoices": -1}, "paid_invoices"),
        ({"bureau_adverse": "no"}, "bureau_adverse"),
        ({"bureau_score": "700"}, "bureau_score"),
        ({"temporary_increases": [1]}, r"temporary_increases\[0\]"),
    ],
)
def test_credit_facts_errors(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"customer_id": "C1", **changes}
    with pytest.raises(ValidationError, match=rf"credit_facts\.{field}"):
        CreditFacts(**values)  # type: ignore[arg-type]


def test_temporary_increase_errors() -> None:
    with pytest.raises(ValidationError, match=r"temporary_increase\.amount"):
        TemporaryIncrease(amount=usd("0"), expires_on=AS_OF)
    with pytest.raises(ValidationError, match=r"temporary_increase\.expires_on"):
        TemporaryIncrease(amount=usd("1"), starts_on=AS_OF, expires_on=AS_OF - dt.timedelta(1))
    with pytest.raises(ValidationError, match=r"temporary_increase\.starts_on"):
        TemporaryIncrease(amount=usd("1"), starts_on="today", expires_on=AS_OF)  # type: ignore[arg-type]


def test_plan_standing_reads_the_plans_engine_status() -> None:
    from receivables.documents import PlanStatus
    from receivables.policies.credit import PlanStanding

    assert [PlanStanding.of(status) for status in (None, *PlanStatus)] == [
        PlanStanding.NONE,
        PlanStanding.CURRENT,  # current
        PlanStanding.CURRENT,  # in arrears: late, not broken by the plan's rules
        PlanStanding.BROKEN,
        PlanStanding.NONE,  # completed: no plan any more
    ]
    facts = CreditFacts(customer_id="C1", plan_standing=PlanStatus.BROKEN)
    assert facts.plan_standing is PlanStanding.BROKEN
    with pytest.raises(ValidationError, match=r"^status: got 'broken'"):
        PlanStanding.of("broken")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"credit_facts\.plan_standing"):
        CreditFacts(customer_id="C1", plan_standing="in_arrears")


def test_a_broken_plan_tracked_by_plans_holds_the_order() -> None:
    from receivables.documents import Customer
    from receivables.plans import PlanPolicy, PlanTerms, build_plan, track
    from receivables.policies.credit import OrderRequest, evaluate_order

    plan = build_plan(
        usd("900.00"),
        PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=3),
        plan_id="PP-1",
        customer_id="C1",
        plan_date=dt.date(2026, 1, 1),
    )
    outcome = track(plan, [], as_of=AS_OF, policy=PlanPolicy()).outcome
    facts = CreditFacts(customer_id="C1", plan_standing=outcome)
    order = OrderRequest(id="SO-1", customer_id="C1", amount=usd("10"), date=AS_OF)
    customer = Customer(id="C1", name="Acme", credit_limit=usd("10000"))
    decision = evaluate_order(order, customer, [], as_of=AS_OF, facts=facts)
    assert decision.holds == ("broken_plan",)
