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
from typing import TYPE_CHECKING, Any

import attrs

from receivables.decisions import Reason
from receivables.deliveries.notes import DeliveryNote, InvoiceLine
from receivables.errors import ValidationError
from receivables.money import Money, from_minor, to_minor

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DeliveryFinding", "DeliveryReconciliation", "FindingKind"]


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
