"""The one shared module of Hypothesis strategies; every new type joins here."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from receivables.allocation import oldest_due_first
from receivables.documents import (
    Adjustment,
    Application,
    CreditNote,
    Customer,
    Invoice,
    InvoiceKind,
    Payment,
    Reversal,
    ReversalKind,
    SourceKind,
)
from receivables.errors import ReceivablesError
from receivables.ledger import Ledger
from receivables.money import Money, from_minor, to_minor

CURRENCIES = ("USD", "EUR", "COP", "MXN", "JPY", "CLP", "BHD", "KWD")

currencies = st.sampled_from(CURRENCIES)

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


def amounts(
    currency: str | None = None, *, min_units: int = -(10**12), max_units: int = 10**12
) -> st.SearchStrategy[Money]:
    """Money in ``currency`` (or any listed one) between the given minor units."""
    codes = st.just(currency) if currency else currencies
    return st.builds(from_minor, st.integers(min_units, max_units), codes)


def positive_amounts(
    currency: str | None = None, max_units: int = 10**10
) -> st.SearchStrategy[Money]:
    """Strictly positive Money."""
    return amounts(currency, min_units=1, max_units=max_units)


weights = st.lists(
    st.one_of(
        st.integers(0, 10**6),
        st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=4),
    ),
    min_size=1,
    max_size=30,
).filter(lambda ws: any(Decimal(w) > 0 for w in ws))


# --- calendars ---------------------------------------------------------------------------

CALENDAR_COUNTRIES = ("CO", "US", "MX", "GB", "DE", "JP", "BR", "IN")

near_dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2032, 12, 31))
"""Dates a calendar test can cover without building decades of holidays."""


def business_calendars() -> st.SearchStrategy[object]:
    """A BusinessCalendar of one of a few countries, sometimes with a Friday/Saturday weekend."""
    from receivables.calendars import BusinessCalendar

    return st.builds(
        BusinessCalendar,
        st.sampled_from(CALENDAR_COUNTRIES),
        weekend=st.sampled_from([(5, 6), (4, 5), (6,)]),
    )


# --- terms -------------------------------------------------------------------------------


@st.composite
def term_lines(
    draw: st.DrawFn, value: str = "balance", *, amount: object = None, percent: object = None
) -> object:
    """A TermLine with any due-date rule (months, day of month, days, end of month...)."""
    from receivables.terms import TermLine

    end_of_month = draw(st.booleans())
    return TermLine(
        value=value,
        amount=amount,
        percent=percent,
        months=draw(st.integers(0, 14)),
        day_of_month=draw(st.none() | st.integers(1, 31)),
        days=draw(st.integers(0, 120)),
        end_of_month=end_of_month,
        days_after=draw(st.integers(0, 45)) if end_of_month else 0,
        day_of_next_month=None if end_of_month else draw(st.none() | st.integers(1, 31)),
    )


@st.composite
def payment_terms(draw: st.DrawFn, currency: str | None = None) -> object:
    """PaymentTerms of up to three percent lines, up to two fixed lines (when a currency is
    given) and the balance, in any order before the balance."""
    from receivables.terms import PaymentTerms

    percents = draw(
        st.lists(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal(50), places=2),
            max_size=3,
        ).filter(lambda ps: sum(ps, Decimal(0)) <= 100)
    )
    lines = [draw(term_lines("percent", percent=p)) for p in percents]
    if currency is not None:
        for units in draw(st.lists(st.integers(1, 10**6), max_size=2)):
            lines.append(draw(term_lines("fixed", amount=from_minor(units, currency))))
    lines = draw(st.permutations(lines)) if lines else []
    lines.append(draw(term_lines()))
    return PaymentTerms(id="generated", lines=lines)


# --- ledger -----------------------------------------------------------------------------
# A random but valid Ledger, built the way a host would: documents, allocations, then the
# odd discount, write-off, fee, undo, returned cheque and cross-currency application.
# (The idea of tests/test_ledger.py's own ``ledgers()``, made reusable and richer.)

LEDGER_START = dt.date(2026, 1, 1)


@st.composite
def ledgers(
    draw: st.DrawFn, *, customers: int = 3, max_invoices: int = 12
) -> tuple[Ledger, list[dt.date]]:
    """A valid :class:`~receivables.ledger.Ledger` and a few days to look at it (within 120 days)."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    start = LEDGER_START
    people = [f"C{n}" for n in range(1, customers + 1)]

    def day(span: int) -> dt.date:
        return start + dt.timedelta(days=rng.randrange(span))

    def usd(units: int) -> Money:
        return from_minor(units, "USD")

    docs: list[Any] = [Customer(id=c, name=f"Customer {c}") for c in people]
    for n in range(draw(st.integers(0, max_invoices))):
        issued = day(60)
        docs.append(
            Invoice(
                number=f"INV-{n}",
                customer_id=rng.choice(people),
                issue_date=issued,
                due_date=issued + dt.timedelta(days=rng.choice([0, 15, 30])),
                amount=usd(rng.randrange(1, 10**6)),
                kind=rng.choice([InvoiceKind.INVOICE] * 4 + [InvoiceKind.DEBIT_NOTE]),
            )
        )
    for n in range(draw(st.integers(0, 4))):
        docs.append(
            CreditNote(
                number=f"CN-{n}",
                customer_id=rng.choice(people),
                issue_date=day(60),
                amount=usd(rng.randrange(1, 10**5)),
            )
        )
    payments = []
    for n in range(draw(st.integers(0, 10))):
        p = Payment(
            id=f"P{n}",
            customer_id=rng.choice(people),
            amount=usd(rng.randrange(1, 10**6)),
            received_date=day(90),
        )
        docs.append(p)
        payments.append(p)
    for n in range(draw(st.integers(0, 3))):
        docs.append(
            Adjustment(
                id=f"F{n}",
                customer_id=rng.choice(people),
                kind=rng.choice(["fee", "interest", "write_off"]),
                amount=usd(rng.randrange(1, 10**4)),
                date=day(90),
            )
        )
    ledger = Ledger.of(docs)
    sources = [(p.received_date, p.id, SourceKind.PAYMENT) for p in payments] + [
        (c.issue_date + dt.timedelta(days=5), c.number, SourceKind.CREDIT_NOTE)
        for c in ledger.credit_notes
    ]
    rng.shuffle(sources)
    for on, identifier, kind in sources:
        ledger = ledger.allocate(identifier, oldest_due_first, on=on, source_kind=kind)

    def attempt(*documents: Any) -> None:
        nonlocal ledger
        # One that would break some later day is dropped, as a host would not post it either.
        with contextlib.suppress(ReceivablesError):
            ledger = ledger.add(*documents)

    for n in range(draw(st.integers(0, 3))):
        # A payment that takes an early-payment discount, or a targeted write-off.
        on = day(90)
        items = [
            i for i in ledger.open_items(as_of=on, include_credits=False) if to_minor(i.open) > 2
        ]
        if not items:
            continue
        item = rng.choice(items)
        units = to_minor(item.open)
        if rng.random() < 0.5:
            discount = rng.randrange(1, max(2, units // 10))
            paid = Payment(
                id=f"PD{n}",
                customer_id=item.customer_id,
                amount=usd(units - discount),
                received_date=on,
            )
            attempt(
                paid,
                Application(
                    id=f"AD{n}",
                    source_id=paid.id,
                    target_number=item.number,
                    amount=usd(units - discount),
                    discount=usd(discount),
                    date=on,
                ),
            )
            payments.extend(p for p in ledger.payments if p.id == paid.id)
        else:
            attempt(
                Adjustment(
                    id=f"W{n}",
                    customer_id=item.customer_id,
                    kind=rng.choice(["write_off", "discount"]),
                    amount=usd(rng.randrange(1, units)),
                    date=on,
                    target_number=item.number,
                )
            )
    if draw(st.booleans()):
        # A payment in euros that settles part of a dollar invoice (a cross-currency application).
        on = day(90)
        items = ledger.open_items(as_of=on, include_credits=False)
        if items:
            item = rng.choice(items)
            euros = Payment(
                id="PEUR",
                customer_id=item.customer_id,
                received_date=on,
                amount=from_minor(rng.randrange(1, 10**5), "EUR"),
            )
            attempt(
                euros,
                Application(
                    id="AEUR",
                    source_id="PEUR",
                    target_number=item.number,
                    date=on,
                    amount=usd(rng.randrange(1, to_minor(item.open) + 1)),
                    source_amount=euros.amount,
                ),
            )
    if ledger.applications and draw(st.booleans()):
        target = rng.choice(ledger.applications)
        attempt(
            Reversal(
                id=f"undo-{target.id}",
                kind=ReversalKind.APPLICATION_UNDONE,
                target_id=target.id,
                date=target.date + dt.timedelta(days=rng.choice([0, 3])),
            )
        )
    if payments and draw(st.booleans()):
        returned = rng.choice(payments)
        dates = [returned.received_date]
        dates += [a.date for a in ledger.applications if a.source_id == returned.id]
        attempt(
            Reversal(
                id=f"return-{returned.id}",
                kind=ReversalKind.RETURNED_PAYMENT,
                target_id=returned.id,
                date=max(dates) + dt.timedelta(days=1),
            )
        )
    days = [
        start + dt.timedelta(days=d)
        for d in draw(st.lists(st.integers(0, 120), min_size=1, max_size=4))
    ]
    return ledger, days
