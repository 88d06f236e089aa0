"""How does an exact amount, a date or a name become a spreadsheet cell without losing anything?

An xlsx cell holds a number as an IEEE 754 double, and Excel shows at most
15 significant digits (Microsoft, "Excel specifications and limits": number
precision 15 digits). A decimal with at most 15 significant digits survives
the trip to the nearest double and back (``DBL_DIG`` is 15, C11 §5.2.4.2.2),
so an amount is written as a number only when its minor units, trailing
zeros aside, have at most 15 digits (:data:`MAX_DIGITS`): up to
9,999,999,999,999.99 USD exactly, and larger round amounts too. Anything
longer is refused with a :class:`~receivables.errors.ValidationError` rather
than written rounded, and never as text, which a total would skip silently.
Decimal turns into float here only, at the cell, from integer minor units
(Python's ``int / int`` is correctly rounded).

A total in a workbook is a formula, ``ROUND(SUM(range), digits)``: the sum
of doubles may be off in the last bits, and rounding to the currency's digits
brings it back to the exact amount as long as that error stays under half a
minor unit (it is at most ``rows × 2**-53`` of the total, so below half a
cent for a 100,000-row column up to about 45 million in a currency with cents;
typical errors are far smaller). Each total formula also carries the
library's exact total as its cached value, which readers that do not
calculate (openpyxl with ``data_only=True``) show.

Number formats follow the currency's ISO 4217 digits
(:func:`~receivables.money.currency_digits`): ``#,##0.00`` for USD,
``#,##0`` for JPY, ``#,##0.000`` for BHD, negatives in red. The separators
a reader sees are those of their own spreadsheet's locale, as Excel does for
every number. Dates are real dates with the locale's short pattern and a
four-digit year (babel's CLDR data, ``d/mm/yyyy`` in es_CO, ``m/d/yyyy`` in
en_US). Sheet names follow Excel's rules (31 characters, none of ``[]:*?/\\``,
unique without regard to case).

>>> from receivables.money import money
>>> cell_number(money("1234.56", "USD")), number_format("USD"), number_format("JPY")
(1234.56, '#,##0.00;[Red]-#,##0.00', '#,##0;[Red]-#,##0')
>>> date_format("es_CO"), date_format("en_US")
('d/mm/yyyy', 'm/d/yyyy')
"""

from __future__ import annotations

import io
import re
from collections.abc import Set
from functools import lru_cache
from typing import Any, Final

import babel.dates
import moneyed

from receivables.errors import ValidationError
from receivables.formatting import locale_of
from receivables.frames import OptionalDependencyError
from receivables.money import currency_digits, from_minor, to_minor
from receivables.validators import check_whole

__all__ = [
    "MAX_DIGITS",
    "cell_number",
    "column_letter",
    "date_format",
    "minor_cell",
    "new_workbook",
    "number_format",
    "rounded_sum",
    "sheet_name",
    "total_formula",
    "workbook_bytes",
]

MAX_DIGITS: Final = 15
"""Significant digits (of the minor units, trailing zeros aside) a number cell keeps exactly."""

_LIMIT: Final = 10**MAX_DIGITS
_FORBIDDEN: Final = re.compile(r"[\[\]:*?/\\]")


def minor_cell(units: int, currency: str, *, field: str = "amount") -> float:
    """``units`` minor units of ``currency`` as the double an xlsx number cell holds.

    Refused when the amount has more than :data:`MAX_DIGITS` significant digits,
    which no double (and no Excel cell) keeps exactly.

    >>> minor_cell(123456, "USD"), minor_cell(1500, "JPY"), minor_cell(1250, "BHD")
    (1234.56, 1500.0, 1.25)
    >>> minor_cell(1234567890123456, "USD", field="total")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: total: got Money('12345678901234.56', 'USD'); expected an amount of at most 15 significant digits (an Excel cell keeps no more)
    """
    digits = currency_digits(currency)
    if -_LIMIT < units < _LIMIT or len(str(abs(units)).rstrip("0")) <= MAX_DIGITS:
        scale: int = 10**digits
        return units / scale  # int / int: the correctly rounded double of the exact amount
    raise ValidationError(
        field,
        from_minor(units, currency),
        f"an amount of at most {MAX_DIGITS} significant digits (an Excel cell keeps no more)",
    )


def cell_number(amount: moneyed.Money, *, field: str = "amount") -> float:
    """An exact amount as the double an xlsx number cell holds; see :func:`minor_cell`.

    >>> from receivables.money import money
    >>> cell_number(money("-0.10", "USD")), cell_number(money("999999999999.999", "KWD"))
    (-0.1, 999999999999.999)
    """
    if not isinstance(amount, moneyed.Money):
        raise ValidationError(field, amount, "a Money amount")
    return minor_cell(to_minor(amount), str(amount.currency.code), field=field)


