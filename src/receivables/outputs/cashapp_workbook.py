"""Which payments did cash application apply, which need a person, and what did the person say?

:func:`cashapp_workbook` writes a cash application run (a
``CashApplicationResult`` of ``receivables.cashapp.match``, or its
``MatchDecision`` s) as an ``.xlsx`` file with four
sheets, one row per payment, each row with its reasons in words:

- **Applied**: applied payments and those held on account, with the invoices
  paid, the amount applied and left unapplied, and any difference and how it
  was treated;
- **Proposed**: the best candidate (invoices and total) and the ranked
  alternatives, for a person to confirm;
- **Unidentified**: the possible customers, most likely first;
- **Duplicates**: the earlier payment each one repeats.

Amounts are number cells in each payment's currency format, dates are date
cells, confidence is a percentage. Each sheet ends with two columns for the
analyst: **Confirm** (``OK``, or the right invoice numbers separated by
commas, semicolons or spaces) and **Right customer** (when it is another).

:func:`read_confirmations` reads the same workbook back, after the analyst
saved it in Excel or LibreOffice, into :class:`Confirmation` records, one per
row whose Confirm cell is filled:

============  =====================  ======================================  ===========================
sheet         Confirm                invoice_numbers                         outcome
============  =====================  ======================================  ===========================
Applied       OK                     the invoices applied                    ``applied`` (``on_account``
                                                                             when none were)
Proposed      OK                     the proposed invoices                   ``applied``
Unidentified  OK                     none                                    ``on_account``: the right
                                                                             customer, else the most
                                                                             likely one
Duplicates    OK                     none                                    ``duplicate``
any           invoice numbers        those numbers                           ``applied``
============  =====================  ======================================  ===========================

``customer_id`` is the right customer when typed, else the row's customer
(``None`` when an unidentified payment is given invoices but no customer:
the invoices name it). Columns are found by their headings in either
language, so an analyst may reorder or add columns; sheets are found by name.
Reading uses openpyxl (the ``excel`` extra), writing xlsxwriter.

>>> import datetime as dt
>>> from receivables.cashapp import match
>>> result = match({"id": ["P1"], "amount": [99940], "currency": ["USD"],
...                 "received_date": ["2026-03-02"], "customer_id": ["C1"],
...                 "remittance": ["INV-9009"]},
...                {"number": ["INV-9009"], "customer_id": ["C1"], "open": [100000],
...                 "currency": ["USD"], "due_date": ["2026-03-01"]}, as_of=dt.date(2026, 3, 2))
>>> data = cashapp_workbook(result)
>>> read_confirmations(data)  # nobody has confirmed anything yet
()
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from receivables.cashapp import CashApplicationResult, MatchDecision, MatchOutcome
from receivables.errors import ValidationError
from receivables.formatting import format_money, format_percent
from receivables.frames import OptionalDependencyError
from receivables.money import to_minor
from receivables.outputs.cells import (
    date_format,
    minor_cell,
    new_workbook,
    number_format,
    workbook_bytes,
)
from receivables.outputs.labels import LANGUAGES, words

__all__ = ["COLUMNS", "SHEETS", "Confirmation", "cashapp_workbook", "read_confirmations"]

SHEETS: Final = ("applied_sheet", "proposed_sheet", "unidentified_sheet", "duplicates_sheet")
"""The sheets, by the key of their name in :mod:`~receivables.outputs.labels`."""

COLUMNS: Final = {
    "applied_sheet": (
        "payment", "date", "customer", "name", "currency", "amount", "applied", "unapplied",
        "invoices", "difference", "difference_action", "result", "confidence", "reasons",
        "confirm", "confirm_customer",
    ),
    "proposed_sheet": (
        "payment", "date", "customer", "name", "currency", "amount", "invoices", "applied",
        "confidence", "alternatives", "reasons", "confirm", "confirm_customer",
    ),
    "unidentified_sheet": (
        "payment", "date", "currency", "amount", "likely_customer", "suggestions", "reasons",
        "confirm", "confirm_customer",
    ),
    "duplicates_sheet": (
        "payment", "date", "customer", "currency", "amount", "duplicate_of", "reasons",
        "confirm", "confirm_customer",
    ),
}  # fmt: skip
"""The columns of each sheet, by the key of their heading."""

_SHEET_OF: Final = {
    MatchOutcome.APPLIED: "applied_sheet",
    MatchOutcome.ON_ACCOUNT: "applied_sheet",
    MatchOutcome.PROPOSED: "proposed_sheet",
    MatchOutcome.UNIDENTIFIED: "unidentified_sheet",
    MatchOutcome.DUPLICATE: "duplicates_sheet",
}
_SPLIT: Final = re.compile(r"[,;\s]+")


def _check_outcome(
    instance: object, attribute: attrs.Attribute[MatchOutcome], value: MatchOutcome
) -> None:
    if value not in (MatchOutcome.APPLIED, MatchOutcome.ON_ACCOUNT, MatchOutcome.DUPLICATE):
        raise ValidationError("confirmation.outcome", value, "applied, on_account or duplicate")


def _invoice_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValidationError("confirmation.invoice_numbers", value, "a sequence of str")
    numbers = tuple(value)
    if not all(isinstance(n, str) and n for n in numbers):
        raise ValidationError("confirmation.invoice_numbers", value, "non-empty str numbers")
    return numbers


@attrs.frozen(kw_only=True)
class Confirmation:
    """What an analyst confirmed for one payment: its customer, and the invoices it pays.

    ``outcome`` is ``applied`` (the payment pays ``invoice_numbers``),
    ``on_account`` (the customer's, nothing to apply) or ``duplicate`` (a
    repeat of an earlier payment, not to be applied).

    >>> Confirmation(payment_id="P1", outcome="applied", invoice_numbers=["INV-1"],
    ...              customer_id="C1").invoice_numbers
    ('INV-1',)
    >>> Confirmation(payment_id="P1", outcome="proposed", invoice_numbers=(), customer_id=None)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: confirmation.outcome: got <MatchOutcome.PROPOSED: 'proposed'>; expected applied, on_account or duplicate
    """

    payment_id: str
    outcome: MatchOutcome = attrs.field(converter=MatchOutcome, validator=_check_outcome)
    invoice_numbers: tuple[str, ...] = attrs.field(converter=_invoice_tuple)
    customer_id: str | None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.payment_id, str) or not self.payment_id:
            raise ValidationError("confirmation.payment_id", self.payment_id, "a non-empty str")
        if self.customer_id is not None and not isinstance(self.customer_id, str):
            raise ValidationError("confirmation.customer_id", self.customer_id, "a str or None")
        if self.outcome is MatchOutcome.APPLIED and not self.invoice_numbers:
            raise ValidationError(
                "confirmation.invoice_numbers", (), "at least one invoice for an applied payment"
            )


def _decisions(result: object) -> tuple[MatchDecision, ...]:
    if isinstance(result, CashApplicationResult):
        return result.decisions
    if isinstance(result, Sequence) and not isinstance(result, str):
        for index, decision in enumerate(result):
            if not isinstance(decision, MatchDecision):
                raise ValidationError(f"decisions[{index}]", decision, "a MatchDecision")
        return tuple(result)
    raise ValidationError("result", result, "a CashApplicationResult or MatchDecisions")


class _Writer:
    """The formats of one workbook, made once each."""

    def __init__(self, workbook: Any, locale: str) -> None:
        self.workbook = workbook
        self.locale = locale
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True}
        )
        self.confirm_header = workbook.add_format(
            {"bold": True, "bg_color": "#FFE699", "border": 1, "text_wrap": True}
        )
        self.confirm = workbook.add_format({"bg_color": "#FFF2CC", "border": 1})
        self.date = workbook.add_format({"num_format": date_format(locale)})
        self.percent = workbook.add_format({"num_format": "0%"})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self._money: dict[str, Any] = {}

    def money(self, currency: str) -> Any:
        if currency not in self._money:
            self._money[currency] = self.workbook.add_format(
                {"num_format": number_format(currency)}
            )
        return self._money[currency]


def _texts(
    decision: MatchDecision, names: Mapping[str, str], table: Mapping[str, str], locale: str
) -> dict[str, str | None]:
    """The text cells of one row, by column key."""

    def share(score: float) -> str:
        return format_percent(str(round(score, 4)), locale, decimals=0)

    return {
        "payment": decision.payment_id,
        "customer": decision.customer_id,
        "name": names.get(decision.customer_id or ""),
        "currency": decision.amount.code,
        "invoices": ", ".join(line.item for line in decision.lines),
        "difference_action": table[f"difference_{decision.difference_action.value}"],
        "result": table[f"outcome_{decision.outcome.value}"],
        "reasons": " ".join(reason.message for reason in decision.reasons),
        "alternatives": "; ".join(
            f"{' + '.join(c.items)}: {format_money(c.total, locale)} ({share(c.score)})"
            for c in decision.alternatives
        ),
        "likely_customer": decision.suggestions[0].customer_id if decision.suggestions else None,
        "suggestions": "; ".join(
            f"{s.customer_id} {names.get(s.customer_id, '')}".strip() + f" ({share(s.score)})"
            for s in decision.suggestions
        ),
        "duplicate_of": decision.duplicate_of,
    }


def _row(
    out: _Writer,
    sheet: Any,
    row: int,
    columns: Sequence[str],
    decision: MatchDecision,
    names: Mapping[str, str],
    table: Mapping[str, str],
) -> None:
    """One payment's row: amounts and dates as typed cells, the rest as text."""
    amounts = {
        "amount": decision.amount,
        "applied": decision.applied,
        "unapplied": decision.unapplied,
        "difference": decision.difference,
    }
    texts = _texts(decision, names, table, out.locale)
    for column, key in enumerate(columns):
        if key in amounts:
            amount = amounts[key]
            if amount is not None:
                field = f"{decision.payment_id}.{key}"
                value = minor_cell(to_minor(amount), amount.code, field=field)
                sheet.write_number(row, column, value, out.money(amount.code))
        elif key == "date":
            if decision.date is not None:
                sheet.write_datetime(row, column, decision.date, out.date)
        elif key == "confidence":
            sheet.write_number(row, column, decision.confidence, out.percent)
        elif key in ("confirm", "confirm_customer"):
            sheet.write_blank(row, column, None, out.confirm)
        elif texts.get(key):
            sheet.write_string(row, column, str(texts[key]))


