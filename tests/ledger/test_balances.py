"""Balances: the identity that ties them, conserved at every date."""

from __future__ import annotations

from hypothesis import given, settings

from receivables.documents import (
    Adjustment,
    SourceKind,
)
from receivables.ledger import ItemKind, Ledger
from receivables.money import money, to_minor
from tests.ledger import (
    D,
    application,
    invoice,
    ledgers,
    payment,
    usd,
    write_off,
)
from tests.strategies import ledgers as rich_ledgers


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


# Fewer examples than the CI profile's 150: each example replays a random ledger at every one of its dates.
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


# Fewer examples than the CI profile's 150: each example replays a random ledger at every one of its dates.
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
