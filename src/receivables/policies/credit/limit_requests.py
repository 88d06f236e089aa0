"""May this customer's credit limit be set or raised, and who must approve it?

**A credit-limit request** (a new customer, an increase, a temporary
increase with an expiry) is rejected outside policy (a hold status, a broken
plan, returned cheques, an adverse bureau report, above the risk class's
maximum counting the temporary increases already granted that would stack on
the new limit, a slow payer, a new customer above ``new_customer_max``, a
temporary increase longer than ``max_temporary_days``, a change beyond every
approval tier); otherwise approved when the approver's authority covers the
change, and escalated to the authority that does when it does not. Each rule
is a small function returning its :class:`~receivables.decisions.Reason` or
nothing.

>>> [outcome.value for outcome in LimitOutcome]
['approved', 'escalated', 'rejected']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from typing import Final

import attrs

from receivables.decisions import (
    Reason,
)
from receivables.documents import (
    Customer,
    Payment,
    Reversal,
    parse_member,
)
from receivables.errors import ValidationError
from receivables.money import Money, RateTable, total, zero
from receivables.policies.approvals import (
    Approval,
    ApprovalOutcome,
    Authority,
    parse_authority,
)
from receivables.policies.credit.exposure import _check_customer, _convert, _limit_currency
from receivables.policies.credit.facts import CreditFacts, TemporaryIncrease, _positive
from receivables.policies.credit.policy import CreditPolicy, RiskClass
from receivables.policies.credit.rules import _broken_plan, _bureau, _returned_cheques
from receivables.validators import check_date, check_identifier

__all__ = [
    "CreditLimitRequest",
    "LimitDecision",
    "LimitOutcome",
    "LimitRequestKind",
    "evaluate_limit_request",
]


class LimitRequestKind(enum.StrEnum):
    """A first limit, a permanent increase, or a temporary one with an expiry.

    >>> LimitRequestKind("temporary")
    <LimitRequestKind.TEMPORARY: 'temporary'>
    """

    NEW = "new"
    INCREASE = "increase"
    TEMPORARY = "temporary"


class LimitOutcome(enum.StrEnum):
    """What becomes of a credit-limit request.

    >>> [outcome.value for outcome in LimitOutcome]
    ['approved', 'escalated', 'rejected']
    """

    APPROVED = "approved"
    ESCALATED = "escalated"
    REJECTED = "rejected"


def _request_kind(value: object) -> LimitRequestKind:
    return parse_member(LimitRequestKind, value, "credit_limit_request.kind", ValidationError)


def _approver(value: object) -> Authority:
    return parse_authority(value, "credit_limit_request.approver")


@attrs.frozen(kw_only=True)
class CreditLimitRequest:
    """A request for a limit of ``requested_limit`` (for a temporary one: the extra amount).

    ``approver`` is the authority of whoever is deciding it now.

    >>> from receivables.money import money
    >>> CreditLimitRequest(id="R1", customer_id="C1", kind="temporary",
    ...                    requested_limit=money("5000", "USD"), approver="lead")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: credit_limit_request.expires_on: got None; expected an expiry date for a temporary increase
    """

    id: str
    customer_id: str
    kind: LimitRequestKind = attrs.field(converter=_request_kind)
    requested_limit: Money
    approver: Authority = attrs.field(converter=_approver)
    expires_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        for name in ("id", "customer_id"):
            value = getattr(self, name)
            check_identifier(
                f"credit_limit_request.{name}", value, expected="a non-empty identifier"
            )
        _positive("credit_limit_request.requested_limit", self.requested_limit)
        if self.kind is LimitRequestKind.TEMPORARY:
            if self.expires_on is None:
                raise ValidationError(
                    "credit_limit_request.expires_on",
                    None,
                    "an expiry date for a temporary increase",
                )
            check_date("credit_limit_request.expires_on", self.expires_on)
        elif self.expires_on is not None:
            raise ValidationError(
                "credit_limit_request.expires_on",
                self.expires_on,
                "None: only a temporary increase expires",
            )


@attrs.frozen(kw_only=True)
class LimitDecision:
    """Approve, escalate or reject a credit-limit request.

    ``new_limit`` is the permanent limit after approval (for a temporary
    increase, the current one); ``temporary`` the increase to record in
    :class:`~receivables.policies.credit.facts.CreditFacts` when approved; ``required_authority`` who may approve
    the ``change``; ``escalate_to`` set when the approver's authority is short.

    >>> from receivables.money import money
    >>> customer = Customer(id="C1", name="Acme")
    >>> request = CreditLimitRequest(id="R1", customer_id="C1", kind="new",
    ...                              requested_limit=money("4000", "USD"), approver="analyst")
    >>> decision = evaluate_limit_request(request, customer, dt.date(2026, 3, 1))
    >>> decision.outcome.value, decision.new_limit
    ('approved', Money('4000.00', 'USD'))
    """

    outcome: LimitOutcome
    request_id: str
    customer_id: str
    kind: LimitRequestKind
    as_of: dt.date
    current_limit: Money | None
    new_limit: Money | None
    change: Money
    approver: Authority
    required_authority: Authority | None
    escalate_to: Authority | None
    temporary: TemporaryIncrease | None
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str


def evaluate_limit_request(
    request: CreditLimitRequest,
    customer: Customer,
    as_of: dt.date,
    policy: CreditPolicy | None = None,
    *,
    facts: CreditFacts | None = None,
    reversals: Iterable[Reversal] = (),
    payments: Iterable[Payment] = (),
    rates: RateTable | None = None,
) -> LimitDecision:
    """Decide ``request`` for ``customer`` on ``as_of`` from its history in ``facts``.

    >>> from receivables.money import money
    >>> customer = Customer(id="C1", name="Acme", credit_limit=money("20000", "USD"))
    >>> request = CreditLimitRequest(id="R1", customer_id="C1", kind="increase",
    ...     requested_limit=money("50000", "USD"), approver="lead")
    >>> facts = CreditFacts(customer_id="C1", average_days_to_pay="38.5", paid_invoices=24)
    >>> decision = evaluate_limit_request(request, customer, dt.date(2026, 3, 1), facts=facts)
    >>> decision.outcome.value, decision.change, decision.escalate_to.value
    ('escalated', Money('30000.00', 'USD'), 'manager')
    """
    policy = policy or CreditPolicy()
    facts = _check_customer(customer, facts)
    check_date("as_of", as_of)
    requested = _requested_limit(request, customer, as_of, rates)
    case = _Request.of(request, customer, facts, policy, as_of, requested, rates)
    case = attrs.evolve(case, reversals=tuple(reversals), payments=tuple(payments))
    rejections = [reason for rule in _REJECTIONS if (reason := rule(case)) is not None]
    reasons = [*rejections, *(note for note in (_history_note(case),) if note is not None)]
    required: Authority | None = None
    escalate_to: Authority | None = None
    if not rejections:
        approval = policy.approvals.required(case.change, rates=rates, on=as_of)
        reasons.extend(approval.reasons)
        required = approval.authority
        if approval.outcome is ApprovalOutcome.BEYOND_AUTHORITY:
            rejections.append(approval.reasons[0])
        else:
            escalate_to, verdict = _approver_range(case, approval)
            reasons.append(verdict)
    if rejections:
        outcome = LimitOutcome.REJECTED
    elif escalate_to is not None:
        outcome = LimitOutcome.ESCALATED
    else:
        outcome = LimitOutcome.APPROVED
    return LimitDecision(
        outcome=outcome,
        request_id=request.id,
        customer_id=customer.id,
        kind=request.kind,
        as_of=as_of,
        current_limit=case.current,
        new_limit=case.current if rejections else case.new_limit,
        change=case.change,
        approver=request.approver,
        required_authority=required,
        escalate_to=escalate_to,
        temporary=None if outcome is LimitOutcome.REJECTED else _temporary(case),
        reasons=tuple(reasons),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _requested_limit(
    request: CreditLimitRequest, customer: Customer, as_of: dt.date, rates: RateTable | None
) -> Money:
    """The limit asked for, in the customer's limit currency, checked against its kind."""
    if not isinstance(request, CreditLimitRequest):
        raise ValidationError("request", request, "a CreditLimitRequest")
    if request.customer_id != customer.id:
        raise ValidationError("request.customer_id", request.customer_id, f"{customer.id!r}")
    currency = _limit_currency(customer)
    requested = _convert(request.requested_limit, currency, rates, as_of, "compare a limit in")
    _check_kind(request, customer.credit_limit, requested, as_of)
    return requested


