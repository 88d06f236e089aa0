"""Which open items are in the export the ERP gave us, and which of its rows were not items?

:func:`read_export` reads an open-item export (SAP FBL5N, Odoo journal items,
ERPNext Accounts Receivable, or any layout an
:class:`~receivables.readers.profiles.ExportProfile` describes) from text,
bytes or an open file the host hands it, and returns an :class:`ExportRead`:

- the items as columns (:class:`ExportColumns`: int64 minor units,
  ``datetime64[D]`` dates, string ids), ready for the bulk aging path
  :func:`receivables.aging.age_columns` (``read.columns.mapping()``), or as
  :class:`~receivables.ledger.items.OpenItem` s (``read.open_items()``);
- every row that was not an item, with its line and reason: the lines before
  the header (``preamble``), empty lines (``blank``), table borders
  (``rule``), repeated headers (``header``) and subtotal or group lines
  (``subtotal``). Items plus skipped rows plus the header account for every
  row of the file, so no money is dropped unseen.

What is sniffed when the profile leaves it open: the encoding (a byte-order
mark, else UTF-8, else cp1252, else latin-1), the delimiter (the one that
splits a line into the profile's headings, among ``;`` ``,`` tab ``|``; the
header may follow a few lines of report title), the decimal mark (from the
amounts, :func:`~receivables.readers.numbers.sniff_decimal`) and the date
layout (the one of the profile's ``date_formats`` that reads every date cell;
two that read them differently are an error, not a guess).

A file with bad cells raises one :class:`~receivables.errors.ValidationError`
whose ``problems`` hold one error per bad cell, each ``field`` naming the
source, the row and the column as headed in the file
(``fbl5n.csv:row 12.Amount in local currency``), with the value and what is
accepted.

**Speed.** Lines without quote characters (SAP and most ERP exports) are split
into cells with :func:`numpy.strings.partition` on a ``StringDType`` array and
every conversion and check runs on whole columns, so a million-row export
reads in seconds without pandas; files with quoted cells go through the
``csv`` module (exact for embedded delimiters and line breaks, slower).
``pandas.read_csv`` followed by the conversions a user writes (strip the
trailing minus, swap the marks, ``astype(float)``, ``to_datetime``) takes
about as long on an idle machine and half as long on a busy one
(``benchmarks/exports.py`` times both on the same file), and it checks
nothing, rounds amounts through float and keeps subtotal rows unless told.

>>> text = '''Account;Document Number;Type;Document Date;Net Due Date;Amount in local currency;LCurr
... 1000;1800000012;RV;02.05.2026;01.06.2026;1.190,00;EUR
... 1000;1400000007;DZ;20.05.2026;20.05.2026;500,00-;EUR
... *;;;;;690,00;EUR'''
>>> read = read_export(text, profile="sap-fbl5n", source="fbl5n.csv")
>>> read.columns.open_units.tolist(), read.skipped_by_reason()
([119000, -50000], {'subtotal': 1})
>>> [(item.number, item.kind.value, str(item.open.amount)) for item in read.open_items()]
[('1800000012', 'invoice', '1190.00'), ('1400000007', 'payment', '-500.00')]
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Mapping
from typing import IO, Any

import attrs
import numpy as np
import numpy.typing as npt

from receivables.errors import ValidationError
from receivables.ledger import ItemKind, OpenItem
from receivables.money import currency_digits, from_minor
from receivables.readers.numbers import (
    amount_units,
    explain_amount,
    parse_amounts,
    parse_days,
    sniff_decimal,
)
from receivables.readers.profiles import DELIMITERS, ExportProfile, export_profile

__all__ = ["SKIP_REASONS", "ExportColumns", "ExportRead", "SkippedRow", "read_export"]

SKIP_REASONS = ("preamble", "blank", "rule", "header", "subtotal")
"""The reasons a row is not an item (before the header, empty, a table border, a repeated header, a subtotal)."""

_CHUNK = 1 << 20  # characters of a file turned into one array of lines at a time
_DATE_SAMPLE = 2000  # date cells tried with every layout before the whole column is read
_HEADER_SEARCH = 50  # report titles before the header: SAP lists print a few
_STRING = np.dtypes.StringDType()
_BORDER = "-=+_|: \t"

IntArray = npt.NDArray[np.int64]
Texts = npt.NDArray[Any]  # StringDType or str_ columns: numpy stubs type them apart
Bools = npt.NDArray[np.bool_]
Dates = npt.NDArray[np.datetime64]


@attrs.frozen
class SkippedRow:
    """A row of the file that was not an open item: its line, why, and its text as written.

    >>> SkippedRow(14, "subtotal", "*;;;;;690,00;EUR").reason
    'subtotal'
    """

    row: int
    reason: str
    text: str


@attrs.frozen(kw_only=True, eq=False)
class ExportColumns:
    """The items of an export as columns, one entry per item, in file order.

    ``row`` is each item's line in the file; ``open_units`` signed minor units
    of ``currency``; ``kind`` the :class:`~receivables.ledger.items.ItemKind` value;
    ``reference`` ``""`` where the export has none.
    """

    row: IntArray
    number: Texts
    customer_id: Texts
    document_date: Dates
    due_date: Dates
    open_units: IntArray
    currency: Texts
    kind: Texts
    reference: Texts

    def __len__(self) -> int:
        return int(self.row.size)

    def mapping(self) -> dict[str, npt.NDArray[np.generic]]:
        """The columns :func:`receivables.aging.age_columns` reads.

        >>> read = read_export("number,customer_id,due_date,open,currency\\nI1,C1,2026-01-31,10.00,USD",
        ...                    profile="generic")
        >>> sorted(read.columns.mapping())
        ['currency', 'customer_id', 'document_date', 'due_date', 'open_units']
        """
        return {
            "customer_id": self.customer_id,
            "document_date": self.document_date,
            "due_date": self.due_date,
            "open_units": self.open_units,
            "currency": self.currency,
        }


@attrs.frozen(kw_only=True, eq=False)
class ExportRead:
    """What :func:`read_export` found: the items, every skipped row, and how the file was read.

    ``rows`` counts the file's rows (records, from 1); ``rows == 1 +
    len(columns) + len(skipped)`` always holds: every row is the header, an
    item, or a skipped row with its reason (the lines above the header are
    skipped as ``preamble``).
    """

    source: str
    profile_id: str
    profile_version: str
    encoding: str
    delimiter: str
    decimal: str | None
    date_format: str | None
    header_row: int
    rows: int
    columns: ExportColumns
    skipped: tuple[SkippedRow, ...]

    def skipped_by_reason(self) -> dict[str, int]:
        """How many rows were skipped for each reason (only reasons that occurred).

        >>> read_export("number;customer_id;due_date;open;currency\\n\\nI1;C1;2026-01-31;10,00;EUR",
        ...             profile="generic").skipped_by_reason()
        {'blank': 1}
        """
        counts = dict.fromkeys(SKIP_REASONS, 0)
        for skipped in self.skipped:
            counts[skipped.reason] += 1
        return {reason: count for reason, count in counts.items() if count}

    def summary(self) -> str:
        """One line for a person: items read, rows skipped and why.

        >>> print(read_export("number,customer_id,due_date,open,currency\\nI1,C1,2026-01-31,10.00,USD\\nTotal,,,10.00,",
        ...                   profile="generic", source="items.csv").summary())
        items.csv: 1 open item(s) from 3 row(s) (profile generic 1); skipped 1: 1 subtotal
        """
        skipped = self.skipped_by_reason()
        detail = ", ".join(f"{count} {reason}" for reason, count in skipped.items())
        return (
            f"{self.source}: {len(self.columns)} open item(s) from {self.rows} row(s) "
            f"(profile {self.profile_id} {self.profile_version}); "
            f"skipped {len(self.skipped)}" + (f": {detail}" if detail else "")
        )

    def open_items(self) -> tuple[OpenItem, ...]:
        """The items as :class:`~receivables.ledger.items.OpenItem` s (original = open: an export shows what is open).

        >>> read = read_export("number,customer_id,due_date,open,currency\\nI1,C1,2026-01-31,10.00,USD",
        ...                    profile="generic")
        >>> read.open_items()[0].open
        Money('10.00', 'USD')
        """
        columns = self.columns
        items = []
        for number, customer, document, due, units, currency, kind, reference in zip(
            columns.number.tolist(),
            columns.customer_id.tolist(),
            columns.document_date.tolist(),
            columns.due_date.tolist(),
            columns.open_units.tolist(),
            columns.currency.tolist(),
            columns.kind.tolist(),
            columns.reference.tolist(),
            strict=True,
        ):
            amount = from_minor(units, currency)
            items.append(
                OpenItem(
                    number=number,
                    customer_id=customer,
                    kind=ItemKind(kind),
                    document_date=document,
                    due_date=due,
                    original=amount,
                    open=amount,
                    reference=reference or None,
                )
            )
        return tuple(items)


# --- text in -----------------------------------------------------------------------------


def _decode(data: object, encoding: str | None, source: str) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with."""
    if hasattr(data, "read"):
        data = data.read()
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), "text"
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValidationError(source, type(data).__name__, "text, bytes or an open file")
    raw = bytes(data)
    if encoding is not None:
        chosen = "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding
        try:
            return raw.decode(chosen), encoding
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            raise ValidationError(
                f"{source}:row {line}",
                raw[error.start : error.start + 1],
                f"text in the profile's encoding {encoding!r}; set encoding to null to sniff it",
            ) from None
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", "strict"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), "utf-16"
    for candidate in ("utf-8", "cp1252"):
        try:
            return raw.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"


