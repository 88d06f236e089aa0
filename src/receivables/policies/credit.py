"""How much credit does this customer use, may this order ship, and may the limit rise?

**Exposure** is what the customer could owe us tomorrow::

    exposure = open receivables (net of credits) + unbilled orders + remaining plan balances

where the plan balance is what a payment plan still holds that is *not*
already among the open items (the caller, who knows how its plans book, says
which). It is the check ERPs make when confirming a sale: Tryton's
``sale_credit_limit`` adds confirmed but not yet invoiced sales to the party's
credit amount; the Odoo module ``partner_credit_limit`` (ADHOC) sums what the
partner has to pay, approved but uninvoiced orders, draft invoices and the
order being approved, and compares the total with the limit.

**An order** is released, or held with a reason per rule that fired, checked
in this order: ``customer_status`` (a status in ``hold_statuses``),
``no_credit_limit``, ``over_limit`` (exposure plus the order above the limit,
temporary increases included, beyond ``over_limit_tolerance``), ``past_due``
(an item more than ``past_due_days`` past due, not counting an item under an
open dispute while ``exclude_disputed``), ``broken_plan``,
``returned_cheques`` (at least ``returned_cheque_limit`` payments returned in
the last ``returned_cheque_months``; only those made by ``returned_methods``
when it is set, e.g. ``["check"]``), ``bureau_report`` (an adverse report or a
score under ``min_bureau_score``). The release path is the highest authority
any fired rule needs: ``overrides`` names it per rule, ``over_limit`` needs the
approval tier of the excess; a rule with no override (a bankrupt customer)
cannot be released by anyone.

**A credit-limit request** (a new customer, an increase, a temporary
increase with an expiry) is rejected outside policy (a hold status, a broken
plan, returned cheques, an adverse bureau report, above the risk class's
maximum counting the temporary increases already granted that would stack on
the new limit, a slow payer, a new customer above ``new_customer_max``, a temporary
increase longer than ``max_temporary_days``, a change beyond every approval
tier); otherwise approved when the approver's authority covers the change,
and escalated to the authority that does when it does not.

Plan standing, average days to pay and bureau results arrive as plain facts
(:class:`CreditFacts`): this module does not compute them, so it stays
independent of the engines that do.

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

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from receivables.decisions import (
    ReadOnlyMapping,
    Reason,
    check_flag,
    check_policy_identity,
    check_whole_number,
)
from receivables.documents import (
    Customer,
    CustomerStatus,
    Dispute,
    Payment,
    PaymentMethod,
    Reversal,
    ReversalKind,
    parse_member,
)
from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.ledger import OpenItem
from receivables.money import Money, RateTable, money, total, zero
from receivables.policies.approvals import (
    ApprovalOutcome,
    ApprovalPolicy,
    ApprovalTier,
    Authority,
    authority_rank,
    check_ladder,
    parse_authority,
)
from receivables.validators import check_date, check_identifier, check_whole

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


HOLD_RULES: tuple[str, ...] = (
    "customer_status",
    "no_credit_limit",
    "over_limit",
    "past_due",
    "broken_plan",
    "returned_cheques",
    "bureau_report",
)
"""The hold rules' codes, in the order they are checked."""


class PlanStanding(enum.StrEnum):
    """Whether the customer has a payment plan, and whether it is kept.

    >>> PlanStanding("broken") is PlanStanding.BROKEN
    True
    """

    NONE = "none"
    CURRENT = "current"
    BROKEN = "broken"


class OrderOutcome(enum.StrEnum):
    """Ship the order, or hold it.

    >>> [outcome.value for outcome in OrderOutcome]
    ['release', 'hold']
    """

    RELEASE = "release"
    HOLD = "hold"


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


def _positive(field: str, value: object) -> None:
    if not isinstance(value, Money) or value.amount <= 0:
        raise ValidationError(field, value, "a positive Money")
    money(value.amount, value.code, field=field)


def _optional_amount(field: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, Money) or value.amount < 0:
        raise ValidationError(field, value, "a Money of zero or more, or None")


