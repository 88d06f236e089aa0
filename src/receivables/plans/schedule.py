"""What did the customer agree to pay, and on which dates?

**Building** (:func:`build_plan`). ``financed = balance − down payment``
(plus the fee when it is financed); the due dates come from
:mod:`receivables.plans.dates` and the split into principal and interest from
:mod:`receivables.plans.amortization`. Annual rates and down-payment shares
are in percent (``Decimal("8.24")`` is 8.24 %).

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
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from receivables.daycount import DayCount
from receivables.documents import (
    Invoice,
    parse_member,
)
from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    ValidationError,
)
from receivables.ledger import OpenItem
from receivables.money import Money, from_minor, to_minor, zero
from receivables.plans.amortization import (
    InterestMethod,
    _last_takes_rest,
    _round,
    _split,
)
from receivables.plans.dates import (
    MAX_INSTALLMENTS,
    PLAN_DAY_COUNTS,
    BusinessDayAdjuster,
    Frequency,
    _adjusted,
)
from receivables.validators import (
    check_date,
    check_decimal,
    check_identifier,
    check_items,
    check_money,
    date,
    is_whole,
)

__all__ = [
    "FeeTreatment",
    "Installment",
    "PaymentPlan",
    "PlanTerms",
    "build_plan",
]


class FeeTreatment(enum.StrEnum):
    """Where a plan's fee is collected.

    >>> [member.value for member in FeeTreatment]
    ['upfront', 'spread', 'financed']
    """

    UPFRONT = "upfront"  # with the down payment, or the first installment when there is none
    SPREAD = "spread"  # split over the installments, remainder on the last
    FINANCED = "financed"  # added to the financed amount; bears interest


def _frequency(value: object) -> Frequency:
    return parse_member(Frequency, value, "terms.frequency")


def _interest_method(value: object) -> InterestMethod:
    return parse_member(InterestMethod, value, "terms.interest")


def _day_count(value: object) -> DayCount:
    if value not in PLAN_DAY_COUNTS:
        accepted = ", ".join(repr(member.value) for member in PLAN_DAY_COUNTS)
        raise ValidationError("terms.day_count", value, f"one of {accepted}")
    return DayCount(str(value))


def _fee_treatment(value: object) -> FeeTreatment:
    return parse_member(FeeTreatment, value, "terms.fee_treatment")


def _same_currency(operation: str, currency: str, amount: Money | None) -> None:
    if amount is not None and amount.code != currency:
        raise CurrencyMismatchError(operation, currency, amount.code)


def _down_payment_percent(value: object) -> Decimal | None:
    return None if value is None else check_decimal("terms.down_payment_percent", value)


def _rate(value: object) -> Decimal:
    return check_decimal("terms.annual_rate_percent", value)


def _installment_count(
    terms: object, attribute: attrs.Attribute[int | None], value: object
) -> None:
    if value is None:
        return
    if not is_whole(value) or value < 1:  # type: ignore[operator]
        raise ValidationError(
            "terms.installments", value, "a whole number of installments, 1 or more"
        )
    if value > MAX_INSTALLMENTS:  # type: ignore[operator]
        raise ValidationError("terms.installments", value, f"at most {MAX_INSTALLMENTS}")


def _terms_amount(terms: object, attribute: attrs.Attribute[Money | None], value: object) -> None:
    if value is not None:
        positive = attribute.name == "installment_amount"
        check_money(f"terms.{attribute.name}", value, positive=positive)


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

    first_due_date: dt.date = attrs.field(validator=date("terms"))
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
        if not is_whole(self.number) or self.number < 0:
            raise ValidationError("installment.number", self.number, "a whole number, 0 or more")
        check_date("installment.due_date", self.due_date)
        for name in ("principal", "interest", "fee"):
            check_money(f"installment.{name}", getattr(self, name), positive=False)
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
    return check_items("plan.installments", value, expected="a list of Installment")


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else check_items("plan.items", value)


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
            check_identifier(f"plan.{name}", getattr(self, name))
        if self.replaces is not None and (
            not isinstance(self.replaces, str) or not self.replaces.strip()
        ):
            raise ValidationError("plan.replaces", self.replaces, "a plan id or None")
        check_date("plan.plan_date", self.plan_date)
        check_money("plan.balance", self.balance, positive=True)
        if not isinstance(self.terms, PlanTerms):
            raise ValidationError("plan.terms", self.terms, "a PlanTerms")
        currency = self.balance.code
        for name in ("down_payment", "interest", "fee"):
            amount = getattr(self, name)
            check_money(f"plan.{name}", amount, positive=False)
            _same_currency("build a plan in", currency, amount)
        self._check_dates()
        self._check_sums()

    def _check_dates(self) -> None:
        """Installments of the plan's currency, on or after the plan date, strictly in order."""
        if not self.installments:
            raise ValidationError("plan.installments", (), "at least one installment")
        previous: dt.date | None = None
        for index, installment in enumerate(self.installments):
            if not isinstance(installment, Installment):
                raise ValidationError(f"plan.installments[{index}]", installment, "an Installment")
            _same_currency("build a plan in", self.balance.code, installment.principal)
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

    def _check_sums(self) -> None:
        """Installments summing exactly to the total, its interest, and the principal owed."""
        currency = self.balance.code
        units = sum(to_minor(i.amount) for i in self.installments)
        if units != to_minor(self.total):
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