def _temporary(case: _Request) -> TemporaryIncrease | None:
    """The temporary increase to record when a temporary request is not rejected."""
    request = case.request
    if request.kind is not LimitRequestKind.TEMPORARY:
        return None
    assert request.expires_on is not None
    return TemporaryIncrease(
        amount=case.change, starts_on=case.as_of, expires_on=request.expires_on
    )


def _check_kind(
    request: CreditLimitRequest, current: Money | None, requested: Money, as_of: dt.date
) -> None:
    """A new limit for a customer without one; an increase above the current one; a future expiry."""
    kind = request.kind
    if kind is LimitRequestKind.NEW and current is not None:
        raise ValidationError(
            "request.kind", kind.value, "'increase' or 'temporary': the customer has a limit"
        )
    if kind is not LimitRequestKind.NEW and current is None:
        raise ValidationError("request.kind", kind.value, "'new': the customer has no limit yet")
    if kind is LimitRequestKind.INCREASE:
        assert current is not None
        if requested <= current:
            raise ValidationError(
                "request.requested_limit",
                request.requested_limit,
                f"more than the current limit {current.amount} {current.code}",
            )
    if kind is LimitRequestKind.TEMPORARY:
        assert request.expires_on is not None
        if request.expires_on <= as_of:
            raise ValidationError(
                "request.expires_on", request.expires_on, f"a date after {as_of.isoformat()}"
            )