# --- input records ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class TemporaryIncrease:
    """``amount`` added to the limit from ``starts_on`` through ``expires_on`` inclusive.

    >>> bump = TemporaryIncrease(amount=money("5000", "USD"), starts_on=dt.date(2026, 11, 1),
    ...                          expires_on=dt.date(2026, 12, 31))
    >>> bump.active(dt.date(2026, 12, 31)), bump.active(dt.date(2027, 1, 1))
    (True, False)
    """

    amount: Money
    expires_on: dt.date
    starts_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        _positive("temporary_increase.amount", self.amount)
        check_date("temporary_increase.expires_on", self.expires_on)
        if self.starts_on is not None:
            check_date("temporary_increase.starts_on", self.starts_on)
            if self.starts_on > self.expires_on:
                raise ValidationError(
                    "temporary_increase.expires_on",
                    self.expires_on,
                    f"on or after its start, {self.starts_on.isoformat()}",
                )

    def active(self, as_of: dt.date) -> bool:
        """Whether the increase applies on ``as_of``.

        >>> bump = TemporaryIncrease(amount=money("5000", "USD"), expires_on=dt.date(2026, 12, 31))
        >>> bump.active(dt.date(2026, 1, 1)), bump.active(dt.date(2027, 1, 1))
        (True, False)
        """
        return (self.starts_on is None or self.starts_on <= as_of) and as_of <= self.expires_on


def _increases(value: Iterable[TemporaryIncrease]) -> tuple[TemporaryIncrease, ...]:
    increases = tuple(value)
    for index, increase in enumerate(increases):
        if not isinstance(increase, TemporaryIncrease):
            raise ValidationError(
                f"credit_facts.temporary_increases[{index}]", increase, "a TemporaryIncrease"
            )
    return increases


def _plan_standing(value: object) -> PlanStanding:
    return parse_member(PlanStanding, value, "credit_facts.plan_standing", ValidationError)


def _days_to_pay(value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool | float) or not isinstance(value, int | Decimal | str):
        raise ValidationError(
            "credit_facts.average_days_to_pay", value, "a Decimal, int or str number of days"
        )
    try:
        days = Decimal(value)
    except ArithmeticError:
        raise ValidationError(
            "credit_facts.average_days_to_pay", value, "a number of days such as '42.5'"
        ) from None
    if not days.is_finite() or days < 0:
        raise ValidationError("credit_facts.average_days_to_pay", value, "zero or more days")
    return days


@attrs.frozen(kw_only=True)
class CreditFacts:
    """What the caller knows about a customer beyond its open items.

    ``plan_balance`` counts only what is not already among the open items;
    ``average_days_to_pay`` is over ``paid_invoices`` invoices (the history a
    metrics engine measured); ``bureau_*`` is the latest credit-bureau report.

    >>> facts = CreditFacts(customer_id="C1", plan_standing="broken", average_days_to_pay="41.5")
    >>> facts.plan_standing, facts.average_days_to_pay
    (<PlanStanding.BROKEN: 'broken'>, Decimal('41.5'))
    """

    customer_id: str
    unbilled_orders: Money | None = None
    plan_balance: Money | None = None
    plan_standing: PlanStanding = attrs.field(default=PlanStanding.NONE, converter=_plan_standing)
    average_days_to_pay: Decimal | None = attrs.field(default=None, converter=_days_to_pay)
    paid_invoices: int = 0
    bureau_adverse: bool = False
    bureau_score: int | None = None
    temporary_increases: tuple[TemporaryIncrease, ...] = attrs.field(
        default=(), converter=_increases
    )

    def __attrs_post_init__(self) -> None:
        check_identifier("credit_facts.customer_id", self.customer_id, expected="a customer id")
        _optional_amount("credit_facts.unbilled_orders", self.unbilled_orders)
        _optional_amount("credit_facts.plan_balance", self.plan_balance)
        paid = self.paid_invoices
        check_whole("credit_facts.paid_invoices", paid, 0, expected="a count of 0 or more")
        if not isinstance(self.bureau_adverse, bool):
            raise ValidationError("credit_facts.bureau_adverse", self.bureau_adverse, "a bool")
        score = self.bureau_score
        if score is not None and (isinstance(score, bool) or not isinstance(score, int)):
            raise ValidationError("credit_facts.bureau_score", score, "an int score, or None")


@attrs.frozen(kw_only=True)
class OrderRequest:
    """A sales order of ``amount`` for ``customer_id`` waiting for credit release on ``date``.

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


def _request_kind(value: object) -> LimitRequestKind:
    return parse_member(LimitRequestKind, value, "credit_limit_request.kind", ValidationError)


def _approver(value: object) -> Authority:
    return parse_authority(value, "credit_limit_request.approver")


@attrs.frozen(kw_only=True)
class CreditLimitRequest:
    """A request for a limit of ``requested_limit`` (for a temporary one: the extra amount).

    ``approver`` is the authority of whoever is deciding it now.

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


