"""What does the customer's account look like for the month, and does the customer agree?

A *statement of account* lists, for one customer in one currency and a period
``start``..``end``: the opening balance (the ledger's balance at the end of the
day before ``start``), every movement in the period with a running balance,
the closing balance, an aging summary of what is open at ``end`` and the cash
and credit the customer holds unapplied. A *balance confirmation* request
states the balance on a date with the open items behind it, for the customer
to confirm or dispute (the external confirmation of receivables auditors send,
ISA 505 / AU-C 505).

The statement ties, and construction checks it::

    opening + Σ movements = closing = Ledger.balance(customer, currency, as_of=end).balance

Movements, each signed as it moves what the customer owes:

- invoices and debit notes (+), credit notes (−) and payments (−) on their dates;
- payments returned by the bank (+) on the day of the return;
- adjustments: write-offs and discounts (−), fees and interest (+), rounding
  and FX differences as directed, on an invoice or on account;
- early-payment discounts taken with an application (−) on the day the
  application takes effect, and back (+) if it is undone or its payment returned;
- an application in another currency moves the invoice's currency by what it
  clears and the payment's currency by what it takes.

Applying cash or a credit to an invoice does not move the balance: the cash
moved it when it arrived. The aging summary buckets what is owed at ``end`` by
days past due (``bounds`` default ``(30, 60, 90)``: current, 1-30, 31-60, 61-90,
over 90, or the aging engine's :class:`~receivables.buckets.AgingBuckets` policy from the
domain floor), on its own so that statements need no engine; the buckets less the
unapplied cash and credit equal the closing balance.

Rendering (:func:`to_text`, :func:`to_html`, :func:`to_csv`) writes amounts and
dates in the customer's locale through :mod:`receivables.formatting`; the
headings come from a small table of English and Spanish labels written here,
because CLDR has no words for "opening balance".
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import html
import io
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from receivables.buckets import AgingBuckets
from receivables.documents import (
    AdjustmentKind,
    Application,
    Customer,
    Invoice,
    InvoiceKind,
    Payment,
    ReversalKind,
)
from receivables.errors import ValidationError
from receivables.formatting import Formatter, locale_of
from receivables.ledger import ItemKind, Ledger, OpenItem
from receivables.money import Money, currency_digits, from_minor, to_minor, zero

__all__ = [
    "AGING_BOUNDS",
    "AgingBucket",
    "AgingSummary",
    "BalanceConfirmation",
    "LineKind",
    "Statement",
    "StatementLine",
    "aging_summary",
    "balance_confirmation",
    "merge",
    "statement",
    "statements",
    "to_csv",
    "to_html",
    "to_text",
]

AGING_BOUNDS: Final = (30, 60, 90)
"""Upper bounds in days past due of the aging buckets after *current*: 1-30, 31-60, 61-90, over 90."""


class LineKind(enum.StrEnum):
    """What moved the balance on a statement line.

    >>> LineKind("returned_payment") is LineKind.RETURNED_PAYMENT
    True
    """

    INVOICE = "invoice"
    DEBIT_NOTE = "debit_note"
    CREDIT_NOTE = "credit_note"
    PAYMENT = "payment"
    RETURNED_PAYMENT = "returned_payment"
    DISCOUNT = "discount"
    DISCOUNT_REVERSED = "discount_reversed"
    WRITE_OFF = "write_off"
    FEE = "fee"
    INTEREST = "interest"
    ADJUSTMENT = "adjustment"
    APPLICATION = "application"
    APPLICATION_UNDONE = "application_undone"


# Order of lines on one day: documents, returned payments, adjustments, applications, undos.
_ORDER: Final = {
    LineKind.INVOICE: 0,
    LineKind.DEBIT_NOTE: 0,
    LineKind.CREDIT_NOTE: 1,
    LineKind.PAYMENT: 2,
    LineKind.RETURNED_PAYMENT: 3,
    LineKind.WRITE_OFF: 4,
    LineKind.FEE: 4,
    LineKind.INTEREST: 4,
    LineKind.ADJUSTMENT: 4,
    LineKind.DISCOUNT: 5,
    LineKind.APPLICATION: 5,
    LineKind.DISCOUNT_REVERSED: 6,
    LineKind.APPLICATION_UNDONE: 6,
}


@attrs.frozen(kw_only=True)
class StatementLine:
    """One movement: ``amount`` is signed (+ raises what is owed), ``balance`` runs after it.

    >>> from receivables.money import money
    >>> line = StatementLine(date=dt.date(2026, 3, 25), kind=LineKind.PAYMENT, document="P1",
    ...     reference=None, amount=money("-500.00", "USD"), balance=money("700.00", "USD"))
    >>> line.debit, line.credit
    (None, Money('500.00', 'USD'))
    """

    date: dt.date
    kind: LineKind
    document: str
    reference: str | None
    amount: Money
    balance: Money

    @property
    def debit(self) -> Money | None:
        """The amount when it raises the balance, else None.

        >>> from receivables.money import money
        >>> StatementLine(date=dt.date(2026, 3, 1), kind=LineKind.INVOICE, document="INV-1",
        ...     reference=None, amount=money("1200.00", "USD"), balance=money("1200.00", "USD")).debit
        Money('1200.00', 'USD')
        """
        return self.amount if self.amount.amount > 0 else None

    @property
    def credit(self) -> Money | None:
        """The amount (positive) when it lowers the balance, else None.

        >>> from receivables.money import money
        >>> StatementLine(date=dt.date(2026, 3, 1), kind=LineKind.INVOICE, document="INV-1",
        ...     reference=None, amount=money("1200.00", "USD"), balance=money("1200.00", "USD")).credit
        """
        return -self.amount if self.amount.amount < 0 else None


@attrs.frozen(kw_only=True)
class AgingBucket:
    """Owed amounts ``low``..``high`` days past due (``high`` None: no upper bound).

    >>> from receivables.money import money
    >>> AgingBucket(label="over 90", low=91, high=None, amount=money("75.00", "USD")).high is None
    True
    """

    label: str
    low: int | None
    high: int | None
    amount: Money


@attrs.frozen(kw_only=True)
class AgingSummary:
    """What is owed at ``as_of`` by days past due, and the cash and credit held against it.

    ``owed`` is the sum of the buckets; ``net == owed - unapplied_cash - unapplied_credit``
    is the balance.

    >>> from receivables.money import money
    >>> usd = lambda v: money(v, "USD")
    >>> summary = AgingSummary(as_of=dt.date(2026, 3, 31), currency="USD",
    ...     buckets=(AgingBucket(label="current", low=None, high=0, amount=usd(800)),
    ...              AgingBucket(label="1-30", low=1, high=30, amount=usd(400))),
    ...     unapplied_cash=usd(100), unapplied_credit=usd(0))
    >>> summary.owed, summary.net
    (Money('1200.00', 'USD'), Money('1100.00', 'USD'))
    """

    as_of: dt.date
    currency: str
    buckets: tuple[AgingBucket, ...]
    unapplied_cash: Money
    unapplied_credit: Money

    @property
    def owed(self) -> Money:
        """The sum of the buckets.

        >>> from receivables.money import money
        >>> AgingSummary(as_of=dt.date(2026, 3, 31), currency="EUR",
        ...     buckets=(AgingBucket(label="current", low=None, high=0, amount=money(5, "EUR")),),
        ...     unapplied_cash=money(0, "EUR"), unapplied_credit=money(0, "EUR")).owed
        Money('5.00', 'EUR')
        """
        return from_minor(sum(to_minor(b.amount) for b in self.buckets), self.currency)

    @property
    def net(self) -> Money:
        """What is owed less the cash and credit held, which is the balance.

        >>> from receivables.money import money
        >>> AgingSummary(as_of=dt.date(2026, 3, 31), currency="EUR",
        ...     buckets=(AgingBucket(label="current", low=None, high=0, amount=money(5, "EUR")),),
        ...     unapplied_cash=money(7, "EUR"), unapplied_credit=money(0, "EUR")).net
        Money('-2.00', 'EUR')
        """
        return self.owed - self.unapplied_cash - self.unapplied_credit


Edges = tuple[tuple[str, int | None, int | None], ...]
"""Aging buckets as (label, first day, last day), the last day inclusive; None leaves an end open."""


def _check_bounds(bounds: Sequence[int] | AgingBuckets) -> Edges:
    """The buckets of ``bounds``: upper bounds after *current*, or an aging buckets policy."""
    if isinstance(bounds, AgingBuckets):
        return tuple((b.label, b.lower, b.upper) for b in bounds.buckets)
    values = tuple(bounds) if isinstance(bounds, Iterable) else ()
    if (
        not values
        or any(isinstance(b, bool) or not isinstance(b, int) or b < 1 for b in values)
        or any(a >= b for a, b in itertools.pairwise(values))
    ):
        raise ValidationError(
            "bounds",
            bounds,
            "increasing whole days past due, each at least 1, e.g. (30, 60, 90), "
            "or a receivables.buckets.AgingBuckets",
        )
    edges: list[tuple[str, int | None, int | None]] = [("current", None, 0)]
    low = 1
    for high in values:
        edges.append((f"{low}-{high}", low, high))
        low = high + 1
    edges.append((f"over {values[-1]}", low, None))
    return tuple(edges)


def aging_summary(
    items: Iterable[OpenItem],
    *,
    as_of: dt.date,
    currency: str,
    bounds: Sequence[int] | AgingBuckets = AGING_BOUNDS,
) -> AgingSummary:
    """Bucket owed open items by days past due on ``as_of``; credits go to unapplied cash/credit.

    >>> from receivables.money import money
    >>> def item(number, due, amount, kind=ItemKind.INVOICE):
    ...     return OpenItem(number=number, customer_id="C1", kind=kind,
    ...                     document_date=dt.date(2026, 1, 1), due_date=due,
    ...                     original=money(amount, "USD"), open=money(amount, "USD"))
    >>> summary = aging_summary([item("A", dt.date(2026, 3, 31), "100.00"),
    ...                          item("B", dt.date(2026, 2, 10), "50.00"),
    ...                          item("P", dt.date(2026, 3, 1), "-30.00", ItemKind.PAYMENT)],
    ...                         as_of=dt.date(2026, 3, 31), currency="USD")
    >>> [(b.label, b.amount) for b in summary.buckets if b.amount]
    [('current', Money('100.00', 'USD')), ('31-60', Money('50.00', 'USD'))]
    >>> summary.unapplied_cash, summary.net
    (Money('30.00', 'USD'), Money('120.00', 'USD'))

    ``bounds`` may also be the aging engine's policy, so both show the same columns:

    >>> from receivables.buckets import DEFAULT_BUCKETS
    >>> [b.label for b in aging_summary([], as_of=dt.date(2026, 3, 31), currency="USD",
    ...                                 bounds=DEFAULT_BUCKETS).buckets]
    ['current', '1-30', '31-60', '61-90', '91-120', 'over 120']
    """
    edges = _check_bounds(bounds)
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    if not isinstance(currency, str):
        raise ValidationError("currency", currency, "an ISO 4217 code such as 'USD'")
    currency_digits(currency)
    units = [0] * len(edges)
    cash = credit = 0
    for position, item in enumerate(items):
        if not isinstance(item, OpenItem):
            raise ValidationError(f"items[{position}]", item, "an OpenItem")
        if item.currency != currency:
            continue
        value = to_minor(item.open)
        if value < 0:
            if item.kind is ItemKind.PAYMENT:
                cash -= value
            else:
                credit -= value
            continue
        days = item.days_overdue(as_of)
        index = next(n for n, (_, _, high) in enumerate(edges) if high is None or days <= high)
        units[index] += value
    return AgingSummary(
        as_of=as_of,
        currency=currency,
        buckets=tuple(
            AgingBucket(label=label, low=lo, high=hi, amount=from_minor(u, currency))
            for (label, lo, hi), u in zip(edges, units, strict=True)
        ),
        unapplied_cash=from_minor(cash, currency),
        unapplied_credit=from_minor(credit, currency),
    )


@attrs.frozen(kw_only=True)
class Statement:
    """A customer's statement of account in one currency for ``start``..``end``.

    Construction checks the tie: the lines' running balances follow from
    ``opening``, the last one equals ``closing``, and the aging summary nets
    to ``closing``.

    >>> from receivables.documents import Invoice, Payment
    >>> from receivables.money import money
    >>> ledger = Ledger.of([
    ...     Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 3, 2),
    ...             due_date=dt.date(2026, 4, 1), amount=money("1200.00", "USD")),
    ...     Payment(id="P1", customer_id="C1", amount=money("500.00", "USD"),
    ...             received_date=dt.date(2026, 3, 25))])
    >>> s = statement(ledger, "C1", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    >>> s.opening, s.movements, s.closing, s.unapplied_cash
    (Money('0.00', 'USD'), Money('700.00', 'USD'), Money('700.00', 'USD'), Money('500.00', 'USD'))
    """

    customer_id: str
    customer_name: str
    currency: str
    locale: str
    start: dt.date
    end: dt.date
    opening: Money
    lines: tuple[StatementLine, ...]
    closing: Money
    aging: AgingSummary

    def __attrs_post_init__(self) -> None:
        _check_fields(
            self,
            "statement",
            {
                "customer_id": str,
                "customer_name": str,
                "currency": str,
                "locale": str,
                "start": dt.date,
                "end": dt.date,
                "opening": Money,
                "lines": tuple,
                "closing": Money,
                "aging": AgingSummary,
            },
        )
        for index, line in enumerate(self.lines):
            if not isinstance(line, StatementLine):
                raise ValidationError(f"statement.lines[{index}]", line, "a StatementLine")
        if self.end < self.start:
            raise ValidationError(
                "statement.end", self.end, f"a date on or after the start {self.start}"
            )
        amounts: list[tuple[str, Money]] = [
            ("opening", self.opening),
            ("closing", self.closing),
            ("aging.unapplied_cash", self.aging.unapplied_cash),
        ]
        for index, line in enumerate(self.lines):
            amounts += [(f"lines[{index}].amount", line.amount)]
            amounts += [(f"lines[{index}].balance", line.balance)]
        for field, amount in amounts:  # units of another currency would tie by accident
            if amount.currency.code != self.currency:
                raise ValidationError(
                    f"statement.{field}", amount, f"an amount in the statement's {self.currency}"
                )
        running = to_minor(self.opening)
        for index, line in enumerate(self.lines):
            if not self.start <= line.date <= self.end:
                raise ValidationError(
                    f"statement.lines[{index}].date", line.date, "a date within the period"
                )
            running += to_minor(line.amount)
            if to_minor(line.balance) != running:
                raise ValidationError(
                    f"statement.lines[{index}].balance",
                    line.balance,
                    f"the running balance {from_minor(running, self.currency).amount}",
                )
        if running != to_minor(self.closing):
            raise ValidationError(
                "statement.closing",
                self.closing,
                f"opening + movements = {from_minor(running, self.currency).amount}",
            )
        if self.aging.net != self.closing:
            raise ValidationError(
                "statement.aging", self.aging.net, f"an aging that nets to {self.closing.amount}"
            )

    @property
    def unapplied_cash(self) -> Money:
        """Cash the customer paid that is not yet applied to an invoice, at ``end``.

        >>> from receivables.documents import Payment
        >>> from receivables.money import money
        >>> ledger = Ledger.of([Payment(id="P1", customer_id="C1", amount=money("50.00", "USD"),
        ...                             received_date=dt.date(2026, 3, 25))])
        >>> statement(ledger, "C1", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)).unapplied_cash
        Money('50.00', 'USD')
        """
        return self.aging.unapplied_cash

    @property
    def movements(self) -> Money:
        """The sum of the lines, ``closing - opening``.

        >>> from receivables.documents import Invoice
        >>> from receivables.money import money
        >>> ledger = Ledger.of([Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 2, 2),
        ...     due_date=dt.date(2026, 3, 4), amount=money("80.00", "USD"))])
        >>> s = statement(ledger, "C1", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
        >>> s.opening, s.movements, s.closing
        (Money('80.00', 'USD'), Money('0.00', 'USD'), Money('80.00', 'USD'))
        """
        return from_minor(sum(to_minor(line.amount) for line in self.lines), self.currency)


def _check_fields(value: object, prefix: str, kinds: Mapping[str, type]) -> None:
    """Each field of ``value`` of its kind, or a ValidationError naming it."""
    for name, kind in kinds.items():
        found = getattr(value, name)
        if not isinstance(found, kind) or (kind is dt.date and isinstance(found, dt.datetime)):
            raise ValidationError(f"{prefix}.{name}", found, f"a {kind.__name__}")


@attrs.frozen(kw_only=True)
class BalanceConfirmation:
    """A request to confirm the balance on ``as_of``, with the open items behind it.

    ``balance`` equals the sum of the items' signed open amounts (checked).

    >>> from receivables.documents import Invoice
    >>> from receivables.money import money
    >>> ledger = Ledger.of([Invoice(number="INV-7", customer_id="C1",
    ...     issue_date=dt.date(2026, 5, 1), due_date=dt.date(2026, 5, 31),
    ...     amount=money("1250.00", "USD"))])
    >>> request = balance_confirmation(ledger, "C1", as_of=dt.date(2026, 6, 30))
    >>> attrs.evolve(request, balance=money("1000.00", "USD"))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: balance_confirmation.balance: got Money('1000.00', 'USD'); expected the sum of the open items 1250.00
    """

    customer_id: str
    customer_name: str
    currency: str
    locale: str
    as_of: dt.date
    balance: Money
    items: tuple[OpenItem, ...]
    reference: str
    reply_by: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        _check_fields(
            self,
            "balance_confirmation",
            {
                "customer_id": str,
                "customer_name": str,
                "currency": str,
                "locale": str,
                "as_of": dt.date,
                "balance": Money,
                "items": tuple,
                "reference": str,
            },
        )
        for index, item in enumerate(self.items):
            if not isinstance(item, OpenItem):
                raise ValidationError(f"balance_confirmation.items[{index}]", item, "an OpenItem")
        if self.reply_by is not None and not isinstance(self.reply_by, dt.date):
            raise ValidationError("balance_confirmation.reply_by", self.reply_by, "a date or None")
        total = sum(to_minor(item.open) for item in self.items)
        if total != to_minor(self.balance):
            raise ValidationError(
                "balance_confirmation.balance",
                self.balance,
                f"the sum of the open items {from_minor(total, self.currency).amount}",
            )
        if self.reply_by is not None and self.reply_by < self.as_of:
            raise ValidationError(
                "balance_confirmation.reply_by", self.reply_by, f"a date after {self.as_of}"
            )


# --- building ------------------------------------------------------------------------


@attrs.frozen
class _Move:
    date: dt.date
    kind: LineKind
    document: str
    reference: str | None
    customer_id: str
    amount: Money


def _application_moves(
    application: Application, invoice: Invoice, on: dt.date, sign: int
) -> list[_Move]:
    """What an application taking effect (+1) or going (-1) does to each currency's balance."""
    cleared, taken = application.cleared, application.taken
    moves = []
    if cleared.code == taken.code:
        if application.discount is not None:
            kind = LineKind.DISCOUNT if sign > 0 else LineKind.DISCOUNT_REVERSED
            moves.append((kind, -sign * to_minor(application.discount), cleared.code))
    else:
        kind = LineKind.APPLICATION if sign > 0 else LineKind.APPLICATION_UNDONE
        moves.append((kind, -sign * to_minor(cleared), cleared.code))
        moves.append((kind, sign * to_minor(taken), taken.code))
    return [
        _Move(
            on,
            kind,
            application.id,
            invoice.number,
            invoice.customer_id,
            from_minor(units, code),
        )
        for kind, units, code in moves
    ]


_ADJUSTMENT_KINDS: Final = {
    AdjustmentKind.WRITE_OFF: LineKind.WRITE_OFF,
    AdjustmentKind.DISCOUNT: LineKind.DISCOUNT,
    AdjustmentKind.FEE: LineKind.FEE,
    AdjustmentKind.INTEREST: LineKind.INTEREST,
    AdjustmentKind.ROUNDING: LineKind.ADJUSTMENT,
    AdjustmentKind.FX_DIFFERENCE: LineKind.ADJUSTMENT,
}


def _moves(ledger: Ledger, start: dt.date, end: dt.date) -> list[_Move]:
    """Every movement of every customer dated ``start``..``end``."""

    def within(day: dt.date) -> bool:
        return start <= day <= end

    moves: list[_Move] = []
    for invoice in ledger.invoices:
        if within(invoice.issue_date):
            kind = (
                LineKind.DEBIT_NOTE if invoice.kind is InvoiceKind.DEBIT_NOTE else LineKind.INVOICE
            )
            moves.append(
                _Move(
                    invoice.issue_date,
                    kind,
                    invoice.number,
                    invoice.reference,
                    invoice.customer_id,
                    invoice.amount,
                )
            )
    for note in ledger.credit_notes:
        if within(note.issue_date):
            moves.append(
                _Move(
                    note.issue_date,
                    LineKind.CREDIT_NOTE,
                    note.number,
                    note.against,
                    note.customer_id,
                    -note.amount,
                )
            )
    payments: dict[str, Payment] = {p.id: p for p in ledger.payments}
    for payment in ledger.payments:
        if within(payment.received_date):
            moves.append(
                _Move(
                    payment.received_date,
                    LineKind.PAYMENT,
                    payment.id,
                    payment.bank_reference or None,
                    payment.customer_id or "",
                    -payment.amount,
                )
            )
    for reversal in ledger.reversals:
        if reversal.kind is ReversalKind.RETURNED_PAYMENT and within(reversal.date):
            returned = payments[reversal.target_id]
            moves.append(
                _Move(
                    reversal.date,
                    LineKind.RETURNED_PAYMENT,
                    reversal.id,
                    returned.id,
                    returned.customer_id or "",
                    returned.amount,
                )
            )
    for adjustment in ledger.adjustments:
        if within(adjustment.date):
            moves.append(
                _Move(
                    adjustment.date,
                    _ADJUSTMENT_KINDS[adjustment.kind],
                    adjustment.id,
                    adjustment.target_number,
                    adjustment.customer_id,
                    adjustment.signed_amount,
                )
            )
    # Applications move a balance only through discounts and currencies; which are in force
    # on each day is the ledger's own answer, so the statement ties with it by construction.
    invoices = {i.number: i for i in ledger.invoices}
    applications = {a.id: a for a in ledger.applications}
    days = sorted(
        {a.date for a in ledger.applications if within(a.date)}
        | {r.date for r in ledger.reversals if within(r.date)}
    )
    before = {a.id for a in ledger.active_applications(as_of=start - dt.timedelta(days=1))}
    for day in days:
        now = {a.id for a in ledger.active_applications(as_of=day)}
        for identifier in sorted(now - before):
            application = applications[identifier]
            invoice = invoices[application.target_number]
            moves.extend(_application_moves(application, invoice, day, +1))
        for identifier in sorted(before - now):
            application = applications[identifier]
            invoice = invoices[application.target_number]
            moves.extend(_application_moves(application, invoice, day, -1))
        before = now
    moves.sort(key=lambda m: (m.customer_id, m.date, _ORDER[m.kind], m.document, m.kind.value))
    return moves


def _customers(ledger: Ledger) -> dict[str, Customer]:
    return {c.id: c for c in ledger.customers}


@attrs.frozen
class _Book:
    """What every statement of one run reads, computed once for all customers."""

    customers: Mapping[str, Customer]
    opening: Mapping[tuple[str, str], Money]
    closing: Mapping[tuple[str, str], Money]
    moves: Mapping[tuple[str, str], Sequence[_Move]]
    items: Mapping[str, Sequence[OpenItem]]

    @classmethod
    def of(
        cls,
        ledger: Ledger,
        start: dt.date,
        end: dt.date,
        *,
        customer: tuple[str, str] | None = None,
    ) -> _Book:
        """Everything for all customers, or only for one ``(customer_id, currency)``."""
        before = start - dt.timedelta(days=1)
        moves: dict[tuple[str, str], list[_Move]] = {}
        for move in _moves(ledger, start, end):
            key = (move.customer_id, move.amount.code)
            if customer is None or key == customer:
                moves.setdefault(key, []).append(move)
        items: dict[str, list[OpenItem]] = {}
        for item in ledger.open_items(as_of=end, customer_id=customer[0] if customer else None):
            items.setdefault(item.customer_id, []).append(item)
        if customer is None:
            opening = {
                (b.customer_id, b.currency): b.balance for b in ledger.balances(as_of=before)
            }
            closing = {(b.customer_id, b.currency): b.balance for b in ledger.balances(as_of=end)}
        else:
            who, currency = customer
            opening = {customer: ledger.balance(who, currency=currency, as_of=before).balance}
            closing = {customer: ledger.balance(who, currency=currency, as_of=end).balance}
        return cls(
            customers=_customers(ledger),
            opening=opening,
            closing=closing,
            moves=moves,
            items=items,
        )


def _build(
    book: _Book,
    customer_id: str,
    currency: str,
    start: dt.date,
    end: dt.date,
    *,
    locale: str | None,
    bounds: Sequence[int] | AgingBuckets,
) -> Statement:
    customer = book.customers.get(customer_id)
    opening = book.opening.get((customer_id, currency), zero(currency))
    running = to_minor(opening)
    lines = []
    for move in book.moves.get((customer_id, currency), ()):
        units = to_minor(move.amount)
        if units == 0:
            continue
        running += units
        lines.append(
            StatementLine(
                date=move.date,
                kind=move.kind,
                document=move.document,
                reference=move.reference,
                amount=move.amount,
                balance=from_minor(running, currency),
            )
        )
    items = book.items.get(customer_id, ())
    return Statement(
        customer_id=customer_id,
        customer_name=customer.name if customer else customer_id,
        currency=currency,
        locale=locale or (customer.locale if customer else "en_US"),
        start=start,
        end=end,
        opening=opening,
        lines=tuple(lines),
        closing=book.closing.get((customer_id, currency), zero(currency)),
        aging=aging_summary(items, as_of=end, currency=currency, bounds=bounds),
    )


def _check_period(start: dt.date, end: dt.date) -> None:
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise ValidationError(name, value, "a datetime.date")
    if start == dt.date.min:  # the opening balance is the day before the start
        raise ValidationError(
            "start", start, "a date after 0001-01-01 (the opening is the day before)"
        )
    if end == dt.date.max:
        raise ValidationError("end", end, "a date before 9999-12-31")
    if end < start:
        raise ValidationError("end", end, f"a date on or after the start {start.isoformat()}")


def _check_ledger(ledger: object) -> None:
    if not isinstance(ledger, Ledger):
        raise ValidationError(
            "ledger", type(ledger).__name__, "a Ledger: build one with Ledger.of(documents)"
        )


def _currencies(ledger: Ledger, customer_id: str, end: dt.date) -> list[str]:
    return [b.currency for b in ledger.balances(as_of=end) if b.customer_id == customer_id]


def _customer_currency(ledger: Ledger, customer_id: str, by: dt.date) -> str:
    """The customer's own currency if it has documents in it (or none at all), else its only one."""
    have = _currencies(ledger, customer_id, by)
    customer = _customers(ledger).get(customer_id)
    if customer is not None and (customer.currency in have or not have):
        return customer.currency
    if len(have) == 1:
        return have[0]
    raise ValidationError(
        "currency",
        None,
        f"one of {', '.join(have)} for customer {customer_id}"
        if have
        else f"a currency: customer {customer_id} has no documents by {by.isoformat()}",
    )


def statement(
    ledger: Ledger,
    customer_id: str,
    *,
    start: dt.date,
    end: dt.date,
    currency: str | None = None,
    locale: str | None = None,
    bounds: Sequence[int] | AgingBuckets = AGING_BOUNDS,
) -> Statement:
    """One customer's statement of account for ``start``..``end``.

    ``currency`` defaults to the only currency the customer has (or the
    customer's own when the ledger knows the customer); ``locale`` to the
    customer's.

    >>> from receivables.documents import Customer, Invoice, Payment
    >>> from receivables.money import money
    >>> ledger = Ledger.of([
    ...     Customer(id="C1", name="Ferretería El Tornillo S.A.S.", country="CO",
    ...              currency="COP", locale="es_CO"),
    ...     Invoice(number="FE-1", customer_id="C1", issue_date=dt.date(2026, 2, 20),
    ...             due_date=dt.date(2026, 3, 22), amount=money("1500000", "COP")),
    ...     Invoice(number="FE-2", customer_id="C1", issue_date=dt.date(2026, 3, 10),
    ...             due_date=dt.date(2026, 4, 9), amount=money("800000", "COP")),
    ...     Payment(id="P1", customer_id="C1", amount=money("500000", "COP"),
    ...             received_date=dt.date(2026, 3, 25))])
    >>> s = statement(ledger, "C1", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    >>> s.opening, s.closing, [(line.document, line.balance.amount) for line in s.lines]
    (Money('1500000.00', 'COP'), Money('1800000.00', 'COP'), [('FE-2', Decimal('2300000.00')), ('P1', Decimal('1800000.00'))])
    >>> print(to_text(s))  # doctest: +NORMALIZE_WHITESPACE
    Estado de cuenta
    Ferretería El Tornillo S.A.S. (C1)
    Periodo: 1/03/2026 – 31/03/2026    Moneda: COP
    <BLANKLINE>
    Fecha       Tipo     Documento  Referencia  Débito         Crédito      Saldo
    1/03/2026   Saldo inicial                                               $1.500.000,00
    10/03/2026  Factura  FE-2                   $800.000,00                 $2.300.000,00
    25/03/2026  Pago     P1                                    $500.000,00  $1.800.000,00
    31/03/2026  Saldo final                                                 $1.800.000,00
    <BLANKLINE>
    Vencimiento: Corriente $800.000,00 · 1-30 días $1.500.000,00 · 31-60 días $0,00 · 61-90 días $0,00 · Más de 90 días $0,00
    Pagos sin aplicar: $500.000,00    Créditos sin aplicar: $0,00
    """
    _check_ledger(ledger)
    if not isinstance(customer_id, str) or not customer_id:
        raise ValidationError("customer_id", customer_id, "a customer id (a non-empty str)")
    _check_period(start, end)
    _check_bounds(bounds)
    if currency is None:
        currency = _customer_currency(ledger, customer_id, end)
    if locale is not None:
        locale_of(locale)
    return _build(
        _Book.of(ledger, start, end, customer=(customer_id, currency)),
        customer_id,
        currency,
        start,
        end,
        locale=locale,
        bounds=bounds,
    )


def statements(
    ledger: Ledger,
    *,
    start: dt.date,
    end: dt.date,
    customer_ids: Iterable[str] | None = None,
    bounds: Sequence[int] | AgingBuckets = AGING_BOUNDS,
) -> tuple[Statement, ...]:
    """A statement per customer and currency with a balance or a movement, by customer, currency.

    >>> from receivables.documents import Invoice
    >>> from receivables.money import money
    >>> ledger = Ledger.of([Invoice(number=f"I{n}", customer_id=c, issue_date=dt.date(2026, 1, 5),
    ...     due_date=dt.date(2026, 2, 4), amount=money("10.00", cur))
    ...     for n, (c, cur) in enumerate([("B", "USD"), ("A", "USD"), ("A", "EUR")])])
    >>> [(s.customer_id, s.currency, s.closing) for s in statements(ledger,
    ...     start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))]
    [('A', 'EUR', Money('10.00', 'EUR')), ('A', 'USD', Money('10.00', 'USD')), ('B', 'USD', Money('10.00', 'USD'))]
    """
    _check_ledger(ledger)
    _check_period(start, end)
    _check_bounds(bounds)
    if isinstance(customer_ids, str):  # "C12" would otherwise mean customers "C", "1" and "2"
        raise ValidationError("customer_ids", customer_ids, "a list of customer ids, or None")
    wanted = None if customer_ids is None else set(customer_ids)
    book = _Book.of(ledger, start, end)
    result = []
    for customer_id, currency in sorted(book.closing):
        if wanted is not None and customer_id not in wanted:
            continue
        built = _build(book, customer_id, currency, start, end, locale=None, bounds=bounds)
        if built.lines or built.opening.amount or built.closing.amount:
            result.append(built)
    return tuple(result)


def merge(*parts: Sequence[Statement]) -> tuple[Statement, ...]:
    """Statements computed on separate partitions of customers, as one ordered tuple.

    Associative and commutative, with ``()`` as identity: each customer lives in
    exactly one partition, so merging is concatenation put in (customer, currency)
    order. A customer and currency in two parts is an error, and so are
    statements of different periods (they would not make one run).

    >>> merge((), ()) == ()
    True
    """
    joined: dict[tuple[str, str], Statement] = {}
    period: tuple[dt.date, dt.date] | None = None
    for number, part in enumerate(parts):
        given: object = part
        if isinstance(given, str) or not isinstance(given, Sequence):
            raise ValidationError(f"parts[{number}]", part, "a sequence of Statements")
        for position, item in enumerate(part):
            if not isinstance(item, Statement):
                raise ValidationError(f"parts[{number}][{position}]", item, "a Statement")
            if period is None:
                period = (item.start, item.end)
            elif (item.start, item.end) != period:
                raise ValidationError(
                    f"parts[{number}][{position}].period",
                    f"{item.start.isoformat()}..{item.end.isoformat()}",
                    f"the period of the others, {period[0].isoformat()}..{period[1].isoformat()}",
                )
            key = (item.customer_id, item.currency)
            if key in joined and joined[key] != item:
                raise ValidationError(
                    "statements", key, "each customer and currency in one partition only"
                )
            joined[key] = item
    return tuple(joined[key] for key in sorted(joined))


def balance_confirmation(
    ledger: Ledger,
    customer_id: str,
    *,
    as_of: dt.date,
    currency: str | None = None,
    locale: str | None = None,
    reference: str | None = None,
    reply_by: dt.date | None = None,
) -> BalanceConfirmation:
    """A request to the customer to confirm (or dispute) the balance on ``as_of``.

    >>> from receivables.documents import Invoice
    >>> from receivables.money import money
    >>> ledger = Ledger.of([Invoice(number="INV-7", customer_id="C1",
    ...     issue_date=dt.date(2026, 5, 1), due_date=dt.date(2026, 5, 31),
    ...     amount=money("1250.00", "USD"))])
    >>> request = balance_confirmation(ledger, "C1", as_of=dt.date(2026, 6, 30),
    ...                                reply_by=dt.date(2026, 7, 15))
    >>> request.balance, [item.number for item in request.items], request.reference
    (Money('1250.00', 'USD'), ['INV-7'], 'BC-C1-2026-06-30')
    """
    _check_ledger(ledger)
    if not isinstance(customer_id, str) or not customer_id:
        raise ValidationError("customer_id", customer_id, "a customer id (a non-empty str)")
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    customer = _customers(ledger).get(customer_id)
    if currency is None:
        currency = _customer_currency(ledger, customer_id, as_of)
    if locale is not None:
        locale_of(locale)
    items = tuple(
        i for i in ledger.open_items(as_of=as_of, customer_id=customer_id) if i.currency == currency
    )
    return BalanceConfirmation(
        customer_id=customer_id,
        customer_name=customer.name if customer else customer_id,
        currency=currency,
        locale=locale or (customer.locale if customer else "en_US"),
        as_of=as_of,
        balance=ledger.balance(customer_id, currency=currency, as_of=as_of).balance,
        items=items,
        reference=reference or f"BC-{customer_id}-{as_of.isoformat()}",
        reply_by=reply_by,
    )


# --- rendering -----------------------------------------------------------------------

_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "statement": "Statement of account",
        "confirmation": "Balance confirmation",
        "period": "Period",
        "currency": "Currency",
        "date": "Date",
        "kind": "Type",
        "document": "Document",
        "reference": "Reference",
        "debit": "Debit",
        "credit": "Credit",
        "balance": "Balance",
        "opening": "Opening balance",
        "closing": "Closing balance",
        "aging": "Aging",
        "current": "Current",
        "days": "days",
        "over": "Over",
        "unapplied_cash": "Unapplied payments",
        "unapplied_credit": "Unapplied credits",
        "due": "Due",
        "open": "Open",
        "original": "Original",
        "as_of": "Balance on",
        "request": "Please confirm that this balance agrees with your records, or tell us "
        "the difference.",
        "reply_by": "Reply by",
        "agree": "[ ] We agree    [ ] We do not agree (details attached)",
        "reference_no": "Reference",
        LineKind.INVOICE: "Invoice",
        LineKind.DEBIT_NOTE: "Debit note",
        LineKind.CREDIT_NOTE: "Credit note",
        LineKind.PAYMENT: "Payment",
        LineKind.RETURNED_PAYMENT: "Returned payment",
        LineKind.DISCOUNT: "Discount",
        LineKind.DISCOUNT_REVERSED: "Discount reversed",
        LineKind.WRITE_OFF: "Write-off",
        LineKind.FEE: "Fee",
        LineKind.INTEREST: "Interest",
        LineKind.ADJUSTMENT: "Adjustment",
        LineKind.APPLICATION: "Application",
        LineKind.APPLICATION_UNDONE: "Application undone",
    },
    "es": {
        "statement": "Estado de cuenta",
        "confirmation": "Confirmación de saldo",
        "period": "Periodo",
        "currency": "Moneda",
        "date": "Fecha",
        "kind": "Tipo",
        "document": "Documento",
        "reference": "Referencia",
        "debit": "Débito",
        "credit": "Crédito",
        "balance": "Saldo",
        "opening": "Saldo inicial",
        "closing": "Saldo final",
        "aging": "Vencimiento",
        "current": "Corriente",
        "days": "días",
        "over": "Más de",
        "unapplied_cash": "Pagos sin aplicar",
        "unapplied_credit": "Créditos sin aplicar",
        "due": "Vence",
        "open": "Pendiente",
        "original": "Original",
        "as_of": "Saldo al",
        "request": "Por favor confirme si este saldo coincide con sus registros o indíquenos "
        "la diferencia.",
        "reply_by": "Responder antes del",
        "agree": "[ ] Conforme    [ ] No conforme (adjunto detalle)",
        "reference_no": "Referencia",
        LineKind.INVOICE: "Factura",
        LineKind.DEBIT_NOTE: "Nota débito",
        LineKind.CREDIT_NOTE: "Nota crédito",
        LineKind.PAYMENT: "Pago",
        LineKind.RETURNED_PAYMENT: "Pago devuelto",
        LineKind.DISCOUNT: "Descuento",
        LineKind.DISCOUNT_REVERSED: "Descuento reversado",
        LineKind.WRITE_OFF: "Castigo",
        LineKind.FEE: "Cargo",
        LineKind.INTEREST: "Intereses",
        LineKind.ADJUSTMENT: "Ajuste",
        LineKind.APPLICATION: "Aplicación",
        LineKind.APPLICATION_UNDONE: "Aplicación reversada",
    },
}


