"""How much late-payment interest and fees do we charge on each overdue invoice?

A :class:`LateChargePolicy` is data: a fixed annual rate, or a reference rate
plus a margin; simple interest by days late under a named day count
(``actual/365`` or ``actual/360``); grace days; a cap; a fixed fee per
invoice; a minimum charge. :func:`assess` returns, per invoice, the interest
and the fee with the reasons behind them; :func:`debit_note` turns an
assessment into a :class:`~receivables.documents.Invoice` of kind
``debit_note`` and :func:`journal_entry` into its balanced entry (debit
``receivables``, credit ``interest_income`` and ``fee_income``).

The rule, per invoice with ``open`` still owed on ``as_of``::

    days late          = as_of − due_date              (none when within grace_days)
    interest           = Σ over periods of  open × annual_rate(period) × days(period) / basis
    annual_rate(day)   = fixed rate,  or  max(0, reference rate in force + margin),
                         never above max_annual_rate
    basis              = 365 (actual/365) or 360 (actual/360)

Interest runs from the day after the due date (Directive 2011/7/EU, art.
3(3)(a): "from the day following the date or the end of the period for
payment fixed in the contract") through
``as_of``, both included, and is rounded once, half up, to the currency's
minor unit.

The EU late payment directive 2011/7/EU is one such policy
(:meth:`LateChargePolicy.eu_statutory`): *statutory interest* is simple
interest at the reference rate plus at least eight percentage points
(art. 2(6)); the reference rate is the ECB's rate on its most recent main
refinancing operations (art. 2(7)), the one in force on 1 January for the
first semester of the year and on 1 July for the second (art. 3(2) between
undertakings, art. 4(2) with public authorities); and the creditor is owed a
fixed EUR 40 as compensation for recovery costs (art. 6(1)). The caller
supplies the reference rates, dated from the day each applies; the library
knows no rate of its own.

Simple interest over dated periods is a few lines of Decimal arithmetic; no
maintained library computes statutory late-payment interest with exact money,
so it is written here.

>>> from receivables.ledger import ItemKind, OpenItem
>>> from receivables.money import money
>>> policy = LateChargePolicy(id="late", version="1", annual_rate=Decimal("0.085"))
>>> item = OpenItem(number="INV-7", customer_id="C1", kind=ItemKind.INVOICE,
...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
...     original=money("1000.00", "GBP"), open=money("1000.00", "GBP"))
>>> charge = assess([item], as_of=dt.date(2026, 3, 22), policy=policy).charges[0]
>>> charge.days_late, charge.interest
(50, Money('11.64', 'GBP'))
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from receivables.decisions import ReadOnlyMapping, Reason, check_policy_identity
from receivables.documents import Invoice, InvoiceKind
from receivables.errors import PolicyError, ValidationError
from receivables.journal import AccountMap, JournalEntry, entry
from receivables.ledger import ItemKind, OpenItem
from receivables.money import Money, currency_digits, from_minor, money, to_minor, zero

__all__ = [
    "EU_COMPENSATION_EUR",
    "EU_STATUTORY_MARGIN",
    "DayCount",
    "InterestPeriod",
    "LateCharge",
    "LateChargeAssessment",
    "LateChargePolicy",
    "RateBasis",
    "ReferenceRate",
    "assess",
    "debit_note",
    "journal_entry",
]

EU_STATUTORY_MARGIN = Decimal("0.08")
"""Eight percentage points over the reference rate, the least Directive 2011/7/EU art. 2(6) allows."""

EU_COMPENSATION_EUR = Decimal("40")
"""The fixed sum of EUR 40 per late invoice that Directive 2011/7/EU art. 6(1) grants."""


class RateBasis(enum.StrEnum):
    """A fixed annual rate, or a reference rate plus a margin.

    >>> [member.value for member in RateBasis]
    ['fixed', 'reference_plus_margin']
    """

    FIXED = "fixed"
    REFERENCE_PLUS_MARGIN = "reference_plus_margin"


class DayCount(enum.StrEnum):
    """Actual days late over a 365- or 360-day year.

    >>> [member.value for member in DayCount]
    ['actual/365', 'actual/360']
    """

    ACTUAL_365 = "actual/365"
    ACTUAL_360 = "actual/360"

    @property
    def basis(self) -> int:
        """Days in the year the convention divides by.

        >>> DayCount.ACTUAL_360.basis, DayCount.ACTUAL_365.basis
        (360, 365)
        """
        return 365 if self is DayCount.ACTUAL_365 else 360


def _rate(field: str, value: object, *, low: Decimal | None = Decimal(0)) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise PolicyError(field, value, "a decimal fraction as str, int or Decimal, e.g. '0.08'")
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise PolicyError(field, value, "a decimal fraction such as '0.08'") from None
    if not number.is_finite() or (low is not None and number < low) or abs(number) > 10:
        bound = "zero or more" if low is not None else "any sign"
        raise PolicyError(field, value, f"a finite annual fraction ({bound}), e.g. '0.08' for 8%")
    return number


def _c_reference_rate(value: object) -> Decimal:
    return _rate("reference_rate.rate", value, low=None)


def _c_annual_rate(value: object) -> Decimal:
    return _rate("late_charge_policy.annual_rate", value)


def _c_margin(value: object) -> Decimal:
    return _rate("late_charge_policy.margin", value)


def _c_max_annual_rate(value: object) -> Decimal | None:
    return None if value is None else _rate("late_charge_policy.max_annual_rate", value)


def _c_max_interest_ratio(value: object) -> Decimal | None:
    return None if value is None else _rate("late_charge_policy.max_interest_ratio", value)


def _c_basis(value: object) -> RateBasis:
    try:
        return RateBasis(str(value))
    except ValueError:
        raise PolicyError(
            "late_charge_policy.basis", value, "'fixed' or 'reference_plus_margin'"
        ) from None


def _c_day_count(value: object) -> DayCount:
    try:
        return DayCount(str(value))
    except ValueError:
        raise PolicyError(
            "late_charge_policy.day_count", value, "'actual/365' or 'actual/360'"
        ) from None


@attrs.frozen
class ReferenceRate:
    """A reference rate (annual fraction) in force from ``from_date`` until the next one.

    >>> ReferenceRate(dt.date(2025, 7, 1), Decimal("0.0215")).rate
    Decimal('0.0215')
    """

    from_date: dt.date = attrs.field()
    rate: Decimal = attrs.field(converter=_c_reference_rate)

    @from_date.validator
    def _check_date(self, attribute: attrs.Attribute[dt.date], value: object) -> None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise PolicyError("reference_rate.from_date", value, "a datetime.date")


def _c_reference_rates(value: object) -> tuple[ReferenceRate, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise PolicyError("late_charge_policy.reference_rates", value, "a list of ReferenceRate")
    rates = tuple(value)
    for index, rate in enumerate(rates):
        if not isinstance(rate, ReferenceRate):
            raise PolicyError(
                f"late_charge_policy.reference_rates[{index}]", rate, "a ReferenceRate"
            )
    ordered = tuple(sorted(rates, key=lambda r: r.from_date))
    for before, after in itertools.pairwise(ordered):
        if before.from_date == after.from_date:
            raise PolicyError(
                "late_charge_policy.reference_rates",
                after.from_date.isoformat(),
                "one rate per from_date",
            )
    return ordered


def _amounts(field: str, value: object) -> Mapping[str, Decimal]:
    if not isinstance(value, Mapping):
        raise PolicyError(field, value, "a mapping of ISO 4217 code to amount, e.g. {'EUR': '40'}")
    amounts: dict[str, Decimal] = {}
    for code, amount in sorted(value.items(), key=lambda pair: str(pair[0])):
        if not isinstance(code, str):
            raise PolicyError(f"{field}.{code}", code, "an ISO 4217 currency code")
        try:
            digits = currency_digits(code)
        except ValidationError:
            raise PolicyError(f"{field}.{code}", code, "an ISO 4217 currency code") from None
        if isinstance(amount, bool | float) or not isinstance(amount, int | str | Decimal):
            raise PolicyError(f"{field}.{code}", amount, "a decimal amount as str, int or Decimal")
        try:
            number = Decimal(amount)
        except ArithmeticError:
            raise PolicyError(f"{field}.{code}", amount, "a decimal amount such as '40'") from None
        if (
            not number.is_finite()
            or number < 0
            or number != number.quantize(Decimal(1).scaleb(-digits))
        ):
            raise PolicyError(
                f"{field}.{code}",
                amount,
                f"an amount of zero or more with at most {digits} decimals",
            )
        amounts[code] = number
    return ReadOnlyMapping(amounts)


def _c_fixed_fees(value: object) -> Mapping[str, Decimal]:
    return _amounts("late_charge_policy.fixed_fees", value)


def _c_minimum_charge(value: object) -> Mapping[str, Decimal]:
    return _amounts("late_charge_policy.minimum_charge", value)


def _grace(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PolicyError("late_charge_policy.grace_days", value, "a whole number of 0 or more")


def _flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise PolicyError(f"late_charge_policy.{attribute.name}", value, "true or false")


@attrs.frozen(kw_only=True)
class LateChargePolicy:
    """Late-payment interest and fees as data; rates are annual fractions ('0.08' is 8%).

    ``fixed_fees`` and ``minimum_charge`` are per currency, in major units. A
    fee is charged once per invoice; a total below the minimum is waived.
    ``max_annual_rate`` caps the rate (a usury ceiling); ``max_interest_ratio``
    caps an invoice's interest at that fraction of the open amount, counting
    what earlier assessments charged (through ``charged_until``).

    >>> LateChargePolicy(id="late", version="1", basis="reference_plus_margin")
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: late_charge_policy.reference_rates: got (); expected at least one reference rate for basis 'reference_plus_margin'
    """

    id: str
    version: str
    basis: RateBasis = attrs.field(default=RateBasis.FIXED, converter=_c_basis)
    annual_rate: Decimal = attrs.field(default=Decimal(0), converter=_c_annual_rate)
    reference_rates: tuple[ReferenceRate, ...] = attrs.field(
        default=(), converter=_c_reference_rates
    )
    margin: Decimal = attrs.field(default=Decimal(0), converter=_c_margin)
    day_count: DayCount = attrs.field(default=DayCount.ACTUAL_365, converter=_c_day_count)
    grace_days: int = attrs.field(default=0, validator=_grace)
    interest_from_grace_end: bool = attrs.field(default=False, validator=_flag)
    max_annual_rate: Decimal | None = attrs.field(default=None, converter=_c_max_annual_rate)
    max_interest_ratio: Decimal | None = attrs.field(default=None, converter=_c_max_interest_ratio)
    fixed_fees: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_c_fixed_fees)
    minimum_charge: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_c_minimum_charge)
    charge_debit_notes: bool = attrs.field(default=False, validator=_flag)

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)
        if self.basis is RateBasis.REFERENCE_PLUS_MARGIN and not self.reference_rates:
            raise PolicyError(
                "late_charge_policy.reference_rates",
                self.reference_rates,
                "at least one reference rate for basis 'reference_plus_margin'",
            )
        if self.basis is RateBasis.FIXED and self.reference_rates:
            raise PolicyError(
                "late_charge_policy.reference_rates",
                len(self.reference_rates),
                "no reference rates with basis 'fixed' (use 'reference_plus_margin')",
            )

    def __hash__(self) -> int:
        return hash((self.id, self.version))

    @classmethod
    def eu_statutory(
        cls,
        reference_rates: Iterable[ReferenceRate],
        *,
        id: str = "eu-late-payment-2011-7",
        version: str = "1",
        day_count: DayCount = DayCount.ACTUAL_365,
    ) -> LateChargePolicy:
        """Directive 2011/7/EU statutory interest: reference rate + 8 points, EUR 40 per invoice.

        Each reference rate is the one in force on 1 January or 1 July and holds
        for that half-year (art. 3(2)), so it must be dated one of those days; an
        ECB decision date such as 11 June 2025 would change the rate mid-semester.

        >>> p = LateChargePolicy.eu_statutory([ReferenceRate(dt.date(2025, 7, 1), Decimal("0.0215"))])
        >>> p.margin, p.fixed_fees["EUR"]
        (Decimal('0.08'), Decimal('40'))
        >>> LateChargePolicy.eu_statutory([ReferenceRate(dt.date(2025, 6, 11), Decimal("0.0215"))])
        Traceback (most recent call last):
        ...
        receivables.errors.PolicyError: late_charge_policy.reference_rates[0].from_date: got '2025-06-11'; expected 1 January or 1 July: the rate in force on that day holds for the half-year (Directive 2011/7/EU art. 3(2))
        """
        rates = _c_reference_rates(reference_rates)
        for index, rate in enumerate(rates):
            if (rate.from_date.month, rate.from_date.day) not in ((1, 1), (7, 1)):
                raise PolicyError(
                    f"late_charge_policy.reference_rates[{index}].from_date",
                    rate.from_date.isoformat(),
                    "1 January or 1 July: the rate in force on that day holds for the half-year"
                    " (Directive 2011/7/EU art. 3(2))",
                )
        return cls(
            id=id,
            version=version,
            basis=RateBasis.REFERENCE_PLUS_MARGIN,
            reference_rates=rates,
            margin=EU_STATUTORY_MARGIN,
            day_count=day_count,
            fixed_fees={"EUR": EU_COMPENSATION_EUR},
        )

    def rate_on(self, day: dt.date) -> Decimal:
        """The annual rate that applies to ``day``, after the floor at zero and the cap.

        >>> p = LateChargePolicy(id="p", version="1", basis="reference_plus_margin",
        ...     reference_rates=[ReferenceRate(dt.date(2025, 1, 1), Decimal("0.0315")),
        ...                      ReferenceRate(dt.date(2025, 7, 1), Decimal("0.0215"))],
        ...     margin=Decimal("0.08"))
        >>> p.rate_on(dt.date(2025, 6, 30)), p.rate_on(dt.date(2025, 7, 1))
        (Decimal('0.1115'), Decimal('0.1015'))
        """
        if self.basis is RateBasis.FIXED:
            rate = self.annual_rate
        else:
            reference = None
            for candidate in self.reference_rates:
                if candidate.from_date <= day:
                    reference = candidate
                else:
                    break
            if reference is None:
                raise ValidationError(
                    "late_charge_policy.reference_rates",
                    day.isoformat(),
                    f"a reference rate in force on {day.isoformat()} (the first is from "
                    f"{self.reference_rates[0].from_date.isoformat()})",
                )
            rate = max(Decimal(0), reference.rate + self.margin)
        if self.max_annual_rate is not None and rate > self.max_annual_rate:
            rate = self.max_annual_rate
        return rate

    def _changes(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Days in (start, end] on which the rate may change."""
        if self.basis is RateBasis.FIXED:
            return []
        return [r.from_date for r in self.reference_rates if start < r.from_date <= end]


