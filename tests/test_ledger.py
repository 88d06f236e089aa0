"""The ledger: open items and balances as of any date, conservation, and clean failures."""

from __future__ import annotations

import datetime as dt
import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables.allocation import by_reference, oldest_due_first
from receivables.documents import (
    Adjustment,
    Application,
    CreditNote,
    Customer,
    Invoice,
    Payment,
    Reversal,
    SourceKind,
)
from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    OverApplicationError,
    UnknownDocumentError,
    ValidationError,
)
from receivables.ledger import ItemKind, Ledger, OpenItem
from receivables.money import from_minor, money, to_minor
from tests.strategies import ledgers as rich_ledgers

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


@pytest.fixture
def book() -> Ledger:
    """A small month of one customer: two invoices, a credit note, two payments."""
    return Ledger.of(
        [
            Customer(id="C1", name="Acme Inc"),
            invoice("INV-1", D(2026, 1, 5), D(2026, 2, 4), "1000.00"),
            invoice("INV-2", D(2026, 1, 20), D(2026, 2, 19), "500.00"),
            CreditNote(
                number="CN-1",
                customer_id="C1",
                issue_date=D(2026, 1, 25),
                amount=money("100.00", "USD"),
                against="INV-2",
            ),
            payment("P1", D(2026, 2, 1), "700.00"),
            payment("P2", D(2026, 2, 25), "250.00"),
        ]
    )


def test_worked_month(book: Ledger) -> None:
    # Worked by hand: P1 pays 700 of INV-1; CN-1 credits 100 on INV-2; P2 leaves 250 unapplied.
    ledger = book.apply(
        application("A1", "P1", "INV-1", "700.00", D(2026, 2, 1)),
        application(
            "A2", "CN-1", "INV-2", "100.00", D(2026, 1, 25), source_kind=SourceKind.CREDIT_NOTE
        ),
    )
    end = D(2026, 2, 28)
    items = {(i.number, i.kind): i.open for i in ledger.open_items(as_of=end)}
    assert items == {
        ("INV-1", ItemKind.INVOICE): usd("300.00"),
        ("INV-2", ItemKind.INVOICE): usd("400.00"),
        ("P2", ItemKind.PAYMENT): usd("-250.00"),
    }
    balance = ledger.balance("C1", currency="USD", as_of=end)
    # 1500 invoiced - 100 credited - 950 received = 450 owed.
    assert balance.balance == usd("450.00")
    assert balance.open_invoices == usd("700.00")
    assert balance.unapplied_cash == usd("250.00")
    assert balance.unapplied_credit == usd("0.00")


def test_anything_dated_later_is_ignored(book: Ledger) -> None:
    ledger = book.apply(application("A1", "P1", "INV-1", "700.00", D(2026, 2, 1)))
    before = {i.number: i.open for i in ledger.open_items(as_of=D(2026, 1, 10))}
    assert before == {"INV-1": usd("1000.00")}
    assert ledger.balance("C1", currency="USD", as_of=D(2026, 1, 10)).balance == usd("1000.00")


def test_discount_taken_clears_more_than_the_cash() -> None:
    # 2/10 net 30 on 1,000.00 paid with 980.00 inside the window clears the invoice.
    ledger = Ledger.of(
        [
            invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "1000.00"),
            payment("P1", D(2026, 1, 10), "980.00"),
            application(
                "A1", "P1", "INV-1", "980.00", D(2026, 1, 10), discount=money("20.00", "USD")
            ),
        ]
    )
    assert ledger.open_items(as_of=D(2026, 1, 31)) == ()
    balance = ledger.balance("C1", currency="USD", as_of=D(2026, 1, 31))
    assert balance.discounts == usd("20.00")
    assert balance.balance == usd("0.00")


