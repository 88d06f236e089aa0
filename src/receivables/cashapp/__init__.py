"""Cash application: which open invoices does each payment pay, explainably and at volume?

The public surface: :func:`~receivables.cashapp.matching.match` with its
:class:`~receivables.cashapp.policy.MatchPolicy`, the
:class:`~receivables.cashapp.matching.MatchDecision` per payment and the
:class:`~receivables.cashapp.matching.CashApplicationResult`.
The modules, one concept each: :mod:`~receivables.cashapp.references`
(invoice references in remittance text), :mod:`~receivables.cashapp.payers`
(who paid), :mod:`~receivables.cashapp.amounts` (which items add up),
:mod:`~receivables.cashapp.evidence` (all clues weighed together when no
single one names the payer),
:mod:`~receivables.cashapp.duplicates`, :mod:`~receivables.cashapp.columns`
(bulk input), :mod:`~receivables.cashapp.policy` and
:mod:`~receivables.cashapp.matching`.
"""

from receivables.cashapp.matching import (
    Candidate,
    CashApplicationResult,
    CustomerSuggestion,
    DifferenceAction,
    MatchDecision,
    MatchLine,
    MatchOutcome,
    match,
)
from receivables.cashapp.policy import MatchPolicy

__all__ = [
    "Candidate",
    "CashApplicationResult",
    "CustomerSuggestion",
    "DifferenceAction",
    "MatchDecision",
    "MatchLine",
    "MatchOutcome",
    "MatchPolicy",
    "match",
]
