"""The command line: ``python -m receivables demo|match|age|kpis|statement|read|reconcile|deliveries``.

``demo`` runs an AR team's day on a seeded sample portfolio (a progress bar on
standard error when it is a terminal; standard output stays the summary, so
``--format json`` is always valid JSON). The other subcommands read CSV (or
JSON) files, run one engine, and write CSV or JSON to standard output or
``--output``. ``read`` turns a bank file (camt.053/054, MT940/942, BAI2,
NACHA returns, lockbox, Asobancaria, EDI 820) into payment rows that
``match`` reads; what it returned or left out goes to standard error.

Input files: CSV with a header row, comma-separated, UTF-8 (with or without
the byte-order mark Excel writes for "CSV UTF-8"), ``.`` as the decimal point
and ISO dates; or a ``.json`` file holding a list of objects with the same
keys. Each command's ``--help`` lists the columns it needs. With ``--profile``
(``sap-fbl5n``, ``odoo``, ``erpnext``, ``generic`` or a JSON profile), ``age``,
``kpis`` and ``match`` read their items file as an ERP open-item export
instead (:mod:`receivables.readers.exports`), and say on standard error how
many rows were read and skipped, and why.

A bad file (missing, empty, without the needed columns, separated by
semicolons as Excel writes CSV in Spanish locales, not UTF-8, or with a bad
value) gets a message naming the file, the row and the column and what is
expected, and exit status 2, never a traceback; so does an ``--output`` that
cannot be written. Every bad row is reported in one run (up to 20, then a
count), as cattrs reports every bad field. Nothing is guessed: a required
column or cell that is empty, an amount that is not a plain decimal (Excel's
``1.23457E+11``, ``1_000.00``, digits of another script), a number or id
twice, a header column twice, or a JSON list where a value belongs is an
error. Nothing is written to ``--output`` unless the whole run succeeds.

Every report counts the same items: nothing dated after ``--as-of``. Text
cells of the CSV written (names, references, document numbers) that a
spreadsheet would run as a formula get a leading ``'`` (OWASP, CSV
injection); amounts stay numbers.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from receivables import aging, cashapp, deliveries, metrics, reconciliation, statements
from receivables.buckets import DEFAULT_BUCKETS
from receivables.demo import render, run_day
from receivables.documents import (
    Application,
    CreditNote,
    Customer,
    Dispute,
    Invoice,
    Payment,
    parse_date,
)
from receivables.errors import (
    OverApplicationError,
    ReceivablesError,
    UnknownDocumentError,
    ValidationError,
)
from receivables.interop import structure, unstructure
from receivables.ledger import ItemKind, Ledger, OpenItem
from receivables.money import Money, money, plain_decimal, total
from receivables.readers import formats
from receivables.readers.exports import ExportRead, read_export
from receivables.readers.profiles import export_profile, profile_from_json
from receivables.readers.results import ReadResult

__all__ = ["main"]


class InputFileError(ReceivablesError):
    """A row of an input file that cannot be used, with where it is (row 0: the file itself).

    >>> print(InputFileError("invoices.csv", 3, "amount", "got '12,5'; expected a decimal amount"))
    invoices.csv, row 3, column 'amount': got '12,5'; expected a decimal amount
    >>> print(InputFileError("invoices.csv", 0, None, "no such file"))
    invoices.csv: no such file
    """

    def __init__(self, path: str, row: int, column: str | None, problem: str) -> None:
        self.path = path
        self.row = row
        self.column = column
        where = path + (f", row {row}" if row else "") + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {problem}")


class InputProblemsError(ReceivablesError):
    """Every bad row of an input file at once (up to :data:`MAX_REPORTED`), as cattrs reports fields.

    >>> print(InputProblemsError([InputFileError("items.csv", 2, "amount", "got 'x'"),
    ...                        InputFileError("items.csv", 5, "due_date", "empty")], 2))
    2 problem(s) in the input:
      items.csv, row 2, column 'amount': got 'x'
      items.csv, row 5, column 'due_date': empty
    """

    def __init__(self, problems: Sequence[InputFileError], found: int) -> None:
        self.problems = tuple(problems)
        self.found = found
        lines = [f"  {problem}" for problem in self.problems]
        if found > len(self.problems):
            lines.append(f"  ... and {found - len(self.problems)} more")
        super().__init__(f"{found} problem(s) in the input:\n" + "\n".join(lines))


MAX_REPORTED = 20
"""How many bad rows one run reports before it stops listing them."""


def _raise_all(problems: Sequence[InputFileError], found: int) -> None:
    if found == 1:
        raise problems[0]
    if problems:
        raise InputProblemsError(problems[:MAX_REPORTED], found)


Columns = tuple[str | tuple[str, ...], ...]
"""The columns a file must have; a tuple inside is a choice (``("open", "amount")``)."""


def _listed(columns: Columns) -> str:
    return ", ".join(c if isinstance(c, str) else " or ".join(c) for c in columns)


def _missing(columns: Columns, present: set[str]) -> list[str]:
    return [
        c if isinstance(c, str) else " or ".join(c)
        for c in columns
        if not (c in present if isinstance(c, str) else present.intersection(c))
    ]


def _text(path: str) -> str:
    """The file's text (UTF-8, with or without a byte-order mark), or a clear error."""
    file = Path(path)
    if not file.exists():
        raise InputFileError(path, 0, None, "no such file")
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InputFileError(path, 0, None, f"cannot be read ({error.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputFileError(
            path,
            line,
            None,
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); expected UTF-8, "
            "e.g. saved from Excel as 'CSV UTF-8 (comma delimited)'",
        ) from None


