"""Do the ledger's documents hold together?

The checks a :class:`~receivables.ledger.book.Ledger` runs on construction,
all before anything is replayed: every document of its kind, identifiers
unique, every payment identified, every customer known (when customers are
given), every application, adjustment and reversal pointing at a document
that exists, of the same customer and currency, dated on or after what it
refers to; and no payment applied after the bank returned it. Each raises a
:class:`~receivables.errors.ReceivablesError` naming the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from receivables.documents import (
    Adjustment,
    Application,
    CreditNote,
    Customer,
    Invoice,
    Payment,
    Reversal,
    ReversalKind,
    SourceKind,
)
from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    UnknownDocumentError,
    ValidationError,
)
from receivables.validators import check_items

if TYPE_CHECKING:
    from receivables.ledger.book import Ledger

__all__: list[str] = []

_T = TypeVar("_T")


def as_tuple(value: Iterable[_T], name: str) -> tuple[_T, ...]:
    """``value`` as a tuple, or ValidationError naming ``ledger.<name>`` if it is no collection."""
    return check_items(f"ledger.{name}", value, expected="a list of documents")


def check_types(ledger: Ledger) -> None:
    """Every document is of its kind."""
    expected: tuple[tuple[str, tuple[Any, ...], type], ...] = (
        ("customers", ledger.customers, Customer),
        ("invoices", ledger.invoices, Invoice),
        ("credit_notes", ledger.credit_notes, CreditNote),
        ("payments", ledger.payments, Payment),
        ("applications", ledger.applications, Application),
        ("adjustments", ledger.adjustments, Adjustment),
        ("reversals", ledger.reversals, Reversal),
    )
    for name, values, kind in expected:
        for index, value in enumerate(values):
            if not isinstance(value, kind):
                raise ValidationError(f"ledger.{name}[{index}]", value, f"a {kind.__name__}")


def check_unique(ledger: Ledger) -> None:
    """Every identifier once per kind; invoices and credit notes share one numbering."""
    _unique("customer", (c.id for c in ledger.customers))
    _unique(
        "document number",
        [i.number for i in ledger.invoices] + [c.number for c in ledger.credit_notes],
    )
    _unique("payment", (p.id for p in ledger.payments))
    _unique("application", (a.id for a in ledger.applications))
    _unique("adjustment", (a.id for a in ledger.adjustments))
    _unique("reversal", (r.id for r in ledger.reversals))


def _unique(kind: str, identifiers: Iterable[str]) -> None:
    seen: set[str] = set()
    for identifier in identifiers:
        if identifier in seen:
            raise DuplicateDocumentError(kind, identifier)
        seen.add(identifier)


def check_customers(ledger: Ledger) -> None:
    """Every payment identified; with customers given, every document's customer among them."""
    for index, payment in enumerate(ledger.payments):
        if payment.customer_id is None:
            raise ValidationError(
                f"ledger.payments[{index}].customer_id",
                None,
                "the paying customer's id: a payment enters the ledger once it is identified",
            )
    if not ledger.customers:
        return
    known = {c.id for c in ledger.customers}
    owners: list[tuple[str, str | None]] = [
        *((f"invoice {i.number}", i.customer_id) for i in ledger.invoices),
        *((f"credit note {c.number}", c.customer_id) for c in ledger.credit_notes),
        *((f"payment {p.id}", p.customer_id) for p in ledger.payments),
        *((f"adjustment {a.id}", a.customer_id) for a in ledger.adjustments),
    ]
    for owner, customer_id in owners:
        if customer_id not in known:
            raise UnknownDocumentError("customer", f"{customer_id} (of {owner})")


def find_source(
    ledger: Ledger, kind: SourceKind, identifier: str, where: str
) -> Payment | CreditNote:
    """The payment or credit note an application takes from."""
    if kind is SourceKind.PAYMENT:
        payment = ledger._payments_by_id.get(identifier)
        if payment is None:
            raise UnknownDocumentError("payment", f"{identifier} (in {where})")
        return payment
    note = ledger._by_number.get(identifier)
    if not isinstance(note, CreditNote):
        raise UnknownDocumentError("credit note", f"{identifier} (in {where})")
    return note


