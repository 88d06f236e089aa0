"""What did the delivery-note reconciliation find, and do its totals tie?

One :class:`DeliveryFinding` per note and per invoice line billed without
one, in a :class:`DeliveryReconciliation` whose construction checks that
``delivered + Σ differences = invoiced``.

>>> FindingKind("not_signed").is_open
True
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from receivables.decisions import Reason
from receivables.deliveries.notes import DeliveryNote, InvoiceLine, line_order, note_order
from receivables.errors import ValidationError
from receivables.money import Money, from_minor, to_minor

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DeliveryFinding",
    "DeliveryReconciliation",
    "FindingKind",
    "finding_order",
    "merge",
]


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

        >>> from receivables.deliveries import reconcile_deliveries
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

        >>> from receivables.deliveries import reconcile_deliveries
        >>> reconcile_deliveries([], [], as_of=dt.date(2026, 6, 30), currency="USD").ageing_rows()[0]
        {'bucket': '0-7', 'amount': Decimal('0.00'), 'currency': 'USD'}
        """
        return [
            {"bucket": bucket, "amount": amount.amount, "currency": amount.code}
            for bucket, amount in self.ageing().items()
        ]

    def rows(self) -> list[dict[str, Any]]:
        """One row per finding, amounts as :class:`~decimal.Decimal`.

        >>> from receivables.deliveries import reconcile_deliveries
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


_SECTION: Final = {kind: position for position, kind in enumerate(FindingKind)}


def finding_order(finding: DeliveryFinding) -> tuple[Any, ...]:
    """The report order: by kind of finding, then by the note and lines it holds."""
    first = () if finding.note is None else note_order(finding.note)
    return (
        _SECTION[finding.kind],
        *first,
        *(p for line in finding.lines for p in line_order(line)),
    )


def _customers(report: DeliveryReconciliation) -> set[str]:
    found = {f.note.customer_id for f in report.findings if f.note is not None}
    found.update(line.customer_id for f in report.findings for line in f.lines)
    found.update(note.customer_id for note in report.notes_after_cut_off)
    found.update(line.customer_id for line in report.lines_after_cut_off)
    return found


def merge(*reports: DeliveryReconciliation) -> DeliveryReconciliation:
    """Reports of separate partitions of customers as one, as a single run would give it.

    Associative and commutative: each customer lives in exactly one part (a
    customer in two parts is an error, as are parts of another date, currency
    or policy), so merging adds the totals and puts the findings in report order.

    >>> import datetime as dt
    >>> from receivables.deliveries import reconcile_deliveries
    >>> empty = reconcile_deliveries([], [], as_of=dt.date(2026, 6, 30), currency="USD")
    >>> merge(empty, empty) == empty
    True
    """
    if not reports:
        raise ValidationError("reports", reports, "at least one DeliveryReconciliation")
    first = reports[0]
    seen: set[str] = set()
    for index, report in enumerate(reports):
        if not isinstance(report, DeliveryReconciliation):
            raise ValidationError(f"reports[{index}]", report, "a DeliveryReconciliation")
        shape = (report.as_of, report.currency, report.policy_id, report.policy_version)
        if shape != (first.as_of, first.currency, first.policy_id, first.policy_version):
            raise ValidationError(
                f"reports[{index}]", shape, f"the date, currency and policy of the first, {shape}"
            )
        customers = _customers(report)
        if customers & seen:
            raise ValidationError(
                f"reports[{index}]", sorted(customers & seen), "each customer in one part only"
            )
        seen |= customers
    return DeliveryReconciliation(
        as_of=first.as_of,
        currency=first.currency,
        delivered=from_minor(sum(to_minor(r.delivered) for r in reports), first.currency),
        invoiced=from_minor(sum(to_minor(r.invoiced) for r in reports), first.currency),
        findings=tuple(sorted((f for r in reports for f in r.findings), key=finding_order)),
        notes_after_cut_off=tuple(
            sorted((n for r in reports for n in r.notes_after_cut_off), key=note_order)
        ),
        lines_after_cut_off=tuple(
            sorted((x for r in reports for x in r.lines_after_cut_off), key=line_order)
        ),
        ageing_labels=first.ageing_labels,
        policy_id=first.policy_id,
        policy_version=first.policy_version,
    )
