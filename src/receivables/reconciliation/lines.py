"""Which lines does each side's ledger hold, and how do we read the customer's export?

An :class:`AccountLine` is one line of either ledger, signed as it moves what
the customer owes us. A :class:`ColumnMapping` reads a line from a row of an
export (a customer's payables ledger, our own receivables): which column holds
the document, the date, a signed amount or debit and credit, the currency,
and whose book it is, so the signs read right. The mapping is data, built
from JSON with :func:`receivables.interop.structure`; the readers of ERP
exports themselves live in :mod:`receivables.readers`.

>>> from receivables.money import money
>>> ColumnMapping().line({"document": "5230", "date": "2026-06-02", "credit": "10.00",
...                       "currency": "USD"}).amount
Money('10.00', 'USD')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

import attrs

from receivables.documents import parse_member
from receivables.errors import ValidationError
from receivables.money import Money, money, to_minor
from receivables.numbering import reference_key

__all__ = ["AccountLine", "Book", "ColumnMapping", "LineKind", "sort_key"]


class LineKind(enum.StrEnum):
    """What a line of either ledger is.

    >>> [member.value for member in LineKind]
    ['invoice', 'debit_note', 'credit_note', 'payment', 'adjustment']
    """

    INVOICE = "invoice"
    DEBIT_NOTE = "debit_note"
    CREDIT_NOTE = "credit_note"
    PAYMENT = "payment"
    ADJUSTMENT = "adjustment"


class Book(enum.StrEnum):
    """Whose book a file comes from, which says how its debits and credits read.

    In a *payables* ledger (the customer's) a credit raises what they owe us;
    in a *receivables* ledger (ours) a debit does. A signed amount column is
    read as ledgers export it, debits positive and credits negative.

    >>> [member.value for member in Book]
    ['payables', 'receivables']
    """

    PAYABLES = "payables"
    RECEIVABLES = "receivables"


def _line_kind(value: object) -> LineKind:
    return parse_member(LineKind, value, "account_line.kind")


def _default_kind(line: AccountLine) -> LineKind:
    amount: object = line.amount
    positive = isinstance(amount, Money) and amount.amount > 0
    return LineKind.INVOICE if positive else LineKind.PAYMENT


@attrs.frozen(kw_only=True)
class AccountLine:
    """One line of either ledger, signed as it moves what the customer owes us.

    ``amount`` is positive for what raises the debt (an invoice) and negative
    for what lowers it (a payment, a credit note). Without a ``kind``, a
    positive line is an invoice and a negative one a payment.

    >>> from receivables.money import money
    >>> AccountLine(document="TR-1", date=dt.date(2026, 6, 1), amount=money("-5.00", "USD")).kind
    <LineKind.PAYMENT: 'payment'>
    >>> AccountLine(document="", date=dt.date(2026, 6, 1), amount=money("5.00", "USD"))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: account_line.document: got ''; expected a non-empty document number
    """

    document: str = attrs.field()
    date: dt.date = attrs.field()
    amount: Money = attrs.field()
    kind: LineKind = attrs.field(
        default=attrs.Factory(_default_kind, takes_self=True), converter=_line_kind
    )
    description: str = attrs.field(default="")

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.document, str) or not self.document.strip():
            raise ValidationError(
                "account_line.document", self.document, "a non-empty document number"
            )
        if isinstance(self.date, dt.datetime) or not isinstance(self.date, dt.date):
            raise ValidationError("account_line.date", self.date, "a datetime.date")
        if not isinstance(self.amount, Money):
            raise ValidationError("account_line.amount", self.amount, "a receivables.money.Money")
        money(self.amount.amount, self.amount.code, field="account_line.amount")
        if self.amount.amount == 0:
            raise ValidationError(
                "account_line.amount", self.amount, "a non-zero amount (leave zero lines out)"
            )
        if not isinstance(self.description, str):
            raise ValidationError("account_line.description", self.description, "a string")

    @property
    def key(self) -> str:
        """The document number's :func:`~receivables.numbering.reference_key`.

        >>> from receivables.money import money
        >>> AccountLine(document="Fact. 0005230", date=dt.date(2026, 6, 1),
        ...             amount=money("5.00", "USD")).key
        '5230'
        """
        return reference_key(self.document)

    @classmethod
    def from_row(cls, row: Mapping[str, Any], mapping: ColumnMapping | None = None) -> AccountLine:
        """A line from a plain row of an export, read through ``mapping``.

        >>> line = AccountLine.from_row({"document": "FV-5230", "date": "2026-06-02",
        ...     "debit": "", "credit": "1000.00", "currency": "USD"})
        >>> line.amount, line.kind
        (Money('1000.00', 'USD'), <LineKind.INVOICE: 'invoice'>)
        >>> AccountLine.from_row({"document": "TR-1", "date": "2026-06-02", "currency": "USD"})
        Traceback (most recent call last):
        ...
        receivables.errors.ValidationError: account_line.amount: got None; expected a signed 'amount' or 'debit'/'credit' columns
        """
        return (mapping or ColumnMapping()).line(row)


def _column(owner: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"{owner}.{attribute.name}", value, "a column name")

    return check


def _book(value: object) -> Book:
    return parse_member(Book, value, "column_mapping.book")


@attrs.frozen(kw_only=True)
class ColumnMapping:
    """Which columns of an export hold a line, and whose book it is.

    Defaults read a file with columns ``document, date, debit, credit`` (or
    a signed ``amount``), ``currency``, ``description`` and an optional
    ``kind`` (invoice, debit_note, credit_note, payment, adjustment) and
    ``customer_id`` (to pick one customer's rows from an export of many), dates
    as ``date_format`` (ISO by default), ``.`` as the decimal point.
    Build it from JSON with :func:`receivables.interop.structure`.

    >>> from receivables.interop import structure
    >>> mapping = structure({"document": "Belegnummer", "amount": "Betrag", "book": "payables"},
    ...                     ColumnMapping)
    >>> mapping.line({"Belegnummer": "5230", "Betrag": "-1000.00", "date": "2026-06-02",
    ...               "currency": "EUR"}).amount
    Money('1000.00', 'EUR')
    """

    document: str = attrs.field(default="document", validator=_column("column_mapping"))
    date: str = attrs.field(default="date", validator=_column("column_mapping"))
    amount: str = attrs.field(default="amount", validator=_column("column_mapping"))
    debit: str = attrs.field(default="debit", validator=_column("column_mapping"))
    credit: str = attrs.field(default="credit", validator=_column("column_mapping"))
    currency: str = attrs.field(default="currency", validator=_column("column_mapping"))
    description: str = attrs.field(default="description", validator=_column("column_mapping"))
    kind: str = attrs.field(default="kind", validator=_column("column_mapping"))
    book: Book = attrs.field(default=Book.PAYABLES, converter=_book)
    date_format: str = attrs.field(default="%Y-%m-%d", validator=_column("column_mapping"))
    customer: str = attrs.field(default="customer_id", validator=_column("column_mapping"))

    def _date(self, value: object) -> dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                # only the calendar date is kept, so no time zone is involved
                parsed = dt.datetime.strptime(value.strip(), self.date_format)  # noqa: DTZ007
                return parsed.date()
            except ValueError:
                pass
        raise ValidationError("account_line.date", value, f"a date written {self.date_format}")

    def line_for(self, row: Mapping[str, Any], customer_id: str) -> AccountLine | None:
        """The row's line if it is ``customer_id``'s, else None.

        A row without a customer column (or with it empty) is taken as the
        customer's: their own ledger names no customer, our export of many does.

        >>> row = {"customer_id": "C2", "document": "FV-9", "date": "2026-06-02",
        ...        "amount": "5.00", "currency": "USD"}
        >>> ColumnMapping().line_for(row, "C1") is None, ColumnMapping().line_for(row, "C2").document
        (True, 'FV-9')
        """
        if not isinstance(row, Mapping):
            raise ValidationError("account_line", row, "a mapping of column names to values")
        if not isinstance(customer_id, str) or not customer_id.strip():
            raise ValidationError("customer_id", customer_id, "a non-empty customer id")
        owner = row.get(self.customer)
        if owner not in (None, "") and str(owner).strip() != customer_id:
            return None
        return self.line(row)

    def line(self, row: Mapping[str, Any]) -> AccountLine:
        """The :class:`AccountLine` a row holds, signed as it moves what the customer owes us.

        >>> ours = ColumnMapping(book="receivables")
        >>> ours.line({"document": "FV-1", "date": "2026-06-02", "amount": "250.00",
        ...            "currency": "USD"}).amount
        Money('250.00', 'USD')
        """
        if not isinstance(row, Mapping):
            raise ValidationError("account_line", row, "a mapping of column names to values")
        currency = row.get(self.currency)
        if not isinstance(currency, str) or not currency.strip():
            raise ValidationError("account_line.currency", currency, "an ISO 4217 code")
        signed = row.get(self.amount)
        if signed not in (None, ""):
            owed = money(signed, currency, field="account_line.amount")
        else:
            debit, credit = row.get(self.debit), row.get(self.credit)
            if debit in (None, "") and credit in (None, ""):
                raise ValidationError(
                    "account_line.amount", None, "a signed 'amount' or 'debit'/'credit' columns"
                )
            owed = money(debit or "0", currency, field="account_line.debit") - money(
                credit or "0", currency, field="account_line.credit"
            )
        if self.book is Book.PAYABLES:
            owed = -owed
        kind = row.get(self.kind)
        line = AccountLine(
            document=str(row.get(self.document) or "").strip(),
            date=self._date(row.get(self.date)),
            amount=owed,
            description=str(row.get(self.description) or ""),
        )
        if kind in (None, ""):
            return line
        return attrs.evolve(line, kind=str(kind).strip().lower())


def sort_key(line: AccountLine) -> tuple[Any, ...]:
    """The order lines are matched and listed in, so any input order gives one result.

    >>> from receivables.money import money
    >>> sort_key(AccountLine(document="FV-1", date=dt.date(2026, 6, 1), amount=money("5", "USD")))
    (datetime.date(2026, 6, 1), '1', 'FV-1', 500, 'invoice', '')
    """
    return (
        line.date,
        line.key,
        line.document,
        to_minor(line.amount),
        line.kind.value,
        line.description,
    )