def cashapp_workbook(
    result: CashApplicationResult | Sequence[MatchDecision],
    *,
    locale: str = "en_US",
    names: Mapping[str, str] | None = None,
) -> bytes:
    """Cash application as an ``.xlsx`` file to review and confirm (see the module).

    ``names`` maps customer ids to the names shown beside them. Every sheet is
    written, empty ones with their headings only, so the layout never changes.

    >>> cashapp_workbook([])[:2]
    b'PK'
    >>> cashapp_workbook("P1")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: result: got 'P1'; expected a CashApplicationResult or MatchDecisions
    """
    decisions = _decisions(result)
    if names is not None and not isinstance(names, Mapping):
        raise ValidationError("names", names, "a mapping of customer id to name, or None")
    table = words(locale)
    workbook = new_workbook()
    out = _Writer(workbook, locale)
    rows: dict[str, list[MatchDecision]] = {key: [] for key in SHEETS}
    for decision in decisions:
        rows[_SHEET_OF[decision.outcome]].append(decision)
    for key in SHEETS:
        sheet = workbook.add_worksheet(table[key])
        columns = COLUMNS[key]
        for column, name in enumerate(columns):
            fmt = out.confirm_header if name.startswith("confirm") else out.header
            sheet.write_string(0, column, table[name], fmt)
        for row, decision in enumerate(rows[key], start=1):
            _row(out, sheet, row, columns, decision, names or {}, table)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, max(len(rows[key]), 1), len(columns) - 1)
        sheet.set_row(0, 45)
        for column, name in enumerate(columns):
            wide = {"reasons": 60, "alternatives": 40, "suggestions": 40, "confirm": 24}
            sheet.set_column(
                column, column, wide.get(name, 14), out.wrap if name == "reasons" else None
            )
    return workbook_bytes(workbook)