def test_targeted_and_on_account_adjustments() -> None:
    ledger = Ledger.of(
        [
            invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "100.40"),
            write_off("W1", "INV-1", "0.40", D(2026, 3, 1)),
            Adjustment(
                id="F1",
                customer_id="C1",
                kind="fee",
                amount=money("15.00", "USD"),
                date=D(2026, 3, 2),
            ),
        ]
    )
    items = {i.number: (i.kind, i.open) for i in ledger.open_items(as_of=D(2026, 3, 31))}
    assert items == {
        "INV-1": (ItemKind.INVOICE, usd("100.00")),
        "F1": (ItemKind.ADJUSTMENT, usd("15.00")),
    }
    assert ledger.balance("C1", currency="USD", as_of=D(2026, 3, 31)).balance == usd("115.00")


def test_over_application_raises_and_changes_nothing(book: Ledger) -> None:
    ledger = book.apply(application("A1", "P1", "INV-1", "700.00", D(2026, 2, 1)))
    snapshot = ledger.documents()
    with pytest.raises(OverApplicationError, match="INV-1"):
        ledger.apply(application("A2", "P2", "INV-1", "301.00", D(2026, 2, 25)))
    with pytest.raises(OverApplicationError, match="payment P2"):
        ledger.apply(application("A3", "P2", "INV-2", "250.01", D(2026, 2, 25)))
    assert ledger.documents() == snapshot
    assert ledger.apply(application("A4", "P2", "INV-1", "250.00", D(2026, 2, 25)))


def test_two_applications_competing_for_one_invoice(book: Ledger) -> None:
    with pytest.raises(OverApplicationError):
        book.apply(
            application("A1", "P1", "INV-2", "400.00", D(2026, 2, 1)),
            application("A2", "P2", "INV-2", "200.00", D(2026, 2, 25)),
        )


def test_undo_reopens_the_invoice_and_frees_the_cash(book: Ledger) -> None:
    ledger = book.apply(application("A1", "P1", "INV-1", "700.00", D(2026, 2, 1)))
    undone = ledger.undo("A1", on=D(2026, 2, 10), reason="applied to the wrong invoice")
    after = {i.number: i.open for i in undone.open_items(as_of=D(2026, 2, 10))}
    assert after["INV-1"] == usd("1000.00")
    assert after["P1"] == usd("-700.00")
    # On the day before the undo the application still stood.
    assert {i.number: i.open for i in undone.open_items(as_of=D(2026, 2, 9))}["INV-1"] == usd(
        "300.00"
    )
    # The cash can then be applied elsewhere.
    again = undone.apply(application("A2", "P1", "INV-2", "500.00", D(2026, 2, 10)))
    # 1,500.00 invoiced - 100.00 credited - 700.00 received by 10 Feb = 700.00, wherever applied.
    balance = again.balance("C1", currency="USD", as_of=D(2026, 2, 10))
    assert balance.balance == usd("700.00")
    assert balance.open_invoices == usd("1000.00")
    assert balance.unapplied_cash == usd("200.00")


def test_returned_cheque_reopens_and_takes_the_cash_back(book: Ledger) -> None:
    ledger = book.apply(application("A1", "P1", "INV-1", "700.00", D(2026, 2, 1)))
    returned = ledger.return_payment("P1", on=D(2026, 2, 5), reason="NSF")
    end = D(2026, 2, 6)
    items = {i.number: i.open for i in returned.open_items(as_of=end)}
    assert items == {"INV-1": usd("1000.00"), "INV-2": usd("500.00"), "CN-1": usd("-100.00")}
    balance = returned.balance("C1", currency="USD", as_of=end)
    assert balance.received == usd("0.00")
    with pytest.raises(ValidationError, match="returned"):
        returned.apply(application("A9", "P1", "INV-2", "10.00", D(2026, 2, 6)))


def test_allocate_with_a_strategy(book: Ledger) -> None:
    ledger = book.allocate("P1", oldest_due_first, on=D(2026, 2, 1)).allocate(
        "P2", oldest_due_first, on=D(2026, 2, 25)
    )
    # P1's 700 and P2's 250 both go to INV-1 (due 4 Feb) before INV-2 (due 19 Feb).
    items = {i.number: i.open for i in ledger.open_items(as_of=D(2026, 2, 28))}
    assert items == {"INV-1": usd("50.00"), "INV-2": usd("500.00"), "CN-1": usd("-100.00")}
    assert [a.id for a in ledger.applications] == ["P1/1", "P2/1"]


