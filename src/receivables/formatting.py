"""How would a reader in Bogotá, Monterrey, Panamá, San Juan or Houston write this amount?

Amounts, currency symbols, dates and percentages as a local reader writes
them, from the Unicode CLDR data that babel ships: the grouping and decimal
separators, where the symbol goes and which symbol a locale uses for a
currency (``$`` for pesos in es_CO, ``US$`` for dollars there, ``USD`` in
es_PA, where CLDR keeps ``B/.`` for the balboa), and the month names and date
order. Nothing here is hand-written: babel's ``format_currency``,
``format_decimal``, ``format_percent`` and ``format_date`` do the work; this
module only makes them exact and strict.

Exact means: amounts go to babel as :class:`~decimal.Decimal`, never float,
with the currency's own number of digits (ISO 4217 via
:func:`~receivables.money.currency_digits`), and an amount with more digits
than its currency has is an error rather than a silent rounding.

How many decimals to *show* is a second question. By default every amount
shows its ISO 4217 minor units (COP 2). CLDR's ``digits`` (:func:`display_digits`)
is a display convention that may show fewer (CLDR 49, babel 2.19, shows COP,
HUF and IDR without decimals); ``digits="locale"`` follows it, but only where
no minor unit is lost: ``$1.234.567`` for 1,234,567.00 COP, and still
``$1.234.567,89`` for 1,234,567.89 COP.

>>> from receivables.money import money
>>> format_money(money("1234567.89", "COP"), "es_CO")
'$1.234.567,89'
>>> format_money(money("1234567.89", "USD"), "en_US")
'$1,234,567.89'
>>> format_date(dt.date(2026, 3, 5), "es_CO", style="long")
'5 de marzo de 2026'
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from functools import lru_cache
from typing import Final, Literal

import attrs
import babel.dates
import babel.numbers
import moneyed
from babel import Locale, UnknownLocaleError

from receivables.errors import ValidationError
from receivables.money import currency_digits, money

__all__ = [
    "DATE_STYLES",
    "LOCALES",
    "Formatter",
    "currency_symbol",
    "display_digits",
    "format_amount",
    "format_date",
    "format_money",
    "format_percent",
    "locale_of",
]

LOCALES: Final = ("es_CO", "es_MX", "es_PA", "es_PR", "en_US")
"""The locales the library is tested in; any CLDR locale babel knows works."""

DATE_STYLES: Final = ("short", "medium", "long", "full")
"""CLDR's date lengths, e.g. in es_CO ``short`` 5/03/26, ``medium`` 5/03/2026, ``long`` 5 de marzo de 2026."""

DateStyle = Literal["short", "medium", "long", "full"]
Digits = Literal["iso", "locale"]
_DIGITS: Final = ("iso", "locale")


def locale_of(name: str) -> Locale:
    """The babel :class:`~babel.Locale` named ``name`` (``es_CO`` or ``es-CO``), or an error.

    >>> locale_of("es-CO").territory
    'CO'
    >>> locale_of("xx_YY")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: locale: got 'xx_YY'; expected a CLDR locale such as 'es_CO' or 'en_US'
    """
    if not isinstance(name, str) or not name.strip():
        raise ValidationError("locale", name, "a CLDR locale such as 'es_CO' or 'en_US'")
    return _parsed_locale(name)


@lru_cache(maxsize=64)
def _parsed_locale(name: str) -> Locale:
    """:func:`locale_of` once its argument is known to be a string (the cache needs one)."""
    try:
        return Locale.parse(name.strip(), sep="-" if "-" in name else "_")
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValidationError("locale", name, "a CLDR locale such as 'es_CO' or 'en_US'") from None


def _exact(amount: object, currency: str, field: str) -> Decimal:
    """The amount as a Decimal with no more digits than ``currency`` has (floats refused).

    A negative zero (``Decimal("-0.00")``) is zero: nobody writes ``-$0.00``.
    """
    value: Decimal = money(amount, currency, field=field).amount
    return value.copy_abs() if value == 0 else value


def _money_parts(amount: object, currency: str | None, field: str) -> tuple[Decimal, str]:
    if isinstance(amount, moneyed.Money):
        code = str(amount.currency.code)
        if currency is not None and currency != code:
            raise ValidationError("currency", currency, f"{code} (the amount's own) or None")
        return _exact(amount.amount, code, field), code
    if currency is None:
        raise ValidationError(f"{field}.currency", None, "a currency beside a bare amount")
    return _exact(amount, currency, field), currency


