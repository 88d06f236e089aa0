"""Amounts, symbols, dates and percentages as local readers write them (babel's CLDR data).

The expected strings are what babel 2.18 (CLDR 47) and 2.19 (CLDR 49) produce, checked
by running both;
they match how the five markets write amounts: Colombia groups with '.' and decimals
with ',', Mexico, Panama and Puerto Rico write like the US.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.errors import ValidationError
from receivables.formatting import (
    LOCALES,
    Formatter,
    currency_symbol,
    display_digits,
    format_amount,
    format_date,
    format_money,
    format_percent,
    locale_of,
)
from receivables.money import Money, currency_digits, from_minor, money, to_minor
from tests.strategies import amounts

AMOUNT = "1234567.89"


@pytest.mark.parametrize(
    ("locale", "currency", "expected"),
    [
        ("es_CO", "COP", "$1.234.567,89"),
        ("es_MX", "MXN", "$1,234,567.89"),
        ("es_PA", "USD", "USD1,234,567.89"),
        ("es_PA", "PAB", "B/.1,234,567.89"),
        ("es_PR", "USD", "$1,234,567.89"),
        ("en_US", "USD", "$1,234,567.89"),
        ("es_CO", "USD", "US$1.234.567,89"),
        ("en_US", "COP", "COP1,234,567.89"),
    ],
)
def test_money_in_each_market(locale: str, currency: str, expected: str) -> None:
    assert format_money(money(AMOUNT, currency), locale) == expected
    assert format_money(Decimal(AMOUNT), locale, currency=currency) == expected
    assert format_money(AMOUNT, locale, currency=currency) == expected


def test_currency_digits_are_the_currencys_own() -> None:
    assert format_money(money("1234567", "JPY"), "en_US") == "¥1,234,567"
    assert format_money(money("1234567", "JPY"), "es_CO") == "JPY1.234.567"
    assert format_money(money("12.5", "BHD"), "en_US") == "BHD12.500"
    assert format_money(money("12", "USD"), "es_CO") == "US$12,00"


def test_shown_digits_are_iso_unless_the_locale_convention_loses_nothing() -> None:
    # CLDR 49 (babel 2.19) shows COP without decimals; ISO 4217 gives it two minor units.
    whole, cents = money("1234567.00", "COP"), money("1234567.89", "COP")
    assert format_money(whole, "es_CO") == "$1.234.567,00"
    assert format_money(whole, "es_CO", digits="locale") in {"$1.234.567", "$1.234.567,00"}
    assert format_money(cents, "es_CO", digits="locale") == "$1.234.567,89"
    assert Formatter("es_CO", digits="locale").money(cents) == "$1.234.567,89"
    # Where CLDR shows more than ISO has (gold: "N.A."), ISO's digits win.
    assert format_money(money("3", "XAU"), "en_US", digits="locale").endswith("3")
    assert format_money(money("12.5", "USD"), "en_US", digits="locale") == "$12.50"


def test_display_digits_are_cldrs() -> None:
    assert display_digits("USD") == 2
    assert display_digits("JPY") == 0
    with pytest.raises(ValidationError, match="currency"):
        display_digits("XYZ")


@pytest.mark.parametrize("bad", ["cldr", "", None, 2])
def test_bad_digits_choice(bad: object) -> None:
    with pytest.raises(ValidationError, match=r"digits: got .*; expected one of iso, locale"):
        format_money(money("1", "USD"), "en_US", digits=bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="digits"):
        Formatter("en_US", digits=bad)  # type: ignore[arg-type]


def test_negatives_and_accounting() -> None:
    assert format_money(money("-1234.50", "COP"), "es_CO") == "-$1.234,50"
    assert format_money(money("-1234.50", "USD"), "en_US", accounting=True) == "($1,234.50)"
    # es_CO's accounting pattern has no parentheses in CLDR.
    assert format_money(money("-1234.50", "COP"), "es_CO", accounting=True) == "-$1.234,50"


def test_amount_without_symbol() -> None:
    assert format_amount(money("1234567.8", "COP"), "es_CO") == "1.234.567,80"
    assert format_amount(money("1234567.8", "USD"), "es_PR") == "1,234,567.80"
    assert format_amount(money("7", "JPY"), "es_MX") == "7"
    assert format_amount(Decimal("0.1"), "en_US", currency="KWD") == "0.100"


@pytest.mark.parametrize(
    ("locale", "short", "medium", "long"),
    [
        ("es_CO", "5/03/26", "5/03/2026", "5 de marzo de 2026"),
        ("es_MX", "05/03/26", "5 mar 2026", "5 de marzo de 2026"),
        ("es_PA", "03/05/26", "03/05/2026", "5 de marzo de 2026"),
        ("es_PR", "03/05/26", "03/05/2026", "5 de marzo de 2026"),
        ("en_US", "3/5/26", "Mar 5, 2026", "March 5, 2026"),
    ],
)
def test_dates(locale: str, short: str, medium: str, long: str) -> None:
    day = dt.date(2026, 3, 5)
    assert format_date(day, locale, style="short") == short
    assert format_date(day, locale) == medium
    assert format_date(day, locale, style="long") == long
    assert Formatter(locale, date_style="long").date(day) == long


def test_percentages() -> None:
    assert format_percent(Decimal("0.1234"), "es_CO") == "12,3%"
    assert format_percent(Decimal("0.1234"), "es_MX") == "12.3%"
    assert format_percent(Decimal("0.1234"), "en_US", decimals=2) == "12.34%"
    assert format_percent(1, "es_PA", decimals=0) == "100%"
    assert format_percent("0.001", "es_CO", decimals=3) == "0,100%"


def test_symbols() -> None:
    assert [currency_symbol("USD", loc) for loc in LOCALES] == ["US$", "USD", "USD", "$", "$"]
    assert currency_symbol("COP", "es_CO") == "$"
    assert currency_symbol("MXN", "es_MX") == "$"
    assert Formatter("es_PA").symbol("PAB") == "B/."


def test_locale_spellings() -> None:
    assert locale_of("es-CO") == locale_of("es_CO")
    assert Formatter("es-MX").money(money("1", "MXN")) == "$1.00"


@pytest.mark.parametrize("bad", ["", "xx_YY", "es_", None, 7, "es-CO-x-bad!"])
def test_bad_locale(bad: object) -> None:
    with pytest.raises(ValidationError, match="locale"):
        format_money(money("1", "USD"), bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="locale"):
        Formatter(bad)  # type: ignore[arg-type]


def test_float_is_refused_everywhere() -> None:
    with pytest.raises(ValidationError, match="amount"):
        format_money(1.5, "en_US", currency="USD")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="amount"):
        format_amount(1.5, "en_US", currency="USD")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="percent"):
        format_percent(0.5, "en_US")  # type: ignore[arg-type]


def test_other_bad_inputs() -> None:
    with pytest.raises(ValidationError, match="amount"):
        format_money(Decimal("1.005"), "en_US", currency="USD")
    with pytest.raises(ValidationError, match=r"amount\.currency"):
        format_money(Decimal("1.00"), "en_US")
    with pytest.raises(ValidationError, match="currency"):
        format_money(Decimal("1.00"), "en_US", currency="XYZ")
    with pytest.raises(ValidationError, match="currency"):
        currency_symbol("XYZ", "en_US")
    with pytest.raises(ValidationError, match="currency: got 'EUR'; expected USD"):
        format_money(money("1.00", "USD"), "en_US", currency="EUR")
    with pytest.raises(ValidationError, match="percent"):
        format_percent("abc", "en_US")
    with pytest.raises(ValidationError, match="percent"):
        format_percent("NaN", "en_US")
    with pytest.raises(ValidationError, match="decimals"):
        format_percent("0.1", "en_US", decimals=9)
    with pytest.raises(ValidationError, match="date"):
        format_date(dt.datetime(2026, 1, 1, 12, 0), "en_US")  # noqa: DTZ001
    with pytest.raises(ValidationError, match="style"):
        format_date(dt.date(2026, 1, 1), "en_US", style="tiny")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="date_style"):
        Formatter("en_US", date_style="tiny")  # type: ignore[arg-type]


def _digits_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@given(amounts(), st.sampled_from(LOCALES))
def test_every_digit_survives(amount: object, locale: str) -> None:
    """Exactness: the formatted number carries exactly the amount's minor units, no rounding."""
    assert isinstance(amount, Money)
    text = format_amount(amount, locale)
    units = to_minor(amount)
    assert _digits_only(text) == str(abs(units)).zfill(currency_digits(amount.code) + 1)
    assert text.startswith("-") == (units < 0)
    # The symbol form holds the same digits.
    assert _digits_only(format_money(amount, locale)) == _digits_only(text)