@attrs.frozen(kw_only=True)
class InterestPeriod:
    """Days ``start`` to ``end`` (both included) at ``annual_rate``; ``interest`` unrounded.

    >>> period = InterestPeriod(start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 22), days=50,
    ...     annual_rate=Decimal("0.085"), interest=Decimal(1000) * Decimal("0.085") * 50 / 365)
    >>> round(period.interest, 2)
    Decimal('11.64')
    """

    start: dt.date
    end: dt.date
    days: int
    annual_rate: Decimal
    interest: Decimal


@attrs.frozen(kw_only=True)
class LateCharge:
    """What one invoice is charged: interest, fee, their periods and reasons.

    >>> from receivables.ledger import ItemKind, OpenItem
    >>> from receivables.money import money
    >>> policy = LateChargePolicy(id="late", version="1", annual_rate=Decimal("0.085"))
    >>> item = OpenItem(number="INV-7", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("1000.00", "GBP"), open=money("1000.00", "GBP"))
    >>> charge = assess([item], as_of=dt.date(2026, 3, 22), policy=policy).charges[0]
    >>> charge.outcome, charge.total, charge.reasons[0].code
    ('charge', Money('11.64', 'GBP'), 'interest')
    """

    item: str
    customer_id: str
    principal: Money
    days_late: int
    interest: Money
    fee: Money
    periods: tuple[InterestPeriod, ...] = ()
    interest_through: dt.date | None = None
    reasons: tuple[Reason, ...] = ()

    @property
    def total(self) -> Money:
        """Interest plus fee.

        >>> from receivables.money import money
        >>> LateCharge(item="INV-1", customer_id="C1", principal=money("100", "EUR"), days_late=3,
        ...     interest=money("0.10", "EUR"), fee=money("40", "EUR")).total
        Money('40.10', 'EUR')
        """
        return self.interest + self.fee

    @property
    def outcome(self) -> str:
        """``charge`` when anything is charged, else ``none``.

        >>> from receivables.money import money
        >>> nothing = money("0", "EUR")
        >>> LateCharge(item="INV-1", customer_id="C1", principal=money("100", "EUR"), days_late=0,
        ...     interest=nothing, fee=nothing).outcome
        'none'
        """
        return "charge" if to_minor(self.total) else "none"

    @property
    def currency(self) -> str:
        """The invoice's currency.

        >>> from receivables.money import money
        >>> LateCharge(item="INV-1", customer_id="C1", principal=money("100", "JPY"), days_late=0,
        ...     interest=money("0", "JPY"), fee=money("0", "JPY")).currency
        'JPY'
        """
        return self.principal.code