def test_allocate_respects_later_applications(book: Ledger) -> None:
    # INV-2 is fully paid on 25 Feb; allocating the credit note on 26 Jan must not touch it.
    ledger = book.apply(application("A1", "P2", "INV-2", "250.00", D(2026, 2, 25))).apply(
        application("A2", "P1", "INV-2", "250.00", D(2026, 2, 1))
    )
    ledger = ledger.allocate(
        "CN-1", by_number(["INV-2", "INV-1"]), on=D(2026, 1, 26), source_kind=SourceKind.CREDIT_NOTE
    )
    assert {a.target_number: a.amount for a in ledger.applications if a.source_id == "CN-1"} == {
        "INV-1": usd("100.00")
    }


def by_number(order: list[str]):  # type: ignore[no-untyped-def]
    def strategy(amount, items):  # type: ignore[no-untyped-def]
        return by_reference(amount, items, order)

    return strategy


def test_allocate_an_exhausted_source_changes_nothing(book: Ledger) -> None:
    ledger = book.allocate("P2", oldest_due_first, on=D(2026, 2, 25))
    assert ledger.allocate("P2", oldest_due_first, on=D(2026, 2, 25)) == ledger


# --- error paths: one per validation rule ---------------------------------------------


def test_duplicate_identifiers() -> None:
    one = invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "10.00")
    with pytest.raises(DuplicateDocumentError, match="INV-1"):
        Ledger.of([one, one])
    note = CreditNote(
        number="INV-1", customer_id="C1", issue_date=D(2026, 1, 1), amount=money("1.00", "USD")
    )
    with pytest.raises(DuplicateDocumentError, match="document number"):
        Ledger.of([one, note])
    with pytest.raises(DuplicateDocumentError, match="payment"):
        Ledger.of([payment("P1", D(2026, 1, 1), "1.00"), payment("P1", D(2026, 1, 2), "2.00")])


def test_not_a_document() -> None:
    with pytest.raises(ValidationError, match=r"documents\[0\]"):
        Ledger.of(["INV-1"])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"ledger.invoices\[0\]"):
        Ledger(invoices=["INV-1"])  # type: ignore[list-item]


def test_unknown_references() -> None:
    docs = [
        invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "10.00"),
        payment("P1", D(2026, 1, 2), "5.00"),
    ]
    with pytest.raises(UnknownDocumentError, match="INV-9"):
        Ledger.of([*docs, application("A1", "P1", "INV-9", "5.00", D(2026, 1, 2))])
    with pytest.raises(UnknownDocumentError, match="P9"):
        Ledger.of([*docs, application("A1", "P9", "INV-1", "5.00", D(2026, 1, 2))])
    with pytest.raises(UnknownDocumentError, match="credit note"):
        Ledger.of(
            [
                *docs,
                application(
                    "A1", "P1", "INV-1", "5.00", D(2026, 1, 2), source_kind=SourceKind.CREDIT_NOTE
                ),
            ]
        )
    with pytest.raises(UnknownDocumentError, match="customer"):
        Ledger.of([Customer(id="C2", name="Other"), *docs])
    with pytest.raises(UnknownDocumentError, match="application"):
        Ledger.of(docs).undo("A7", on=D(2026, 1, 3))
    with pytest.raises(UnknownDocumentError, match="payment"):
        Ledger.of(docs).return_payment("P7", on=D(2026, 1, 3))
    with pytest.raises(UnknownDocumentError, match="INV-8"):
        Ledger.of(
            [
                *docs,
                write_off("W", "INV-8", "1.00", D(2026, 1, 5)),
            ]
        )


def test_payment_must_be_identified() -> None:
    anonymous = Payment(id="P1", amount=money("5.00", "USD"), received_date=D(2026, 1, 2))
    with pytest.raises(ValidationError, match=r"payments\[0\].customer_id"):
        Ledger.of([anonymous])


