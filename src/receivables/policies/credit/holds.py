"""May this order ship, and if it is held, who may release it?

**An order** is released, or held with a reason per rule that fired, checked
in this order: ``customer_status`` (a status in ``hold_statuses``),
``no_credit_limit``, ``over_limit`` (exposure plus the order above the limit,
temporary increases included, beyond ``over_limit_tolerance``), ``past_due``
(an item more than ``past_due_days`` past due, not counting an item under an
open dispute while ``exclude_disputed``), ``broken_plan``,
``returned_cheques`` (at least ``returned_cheque_limit`` payments returned in
the last ``returned_cheque_months``; only those made by ``returned_methods``
when it is set, e.g. ``["check"]``), ``bureau_report`` (an adverse report or a
score under ``min_bureau_score``). Each rule is a small function returning its
:class:`~receivables.decisions.Reason` or nothing. The release path is the
highest authority any fired rule needs: ``overrides`` names it per rule,
``over_limit`` needs the approval tier of the excess; a rule with no override
(a bankrupt customer) cannot be released by anyone.

>>> [outcome.value for outcome in OrderOutcome]
['release', 'hold']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from typing import Final

import attrs

from receivables.decisions import (
    Reason,
)
from receivables.documents import (
    Customer,
    Dispute,
    Payment,
    Reversal,
)
from receivables.errors import ValidationError
from receivables.ledger import OpenItem
from receivables.money import Money, RateTable, zero
from receivables.policies.approvals import (
    ApprovalOutcome,
    Authority,
    authority_rank,
)
from receivables.policies.credit.exposure import (
    Exposure,
    _check_customer,
    _convert,
    _effective_limit,
    _limit_currency,
    exposure,
)
from receivables.policies.credit.facts import CreditFacts, _positive
from receivables.policies.credit.policy import CreditPolicy
from receivables.policies.credit.rules import (
    _broken_plan,
    _bureau,
    _open_disputes,
    _returned_cheques,
)
from receivables.validators import check_date, check_identifier

__all__ = [
    "OrderDecision",
    "OrderOutcome",
    "OrderRequest",
    "evaluate_order",
]


class OrderOutcome(enum.StrEnum):
    """Ship the order, or hold it.

    >>> [outcome.value for outcome in OrderOutcome]
    ['release', 'hold']
    """

    RELEASE = "release"
    HOLD = "hold"


@attrs.frozen(kw_only=True)
class OrderRequest:
    """A sales order of ``amount`` for ``customer_id`` waiting for credit release on ``date``.

    >>> from receivables.money import money
    >>> OrderRequest(id="SO-1", customer_id="C1", amount=money("0", "USD"),
    ...              date=dt.date(2026, 3, 1))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: order_request.amount: got Money('0.00', 'USD'); expected a positive Money
    """

    id: str
    customer_id: str
    amount: Money
    date: dt.date

    def __attrs_post_init__(self) -> None:
        for name in ("id", "customer_id"):
            value = getattr(self, name)
            check_identifier(f"order_request.{name}", value, expected="a non-empty identifier")
        _positive("order_request.amount", self.amount)
        check_date("order_request.date", self.date)


@attrs.frozen(kw_only=True)
class OrderDecision:
    """Release or hold an order, why, and who may release a hold.

    ``limit`` includes active temporary increases; ``available`` is the limit
    less the exposure before the order; ``excess`` what the order would take
    beyond the limit. ``release_by`` is ``None`` on a release, and on a hold
    nobody may override.

    >>> from receivables.money import money
    >>> customer = Customer(id="C1", name="Acme", status="bankrupt")
    >>> order = OrderRequest(id="SO-1", customer_id="C1", amount=money("10", "USD"),
    ...                      date=dt.date(2026, 3, 1))
    >>> decision = evaluate_order(order, customer, [], dt.date(2026, 3, 1))
    >>> decision.holds, decision.release_by
    (('customer_status', 'no_credit_limit'), None)
    """

    outcome: OrderOutcome
    order_id: str
    customer_id: str
    as_of: dt.date
    amount: Money
    exposure: Exposure
    limit: Money | None
    available: Money | None
    excess: Money
    release_by: Authority | None
    holds: tuple[str, ...]
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str


def evaluate_order(
    order: OrderRequest,
    customer: Customer,
    items: Iterable[OpenItem],
    as_of: dt.date,
    policy: CreditPolicy | None = None,
    *,
    facts: CreditFacts | None = None,
    reversals: Iterable[Reversal] = (),
    payments: Iterable[Payment] = (),
    disputes: Iterable[Dispute] = (),
    rates: RateTable | None = None,
) -> OrderDecision:
    """Release ``order`` or hold it, from ``customer``'s open ``items`` and ``facts`` on ``as_of``.

    >>> from receivables.money import money
    >>> customer = Customer(id="C1", name="Acme", credit_limit=money("5000", "USD"))
    >>> order = OrderRequest(id="SO-2", customer_id="C1", amount=money("900", "USD"),
    ...                      date=dt.date(2026, 3, 1))
    >>> evaluate_order(order, customer, [], dt.date(2026, 3, 1)).outcome
    <OrderOutcome.RELEASE: 'release'>
    """
    policy = policy or CreditPolicy()
    facts = _check_customer(customer, facts)
    check_date("as_of", as_of)
    _check_order(order, customer)
    items = list(items)
    used = exposure(customer, items, as_of, facts, rates=rates)
    currency = _limit_currency(customer)
    limit, extra = _effective_limit(customer, facts, as_of, rates)
    case = _Order(
        customer=customer,
        facts=facts,
        policy=policy,
        as_of=as_of,
        items=tuple(items),
        used=used,
        amount=_convert(order.amount, currency, rates, as_of, "add the order to"),
        limit=limit,
        extra=extra,
        disputes=tuple(disputes),
        reversals=tuple(reversals),
        payments=tuple(payments),
    )
    fired = [reason for rule in _HOLD_RULES if (reason := rule(case)) is not None]
    excess = _excess(case)
    if fired:
        release_by, path = _release_path(fired, excess, policy, rates, as_of)
        outcome, reasons = OrderOutcome.HOLD, [*fired, *path]
    else:
        assert limit is not None or not policy.hold_without_limit
        release_by = None
        outcome, reasons = OrderOutcome.RELEASE, [_within_limit(case)]
    return OrderDecision(
        outcome=outcome,
        order_id=order.id,
        customer_id=customer.id,
        as_of=as_of,
        amount=case.amount,
        exposure=used,
        limit=limit,
        available=None if limit is None else limit - used.total,
        excess=excess,
        release_by=release_by,
        holds=tuple(reason.code for reason in fired),
        reasons=tuple(reasons),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _check_order(order: object, customer: Customer) -> None:
    if not isinstance(order, OrderRequest):
        raise ValidationError("order", order, "an OrderRequest")
    if order.customer_id != customer.id:
        raise ValidationError("order.customer_id", order.customer_id, f"{customer.id!r}")


@attrs.frozen(kw_only=True)
class _Order:
    """What the hold rules read: the customer, its facts and exposure, the order, the limit."""

    customer: Customer
    facts: CreditFacts
    policy: CreditPolicy
    as_of: dt.date
    items: tuple[OpenItem, ...]
    used: Exposure
    amount: Money
    limit: Money | None
    extra: Money
    disputes: tuple[Dispute, ...]
    reversals: tuple[Reversal, ...]
    payments: tuple[Payment, ...]

    @property
    def currency(self) -> str:
        return self.amount.code

    @property
    def after(self) -> Money:
        """The exposure with this order."""
        return self.used.total + self.amount


def _excess(case: _Order) -> Money:
    """What the order takes beyond the limit, when it is above the limit and its tolerance."""
    if case.limit is None:
        return zero(case.currency)
    ceiling = (case.limit * (1 + case.policy.over_limit_tolerance)).quantized()
    return case.after - case.limit if case.after > ceiling else zero(case.currency)


# --- the hold rules, in HOLD_RULES order: each returns its Reason, or None --------------------


def _customer_status(case: _Order) -> Reason | None:
    status = case.customer.status
    if status not in case.policy.hold_statuses:
        return None
    return Reason(
        "customer_status",
        f"{case.customer.id} is {status.value}: orders are held.",
        {"status": status.value},
    )


def _no_credit_limit(case: _Order) -> Reason | None:
    if case.limit is not None or not case.policy.hold_without_limit:
        return None
    return Reason(
        "no_credit_limit",
        f"{case.customer.id} has no credit limit; one must be set before shipping.",
        {},
    )


def _over_limit(case: _Order) -> Reason | None:
    excess = _excess(case)
    if case.limit is None or not excess.amount:
        return None
    return Reason(
        "over_limit",
        f"Exposure {case.after.amount} {case.currency} with this order is above the limit "
        f"{case.limit.amount} by {excess.amount}.",
        {
            "exposure": str(case.used.total.amount),
            "order": str(case.amount.amount),
            "limit": str(case.limit.amount),
            "temporary": str(case.extra.amount),
            "excess": str(excess.amount),
            "tolerance": str(case.policy.over_limit_tolerance),
            "currency": case.currency,
        },
    )


def _past_due(case: _Order) -> Reason | None:
    policy = case.policy
    disputed = _open_disputes(case.disputes, case.as_of) if policy.exclude_disputed else set()
    late = sorted(
        (
            item
            for item in case.items
            if item.open.amount > 0
            and item.days_overdue(case.as_of) > policy.past_due_days
            and item.number not in disputed
        ),
        key=lambda item: (item.due_date, item.number),
    )
    if not late:
        return None
    oldest = late[0].days_overdue(case.as_of)
    return Reason(
        "past_due",
        f"{len(late)} item(s) more than {policy.past_due_days} days past due, "
        f"the oldest {oldest} days ({late[0].number}).",
        {
            "items": [item.number for item in late],
            "oldest_days": oldest,
            "past_due_days": policy.past_due_days,
        },
    )


def _order_broken_plan(case: _Order) -> Reason | None:
    return _broken_plan(case.customer, case.facts)


def _order_returned_cheques(case: _Order) -> Reason | None:
    return _returned_cheques(case.reversals, case.payments, case.as_of, case.policy)


def _order_bureau(case: _Order) -> Reason | None:
    return _bureau(case.facts, case.policy)


_HOLD_RULES: Final[tuple[Callable[[_Order], Reason | None], ...]] = (
    _customer_status,
    _no_credit_limit,
    _over_limit,
    _past_due,
    _order_broken_plan,
    _order_returned_cheques,
    _order_bureau,
)
"""The hold rules in the order of :data:`~receivables.policies.credit.policy.HOLD_RULES`."""


def _within_limit(case: _Order) -> Reason:
    return Reason(
        "within_limit",
        f"Exposure {case.after.amount} {case.currency} with this order is within policy.",
        {
            "exposure": str(case.after.amount),
            "limit": None if case.limit is None else str(case.limit.amount),
            "currency": case.currency,
        },
    )


def _release_path(
    fired: Sequence[Reason],
    excess: Money,
    policy: CreditPolicy,
    rates: RateTable | None,
    as_of: dt.date,
) -> tuple[Authority | None, list[Reason]]:
    """Who may release a held order: the highest authority any fired rule needs.

    ``over_limit`` needs the approval tier of the excess (and its override, if
    any); every other rule its override; a rule without one blocks the release.
    """
    reasons: list[Reason] = []
    needed: list[Authority] = []
    blocked: list[str] = []
    for rule in (reason.code for reason in fired):
        if rule == "over_limit":
            approval = policy.approvals.required(excess, rates=rates, on=as_of)
            reasons.extend(approval.reasons)
            if approval.outcome is ApprovalOutcome.BEYOND_AUTHORITY:
                blocked.append(rule)
                continue
            assert approval.authority is not None
            needed.append(approval.authority)
        if rule in policy.overrides:
            needed.append(policy.overrides[rule])
        elif rule != "over_limit":
            blocked.append(rule)
    if blocked:
        return None, [
            *reasons,
            Reason(
                "not_overridable",
                f"No one may release this hold ({', '.join(blocked)}); resolve it first.",
                {"rules": blocked},
            ),
        ]
    release_by = max(needed, key=authority_rank)
    return release_by, [
        *reasons,
        Reason(
            "release_path",
            f"A {release_by.value} or above may release the order.",
            {"authority": release_by.value, "rules": [reason.code for reason in fired]},
        ),
    ]
