"""The aging workbook: numbers, not text; totals are formulas equal to the library's totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings

from receivables.aging import AgingReport, age, age_columns
from receivables.errors import ValidationError
from receivables.ledger import OpenItem
from receivables.money import Rate, RateTable, currency_digits
from receivables.outputs.aging_workbook import BUCKET_COLOURS, aging_workbook
from tests.outputs import evaluate, exact, open_workbook
from tests.strategies import AGING_AS_OF, aging_items

AS_OF = dt.date(2026, 3, 31)


@pytest.fixture
def report() -> AgingReport:
    """Three customers in USD and one in JPY, worked by hand (days past due on 31 Mar 2026).

    C1: 1,200.00 current (due 31 Mar), 450.50 in 31-60 (due 15 Feb, 44 days), -100.00 unapplied
        → outstanding 1,550.50
    C2: 75.25 over 120 (due 1 Nov 2025, 150 days) → 75.25
    C3: 0.10 in 1-30 (due 30 Mar) and 0.20 in 1-30 → 0.30 (0.1 + 0.2 is not 0.3 in doubles)
    USD totals: current 1,200.00; 1-30 0.30; 31-60 450.50; over 120 75.25; unapplied -100.00;
                outstanding 1,626.05.
    C1 in JPY: 5,000 in 61-90 (due 15 Jan, 75 days).
    """
    return age_columns(
        {
            "customer_id": ["C1", "C1", "C1", "C2", "C3", "C3", "C1"],
            "due_date": [
                "2026-03-31",
                "2026-02-15",
                "2026-03-01",
                "2025-11-01",
                "2026-03-30",
                "2026-03-30",
                "2026-01-15",
            ],
            "open_units": [120000, 45050, -10000, 7525, 10, 20, 5000],
            "currency": ["USD"] * 6 + ["JPY"],
        },
        as_of=AS_OF,
    )


def test_one_sheet_per_currency_customers_by_rows_buckets_by_columns(report: AgingReport) -> None:
    book = open_workbook(aging_workbook(report, names={"C1": "Acme", "C2": "Bolt"}))
    assert book.sheetnames == ["Aging JPY", "Aging USD"]
    usd = book["Aging USD"]
    assert [c.value for c in usd[1]] == [
        "Customer",
        "Name",
        "Current",
        "1-30 days",
        "31-60 days",
        "61-90 days",
        "91-120 days",
        "Over 120 days",
        "Unapplied",
        "Outstanding",
    ]
    assert [c.value for c in usd["A"]] == ["Customer", "C1", "C2", "C3", "Total"]
    assert [c.value for c in usd["B"]][1:4] == ["Acme", "Bolt", None]
    c1 = [c.value for c in usd[2]][2:9]
    assert c1 == [1200.0, 0.0, 450.5, 0.0, 0.0, 0.0, -100.0]
    for row in usd.iter_rows(min_row=2, max_row=4, min_col=3, max_col=9):
        for cell in row:
            assert isinstance(cell.value, float | int), cell.coordinate  # never text
            assert cell.number_format == "#,##0.00;[Red]-#,##0.00"
    jpy = book["Aging JPY"]
    assert jpy["F2"].value == 5000
    assert jpy["F2"].number_format == "#,##0;[Red]-#,##0"


def test_totals_and_balances_are_formulas_equal_to_the_library(report: AgingReport) -> None:
    data = aging_workbook(report)
    usd = open_workbook(data)["Aging USD"]
    cached = open_workbook(data, data_only=True)["Aging USD"]
    assert usd["J2"].value == 1550.5  # each line's balance: the library's figure, a number
    assert usd["C5"].value == "=ROUND(SUM(C2:C4),2)"
    assert usd["J5"].value == "=ROUND(SUM(J2:J4),2)"
    expected = ["1200.00", "0.30", "450.50", "0.00", "0.00", "75.25", "-100.00", "1626.05"]
    got = [evaluate(usd, usd.cell(5, column).value) for column in range(3, 11)]
    assert got == [Decimal(v) for v in expected]
    assert [exact(cached.cell(5, column).value, 2) for column in range(3, 11)] == got
    assert exact(usd["J4"].value, 2) == Decimal("0.30")
    assert usd["C5"].number_format == "#,##0.00;[Red]-#,##0.00"
    assert usd["C5"].font.b


def test_frozen_header_autofilter_and_colour_by_bucket(report: AgingReport) -> None:
    usd = open_workbook(aging_workbook(report))["Aging USD"]
    assert usd.freeze_panes == "C2"
    assert usd.auto_filter.ref == "A1:J4"  # the totals row stays out of the filter
    ranges = sorted(str(rule.sqref) for rule in usd.conditional_formatting)
    assert ranges == ["C2:C4", "D2:D4", "E2:E4", "F2:F4", "G2:G4", "H2:H4"]
    rules = {str(cf.sqref): cf.rules[0] for cf in usd.conditional_formatting}
    fills = [rules[f"{column}2:{column}4"].dxf.fill.bgColor.rgb for column in "CDEFGH"]
    assert fills == ["FF" + colour.lstrip("#") for colour in BUCKET_COLOURS]  # young to old
    assert {(rule.type, rule.operator, tuple(rule.formula)) for rule in rules.values()} == {
        ("cellIs", "notEqual", ("0",))
    }


def test_spanish_words(report: AgingReport) -> None:
    usd = open_workbook(aging_workbook(report, locale="es_CO"))["Cartera por edades USD"]
    assert [c.value for c in usd[1]][:4] == ["Cliente", "Nombre", "Corriente", "1-30 días"]
    assert usd["A5"].value == "Total"


def test_a_converted_report_has_one_sheet() -> None:
    rates = RateTable([Rate("JPY", "USD", Decimal("0.0067"), dt.date(2026, 1, 1))])
    report = age_columns(
        {
            "customer_id": ["C1", "C1"],
            "due_date": ["2026-03-31", "2026-03-31"],
            "open_units": [100, 10000],
            "currency": ["USD", "JPY"],
        },
        as_of=AS_OF,
        rates=rates,
        reporting_currency="USD",
    )
    book = open_workbook(aging_workbook(report))
    assert book.sheetnames == ["Aging USD"]
    assert book["Aging USD"]["C2"].value == 68.0  # 1.00 + 10,000 JPY x 0.0067 = 67.00


def test_an_empty_report_has_headers_and_zero_totals() -> None:
    book = open_workbook(aging_workbook(age([], as_of=AS_OF)))
    (sheet,) = book.worksheets
    assert sheet["A2"].value == "Total"
    assert sheet["C2"].value == "=0"


# Fewer examples than the CI profile's 150: each example writes an xlsx workbook and reads it back.
@settings(max_examples=40)
@given(aging_items())
def test_the_workbook_totals_equal_the_report_totals_for_any_report(items: list[OpenItem]) -> None:
    report = age(items, as_of=AGING_AS_OF)
    book = open_workbook(aging_workbook(report))
    totals = report.totals()
    assert len(book.worksheets) == max(len(totals), 1)
    for line in totals:
        sheet = book[f"Aging {line.currency}"]
        digits = currency_digits(line.currency)
        bottom = sheet.max_row
        assert sheet.cell(bottom, 1).value == "Total"
        expected = [*line.buckets, line.unapplied, line.outstanding]
        got = [evaluate(sheet, sheet.cell(bottom, c).value) for c in range(3, 3 + len(expected))]
        assert got == [amount.amount for amount in expected]
        for row, customer_line in enumerate(
            (li for li in report.lines() if li.currency == line.currency), start=2
        ):
            balance = exact(sheet.cell(row, 3 + len(expected) - 1).value, digits)
            assert balance == customer_line.outstanding.amount
            buckets = [sheet.cell(row, c).value for c in range(3, 3 + len(expected) - 1)]
            assert sum(exact(value, digits) for value in buckets) == balance
            assert exact(sheet.cell(row, 3).value, digits) == customer_line.buckets[0].amount


def test_bad_input_is_refused(report: AgingReport) -> None:
    with pytest.raises(ValidationError, match="an AgingReport"):
        aging_workbook("report")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="a mapping of customer id"):
        aging_workbook(report, names=["Acme"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="locale"):
        aging_workbook(report, locale="xx_YY")
    huge = age_columns(
        {"customer_id": ["C1"], "due_date": ["2026-03-31"], "open_units": [1234567890123456]},
        as_of=AS_OF,
        currency="USD",
    )
    with pytest.raises(ValidationError, match="15 significant digits"):
        aging_workbook(huge)
    round_ = age_columns(
        {"customer_id": ["C1"], "due_date": ["2026-03-31"], "open_units": [10**17]},
        as_of=AS_OF,
        currency="USD",
    )  # 1,000,000,000,000,000.00 USD: one significant digit, kept exactly
    assert open_workbook(aging_workbook(round_))["Aging USD"]["C2"].value == 1e15
