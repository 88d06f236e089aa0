"""Integrity: unique identifiers, known references, currencies and dates in order."""

from __future__ import annotations

import attrs
import pytest

from receivables.documents import (
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
    UnknownDocumentError,
    ValidationError,
)
from receivables.ledger import Ledger
from receivables.money import money
from tests.ledger import (
    D,
    application,
    invoice,
    payment,
    usd,
    write_off,
)


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


@pytest.mark.parametrize("bad", [None, 7, "INV-1"])
def test_documents_must_come_as_a_list(bad: object) -> None:
    with pytest.raises(ValidationError, match=r"^ledger\.documents: "):
        Ledger.of(bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^ledger\.invoices: "):
        Ledger(invoices=bad)  # type: ignore[arg-type]
