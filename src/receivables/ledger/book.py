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

A ledger is a value: :meth:`~receivables.ledger.Ledger.add`,
:meth:`~receivables.ledger.Ledger.apply`, :meth:`~receivables.ledger.Ledger.undo`
and :meth:`~receivables.ledger.Ledger.return_payment` return a new ledger or
raise, leaving the old one as it was.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

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
)
from receivables.errors import (
    UnknownDocumentError,
    ValidationError,
)
from receivables.ledger.balances import Balance, balance_of, empty_totals, totals
from receivables.ledger.integrity import (
    as_tuple,
    check_customers,
    check_references,
    check_types,
    check_unique,
    find_source,
)
from receivables.ledger.items import _DATE, ItemKind, OpenItem, Strategy
from receivables.ledger.replay import _Event, _State, events, headroom, replay
from receivables.money import from_minor
from receivables.validators import check_date, check_identifier

__all__ = ["Ledger"]


# One converter per document type, not one generic ``tuple`` converter: the attrs
# mypy plugin types ``Ledger.__init__`` from the converter, and a generic one
# would leave callers with ``Iterable[_T]`` (every typed call site then fails).
def _customers(value: Iterable[Customer]) -> tuple[Customer, ...]:
    return as_tuple(value, "customers")


def _invoices(value: Iterable[Invoice]) -> tuple[Invoice, ...]:
    return as_tuple(value, "invoices")


def _credit_notes(value: Iterable[CreditNote]) -> tuple[CreditNote, ...]:
    return as_tuple(value, "credit_notes")


def _payments(value: Iterable[Payment]) -> tuple[Payment, ...]:
    return as_tuple(value, "payments")


def _applications(value: Iterable[Application]) -> tuple[Application, ...]:
    return as_tuple(value, "applications")


def _adjustments(value: Iterable[Adjustment]) -> tuple[Adjustment, ...]:
    return as_tuple(value, "adjustments")


def _reversals(value: Iterable[Reversal]) -> tuple[Reversal, ...]:
    return as_tuple(value, "reversals")


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
        check_types(self)
        check_unique(self)
        by_number: dict[str, Invoice | CreditNote] = {i.number: i for i in self.invoices}
        by_number.update({c.number: c for c in self.credit_notes})
        object.__setattr__(self, "_by_number", by_number)
        object.__setattr__(self, "_payments_by_id", {p.id: p for p in self.payments})
        object.__setattr__(self, "_cache", {})
        check_customers(self)
        check_references(self)
        object.__setattr__(
            self, "_events", events(self.applications, self.adjustments, self.reversals)
        )
        replay(self, None, check=True)

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
        for index, document in enumerate(as_tuple(documents, "documents")):
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
        check_identifier("application_id", application_id)
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
        check_identifier("payment_id", payment_id)
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
        check_identifier("source_id", source_id)
        if not callable(strategy):
            raise ValidationError(
                "strategy", strategy, "an allocation strategy such as oldest_due_first"
            )
        source = find_source(self, source_kind, source_id, "allocate")
        room = headroom(self, on)
        available = room.available_units.get((source_kind, source_id), 0)
        if available <= 0:
            return self
        items = [
            attrs.evolve(item, open=from_minor(room.open_units[item.number], item.currency))
            for item in self.open_items(as_of=on, customer_id=source.customer_id)
            if item.kind in (ItemKind.INVOICE, ItemKind.DEBIT_NOTE)
            and item.currency == source.amount.code
            and room.open_units[item.number] > 0
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
        state = replay(self, as_of)
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
        """Every customer's :class:`~receivables.ledger.balances.Balance` per currency on ``as_of``, by customer and currency.

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
        found = totals(self, as_of)
        return tuple(balance_of(key, found[key], as_of) for key in sorted(found))

    def balance(self, customer_id: str, *, currency: str, as_of: dt.date) -> Balance:
        """One customer's :class:`~receivables.ledger.balances.Balance` in ``currency`` on ``as_of`` (zero if none).

        >>> Ledger().balance("C9", currency="EUR", as_of=dt.date(2026, 2, 1)).balance
        Money('0.00', 'EUR')
        """
        check_date("as_of", as_of, expected=_DATE)
        check_identifier("customer_id", customer_id)
        check_identifier("currency", currency, expected="an ISO 4217 currency code such as 'USD'")
        key = (customer_id, currency)
        units = totals(self, as_of).get(key) or empty_totals()
        return balance_of(key, units, as_of)

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
        active = replay(self, as_of).active
        return tuple(a for a in self.applications if a.id in active)

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