@attrs.frozen(kw_only=True)
class LateChargeAssessment:
    """Every invoice's late charge on ``as_of`` under one policy.

    >>> nothing = LateChargeAssessment(as_of=dt.date(2026, 3, 22), charges=(),
    ...                                policy_id="late", policy_version="1")
    >>> nothing.outcome, nothing.charged, nothing.currencies()
    ('none', (), ())
    """

    as_of: dt.date
    charges: tuple[LateCharge, ...]
    policy_id: str
    policy_version: str
    reasons: tuple[Reason, ...] = ()

    @property
    def outcome(self) -> str:
        """``charge`` when any invoice is charged, else ``none``.

        >>> LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="p",
        ...                      policy_version="1").outcome
        'none'
        """
        return "charge" if any(c.outcome == "charge" for c in self.charges) else "none"

    @property
    def charged(self) -> tuple[LateCharge, ...]:
        """The charges with something to charge.

        >>> LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="p",
        ...                      policy_version="1").charged
        ()
        """
        return tuple(c for c in self.charges if c.outcome == "charge")

    def currencies(self) -> tuple[str, ...]:
        """The currencies charged, sorted.

        >>> LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="p",
        ...                      policy_version="1").currencies()
        ()
        """
        return tuple(sorted({c.currency for c in self.charged}))

    def interest_total(self, currency: str) -> Money:
        """Interest charged in ``currency``.

        >>> LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="p",
        ...                      policy_version="1").interest_total("EUR")
        Money('0.00', 'EUR')
        """
        units = sum(to_minor(c.interest) for c in self.charges if c.currency == currency)
        return from_minor(units, currency)

    def fee_total(self, currency: str) -> Money:
        """Fees charged in ``currency``.

        >>> LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="p",
        ...                      policy_version="1").fee_total("JPY")
        Money('0', 'JPY')
        """
        units = sum(to_minor(c.fee) for c in self.charges if c.currency == currency)
        return from_minor(units, currency)

    def total(self, currency: str) -> Money:
        """Interest plus fees in ``currency``.

        >>> LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="p",
        ...                      policy_version="1").total("KWD")
        Money('0.000', 'KWD')
        """
        return self.interest_total(currency) + self.fee_total(currency)


