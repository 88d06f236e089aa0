"""Does a proposed plan pass the policy, and who must sign it?

:func:`evaluate` runs each rule of the policy as a small function returning
its :class:`~receivables.decisions.Reason` or nothing (the customer's status,
installments and term over the risk class's limits, the minimum down payment
and installment, the balance against the analyst limit and the approval
tiers), then gathers them: a rejection rejects; an exception needs the
policy's ``exception_level`` (rejected without one); the balance's tier and
the exception level, whichever is higher, signs.

>>> [member.value for member in PlanOutcome]
['approved', 'needs_approval', 'rejected']
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from decimal import ROUND_HALF_UP
from typing import Final

import attrs

from receivables.decisions import Reason
from receivables.documents import (
    Customer,
    CustomerStatus,
)
from receivables.errors import (
    CurrencyMismatchError,
    ValidationError,
)
from receivables.money import Money, from_minor, to_minor
from receivables.plans.amortization import _round
from receivables.plans.policy import PlanPolicy, RiskLimit
from receivables.plans.schedule import PaymentPlan

__all__ = [
    "PlanDecision",
    "PlanOutcome",
    "evaluate",
]


class PlanOutcome(enum.StrEnum):
    """What the policy says about a proposed plan.

    >>> [member.value for member in PlanOutcome]
    ['approved', 'needs_approval', 'rejected']
    """

    APPROVED = "approved"
    NEEDS_APPROVAL = "needs_approval"
    REJECTED = "rejected"


@attrs.frozen(kw_only=True)
class PlanDecision:
    """Approved, needs approval at ``approval_level``, or rejected, with the rules that fired.

    >>> from receivables.money import money
    >>> import datetime as dt
    >>> from receivables.plans import PlanTerms, build_plan
    >>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=3)
    >>> plan = build_plan(money("300.00", "USD"), terms, plan_id="PP-4",
    ...                   customer_id="C1", plan_date=dt.date(2026, 1, 1))
    >>> decision = evaluate(plan, Customer(id="C1", name="Acme"), PlanPolicy())
    >>> decision.outcome, decision.approval_level, decision.total
    (<PlanOutcome.APPROVED: 'approved'>, None, Money('300.00', 'USD'))
    """

    plan_id: str
    outcome: PlanOutcome
    approval_level: str | None
    balance: Money
    down_payment: Money
    total: Money
    installment_count: int
    term_days: int
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str


def evaluate(
    plan: PaymentPlan, customer: Customer, policy: PlanPolicy | None = None
) -> PlanDecision:
    """What ``policy`` says about ``plan`` for ``customer``: approve, escalate, or reject.

    ``policy`` defaults to :class:`~receivables.plans.policy.PlanPolicy` ``()``. There is
    no ``as_of``: a proposed plan is judged as it stands, dated by its ``plan_date``.

    >>> from receivables.money import money
    >>> import datetime as dt
    >>> from receivables.plans import PlanTerms, build_plan
    >>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=18)
    >>> plan = build_plan(money("30000.00", "USD"), terms, plan_id="PP-3",
    ...                   customer_id="C1", plan_date=dt.date(2026, 1, 1))
    >>> customer = Customer(id="C1", name="Acme")
    >>> decision = evaluate(plan, customer, PlanPolicy(exception_level="team_lead"))
    >>> decision.outcome, decision.approval_level
    (<PlanOutcome.NEEDS_APPROVAL: 'needs_approval'>, 'credit_manager')
    >>> [reason.code for reason in decision.reasons]
    ['installments_over_limit', 'term_over_limit', 'above_analyst_limit']
    """
    policy = PlanPolicy() if policy is None else policy
    _check_arguments(plan, customer, policy)
    levels = [tier.level for tier in policy.approval_tiers]
    rejections = [r for r in (_customer_not_active(customer),) if r is not None]
    limit = policy.limit_for(customer.risk_class)
    exceptions = [
        reason for rule in _EXCEPTION_RULES if (reason := rule(plan, limit, policy)) is not None
    ]
    tier, finding = _amount_tier(plan, policy, levels)
    notes: list[Reason] = []
    needed: list[int] = []
    if tier is None and finding.code == "above_approval_tiers":
        rejections.append(finding)
    else:
        notes.append(finding)
        if tier is not None:
            needed.append(tier)
    if exceptions:
        if policy.exception_level is None:
            rejections.extend(
                [*exceptions, Reason("no_exception_approver", "The policy allows no exceptions.")]
            )
            exceptions = []
        else:
            needed.append(levels.index(policy.exception_level))
    if rejections:
        outcome, level = PlanOutcome.REJECTED, None
        reasons = tuple(rejections)
    elif needed:
        outcome, level = PlanOutcome.NEEDS_APPROVAL, levels[max(needed)]
        reasons = (*exceptions, *notes)
    else:
        outcome, level = PlanOutcome.APPROVED, None
        reasons = tuple(notes)
    return PlanDecision(
        plan_id=plan.id,
        outcome=outcome,
        approval_level=level,
        balance=plan.balance,
        down_payment=plan.down_payment,
        total=plan.total,
        installment_count=plan.installment_count,
        term_days=plan.term_days,
        reasons=reasons,
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _check_arguments(plan: object, customer: object, policy: object) -> None:
    if not isinstance(plan, PaymentPlan):
        raise ValidationError("plan", plan, "a PaymentPlan")
    if not isinstance(customer, Customer):
        raise ValidationError("customer", customer, "a Customer")
    if not isinstance(policy, PlanPolicy):
        raise ValidationError("policy", policy, "a PlanPolicy")
    if customer.id != plan.customer_id:
        raise ValidationError(
            "customer.id", customer.id, f"the plan's customer {plan.customer_id!r}"
        )
    if plan.currency != policy.currency:
        raise CurrencyMismatchError(
            "evaluate a plan under a policy in", plan.currency, policy.currency
        )


# --- the rules: each returns its Reason, or None when it does not fire ----------------------


def _customer_not_active(customer: Customer) -> Reason | None:
    """A rejection: plans are for active customers."""
    if customer.status is CustomerStatus.ACTIVE:
        return None
    return Reason(
        "customer_not_active",
        f"Customer status is {customer.status.value}; plans are for active customers.",
        {"status": customer.status.value},
    )


def _installments_over_limit(
    plan: PaymentPlan, limit: RiskLimit, policy: PlanPolicy
) -> Reason | None:
    """An exception: more installments than the risk class allows."""
    count = plan.installment_count
    if count <= limit.max_installments:
        return None
    return Reason(
        "installments_over_limit",
        f"{count} installments; risk class {limit.risk_class!r} allows {limit.max_installments}.",
        {
            "installments": count,
            "max_installments": limit.max_installments,
            "risk_class": limit.risk_class,
        },
    )


def _term_over_limit(plan: PaymentPlan, limit: RiskLimit, policy: PlanPolicy) -> Reason | None:
    """An exception: a longer term than the risk class allows."""
    if plan.term_days <= limit.max_term_days:
        return None
    return Reason(
        "term_over_limit",
        f"A term of {plan.term_days} days; risk class {limit.risk_class!r} allows "
        f"{limit.max_term_days}.",
        {
            "term_days": plan.term_days,
            "max_term_days": limit.max_term_days,
            "risk_class": limit.risk_class,
        },
    )


def _down_payment_below_minimum(
    plan: PaymentPlan, limit: RiskLimit, policy: PlanPolicy
) -> Reason | None:
    """An exception: a down payment below the policy's share of the balance (half-up)."""
    minimum_down = _round(
        to_minor(plan.balance) * policy.min_down_payment_percent / 100, ROUND_HALF_UP
    )
    if to_minor(plan.down_payment) >= minimum_down:
        return None
    minimum = from_minor(minimum_down, plan.currency).amount
    return Reason(
        "down_payment_below_minimum",
        f"Down payment {plan.down_payment.amount} is below the minimum "
        f"{minimum} ({policy.min_down_payment_percent}%).",
        {"down_payment": str(plan.down_payment.amount), "minimum": str(minimum)},
    )


