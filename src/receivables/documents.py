"""What was billed, credited, paid and applied, and by whom?

The documents of accounts receivable, as frozen values validated on
construction: :class:`Customer`, :class:`Invoice` (and debit notes),
:class:`CreditNote`, :class:`Payment` (and the :class:`RemittanceLine` of a
structured remittance), :class:`Application` (what paid what),
:class:`Adjustment` (write-off, discount, fee, interest, rounding, FX) and
:class:`Reversal` (a returned cheque, an application undone).

Conventions, the same in every engine:

- An amount on a document is positive; what it does to the balance comes from
  its kind. Invoices and debit notes raise what the customer owes; credit
  notes and payments lower it once applied. An :class:`Adjustment` says its
  ``direction``: a *credit* lowers the balance, a *debit* raises it.
- An :class:`Application` takes ``amount`` from a source (a payment or a
  credit note) and clears ``amount + discount`` of a target invoice. When the
  source is in another currency, ``source_amount`` is what leaves the source.
- Dates are :class:`datetime.date`, never datetimes; nothing here reads a clock.

Build from plain rows with the named constructors (``Invoice.from_row``), change
with :func:`attrs.evolve`; JSON lives in :mod:`receivables.interop`.

>>> invoice = Invoice.from_row({"number": "INV-1001", "customer_id": "C1",
...     "issue_date": "2026-01-05", "due_date": "2026-02-04",
...     "amount": "1200.00", "currency": "USD"})
>>> invoice.amount, invoice.due_date
(Money('1200.00', 'USD'), datetime.date(2026, 2, 4))
>>> Invoice.from_row({"number": "INV-1002", "customer_id": "C1",
...     "issue_date": "2026-01-05", "due_date": "2026-01-01",
...     "amount": "10.00", "currency": "USD"})
Traceback (most recent call last):
...
receivables.errors.ValidationError: invoice.due_date: got datetime.date(2026, 1, 1); expected a date on or after the issue date 2026-01-05
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs
import moneyed

from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.money import Money, currency_digits, money, zero
from receivables.validators import check_items

__all__ = [
    "Adjustment",
    "AdjustmentKind",
    "Application",
    "CreditNote",
    "Customer",
    "CustomerStatus",
    "Direction",
    "Discount",
    "Dispute",
    "Document",
    "Invoice",
    "InvoiceKind",
    "Payment",
    "PaymentMethod",
    "PlanStatus",
    "PromiseToPay",
    "RemittanceLine",
    "Reversal",
    "ReversalKind",
    "SourceKind",
    "parse_date",
    "parse_member",
]

_Member = TypeVar("_Member", bound=enum.Enum)


class CustomerStatus(enum.StrEnum):
    """Where a customer stands; the bad-debt rules read it.

    >>> [member.value for member in CustomerStatus]
    ['active', 'bankrupt', 'dissolved', 'deceased', 'dispute_lost', 'uncollectible', 'blocked']
    """

    ACTIVE = "active"
    BANKRUPT = "bankrupt"
    DISSOLVED = "dissolved"
    DECEASED = "deceased"
    DISPUTE_LOST = "dispute_lost"
    UNCOLLECTIBLE = "uncollectible"  # returned uncollectible by the collection agency
    BLOCKED = "blocked"


class InvoiceKind(enum.StrEnum):
    """An invoice proper, or a debit note (late charges, fees, price corrections).

    >>> [member.value for member in InvoiceKind]
    ['invoice', 'debit_note']
    """

    INVOICE = "invoice"
    DEBIT_NOTE = "debit_note"


class PaymentMethod(enum.StrEnum):
    """How the money arrived.

    >>> [member.value for member in PaymentMethod]
    ['transfer', 'check', 'card', 'cash', 'direct_debit']
    """

    TRANSFER = "transfer"
    CHECK = "check"
    CARD = "card"
    CASH = "cash"
    DIRECT_DEBIT = "direct_debit"


class SourceKind(enum.StrEnum):
    """What an application takes money from.

    >>> [member.value for member in SourceKind]
    ['payment', 'credit_note']
    """

    PAYMENT = "payment"
    CREDIT_NOTE = "credit_note"


class AdjustmentKind(enum.StrEnum):
    """Why a balance moved without cash.

    >>> [member.value for member in AdjustmentKind]
    ['write_off', 'discount', 'fee', 'interest', 'rounding', 'fx_difference']
    """

    WRITE_OFF = "write_off"
    DISCOUNT = "discount"
    FEE = "fee"
    INTEREST = "interest"
    ROUNDING = "rounding"
    FX_DIFFERENCE = "fx_difference"


class Direction(enum.StrEnum):
    """A credit lowers what the customer owes; a debit raises it.

    >>> [member.value for member in Direction]
    ['credit', 'debit']
    """

    CREDIT = "credit"
    DEBIT = "debit"


class PlanStatus(enum.StrEnum):
    """Where a payment plan stands as of a date: the plans engine judges it, others read it.

    >>> [member.value for member in PlanStatus]
    ['current', 'in_arrears', 'broken', 'completed']
    """

    CURRENT = "current"
    IN_ARREARS = "in_arrears"
    BROKEN = "broken"
    COMPLETED = "completed"


class ReversalKind(enum.StrEnum):
    """What is undone: a payment returned by the bank (NSF cheque), or one application.

    >>> [member.value for member in ReversalKind]
    ['returned_payment', 'application_undone']
    """

    RETURNED_PAYMENT = "returned_payment"
    APPLICATION_UNDONE = "application_undone"


# --- validators shared by the documents -----------------------------------------------


def _identifier(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"{_kind(instance)}.{attribute.name}", value, "a non-empty string identifier"
        )


def _optional_identifier(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _identifier(instance, attribute, value)


def _date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(
            f"{_kind(instance)}.{attribute.name}", value, "a datetime.date (not a datetime)"
        )


def _optional_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _date(instance, attribute, value)


def _positive_money(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Money):
        raise ValidationError(
            f"{_kind(instance)}.{attribute.name}", value, "a receivables.money.Money"
        )
    if value.amount <= 0:
        raise ValidationError(f"{_kind(instance)}.{attribute.name}", value, "a positive amount")
    money(value.amount, value.code, field=f"{_kind(instance)}.{attribute.name}")


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise ValidationError(f"{_kind(instance)}.{attribute.name}", value, "a string")


def _strings(field: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    found = check_items(field, value, expected="a list of strings")
    for index, text in enumerate(found):
        if not isinstance(text, str):
            raise ValidationError(f"{field}[{index}]", text, "a string")
    return found


def _bank_accounts(value: object) -> tuple[str, ...]:
    return _strings("customer.bank_accounts", value)


def _aliases(value: object) -> tuple[str, ...]:
    return _strings("customer.aliases", value)


def _promise_items(value: object) -> tuple[str, ...]:
    return _strings("promise.items", value)


def _kind(instance: object) -> str:
    name = type(instance).__name__
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def _customer_status(value: object) -> CustomerStatus:
    return parse_member(CustomerStatus, value, "customer.status")


def _invoice_kind(value: object) -> InvoiceKind:
    return parse_member(InvoiceKind, value, "invoice.kind")


def _payment_method(value: object) -> PaymentMethod:
    return parse_member(PaymentMethod, value, "payment.method")


def _source_kind(value: object) -> SourceKind:
    return parse_member(SourceKind, value, "application.source_kind")


def _adjustment_kind(value: object) -> AdjustmentKind:
    return parse_member(AdjustmentKind, value, "adjustment.kind")


def _direction(value: object) -> Direction | None:
    return None if value is None else parse_member(Direction, value, "adjustment.direction")


def _reversal_kind(value: object) -> ReversalKind:
    return parse_member(ReversalKind, value, "reversal.kind")


# --- parsing rows --------------------------------------------------------------------


def parse_date(value: object, field: str = "date") -> dt.date:
    """A date from a ``date`` or an ISO ``YYYY-MM-DD`` string, naming ``field`` if not.

    >>> parse_date("2026-03-31")
    datetime.date(2026, 3, 31)
    >>> parse_date("31/03/2026", "invoice.issue_date")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: invoice.issue_date: got '31/03/2026'; expected an ISO date YYYY-MM-DD
    """
    if isinstance(value, dt.datetime):
        raise ValidationError(field, value, "a date, not a datetime")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(field, value, "an ISO date YYYY-MM-DD")


def parse_member(
    kind: type[_Member], value: object, field: str, error: type[ValidationError] = ValidationError
) -> _Member:
    """A member of the enum ``kind`` from itself or its value, else ``error`` naming ``field``.

    The error lists the values accepted, so a bad cell in a file or a typo in
    a policy says what would have been right.

    >>> parse_member(PaymentMethod, "check", "payment.method")
    <PaymentMethod.CHECK: 'check'>
    >>> parse_member(PaymentMethod, "cheque", "payment.method")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: payment.method: got 'cheque'; expected one of 'transfer', 'check', 'card', 'cash', 'direct_debit'
    """
    if not (isinstance(kind, type) and issubclass(kind, enum.Enum)):
        raise ValidationError("kind", kind, "an enum class such as PaymentMethod")
    if not (isinstance(error, type) and issubclass(error, ValidationError)):
        raise ValidationError("error", error, "ValidationError or a subclass such as PolicyError")
    try:
        return kind(value)
    except (ValueError, TypeError):
        accepted = ", ".join(repr(member.value) for member in kind)
        raise error(field, value, f"one of {accepted}") from None


def _check_row(row: object, field: str) -> None:
    """A row is a mapping of column names to cells, else ValidationError naming ``field``."""
    if not isinstance(row, Mapping):
        raise ValidationError(field, row, "a mapping of column names to values (a dict row)")


def _row_money(row: Mapping[str, Any], key: str, field: str) -> Money:
    value = row.get(key)
    if isinstance(value, moneyed.Money):
        return Money(value.amount, value.currency.code)
    currency = row.get("currency")
    if currency is None or currency == "":
        raise ValidationError(f"{field}.currency", None, "a 'currency' column beside the amount")
    if not isinstance(currency, str):
        raise ValidationError(f"{field}.currency", currency, "an ISO 4217 code such as 'USD'")
    try:
        currency_digits(currency.strip().upper())
    except ValidationError as error:
        raise ValidationError(f"{field}.currency", currency, error.expected) from None
    return money(value, currency, field=f"{field}.{key}")


def _row_optional_date(row: Mapping[str, Any], key: str, field: str) -> dt.date | None:
    value = row.get(key)
    if value is None or value == "":
        return None
    return parse_date(value, f"{field}.{key}")


def _row_text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def _row_optional_text(row: Mapping[str, Any], key: str) -> str | None:
    value = row.get(key)
    return None if value is None or value == "" else str(value)


# --- documents -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Customer:
    """Who owes: identity, where they are, how they are classified.

    >>> Customer(id="C1", name="Ferretería El Tornillo S.A.S.", country="CO",
    ...          currency="COP", locale="es_CO").country
    'CO'
    """

    id: str = attrs.field(validator=_identifier)
    name: str = attrs.field(validator=_identifier)
    country: str = attrs.field(default="US")
    currency: str = attrs.field(default="USD")
    locale: str = attrs.field(default="en_US", validator=_text)
    status: CustomerStatus = attrs.field(default=CustomerStatus.ACTIVE, converter=_customer_status)
    risk_class: str = attrs.field(default="standard", validator=_identifier)
    segment: str = attrs.field(default="default", validator=_identifier)
    bank_accounts: tuple[str, ...] = attrs.field(default=(), converter=_bank_accounts)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_aliases)
    tax_id: str | None = attrs.field(default=None)
    credit_limit: Money | None = attrs.field(default=None)
    timezone: str = attrs.field(default="UTC", validator=_text)

    @country.validator
    def _check_country(self, attribute: attrs.Attribute[str], value: object) -> None:
        if (
            not isinstance(value, str)
            or len(value) != 2
            or not value.isalpha()
            or not value.isupper()
        ):
            raise ValidationError(
                "customer.country", value, "an ISO 3166 alpha-2 code such as 'CO'"
            )

    @currency.validator
    def _check_currency(self, attribute: attrs.Attribute[str], value: object) -> None:
        try:
            if not isinstance(value, str) or value != value.strip().upper():
                raise ValidationError("currency", value, "an upper-case code")
            currency_digits(value)
        except ValidationError:
            raise ValidationError(
                "customer.currency", value, "an ISO 4217 code such as 'COP'"
            ) from None

    @credit_limit.validator
    def _check_limit(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        if not isinstance(value, Money) or value.amount < 0:
            raise ValidationError(
                "customer.credit_limit", value, "a Money of zero or more, or None"
            )


@attrs.frozen(kw_only=True)
class Discount:
    """An early-payment discount: ``amount`` off if paid on or before ``until``.

    >>> Discount(amount=money("20.00", "USD"), until=dt.date(2026, 1, 15)).until
    datetime.date(2026, 1, 15)
    """

    amount: Money = attrs.field(validator=_positive_money)
    until: dt.date = attrs.field(validator=_date)


def _discounts(value: Iterable[Discount] | Discount | None) -> tuple[Discount, ...]:
    if value is None:
        return ()
    if isinstance(value, Discount):
        return (value,)
    if isinstance(value, str | bytes | Mapping):
        raise ValidationError("invoice.discounts", value, "a sequence of Discount")
    try:
        discounts = tuple(value)
    except TypeError:
        raise ValidationError("invoice.discounts", value, "a sequence of Discount") from None
    for index, discount in enumerate(discounts):
        if not isinstance(discount, Discount):
            raise ValidationError(f"invoice.discounts[{index}]", discount, "a Discount")
    return tuple(sorted(discounts, key=lambda d: d.until))


@attrs.frozen(kw_only=True)
class Invoice:
    """A bill the customer owes: positive ``amount`` due on ``due_date``.

    ``discounts`` lists early-payment discounts by their last day (2/10 net 30
    gives one); ``reference`` is the customer's own reference (a PO number).

    >>> Invoice.from_row({"number": "INV-1", "customer_id": "C1", "issue_date": "2026-03-01",
    ...                   "due_date": "2026-03-31", "amount": "1200.50", "currency": "USD"}).amount
    Money('1200.50', 'USD')
    >>> Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 3, 1),
    ...         due_date=dt.date(2026, 2, 1), amount=money("100", "USD"))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: invoice.due_date: got datetime.date(2026, 2, 1); expected a date on or after the issue date 2026-03-01
    """

    number: str = attrs.field(validator=_identifier)
    customer_id: str = attrs.field(validator=_identifier)
    issue_date: dt.date = attrs.field(validator=_date)
    due_date: dt.date = attrs.field(validator=_date)
    amount: Money = attrs.field(validator=_positive_money)
    kind: InvoiceKind = attrs.field(default=InvoiceKind.INVOICE, converter=_invoice_kind)
    reference: str | None = attrs.field(default=None, validator=_optional_identifier)
    discounts: tuple[Discount, ...] = attrs.field(default=(), converter=_discounts)

    def __attrs_post_init__(self) -> None:
        if self.due_date < self.issue_date:
            raise ValidationError(
                "invoice.due_date",
                self.due_date,
                f"a date on or after the issue date {self.issue_date.isoformat()}",
            )
        for index, discount in enumerate(self.discounts):
            if discount.amount.code != self.amount.code:
                raise CurrencyMismatchError(
                    f"attach discounts[{index}] to", self.amount.code, discount.amount.code
                )
            if discount.amount >= self.amount:
                raise ValidationError(
                    f"invoice.discounts[{index}].amount",
                    discount.amount,
                    f"less than the invoice amount {self.amount.amount}",
                )

    @property
    def currency(self) -> str:
        """The invoice's ISO 4217 currency code.

        >>> Invoice(number="A1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
        ...     due_date=dt.date(2026, 1, 31), amount=money("150000", "COP")).currency
        'COP'
        """
        return self.amount.code

    def discount_on(self, paid_on: dt.date) -> Money:
        """The early-payment discount earned by paying in full on ``paid_on``.

        >>> invoice = Invoice(number="A1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
        ...     due_date=dt.date(2026, 1, 31), amount=money("1000.00", "USD"),
        ...     discounts=[Discount(amount=money("20.00", "USD"), until=dt.date(2026, 1, 11))])
        >>> invoice.discount_on(dt.date(2026, 1, 11)), invoice.discount_on(dt.date(2026, 1, 12))
        (Money('20.00', 'USD'), Money('0.00', 'USD'))
        """
        for discount in self.discounts:
            if paid_on <= discount.until:
                return discount.amount
        return zero(self.currency)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Invoice:
        """An invoice from a plain row: strings for amounts and ISO dates, a ``currency`` key.

        >>> invoice = Invoice.from_row({"number": "INV/2026/0001", "customer_id": "P-17",
        ...     "issue_date": "2026-05-04", "due_date": "2026-06-03", "amount": "1190.00",
        ...     "currency": "EUR"})
        >>> invoice.amount, invoice.due_date
        (Money('1190.00', 'EUR'), datetime.date(2026, 6, 3))
        """
        _check_row(row, "invoice")
        field = "invoice"
        return cls(
            number=_row_text(row, "number"),
            customer_id=_row_text(row, "customer_id"),
            issue_date=parse_date(row.get("issue_date"), f"{field}.issue_date"),
            due_date=parse_date(row.get("due_date"), f"{field}.due_date"),
            amount=_row_money(row, "amount", field),
            kind=row.get("kind") or InvoiceKind.INVOICE,
            reference=_row_optional_text(row, "reference"),
        )


@attrs.frozen(kw_only=True)
class CreditNote:
    """A credit the customer holds until it is applied; ``against`` names the invoice it corrects.

    >>> note = CreditNote.from_row({"number": "CN-1", "customer_id": "C1", "amount": "50",
    ...                             "issue_date": "2026-03-05", "currency": "EUR",
    ...                             "against": "INV-1"})
    >>> note.currency, note.against
    ('EUR', 'INV-1')
    """

    number: str = attrs.field(validator=_identifier)
    customer_id: str = attrs.field(validator=_identifier)
    issue_date: dt.date = attrs.field(validator=_date)
    amount: Money = attrs.field(validator=_positive_money)
    against: str | None = attrs.field(default=None, validator=_optional_identifier)
    reason: str = attrs.field(default="", validator=_text)

    @property
    def currency(self) -> str:
        """The credit note's ISO 4217 currency code.

        >>> CreditNote(number="CN-1", customer_id="C1", issue_date=dt.date(2026, 2, 1),
        ...            amount=money("50.00", "GBP")).currency
        'GBP'
        """
        return self.amount.code

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CreditNote:
        """A credit note from a plain row.

        >>> note = CreditNote.from_row({"number": "CN-1", "customer_id": "C1",
        ...     "issue_date": "2026-02-01", "amount": "50.00", "currency": "USD", "against": "INV-1"})
        >>> note.amount, note.against
        (Money('50.00', 'USD'), 'INV-1')
        """
        _check_row(row, "credit_note")
        return cls(
            number=_row_text(row, "number"),
            customer_id=_row_text(row, "customer_id"),
            issue_date=parse_date(row.get("issue_date"), "credit_note.issue_date"),
            amount=_row_money(row, "amount", "credit_note"),
            against=_row_optional_text(row, "against"),
            reason=_row_text(row, "reason"),
        )


def _optional_money(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, Money):
        raise ValidationError(
            f"{_kind(instance)}.{attribute.name}", value, "a receivables.money.Money or None"
        )
    money(value.amount, value.code, field=f"{_kind(instance)}.{attribute.name}")


@attrs.frozen(kw_only=True)
class RemittanceLine:
    """One line of a structured remittance: which document the payer paid, and how.

    Structured bank and EDI messages carry these beside the free text (camt
    ``Strd``/``RfrdDocInf``/``RfrdDocAmt``, EDI 820 ``RMR``/``ADX``, lockbox
    overflow records). ``amount_paid`` is what the payer paid on the document
    (None when the line only names it; negative when the line deducts a
    credit note, as an EDI 820 ``RMR`` for a credit memo does); ``discount`` the early-payment
    discount it took; ``adjustment`` what else it took off the document
    (positive, a deduction such as damaged goods; negative when it added), with
    the payer's ``adjustment_reason`` code (an X12 ADX02 code such as ``'CS'``,
    a camt ``Rsn``). Every amount is in the payment's currency.

    >>> line = RemittanceLine(document_number="INV-1001", amount_paid=money("970.00", "USD"),
    ...                       discount=money("30.00", "USD"))
    >>> line.settled
    Money('1000.00', 'USD')
    >>> RemittanceLine(document_number=" ", amount_paid=money("1.00", "USD"))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: remittance_line.document_number: got ' '; expected a non-empty string identifier
    """

    document_number: str = attrs.field(validator=_identifier)
    amount_paid: Money | None = attrs.field(default=None, validator=_optional_money)
    discount: Money | None = attrs.field(default=None, validator=_optional_money)
    adjustment: Money | None = attrs.field(default=None, validator=_optional_money)
    adjustment_reason: str = attrs.field(default="", validator=_text)
    reference_kind: str = attrs.field(default="", validator=_text)

    def __attrs_post_init__(self) -> None:
        if self.discount is not None and self.discount.amount <= 0:
            raise ValidationError("remittance_line.discount", self.discount, "a positive amount")
        codes = {m.code for m in (self.amount_paid, self.discount, self.adjustment) if m}
        if len(codes) > 1:
            first, second = sorted(codes)[:2]
            raise CurrencyMismatchError("combine in one remittance line", first, second)

    @property
    def currency(self) -> str | None:
        """The currency of the line's amounts, None when it names a document only.

        >>> RemittanceLine(document_number="INV-9").currency is None
        True
        """
        for amount in (self.amount_paid, self.discount, self.adjustment):
            if amount is not None:
                return amount.code
        return None

    @property
    def settled(self) -> Money | None:
        """The amount the line clears from the document, paid plus discount plus adjustment.

        None when the line does not say what it paid.

        >>> RemittanceLine(document_number="INV-2", amount_paid=money("75.00", "USD"),
        ...     adjustment=money("25.00", "USD"), adjustment_reason="CS").settled
        Money('100.00', 'USD')
        """
        if self.amount_paid is None:
            return None
        result = self.amount_paid
        for extra in (self.discount, self.adjustment):
            if extra is not None:
                result = result + extra
        return result

    @classmethod
    def from_row(cls, row: Mapping[str, Any], currency: str) -> RemittanceLine:
        """A line from a plain mapping of strings, its amounts in ``currency``.

        >>> RemittanceLine.from_row({"document_number": "INV-7", "amount_paid": "12.50",
        ...                          "adjustment_reason": ""}, "EUR").amount_paid
        Money('12.50', 'EUR')
        """
        _check_row(row, "remittance_line")

        def amount(key: str) -> Money | None:
            value = row.get(key)
            if value is None or value == "":
                return None
            return money(value, currency, field=f"remittance_line.{key}")

        return cls(
            document_number=_row_text(row, "document_number"),
            amount_paid=amount("amount_paid"),
            discount=amount("discount"),
            adjustment=amount("adjustment"),
            adjustment_reason=_row_text(row, "adjustment_reason"),
            reference_kind=_row_text(row, "reference_kind"),
        )


def _remittance_lines(value: object) -> tuple[RemittanceLine, ...]:
    if value is None:
        return ()
    if isinstance(value, RemittanceLine):
        return (value,)
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ValidationError("payment.remittance_lines", value, "a sequence of RemittanceLine")
    lines = tuple(value)
    for index, line in enumerate(lines):
        if not isinstance(line, RemittanceLine):
            raise ValidationError(f"payment.remittance_lines[{index}]", line, "a RemittanceLine")
    return lines


def _row_remittance_lines(row: Mapping[str, Any], currency: object) -> tuple[RemittanceLine, ...]:
    """The ``remittance_lines`` cell: a JSON list of line objects (amounts as strings)."""
    value = row.get("remittance_lines")
    if value is None or value == "":
        return ()
    if not isinstance(value, str):
        return _remittance_lines(value)
    expected = (
        'a JSON list such as [{"document_number": "INV-1", "amount_paid": "10.00"}] '
        "(amounts as strings, in the payment's currency)"
    )
    try:
        data = json.loads(value)
    except json.JSONDecodeError:
        raise ValidationError("payment.remittance_lines", value, expected) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValidationError("payment.remittance_lines", value, expected)
    code = str(currency or "").strip().upper()
    return tuple(RemittanceLine.from_row(item, code) for item in data)


@attrs.frozen(kw_only=True)
class Payment:
    """Money received: how much, when, from whom, and what the payer wrote.

    ``customer_id`` is set when the bank or the lockbox already identified the
    customer; otherwise cash application finds it from ``payer_account``,
    ``payer_name`` and the references in ``remittance``. ``remittance_lines``
    holds the structured remittance a bank or EDI message carried (one
    :class:`RemittanceLine` per document paid), in the payment's currency.

    >>> Payment(id="P1", amount=money("970.00", "USD"), received_date=dt.date(2026, 1, 5),
    ...         remittance_lines=[RemittanceLine(document_number="INV-1",
    ...                                          amount_paid=money("970.00", "USD"))]
    ...         ).remittance_lines[0].document_number
    'INV-1'

    >>> Payment(id="P1", amount=money("0.00", "USD"), received_date=dt.date(2026, 1, 5))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: payment.amount: got Money('0.00', 'USD'); expected a positive amount
    """

    id: str = attrs.field(validator=_identifier)
    amount: Money = attrs.field(validator=_positive_money)
    received_date: dt.date = attrs.field(validator=_date)
    value_date: dt.date | None = attrs.field(default=None, validator=_optional_date)
    payer_name: str = attrs.field(default="", validator=_text)
    remittance: str = attrs.field(default="", validator=_text)
    bank_reference: str = attrs.field(default="", validator=_text)
    method: PaymentMethod = attrs.field(default=PaymentMethod.TRANSFER, converter=_payment_method)
    customer_id: str | None = attrs.field(default=None, validator=_optional_identifier)
    payer_account: str | None = attrs.field(default=None, validator=_optional_identifier)
    remittance_lines: tuple[RemittanceLine, ...] = attrs.field(
        default=(), converter=_remittance_lines
    )

    def __attrs_post_init__(self) -> None:
        for index, line in enumerate(self.remittance_lines):
            if line.currency is not None and line.currency != self.amount.code:
                raise CurrencyMismatchError(
                    f"attach remittance_lines[{index}] to", self.amount.code, line.currency
                )

    @property
    def currency(self) -> str:
        """The payment's ISO 4217 currency code.

        >>> Payment(id="P1", amount=money("10.00", "USD"), received_date=dt.date(2026, 2, 1)).currency
        'USD'
        """
        return self.amount.code

    @property
    def effective_date(self) -> dt.date:
        """The value date when the bank gave one, else the day it was received.

        >>> Payment(id="P1", amount=money("10.00", "USD"), received_date=dt.date(2026, 2, 1),
        ...         value_date=dt.date(2026, 2, 3)).effective_date
        datetime.date(2026, 2, 3)
        """
        return self.value_date or self.received_date

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Payment:
        """A payment from a plain row (bank statement line, lockbox file).

        >>> payment = Payment.from_row({"id": "BNK-42", "received_date": "2026-06-05",
        ...     "amount": "1190.00", "currency": "EUR", "payer_name": "ACME GMBH",
        ...     "remittance": "INV/2026/0001"})
        >>> payment.amount, payment.customer_id, payment.remittance
        (Money('1190.00', 'EUR'), None, 'INV/2026/0001')
        """
        _check_row(row, "payment")
        return cls(
            id=_row_text(row, "id"),
            amount=_row_money(row, "amount", "payment"),
            received_date=parse_date(row.get("received_date"), "payment.received_date"),
            value_date=_row_optional_date(row, "value_date", "payment"),
            payer_name=_row_text(row, "payer_name"),
            remittance=_row_text(row, "remittance"),
            bank_reference=_row_text(row, "bank_reference"),
            method=row.get("method") or PaymentMethod.TRANSFER,
            customer_id=_row_optional_text(row, "customer_id"),
            payer_account=_row_optional_text(row, "payer_account"),
            remittance_lines=_row_remittance_lines(row, row.get("currency")),
        )


@attrs.frozen(kw_only=True)
class Application:
    """``amount`` from a payment or credit note applied to invoice ``target_number`` on ``date``.

    The invoice clears ``amount + discount``; the source gives ``source_amount``
    (``amount`` itself unless the source is in another currency).

    >>> a = Application(id="A1", source_id="P1", target_number="INV-1",
    ...                 amount=money("98.00", "USD"), discount=money("2.00", "USD"),
    ...                 date=dt.date(2026, 1, 9))
    >>> a.cleared, a.taken
    (Money('100.00', 'USD'), Money('98.00', 'USD'))
    """

    id: str = attrs.field(validator=_identifier)
    source_id: str = attrs.field(validator=_identifier)
    target_number: str = attrs.field(validator=_identifier)
    amount: Money = attrs.field()
    date: dt.date = attrs.field(validator=_date)
    discount: Money | None = attrs.field(default=None)
    source_kind: SourceKind = attrs.field(default=SourceKind.PAYMENT, converter=_source_kind)
    source_amount: Money | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.amount, Money) or self.amount.amount < 0:
            raise ValidationError("application.amount", self.amount, "a Money of zero or more")
        money(self.amount.amount, self.amount.code, field="application.amount")
        if self.discount is not None:
            _positive_money(self, attrs.fields(Application).discount, self.discount)
            if self.discount.code != self.amount.code:
                raise CurrencyMismatchError(
                    "take a discount in", self.amount.code, self.discount.code
                )
        if self.amount.amount == 0 and self.discount is None:
            raise ValidationError(
                "application.amount", self.amount, "a positive amount, or a discount beside it"
            )
        if self.source_amount is not None:
            _positive_money(self, attrs.fields(Application).source_amount, self.source_amount)
            if self.amount.amount == 0:  # only a discount: nothing leaves the source
                raise ValidationError(
                    "application.source_amount",
                    self.source_amount,
                    "None when the application only takes a discount (amount zero)",
                )
            if self.source_amount.code == self.amount.code and self.source_amount != self.amount:
                # in one currency what leaves the source is what reaches the invoice, or
                # cash would appear or vanish
                raise ValidationError(
                    "application.source_amount",
                    self.source_amount,
                    f"the amount itself ({self.amount}) when the source is in "
                    f"{self.amount.code} too; source_amount is for a source in another currency",
                )

    @property
    def cleared(self) -> Money:
        """What leaves the invoice's open amount, the amount plus any discount.

        >>> Application(id="A1", source_id="P1", target_number="INV-1", amount=money("980.00", "USD"),
        ...             discount=money("20.00", "USD"), date=dt.date(2026, 1, 10)).cleared
        Money('1000.00', 'USD')
        """
        return self.amount + self.discount if self.discount is not None else self.amount

    @property
    def taken(self) -> Money:
        """What leaves the source (payment or credit note), in the source's currency.

        >>> Application(id="A1", source_id="P1", target_number="INV-1", amount=money("100.00", "USD"),
        ...             source_amount=money("92.00", "EUR"), date=dt.date(2026, 1, 10)).taken
        Money('92.00', 'EUR')
        """
        return self.source_amount if self.source_amount is not None else self.amount


def _default_direction(adjustment: Adjustment) -> Direction | None:
    if adjustment.kind in (AdjustmentKind.WRITE_OFF, AdjustmentKind.DISCOUNT):
        return Direction.CREDIT
    if adjustment.kind in (AdjustmentKind.FEE, AdjustmentKind.INTEREST):
        return Direction.DEBIT
    return None


@attrs.frozen(kw_only=True)
class Adjustment:
    """A balance moved without cash: write-off, discount, fee, interest, rounding, FX.

    ``amount`` is positive; ``direction`` says which way it moves the balance
    (write-offs and discounts are credits, fees and interest debits; rounding
    and FX differences must say). With a ``target_number`` it moves that
    invoice's open amount; without one, the customer's balance on account.

    >>> Adjustment(id="W1", customer_id="C1", kind="write_off",
    ...            amount=money("0.40", "USD"), date=dt.date(2026, 2, 1)).direction
    <Direction.CREDIT: 'credit'>
    >>> Adjustment(id="R1", customer_id="C1", kind="rounding",
    ...            amount=money("0.01", "USD"), date=dt.date(2026, 2, 1))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: adjustment.direction: got None; expected 'credit' or 'debit' for a rounding adjustment
    """

    id: str = attrs.field(validator=_identifier)
    customer_id: str = attrs.field(validator=_identifier)
    kind: AdjustmentKind = attrs.field(converter=_adjustment_kind)
    amount: Money = attrs.field(validator=_positive_money)
    date: dt.date = attrs.field(validator=_date)
    target_number: str | None = attrs.field(default=None, validator=_optional_identifier)
    direction: Direction | None = attrs.field(
        default=attrs.Factory(_default_direction, takes_self=True),
        converter=_direction,
    )
    reason: str = attrs.field(default="", validator=_text)

    def __attrs_post_init__(self) -> None:
        expected = _default_direction(self)
        if self.direction is None:
            raise ValidationError(
                "adjustment.direction", None, f"'credit' or 'debit' for a {self.kind} adjustment"
            )
        if expected is not None and self.direction != expected:
            raise ValidationError(
                "adjustment.direction",
                str(self.direction),
                f"{expected.value!r} for a {self.kind.value} adjustment",
            )

    @property
    def signed_amount(self) -> Money:
        """The change to the balance, negative for a credit and positive for a debit.

        >>> Adjustment(id="W1", customer_id="C1", kind="write_off", amount=money("0.40", "USD"),
        ...            date=dt.date(2026, 2, 1)).signed_amount
        Money('-0.40', 'USD')
        """
        return -self.amount if self.direction is Direction.CREDIT else self.amount


@attrs.frozen(kw_only=True)
class Reversal:
    """Undo a payment (returned by the bank, an NSF cheque) or one application.

    Undoing reopens what was paid; a returned payment also takes back its cash,
    so it no longer counts as received from ``date`` on.

    >>> Reversal(id="R1", kind="returned_payment", target_id="P1", date=dt.date(2026, 3, 9),
    ...          reason="NSF cheque").kind
    <ReversalKind.RETURNED_PAYMENT: 'returned_payment'>
    """

    id: str = attrs.field(validator=_identifier)
    kind: ReversalKind = attrs.field(converter=_reversal_kind)
    target_id: str = attrs.field(validator=_identifier)
    date: dt.date = attrs.field(validator=_date)
    reason: str = attrs.field(default="", validator=_text)


@attrs.frozen(kw_only=True)
class PromiseToPay:
    """A customer's promise, taken by a collector: ``amount`` by ``promised_date``.

    ``items`` names the invoices it covers (empty: the account as a whole).
    Whether it was kept is for ``receivables.promises`` to judge as of a date.

    >>> PromiseToPay(id="PTP-1", customer_id="C1", amount=money("500.00", "USD"),
    ...              promised_date=dt.date(2026, 3, 15), taken_on=dt.date(2026, 3, 1),
    ...              taken_by="ana").promised_date
    datetime.date(2026, 3, 15)
    """

    id: str = attrs.field(validator=_identifier)
    customer_id: str = attrs.field(validator=_identifier)
    amount: Money = attrs.field(validator=_positive_money)
    promised_date: dt.date = attrs.field(validator=_date)
    taken_on: dt.date = attrs.field(validator=_date)
    taken_by: str = attrs.field(validator=_identifier)
    items: tuple[str, ...] = attrs.field(default=(), converter=_promise_items)
    note: str = attrs.field(default="", validator=_text)

    def __attrs_post_init__(self) -> None:
        if self.promised_date < self.taken_on:
            raise ValidationError(
                "promise_to_pay.promised_date",
                self.promised_date,
                f"a date on or after the day it was taken, {self.taken_on.isoformat()}",
            )


@attrs.frozen(kw_only=True)
class Dispute:
    """A customer disputes an invoice from ``opened_on`` until ``resolved_on`` (open while None).

    >>> dispute = Dispute(id="D1", customer_id="C1", invoice_number="INV-1",
    ...                   opened_on=dt.date(2026, 3, 1), resolved_on=dt.date(2026, 3, 20))
    >>> dispute.is_open(dt.date(2026, 3, 10)), dispute.is_open(dt.date(2026, 3, 20))
    (True, False)
    """

    id: str = attrs.field(validator=_identifier)
    customer_id: str = attrs.field(validator=_identifier)
    invoice_number: str = attrs.field(validator=_identifier)
    opened_on: dt.date = attrs.field(validator=_date)
    reason: str = attrs.field(default="", validator=_text)
    resolved_on: dt.date | None = attrs.field(default=None, validator=_optional_date)
    amount: Money | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if self.resolved_on is not None and self.resolved_on < self.opened_on:
            raise ValidationError(
                "dispute.resolved_on",
                self.resolved_on,
                f"a date on or after it was opened, {self.opened_on.isoformat()}",
            )
        if self.amount is not None:
            _positive_money(self, attrs.fields(Dispute).amount, self.amount)

    def is_open(self, as_of: dt.date) -> bool:
        """Whether the dispute is open on ``as_of``.

        >>> Dispute(id="D2", customer_id="C1", invoice_number="INV-2",
        ...         opened_on=dt.date(2026, 3, 1)).is_open(dt.date(2027, 1, 1))
        True
        """
        return self.opened_on <= as_of and (self.resolved_on is None or as_of < self.resolved_on)


Document = Invoice | CreditNote | Payment | Application | Adjustment | Reversal
"""Anything a ledger records."""
