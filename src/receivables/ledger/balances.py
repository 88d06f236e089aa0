"""What is one customer's position in one currency, and which identity ties it?

A :class:`Balance` is the customer's invoiced, credited, received, applied,
discounted and adjusted totals on a date, with the open amounts they leave::

    invoiced − applied − discounts ± targeted adjustments = open on invoices
    received − taken by applications                      = unapplied cash
    balance = open on invoices ± adjustments on account − unapplied cash − unapplied credit

The totals are summed in integer minor units in one pass over the ledger.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from receivables.documents import (
    SourceKind,
)
from receivables.ledger.replay import replay
from receivables.money import Money, from_minor, to_minor

if TYPE_CHECKING:
    from receivables.ledger.book import Ledger

__all__ = ["Balance"]


@attrs.frozen(kw_only=True)
class Balance:
    """One customer's position in one currency on ``as_of``, with the identity that ties it.

    ``open_invoices == invoiced - applied - discounts + adjustments_on_invoices``
    and ``unapplied_cash == received - taken_from_payments`` always hold;
    ``balance`` is what the customer owes net of the cash and credit it holds.

    >>> from receivables.documents import Application
    >>> from receivables.documents import Invoice
    >>> from receivables.documents import Payment
    >>> from receivables.ledger import Ledger
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

        >>> from receivables.documents import Invoice
        >>> from receivables.documents import Payment
        >>> from receivables.ledger import Ledger
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


def balance_of(key: tuple[str, str], units: dict[str, int], as_of: dt.date) -> Balance:
    """The :class:`Balance` of (customer, currency) key from its minor-unit totals."""
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


def empty_totals() -> dict[str, int]:
    """Zero for every total of a balance."""
    return dict.fromkeys(_BALANCE_KEYS, 0)


def totals(ledger: Ledger, as_of: dt.date) -> dict[tuple[str, str], dict[str, int]]:
    """Minor-unit totals per (customer, currency) on ``as_of``, in one pass."""
    state = replay(ledger, as_of)
    found: dict[tuple[str, str], dict[str, int]] = {}

    def add(customer_id: str, currency: str, name: str, units: int) -> None:
        row = found.get((customer_id, currency))
        if row is None:
            row = found[(customer_id, currency)] = empty_totals()
        row[name] += units

    for invoice in ledger.invoices:
        if invoice.issue_date <= as_of:
            add(invoice.customer_id, invoice.currency, "invoiced", to_minor(invoice.amount))
            add(invoice.customer_id, invoice.currency, "open", state.open_units[invoice.number])
    for note in ledger.credit_notes:
        if note.issue_date <= as_of:
            add(note.customer_id, note.currency, "credited", to_minor(note.amount))
            units = state.available_units[(SourceKind.CREDIT_NOTE, note.number)]
            add(note.customer_id, note.currency, "credit", units)
    for payment in ledger.payments:
        if payment.received_date <= as_of and payment.customer_id:
            received = 0 if payment.id in state.returned else to_minor(payment.amount)
            add(payment.customer_id, payment.currency, "received", received)
            units = state.available_units[(SourceKind.PAYMENT, payment.id)]
            add(payment.customer_id, payment.currency, "cash", units)
    for application in ledger.applications:
        if application.id not in state.active:
            continue
        target = ledger._by_number[application.target_number]
        add(target.customer_id, target.currency, "applied", to_minor(application.amount))
        if application.discount is not None:
            add(target.customer_id, target.currency, "discounts", to_minor(application.discount))
        key = (
            "from_payments"
            if application.source_kind is SourceKind.PAYMENT
            else "from_credit_notes"
        )
        add(target.customer_id, application.taken.code, key, to_minor(application.taken))
    for adjustment in ledger.adjustments:
        if adjustment.date <= as_of:
            key = "on_invoices" if adjustment.target_number else "on_account"
            units = to_minor(adjustment.signed_amount)
            add(adjustment.customer_id, adjustment.amount.code, key, units)
    return found