def format_money(
    amount: moneyed.Money | Decimal | int | str,
    locale: str,
    *,
    currency: str | None = None,
    accounting: bool = False,
    digits: Digits = "iso",
) -> str:
    """An amount with its currency symbol as a reader in ``locale`` writes it.

    ``amount`` is a :class:`~receivables.money.Money`, or a Decimal, int or
    string with ``currency`` beside it; float is refused. The currency's ISO
    4217 digits are shown (JPY none, COP two, BHD three); ``digits="locale"``
    shows CLDR's :func:`display_digits` instead where that loses no minor unit.
    ``accounting`` uses the locale's accounting pattern, which in en_US puts
    negatives in parentheses.

    >>> from receivables.money import money
    >>> format_money(money("-1234.50", "USD"), "es_PR")
    '-$1,234.50'
    >>> format_money(money("-1234.50", "USD"), "en_US", accounting=True)
    '($1,234.50)'
    >>> format_money(Decimal("1234567.89"), "es_MX", currency="MXN")
    '$1,234,567.89'
    >>> format_money(money("1500", "JPY"), "en_US"), format_money(money("1.250", "BHD"), "en_US")
    ('¥1,500', 'BHD1.250')
    >>> dinars = money("1250.000", "IQD")  # ISO 4217: 3 digits; CLDR shows none
    >>> format_money(dinars, "en_US"), format_money(dinars, "en_US", digits="locale")
    ('IQD1,250.000', 'IQD1,250')
    >>> format_money(money("1250.5", "IQD"), "en_US", digits="locale")  # no fils is lost
    'IQD1,250.500'
    >>> format_money(Decimal("1.005"), "en_US", currency="USD")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: amount: got Decimal('1.005'); expected at most 2 decimal place(s) for USD, or pass rounding=
    """
    value, code = _money_parts(amount, currency, "amount")
    shown = _shown_digits(value, code, digits)
    kind = "accounting" if accounting else "standard"
    pattern = _pattern(str(locale_of(locale)), kind, shown)
    return str(pattern.apply(value, locale_of(locale), currency=code, currency_digits=False))


def display_digits(currency: str) -> int:
    """How many decimals CLDR's convention shows for ``currency`` (babel's data).

    A display convention, not the currency's minor unit
    (:func:`~receivables.money.currency_digits`): it can be fewer, and it
    changes between CLDR releases.

    >>> display_digits("USD"), display_digits("JPY")
    (2, 0)
    """
    currency_digits(currency)
    return int(babel.numbers.get_currency_precision(currency))


def _shown_digits(value: Decimal, currency: str, digits: object) -> int:
    """ISO digits, or CLDR's where ``digits == "locale"`` and no minor unit is lost."""
    if digits not in _DIGITS:
        raise ValidationError("digits", digits, f"one of {', '.join(_DIGITS)}")
    iso = currency_digits(currency)
    if digits == "iso":
        return iso
    shown = min(display_digits(currency), iso)
    exponent = value.normalize().as_tuple().exponent
    needed = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return shown if needed <= shown else iso


def format_amount(
    amount: moneyed.Money | Decimal | int | str, locale: str, *, currency: str | None = None
) -> str:
    """The number alone, in ``locale``'s separators, with the currency's digits (for tables).

    >>> from receivables.money import money
    >>> format_amount(money("1234567.8", "COP"), "es_CO"), format_amount(money("-5", "USD"), "en_US")
    ('1.234.567,80', '-5.00')
    """
    value, code = _money_parts(amount, currency, "amount")
    digits = currency_digits(code)
    pattern = _pattern(str(locale_of(locale)), "decimal", digits)
    return str(pattern.apply(value, locale_of(locale)))


@lru_cache(maxsize=256)
def _pattern(locale: str, kind: str, digits: int) -> babel.numbers.NumberPattern:
    """The locale's decimal, percent or currency pattern with exactly ``digits`` fraction digits.

    ``kind`` is ``decimal``, ``percent``, or a currency format type (``standard``, ``accounting``).
    """
    data = locale_of(locale)
    if kind == "decimal":
        base = data.decimal_formats[None]
    elif kind == "percent":
        base = data.percent_formats[None]
    else:
        base = data.currency_formats[kind]
    pattern: babel.numbers.NumberPattern = copy.copy(base)
    pattern.frac_prec = (digits, digits)
    return pattern


