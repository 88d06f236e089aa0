"""What did we deliver that we have not invoiced, and what did we invoice without proof of delivery?

The billing team's reconciliation of delivery notes against invoices
("conciliación facturación vs producción"; SAP's billing due list and
ERPNext's *Delivered Items To Be Billed* report ask the same question). Each
delivery note (goods delivered, valued at the agreed price, signed by the
customer or not) is set against the invoice lines that bill it, and
:func:`reconcile_deliveries` returns one finding per note and per invoice
line billed without a note:

======================  ==============================================================
finding                 what happened
======================  ==============================================================
delivered_not_invoiced  a note on or before ``as_of`` that no invoice line bills,
                        aged by days since delivery (the unbilled revenue to chase)
amount_differs          the invoice lines billing a note add up to another amount
quantity_differs        ... or to another quantity
not_signed              billed on a note the customer has not signed (chase the proof)
note_missing            an invoice line names a note we do not have (chase the note)
no_note                 an invoice line names no note at all
matched                 billed in full on a signed note
======================  ==============================================================

An invoice line bills the note it names (numbers compared as
:func:`~receivables.numbering.reference_key` keys within one customer, or by
their digits when only one of the customer's notes has them); a
line that names none bills the only note that names its invoice, when
exactly one does. Notes and lines dated after ``as_of`` are left out and
listed apart.

The totals tie, and construction checks it::

    delivered + Σ (invoiced - delivered, per finding) = invoiced

so the uninvoiced deliveries, the unsupported invoicing and the differences
explain the gap between what left the warehouse and what was billed, to the
cent. The linking is a dictionary look-up written here: nothing fuzzy is
wanted when billing depends on it.

>>> import datetime as dt
>>> from receivables.money import money
>>> notes = [DeliveryNote(number="RM-101", customer_id="C1", date=dt.date(2026, 6, 2),
...                       quantity=10, amount=money("500.00", "USD"), signed=True),
...          DeliveryNote(number="RM-102", customer_id="C1", date=dt.date(2026, 6, 20),
...                       quantity=4, amount=money("200.00", "USD"), signed=True)]
>>> lines = [InvoiceLine(invoice="FV-9", customer_id="C1", date=dt.date(2026, 6, 3),
...                      quantity=10, amount=money("500.00", "USD"), delivery_note="rm 101")]
>>> result = reconcile_deliveries(notes, lines, as_of=dt.date(2026, 6, 30))
>>> [(f.kind.value, f.difference) for f in result.findings]
[('delivered_not_invoiced', Money('-200.00', 'USD')), ('matched', Money('0.00', 'USD'))]
>>> result.ageing()
{'0-7': Money('0.00', 'USD'), '8-30': Money('200.00', 'USD'), '31-60': Money('0.00', 'USD'), 'over 60': Money('0.00', 'USD')}
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final

import attrs

from receivables.decisions import Reason, check_policy_identity
from receivables.documents import parse_date
from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.money import Money, from_minor, money, to_minor
from receivables.numbering import digits_key, reference_key

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_POLICY",
    "LINE_COLUMNS",
    "NOTE_COLUMNS",
    "DeliveryFinding",
    "DeliveryNote",
    "DeliveryPolicy",
    "DeliveryReconciliation",
    "FindingKind",
    "InvoiceLine",
    "reconcile_deliveries",
]


NOTE_COLUMNS: Final = ("number", "customer_id", "date", "quantity", "amount", "currency")
"""The columns a delivery-note export needs (``signed``, ``item``, ``invoice`` are optional)."""

LINE_COLUMNS: Final = ("invoice", "customer_id", "date", "quantity", "amount", "currency")
"""The columns an invoice-line export needs (``delivery_note`` is optional)."""


class FindingKind(enum.StrEnum):
    """What a finding says, in the order a report lists them.

    >>> FindingKind("matched").is_open, FindingKind("no_note").is_open
    (False, True)
    """

    DELIVERED_NOT_INVOICED = "delivered_not_invoiced"
    AMOUNT_DIFFERS = "amount_differs"
    QUANTITY_DIFFERS = "quantity_differs"
    NOT_SIGNED = "not_signed"
    NOTE_MISSING = "note_missing"
    NO_NOTE = "no_note"
    MATCHED = "matched"

    @property
    def is_open(self) -> bool:
        """Whether the finding goes on the worklist (all but matched)."""
        return self is not FindingKind.MATCHED


def _text(owner: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"{owner}.{attribute.name}", value, "a non-empty string")

    return check


def _optional_text(owner: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ValidationError(f"{owner}.{attribute.name}", value, "a non-empty string, or None")

    return check


def _day(owner: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise ValidationError(f"{owner}.{attribute.name}", value, "a datetime.date")

    return check


def _positive_quantity(value: object, field: str) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise ValidationError(field, value, "a positive decimal quantity")
    try:
        found = Decimal(value)
    except InvalidOperation:
        raise ValidationError(field, value, "a positive decimal quantity") from None
    if not found.is_finite() or found <= 0:
        raise ValidationError(field, value, "a positive decimal quantity")
    return found


def _note_quantity(value: object) -> Decimal:
    return _positive_quantity(value, "delivery_note.quantity")


def _line_quantity(value: object) -> Decimal:
    return _positive_quantity(value, "invoice_line.quantity")


def _amount(owner: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Money) or value.amount <= 0:
            raise ValidationError(f"{owner}.amount", value, "a positive Money")
        money(value.amount, value.code, field=f"{owner}.amount")

    return check


_YES: Final = frozenset({"true", "yes", "y", "1", "si", "sí", "s", "x"})
_NO: Final = frozenset({"false", "no", "n", "0", ""})


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    raise ValidationError(
        "delivery_note.signed", value, "true or false (yes/no, si/no, 1/0, x or empty)"
    )


@attrs.frozen(kw_only=True)
class DeliveryNote:
    """Goods delivered to a customer, valued at the agreed price; ``signed`` once proof is back.

    ``invoice`` is the invoice number the note says it was billed on, when
    the system that issued it knows.

    >>> note = DeliveryNote.from_row({"number": "RM-1", "customer_id": "C1", "date": "2026-06-02",
    ...     "quantity": "12.5", "amount": "625.00", "currency": "USD", "signed": "si"})
    >>> note.quantity, note.signed
    (Decimal('12.5'), True)
    >>> DeliveryNote(number="RM-1", customer_id="C1", date=dt.date(2026, 6, 2), quantity=0,
    ...              amount=money("1.00", "USD"))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: delivery_note.quantity: got 0; expected a positive decimal quantity
    """

    number: str = attrs.field(validator=_text("delivery_note"))
    customer_id: str = attrs.field(validator=_text("delivery_note"))
    date: dt.date = attrs.field(validator=_day("delivery_note"))
    quantity: Decimal = attrs.field(converter=_note_quantity)
    amount: Money = attrs.field(validator=_amount("delivery_note"))
    signed: bool = attrs.field(default=False, converter=_flag)
    item: str = attrs.field(default="")
    invoice: str | None = attrs.field(default=None, validator=_optional_text("delivery_note"))

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> DeliveryNote:
        """A note from a row: ``number, customer_id, date, quantity, amount, currency``,
        optional ``signed, item, invoice``."""
        if not isinstance(row, Mapping):
            raise ValidationError("delivery_note", row, "a mapping of column names to values")
        return cls(
            number=str(row.get("number") or ""),
            customer_id=str(row.get("customer_id") or ""),
            date=parse_date(row.get("date"), "delivery_note.date"),
            quantity=row.get("quantity"),
            amount=money(row.get("amount"), str(row.get("currency") or ""), field="amount"),
            signed=row.get("signed") or False,
            item=str(row.get("item") or ""),
            invoice=str(row.get("invoice")) if row.get("invoice") else None,
        )


@attrs.frozen(kw_only=True)
class InvoiceLine:
    """What one invoice bills: a quantity and an amount, naming the delivery note it bills.

    >>> line = InvoiceLine.from_row({"invoice": "FV-9", "customer_id": "C1", "date": "2026-06-03",
    ...     "quantity": "10", "amount": "500.00", "currency": "USD", "delivery_note": "RM-1"})
    >>> line.delivery_note, line.amount
    ('RM-1', Money('500.00', 'USD'))
    """

    invoice: str = attrs.field(validator=_text("invoice_line"))
    customer_id: str = attrs.field(validator=_text("invoice_line"))
    date: dt.date = attrs.field(validator=_day("invoice_line"))
    quantity: Decimal = attrs.field(converter=_line_quantity)
    amount: Money = attrs.field(validator=_amount("invoice_line"))
    delivery_note: str | None = attrs.field(default=None, validator=_optional_text("invoice_line"))

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> InvoiceLine:
        """A line from a row: ``invoice, customer_id, date, quantity, amount, currency``,
        optional ``delivery_note``."""
        if not isinstance(row, Mapping):
            raise ValidationError("invoice_line", row, "a mapping of column names to values")
        return cls(
            invoice=str(row.get("invoice") or ""),
            customer_id=str(row.get("customer_id") or ""),
            date=parse_date(row.get("date"), "invoice_line.date"),
            quantity=row.get("quantity"),
            amount=money(row.get("amount"), str(row.get("currency") or ""), field="amount"),
            delivery_note=str(row.get("delivery_note")) if row.get("delivery_note") else None,
        )


def _bounds(value: Iterable[int]) -> tuple[int, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise PolicyError("delivery_policy.ageing_bounds", value, "a list of whole days")
    found = tuple(value)
    if not found:
        raise PolicyError("delivery_policy.ageing_bounds", found, "at least one bound")
    for index, bound in enumerate(found):
        if isinstance(bound, bool) or not isinstance(bound, int) or bound < 0:
            raise PolicyError(f"delivery_policy.ageing_bounds[{index}]", bound, "whole days, 0+")
        if index and bound <= found[index - 1]:
            raise PolicyError(
                f"delivery_policy.ageing_bounds[{index}]", bound, "bounds in increasing order"
            )
    return found


def _tolerances(value: Iterable[Money]) -> tuple[Money, ...]:
    if isinstance(value, Money | str | Mapping):
        raise PolicyError("delivery_policy.tolerances", value, "a list of Money")
    found = tuple(value)
    seen: set[str] = set()
    for index, amount in enumerate(found):
        field = f"delivery_policy.tolerances[{index}]"
        if not isinstance(amount, Money) or amount.amount < 0:
            raise PolicyError(field, amount, "a Money of zero or more")
        if amount.code in seen:
            raise PolicyError(field, amount, "one tolerance per currency")
        seen.add(amount.code)
    return found


def _quantity_tolerance(value: object) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise PolicyError("delivery_policy.quantity_tolerance", value, "a decimal of 0 or more")
    try:
        found = Decimal(value)
    except InvalidOperation:
        raise PolicyError(
            "delivery_policy.quantity_tolerance", value, "a decimal of 0 or more"
        ) from None
    if not found.is_finite() or found < 0:
        raise PolicyError("delivery_policy.quantity_tolerance", value, "a decimal of 0 or more")
    return found


def _identity(policy: DeliveryPolicy, attribute: attrs.Attribute[str], value: str) -> None:
    if attribute.name == "id":
        check_policy_identity(value, "1")
    else:
        check_policy_identity("policy", value)


@attrs.frozen(kw_only=True)
class DeliveryPolicy:
    """The ageing buckets of unbilled deliveries and the differences let through, as data.

    ``ageing_bounds`` are the upper bounds in days since delivery: ``(7, 30, 60)``
    gives 0-7, 8-30, 31-60 and over 60. ``tolerances`` (per currency) and
    ``quantity_tolerance`` are the largest differences still taken as agreed.

    >>> DeliveryPolicy(ageing_bounds=[30, 7])
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: delivery_policy.ageing_bounds[1]: got 7; expected bounds in increasing order
    """

    id: str = attrs.field(default="delivery-notes", validator=_identity)
    version: str = attrs.field(default="1", validator=_identity)
    ageing_bounds: tuple[int, ...] = attrs.field(default=(7, 30, 60), converter=_bounds)
    tolerances: tuple[Money, ...] = attrs.field(default=(), converter=_tolerances)
    quantity_tolerance: Decimal = attrs.field(default=Decimal(0), converter=_quantity_tolerance)

    def labels(self) -> tuple[str, ...]:
        """The ageing bucket labels.

        >>> DeliveryPolicy().labels()
        ('0-7', '8-30', '31-60', 'over 60')
        """
        low = 0
        labels = []
        for bound in self.ageing_bounds:
            labels.append(f"{low}-{bound}")
            low = bound + 1
        return (*labels, f"over {self.ageing_bounds[-1]}")

    def bucket(self, days: int) -> str:
        """The label of the bucket ``days`` since delivery fall in.

        >>> DeliveryPolicy().bucket(7), DeliveryPolicy().bucket(8), DeliveryPolicy().bucket(90)
        ('0-7', '8-30', 'over 60')
        """
        labels = self.labels()
        for index, bound in enumerate(self.ageing_bounds):
            if days <= bound:
                return labels[index]
        return labels[-1]


DEFAULT_POLICY: Final = DeliveryPolicy()
"""Unbilled deliveries aged 0-7, 8-30, 31-60 and over 60 days; no tolerance."""


@attrs.frozen(kw_only=True)
class DeliveryFinding:
    """One note with the invoice lines billing it, or one line billed without a note.

    ``difference`` is invoiced less delivered; ``days`` and ``bucket`` age a
    note not yet invoiced (None otherwise).
    """

    kind: FindingKind
    note: DeliveryNote | None
    lines: tuple[InvoiceLine, ...]
    difference: Money
    quantity_difference: Decimal
    days: int | None
    bucket: str | None
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    @property
    def open(self) -> bool:
        """Whether the finding is on the worklist (all but matched)."""
        return self.kind.is_open


@attrs.frozen(kw_only=True)
class DeliveryReconciliation:
    """Delivery notes against invoice lines on ``as_of``; the totals tie to the cent."""

    as_of: dt.date
    currency: str
    delivered: Money
    invoiced: Money
    findings: tuple[DeliveryFinding, ...]
    notes_after_cut_off: tuple[DeliveryNote, ...]
    lines_after_cut_off: tuple[InvoiceLine, ...]
    ageing_labels: tuple[str, ...]
    policy_id: str
    policy_version: str

    def __attrs_post_init__(self) -> None:
        explained = to_minor(self.delivered) + sum(to_minor(f.difference) for f in self.findings)
        if explained != to_minor(self.invoiced):
            raise ValidationError(
                "delivery_reconciliation.findings",
                from_minor(explained, self.currency),
                f"differences that take delivered {self.delivered.amount} to invoiced "
                f"{self.invoiced.amount}",
            )

    @property
    def worklist(self) -> tuple[DeliveryFinding, ...]:
        """The open findings, to chase, in report order."""
        return tuple(f for f in self.findings if f.open)

    def totals(self) -> dict[FindingKind, Money]:
        """Invoiced less delivered per kind of finding, every kind listed.

        >>> reconcile_deliveries([], [], as_of=dt.date(2026, 6, 30), currency="USD").totals()[
        ...     FindingKind.NO_NOTE]
        Money('0.00', 'USD')
        """
        units = dict.fromkeys(FindingKind, 0)
        for finding in self.findings:
            units[finding.kind] += to_minor(finding.difference)
        return {kind: from_minor(value, self.currency) for kind, value in units.items()}

    def ageing(self) -> dict[str, Money]:
        """What was delivered and not invoiced, by days since delivery."""
        units = dict.fromkeys(self.ageing_labels, 0)
        for finding in self.findings:
            if finding.bucket is not None and finding.note is not None:
                units[finding.bucket] += to_minor(finding.note.amount)
        return {label: from_minor(value, self.currency) for label, value in units.items()}

    def ageing_rows(self) -> list[dict[str, Any]]:
        """:meth:`ageing` as rows of ``bucket, amount, currency``, amounts as Decimal.

        >>> reconcile_deliveries([], [], as_of=dt.date(2026, 6, 30), currency="USD").ageing_rows()[0]
        {'bucket': '0-7', 'amount': Decimal('0.00'), 'currency': 'USD'}
        """
        return [
            {"bucket": bucket, "amount": amount.amount, "currency": amount.code}
            for bucket, amount in self.ageing().items()
        ]

    def rows(self) -> list[dict[str, Any]]:
        """One row per finding, amounts as :class:`~decimal.Decimal`.

        >>> reconcile_deliveries([], [], as_of=dt.date(2026, 6, 30), currency="USD").rows()
        []
        """
        return [
            {
                "status": f.kind.value,
                "customer_id": (f.note or f.lines[0]).customer_id,
                "delivery_note": None if f.note is None else f.note.number,
                "delivered_on": None if f.note is None else f.note.date,
                "delivered_quantity": None if f.note is None else f.note.quantity,
                "delivered_amount": None if f.note is None else f.note.amount.amount,
                "signed": None if f.note is None else f.note.signed,
                "invoices": ";".join(sorted({line.invoice for line in f.lines})),
                "invoiced_quantity": sum((line.quantity for line in f.lines), Decimal(0)),
                "invoiced_amount": sum((line.amount.amount for line in f.lines), Decimal(0)),
                "difference": f.difference.amount,
                "quantity_difference": f.quantity_difference,
                "days": f.days,
                "bucket": f.bucket,
                "currency": self.currency,
                "reasons": ";".join(r.code for r in f.reasons),
                "policy": f"{f.policy_id}@{f.policy_version}",
            }
            for f in self.findings
        ]

    def frame(self) -> pd.DataFrame:
        """:meth:`rows` as a pandas DataFrame (pandas is imported only here)."""
        import pandas as pd  # optional dependency, imported on use

        return pd.DataFrame(self.rows())


# --- the engine ----------------------------------------------------------------------


def _note_order(note: DeliveryNote) -> tuple[Any, ...]:
    return (
        note.customer_id,
        note.date,
        reference_key(note.number),
        note.number,
        note.quantity,
        to_minor(note.amount),
        note.signed,
        note.item,
        note.invoice or "",
    )


def _line_order(line: InvoiceLine) -> tuple[Any, ...]:
    return (
        line.customer_id,
        line.date,
        reference_key(line.invoice),
        line.invoice,
        line.delivery_note or "",
        line.quantity,
        to_minor(line.amount),
    )


def _checked(
    value: object, field: str, kind: type[Any], currency: str | None
) -> tuple[list[Any], str | None]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ValidationError(field, value, f"a sequence of {kind.__name__}")
    found = list(value)
    for index, item in enumerate(found):
        if not isinstance(item, kind):
            raise ValidationError(f"{field}[{index}]", item, f"a {kind.__name__}")
        if currency is None:
            currency = item.amount.code
        elif item.amount.code != currency:
            raise CurrencyMismatchError("reconcile deliveries in", currency, item.amount.code)
    return found, currency


def _note_finding(
    note: DeliveryNote, lines: list[InvoiceLine], as_of: dt.date, policy: DeliveryPolicy
) -> DeliveryFinding:
    currency = note.amount.code
    units = sum(to_minor(line.amount) for line in lines) - to_minor(note.amount)
    quantity = sum((line.quantity for line in lines), Decimal(0)) - note.quantity
    data = {
        "delivery_note": note.number,
        "difference": str(from_minor(units, currency).amount),
        "quantity_difference": str(quantity),
        "currency": currency,
    }
    reasons: list[Reason] = []
    days = bucket = None
    if not lines:
        days = (as_of - note.date).days
        bucket = policy.bucket(days)
        reasons.append(
            Reason(
                "delivered_not_invoiced",
                f"{note.number} delivered {days} day(s) ago is not invoiced.",
                {**data, "days": days, "bucket": bucket},
            )
        )
    else:
        tolerance = next((to_minor(t) for t in policy.tolerances if t.code == currency), 0)
        if abs(units) > tolerance:
            reasons.append(
                Reason(
                    "amount_differs",
                    f"{note.number} is invoiced for "
                    f"{from_minor(units, currency).amount} more than delivered.",
                    data,
                )
            )
        if abs(quantity) > policy.quantity_tolerance:
            reasons.append(
                Reason(
                    "quantity_differs",
                    f"{note.number} is invoiced for {quantity} units more than delivered.",
                    data,
                )
            )
        if not note.signed:
            reasons.append(
                Reason(
                    "not_signed", f"{note.number} is invoiced but not signed by the customer.", data
                )
            )
    kind = FindingKind(reasons[0].code) if reasons else FindingKind.MATCHED
    if not reasons:
        reasons.append(
            Reason("matched", f"{note.number} is invoiced in full on a signed note.", data)
        )
    return DeliveryFinding(
        kind=kind,
        note=note,
        lines=tuple(lines),
        difference=from_minor(units, currency),
        quantity_difference=quantity,
        days=days,
        bucket=bucket,
        reasons=tuple(reasons),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _line_finding(line: InvoiceLine, policy: DeliveryPolicy) -> DeliveryFinding:
    data = {
        "invoice": line.invoice,
        "delivery_note": line.delivery_note or "",
        "difference": str(line.amount.amount),
        "currency": line.amount.code,
    }
    if line.delivery_note is None:
        reason = Reason(
            "no_note", f"{line.invoice} bills {line.amount.amount} naming no delivery note.", data
        )
    else:
        reason = Reason(
            "note_missing",
            f"{line.invoice} names delivery note "
            f"{line.delivery_note}, which is not on file: chase it.",
            data,
        )
    return DeliveryFinding(
        kind=FindingKind(reason.code),
        note=None,
        lines=(line,),
        difference=line.amount,
        quantity_difference=line.quantity,
        days=None,
        bucket=None,
        reasons=(reason,),
        policy_id=policy.id,
        policy_version=policy.version,
    )


_SECTION: Final = {kind: position for position, kind in enumerate(FindingKind)}


def _finding_order(finding: DeliveryFinding) -> tuple[Any, ...]:
    first = () if finding.note is None else _note_order(finding.note)
    return (
        _SECTION[finding.kind],
        *first,
        *(p for line in finding.lines for p in _line_order(line)),
    )


def _link(
    notes: list[DeliveryNote], lines: list[InvoiceLine]
) -> tuple[dict[int, list[InvoiceLine]], list[InvoiceLine]]:
    """Each line to the note it names, else to the only note naming its invoice.

    A named note is found by its key, else by its digits when only one of the
    customer's notes has them (``"rm-0102"`` for ``"RM-102"``).
    """
    by_number: dict[tuple[str, str], int] = {}
    by_digits: dict[tuple[str, str], list[int]] = {}
    by_invoice: dict[tuple[str, str], list[int]] = {}
    for index, note in enumerate(notes):
        by_number.setdefault((note.customer_id, reference_key(note.number)), index)
        by_digits.setdefault((note.customer_id, digits_key(note.number)), []).append(index)
        if note.invoice:
            by_invoice.setdefault((note.customer_id, reference_key(note.invoice)), []).append(index)
    billed: dict[int, list[InvoiceLine]] = {index: [] for index in range(len(notes))}
    unlinked: list[InvoiceLine] = []
    for line in lines:
        target: int | None
        if line.delivery_note is not None:
            target = by_number.get((line.customer_id, reference_key(line.delivery_note)))
            if target is None and digits_key(line.delivery_note):
                same = by_digits.get((line.customer_id, digits_key(line.delivery_note)), [])
                target = same[0] if len(same) == 1 else None
        else:
            naming = by_invoice.get((line.customer_id, reference_key(line.invoice)), [])
            target = naming[0] if len(naming) == 1 else None
        if target is None:
            unlinked.append(line)
        else:
            billed[target].append(line)
    return billed, unlinked


def reconcile_deliveries(
    notes: Iterable[DeliveryNote],
    lines: Iterable[InvoiceLine],
    *,
    as_of: dt.date,
    currency: str | None = None,
    policy: DeliveryPolicy | None = None,
) -> DeliveryReconciliation:
    """Set delivery notes against the invoice lines billing them, on ``as_of``.

    ``currency`` defaults to the first note's or line's; all must be in it.
    The result depends on the notes and lines, not on their order.

    >>> reconcile_deliveries([], [], as_of=dt.date(2026, 6, 30))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: currency: got None; expected an ISO 4217 code (no note or line says it)
    """
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    policy = DEFAULT_POLICY if policy is None else policy
    if not isinstance(policy, DeliveryPolicy):
        raise ValidationError("policy", policy, "a DeliveryPolicy")
    if currency is not None:
        money(0, currency, field="currency")
    all_notes, currency = _checked(notes, "notes", DeliveryNote, currency)
    all_lines, currency = _checked(lines, "lines", InvoiceLine, currency)
    if currency is None:
        raise ValidationError("currency", None, "an ISO 4217 code (no note or line says it)")
    numbers: set[tuple[str, str]] = set()
    for index, note in enumerate(all_notes):
        key = (note.customer_id, reference_key(note.number))
        if key in numbers:
            raise ValidationError(
                f"notes[{index}].number", note.number, "one note per number and customer"
            )
        numbers.add(key)
    current_notes = sorted((n for n in all_notes if n.date <= as_of), key=_note_order)
    current_lines = sorted((x for x in all_lines if x.date <= as_of), key=_line_order)
    billed, unlinked = _link(current_notes, current_lines)
    findings = [
        _note_finding(note, billed[i], as_of, policy) for i, note in enumerate(current_notes)
    ]
    findings += [_line_finding(line, policy) for line in unlinked]
    findings.sort(key=_finding_order)
    return DeliveryReconciliation(
        as_of=as_of,
        currency=currency,
        delivered=from_minor(sum(to_minor(n.amount) for n in current_notes), currency),
        invoiced=from_minor(sum(to_minor(x.amount) for x in current_lines), currency),
        findings=tuple(findings),
        notes_after_cut_off=tuple(
            sorted((n for n in all_notes if n.date > as_of), key=_note_order)
        ),
        lines_after_cut_off=tuple(
            sorted((x for x in all_lines if x.date > as_of), key=_line_order)
        ),
        ageing_labels=policy.labels(),
        policy_id=policy.id,
        policy_version=policy.version,
    )