def _labels(locale: str) -> Mapping[str, str]:
    return _LABELS.get(locale_of(locale).language, _LABELS["en"])


def _bucket_label(bucket: AgingBucket, words: Mapping[str, str]) -> str:
    if bucket.low is None:
        if bucket.high is not None and bucket.high > 0:
            return f"≤ {bucket.high} {words['days']}"
        return words["current"]
    if bucket.high is None:
        return f"{words['over']} {bucket.low - 1} {words['days']}"
    return f"{bucket.low}-{bucket.high} {words['days']}"


def _item_kind(kind: ItemKind, words: Mapping[str, str]) -> str:
    return words.get(kind.value, kind.value)


def _rows(document: Statement | BalanceConfirmation, fmt: Formatter) -> list[list[str]]:
    """Header row and body rows of the document's table, formatted."""
    words = _labels(fmt.locale)
    if isinstance(document, Statement):
        rows = [
            [
                words[k]
                for k in ("date", "kind", "document", "reference", "debit", "credit", "balance")
            ],
            [
                fmt.date(document.start),
                words["opening"],
                "",
                "",
                "",
                "",
                fmt.money(document.opening),
            ],
        ]
        for line in document.lines:
            rows.append(
                [
                    fmt.date(line.date),
                    words[line.kind],
                    line.document,
                    line.reference or "",
                    fmt.money(line.debit) if line.debit else "",
                    fmt.money(line.credit) if line.credit else "",
                    fmt.money(line.balance),
                ]
            )
        rows.append(
            [fmt.date(document.end), words["closing"], "", "", "", "", fmt.money(document.closing)]
        )
        return rows
    rows = [
        [words[k] for k in ("date", "kind", "document", "reference", "due", "original", "open")]
    ]
    for item in document.items:
        rows.append(
            [
                fmt.date(item.document_date),
                _item_kind(item.kind, words),
                item.number,
                item.reference or "",
                fmt.date(item.due_date),
                fmt.money(item.original),
                fmt.money(item.open),
            ]
        )
    return rows