def test_application_across_customers_or_currencies() -> None:
    base = [
        invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "10.00", customer="C2"),
        payment("P1", D(2026, 1, 2), "5.00"),
    ]
    with pytest.raises(ValidationError, match="target_number"):
        Ledger.of([*base, application("A1", "P1", "INV-1", "5.00", D(2026, 1, 2))])
    eur = Invoice(
        number="E-1",
        customer_id="C1",
        issue_date=D(2026, 1, 1),
        due_date=D(2026, 1, 31),
        amount=money("10.00", "EUR"),
    )
    with pytest.raises(CurrencyMismatchError):
        Ledger.of([eur, base[1], application("A1", "P1", "E-1", "5.00", D(2026, 1, 2))])
    # With the amount in EUR and the USD actually taken, a cross-currency application is valid.
    fx = Application(
        id="A1",
        source_id="P1",
        target_number="E-1",
        amount=money("4.50", "EUR"),
        source_amount=money("5.00", "USD"),
        date=D(2026, 1, 2),
    )
    ledger = Ledger.of([eur, base[1], fx])
    assert ledger.balance("C1", currency="EUR", as_of=D(2026, 1, 2)).open_invoices == money(
        "5.50", "EUR"
    )
    assert ledger.balance("C1", currency="USD", as_of=D(2026, 1, 2)).unapplied_cash == usd("0.00")
    bad = attrs.evolve(fx, source_amount=money("5.00", "MXN"))
    with pytest.raises(CurrencyMismatchError):
        Ledger.of([eur, base[1], bad])


def test_dates_in_order() -> None:
    docs = [
        invoice("INV-1", D(2026, 1, 10), D(2026, 1, 31), "10.00"),
        payment("P1", D(2026, 1, 2), "5.00"),
    ]
    with pytest.raises(ValidationError, match=r"A1\.date"):
        Ledger.of([*docs, application("A1", "P1", "INV-1", "5.00", D(2026, 1, 5))])
    ledger = Ledger.of([*docs, application("A1", "P1", "INV-1", "5.00", D(2026, 1, 10))])
    with pytest.raises(ValidationError, match=r"R1\.date"):
        ledger.add(Reversal(id="R1", kind="application_undone", target_id="A1", date=D(2026, 1, 9)))
    with pytest.raises(ValidationError, match=r"W\.date"):
        Ledger.of(
            [
                *docs,
                write_off("W", "INV-1", "1.00", D(2026, 1, 1)),
            ]
        )


def test_a_target_is_reversed_once() -> None:
    docs = [payment("P1", D(2026, 1, 2), "5.00")]
    ledger = Ledger.of(docs).return_payment("P1", on=D(2026, 1, 3))
    with pytest.raises(DuplicateDocumentError, match="P1"):
        ledger.return_payment("P1", on=D(2026, 1, 4), reversal_id="again")


def test_write_off_beyond_open_is_over_application() -> None:
    with pytest.raises(OverApplicationError, match="W1"):
        Ledger.of(
            [
                invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "10.00"),
                write_off("W1", "INV-1", "10.01", D(2026, 1, 5)),
            ]
        )


def test_adjustment_must_match_the_invoice() -> None:
    base = invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "10.00")
    with pytest.raises(ValidationError, match="customer_id"):
        Ledger.of(
            [
                base,
                write_off("W1", "INV-1", "1.00", D(2026, 1, 5), customer="C9"),
            ]
        )
    with pytest.raises(CurrencyMismatchError):
        Ledger.of(
            [
                base,
                write_off("W1", "INV-1", "1.00", D(2026, 1, 5), currency="EUR"),
            ]
        )


# --- properties -------------------------------------------------------------------------


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