def _newlines(text: str) -> str:
    """``text`` with Windows (and old Mac) line ends as ``\\n``."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            text = text.replace("\r", "\n")
    return text


def _head(text: str, count: int) -> list[str]:
    """The first ``count`` lines of ``text`` (a final line break ends the last line)."""
    lines: list[str] = []
    start = 0
    while len(lines) < count and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        lines.append(text[start:end])
        start = end + 1
    return lines


def _line_array(text: str, start: int) -> Texts:
    """The lines of ``text`` from ``start`` as a StringDType array, built a chunk at a time
    so that a big file never also lives as a million Python strings."""
    parts = []
    while start < len(text):
        end = text.find("\n", start + _CHUNK)
        end = len(text) if end < 0 else end
        segment = text[start:end]
        if end == len(text) and segment.endswith("\n"):
            segment = segment[:-1]
        parts.append(np.array(segment.split("\n"), dtype=_STRING))
        start = end + 1
    return np.concatenate(parts) if parts else np.array([], dtype=_STRING)


def _unpiped(line: str, delimiter: str) -> str:
    """An SAP list line ``|a|b|`` without its outer bars."""
    if delimiter == "|":
        line = line.strip()
        line = line.removeprefix("|").removesuffix("|")
    return line


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([_unpiped(line, delimiter)], delimiter=delimiter), [])


def _squeeze(heading: str) -> str:
    return " ".join(heading.split()).casefold()


@attrs.frozen
class _Header:
    index: int  # 0-based line of the header
    delimiter: str
    headings: tuple[str, ...]  # as written
    where: Mapping[str, int]  # field -> column position


def _resolve(headings: list[str], profile: ExportProfile) -> dict[str, int]:
    squeezed = [_squeeze(heading) for heading in headings]
    where: dict[str, int] = {}
    for field in attrs.fields(type(profile.columns)):
        for heading in getattr(profile.columns, field.name):
            if _squeeze(heading) in squeezed:
                where[field.name] = squeezed.index(_squeeze(heading))
                break
    return where


def _complete(where: Mapping[str, int]) -> bool:
    amount = "open" in where or ("debit" in where and "credit" in where)
    dated = "document_date" in where or "due_date" in where
    return "number" in where and "customer_id" in where and amount and dated


def _find_header(lines: list[str], profile: ExportProfile, source: str) -> _Header:
    delimiters = (profile.delimiter,) if profile.delimiter else DELIMITERS
    for index, line in enumerate(lines[:_HEADER_SEARCH]):
        for delimiter in delimiters:
            if delimiter not in line:
                continue
            headings = [cell.strip() for cell in _split(line, delimiter)]
            where = _resolve(headings, profile)
            if _complete(where):
                return _Header(index, delimiter, tuple(headings), where)
    columns = profile.columns
    wanted = [
        " or ".join(repr(h) for h in columns.number),
        " or ".join(repr(h) for h in columns.customer_id),
        " or ".join(repr(h) for h in columns.open or (*columns.debit, *columns.credit)),
        " or ".join(repr(h) for h in (*columns.due_date, *columns.document_date)),
    ]
    first = lines[0] if lines else ""
    raise ValidationError(
        f"{source}:header",
        first[:120],
        f"a header row within the first {_HEADER_SEARCH} lines, separated by "
        f"{' or '.join(repr(d) for d in delimiters)}, with the columns of profile "
        f"{profile.id!r}: {'; '.join(wanted)}",
    )


# --- cells -------------------------------------------------------------------------------


@attrs.define(kw_only=True, eq=False)
class _Cells:
    row: IntArray  # line number of each record, 1-based
    line: Texts  # the record as written
    cells: list[Texts]  # cells as written, one array per header column: use .cell() for stripped
    extra: Bools  # more cells than the header has
    stripped: dict[int, Texts] = attrs.field(factory=dict)

    def cell(self, position: int) -> Texts:
        """The column at ``position``, stripped (once, and only for the columns read)."""
        if position not in self.stripped:
            self.stripped[position] = np.strings.strip(self.cells[position])
            self.cells[position] = self.stripped[position]  # the cells as written can go
        return self.stripped[position]

    def loose(self, position: int) -> Texts:
        """The column as written, for parsers that retry only the cells that fail stripped."""
        return self.stripped.get(position, self.cells[position])


def _cells_fast(raw: Texts, first_row: int, delimiter: str, width: int) -> _Cells:
    """Split lines without quotes into columns with numpy string ufuncs."""
    body = raw
    if delimiter == "|":
        body = np.strings.strip(body)
        body = np.strings.slice(body, np.strings.startswith(body, "|").astype(np.int64), None)
        ends = np.strings.endswith(body, "|")
        body = np.strings.slice(body, 0, np.strings.str_len(body) - ends)
    separator = np.array(delimiter, dtype=_STRING)
    cells = []
    rest = body
    for _ in range(width - 1):
        head, _found, rest = np.strings.partition(rest, separator)
        cells.append(head)
    cells.append(rest)
    extra = np.strings.find(rest, separator) >= 0  # the last column holds the rest of the line
    rows = np.arange(first_row, first_row + raw.size, dtype=np.int64)
    return _Cells(row=rows, line=raw, cells=cells, extra=extra)


def _cells_csv(lines: list[str], first_row: int, delimiter: str, width: int) -> _Cells:
    """Split with :mod:`csv`: quoted cells may hold delimiters and line breaks."""
    reader = csv.reader(
        io.StringIO("\n".join(_unpiped(line, delimiter) for line in lines)), delimiter=delimiter
    )
    rows: list[int] = []
    texts: list[str] = []
    columns: list[list[str]] = [[] for _ in range(width)]
    extra: list[bool] = []
    start = 1
    for record in reader:
        rows.append(first_row + start - 1)
        start = reader.line_num + 1
        texts.append(delimiter.join(record))
        extra.append(len(record) > width)
        for position in range(width):
            columns[position].append(record[position] if position < len(record) else "")
    return _Cells(
        row=np.array(rows, dtype=np.int64),
        line=np.array(texts, dtype=_STRING),
        cells=[np.array(column, dtype=_STRING) for column in columns],
        extra=np.array(extra, dtype=np.bool_),
    )


_MANGLED_ID = (
    "the identifier as the ERP wrote it, not Excel's scientific notation (its last digits "
    "are lost): format the column as text before saving, or export again"
)


def _scientific(ids: Texts) -> Bools:
    """Ids Excel turned into ``1,8E+09``: a digit first, ``E+`` after it."""
    return np.asarray(
        (np.strings.find(ids, "E+") > 0) & np.strings.isdigit(np.strings.slice(ids, 0, 1)),
        dtype=np.bool_,
    )


def _put(texts: Texts, where: Bools, value: str) -> Texts:
    """``texts`` with ``value`` where ``where`` holds (a copy; a string np.where is slower)."""
    if not where.any():
        return texts
    result = texts.copy()
    result[where] = value
    return result


def _cased(text: str) -> tuple[str, ...]:
    """``text`` as written, lower, upper and title case: numpy's lower() on a column is slow."""
    return tuple(dict.fromkeys((text, text.lower(), text.upper(), text.title())))


