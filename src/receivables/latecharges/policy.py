"""What does a late-charge policy set: the rate, the day count, grace, caps, fees?

A :class:`LateChargePolicy` is data: a fixed annual rate, or a reference rate
plus a margin (:class:`ReferenceRate` s dated from the day each applies);
simple interest by days late under a named :class:`DayCount` (``actual/365``
or ``actual/360``); grace days; a cap; a fixed fee per invoice; a minimum
charge. :meth:`~receivables.latecharges.LateChargePolicy.eu_statutory` builds the EU late payment
directive's policy. ``DayCount`` is the late-charge day count; the plans
engine has its own (30/360, actual/365) and unifying the two is left to the
plans rework.

>>> LateChargePolicy(id="late", version="1", annual_rate=Decimal("0.085")).day_count.value
'actual/365'
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from receivables.decisions import ReadOnlyMapping, check_policy_identity
from receivables.errors import PolicyError, ValidationError
from receivables.money import currency_digits

__all__ = [
    "EU_COMPENSATION_EUR",
    "EU_STATUTORY_MARGIN",
    "DayCount",
    "LateChargePolicy",
    "RateBasis",
    "ReferenceRate",
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
