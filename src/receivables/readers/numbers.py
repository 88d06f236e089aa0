"""What amount and what day does this cell of an ERP export say?

ERP exports write numbers and dates the way the user's locale shows them:
``1.234,56`` (Germany, Spain, Colombia), ``1,234.56`` (US, UK), ``1 234,56``
or ``1'234.56``; SAP puts the minus *after* the number (``500,00-``),
accounting spreadsheets put negatives in parentheses (``(200.00)``); dates
come as ``31.05.2026``, ``31/05/2026``, ``05/31/2026`` or ISO ``2026-05-31``.
This module reads them exactly, to :class:`~decimal.Decimal` or to integer
minor units, and refuses what it cannot read without guessing:

- a cell whose decimal mark cannot be told (``1,234`` alone: 1.234 or 1234?)
  when nothing else in the column decides it;
- grouping that is not in threes (``12.34.567``), two signs, letters;
- text Excel has mangled: ``1.23457E+11`` (a long number shown in scientific
  notation, its last digits lost) or ``#####``;
- dates that do not exist (``31.02.2026``) or that fit two formats with
  different meanings (``05/06/2026`` when both ``DD/MM/YYYY`` and
  ``MM/DD/YYYY`` are allowed and nothing in the file tells them apart).

Every function works on whole columns at once (numpy ``StringDType`` arrays and
the :mod:`numpy.strings` ufuncs), so a million cells take a fraction of a
second; the scalar :func:`parse_amount` and :func:`parse_day` are the same code
on one cell, so the two can never disagree. Why not babel's
``parse_decimal``: it needs the locale named in advance (an export does not say
it), reads one string at a time, and accepts some ambiguous input that a
ledger must refuse.

>>> parse_amount("1.234,56"), parse_amount("500,00-"), parse_amount("(200.00)")
(Decimal('1234.56'), Decimal('-500.00'), Decimal('-200.00'))
>>> parse_day("31.05.2026")
datetime.date(2026, 5, 31)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from receivables.errors import ValidationError
from receivables.validators import check_items

__all__ = [
    "DATE_FORMATS",
    "DECIMAL_MARKS",
    "Amounts",
    "Days",
    "amount_units",
    "explain_amount",
    "parse_amount",
    "parse_amounts",
    "parse_day",
    "parse_days",
    "sniff_decimal",
    "text_column",
]

DECIMAL_MARKS = (",", ".")
"""The decimal marks an export may use; the other one (and spaces, ``'``) groups thousands."""

DATE_FORMATS = (
    "YYYY-MM-DD",
    "DD.MM.YYYY",
    "DD/MM/YYYY",
    "MM/DD/YYYY",
    "DD-MM-YYYY",
    "MM-DD-YYYY",
    "YYYY.MM.DD",
    "YYYY/MM/DD",
)
"""The date layouts read; day and month may be written without a leading zero (``1.6.2026``)."""

_GROUPS = (" ", "\u00a0", "\u202f", "'")  # space, no-break space, narrow no-break space, Swiss '
_MAX_INTEGER_DIGITS = 15  # below 2**53 / 100: int64 minor units stay exact with room to sum
_MAX_PLACES = 18  # 10**18 is the largest power of ten in int64
_STRING = np.dtypes.StringDType()

Texts = npt.NDArray[Any]  # StringDType or str_ columns: numpy stubs type them apart
Bools = npt.NDArray[np.bool_]


def _partition(texts: Texts, separator: str) -> tuple[Texts, Texts, Texts]:
    """:func:`numpy.strings.partition` (its separator must share the array's StringDType)."""
    head, found, tail = np.strings.partition(texts, np.array(separator, dtype=_STRING))
    return head, found, tail


def _put(texts: Texts, where: Bools, values: Texts | str) -> Texts:
    """``texts`` with ``values`` put where ``where`` holds (a copy; cheaper than a string np.where)."""
    if not where.any():
        return texts
    result = texts.copy()
    result[where] = values[where] if isinstance(values, np.ndarray) else values
    return result


def _digits(parts: Texts, width: int) -> tuple[npt.NDArray[np.int64], Bools]:
    """Cells of 1 to ``width`` ASCII digits as ints, from their code points (no string parsing)."""
    lengths = np.strings.str_len(parts)
    codes = parts.astype(f"<U{width}").view(np.uint32).reshape(-1, width).astype(np.int64) - 48
    used = np.arange(width) < lengths[:, None]
    ok = (lengths >= 1) & (lengths <= width) & np.all(~used | ((codes >= 0) & (codes <= 9)), axis=1)
    values = np.zeros(parts.shape, dtype=np.int64)
    for position in range(width):
        values = np.where(used[:, position], values * 10 + codes[:, position], values)
    return np.where(ok, values, 0), ok


def _ascii_digits(texts: Texts, most: int) -> Bools:
    """Cells of 1 to ``most`` digits 0-9 (:func:`numpy.strings.isdigit` also takes '²' and '٣')."""
    lengths = np.strings.str_len(texts)
    fits = (lengths >= 1) & (lengths <= most)
    codes = texts.astype(f"<U{most}").view(np.uint32).reshape(-1, most)
    used = np.arange(most) < lengths[:, None]
    digits = (codes >= 48) & (codes <= 57)
    return np.asarray(fits & np.all(~used | digits, axis=1), dtype=np.bool_)


def text_column(values: object) -> Texts:
    """A column of cells as a stripped numpy ``StringDType`` array (``None`` reads as empty).

    >>> text_column([" 1,5 ", None]).tolist()
    ['1,5', '']
    """
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise ValidationError("values", values, "a column: a list, tuple or 1-D array of cells")
    if isinstance(values, np.ndarray) and values.dtype == _STRING:
        array = values
    else:
        cells = (
            values.tolist()
            if isinstance(values, np.ndarray)
            else check_items(
                "values", values, expected="a column: a list, tuple or 1-D array of cells"
            )
        )
        texts = ["" if cell is None else str(cell) for cell in cells]
        try:
            array = np.array(texts, dtype=_STRING)
        except UnicodeEncodeError as error:
            raise ValidationError(
                f"values[{texts.index(next(t for t in texts if _unencodable(t)))}]",
                error.object,
                "text that UTF-8 can encode (no lone surrogates)",
            ) from None
    return np.strings.strip(array)


def _unencodable(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return True
    return False


def _column(cells: object, *, stripped: bool) -> Texts:
    """``cells`` as :func:`text_column` makes them; ``stripped`` says they already are."""
    if not stripped:
        return text_column(cells)
    if not (isinstance(cells, np.ndarray) and cells.dtype == _STRING and cells.ndim == 1):
        raise ValidationError("cells", cells, "a stripped StringDType column from text_column")
    return cells


@attrs.frozen(kw_only=True, eq=False)
class Amounts:
    """A column of amounts taken apart: sign, integer digits, fraction digits, and which cells read.

    ``integer`` and ``fraction`` hold digits only (``""`` when absent); a cell
    that does not read has ``ok`` False and ``"0"`` digits, so a bad cell never
    breaks the rest of the column.
    """

    negative: Bools
    integer: Texts
    fraction: Texts
    ok: Bools
    decimal: str

    def decimals(self) -> list[Decimal]:
        """Each cell as a :class:`~decimal.Decimal` (bad cells as ``None`` is not offered: check ``ok``).

        >>> parse_amounts(["1.234,5", "7-"], decimal=",").decimals()
        [Decimal('1234.5'), Decimal('-7')]
        """
        result = []
        for negative, integer, fraction in zip(
            self.negative.tolist(), self.integer.tolist(), self.fraction.tolist(), strict=True
        ):
            text = (integer or "0") + (f".{fraction}" if fraction else "")
            result.append(Decimal(("-" if negative else "") + text))
        return result


def sniff_decimal(cells: object, *, stripped: bool = False) -> str | None:
    """The decimal mark a column of amounts uses, ``None`` if no cell has one.

    A cell with both marks decides it (the last one is decimal), as does a
    single mark not followed by exactly three digits, or one mark written
    twice (``1.234.567`` groups with ``.``). A column where only ``1,234``-like
    cells occur cannot be decided, nor one whose cells disagree. Cells Excel
    has mangled (``1.23457E+11``, ``#####``) do not vote.

    >>> sniff_decimal(["1.234,56", "12,00-"]), sniff_decimal(["1,234.56"]), sniff_decimal(["100"])
    (',', '.', None)
    >>> sniff_decimal(["1,234"])
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: amount: got '1,234'; expected an amount whose decimal mark can be told; none in the column decides between ',' and '.': set the profile's decimal
    """
    column: Texts = _column(cells, stripped=stripped)
    texts = np.strings.strip(column, "-+() ")
    comma_votes, dot_votes, comma, dot = _votes(texts)
    if comma_votes.any() and dot_votes.any():  # Excel's 1.23457E+11 and ##### do not vote
        clean = np.ones(texts.shape, dtype=np.bool_)
        for junk in "Ee#":
            clean &= np.strings.find(texts, junk) < 0
        texts = texts[clean]
        comma_votes, dot_votes, comma, dot = _votes(texts)
    has_comma, has_dot = bool(comma_votes.any()), bool(dot_votes.any())
    if has_comma and has_dot:
        first = texts[np.flatnonzero(comma_votes)[0]]
        second = texts[np.flatnonzero(dot_votes)[0]]
        raise ValidationError(
            "amount",
            f"{first} / {second}",
            "one decimal mark in the whole column; these cells use ',' and '.': "
            "set the profile's decimal",
        )
    if has_comma:
        return ","
    if has_dot:
        return "."
    undecided = np.flatnonzero((comma >= 0) | (dot >= 0))
    if undecided.size:
        raise ValidationError(
            "amount",
            str(texts[undecided[0]]),
            "an amount whose decimal mark can be told; none in the column decides "
            "between ',' and '.': set the profile's decimal",
        )
    return None


def _votes(texts: Texts) -> tuple[Bools, Bools, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Which cells say ',' is the decimal mark, which say '.', and where the last of each is."""
    comma = np.strings.rfind(texts, ",")
    dot = np.strings.rfind(texts, ".")
    lengths = np.strings.str_len(texts)
    both = (comma >= 0) & (dot >= 0)
    only_comma = (comma >= 0) & (dot < 0)
    only_dot = (dot >= 0) & (comma < 0)
    commas = np.strings.count(texts, ",") if only_comma.any() else np.zeros(texts.shape, np.int64)
    dots = np.strings.count(texts, ".") if only_dot.any() else np.zeros(texts.shape, np.int64)
    comma_votes = (
        (both & (comma > dot))
        | (only_comma & (commas == 1) & (lengths - comma - 1 != 3))
        | (only_dot & (dots > 1))
    )
    dot_votes = (
        (both & (dot > comma))
        | (only_dot & (dots == 1) & (lengths - dot - 1 != 3))
        | (only_comma & (commas > 1))
    )
    return comma_votes, dot_votes, comma, dot


def parse_amounts(cells: object, *, decimal: str | None = None, stripped: bool = False) -> Amounts:
    """Take a column of amount cells apart; ``decimal=None`` sniffs the mark from the column.

    ``stripped=True`` says ``cells`` is already a stripped ``StringDType``
    array (from :func:`text_column`), which saves a pass over a big column.

    >>> amounts = parse_amounts(["1.234,56", "500,00-", "(3,5)", "x"], decimal=",")
    >>> amounts.ok.tolist(), amounts.negative.tolist(), amounts.integer.tolist()
    ([True, True, True, False], [False, True, True, False], ['1234', '500', '3', '0'])
    """
    texts: Texts = _column(cells, stripped=stripped)
    if decimal is None:
        decimal = sniff_decimal(texts, stripped=True) or "."
    if decimal not in DECIMAL_MARKS:
        raise ValidationError("decimal", decimal, f"one of {list(DECIMAL_MARKS)} or None")
    strings = np.strings
    ok = strings.str_len(texts) > 0
    paren = strings.startswith(texts, "(") & strings.endswith(texts, ")")
    body = _put(texts, paren, strings.slice(texts, 1, -1) if paren.any() else texts)
    trailing = strings.endswith(body, "-")
    body = _put(body, trailing, strings.slice(body, 0, -1) if trailing.any() else body)
    leading = strings.startswith(body, "-")
    plus = strings.startswith(body, "+")
    signed = leading | plus
    body = strings.strip(_put(body, signed, strings.slice(body, 1, None) if signed.any() else body))
    signs = paren.astype(np.int8) + trailing + leading + plus
    ok &= signs <= 1
    negative = paren | trailing | leading
    group = "." if decimal == "," else ","
    for mark in (group, *_GROUPS):
        if strings.find(body, mark).max(initial=-1) >= 0:
            body = strings.replace(body, mark, "|")
    integer, mark_found, fraction = _partition(body, decimal)
    has_mark = mark_found != ""
    ok &= ~has_mark | _ascii_digits(fraction, 12)
    separators = strings.count(integer, "|")
    digits = strings.replace(integer, "|", "")
    ok &= _ascii_digits(digits, _MAX_INTEGER_DIGITS) | ((digits == "") & has_mark)
    ok &= _grouped_in_threes(integer, separators)
    return Amounts(
        negative=negative & ok,
        integer=_put(digits, ~ok | (digits == ""), "0"),
        fraction=_put(fraction, ~ok, ""),
        ok=ok,
        decimal=decimal,
    )


def _places(digits: object, shape: tuple[int, ...]) -> npt.NDArray[np.int64]:
    """``digits`` as a column of decimal places (0 to 18, so 10**digits stays in int64)."""
    expected = "a whole number of decimals from 0 to 18, or a column of them"
    if isinstance(digits, bool | float | str | bytes):
        raise ValidationError("digits", digits, expected)
    try:
        places = np.broadcast_to(np.asarray(digits, dtype=np.int64), shape)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError("digits", digits, expected) from None
    if places.size and (places.min() < 0 or places.max() > _MAX_PLACES):
        raise ValidationError("digits", digits, expected)
    return places


def _grouped_in_threes(integer: Texts, separators: npt.NDArray[np.int64]) -> Bools:
    """Whether each ``d{1,3}(|ddd)*`` holds: the k-th separator at ``first + 4k``."""
    lengths = np.strings.str_len(integer)
    first = lengths - 4 * separators
    ok = (separators == 0) | ((first >= 1) & (first <= 3))
    start = np.zeros(integer.shape, dtype=np.int64)
    for k in range(int(separators.max()) if separators.size else 0):
        position = np.strings.find(integer, "|", start)
        due = separators > k
        ok &= ~due | (position == first + 4 * k)
        start = np.where(due & (position >= 0), position + 1, start)
    return np.asarray(ok, dtype=np.bool_)


def amount_units(amounts: Amounts, digits: npt.ArrayLike) -> tuple[npt.NDArray[np.int64], Bools]:
    """Signed integer minor units of each cell with ``digits`` decimals (a number or a column).

    A cell with more decimals than its currency has (``12,345`` in EUR) does
    not read, unless the extra digits are zeros (``1180.000``).

    >>> units, ok = amount_units(parse_amounts(["1.234,56", "500,00-", "1,005"], decimal=","), 2)
    >>> units.tolist(), ok.tolist()
    ([123456, -50000, 0], [True, True, False])
    """
    if not isinstance(amounts, Amounts):
        raise ValidationError("amounts", amounts, "an Amounts from parse_amounts")
    places = _places(digits, amounts.ok.shape)
    units = np.zeros(amounts.ok.shape, dtype=np.int64)
    ok = amounts.ok.copy()
    fraction = amounts.fraction
    for count in np.unique(places).tolist():
        rows = places == count
        kept = np.strings.slice(fraction[rows], 0, count)
        dropped = np.strings.slice(fraction[rows], count, None)
        ok[rows] &= np.strings.strip(dropped, "0") == ""
        padded = np.strings.ljust(kept, count, "0") if count else kept
        small = padded.astype(np.int64) if count else np.zeros(int(rows.sum()), dtype=np.int64)
        large = amounts.integer[rows].astype(np.int64) * 10**count
        units[rows] = large + small
    units = np.where(amounts.negative, -units, units)
    return np.where(ok, units, 0), ok


def explain_amount(text: str, decimal: str | None) -> str:
    """What an amount cell should have looked like, for the error naming it.

    >>> explain_amount("1.23457E+11", ",")
    "digits as the ERP wrote them, not Excel's scientific notation (its last digits are lost): format the column as text before saving, or export again"
    """
    if not isinstance(text, str):
        raise ValidationError("text", text, "the cell's text")
    if decimal is not None and decimal not in DECIMAL_MARKS:
        raise ValidationError("decimal", decimal, f"one of {list(DECIMAL_MARKS)} or None")
    upper = text.upper()
    if "E+" in upper or "E-" in upper or set(text.strip()) == {"#"}:
        return (
            "digits as the ERP wrote them, not Excel's scientific notation (its last "
            "digits are lost): format the column as text before saving, or export again"
        )
    if not text.strip():
        return "an amount (the cell is empty)"
    mark = decimal or "."
    group = "." if mark == "," else ","
    return (
        f'an amount with {mark!r} as the decimal mark and {group!r}, space or "\'" grouping '
        "thousands in threes, signed by a leading or trailing '-' or by parentheses "
        f"(e.g. '1{group}234{mark}56', '500{mark}00-', '(200{mark}00)')"
    )


def parse_amount(text: str, *, decimal: str | None = None, field: str = "amount") -> Decimal:
    """One amount cell as a :class:`~decimal.Decimal`, exactly as written.

    >>> parse_amount("1 234,5"), parse_amount("-1,234.56"), parse_amount("1'000.00")
    (Decimal('1234.5'), Decimal('-1234.56'), Decimal('1000.00'))
    >>> parse_amount("1.23457E+11", field="fbl5n.csv:row 4.Amount")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: fbl5n.csv:row 4.Amount: got '1.23457E+11'; expected digits as the ERP wrote them, not Excel's scientific notation (its last digits are lost): format the column as text before saving, or export again
    """
    if not isinstance(text, str):
        raise ValidationError(field, text, "the amount as text")
    try:
        amounts = parse_amounts([text], decimal=decimal)
    except ValidationError as error:
        raise ValidationError(field, text, error.expected) from None
    if not bool(amounts.ok[0]):
        raise ValidationError(field, text, explain_amount(text, decimal))
    return amounts.decimals()[0]


# --- dates -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, eq=False)
class Days:
    """A column of dates as ``datetime64[D]`` (``NaT`` where a cell did not read), and which read."""

    days: npt.NDArray[np.datetime64]
    ok: Bools
    format: str


def _layout(form: str) -> tuple[str, tuple[int, int, int]]:
    """The separator and where year, month and day stand (0, 1, 2) in ``form``."""
    if form not in DATE_FORMATS:
        raise ValidationError("date_format", form, f"one of {list(DATE_FORMATS)}")
    separator = form[4] if form.startswith("YYYY") else form[2]
    parts = form.split(separator)
    return separator, (parts.index("YYYY"), parts.index("MM"), parts.index("DD"))


def parse_days(cells: object, form: str, *, stripped: bool = False) -> Days:
    """A column of date cells in one layout of :data:`DATE_FORMATS` (``stripped`` as for amounts).

    >>> result = parse_days(["31.05.2026", "1.6.2026", "31.02.2026", ""], "DD.MM.YYYY")
    >>> result.days.tolist()[:2], result.ok.tolist()
    ([datetime.date(2026, 5, 31), datetime.date(2026, 6, 1)], [True, True, False, False])
    """
    separator, (year_at, month_at, day_at) = _layout(form)
    texts: Texts = _column(cells, stripped=stripped)
    first, _, rest = _partition(texts, separator)
    second, _, third = _partition(rest, separator)
    parts = (first, second, third)
    ok = np.ones(texts.shape, dtype=np.bool_)
    values = []
    for index, part in enumerate(parts):
        width = 4 if index == year_at else 2
        number, read = _digits(part, width)
        ok &= read & ((np.strings.str_len(part) == 4) if index == year_at else True)
        values.append(number)
    year, month, day = values[year_at], values[month_at], values[day_at]
    ok &= (year >= 1900) & (year <= 2999) & (month >= 1) & (month <= 12) & (day >= 1)
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    days = months.astype("datetime64[D]") + np.where(ok, day - 1, 0).astype("timedelta64[D]")
    ok &= days.astype("datetime64[M]") == months
    return Days(days=np.where(ok, days, np.datetime64("NaT")), ok=ok, format=form)


def parse_day(text: str, formats: Sequence[str] = DATE_FORMATS, *, field: str = "date") -> dt.date:
    """One date cell in one of ``formats``; refused if two formats read it as different days.

    >>> parse_day("2026-05-31"), parse_day("05/31/2026"), parse_day("13/05/2026")
    (datetime.date(2026, 5, 31), datetime.date(2026, 5, 31), datetime.date(2026, 5, 13))
    >>> parse_day("05/06/2026")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: date: got '05/06/2026'; expected a date that reads one way; it fits DD/MM/YYYY and MM/DD/YYYY: name one format in the profile
    """
    if not isinstance(text, str):
        raise ValidationError(field, text, "the date as text")
    formats = check_items(
        "formats", formats, expected=f"a list of date formats from {DATE_FORMATS}"
    )
    readings: dict[dt.date, str] = {}
    for form in formats:
        result = parse_days([text], form)
        if bool(result.ok[0]):
            day = result.days[0].astype(dt.date)
            readings.setdefault(day, form)
    if len(readings) > 1:
        raise ValidationError(
            field,
            text,
            "a date that reads one way; it fits "
            f"{' and '.join(readings.values())}: name one format in the profile",
        )
    if not readings:
        raise ValidationError(field, text, f"a date as {' or '.join(formats)}")
    return next(iter(readings))
