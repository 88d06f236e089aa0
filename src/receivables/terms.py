"""When is each part of this invoice due, and what discount does paying early earn?

Payment terms are data, the way ERPs keep them: :class:`PaymentTerms` holds
ordered :class:`TermLine` rows, each a *percent* of the total, a *fixed*
amount, or the *balance*, with a rule for its due date and, optionally,
early-payment discounts (:class:`EarlyDiscount`). The shape follows Odoo's
``account.payment.term.line`` (value percent/fixed/balance; months, days,
end of month, days after), Tryton's ``account.invoice.payment_term.line``
(a ``dateutil.relativedelta`` of months, day of month and days) and ERPNext's
Payment Terms Template (invoice portion, due date based on days after the
invoice date or the end of its month, discount and discount validity).

The due date of a line, from the invoice date, in this order:

1. ``+ relativedelta(months=months, day=day_of_month, days=days)``: whole
   months (31 January + 1 month is 28 February), then the day of that month
   (clamped to its length), then days; exactly one Tryton delta row.
2. if ``end_of_month``: the last day of that month, then ``days_after`` days
   (Odoo's "end of month" and "days after"; ERPNext's "after the end of the
   invoice month").
3. if ``day_of_next_month``: that day of the following month, clamped (Odoo's
   "days end of month on the": "90 days, on the 10th").

:func:`schedule` splits a total into :class:`Installment` values that sum to
it exactly. Percent lines are a share of the *total*, rounded half up to the
currency's minor unit, but never more than what is left (Tryton's rule, so
rounding never overdraws); fixed lines take their amount; the balance line,
always last, takes the residual, as in Odoo and Tryton. Fixed lines that need
more than the total are an error here, where Odoo books a negative balance
line and Tryton truncates. Installments of zero are dropped (Tryton does the
same); the rest are sorted by due date and numbered. With a
:class:`~receivables.calendars.BusinessCalendar`, due dates move to business
days by the given :class:`~receivables.calendars.Roll`, never before the
invoice date (a rule that lands earlier, such as the 1st of this month,
gives the invoice date itself, as ERPNext does).

An early-payment discount is a percentage of *the installment it pays*,
earned only when that installment is paid on or before the last day of the
window (``days`` after the invoice date; the window is not moved by the
calendar, and must end on or before the line's own, unadjusted due date).
ERPNext computes a payment-schedule row's percentage discount on
the invoice's grand total instead (``apply_early_payment_discount`` in
``erpnext/accounts/doctype/payment_entry/payment_entry.py``), which overstates
the discount whenever the invoice has more than one installment.

>>> terms = PaymentTerms.parse("2/10 net 30")
>>> (installment,) = schedule(terms, money("1000.00", "USD"), dt.date(2026, 1, 5))
>>> installment.due_date, installment.amount
(datetime.date(2026, 2, 4), Money('1000.00', 'USD'))
>>> installment.discount_on(dt.date(2026, 1, 15)), installment.discount_on(dt.date(2026, 1, 16))
(Money('20.00', 'USD'), Money('0.00', 'USD'))

The date rules are written here on top of ``dateutil.relativedelta`` (which
does the month arithmetic) because no library models ERP payment terms.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from receivables.calendars import BusinessCalendar, Roll
from receivables.decisions import check_policy_identity
from receivables.documents import Discount, Invoice
from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.money import Money, from_minor, money, to_minor, zero
from receivables.validators import check_date, check_whole

__all__ = [
    "FORMS",
    "EarlyDiscount",
    "Installment",
    "LineValue",
    "PaymentTerms",
    "TermLine",
    "invoices_for",
    "net",
    "schedule",
]

_HUNDRED: Final = Decimal(100)
_MAX_MONTHS: Final = 120
_MAX_DAYS: Final = 3660


class LineValue(enum.StrEnum):
    """What a term line asks for: a percent of the total, a fixed amount, or the balance.

    >>> [member.value for member in LineValue]
    ['percent', 'fixed', 'balance']
    """

    PERCENT = "percent"
    FIXED = "fixed"
    BALANCE = "balance"


def _line_value(value: object) -> LineValue:
    try:
        return LineValue(str(value))
    except ValueError:
        accepted = ", ".join(repr(member.value) for member in LineValue)
        raise ValidationError("term_line.value", value, f"one of {accepted}") from None


def _optional_day(field: str, value: object) -> int | None:
    return None if value is None else check_whole(field, value, 1, 31)


def _percent(field: str, value: object, *, below_hundred: bool) -> Decimal:
    number: Decimal | None = None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except ArithmeticError:
            number = None
    if number is None or not number.is_finite():
        raise ValidationError(field, value, "a percentage as a str, int or Decimal (never float)")
    top = "below 100" if below_hundred else "up to 100"
    if number <= 0 or number > _HUNDRED or (below_hundred and number == _HUNDRED):
        raise ValidationError(field, value, f"a percentage above 0 and {top}")
    return number


def _discount_percent(value: object) -> Decimal:
    return _percent("early_discount.percent", value, below_hundred=True)


def _discount_days(value: object) -> int:
    return check_whole("early_discount.days", value, 0, _MAX_DAYS)


@attrs.frozen(kw_only=True)
class EarlyDiscount:
    """``percent`` off an installment paid within ``days`` days of the invoice date.

    >>> EarlyDiscount(percent=Decimal("2"), days=10)
    EarlyDiscount(percent=Decimal('2'), days=10)
    >>> EarlyDiscount(percent=Decimal("100"), days=10)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: early_discount.percent: got Decimal('100'); expected a percentage above 0 and below 100
    """

    percent: Decimal = attrs.field(converter=_discount_percent)
    days: int = attrs.field(converter=_discount_days)


def _listed(field: str, value: object) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(field, value, "a list (or other iterable)")
    return tuple(value)


def _early_discounts(value: object) -> tuple[EarlyDiscount, ...]:
    tiers = _listed("term_line.discounts", value)
    for index, tier in enumerate(tiers):
        if not isinstance(tier, EarlyDiscount):
            raise ValidationError(f"term_line.discounts[{index}]", tier, "an EarlyDiscount")
    for index in range(1, len(tiers)):
        earlier, later = tiers[index - 1], tiers[index]
        if not (later.days > earlier.days and later.percent < earlier.percent):
            raise PolicyError(
                f"term_line.discounts[{index}]",
                later,
                "tiers with strictly more days and a strictly smaller percent than the one before",
            )
    return tiers


@attrs.frozen(kw_only=True)
class TermLine:
    """One row of payment terms: how much (``value``) and when (the date rule).

    ``percent`` is required for a percent line, ``amount`` for a fixed line;
    a balance line has neither.

    >>> TermLine(months=1, end_of_month=True).due_date(dt.date(2026, 1, 15))
    datetime.date(2026, 2, 28)
    >>> TermLine(value="percent", percent=Decimal("30")).due_date(dt.date(2026, 1, 15))
    datetime.date(2026, 1, 15)
    >>> TermLine(value="percent")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: term_line.percent: got None; expected a percentage above 0 and up to 100 on a percent line
    """

    value: LineValue = attrs.field(default=LineValue.BALANCE, converter=_line_value)
    percent: Decimal | None = attrs.field(default=None)
    amount: Money | None = attrs.field(default=None)
    months: int = attrs.field(default=0)
    day_of_month: int | None = attrs.field(default=None)
    days: int = attrs.field(default=0)
    end_of_month: bool = attrs.field(default=False)
    days_after: int = attrs.field(default=0)
    day_of_next_month: int | None = attrs.field(default=None)
    discounts: tuple[EarlyDiscount, ...] = attrs.field(default=(), converter=_early_discounts)

    def __attrs_post_init__(self) -> None:
        if self.value is LineValue.PERCENT:
            if self.percent is None:
                raise ValidationError(
                    "term_line.percent",
                    None,
                    "a percentage above 0 and up to 100 on a percent line",
                )
            object.__setattr__(
                self, "percent", _percent("term_line.percent", self.percent, below_hundred=False)
            )
        elif self.percent is not None:
            raise ValidationError(
                "term_line.percent", self.percent, f"None on a {self.value.value} line"
            )
        if self.value is LineValue.FIXED:
            if not isinstance(self.amount, Money) or self.amount.amount <= 0:
                raise ValidationError(
                    "term_line.amount", self.amount, "a positive Money on a fixed line"
                )
            money(self.amount.amount, self.amount.code, field="term_line.amount")
        elif self.amount is not None:
            raise ValidationError(
                "term_line.amount", self.amount, f"None on a {self.value.value} line"
            )
        check_whole("term_line.months", self.months, 0, _MAX_MONTHS)
        check_whole("term_line.days", self.days, 0, _MAX_DAYS)
        check_whole("term_line.days_after", self.days_after, 0, _MAX_DAYS)
        _optional_day("term_line.day_of_month", self.day_of_month)
        _optional_day("term_line.day_of_next_month", self.day_of_next_month)
        if not isinstance(self.end_of_month, bool):
            raise ValidationError("term_line.end_of_month", self.end_of_month, "True or False")
        if self.days_after and not self.end_of_month:
            raise PolicyError(
                "term_line.days_after",
                self.days_after,
                "0 unless end_of_month is set (days after the end of the month)",
            )
        if self.day_of_next_month is not None and self.end_of_month:
            raise PolicyError(
                "term_line.day_of_next_month",
                self.day_of_next_month,
                "None when end_of_month is set (use end_of_month or a day of the next month)",
            )

    def due_date(self, invoice_date: dt.date) -> dt.date:
        """The unadjusted due date of this line for an invoice dated ``invoice_date``.

        >>> TermLine(days=30, day_of_next_month=10).due_date(dt.date(2023, 12, 12))
        datetime.date(2024, 2, 10)
        """
        due = invoice_date + relativedelta(
            months=self.months, day=self.day_of_month, days=self.days
        )
        if self.end_of_month:
            due = due + relativedelta(day=31) + relativedelta(days=self.days_after)
        if self.day_of_next_month is not None:
            due = due + relativedelta(months=1, day=self.day_of_next_month)
        return due


def _lines(value: object) -> tuple[TermLine, ...]:
    lines = _listed("payment_terms.lines", value)
    for index, line in enumerate(lines):
        if not isinstance(line, TermLine):
            raise ValidationError(f"payment_terms.lines[{index}]", line, "a TermLine")
    return lines


def _default_name(terms: PaymentTerms) -> str:
    return terms.id


@attrs.frozen(kw_only=True)
class PaymentTerms:
    """Named, versioned payment terms: lines of percent, fixed and, last, the balance.

    >>> PaymentTerms(id="net-30", lines=[TermLine(days=30)]).name
    'net-30'
    >>> PaymentTerms(id="half", lines=[TermLine(value="percent", percent=Decimal(50))])
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: payment_terms.lines[0].value: got 'percent'; expected 'balance': the last line takes the balance, as in Odoo and Tryton
    """

    id: str = attrs.field()
    lines: tuple[TermLine, ...] = attrs.field(converter=_lines)
    name: str = attrs.field(default=attrs.Factory(_default_name, takes_self=True))
    version: str = attrs.field(default="1")

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)
        if not isinstance(self.name, str):
            raise ValidationError("payment_terms.name", self.name, "a string")
        if not self.lines:
            raise PolicyError("payment_terms.lines", (), "at least one line, the balance")
        last = len(self.lines) - 1
        if self.lines[last].value is not LineValue.BALANCE:
            raise PolicyError(
                f"payment_terms.lines[{last}].value",
                self.lines[last].value.value,
                "'balance': the last line takes the balance, as in Odoo and Tryton",
            )
        for index, line in enumerate(self.lines[:last]):
            if line.value is LineValue.BALANCE:
                raise PolicyError(
                    f"payment_terms.lines[{index}].value",
                    line.value.value,
                    "'percent' or 'fixed': only the last line takes the balance",
                )
        percents = sum((line.percent or Decimal(0) for line in self.lines), Decimal(0))
        if percents > _HUNDRED:
            raise PolicyError(
                "payment_terms.lines",
                f"{percents}%",
                "percent lines that add up to 100% or less",
            )
        codes = sorted({line.amount.code for line in self.lines if line.amount is not None})
        if len(codes) > 1:
            raise CurrencyMismatchError("mix fixed term lines in", codes[0], codes[1])

    @property
    def currency(self) -> str | None:
        """The currency of the fixed lines, or None when there are none.

        >>> net(30).currency is None
        True
        >>> PaymentTerms(id="deposit", lines=[TermLine(value="fixed", amount=money("50.00", "EUR")),
        ...                                   TermLine(days=30)]).currency
        'EUR'
        """
        for line in self.lines:
            if line.amount is not None:
                return line.amount.code
        return None

    @classmethod
    def parse(cls, text: str, *, id: str | None = None, version: str = "1") -> PaymentTerms:
        """Terms from the short forms people write on invoices (see :data:`receivables.terms.FORMS`).

        >>> [line.days for line in PaymentTerms.parse("Net 30").lines]
        [30]
        >>> terms = PaymentTerms.parse("30% now, balance end of following month")
        >>> [(line.value.value, line.percent, line.months, line.end_of_month) for line in terms.lines]
        [('percent', Decimal('30'), 0, False), ('balance', None, 1, True)]
        >>> PaymentTerms.parse("the 15th of the month after next").lines[0].due_date(dt.date(2026, 1, 20))
        datetime.date(2026, 3, 15)
        """
        if not isinstance(text, str):
            raise ValidationError("payment_terms.text", text, _ACCEPTED)
        spoken = " ".join(text.lower().split())
        lines = _parse_lines(spoken)
        if lines is None:
            raise ValidationError("payment_terms.text", text, _ACCEPTED)
        identifier = id if id is not None else re.sub(r"[^a-z0-9]+", "-", spoken).strip("-")
        return cls(id=identifier, lines=lines, name=text.strip(), version=version)


# --- parsing the short forms ---------------------------------------------------------------

_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_NUMBER = r"(\d+(?:\.\d+)?)"

_WHEN: Final[tuple[tuple[str, str], ...]] = (
    (r"(?:immediate(?: payment)?|due on receipt|now)", "immediate"),
    (r"(?:net|n/) ?(\d+)(?: days?)?", "days"),
    (r"(\d+) days?,? (?:end of month )?on the " + _ORDINAL, "days_on_the"),
    (r"(\d+) days?", "days"),
    (r"(?:end of (?:the )?month|eom)(?: ?\+ ?(\d+)(?: days?)?)?", "end_of_month"),
    (r"end of (?:the )?(?:following|next) month", "end_of_next_month"),
    (r"(?:on )?the " + _ORDINAL + r" of (?:the )?(?:following|next) month", "next_month_day"),
    (r"(?:on )?the " + _ORDINAL + r" of the month after next", "month_after_next_day"),
    (r"(\d{1,2}) mfi", "next_month_day"),
)

FORMS: Final = (
    "net 30",
    "30 days",
    "immediate",
    "2/10 net 30",
    "end of month",
    "end of month + 30",
    "end of following month",
    "the 10th of next month",
    "the 15th of the month after next",
    "21 MFI",
    "90 days, on the 10th",
    "30% now, balance 60 days",
    "30% now, balance end of following month",
)
"""The forms :meth:`PaymentTerms.parse` reads (any of the date rules can follow a
discount ``P/D`` or a ``P% now, balance`` prefix)."""

_ACCEPTED: Final = "payment terms in one of the forms " + ", ".join(repr(f) for f in FORMS)


def _when(text: str) -> dict[str, Any] | None:
    for pattern, kind in _WHEN:
        found = re.fullmatch(pattern, text)
        if found is None:
            continue
        groups = [int(group) for group in found.groups() if group is not None]
        if kind == "immediate":
            return {}
        if kind == "days":
            return {"days": groups[0]}
        if kind == "days_on_the":
            return {"days": groups[0], "day_of_next_month": groups[1]}
        if kind == "end_of_month":
            return {"end_of_month": True, "days_after": groups[0] if groups else 0}
        if kind == "end_of_next_month":
            return {"months": 1, "end_of_month": True}
        if kind == "next_month_day":
            return {"months": 1, "day_of_month": groups[0]}
        return {"months": 2, "day_of_month": groups[0]}
    return None


def _parse_lines(text: str) -> list[TermLine] | None:
    try:
        upfront = re.fullmatch(
            _NUMBER + r" ?% ?(?:now|advance|in advance|upfront),? (?:balance )?(.+)", text
        )
        if upfront is not None:
            rule = _when(upfront.group(2))
            if rule is None:
                return None
            first = TermLine(value=LineValue.PERCENT, percent=Decimal(upfront.group(1)))
            return [first, TermLine(**rule)]
        discounted = re.fullmatch(_NUMBER + r" ?%? ?/ ?(\d+),? (.+)", text)
        if discounted is not None:
            rule = _when(discounted.group(3))
            if rule is None:
                return None
            tier = EarlyDiscount(
                percent=Decimal(discounted.group(1)), days=int(discounted.group(2))
            )
            return [TermLine(discounts=(tier,), **rule)]
        rule = _when(text)
        return None if rule is None else [TermLine(**rule)]
    except ValidationError as error:
        raise ValidationError(
            "payment_terms.text", text, f"{_ACCEPTED} ({error.field}: {error.expected})"
        ) from None


def net(days: int) -> PaymentTerms:
    """The whole amount due ``days`` days after the invoice date.

    >>> net(30).lines[0].due_date(dt.date(2022, 1, 31))
    datetime.date(2022, 3, 2)
    """
    check_whole("days", days, 0, _MAX_DAYS)
    return PaymentTerms(id=f"net-{days}", name=f"Net {days}", lines=[TermLine(days=days)])


# --- the schedule ----------------------------------------------------------------------


def _discount_tuple(value: object) -> tuple[Discount, ...]:
    return _listed("installment.discounts", value)


@attrs.frozen(kw_only=True)
class Installment:
    """One part of an invoice: ``amount`` due on ``due_date``, with its early discounts.

    ``line`` is the index of the term line it comes from; ``unadjusted_due_date``
    is the date before any business-day roll. ``discounts`` are kept sorted by
    their last day; :meth:`discount_on` takes the first still open (for tiers
    built from terms, the largest).

    >>> from receivables.money import money
    >>> part = schedule(PaymentTerms.parse("2/10 net 30"), money("1000.00", "USD"),
    ...                 dt.date(2026, 1, 15))[0]
    >>> part.number, part.due_date, part.amount, part.discount_on(dt.date(2026, 1, 20))
    (1, datetime.date(2026, 2, 14), Money('1000.00', 'USD'), Money('20.00', 'USD'))
    """

    number: int = attrs.field()
    due_date: dt.date = attrs.field()
    amount: Money = attrs.field()
    discounts: tuple[Discount, ...] = attrs.field(default=(), converter=_discount_tuple)
    line: int = attrs.field(default=0)
    unadjusted_due_date: dt.date | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        check_whole("installment.number", self.number, 1, 10**6)
        check_whole("installment.line", self.line, 0, 10**6)
        check_date("installment.due_date", self.due_date)
        if self.unadjusted_due_date is not None:
            check_date("installment.unadjusted_due_date", self.unadjusted_due_date)
        if not isinstance(self.amount, Money) or self.amount.amount <= 0:
            raise ValidationError("installment.amount", self.amount, "a positive Money")
        for index, discount in enumerate(self.discounts):
            if not isinstance(discount, Discount):
                raise ValidationError(
                    f"installment.discounts[{index}]", discount, "a documents.Discount"
                )
            if discount.amount.code != self.amount.code:
                raise CurrencyMismatchError(
                    f"attach discounts[{index}] to", self.amount.code, discount.amount.code
                )
            if discount.amount >= self.amount:
                raise ValidationError(
                    f"installment.discounts[{index}].amount",
                    discount.amount,
                    f"less than the installment amount {self.amount.amount}",
                )
        ordered = tuple(sorted(self.discounts, key=lambda d: d.until))
        object.__setattr__(self, "discounts", ordered)

    def discount_on(self, paid_on: dt.date) -> Money:
        """The discount earned by paying this whole installment on ``paid_on``.

        >>> part = Installment(number=1, due_date=dt.date(2026, 1, 31),
        ...     amount=money("500.00", "USD"),
        ...     discounts=(Discount(amount=money("10.00", "USD"), until=dt.date(2026, 1, 11)),))
        >>> part.discount_on(dt.date(2026, 1, 11)), part.discount_on(dt.date(2026, 1, 12))
        (Money('10.00', 'USD'), Money('0.00', 'USD'))
        """
        check_date("paid_on", paid_on)
        for discount in self.discounts:
            if paid_on <= discount.until:
                return discount.amount
        return zero(self.amount.code)

    def due_on(self, paid_on: dt.date) -> Money:
        """What settles this installment in full on ``paid_on``: its amount less the discount.

        >>> part = Installment(number=1, due_date=dt.date(2026, 1, 31),
        ...     amount=money("500.00", "USD"),
        ...     discounts=(Discount(amount=money("10.00", "USD"), until=dt.date(2026, 1, 11)),))
        >>> part.due_on(dt.date(2026, 1, 10))
        Money('490.00', 'USD')
        """
        return self.amount - self.discount_on(paid_on)


def _check_total(total: object) -> Money:
    if not isinstance(total, Money):
        raise ValidationError("total", total, "a receivables.money.Money")
    if total.amount <= 0:
        raise ValidationError("total", total, "a positive amount to split into installments")
    to_minor(total)  # no more decimals than the currency has
    return total


def _due(
    line: TermLine,
    invoice_date: dt.date,
    calendar: BusinessCalendar | None,
    roll: Roll,
) -> tuple[dt.date, dt.date]:
    """The (adjusted, unadjusted) due date, never before the invoice date.

    A day-of-month rule can land before the invoice date (the 1st of this
    month); ERPNext then takes the invoice date itself, and so does this. A
    roll that would go back before the invoice date rolls forward instead.
    """
    unadjusted = max(line.due_date(invoice_date), invoice_date)
    if calendar is None:
        return unadjusted, unadjusted
    adjusted = calendar.adjust(unadjusted, roll)
    if adjusted < invoice_date:
        adjusted = calendar.adjust(unadjusted, Roll.FOLLOWING)
    return adjusted, unadjusted


def _discounts(
    line: TermLine,
    index: int,
    amount: Money,
    invoice_date: dt.date,
    due_date: dt.date,
) -> tuple[Discount, ...]:
    # ``due_date`` is the line's own, unadjusted date: the terms are checked against
    # themselves, so a calendar that rolls the due date back (preceding, modified
    # following at a month end) never makes valid terms fail.
    found = []
    for position, tier in enumerate(line.discounts):
        until = invoice_date + dt.timedelta(days=tier.days)
        if until > due_date:
            raise ValidationError(
                f"payment_terms.lines[{index}].discounts[{position}].days",
                tier.days,
                f"a window ending on or before the line's due date {due_date.isoformat()}"
                f" (it would end {until.isoformat()})",
            )
        off = Money(amount.amount * tier.percent / _HUNDRED, amount.code).quantized()
        if 0 < off.amount < amount.amount:
            found.append(Discount(amount=off, until=until))
    return tuple(found)


def schedule(
    terms: PaymentTerms,
    total: Money,
    invoice_date: dt.date,
    *,
    calendar: BusinessCalendar | None = None,
    roll: Roll | str = Roll.FOLLOWING,
) -> tuple[Installment, ...]:
    """Split ``total`` into installments by ``terms``; they sum to ``total`` exactly.

    Odoo's "30% Now, Balance 60 Days":

    >>> terms = PaymentTerms.parse("30% now, balance 60 days")
    >>> for part in schedule(terms, money("1000.00", "USD"), dt.date(2026, 1, 15)):
    ...     print(part.number, part.due_date, part.amount.amount, part.amount.code)
    1 2026-01-15 300.00 USD
    2 2026-03-16 700.00 USD

    With a calendar, Saturday 14 March 2026 moves to Monday 16 March:

    >>> from receivables.calendars import BusinessCalendar
    >>> [p.due_date for p in schedule(net(60), money("10", "JPY"), dt.date(2026, 1, 13),
    ...                               calendar=BusinessCalendar("US"))]
    [datetime.date(2026, 3, 16)]
    """
    if not isinstance(terms, PaymentTerms):
        raise ValidationError("terms", terms, "a PaymentTerms")
    total = _check_total(total)
    check_date("invoice_date", invoice_date)
    if calendar is not None and not isinstance(calendar, BusinessCalendar):
        raise ValidationError("calendar", calendar, "a BusinessCalendar or None")
    try:
        roll = Roll(roll)
    except ValueError:
        accepted = ", ".join(repr(member.value) for member in Roll)
        raise ValidationError("roll", roll, f"one of {accepted}") from None
    if terms.currency is not None and terms.currency != total.code:
        raise CurrencyMismatchError("schedule fixed term lines of", terms.currency, total.code)

    currency = total.code
    whole = to_minor(total)
    left = whole
    parts: list[tuple[dt.date, int, dt.date, Money, tuple[Discount, ...]]] = []
    for index, line in enumerate(terms.lines):
        if line.percent is not None:
            share = Money(total.amount * line.percent / _HUNDRED, currency).quantized()
            units = min(to_minor(share), left)
        elif line.amount is not None:
            units = to_minor(line.amount)
            if units > left:
                need = from_minor(whole - left + units, currency)
                raise ValidationError(
                    "total",
                    total,
                    f"a total that leaves room for every fixed line: lines 0 to {index} of"
                    f" terms {terms.id!r} need {need.amount} {currency} of this total, and a"
                    " fixed line never takes more than what is left",
                )
        else:
            units = left
        left -= units
        if units == 0:
            continue
        amount = from_minor(units, currency)
        due_date, unadjusted = _due(line, invoice_date, calendar, roll)
        discounts = _discounts(line, index, amount, invoice_date, unadjusted)
        parts.append((due_date, index, unadjusted, amount, discounts))
    parts.sort(key=lambda part: (part[0], part[1]))
    return tuple(
        Installment(
            number=number,
            due_date=due_date,
            amount=amount,
            discounts=discounts,
            line=index,
            unadjusted_due_date=unadjusted,
        )
        for number, (due_date, index, unadjusted, amount, discounts) in enumerate(parts, 1)
    )


def invoices_for(
    installments: Sequence[Installment],
    *,
    number: str,
    customer_id: str,
    issue_date: dt.date,
) -> tuple[Invoice, ...]:
    """One :class:`~receivables.documents.Invoice` per installment, numbered ``number/k``.

    Each carries its installment's due date and discounts, and ``number`` as
    its reference, so a ledger can age and settle installments one by one.

    >>> parts = schedule(PaymentTerms.parse("30% now, balance 60 days"),
    ...                  money("1000.00", "USD"), dt.date(2026, 1, 15))
    >>> [(i.number, i.due_date, i.amount) for i in invoices_for(parts, number="INV-7",
    ...     customer_id="C1", issue_date=dt.date(2026, 1, 15))]
    [('INV-7/1', datetime.date(2026, 1, 15), Money('300.00', 'USD')), ('INV-7/2', datetime.date(2026, 3, 16), Money('700.00', 'USD'))]
    """
    parts = _listed("installments", installments)
    for index, part in enumerate(parts):
        if not isinstance(part, Installment):
            raise ValidationError(f"installments[{index}]", part, "an Installment")
    return tuple(
        Invoice(
            number=f"{number}/{part.number}",
            customer_id=customer_id,
            issue_date=issue_date,
            due_date=part.due_date,
            amount=part.amount,
            reference=number,
            discounts=part.discounts,
        )
        for part in parts
    )
