"""How much, in which currency, exactly?

Amounts are :class:`Money`, a py-moneyed ``Money`` over :class:`~decimal.Decimal`
that refuses floats and raises :class:`~receivables.errors.CurrencyMismatchError`
when two currencies meet. How many minor units a currency has comes from
ISO 4217 List One as py-moneyed carries it (each currency's ``sub_unit``:
USD 2, COP 2, JPY 0, BHD 3, IQD 3), never from a literal 2 and never from
CLDR's ``digits``: those say how many decimals a locale *shows* (CLDR 49 shows
none for COP, HUF and IDR) and drift between babel releases, while an
invoice's minor unit is the law's. :mod:`receivables.formatting` decides what
to show.

Splitting an amount (installments, allocations, provisions) uses the largest
remainder method on integer minor units: each part gets the floor of its exact
share, and the units left over go one each to the parts with the largest
remainders, ties to the earlier part. The parts always sum to the whole.

Conversion between currencies happens only through a :class:`RateTable` the
caller supplies; nothing here knows a rate of its own.

>>> price = money("100.00", "USD")
>>> allocate(price, [1, 1, 1])
(Money('33.34', 'USD'), Money('33.33', 'USD'), Money('33.33', 'USD'))
>>> to_minor(money("1500", "JPY")), to_minor(money("1.250", "BHD"))
(1500, 1250)
"""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
import numbers
import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, getcontext
from functools import lru_cache
from typing import Final

import attrs
import moneyed

from receivables.errors import CurrencyMismatchError, MissingRateError, ValidationError

__all__ = [
    "DEFAULT_ROUNDING",
    "MAX_PARTS",
    "Money",
    "Rate",
    "RateTable",
    "allocate",
    "currency_digits",
    "from_minor",
    "is_zero",
    "money",
    "plain_decimal",
    "split_evenly",
    "to_minor",
    "total",
    "zero",
]

_EXACT: Final = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
"""A context that never rounds, for moving the decimal point of amounts of any size."""

DEFAULT_ROUNDING: Final = ROUND_HALF_UP
"""Commercial rounding (half away from zero), as invoices and ERPs round."""

AmountLike = str | int | Decimal

_ROUNDINGS: Final = (
    decimal.ROUND_CEILING,
    decimal.ROUND_DOWN,
    decimal.ROUND_FLOOR,
    decimal.ROUND_HALF_DOWN,
    decimal.ROUND_HALF_EVEN,
    decimal.ROUND_HALF_UP,
    decimal.ROUND_UP,
    decimal.ROUND_05UP,
)


def _check_rounding(rounding: object) -> str:
    """``rounding`` if it is one of :mod:`decimal`'s rounding modes, else ValidationError."""
    if not isinstance(rounding, str) or rounding not in _ROUNDINGS:
        raise ValidationError("rounding", rounding, f"one of {', '.join(_ROUNDINGS)}")
    return rounding


_MAX_DIGITS: Final = 100
"""Amounts, weights and rates stay below 10**100 with at most 100 decimal places.

Far past any real ledger, and small enough that exact integer arithmetic on
them (minor units, allocation weights) is instant: ``Decimal('1E+999999999')``
would otherwise ask for an integer of a billion digits.
"""


def _check_decimal(value: object, field: str) -> Decimal:
    """Turn ``value`` into a finite Decimal of a sane size or raise, naming ``field``."""
    if isinstance(value, bool | float):
        raise ValidationError(field, value, "a str, int or Decimal amount (never float or bool)")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace("_", ""))
        except InvalidOperation:
            raise ValidationError(field, value, "a decimal number such as '12.30'") from None
    else:
        raise ValidationError(field, value, "a str, int or Decimal amount")
    if not result.is_finite():
        raise ValidationError(field, value, "a finite amount (not NaN or infinity)")
    _check_size(result, value, field)
    return result


def _check_size(result: Decimal, value: object, field: str) -> None:
    if not result.is_zero() and result.adjusted() >= _MAX_DIGITS:
        raise ValidationError(field, value, f"a number below 10**{_MAX_DIGITS}")
    if int(result.as_tuple().exponent) < -_MAX_DIGITS:
        raise ValidationError(field, value, f"a number with at most {_MAX_DIGITS} decimal places")


