"""What is still open for a customer, document by document?

An :class:`OpenItem` is one document with something open on a date: an
invoice or debit note the customer owes (positive), or unapplied cash, an
unapplied credit note or an adjustment on account the customer holds
(negative). Engines read open items; the :class:`~receivables.ledger.book.Ledger`
produces them.

>>> [member.value for member in ItemKind]
['invoice', 'debit_note', 'credit_note', 'payment', 'adjustment']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence

import attrs

from receivables.documents import (
    parse_member,
)
from receivables.errors import (
    CurrencyMismatchError,
    ValidationError,
)
from receivables.money import Money
from receivables.validators import check_date, check_identifier

__all__ = ["ItemKind", "OpenItem", "Strategy"]

_DATE = "a datetime.date (not a datetime or a string)"


class ItemKind(enum.StrEnum):
    """What an open item is; invoices and debit notes are owed, the rest are credits.

    >>> [member.value for member in ItemKind]
    ['invoice', 'debit_note', 'credit_note', 'payment', 'adjustment']
    """

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

    >>> from receivables.money import money
    >>> cash = OpenItem(number="P1", customer_id="C1", kind=ItemKind.PAYMENT,
    ...     document_date=dt.date(2026, 2, 10), due_date=dt.date(2026, 2, 10),
    ...     original=money("-150.00", "USD"), open=money("-50.00", "USD"))
    >>> cash.currency, cash.is_credit
    ('USD', True)
    """

    number: str
    customer_id: str
    kind: ItemKind
    document_date: dt.date
    due_date: dt.date
    original: Money
    open: Money
    reference: str | None = None

    def __attrs_post_init__(self) -> None:
        check_identifier("open_item.number", self.number, expected="a non-empty document number")
        if not isinstance(self.customer_id, str):
            raise ValidationError("open_item.customer_id", self.customer_id, "a customer id (str)")
        kind: object = self.kind  # a plain 'invoice' from a row becomes ItemKind.INVOICE
        if not isinstance(kind, ItemKind):
            object.__setattr__(self, "kind", parse_member(ItemKind, kind, "open_item.kind"))
        for name in ("document_date", "due_date"):
            check_date(f"open_item.{name}", getattr(self, name), expected=_DATE)
        for name in ("original", "open"):
            if not isinstance(getattr(self, name), Money):
                raise ValidationError(f"open_item.{name}", getattr(self, name), "a Money amount")
        if self.open.code != self.original.code:
            raise CurrencyMismatchError("open an item in", self.original.code, self.open.code)
        if self.reference is not None and not isinstance(self.reference, str):
            raise ValidationError("open_item.reference", self.reference, "a str or None")

    @property
    def currency(self) -> str:
        """The item's ISO 4217 currency code.

        >>> from receivables.money import money
        >>> OpenItem(number="INV-1", customer_id="C1", kind=ItemKind.INVOICE,
        ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
        ...     original=money("100.00", "EUR"), open=money("40.00", "EUR")).currency
        'EUR'
        """
        return self.open.code

    @property
    def is_credit(self) -> bool:
        """Whether the customer holds this item (unapplied cash or credit).

        >>> from receivables.money import money
        >>> cash = OpenItem(number="P1", customer_id="C1", kind=ItemKind.PAYMENT,
        ...     document_date=dt.date(2026, 2, 1), due_date=dt.date(2026, 2, 1),
        ...     original=money("-50.00", "USD"), open=money("-50.00", "USD"))
        >>> cash.is_credit
        True
        """
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
        check_date("as_of", as_of, expected=_DATE)
        return (as_of - self.due_date).days


Strategy = Callable[[Money, Sequence[OpenItem]], Sequence[tuple[str, Money]]]
"""An allocation strategy: given an amount and open items, (item number, amount) pairs.

Strategies are pure functions; :mod:`receivables.allocation` has the usual ones.
"""
