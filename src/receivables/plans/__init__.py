"""How can this customer pay what is owed over time, and is the agreement being kept?

A *payment plan* turns a balance (or a set of open invoices) into a down
payment and a schedule of installments; a :class:`~receivables.plans.policy.PlanPolicy` says which plans
an analyst may sign alone, which need a higher level, and which are refused;
tracking reads the payments received as of a date and says where each
installment and the plan stand; a broken plan is renegotiated into a new one.

One module per step, every public name importable from here:

- :mod:`receivables.plans.dates`: when installments fall due (frequencies,
  business-day adjusters).
- :mod:`receivables.plans.amortization`: principal and interest per
  installment (none, flat, amortizing), in exact minor units.
- :mod:`receivables.plans.schedule`: the agreed terms, the installments and
  the plan, and :func:`~receivables.plans.schedule.build_plan`.
- :mod:`receivables.plans.policy`: risk-class limits, approval tiers and the
  tracking thresholds.
- :mod:`receivables.plans.approval`: :func:`~receivables.plans.approval.evaluate`, approve, escalate or
  reject.
- :mod:`receivables.plans.tracking`: :func:`~receivables.plans.tracking.track`, where each installment
  and the plan stand on ``as_of``.
- :mod:`receivables.plans.renegotiation`: :func:`~receivables.plans.renegotiation.carried_balance` and
  :func:`~receivables.plans.renegotiation.renegotiate`.

Day counts: *30/360* (the US bond basis of ISDA 2006 §4.16(f)) and
*actual/365* (fixed), of the one :class:`~receivables.daycount.DayCount`
(:data:`~receivables.plans.dates.PLAN_DAY_COUNTS`).

>>> import datetime as dt
>>> from decimal import Decimal
>>> from receivables.money import money
>>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 15), installments=3,
...                   down_payment_percent=Decimal("10"))
>>> plan = build_plan(money("1000.00", "USD"), terms, plan_id="PP-1",
...                   customer_id="C1", plan_date=dt.date(2026, 1, 15))
>>> [(i.number, str(i.due_date), str(i.amount.amount)) for i in plan.installments]
[(0, '2026-01-15', '100.00'), (1, '2026-02-15', '300.00'), (2, '2026-03-15', '300.00'), (3, '2026-04-15', '300.00')]
"""

from receivables.daycount import DayCount, year_fraction
from receivables.documents import PlanStatus
from receivables.plans.amortization import InterestMethod
from receivables.plans.approval import PlanDecision, PlanOutcome, evaluate
from receivables.plans.dates import (
    MAX_INSTALLMENTS,
    PLAN_DAY_COUNTS,
    BusinessDayAdjuster,
    CalendarAdjuster,
    Frequency,
    due_dates,
)
from receivables.plans.policy import ApprovalTier, PlanPolicy, RiskLimit
from receivables.plans.renegotiation import carried_balance, renegotiate
from receivables.plans.schedule import (
    FeeTreatment,
    Installment,
    PaymentPlan,
    PlanTerms,
    build_plan,
)
from receivables.plans.tracking import (
    InstallmentPosition,
    InstallmentStatus,
    PlanTracking,
    track,
)

__all__ = [
    "MAX_INSTALLMENTS",
    "PLAN_DAY_COUNTS",
    "ApprovalTier",
    "BusinessDayAdjuster",
    "CalendarAdjuster",
    "DayCount",
    "FeeTreatment",
    "Frequency",
    "Installment",
    "InstallmentPosition",
    "InstallmentStatus",
    "InterestMethod",
    "PaymentPlan",
    "PlanDecision",
    "PlanOutcome",
    "PlanPolicy",
    "PlanStatus",
    "PlanTerms",
    "PlanTracking",
    "RiskLimit",
    "build_plan",
    "carried_balance",
    "due_dates",
    "evaluate",
    "renegotiate",
    "track",
    "year_fraction",
]
