"""How much of each installment is principal and how much is interest?

- *none*: installments split ``financed``.
- *flat*: ``interest = financed × rate × t`` with ``t`` the year fraction from
  the plan date to the last scheduled due date; installments split
  ``financed + interest``.
- *amortizing*: interest accrues on the declining balance; period ``i`` has
  rate ``rᵢ = rate × yearfrac(dᵢ₋₁, dᵢ)`` (``d₀`` is the plan date) and the
  level payment solving a zero final balance is
  ``P = F·Π(1+rᵢ) / Σₖ Π_{j>k}(1+rⱼ)``, which for equal periods is the
  annuity formula ``P = F·r / (1 − (1+r)⁻ⁿ)`` of any finance textbook (and of
  numpy-financial's ``pmt``). ``P`` is rounded half-up to the minor unit
  (lowered a unit at a time in the rare small plan where that would pay the
  balance off before the last installment); each period's interest is the
  balance times ``rᵢ`` rounded half-up; the principal is ``P − interest``. A
  long first period that earns more than ``P`` is interest only, and ``P`` is
  solved again over the periods after it, so principal never goes negative.
  The tests recompute the published examples of numpy's ``pmt`` (200 000
  over 15 years at 7.5 %: 1 854.02 a month) and numpy-financial's ``ipmt``
  (2 500 over a year at 8.24 %: 217.75 a month).

Everything here works in integer minor units; :func:`~receivables.plans.schedule.build_plan`
turns the parts into :class:`~receivables.plans.schedule.Installment` values.

Why hand-written: numpy-financial computes payments in floating point for
equal periods only; a plan needs exact minor units, unequal periods
(actual/365, semi-monthly) and a documented home for the rounding remainder.
It is this module's test oracle instead.

>>> [member.value for member in InterestMethod]
['none', 'flat', 'amortizing']
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from receivables.daycount import year_fraction
from receivables.errors import (
    ValidationError,
)
from receivables.money import allocate, from_minor, to_minor
from receivables.plans.dates import MAX_INSTALLMENTS, _date_stream, _scheduled_dates

if TYPE_CHECKING:
    from receivables.plans.schedule import PlanTerms


__all__ = [
    "InterestMethod",
]


class InterestMethod(enum.StrEnum):
    """No interest, flat interest on the financed amount, or interest on the declining balance.

    >>> [member.value for member in InterestMethod]
    ['none', 'flat', 'amortizing']
    """

    NONE = "none"
    FLAT = "flat"
    AMORTIZING = "amortizing"


def _round(value: Decimal, rounding: str = ROUND_HALF_UP) -> int:
    return int(value.to_integral_value(rounding=rounding))


def _last_takes_rest(units: int, count: int) -> list[int]:
    """``count`` parts of ``units``: each the floor share, the last one the remainder."""
    regular = units // count
    return [regular] * (count - 1) + [units - regular * (count - 1)]


def _installments_for_amount(units: int, amount: int) -> list[int]:
    """Installments of ``amount`` while they last; the last one is what is left."""
    count = -(-units // amount)
    return [amount] * (count - 1) + [units - amount * (count - 1)]


def _period_rates(
    plan_date: dt.date, scheduled: Sequence[dt.date], terms: PlanTerms
) -> list[Decimal]:
    annual = terms.annual_rate_percent / 100
    starts = [plan_date, *scheduled[:-1]]
    return [
        annual * year_fraction(start, end, terms.day_count)
        for start, end in zip(starts, scheduled, strict=True)
    ]


def _level_payment(financed: int, rates: Sequence[Decimal]) -> int:
    """The level payment (minor units, half-up) that brings ``financed`` to zero."""
    growth = Decimal(1)
    for rate in rates:
        growth *= 1 + rate
    annuity = Decimal(0)
    tail = Decimal(1)
    for rate in reversed(rates):  # Σₖ Πⱼ>ₖ (1 + rⱼ), built from the end
        annuity += tail
        tail *= 1 + rate
    return _round(Decimal(financed) * growth / annuity)


def _amortize(financed: int, rates: Sequence[Decimal]) -> tuple[list[int], list[int]]:
    """Principal and interest per period for the level payment; the last settles the rest.

    A long first period (a first due date far from the plan date) can earn more
    interest than the level payment; such a period is interest only, and the
    level payment is solved again for the periods after it, so principal never
    goes negative.
    """
    principal: list[int] = []
    interest: list[int] = []
    start = 0
    while start < len(rates) - 1:
        charge = _round(financed * rates[start])
        if charge < _level_payment(financed, rates[start:]):
            break
        principal.append(0)
        interest.append(charge)
        start += 1
    tail_principal, tail_interest = _level_schedule(financed, rates[start:])
    return principal + tail_principal, interest + tail_interest


def _level_schedule(financed: int, rates: Sequence[Decimal]) -> tuple[list[int], list[int]]:
    """A level payment over ``rates``, the last period settling the balance.

    The level payment is rounded half-up; in a small plan where that rounding
    would pay the balance off before the last installment, it is lowered one
    minor unit at a time until the last installment has something to settle.
    """
    payment = _level_payment(financed, rates)
    last = len(rates) - 1
    while payment > 0:
        principal: list[int] = []
        interest: list[int] = []
        balance = financed
        for index, rate in enumerate(rates):
            charge = _round(balance * rate)
            part = balance if index == last else payment - charge
            if part <= 0 or (index < last and part >= balance):
                break
            principal.append(part)
            interest.append(charge)
            balance -= part
        else:
            return principal, interest
        if part <= 0:
            break
        payment -= 1  # the balance ran out early: a unit less, and again
    raise ValidationError(
        "terms.installments",
        len(rates),
        "fewer installments: the amount is too small to spread over so many",
    )


def _amortize_amount(
    financed: int, plan_date: dt.date, terms: PlanTerms, payment: int, currency: str
) -> tuple[list[dt.date], list[int], list[int]]:
    """Run a fixed payment against the declining balance until it is paid off."""
    principal: list[int] = []
    interest: list[int] = []
    scheduled: list[dt.date] = []
    balance = financed
    previous = plan_date
    annual = terms.annual_rate_percent / 100
    for day in _date_stream(terms.first_due_date, terms.frequency):
        charge = _round(balance * annual * year_fraction(previous, day, terms.day_count))
        if charge + balance <= payment:
            principal.append(balance)
            interest.append(charge)
            scheduled.append(day)
            return scheduled, principal, interest
        if payment <= charge:
            raise ValidationError(
                "terms.installment_amount",
                from_minor(payment, currency),
                f"more than the period's interest {from_minor(charge, currency)}: "
                "it would never pay off",
            )
        principal.append(payment - charge)
        interest.append(charge)
        scheduled.append(day)
        balance -= payment - charge
        previous = day
    raise ValidationError(
        "terms.installment_amount",
        from_minor(payment, currency),
        f"an amount paying off in {MAX_INSTALLMENTS} installments",
    )


def _simple_schedule(
    financed: int, plan_date: dt.date, terms: PlanTerms, currency: str
) -> tuple[list[dt.date], list[int], list[int]]:
    """No interest or flat interest: amounts with the remainder on the last installment."""
    annual = terms.annual_rate_percent / 100
    flat = terms.interest is InterestMethod.FLAT

    def flat_interest(last: dt.date) -> int:
        if not flat:
            return 0
        return _round(financed * annual * year_fraction(plan_date, last, terms.day_count))

    if terms.installments is not None:
        count = terms.installments
        scheduled = list(_scheduled_dates(terms.first_due_date, terms.frequency, count))
        charge = flat_interest(scheduled[-1])
        if (financed + charge) // count < 1:
            raise ValidationError(
                "terms.installments",
                count,
                f"at most {financed + charge} installments for {from_minor(financed + charge, currency)}",
            )
        amounts = _last_takes_rest(financed + charge, count)
    else:
        assert terms.installment_amount is not None
        each = to_minor(terms.installment_amount)
        count = -(-financed // each)
        if count > MAX_INSTALLMENTS:
            raise ValidationError(
                "terms.installment_amount",
                terms.installment_amount,
                f"an amount paying off in {MAX_INSTALLMENTS} installments",
            )
        stream = _date_stream(terms.first_due_date, terms.frequency)
        scheduled = list(itertools.islice(stream, count))
        while True:  # the smallest count whose installments cover financed + its interest
            charge = flat_interest(scheduled[-1])
            if count * each >= financed + charge:
                break
            following = next(stream, None)
            if following is None:
                raise ValidationError(
                    "terms.installment_amount",
                    terms.installment_amount,
                    f"an amount paying off in {MAX_INSTALLMENTS} installments",
                )
            scheduled.append(following)
            count += 1
        amounts = _installments_for_amount(financed + charge, each)
    if charge:
        shares = [to_minor(m) for m in allocate(from_minor(charge, currency), amounts)]
    else:
        shares = [0] * count
    return scheduled, [a - s for a, s in zip(amounts, shares, strict=True)], shares


def _split(
    financed: int, plan_date: dt.date, terms: PlanTerms, currency: str
) -> tuple[list[dt.date], list[int], list[int]]:
    """The scheduled dates and each installment's principal and interest, by interest method."""
    if terms.installment_amount is not None and terms.interest is InterestMethod.AMORTIZING:
        return _amortize_amount(
            financed, plan_date, terms, to_minor(terms.installment_amount), currency
        )
    if terms.interest is InterestMethod.AMORTIZING:
        assert terms.installments is not None
        scheduled = list(
            _scheduled_dates(terms.first_due_date, terms.frequency, terms.installments)
        )
        principal, interest = _amortize(financed, _period_rates(plan_date, scheduled, terms))
        return scheduled, principal, interest
    return _simple_schedule(financed, plan_date, terms, currency)