def _rows(path: str, columns: Columns = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file (header first) or a JSON list of objects, numbered from 1.

    A file without the ``columns`` (or without anything at all) is an error
    naming what is expected.
    """
    text = _text(path)
    expected = f"expected columns {_listed(columns)}" if columns else "expected a header row"
    if not text.strip():
        raise InputFileError(path, 0, None, f"the file is empty; {expected}")
    if Path(path).suffix.lower() == ".json":
        try:
            data = json.loads(text, parse_float=Decimal)  # amounts exactly as written
        except json.JSONDecodeError as error:
            raise InputFileError(
                path, error.lineno, None, f"not valid JSON ({error.msg})"
            ) from None
        if not isinstance(data, list):
            raise InputFileError(path, 0, None, "expected a JSON list of objects")
        for number, row in enumerate(data, start=1):
            if not isinstance(row, dict):
                raise InputFileError(path, number, None, "expected an object")
            missing = _missing(columns, set(row))
            if missing:
                raise InputFileError(
                    path, number, missing[0], f"missing; every object needs {_listed(columns)}"
                )
            for key, value in row.items():
                if isinstance(value, list | dict | bool):
                    raise InputFileError(
                        path,
                        number,
                        str(key),
                        f"got {value!r}; expected a string or a number, not a JSON "
                        + ("list or object" if not isinstance(value, bool) else "true/false"),
                    )
            yield number, {str(k): "" if v is None else str(v) for k, v in row.items()}
        return
    try:
        yield from _csv_rows(path, text, columns)
    except csv.Error as error:
        raise InputFileError(path, 0, None, f"not a readable CSV file ({error})") from None


def _csv_rows(path: str, text: str, columns: Columns) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or ()]
    reader.fieldnames = header
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        raise InputFileError(
            path,
            1,
            twice[0],
            "appears more than once in the header; each column once "
            "(a repeated column would silently keep only the last value)",
        )
    missing = _missing(columns, set(header))
    if missing:
        first = text.splitlines()[0] if text else ""
        for separator, name in ((";", "semicolons"), ("\t", "tabs")):
            if separator in first and first.count(separator) >= first.count(","):
                raise InputFileError(
                    path,
                    1,
                    None,
                    f"the header is separated by {name} (as Excel saves CSV in some locales); "
                    f"expected comma-separated columns {_listed(columns)} "
                    "with '.' as the decimal point",
                )
        raise InputFileError(
            path,
            1,
            missing[0],
            f"missing from the header {','.join(header)!r}; expected columns {_listed(columns)}",
        )
    for number, row in enumerate(reader, start=2):  # row 1 is the header
        if None in row:
            raise InputFileError(path, number, None, "more values than header columns")
        yield number, {k: (v or "").strip() for k, v in row.items()}


def _column_of(error: ValidationError) -> str:
    """The column a field error names: ``invoice.due_date`` -> ``due_date``."""
    field = error.field.split(".")[-1]
    return field.split("[")[0]


_AMOUNT_COLUMNS = ("amount", "open", "discount")


def _row_problems(
    path: str, number: int, row: Mapping[str, str], columns: Columns
) -> list[InputFileError]:
    """Empty required cells and amounts that are not plain decimals, each named."""
    found = []
    for column in columns:
        name = column if isinstance(column, str) else next((c for c in column if c in row), None)
        if name is not None and not row.get(name, "").strip():
            found.append(
                InputFileError(
                    path,
                    number,
                    name,
                    "got ''; expected a value (the column is required on every row)",
                )
            )
    for name in _AMOUNT_COLUMNS:
        text = row.get(name, "")
        if text.strip():
            try:
                plain_decimal(text, name)
            except ValidationError as error:
                found.append(
                    InputFileError(
                        path, number, name, f"got {error.value!r}; expected {error.expected}"
                    )
                )
    return found


def _for_files(expected: str) -> str:
    """What a file must hold: the library's ``rounding=`` is no option of the command line."""
    return expected.replace(", or pass rounding=", "")


def _read_numbered(
    path: str, build: Any, columns: Columns = (), unique: str | None = None
) -> list[tuple[int, Any]]:
    """The values built from each row with their row numbers; every bad row is reported."""
    values = []
    problems: list[InputFileError] = []
    found = 0
    seen: dict[str, int] = {}

    def problem(error: InputFileError) -> None:
        nonlocal found
        found += 1
        if len(problems) < MAX_REPORTED:
            problems.append(error)

    rows = _rows(path, columns)
    while True:
        try:
            number, row = next(rows)
        except StopIteration:
            break
        except InputFileError as unreadable:  # the file itself, or a row the reader cannot pass
            problem(unreadable)
            break
        cells = _row_problems(path, number, row, columns)
        for cell in cells:
            problem(cell)
        if unique is not None and row.get(unique):
            key = row[unique]
            if key in seen:
                problem(
                    InputFileError(
                        path,
                        number,
                        unique,
                        f"{key!r} is also on row {seen[key]}; each {unique} once "
                        "(duplicates would be summed or applied twice)",
                    )
                )
                continue
            seen[key] = number
        if cells:
            continue
        try:
            values.append((number, build(row)))
        except ValidationError as error:
            problem(
                InputFileError(
                    path,
                    number,
                    _column_of(error),
                    f"got {error.value!r}; expected {_for_files(error.expected)}",
                )
            )
        except ReceivablesError as error:
            problem(InputFileError(path, number, None, str(error)))
    _raise_all(problems, found)
    return values


def _read(path: str, build: Any, columns: Columns = (), unique: str | None = None) -> list[Any]:
    return [value for _, value in _read_numbered(path, build, columns, unique)]


def _open_item(row: Mapping[str, str]) -> OpenItem:
    currency = row.get("currency", "")
    column = "open" if "open" in row else "amount"
    amount = money(row.get(column, ""), currency, field=column)
    document_date = parse_date(row.get("document_date") or row.get("issue_date"), "document_date")
    return OpenItem(
        number=row.get("number", ""),
        customer_id=row.get("customer_id", ""),
        kind=ItemKind.INVOICE if amount.amount >= 0 else ItemKind.PAYMENT,
        document_date=document_date,
        due_date=parse_date(row.get("due_date"), "due_date"),
        original=amount,
        open=amount,
    )


_CENT = Decimal("0.01")

PAYMENT_COLUMNS: Columns = ("id", "amount", "currency", "received_date")
INVOICE_COLUMNS: Columns = ("number", "customer_id", "issue_date", "due_date", "amount", "currency")
CREDIT_NOTE_COLUMNS: Columns = ("number", "customer_id", "issue_date", "amount", "currency")
ITEM_COLUMNS: Columns = (
    "number",
    "customer_id",
    ("document_date", "issue_date"),
    "due_date",
    ("open", "amount"),
    "currency",
)
APPLICATION_COLUMNS: Columns = ("id", "source_id", "target_number", "amount", "currency", "date")
CUSTOMER_COLUMNS: Columns = ("id", "name")


def _application(row: Mapping[str, str]) -> Application:
    currency = row.get("currency", "")
    discount = row.get("discount") or ""
    return Application(
        id=row.get("id", ""),
        source_id=row.get("source_id", ""),
        target_number=row.get("target_number", ""),
        amount=money(row.get("amount", ""), currency, field="amount"),
        discount=money(discount, currency, field="discount") if discount else None,
        date=parse_date(row.get("date"), "date"),
        source_kind=row.get("source_kind") or "payment",
    )


def _identified_payment(row: Mapping[str, str]) -> Payment:
    if not (row.get("customer_id") or "").strip():
        raise ValidationError(
            "customer_id",
            row.get("customer_id", ""),
            "the paying customer's id (a statement shows identified payments only)",
        )
    return Payment.from_row(row)


def _customer(row: Mapping[str, str]) -> Customer:
    return Customer(
        id=row.get("id", ""),
        name=row.get("name", ""),
        country=row.get("country") or "US",
        currency=row.get("currency") or "USD",
        locale=row.get("locale") or "en_US",
        bank_accounts=[a.strip() for a in (row.get("bank_accounts") or "").split(";") if a.strip()],
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, with a leading ``'`` (OWASP CSV injection).

    Only text: amounts are Decimals, and a negative amount stays a number.

    >>> _inert('=HYPERLINK("http://x")'), _inert("-5"), _inert(Decimal("-5.00"))
    ('\'=HYPERLINK("http://x")', "'-5", Decimal('-5.00'))
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write(rows: Sequence[Mapping[str, Any]], output: TextIO, form: str) -> None:
    if form == "json":
        json.dump([{k: _plain(v) for k, v in r.items()} for r in rows], output, indent=2)
        output.write("\n")
        return
    if not rows:
        return
    writer = csv.DictWriter(output, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _plain(_inert(v)) for k, v in row.items()})


def _progress(enabled: bool) -> Any:
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # the progress extra is optional
        return None
    # disable=None: tqdm shows the bar only when standard error is a terminal
    return tqdm(unit="payments", file=sys.stderr, leave=False, disable=None)


def _demo(args: argparse.Namespace, output: TextIO) -> None:
    bar = _progress(not args.quiet)
    try:
        summary = run_day(
            seed=args.seed,
            customers=args.customers,
            as_of=args.as_of,
            currency=args.currency,
            progress=bar,
        )
    finally:
        if bar is not None:
            bar.close()
    if args.format == "json":
        json.dump(unstructure(summary), output, indent=2, ensure_ascii=False)
        output.write("\n")
    else:
        output.write(render(summary) + "\n")


def _export(path: str, profile: str, currency: str | None = None) -> ExportRead:
    """An ERP export read under ``--profile`` (a shipped id or a JSON file); its summary on stderr."""
    chosen = (
        profile_from_json(_text(profile))
        if profile.lower().endswith(".json")
        else export_profile(profile)
    )
    file = Path(path)
    if not file.exists():
        raise InputFileError(path, 0, None, "no such file")
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InputFileError(path, 0, None, f"cannot be read ({error.strerror})") from None
    read = read_export(data, profile=chosen, source=path, currency=currency)
    print(read.summary(), file=sys.stderr)
    return read


def _items(args: argparse.Namespace) -> list[OpenItem]:
    if args.profile:
        return list(_export(args.items, args.profile, args.currency).open_items())
    return _read(args.items, _open_item, ITEM_COLUMNS, unique="number")


def _match(args: argparse.Namespace, output: TextIO) -> None:
    payments: list[Any]
    if args.payments_format:  # a bank file read as it is (see `read`)
        payments = list(_bank_file(args.payments, args.payments_format, None).payments)
    else:
        numbered = _read_numbered(args.payments, Payment.from_row, PAYMENT_COLUMNS, unique="id")
        late = [
            InputFileError(
                args.payments,
                number,
                "received_date",
                f"got {payment.received_date.isoformat()}; expected a date on or before "
                f"--as-of {args.as_of.isoformat()} (payment {payment.id})",
            )
            for number, payment in numbered
            if payment.received_date > args.as_of
        ]
        _raise_all(late[:MAX_REPORTED], len(late))
        payments = [payment for _, payment in numbered]
    items: list[Any] = (
        list(_export(args.items, args.profile, args.currency).open_items())
        if args.profile
        else _read(args.items, Invoice.from_row, INVOICE_COLUMNS, unique="number")
    )
    customers = _read(args.customers, _customer, CUSTOMER_COLUMNS) if args.customers else []
    result = cashapp.match(payments, items, customers=customers, as_of=args.as_of)
    if args.format == "json":
        json.dump(unstructure(result.decisions), output, indent=2, ensure_ascii=False)
        output.write("\n")
    else:
        _write(result.rows(), output, "csv")


def _age(args: argparse.Namespace, output: TextIO) -> None:
    if args.profile:  # the bulk path: columns straight from the export
        columns = _export(args.items, args.profile, args.currency).columns.mapping()
        report = aging.age_columns(columns, as_of=args.as_of, basis=args.basis)
    else:
        items = _read(args.items, _open_item, ITEM_COLUMNS, unique="number")
        report = aging.age(items, as_of=args.as_of, basis=args.basis)
    rows = []
    for line in (*report.lines(), *report.totals()):
        row: dict[str, Any] = {
            "customer_id": line.customer_id or "TOTAL",
            "currency": line.currency,
        }
        row.update({label: amount.amount for label, amount in line.by_bucket().items()})
        row["unapplied"] = line.unapplied.amount
        row["outstanding"] = line.outstanding.amount
        rows.append(row)
    _write(rows, output, args.format)


def _sales(given: Sequence[str], currencies: Sequence[str]) -> dict[str, Money]:
    """Credit sales per currency from ``--sales AMOUNT`` or ``--sales CUR=AMOUNT`` (repeated)."""
    tagged: dict[str, str] = {}
    for text in given:
        code, sep, amount = text.partition("=")
        if not sep:
            if len(given) > 1 or len(currencies) > 1:
                raise ValidationError(
                    "--sales",
                    text,
                    "one --sales CUR=AMOUNT per currency of the items "
                    f"({', '.join(currencies)}), e.g. --sales {currencies[0] if currencies else 'USD'}=270000",
                )
            code, amount = (currencies[0] if currencies else ""), text
        tagged[code.strip().upper()] = amount.strip()
    missing = [c for c in currencies if c not in tagged]
    if missing:
        raise ValidationError(
            "--sales",
            list(given),
            f"credit sales for {', '.join(missing)} too (--sales CUR=AMOUNT)",
        )
    result = {}
    for code, amount in tagged.items():
        plain_decimal(amount, "--sales")
        sales = money(amount, code, rounding="ROUND_HALF_UP", field="--sales")
        if sales.amount != Decimal(amount):
            raise ValidationError(
                "--sales", amount, f"an amount in whole minor units of {code} (e.g. cents)"
            )
        if sales.amount <= 0:
            raise ValidationError(
                "--sales", amount, "a positive amount of credit sales (DSO is undefined without)"
            )
        result[code] = sales
    return result


def _kpis(args: argparse.Namespace, output: TextIO) -> None:
    # The population rule of every report (as `age`): nothing dated after --as-of.
    items = [i for i in _items(args) if not i.is_credit and i.document_date <= args.as_of]
    currencies = sorted({i.currency for i in items})
    sold = _sales(args.sales, currencies)
    rows = []
    for currency in sorted(set(currencies) | set(sold)):
        mine = [i for i in items if i.currency == currency]
        sales = sold[currency]
        owed = total((i.open for i in mine), currency)
        current = total((i.open for i in mine if i.days_overdue(args.as_of) <= 0), currency)
        dso = metrics.dso(owed, sales, args.days)
        best = metrics.best_possible_dso(current, sales, args.days)
        buckets = _bucketed(mine, args.as_of, currency)
        rows.append(
            {
                "currency": currency,
                "receivables": owed.amount,
                "dso": dso.quantize(_CENT),
                "best_possible_dso": best.quantize(_CENT),
                "average_days_delinquent": metrics.average_days_delinquent(dso, best).quantize(
                    _CENT
                ),
                "percent_current": metrics.percent_current(buckets, DEFAULT_BUCKETS).quantize(
                    _CENT
                ),
                "percent_over_90": metrics.percent_over(buckets, DEFAULT_BUCKETS, 90).quantize(
                    _CENT
                ),
                "items": len(mine),
            }
        )
    _write(rows, output, args.format)


def _statement(args: argparse.Namespace, output: TextIO) -> None:
    documents: list[Any] = []
    if args.customers:
        documents += _read(args.customers, _customer, CUSTOMER_COLUMNS)
    documents += _read(args.invoices, Invoice.from_row, INVOICE_COLUMNS)
    if args.credit_notes:
        documents += _read(args.credit_notes, CreditNote.from_row, CREDIT_NOTE_COLUMNS)
    if args.payments:
        documents += _read(args.payments, _identified_payment, (*PAYMENT_COLUMNS, "customer_id"))
    applications = (
        _read_numbered(args.applications, _application, APPLICATION_COLUMNS, unique="id")
        if args.applications
        else []
    )
    try:
        ledger = Ledger.of([*documents, *(application for _, application in applications)])
    except (UnknownDocumentError, OverApplicationError) as error:
        for number, application in applications:
            if f"application {application.id})" in str(error):
                raise InputFileError(args.applications, number, None, str(error)) from None
        raise
    account = statements.statement(
        ledger, args.customer, start=args.start, end=args.end, locale=args.locale
    )
    if args.format == "html":
        output.write(statements.to_html(account) + "\n")
    elif args.format == "csv":  # the plain form, its text cells made inert for spreadsheets
        rows = list(csv.reader(io.StringIO(statements.to_csv(account, localized=False))))
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(rows[0])
        # columns 2 and 3 are the document and its reference; the amounts stay numbers
        writer.writerows(
            [_inert(cell) if column in (2, 3) else cell for column, cell in enumerate(row)]
            for row in rows[1:]
        )
    elif args.format == "json":
        json.dump(unstructure(account), output, indent=2, ensure_ascii=False)
        output.write("\n")
    else:
        output.write(statements.to_text(account) + "\n")


def _json_file(path: str | None, kind: type[Any]) -> Any:
    """A policy or mapping from a JSON file, or None without one."""
    if path is None:
        return None
    try:
        return structure(json.loads(_text(path), parse_float=Decimal), kind)
    except json.JSONDecodeError as error:
        raise InputFileError(path, error.lineno, None, f"not valid JSON ({error.msg})") from None


def _reconcile(args: argparse.Namespace, output: TextIO) -> None:
    mapping = _json_file(args.mapping, reconciliation.ColumnMapping)
    book = reconciliation.ColumnMapping(book="receivables")
    ours = [x for x in _read(args.ours, lambda row: book.line_for(row, args.customer)) if x]
    theirs = _read(args.theirs, (mapping or reconciliation.ColumnMapping()).line)
    disputes = (
        _read(args.disputes, lambda row: structure({k: v for k, v in row.items() if v}, Dispute))
        if args.disputes
        else []
    )
    currency = args.currency or next((x.amount.code for x in (*ours, *theirs)), "XXX")
    stated = (
        money(args.their_balance, currency, field="--their-balance") if args.their_balance else None
    )
    result = reconciliation.reconcile(
        ours,
        theirs,
        customer_id=args.customer,
        as_of=args.as_of,
        currency=args.currency,
        their_balance=stated,
        disputes=disputes,
        policy=_json_file(args.policy, reconciliation.ReconciliationPolicy),
    )
    _report(
        result,
        result.tie_out_rows() if args.report == "tie-out" else result.rows(),
        args.format,
        output,
    )


def _deliveries(args: argparse.Namespace, output: TextIO) -> None:
    notes = _read(args.notes, deliveries.DeliveryNote.from_row, deliveries.NOTE_COLUMNS)
    lines = _read(args.invoices, deliveries.InvoiceLine.from_row, deliveries.LINE_COLUMNS)
    policy = _json_file(args.policy, deliveries.DeliveryPolicy)
    result = deliveries.reconcile_deliveries(
        notes, lines, as_of=args.as_of, currency=args.currency, policy=policy
    )
    _report(
        result,
        result.ageing_rows() if args.report == "ageing" else result.rows(),
        args.format,
        output,
    )


def _report(result: Any, rows: list[dict[str, Any]], form: str, output: TextIO) -> None:
    if form == "json":
        json.dump(unstructure(result), output, indent=2, ensure_ascii=False)
        output.write("\n")
    else:
        _write(rows, output, "csv")


def _bank_file(path: str, kind: str, layout_path: str | None) -> ReadResult:
    shipped = layout_path in formats.SHIPPED_LAYOUTS
    layout = layout_path if shipped or not layout_path else _text(layout_path)
    try:
        with open(path, "rb") as handle:
            result = formats.read(kind, handle, source=path, layout=layout)
    except OSError as error:
        raise InputFileError(path, 0, None, f"cannot be read ({error.strerror})") from None
    print(formats.summary(result), file=sys.stderr)
    return result


def _read_bank(args: argparse.Namespace, output: TextIO) -> None:
    result = _bank_file(args.file, args.kind, args.layout)
    _write(formats.payment_rows(result.payments), output, args.format)


def _bucketed(items: Sequence[OpenItem], as_of: dt.date, currency: str) -> list[Any]:
    report = aging.age(list(items), as_of=as_of)
    return list(report.total(currency).buckets)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m receivables", description="Accounts receivable, exact and explainable."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="run an AR team's day on a seeded sample portfolio")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--customers", type=int, default=40)
    demo.add_argument("--as-of", type=_date, default=dt.date(2026, 6, 30))
    demo.add_argument(
        "--currency", default="USD", choices=("COP", "MXN", "USD"), help="the book to report"
    )
    demo.add_argument("--format", choices=("text", "json"), default="text")
    demo.add_argument("--quiet", action="store_true", help="no progress bar")
    demo.set_defaults(run=_demo)

    match = commands.add_parser("match", help="apply payments to open invoices")
    match.add_argument(
        "payments",
        help="CSV/JSON: id, amount, currency, received_date, ... (as `read` writes them), "
        "or a bank file with --payments-format",
    )
    match.add_argument("items", help="CSV/JSON: number, customer_id, issue_date, due_date, ...")
    match.add_argument(
        "--customers",
        help="CSV/JSON: id, name[, bank_accounts separated by ';'] to identify payers",
    )
    match.add_argument(
        "--payments-format",
        choices=[kind for kind in formats.FORMATS if kind != "fixed-width"],
        help="PAYMENTS is a bank file of this format (camt053, mt940, ...), not CSV/JSON",
    )
    match.add_argument("--as-of", type=_date, required=True)
    match.add_argument("--format", choices=("csv", "json"), default="csv")
    match.set_defaults(run=_match)

    age = commands.add_parser("age", help="age open items into buckets per customer")
    age.add_argument(
        "items",
        help="CSV/JSON: number, customer_id, issue_date (or document_date), due_date, "
        "open (or amount), currency",
    )
    age.add_argument("--as-of", type=_date, required=True)
    age.add_argument("--basis", choices=aging.BASES, default="due")
    age.add_argument("--format", choices=("csv", "json"), default="csv")
    age.set_defaults(run=_age)

    kpis = commands.add_parser("kpis", help="DSO, best possible DSO, ADD and %% current")
    kpis.add_argument("items", help="CSV/JSON of open items, as for `age`")
    kpis.add_argument("--as-of", type=_date, required=True)
    kpis.add_argument(
        "--sales",
        required=True,
        action="append",
        help="credit sales over the period: AMOUNT for items in one currency, "
        "else CUR=AMOUNT once per currency (e.g. --sales USD=270000 --sales EUR=9000)",
    )
    kpis.add_argument("--days", type=int, default=90, help="days in the period")
    kpis.add_argument("--format", choices=("csv", "json"), default="csv")
    kpis.set_defaults(run=_kpis)

    statement = commands.add_parser("statement", help="a customer's statement of account")
    statement.add_argument("--customer", required=True, help="the customer's id")
    statement.add_argument("--start", type=_date, required=True)
    statement.add_argument("--end", type=_date, required=True)
    statement.add_argument("--invoices", required=True, help="CSV/JSON of invoices")
    statement.add_argument("--payments", help="CSV/JSON of payments (with customer_id)")
    statement.add_argument("--credit-notes", help="CSV/JSON of credit notes")
    statement.add_argument(
        "--applications", help="CSV/JSON: id, source_id, target_number, amount, currency, date"
    )
    statement.add_argument(
        "--customers", help="CSV/JSON: id, name[, country, currency, locale, bank_accounts]"
    )
    statement.add_argument("--locale", help="e.g. es_CO; defaults to the customer's")
    statement.add_argument("--format", choices=("text", "html", "csv", "json"), default="text")
    statement.set_defaults(run=_statement)

    reconcile = commands.add_parser(
        "reconcile", help="reconcile a customer's payables ledger with our account, to the cent"
    )
    reconcile.add_argument(
        "ours",
        help="CSV/JSON of our lines: document, date, amount (or "
        "debit, credit), currency[, kind, description, customer_id to pick --customer's]",
    )
    reconcile.add_argument(
        "theirs",
        help="CSV/JSON of their payables ledger: document, date, "
        "debit, credit (or a signed amount), currency[, kind, description]",
    )
    reconcile.add_argument("--customer", required=True, help="the customer's id")
    reconcile.add_argument("--as-of", type=_date, required=True, help="the cut-off date")
    reconcile.add_argument("--currency", help="defaults to the first line's")
    reconcile.add_argument(
        "--their-balance", help="the balance they state, if not their lines' sum"
    )
    reconcile.add_argument(
        "--disputes", help="CSV/JSON: id, customer_id, invoice_number, opened_on"
    )
    reconcile.add_argument("--mapping", help="JSON ColumnMapping for their file's columns")
    reconcile.add_argument("--policy", help="JSON ReconciliationPolicy")
    reconcile.add_argument("--report", choices=("lines", "tie-out"), default="lines")
    reconcile.add_argument("--format", choices=("csv", "json"), default="csv")
    reconcile.set_defaults(run=_reconcile)

    delivered = commands.add_parser("deliveries", help="delivery notes against invoice lines")
    delivered.add_argument(
        "notes",
        help="CSV/JSON: number, customer_id, date, quantity, amount, "
        "currency[, signed, item, invoice]",
    )
    delivered.add_argument(
        "invoices",
        help="CSV/JSON: invoice, customer_id, date, quantity, amount, currency[, delivery_note]",
    )
    delivered.add_argument("--as-of", type=_date, required=True)
    delivered.add_argument("--currency", help="defaults to the first note's or line's")
    delivered.add_argument("--policy", help="JSON DeliveryPolicy")
    delivered.add_argument("--report", choices=("findings", "ageing"), default="findings")
    delivered.add_argument("--format", choices=("csv", "json"), default="csv")
    delivered.set_defaults(run=_deliveries)

    read = commands.add_parser("read", help="read a bank file into payments (CSV/JSON)")
    read.add_argument("kind", choices=list(formats.FORMATS), help="the file's format")
    read.add_argument("file", help="the bank file")
    read.add_argument("--layout", help="a fixed-width layout's JSON file (or a shipped id)")
    read.add_argument("--format", choices=("csv", "json"), default="csv")
    read.set_defaults(run=_read_bank)

    for sub in (demo, match, age, kpis, statement, read, reconcile, delivered):
        sub.add_argument("--output", "-o", help="write here instead of standard output")
    for sub in (match, age, kpis):
        sub.add_argument(
            "--profile",
            help="read the items file as an ERP export: sap-fbl5n, odoo, erpnext, generic, "
            "or a JSON file of an ExportProfile (see docs/howto/erp-exports.md)",
        )
        sub.add_argument(
            "--currency", help="with --profile: the currency of rows the export gives none"
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input or unwritable output).

    >>> import contextlib, io
    >>> errors = io.StringIO()
    >>> with contextlib.redirect_stderr(errors):
    ...     status = main(["age", "no-such-file.csv", "--as-of", "2026-06-30"])
    >>> status
    2
    >>> print(errors.getvalue().strip())
    error: no-such-file.csv: no such file
    """
    args = _parser().parse_args(argv)
    buffer = io.StringIO()  # nothing is written unless the whole run succeeds
    try:
        args.run(args, buffer)
    except ReceivablesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not args.output:
        sys.stdout.write(buffer.getvalue())
        return 0
    try:
        with open(args.output, "w", encoding="utf-8", newline="") as output:
            output.write(buffer.getvalue())
    except OSError as error:
        print(f"error: --output {args.output}: cannot write ({error.strerror})", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
