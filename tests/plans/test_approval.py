"""Evaluating a plan: approve, escalate or reject, with the rules that fired."""

from __future__ import annotations

from decimal import Decimal

import pytest

from receivables.decisions import Decision, Policy
from receivables.documents import Customer
from receivables.errors import (
    CurrencyMismatchError,
    ValidationError,
)
from receivables.interop import from_json, to_json
from receivables.money import money
from receivables.plans import (
    ApprovalTier,
    PlanOutcome,
    PlanPolicy,
    RiskLimit,
    evaluate,
    track,
)
from tests.plans import (
    D,
    customer,
    plan_of,
    usd,
)


def test_small_plan_within_limits_is_approved() -> None:
    decision = evaluate(plan_of(), customer(), PlanPolicy())
    assert decision.outcome is PlanOutcome.APPROVED
    assert decision.approval_level is None
    assert [r.code for r in decision.reasons] == ["within_analyst_limit"]
    assert (decision.policy_id, decision.policy_version) == ("payment-plans", "1")
    assert (decision.installment_count, decision.term_days) == (3, 90)
    assert (decision.balance, decision.down_payment, decision.total) == (
        usd("900.00"),
        usd("0.00"),
        usd("900.00"),
    )
    assert isinstance(decision, Decision)
    assert isinstance(PlanPolicy(), Policy)
    assert isinstance(track(plan_of(), [], D(2026, 1, 1), PlanPolicy()), Decision)


@pytest.mark.parametrize(
    ("balance", "level"),
    [
        ("5000.01", "team_lead"),
        ("25000.00", "team_lead"),
        ("99999.00", "credit_manager"),
        ("5000000.00", "cfo"),
    ],
)
def test_approval_tiers_above_the_analyst_limit(balance: str, level: str) -> None:
    decision = evaluate(plan_of(usd(balance)), customer(), PlanPolicy())
    assert decision.outcome is PlanOutcome.NEEDS_APPROVAL
    assert decision.approval_level == level
    assert [r.code for r in decision.reasons] == ["above_analyst_limit"]


def test_above_every_tier_is_rejected() -> None:
    policy = PlanPolicy(approval_tiers=[ApprovalTier(level="lead", up_to=usd("10000.00"))])
    decision = evaluate(plan_of(usd("10000.01")), customer(), policy)
    assert decision.outcome is PlanOutcome.REJECTED
    assert [r.code for r in decision.reasons] == ["above_approval_tiers"]


def test_term_over_the_policy_without_an_exception_approver_is_rejected() -> None:
    policy = PlanPolicy(limits=[RiskLimit(risk_class="high", max_installments=6, max_term_days=60)])
    decision = evaluate(plan_of(), customer(risk_class="high"), policy)
    assert decision.outcome is PlanOutcome.REJECTED
    assert [r.code for r in decision.reasons] == ["term_over_limit", "no_exception_approver"]
    assert decision.reasons[0].data["max_term_days"] == 60


def test_term_over_the_policy_needs_the_exception_level() -> None:
    policy = PlanPolicy(
        limits=[RiskLimit(risk_class="high", max_installments=2, max_term_days=60)],
        exception_level="credit_manager",
    )
    decision = evaluate(plan_of(), customer(risk_class="high"), policy)
    assert decision.outcome is PlanOutcome.NEEDS_APPROVAL
    assert decision.approval_level == "credit_manager"
    assert [r.code for r in decision.reasons] == [
        "installments_over_limit",
        "term_over_limit",
        "within_analyst_limit",
    ]


def test_the_higher_of_amount_tier_and_exception_level_signs() -> None:
    policy = PlanPolicy(max_installments=2, exception_level="team_lead")
    decision = evaluate(plan_of(usd("30000.00")), customer(), policy)
    assert decision.approval_level == "credit_manager"


def test_down_payment_and_minimum_installment_rules() -> None:
    policy = PlanPolicy(min_down_payment_percent=Decimal(20), min_installment=usd("400.00"))
    decision = evaluate(plan_of(usd("1000.00"), down_payment=usd("100.00")), customer(), policy)
    assert decision.outcome is PlanOutcome.REJECTED
    assert [r.code for r in decision.reasons][:2] == [
        "down_payment_below_minimum",
        "installment_below_minimum",
    ]
    ok = evaluate(
        plan_of(usd("1000.00"), down_payment=usd("200.00"), installments=2), customer(), policy
    )
    assert ok.outcome is PlanOutcome.APPROVED


def test_minimum_installment_ignores_the_smaller_last_installment() -> None:
    policy = PlanPolicy(min_installment=usd("300.00"))
    plan = plan_of(usd("1000.00"), installment_amount=usd("300.00"))
    assert evaluate(plan, customer(), policy).outcome is PlanOutcome.APPROVED


def test_inactive_customer_is_rejected() -> None:
    decision = evaluate(plan_of(), customer(status="bankrupt"), PlanPolicy())
    assert decision.outcome is PlanOutcome.REJECTED
    assert decision.reasons[0].code == "customer_not_active"


def test_evaluate_argument_errors() -> None:
    plan = plan_of()
    with pytest.raises(ValidationError, match=r"customer.id"):
        evaluate(plan, Customer(id="C2", name="Other"), PlanPolicy())
    with pytest.raises(CurrencyMismatchError):
        evaluate(plan_of(money("900.00", "EUR")), customer(), PlanPolicy())
    with pytest.raises(ValidationError, match="plan"):
        evaluate("plan", customer(), PlanPolicy())  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="customer"):
        evaluate(plan, "C1", PlanPolicy())  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="policy"):
        evaluate(plan, customer(), {})  # type: ignore[arg-type]


def test_a_full_policy_round_trips_through_json_and_replays_the_decision() -> None:
    policy = PlanPolicy(
        id="plans-emea",
        version="3",
        currency="EUR",
        limits=[RiskLimit(risk_class="high", max_installments=4, max_term_days=120)],
        max_installments=10,
        max_term_days=300,
        min_down_payment_percent=Decimal("12.5"),
        min_installment=money("50.00", "EUR"),
        analyst_limit=money("2000.00", "EUR"),
        approval_tiers=[
            ApprovalTier(level="lead", up_to=money("9000.00", "EUR")),
            ApprovalTier(level="cfo"),
        ],
        exception_level="cfo",
        grace_days=3,
        missed_after_days=20,
        broken_after_missed=3,
        broken_after_days_late=45,
    )
    stored = to_json(policy)
    assert from_json(stored, PlanPolicy) == policy
    plan = plan_of(money("3000.00", "EUR"), installments=6, down_payment_percent=Decimal(10))
    decision = evaluate(plan, customer(), from_json(stored, PlanPolicy))
    assert decision == evaluate(plan, customer(), policy)
    assert (decision.policy_id, decision.policy_version) == ("plans-emea", "3")
    assert [reason.code for reason in decision.reasons] == [
        "down_payment_below_minimum",
        "above_analyst_limit",
    ]
    assert decision.approval_level == "cfo"
