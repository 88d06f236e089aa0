"""Which plans may an analyst sign, who signs the rest, and when does a plan break?

A :class:`PlanPolicy` caps installments and term per risk class, names the
approval levels by the largest balance each may sign, and holds the tracking
thresholds (grace days, missed and broken rules). Every rule is a field
validator, so :func:`receivables.interop.structure` reports every bad field
at once.

>>> PlanPolicy().limit_for("standard").max_installments
12
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from receivables.decisions import check_policy_identity
from receivables.errors import (
    PolicyError,
    ValidationError,
)
from receivables.money import Money
from receivables.validators import (
    check_decimal,
    check_items,
    check_whole,
    identifier,
    whole_number,
)

__all__ = [
    "ApprovalTier",
    "PlanPolicy",
    "RiskLimit",
]


@attrs.frozen(kw_only=True)
class RiskLimit:
    """The longest plan a risk class may get: installments and days from plan date to last due.

    >>> RiskLimit(risk_class="high", max_installments=6, max_term_days=180).max_installments
    6
    """

    risk_class: str = attrs.field(
        validator=identifier("risk_limit", "a non-empty risk class", error=PolicyError)
    )
    max_installments: int = attrs.field(validator=whole_number("risk_limit", 1))
    max_term_days: int = attrs.field(validator=whole_number("risk_limit", 0))


def _tier_up_to(instance: object, attribute: attrs.Attribute[Money | None], value: object) -> None:
    if value is not None and (not isinstance(value, Money) or value.amount <= 0):
        raise PolicyError("approval_tier.up_to", value, "a positive Money or None")


@attrs.frozen(kw_only=True)
class ApprovalTier:
    """An approval level and the largest plan balance it may sign (None: no upper limit).

    >>> from receivables.money import money
    >>> ApprovalTier(level="credit_manager", up_to=money("50000.00", "USD")).level
    'credit_manager'
    """

    level: str = attrs.field(
        validator=identifier("approval_tier", "a non-empty level name", error=PolicyError)
    )
    up_to: Money | None = attrs.field(default=None, validator=_tier_up_to)


def _limits(value: Iterable[Any]) -> tuple[Any, ...]:
    return check_items("plan_policy.limits", value, error=PolicyError)


def _approval_tiers(value: Iterable[Any]) -> tuple[Any, ...]:
    return check_items("plan_policy.approval_tiers", value, error=PolicyError)


def _min_down_payment_percent(value: object) -> Decimal:
    return check_decimal("plan_policy.min_down_payment_percent", value, error=PolicyError)


def _policy_version(policy: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_policy_identity("policy", value)


def _policy_id(policy: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_policy_identity(value, "1")


def _policy_currency(policy: object, attribute: attrs.Attribute[str], value: object) -> None:
    try:
        Money(0, value)
    except ValidationError:
        raise PolicyError("plan_policy.currency", value, "an ISO 4217 code") from None


def _risk_limits(
    policy: PlanPolicy, attribute: attrs.Attribute[tuple[RiskLimit, ...]], value: object
) -> None:
    seen: set[str] = set()
    for index, limit in enumerate(policy.limits):
        if not isinstance(limit, RiskLimit):
            raise PolicyError(f"plan_policy.limits[{index}]", limit, "a RiskLimit")
        if limit.risk_class in seen:
            raise PolicyError(
                f"plan_policy.limits[{index}].risk_class",
                limit.risk_class,
                "one limit per risk class",
            )
        seen.add(limit.risk_class)


def _down_payment_share(
    policy: PlanPolicy, attribute: attrs.Attribute[Decimal], value: Decimal
) -> None:
    if not value.is_finite() or not Decimal(0) <= value < 100:
        raise PolicyError(
            "plan_policy.min_down_payment_percent", value, "a percent from 0 up to 100"
        )


def _policy_amount(policy: PlanPolicy, attribute: attrs.Attribute[Any], value: object) -> None:
    field = f"plan_policy.{attribute.name}"
    if value is None and attribute.name == "min_installment":
        return
    if not isinstance(value, Money) or value.amount < 0:
        raise PolicyError(field, value, "a Money of zero or more")
    if value.code != policy.currency:
        raise PolicyError(field, value, f"an amount in the policy currency {policy.currency}")


def _tiers(
    policy: PlanPolicy, attribute: attrs.Attribute[tuple[ApprovalTier, ...]], value: object
) -> None:
    levels: list[str] = []
    previous: Money | None = policy.analyst_limit
    for index, tier in enumerate(policy.approval_tiers):
        field = f"plan_policy.approval_tiers[{index}]"
        if not isinstance(tier, ApprovalTier):
            raise PolicyError(field, tier, "an ApprovalTier")
        if tier.level in levels:
            raise PolicyError(f"{field}.level", tier.level, "a level named once")
        if previous is None:
            raise PolicyError(field, tier, "no tier after one without an upper limit")
        if tier.up_to is not None:
            if tier.up_to.code != policy.currency:
                raise PolicyError(
                    f"{field}.up_to",
                    tier.up_to,
                    f"an amount in the policy currency {policy.currency}",
                )
            if previous.code == tier.up_to.code and tier.up_to <= previous:
                raise PolicyError(
                    f"{field}.up_to", tier.up_to, f"more than the level below, {previous}"
                )
        levels.append(tier.level)
        previous = tier.up_to


def _exception_level(
    policy: PlanPolicy, attribute: attrs.Attribute[str | None], value: object
) -> None:
    levels = [tier.level for tier in policy.approval_tiers]
    if value is not None and value not in levels:
        raise PolicyError(
            "plan_policy.exception_level", value, f"None or one of the tier levels {levels}"
        )


def _missed_after(policy: PlanPolicy, attribute: attrs.Attribute[int], value: object) -> None:
    check_whole("plan_policy.missed_after_days", value, 0, error=PolicyError)
    if value < policy.grace_days:  # type: ignore[operator]
        raise PolicyError(
            "plan_policy.missed_after_days",
            value,
            f"a number of days of at least grace_days ({policy.grace_days})",
        )


@attrs.frozen(kw_only=True)
class PlanPolicy:
    """Which plans an analyst may sign, which need a higher level, and when a plan breaks.

    ``limits`` caps installments and term per risk class (``max_installments``
    and ``max_term_days`` apply to risk classes not listed). A plan whose
    balance exceeds ``analyst_limit`` needs the first of ``approval_tiers``
    (ordered, each larger than the last) whose ``up_to`` covers it; above
    every tier it is rejected. A plan outside the limits (installments, term,
    down payment, minimum installment) is rejected unless ``exception_level``
    names a tier that may approve exceptions. Tracking reads ``grace_days``,
    ``missed_after_days``, ``broken_after_missed`` and ``broken_after_days_late``.
    Amounts are in the policy's ``currency``; every rule is a field validator,
    so :func:`receivables.interop.structure` reports every bad field at once.

    >>> PlanPolicy(grace_days=10, missed_after_days=5)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: plan_policy.missed_after_days: got 5; expected a number of days of at least grace_days (10)
    """

    id: str = attrs.field(default="payment-plans", validator=_policy_id)
    version: str = attrs.field(default="1", validator=_policy_version)
    currency: str = attrs.field(default="USD", validator=_policy_currency)
    limits: tuple[RiskLimit, ...] = attrs.field(
        default=(), converter=_limits, validator=_risk_limits
    )
    max_installments: int = attrs.field(default=12, validator=whole_number("plan_policy", 1))
    max_term_days: int = attrs.field(default=366, validator=whole_number("plan_policy", 0))
    min_down_payment_percent: Decimal = attrs.field(
        default=Decimal(0), converter=_min_down_payment_percent, validator=_down_payment_share
    )
    min_installment: Money | None = attrs.field(default=None, validator=_policy_amount)
    analyst_limit: Money = attrs.field(
        factory=lambda: Money("5000.00", "USD"), validator=_policy_amount
    )
    approval_tiers: tuple[ApprovalTier, ...] = attrs.field(
        factory=lambda: (
            ApprovalTier(level="team_lead", up_to=Money("25000.00", "USD")),
            ApprovalTier(level="credit_manager", up_to=Money("100000.00", "USD")),
            ApprovalTier(level="cfo"),
        ),
        converter=_approval_tiers,
        validator=_tiers,
    )
    exception_level: str | None = attrs.field(default=None, validator=_exception_level)
    grace_days: int = attrs.field(default=5, validator=whole_number("plan_policy", 0))
    missed_after_days: int = attrs.field(default=30, validator=_missed_after)
    broken_after_missed: int = attrs.field(default=2, validator=whole_number("plan_policy", 1))
    broken_after_days_late: int = attrs.field(default=60, validator=whole_number("plan_policy", 0))

    def limit_for(self, risk_class: str) -> RiskLimit:
        """The installment and term limit of ``risk_class`` (the defaults when it is not listed).

        >>> PlanPolicy(limits=[RiskLimit(risk_class="high", max_installments=3,
        ...     max_term_days=90)]).limit_for("low").max_installments
        12
        """
        for limit in self.limits:
            if limit.risk_class == risk_class:
                return limit
        return RiskLimit(
            risk_class=risk_class,
            max_installments=self.max_installments,
            max_term_days=self.max_term_days,
        )
