"""Is the customer keeping the plan, installment by installment, on a given day?

Payments dated from the plan date through ``as_of`` are taken in date order
(then by id) and applied to the oldest open installment first, inside an
installment to its fee, then interest, then principal; no payment is ever
counted beyond its amount, and what is left over is *unapplied*. A payment
dated before the plan date is not counted (the plan's balance is already net
of it; reason ``payments_before_plan_ignored``), nor, for a plan that
``replaces`` another, one dated on its plan date: the old plan took it.

Each installment is ``paid``, ``partly_paid`` (something paid, not yet late),
``upcoming``, ``due`` (due, inside the grace days), ``late`` (past the grace
days) or ``missed`` (more than ``missed_after_days`` late). The plan is
``completed`` when everything is paid; ``broken`` from the first day on which
``broken_after_missed`` installments were missed or one installment was more
than ``broken_after_days_late`` days late (it stays broken until completed or
renegotiated); ``in_arrears`` while any installment is late or missed;
``current`` otherwise.

>>> [member.value for member in InstallmentStatus]
['paid', 'partly_paid', 'upcoming', 'due', 'late', 'missed']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence

import attrs

from receivables.decisions import Reason
from receivables.documents import (
    Payment,
    PlanStatus,
)
from receivables.errors import (
    DuplicateDocumentError,
    ValidationError,
)
from receivables.money import Money, from_minor, to_minor
from receivables.plans.policy import PlanPolicy
from receivables.plans.schedule import Installment, PaymentPlan, _same_currency
from receivables.validators import (
    check_date,
)

__all__ = [
    "InstallmentPosition",
    "InstallmentStatus",
    "PlanTracking",
    "track",
]


class InstallmentStatus(enum.StrEnum):
    """Where one installment stands as of a date.

    >>> [member.value for member in InstallmentStatus]
    ['paid', 'partly_paid', 'upcoming', 'due', 'late', 'missed']
    """

    PAID = "paid"
    PARTLY_PAID = "partly_paid"
    UPCOMING = "upcoming"
    DUE = "due"
    LATE = "late"
    MISSED = "missed"


@attrs.frozen(kw_only=True)
class InstallmentPosition:
    """One installment as of a date: what was paid (by which payments), what is open, how late.

    ``applied`` lists ``(payment id, amount)`` in the order they were applied;
    ``paid_on`` is the day it was paid in full (None while anything is open).

    >>> from receivables.money import money
    >>> from receivables.plans import PlanTerms, build_plan
    >>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=3)
    >>> plan = build_plan(money("300.00", "USD"), terms, plan_id="PP-4",
    ...                   customer_id="C1", plan_date=dt.date(2026, 1, 1))
    >>> paid = [Payment(id="P1", amount=money("150.00", "USD"), received_date=dt.date(2026, 2, 1))]
    >>> report = track(plan, paid, dt.date(2026, 3, 10), PlanPolicy())
    >>> first, second = report.installments[:2]
    >>> first.status, first.applied, first.paid_on
    (<InstallmentStatus.PAID: 'paid'>, (('P1', Money('100.00', 'USD')),), datetime.date(2026, 2, 1))
    >>> second.status, second.applied
    (<InstallmentStatus.LATE: 'late'>, (('P1', Money('50.00', 'USD')),))
    """

    installment: Installment
    status: InstallmentStatus
    paid: Money
    open: Money
    days_late: int
    paid_on: dt.date | None
    applied: tuple[tuple[str, Money], ...]


@attrs.frozen(kw_only=True)
class PlanTracking:
    """Where a plan stands on ``as_of``: its outcome, each installment, and what would fix it.

    ``to_bring_current`` is everything open on installments due on or before
    ``as_of``; ``unapplied`` is what the payments brought beyond the plan's
    total; ``broken_on`` is the first day the plan met a breaking rule.

    >>> from receivables.money import money
    >>> from receivables.plans import PlanTerms, build_plan
    >>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=3)
    >>> plan = build_plan(money("300.00", "USD"), terms, plan_id="PP-4",
    ...                   customer_id="C1", plan_date=dt.date(2026, 1, 1))
    >>> paid = [Payment(id="P1", amount=money("150.00", "USD"), received_date=dt.date(2026, 2, 1))]
    >>> report = track(plan, paid, dt.date(2026, 3, 10), PlanPolicy())
    >>> report.outcome, report.to_bring_current, report.unapplied, report.broken_on
    (<PlanStatus.IN_ARREARS: 'in_arrears'>, Money('50.00', 'USD'), Money('0.00', 'USD'), None)
    """

    plan_id: str
    as_of: dt.date
    outcome: PlanStatus
    installments: tuple[InstallmentPosition, ...]
    paid: Money
    open: Money
    to_bring_current: Money
    unapplied: Money
    broken_on: dt.date | None
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    def position(self, number: int) -> InstallmentPosition:
        """The position of installment ``number`` (0 is the down payment).

        >>> from receivables.money import money
        >>> from receivables.plans import PlanTerms, build_plan
        >>> plan = build_plan(money("200.00", "USD"),
        ...     PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=2),
        ...     plan_id="PP-8", customer_id="C1", plan_date=dt.date(2026, 1, 1))
        >>> track(plan, [], dt.date(2026, 2, 3), PlanPolicy()).position(1).status
        <InstallmentStatus.DUE: 'due'>
        """
        for position in self.installments:
            if position.installment.number == number:
                return position
        raise ValidationError("number", number, "the number of an installment of the plan")


@attrs.frozen
class _Allocation:
    """Payments applied oldest installment first: per installment, parts and when paid in full."""

    applied: tuple[tuple[tuple[str, int, dt.date], ...], ...]
    paid_on: tuple[dt.date | None, ...]
    unapplied: int


def _counts_toward(plan: PaymentPlan, day: dt.date) -> bool:
    """Whether a payment on ``day`` can belong to ``plan`` (not to what came before it).

    The plan's balance is what was owed on its plan date, so an earlier payment
    is already in it. A plan that ``replaces`` another also leaves the payments
    of its plan date to the old plan, which :func:`renegotiate` tracked on that
    day: so the same list of payments can be given to both plans.
    """
    if plan.replaces is not None:
        return day > plan.plan_date
    return day >= plan.plan_date


def _payments_for(
    plan: PaymentPlan, payments: Iterable[Payment], as_of: dt.date
) -> tuple[list[Payment], list[str]]:
    """The payments counted toward ``plan`` on ``as_of`` (in order), and the ids left out as earlier."""
    chosen: list[Payment] = []
    earlier: list[str] = []
    seen: set[str] = set()
    for index, payment in enumerate(payments):
        if not isinstance(payment, Payment):
            raise ValidationError(f"payments[{index}]", payment, "a receivables.documents.Payment")
        if payment.id in seen:
            raise DuplicateDocumentError("payment", payment.id)
        seen.add(payment.id)
        _same_currency("apply to a plan in", plan.currency, payment.amount)
        if payment.customer_id is not None and payment.customer_id != plan.customer_id:
            raise ValidationError(
                f"payments[{index}].customer_id",
                payment.customer_id,
                f"the plan's customer {plan.customer_id!r} (or None)",
            )
        if not _counts_toward(plan, payment.effective_date):
            earlier.append(payment.id)
        elif payment.effective_date <= as_of:
            chosen.append(payment)
    return sorted(chosen, key=lambda p: (p.effective_date, p.id)), sorted(earlier)


def _allocate(plan: PaymentPlan, payments: Sequence[Payment]) -> _Allocation:
    open_units = [to_minor(i.amount) for i in plan.installments]
    applied: list[list[tuple[str, int, dt.date]]] = [[] for _ in plan.installments]
    paid_on: list[dt.date | None] = [None] * len(open_units)
    unapplied = 0
    cursor = 0
    for payment in payments:
        left = to_minor(payment.amount)
        while left and cursor < len(open_units):
            take = min(left, open_units[cursor])
            applied[cursor].append((payment.id, take, payment.effective_date))
            open_units[cursor] -= take
            left -= take
            if open_units[cursor] == 0:
                paid_on[cursor] = payment.effective_date
                cursor += 1
        unapplied += left
    return _Allocation(tuple(tuple(a) for a in applied), tuple(paid_on), unapplied)


def _days_late(due: dt.date, on: dt.date) -> int:
    return max(0, (on - due).days)


def _is_open_on(allocation: _Allocation, index: int, on: dt.date) -> bool:
    paid_on = allocation.paid_on[index]
    return paid_on is None or paid_on > on


def _breaking_rule(
    plan: PaymentPlan, allocation: _Allocation, on: dt.date, policy: PlanPolicy
) -> str | None:
    missed = 0
    for index, installment in enumerate(plan.installments):
        if not _is_open_on(allocation, index, on):
            continue
        late = _days_late(installment.due_date, on)
        if late > policy.broken_after_days_late:
            return "days_late_limit"
        if late > policy.missed_after_days:
            missed += 1
    return "missed_installments_limit" if missed >= policy.broken_after_missed else None


def _broken_on(
    plan: PaymentPlan, allocation: _Allocation, as_of: dt.date, policy: PlanPolicy
) -> tuple[dt.date, str] | None:
    """The first day on or before ``as_of`` on which a breaking rule held."""
    candidates = sorted(
        {
            installment.due_date + dt.timedelta(days=days + 1)
            for installment in plan.installments
            for days in (policy.missed_after_days, policy.broken_after_days_late)
        }
    )
    for day in candidates:
        if day > as_of:
            break
        rule = _breaking_rule(plan, allocation, day, policy)
        if rule is not None:
            return day, rule
    return None


def _status(
    installment: Installment, paid: int, open_units: int, as_of: dt.date, policy: PlanPolicy
) -> InstallmentStatus:
    if open_units == 0:
        return InstallmentStatus.PAID
    late = _days_late(installment.due_date, as_of)
    if late > policy.missed_after_days:
        return InstallmentStatus.MISSED
    if late > policy.grace_days:
        return InstallmentStatus.LATE
    if paid:
        return InstallmentStatus.PARTLY_PAID
    if as_of < installment.due_date:
        return InstallmentStatus.UPCOMING
    return InstallmentStatus.DUE


def track(
    plan: PaymentPlan,
    payments: Iterable[Payment],
    as_of: dt.date,
    policy: PlanPolicy,
) -> PlanTracking:
    """Where ``plan`` stands on ``as_of`` given the ``payments`` received for it.

    ``as_of`` and ``policy`` may be given by keyword (the engine shape,
    ``track(plan, payments, as_of=day, policy=policy)``) or by position as
    before. The policy is required here: its grace and breaking rules decide
    the outcome, and a ``None`` policy has always been refused.

    >>> from receivables.money import money
    >>> from receivables.plans import PlanTerms, build_plan
    >>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=3)
    >>> plan = build_plan(money("300.00", "USD"), terms, plan_id="PP-4",
    ...                   customer_id="C1", plan_date=dt.date(2026, 1, 1))
    >>> paid = [Payment(id="P1", amount=money("150.00", "USD"), received_date=dt.date(2026, 2, 1))]
    >>> report = track(plan, paid, dt.date(2026, 3, 10), PlanPolicy())
    >>> report.outcome, [p.status.value for p in report.installments]
    (<PlanStatus.IN_ARREARS: 'in_arrears'>, ['paid', 'late', 'upcoming'])
    >>> report.to_bring_current
    Money('50.00', 'USD')
    """
    if not isinstance(plan, PaymentPlan):
        raise ValidationError("plan", plan, "a PaymentPlan")
    if not isinstance(policy, PlanPolicy):
        raise ValidationError("policy", policy, "a PlanPolicy")
    check_date("as_of", as_of)
    currency = plan.currency
    chosen, earlier = _payments_for(plan, payments, as_of)
    allocation = _allocate(plan, chosen)
    positions = tuple(
        _position(installment, allocation, index, as_of, policy)
        for index, installment in enumerate(plan.installments)
    )
    open_total = sum(to_minor(p.open) for p in positions)
    overdue = sum(to_minor(p.open) for p in positions if p.installment.due_date <= as_of)
    broken = _broken_on(plan, allocation, as_of, policy)
    outcome, standing = _standing(positions, open_total, broken, policy)
    notes = (_overpayment(allocation, currency), _earlier_payments(plan, earlier))
    return PlanTracking(
        plan_id=plan.id,
        as_of=as_of,
        outcome=outcome,
        installments=positions,
        paid=from_minor(sum(to_minor(p.paid) for p in positions), currency),
        open=from_minor(open_total, currency),
        to_bring_current=from_minor(overdue, currency),
        unapplied=from_minor(allocation.unapplied, currency),
        broken_on=broken[0] if broken is not None else None,
        reasons=(standing, *(note for note in notes if note is not None)),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _position(
    installment: Installment,
    allocation: _Allocation,
    index: int,
    as_of: dt.date,
    policy: PlanPolicy,
) -> InstallmentPosition:
    currency = installment.amount.code
    parts = allocation.applied[index]
    paid = sum(units for _, units, _ in parts)
    open_units = to_minor(installment.amount) - paid
    return InstallmentPosition(
        installment=installment,
        status=_status(installment, paid, open_units, as_of, policy),
        paid=from_minor(paid, currency),
        open=from_minor(open_units, currency),
        days_late=_days_late(installment.due_date, as_of) if open_units else 0,
        paid_on=allocation.paid_on[index],
        applied=tuple((pid, from_minor(units, currency)) for pid, units, _ in parts),
    )


def _standing(
    positions: Sequence[InstallmentPosition],
    open_total: int,
    broken: tuple[dt.date, str] | None,
    policy: PlanPolicy,
) -> tuple[PlanStatus, Reason]:
    """Completed, broken, in arrears or current, and the reason for it (in that precedence)."""
    if open_total == 0:
        return PlanStatus.COMPLETED, Reason("all_installments_paid", "Every installment is paid.")
    if broken is not None:
        day, rule = broken
        text = (
            f"{policy.broken_after_missed} installment(s) missed"
            if rule == "missed_installments_limit"
            else f"an installment more than {policy.broken_after_days_late} days late"
        )
        return PlanStatus.BROKEN, Reason(
            rule, f"Broken on {day.isoformat()}: {text}.", {"broken_on": day.isoformat()}
        )
    late = (InstallmentStatus.LATE, InstallmentStatus.MISSED)
    arrears = sum(1 for position in positions if position.status in late)
    if arrears:
        return PlanStatus.IN_ARREARS, Reason(
            "installments_overdue",
            f"{arrears} installment(s) unpaid past the {policy.grace_days} grace days.",
            {"overdue_installments": arrears},
        )
    return PlanStatus.CURRENT, Reason(
        "installments_on_time", "Nothing is unpaid past the grace days."
    )


def _overpayment(allocation: _Allocation, currency: str) -> Reason | None:
    if not allocation.unapplied:
        return None
    unapplied = from_minor(allocation.unapplied, currency).amount
    return Reason(
        "overpayment_unapplied",
        f"{unapplied} received beyond the plan.",
        {"unapplied": str(unapplied)},
    )


def _earlier_payments(plan: PaymentPlan, earlier: Sequence[str]) -> Reason | None:
    if not earlier:
        return None
    cutoff = "on or before" if plan.replaces is not None else "before"
    return Reason(
        "payments_before_plan_ignored",
        f"{len(earlier)} payment(s) dated {cutoff} the plan date "
        f"{plan.plan_date.isoformat()} are not counted: the plan's balance is net of them.",
        {"payments": list(earlier)},
    )