@settings(max_examples=60)
@given(ledgers())
def test_conservation_at_every_date(case: tuple[Ledger, list[D]]) -> None:
    ledger, days = case
    for as_of in days:
        items = ledger.open_items(as_of=as_of)
        for balance in ledger.balances(as_of=as_of):
            c = balance.currency
            assert balance.open_invoices == (
                balance.invoiced
                - balance.applied
                - balance.discounts
                + balance.adjustments_on_invoices
            )
            assert balance.unapplied_cash == balance.received - balance.taken_from_payments
            assert balance.unapplied_credit == balance.credited - balance.taken_from_credit_notes
            # One currency: invoiced - credited - received +/- adjustments = balance.
            assert balance.balance == (
                balance.invoiced
                - balance.credited
                - balance.received
                - balance.discounts
                + balance.adjustments_on_invoices
                + balance.adjustments_on_account
            )
            mine = [i for i in items if i.customer_id == balance.customer_id and i.currency == c]
            assert sum(to_minor(i.open) for i in mine) == to_minor(balance.balance)
        for item in items:
            if item.kind is ItemKind.INVOICE:
                assert 0 < to_minor(item.open) <= to_minor(item.original)
            if item.kind in (ItemKind.PAYMENT, ItemKind.CREDIT_NOTE):
                assert to_minor(item.original) <= to_minor(item.open) < 0


@settings(max_examples=40)
@given(ledgers(), st.randoms(use_true_random=False))
def test_same_documents_in_any_order_same_answers(
    case: tuple[Ledger, list[D]], rng: random.Random
) -> None:
    ledger, days = case
    shuffled = list(ledger.documents())
    rng.shuffle(shuffled)
    other = Ledger.of(shuffled)
    for as_of in days:
        assert other.open_items(as_of=as_of) == ledger.open_items(as_of=as_of)
        assert other.balances(as_of=as_of) == ledger.balances(as_of=as_of)


def test_an_application_undone_the_same_day(book: Ledger) -> None:
    # Found in review: an undo dated the day of its application must take effect.
    ledger = book.apply(application("A1", "P1", "INV-1", "700.00", D(2026, 2, 1)))
    undone = ledger.undo("A1", on=D(2026, 2, 1))
    items = {i.number: i.open for i in undone.open_items(as_of=D(2026, 2, 1))}
    assert items["INV-1"] == usd("1000.00")
    assert items["P1"] == usd("-700.00")
    assert undone.active_applications(as_of=D(2026, 2, 1)) == ()
    # The freed cash can be applied again that same day.
    again = undone.apply(application("A2", "P1", "INV-2", "500.00", D(2026, 2, 1)))
    items = {i.number: i.open for i in again.open_items(as_of=D(2026, 2, 1))}
    assert "INV-2" not in items
    assert items["P1"] == usd("-200.00")


def test_a_payment_returned_the_day_it_was_applied(book: Ledger) -> None:
    # Found in review: a cheque applied and bounced the same day must reopen the invoice.
    ledger = book.apply(application("A1", "P1", "INV-1", "700.00", D(2026, 2, 1)))
    returned = ledger.return_payment("P1", on=D(2026, 2, 1), reason="NSF")
    day = D(2026, 2, 1)
    items = {i.number: i.open for i in returned.open_items(as_of=day)}
    assert items["INV-1"] == usd("1000.00")
    assert "P1" not in items
    assert returned.balance("C1", currency="USD", as_of=day).received == usd("0.00")
    with pytest.raises(ValidationError, match="returned"):
        returned.apply(application("A2", "P1", "INV-2", "10.00", D(2026, 2, 2)))


# --- review round 2: allocate's headroom on days with same-day undos and returns --------


def test_allocate_beside_a_payment_returned_that_day_never_over_applies() -> None:
    # P1 pays INV-1 on Feb 10 and bounces the same day; the invoice is open again at the
    # end of the day, but P2 applied on Feb 10 is replayed before the return takes A1 back.
    ledger = Ledger.of(
        [
            invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "100.00"),
            payment("P1", D(2026, 2, 10), "100.00"),
            payment("P2", D(2026, 2, 10), "100.00"),
        ]
    ).apply(application("A1", "P1", "INV-1", "100.00", D(2026, 2, 10)))
    ledger = ledger.return_payment("P1", on=D(2026, 2, 10))
    allocated = ledger.allocate("P2", oldest_due_first, on=D(2026, 2, 10))
    allocated.allocate("P2", oldest_due_first, on=D(2026, 2, 11))  # and a later day is fine


