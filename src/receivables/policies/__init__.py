"""May we write this off, refund this credit, release this order, raise this limit?

The credit decisions of an AR lead, as policy evaluators: frozen policies
(``id``, ``version``, defaults, validated, buildable from a dict) and
decisions that carry an outcome, the amounts, the ``reasons`` naming each rule
that fired, and the policy's id and version, so an auditor can replay them.

- :mod:`receivables.policies.approvals`: who must approve an amount.
- :mod:`receivables.policies.writeoffs`: small balances, bad debt, recovery.
- :mod:`receivables.policies.refunds`: what to offset, what to refund.
- :mod:`receivables.policies.credit`: exposure, order holds, credit-limit requests.
"""

from receivables.policies import approvals, credit, refunds, writeoffs

__all__ = ["approvals", "credit", "refunds", "writeoffs"]