def _formatter(document: Statement | BalanceConfirmation, locale: str | None) -> Formatter:
    if not isinstance(document, Statement | BalanceConfirmation):
        raise ValidationError("document", document, "a Statement or a BalanceConfirmation")
    return Formatter(locale or document.locale)


def _summary_lines(document: Statement | BalanceConfirmation, fmt: Formatter) -> list[str]:
    words = _labels(fmt.locale)
    if isinstance(document, Statement):
        aging = " · ".join(
            f"{_bucket_label(b, words)} {fmt.money(b.amount)}" for b in document.aging.buckets
        )
        return [
            f"{words['aging']}: {aging}",
            (
                f"{words['unapplied_cash']}: {fmt.money(document.aging.unapplied_cash)}    "
                f"{words['unapplied_credit']}: {fmt.money(document.aging.unapplied_credit)}"
            ),
        ]
    lines = [
        f"{words['as_of']} {fmt.date(document.as_of)}: {fmt.money(document.balance)}",
        words["request"],
    ]
    if document.reply_by is not None:
        lines.append(f"{words['reply_by']} {fmt.date(document.reply_by)}")
    lines.append(words["agree"])
    return lines


def _title_lines(document: Statement | BalanceConfirmation, fmt: Formatter) -> list[str]:
    words = _labels(fmt.locale)
    if isinstance(document, Statement):
        return [
            words["statement"],
            f"{document.customer_name} ({document.customer_id})",
            (
                f"{words['period']}: {fmt.date(document.start)} – {fmt.date(document.end)}    "
                f"{words['currency']}: {document.currency}"
            ),
        ]
    return [
        words["confirmation"],
        f"{document.customer_name} ({document.customer_id})",
        f"{words['reference_no']}: {document.reference}    {words['currency']}: {document.currency}",
    ]


