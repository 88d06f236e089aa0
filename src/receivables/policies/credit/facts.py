"""What does the caller know about a customer beyond its open items?

Plan standing, average days to pay and bureau results arrive as plain facts
(:class:`CreditFacts`): the credit policy does not compute them, so it stays
independent of the engines that do (plans, metrics). Temporary limit
increases already granted travel with them.

>>> CreditFacts(customer_id="C1", plan_standing="broken").plan_standing
<PlanStanding.BROKEN: 'broken'>
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from decimal import Decimal

import attrs

from receivables.documents import PlanStatus, parse_member
from receivables.errors import ValidationError
from receivables.money import Money, money
from receivables.validators import check_date, check_identifier, check_items, check_whole

__all__ = [
    "CreditFacts",
    "PlanStanding",
    "TemporaryIncrease",
]


class PlanStanding(enum.StrEnum):
    """Whether the customer has a payment plan, and whether it is kept: credit's view of a plan.

    The plan's own state is :class:`receivables.documents.PlanStatus`, which
    the plans engine judges; :meth:`of` reads it the way the credit rules need
    (only a broken plan holds an order), and :class:`CreditFacts` takes either.

    >>> PlanStanding("broken") is PlanStanding.BROKEN
    True
    """

    NONE = "none"
    CURRENT = "current"
    BROKEN = "broken"

    @classmethod
    def of(cls, status: PlanStatus | None) -> PlanStanding:
        """Credit's standing for a plan in ``status`` (None: no plan).

        In arrears is not broken (the plan's own rules have not broken it); a
        completed plan is no plan any more.

        >>> [PlanStanding.of(status).value for status in (None, *PlanStatus)]
        ['none', 'current', 'current', 'broken', 'none']
        """
        if status is None or status is PlanStatus.COMPLETED:
            return cls.NONE
        if status is PlanStatus.BROKEN:
            return cls.BROKEN
        if isinstance(status, PlanStatus):
            return cls.CURRENT
        raise ValidationError("status", status, "a receivables.documents.PlanStatus or None")


def _positive(field: str, value: object) -> None:
    if not isinstance(value, Money) or value.amount <= 0:
        raise ValidationError(field, value, "a positive Money")
    money(value.amount, value.code, field=field)


def _optional_amount(field: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, Money) or value.amount < 0:
        raise ValidationError(field, value, "a Money of zero or more, or None")


@attrs.frozen(kw_only=True)
class TemporaryIncrease:
    """``amount`` added to the limit from ``starts_on`` through ``expires_on`` inclusive.

    >>> bump = TemporaryIncrease(amount=money("5000", "USD"), starts_on=dt.date(2026, 11, 1),
    ...                          expires_on=dt.date(2026, 12, 31))
    >>> bump.active(dt.date(2026, 12, 31)), bump.active(dt.date(2027, 1, 1))
    (True, False)
    """

    amount: Money
    expires_on: dt.date
    starts_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        _positive("temporary_increase.amount", self.amount)
        check_date("temporary_increase.expires_on", self.expires_on)
        if self.starts_on is not None:
            check_date("temporary_increase.starts_on", self.starts_on)
            if self.starts_on > self.expires_on:
                raise ValidationError(
                    "temporary_increase.expires_on",
                    self.expires_on,
                    f"on or after its start, {self.starts_on.isoformat()}",
                )

    def active(self, as_of: dt.date) -> bool:
        """Whether the increase applies on ``as_of``.

        >>> bump = TemporaryIncrease(amount=money("5000", "USD"), expires_on=dt.date(2026, 12, 31))
        >>> bump.active(dt.date(2026, 1, 1)), bump.active(dt.date(2027, 1, 1))
        (True, False)
        """
        return (self.starts_on is None or self.starts_on <= as_of) and as_of <= self.expires_on


def _increases(value: Iterable[TemporaryIncrease]) -> tuple[TemporaryIncrease, ...]:
    increases = check_items("credit_facts.temporary_increases", value)
    for index, increase in enumerate(increases):
        if not isinstance(increase, TemporaryIncrease):
            raise ValidationError(
                f"credit_facts.temporary_increases[{index}]", increase, "a TemporaryIncrease"
            )
    return increases


def _plan_standing(value: object) -> PlanStanding:
    if isinstance(value, PlanStatus):
        return PlanStanding.of(value)
    return parse_member(PlanStanding, value, "credit_facts.plan_standing", ValidationError)


def _days_to_pay(value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool | float) or not isinstance(value, int | Decimal | str):
        raise ValidationError(
            "credit_facts.average_days_to_pay", value, "a Decimal, int or str number of days"
        )
    try:
        days = Decimal(value)
    except ArithmeticError:
        raise ValidationError(
            "credit_facts.average_days_to_pay", value, "a number of days such as '42.5'"
        ) from None
    if not days.is_finite() or days < 0:
        raise ValidationError("credit_facts.average_days_to_pay", value, "zero or more days")
    return days


@attrs.frozen(kw_only=True)
class CreditFacts:
    """What the caller knows about a customer beyond its open items.

    ``plan_standing`` is a :class:`PlanStanding` or its value, or the plan's
    :class:`~receivables.documents.PlanStatus` as the plans engine reports it
    (``track(...).outcome``), read through :meth:`PlanStanding.of`.
    ``plan_balance`` counts only what is not already among the open items;
    ``average_days_to_pay`` is over ``paid_invoices`` invoices (the history a
    metrics engine measured); ``bureau_*`` is the latest credit-bureau report.

    >>> facts = CreditFacts(customer_id="C1", plan_standing="broken", average_days_to_pay="41.5")
    >>> facts.plan_standing, facts.average_days_to_pay
    (<PlanStanding.BROKEN: 'broken'>, Decimal('41.5'))
    """

    customer_id: str
    unbilled_orders: Money | None = None
    plan_balance: Money | None = None
    plan_standing: PlanStanding = attrs.field(default=PlanStanding.NONE, converter=_plan_standing)
    average_days_to_pay: Decimal | None = attrs.field(default=None, converter=_days_to_pay)
    paid_invoices: int = 0
    bureau_adverse: bool = False
    bureau_score: int | None = None
    temporary_increases: tuple[TemporaryIncrease, ...] = attrs.field(
        default=(), converter=_increases
    )

    def __attrs_post_init__(self) -> None:
        check_identifier("credit_facts.customer_id", self.customer_id, expected="a customer id")
        _optional_amount("credit_facts.unbilled_orders", self.unbilled_orders)
        _optional_amount("credit_facts.plan_balance", self.plan_balance)
        paid = self.paid_invoices
        check_whole("credit_facts.paid_invoices", paid, 0, expected="a count of 0 or more")
        if not isinstance(self.bureau_adverse, bool):
            raise ValidationError("credit_facts.bureau_adverse", self.bureau_adverse, "a bool")
        score = self.bureau_score
        if score is not None and (isinstance(score, bool) or not isinstance(score, int)):
            raise ValidationError("credit_facts.bureau_score", score, "an int score, or None")