def _round(amount: Decimal, currency: str) -> Money:
    return money(amount, currency, rounding=ROUND_HALF_UP)


def _periods(
    policy: LateChargePolicy, principal: Decimal, start: dt.date, end: dt.date
) -> list[InterestPeriod]:
    """Days ``start`` through ``end`` split where the rate changes, each with its interest."""
    periods: list[InterestPeriod] = []
    if start > end:
        return periods
    basis = policy.day_count.basis
    bounds = [start, *policy._changes(start, end), end + dt.timedelta(days=1)]
    for begin, after in itertools.pairwise(bounds):
        days = (after - begin).days
        rate = policy.rate_on(begin)
        periods.append(
            InterestPeriod(
                start=begin,
                end=after - dt.timedelta(days=1),
                days=days,
                annual_rate=rate,
                interest=principal * rate * days / basis,
            )
        )
    return periods


def _charge(
    item: OpenItem,
    as_of: dt.date,
    policy: LateChargePolicy,
    charged_until: dt.date | None,
    fee_charged: bool,
) -> LateCharge:
    """One invoice's late charge: the rules below in order, each adding its reason."""
    currency = item.open.code
    nothing = zero(currency)
    days_late = (as_of - item.due_date).days
    reasons: list[Reason] = []

    def result(**extra: Any) -> LateCharge:
        values: dict[str, Any] = {"interest": nothing, "fee": nothing, **extra}
        return LateCharge(
            item=item.number,
            customer_id=item.customer_id,
            principal=item.open,
            days_late=max(days_late, 0),
            reasons=tuple(reasons),
            **values,
        )

    early = _not_overdue(item, days_late) or _within_grace(days_late, policy)
    if early is not None:
        reasons.append(early)
        return result()
    first, start, before = _interest_start(item, policy, charged_until)
    _note(reasons, before)
    principal = item.open.amount
    periods = _periods(policy, principal, start, as_of)
    exact, capped = _capped(policy, principal, first, start, periods, currency)
    _note(reasons, capped)
    interest = _round(exact, currency)
    _note(reasons, _interest(policy, principal, periods, interest, charged_until))
    fee, fee_reason = _fee(item, policy, fee_charged)
    _note(reasons, fee_reason)
    waived = _below_minimum(policy, interest + fee)
    if waived is not None:
        reasons.append(waived)
        return result(periods=tuple(periods))
    return result(
        interest=interest,
        fee=fee,
        periods=tuple(periods),
        interest_through=as_of if periods else None,
    )