# --- reading the confirmations back ---------------------------------------------------------


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise OptionalDependencyError("openpyxl", "excel") from None
    return openpyxl


def _text(value: object) -> str:
    """A cell as the analyst typed it: numbers typed into a text column come back as numbers."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _headings() -> dict[str, str]:
    """Every heading in every language, to its column key."""
    found: dict[str, str] = {}
    for language in LANGUAGES:
        table = words(language)
        for columns in COLUMNS.values():
            for key in columns:
                found[table[key].casefold()] = key
    return found


def _sheet_keys() -> dict[str, str]:
    return {words(language)[key].casefold(): key for language in LANGUAGES for key in SHEETS}


def read_confirmations(data: bytes) -> tuple[Confirmation, ...]:
    """The analyst's confirmations in a workbook :func:`cashapp_workbook` wrote (see the module).

    Rows whose Confirm cell is empty are skipped. A payment confirmed twice,
    an unidentified payment confirmed ``OK`` with no customer to take, or a
    workbook without the sheets and headings raise
    :class:`~receivables.errors.ValidationError` naming the sheet and row.
    Confirmations come sheet by sheet, rows in order.

    >>> read_confirmations(b"not a workbook")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: workbook: got 'not an .xlsx file'; expected the bytes of a workbook written by cashapp_workbook
    """
    openpyxl = _openpyxl()
    if not isinstance(data, bytes | bytearray):
        raise ValidationError("workbook", type(data).__name__, "the bytes of an .xlsx file")
    try:
        book = openpyxl.load_workbook(io.BytesIO(bytes(data)), read_only=True, data_only=True)
    except Exception:  # zipfile, XML and openpyxl errors alike: not a workbook we can read
        raise ValidationError(
            "workbook", "not an .xlsx file", "the bytes of a workbook written by cashapp_workbook"
        ) from None
    try:
        return _read(book)
    finally:
        book.close()


def _read(book: Any) -> tuple[Confirmation, ...]:
    sheets = _sheet_keys()
    headings = _headings()
    found = {sheets[name.casefold()]: name for name in book.sheetnames if name.casefold() in sheets}
    if not found:
        raise ValidationError(
            "workbook", list(book.sheetnames), "the sheets of a cash application workbook"
        )
    confirmations: list[Confirmation] = []
    seen: dict[str, str] = {}
    for key in SHEETS:
        if key not in found:
            continue
        name = found[key]
        rows = book[name].iter_rows(values_only=True)
        header = next(rows, ())
        columns = {headings.get(_text(h).casefold()): i for i, h in enumerate(header)}
        for needed in ("payment", "confirm"):
            if needed not in columns:
                raise ValidationError(f"{name}!1", list(header), f"a {needed!r} column heading")
        for number, values in enumerate(rows, start=2):
            row = {
                column: _text(values[index])
                for column, index in columns.items()
                if column is not None and index < len(values)
            }
            answer = row.get("confirm", "")
            if not answer:
                continue
            where = f"{name}!{number}"
            payment = row.get("payment", "")
            if not payment:
                raise ValidationError(f"{where}.payment", None, "the payment id of a confirmed row")
            if payment in seen:
                raise ValidationError(
                    f"{where}.payment", payment, f"a payment confirmed once (also {seen[payment]})"
                )
            seen[payment] = where
            confirmations.append(_confirmation(key, where, payment, answer, row))
    return tuple(confirmations)


def _confirmation(
    key: str, where: str, payment: str, answer: str, row: Mapping[str, str]
) -> Confirmation:
    def get(column: str) -> str:
        return row.get(column, "")

    customer = get("confirm_customer") or get("customer") or None
    if answer.casefold() != "ok":
        invoices = tuple(n for n in _SPLIT.split(answer) if n)
        return Confirmation(
            payment_id=payment, outcome="applied", invoice_numbers=invoices, customer_id=customer
        )
    if key == "duplicates_sheet":
        return Confirmation(
            payment_id=payment, outcome="duplicate", invoice_numbers=(), customer_id=customer
        )
    if key == "unidentified_sheet":
        customer = get("confirm_customer") or get("likely_customer") or None
        if customer is None:
            raise ValidationError(
                f"{where}.confirm", answer, "a right customer beside OK: none was suggested"
            )
        return Confirmation(
            payment_id=payment, outcome="on_account", invoice_numbers=(), customer_id=customer
        )
    invoices = tuple(n.strip() for n in get("invoices").split(",") if n.strip())
    return Confirmation(
        payment_id=payment,
        outcome="applied" if invoices else "on_account",
        invoice_numbers=invoices,
        customer_id=customer,
    )