def _marked(cell: Texts, markers: tuple[str, ...]) -> Bools:
    """Cells that are a marker (``Total``, ``Total EUR``, ``**``), in any usual case.

    Only cells starting with a marker's first letter are looked at closely.
    """
    variants = [mark for marker in markers for mark in _cased(marker.strip())]
    first = np.strings.slice(cell, 0, 1)
    near = np.zeros(cell.shape, dtype=np.bool_)
    for letter in {mark[0] for mark in variants}:
        near |= first == letter
    found = np.zeros(cell.shape, dtype=np.bool_)
    rows = np.flatnonzero(near)
    if rows.size == 0:
        return found
    close = cell[rows]
    hit = np.zeros(rows.shape, dtype=np.bool_)
    for mark in variants:
        if mark[-1].isalnum():  # a word: not the start of a longer word ("Totalenergies")
            hit |= close == mark
            hit |= np.strings.startswith(close, mark + " ")
            hit |= np.strings.startswith(close, mark + ":")
        else:
            hit |= np.strings.startswith(close, mark)
    found[rows] = hit
    return found


def _classify(cells: _Cells, header: _Header, profile: ExportProfile) -> npt.NDArray[np.int8]:
    """Each record's reason code: -1 an item, else an index into SKIP_REASONS."""
    line = cells.line
    reason = np.full(line.shape, -1, dtype=np.int8)
    number = cells.cell(header.where["number"])
    # blank lines and borders have no customer or no number: look closely at those only
    near = np.flatnonzero((number == "") | (cells.cell(header.where["customer_id"]) == ""))
    close = line[near]
    blank = np.zeros(line.shape, dtype=np.bool_)
    blank[near] = np.strings.strip(close, header.delimiter + " \t\u00a0") == ""
    rule = np.zeros(line.shape, dtype=np.bool_)
    rule[near] = np.strings.strip(close, _BORDER + header.delimiter) == ""
    rule &= ~blank
    repeated = np.zeros(line.shape, dtype=np.bool_)
    for heading in _cased(header.headings[header.where["number"]]):
        repeated |= number == heading
    watched = {0, header.where["number"], header.where["customer_id"]}
    subtotal = np.zeros(line.shape, dtype=np.bool_)
    for position in sorted(watched):
        subtotal |= _marked(cells.cell(position), profile.subtotal_markers)
    if profile.no_number_is_subtotal:
        subtotal |= number == ""
    for code, mask in ((4, subtotal), (3, repeated), (2, rule), (1, blank)):
        reason[mask] = code  # later rules win: blank over rule over header over subtotal
    return reason