def number_format(currency: str) -> str:
    """The Excel number format of ``currency``: its ISO 4217 digits, negatives in red.

    >>> number_format("BHD")
    '#,##0.000;[Red]-#,##0.000'
    """
    if not isinstance(currency, str):
        raise ValidationError("currency", currency, "an ISO 4217 code such as 'USD' or 'COP'")
    return _number_format(currency)


@lru_cache(maxsize=64)
def _number_format(currency: str) -> str:
    digits = currency_digits(currency)
    body = "#,##0" + ("." + "0" * digits if digits else "")
    return f"{body};[Red]-{body}"


_CLDR_TO_EXCEL: Final = {"d": "d", "dd": "dd", "M": "m", "MM": "mm", "L": "m", "LL": "mm"}


def date_format(locale: str) -> str:
    """The Excel date format of ``locale``'s short CLDR pattern, with a four-digit year.

    >>> date_format("es_MX"), date_format("es_PA")
    ('dd/mm/yyyy', 'mm/dd/yyyy')
    """
    locale_of(locale)  # a ValidationError naming the locale, before the cache sees it
    return _date_format(locale)


@lru_cache(maxsize=64)
def _date_format(locale: str) -> str:
    pattern = babel.dates.get_date_format("short", locale=locale_of(locale)).pattern
    out = []
    for token in re.findall(r"y+|M+|L+|d+|'[^']*'|.", pattern):
        if token.startswith("y"):
            out.append("yyyy")
        elif token in _CLDR_TO_EXCEL:
            out.append(_CLDR_TO_EXCEL[token])
        elif token.startswith("'"):
            out.append('"' + token.strip("'") + '"')
        else:
            out.append(token)
    return "".join(out)


def sheet_name(text: str, used: Set[str] = frozenset()) -> str:
    """``text`` as an Excel sheet name: 31 characters, no ``[]:*?/\\``, not in ``used``.

    ``used`` holds the names taken so far, compared without regard to case,
    as Excel compares them; a clash gets `` (2)``, `` (3)``... at the end.

    >>> sheet_name("Acme: North/South [old]"), sheet_name("USD", {"usd"})
    ('Acme North South old', 'USD (2)')
    >>> sheet_name("x" * 40)
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
    """
    if not isinstance(text, str):
        raise ValidationError("sheet_name", text, "a str")
    clean = " ".join(_FORBIDDEN.sub(" ", text).split()).strip("'") or "Sheet"
    if clean.casefold() == "history":  # Excel reserves it
        clean = "History (1)"
    taken = {name.casefold() for name in used}
    candidate, number = clean[:31], 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = clean[: 31 - len(suffix)] + suffix
    return candidate


def column_letter(index: int) -> str:
    """Excel's letters for the zero-based column ``index``.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ValidationError("column", index, "a column index of 0 or more")
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def total_formula(column: int, first_row: int, last_row: int, currency: str) -> str:
    """``=ROUND(SUM(...), digits)`` over zero-based rows ``first_row``..``last_row`` of ``column``.

    An empty range (``last_row < first_row``) sums to ``=0``.

    >>> total_formula(2, 1, 10, "USD"), total_formula(0, 1, 0, "JPY")
    ('=ROUND(SUM(C2:C11),2)', '=0')
    """
    check_whole("first_row", first_row)
    check_whole("last_row", last_row, -1)
    currency_digits(currency)
    if last_row < first_row:
        return "=0"
    letter = column_letter(column)
    return rounded_sum(f"{letter}{first_row + 1}:{letter}{last_row + 1}", currency)


def rounded_sum(cells: str, currency: str) -> str:
    """``=ROUND(SUM(cells), digits)`` with ``currency``'s ISO 4217 digits.

    >>> rounded_sum("C2:H2", "BHD")
    '=ROUND(SUM(C2:H2),3)'
    """
    return f"=ROUND(SUM({cells}),{currency_digits(currency)})"


def new_workbook() -> Any:
    """An empty xlsxwriter workbook that writes into memory; :func:`workbook_bytes` ends it.

    The library never opens a file: the bytes of the ``.xlsx`` file go to the
    host to save or send.

    >>> workbook = new_workbook()
    >>> workbook_bytes(workbook)[:2]
    b'PK'
    """
    try:
        import xlsxwriter
    except ImportError:
        raise OptionalDependencyError("xlsxwriter", "excel") from None
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    return xlsxwriter.Workbook(io.BytesIO(), options)


def workbook_bytes(workbook: Any) -> bytes:
    """Close a workbook from :func:`new_workbook` and return the bytes of its ``.xlsx`` file.

    >>> workbook = new_workbook()
    >>> _ = workbook.add_worksheet("Aging")
    >>> len(workbook_bytes(workbook)) > 1000
    True
    """
    if not isinstance(getattr(workbook, "filename", None), io.BytesIO) or not callable(
        getattr(workbook, "close", None)
    ):
        raise ValidationError("workbook", workbook, "a workbook from new_workbook()")
    workbook.close()
    return bytes(workbook.filename.getvalue())