# --- the policy ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RiskClass:
    """A risk class's ceiling: the largest limit and the slowest average payment it accepts.

    >>> RiskClass(name="high", max_limit=money("25000", "USD")).max_average_days_to_pay
    45
    """

    name: str
    max_limit: Money
    max_average_days_to_pay: int = 45

    def __attrs_post_init__(self) -> None:
        check_identifier(
            "risk_class.name",
            self.name,
            expected="a non-empty name such as 'standard'",
            error=PolicyError,
        )
        if not isinstance(self.max_limit, Money) or self.max_limit.amount <= 0:
            raise PolicyError("risk_class.max_limit", self.max_limit, "a positive Money")
        days = self.max_average_days_to_pay
        check_whole(
            "risk_class.max_average_days_to_pay",
            days,
            0,
            expected="whole days, 0 or more",
            error=PolicyError,
        )


def _default_risk_classes() -> tuple[RiskClass, ...]:
    return (
        RiskClass(name="low", max_limit=money("250000", "USD"), max_average_days_to_pay=60),
        RiskClass(name="standard", max_limit=money("100000", "USD"), max_average_days_to_pay=45),
        RiskClass(name="high", max_limit=money("25000", "USD"), max_average_days_to_pay=30),
    )


def _risk_classes(value: Iterable[RiskClass]) -> tuple[RiskClass, ...]:
    return tuple(value)


def _default_hold_statuses() -> tuple[CustomerStatus, ...]:
    return tuple(status for status in CustomerStatus if status is not CustomerStatus.ACTIVE)


def _hold_statuses(value: Iterable[object]) -> tuple[CustomerStatus, ...]:
    return tuple(
        parse_member(CustomerStatus, status, f"credit_policy.hold_statuses[{index}]", PolicyError)
        for index, status in enumerate(value)
    )


def _returned_methods(value: Iterable[object]) -> tuple[PaymentMethod, ...]:
    return tuple(
        parse_member(PaymentMethod, method, f"credit_policy.returned_methods[{index}]", PolicyError)
        for index, method in enumerate(value)
    )


def _default_overrides() -> Mapping[str, Authority]:
    return {
        "broken_plan": Authority.MANAGER,
        "bureau_report": Authority.CONTROLLER,
        "no_credit_limit": Authority.MANAGER,
        "past_due": Authority.LEAD,
        "returned_cheques": Authority.MANAGER,
    }


def _overrides(value: Mapping[str, object]) -> Mapping[str, Authority]:
    if not isinstance(value, Mapping):
        raise PolicyError("credit_policy.overrides", value, "a mapping hold rule → authority")
    overrides: dict[str, Authority] = {}
    for rule, authority in sorted(value.items()):
        if rule not in HOLD_RULES:
            raise PolicyError("credit_policy.overrides", rule, f"a hold rule, one of {HOLD_RULES}")
        overrides[rule] = parse_authority(authority, f"credit_policy.overrides.{rule}", PolicyError)
    return ReadOnlyMapping(overrides)


def _default_approvals() -> ApprovalPolicy:
    return ApprovalPolicy(
        id="credit-approvals",
        version="1",
        currency="USD",
        tiers=(
            ApprovalTier(authority=Authority.ANALYST, up_to=money("5000.00", "USD")),
            ApprovalTier(authority=Authority.LEAD, up_to=money("25000.00", "USD")),
            ApprovalTier(authority=Authority.MANAGER, up_to=money("100000.00", "USD")),
            ApprovalTier(authority=Authority.CONTROLLER, up_to=None),
        ),
    )


def _fraction(value: object) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | Decimal | str):
        raise PolicyError("credit_policy.over_limit_tolerance", value, "a Decimal fraction")
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise PolicyError(
            "credit_policy.over_limit_tolerance", value, "a fraction such as '0.05'"
        ) from None
    if not number.is_finite() or not 0 <= number < 1:
        raise PolicyError(
            "credit_policy.over_limit_tolerance", value, "a fraction from 0 up to (not) 1"
        )
    return number