# --- items -------------------------------------------------------------------------------


class _Problems:
    """Bad cells gathered from every rule, reported together."""

    def __init__(self, source: str, header: _Header, rows: IntArray) -> None:
        self.source = source
        self.header = header
        self.rows = rows
        self.found: list[tuple[int, int, ValidationError]] = []

    def add(self, field: str | int, where: Bools, values: Texts, expected: str) -> None:
        position = self.header.where[field] if isinstance(field, str) else field
        heading = self.header.headings[position] if position < len(self.header.headings) else ""
        for index in np.flatnonzero(where).tolist():
            row = int(self.rows[index])
            self.found.append(
                (
                    row,
                    position,
                    ValidationError(
                        f"{self.source}:row {row}.{heading}", str(values[index]), expected
                    ),
                )
            )

    def add_each(self, field: str, where: Bools, values: Texts, explain: object) -> None:
        position = self.header.where[field]
        heading = self.header.headings[position]
        for index in np.flatnonzero(where).tolist():
            row = int(self.rows[index])
            value = str(values[index])
            expected = explain(value)  # type: ignore[operator]
            self.found.append(
                (
                    row,
                    position,
                    ValidationError(f"{self.source}:row {row}.{heading}", value, expected),
                )
            )

    def raise_any(self) -> None:
        if not self.found:
            return
        problems = [problem for _, _, problem in sorted(self.found, key=lambda f: (f[0], f[1]))]
        raise ValidationError(
            self.source,
            f"{len(problems)} bad cell(s)",
            "every item row readable under the profile",
            problems=problems,
        )


