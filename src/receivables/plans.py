"""How can this customer pay what is owed over time, and is the agreement being kept?

A *payment plan* turns a balance (or a set of open invoices) into a down
payment and a schedule of installments; a :class:`PlanPolicy` says which plans
an analyst may sign alone, which need a higher level, and which are refused;
tracking reads the payments received as of a date and says where each
installment and the plan stand; a broken plan is renegotiated into a new one.

**Building** (:func:`build_plan`). ``financed = balance − down payment``
(plus the fee when it is financed). Installment due dates come from
``dateutil.rrule`` (weekly, every two weeks, the 15th and the last day of
the month, monthly on the first due date's day clipped to the month's end,
the last day of each month), optionally moved to a business day by any object
with ``adjust(day) -> day`` (:class:`BusinessDayAdjuster`: a
:class:`~receivables.calendars.BusinessCalendar`, or a :class:`CalendarAdjuster`
for another roll convention). Interest is computed on the *scheduled* dates,
so a holiday that moves a due date never changes an amount.

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
  long first period that earns at least ``P`` is interest only, and ``P`` is
  solved again over the periods after it, so principal never goes negative. The tests recompute the published examples of
  numpy's ``pmt`` (200 000 over 15 years at 7.5 %: 1 854.02 a month) and
  numpy-financial's ``ipmt`` (2 500 over a year at 8.24 %: 217.75 a month).

Day counts: *30/360* (the US bond basis of ISDA 2006 §4.16(f): a 31st start
counts as the 30th; a 31st end counts as the 30th when the start is the 30th
or 31st) and *actual/365* (fixed). Annual rates and down-payment shares are in
percent (``Decimal("8.24")`` is 8.24 %).

**Rounding.** The remainder of every split lands on the **last installment**:
with a number of installments, the regular installment is the exact share
rounded *down* to the minor unit and the last one carries what is left (fewer
than ``n`` minor units more); with a fixed installment amount, or an
amortizing level payment, the last installment is whatever settles the
balance. So the installments always sum to ``financed + interest`` (plus
fees) exactly. Interest inside flat installments is spread in proportion to
their amounts by the largest remainder method.

**Fees** are collected with the down payment (or the first installment when
there is none), spread over the installments, or financed (added to the
financed amount, bearing interest).

Why hand-written: numpy-financial computes payments in floating point for
equal periods only; a plan needs exact minor units, unequal periods
(actual/365, semi-monthly) and a documented home for the rounding remainder.
It is this module's test oracle instead.

**Tracking** (:func:`track`). Payments dated from the plan date through
``as_of`` are taken in date order (then by id) and applied to the oldest open installment first,
inside an installment to its fee, then interest, then principal; no payment
is ever counted beyond its amount, and what is left over is *unapplied*.
A payment dated before the plan date is not counted (the plan's balance is
already net of it; reason ``payments_before_plan_ignored``), nor, for a plan
that ``replaces`` another, one dated on its plan date: the old plan took it.
Each installment is ``paid``, ``partly_paid`` (something paid, not yet late),
``upcoming``, ``due`` (due, inside the grace days), ``late`` (past the grace
days) or ``missed`` (more than ``missed_after_days`` late). The plan is
``completed`` when everything is paid; ``broken`` from the first day on which
``broken_after_missed`` installments were missed or one installment was more
than ``broken_after_days_late`` days late (it stays broken until completed or
renegotiated); ``in_arrears`` while any installment is late or missed;
``current`` otherwise.

**Renegotiating** (:func:`renegotiate`) a broken or in-arrears plan builds a
new plan that ``replaces`` it, for the open principal plus the interest and
fees of installments already due (:func:`carried_balance`); interest not yet
due is dropped and what was paid stays paid, so
``paid + carried + dropped = old total`` and nothing is counted twice.

>>> import datetime as dt
>>> from receivables.money import money
>>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 15), installments=3,
...                   down_payment_percent=Decimal("10"))
>>> plan = build_plan(money("1000.00", "USD"), terms, plan_id="PP-1",
...                   customer_id="C1", plan_date=dt.date(2026, 1, 15))
>>> [(i.number, str(i.due_date), str(i.amount.amount)) for i in plan.installments]
[(0, '2026-01-15', '100.00'), (1, '2026-02-15', '300.00'), (2, '2026-03-15', '300.00'), (3, '2026-04-15', '300.00')]
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final, Protocol, runtime_checkable

import attrs
from dateutil import rrule

from receivables.calendars import BusinessCalendar, Roll
from receivables.decisions import Reason, check_policy_identity
from receivables.documents import (
    Customer,
    CustomerStatus,
    Invoice,
    Payment,
    PlanStatus,
    parse_member,
)
from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    PolicyError,
    ValidationError,
)
from receivables.ledger import OpenItem
from receivables.money import Money, allocate, from_minor, to_minor, zero

__all__ = [
    "MAX_INSTALLMENTS",
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

MAX_INSTALLMENTS: Final = 1200
"""A hard ceiling on installments (a hundred years of monthly ones); policies set the real limit."""


class Frequency(enum.StrEnum):
    """How often installments fall due.

    >>> [member.value for member in Frequency]
    ['weekly', 'biweekly', 'semi_monthly', 'monthly', 'end_of_month']
    """

    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    SEMI_MONTHLY = "semi_monthly"  # the 15th and the last day of each month
    MONTHLY = "monthly"  # the first due date's day, clipped to the month's last day
    END_OF_MONTH = "end_of_month"


class InterestMethod(enum.StrEnum):
    """No interest, flat interest on the financed amount, or interest on the declining balance.

    >>> [member.value for member in InterestMethod]
    ['none', 'flat', 'amortizing']
    """

    NONE = "none"
    FLAT = "flat"
    AMORTIZING = "amortizing"


class DayCount(enum.StrEnum):
    """How a period becomes a fraction of a year.

    >>> [member.value for member in DayCount]
    ['30/360', 'actual/365']
    """

    THIRTY_360 = "30/360"
    ACTUAL_365 = "actual/365"


class FeeTreatment(enum.StrEnum):
    """Where a plan's fee is collected.

    >>> [member.value for member in FeeTreatment]
    ['upfront', 'spread', 'financed']
    """

    UPFRONT = "upfront"  # with the down payment, or the first installment when there is none
    SPREAD = "spread"  # split over the installments, remainder on the last
    FINANCED = "financed"  # added to the financed amount; bears interest


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


class PlanOutcome(enum.StrEnum):
    """What the policy says about a proposed plan.

    >>> [member.value for member in PlanOutcome]
    ['approved', 'needs_approval', 'rejected']
    """

    APPROVED = "approved"
    NEEDS_APPROVAL = "needs_approval"
    REJECTED = "rejected"


@runtime_checkable
class BusinessDayAdjuster(Protocol):
    """Anything that moves a day onto a business day.

    A :class:`receivables.calendars.BusinessCalendar` fits as it is (it rolls
    to the following business day); :class:`CalendarAdjuster` pairs one with
    another roll convention.

    >>> class NextMonday:
    ...     def adjust(self, day):
    ...         return day + dt.timedelta(days=(7 - day.weekday()) % 7)
    >>> isinstance(NextMonday(), BusinessDayAdjuster)
    True
    """

    def adjust(self, day: dt.date) -> dt.date:
        """The business day ``day`` moves to (``day`` itself when it is one)."""


def _roll(value: object) -> Roll:
    return parse_member(Roll, value, "adjuster.roll")


@attrs.frozen
class CalendarAdjuster:
    """Due dates moved by a business calendar under a roll convention (ISDA 2006 §4.12).

    Colombia keeps Epiphany 2026 on Monday 12 January; modified following
    moves a due date on it to Tuesday the 13th, and one on Saturday 31 January
    back to Friday the 30th rather than into February:

    >>> from receivables.calendars import BusinessCalendar
    >>> colombia = CalendarAdjuster(BusinessCalendar("CO"), "modified_following")
    >>> colombia.adjust(dt.date(2026, 1, 12)), colombia.adjust(dt.date(2026, 1, 31))
    (datetime.date(2026, 1, 13), datetime.date(2026, 1, 30))
    """

    calendar: BusinessCalendar = attrs.field()
    roll: Roll = attrs.field(default=Roll.FOLLOWING, converter=_roll)

    @calendar.validator
    def _check_calendar(self, attribute: attrs.Attribute[BusinessCalendar], value: object) -> None:
        if not isinstance(value, BusinessCalendar):
            raise ValidationError("adjuster.calendar", value, "a BusinessCalendar")

    def adjust(self, day: dt.date) -> dt.date:
        """``day`` moved to a business day of the calendar by the roll convention.

        >>> from receivables.calendars import BusinessCalendar
        >>> CalendarAdjuster(BusinessCalendar("US"), "preceding").adjust(dt.date(2026, 7, 4))
        datetime.date(2026, 7, 2)
        """
        return self.calendar.adjust(day, self.roll)


# --- small validators ------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_date(field: str, value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(field, value, "a datetime.date (not a datetime)")


def _check_money(field: str, value: object, *, positive: bool) -> None:
    if not isinstance(value, Money):
        raise ValidationError(field, value, "a receivables.money.Money")
    if positive and value.amount <= 0:
        raise ValidationError(field, value, "a positive amount")
    if not positive and value.amount < 0:
        raise ValidationError(field, value, "an amount of zero or more")
    to_minor(value)


def _decimal(field: str, value: object) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise ValidationError(field, value, "an int, str or Decimal (never float)")
    try:
        result = Decimal(value)
    except ArithmeticError:
        raise ValidationError(field, value, "a decimal number such as '8.5'") from None
    if not result.is_finite():
        raise ValidationError(field, value, "a finite number")
    return result


def _frequency(value: object) -> Frequency:
    return parse_member(Frequency, value, "terms.frequency")


def _interest_method(value: object) -> InterestMethod:
    return parse_member(InterestMethod, value, "terms.interest")


def _day_count(value: object) -> DayCount:
    return parse_member(DayCount, value, "terms.day_count")


def _fee_treatment(value: object) -> FeeTreatment:
    return parse_member(FeeTreatment, value, "terms.fee_treatment")


def _same_currency(operation: str, currency: str, amount: Money | None) -> None:
    if amount is not None and amount.code != currency:
        raise CurrencyMismatchError(operation, currency, amount.code)


# --- dates -----------------------------------------------------------------------------


def _month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).month != day.month


def _scheduled_dates(first: dt.date, frequency: Frequency, count: int) -> tuple[dt.date, ...]:
    return tuple(itertools.islice(_date_stream(first, frequency), count))


def _date_stream(first: dt.date, frequency: Frequency) -> Iterator[dt.date]:
    """The scheduled due dates, lazily, up to :data:`MAX_INSTALLMENTS` of them."""
    count = MAX_INSTALLMENTS
    start = dt.datetime.combine(first, dt.time())
    rule: rrule.rrule
    if frequency is Frequency.WEEKLY:
        rule = rrule.rrule(rrule.WEEKLY, dtstart=start, count=count)
    elif frequency is Frequency.BIWEEKLY:
        rule = rrule.rrule(rrule.WEEKLY, interval=2, dtstart=start, count=count)
    elif frequency is Frequency.SEMI_MONTHLY:
        if first.day != 15 and not _month_end(first):
            raise ValidationError(
                "terms.first_due_date", first, "the 15th or the last day of a month (semi-monthly)"
            )
        rule = rrule.rrule(rrule.MONTHLY, bymonthday=(15, -1), dtstart=start, count=count)
    elif frequency is Frequency.END_OF_MONTH:
        if not _month_end(first):
            raise ValidationError(
                "terms.first_due_date", first, "the last day of a month (end of month)"
            )
        rule = rrule.rrule(rrule.MONTHLY, bymonthday=-1, dtstart=start, count=count)
    elif first.day <= 28:
        rule = rrule.rrule(rrule.MONTHLY, bymonthday=first.day, dtstart=start, count=count)
    else:  # the 29th-31st, clipped to shorter months: the latest of 28..day each month
        days = tuple(range(28, first.day + 1))
        rule = rrule.rrule(rrule.MONTHLY, bymonthday=days, bysetpos=-1, dtstart=start, count=count)
    return (moment.date() for moment in rule)


def _adjusted(
    scheduled: Sequence[dt.date], adjuster: BusinessDayAdjuster | None
) -> tuple[dt.date, ...]:
    if adjuster is None:
        return tuple(scheduled)
    moved = []
    for day in scheduled:
        new = adjuster.adjust(day)
        _check_date("adjuster.adjust()", new)
        moved.append(new)
    for earlier, later in itertools.pairwise(moved):
        if later <= earlier:
            raise ValidationError(
                "adjuster",
                later,
                f"business-day due dates that strictly increase (after {earlier})",
            )
    return tuple(moved)


def due_dates(
    first: dt.date,
    frequency: Frequency | str,
    count: int,
    adjuster: BusinessDayAdjuster | None = None,
) -> tuple[dt.date, ...]:
    """The ``count`` due dates of a schedule starting on ``first``, moved by ``adjuster``.

    >>> [str(d) for d in due_dates(dt.date(2026, 1, 31), "monthly", 3)]
    ['2026-01-31', '2026-02-28', '2026-03-31']
    >>> [str(d) for d in due_dates(dt.date(2026, 1, 15), "semi_monthly", 3)]
    ['2026-01-15', '2026-01-31', '2026-02-15']
    """
    _check_date("first", first)
    kind = parse_member(Frequency, frequency, "frequency")
    if not _is_int(count) or count < 1:
        raise ValidationError("count", count, "a whole number of due dates, 1 or more")
    return _adjusted(_scheduled_dates(first, kind, count), adjuster)


def year_fraction(start: dt.date, end: dt.date, day_count: DayCount | str) -> Decimal:
    """The fraction of a year from ``start`` to ``end`` under ``day_count``.

    >>> year_fraction(dt.date(2026, 1, 31), dt.date(2026, 3, 31), "30/360")
    Decimal('0.1666666666666666666666666667')
    >>> year_fraction(dt.date(2026, 1, 1), dt.date(2026, 3, 1), "actual/365")
    Decimal('0.1616438356164383561643835616')
    """
    kind = parse_member(DayCount, day_count, "day_count")
    if kind is DayCount.ACTUAL_365:
        return Decimal((end - start).days) / Decimal(365)
    d1, d2 = start.day, end.day
    if d1 == 31:
        d1 = 30
    if d2 == 31 and d1 == 30:
        d2 = 30
    days = 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)
    return Decimal(days) / Decimal(360)


# --- terms and plans -------------------------------------------------------------------


def _down_payment_percent(value: object) -> Decimal | None:
    return None if value is None else _decimal("terms.down_payment_percent", value)


def _rate(value: object) -> Decimal:
    return _decimal("terms.annual_rate_percent", value)


def _terms_date(terms: object, attribute: attrs.Attribute[dt.date], value: object) -> None:
    _check_date(f"terms.{attribute.name}", value)


def _installment_count(
    terms: object, attribute: attrs.Attribute[int | None], value: object
) -> None:
    if value is None:
        return
    if not _is_int(value) or value < 1:  # type: ignore[operator]
        raise ValidationError(
            "terms.installments", value, "a whole number of installments, 1 or more"
        )
    if value > MAX_INSTALLMENTS:  # type: ignore[operator]
        raise ValidationError("terms.installments", value, f"at most {MAX_INSTALLMENTS}")


def _terms_amount(terms: object, attribute: attrs.Attribute[Money | None], value: object) -> None:
    if value is not None:
        positive = attribute.name == "installment_amount"
        _check_money(f"terms.{attribute.name}", value, positive=positive)


def _terms_share(
    terms: object, attribute: attrs.Attribute[Decimal | None], value: Decimal | None
) -> None:
    if value is not None and not Decimal(0) <= value < Decimal(100):
        raise ValidationError("terms.down_payment_percent", value, "a percent from 0 up to 100")


def _annual_rate(terms: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not Decimal(0) <= value <= Decimal(1000):
        raise ValidationError("terms.annual_rate_percent", value, "a percent from 0 to 1000")


@attrs.frozen(kw_only=True)
class PlanTerms:
    """What the collector and the customer agreed: count or amount, frequency, interest, fees.

    Give ``installments`` (how many) **or** ``installment_amount`` (how much
    each), and at most one of ``down_payment`` / ``down_payment_percent``.

    >>> PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=0)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: terms.installments: got 0; expected a whole number of installments, 1 or more
    """

    first_due_date: dt.date = attrs.field(validator=_terms_date)
    frequency: Frequency = attrs.field(default=Frequency.MONTHLY, converter=_frequency)
    installments: int | None = attrs.field(default=None, validator=_installment_count)
    installment_amount: Money | None = attrs.field(default=None, validator=_terms_amount)
    down_payment: Money | None = attrs.field(default=None, validator=_terms_amount)
    down_payment_percent: Decimal | None = attrs.field(
        default=None, converter=_down_payment_percent, validator=_terms_share
    )
    interest: InterestMethod = attrs.field(default=InterestMethod.NONE, converter=_interest_method)
    annual_rate_percent: Decimal = attrs.field(
        default=Decimal(0), converter=_rate, validator=_annual_rate
    )
    day_count: DayCount = attrs.field(default=DayCount.THIRTY_360, converter=_day_count)
    fee: Money | None = attrs.field(default=None, validator=_terms_amount)
    fee_treatment: FeeTreatment = attrs.field(
        default=FeeTreatment.UPFRONT, converter=_fee_treatment
    )

    def __attrs_post_init__(self) -> None:
        if (self.installments is None) == (self.installment_amount is None):
            raise ValidationError(
                "terms.installments",
                self.installments,
                "either a number of installments or an installment_amount, not both or neither",
            )
        if self.down_payment is not None and self.down_payment_percent is not None:
            raise ValidationError(
                "terms.down_payment",
                self.down_payment,
                "either a down_payment or a down_payment_percent, not both",
            )
        if self.interest is InterestMethod.NONE and self.annual_rate_percent != 0:
            raise ValidationError(
                "terms.annual_rate_percent",
                self.annual_rate_percent,
                "0 when interest is 'none' (choose 'flat' or 'amortizing' to charge interest)",
            )
        currencies = {
            m.code for m in (self.installment_amount, self.down_payment, self.fee) if m is not None
        }
        if len(currencies) > 1:
            left, right = sorted(currencies)[:2]
            raise CurrencyMismatchError("agree terms in", left, right)


@attrs.frozen(kw_only=True)
class Installment:
    """One amount due on one date: principal, interest and fee; number 0 is the down payment.

    >>> from receivables.money import money
    >>> i = Installment(number=1, due_date=dt.date(2026, 2, 15), principal=money("200.58", "USD"),
    ...                 interest=money("17.17", "USD"), fee=money("0.00", "USD"))
    >>> i.amount
    Money('217.75', 'USD')
    """

    number: int = attrs.field()
    due_date: dt.date = attrs.field()
    principal: Money = attrs.field()
    interest: Money = attrs.field()
    fee: Money = attrs.field()

    def __attrs_post_init__(self) -> None:
        if not _is_int(self.number) or self.number < 0:
            raise ValidationError("installment.number", self.number, "a whole number, 0 or more")
        _check_date("installment.due_date", self.due_date)
        for name in ("principal", "interest", "fee"):
            _check_money(f"installment.{name}", getattr(self, name), positive=False)
        _same_currency("mix in one installment", self.principal.code, self.interest)
        _same_currency("mix in one installment", self.principal.code, self.fee)
        if self.amount.amount <= 0:
            raise ValidationError("installment.amount", self.amount, "a positive amount")

    @property
    def amount(self) -> Money:
        """What falls due, principal + interest + fee.

        >>> from receivables.money import money
        >>> Installment(number=1, due_date=dt.date(2026, 2, 15), principal=money("100.00", "EUR"),
        ...             interest=money("1.50", "EUR"), fee=money("5.00", "EUR")).amount
        Money('106.50', 'EUR')
        """
        return self.principal + self.interest + self.fee

    @property
    def is_down_payment(self) -> bool:
        """Whether this is the down payment (number 0, due on the plan date).

        >>> from receivables.money import money
        >>> Installment(number=0, due_date=dt.date(2026, 1, 1), principal=money("50.00", "USD"),
        ...             interest=money("0", "USD"), fee=money("0", "USD")).is_down_payment
        True
        """
        return self.number == 0


def _installments(value: Iterable[Installment]) -> tuple[Installment, ...]:
    return tuple(value)


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(kw_only=True)
class PaymentPlan:
    """An agreed schedule: the balance it settles, its terms and its installments.

    Checked on construction: one currency, due dates strictly increasing,
    installments summing exactly to ``balance + fee + interest``.
    ``replaces`` names the plan this one renegotiated.

    >>> from receivables.money import money
    >>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=3)
    >>> plan = build_plan(money("300.00", "USD"), terms, plan_id="PP-4",
    ...                   customer_id="C1", plan_date=dt.date(2026, 1, 1))
    >>> [installment.amount.amount for installment in plan.installments], plan.total
    ([Decimal('100.00'), Decimal('100.00'), Decimal('100.00')], Money('300.00', 'USD'))
    """

    id: str = attrs.field()
    customer_id: str = attrs.field()
    plan_date: dt.date = attrs.field()
    balance: Money = attrs.field()
    down_payment: Money = attrs.field()
    interest: Money = attrs.field()
    fee: Money = attrs.field()
    terms: PlanTerms = attrs.field()
    installments: tuple[Installment, ...] = attrs.field(converter=_installments)
    items: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    replaces: str | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        for name in ("id", "customer_id"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValidationError(f"plan.{name}", value, "a non-empty string identifier")
        if self.replaces is not None and (
            not isinstance(self.replaces, str) or not self.replaces.strip()
        ):
            raise ValidationError("plan.replaces", self.replaces, "a plan id or None")
        _check_date("plan.plan_date", self.plan_date)
        _check_money("plan.balance", self.balance, positive=True)
        currency = self.balance.code
        for name in ("down_payment", "interest", "fee"):
            amount = getattr(self, name)
            _check_money(f"plan.{name}", amount, positive=False)
            _same_currency("build a plan in", currency, amount)
        if not self.installments:
            raise ValidationError("plan.installments", (), "at least one installment")
        previous: dt.date | None = None
        for index, installment in enumerate(self.installments):
            if not isinstance(installment, Installment):
                raise ValidationError(f"plan.installments[{index}]", installment, "an Installment")
            _same_currency("build a plan in", currency, installment.principal)
            if installment.due_date < self.plan_date:
                raise ValidationError(
                    f"plan.installments[{index}].due_date",
                    installment.due_date,
                    f"a date on or after the plan date {self.plan_date.isoformat()}",
                )
            if previous is not None and installment.due_date <= previous:
                raise ValidationError(
                    f"plan.installments[{index}].due_date",
                    installment.due_date,
                    f"a date after the previous installment's {previous.isoformat()}",
                )
            previous = installment.due_date
        units = sum(to_minor(i.amount) for i in self.installments)
        expected = to_minor(self.total)
        if units != expected:
            raise ValidationError(
                "plan.installments", from_minor(units, currency), f"a sum of exactly {self.total}"
            )
        if sum(to_minor(i.interest) for i in self.installments) != to_minor(self.interest):
            raise ValidationError("plan.interest", self.interest, "the sum of installment interest")
        principal = from_minor(sum(to_minor(i.principal) for i in self.installments), currency)
        if principal != self.financed + self.down_payment:
            raise ValidationError(
                "plan.installments",
                principal,
                f"principal summing to the financed amount plus the down payment, "
                f"{self.financed + self.down_payment}",
            )

    @property
    def currency(self) -> str:
        """The plan's ISO 4217 currency code.

        >>> from receivables.money import money
        >>> plan = build_plan(money("300.00", "EUR"), PlanTerms(first_due_date=dt.date(2026, 2, 1),
        ...     installments=3), plan_id="PP-1", customer_id="C1", plan_date=dt.date(2026, 1, 1))
        >>> plan.currency
        'EUR'
        """
        return self.balance.code

    @property
    def financed(self) -> Money:
        """What the installments after the down payment repay as principal.

        >>> from receivables.money import money
        >>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=2,
        ...                   down_payment=money("100.00", "USD"))
        >>> plan = build_plan(money("300.00", "USD"), terms, plan_id="PP-1", customer_id="C1",
        ...                   plan_date=dt.date(2026, 1, 1))
        >>> plan.financed, [i.amount.amount for i in plan.installments]
        (Money('200.00', 'USD'), [Decimal('100.00'), Decimal('100.00'), Decimal('100.00')])
        """
        fee = self.fee if self.terms.fee_treatment is FeeTreatment.FINANCED else zero(self.currency)
        return self.balance - self.down_payment + fee

    @property
    def total(self) -> Money:
        """Everything the customer pays under the plan (balance + fee + interest).

        >>> from receivables.money import money
        >>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=2,
        ...                   fee=money("10.00", "USD"))
        >>> build_plan(money("300.00", "USD"), terms, plan_id="PP-1", customer_id="C1",
        ...            plan_date=dt.date(2026, 1, 1)).total
        Money('310.00', 'USD')
        """
        return self.balance + self.fee + self.interest

    @property
    def last_due_date(self) -> dt.date:
        """The due date of the last installment."""
        return self.installments[-1].due_date

    @property
    def term_days(self) -> int:
        """Days from the plan date to the last due date.

        >>> from receivables.money import money
        >>> plan = build_plan(money("300.00", "USD"), PlanTerms(first_due_date=dt.date(2026, 1, 31),
        ...     installments=1), plan_id="PP-1", customer_id="C1", plan_date=dt.date(2026, 1, 1))
        >>> plan.term_days
        30
        """
        return (self.last_due_date - self.plan_date).days

    @property
    def installment_count(self) -> int:
        """How many installments, not counting the down payment.

        >>> from receivables.money import money
        >>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=4,
        ...                   down_payment=money("60.00", "USD"))
        >>> plan = build_plan(money("300.00", "USD"), terms, plan_id="PP-1", customer_id="C1",
        ...                   plan_date=dt.date(2026, 1, 1))
        >>> plan.installment_count, len(plan.installments)
        (4, 5)
        """
        return sum(1 for i in self.installments if not i.is_down_payment)


# --- building ----------------------------------------------------------------------------


def _plan_balance(
    source: Money | Sequence[Invoice | OpenItem], customer_id: str
) -> tuple[Money, tuple[str, ...]]:
    if isinstance(source, Money):
        _check_money("balance", source, positive=True)
        return source, ()
    candidates: object = source
    if not isinstance(candidates, list | tuple):
        raise ValidationError("balance", source, "a Money or a sequence of invoices / open items")
    if not source:
        raise ValidationError("balance", source, "at least one invoice or open item")
    numbers: list[str] = []
    amounts: list[Money] = []
    for index, item in enumerate(source):
        if isinstance(item, Invoice):
            number, owed = item.number, item.amount
        elif isinstance(item, OpenItem):
            number, owed = item.number, item.open
            if owed.amount <= 0:
                raise ValidationError(
                    f"balance[{index}].open", owed, "an item with something owed (open > 0)"
                )
        else:
            raise ValidationError(f"balance[{index}]", item, "an Invoice or an OpenItem")
        if item.customer_id != customer_id:
            raise ValidationError(
                f"balance[{index}].customer_id",
                item.customer_id,
                f"the plan's customer {customer_id!r}",
            )
        if number in numbers:
            raise DuplicateDocumentError("invoice", number)
        if amounts:
            _same_currency("build a plan from", amounts[0].code, owed)
        numbers.append(number)
        amounts.append(owed)
    units = sum(to_minor(a) for a in amounts)
    return from_minor(units, amounts[0].code), tuple(numbers)


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


def build_plan(
    balance: Money | Sequence[Invoice | OpenItem],
    terms: PlanTerms,
    *,
    plan_id: str,
    customer_id: str,
    plan_date: dt.date,
    adjuster: BusinessDayAdjuster | None = None,
    replaces: str | None = None,
) -> PaymentPlan:
    """A payment plan for ``balance`` (or the open amount of invoices / open items) on ``terms``.

    The amortizing example of numpy-financial's ``ipmt`` documentation: 2 500
    at 8.24 % a year, 12 monthly installments, 217.75 each (the last 217.72,
    carrying the rounding), the first 17.17 interest and 200.58 principal.

    >>> from receivables.money import money
    >>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=12,
    ...                   interest="amortizing", annual_rate_percent=Decimal("8.24"))
    >>> plan = build_plan(money("2500.00", "USD"), terms, plan_id="PP-2",
    ...                   customer_id="C1", plan_date=dt.date(2026, 1, 1))
    >>> first, last = plan.installments[0], plan.installments[-1]
    >>> first.amount, first.interest, first.principal, last.amount
    (Money('217.75', 'USD'), Money('17.17', 'USD'), Money('200.58', 'USD'), Money('217.72', 'USD'))
    >>> plan.interest
    Money('112.97', 'USD')
    """
    _check_date("plan_date", plan_date)
    if not isinstance(terms, PlanTerms):
        raise ValidationError("terms", terms, "a PlanTerms")
    if adjuster is not None and not isinstance(adjuster, BusinessDayAdjuster):
        raise ValidationError("adjuster", adjuster, "an object with adjust(day) -> date, or None")
    if not isinstance(customer_id, str) or not customer_id.strip():
        raise ValidationError("customer_id", customer_id, "a non-empty string identifier")
    owed, items = _plan_balance(balance, customer_id)
    currency = owed.code
    for name in ("installment_amount", "down_payment", "fee"):
        _same_currency(f"apply terms.{name} to a plan in", currency, getattr(terms, name))
    if terms.first_due_date < plan_date:
        raise ValidationError(
            "terms.first_due_date",
            terms.first_due_date,
            f"a date on or after the plan date {plan_date.isoformat()}",
        )
    balance_units = to_minor(owed)
    if terms.down_payment is not None:
        down = to_minor(terms.down_payment)
    elif terms.down_payment_percent is not None:
        down = _round(balance_units * terms.down_payment_percent / 100)
    else:
        down = 0
    if down >= balance_units:
        raise ValidationError(
            "terms.down_payment", from_minor(down, currency), f"less than the balance {owed}"
        )
    fee = to_minor(terms.fee) if terms.fee is not None else 0
    upfront_fee = fee if terms.fee_treatment is FeeTreatment.UPFRONT else 0
    if down > 0 and terms.first_due_date <= plan_date:
        raise ValidationError(
            "terms.first_due_date",
            terms.first_due_date,
            f"a date after the plan date {plan_date.isoformat()} (the down payment falls due on it)",
        )
    financed = balance_units - down + (fee if terms.fee_treatment is FeeTreatment.FINANCED else 0)

    principal: list[int]
    interest: list[int]
    if terms.installment_amount is not None and terms.interest is InterestMethod.AMORTIZING:
        scheduled, principal, interest = _amortize_amount(
            financed, plan_date, terms, to_minor(terms.installment_amount), currency
        )
    elif terms.interest is InterestMethod.AMORTIZING:
        assert terms.installments is not None
        scheduled = list(
            _scheduled_dates(terms.first_due_date, terms.frequency, terms.installments)
        )
        rates = _period_rates(plan_date, scheduled, terms)
        principal, interest = _amortize(financed, rates)
    else:
        scheduled, principal, interest = _simple_schedule(financed, plan_date, terms, currency)

    count = len(scheduled)
    spread = (
        _last_takes_rest(fee, count) if terms.fee_treatment is FeeTreatment.SPREAD else [0] * count
    )
    if upfront_fee and down == 0:
        spread[0] += upfront_fee
    due = _adjusted(scheduled, adjuster)
    if due[0] < plan_date or (down > 0 and due[0] <= plan_date):
        raise ValidationError(
            "adjuster", due[0], f"a first business day after the plan date {plan_date.isoformat()}"
        )
    schedule: list[Installment] = []
    if down > 0:
        schedule.append(
            Installment(
                number=0,
                due_date=plan_date,
                principal=from_minor(down, currency),
                interest=zero(currency),
                fee=from_minor(upfront_fee, currency),
            )
        )
    for index in range(count):
        schedule.append(
            Installment(
                number=index + 1,
                due_date=due[index],
                principal=from_minor(principal[index], currency),
                interest=from_minor(interest[index], currency),
                fee=from_minor(spread[index], currency),
            )
        )
    return PaymentPlan(
        id=plan_id,
        customer_id=customer_id,
        plan_date=plan_date,
        balance=owed,
        down_payment=from_minor(down, currency),
        interest=from_minor(sum(interest), currency),
        fee=from_minor(fee, currency),
        terms=terms,
        installments=schedule,
        items=items,
        replaces=replaces,
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


# --- policy and approval -----------------------------------------------------------------


def _policy_int(field: str, value: object, minimum: int = 0) -> None:
    if not _is_int(value) or value < minimum:  # type: ignore[operator]
        raise PolicyError(field, value, f"a whole number, {minimum} or more")


def _whole(prefix: str, minimum: int) -> Any:
    """A validator: a whole number of at least ``minimum``, reported as ``prefix.<field>``."""

    def check(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
        _policy_int(f"{prefix}.{attribute.name}", value, minimum)

    return check


def _name(prefix: str, what: str) -> Any:
    """A validator: a non-empty string, reported as ``prefix.<field>``."""

    def check(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise PolicyError(f"{prefix}.{attribute.name}", value, what)

    return check


@attrs.frozen(kw_only=True)
class RiskLimit:
    """The longest plan a risk class may get: installments and days from plan date to last due.

    >>> RiskLimit(risk_class="high", max_installments=6, max_term_days=180).max_installments
    6
    """

    risk_class: str = attrs.field(validator=_name("risk_limit", "a non-empty risk class"))
    max_installments: int = attrs.field(validator=_whole("risk_limit", 1))
    max_term_days: int = attrs.field(validator=_whole("risk_limit", 0))


def _tier_up_to(instance: object, attribute: attrs.Attribute[Money | None], value: object) -> None:
    if value is not None and (not isinstance(value, Money) or value.amount <= 0):
        raise PolicyError("approval_tier.up_to", value, "a positive Money or None")


@attrs.frozen(kw_only=True)
class ApprovalTier:
    """An approval level and the largest plan balance it may sign (None: no upper limit).

    >>> from receivables.money import money
    >>> ApprovalTier(level="credit_manager", up_to=money("50000.00", "USD")).level
    'credit_manager'
    """

    level: str = attrs.field(validator=_name("approval_tier", "a non-empty level name"))
    up_to: Money | None = attrs.field(default=None, validator=_tier_up_to)


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _min_down_payment_percent(value: object) -> Decimal:
    try:
        return _decimal("plan_policy.min_down_payment_percent", value)
    except ValidationError as error:
        raise PolicyError(error.field, error.value, error.expected) from None


def _policy_version(policy: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_policy_identity("policy", value)


def _policy_id(policy: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_policy_identity(value, "1")


def _policy_currency(policy: object, attribute: attrs.Attribute[str], value: object) -> None:
    try:
        Money(0, value)
    except ValidationError:
        raise PolicyError("plan_policy.currency", value, "an ISO 4217 code") from None


def _risk_limits(
    policy: PlanPolicy, attribute: attrs.Attribute[tuple[RiskLimit, ...]], value: object
) -> None:
    seen: set[str] = set()
    for index, limit in enumerate(policy.limits):
        if not isinstance(limit, RiskLimit):
            raise PolicyError(f"plan_policy.limits[{index}]", limit, "a RiskLimit")
        if limit.risk_class in seen:
            raise PolicyError(
                f"plan_policy.limits[{index}].risk_class",
                limit.risk_class,
                "one limit per risk class",
            )
        seen.add(limit.risk_class)


def _down_payment_share(
    policy: PlanPolicy, attribute: attrs.Attribute[Decimal], value: Decimal
) -> None:
    if not value.is_finite() or not Decimal(0) <= value < 100:
        raise PolicyError(
            "plan_policy.min_down_payment_percent", value, "a percent from 0 up to 100"
        )


def _policy_amount(policy: PlanPolicy, attribute: attrs.Attribute[Any], value: object) -> None:
    field = f"plan_policy.{attribute.name}"
    if value is None and attribute.name == "min_installment":
        return
    if not isinstance(value, Money) or value.amount < 0:
        raise PolicyError(field, value, "a Money of zero or more")
    if value.code != policy.currency:
        raise PolicyError(field, value, f"an amount in the policy currency {policy.currency}")


def _tiers(
    policy: PlanPolicy, attribute: attrs.Attribute[tuple[ApprovalTier, ...]], value: object
) -> None:
    levels: list[str] = []
    previous: Money | None = policy.analyst_limit
    for index, tier in enumerate(policy.approval_tiers):
        field = f"plan_policy.approval_tiers[{index}]"
        if not isinstance(tier, ApprovalTier):
            raise PolicyError(field, tier, "an ApprovalTier")
        if tier.level in levels:
            raise PolicyError(f"{field}.level", tier.level, "a level named once")
        if previous is None:
            raise PolicyError(field, tier, "no tier after one without an upper limit")
        if tier.up_to is not None:
            if tier.up_to.code != policy.currency:
                raise PolicyError(
                    f"{field}.up_to",
                    tier.up_to,
                    f"an amount in the policy currency {policy.currency}",
                )
            if previous.code == tier.up_to.code and tier.up_to <= previous:
                raise PolicyError(
                    f"{field}.up_to", tier.up_to, f"more than the level below, {previous}"
                )
        levels.append(tier.level)
        previous = tier.up_to


def _exception_level(
    policy: PlanPolicy, attribute: attrs.Attribute[str | None], value: object
) -> None:
    levels = [tier.level for tier in policy.approval_tiers]
    if value is not None and value not in levels:
        raise PolicyError(
            "plan_policy.exception_level", value, f"None or one of the tier levels {levels}"
        )


def _missed_after(policy: PlanPolicy, attribute: attrs.Attribute[int], value: object) -> None:
    _policy_int("plan_policy.missed_after_days", value, 0)
    if value < policy.grace_days:  # type: ignore[operator]
        raise PolicyError(
            "plan_policy.missed_after_days",
            value,
            f"a number of days of at least grace_days ({policy.grace_days})",
        )


@attrs.frozen(kw_only=True)
class PlanPolicy:
    """Which plans an analyst may sign, which need a higher level, and when a plan breaks.

    ``limits`` caps installments and term per risk class (``max_installments``
    and ``max_term_days`` apply to risk classes not listed). A plan whose
    balance exceeds ``analyst_limit`` needs the first of ``approval_tiers``
    (ordered, each larger than the last) whose ``up_to`` covers it; above
    every tier it is rejected. A plan outside the limits (installments, term,
    down payment, minimum installment) is rejected unless ``exception_level``
    names a tier that may approve exceptions. Tracking reads ``grace_days``,
    ``missed_after_days``, ``broken_after_missed`` and ``broken_after_days_late``.
    Amounts are in the policy's ``currency``; every rule is a field validator,
    so :func:`receivables.interop.structure` reports every bad field at once.

    >>> PlanPolicy(grace_days=10, missed_after_days=5)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: plan_policy.missed_after_days: got 5; expected a number of days of at least grace_days (10)
    """

    id: str = attrs.field(default="payment-plans", validator=_policy_id)
    version: str = attrs.field(default="1", validator=_policy_version)
    currency: str = attrs.field(default="USD", validator=_policy_currency)
    limits: tuple[RiskLimit, ...] = attrs.field(
        default=(), converter=_tuple, validator=_risk_limits
    )
    max_installments: int = attrs.field(default=12, validator=_whole("plan_policy", 1))
    max_term_days: int = attrs.field(default=366, validator=_whole("plan_policy", 0))
    min_down_payment_percent: Decimal = attrs.field(
        default=Decimal(0), converter=_min_down_payment_percent, validator=_down_payment_share
    )
    min_installment: Money | None = attrs.field(default=None, validator=_policy_amount)
    analyst_limit: Money = attrs.field(
        factory=lambda: Money("5000.00", "USD"), validator=_policy_amount
    )
    approval_tiers: tuple[ApprovalTier, ...] = attrs.field(
        factory=lambda: (
            ApprovalTier(level="team_lead", up_to=Money("25000.00", "USD")),
            ApprovalTier(level="credit_manager", up_to=Money("100000.00", "USD")),
            ApprovalTier(level="cfo"),
        ),
        converter=_tuple,
        validator=_tiers,
    )
    exception_level: str | None = attrs.field(default=None, validator=_exception_level)
    grace_days: int = attrs.field(default=5, validator=_whole("plan_policy", 0))
    missed_after_days: int = attrs.field(default=30, validator=_missed_after)
    broken_after_missed: int = attrs.field(default=2, validator=_whole("plan_policy", 1))
    broken_after_days_late: int = attrs.field(default=60, validator=_whole("plan_policy", 0))

    def limit_for(self, risk_class: str) -> RiskLimit:
        """The installment and term limit of ``risk_class`` (the defaults when it is not listed).

        >>> PlanPolicy(limits=[RiskLimit(risk_class="high", max_installments=3,
        ...     max_term_days=90)]).limit_for("low").max_installments
        12
        """
        for limit in self.limits:
            if limit.risk_class == risk_class:
                return limit
        return RiskLimit(
            risk_class=risk_class,
            max_installments=self.max_installments,
            max_term_days=self.max_term_days,
        )


@attrs.frozen(kw_only=True)
class PlanDecision:
    """Approved, needs approval at ``approval_level``, or rejected, with the rules that fired.

    >>> from receivables.money import money
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