def _score(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise PolicyError("credit_policy.min_bureau_score", value, "an int score, or None")


@attrs.frozen(kw_only=True)
class CreditPolicy:
    """Holds, releases and credit-limit decisions, with their thresholds.

    Amounts (risk-class maxima, ``new_customer_max``) are in ``currency``; a
    customer in another currency is compared through a caller's rate table.

    >>> CreditPolicy(past_due_days=-5)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: credit_policy.past_due_days: got -5; expected whole days, 0 or more
    """

    id: str = "credit"
    version: str = "1"
    currency: str = attrs.field(default="USD")
    past_due_days: int = attrs.field(
        default=30, validator=check_whole_number("credit_policy", 0, "whole days, 0 or more")
    )
    over_limit_tolerance: Decimal = attrs.field(default=Decimal(0), converter=_fraction)
    returned_cheque_months: int = attrs.field(
        default=6, validator=check_whole_number("credit_policy", 1, "whole months, 1 or more")
    )
    returned_cheque_limit: int = attrs.field(
        default=1, validator=check_whole_number("credit_policy", 1, "a count, 1 or more")
    )
    min_bureau_score: int | None = attrs.field(default=None, validator=_score)
    hold_statuses: tuple[CustomerStatus, ...] = attrs.field(
        factory=_default_hold_statuses, converter=_hold_statuses
    )
    hold_without_limit: bool = attrs.field(default=True, validator=check_flag("credit_policy"))
    returned_methods: tuple[PaymentMethod, ...] = attrs.field(
        default=(), converter=_returned_methods
    )
    exclude_disputed: bool = attrs.field(default=True, validator=check_flag("credit_policy"))
    overrides: Mapping[str, Authority] = attrs.field(
        factory=_default_overrides, converter=_overrides, hash=False
    )
    risk_classes: tuple[RiskClass, ...] = attrs.field(
        factory=_default_risk_classes, converter=_risk_classes
    )
    new_customer_max: Money = attrs.field(factory=lambda: money("10000", "USD"))
    min_history_invoices: int = attrs.field(
        default=3, validator=check_whole_number("credit_policy", 0, "a count, 0 or more")
    )
    max_temporary_days: int = attrs.field(
        default=90, validator=check_whole_number("credit_policy", 1, "whole days, 1 or more")
    )
    approvals: ApprovalPolicy = attrs.field(
        factory=_default_approvals, validator=check_ladder("credit_policy")
    )

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)

    @currency.validator
    def _check_currency(self, attribute: attrs.Attribute[str], value: object) -> None:
        try:
            money(0, value)  # type: ignore[arg-type]
        except ValidationError:
            raise PolicyError("credit_policy.currency", value, "an ISO 4217 code") from None

    @risk_classes.validator
    def _check_risk_classes(
        self, attribute: attrs.Attribute[tuple[RiskClass, ...]], value: tuple[RiskClass, ...]
    ) -> None:
        names: set[str] = set()
        for index, risk in enumerate(value):
            field = f"credit_policy.risk_classes[{index}]"
            if not isinstance(risk, RiskClass):
                raise PolicyError(field, risk, "a RiskClass")
            if risk.name in names:
                raise PolicyError(f"{field}.name", risk.name, "a name used once")
            if risk.max_limit.code != self.currency:
                raise PolicyError(
                    f"{field}.max_limit", risk.max_limit, f"a Money in {self.currency}"
                )
            names.add(risk.name)

    @new_customer_max.validator
    def _check_new_customer_max(self, attribute: attrs.Attribute[Money], value: object) -> None:
        if not isinstance(value, Money) or value.code != self.currency or value.amount <= 0:
            raise PolicyError(
                "credit_policy.new_customer_max", value, f"a positive Money in {self.currency}"
            )

    def risk_class(self, name: str) -> RiskClass | None:
        """The risk class called ``name``, or ``None``.

        >>> CreditPolicy().risk_class("high").max_limit, CreditPolicy().risk_class("vip")
        (Money('25000.00', 'USD'), None)
        """
        for risk in self.risk_classes:
            if risk.name == name:
                return risk
        return None


# --- exposure --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Exposure:
    """What the customer owes and has committed to, in the limit's currency.

    >>> Exposure(open_receivables=money("100", "USD"), unbilled_orders=money("20", "USD"),
    ...          plan_balances=money("5", "USD")).total
    Money('125.00', 'USD')
    """

    open_receivables: Money
    unbilled_orders: Money
    plan_balances: Money

    @property
    def total(self) -> Money:
        """Open receivables plus unbilled orders plus remaining plan balances.

        >>> Exposure(open_receivables=money("100", "EUR"), unbilled_orders=money("0", "EUR"),
        ...          plan_balances=money("0", "EUR")).total
        Money('100.00', 'EUR')
        """
        return self.open_receivables + self.unbilled_orders + self.plan_balances


def _convert(
    amount: Money, currency: str, rates: RateTable | None, on: dt.date, what: str
) -> Money:
    if amount.code == currency:
        return amount
    if rates is None:
        raise CurrencyMismatchError(what, currency, amount.code)
    return rates.convert(amount, currency, on).quantized()


def _limit_currency(customer: Customer) -> str:
    return customer.credit_limit.code if customer.credit_limit is not None else customer.currency