def _target(ledger: Ledger, number: str, where: str) -> Invoice:
    target = ledger._by_number.get(number)
    if not isinstance(target, Invoice):
        raise UnknownDocumentError("invoice", f"{number} (in {where})")
    return target


def check_references(ledger: Ledger) -> None:
    """Applications, adjustments and reversals point at documents that can take them."""
    _check_applications(ledger)
    _check_adjustments(ledger)
    _check_reversals(ledger)
    _check_returned_payments(ledger)


def _check_applications(ledger: Ledger) -> None:
    for application in ledger.applications:
        where = f"application {application.id}"
        paid_from = find_source(ledger, application.source_kind, application.source_id, where)
        target = _target(ledger, application.target_number, where)
        if paid_from.customer_id != target.customer_id:
            raise ValidationError(
                f"application {application.id}.target_number",
                application.target_number,
                f"an invoice of the source's customer {paid_from.customer_id!r}",
            )
        if application.amount.code != target.currency:
            raise CurrencyMismatchError(
                f"apply ({where}) an amount in", application.amount.code, target.currency
            )
        if application.taken.code != paid_from.amount.code:
            raise CurrencyMismatchError(
                f"take ({where}) from a source in", paid_from.amount.code, application.taken.code
            )
        source_date = (
            paid_from.received_date if isinstance(paid_from, Payment) else paid_from.issue_date
        )
        earliest = max(source_date, target.issue_date)
        if application.date < earliest:
            raise ValidationError(
                f"application {application.id}.date",
                application.date,
                f"a date on or after both documents exist ({earliest.isoformat()})",
            )


def _check_adjustments(ledger: Ledger) -> None:
    for adjustment in ledger.adjustments:
        if adjustment.target_number is None:
            continue
        target = _target(ledger, adjustment.target_number, f"adjustment {adjustment.id}")
        if target.customer_id != adjustment.customer_id:
            raise ValidationError(
                f"adjustment {adjustment.id}.customer_id",
                adjustment.customer_id,
                f"the invoice's customer {target.customer_id!r}",
            )
        if adjustment.amount.code != target.currency:
            raise CurrencyMismatchError(
                f"adjust (adjustment {adjustment.id})", target.currency, adjustment.amount.code
            )
        if adjustment.date < target.issue_date:
            raise ValidationError(
                f"adjustment {adjustment.id}.date",
                adjustment.date,
                f"a date on or after the invoice's issue date {target.issue_date.isoformat()}",
            )


def _check_reversals(ledger: Ledger) -> None:
    application_dates = {a.id: a.date for a in ledger.applications}
    reversed_targets: set[str] = set()
    for reversal in ledger.reversals:
        if reversal.target_id in reversed_targets:
            raise DuplicateDocumentError("reversal target", reversal.target_id)
        reversed_targets.add(reversal.target_id)
        if reversal.kind is ReversalKind.RETURNED_PAYMENT:
            payment = ledger._payments_by_id.get(reversal.target_id)
            if payment is None:
                raise UnknownDocumentError("payment", f"{reversal.target_id} (in {reversal.id})")
            earliest = payment.received_date
        else:
            if reversal.target_id not in application_dates:
                raise UnknownDocumentError(
                    "application", f"{reversal.target_id} (in {reversal.id})"
                )
            earliest = application_dates[reversal.target_id]
        if reversal.date < earliest:
            raise ValidationError(
                f"reversal {reversal.id}.date",
                reversal.date,
                f"a date on or after what it undoes ({earliest.isoformat()})",
            )


def _check_returned_payments(ledger: Ledger) -> None:
    returned = {
        r.target_id: r.date for r in ledger.reversals if r.kind is ReversalKind.RETURNED_PAYMENT
    }
    for application in ledger.applications:
        if (
            application.source_kind is SourceKind.PAYMENT
            and application.source_id in returned
            and application.date > returned[application.source_id]
        ):
            raise ValidationError(
                f"application {application.id}.date",
                application.date,
                f"a date on or before payment {application.source_id} was returned "
                f"({returned[application.source_id].isoformat()})",
            )