@attrs.frozen(kw_only=True)
class _Request:
    """What the request rules read: the request, the customer, and the limit it would bring."""

    request: CreditLimitRequest
    customer: Customer
    facts: CreditFacts
    policy: CreditPolicy
    as_of: dt.date
    rates: RateTable | None
    current: Money | None
    new_limit: Money | None  # the permanent limit after approval
    change: Money  # what the approver signs for
    peak: Money  # the highest limit the customer would have, temporary increases included
    stacked: Money  # temporary increases already granted that the new limit stacks on
    reversals: tuple[Reversal, ...] = ()
    payments: tuple[Payment, ...] = ()

    @classmethod
    def of(
        cls,
        request: CreditLimitRequest,
        customer: Customer,
        facts: CreditFacts,
        policy: CreditPolicy,
        as_of: dt.date,
        requested: Money,
        rates: RateTable | None,
    ) -> _Request:
        current = customer.credit_limit
        if request.kind is LimitRequestKind.TEMPORARY:
            assert current is not None
            change, peak, new_limit = requested, current + requested, current
        else:
            change = requested - current if current is not None else requested
            peak, new_limit = requested, requested
        stacked = _stacked_increases(facts, as_of, request.expires_on, requested.code, rates)
        return cls(
            request=request,
            customer=customer,
            facts=facts,
            policy=policy,
            as_of=as_of,
            rates=rates,
            current=current,
            new_limit=new_limit,
            change=change,
            peak=peak + stacked,
            stacked=stacked,
        )

    @property
    def currency(self) -> str:
        return self.change.code

    @property
    def risk(self) -> RiskClass | None:
        return self.policy.risk_class(self.customer.risk_class)

    @property
    def has_history(self) -> bool:
        facts = self.facts
        return facts.paid_invoices >= self.policy.min_history_invoices and (
            facts.average_days_to_pay is not None
        )

    def convert(self, amount: Money, what: str) -> Money:
        return _convert(amount, self.currency, self.rates, self.as_of, what)


# --- the rules: each returns its Reason, or None when it does not fire -----------------------


def _customer_status(case: _Request) -> Reason | None:
    status = case.customer.status
    if status not in case.policy.hold_statuses:
        return None
    return Reason(
        "customer_status",
        f"{case.customer.id} is {status.value}: no credit is extended.",
        {"status": status.value},
    )


def _risk_class_maximum(case: _Request) -> Reason | None:
    risk = case.risk
    if risk is None:
        return Reason(
            "unknown_risk_class",
            f"The policy has no risk class {case.customer.risk_class!r}.",
            {"risk_class": case.customer.risk_class},
        )
    ceiling = case.convert(risk.max_limit, "compare a limit in")
    if case.peak <= ceiling:
        return None
    stacked = case.stacked.amount
    return Reason(
        "above_risk_class_maximum",
        f"A limit of {case.peak.amount} {case.currency} is above the {risk.name} class "
        f"maximum of {ceiling.amount}"
        + (f" (with {stacked} of temporary increases already granted)." if stacked else "."),
        {
            "limit": str(case.peak.amount),
            "maximum": str(ceiling.amount),
            "class": risk.name,
            "temporary": str(stacked),
        },
    )


def _request_broken_plan(case: _Request) -> Reason | None:
    return _broken_plan(case.customer, case.facts)


def _request_returned_cheques(case: _Request) -> Reason | None:
    return _returned_cheques(case.reversals, case.payments, case.as_of, case.policy)