def evaluate(plan: PaymentPlan, customer: Customer, policy: PlanPolicy) -> PlanDecision:
    """What ``policy`` says about ``plan`` for ``customer``: approve, escalate, or reject.

    >>> from receivables.money import money
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
    currency = plan.currency
    rejections: list[Reason] = []
    exceptions: list[Reason] = []
    notes: list[Reason] = []
    if customer.status is not CustomerStatus.ACTIVE:
        rejections.append(
            Reason(
                "customer_not_active",
                f"Customer status is {customer.status.value}; plans are for active customers.",
                {"status": customer.status.value},
            )
        )
    limit = policy.limit_for(customer.risk_class)
    count = plan.installment_count
    if count > limit.max_installments:
        exceptions.append(
            Reason(
                "installments_over_limit",
                f"{count} installments; risk class {limit.risk_class!r} allows {limit.max_installments}.",
                {
                    "installments": count,
                    "max_installments": limit.max_installments,
                    "risk_class": limit.risk_class,
                },
            )
        )
    if plan.term_days > limit.max_term_days:
        exceptions.append(
            Reason(
                "term_over_limit",
                f"A term of {plan.term_days} days; risk class {limit.risk_class!r} allows "
                f"{limit.max_term_days}.",
                {
                    "term_days": plan.term_days,
                    "max_term_days": limit.max_term_days,
                    "risk_class": limit.risk_class,
                },
            )
        )
    minimum_down = _round(
        to_minor(plan.balance) * policy.min_down_payment_percent / 100, ROUND_HALF_UP
    )
    if to_minor(plan.down_payment) < minimum_down:
        exceptions.append(
            Reason(
                "down_payment_below_minimum",
                f"Down payment {plan.down_payment.amount} is below the minimum "
                f"{from_minor(minimum_down, currency).amount} ({policy.min_down_payment_percent}%).",
                {
                    "down_payment": str(plan.down_payment.amount),
                    "minimum": str(from_minor(minimum_down, currency).amount),
                },
            )
        )
    if policy.min_installment is not None:
        regular = [i for i in plan.installments if not i.is_down_payment]
        checked = regular[:-1] or regular  # the last carries the remainder and may be smaller
        smallest = min(checked, key=lambda i: (i.amount.amount, i.number))
        if smallest.amount < policy.min_installment:
            exceptions.append(
                Reason(
                    "installment_below_minimum",
                    f"Installment {smallest.number} is {smallest.amount.amount}; the minimum is "
                    f"{policy.min_installment.amount}.",
                    {
                        "installment": smallest.number,
                        "amount": str(smallest.amount.amount),
                        "minimum": str(policy.min_installment.amount),
                    },
                )
            )
    levels = [tier.level for tier in policy.approval_tiers]
    needed: list[int] = []
    if plan.balance <= policy.analyst_limit:
        notes.append(
            Reason(
                "within_analyst_limit",
                f"Balance {plan.balance.amount} is within the analyst limit "
                f"{policy.analyst_limit.amount}.",
                {"balance": str(plan.balance.amount), "limit": str(policy.analyst_limit.amount)},
            )
        )
    else:
        tier_index = next(
            (
                index
                for index, tier in enumerate(policy.approval_tiers)
                if tier.up_to is None or plan.balance <= tier.up_to
            ),
            None,
        )
        if tier_index is None:
            rejections.append(
                Reason(
                    "above_approval_tiers",
                    f"Balance {plan.balance.amount} is above every approval tier.",
                    {"balance": str(plan.balance.amount)},
                )
            )
        else:
            needed.append(tier_index)
            notes.append(
                Reason(
                    "above_analyst_limit",
                    f"Balance {plan.balance.amount} is above the analyst limit "
                    f"{policy.analyst_limit.amount}; {levels[tier_index]} signs it.",
                    {"balance": str(plan.balance.amount), "level": levels[tier_index]},
                )
            )
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
        installment_count=count,
        term_days=plan.term_days,
        reasons=reasons,
        policy_id=policy.id,
        policy_version=policy.version,
    )


# --- tracking ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class InstallmentPosition:
    """One installment as of a date: what was paid (by which payments), what is open, how late.

    ``applied`` lists ``(payment id, amount)`` in the order they were applied;
    ``paid_on`` is the day it was paid in full (None while anything is open).

    >>> from receivables.money import money
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
    plan: PaymentPlan, payments: Iterable[Payment], as_of: dt.date, policy: PlanPolicy
) -> PlanTracking:
    """Where ``plan`` stands on ``as_of`` given the ``payments`` received for it.

    >>> from receivables.money import money
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
    _check_date("as_of", as_of)
    currency = plan.currency
    chosen, earlier = _payments_for(plan, payments, as_of)
    allocation = _allocate(plan, chosen)
    positions: list[InstallmentPosition] = []
    paid_total = 0
    open_total = 0
    overdue = 0
    arrears = 0
    for index, installment in enumerate(plan.installments):
        parts = allocation.applied[index]
        paid = sum(units for _, units, _ in parts)
        open_units = to_minor(installment.amount) - paid
        status = _status(installment, paid, open_units, as_of, policy)
        paid_total += paid
        open_total += open_units
        if installment.due_date <= as_of:
            overdue += open_units
        if status in (InstallmentStatus.LATE, InstallmentStatus.MISSED):
            arrears += 1
        positions.append(
            InstallmentPosition(
                installment=installment,
                status=status,
                paid=from_minor(paid, currency),
                open=from_minor(open_units, currency),
                days_late=_days_late(installment.due_date, as_of) if open_units else 0,
                paid_on=allocation.paid_on[index],
                applied=tuple((pid, from_minor(units, currency)) for pid, units, _ in parts),
            )
        )
    broken = _broken_on(plan, allocation, as_of, policy)
    reasons: list[Reason] = []
    if open_total == 0:
        outcome = PlanStatus.COMPLETED
        reasons.append(Reason("all_installments_paid", "Every installment is paid."))
    elif broken is not None:
        outcome = PlanStatus.BROKEN
        day, rule = broken
        text = (
            f"{policy.broken_after_missed} installment(s) missed"
            if rule == "missed_installments_limit"
            else f"an installment more than {policy.broken_after_days_late} days late"
        )
        reasons.append(
            Reason(rule, f"Broken on {day.isoformat()}: {text}.", {"broken_on": day.isoformat()})
        )
    elif arrears:
        outcome = PlanStatus.IN_ARREARS
        reasons.append(
            Reason(
                "installments_overdue",
                f"{arrears} installment(s) unpaid past the {policy.grace_days} grace days.",
                {"overdue_installments": arrears},
            )
        )
    else:
        outcome = PlanStatus.CURRENT
        reasons.append(Reason("installments_on_time", "Nothing is unpaid past the grace days."))
    if allocation.unapplied:
        reasons.append(
            Reason(
                "overpayment_unapplied",
                f"{from_minor(allocation.unapplied, currency).amount} received beyond the plan.",
                {"unapplied": str(from_minor(allocation.unapplied, currency).amount)},
            )
        )
    if earlier:
        cutoff = "on or before" if plan.replaces is not None else "before"
        reasons.append(
            Reason(
                "payments_before_plan_ignored",
                f"{len(earlier)} payment(s) dated {cutoff} the plan date "
                f"{plan.plan_date.isoformat()} are not counted: the plan's balance is net of them.",
                {"payments": earlier},
            )
        )
    return PlanTracking(
        plan_id=plan.id,
        as_of=as_of,
        outcome=outcome,
        installments=tuple(positions),
        paid=from_minor(paid_total, currency),
        open=from_minor(open_total, currency),
        to_bring_current=from_minor(overdue, currency),
        unapplied=from_minor(allocation.unapplied, currency),
        broken_on=broken[0] if broken is not None else None,
        reasons=tuple(reasons),
        policy_id=policy.id,
        policy_version=policy.version,
    )


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
    >>> terms = PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=2,
    ...                   interest="flat", annual_rate_percent=Decimal("12"))
    >>> plan = build_plan(money("1000.00", "USD"), terms, plan_id="PP-5",
    ...                   customer_id="C1", plan_date=dt.date(2026, 1, 1))
    >>> [str(i.amount.amount) for i in plan.installments]
    ['510.00', '510.00']
    >>> carried_balance(track(plan, [], dt.date(2026, 2, 20), PlanPolicy()))
    Money('1010.00', 'USD')
    """
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
    policy: PlanPolicy,
    *,
    plan_id: str,
    adjuster: BusinessDayAdjuster | None = None,
) -> PaymentPlan:
    """A new plan, dated ``as_of``, for what a broken (or in-arrears) plan leaves open.

    The new plan's balance is :func:`carried_balance` and it ``replaces`` the
    old plan. Payments dated on or before ``as_of`` belong to the old plan and
    later ones to the new plan; :func:`track` applies that split itself, so the
    same list of payments may be given to both plans without counting any twice.

    >>> from receivables.money import money
    >>> old = build_plan(money("900.00", "USD"),
    ...     PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=3),
    ...     plan_id="PP-6", customer_id="C1", plan_date=dt.date(2026, 1, 1))
    >>> new = renegotiate(old, [], dt.date(2026, 4, 15),
    ...     PlanTerms(first_due_date=dt.date(2026, 5, 1), installments=6), PlanPolicy(),
    ...     plan_id="PP-7")
    >>> new.balance, new.replaces, len(new.installments)
    (Money('900.00', 'USD'), 'PP-6', 6)
    """
    tracking = track(plan, payments, as_of, policy)
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