@given(st.integers(-(10**15), 10**15))
def test_colombian_separators_parse_back(units: int) -> None:
    amount = from_minor(units, "COP")
    text = format_amount(amount, "es_CO")
    parsed = Decimal(text.replace(".", "").replace(",", "."))
    assert parsed == amount.amount


@pytest.mark.parametrize("locale", LOCALES)
def test_negative_zero_is_written_as_zero(locale: str) -> None:
    # Found in review: babel kept the sign of -0.00 and of a ratio rounding to zero.
    zero_money = format_money(money("0.00", "USD"), locale)
    assert format_money(money("-0.00", "USD"), locale) == zero_money
    assert format_money(Decimal("-0"), locale, currency="USD") == zero_money
    assert format_amount(Decimal("-0.00"), locale, currency="COP") == format_amount(
        Decimal("0"), locale, currency="COP"
    )
    assert not format_percent(Decimal("-0.0001"), locale).startswith("-")
    assert format_percent(Decimal("-0.0001"), locale) == format_percent(Decimal(0), locale)
    # a real negative keeps its sign, and rounding is still babel's half-even
    assert format_money(money("-0.01", "USD"), locale).startswith("-")
    assert format_percent(Decimal("-0.0006"), locale) == format_percent(Decimal("-0.001"), locale)
    assert format_percent(Decimal("0.00125"), locale, decimals=1) == format_percent(
        Decimal("0.0012"), locale, decimals=1
    )
    # found with it: a ratio beyond Decimal's 28 digits raised decimal.InvalidOperation in babel
    assert format_percent(Decimal("12345678901234567890123456789"), locale, decimals=0)[:4] in (
        "1,23",
        "1.23",
    )
