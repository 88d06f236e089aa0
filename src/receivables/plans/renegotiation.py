"""What does a broken plan leave open, and what new plan replaces it?

:func:`renegotiate` builds a new plan that ``replaces`` a broken or
in-arrears one, for the open principal plus the interest and fees of
installments already due (:func:`carried_balance`); interest not yet due is
dropped and what was paid stays paid, so
``paid + carried + dropped = old total`` and nothing is counted twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from receivables.documents import (
    Payment,
    PlanStatus,
)
from receivables.errors import (
    ValidationError,
)
from receivables.money import Money, from_minor, to_minor
from receivables.plans.dates import BusinessDayAdjuster
from receivables.plans.policy import PlanPolicy
from receivables.plans.schedule import Installment, PaymentPlan, PlanTerms, build_plan
from receivables.plans.tracking import PlanTracking, track

__all__ = [
    "carried_balance",
    "renegotiate",
]


def _open_parts(installment: Installment, paid: int) -> tuple[int, int, int]:
    """Open (fee, interest, principal) after ``paid``, applied fee, then interest, then principal."""
    open_parts = []
    for part in (installment.fee, installment.interest, installment.principal):
        units = to_minor(part)
        take = min(units, paid)
        paid -= take
        open_parts.append(units - take)
    fee, interest, principal = open_parts
    return fee, interest, principal


def carried_balance(tracking: PlanTracking) -> Money:
    """What a renegotiation carries: open principal, plus open interest and fees already due.

    Interest and fees of installments not yet due were not earned and are
    dropped; what was paid stays paid. So ``paid + carried + dropped`` is the
    old plan's total, and nothing is counted twice.

    >>> from receivables.money import money
    >>> from decimal import Decimal
    >>> from receivables.plans import PlanTerms, build_plan
    >>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=2,
    ...                   interest="flat", annual_rate_percent=Decimal("12"))
    >>> plan = build_plan(money("1000.00", "USD"), terms, plan_id="PP-5",
    ...                   customer_id="C1", plan_date=dt.date(2026, 1, 1))
    >>> [str(i.amount.amount) for i in plan.installments]
    ['510.00', '510.00']
    >>> carried_balance(track(plan, [], dt.date(2026, 2, 20), PlanPolicy()))
    Money('1010.00', 'USD')
    """
    if not isinstance(tracking, PlanTracking):
        raise ValidationError("tracking", tracking, "a PlanTracking from plans.track")
    units = 0
    for position in tracking.installments:
        fee, interest, principal = _open_parts(position.installment, to_minor(position.paid))
        units += principal
        if position.installment.due_date <= tracking.as_of:
            units += fee + interest
    return from_minor(units, tracking.paid.code)


def renegotiate(
    plan: PaymentPlan,
    payments: Iterable[Payment],
    as_of: dt.date,
    terms: PlanTerms,
    policy: PlanPolicy | None = None,
    *,
    plan_id: str,
    adjuster: BusinessDayAdjuster | None = None,
) -> PaymentPlan:
    """A new plan, dated ``as_of``, for what a broken (or in-arrears) plan leaves open.

    ``policy`` defaults to :class:`~receivables.plans.policy.PlanPolicy` ``()``.
    The new plan's balance is :func:`carried_balance` and it ``replaces`` the
    old plan. Payments dated on or before ``as_of`` belong to the old plan and
    later ones to the new plan; :func:`~receivables.plans.tracking.track` applies that split itself, so the
    same list of payments may be given to both plans without counting any twice.

    >>> from receivables.money import money
    >>> from decimal import Decimal
    >>> from receivables.plans import PlanTerms, build_plan
    >>> old = build_plan(money("900.00", "USD"),
    ...     PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=3),
    ...     plan_id="PP-6", customer_id="C1", plan_date=dt.date(2026, 1, 1))
    >>> new = renegotiate(old, [], dt.date(2026, 4, 15),
    ...     PlanTerms(first_due_date=dt.date(2026, 5, 1), installments=6), PlanPolicy(),
    ...     plan_id="PP-7")
    >>> new.balance, new.replaces, len(new.installments)
    (Money('900.00', 'USD'), 'PP-6', 6)
    """
    tracking = track(plan, payments, as_of, PlanPolicy() if policy is None else policy)
    if tracking.outcome not in (PlanStatus.BROKEN, PlanStatus.IN_ARREARS):
        raise ValidationError(
            "plan.status", tracking.outcome.value, "a broken or in-arrears plan to renegotiate"
        )
    if plan_id == plan.id:
        raise ValidationError("plan_id", plan_id, f"a new id, not the old plan's {plan.id!r}")
    return build_plan(
        carried_balance(tracking),
        terms,
        plan_id=plan_id,
        customer_id=plan.customer_id,
        plan_date=as_of,
        adjuster=adjuster,
        replaces=plan.id,
    )