def _note(reasons: list[Reason], reason: Reason | None) -> None:
    if reason is not None:
        reasons.append(reason)


def _not_overdue(item: OpenItem, days_late: int) -> Reason | None:
    """The invoice is not past its due date: nothing to charge."""
    if days_late > 0:
        return None
    return Reason("not_overdue", f"{item.number} is not past its due date.")


def _within_grace(days_late: int, policy: LateChargePolicy) -> Reason | None:
    """Late, but within the policy's grace days: nothing to charge."""
    if days_late > policy.grace_days:
        return None
    return Reason(
        "within_grace",
        f"{days_late} day(s) late, within the {policy.grace_days} grace day(s).",
        {"days_late": days_late, "grace_days": policy.grace_days},
    )


def _interest_start(
    item: OpenItem, policy: LateChargePolicy, charged_until: dt.date | None
) -> tuple[dt.date, dt.date, Reason | None]:
    """The first day of interest, the first day still to charge, and why they differ.

    Interest runs from the day after the due date (or after the grace days when
    the policy says so); a previous charge through ``charged_until`` moves the
    start to the day after it (``charged_before``).
    """
    first = item.due_date + dt.timedelta(days=1)
    if policy.interest_from_grace_end:
        first += dt.timedelta(days=policy.grace_days)
    if charged_until is None or charged_until < first:
        return first, first, None
    reason = Reason(
        "charged_before",
        f"Interest was charged through {charged_until.isoformat()}.",
        {"charged_until": charged_until.isoformat()},
    )
    return first, charged_until + dt.timedelta(days=1), reason


