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
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import attrs

from receivables.documents import (
    Adjustment,
    Application,
    CreditNote,
    Customer,
    Document,
    Invoice,
    InvoiceKind,
    Payment,
    Reversal,
    ReversalKind,
    SourceKind,
    parse_member,
)
from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    OverApplicationError,
    UnknownDocumentError,
    ValidationError,
)
from receivables.money import Money, from_minor, to_minor
from receivables.validators import check_date, check_identifier

__all__ = ["Balance", "ItemKind", "Ledger", "OpenItem", "Strategy"]

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


@attrs.frozen(kw_only=True)
class Balance:
    """One customer's position in one currency on ``as_of``, with the identity that ties it.

    ``open_invoices == invoiced - applied - discounts + adjustments_on_invoices``
    and ``unapplied_cash == received - taken_from_payments`` always hold;
    ``balance`` is what the customer owes net of the cash and credit it holds.

    >>> from receivables.money import money
    >>> invoice = Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
    ...                   due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD"))
    >>> payment = Payment(id="P1", customer_id="C1", amount=money("150.00", "USD"),
    ...                   received_date=dt.date(2026, 2, 10))
    >>> ledger = Ledger.of([invoice, payment]).apply(Application(
    ...     id="A1", source_id="P1", target_number="INV-1", amount=money("100.00", "USD"),
    ...     date=dt.date(2026, 2, 10)))
    >>> b = ledger.balance("C1", currency="USD", as_of=dt.date(2026, 2, 28))
    >>> b.open_invoices, b.unapplied_cash, b.balance
    (Money('0.00', 'USD'), Money('50.00', 'USD'), Money('-50.00', 'USD'))
    """

    customer_id: str
    currency: str
    as_of: dt.date
    invoiced: Money
    credited: Money
    received: Money
    applied: Money
    discounts: Money
    taken_from_payments: Money
    taken_from_credit_notes: Money
    adjustments_on_invoices: Money
    adjustments_on_account: Money
    open_invoices: Money
    unapplied_cash: Money
    unapplied_credit: Money

    @property
    def balance(self) -> Money:
        """Open on invoices, plus adjustments on account, less unapplied cash and credit.

        >>> from receivables.money import money
        >>> invoice = Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
        ...                   due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD"))
        >>> payment = Payment(id="P1", customer_id="C1", amount=money("30.00", "USD"),
        ...                   received_date=dt.date(2026, 2, 10))
        >>> Ledger.of([invoice, payment]).balance("C1", currency="USD", as_of=dt.date(2026, 2, 28)).balance
        Money('70.00', 'USD')
        """
        return (
            self.open_invoices
            + self.adjustments_on_account
            - self.unapplied_cash
            - self.unapplied_credit
        )


_BALANCE_KEYS = (
    "invoiced",
    "credited",
    "received",
    "applied",
    "discounts",
    "from_payments",
    "from_credit_notes",
    "on_invoices",
    "on_account",
    "open",
    "cash",
    "credit",
)


@attrs.frozen
class _Event:
    date: dt.date
    order: int  # on one day: undos, adjustments, applications, then returned payments
    sequence: int
    after: int  # an undo dated the day of its application comes right after it
    document: Reversal | Adjustment | Application


@attrs.frozen
class _State:
    """Open and available amounts in minor units after replaying events up to a date."""

    open_units: dict[str, int]  # invoice number -> units still open
    available_units: dict[tuple[SourceKind, str], int]  # source -> units not yet taken
    active: frozenset[str]  # application ids in force
    returned: frozenset[str]  # payment ids returned by the bank
    on_account: tuple[Adjustment, ...]  # adjustments without a target, in force


_T = TypeVar("_T")


def _as_tuple(value: Iterable[_T], name: str) -> tuple[_T, ...]:
    """``value`` as a tuple, or ValidationError naming ``ledger.<name>`` if it is not iterable."""
    if isinstance(value, str | bytes) or value is None:
        raise ValidationError(f"ledger.{name}", value, "a list of documents")
    try:
        return tuple(value)
    except TypeError:
        raise ValidationError(f"ledger.{name}", value, "a list of documents") from None


# One converter per document type, not one generic ``tuple`` converter: the attrs
# mypy plugin types ``Ledger.__init__`` from the converter, and a generic one
# would leave callers with ``Iterable[_T]`` (every typed call site then fails).
def _customers(value: Iterable[Customer]) -> tuple[Customer, ...]:
    return _as_tuple(value, "customers")


def _invoices(value: Iterable[Invoice]) -> tuple[Invoice, ...]:
    return _as_tuple(value, "invoices")


def _credit_notes(value: Iterable[CreditNote]) -> tuple[CreditNote, ...]:
    return _as_tuple(value, "credit_notes")


