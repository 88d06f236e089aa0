"""Which customers owe what, bucket by bucket, in a workbook an analyst can filter and sum?

:func:`aging_workbook` writes an :class:`~receivables.aging.AgingReport` as
an ``.xlsx`` file (its bytes): one sheet per currency (one sheet when the
report is converted to a reporting currency), customers by rows and the
buckets, the unapplied column and the outstanding balance by columns.

- Amounts are number cells in the currency's format
  (:func:`~receivables.outputs.cells.number_format`), written from the
  report's integer minor units (:func:`~receivables.outputs.cells.minor_cell`):
  never text, exact to the minor unit.
- Each column's total is a formula (``ROUND(SUM(...), digits)``) that
  equals the library's total and carries it as its cached value. Each line's
  outstanding balance is the library's figure as a number: 100,000 formulas
  would take xlsxwriter longer to prepare than the rest of the workbook.
- The header row and the customer columns are frozen, the header has an
  autofilter, and each bucket column is coloured where it holds an amount,
  from green (current) to red (oldest).

Written with xlsxwriter (the ``excel`` extra): pure Python, and its
``write_number`` path writes 100,000 lines in a few seconds
(``benchmarks/workbooks.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, cast

import numpy as np
import numpy.typing as npt

from receivables.aging import AgingReport
from receivables.errors import ValidationError
from receivables.money import currency_digits, to_minor
from receivables.outputs.cells import (
    MAX_DIGITS,
    minor_cell,
    new_workbook,
    number_format,
    sheet_name,
    total_formula,
    workbook_bytes,
)
from receivables.outputs.labels import bucket_words, words

__all__ = ["BUCKET_COLOURS", "aging_workbook"]

BUCKET_COLOURS: Final = ("#E2EFDA", "#FFF2CC", "#FCE4D6", "#F8CBAD", "#F4B084", "#E06666")
"""Fill colours of the bucket columns, youngest to oldest; the last repeats beyond six."""

_FIRST_AMOUNT_COLUMN: Final = 2  # customer, name, then the buckets


def _bucket_colour(position: int, count: int) -> str:
    if count <= 1:
        return BUCKET_COLOURS[0]
    if position == count - 1:
        return BUCKET_COLOURS[-1]
    return BUCKET_COLOURS[min(position, len(BUCKET_COLOURS) - 2)]


def _cells(units: npt.NDArray[np.int64], currency: str) -> list[list[float]]:
    """Minor units as the doubles of the cells, exact (see :mod:`~receivables.outputs.cells`).

    Below 10**15 minor units every value is below 2**53, so numpy's float64
    division gives the correctly rounded double, as :func:`minor_cell` does one
    by one; larger values go through :func:`minor_cell`, which refuses those of
    more than 15 significant digits.
    """
    if not units.size:
        return []
    if int(np.abs(units).max()) < 10**MAX_DIGITS:
        scale = float(10 ** currency_digits(currency))
        return cast(list[list[float]], (units / scale).tolist())
    return [[minor_cell(value, currency) for value in row] for row in units.tolist()]


def aging_workbook(
    report: AgingReport,
    *,
    locale: str = "en_US",
    names: Mapping[Any, str] | None = None,
) -> bytes:
    """The aged trial balance as an ``.xlsx`` file: one sheet per currency.

    ``names`` maps customer ids to the names shown beside them; ``locale``
    chooses the words (Spanish or English). Raises
    :class:`~receivables.errors.ValidationError` when an amount has more than
    15 significant digits, which no Excel cell keeps exactly. An empty report
    gives one sheet with the headings and zero totals, in its reporting
    currency, else formatted as USD.

    >>> import datetime as dt
    >>> from receivables.aging import age_columns
    >>> report = age_columns({"customer_id": ["C1", "C2"], "due_date": ["2026-03-31", "2026-01-15"],
    ...     "open_units": [120000, 45050]}, as_of=dt.date(2026, 3, 31), currency="USD")
    >>> data = aging_workbook(report, names={"C1": "Acme"})
    >>> data[:2]
    b'PK'
    """
    if not isinstance(report, AgingReport):
        raise ValidationError("report", report, "an AgingReport")
    if names is not None and not isinstance(names, Mapping):
        raise ValidationError("names", names, "a mapping of customer id to name, or None")
    table = words(locale)
    workbook = new_workbook()
    header = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1})
    labels = [bucket_words(b.label, b.lower, b.upper, locale) for b in report.buckets.buckets]
    headings = [table["customer"], table["name"], *labels, table["unapplied"], table["outstanding"]]
    currencies = sorted(set(report.currencies.tolist())) or [report.reporting_currency or "USD"]
    used: set[str] = set()
    for currency in currencies:
        sheet = workbook.add_worksheet(sheet_name(f"{table['aging']} {currency}", used))
        used.add(sheet.name)
        sheet.write_row(0, 0, headings, header)
        rows = _lines(workbook, sheet, report, currency, names or {})
        _totals(workbook, sheet, report, currency, rows, table["total"])
        _layout(workbook, sheet, rows, len(labels))
    return workbook_bytes(workbook)


def _lines(
    workbook: Any, sheet: Any, report: AgingReport, currency: str, names: Mapping[Any, str]
) -> int:
    """The customer lines of ``currency`` from row 1; returns how many."""
    money_format = workbook.add_format({"num_format": number_format(currency)})
    mask = report.currencies == currency
    customers = report.customer_ids[mask].tolist()
    block = report.units[mask]
    values = _cells(np.column_stack([block, block.sum(axis=1)]), currency)
    write_number = sheet.write_number
    for index, (customer, row) in enumerate(zip(customers, values, strict=True), start=1):
        sheet.write_string(index, 0, str(customer))
        name = names.get(customer)
        if name:
            sheet.write_string(index, 1, str(name))
        for column, value in enumerate(row, start=_FIRST_AMOUNT_COLUMN):
            write_number(index, column, value, money_format)
    return len(customers)


def _totals(
    workbook: Any, sheet: Any, report: AgingReport, currency: str, rows: int, label: str
) -> None:
    """The totals row below the lines: formulas, with the library's totals cached."""
    total_format = workbook.add_format(
        {"num_format": number_format(currency), "bold": True, "top": 1}
    )
    sheet.write_string(rows + 1, 0, label, workbook.add_format({"bold": True, "top": 1}))
    line = report.total(currency)
    units = [to_minor(amount) for amount in (*line.buckets, line.unapplied)]
    units.append(sum(units))
    for offset, cached in enumerate(units):
        column = _FIRST_AMOUNT_COLUMN + offset
        sheet.write_formula(
            rows + 1,
            column,
            total_formula(column, 1, rows, currency),
            total_format,
            minor_cell(cached, currency, field="total"),
        )


def _layout(workbook: Any, sheet: Any, rows: int, buckets: int) -> None:
    """Frozen header and customer, autofilter, widths, and a colour per bucket column."""
    out_column = _FIRST_AMOUNT_COLUMN + buckets + 1
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(rows, 1), out_column)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 28)
    sheet.set_column(_FIRST_AMOUNT_COLUMN, out_column, 15)
    if not rows:
        return
    for position in range(buckets):
        column = _FIRST_AMOUNT_COLUMN + position
        fill = workbook.add_format({"bg_color": _bucket_colour(position, buckets)})
        sheet.conditional_format(
            1, column, rows, column,
            {"type": "cell", "criteria": "!=", "value": 0, "format": fill},
        )  # fmt: skip