_PLAIN: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def plain_decimal(text: object, field: str = "amount") -> str:
    """``text`` if it is a plain decimal as people write amounts, else ValidationError.

    Plain means ASCII digits, an optional sign and one ``.``: no exponent (a
    spreadsheet's ``1.23457E+11`` has lost digits), no ``_`` or ``,`` grouping,
    no digits of other scripts. Surrounding spaces are ignored. The readers of
    files and JSON (the command line, :mod:`receivables.interop`) use it so that
    mangled text is refused rather than read as a number.

    >>> plain_decimal(" -12.30 ")
    '-12.30'
    >>> plain_decimal("1.23457E+11")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: amount: got '1.23457E+11'; expected a plain decimal such as '1234.56' (ASCII digits, one '.', no exponent or digit grouping)
    """
    if not isinstance(text, str) or not _PLAIN.fullmatch(text.strip()):
        raise ValidationError(
            field,
            text,
            "a plain decimal such as '1234.56' (ASCII digits, one '.', no exponent or digit grouping)",
        )
    return text.strip()


def _iterable(value: object) -> bool:
    """Whether ``value`` is a collection to loop over (text is not, though it iterates)."""
    return isinstance(value, Iterable) and not isinstance(value, str | bytes)


def _check_money(value: object, field: str) -> moneyed.Money:
    """``value`` if it is an amount of money, else ValidationError naming ``field``."""
    if not isinstance(value, moneyed.Money):
        raise ValidationError(field, value, "a Money amount such as money('12.30', 'USD')")
    return value


def currency_digits(currency: str) -> int:
    """Minor-unit digits of an ISO 4217 currency (ISO 4217 List One, via py-moneyed).

    Codes without a minor unit in the list ("N.A.": gold ``XAU``, ``XDR``) have 0.

    >>> [currency_digits(code) for code in ("USD", "COP", "JPY", "CLP", "BHD", "IQD")]
    [2, 2, 0, 0, 3, 3]
    """
    if not isinstance(currency, str):  # checked before the cache, which needs a hashable key
        raise ValidationError("currency", currency, "an ISO 4217 code such as 'USD' or 'COP'")
    return _digits(currency)


@lru_cache(maxsize=512)
def _digits(currency: str) -> int:
    known = moneyed.CURRENCIES.get(currency)
    if known is None:
        raise ValidationError("currency", currency, "an ISO 4217 code such as 'USD' or 'COP'")
    units = known.sub_unit  # 100 for two digits; 1 for none (and for ISO's "N.A.")
    digits = len(str(units)) - 1
    if units != 10**digits:  # pragma: no cover - py-moneyed's table holds powers of ten only
        raise ValidationError("currency", currency, "a currency whose minor unit is a power of ten")
    return digits