def to_text(document: Statement | BalanceConfirmation, *, locale: str | None = None) -> str:
    """The statement or confirmation as plain text columns, in its (or the given) locale.

    Amount columns are right-aligned; see :func:`statement` for an example.

    >>> from receivables.documents import Invoice
    >>> from receivables.money import money
    >>> ledger = Ledger.of([Invoice(number="INV-7", customer_id="C1",
    ...     issue_date=dt.date(2026, 5, 1), due_date=dt.date(2026, 5, 31),
    ...     amount=money("1250.00", "USD"))])
    >>> request = balance_confirmation(ledger, "C1", as_of=dt.date(2026, 6, 30))
    >>> print(to_text(request))
    Balance confirmation
    C1 (C1)
    Reference: BC-C1-2026-06-30    Currency: USD
    <BLANKLINE>
    Date         Type     Document  Reference           Due   Original       Open
    May 1, 2026  Invoice  INV-7                May 31, 2026  $1,250.00  $1,250.00
    <BLANKLINE>
    Balance on Jun 30, 2026: $1,250.00
    Please confirm that this balance agrees with your records, or tell us the difference.
    [ ] We agree    [ ] We do not agree (details attached)
    """
    fmt = _formatter(document, locale)
    rows = _rows(document, fmt)
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    right = {4, 5, 6}

    def cell(text: str, column: int) -> str:
        return text.rjust(widths[column]) if column in right else text.ljust(widths[column])

    table = ["  ".join(cell(t, c) for c, t in enumerate(row)).rstrip() for row in rows]
    return "\n".join([*_title_lines(document, fmt), "", *table, "", *_summary_lines(document, fmt)])


