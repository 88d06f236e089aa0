"""Which rules hold an order, who may release it, and which limits may a customer get?

A :class:`CreditPolicy` names the hold statuses, the past-due threshold, the
returned-cheque rule, the bureau minimum, who may override each hold rule
(``overrides``), the risk classes' maximum limits and payment speed, the
limit for a customer without history, the longest temporary increase and the
approval ladder for amounts. Every field is validated on construction.

>>> CreditPolicy().risk_class("standard").max_limit
Money('100000.00', 'USD')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from receivables.decisions import (
    ReadOnlyMapping,
    check_flag,
    check_policy_identity,
    check_whole_number,
)
from receivables.documents import (
    CustomerStatus,
    PaymentMethod,
    parse_member,
)
from receivables.errors import PolicyError, ValidationError
from receivables.money import Money, money
from receivables.policies.approvals import (
    ApprovalPolicy,
    ApprovalTier,
    Authority,
    check_ladder,
    parse_authority,
)
from receivables.validators import check_identifier, check_items, check_whole

__all__ = [
    "HOLD_RULES",
    "CreditPolicy",
    "RiskClass",
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
        for index, status in enumerate(
            check_items("credit_policy.hold_statuses", value, error=PolicyError)
        )
    )


def _returned_methods(value: Iterable[object]) -> tuple[PaymentMethod, ...]:
    return tuple(
        parse_member(PaymentMethod, method, f"credit_policy.returned_methods[{index}]", PolicyError)
        for index, method in enumerate(
            check_items("credit_policy.returned_methods", value, error=PolicyError)
        )
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
