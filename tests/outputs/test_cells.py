"""Exact amounts in cells: every amount of up to 15 significant digits comes back to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.errors import ValidationError
from receivables.money import currency_digits, from_minor, money
from receivables.outputs.cells import (
    MAX_DIGITS,
    cell_number,
    column_letter,
    date_format,
    minor_cell,
    new_workbook,
    number_format,
    rounded_sum,
    sheet_name,
    total_formula,
    workbook_bytes,
)
from tests.outputs import exact, open_workbook
from tests.strategies import currencies

fifteen_digit_units = st.integers(-(10**MAX_DIGITS) + 1, 10**MAX_DIGITS - 1)


@given(fifteen_digit_units, currencies)
def test_every_amount_of_up_to_15_digits_round_trips_through_a_double(
    units: int, currency: str
) -> None:
    amount = from_minor(units, currency)
    value = minor_cell(units, currency)
    assert value == float(amount.amount)  # the nearest double, as float(Decimal) gives it
    assert exact(value, currency_digits(currency)) == amount.amount


@given(st.lists(st.tuples(fifteen_digit_units, currencies), min_size=1, max_size=20))
def test_amounts_round_trip_through_an_xlsx_file(cells: list[tuple[int, str]]) -> None:
    workbook = new_workbook()
    sheet = workbook.add_worksheet()
    for row, (units, currency) in enumerate(cells):
        sheet.write_number(row, 0, minor_cell(units, currency))
    read = open_workbook(workbook_bytes(workbook)).active
    for row, (units, currency) in enumerate(cells, start=1):
        value = read.cell(row, 1).value
        assert isinstance(value, int | float)
        assert exact(value, currency_digits(currency)) == from_minor(units, currency).amount


def test_round_amounts_beyond_15_digits_are_kept_when_their_digits_fit() -> None:
    # 10**18 minor units is 10,000,000,000,000,000.00 USD: one significant digit.
    assert minor_cell(10**18, "USD") == 1e16


@pytest.mark.parametrize(
    ("units", "currency"),
    [(10**15, "USD"), (-(10**15) - 1, "USD"), (1234567890123456, "JPY")],
)
def test_amounts_of_more_than_15_significant_digits_are_refused(units: int, currency: str) -> None:
    if units == 10**15:  # 16 digits but one significant: kept
        assert minor_cell(units, currency) == 1e13
        units += 1
    with pytest.raises(ValidationError, match="at most 15 significant digits"):
        minor_cell(units, currency)


def test_cell_number_takes_money_only() -> None:
    assert cell_number(money("12.30", "USD")) == 12.3
    with pytest.raises(ValidationError, match="a Money amount"):
        cell_number(Decimal("12.30"))  # type: ignore[arg-type]


def test_number_formats_follow_iso_digits() -> None:
    assert number_format("USD") == "#,##0.00;[Red]-#,##0.00"
    assert number_format("COP") == "#,##0.00;[Red]-#,##0.00"  # ISO 4217: 2, whatever CLDR shows
    assert number_format("CLP") == "#,##0;[Red]-#,##0"
    assert number_format("KWD") == "#,##0.000;[Red]-#,##0.000"
    with pytest.raises(ValidationError, match="ISO 4217"):
        number_format("XXX1")


def test_date_formats_follow_the_locale_with_a_four_digit_year() -> None:
    assert [date_format(loc) for loc in ("es_CO", "es_MX", "es_PA", "es_PR", "en_US")] == [
        "d/mm/yyyy",
        "dd/mm/yyyy",
        "mm/dd/yyyy",
        "mm/dd/yyyy",
        "m/d/yyyy",
    ]
    assert date_format("de_DE") == "dd.mm.yyyy"
    with pytest.raises(ValidationError, match="locale"):
        date_format("xx_YY")


def test_dates_are_real_dates_in_the_file() -> None:
    workbook = new_workbook()
    sheet = workbook.add_worksheet()
    fmt = workbook.add_format({"num_format": date_format("es_CO")})
    sheet.write_datetime(0, 0, dt.date(2026, 3, 5), fmt)
    cell = open_workbook(workbook_bytes(workbook)).active["A1"]
    assert cell.value.date() == dt.date(2026, 3, 5)  # a date cell, not text
    assert cell.number_format == "d/mm/yyyy"


def test_sheet_names_follow_excels_rules() -> None:
    assert sheet_name("a/b\\c?d*e[f]g:h") == "a b c d e f g h"
    assert sheet_name("'quoted'") == "quoted"
    assert sheet_name("") == "Sheet"
    assert sheet_name("History") == "History (1)"
    long = "y" * 40
    assert sheet_name(long, {long[:31]}) == "y" * 27 + " (2)"
    assert sheet_name("Acme", {"ACME", "acme (2)"}) == "Acme (3)"
    with pytest.raises(ValidationError, match="sheet_name"):
        sheet_name(5)  # type: ignore[arg-type]


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 16383)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "XFD",
    ]
    with pytest.raises(ValidationError, match="column"):
        column_letter(-1)


def test_formulas() -> None:
    assert total_formula(3, 1, 4, "JPY") == "=ROUND(SUM(D2:D5),0)"
    assert total_formula(3, 1, 0, "JPY") == "=0"
    assert rounded_sum("A1:B1", "USD") == "=ROUND(SUM(A1:B1),2)"
