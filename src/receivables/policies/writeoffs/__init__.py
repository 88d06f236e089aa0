"""Which balances do we write off, how much of each, and who signs?

Three rules, each a policy field, each firing with its own reason code, each
in its module (:mod:`receivables.policies.writeoffs.residues`,
:mod:`receivables.policies.writeoffs.uncollectible`,
:mod:`receivables.policies.writeoffs.recovery`; the policy in
:mod:`receivables.policies.writeoffs.policy`):

- **Small balances** (``small_balance_write_off``): a residue whose size is
  at most the policy's limit for its currency and whose age (days since its
  due date; for a credit, since it arose) is at least
  ``small_balance_min_age_days`` is written off without approval. Credit
  residues (overpayments) are kept unless ``write_off_small_credits``: many
  jurisdictions treat unclaimed customer credits as unclaimed property.
- **Bad debt** (``customer_status``, ``statute_of_limitations``,
  ``age_beyond_threshold``): every open item of a customer whose status is one
  of ``write_off_statuses`` (bankrupt, dissolved, deceased, dispute lost,
  returned uncollectible by the agency); any item whose legal claim has
  expired under the customer's country's limitation period; any item at least
  ``bad_debt_min_age_days`` past due. The customer's credits are offset first
  and an expected recovery (a trustee's dividend, collateral) is kept, so the
  write-off may be partial; it is spread over the items in proportion to
  their open amounts (largest remainder, :func:`receivables.money.allocate`).
- **Recovery** (``recovery_of_write_off``): cash received on an amount written
  off reinstates it, up to what is still written off, and is collected.

The limitation periods shipped as defaults, few and cited (a host replaces or
extends the table; the period runs from the due date, the day the claim
could first be enforced, or from the end of that year where the law says so):

======= ===== ==========================================================================
country years source
======= ===== ==========================================================================
CO      10    Código Civil art. 2536 (as amended by Ley 791 de 2002, art. 8): the ordinary
              action prescribes in 10 years, the executive action in 5; the *acción
              cambiaria* on an invoice that is a título valor in 3 (Código de Comercio art.
              789). The default is the last remedy to lapse.
US      4     UCC §2-725(1), adopted by most states for contracts for the sale of goods;
              states vary (and services follow each state's contract statute), so a
              host selling services or in a state with another period overrides it.
DE      3     BGB §195 (regular period, 3 years), running from the end of the year in
              which the claim arose, §199(1).
======= ===== ==========================================================================

The journal entries are :func:`receivables.journal.bad_debt_write_off` (the
allowance method) or :func:`~receivables.journal.direct_write_off`,
:func:`~receivables.journal.small_balance_write_off` and
:func:`~receivables.journal.recovery`.

>>> import datetime as dt
>>> from receivables.documents import Customer
>>> from receivables.ledger import ItemKind, OpenItem
>>> from receivables.money import money
>>> item = OpenItem(number="INV-7", customer_id="C1", kind=ItemKind.INVOICE,
...     document_date=dt.date(2025, 1, 2), due_date=dt.date(2025, 2, 1),
...     original=money("900.00", "USD"), open=money("900.00", "USD"))
>>> customer = Customer(id="C1", name="Acme", status="bankrupt")
>>> decision = bad_debt(customer, [item], dt.date(2026, 1, 15),
...                     expected_recovery=money("90.00", "USD"))
>>> decision.outcome, decision.write_off, [reason.code for reason in decision.reasons]
(<WriteOffOutcome.PARTIAL_WRITE_OFF: 'partial_write_off'>, Money('810.00', 'USD'), ['customer_status', 'expected_recovery_kept', 'approval_tier'])
"""

from receivables.policies.writeoffs.policy import (
    DEFAULT_LIMITATION_PERIODS,
    LimitationPeriod,
    WriteOffMethod,
    WriteOffOutcome,
    WriteOffPolicy,
)
from receivables.policies.writeoffs.recovery import RecoveryDecision, RecoveryOutcome, recover
from receivables.policies.writeoffs.residues import SmallBalanceDecision, small_balances
from receivables.policies.writeoffs.uncollectible import BadDebtDecision, ItemWriteOff, bad_debt

__all__ = [
    "DEFAULT_LIMITATION_PERIODS",
    "BadDebtDecision",
    "ItemWriteOff",
    "LimitationPeriod",
    "RecoveryDecision",
    "RecoveryOutcome",
    "SmallBalanceDecision",
    "WriteOffMethod",
    "WriteOffOutcome",
    "WriteOffPolicy",
    "bad_debt",
    "recover",
    "small_balances",
]