def _capped(
    policy: LateChargePolicy,
    principal: Decimal,
    first: dt.date,
    start: dt.date,
    periods: list[InterestPeriod],
    currency: str,
) -> tuple[Decimal, Reason | None]:
    """The unrounded interest of ``periods``, within the policy's cap, and the cap's reason.

    The cap is on the invoice's interest, not on one assessment's: what earlier
    assessments charged (from the first day of interest through the day before
    ``start``, at today's open amount) uses up the cap first, so charging
    monthly never exceeds it.
    """
    exact = sum((p.interest for p in periods), Decimal(0))
    ratio = policy.max_interest_ratio
    if ratio is None:
        return exact, None
    limit = principal * ratio
    before = Decimal(0)
    if start > first:
        earlier = _periods(policy, principal, first, start - dt.timedelta(days=1))
        before = min(limit, sum((p.interest for p in earlier), Decimal(0)))
    if exact <= limit - before:
        return exact, None
    charged = _round(before, currency).amount
    return max(Decimal(0), limit - before), Reason(
        "interest_capped",
        f"Interest capped at {ratio} of the open amount"
        + (f", {charged} {currency} of it charged before." if before else "."),
        {"max_interest_ratio": str(ratio), "charged_before": str(charged)},
    )


def _interest(
    policy: LateChargePolicy,
    principal: Decimal,
    periods: list[InterestPeriod],
    interest: Money,
    charged_until: dt.date | None,
) -> Reason | None:
    """The interest and its formula, or that it is charged through ``as_of`` already."""
    if not periods:
        if charged_until is None:
            return None
        return Reason("already_charged", "Interest is charged through as_of already.")
    currency = interest.code
    return Reason(
        "interest",
        f"{principal} {currency} × {' / '.join(str(p.annual_rate) for p in periods)} × "
        f"{sum(p.days for p in periods)} day(s) / {policy.day_count.basis} = "
        f"{interest.amount} {currency}.",
        {
            "principal": str(principal),
            "day_count": policy.day_count.value,
            "periods": [
                {
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "days": p.days,
                    "annual_rate": str(p.annual_rate),
                }
                for p in periods
            ],
            "interest": str(interest.amount),
        },
    )


