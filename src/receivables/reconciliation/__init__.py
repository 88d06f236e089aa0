"""Does the customer's own ledger agree with ours on the cut-off date, and if not, why not?

A customer sends its payables ledger for our account (or answers a balance
confirmation with another balance).
:func:`~receivables.reconciliation.accounts.reconcile` matches their lines to
ours and explains the difference between the two balances the way auditors
reconcile a confirmation exception (PCAOB AS 2310 *The Auditor's Use of
Confirmation* and ISA 505 *External Confirmations*: differences are
investigated and classed as timing, cash in transit, unrecorded items,
disputes or errors), in the classes Odoo, ERPNext and SAP users work a
customer's account reconciliation with:

====================  ===============================================================
class                 what happened
====================  ===============================================================
payment_in_transit    their payment, dated within ``transit_days`` of the cut-off,
                      that we have not received or applied, or received after it
not_recorded_by_them  our invoice (or debit note) they have not received or recorded
credit_not_applied    our credit note they have not recorded
disputed              an invoice of ours under an open :class:`~receivables.documents.Dispute`
amount_differs        the same document with another amount (partial recording, tax, FX)
timing                the same document dated on the other side of the cut-off
unknown_to_us         their line names nothing of ours
unknown_to_them       our payment or adjustment they have not recorded
rounding              a matched difference within the policy's tolerance (closed)
unexplained           their stated balance less the sum of the lines they sent
====================  ===============================================================

Lines match by document number first, in their spelling: both sides become
:func:`~receivables.numbering.reference_key` keys, so ``"fv 5230"`` is our
``"FV-0005230"``; then by a short form (``"5230"`` for ``"FV-2026-0005230"``,
when one key ends the other and no other document of ours ends the same way);
then, for what is left, by exact amount and a date within
``date_tolerance_days``. A match always joins two lines of the same sign (an
invoice to an invoice, a payment to a payment).

The statement ties to the cent, and construction checks it::

    our balance + Σ differences = their balance

where each side's balance is the sum of its lines dated on or before
``as_of`` (their stated balance instead, when given), and each difference is
what their side counts less what ours counts for the lines it holds. Every
line of both sides is accounted for exactly once: in an agreed match, in a
difference, or as dated after the cut-off. Both sides must be on one basis:
open items against open items (:func:`~receivables.reconciliation.accounts.our_lines` gives ours from a
:class:`~receivables.ledger.Ledger`), or movements against movements.

The matching is hand-written (a few dictionaries and sorted lists) rather
than a fuzzy matcher from rapidfuzz: a reconciliation must not guess, and an
exact key, an unambiguous short form or an exact amount is what an analyst
accepts without looking.

>>> import datetime as dt
>>> from receivables.money import money
>>> ours = [AccountLine(document="FV-0005230", date=dt.date(2026, 6, 2), amount=money("1000.00", "USD")),
...         AccountLine(document="FV-0005231", date=dt.date(2026, 6, 20), amount=money("400.00", "USD"))]
>>> theirs = [AccountLine(document="5230", date=dt.date(2026, 6, 3), amount=money("1000.00", "USD")),
...           AccountLine(document="TR-88", date=dt.date(2026, 6, 29), amount=money("-1000.00", "USD"))]
>>> result = reconcile(ours, theirs, customer_id="C1", as_of=dt.date(2026, 6, 30))
>>> result.our_balance, result.their_balance
(Money('1400.00', 'USD'), Money('0.00', 'USD'))
>>> [(d.kind.value, d.amount) for d in result.differences]
[('payment_in_transit', Money('-1000.00', 'USD')), ('not_recorded_by_them', Money('-400.00', 'USD'))]
"""

from receivables.reconciliation.accounts import our_lines, reconcile
from receivables.reconciliation.lines import AccountLine, Book, ColumnMapping, LineKind
from receivables.reconciliation.policy import DEFAULT_POLICY, ReconciliationPolicy
from receivables.reconciliation.statement import (
    Difference,
    DifferenceKind,
    Match,
    MatchKind,
    Reconciliation,
)

__all__ = [
    "DEFAULT_POLICY",
    "AccountLine",
    "Book",
    "ColumnMapping",
    "Difference",
    "DifferenceKind",
    "LineKind",
    "Match",
    "MatchKind",
    "Reconciliation",
    "ReconciliationPolicy",
    "our_lines",
    "reconcile",
]