class Money(moneyed.Money):
    """An exact amount of one currency; arithmetic across currencies is an error.

    Sums, differences, products, negation and rounding are exact at any size (in
    a context that never rounds), not rounded at Decimal's default 28 digits, so
    ``big + big`` agrees with :func:`total`; division rounds at 28 digits, and
    dividing by zero is a ValidationError. Amounts stay below 10**100, with at
    most 100 decimal places.

    >>> big = Money("9" * 28, "USD")
    >>> big + big
    Money('19999999999999999999999999998', 'USD')

    >>> Money("10.50", "EUR") + Money("0.25", "EUR")
    Money('10.75', 'EUR')
    >>> Money("1", "EUR") + Money("1", "USD")
    Traceback (most recent call last):
    ...
    receivables.errors.CurrencyMismatchError: cannot add EUR and USD: convert one with an explicit RateTable first
    """

    def __init__(self, amount: object = Decimal(0), currency: object = None) -> None:
        if currency is None:
            raise ValidationError("currency", currency, "an ISO 4217 code such as 'USD'")
        code = currency.code if isinstance(currency, moneyed.Currency) else currency
        if not isinstance(code, str):
            raise ValidationError("currency", currency, "an ISO 4217 code such as 'USD'")
        currency_digits(code)
        value = _check_decimal(amount, "amount")
        if value.is_zero() and value.is_signed():  # -0.00 prints as a debt of nothing
            value = value.copy_abs()
        super().__init__(value, code)

    def __repr__(self) -> str:
        return f"Money('{self.amount}', '{self.currency.code}')"

    def __str__(self) -> str:
        """The amount and its code, the same in every locale: ``'120.00 USD'``.

        Locale-aware text for people is :mod:`receivables.formatting`'s job.

        >>> str(Money("120.00", "USD"))
        '120.00 USD'
        """
        return f"{self.amount} {self.currency.code}"

    def _same(self, other: object, operation: str) -> None:
        if isinstance(other, moneyed.Money) and other.currency != self.currency:
            raise CurrencyMismatchError(operation, self.currency.code, other.currency.code)

    def __add__(self, other: object) -> Money:
        self._same(other, "add")
        if isinstance(other, moneyed.Money):  # exact at any size, unlike the 28-digit context
            return Money(_EXACT.add(self.amount, other.amount), self.code)
        return super().__add__(other)  # 0 + amount, so that sum() works

    def __radd__(self, other: object) -> Money:
        return self.__add__(other)

    def __sub__(self, other: object) -> Money:
        self._same(other, "subtract")
        if isinstance(other, moneyed.Money):
            return Money(_EXACT.subtract(self.amount, other.amount), self.code)
        return NotImplemented

    def __neg__(self) -> Money:
        return Money(_EXACT.minus(self.amount), self.code)

    def __pos__(self) -> Money:
        return Money(self.amount, self.code)

    def __abs__(self) -> Money:
        return Money(_EXACT.abs(self.amount), self.code)

    def round(self, ndigits: int | None = 0) -> Money:
        """Rounded to ``ndigits`` decimals, half to even, as py-moneyed rounds; exact at any size.

        >>> Money("2.675", "USD").round(2), Money("-2.5", "USD").round()
        (Money('2.68', 'USD'), Money('-2', 'USD'))
        """
        digits = 0 if ndigits is None else ndigits
        if isinstance(digits, bool) or not isinstance(digits, int) or abs(digits) > _MAX_DIGITS:
            raise ValidationError(
                "ndigits", ndigits, f"a whole number of decimals, at most {_MAX_DIGITS}"
            )
        exponent = Decimal(1).scaleb(-digits)
        return Money(
            self.amount.quantize(exponent, rounding=decimal.ROUND_HALF_EVEN, context=_EXACT),
            self.code,
        )

    def __mul__(self, other: object) -> Money:
        if isinstance(other, moneyed.Money):
            return NotImplemented  # py-moneyed's own error: two amounts do not multiply
        if isinstance(other, bool) or not isinstance(other, numbers.Integral | Decimal):
            raise ValidationError("multiplier", other, "an int or Decimal (never float)")
        factor = _check_decimal(other, "multiplier")
        return Money(_EXACT.multiply(self.amount, factor), self.code)

    def __rmul__(self, other: object) -> Money:
        return self.__mul__(other)

    def __truediv__(self, other: object) -> Money | Decimal:
        if isinstance(other, bool) or not isinstance(
            other, numbers.Integral | Decimal | moneyed.Money
        ):
            raise ValidationError("divisor", other, "an int, Decimal or Money (never float)")
        self._same(other, "divide")
        divisor = other.amount if isinstance(other, moneyed.Money) else other
        if isinstance(divisor, Decimal) and not divisor.is_finite():
            raise ValidationError("divisor", other, "a finite divisor (not NaN or infinity)")
        if divisor == 0:
            raise ValidationError("divisor", other, "a divisor other than zero")
        return super().__truediv__(other)

    def __lt__(self, other: object) -> bool:
        self._same(other, "compare")
        return super().__lt__(other)

    def __le__(self, other: object) -> bool:
        self._same(other, "compare")
        return super().__le__(other)

    def __gt__(self, other: object) -> bool:
        self._same(other, "compare")
        return super().__gt__(other)

    def __ge__(self, other: object) -> bool:
        self._same(other, "compare")
        return super().__ge__(other)

    def __hash__(self) -> int:
        return hash((self.amount, self.currency.code))

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other)

    def __reduce__(self) -> tuple[object, ...]:
        return (Money, (str(self.amount), self.currency.code))

    @property
    def code(self) -> str:
        """The ISO 4217 code, e.g. ``'USD'``.

        >>> money("5.00", "EUR").code
        'EUR'
        """
        return str(self.currency.code)

    def quantized(self, rounding: str = DEFAULT_ROUNDING) -> Money:
        """Rounded to the currency's minor unit.

        >>> Money("2.675", "USD").quantized()
        Money('2.68', 'USD')
        """
        exponent = Decimal(1).scaleb(-currency_digits(self.code))
        mode = _check_rounding(rounding)
        return Money(self.amount.quantize(exponent, rounding=mode, context=_EXACT), self.code)