def _check_customer(customer: object, facts: CreditFacts | None) -> CreditFacts:
    if not isinstance(customer, Customer):
        raise ValidationError("customer", customer, "a receivables.documents.Customer")
    if facts is None:
        return CreditFacts(customer_id=customer.id)
    if not isinstance(facts, CreditFacts):
        raise ValidationError("facts", facts, "a CreditFacts")
    if facts.customer_id != customer.id:
        raise ValidationError("facts.customer_id", facts.customer_id, f"{customer.id!r}")
    return facts


def exposure(
    customer: Customer,
    items: Iterable[OpenItem],
    as_of: dt.date,
    facts: CreditFacts | None = None,
    *,
    rates: RateTable | None = None,
) -> Exposure:
    """The customer's exposure on ``as_of`` in its limit's currency.

    >>> customer = Customer(id="C1", name="Acme", credit_limit=money("10000.00", "USD"))
    >>> facts = CreditFacts(customer_id="C1", unbilled_orders=money("1500.00", "USD"),
    ...                     plan_balance=money("900.00", "USD"))
    >>> exposure(customer, [], dt.date(2026, 3, 1), facts).total
    Money('2400.00', 'USD')
    """
    facts = _check_customer(customer, facts)
    check_date("as_of", as_of)
    currency = _limit_currency(customer)
    open_amounts = []
    for index, item in enumerate(items):
        if not isinstance(item, OpenItem):
            raise ValidationError(f"items[{index}]", item, "a receivables.ledger.OpenItem")
        if item.customer_id != customer.id:
            raise ValidationError(f"items[{index}].customer_id", item.customer_id, customer.id)
        open_amounts.append(_convert(item.open, currency, rates, as_of, "add to exposure"))
    nothing = zero(currency)
    unbilled = facts.unbilled_orders or nothing
    plans = facts.plan_balance or nothing
    return Exposure(
        open_receivables=total(open_amounts, currency),
        unbilled_orders=_convert(unbilled, currency, rates, as_of, "add to exposure"),
        plan_balances=_convert(plans, currency, rates, as_of, "add to exposure"),
    )


def returned_payments(
    reversals: Iterable[Reversal],
    as_of: dt.date,
    months: int,
    *,
    methods: Iterable[PaymentMethod | str] = (),
    payments: Iterable[Payment] = (),
) -> int:
    """How many payments were returned in the ``months`` before ``as_of`` (exclusive start).

    With ``methods`` (e.g. ``["check"]``), only returned payments made by one
    of them count; a returned payment missing from ``payments`` counts, since
    its method is unknown and a credit check errs on the careful side.

    >>> bounce = Reversal(id="R1", kind="returned_payment", target_id="P1",
    ...                   date=dt.date(2025, 9, 2))
    >>> returned_payments([bounce], dt.date(2026, 3, 1), 6), returned_payments(
    ...     [bounce], dt.date(2026, 3, 2), 6)
    (1, 0)
    """
    wanted = {
        parse_member(PaymentMethod, method, f"methods[{index}]", ValidationError)
        for index, method in enumerate(methods)
    }
    method_of = {payment.id: payment.method for payment in payments}
    start = as_of - relativedelta(months=months)
    count = 0
    for index, reversal in enumerate(reversals):
        if not isinstance(reversal, Reversal):
            raise ValidationError(
                f"reversals[{index}]", reversal, "a receivables.documents.Reversal"
            )
        if reversal.kind is not ReversalKind.RETURNED_PAYMENT:
            continue
        if not start < reversal.date <= as_of:
            continue
        method = method_of.get(reversal.target_id)
        if wanted and method is not None and method not in wanted:
            continue
        count += 1
    return count


def _open_disputes(disputes: Iterable[Dispute], as_of: dt.date) -> set[str]:
    numbers: set[str] = set()
    for index, dispute in enumerate(disputes):
        if not isinstance(dispute, Dispute):
            raise ValidationError(f"disputes[{index}]", dispute, "a receivables.documents.Dispute")
        if dispute.is_open(as_of):
            numbers.add(dispute.invoice_number)
    return numbers


