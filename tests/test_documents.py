"""Documents are frozen values, validated on construction; every rule has its error path."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given

from receivables.documents import (
    Adjustment,
    AdjustmentKind,
    Application,
    CreditNote,
    Customer,
    CustomerStatus,
    Direction,
    Discount,
    Dispute,
    Invoice,
    InvoiceKind,
    Payment,
    PaymentMethod,
    PromiseToPay,
    RemittanceLine,
    Reversal,
    ReversalKind,
    SourceKind,
    parse_date,
    parse_member,
)
from receivables.errors import (
    CurrencyMismatchError,
    PolicyError,
    ReceivablesError,
    ValidationError,
)
from receivables.money import Money, money
from tests.strategies import (
    adjustments,
    applications,
    credit_notes,
    customers,
    disputes,
    invoices,
    payments,
    promises_to_pay,
    reversals,
)

D1 = dt.date(2026, 1, 1)
D2 = dt.date(2026, 1, 31)
USD = money("100.00", "USD")
A_DATETIME = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)

VALID: dict[type[Any], dict[str, Any]] = {
    Customer: {"id": "C1", "name": "Acme"},
    Discount: {"amount": money("2.00", "USD"), "until": D1},
    Invoice: {
        "number": "INV-1",
        "customer_id": "C1",
        "issue_date": D1,
        "due_date": D2,
        "amount": USD,
    },
    CreditNote: {"number": "CN-1", "customer_id": "C1", "issue_date": D1, "amount": USD},
    Payment: {"id": "P1", "amount": USD, "received_date": D1},
    Application: {
        "id": "A1",
        "source_id": "P1",
        "target_number": "INV-1",
        "amount": USD,
        "date": D1,
    },
    Adjustment: {
        "id": "W1",
        "customer_id": "C1",
        "kind": "write_off",
        "amount": money("0.40", "USD"),
        "date": D1,
    },
    Reversal: {"id": "R1", "kind": "returned_payment", "target_id": "P1", "date": D1},
    PromiseToPay: {
        "id": "PTP-1",
        "customer_id": "C1",
        "amount": USD,
        "promised_date": D2,
        "taken_on": D1,
        "taken_by": "ana",
    },
    Dispute: {"id": "D1", "customer_id": "C1", "invoice_number": "INV-1", "opened_on": D1},
}


def build(cls: type[Any], **changes: Any) -> Any:
    return cls(**{**VALID[cls], **changes})


def test_the_valid_examples_construct() -> None:
    for cls in VALID:
        assert isinstance(build(cls), cls)


# Each row: a document, a bad field value, the field the error must name.
IDENTIFIERS = [
    (Customer, "id"),
    (Customer, "name"),
    (Customer, "risk_class"),
    (Customer, "segment"),
    (Invoice, "number"),
    (Invoice, "customer_id"),
    (CreditNote, "number"),
    (CreditNote, "customer_id"),
    (Payment, "id"),
    (Application, "id"),
    (Application, "source_id"),
    (Application, "target_number"),
    (Adjustment, "id"),
    (Adjustment, "customer_id"),
    (Reversal, "id"),
    (Reversal, "target_id"),
    (PromiseToPay, "id"),
    (PromiseToPay, "customer_id"),
    (PromiseToPay, "taken_by"),
    (Dispute, "id"),
    (Dispute, "customer_id"),
    (Dispute, "invoice_number"),
]
OPTIONAL_IDENTIFIERS = [
    (Invoice, "reference"),
    (CreditNote, "against"),
    (Payment, "customer_id"),
    (Payment, "payer_account"),
    (Adjustment, "target_number"),
]
DATES = [
    (Discount, "until"),
    (Invoice, "issue_date"),
    (Invoice, "due_date"),
    (CreditNote, "issue_date"),
    (Payment, "received_date"),
    (Application, "date"),
    (Adjustment, "date"),
    (Reversal, "date"),
    (PromiseToPay, "promised_date"),
    (PromiseToPay, "taken_on"),
    (Dispute, "opened_on"),
]
OPTIONAL_DATES = [(Payment, "value_date"), (Dispute, "resolved_on")]
POSITIVE_AMOUNTS = [
    (Discount, "amount"),
    (Invoice, "amount"),
    (CreditNote, "amount"),
    (Payment, "amount"),
    (Adjustment, "amount"),
    (PromiseToPay, "amount"),
]
TEXTS = [
    (Customer, "locale"),
    (Customer, "timezone"),
    (CreditNote, "reason"),
    (Payment, "payer_name"),
    (Payment, "remittance"),
    (Payment, "bank_reference"),
    (Adjustment, "reason"),
    (Reversal, "reason"),
    (PromiseToPay, "note"),
    (Dispute, "reason"),
]
ENUMS = [
    (Customer, "status", CustomerStatus),
    (Invoice, "kind", InvoiceKind),
    (Payment, "method", PaymentMethod),
    (Application, "source_kind", SourceKind),
    (Adjustment, "kind", AdjustmentKind),
    (Adjustment, "direction", Direction),
    (Reversal, "kind", ReversalKind),
]


def _prefix(cls: type[Any]) -> str:
    name = cls.__name__
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def _raises_naming(cls: type[Any], name: str, value: object, expected: str = "") -> None:
    field = f"{_prefix(cls)}.{name}"
    with pytest.raises(ValidationError, match=rf"^{field}: .*{expected}") as caught:
        build(cls, **{name: value})
    assert caught.value.field == field


@pytest.mark.parametrize(("cls", "name"), IDENTIFIERS + OPTIONAL_IDENTIFIERS)
@pytest.mark.parametrize("value", ["", "   ", 7])
def test_identifiers_are_non_empty_strings(cls: type[Any], name: str, value: object) -> None:
    _raises_naming(cls, name, value, "non-empty string")


@pytest.mark.parametrize(("cls", "name"), IDENTIFIERS)
def test_required_identifiers_are_not_none(cls: type[Any], name: str) -> None:
    _raises_naming(cls, name, None, "non-empty string")


@pytest.mark.parametrize(("cls", "name"), OPTIONAL_IDENTIFIERS + OPTIONAL_DATES)
def test_optional_fields_take_none(cls: type[Any], name: str) -> None:
    assert getattr(build(cls, **{name: None}), name) is None


@pytest.mark.parametrize(("cls", "name"), DATES + OPTIONAL_DATES)
@pytest.mark.parametrize("value", ["2026-01-01", A_DATETIME, 20260101])
def test_dates_are_dates_not_strings_or_datetimes(cls: type[Any], name: str, value: object) -> None:
    _raises_naming(cls, name, value, "datetime.date")


@pytest.mark.parametrize(("cls", "name"), POSITIVE_AMOUNTS)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (money("0.00", "USD"), "positive amount"),
        (money("-1.00", "USD"), "positive amount"),
        ("100.00", "Money"),
        (Money("1.005", "USD"), "at most 2 decimal"),
    ],
)
def test_amounts_are_positive_money_at_the_minor_unit(
    cls: type[Any], name: str, value: object, expected: str
) -> None:
    _raises_naming(cls, name, value, expected)


@pytest.mark.parametrize(("cls", "name"), TEXTS)
def test_free_text_is_a_string(cls: type[Any], name: str) -> None:
    _raises_naming(cls, name, None, "a string")


@pytest.mark.parametrize(("cls", "name", "kind"), ENUMS)
def test_enums_take_their_values_and_name_the_field(
    cls: type[Any], name: str, kind: type[Any]
) -> None:
    for member in kind:
        if cls is Adjustment and name == "direction":
            continue  # its value is tied to the kind; see the direction tests
        extra = {"direction": "credit"} if cls is Adjustment and name == "kind" else {}
        if cls is Adjustment and member in (AdjustmentKind.FEE, AdjustmentKind.INTEREST):
            extra = {"direction": "debit"}
        assert getattr(build(cls, **{name: member.value, **extra}), name) is member
    _raises_naming(cls, name, "no-such-value", "one of")


# --- Customer ---------------------------------------------------------------------------


def test_customer_defaults() -> None:
    customer = build(Customer)
    assert (customer.country, customer.currency, customer.status) == (
        "US",
        "USD",
        CustomerStatus.ACTIVE,
    )
    assert customer.bank_accounts == ()


@pytest.mark.parametrize("country", ["co", "COL", "C1", "", 57, None])
def test_customer_country_is_iso_3166_alpha_2(country: object) -> None:
    _raises_naming(Customer, "country", country, "ISO 3166")


@pytest.mark.parametrize("currency", ["XYZ", "usd", " USD", "", 840, None])
def test_customer_currency_is_an_iso_4217_code(currency: object) -> None:
    _raises_naming(Customer, "currency", currency, "ISO 4217")


@pytest.mark.parametrize("limit", [money("-1.00", "USD"), "5000", 5000])
def test_customer_credit_limit_is_money_of_zero_or_more(limit: object) -> None:
    _raises_naming(Customer, "credit_limit", limit, "zero or more")


def test_customer_strings_become_tuples() -> None:
    customer = build(Customer, aliases="ACME", bank_accounts=["ES12", "CO34"])
    assert customer.aliases == ("ACME",)
    assert customer.bank_accounts == ("ES12", "CO34")
    assert build(Customer, credit_limit=money("0", "COP")).credit_limit == money("0", "COP")


# --- Invoice and its discounts ----------------------------------------------------------


def test_invoice_due_before_issue_is_an_error() -> None:
    with pytest.raises(ValidationError, match=r"^invoice\.due_date: .*on or after") as caught:
        build(Invoice, due_date=dt.date(2025, 12, 31))
    assert caught.value.value == dt.date(2025, 12, 31)
    assert build(Invoice, due_date=D1).due_date == D1  # due on the issue date is fine


def test_invoice_discount_must_be_less_than_the_amount() -> None:
    discount = Discount(amount=USD, until=D1)
    with pytest.raises(ValidationError, match=r"^invoice\.discounts\[0\]\.amount: "):
        build(Invoice, discounts=[discount])


def test_invoice_discount_in_another_currency_is_an_error() -> None:
    discount = Discount(amount=money("2.00", "EUR"), until=D1)
    with pytest.raises(CurrencyMismatchError, match="USD and EUR"):
        build(Invoice, discounts=[discount])


def test_invoice_discounts_are_sorted_and_a_single_one_is_accepted() -> None:
    late = Discount(amount=money("1.00", "USD"), until=dt.date(2026, 1, 20))
    early = Discount(amount=money("2.00", "USD"), until=dt.date(2026, 1, 10))
    assert build(Invoice, discounts=[late, early]).discounts == (early, late)
    assert build(Invoice, discounts=early).discounts == (early,)
    assert build(Invoice, discounts=None).discounts == ()


def test_discount_on_follows_the_tiers() -> None:
    # "2/10, 1/20, net 30" on 100.00 issued 2026-01-01: 2.00 through 01-11, 1.00 through
    # 01-21, nothing after.
    invoice = build(
        Invoice,
        discounts=[
            Discount(amount=money("2.00", "USD"), until=dt.date(2026, 1, 11)),
            Discount(amount=money("1.00", "USD"), until=dt.date(2026, 1, 21)),
        ],
    )
    assert invoice.discount_on(dt.date(2026, 1, 5)) == money("2.00", "USD")
    assert invoice.discount_on(dt.date(2026, 1, 11)) == money("2.00", "USD")
    assert invoice.discount_on(dt.date(2026, 1, 12)) == money("1.00", "USD")
    assert invoice.discount_on(dt.date(2026, 1, 22)) == money("0.00", "USD")
    assert build(Invoice).discount_on(D1) == money("0.00", "USD")
    assert invoice.currency == "USD"


def test_invoice_from_row() -> None:
    row = {
        "number": "INV-1001",
        "customer_id": "C1",
        "issue_date": "2026-01-05",
        "due_date": "2026-02-04",
        "amount": "1200",
        "currency": "cop",
        "kind": "debit_note",
        "reference": "",
    }
    invoice = Invoice.from_row(row)
    assert invoice.amount == money("1200.00", "COP")
    assert invoice.kind is InvoiceKind.DEBIT_NOTE
    assert invoice.reference is None
    assert row["amount"] == "1200"  # the row is left as it was
    assert Invoice.from_row({**row, "kind": "", "amount": USD}).kind is InvoiceKind.INVOICE


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": None}, r"invoice\.currency"),
        ({"amount": "12.345"}, r"invoice\.amount"),
        ({"amount": 12.5}, r"invoice\.amount"),
        ({"issue_date": "05/01/2026"}, r"invoice\.issue_date"),
        ({"due_date": None}, r"invoice\.due_date"),
        ({"number": None}, r"invoice\.number"),
    ],
)
def test_invoice_from_row_errors_name_the_field(change: dict[str, Any], field: str) -> None:
    row = {
        "number": "INV-1",
        "customer_id": "C1",
        "issue_date": "2026-01-05",
        "due_date": "2026-02-04",
        "amount": "10.00",
        "currency": "USD",
        **change,
    }
    if change.get("currency", "USD") is None:
        del row["currency"]
    with pytest.raises(ValidationError, match=rf"^{field}"):
        Invoice.from_row(row)


# --- CreditNote, Payment ---------------------------------------------------------------


def test_credit_note_from_row() -> None:
    note = CreditNote.from_row(
        {
            "number": "CN-1",
            "customer_id": "C1",
            "issue_date": "2026-01-05",
            "amount": "10.5",
            "currency": "USD",
            "against": "INV-1",
            "reason": None,
        }
    )
    assert (note.amount, note.against, note.reason, note.currency) == (
        money("10.50", "USD"),
        "INV-1",
        "",
        "USD",
    )
    with pytest.raises(ValidationError, match=r"^credit_note\.issue_date"):
        CreditNote.from_row(
            {"number": "CN-1", "customer_id": "C1", "amount": "1", "currency": "USD"}
        )


def test_payment_from_row_and_effective_date() -> None:
    payment = Payment.from_row(
        {
            "id": "P1",
            "amount": "250",
            "currency": "USD",
            "received_date": "2026-03-02",
            "value_date": "2026-03-03",
            "method": "check",
            "customer_id": "",
            "remittance": "INV-1001 INV-1002",
        }
    )
    assert payment.effective_date == dt.date(2026, 3, 3)
    assert payment.method is PaymentMethod.CHECK
    assert payment.customer_id is None
    assert build(Payment).effective_date == D1  # no value date: the day received
    with pytest.raises(ValidationError, match=r"^payment\.value_date"):
        Payment.from_row(
            {"id": "P1", "amount": "1", "currency": "USD", "received_date": "2026-03-02",
             "value_date": "3 March"}
        )  # fmt: skip


# --- Application ----------------------------------------------------------------------


def test_application_cleared_and_taken() -> None:
    application = build(
        Application,
        amount=money("98.00", "USD"),
        discount=money("2.00", "USD"),
        source_amount=money("90.00", "EUR"),
    )
    assert application.cleared == money("100.00", "USD")
    assert application.taken == money("90.00", "EUR")
    assert build(Application).taken == USD
    assert build(Application).cleared == USD


def test_application_of_a_discount_alone() -> None:
    application = build(Application, amount=money("0.00", "USD"), discount=money("2.00", "USD"))
    assert application.cleared == money("2.00", "USD")


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        ({"amount": money("-1.00", "USD")}, "amount", "zero or more"),
        ({"amount": "100.00"}, "amount", "zero or more"),
        ({"amount": Money("1.005", "USD")}, "amount", "at most 2 decimal"),
        ({"amount": money("0.00", "USD")}, "amount", "discount beside it"),
        ({"discount": money("0.00", "USD")}, "discount", "positive amount"),
        ({"discount": money("-1.00", "USD")}, "discount", "positive amount"),
        ({"source_amount": money("0.00", "EUR")}, "source_amount", "positive amount"),
        ({"source_amount": 90}, "source_amount", "Money"),
    ],
)
def test_application_rules(change: dict[str, Any], field: str, expected: str) -> None:
    with pytest.raises(ValidationError, match=rf"^application\.{field}: .*{expected}"):
        build(Application, **change)


def test_application_discount_in_another_currency_is_an_error() -> None:
    with pytest.raises(CurrencyMismatchError, match="USD and EUR"):
        build(Application, discount=money("2.00", "EUR"))


# --- Adjustment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "direction"),
    [
        ("write_off", Direction.CREDIT),
        ("discount", Direction.CREDIT),
        ("fee", Direction.DEBIT),
        ("interest", Direction.DEBIT),
    ],
)
def test_adjustment_direction_follows_its_kind(kind: str, direction: Direction) -> None:
    adjustment = build(Adjustment, kind=kind)
    assert adjustment.direction is direction
    sign = -1 if direction is Direction.CREDIT else 1
    assert adjustment.signed_amount == adjustment.amount * sign
    wrong = "debit" if direction is Direction.CREDIT else "credit"
    with pytest.raises(ValidationError, match=rf"^adjustment\.direction: .*'{direction.value}'"):
        build(Adjustment, kind=kind, direction=wrong)


@pytest.mark.parametrize("kind", ["rounding", "fx_difference"])
def test_rounding_and_fx_adjustments_must_say_their_direction(kind: str) -> None:
    with pytest.raises(ValidationError, match=r"^adjustment\.direction: got None"):
        build(Adjustment, kind=kind)
    for direction in Direction:
        adjustment = build(Adjustment, kind=kind, direction=direction.value)
        assert adjustment.direction is direction


def test_changing_an_adjustment_with_evolve_is_validated_and_leaves_the_original() -> None:
    original = build(Adjustment)
    with pytest.raises(ValidationError, match=r"^adjustment\.direction"):
        attrs.evolve(original, kind=AdjustmentKind.FEE)
    assert original.kind is AdjustmentKind.WRITE_OFF
    assert attrs.evolve(original, amount=money("1.00", "USD")).amount == money("1.00", "USD")


# --- Reversal, PromiseToPay, Dispute ----------------------------------------------------


def test_reversal_kinds() -> None:
    assert build(Reversal).kind is ReversalKind.RETURNED_PAYMENT
    assert build(Reversal, kind="application_undone").kind is ReversalKind.APPLICATION_UNDONE


def test_promise_to_pay() -> None:
    promise = build(PromiseToPay, items=["INV-1", "INV-2"])
    assert promise.items == ("INV-1", "INV-2")
    assert build(PromiseToPay, items="INV-1").items == ("INV-1",)
    assert build(PromiseToPay, promised_date=D1).promised_date == D1  # the same day is fine
    with pytest.raises(ValidationError, match=r"^promise_to_pay\.promised_date: .*2026-01-31"):
        build(PromiseToPay, taken_on=D2, promised_date=D1)


def test_dispute_is_open_from_opened_until_resolved() -> None:
    resolved = build(Dispute, resolved_on=dt.date(2026, 1, 10))
    assert not resolved.is_open(dt.date(2025, 12, 31))
    assert resolved.is_open(D1)
    assert resolved.is_open(dt.date(2026, 1, 9))
    assert not resolved.is_open(dt.date(2026, 1, 10))  # closed on the day it is resolved
    still_open = build(Dispute)
    assert still_open.is_open(dt.date(2030, 1, 1))
    assert build(Dispute, resolved_on=D1).is_open(D1) is False  # opened and resolved same day


def test_dispute_rules() -> None:
    with pytest.raises(ValidationError, match=r"^dispute\.resolved_on: .*2026-01-01"):
        build(Dispute, resolved_on=dt.date(2025, 12, 31))
    with pytest.raises(ValidationError, match=r"^dispute\.amount: .*positive"):
        build(Dispute, amount=money("0.00", "USD"))
    assert build(Dispute, amount=money("5.00", "USD")).amount == money("5.00", "USD")


# --- parse_date -----------------------------------------------------------------------


def test_parse_date() -> None:
    assert parse_date("2026-03-31") == dt.date(2026, 3, 31)
    assert parse_date(" 2026-03-31 ") == dt.date(2026, 3, 31)
    assert parse_date(D1) is D1
    with pytest.raises(ValidationError, match=r"^invoice\.issue_date: .*ISO date"):
        parse_date("31/03/2026", "invoice.issue_date")
    with pytest.raises(ValidationError, match=r"^date: .*not a datetime"):
        parse_date(A_DATETIME)
    with pytest.raises(ValidationError, match=r"^date: "):
        parse_date(None)


# --- parse_member ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [PaymentMethod.CHECK, "check"])
def test_parse_member_takes_the_member_or_its_value(value: object) -> None:
    assert parse_member(PaymentMethod, value, "payment.method") is PaymentMethod.CHECK


@pytest.mark.parametrize("value", ["cheque", "CHECK", None, 1, ["check"]])
def test_parse_member_names_the_field_and_what_is_accepted(value: object) -> None:
    with pytest.raises(ValidationError, match=r"^payment\.method: .*one of 'transfer', 'check'"):
        parse_member(PaymentMethod, value, "payment.method")


def test_parse_member_raises_the_error_class_asked_for() -> None:
    with pytest.raises(PolicyError, match=r"^policy\.method: "):
        parse_member(PaymentMethod, "wire", "policy.method", PolicyError)


def test_documents_are_frozen() -> None:
    invoice = build(Invoice)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        invoice.amount = money("1.00", "USD")  # type: ignore[misc]


def test_every_document_error_is_a_receivables_error() -> None:
    with pytest.raises(ReceivablesError):
        build(Payment, amount=money("0.00", "USD"))
    with pytest.raises(ValueError):
        build(Payment, amount=money("0.00", "USD"))


# --- any valid input constructs (Hypothesis) --------------------------------------------


@given(customers)
def test_valid_customers_construct(customer: Customer) -> None:
    assert attrs.evolve(customer) == customer


@given(invoices())
def test_valid_invoices_construct(invoice: Invoice) -> None:
    assert invoice.due_date >= invoice.issue_date
    assert all(d.amount < invoice.amount for d in invoice.discounts)
    assert [d.until for d in invoice.discounts] == sorted(d.until for d in invoice.discounts)
    assert attrs.evolve(invoice) == invoice


@given(credit_notes)
def test_valid_credit_notes_construct(note: CreditNote) -> None:
    assert note.amount.amount > 0


@given(payments())
def test_valid_payments_construct(payment: Payment) -> None:
    assert payment.effective_date >= payment.received_date


@given(applications())
def test_valid_applications_construct(application: Application) -> None:
    assert application.cleared >= application.amount


@given(adjustments())
def test_valid_adjustments_construct(adjustment: Adjustment) -> None:
    assert adjustment.direction is not None
    assert abs(adjustment.signed_amount.amount) == adjustment.amount.amount


@given(reversals)
def test_valid_reversals_construct(reversal: Reversal) -> None:
    assert attrs.evolve(reversal) == reversal


@given(promises_to_pay())
def test_valid_promises_construct(promise: PromiseToPay) -> None:
    assert promise.promised_date >= promise.taken_on


@given(disputes())
def test_valid_disputes_construct(dispute: Dispute) -> None:
    assert dispute.is_open(dispute.opened_on) == (dispute.resolved_on != dispute.opened_on)


# --- review round 2: from_row never raises anything but ValidationError naming the field ---

_ROWS: dict[str, tuple[Any, dict[str, Any]]] = {
    "invoice": (
        Invoice,
        {
            "number": "INV-1",
            "customer_id": "C1",
            "issue_date": "2026-03-01",
            "due_date": "2026-03-31",
            "amount": "100.00",
            "currency": "USD",
        },
    ),
    "credit_note": (
        CreditNote,
        {
            "number": "CN-1",
            "customer_id": "C1",
            "issue_date": "2026-03-02",
            "amount": "50.00",
            "currency": "USD",
        },
    ),
    "payment": (
        Payment,
        {"id": "BNK-1", "received_date": "2026-03-05", "amount": "10.00", "currency": "USD"},
    ),
}

_TEXT = ("number", "customer_id", "id")


@pytest.mark.parametrize(
    ("kind", "key", "cell"),
    [
        (kind, key, cell)
        for kind, (_, row) in _ROWS.items()
        for key in row
        # identifier cells are read with str(), so only absent or empty ones are wrong
        for cell in (
            ("missing", None, "") if key in _TEXT else ("missing", None, "", 3.5, object())
        )
    ],
)
def test_from_row_with_a_missing_or_bad_cell_names_the_field(
    kind: str, key: str, cell: object
) -> None:
    cls, good = _ROWS[kind]
    row = {k: v for k, v in good.items() if k != key}
    if cell != "missing":
        row[key] = cell
    with pytest.raises(ValidationError, match=rf"^{kind}\.{key}"):
        cls.from_row(row)


@pytest.mark.parametrize("kind", sorted(_ROWS))
@pytest.mark.parametrize("row", [None, ["INV-1"], "INV-1"])
def test_from_row_of_something_not_a_mapping_names_the_document(kind: str, row: object) -> None:
    cls, _ = _ROWS[kind]
    with pytest.raises(ValidationError, match=rf"^{kind}: "):
        cls.from_row(row)


def test_a_source_amount_in_the_same_currency_must_be_the_amount() -> None:
    # Taking 2.00 USD from a USD payment to clear 1.00 USD would make a dollar vanish.
    base = {
        "id": "A1",
        "source_id": "P1",
        "target_number": "INV-1",
        "amount": money("1.00", "USD"),
        "date": dt.date(2026, 1, 2),
    }
    with pytest.raises(ValidationError, match=r"application\.source_amount"):
        Application(**base, source_amount=money("2.00", "USD"))  # type: ignore[arg-type]
    same = Application(**base, source_amount=money("1.00", "USD"))  # type: ignore[arg-type]
    assert same.taken == same.amount
    other = Application(**base, source_amount=money("0.93", "EUR"))  # type: ignore[arg-type]
    assert other.taken == money("0.93", "EUR")
    only_discount = {**base, "amount": money("0.00", "USD"), "discount": money("1.00", "USD")}
    with pytest.raises(ValidationError, match=r"application\.source_amount"):
        Application(**only_discount, source_amount=money("0.93", "EUR"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("discounts", "field"),
    [
        (["2/10"], r"invoice\.discounts\[0\]"),
        ([None], r"invoice\.discounts\[0\]"),
        (5, r"invoice\.discounts"),
        ("2/10", r"invoice\.discounts"),
    ],
)
def test_discounts_must_be_discounts(discounts: object, field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        Invoice(
            number="INV-1",
            customer_id="C1",
            issue_date=dt.date(2026, 1, 1),
            due_date=dt.date(2026, 1, 31),
            amount=money("100.00", "USD"),
            discounts=discounts,  # type: ignore[arg-type]
        )


# --- structured remittance ---------------------------------------------------------------


def _paid(amount: str, **changes: Any) -> Payment:
    return Payment(
        id="P1", amount=money(amount, "USD"), received_date=dt.date(2026, 3, 2), **changes
    )


def test_a_payment_carries_remittance_lines_and_settled_adds_discount_and_adjustment() -> None:
    lines = [
        RemittanceLine(
            document_number="INV-1",
            amount_paid=money("980.00", "USD"),
            discount=money("20.00", "USD"),
        ),
        RemittanceLine(
            document_number="INV-2",
            amount_paid=money("75.00", "USD"),
            adjustment=money("25.00", "USD"),
            adjustment_reason="CS",
        ),
        RemittanceLine(document_number="INV-3"),
    ]
    payment = _paid("1055.00", remittance_lines=lines)
    assert [line.settled for line in payment.remittance_lines] == [
        money("1000.00", "USD"),
        money("100.00", "USD"),
        None,
    ]
    assert _paid("1.00").remittance_lines == ()
    assert _paid("1.00", remittance_lines=lines[0]).remittance_lines == (lines[0],)


def test_remittance_lines_refuse_mixed_currencies_and_bad_amounts() -> None:
    eur = RemittanceLine(document_number="INV-1", amount_paid=money("10.00", "EUR"))
    with pytest.raises(CurrencyMismatchError, match=r"remittance_lines\[0\]"):
        _paid("10.00", remittance_lines=[eur])
    with pytest.raises(CurrencyMismatchError):
        RemittanceLine(
            document_number="INV-1", amount_paid=money("1.00", "USD"), discount=money("1.00", "EUR")
        )
    credit_memo = RemittanceLine(document_number="CM-1", amount_paid=money("-1.00", "USD"))
    assert credit_memo.settled == money("-1.00", "USD")  # a deducted credit note
    with pytest.raises(ValidationError, match=r"remittance_line\.amount_paid"):
        RemittanceLine(document_number="INV-1", amount_paid=1)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"remittance_line\.discount"):
        RemittanceLine(document_number="INV-1", discount=money("0.00", "USD"))
    with pytest.raises(ValidationError, match=r"remittance_line\.adjustment"):
        RemittanceLine(document_number="INV-1", adjustment="5")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"payment\.remittance_lines\[1\]"):
        _paid("1.00", remittance_lines=[eur, "INV-2"])
    with pytest.raises(ValidationError, match=r"payment\.remittance_lines"):
        _paid("1.00", remittance_lines="INV-1")


def test_payment_rows_carry_remittance_lines_as_a_json_cell() -> None:
    row = {
        "id": "P1",
        "amount": "100.00",
        "currency": "usd",
        "received_date": "2026-03-02",
        "remittance_lines": '[{"document_number": "INV-1", "amount_paid": "90.00",'
        ' "adjustment": "10.00", "adjustment_reason": "CS"}]',
    }
    payment = Payment.from_row(row)
    assert payment.remittance_lines == (
        RemittanceLine(
            document_number="INV-1",
            amount_paid=money("90.00", "USD"),
            adjustment=money("10.00", "USD"),
            adjustment_reason="CS",
        ),
    )
    assert Payment.from_row({**row, "remittance_lines": ""}).remittance_lines == ()
    for bad in ("INV-1", '{"document_number": "INV-1"}', "[1]"):
        with pytest.raises(ValidationError, match=r"payment\.remittance_lines"):
            Payment.from_row({**row, "remittance_lines": bad})
    with pytest.raises(ValidationError, match=r"remittance_line\.amount_paid"):
        Payment.from_row(
            {**row, "remittance_lines": '[{"document_number": "I", "amount_paid": "1.234"}]'}
        )
