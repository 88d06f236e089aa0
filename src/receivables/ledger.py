"""What does each customer owe, item by item, as of any date?

A :class:`Ledger` holds the documents of accounts receivable and answers, for
any ``as_of`` date, the open items and the balances of each customer. Anything
dated after ``as_of`` is ignored, so the same ledger replays every past day.

The balance identity, per customer and currency, that every ledger keeps::

    invoiced − applied − discounts ± targeted adjustments = open on invoices
    received − taken by applications                      = unapplied cash
    balance = open on invoices ± adjustments on account − unapplied cash − unapplied credit

where an application *clears* its amount plus its discount from the invoice
and *takes* its source amount from the payment or credit note.

A ledger is a value: :meth:`Ledger.add`, :meth:`Ledger.apply`,
:meth:`Ledger.undo` and :meth:`Ledger.return_payment` return a new ledger or
raise, leaving the old one as it was.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from receivables.money import Money

__all__ = ["ItemKind", "OpenItem"]


class ItemKind(enum.StrEnum):
    """What an open item is; invoices and debit notes are owed, the rest are credits."""

    INVOICE = "invoice"
    DEBIT_NOTE = "debit_note"
    CREDIT_NOTE = "credit_note"
    PAYMENT = "payment"
    ADJUSTMENT = "adjustment"


@attrs.frozen(kw_only=True)
class OpenItem:
    """One document with something still open on ``as_of``.

    ``original`` and ``open`` are signed: positive for what the customer owes
    (invoices, debit notes, debit adjustments on account), negative for what
    the customer holds (unapplied cash, unapplied credit notes, credit
    adjustments on account). For credits ``due_date`` is the document date.
    """

    number: str
    customer_id: str
    kind: ItemKind
    document_date: dt.date
    due_date: dt.date
    original: Money
    open: Money
    reference: str | None = None

    @property
    def currency(self) -> str:
        """The item's ISO 4217 currency code."""
        return self.open.code

    @property
    def is_credit(self) -> bool:
        """Whether the customer holds this item (unapplied cash or credit)."""
        return self.open.amount < 0

    def days_overdue(self, as_of: dt.date) -> int:
        """Days past the due date on ``as_of``; zero or negative while not yet due.

        >>> from receivables.money import money
        >>> item = OpenItem(number="INV-1", customer_id="C1", kind=ItemKind.INVOICE,
        ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
        ...     original=money("100.00", "USD"), open=money("40.00", "USD"))
        >>> item.days_overdue(dt.date(2026, 3, 2))
        30
        """
        return (as_of - self.due_date).days
