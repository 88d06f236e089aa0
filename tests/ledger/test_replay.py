"""Replay: events in order, over-application refused, same-day undos and returns."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables.allocation import oldest_due_first
from receivables.errors import (
    OverApplicationError,
    ValidationError,
)
from receivables.ledger import Ledger
from tests.ledger import (
    D,
    application,
    invoice,
    ledgers,
    payment,
    usd,
    write_off,
)


def test_anything_dated_later_is_ignored(book: Ledger) -> None:
    ledger = book.apply(application("A1", "P1", "INV-1", "700.00", D(2026, 2, 1)))
    before = {i.number: i.open for i in ledger.open_items(as_of=D(2026, 1, 10))}
    assert before == {"INV-1": usd("1000.00")}
    assert ledger.balance("C1", currency="USD", as_of=D(2026, 1, 10)).balance == usd("1000.00")


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


def test_write_off_beyond_open_is_over_application() -> None:
    with pytest.raises(OverApplicationError, match="W1"):
        Ledger.of(
            [
                invoice("INV-1", D(2026, 1, 1), D(2026, 1, 31), "10.00"),
                write_off("W1", "INV-1", "10.01", D(2026, 1, 5)),
            ]
        )


# Fewer examples than the CI profile's 150: each example replays a random ledger at every one of its dates.
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