def _choose_date_format(
    columns: list[Texts], items: IntArray, formats: tuple[str, ...], source: str, heading: str
) -> str:
    """The one layout of ``formats`` that reads every item's date cells.

    A sample of the items rules layouts out; when more than one is left, every
    cell decides (two layouts that read the cells differently are an error).
    When none reads them all, the one reading most is used and the rest are
    reported cell by cell.
    """
    sample = items[:: max(1, items.size // _DATE_SAMPLE)]
    values = np.strings.strip(np.concatenate([column[sample] for column in columns]))
    values = values[values != ""]
    candidates = [
        form for form in formats if bool(parse_days(values, form, stripped=True).ok.all())
    ]
    if len(candidates) == 1:  # the only layout that can read them all; others are reported
        return candidates[0]
    values = np.strings.strip(np.concatenate([column[items] for column in columns]))
    values = values[values != ""]
    readings = {form: parse_days(values, form, stripped=True) for form in candidates or formats}
    complete = [form for form, result in readings.items() if bool(result.ok.all())]
    for other in complete[1:]:
        differs = np.flatnonzero(readings[other].days != readings[complete[0]].days)
        if differs.size:
            raise ValidationError(
                f"{source}:{heading}",
                str(values[differs[0]]),
                f"dates that read one way; they fit {complete[0]} and {other}: "
                "set the profile's date_formats to one",
            )
    if complete:
        return complete[0]
    return max(readings, key=lambda form: int(readings[form].ok.sum()))


def _currencies(
    codes: Texts, is_item: Bools, problems: _Problems, field: str | None
) -> tuple[Texts, IntArray]:
    """Each row's ISO code (upper case, fixed-width) and its minor-unit digits."""
    if codes.size == 0 or bool((codes == codes[0]).all()):  # one currency: no sort needed
        unique = codes[:1]
        inverse: IntArray = np.zeros(codes.shape, dtype=np.int64)
    else:
        unique, inverse = np.unique(codes, return_inverse=True)
        inverse = inverse.reshape(-1)
    names = [str(code).upper() for code in unique.tolist()]
    places = np.zeros(len(names), dtype=np.int64)
    for position, code in enumerate(names):
        try:
            places[position] = currency_digits(code)
        except ValueError:
            if field is not None:
                problems.add(
                    field,
                    is_item & (inverse == position),
                    codes,
                    "an ISO 4217 currency code such as 'EUR'",
                )
    fixed = np.array(names or [""], dtype=np.str_)
    return fixed[inverse], places[inverse]


def _fixed(values: Texts) -> Texts:
    """A StringDType column as fixed-width ``str_`` (what the aging and matching paths take)."""
    if values.size == 0:
        return np.array([], dtype=np.str_)
    width = max(1, int(np.strings.str_len(values).max()))
    return values.astype(f"<U{width}")


def _explain(text: str, decimal: str | None) -> str:
    if text and parse_amounts([text], decimal=decimal or ".").ok.all():
        return "no more decimals than the currency has (its minor unit)"
    return explain_amount(text, decimal)


def _decimal(
    cells: _Cells, items: IntArray, header: _Header, profile: ExportProfile, source: str
) -> str | None:
    if profile.decimal is not None:
        return profile.decimal
    names = [name for name in ("open", "debit", "credit") if name in header.where]
    columns = [cells.loose(header.where[name])[items] for name in names]
    try:
        return sniff_decimal(np.concatenate(columns), stripped=True)
    except ValidationError as error:
        heading = header.headings[header.where[names[0]]]
        raise ValidationError(f"{source}:{heading}", error.value, error.expected) from None


def _units(
    column: Texts, decimal: str | None, digits: IntArray, empty_is_zero: bool
) -> tuple[IntArray, Bools]:
    if empty_is_zero:  # an empty debit or credit cell is nothing on that side
        column = _put(column, column == "", "0")
    return amount_units(parse_amounts(column, decimal=decimal or ".", stripped=True), digits)


def _amount_units(
    cells: _Cells,
    is_item: Bools,
    header: _Header,
    decimal: str | None,
    digits: IntArray,
    problems: _Problems,
) -> IntArray:
    """Signed minor units of every row (bad and non-item rows hold 0; bad items are reported)."""
    where = header.where
    names = ["open"] if "open" in where else ["debit", "credit"]
    units: dict[str, IntArray] = {}
    for name in names:
        column = cells.loose(where[name])
        values, ok = _units(column, decimal, digits, name != "open")
        retry = np.flatnonzero(is_item & ~ok)  # padded cells ("  1.190,00 ") read stripped
        if retry.size:
            column = column.copy()
            column[retry] = np.strings.strip(column[retry])
            values[retry], ok[retry] = _units(column[retry], decimal, digits[retry], name != "open")
        problems.add_each(name, is_item & ~ok, column, lambda text: _explain(text, decimal))
        units[name] = values
    if "open" in units:
        return units["open"]
    return units["debit"] - units["credit"]


def _days(
    cells: _Cells, is_item: Bools, header: _Header, form: str, problems: _Problems
) -> dict[str, Dates]:
    found: dict[str, Dates] = {}
    for name in ("document_date", "due_date", "baseline_date"):
        if name not in header.where:
            continue
        column = cells.loose(header.where[name])
        result = parse_days(column, form, stripped=True)
        days, ok = result.days, result.ok
        retry = np.flatnonzero(is_item & ~ok & (column != ""))
        if retry.size:  # padded cells, and empty ones written as spaces
            column = column.copy()
            column[retry] = np.strings.strip(column[retry])
            again = parse_days(column[retry], form, stripped=True)
            days[retry], ok[retry] = again.days, again.ok
        problems.add(name, is_item & ~ok & (column != ""), column, f"a date as {form}")
        found[name] = days
    return found


def _due_dates(
    cells: _Cells, is_item: Bools, header: _Header, days: dict[str, Dates], problems: _Problems
) -> tuple[Dates, Dates]:
    """Document and due dates: a missing due date is baseline + net days, else the document date."""
    nat = np.full(is_item.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    document = days.get("document_date", nat)
    due = days.get("due_date", nat)
    if "baseline_date" in days and "net_days" in header.where:
        column = cells.cell(header.where["net_days"])
        ok = np.strings.isdigit(column) & (np.strings.str_len(column) <= 4)
        problems.add("net_days", is_item & ~ok & (column != ""), column, "a whole number of days")
        net = _put(column, ~ok, "0").astype(np.int64).astype("timedelta64[D]")
        due = np.where(np.isnat(due) & ok, days["baseline_date"] + net, due)
    due = np.where(np.isnat(due), document, due)
    document = np.where(np.isnat(document), due, document)
    name = "due_date" if "due_date" in header.where else "document_date"
    missing = np.flatnonzero(is_item & np.isnat(due))
    if missing.size:  # empty cells only: a cell that did not read is reported as a bad date
        column = cells.loose(header.where[name])
        empty = np.zeros(is_item.shape, dtype=np.bool_)
        empty[missing] = np.strings.strip(column[missing]) == ""
        problems.add(name, empty, column, "a due date or a document date")
    return document, due


def _kinds(
    cells: _Cells,
    is_item: Bools,
    header: _Header,
    profile: ExportProfile,
    units: IntArray,
    problems: _Problems,
) -> npt.NDArray[np.int64]:
    """Each row's kind, as a position in ItemKind: the profile's meaning of its document
    type, else by sign; a negative invoice is a credit note."""
    names = [kind.value for kind in ItemKind]
    invoice = names.index(ItemKind.INVOICE.value)
    kinds = np.where(units >= 0, invoice, names.index(ItemKind.PAYMENT.value))
    if "document_type" in header.where:
        column = cells.cell(header.where["document_type"])
        known = np.zeros(is_item.shape, dtype=np.bool_)
        for code, kind in profile.document_types.items():  # as written in the profile first
            rows = column == code
            kinds[rows] = names.index(kind.value)
            known |= rows
        other = np.flatnonzero(~known & (column != ""))
        if other.size:  # then other cases ("rv", "customer invoice") for the rest
            rest = column[other]
            for code, kind in profile.document_types.items():
                for variant in _cased(code)[1:]:
                    rows = other[rest == variant]
                    kinds[rows] = names.index(kind.value)
                    known[rows] = True
        if profile.unknown_types == "error":
            problems.add(
                "document_type",
                is_item & ~known,
                column,
                f"one of the profile's document types {sorted(profile.document_types)}",
            )
    kinds[(kinds == invoice) & (units < 0)] = names.index(ItemKind.CREDIT_NOTE.value)
    return kinds


def _default_currency(profile: ExportProfile, currency: str | None) -> str | None:
    chosen = currency if currency is not None else profile.currency
    if chosen is not None:
        try:
            currency_digits(chosen)
        except ValueError:
            raise ValidationError("currency", chosen, "an ISO 4217 code") from None
    return chosen


def read_export(
    data: str | bytes | IO[str] | IO[bytes],
    *,
    profile: ExportProfile | str,
    source: str = "export",
    currency: str | None = None,
) -> ExportRead:
    """Read an ERP open-item export under ``profile`` (an ExportProfile or a shipped id).

    ``source`` names the file in errors and in the result; ``currency`` is the
    currency of rows whose export has no currency column or an empty cell
    (the profile's ``currency`` otherwise).

    >>> read_export(b"Posting Date,Voucher Type,Voucher No,Party,Due Date,Outstanding Amount,Currency\\n"
    ...             b"2026-05-04,Sales Invoice,ACC-SINV-2026-00001,CUST-1,2026-06-03,1180.0,USD\\n"
    ...             b"2026-05-09,Sales Invoice,ACC-SINV-2026-00002,CUST-1,2026-06-08,abc,USD\\n",
    ...             profile="erpnext", source="ar.csv")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: 1 invalid field(s):
      ar.csv:row 3.Outstanding Amount: got 'abc'; expected an amount with '.' as the decimal mark and ',', space or "'" grouping thousands in threes, signed by a leading or trailing '-' or by parentheses (e.g. '1,234.56', '500.00-', '(200.00)')
    """
    chosen = export_profile(profile) if isinstance(profile, str) else profile
    if not isinstance(chosen, ExportProfile):
        raise ValidationError("profile", profile, "an ExportProfile or a shipped profile id")
    default_currency = _default_currency(chosen, currency)
    text, encoding = _decode(data, chosen.encoding, source)
    text = _newlines(text)
    head = _head(text, _HEADER_SEARCH)
    header = _find_header(head, chosen, source)
    where = header.where
    if "currency" not in where and default_currency is None:
        raise ValidationError(
            f"{source}:header",
            ",".join(header.headings),
            f"a currency column ({' or '.join(chosen.columns.currency) or 'none in the profile'}), "
            "or a currency for every row (the profile's currency or currency=)",
        )
    preamble = [SkippedRow(index + 1, "preamble", head[index]) for index in range(header.index)]
    start = sum(len(line) + 1 for line in head[: header.index + 1])
    width = len(header.headings)
    if text.find('"', start) >= 0:  # quoted cells: the csv module, record by record
        body = text[start:].split("\n")
        if body and body[-1] == "":
            body.pop()
        cells = _cells_csv(body, header.index + 2, header.delimiter, width)
        del body
    else:
        cells = _cells_fast(_line_array(text, start), header.index + 2, header.delimiter, width)
    del text  # a million-row file: keep one copy of it at a time
    reason = _classify(cells, header, chosen)
    is_item = reason < 0
    items = np.flatnonzero(is_item)
    problems = _Problems(source, header, cells.row)
    problems.add(0, is_item & cells.extra, cells.line, f"at most {width} cells, as in the header")
    skipped = [
        SkippedRow(int(cells.row[index]), SKIP_REASONS[int(reason[index])], str(cells.line[index]))
        for index in np.flatnonzero(~is_item).tolist()
    ]
    cells.line = cells.line[:0]  # the lines as written are not needed any more
    customers = cells.cell(where["customer_id"])
    problems.add("customer_id", is_item & (customers == ""), customers, "a customer id")
    for name in ("number", "customer_id"):
        ids = cells.cell(where[name])
        problems.add(name, is_item & _scientific(ids), ids, _MANGLED_ID)
    if "currency" in where:
        codes = cells.cell(where["currency"])
        if default_currency is not None:
            codes = _put(codes, codes == "", default_currency)
        codes, digits = _currencies(codes, is_item, problems, "currency")
    else:
        codes, digits = _currencies(
            np.full(is_item.shape, default_currency or "", dtype=_STRING), is_item, problems, None
        )
    decimal = _decimal(cells, items, header, chosen, source)
    units = _amount_units(cells, is_item, header, decimal, digits, problems)
    names = [name for name in ("document_date", "due_date", "baseline_date") if name in where]
    heading = header.headings[where[names[0]]]
    form = _choose_date_format(
        [cells.loose(where[name]) for name in names], items, chosen.date_formats, source, heading
    )
    days = _days(cells, is_item, header, form, problems)
    document, due = _due_dates(cells, is_item, header, days, problems)
    kinds = _kinds(cells, is_item, header, chosen, units, problems)
    problems.raise_any()
    references = (
        _fixed(cells.cell(where["reference"]))[items]
        if "reference" in where
        else np.full(items.shape, "", dtype=np.str_)
    )
    return ExportRead(
        source=source,
        profile_id=chosen.id,
        profile_version=chosen.version,
        encoding=encoding,
        delimiter=header.delimiter,
        decimal=decimal,
        date_format=form,
        header_row=header.index + 1,
        rows=header.index + 1 + int(cells.row.size),
        columns=ExportColumns(
            row=cells.row[items],
            number=_fixed(cells.cell(where["number"]))[items],
            customer_id=_fixed(customers)[items],
            document_date=document[items].astype("datetime64[D]"),
            due_date=due[items].astype("datetime64[D]"),
            open_units=units[items].astype(np.int64),
            currency=codes[items],
            kind=np.array([kind.value for kind in ItemKind])[kinds[items]],
            reference=references,
        ),
        skipped=(*preamble, *skipped),
    )
