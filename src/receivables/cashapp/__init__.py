"""Cash application: which open invoices does each payment pay, explainably and at volume?

The public surface: :func:`~receivables.cashapp.matching.match` with its
:class:`~receivables.cashapp.policy.MatchPolicy`, the
:class:`~receivables.cashapp.decision.MatchDecision` per payment and the
:class:`~receivables.cashapp.result.CashApplicationResult`.
The modules, one concept each, in the order a payment meets them:
:mod:`~receivables.cashapp.columns` (bulk input),
:mod:`~receivables.cashapp.duplicates` (has it arrived before?),
:mod:`~receivables.cashapp.openitems` (the open-item index),
:mod:`~receivables.cashapp.identification` (who paid) with
:mod:`~receivables.cashapp.payers` (names and accounts) and
:mod:`~receivables.cashapp.evidence` (all clues weighed together),
:mod:`~receivables.cashapp.byreference` with
:mod:`~receivables.cashapp.references` (items named by the remittance),
:mod:`~receivables.cashapp.byamount` with
:mod:`~receivables.cashapp.amounts` (items that add up),
:mod:`~receivables.cashapp.settling` (the difference, applied or proposed),
:mod:`~receivables.cashapp.decision` (the records),
:mod:`~receivables.cashapp.result` (the views) and
:mod:`~receivables.cashapp.matching` (the pipeline), under
:mod:`~receivables.cashapp.policy`; :mod:`~receivables.cashapp.memory`
learns from analysts' confirmations (:func:`~receivables.cashapp.memory.learn`).
"""

from receivables.cashapp.decision import (
    Candidate,
    CustomerSuggestion,
    DifferenceAction,
    MatchDecision,
    MatchLine,
    MatchOutcome,
)
from receivables.cashapp.matching import match
from receivables.cashapp.memory import Confirmation, PayerMemory, learn
from receivables.cashapp.policy import MatchPolicy
from receivables.cashapp.result import CashApplicationResult

__all__ = [
    "Candidate",
    "CashApplicationResult",
    "Confirmation",
    "CustomerSuggestion",
    "DifferenceAction",
    "MatchDecision",
    "MatchLine",
    "MatchOutcome",
    "MatchPolicy",
    "PayerMemory",
    "learn",
    "match",
]
