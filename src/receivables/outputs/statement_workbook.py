"""What does each customer's statement look like as a spreadsheet, one sheet per customer?

:func:`statement_workbook` writes :class:`~receivables.statements.Statement` s
(from :func:`~receivables.statements.statements`) as an ``.xlsx`` file, one
sheet per customer (per customer and currency when a customer has
statements in several), in each statement's locale or the one given: the
customer and period, then every movement with its date, type (in words),
document, reference, debit, credit and running balance, then the aging
summary.

Amounts are number cells in the currency's format and dates are date cells
in the locale's order; the closing balance is a formula (opening plus debits
less credits) and the aging summary's balance one too (the buckets less the
unapplied cash and credit), each with the library's figure as its cached
value, so the sheet shows it ties.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Final

from receivables.errors import ValidationError
from receivables.formatting import locale_of
from receivables.money import Money, currency_digits, to_minor
from receivables.outputs.cells import (
    column_letter,
    date_format,
    minor_cell,
    new_workbook,
    number_format,
    sheet_name,
    workbook_bytes,
)
from receivables.outputs.labels import bucket_words, words
from receivables.statements import Statement

__all__ = ["TABLE_ROW", "statement_workbook"]

TABLE_ROW: Final = 5
"""Zero-based row of the movements' headings (the rows above hold the title and period)."""

_TABLE: Final = ("date", "kind", "document", "reference", "debit", "credit", "balance")


class _Formats:
    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.bold = workbook.add_format({"bold": True})
        self.header = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1})
        self._cache: dict[tuple[str, str], Any] = {}

    def get(self, kind: str, spec: str) -> Any:
        key = (kind, spec)
        if key not in self._cache:
            options: dict[str, Any] = {"num_format": spec}
            if kind == "bold":
                options.update({"bold": True, "top": 1})
            self._cache[key] = self.workbook.add_format(options)
        return self._cache[key]


def _number(sheet: Any, row: int, column: int, amount: Money, fmt: Any, field: str) -> None:
    sheet.write_number(row, column, minor_cell(to_minor(amount), amount.code, field=field), fmt)


def _write(sheet: Any, document: Statement, locale: str, formats: _Formats) -> None:
    table = words(locale)
    currency = document.currency
    money = formats.get("plain", number_format(currency))
    total = formats.get("bold", number_format(currency))
    day = formats.get("plain", date_format(locale))
    sheet.write_string(0, 0, table["statement"], formats.title)
    sheet.write_string(1, 0, table["customer"], formats.bold)
    sheet.write_string(1, 1, f"{document.customer_name} ({document.customer_id})")
    sheet.write_string(2, 0, table["period"], formats.bold)
    sheet.write_datetime(2, 1, document.start, day)
    sheet.write_datetime(2, 2, document.end, day)
    sheet.write_string(3, 0, table["currency"], formats.bold)
    sheet.write_string(3, 1, currency)
    sheet.write_row(TABLE_ROW, 0, [table[key] for key in _TABLE], formats.header)
    row = TABLE_ROW + 1
    opening_row = row
    sheet.write_datetime(row, 0, document.start, day)
    sheet.write_string(row, 1, table["opening"], formats.bold)
    _number(sheet, row, 6, document.opening, money, "opening")
    for index, line in enumerate(document.lines):
        row += 1
        sheet.write_datetime(row, 0, line.date, day)
        sheet.write_string(row, 1, table[f"line_{line.kind.value}"])
        sheet.write_string(row, 2, line.document)
        if line.reference:
            sheet.write_string(row, 3, line.reference)
        if line.debit is not None:
            _number(sheet, row, 4, line.debit, money, f"lines[{index}].debit")
        if line.credit is not None:
            _number(sheet, row, 5, line.credit, money, f"lines[{index}].credit")
        _number(sheet, row, 6, line.balance, money, f"lines[{index}].balance")
    row += 1
    sheet.write_datetime(row, 0, document.end, day)
    sheet.write_string(row, 1, table["closing"], formats.bold)
    first, last = opening_row + 2, row  # the movements, 1-based rows for the formula
    digits = currency_digits(currency)
    movements = f"+SUM(E{first}:E{last})-SUM(F{first}:F{last})" if last >= first else ""
    sheet.write_formula(
        row,
        6,
        f"=ROUND(G{opening_row + 1}{movements},{digits})",
        total,
        minor_cell(to_minor(document.closing), currency, field="closing"),
    )
    _aging(sheet, row + 2, document, locale, formats)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 3, 16)
    sheet.set_column(4, 6, 15)
    sheet.freeze_panes(TABLE_ROW + 1, 0)


def _aging(sheet: Any, row: int, document: Statement, locale: str, formats: _Formats) -> None:
    table = words(locale)
    aging = document.aging
    money = formats.get("plain", number_format(document.currency))
    total = formats.get("bold", number_format(document.currency))
    headings = [bucket_words(b.label, b.low, b.high, locale) for b in aging.buckets]
    headings += [table["unapplied_cash"], table["unapplied_credit"], table["balance"]]
    sheet.write_string(row, 0, table["aging"], formats.bold)
    sheet.write_row(row + 1, 0, headings, formats.header)
    amounts = [b.amount for b in aging.buckets] + [aging.unapplied_cash, aging.unapplied_credit]
    for column, amount in enumerate(amounts):
        _number(sheet, row + 2, column, amount, money, f"aging[{column}]")
    count = len(aging.buckets)
    line = row + 3  # 1-based
    buckets = f"{column_letter(0)}{line}:{column_letter(count - 1)}{line}"
    cash, credit = column_letter(count), column_letter(count + 1)
    digits = currency_digits(document.currency)
    sheet.write_formula(
        row + 2,
        count + 2,
        f"=ROUND(SUM({buckets})-{cash}{line}-{credit}{line},{digits})",
        total,
        minor_cell(to_minor(aging.net), document.currency, field="aging.net"),
    )


def statement_workbook(statements: Sequence[Statement], *, locale: str | None = None) -> bytes:
    """Statements of account as an ``.xlsx`` file, one sheet per customer (see the module).

    ``locale`` overrides each statement's own for the words and date order.

    >>> import datetime as dt
    >>> from receivables.documents import Invoice
    >>> from receivables.ledger import Ledger
    >>> from receivables.money import money
    >>> from receivables.statements import statement
    >>> ledger = Ledger.of([Invoice(number="I-1", customer_id="C1", issue_date=dt.date(2026, 1, 5),
    ...     due_date=dt.date(2026, 2, 4), amount=money("10.00", "USD"))])
    >>> s = statement(ledger, "C1", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    >>> statement_workbook([s])[:2]
    b'PK'
    """
    if isinstance(statements, Statement) or not isinstance(statements, Sequence):
        raise ValidationError("statements", statements, "a sequence of Statement")
    for index, document in enumerate(statements):
        if not isinstance(document, Statement):
            raise ValidationError(f"statements[{index}]", document, "a Statement")
    if locale is not None:
        locale_of(locale)
    workbook = new_workbook()
    formats = _Formats(workbook)
    per_customer = Counter(document.customer_id for document in statements)
    used: set[str] = set()
    for document in statements:
        title = document.customer_id
        if per_customer[document.customer_id] > 1:
            title = f"{title} {document.currency}"
        sheet = workbook.add_worksheet(sheet_name(title, used))
        used.add(sheet.name)
        _write(sheet, document, locale or document.locale, formats)
    if not statements:
        workbook.add_worksheet(words(locale or "en_US")["statement"][:31])
    return workbook_bytes(workbook)
