"""How much credit does this customer use, may this order ship, and may the limit rise?

One module per question, every public name importable from here:

- :mod:`receivables.policies.credit.facts`: what the caller knows beyond the
  open items (plan standing, payment speed, bureau, temporary increases).
- :mod:`receivables.policies.credit.policy`: the :class:`~receivables.policies.credit.policy.CreditPolicy` and
  its risk classes.
- :mod:`receivables.policies.credit.exposure`: open receivables + unbilled
  orders + remaining plan balances.
- :mod:`receivables.policies.credit.rules`: the history rules both decisions
  apply (broken plan, returned cheques, bureau).
- :mod:`receivables.policies.credit.holds`: release or hold an order, and who
  may release it.
- :mod:`receivables.policies.credit.limit_requests`: approve, escalate or
  reject a credit-limit request.

>>> import datetime as dt
>>> from receivables.documents import Customer
>>> from receivables.money import money
>>> customer = Customer(id="C1", name="Acme", credit_limit=money("10000.00", "USD"))
>>> order = OrderRequest(id="SO-1", customer_id="C1", amount=money("2500.00", "USD"),
...                      date=dt.date(2026, 3, 1))
>>> facts = CreditFacts(customer_id="C1", unbilled_orders=money("8000.00", "USD"))
>>> decision = evaluate_order(order, customer, [], dt.date(2026, 3, 1), facts=facts)
>>> decision.outcome.value, decision.excess, decision.release_by.value
('hold', Money('500.00', 'USD'), 'analyst')
>>> [reason.code for reason in decision.reasons]
['over_limit', 'approval_tier', 'release_path']
"""

from receivables.policies.credit.exposure import Exposure, exposure
from receivables.policies.credit.facts import CreditFacts, PlanStanding, TemporaryIncrease
from receivables.policies.credit.holds import (
    OrderDecision,
    OrderOutcome,
    OrderRequest,
    evaluate_order,
)
from receivables.policies.credit.limit_requests import (
    CreditLimitRequest,
    LimitDecision,
    LimitOutcome,
    LimitRequestKind,
    evaluate_limit_request,
)
from receivables.policies.credit.policy import HOLD_RULES, CreditPolicy, RiskClass
from receivables.policies.credit.rules import returned_payments

__all__ = [
    "HOLD_RULES",
    "CreditFacts",
    "CreditLimitRequest",
    "CreditPolicy",
    "Exposure",
    "LimitDecision",
    "LimitOutcome",
    "LimitRequestKind",
    "OrderDecision",
    "OrderOutcome",
    "OrderRequest",
    "PlanStanding",
    "RiskClass",
    "TemporaryIncrease",
    "evaluate_limit_request",
    "evaluate_order",
    "exposure",
    "returned_payments",
]
