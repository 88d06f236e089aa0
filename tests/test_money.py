"""Exact money: currency digits, parsing, minor units, allocation, rates, mixed currencies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.errors import CurrencyMismatchError, MissingRateError, ValidationError
from receivables.money import (
    Money,
    Rate,
    RateTable,
    allocate,
    currency_digits,
    from_minor,
    is_zero,
    money,
    split_evenly,
    to_minor,
    total,
    zero,
)
from tests.strategies import CURRENCIES, amounts, currencies, weights

# --- currency digits: ISO 4217 ----------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "digits"),
    # ISO 4217 "List One" (SIX Group, maintenance agency), column "Minor unit":
    # US Dollar 2, Colombian Peso 2, Yen 0, Chilean Peso 0, Bahraini Dinar 3, Kuwaiti Dinar 3.
    [("USD", 2), ("COP", 2), ("JPY", 0), ("CLP", 0), ("BHD", 3), ("KWD", 3)],
)
def test_currency_digits_follow_iso_4217(code: str, digits: int) -> None:
    assert currency_digits(code) == digits
    # One minor unit is 10**-digits of the major unit.
    assert from_minor(1, code).amount == Decimal(1).scaleb(-digits)


@pytest.mark.parametrize(
    ("code", "digits"),
    # Where ISO 4217 and CLDR part ways. ISO 4217 List One as published 2026-01-01
    # (SIX Group, the maintenance agency; the `iso4217` package's table.xml), column
    # "Minor unit": Colombian Peso 2, Forint 2, Rupiah 2, Iraqi Dinar 3, Afghani 2,
    # Lek 2, Iranian Rial 2, Lao Kip 2, Lebanese Pound 2, Malagasy Ariary 2, Kyat 2,
    # Somali Shilling 2, Syrian Pound 2, Yemeni Rial 2; gold and the SDR "N.A." (no
    # minor unit, taken as 0). CLDR 49 (babel 2.19) shows 0 decimals for the former
    # and 2 for the latter: a display convention, not the currency's minor unit.
    [
        ("COP", 2),
        ("HUF", 2),
        ("IDR", 2),
        ("IQD", 3),
        ("AFN", 2),
        ("ALL", 2),
        ("IRR", 2),
        ("LAK", 2),
        ("LBP", 2),
        ("MGA", 2),
        ("MMK", 2),
        ("SOS", 2),
        ("SYP", 2),
        ("YER", 2),
        ("XAU", 0),
        ("XDR", 0),
    ],
)
def test_currency_digits_follow_iso_where_cldr_differs(code: str, digits: int) -> None:
    assert currency_digits(code) == digits


def test_currency_digits_agree_with_the_published_iso_list() -> None:
    # Every currency of ISO 4217 List One (the `iso4217` package ships SIX Group's
    # table.xml; this checks it against py-moneyed's sub-units, which the library
    # uses). "N.A." (no minor unit) counts as 0. Codes py-moneyed does not know yet
    # (XCG from 2025, ZWG from 2024, XAD) are refused as unknown.
    iso4217 = pytest.importorskip("iso4217")
    assert iso4217.__published__ >= dt.date(2026, 1, 1)
    unknown = []
    for entry in iso4217.Currency:
        try:
            digits = currency_digits(entry.code)
        except ValidationError:
            unknown.append(entry.code)
            continue
        assert digits == (entry.exponent or 0), entry.code
    assert set(unknown) <= {"XAD", "XCG", "ZWG"}


def test_colombian_pesos_keep_their_centavos() -> None:
    # Colombian e-invoices (DIAN, Anexo técnico 1.9) carry amounts with two decimals.
    assert money("1234567.89", "COP").amount == Decimal("1234567.89")
    assert to_minor(money("1234567.89", "COP")) == 123456789


@pytest.mark.parametrize("code", ["XYZ", "usd ", "", "US", 840, None, ["USD"]])
def test_unknown_currency_is_rejected(code: object) -> None:
    with pytest.raises(ValidationError, match="currency"):
        currency_digits(code)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["XYZ", "EURO", "", 978, None])
def test_money_rejects_an_unknown_currency(code: object) -> None:
    with pytest.raises(ValidationError, match=r"^currency: .*ISO 4217") as caught:
        money("1.00", code)  # type: ignore[arg-type]
    assert caught.value.value == code


# --- money(): parsing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("12.3", "USD", "12.30"),
        (" 12.30 ", "usd", "12.30"),  # spaces and a lower-case code are tidied
        (12, "USD", "12.00"),
        (Decimal("1500"), "JPY", "1500"),
        ("1.25", "BHD", "1.250"),
        ("-0.5", "KWD", "-0.500"),
        ("1_000", "CLP", "1000"),
        ("1E+2", "COP", "100.00"),
    ],
)
def test_money_parses_str_int_and_decimal(amount: object, currency: str, expected: str) -> None:
    parsed = money(amount, currency)
    assert isinstance(parsed, Money)
    assert str(parsed.amount) == expected
    assert parsed.code == currency.strip().upper()


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1.5, "never float"),
        (True, "never float or bool"),
        (False, "never float or bool"),
        ("NaN", "finite"),
        ("sNaN", "finite"),
        ("Infinity", "finite"),
        ("-inf", "finite"),
        (Decimal("NaN"), "finite"),
        ("twelve", "decimal number"),
        ("12,30", "decimal number"),
        ("", "decimal number"),
        (None, "str, int or Decimal"),
        ([12], "str, int or Decimal"),
        ("1e30", "significant digits"),
    ],
)
def test_money_rejects_what_is_not_an_exact_finite_amount(amount: object, expected: str) -> None:
    with pytest.raises(ValidationError, match=r"^amount: .*" + expected) as caught:
        money(amount, "USD")
    assert caught.value.field == "amount"
    assert caught.value.value is amount


def test_money_names_the_field_it_parses() -> None:
    with pytest.raises(ValidationError, match=r"^invoice\.amount:"):
        money(1.5, "USD", field="invoice.amount")


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("12.345", "USD"), ("0.001", "COP"), ("1.5", "JPY"), ("100.1", "CLP"), ("1.2345", "BHD")],
)
def test_too_many_decimals_is_an_error_without_rounding(amount: str, currency: str) -> None:
    with pytest.raises(ValidationError, match=f"at most {currency_digits(currency)} decimal"):
        money(amount, currency)


def test_rounding_when_asked_is_commercial_by_default_or_as_named() -> None:
    assert money("2.675", "USD", rounding="ROUND_HALF_UP") == money("2.68", "USD")
    assert money("2.665", "USD", rounding="ROUND_HALF_EVEN") == money("2.66", "USD")
    assert money("-2.675", "USD", rounding="ROUND_HALF_UP") == money("-2.68", "USD")
    assert money("1.5", "JPY", rounding="ROUND_DOWN") == money("1", "JPY")
    assert Money("2.675", "USD").quantized() == money("2.68", "USD")


def test_money_constructor_checks_the_amount_and_the_currency() -> None:
    with pytest.raises(ValidationError, match=r"^amount:"):
        Money(1.5, "USD")
    with pytest.raises(ValidationError, match=r"^currency:"):
        Money("1")
    with pytest.raises(ValidationError, match=r"^currency:"):
        Money("1", 840)
    with pytest.raises(ValidationError, match=r"^currency:"):
        Money("1", "ZZZ")
    assert repr(Money("1.5", "EUR")) == "Money('1.5', 'EUR')"


# --- minor units ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "currency", "units"),
    [
        ("-12.30", "USD", -1230),
        ("1500", "JPY", 1500),
        ("1.250", "BHD", 1250),
        ("0.001", "KWD", 1),
        ("7", "CLP", 7),
        ("0.00", "COP", 0),
    ],
)
def test_to_minor_and_from_minor(text: str, currency: str, units: int) -> None:
    assert to_minor(money(text, currency)) == units
    assert from_minor(units, currency) == money(text, currency)


def test_to_minor_rejects_an_amount_finer_than_the_minor_unit() -> None:
    with pytest.raises(ValidationError, match=r"^amount:.*at most 2 decimal"):
        to_minor(Money("0.005", "USD"))


@pytest.mark.parametrize("units", [1.0, True, "12", Decimal(12)])
def test_from_minor_takes_only_an_int(units: object) -> None:
    with pytest.raises(ValidationError, match=r"^units:"):
        from_minor(units, "USD")  # type: ignore[arg-type]


@given(currencies, st.integers(-(10**15), 10**15))
def test_minor_units_round_trip(currency: str, units: int) -> None:
    assert to_minor(from_minor(units, currency)) == units


@given(amounts())
def test_money_round_trips_through_minor_units(amount: Money) -> None:
    assert from_minor(to_minor(amount), amount.code) == amount


def test_zero_is_zero_at_the_minor_unit() -> None:
    assert str(zero("JPY").amount) == "0"
    assert str(zero("BHD").amount) == "0.000"
    assert is_zero(zero("USD"))
    assert not is_zero(money("0.01", "USD"))


def test_total_sums_one_currency_and_refuses_another() -> None:
    assert total([], "USD") == zero("USD")
    assert total([money("1.10", "USD"), money("2.25", "USD")], "USD") == money("3.35", "USD")
    with pytest.raises(CurrencyMismatchError, match="USD and EUR"):
        total([money("1.10", "USD"), money("1.00", "EUR")], "USD")


# --- allocate: largest remainder ----------------------------------------------------------


def test_fowler_foemmels_conundrum() -> None:
    # Martin Fowler, Patterns of Enterprise Application Architecture (2002), "Money":
    # "Matt Foemmel's conundrum": allocate 5 cents 70% / 30%. The exact shares are
    # 3.5 and 1.5 cents; both remainders are 0.5, the tie goes to the earlier part:
    # 0.04 and 0.01, and nothing is lost (4 + 1 = 5).
    assert allocate(money("0.05", "USD"), [70, 30]) == (money("0.04", "USD"), money("0.01", "USD"))
    # Fowler's allocate test: 0.05 by ratios {3, 7} gives 0.02 and 0.03
    # (shares 1.5 and 3.5; the tie goes to the first part).
    assert allocate(money("0.05", "USD"), [3, 7]) == (money("0.02", "USD"), money("0.03", "USD"))


def test_largest_remainder_worked_example() -> None:
    # 10.00 USD by 1:1:1 = 333.33... cents each: floors 333, 333, 333 (999), one cent
    # left, equal remainders, so the first part takes it.
    assert allocate(money("10.00", "USD"), [1, 1, 1]) == (
        money("3.34", "USD"),
        money("3.33", "USD"),
        money("3.33", "USD"),
    )
    # 100 JPY by 0.5 : 0.3 : 0.2 is exact: 50, 30, 20.
    assert allocate(money("100", "JPY"), [Decimal("0.5"), Decimal("0.3"), Decimal("0.2")]) == (
        money("50", "JPY"),
        money("30", "JPY"),
        money("20", "JPY"),
    )
    # 1.000 BHD by 1:2 = 333.3 and 666.6 fils: floors 333, 666; remainders 0.33 and 0.67:
    # the larger remainder (the second part) takes the last fils.
    assert allocate(money("1.000", "BHD"), [1, 2]) == (money("0.333", "BHD"), money("0.667", "BHD"))


def test_allocate_negative_totals_mirror_positive_ones() -> None:
    assert allocate(money("-0.05", "USD"), [70, 30]) == (
        money("-0.04", "USD"),
        money("-0.01", "USD"),
    )


def test_allocate_zero_weights_get_nothing() -> None:
    assert allocate(money("5", "JPY"), [1, 0, 1]) == (
        money("3", "JPY"),
        money("0", "JPY"),
        money("2", "JPY"),
    )


def test_allocate_ties_go_to_the_earlier_part() -> None:
    assert allocate(money("0.02", "USD"), [1, 1, 1]) == (
        money("0.01", "USD"),
        money("0.01", "USD"),
        money("0.00", "USD"),
    )


def test_allocate_by_money_weights_of_the_same_currency() -> None:
    # A payment of 100.00 spread over open items of 60.00 and 90.00 (pro rata).
    assert allocate(money("100.00", "USD"), [money("60.00", "USD"), money("90.00", "USD")]) == (
        money("40.00", "USD"),
        money("60.00", "USD"),
    )
    with pytest.raises(CurrencyMismatchError):
        allocate(money("100.00", "USD"), [money("60.00", "EUR")])


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        ([], "weights"),
        ([0, 0], "weights"),
        ([1, -1], r"weights\[1\]"),
        ([1, 0.5], r"weights\[1\]"),
        ([True], r"weights\[0\]"),
        ([1, "abc"], r"weights\[1\]"),
        ([Decimal("NaN")], r"weights\[0\]"),
    ],
)
def test_allocate_rejects_bad_weights(weights: list[object], field: str) -> None:
    with pytest.raises(ValidationError, match=f"^{field}:"):
        allocate(money("1.00", "USD"), weights)


def test_allocate_leaves_its_inputs_unchanged() -> None:
    shares = [Decimal("0.7"), Decimal("0.3")]
    amount = money("0.05", "USD")
    allocate(amount, shares)
    assert shares == [Decimal("0.7"), Decimal("0.3")]
    assert amount == money("0.05", "USD")


@given(st.sampled_from(CURRENCIES), st.integers(-(10**12), 10**12), weights)
def test_allocate_parts_sum_exactly_for_any_currency_and_weights(
    currency: str, units: int, shares: list[int | Decimal]
) -> None:
    parts = allocate(from_minor(units, currency), shares)
    assert len(parts) == len(shares)
    assert all(part.code == currency for part in parts)
    assert sum(to_minor(part) for part in parts) == units


@given(st.sampled_from(CURRENCIES), st.integers(-(10**12), 10**12), weights)
def test_allocate_each_part_is_within_one_unit_of_its_exact_share(
    currency: str, units: int, shares: list[int | Decimal]
) -> None:
    parts = allocate(from_minor(units, currency), shares)
    weight_sum = sum(Fraction(w) for w in shares)
    for part, weight in zip(parts, shares, strict=True):
        exact = units * Fraction(weight) / weight_sum
        assert abs(to_minor(part) - exact) < 1
        if weight == 0:
            assert to_minor(part) == 0


@given(st.sampled_from(CURRENCIES), st.integers(-(10**12), 10**12), weights)
def test_allocate_is_deterministic_and_sign_symmetric(
    currency: str, units: int, shares: list[int | Decimal]
) -> None:
    total_amount = from_minor(units, currency)
    first = allocate(total_amount, shares)
    assert allocate(total_amount, list(shares)) == first
    assert allocate(-total_amount, shares) == tuple(-part for part in first)


# --- split_evenly ---------------------------------------------------------------------


def test_split_evenly_worked_example() -> None:
    assert split_evenly(money("100.00", "USD"), 3) == (
        money("33.34", "USD"),
        money("33.33", "USD"),
        money("33.33", "USD"),
    )
    assert split_evenly(money("10", "CLP"), 4) == (
        money("3", "CLP"),
        money("3", "CLP"),
        money("2", "CLP"),
        money("2", "CLP"),
    )


@pytest.mark.parametrize("parts", [0, -1, 1.0, True, "3"])
def test_split_evenly_needs_a_whole_number_of_parts(parts: object) -> None:
    with pytest.raises(ValidationError, match=r"^parts:"):
        split_evenly(money("1.00", "USD"), parts)  # type: ignore[arg-type]


@given(amounts(), st.integers(1, 50))
def test_split_evenly_parts_differ_by_at_most_one_unit(amount: Money, count: int) -> None:
    parts = split_evenly(amount, count)
    units = [to_minor(part) for part in parts]
    assert len(parts) == count
    assert sum(units) == to_minor(amount)
    assert max(units) - min(units) <= 1
    assert [abs(u) for u in units] == sorted((abs(u) for u in units), reverse=True)


# --- rates ----------------------------------------------------------------------------

JAN = dt.date(2026, 1, 1)
FEB = dt.date(2026, 2, 1)


def _table() -> RateTable:
    return RateTable(
        [
            Rate("EUR", "USD", Decimal("1.10"), JAN),
            Rate("EUR", "USD", Decimal("1.20"), FEB),
            Rate("USD", "COP", Decimal("4000"), JAN),
        ]
    )


def test_the_latest_rate_on_or_before_the_date_applies() -> None:
    table = _table()
    eur = money("100.00", "EUR")
    assert table.convert(eur, "USD", JAN) == money("110.00", "USD")
    assert table.convert(eur, "USD", dt.date(2026, 1, 31)) == money("110.00", "USD")
    assert table.convert(eur, "USD", FEB) == money("120.00", "USD")
    assert table.convert(eur, "USD", dt.date(2030, 1, 1)) == money("120.00", "USD")


def test_the_inverse_rate_applies_when_no_direct_rate_exists() -> None:
    table = _table()
    # 1 USD = 4000 COP, so 10,000 COP = 2.50 USD.
    assert table.convert(money("10000.00", "COP"), "USD", FEB) == money("2.50", "USD")
    # 110 USD / 1.10 = 100 EUR; 100 USD / 1.20 = 83.333... EUR, rounded half up to 83.33.
    assert table.convert(money("110.00", "USD"), "EUR", JAN) == money("100.00", "EUR")
    assert table.convert(money("100.00", "USD"), "EUR", FEB) == money("83.33", "EUR")
    assert table.rate("USD", "USD", JAN) == 1


def test_conversion_rounds_to_the_target_currency() -> None:
    table = RateTable([Rate("USD", "JPY", Decimal("156.437"), JAN)])
    assert table.convert(money("10.00", "USD"), "JPY", JAN) == money("1564", "JPY")
    assert table.convert(money("0.01", "USD"), "JPY", JAN, rounding="ROUND_UP") == money("2", "JPY")


def test_a_missing_rate_is_an_error() -> None:
    table = _table()
    with pytest.raises(MissingRateError, match="EUR->USD applies on 2025-12-31"):
        table.convert(money("1.00", "EUR"), "USD", dt.date(2025, 12, 31))
    with pytest.raises(MissingRateError, match="EUR->COP"):
        table.convert(money("1.00", "EUR"), "COP", FEB)  # no chaining through USD


def test_two_rates_for_the_same_pair_and_day_are_an_error() -> None:
    with pytest.raises(ValidationError, match=r"^rates:.*one EUR->USD rate per day"):
        RateTable(
            [Rate("EUR", "USD", Decimal("1.1"), JAN), Rate("EUR", "USD", Decimal("1.2"), JAN)]
        )


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("EUR", "USD", Decimal(0), JAN), "rate"),
        (("EUR", "USD", Decimal(-1), JAN), "rate"),
        (("EUR", "USD", 1.1, JAN), "rate"),
        (("EUR", "XYZ", Decimal(1), JAN), "currency"),
        (("EUR", "eur", Decimal(2), JAN), "target"),
        ((840, "USD", Decimal(1), JAN), "currency"),
        (("EUR", "USD", Decimal(1), "2026-01-01"), r"rate\.on"),
        (("EUR", "USD", Decimal(1), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)), r"rate\.on"),
    ],
)
def test_a_rate_is_validated(args: tuple[object, ...], field: str) -> None:
    with pytest.raises(ValidationError, match=f"^{field}:"):
        Rate(*args)  # type: ignore[arg-type]


def test_a_rate_table_holds_only_rates() -> None:
    with pytest.raises(ValidationError, match=r"^rates\[0\]:"):
        RateTable(["EUR/USD 1.1"])  # type: ignore[list-item]


def test_rate_codes_are_tidied() -> None:
    assert Rate(" eur", "usd ", "1.1", JAN).source == "EUR"  # type: ignore[arg-type]


# --- mixed currencies -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "word"),
    [
        (lambda a, b: a + b, "add"),
        (lambda a, b: a - b, "subtract"),
        (lambda a, b: a / b, "divide"),
        (lambda a, b: a < b, "compare"),
        (lambda a, b: a <= b, "compare"),
        (lambda a, b: a > b, "compare"),
        (lambda a, b: a >= b, "compare"),
    ],
)
def test_mixed_currencies_raise(operation: object, word: str) -> None:
    usd, eur = money("1.00", "USD"), money("1.00", "EUR")
    with pytest.raises(CurrencyMismatchError, match=f"cannot {word} USD and EUR"):
        operation(usd, eur)  # type: ignore[operator]
    with pytest.raises(TypeError):  # what a host catching TypeError expects
        operation(usd, eur)  # type: ignore[operator]


def test_same_currency_arithmetic() -> None:
    a, b = money("10.50", "USD"), money("0.25", "USD")
    assert a + b == money("10.75", "USD")
    assert a - b == money("10.25", "USD")
    assert isinstance(a - b, Money)
    assert -b == money("-0.25", "USD")
    assert a * 2 == money("21.00", "USD")
    assert a * Decimal("0.5") == money("5.25", "USD")
    assert a / b == Decimal(42)
    assert b < a
    assert sum([a, b], zero("USD")) == money("10.75", "USD")
    assert money("1.0", "USD") != money("1.00", "EUR")  # different currencies are unequal
    assert hash(money("1.00", "USD")) == hash(Money("1", "USD"))


def test_float_multipliers_and_divisors_are_rejected() -> None:
    with pytest.raises(ValidationError, match=r"^multiplier:"):
        money("1.00", "USD") * 1.5
    with pytest.raises(ValidationError, match=r"^multiplier:"):
        1.5 * money("1.00", "USD")
    with pytest.raises(ValidationError, match=r"^divisor:"):
        money("1.00", "USD") / 2.0


# --- review round 2: adversarial cases ---------------------------------------------------


@given(
    st.integers(-(10**40), 10**40),
    st.lists(st.decimals(min_value=0, max_value=10**12, places=9), min_size=1, max_size=30),
)
def test_allocate_sums_exactly_past_the_decimal_context_precision(
    units: int, shares: list[Decimal]
) -> None:
    # Totals and weights whose products pass Decimal's 28 significant digits: the
    # shares are exact fractions, so the parts still sum to the whole.
    if not any(shares):
        shares = [*shares, Decimal(1)]
    parts = allocate(from_minor(units, "USD"), shares)
    assert sum(to_minor(part) for part in parts) == units


def test_allocate_a_total_of_thirty_digits_by_seven() -> None:
    units = 10**30
    parts = allocate(from_minor(units, "USD"), [1] * 7)
    assert sum(to_minor(part) for part in parts) == units
    assert {to_minor(part) for part in parts} == {units // 7, units // 7 + 1}


@given(st.integers(-(10**40), 10**40), currencies)
def test_minor_units_round_trip_past_the_decimal_context_precision(
    units: int, currency: str
) -> None:
    assert to_minor(from_minor(units, currency)) == units


def test_an_unknown_rounding_mode_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="rounding"):
        money("1.234", "USD", rounding="HALF_UP")
    with pytest.raises(ValidationError, match="rounding"):
        Money("1.234", "USD").quantized("nearest")
    table = RateTable([Rate("EUR", "USD", Decimal("1.1"), dt.date(2026, 1, 1))])
    with pytest.raises(ValidationError, match="rounding"):
        table.convert(money("1.00", "EUR"), "USD", dt.date(2026, 1, 1), rounding="up")


def test_negative_zero_is_plain_zero() -> None:
    for amount in (
        money("-0.00", "USD"),
        Money(Decimal("-0"), "JPY"),
        money("-0.001", "USD", rounding="ROUND_HALF_UP"),
    ):
        assert not amount.amount.is_signed()
        assert not str(amount).startswith("-")


def test_convert_checks_the_target_currency_and_the_day() -> None:
    table = RateTable([Rate("EUR", "USD", Decimal("1.1"), dt.date(2026, 1, 1))])
    assert table.convert(money("1.00", "EUR"), "usd", dt.date(2026, 1, 2)) == money("1.10", "USD")
    with pytest.raises(ValidationError, match="currency"):
        table.convert(money("1.00", "EUR"), "DOLLARS", dt.date(2026, 1, 2))
    with pytest.raises(ValidationError, match="on"):
        table.convert(money("1.00", "EUR"), "USD", "2026-01-02")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="on"):
        table.rate("EUR", "USD", dt.datetime(2026, 1, 2, tzinfo=dt.UTC))


@given(amounts())
def test_equal_money_hashes_equal_and_pickles(amount: Money) -> None:
    import pickle

    longer = Money(amount.amount.quantize(Decimal("1E-6")), amount.code)
    assert longer == amount
    assert hash(longer) == hash(amount)
    assert pickle.loads(pickle.dumps(amount)) == amount
    assert type(pickle.loads(pickle.dumps(amount))) is Money


@given(amounts(), st.decimals(min_value=-1000, max_value=1000, places=4))
def test_money_times_a_decimal_is_exact(amount: Money, factor: Decimal) -> None:
    assert (amount * factor).amount == amount.amount * factor
    assert (factor * amount) == amount * factor
    assert type(amount * factor) is Money


@pytest.mark.parametrize("factor", ["3", "abc", Fraction(1, 3), None, [2]])
def test_only_ints_and_decimals_multiply_or_divide_money(factor: object) -> None:
    # A string or Fraction used to reach decimal.InvalidOperation (not a ReceivablesError)
    # or be parsed silently.
    with pytest.raises(ValidationError, match=r"^multiplier:"):
        money("1.00", "USD") * factor
    with pytest.raises(ValidationError, match=r"^divisor:"):
        money("1.00", "USD") / factor  # type: ignore[operator]


def test_money_times_money_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        money("1.00", "USD") * money("1.00", "USD")


def test_functions_taking_money_refuse_plain_numbers() -> None:
    table = RateTable([Rate("EUR", "USD", Decimal("1.1"), dt.date(2026, 1, 1))])
    with pytest.raises(ValidationError, match=r"^amount:"):
        to_minor(Decimal("1.00"))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^total:"):
        allocate("10.00", [1, 1])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^amounts\[1\]:"):
        total([money("1.00", "USD"), Decimal(1)], "USD")  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"^amount:"):
        table.convert(Decimal(1), "USD", dt.date(2026, 1, 1))  # type: ignore[arg-type]


@given(
    st.integers(1, 10**12),
    st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(100000), places=6),
    st.sampled_from(CURRENCIES),
)
def test_an_inverse_rate_converts_as_dividing_by_the_direct_rate(
    units: int, rate: Decimal, target: str
) -> None:
    # EUR->target is given; target->EUR uses 1/rate. The result must be the exact
    # quotient (as a Fraction) rounded once, half away from zero, to the cent.
    if target == "EUR":
        return
    table = RateTable([Rate("EUR", target, rate, JAN)])
    amount = from_minor(units, target)
    cents = Fraction(amount.amount) / Fraction(rate) * 100
    whole = cents.numerator // cents.denominator
    expected = whole + (1 if cents - whole >= Fraction(1, 2) else 0)
    assert to_minor(table.convert(amount, "EUR", JAN)) == expected