def money(
    amount: object,
    currency: str,
    *,
    rounding: str | None = None,
    field: str = "amount",
) -> Money:
    """Parse an amount of ``currency``; too many decimals is an error unless ``rounding``.

    >>> money("12.3", "USD")
    Money('12.30', 'USD')
    >>> money("12.345", "USD")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: amount: got '12.345'; expected at most 2 decimal place(s) for USD, or pass rounding=
    >>> money("12.345", "USD", rounding="ROUND_HALF_UP")
    Money('12.35', 'USD')
    >>> money(1.5, "USD")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: amount: got 1.5; expected a str, int or Decimal amount (never float or bool)
    """
    if isinstance(currency, str):
        currency = currency.strip().upper()
    digits = currency_digits(currency)
    value = _check_decimal(amount, field)
    mode = DEFAULT_ROUNDING if rounding is None else _check_rounding(rounding)
    exponent = Decimal(1).scaleb(-digits)
    try:
        quantized = value.quantize(exponent, rounding=mode)
    except InvalidOperation:  # more digits than the decimal context holds (28)
        raise ValidationError(
            field, amount, f"an amount of at most {getcontext().prec} significant digits"
        ) from None
    if rounding is None and quantized != value:
        raise ValidationError(
            field, amount, f"at most {digits} decimal place(s) for {currency}, or pass rounding="
        )
    return Money(quantized, currency)


def zero(currency: str) -> Money:
    """Nothing, in ``currency``, at its minor-unit precision.

    >>> zero("JPY")
    Money('0', 'JPY')
    """
    return from_minor(0, currency)


def is_zero(amount: moneyed.Money) -> bool:
    """Whether ``amount`` is exactly nothing.

    >>> is_zero(money("0.00", "USD")), is_zero(money("0.01", "USD"))
    (True, False)
    """
    return bool(_check_money(amount, "amount").amount == 0)


def to_minor(amount: moneyed.Money) -> int:
    """Integer minor units of an amount that has no more decimals than its currency.

    >>> to_minor(money("-12.30", "USD"))
    -1230
    """
    digits = currency_digits(_check_money(amount, "amount").currency.code)
    scaled = amount.amount.scaleb(digits, _EXACT)  # exact, unlike the 28-digit default context
    if scaled != scaled.to_integral_value():
        raise ValidationError(
            "amount", amount.amount, f"at most {digits} decimal place(s) for {amount.currency.code}"
        )
    return int(scaled)


def from_minor(units: int, currency: str) -> Money:
    """The amount ``units`` minor units of ``currency`` make.

    >>> from_minor(1230, "USD"), from_minor(1230, "JPY"), from_minor(1230, "BHD")
    (Money('12.30', 'USD'), Money('1230', 'JPY'), Money('1.230', 'BHD'))
    """
    if isinstance(units, bool) or not isinstance(units, int):
        raise ValidationError("units", units, "an int number of minor units")
    digits = currency_digits(currency)
    return Money(Decimal(units).scaleb(-digits, _EXACT), currency)


def total(amounts: Iterable[moneyed.Money], currency: str) -> Money:
    """The sum of ``amounts``, all in ``currency``; an empty sum is zero.

    >>> total([money("1.10", "USD"), money("2.20", "USD")], "USD")
    Money('3.30', 'USD')
    """
    if not isinstance(currency, str):
        raise ValidationError("currency", currency, "an ISO 4217 code such as 'USD'")
    currency_digits(currency)
    if not _iterable(amounts):
        raise ValidationError("amounts", amounts, "an iterable of Money amounts")
    units = 0
    for index, amount in enumerate(amounts):
        if _check_money(amount, f"amounts[{index}]").currency.code != currency:
            raise CurrencyMismatchError("add", currency, amount.currency.code)
        units += to_minor(amount)
    return from_minor(units, currency)


