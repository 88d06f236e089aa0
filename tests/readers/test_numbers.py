"""Locale amounts and dates as ERP exports write them: exact reads, refusals, and round trips."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.errors import ValidationError
from receivables.readers.numbers import (
    DATE_FORMATS,
    amount_units,
    explain_amount,
    parse_amount,
    parse_amounts,
    parse_day,
    parse_days,
    sniff_decimal,
    text_column,
)

# --- amounts: the forms the issue lists, each read exactly --------------------------------


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("1.234,56", ",", "1234.56"),  # de_DE, es_CO
        ("1,234.56", ".", "1234.56"),  # en_US
        ("500,00-", ",", "-500.00"),  # SAP: the minus after the number
        ("1.190,00-", ",", "-1190.00"),
        ("(200.00)", ".", "-200.00"),  # accounting negatives
        ("-1,234.56", ".", "-1234.56"),
        ("+75.5", ".", "75.5"),
        ("1 234 567,89", ",", "1234567.89"),  # fr_FR with spaces
        ("1\u00a0234,50", ",", "1234.50"),  # no-break space, as Excel writes it
        ("1\u202f234,50", ",", "1234.50"),  # narrow no-break space (CLDR fr)
        ("1'234.56", ".", "1234.56"),  # de_CH
        ("1180.0", ".", "1180.0"),  # ERPNext / Odoo CSV: Python floats as text
        ("0,05", ",", "0.05"),
        (",5", ",", "0.5"),
        ("12", ",", "12"),
        ("  7,00  ", ",", "7.00"),
        ("100.000.000,00", ",", "100000000.00"),
    ],
)
def test_amounts_read_exactly(text: str, decimal: str, expected: str) -> None:
    assert parse_amount(text, decimal=decimal) == Decimal(expected)
    assert str(parse_amount(text, decimal=decimal)) == expected  # digits as written


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("1.23457E+11", "scientific notation"),  # Excel's display of a long number
        ("1,23457E+11", "scientific notation"),
        ("#####", "scientific notation"),  # Excel's too-narrow column
        ("12.34.567", "in threes"),
        ("1.2345,00", "in threes"),
        ("1234.567,00", "in threes"),
        ("--5", "signed"),
        ("(-5,00)", "signed"),
        ("5,00--", "signed"),
        ("-5,00-", "signed"),
        ("5,00 EUR", "decimal mark"),
        ("€5,00", "decimal mark"),
        ("abc", "decimal mark"),
        ("1,2,3", "decimal mark"),
        ("12,", "decimal mark"),
        ("1²", "decimal mark"),  # str.isdigit() says True; not a digit of an amount
        ("١٢٣", "decimal mark"),  # Arabic-Indic digits
        ("1234567890123456", "decimal mark"),  # 16 integer digits: beyond exact int64 sums
        ("", "empty"),
        ("-", "decimal mark"),
        ("()", "decimal mark"),
    ],
)
def test_amounts_refused_with_what_is_accepted(text: str, why: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_amount(text, decimal=",", field="x.csv:row 3.Betrag")
    assert error.value.field == "x.csv:row 3.Betrag"
    assert error.value.value == text
    assert why in error.value.expected


def test_amount_must_be_text() -> None:
    with pytest.raises(ValidationError, match="the amount as text"):
        parse_amount(12.5)  # type: ignore[arg-type]


def test_decimal_mark_must_be_a_known_one() -> None:
    with pytest.raises(ValidationError, match="decimal"):
        parse_amounts(["1"], decimal=";")


@pytest.mark.parametrize(
    ("cells", "mark"),
    [
        (["1.234,56"], ","),
        (["1,234.56"], "."),
        (["12,5"], ","),
        (["12.5"], "."),
        (["1.234.567"], ","),  # '.' twice: it groups
        (["1,234,567"], "."),
        (["1,234", "7,5"], ","),  # the second cell decides the first
        (["500,00-"], ","),  # the sign does not count as a digit after the mark
        (["(1,234.00)"], "."),
        (["100", "7"], None),
        ([], None),
    ],
)
def test_sniff_decimal(cells: list[str], mark: str | None) -> None:
    assert sniff_decimal(cells) == mark


@pytest.mark.parametrize("cells", [["1,234"], ["1.234"], ["1.234", "5,678"]])
def test_sniff_refuses_columns_it_cannot_decide(cells: list[str]) -> None:
    with pytest.raises(ValidationError, match="decimal mark can be told"):
        sniff_decimal(cells)


def test_sniff_refuses_mixed_marks() -> None:
    with pytest.raises(ValidationError, match="one decimal mark in the whole column"):
        sniff_decimal(["1.234,56", "1,234.56"])


def test_parse_amount_without_decimal_refuses_an_ambiguous_cell() -> None:
    with pytest.raises(ValidationError, match="decimal mark can be told"):
        parse_amount("1,234")


def test_units_by_currency_digits() -> None:
    amounts = parse_amounts(["1.234,56", "1.234", "12,5", "7,000", "7,001"], decimal=",")
    units, ok = amount_units(amounts, np.array([2, 0, 3, 0, 0]))  # EUR, JPY, BHD, JPY, JPY
    assert units.tolist() == [123456, 1234, 12500, 7, 0]
    assert ok.tolist() == [True, True, True, True, False]  # 7,001 JPY has a fraction of a yen


def test_bad_cells_do_not_spoil_the_column() -> None:
    amounts = parse_amounts(["1,00", "x", "2,00-"], decimal=",")
    units, ok = amount_units(amounts, 2)
    assert units.tolist() == [100, 0, -200]
    assert ok.tolist() == [True, False, True]


def test_explain_names_the_marks_of_the_column() -> None:
    assert "',' as the decimal mark" in explain_amount("1x", ",")
    assert "'.' as the decimal mark" in explain_amount("1x", None)


def test_text_column_strips_and_reads_none_as_empty() -> None:
    assert text_column(np.array([" a ", "b"], dtype=object)).tolist() == ["a", "b"]
    assert text_column([None, 5]).tolist() == ["", "5"]


# --- amounts: any amount written any supported way reads back the same ------------------

_STYLES = {
    # name: (decimal mark, group separator or "", how a negative is written)
    "de": (",", ".", "-{}"),
    "de-sap": (",", ".", "{}-"),
    "us": (".", ",", "-{}"),
    "us-accounting": (".", ",", "({})"),
    "fr": (",", " ", "-{}"),
    "fr-nbsp": (",", "\u00a0", "-{}"),
    "ch": (".", "'", "-{}"),
    "plain-comma": (",", "", "{}-"),
    "plain-dot": (".", "", "-{}"),
}


def _write(value: Decimal, style: str) -> str:
    """``value`` as a spreadsheet in that locale shows it."""
    mark, group, negative = _STYLES[style]
    text = f"{abs(value):f}"
    integer, _, fraction = text.partition(".")
    if group:
        head = len(integer) % 3 or 3
        integer = group.join(
            [integer[:head]] + [integer[i : i + 3] for i in range(head, len(integer), 3)]
        )
    body = integer + (mark + fraction if fraction else "")
    return negative.format(body) if value < 0 else body


amounts_written = st.decimals(
    min_value=Decimal("-999999999999.99"),
    max_value=Decimal("999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(amounts_written, st.sampled_from(sorted(_STYLES)))
def test_any_amount_in_any_style_reads_back(value: Decimal, style: str) -> None:
    text = _write(value, style)
    mark = _STYLES[style][0]
    assert parse_amount(text, decimal=mark) == value
    units, ok = amount_units(parse_amounts([text], decimal=mark), 2)
    assert bool(ok[0])
    assert int(units[0]) == int(value * 100)


@given(st.lists(st.tuples(amounts_written, st.sampled_from(sorted(_STYLES))), max_size=20))
def test_column_and_cell_agree(cells: list[tuple[Decimal, str]]) -> None:
    for mark in (",", "."):
        texts = [_write(value, style) for value, style in cells if _STYLES[style][0] == mark]
        amounts = parse_amounts(texts, decimal=mark)
        assert bool(amounts.ok.all())
        assert amounts.decimals() == [parse_amount(text, decimal=mark) for text in texts]


@given(amounts_written.filter(lambda v: abs(v) >= 1000 and v != v.to_integral()))
def test_sniffing_finds_the_mark_of_a_decided_cell(value: Decimal) -> None:
    for style in ("de", "us", "de-sap", "us-accounting"):
        text = _write(value, style)
        assert sniff_decimal([text]) == _STYLES[style][0]
        assert parse_amount(text) == value


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "form", "expected"),
    [
        ("31.05.2026", "DD.MM.YYYY", dt.date(2026, 5, 31)),  # SAP, German user settings
        ("1.6.2026", "DD.MM.YYYY", dt.date(2026, 6, 1)),  # Excel drops the zeros
        ("31/05/2026", "DD/MM/YYYY", dt.date(2026, 5, 31)),
        ("05/31/2026", "MM/DD/YYYY", dt.date(2026, 5, 31)),
        ("2026-05-31", "YYYY-MM-DD", dt.date(2026, 5, 31)),
        ("31-05-2026", "DD-MM-YYYY", dt.date(2026, 5, 31)),  # ERPNext's default
        ("05-31-2026", "MM-DD-YYYY", dt.date(2026, 5, 31)),
        ("2026.05.31", "YYYY.MM.DD", dt.date(2026, 5, 31)),
        ("2026/05/31", "YYYY/MM/DD", dt.date(2026, 5, 31)),
        ("29.02.2028", "DD.MM.YYYY", dt.date(2028, 2, 29)),  # a leap day
    ],
)
def test_dates_in_each_layout(text: str, form: str, expected: dt.date) -> None:
    result = parse_days([text], form)
    assert result.ok.tolist() == [True]
    assert result.days[0].astype(dt.date) == expected
    assert parse_day(text, [form]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31.02.2026",
        "29.02.2027",
        "00.05.2026",
        "31.13.2026",
        "31.05.26",
        "31.05.20266",
        "31.05",
        "",
        "3a.05.2026",
        "31.05.2026.1",
        "31,05,2026",
        "１.05.2026",
        "31.05.1899",
    ],
)
def test_dates_that_do_not_read(text: str) -> None:
    assert parse_days([text], "DD.MM.YYYY").ok.tolist() == [False]
    with pytest.raises(ValidationError, match=r"a date as DD\.MM\.YYYY"):
        parse_day(text, ["DD.MM.YYYY"], field="f")


def test_a_date_that_fits_two_layouts_differently_is_refused() -> None:
    with pytest.raises(ValidationError, match="DD/MM/YYYY and MM/DD/YYYY"):
        parse_day("05/06/2026", ["DD/MM/YYYY", "MM/DD/YYYY"])
    assert parse_day("06/06/2026", ["DD/MM/YYYY", "MM/DD/YYYY"]) == dt.date(2026, 6, 6)


def test_unknown_layout_and_non_text_are_refused() -> None:
    with pytest.raises(ValidationError, match="date_format"):
        parse_days(["2026-01-01"], "YYYYMMDD")
    with pytest.raises(ValidationError, match="the date as text"):
        parse_day(dt.date(2026, 1, 1))  # type: ignore[arg-type]


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)),
    st.sampled_from(DATE_FORMATS),
    st.booleans(),
)
def test_any_date_in_any_layout_reads_back(day: dt.date, form: str, padded: bool) -> None:
    parts = {
        "YYYY": f"{day.year:04d}",
        "MM": f"{day.month:02d}" if padded else str(day.month),
        "DD": f"{day.day:02d}" if padded else str(day.day),
    }
    separator = form[4] if form.startswith("YYYY") else form[2]
    text = separator.join(parts[part] for part in form.split(separator))
    result = parse_days([text], form)
    assert result.ok.tolist() == [True]
    assert result.days[0].astype(dt.date) == day