def test_allocate_before_a_later_day_that_dips_then_recovers() -> None:
    # On Mar 1 A2 takes INV-1 whole and P3's same-day return gives it back. A payment
    # allocated on Feb 10 must leave room for that dip, or the ledger would break on Mar 1.
    ledger = Ledger.of(
        [
            invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "100.00"),
            payment("P2", D(2026, 2, 10), "100.00"),
            payment("P3", D(2026, 3, 1), "100.00"),
        ]
    ).apply(application("A2", "P3", "INV-1", "100.00", D(2026, 3, 1)))
    ledger = ledger.return_payment("P3", on=D(2026, 3, 1))
    same = ledger.allocate("P2", oldest_due_first, on=D(2026, 2, 10))
    assert same.applications == ledger.applications


def test_allocate_before_a_same_day_undo_on_a_later_day() -> None:
    ledger = Ledger.of(
        [
            invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "100.00"),
            payment("P2", D(2026, 2, 10), "100.00"),
            payment("P3", D(2026, 3, 1), "100.00"),
        ]
    ).apply(application("A2", "P3", "INV-1", "100.00", D(2026, 3, 1)))
    ledger = ledger.undo("A2", on=D(2026, 3, 1))
    same = ledger.allocate("P2", oldest_due_first, on=D(2026, 2, 10))
    assert same.applications == ledger.applications


@settings(max_examples=60)
@given(rich_ledgers())
def test_conservation_with_discounts_returns_undos_and_other_currencies(
    case: tuple[Ledger, list[D]],
) -> None:
    # tests.strategies.ledgers: fees, write-offs, discounts, same-day undos and returns,
    # a euro payment settling a dollar invoice, and allocations made after all of those.
    ledger, days = case
    for as_of in days:
        items = ledger.open_items(as_of=as_of)
        for balance in ledger.balances(as_of=as_of):
            assert balance.open_invoices == (
                balance.invoiced
                - balance.applied
                - balance.discounts
                + balance.adjustments_on_invoices
            )
            assert balance.unapplied_cash == balance.received - balance.taken_from_payments
            assert balance.unapplied_credit == balance.credited - balance.taken_from_credit_notes
            assert to_minor(balance.unapplied_cash) >= 0  # cash is never lost nor overdrawn
            assert to_minor(balance.unapplied_credit) >= 0
            mine = [
                i
                for i in items
                if i.customer_id == balance.customer_id and i.currency == balance.currency
            ]
            assert sum(to_minor(i.open) for i in mine) == to_minor(balance.balance)
        for item in items:
            if item.kind in (ItemKind.INVOICE, ItemKind.DEBIT_NOTE):
                assert to_minor(item.open) > 0
    # Taken across currencies: what each application took from its source, in the
    # source's currency, is exactly what the source lost (received - unapplied).
    end = D(2026, 12, 31)
    for source in ledger.payments:
        taken = sum(
            to_minor(a.taken)
            for a in ledger.active_applications(as_of=end)
            if a.source_kind is SourceKind.PAYMENT and a.source_id == source.id
        )
        left = [i for i in ledger.open_items(as_of=end) if i.number == source.id]
        returned = any(r.target_id == source.id for r in ledger.reversals)
        if returned:  # the bank took the cash back, and with it every application
            assert (taken, left) == (0, [])
        else:
            assert to_minor(source.amount) - taken == -sum(to_minor(i.open) for i in left)


def test_allocate_names_applications_around_ids_already_taken() -> None:
    # A host posted "P1/2" by hand; allocating P1 must not reuse that id.
    ledger = Ledger.of(
        [
            invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "10.00"),
            invoice("INV-2", D(2026, 1, 2), D(2026, 2, 1), "10.00"),
            invoice("INV-3", D(2026, 1, 3), D(2026, 2, 2), "10.00"),
            payment("P1", D(2026, 2, 10), "30.00"),
        ]
    ).apply(application("P1/2", "P1", "INV-1", "10.00", D(2026, 2, 10)))
    allocated = ledger.allocate("P1", oldest_due_first, on=D(2026, 2, 10))
    assert [a.id for a in allocated.applications] == ["P1/2", "P1/1", "P1/3"]
    assert allocated.balance("C1", currency="USD", as_of=D(2026, 2, 10)).open_invoices == usd("0")


