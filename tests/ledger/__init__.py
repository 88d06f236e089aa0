"""The ledger, one test file per module of receivables.ledger; the builders they share."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import strategies as st

from receivables.allocation import by_reference, oldest_due_first
from receivables.documents import Adjustment, Application, CreditNote, Invoice, Payment, SourceKind
from receivables.ledger import Ledger
from receivables.money import from_minor, money

D = dt.date


def usd(amount: str) -> object:
    return money(amount, "USD")


def invoice(number: str, issued: D, due: D, amount: str, customer: str = "C1") -> Invoice:
    return Invoice(
        number=number,
        customer_id=customer,
        issue_date=issued,
        due_date=due,
        amount=money(amount, "USD"),
    )


def payment(identifier: str, received: D, amount: str, customer: str = "C1") -> Payment:
    return Payment(
        id=identifier, customer_id=customer, amount=money(amount, "USD"), received_date=received
    )


def application(
    identifier: str, source: str, target: str, amount: str, on: D, **kw: object
) -> Application:
    return Application(
        id=identifier,
        source_id=source,
        target_number=target,
        amount=money(amount, "USD"),
        date=on,
        **kw,  # type: ignore[arg-type]
    )


def write_off(
    identifier: str,
    target: str,
    amount: str,
    on: D,
    customer: str = "C1",
    currency: str = "USD",
) -> Adjustment:
    return Adjustment(
        id=identifier,
        customer_id=customer,
        kind="write_off",
        amount=money(amount, currency),
        date=on,
        target_number=target,
    )


def by_number(order: list[str]):  # type: ignore[no-untyped-def]
    def strategy(amount, items):  # type: ignore[no-untyped-def]
        return by_reference(amount, items, order)

    return strategy


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[Ledger, list[D]]:
    """A random but valid ledger built the way a host would: documents, then allocations."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    start = D(2026, 1, 1)
    customers = ["C1", "C2", "C3"]
    docs: list[object] = []
    for n in range(draw(st.integers(0, 12))):
        issued = start + dt.timedelta(days=rng.randrange(60))
        docs.append(
            invoice(
                f"INV-{n}",
                issued,
                issued + dt.timedelta(days=rng.choice([0, 15, 30])),
                str(from_minor(rng.randrange(1, 10**6), "USD").amount),
                customer=rng.choice(customers),
            )
        )
    for n in range(draw(st.integers(0, 4))):
        docs.append(
            CreditNote(
                number=f"CN-{n}",
                customer_id=rng.choice(customers),
                issue_date=start + dt.timedelta(days=rng.randrange(60)),
                amount=from_minor(rng.randrange(1, 10**5), "USD"),
            )
        )
    payments = []
    for n in range(draw(st.integers(0, 10))):
        p = payment(
            f"P{n}",
            start + dt.timedelta(days=rng.randrange(90)),
            str(from_minor(rng.randrange(1, 10**6), "USD").amount),
            customer=rng.choice(customers),
        )
        docs.append(p)
        payments.append(p)
    for n in range(draw(st.integers(0, 3))):
        docs.append(
            Adjustment(
                id=f"F{n}",
                customer_id=rng.choice(customers),
                kind="fee",
                amount=from_minor(rng.randrange(1, 10**4), "USD"),
                date=start + dt.timedelta(days=rng.randrange(90)),
            )
        )
    ledger = Ledger.of(docs)  # type: ignore[arg-type]
    # Sources are allocated in whatever order the host likes; the ledger keeps every day valid.
    sources = [(p.received_date, p.id, SourceKind.PAYMENT) for p in payments] + [
        (c.issue_date + dt.timedelta(days=5), c.number, SourceKind.CREDIT_NOTE)
        for c in ledger.credit_notes
    ]
    rng.shuffle(sources)
    for on, identifier, kind in sources:
        ledger = ledger.allocate(identifier, oldest_due_first, on=on, source_kind=kind)
    if ledger.applications and draw(st.booleans()):
        target = rng.choice(ledger.applications)
        ledger = ledger.undo(target.id, on=target.date + dt.timedelta(days=3))
    if payments and draw(st.booleans()):
        returned = rng.choice(payments)
        dates = [returned.received_date]
        dates += [a.date for a in ledger.applications if a.source_id == returned.id]
        ledger = ledger.return_payment(returned.id, on=max(dates) + dt.timedelta(days=1))
    days = [
        start + dt.timedelta(days=d)
        for d in draw(st.lists(st.integers(0, 120), min_size=1, max_size=4))
    ]
    return ledger, days
