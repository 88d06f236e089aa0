"""Which customers owe what, bucket by bucket, in a workbook an analyst can filter and sum?

:func:`aging_workbook` writes an :class:`~receivables.aging.AgingReport` as
an ``.xlsx`` file (its bytes): one sheet per currency (one sheet when the
report is converted to a reporting currency), customers by rows and the
buckets, the unapplied column and the outstanding balance by columns.

- Amounts are number cells in the currency's format
  (:func:`~receivables.outputs.cells.number_format`), written from the
  report's integer minor units (:func:`~receivables.outputs.cells.minor_cell`):
  never text, exact to the minor unit.
- Each line's outstanding balance and each column's total are formulas
  (``ROUND(SUM(...), digits)``) that equal the library's figures, and carry
  them as cached values.
- The header row and the customer columns are frozen, the header has an
  autofilter, and each bucket column is coloured where it holds an amount,
  from green (current) to red (oldest).

Written with xlsxwriter (the ``excel`` extra): pure Python, and its
``write_number`` path writes 100,000 lines in a few seconds
(``benchmarks/workbooks.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from receivables.aging import AgingReport
from receivables.errors import ValidationError
from receivables.money import to_minor
from receivables.outputs.cells import (
    column_letter,
    minor_cell,
    new_workbook,
    number_format,
    rounded_sum,
    sheet_name,
    total_formula,
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
    15 significant digits, which no Excel cell keeps exactly.

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
    workbook, buffer = new_workbook()
    header = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1})
    bold = workbook.add_format({"bold": True, "top": 1})
    labels = [bucket_words(b.label, b.lower, b.upper, locale) for b in report.buckets.buckets]
    headings = [table["customer"], table["name"], *labels, table["unapplied"], table["outstanding"]]
    width = len(report.buckets.buckets) + 1  # buckets and unapplied
    currencies = sorted(set(report.currencies.tolist())) or [report.reporting_currency or "USD"]
    used: set[str] = set()
    for currency in currencies:
        money_format = workbook.add_format({"num_format": number_format(currency)})
        total_format = workbook.add_format(
            {"num_format": number_format(currency), "bold": True, "top": 1}
        )
        sheet = workbook.add_worksheet(sheet_name(f"{table['aging']} {currency}", used))
        used.add(sheet.name)
        sheet.write_row(0, 0, headings, header)
        mask = report.currencies == currency
        customers = report.customer_ids[mask].tolist()
        rows = report.units[mask].tolist()
        last_amount = _FIRST_AMOUNT_COLUMN + width - 1
        out_column = last_amount + 1
        first_letter = column_letter(_FIRST_AMOUNT_COLUMN)
        last_letter = column_letter(last_amount)
        for index, (customer, units) in enumerate(zip(customers, rows, strict=True), start=1):
            sheet.write_string(index, 0, str(customer))
            name = names.get(customer) if names else None
            if name:
                sheet.write_string(index, 1, str(name))
            for offset, value in enumerate(units):
                sheet.write_number(
                    index,
                    _FIRST_AMOUNT_COLUMN + offset,
                    minor_cell(value, currency),
                    money_format,
                )
            sheet.write_formula(
                index,
                out_column,
                rounded_sum(f"{first_letter}{index + 1}:{last_letter}{index + 1}", currency),
                money_format,
                minor_cell(sum(units), currency, field="outstanding"),
            )
        last = len(customers)
        totals_row = last + 1
        sheet.write_string(totals_row, 0, table["total"], bold)
        line = report.total(currency)
        total_units = [to_minor(amount) for amount in (*line.buckets, line.unapplied)]
        for offset in range(width + 1):
            column = _FIRST_AMOUNT_COLUMN + offset
            cached = total_units[offset] if offset < width else sum(total_units)
            sheet.write_formula(
                totals_row,
                column,
                total_formula(column, 1, last, currency),
                total_format,
                minor_cell(cached, currency, field="total"),
            )
        sheet.freeze_panes(1, 2)
        sheet.autofilter(0, 0, max(last, 1), out_column)
        sheet.set_column(0, 0, 14)
        sheet.set_column(1, 1, 28)
        sheet.set_column(_FIRST_AMOUNT_COLUMN, out_column, 15)
        if last:
            for position in range(len(labels)):
                column = _FIRST_AMOUNT_COLUMN + position
                fill = workbook.add_format({"bg_color": _bucket_colour(position, len(labels))})
                sheet.conditional_format(
                    1,
                    column,
                    last,
                    column,
                    {"type": "cell", "criteria": "!=", "value": 0, "format": fill},
                )
    workbook.close()
    return buffer.getvalue()