def format_percent(value: Decimal | int | str, locale: str, *, decimals: int = 1) -> str:
    """A ratio (``0.1234`` is 12.34 %) as a percentage in ``locale``, to ``decimals`` places.

    Rounding is half-even, babel's. Floats are refused.

    >>> format_percent(Decimal("0.1234"), "es_CO"), format_percent(Decimal("0.1234"), "en_US")
    ('12,3%', '12.3%')
    >>> format_percent("0.5", "es_MX", decimals=0)
    '50%'
    """
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        raise ValidationError("percent", value, "a Decimal, int or str ratio (never float)")
    try:
        ratio = Decimal(value)
    except ArithmeticError:
        raise ValidationError("percent", value, "a decimal ratio such as '0.125'") from None
    if not ratio.is_finite():
        raise ValidationError("percent", value, "a finite ratio")
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
        raise ValidationError("decimals", decimals, "an int from 0 to 6")
    # Rounded here, half-even as babel would, so a ratio that rounds to zero is written
    # 0, never -0 (babel keeps the sign of -0.0001 when it rounds it away).
    if ratio.copy_abs() < 1:  # small enough to quantize within any Decimal precision
        ratio = ratio.quantize(Decimal(1).scaleb(-(decimals + 2)), rounding=ROUND_HALF_EVEN)
        if ratio == 0:
            ratio = ratio.copy_abs()
    pattern = _pattern(str(locale_of(locale)), "percent", decimals)
    with localcontext() as context:  # babel quantizes: leave room for every digit of a big ratio
        context.prec = max(context.prec, ratio.adjusted() + decimals + 10)
        return str(pattern.apply(ratio, locale_of(locale)))


def format_date(value: dt.date, locale: str, *, style: DateStyle = "medium") -> str:
    """A date as ``locale`` writes it; ``style`` is one of :data:`DATE_STYLES`.

    >>> day = dt.date(2026, 3, 5)
    >>> [format_date(day, loc) for loc in ("es_CO", "es_MX", "es_PA", "en_US")]
    ['5/03/2026', '5 mar 2026', '03/05/2026', 'Mar 5, 2026']
    """
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError("date", value, "a datetime.date (not a datetime)")
    if style not in DATE_STYLES:
        raise ValidationError("style", style, f"one of {', '.join(DATE_STYLES)}")
    return babel.dates.format_date(value, format=style, locale=locale_of(locale))


def currency_symbol(currency: str, locale: str) -> str:
    """The symbol ``locale`` uses for ``currency``.

    >>> currency_symbol("USD", "es_CO"), currency_symbol("USD", "es_PR"), currency_symbol("COP", "en_US")
    ('US$', '$', 'COP')
    """
    currency_digits(currency)
    return babel.numbers.get_currency_symbol(currency, locale=locale_of(locale))


@attrs.frozen
class Formatter:
    """The four formats bound to one locale (and date style), for a renderer to carry.

    >>> from receivables.money import money
    >>> es = Formatter("es_CO", date_style="long")
    >>> es.money(money("1234.5", "COP")), es.date(dt.date(2026, 1, 31)), es.percent(Decimal("0.05"))
    ('$1.234,50', '31 de enero de 2026', '5,0%')
    >>> Formatter("es_CO", date_style="tiny")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: date_style: got 'tiny'; expected one of short, medium, long, full
    """

    locale: str = attrs.field()
    date_style: DateStyle = attrs.field(default="medium", kw_only=True)
    digits: Digits = attrs.field(default="iso", kw_only=True)

    @locale.validator
    def _check_locale(self, attribute: attrs.Attribute[str], value: str) -> None:
        locale_of(value)

    @date_style.validator
    def _check_style(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in DATE_STYLES:
            raise ValidationError("date_style", value, f"one of {', '.join(DATE_STYLES)}")

    @digits.validator
    def _check_digits(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in _DIGITS:
            raise ValidationError("digits", value, f"one of {', '.join(_DIGITS)}")

    def money(self, amount: moneyed.Money, *, accounting: bool = False) -> str:
        """:func:`format_money` in this locale.

        >>> Formatter("en_US").money(money("-1234.5", "USD"), accounting=True)
        '($1,234.50)'
        """
        return format_money(amount, self.locale, accounting=accounting, digits=self.digits)

    def amount(self, amount: moneyed.Money) -> str:
        """:func:`format_amount` in this locale.

        >>> Formatter("en_IN").amount(money("1234567.5", "INR"))
        '12,34,567.50'
        """
        return format_amount(amount, self.locale)

    def date(self, value: dt.date) -> str:
        """:func:`format_date` in this locale and style.

        >>> Formatter("en_GB", date_style="short").date(dt.date(2026, 3, 31))
        '31/03/2026'
        """
        return format_date(value, self.locale, style=self.date_style)

    def percent(self, value: Decimal | int | str, *, decimals: int = 1) -> str:
        """:func:`format_percent` in this locale.

        >>> Formatter("en_US").percent(Decimal("0.125"), decimals=2)
        '12.50%'
        """
        return format_percent(value, self.locale, decimals=decimals)

    def symbol(self, currency: str) -> str:
        """:func:`currency_symbol` in this locale.

        >>> Formatter("en_US").symbol("EUR"), Formatter("es_CO").symbol("COP")
        ('€', '$')
        """
        return currency_symbol(currency, self.locale)