def to_html(document: Statement | BalanceConfirmation, *, locale: str | None = None) -> str:
    """A self-contained HTML fragment (a ``<section>`` with one table), every text escaped.

    >>> from receivables.documents import Customer, Invoice
    >>> from receivables.money import money
    >>> ledger = Ledger.of([Customer(id="C<1>", name="Tom & Jerry's"),
    ...     Invoice(number="I-1", customer_id="C<1>", issue_date=dt.date(2026, 1, 5),
    ...             due_date=dt.date(2026, 2, 4), amount=money("10.00", "USD"))])
    >>> page = to_html(statement(ledger, "C<1>", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)))
    >>> "Tom &amp; Jerry&#x27;s (C&lt;1&gt;)" in page, "<script" in page
    (True, False)
    """
    fmt = _formatter(document, locale)
    rows = _rows(document, fmt)
    title, *subtitle = _title_lines(document, fmt)
    e = html.escape
    out = [
        (
            f'<section class="receivables-{"statement" if isinstance(document, Statement) else "confirmation"}" '
            f'lang="{e(fmt.locale.replace("_", "-"))}">'
        ),
        f"<h2>{e(title)}</h2>",
        *(f"<p>{e(line)}</p>" for line in subtitle),
        '<table style="border-collapse: collapse">',
        "<thead><tr>"
        + "".join(f'<th style="text-align: left">{e(h)}</th>' for h in rows[0])
        + "</tr></thead>",
        "<tbody>",
    ]
    for row in rows[1:]:
        cells = "".join(
            f'<td style="text-align: {"right" if c >= 4 else "left"}">{e(t)}</td>'
            for c, t in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>")
    out += ["</tbody>", "</table>"]
    out += [f"<p>{e(line)}</p>" for line in _summary_lines(document, fmt)]
    out.append("</section>")
    return "\n".join(out)


_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    """A document number or reference a spreadsheet will not run as a formula (OWASP CSV injection)."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def to_csv(
    document: Statement | BalanceConfirmation,
    *,
    locale: str | None = None,
    localized: bool = True,
) -> str:
    """The table as CSV; ``localized=False`` writes ISO dates and plain signed amounts instead.

    The localized form is for people (opened in a spreadsheet in the customer's
    language), so a document number or reference that a spreadsheet would run as
    a formula (starting with ``=``, ``+``, ``-`` or ``@``) gets a leading ``'``.
    The plain form, with columns ``date,kind,document,reference,amount,balance``
    (statement) or ``document_date,kind,number,reference,due_date,original,open``
    (confirmation), is for machines.

    >>> from receivables.documents import Invoice
    >>> from receivables.money import money
    >>> ledger = Ledger.of([Invoice(number="I-1", customer_id="C1", issue_date=dt.date(2026, 1, 5),
    ...             due_date=dt.date(2026, 2, 4), amount=money("10.00", "USD"))])
    >>> s = statement(ledger, "C1", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    >>> print(to_csv(s, localized=False))
    date,kind,document,reference,amount,balance
    2026-01-01,opening,,,,0.00
    2026-01-05,invoice,I-1,,10.00,10.00
    2026-01-31,closing,,,,10.00
    <BLANKLINE>
    """
    fmt = _formatter(document, locale)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if localized:
        for row in _rows(document, fmt):
            writer.writerow([_inert(text) if c in (2, 3) else text for c, text in enumerate(row)])
        return buffer.getvalue()
    if isinstance(document, Statement):
        writer.writerow(["date", "kind", "document", "reference", "amount", "balance"])
        writer.writerow(
            [document.start.isoformat(), "opening", "", "", "", document.opening.amount]
        )
        for line in document.lines:
            writer.writerow(
                [
                    line.date.isoformat(),
                    line.kind.value,
                    line.document,
                    line.reference or "",
                    line.amount.amount,
                    line.balance.amount,
                ]
            )
        writer.writerow([document.end.isoformat(), "closing", "", "", "", document.closing.amount])
        return buffer.getvalue()
    writer.writerow(
        ["document_date", "kind", "number", "reference", "due_date", "original", "open"]
    )
    for item in document.items:
        writer.writerow(
            [
                item.document_date.isoformat(),
                item.kind.value,
                item.number,
                item.reference or "",
                item.due_date.isoformat(),
                item.original.amount,
                item.open.amount,
            ]
        )
    return buffer.getvalue()
