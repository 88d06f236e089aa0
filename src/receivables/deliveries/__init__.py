"""What did we deliver that we have not invoiced, and what did we invoice without proof of delivery?

The billing team's reconciliation of delivery notes against invoices
("conciliación facturación vs producción"; SAP's billing due list and
ERPNext's *Delivered Items To Be Billed* report ask the same question). Each
delivery note (goods delivered, valued at the agreed price, signed by the
customer or not) is set against the invoice lines that bill it, and
:func:`~receivables.deliveries.billing.reconcile_deliveries` returns one
finding per note and per invoice line billed without a note:

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

from receivables.deliveries.billing import reconcile_deliveries
from receivables.deliveries.notes import LINE_COLUMNS, NOTE_COLUMNS, DeliveryNote, InvoiceLine
from receivables.deliveries.policy import DEFAULT_POLICY, DeliveryPolicy
from receivables.deliveries.report import (
    DeliveryFinding,
    DeliveryReconciliation,
    FindingKind,
    merge,
)

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
    "merge",
    "reconcile_deliveries",
]