def test_every_failing_operation_names_the_problem_and_changes_nothing() -> None:
    docs = [
        invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "10.00"),
        payment("P1", D(2026, 1, 2), "5.00"),
        CreditNote(
            number="CN-1", customer_id="C1", issue_date=D(2026, 1, 2), amount=money("3.00", "USD")
        ),
    ]
    ledger = Ledger.of(docs)
    before = (ledger.documents(), ledger.balances(as_of=D(2026, 3, 1)))
    with pytest.raises(ValidationError, match=r"applications\[0\]"):
        ledger.apply(invoice("INV-2", D(2026, 1, 1), D(2026, 1, 31), "1.00"))  # type: ignore[arg-type]
    with pytest.raises(UnknownDocumentError, match="P9"):
        ledger.allocate("P9", oldest_due_first, on=D(2026, 1, 5))
    with pytest.raises(UnknownDocumentError, match="credit note"):
        ledger.allocate(
            "P1", oldest_due_first, on=D(2026, 1, 5), source_kind=SourceKind.CREDIT_NOTE
        )
    with pytest.raises(OverApplicationError, match="credit_note CN-1"):
        ledger.apply(
            application(
                "A1", "CN-1", "INV-1", "3.01", D(2026, 1, 5), source_kind=SourceKind.CREDIT_NOTE
            )
        )
    with pytest.raises(UnknownDocumentError, match="A9"):
        ledger.undo("A9", on=D(2026, 1, 5))
    assert (ledger.documents(), ledger.balances(as_of=D(2026, 3, 1))) == before


@pytest.mark.parametrize("day", ["2026-02-01", dt.datetime(2026, 2, 1, tzinfo=dt.UTC), None])
def test_a_query_day_must_be_a_date(book: Ledger, day: object) -> None:
    for query in (book.open_items, book.balances, book.active_applications):
        with pytest.raises(ValidationError, match="as_of"):
            query(as_of=day)  # type: ignore[operator]
    with pytest.raises(ValidationError, match="as_of"):
        book.balance("C1", currency="USD", as_of=day)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="on"):
        book.allocate("P1", oldest_due_first, on=day)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="as_of"):
        book.open_items(as_of=D(2026, 3, 1))[0].days_overdue(day)  # type: ignore[arg-type]


_ITEM = {
    "number": "INV-1",
    "customer_id": "C1",
    "kind": ItemKind.INVOICE,
    "document_date": D(2026, 1, 1),
    "due_date": D(2026, 1, 31),
    "original": money("10.00", "USD"),
    "open": money("4.00", "USD"),
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"number": ""}, "number"),
        ({"number": 7}, "number"),
        ({"customer_id": None}, "customer_id"),
        ({"kind": "bogus"}, "kind"),
        ({"document_date": "2026-01-01"}, "document_date"),
        ({"due_date": dt.datetime(2026, 1, 31, tzinfo=dt.UTC)}, "due_date"),
        ({"original": "10.00"}, "original"),
        ({"open": 4}, "open"),
        ({"reference": 12}, "reference"),
    ],
)
def test_an_open_item_is_validated(change: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError, match=rf"^open_item\.{field}: "):
        OpenItem(**{**_ITEM, **change})  # type: ignore[arg-type]


def test_an_open_item_keeps_one_currency_and_reads_its_kind() -> None:
    with pytest.raises(CurrencyMismatchError):
        OpenItem(**{**_ITEM, "open": money("4.00", "EUR")})  # type: ignore[arg-type]
    assert OpenItem(**{**_ITEM, "kind": "debit_note"}).kind is ItemKind.DEBIT_NOTE  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, 7, "INV-1"])
def test_documents_must_come_as_a_list(bad: object) -> None:
    with pytest.raises(ValidationError, match=r"^ledger\.documents: "):
        Ledger.of(bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^ledger\.invoices: "):
        Ledger(invoices=bad)  # type: ignore[arg-type]