def _largest_remainder(units: int, weights: Sequence[Decimal]) -> list[int]:
    """Split non-negative ``units`` by non-negative ``weights``; parts sum to ``units``.

    All in integers: the weights are scaled to whole numbers on a common exponent,
    so each share is ``units * w / W`` exactly (Decimal division would round at the
    context's 28 digits, and large totals could then sum past ``units``).
    """
    exponent = min(int(weight.as_tuple().exponent) for weight in weights)
    whole = [int(weight.scaleb(-exponent, _EXACT)) for weight in weights]
    weight_sum = sum(whole)
    floors = [units * weight // weight_sum for weight in whole]
    remainders = [units * weight % weight_sum for weight in whole]  # same denominator
    left = units - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for index in order[:left]:
        floors[index] += 1
    return floors


def allocate(total_amount: moneyed.Money, weights: Sequence[object]) -> tuple[Money, ...]:
    """Split ``total_amount`` in proportion to ``weights``; the parts sum to it exactly.

    Weights are non-negative ints, Decimals, or Money of the same currency; at
    least one must be positive. A negative total gives negative parts. Ties go
    to the earlier part, so the result is deterministic.

    >>> allocate(money("-10.00", "USD"), [Decimal("0.3"), Decimal("0.7")])
    (Money('-3.00', 'USD'), Money('-7.00', 'USD'))
    >>> allocate(money("5", "JPY"), [1, 0, 1])
    (Money('3', 'JPY'), Money('0', 'JPY'), Money('2', 'JPY'))
    """
    currency = _check_money(total_amount, "total").currency.code
    if not weights:
        raise ValidationError("weights", weights, "at least one weight")
    numbers: list[Decimal] = []
    for index, weight in enumerate(weights):
        if isinstance(weight, moneyed.Money):
            if weight.currency.code != currency:
                raise CurrencyMismatchError("allocate", currency, weight.currency.code)
            value = weight.amount
        else:
            value = _check_decimal(weight, f"weights[{index}]")
        if value < 0:
            raise ValidationError(f"weights[{index}]", weight, "a weight of zero or more")
        numbers.append(value)
    if not any(numbers):
        raise ValidationError("weights", weights, "at least one positive weight")
    units = to_minor(total_amount)
    sign = -1 if units < 0 else 1
    parts = _largest_remainder(abs(units), numbers)
    return tuple(from_minor(sign * part, currency) for part in parts)


MAX_PARTS: Final = 1_000_000
"""The most parts :func:`split_evenly` makes: a million installments is already absurd."""


def split_evenly(total_amount: moneyed.Money, parts: int) -> tuple[Money, ...]:
    """Split into ``parts`` equal shares; the earlier parts carry the extra units.

    The same result as ``allocate(total_amount, [1] * parts)``, computed with one
    division; at most :data:`MAX_PARTS` parts.

    >>> split_evenly(money("100.00", "USD"), 3)
    (Money('33.34', 'USD'), Money('33.33', 'USD'), Money('33.33', 'USD'))
    """
    if isinstance(parts, bool) or not isinstance(parts, int) or not 1 <= parts <= MAX_PARTS:
        raise ValidationError("parts", parts, f"a whole number of parts, 1 to {MAX_PARTS:,}")
    currency = _check_money(total_amount, "total").currency.code
    units = to_minor(total_amount)
    share, left = divmod(abs(units), parts)
    sign = -1 if units < 0 else 1
    larger, smaller = from_minor(sign * (share + 1), currency), from_minor(sign * share, currency)
    return (larger,) * left + (smaller,) * (parts - left)


def _positive_rate(value: object) -> Decimal:
    rate = _check_decimal(value, "rate")
    if rate <= 0:
        raise ValidationError("rate", value, "a positive exchange rate")
    return rate


def _currency_code(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError("currency", value, "an ISO 4217 code such as 'USD'")
    code = value.strip().upper()
    currency_digits(code)
    return code


@attrs.frozen
class Rate:
    """One unit of ``source`` is worth ``rate`` units of ``target`` from ``on`` onwards.

    >>> Rate("EUR", "USD", Decimal("1.0850"), dt.date(2026, 1, 2)).rate
    Decimal('1.0850')
    """

    source: str = attrs.field(converter=_currency_code)
    target: str = attrs.field(converter=_currency_code)
    rate: Decimal = attrs.field(converter=_positive_rate)
    on: dt.date = attrs.field()

    @on.validator
    def _check_on(self, attribute: attrs.Attribute[dt.date], value: dt.date) -> None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise ValidationError("rate.on", value, "a datetime.date")

    def __attrs_post_init__(self) -> None:
        if self.source == self.target:  # RateTable.rate answers 1 for these; never looked up
            raise ValidationError("target", self.target, f"a currency other than {self.source}")


def _as_rates(value: Iterable[Rate]) -> tuple[Rate, ...]:
    if not _iterable(value):
        raise ValidationError("rates", value, "an iterable of Rate values")
    rates = tuple(value)
    for index, rate in enumerate(rates):
        if not isinstance(rate, Rate):
            raise ValidationError(f"rates[{index}]", rate, "a Rate")
    return tuple(sorted(rates, key=lambda r: (r.source, r.target, r.on)))


@attrs.frozen
class RateTable:
    """Dated exchange rates the caller supplies; the latest rate on or before a day applies.

    A rate also converts in the inverse direction when no direct rate exists.

    >>> table = RateTable([Rate("EUR", "USD", Decimal("1.10"), dt.date(2026, 1, 1))])
    >>> table.convert(money("100.00", "EUR"), "USD", dt.date(2026, 3, 1))
    Money('110.00', 'USD')
    >>> table.convert(money("110.00", "USD"), "EUR", dt.date(2026, 3, 1))
    Money('100.00', 'EUR')
    >>> table.convert(money("1.00", "EUR"), "USD", dt.date(2025, 12, 31))
    Traceback (most recent call last):
    ...
    receivables.errors.MissingRateError: no exchange rate EUR->USD applies on 2025-12-31: add a rate dated on or before that day to the RateTable
    """

    rates: tuple[Rate, ...] = attrs.field(converter=_as_rates, default=())
    _index: dict[tuple[str, str], tuple[list[dt.date], list[Decimal]]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        index: dict[tuple[str, str], tuple[list[dt.date], list[Decimal]]] = {}
        for rate in self.rates:
            dates, values = index.setdefault((rate.source, rate.target), ([], []))
            if dates and dates[-1] == rate.on:
                raise ValidationError(
                    "rates", rate, f"one {rate.source}->{rate.target} rate per day"
                )
            dates.append(rate.on)
            values.append(rate.rate)
        object.__setattr__(self, "_index", index)

    def _lookup(self, source: str, target: str, on: dt.date) -> Decimal | None:
        entry = self._index.get((source, target))
        if entry is None:
            return None
        dates, values = entry
        position = bisect.bisect_right(dates, on)
        return values[position - 1] if position else None

    def rate(self, source: str, target: str, on: dt.date) -> Decimal:
        """Units of ``target`` per unit of ``source`` on ``on`` (1 for the same currency).

        >>> table = RateTable([Rate("EUR", "USD", Decimal("1.25"), dt.date(2026, 3, 1))])
        >>> table.rate("EUR", "USD", dt.date(2026, 3, 15)), table.rate("USD", "EUR", dt.date(2026, 3, 15))
        (Decimal('1.25'), Decimal('0.8'))
        """
        if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
            raise ValidationError("on", on, "a datetime.date")
        source, target = _currency_code(source), _currency_code(target)
        if source == target:
            return Decimal(1)
        direct = self._lookup(source, target, on)
        if direct is not None:
            return direct
        inverse = self._lookup(target, source, on)
        if inverse is not None:
            return Decimal(1) / inverse
        raise MissingRateError(source, target, on)

    def convert(
        self,
        amount: moneyed.Money,
        to: str,
        on: dt.date,
        *,
        rounding: str = DEFAULT_ROUNDING,
    ) -> Money:
        """``amount`` in currency ``to`` at the rate that applies on ``on``, rounded.

        >>> table = RateTable([Rate("EUR", "USD", Decimal("1.0837"), dt.date(2026, 3, 1))])
        >>> table.convert(money("1000.00", "EUR"), "USD", dt.date(2026, 3, 31))
        Money('1083.70', 'USD')
        """
        source = _check_money(amount, "amount").currency.code
        to = _currency_code(to)
        factor = self.rate(source, to, on)
        return money(amount.amount * factor, to, rounding=_check_rounding(rounding))