def _plan_balance(
    source: Money | Sequence[Invoice | OpenItem], customer_id: str
) -> tuple[Money, tuple[str, ...]]:
    if isinstance(source, Money):
        check_money("balance", source, positive=True)
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
    check_date("plan_date", plan_date)
    if not isinstance(terms, PlanTerms):
        raise ValidationError("terms", terms, "a PlanTerms")
    if adjuster is not None and not isinstance(adjuster, BusinessDayAdjuster):
        raise ValidationError("adjuster", adjuster, "an object with adjust(day) -> date, or None")
    check_identifier("customer_id", customer_id)
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
    down = _down_payment(terms, owed, plan_date)
    fee = to_minor(terms.fee) if terms.fee is not None else 0
    financed = to_minor(owed) - down
    if terms.fee_treatment is FeeTreatment.FINANCED:
        financed += fee
    scheduled, principal, interest = _split(financed, plan_date, terms, currency)
    due = _adjusted(scheduled, adjuster)
    if due[0] < plan_date or (down > 0 and due[0] <= plan_date):
        raise ValidationError(
            "adjuster", due[0], f"a first business day after the plan date {plan_date.isoformat()}"
        )
    schedule = _installment_values(
        plan_date, down, due, principal, interest, _fee_parts(terms, fee, down, len(due)), currency
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


def _down_payment(terms: PlanTerms, owed: Money, plan_date: dt.date) -> int:
    """The down payment in minor units (a percent rounds half-up); it must leave something owed."""
    balance_units = to_minor(owed)
    if terms.down_payment is not None:
        down = to_minor(terms.down_payment)
    elif terms.down_payment_percent is not None:
        down = _round(balance_units * terms.down_payment_percent / 100)
    else:
        down = 0
    if down >= balance_units:
        raise ValidationError(
            "terms.down_payment", from_minor(down, owed.code), f"less than the balance {owed}"
        )
    if down > 0 and terms.first_due_date <= plan_date:
        raise ValidationError(
            "terms.first_due_date",
            terms.first_due_date,
            f"a date after the plan date {plan_date.isoformat()} (the down payment falls due on it)",
        )
    return down


def _fee_parts(terms: PlanTerms, fee: int, down: int, count: int) -> tuple[int, list[int]]:
    """The fee with the down payment, and the fee in each of ``count`` installments."""
    upfront = fee if terms.fee_treatment is FeeTreatment.UPFRONT else 0
    spread = (
        _last_takes_rest(fee, count) if terms.fee_treatment is FeeTreatment.SPREAD else [0] * count
    )
    if upfront and down == 0:
        spread[0] += upfront
        upfront = 0
    return upfront, spread


def _installment_values(
    plan_date: dt.date,
    down: int,
    due: Sequence[dt.date],
    principal: Sequence[int],
    interest: Sequence[int],
    fees: tuple[int, Sequence[int]],
    currency: str,
) -> list[Installment]:
    """The down payment (number 0, when there is one) and the installments, as Money."""
    upfront, spread = fees
    schedule: list[Installment] = []
    if down > 0:
        schedule.append(
            Installment(
                number=0,
                due_date=plan_date,
                principal=from_minor(down, currency),
                interest=zero(currency),
                fee=from_minor(upfront, currency),
            )
        )
    for index, day in enumerate(due):
        schedule.append(
            Installment(
                number=index + 1,
                due_date=day,
                principal=from_minor(principal[index], currency),
                interest=from_minor(interest[index], currency),
                fee=from_minor(spread[index], currency),
            )
        )
    return schedule