def _installment_below_minimum(
    plan: PaymentPlan, limit: RiskLimit, policy: PlanPolicy
) -> Reason | None:
    """An exception: a regular installment below the minimum (the last may be smaller)."""
    if policy.min_installment is None:
        return None
    regular = [i for i in plan.installments if not i.is_down_payment]
    checked = regular[:-1] or regular  # the last carries the remainder and may be smaller
    smallest = min(checked, key=lambda i: (i.amount.amount, i.number))
    if smallest.amount >= policy.min_installment:
        return None
    return Reason(
        "installment_below_minimum",
        f"Installment {smallest.number} is {smallest.amount.amount}; the minimum is "
        f"{policy.min_installment.amount}.",
        {
            "installment": smallest.number,
            "amount": str(smallest.amount.amount),
            "minimum": str(policy.min_installment.amount),
        },
    )


_EXCEPTION_RULES: Final = (
    _installments_over_limit,
    _term_over_limit,
    _down_payment_below_minimum,
    _installment_below_minimum,
)
"""The rules a plan may break only with the exception level's signature, in reporting order."""


def _amount_tier(
    plan: PaymentPlan, policy: PlanPolicy, levels: Sequence[str]
) -> tuple[int | None, Reason]:
    """The tier that signs the balance (None within the analyst limit or above every tier).

    The reason is a note (``within_analyst_limit``, ``above_analyst_limit``) or,
    above every tier, the rejection ``above_approval_tiers``.
    """
    balance = str(plan.balance.amount)
    if plan.balance <= policy.analyst_limit:
        return None, Reason(
            "within_analyst_limit",
            f"Balance {balance} is within the analyst limit {policy.analyst_limit.amount}.",
            {"balance": balance, "limit": str(policy.analyst_limit.amount)},
        )
    for index, tier in enumerate(policy.approval_tiers):
        if tier.up_to is None or plan.balance <= tier.up_to:
            return index, Reason(
                "above_analyst_limit",
                f"Balance {balance} is above the analyst limit "
                f"{policy.analyst_limit.amount}; {levels[index]} signs it.",
                {"balance": balance, "level": levels[index]},
            )
    return None, Reason(
        "above_approval_tiers",
        f"Balance {balance} is above every approval tier.",
        {"balance": balance},
    )