# --- orders ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class OrderDecision:
    """Release or hold an order, why, and who may release a hold.

    ``limit`` includes active temporary increases; ``available`` is the limit
    less the exposure before the order; ``excess`` what the order would take
    beyond the limit. ``release_by`` is ``None`` on a release, and on a hold
    nobody may override.

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


def _effective_limit(
    customer: Customer, facts: CreditFacts, as_of: dt.date, rates: RateTable | None
) -> tuple[Money | None, Money]:
    if customer.credit_limit is None:
        return None, zero(customer.currency)
    currency = customer.credit_limit.code
    extra = total(
        (
            _convert(increase.amount, currency, rates, as_of, "add to the limit")
            for increase in facts.temporary_increases
            if increase.active(as_of)
        ),
        currency,
    )
    return customer.credit_limit + extra, extra


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

    >>> customer = Customer(id="C1", name="Acme", credit_limit=money("5000", "USD"))
    >>> order = OrderRequest(id="SO-2", customer_id="C1", amount=money("900", "USD"),
    ...                      date=dt.date(2026, 3, 1))
    >>> evaluate_order(order, customer, [], dt.date(2026, 3, 1)).outcome
    <OrderOutcome.RELEASE: 'release'>
    """
    policy = policy or CreditPolicy()
    facts = _check_customer(customer, facts)
    check_date("as_of", as_of)
    if not isinstance(order, OrderRequest):
        raise ValidationError("order", order, "an OrderRequest")
    if order.customer_id != customer.id:
        raise ValidationError("order.customer_id", order.customer_id, f"{customer.id!r}")
    items = list(items)
    used = exposure(customer, items, as_of, facts, rates=rates)
    currency = _limit_currency(customer)
    amount = _convert(order.amount, currency, rates, as_of, "add the order to")
    after = used.total + amount
    limit, extra = _effective_limit(customer, facts, as_of, rates)
    nothing = zero(currency)

    fired: list[tuple[str, Reason]] = []
    if customer.status in policy.hold_statuses:
        fired.append(
            (
                "customer_status",
                Reason(
                    "customer_status",
                    f"{customer.id} is {customer.status.value}: orders are held.",
                    {"status": customer.status.value},
                ),
            )
        )
    excess = nothing
    available: Money | None = None
    if limit is None:
        if policy.hold_without_limit:
            fired.append(
                (
                    "no_credit_limit",
                    Reason(
                        "no_credit_limit",
                        f"{customer.id} has no credit limit; one must be set before shipping.",
                        {},
                    ),
                )
            )
    else:
        available = limit - used.total
        ceiling = (limit * (1 + policy.over_limit_tolerance)).quantized()
        if after > ceiling:
            excess = after - limit
            fired.append(
                (
                    "over_limit",
                    Reason(
                        "over_limit",
                        f"Exposure {after.amount} {currency} with this order is above the limit "
                        f"{limit.amount} by {excess.amount}.",
                        {
                            "exposure": str(used.total.amount),
                            "order": str(amount.amount),
                            "limit": str(limit.amount),
                            "temporary": str(extra.amount),
                            "excess": str(excess.amount),
                            "tolerance": str(policy.over_limit_tolerance),
                            "currency": currency,
                        },
                    ),
                )
            )
    disputed = _open_disputes(disputes, as_of) if policy.exclude_disputed else set()
    late = sorted(
        (
            item
            for item in items
            if item.open.amount > 0
            and item.days_overdue(as_of) > policy.past_due_days
            and item.number not in disputed
        ),
        key=lambda item: (item.due_date, item.number),
    )
    if late:
        oldest = late[0].days_overdue(as_of)
        fired.append(
            (
                "past_due",
                Reason(
                    "past_due",
                    f"{len(late)} item(s) more than {policy.past_due_days} days past due, "
                    f"the oldest {oldest} days ({late[0].number}).",
                    {
                        "items": [item.number for item in late],
                        "oldest_days": oldest,
                        "past_due_days": policy.past_due_days,
                    },
                ),
            )
        )
    for reason in (
        _broken_plan(customer, facts),
        _returned_cheques(reversals, payments, as_of, policy),
        _bureau(facts, policy),
    ):
        if reason is not None:
            fired.append((reason.code, reason))

    reasons = [reason for _, reason in fired]
    release_by: Authority | None = None
    if not fired:
        outcome = OrderOutcome.RELEASE
        assert limit is not None or not policy.hold_without_limit
        reasons.append(
            Reason(
                "within_limit",
                f"Exposure {after.amount} {currency} with this order is within policy.",
                {
                    "exposure": str(after.amount),
                    "limit": None if limit is None else str(limit.amount),
                    "currency": currency,
                },
            )
        )
    else:
        outcome = OrderOutcome.HOLD
        needed: list[Authority] = []
        blocked: list[str] = []
        for rule, _ in fired:
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
            elif rule in policy.overrides:
                needed.append(policy.overrides[rule])
            else:
                blocked.append(rule)
        if blocked:
            reasons.append(
                Reason(
                    "not_overridable",
                    f"No one may release this hold ({', '.join(blocked)}); resolve it first.",
                    {"rules": blocked},
                )
            )
        else:
            release_by = max(needed, key=authority_rank)
            reasons.append(
                Reason(
                    "release_path",
                    f"A {release_by.value} or above may release the order.",
                    {"authority": release_by.value, "rules": [rule for rule, _ in fired]},
                )
            )
    return OrderDecision(
        outcome=outcome,
        order_id=order.id,
        customer_id=customer.id,
        as_of=as_of,
        amount=amount,
        exposure=used,
        limit=limit,
        available=available,
        excess=excess,
        release_by=release_by,
        holds=tuple(rule for rule, _ in fired),
        reasons=tuple(reasons),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _broken_plan(customer: Customer, facts: CreditFacts) -> Reason | None:
    if facts.plan_standing is not PlanStanding.BROKEN:
        return None
    return Reason("broken_plan", f"{customer.id} broke a payment plan.", {})


def _returned_cheques(
    reversals: Iterable[Reversal],
    payments: Iterable[Payment],
    as_of: dt.date,
    policy: CreditPolicy,
) -> Reason | None:
    bounced = returned_payments(
        reversals,
        as_of,
        policy.returned_cheque_months,
        methods=policy.returned_methods,
        payments=payments,
    )
    if bounced < policy.returned_cheque_limit:
        return None
    return Reason(
        "returned_cheques",
        f"{bounced} payment(s) returned in the last {policy.returned_cheque_months} months.",
        {"returned": bounced, "months": policy.returned_cheque_months},
    )


def _bureau(facts: CreditFacts, policy: CreditPolicy) -> Reason | None:
    low = (
        policy.min_bureau_score is not None
        and facts.bureau_score is not None
        and facts.bureau_score < policy.min_bureau_score
    )
    if not facts.bureau_adverse and not low:
        return None
    detail = "an adverse bureau report" if facts.bureau_adverse else "a bureau score"
    return Reason(
        "bureau_report",
        f"{detail.capitalize()} ({facts.bureau_score}, minimum {policy.min_bureau_score}).",
        {
            "adverse": facts.bureau_adverse,
            "score": facts.bureau_score,
            "min_score": policy.min_bureau_score,
        },
    )


# --- credit-limit requests -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class LimitDecision:
    """Approve, escalate or reject a credit-limit request.

    ``new_limit`` is the permanent limit after approval (for a temporary
    increase, the current one); ``temporary`` the increase to record in
    :class:`CreditFacts` when approved; ``required_authority`` who may approve
    the ``change``; ``escalate_to`` set when the approver's authority is short.

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
    if not isinstance(request, CreditLimitRequest):
        raise ValidationError("request", request, "a CreditLimitRequest")
    if request.customer_id != customer.id:
        raise ValidationError("request.customer_id", request.customer_id, f"{customer.id!r}")
    current = customer.credit_limit
    currency = _limit_currency(customer)
    requested = _convert(request.requested_limit, currency, rates, as_of, "compare a limit in")
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
                f"more than the current limit {current.amount} {currency}",
            )
    if kind is LimitRequestKind.TEMPORARY:
        assert request.expires_on is not None
        if request.expires_on <= as_of:
            raise ValidationError(
                "request.expires_on", request.expires_on, f"a date after {as_of.isoformat()}"
            )
    if kind is LimitRequestKind.TEMPORARY:
        assert current is not None
        change = requested
        peak = current + requested
        new_limit: Money | None = current
    else:
        change = requested - current if current is not None else requested
        peak = requested
        new_limit = requested
    stacked = _stacked_increases(facts, as_of, request.expires_on, currency, rates)
    peak = peak + stacked

    rejections: list[Reason] = []
    notes: list[Reason] = []
    if customer.status in policy.hold_statuses:
        rejections.append(
            Reason(
                "customer_status",
                f"{customer.id} is {customer.status.value}: no credit is extended.",
                {"status": customer.status.value},
            )
        )
    risk = policy.risk_class(customer.risk_class)
    if risk is None:
        rejections.append(
            Reason(
                "unknown_risk_class",
                f"The policy has no risk class {customer.risk_class!r}.",
                {"risk_class": customer.risk_class},
            )
        )
    else:
        ceiling = _convert(risk.max_limit, currency, rates, as_of, "compare a limit in")
        if peak > ceiling:
            rejections.append(
                Reason(
                    "above_risk_class_maximum",
                    f"A limit of {peak.amount} {currency} is above the {risk.name} class "
                    f"maximum of {ceiling.amount}"
                    + (
                        f" (with {stacked.amount} of temporary increases already granted)."
                        if stacked.amount
                        else "."
                    ),
                    {
                        "limit": str(peak.amount),
                        "maximum": str(ceiling.amount),
                        "class": risk.name,
                        "temporary": str(stacked.amount),
                    },
                )
            )
    for reason in (
        _broken_plan(customer, facts),
        _returned_cheques(reversals, payments, as_of, policy),
    ):
        if reason is not None:
            rejections.append(reason)
    bureau = _bureau(facts, policy)
    if bureau is not None:
        rejections.append(bureau)
    history = facts.paid_invoices >= policy.min_history_invoices and (
        facts.average_days_to_pay is not None
    )
    if not history:
        newcomer_max = _convert(policy.new_customer_max, currency, rates, as_of, "compare in")
        if peak > newcomer_max:
            rejections.append(
                Reason(
                    "above_new_customer_maximum",
                    f"Without a payment history ({facts.paid_invoices} paid invoice(s)), the limit "
                    f"may be at most {newcomer_max.amount} {currency}.",
                    {"limit": str(peak.amount), "maximum": str(newcomer_max.amount)},
                )
            )
        else:
            notes.append(
                Reason(
                    "no_payment_history",
                    f"{facts.paid_invoices} paid invoice(s): judged as a new customer.",
                    {"paid_invoices": facts.paid_invoices},
                )
            )
    elif risk is not None:
        assert facts.average_days_to_pay is not None
        if facts.average_days_to_pay > risk.max_average_days_to_pay:
            rejections.append(
                Reason(
                    "slow_payer",
                    f"Pays in {facts.average_days_to_pay} days on average; the {risk.name} class "
                    f"accepts {risk.max_average_days_to_pay}.",
                    {
                        "average_days_to_pay": str(facts.average_days_to_pay),
                        "maximum": risk.max_average_days_to_pay,
                    },
                )
            )
        else:
            notes.append(
                Reason(
                    "payment_history_ok",
                    f"Pays in {facts.average_days_to_pay} days on average over "
                    f"{facts.paid_invoices} invoices.",
                    {
                        "average_days_to_pay": str(facts.average_days_to_pay),
                        "paid_invoices": facts.paid_invoices,
                    },
                )
            )
    if kind is LimitRequestKind.TEMPORARY:
        assert request.expires_on is not None
        days = (request.expires_on - as_of).days
        if days > policy.max_temporary_days:
            rejections.append(
                Reason(
                    "temporary_too_long",
                    f"A temporary increase for {days} days; the policy allows "
                    f"{policy.max_temporary_days}.",
                    {"days": days, "maximum": policy.max_temporary_days},
                )
            )

    required: Authority | None = None
    escalate_to: Authority | None = None
    reasons: list[Reason] = [*rejections, *notes]
    if not rejections:
        approval = policy.approvals.required(change, rates=rates, on=as_of)
        reasons.extend(approval.reasons)
        required = approval.authority
        if approval.outcome is ApprovalOutcome.BEYOND_AUTHORITY:
            rejections.append(approval.reasons[0])
        elif approval.allows(request.approver):
            reasons.append(
                Reason(
                    "within_approver_range",
                    f"A {request.approver.value} may approve a change of {change.amount} {currency}.",
                    {"approver": request.approver.value, "required": _value(required)},
                )
            )
        else:
            escalate_to = required
            reasons.append(
                Reason(
                    "above_approver_range",
                    f"A change of {change.amount} {currency} needs the {_value(required)}'s approval; "
                    f"escalated from {request.approver.value}.",
                    {"approver": request.approver.value, "required": _value(required)},
                )
            )
    if rejections:
        outcome = LimitOutcome.REJECTED
        new_limit = current
    elif escalate_to is not None:
        outcome = LimitOutcome.ESCALATED
    else:
        outcome = LimitOutcome.APPROVED
    temporary = None
    if kind is LimitRequestKind.TEMPORARY and outcome is not LimitOutcome.REJECTED:
        assert request.expires_on is not None
        temporary = TemporaryIncrease(amount=change, starts_on=as_of, expires_on=request.expires_on)
    return LimitDecision(
        outcome=outcome,
        request_id=request.id,
        customer_id=customer.id,
        kind=kind,
        as_of=as_of,
        current_limit=current,
        new_limit=new_limit,
        change=change,
        approver=request.approver,
        required_authority=required,
        escalate_to=escalate_to,
        temporary=temporary,
        reasons=tuple(reasons),
        policy_id=policy.id,
        policy_version=policy.version,
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