def _fee(
    item: OpenItem, policy: LateChargePolicy, fee_charged: bool
) -> tuple[Money, Reason | None]:
    """The fixed fee per late invoice (none on a debit note, none twice), and its reason."""
    currency = item.open.code
    fixed = policy.fixed_fees.get(currency)
    if item.kind is ItemKind.DEBIT_NOTE:
        return zero(currency), None
    if fee_charged:
        return zero(currency), Reason(
            "fee_charged_before", f"The fixed fee on {item.number} was charged."
        )
    if not fixed:
        return zero(currency), None
    return money(fixed, currency), Reason(
        "fixed_compensation",
        f"Fixed compensation {fixed} {currency} per late invoice (Directive 2011/7/EU art. 6(1)).",
        {"fee": str(fixed)},
    )


def _below_minimum(policy: LateChargePolicy, total: Money) -> Reason | None:
    """A charge below the policy's minimum charge is waived."""
    currency = total.code
    minimum = policy.minimum_charge.get(currency)
    if not minimum or not 0 < total.amount < minimum:
        return None
    return Reason(
        "below_minimum_charge",
        f"{total.amount} {currency} is below the minimum charge {minimum} {currency}; waived.",
        {"total": str(total.amount), "minimum": str(minimum)},
    )


def assess(
    items: Iterable[OpenItem],
    *,
    as_of: dt.date,
    policy: LateChargePolicy,
    charged_until: Mapping[str, dt.date] | None = None,
    fees_charged: Iterable[str] = (),
) -> LateChargeAssessment:
    """Late charges on ``as_of`` for every invoice in ``items`` with something open.

    ``charged_until`` gives, per item number, the last day interest was already
    charged (a previous debit note), so interest is never charged twice;
    ``fees_charged`` names items whose fixed fee was charged. Credits and, unless
    the policy says so, debit notes (no interest on interest) are left out.

    >>> assess([], as_of=dt.date(2026, 1, 1), policy=None)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: policy: got None; expected a LateChargePolicy
    """
    if not isinstance(policy, LateChargePolicy):
        raise ValidationError("policy", policy, "a LateChargePolicy")
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    if charged_until is not None and not isinstance(charged_until, Mapping):
        raise ValidationError(
            "charged_until", charged_until, "a mapping of item number to datetime.date"
        )
    until = dict(charged_until or {})
    for number, day in until.items():
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise ValidationError(f"charged_until[{number}]", day, "a datetime.date")
    # a bare string would be read as its characters and charge the fee again
    if isinstance(fees_charged, str) or not isinstance(fees_charged, Iterable):
        raise ValidationError("fees_charged", fees_charged, "a list of item numbers")
    fees = frozenset(fees_charged)
    for number in fees:
        if not isinstance(number, str):
            raise ValidationError("fees_charged", number, "item numbers as strings")
    charges: list[LateCharge] = []
    skipped: list[str] = []
    seen: set[str] = set()
    given: object = items
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise ValidationError("items", given, "an iterable of ledger.OpenItem values")
    for index, item in enumerate(items):
        if not isinstance(item, OpenItem):
            raise ValidationError(f"items[{index}]", item, "a ledger.OpenItem")
        if item.number in seen:
            raise ValidationError(f"items[{index}].number", item.number, "unique item numbers")
        seen.add(item.number)
        if item.open.amount <= 0 or item.kind not in (ItemKind.INVOICE, ItemKind.DEBIT_NOTE):
            continue
        if item.kind is ItemKind.DEBIT_NOTE and not policy.charge_debit_notes:
            skipped.append(item.number)
            continue
        charges.append(_charge(item, as_of, policy, until.get(item.number), item.number in fees))
    charges.sort(key=lambda c: (c.customer_id, c.item))
    reasons: list[Reason] = []
    if skipped:
        skipped.sort()
        reasons.append(
            Reason(
                "debit_notes_not_charged",
                f"No interest on debit notes {', '.join(skipped)} (no interest on interest).",
                {"items": skipped},
            )
        )
    return LateChargeAssessment(
        as_of=as_of,
        charges=tuple(charges),
        policy_id=policy.id,
        policy_version=policy.version,
        reasons=tuple(reasons),
    )