def _payments(value: Iterable[Payment]) -> tuple[Payment, ...]:
    return _as_tuple(value, "payments")


def _applications(value: Iterable[Application]) -> tuple[Application, ...]:
    return _as_tuple(value, "applications")


def _adjustments(value: Iterable[Adjustment]) -> tuple[Adjustment, ...]:
    return _as_tuple(value, "adjustments")


def _reversals(value: Iterable[Reversal]) -> tuple[Reversal, ...]:
    return _as_tuple(value, "reversals")


def _unique(kind: str, identifiers: Iterable[str]) -> None:
    seen: set[str] = set()
    for identifier in identifiers:
        if identifier in seen:
            raise DuplicateDocumentError(kind, identifier)
        seen.add(identifier)


@attrs.frozen(kw_only=True)
class Ledger:
    """The documents of accounts receivable, answering open items and balances as of any date.

    Construction validates everything at once: unique identifiers, known
    customers and documents, matching currencies, dates in order, and that no
    application ever takes more than is open or available on any day.

    >>> from receivables.money import money
    >>> invoice = Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
    ...                   due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD"))
    >>> payment = Payment(id="P1", customer_id="C1", amount=money("60.00", "USD"),
    ...                   received_date=dt.date(2026, 2, 10))
    >>> ledger = Ledger.of([invoice, payment])
    >>> ledger = ledger.apply(Application(id="A1", source_id="P1", target_number="INV-1",
    ...                                   amount=money("60.00", "USD"), date=dt.date(2026, 2, 10)))
    >>> [(item.number, item.open) for item in ledger.open_items(as_of=dt.date(2026, 2, 28))]
    [('INV-1', Money('40.00', 'USD'))]
    >>> [(item.number, item.open) for item in ledger.open_items(as_of=dt.date(2026, 2, 1))]
    [('INV-1', Money('100.00', 'USD'))]
    """

    customers: tuple[Customer, ...] = attrs.field(default=(), converter=_customers)
    invoices: tuple[Invoice, ...] = attrs.field(default=(), converter=_invoices)
    credit_notes: tuple[CreditNote, ...] = attrs.field(default=(), converter=_credit_notes)
    payments: tuple[Payment, ...] = attrs.field(default=(), converter=_payments)
    applications: tuple[Application, ...] = attrs.field(default=(), converter=_applications)
    adjustments: tuple[Adjustment, ...] = attrs.field(default=(), converter=_adjustments)
    reversals: tuple[Reversal, ...] = attrs.field(default=(), converter=_reversals)
    _by_number: dict[str, Invoice | CreditNote] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _payments_by_id: dict[str, Payment] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _events: tuple[_Event, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _cache: dict[dt.date | None, _State] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._check_types()
        _unique("customer", (c.id for c in self.customers))
        _unique(
            "document number",
            [i.number for i in self.invoices] + [c.number for c in self.credit_notes],
        )
        _unique("payment", (p.id for p in self.payments))
        _unique("application", (a.id for a in self.applications))
        _unique("adjustment", (a.id for a in self.adjustments))
        _unique("reversal", (r.id for r in self.reversals))
        by_number: dict[str, Invoice | CreditNote] = {i.number: i for i in self.invoices}
        by_number.update({c.number: c for c in self.credit_notes})
        object.__setattr__(self, "_by_number", by_number)
        object.__setattr__(self, "_payments_by_id", {p.id: p for p in self.payments})
        object.__setattr__(self, "_cache", {})
        self._check_customers()
        self._check_references()
        applied_on = {a.id: (a.date, n) for n, a in enumerate(self.applications)}
        events = [
            *(_Event(a.date, 1, n, 0, a) for n, a in enumerate(self.adjustments)),
            *(_Event(a.date, 2, n, 0, a) for n, a in enumerate(self.applications)),
        ]
        for n, reversal in enumerate(self.reversals):
            target = applied_on.get(reversal.target_id)
            if (
                reversal.kind is ReversalKind.APPLICATION_UNDONE
                and target is not None
                and target[0] == reversal.date
            ):
                # Undone the day it was made: replay it right after that application.
                events.append(_Event(reversal.date, 2, target[1], 1, reversal))
            else:
                # A payment returned by the bank takes back that day's applications too.
                returned_payment = reversal.kind is ReversalKind.RETURNED_PAYMENT
                events.append(_Event(reversal.date, 3 if returned_payment else 0, n, 0, reversal))
        events.sort(key=lambda e: (e.date, e.order, e.sequence, e.after))
        object.__setattr__(self, "_events", tuple(events))
        self._replay(None, check=True)

    # --- construction ----------------------------------------------------------------

    @classmethod
    def of(cls, documents: Iterable[Customer | Document]) -> Ledger:
        """A ledger from any mix of customers and documents, sorted into their kinds.

        >>> from receivables.money import money
        >>> ledger = Ledger.of([
        ...     Customer(id="C1", name="Acme"),
        ...     Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
        ...             due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD")),
        ... ])
        >>> len(ledger.customers), len(ledger.invoices)
        (1, 1)
        >>> Ledger.of(["INV-1"])
        Traceback (most recent call last):
        ...
        receivables.errors.ValidationError: documents[0]: got 'INV-1'; expected a Customer or a receivables document
        """
        kinds: dict[type, list[Any]] = {
            Customer: [],
            Invoice: [],
            CreditNote: [],
            Payment: [],
            Application: [],
            Adjustment: [],
            Reversal: [],
        }
        for index, document in enumerate(_as_tuple(documents, "documents")):
            bucket = kinds.get(type(document))
            if bucket is None:
                raise ValidationError(
                    f"documents[{index}]", document, "a Customer or a receivables document"
                )
            bucket.append(document)
        return cls(
            customers=kinds[Customer],
            invoices=kinds[Invoice],
            credit_notes=kinds[CreditNote],
            payments=kinds[Payment],
            applications=kinds[Application],
            adjustments=kinds[Adjustment],
            reversals=kinds[Reversal],
        )

    def documents(self) -> tuple[Customer | Document, ...]:
        """Everything the ledger holds, customers first, in the order it was given.

        >>> from receivables.money import money
        >>> invoice = Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
        ...                   due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD"))
        >>> Ledger.of([invoice]).documents() == (invoice,)
        True
        """
        return (
            *self.customers,
            *self.invoices,
            *self.credit_notes,
            *self.payments,
            *self.applications,
            *self.adjustments,
            *self.reversals,
        )

    def add(self, *documents: Customer | Document) -> Ledger:
        """A new ledger with ``documents`` added; raises and changes nothing if any is invalid.

        >>> from receivables.money import money
        >>> invoice = Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
        ...                   due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD"))
        >>> ledger = Ledger.of([invoice])
        >>> ledger.add(invoice)
        Traceback (most recent call last):
        ...
        receivables.errors.DuplicateDocumentError: document number 'INV-1' appears more than once; identifiers must be unique
        >>> len(ledger.invoices)
        1
        """
        return Ledger.of((*self.documents(), *documents))

    def apply(self, *applications: Application) -> Ledger:
        """A new ledger with ``applications`` in force.

        Raises :class:`~receivables.errors.OverApplicationError` when an
        application would take more than is open or available on its day; the
        ledger it was called on is unchanged either way.

        >>> from receivables.money import money
        >>> invoice = Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
        ...                   due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD"))
        >>> payment = Payment(id="P1", customer_id="C1", amount=money("150.00", "USD"),
        ...                   received_date=dt.date(2026, 2, 10))
        >>> ledger = Ledger.of([invoice, payment])
        >>> too_much = Application(id="A1", source_id="P1", target_number="INV-1",
        ...                        amount=money("120.00", "USD"), date=dt.date(2026, 2, 10))
        >>> ledger.apply(too_much)
        Traceback (most recent call last):
        ...
        receivables.errors.OverApplicationError: invoice INV-1 (application A1): cannot apply 120.00 USD; only 100.00 USD is open or available
        >>> ledger.applications
        ()
        """
        for index, application in enumerate(applications):
            if not isinstance(application, Application):
                raise ValidationError(f"applications[{index}]", application, "an Application")
        return self.add(*applications)

    def undo(
        self, application_id: str, *, on: dt.date, reversal_id: str | None = None, reason: str = ""
    ) -> Ledger:
        """Undo one application from ``on``: the invoice reopens, the source regains the amount.

        >>> from receivables.money import money
        >>> invoice = Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
        ...                   due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD"))
        >>> payment = Payment(id="P1", customer_id="C1", amount=money("100.00", "USD"),
        ...                   received_date=dt.date(2026, 2, 10))
        >>> ledger = Ledger.of([invoice, payment]).apply(Application(id="A1", source_id="P1",
        ...     target_number="INV-1", amount=money("100.00", "USD"), date=dt.date(2026, 2, 10)))
        >>> undone = ledger.undo("A1", on=dt.date(2026, 2, 20), reason="applied to the wrong invoice")
        >>> [(i.number, i.open) for i in undone.open_items(as_of=dt.date(2026, 2, 28))]
        [('INV-1', Money('100.00', 'USD')), ('P1', Money('-100.00', 'USD'))]
        >>> [(i.number, i.open) for i in undone.open_items(as_of=dt.date(2026, 2, 15))]
        []
        """
        if application_id not in {a.id for a in self.applications}:
            raise UnknownDocumentError("application", application_id)
        return self.add(
            Reversal(
                id=reversal_id or f"undo-{application_id}",
                kind=ReversalKind.APPLICATION_UNDONE,
                target_id=application_id,
                date=on,
                reason=reason,
            )
        )

    def return_payment(
        self, payment_id: str, *, on: dt.date, reversal_id: str | None = None, reason: str = ""
    ) -> Ledger:
        """The bank returned a payment (an NSF cheque) on ``on``: its cash and applications go.

        >>> from receivables.money import money
        >>> invoice = Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
        ...                   due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD"))
        >>> cheque = Payment(id="CHQ-7", customer_id="C1", amount=money("100.00", "USD"),
        ...                  received_date=dt.date(2026, 2, 10), method="check")
        >>> ledger = Ledger.of([invoice, cheque]).apply(Application(id="A1", source_id="CHQ-7",
        ...     target_number="INV-1", amount=money("100.00", "USD"), date=dt.date(2026, 2, 10)))
        >>> bounced = ledger.return_payment("CHQ-7", on=dt.date(2026, 2, 14), reason="NSF")
        >>> b = bounced.balance("C1", currency="USD", as_of=dt.date(2026, 2, 28))
        >>> b.received, b.open_invoices
        (Money('0.00', 'USD'), Money('100.00', 'USD'))
        """
        if payment_id not in self._payments_by_id:
            raise UnknownDocumentError("payment", payment_id)
        return self.add(
            Reversal(
                id=reversal_id or f"return-{payment_id}",
                kind=ReversalKind.RETURNED_PAYMENT,
                target_id=payment_id,
                date=on,
                reason=reason,
            )
        )

    def allocate(
        self,
        source_id: str,
        strategy: Strategy,
        *,
        on: dt.date,
        source_kind: SourceKind = SourceKind.PAYMENT,
    ) -> Ledger:
        """Apply what is left of a payment or credit note to its customer's open invoices.

        ``strategy`` picks the invoices and amounts (see :mod:`receivables.allocation`);
        only invoices in the source's currency open on ``on`` are offered.

        >>> from receivables.allocation import oldest_due_first
        >>> from receivables.money import money
        >>> invoices = [Invoice(number=f"INV-{n}", customer_id="C1", issue_date=dt.date(2026, 1, n),
        ...                     due_date=dt.date(2026, 2, n), amount=money("100.00", "USD"))
        ...             for n in (1, 2)]
        >>> payment = Payment(id="P1", customer_id="C1", amount=money("150.00", "USD"),
        ...                   received_date=dt.date(2026, 2, 10))
        >>> ledger = Ledger.of([*invoices, payment]).allocate("P1", oldest_due_first,
        ...                                                   on=dt.date(2026, 2, 10))
        >>> [(a.id, a.target_number, a.amount) for a in ledger.applications]
        [('P1/1', 'INV-1', Money('100.00', 'USD')), ('P1/2', 'INV-2', Money('50.00', 'USD'))]
        """
        check_date("on", on, expected=_DATE)
        source = self._source(source_kind, source_id, "allocate")
        headroom = self._headroom(on)
        available = headroom.available_units.get((source_kind, source_id), 0)
        if available <= 0:
            return self
        items = [
            attrs.evolve(item, open=from_minor(headroom.open_units[item.number], item.currency))
            for item in self.open_items(as_of=on, customer_id=source.customer_id)
            if item.kind in (ItemKind.INVOICE, ItemKind.DEBIT_NOTE)
            and item.currency == source.amount.code
            and headroom.open_units[item.number] > 0
        ]
        parts = strategy(from_minor(available, source.amount.code), items)
        taken_ids = {a.id for a in self.applications}
        free = (n for n in itertools.count(1) if f"{source_id}/{n}" not in taken_ids)
        new = [
            Application(
                id=f"{source_id}/{next(free)}",
                source_id=source_id,
                source_kind=source_kind,
                target_number=number,
                amount=amount,
                date=on,
            )
            for number, amount in parts
            if amount.amount > 0
        ]
        return self.apply(*new)

    # --- queries ----------------------------------------------------------------------

    def open_items(
        self, *, as_of: dt.date, customer_id: str | None = None, include_credits: bool = True
    ) -> tuple[OpenItem, ...]:
        """Items with something open on ``as_of``, by customer, due date and number.

        With ``include_credits`` (the default) unapplied cash, unapplied credit
        notes and adjustments on account are listed too, with negative amounts.

        >>> from receivables.money import money
        >>> invoice = Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
        ...                   due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD"))
        >>> payment = Payment(id="P1", customer_id="C1", amount=money("30.00", "USD"),
        ...                   received_date=dt.date(2026, 2, 10))
        >>> ledger = Ledger.of([invoice, payment])
        >>> [(i.number, i.kind.value, i.open) for i in ledger.open_items(as_of=dt.date(2026, 2, 28))]
        [('INV-1', 'invoice', Money('100.00', 'USD')), ('P1', 'payment', Money('-30.00', 'USD'))]
        >>> [i.number for i in ledger.open_items(as_of=dt.date(2026, 2, 28), include_credits=False)]
        ['INV-1']
        """
        check_date("as_of", as_of, expected=_DATE)
        state = self._replay(as_of)
        items: list[OpenItem] = []
        for invoice in self.invoices:
            if invoice.issue_date > as_of or (customer_id and invoice.customer_id != customer_id):
                continue
            units = state.open_units[invoice.number]
            if units:
                items.append(
                    OpenItem(
                        number=invoice.number,
                        customer_id=invoice.customer_id,
                        kind=ItemKind.DEBIT_NOTE
                        if invoice.kind is InvoiceKind.DEBIT_NOTE
                        else ItemKind.INVOICE,
                        document_date=invoice.issue_date,
                        due_date=invoice.due_date,
                        original=invoice.amount,
                        open=from_minor(units, invoice.currency),
                        reference=invoice.reference,
                    )
                )
        if include_credits:
            items.extend(self._credit_items(state, as_of, customer_id))
        items.sort(key=lambda i: (i.customer_id, i.due_date, i.number, i.kind.value))
        return tuple(items)

    def balances(self, *, as_of: dt.date) -> tuple[Balance, ...]:
        """Every customer's :class:`Balance` per currency on ``as_of``, by customer and currency.

        One pass over the documents, however many customers there are.

        >>> from receivables.money import money
        >>> ledger = Ledger.of([
        ...     Invoice(number=f"INV-{c}", customer_id=c, issue_date=dt.date(2026, 1, 1),
        ...             due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD"))
        ...     for c in ("C2", "C1")])
        >>> [(b.customer_id, b.balance) for b in ledger.balances(as_of=dt.date(2026, 2, 1))]
        [('C1', Money('100.00', 'USD')), ('C2', Money('100.00', 'USD'))]
        """
        check_date("as_of", as_of, expected=_DATE)
        totals = self._totals(as_of)
        return tuple(self._balance(key, totals[key], as_of) for key in sorted(totals))

    def balance(self, customer_id: str, *, currency: str, as_of: dt.date) -> Balance:
        """One customer's :class:`Balance` in ``currency`` on ``as_of`` (zero if none).

        >>> Ledger().balance("C9", currency="EUR", as_of=dt.date(2026, 2, 1)).balance
        Money('0.00', 'EUR')
        """
        check_date("as_of", as_of, expected=_DATE)
        key = (customer_id, currency)
        units = self._totals(as_of).get(key) or dict.fromkeys(_BALANCE_KEYS, 0)
        return self._balance(key, units, as_of)

    @staticmethod
    def _balance(key: tuple[str, str], units: dict[str, int], as_of: dt.date) -> Balance:
        customer_id, currency = key

        def m(name: str) -> Money:
            return from_minor(units[name], currency)

        return Balance(
            customer_id=customer_id,
            currency=currency,
            as_of=as_of,
            invoiced=m("invoiced"),
            credited=m("credited"),
            received=m("received"),
            applied=m("applied"),
            discounts=m("discounts"),
            taken_from_payments=m("from_payments"),
            taken_from_credit_notes=m("from_credit_notes"),
            adjustments_on_invoices=m("on_invoices"),
            adjustments_on_account=m("on_account"),
            open_invoices=m("open"),
            unapplied_cash=m("cash"),
            unapplied_credit=m("credit"),
        )

    def _totals(self, as_of: dt.date) -> dict[tuple[str, str], dict[str, int]]:
        """Minor-unit totals per (customer, currency) on ``as_of``, in one pass."""
        state = self._replay(as_of)
        totals: dict[tuple[str, str], dict[str, int]] = {}

        def add(customer_id: str, currency: str, name: str, units: int) -> None:
            row = totals.get((customer_id, currency))
            if row is None:
                row = totals[(customer_id, currency)] = dict.fromkeys(_BALANCE_KEYS, 0)
            row[name] += units

        for invoice in self.invoices:
            if invoice.issue_date <= as_of:
                add(invoice.customer_id, invoice.currency, "invoiced", to_minor(invoice.amount))
                add(invoice.customer_id, invoice.currency, "open", state.open_units[invoice.number])
        for note in self.credit_notes:
            if note.issue_date <= as_of:
                add(note.customer_id, note.currency, "credited", to_minor(note.amount))
                units = state.available_units[(SourceKind.CREDIT_NOTE, note.number)]
                add(note.customer_id, note.currency, "credit", units)
        for payment in self.payments:
            if payment.received_date <= as_of and payment.customer_id:
                received = 0 if payment.id in state.returned else to_minor(payment.amount)
                add(payment.customer_id, payment.currency, "received", received)
                units = state.available_units[(SourceKind.PAYMENT, payment.id)]
                add(payment.customer_id, payment.currency, "cash", units)
        for application in self.applications:
            if application.id not in state.active:
                continue
            target = self._by_number[application.target_number]
            add(target.customer_id, target.currency, "applied", to_minor(application.amount))
            if application.discount is not None:
                add(
                    target.customer_id, target.currency, "discounts", to_minor(application.discount)
                )
            key = (
                "from_payments"
                if application.source_kind is SourceKind.PAYMENT
                else "from_credit_notes"
            )
            add(target.customer_id, application.taken.code, key, to_minor(application.taken))
        for adjustment in self.adjustments:
            if adjustment.date <= as_of:
                key = "on_invoices" if adjustment.target_number else "on_account"
                units = to_minor(adjustment.signed_amount)
                add(adjustment.customer_id, adjustment.amount.code, key, units)
        return totals

    def active_applications(self, *, as_of: dt.date) -> tuple[Application, ...]:
        """Applications in force on ``as_of`` (dated by then and not undone or returned).

        >>> from receivables.money import money
        >>> invoice = Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
        ...                   due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD"))
        >>> payment = Payment(id="P1", customer_id="C1", amount=money("100.00", "USD"),
        ...                   received_date=dt.date(2026, 2, 10))
        >>> ledger = Ledger.of([invoice, payment]).apply(Application(id="A1", source_id="P1",
        ...     target_number="INV-1", amount=money("100.00", "USD"), date=dt.date(2026, 2, 10)))
        >>> ledger = ledger.undo("A1", on=dt.date(2026, 3, 1))
        >>> [a.id for a in ledger.active_applications(as_of=dt.date(2026, 2, 15))]
        ['A1']
        >>> ledger.active_applications(as_of=dt.date(2026, 3, 1))
        ()
        """
        check_date("as_of", as_of, expected=_DATE)
        active = self._replay(as_of).active
        return tuple(a for a in self.applications if a.id in active)

    # --- internals --------------------------------------------------------------------

    def _check_types(self) -> None:
        expected: tuple[tuple[str, tuple[Any, ...], type], ...] = (
            ("customers", self.customers, Customer),
            ("invoices", self.invoices, Invoice),
            ("credit_notes", self.credit_notes, CreditNote),
            ("payments", self.payments, Payment),
            ("applications", self.applications, Application),
            ("adjustments", self.adjustments, Adjustment),
            ("reversals", self.reversals, Reversal),
        )
        for name, values, kind in expected:
            for index, value in enumerate(values):
                if not isinstance(value, kind):
                    raise ValidationError(f"ledger.{name}[{index}]", value, f"a {kind.__name__}")

    def _check_customers(self) -> None:
        for index, payment in enumerate(self.payments):
            if payment.customer_id is None:
                raise ValidationError(
                    f"ledger.payments[{index}].customer_id",
                    None,
                    "the paying customer's id: a payment enters the ledger once it is identified",
                )
        if not self.customers:
            return
        known = {c.id for c in self.customers}
        owners: list[tuple[str, str | None]] = [
            *((f"invoice {i.number}", i.customer_id) for i in self.invoices),
            *((f"credit note {c.number}", c.customer_id) for c in self.credit_notes),
            *((f"payment {p.id}", p.customer_id) for p in self.payments),
            *((f"adjustment {a.id}", a.customer_id) for a in self.adjustments),
        ]
        for owner, customer_id in owners:
            if customer_id not in known:
                raise UnknownDocumentError("customer", f"{customer_id} (of {owner})")

    def _source(self, kind: SourceKind, identifier: str, where: str) -> Payment | CreditNote:
        if kind is SourceKind.PAYMENT:
            payment = self._payments_by_id.get(identifier)
            if payment is None:
                raise UnknownDocumentError("payment", f"{identifier} (in {where})")
            return payment
        note = self._by_number.get(identifier)
        if not isinstance(note, CreditNote):
            raise UnknownDocumentError("credit note", f"{identifier} (in {where})")
        return note

    def _target(self, number: str, where: str) -> Invoice:
        target = self._by_number.get(number)
        if not isinstance(target, Invoice):
            raise UnknownDocumentError("invoice", f"{number} (in {where})")
        return target

    def _check_references(self) -> None:
        application_ids = {a.id for a in self.applications}
        for application in self.applications:
            where = f"application {application.id}"
            source = self._source(application.source_kind, application.source_id, where)
            target = self._target(application.target_number, where)
            if source.customer_id != target.customer_id:
                raise ValidationError(
                    f"application {application.id}.target_number",
                    application.target_number,
                    f"an invoice of the source's customer {source.customer_id!r}",
                )
            if application.amount.code != target.currency:
                raise CurrencyMismatchError(
                    f"apply ({where}) an amount in", application.amount.code, target.currency
                )
            if application.taken.code != source.amount.code:
                raise CurrencyMismatchError(
                    f"take ({where}) from a source in", source.amount.code, application.taken.code
                )
            source_date = source.received_date if isinstance(source, Payment) else source.issue_date
            earliest = max(source_date, target.issue_date)
            if application.date < earliest:
                raise ValidationError(
                    f"application {application.id}.date",
                    application.date,
                    f"a date on or after both documents exist ({earliest.isoformat()})",
                )
        for adjustment in self.adjustments:
            if adjustment.target_number is None:
                continue
            target = self._target(adjustment.target_number, f"adjustment {adjustment.id}")
            if target.customer_id != adjustment.customer_id:
                raise ValidationError(
                    f"adjustment {adjustment.id}.customer_id",
                    adjustment.customer_id,
                    f"the invoice's customer {target.customer_id!r}",
                )
            if adjustment.amount.code != target.currency:
                raise CurrencyMismatchError(
                    f"adjust (adjustment {adjustment.id})", target.currency, adjustment.amount.code
                )
            if adjustment.date < target.issue_date:
                raise ValidationError(
                    f"adjustment {adjustment.id}.date",
                    adjustment.date,
                    f"a date on or after the invoice's issue date {target.issue_date.isoformat()}",
                )
        reversed_targets: set[str] = set()
        for reversal in self.reversals:
            if reversal.target_id in reversed_targets:
                raise DuplicateDocumentError("reversal target", reversal.target_id)
            reversed_targets.add(reversal.target_id)
            if reversal.kind is ReversalKind.RETURNED_PAYMENT:
                payment = self._payments_by_id.get(reversal.target_id)
                if payment is None:
                    raise UnknownDocumentError(
                        "payment", f"{reversal.target_id} (in {reversal.id})"
                    )
                earliest = payment.received_date
            else:
                if reversal.target_id not in application_ids:
                    raise UnknownDocumentError(
                        "application", f"{reversal.target_id} (in {reversal.id})"
                    )
                earliest = next(a.date for a in self.applications if a.id == reversal.target_id)
            if reversal.date < earliest:
                raise ValidationError(
                    f"reversal {reversal.id}.date",
                    reversal.date,
                    f"a date on or after what it undoes ({earliest.isoformat()})",
                )
        returned = {
            r.target_id: r.date for r in self.reversals if r.kind is ReversalKind.RETURNED_PAYMENT
        }
        for application in self.applications:
            if (
                application.source_kind is SourceKind.PAYMENT
                and application.source_id in returned
                and application.date > returned[application.source_id]
            ):
                raise ValidationError(
                    f"application {application.id}.date",
                    application.date,
                    f"a date on or before payment {application.source_id} was returned "
                    f"({returned[application.source_id].isoformat()})",
                )

    def _replay(
        self, as_of: dt.date | None, *, check: bool = False, low_after: dt.date | None = None
    ) -> _State:
        """Replay the events up to ``as_of`` (all of them for None).

        With ``low_after``, the whole ledger is replayed and the state holds, per
        invoice and source, the least amount open or available at any point after
        the applications of ``low_after``: where a new application on that day
        goes, and so the most it may take without breaking any later moment
        (a later application taken back by a same-day undo or return included).
        """
        if low_after is None:
            cached = self._cache.get(as_of)
            if cached is not None:
                return cached
        open_units = {
            i.number: to_minor(i.amount)
            for i in self.invoices
            if as_of is None or i.issue_date <= as_of
        }
        available: dict[tuple[SourceKind, str], int] = {
            (SourceKind.CREDIT_NOTE, c.number): to_minor(c.amount)
            for c in self.credit_notes
            if as_of is None or c.issue_date <= as_of
        }
        available.update(
            {
                (SourceKind.PAYMENT, p.id): to_minor(p.amount)
                for p in self.payments
                if as_of is None or p.received_date <= as_of
            }
        )
        applications = {a.id: a for a in self.applications}
        active: set[str] = set()
        returned: set[str] = set()
        on_account: list[Adjustment] = []
        low: tuple[dict[str, int], dict[tuple[SourceKind, str], int]] | None = None

        def lower_open(number: str) -> None:
            if low is not None:
                low[0][number] = min(low[0][number], open_units[number])

        def lower_available(key: tuple[SourceKind, str]) -> None:
            if low is not None:
                low[1][key] = min(low[1][key], available[key])

        def take(application: Application, sign: int) -> None:
            open_units[application.target_number] -= sign * to_minor(application.cleared)
            key = (application.source_kind, application.source_id)
            available[key] -= sign * to_minor(application.taken)
            lower_open(application.target_number)
            lower_available(key)
            if check and sign > 0:
                if open_units[application.target_number] < 0:
                    raise OverApplicationError(
                        f"invoice {application.target_number} (application {application.id})",
                        application.cleared,
                        from_minor(
                            open_units[application.target_number] + to_minor(application.cleared),
                            application.cleared.code,
                        ),
                    )
                if available[key] < 0:
                    raise OverApplicationError(
                        f"{application.source_kind.value} {application.source_id} "
                        f"(application {application.id})",
                        application.taken,
                        from_minor(
                            available[key] + to_minor(application.taken), application.taken.code
                        ),
                    )

        for event in self._events:
            if as_of is not None and event.date > as_of:
                break
            if low is None and low_after is not None and (event.date, event.order) > (low_after, 2):
                low = (dict(open_units), dict(available))
            document = event.document
            if isinstance(document, Application):
                take(document, +1)
                active.add(document.id)
            elif isinstance(document, Adjustment):
                if document.target_number is None:
                    on_account.append(document)
                    continue
                open_units[document.target_number] += to_minor(document.signed_amount)
                lower_open(document.target_number)
                if check and open_units[document.target_number] < 0:
                    raise OverApplicationError(
                        f"invoice {document.target_number} (adjustment {document.id})",
                        document.amount,
                        from_minor(
                            open_units[document.target_number] + to_minor(document.amount),
                            document.amount.code,
                        ),
                    )
            elif document.kind is ReversalKind.APPLICATION_UNDONE:
                if document.target_id in active:
                    take(applications[document.target_id], -1)
                    active.discard(document.target_id)
            else:
                for application_id in sorted(active):
                    application = applications[application_id]
                    if (
                        application.source_kind is SourceKind.PAYMENT
                        and application.source_id == document.target_id
                    ):
                        take(application, -1)
                        active.discard(application_id)
                returned.add(document.target_id)
                available[(SourceKind.PAYMENT, document.target_id)] = 0
                lower_available((SourceKind.PAYMENT, document.target_id))
        if low_after is not None:
            if low is None:
                low = (dict(open_units), dict(available))
            open_units, available = low
        state = _State(
            open_units=open_units,
            available_units=available,
            active=frozenset(active),
            returned=frozenset(returned),
            on_account=tuple(on_account),
        )
        if low_after is not None:
            return state
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[as_of] = state
        return state

    def _headroom(self, on: dt.date) -> _State:
        """What a new application dated ``on`` may take without breaking any later moment.

        Later events already in the ledger may use what is open on ``on``, and
        within a day an application may take what a same-day undo or returned
        payment gives back afterwards, so the room is the least open (and
        available) at any point from the new application onwards.
        """
        state = self._replay(on)
        low = self._replay(None, low_after=on)
        open_units = {number: low.open_units[number] for number in state.open_units}
        available = {key: low.available_units[key] for key in state.available_units}
        return attrs.evolve(state, open_units=open_units, available_units=available)

    def _credit_items(
        self, state: _State, as_of: dt.date, customer_id: str | None
    ) -> Iterable[OpenItem]:
        for payment in self.payments:
            units = state.available_units.get((SourceKind.PAYMENT, payment.id), 0)
            if units and (customer_id is None or payment.customer_id == customer_id):
                yield OpenItem(
                    number=payment.id,
                    customer_id=payment.customer_id or "",
                    kind=ItemKind.PAYMENT,
                    document_date=payment.received_date,
                    due_date=payment.received_date,
                    original=-payment.amount,
                    open=from_minor(-units, payment.currency),
                    reference=payment.bank_reference or None,
                )
        for note in self.credit_notes:
            units = state.available_units.get((SourceKind.CREDIT_NOTE, note.number), 0)
            if units and (customer_id is None or note.customer_id == customer_id):
                yield OpenItem(
                    number=note.number,
                    customer_id=note.customer_id,
                    kind=ItemKind.CREDIT_NOTE,
                    document_date=note.issue_date,
                    due_date=note.issue_date,
                    original=-note.amount,
                    open=from_minor(-units, note.currency),
                    reference=note.against,
                )
        for adjustment in state.on_account:
            if customer_id is None or adjustment.customer_id == customer_id:
                yield OpenItem(
                    number=adjustment.id,
                    customer_id=adjustment.customer_id,
                    kind=ItemKind.ADJUSTMENT,
                    document_date=adjustment.date,
                    due_date=adjustment.date,
                    original=adjustment.signed_amount,
                    open=adjustment.signed_amount,
                    reference=None,
                )