def _request_bureau(case: _Request) -> Reason | None:
    return _bureau(case.facts, case.policy)


def _above_new_customer_maximum(case: _Request) -> Reason | None:
    if case.has_history:
        return None
    newcomer_max = case.convert(case.policy.new_customer_max, "compare in")
    if case.peak <= newcomer_max:
        return None
    return Reason(
        "above_new_customer_maximum",
        f"Without a payment history ({case.facts.paid_invoices} paid invoice(s)), the limit "
        f"may be at most {newcomer_max.amount} {case.currency}.",
        {"limit": str(case.peak.amount), "maximum": str(newcomer_max.amount)},
    )


def _slow_payer(case: _Request) -> Reason | None:
    risk, days = case.risk, case.facts.average_days_to_pay
    if not case.has_history or risk is None or days is None:
        return None
    if days <= risk.max_average_days_to_pay:
        return None
    return Reason(
        "slow_payer",
        f"Pays in {days} days on average; the {risk.name} class "
        f"accepts {risk.max_average_days_to_pay}.",
        {"average_days_to_pay": str(days), "maximum": risk.max_average_days_to_pay},
    )


def _temporary_too_long(case: _Request) -> Reason | None:
    expires_on = case.request.expires_on
    if case.request.kind is not LimitRequestKind.TEMPORARY or expires_on is None:
        return None
    days = (expires_on - case.as_of).days
    if days <= case.policy.max_temporary_days:
        return None
    return Reason(
        "temporary_too_long",
        f"A temporary increase for {days} days; the policy allows "
        f"{case.policy.max_temporary_days}.",
        {"days": days, "maximum": case.policy.max_temporary_days},
    )


_REJECTIONS: Final[tuple[Callable[[_Request], Reason | None], ...]] = (
    _customer_status,
    _risk_class_maximum,
    _request_broken_plan,
    _request_returned_cheques,
    _request_bureau,
    _above_new_customer_maximum,
    _slow_payer,
    _temporary_too_long,
)
"""The rules that reject a request, in the order their reasons are reported."""


def _history_note(case: _Request) -> Reason | None:
    """A note on the payment history when it does not reject the request."""
    facts = case.facts
    if not case.has_history:
        if _above_new_customer_maximum(case) is not None:
            return None
        return Reason(
            "no_payment_history",
            f"{facts.paid_invoices} paid invoice(s): judged as a new customer.",
            {"paid_invoices": facts.paid_invoices},
        )
    if case.risk is None or _slow_payer(case) is not None:
        return None
    return Reason(
        "payment_history_ok",
        f"Pays in {facts.average_days_to_pay} days on average over {facts.paid_invoices} invoices.",
        {
            "average_days_to_pay": str(facts.average_days_to_pay),
            "paid_invoices": facts.paid_invoices,
        },
    )


def _approver_range(case: _Request, approval: Approval) -> tuple[Authority | None, Reason]:
    """Whether the request's approver may sign the change; if not, whom to escalate to."""
    approver, required = case.request.approver, approval.authority
    change = f"{case.change.amount} {case.currency}"
    data = {"approver": approver.value, "required": _value(required)}
    if approval.allows(approver):
        return None, Reason(
            "within_approver_range", f"A {approver.value} may approve a change of {change}.", data
        )
    return required, Reason(
        "above_approver_range",
        f"A change of {change} needs the {_value(required)}'s approval; "
        f"escalated from {approver.value}.",
        data,
    )


def _stacked_increases(
    facts: CreditFacts,
    as_of: dt.date,
    until: dt.date | None,
    currency: str,
    rates: RateTable | None,
) -> Money:
    """The most that temporary increases already granted add on any day from ``as_of`` to ``until``.

    A new limit (or a new temporary increase, until it expires) stacks on top of
    them, so the risk class's maximum is checked against the sum.
    """
    last = until or dt.date.max
    windows = [
        (max(increase.starts_on or as_of, as_of), increase)
        for increase in facts.temporary_increases
        if increase.expires_on >= as_of and (increase.starts_on or as_of) <= last
    ]
    most = zero(currency)
    for day, _ in windows:
        on_day = total(
            (
                _convert(increase.amount, currency, rates, as_of, "add to the limit")
                for start, increase in windows
                if start <= day <= increase.expires_on
            ),
            currency,
        )
        most = max(most, on_day)
    return most


def _value(authority: Authority | None) -> str | None:
    return None if authority is None else authority.value