def _single(assessment: LateChargeAssessment) -> tuple[str, str]:
    charged = assessment.charged
    if not charged:
        raise ValidationError("assessment", assessment.outcome, "at least one late charge")
    customers = sorted({c.customer_id for c in charged})
    currencies = sorted({c.currency for c in charged})
    if len(customers) > 1:
        raise ValidationError(
            "assessment.customer_id", customers, "charges for one customer (assess per customer)"
        )
    if len(currencies) > 1:
        raise ValidationError(
            "assessment.currency", currencies, "charges in one currency (one note per currency)"
        )
    return customers[0], currencies[0]


def debit_note(
    assessment: LateChargeAssessment,
    *,
    number: str,
    issue_date: dt.date | None = None,
    due_date: dt.date | None = None,
) -> Invoice:
    """The debit note billing an assessment's charges (one customer, one currency).

    The issue date defaults to the assessment's ``as_of``, the due date to the
    issue date; its ``reference`` lists the invoices charged.

    >>> from receivables.ledger import ItemKind, OpenItem
    >>> from receivables.money import money
    >>> policy = LateChargePolicy(id="late", version="1", annual_rate=Decimal("0.085"))
    >>> item = OpenItem(number="INV-7", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("1000.00", "GBP"), open=money("1000.00", "GBP"))
    >>> note = debit_note(assess([item], as_of=dt.date(2026, 3, 22), policy=policy),
    ...                   number="DN-1")
    >>> note.kind, note.amount, note.due_date, note.reference
    (<InvoiceKind.DEBIT_NOTE: 'debit_note'>, Money('11.64', 'GBP'), datetime.date(2026, 3, 22), 'INV-7')
    """
    customer_id, currency = _single(assessment)
    issued = issue_date or assessment.as_of
    items = [c.item for c in assessment.charged]
    return Invoice(
        number=number,
        customer_id=customer_id,
        issue_date=issued,
        due_date=due_date or issued,
        amount=assessment.total(currency),
        kind=InvoiceKind.DEBIT_NOTE,
        reference=",".join(items),
    )


def journal_entry(
    assessment: LateChargeAssessment,
    accounts: AccountMap,
    *,
    date: dt.date | None = None,
    document: str | None = None,
) -> JournalEntry:
    """Debit ``receivables``, credit ``interest_income`` and ``fee_income``, per currency.

    >>> from receivables.journal import AccountMap
    >>> empty = LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(),
    ...                              policy_id="p", policy_version="1")
    >>> journal_entry(empty, AccountMap({"receivables": "1200"}))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: assessment: got 'none'; expected at least one late charge
    """
    charged = assessment.charged
    if not charged:
        raise ValidationError("assessment", assessment.outcome, "at least one late charge")
    customers = sorted({c.customer_id for c in charged})
    debits: list[tuple[str, Money]] = []
    credits: list[tuple[str, Money]] = []
    for currency in assessment.currencies():
        debits.append(("receivables", assessment.total(currency)))
        credits.append(("interest_income", assessment.interest_total(currency)))
        credits.append(("fee_income", assessment.fee_total(currency)))
    reasons = [
        Reason(
            "late_charges",
            f"Late charges on {', '.join(c.item for c in charged)} under policy "
            f"{assessment.policy_id} v{assessment.policy_version}.",
            {"policy_id": assessment.policy_id, "policy_version": assessment.policy_version},
        )
    ]
    return entry(
        date or assessment.as_of,
        f"Late charges as of {assessment.as_of.isoformat()}",
        accounts,
        debits=debits,
        credits=credits,
        reasons=reasons,
        source=document,
        customer_id=customers[0] if len(customers) == 1 else None,
        document=document,
    )
