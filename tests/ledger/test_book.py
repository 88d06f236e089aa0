"""The public Ledger: a worked month, allocation, queries, failures that change nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from receivables.allocation import oldest_due_first
from receivables.documents import (
    CreditNote,
    SourceKind,
)
from receivables.errors import (
    OverApplicationError,
    UnknownDocumentError,
    ValidationError,
)
from receivables.ledger import ItemKind, Ledger
from receivables.money import money
from tests.ledger import (
    D,
    application,
    by_number,
    invoice,
    payment,
    usd,
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


def test_allocate_an_exhausted_source_changes_nothing(book: Ledger) -> None:
    ledger = book.allocate("P2", oldest_due_first, on=D(2026, 2, 25))
    assert ledger.allocate("P2", oldest_due_first, on=D(2026, 2, 25)) == ledger


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
