"""How do we bill the late charges, and how are they booked?

:func:`~receivables.latecharges.debit_note` turns an assessment into a
:class:`~receivables.documents.Invoice` of kind ``debit_note``;
:func:`~receivables.latecharges.journal_entry` into its balanced entry (debit ``receivables``, credit
``interest_income`` and ``fee_income``).

>>> from receivables.latecharges.charges import LateChargeAssessment
>>> debit_note(LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="late",
...     policy_version="1"), number="DN-1")
Traceback (most recent call last):
...
receivables.errors.ValidationError: assessment: got 'none'; expected at least one late charge
"""

from __future__ import annotations

import datetime as dt

from receivables.decisions import Reason
from receivables.documents import Invoice, InvoiceKind
from receivables.errors import ValidationError
from receivables.journal import AccountMap, JournalEntry, entry
from receivables.latecharges.charges import LateChargeAssessment
from receivables.money import Money

__all__ = [
    "debit_note",
    "journal_entry",
]


def _assessment(value: object) -> LateChargeAssessment:
    if not isinstance(value, LateChargeAssessment):
        raise ValidationError("assessment", value, "a LateChargeAssessment from latecharges.assess")
    return value


def _single(assessment: LateChargeAssessment) -> tuple[str, str]:
    assessment = _assessment(assessment)
    charged = assessment.charged
    if not charged:
        raise ValidationError("assessment", assessment.outcome, "at least one late charge")
    customers = sorted({c.customer_id for c in charged})
    currencies = sorted({c.currency for c in charged})
    if len(customers) > 1:
        raise ValidationError(
            "assessment.customer_id", customers, "charges for one customer (assess per customer)"
        )
    if len(currencies) > 1:
        raise ValidationError(
            "assessment.currency", currencies, "charges in one currency (one note per currency)"
        )
    return customers[0], currencies[0]


def debit_note(
    assessment: LateChargeAssessment,
    *,
    number: str,
    issue_date: dt.date | None = None,
    due_date: dt.date | None = None,
) -> Invoice:
    """The debit note billing an assessment's charges (one customer, one currency).

    The issue date defaults to the assessment's ``as_of``, the due date to the
    issue date; its ``reference`` lists the invoices charged.

    >>> from decimal import Decimal
    >>> from receivables.latecharges import LateChargePolicy, assess
    >>> from receivables.ledger import ItemKind, OpenItem
    >>> from receivables.money import money
    >>> policy = LateChargePolicy(id="late", version="1", annual_rate=Decimal("0.085"))
    >>> item = OpenItem(number="INV-7", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("1000.00", "GBP"), open=money("1000.00", "GBP"))
    >>> note = debit_note(assess([item], as_of=dt.date(2026, 3, 22), policy=policy),
    ...                   number="DN-1")
    >>> note.kind, note.amount, note.due_date, note.reference
    (<InvoiceKind.DEBIT_NOTE: 'debit_note'>, Money('11.64', 'GBP'), datetime.date(2026, 3, 22), 'INV-7')
    """
    customer_id, currency = _single(assessment)
    issued = issue_date or assessment.as_of
    items = [c.item for c in assessment.charged]
    return Invoice(
        number=number,
        customer_id=customer_id,
        issue_date=issued,
        due_date=due_date or issued,
        amount=assessment.total(currency),
        kind=InvoiceKind.DEBIT_NOTE,
        reference=",".join(items),
    )


def journal_entry(
    assessment: LateChargeAssessment,
    accounts: AccountMap,
    *,
    date: dt.date | None = None,
    document: str | None = None,
) -> JournalEntry:
    """Debit ``receivables``, credit ``interest_income`` and ``fee_income``, per currency.

    >>> from receivables.journal import AccountMap
    >>> empty = LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(),
    ...                              policy_id="p", policy_version="1")
    >>> journal_entry(empty, AccountMap({"receivables": "1200"}))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: assessment: got 'none'; expected at least one late charge
    """
    charged = _assessment(assessment).charged
    if not charged:
        raise ValidationError("assessment", assessment.outcome, "at least one late charge")
    customers = sorted({c.customer_id for c in charged})
    debits: list[tuple[str, Money]] = []
    credits: list[tuple[str, Money]] = []
    for currency in assessment.currencies():
        debits.append(("receivables", assessment.total(currency)))
        credits.append(("interest_income", assessment.interest_total(currency)))
        credits.append(("fee_income", assessment.fee_total(currency)))
    reasons = [
        Reason(
            "late_charges",
            f"Late charges on {', '.join(c.item for c in charged)} under policy "
            f"{assessment.policy_id} v{assessment.policy_version}.",
            {"policy_id": assessment.policy_id, "policy_version": assessment.policy_version},
        )
    ]
    return entry(
        date or assessment.as_of,
        f"Late charges as of {assessment.as_of.isoformat()}",
        accounts,
        debits=debits,
        credits=credits,
        reasons=reasons,
        source=document,
        customer_id=customers[0] if len(customers) == 1 else None,
        document=document,
    )
