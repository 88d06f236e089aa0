"""Who must approve this amount?

An approval policy is a ladder of authorities, each allowed to approve up to
an amount: an analyst a little, a lead more, a manager more again, a
controller the most (or without limit). The authority an amount needs is
the lowest rung whose limit covers it; an amount above the top rung's limit
is beyond the policy and nobody on the ladder may approve it.

The write-off, refund and credit policies each carry their own ladder (a
write-off ladder is usually shorter than a credit-limit ladder), built from
this one shape, the "delegation of authority" matrix of a finance function.

>>> from receivables.money import money
>>> policy = ApprovalPolicy()
>>> decision = policy.required(money("2500.00", "USD"))
>>> decision.authority, decision.outcome
(<Authority.LEAD: 'lead'>, <ApprovalOutcome.WITHIN_AUTHORITY: 'within_authority'>)
>>> decision.reasons[0].code
'approval_tier'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from receivables.decisions import Reason, check_policy_identity
from receivables.documents import parse_member
from receivables.errors import PolicyError, ValidationError
from receivables.money import Money, RateTable, money
from receivables.validators import check_items

__all__ = [
    "Approval",
    "ApprovalOutcome",
    "ApprovalPolicy",
    "ApprovalTier",
    "Authority",
    "authority_rank",
    "check_ladder",
    "parse_authority",
]


class Authority(enum.StrEnum):
    """Who may approve, from the least to the most authority.

    >>> [authority.value for authority in Authority]
    ['analyst', 'lead', 'manager', 'controller']
    """

    ANALYST = "analyst"
    LEAD = "lead"
    MANAGER = "manager"
    CONTROLLER = "controller"


_RANK = {authority: rank for rank, authority in enumerate(Authority)}


def authority_rank(authority: Authority) -> int:
    """The rung of ``authority`` on the ladder: 0 for an analyst, 3 for a controller.

    >>> authority_rank(Authority.MANAGER) > authority_rank(Authority.LEAD)
    True
    """
    return _RANK[parse_authority(authority)]


def parse_authority(
    value: object,
    field: str = "authority",
    error: type[ValidationError] = ValidationError,
) -> Authority:
    """An :class:`Authority` from itself or its value, or ``error`` naming ``field``.

    >>> parse_authority("lead")
    <Authority.LEAD: 'lead'>
    >>> parse_authority("boss", "request.approver")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: request.approver: got 'boss'; expected one of 'analyst', 'lead', 'manager', 'controller'
    """
    return parse_member(Authority, value, field, error)


def _authority(value: object) -> Authority:
    return parse_authority(value, "approval_tier.authority", PolicyError)


@attrs.frozen(kw_only=True)
class ApprovalTier:
    """``authority`` may approve amounts up to ``up_to`` inclusive (``None``: without limit).

    >>> ApprovalTier(authority="lead", up_to=money("5000.00", "USD")).authority
    <Authority.LEAD: 'lead'>
    >>> ApprovalTier(authority="lead", up_to=money("0.00", "USD"))
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: approval_tier.up_to: got Money('0.00', 'USD'); expected a positive amount, or None for no limit
    """

    authority: Authority = attrs.field(converter=_authority)
    up_to: Money | None = None

    def __attrs_post_init__(self) -> None:
        if self.up_to is None:
            return
        if not isinstance(self.up_to, Money) or self.up_to.amount <= 0:
            raise PolicyError(
                "approval_tier.up_to", self.up_to, "a positive amount, or None for no limit"
            )


def _tiers(value: Iterable[ApprovalTier]) -> tuple[ApprovalTier, ...]:
    return check_items("approval_policy.tiers", value, error=PolicyError)


def _default_tiers() -> tuple[ApprovalTier, ...]:
    return (
        ApprovalTier(authority=Authority.ANALYST, up_to=money("500.00", "USD")),
        ApprovalTier(authority=Authority.LEAD, up_to=money("5000.00", "USD")),
        ApprovalTier(authority=Authority.MANAGER, up_to=money("50000.00", "USD")),
        ApprovalTier(authority=Authority.CONTROLLER, up_to=None),
    )


class ApprovalOutcome(enum.StrEnum):
    """Whether someone on the ladder may approve the amount.

    >>> ApprovalOutcome("beyond_authority")
    <ApprovalOutcome.BEYOND_AUTHORITY: 'beyond_authority'>
    """

    WITHIN_AUTHORITY = "within_authority"
    BEYOND_AUTHORITY = "beyond_authority"


@attrs.frozen(kw_only=True)
class Approval:
    """Who must approve ``amount`` under policy ``policy_id`` version ``policy_version``.

    ``authority`` is ``None`` when the amount is beyond every tier.

    >>> decision = ApprovalPolicy().required(money("60000.00", "USD"))
    >>> decision.authority.value, decision.limit, decision.policy_id
    ('controller', None, 'approvals')
    """

    outcome: ApprovalOutcome
    amount: Money
    authority: Authority | None
    limit: Money | None
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    def allows(self, approver: Authority) -> bool:
        """Whether ``approver`` may approve: at least the required authority.

        >>> decision = ApprovalPolicy().required(money("700.00", "USD"))
        >>> decision.allows(Authority.ANALYST), decision.allows(Authority.MANAGER)
        (False, True)
        """
        if self.authority is None:
            return False
        return authority_rank(approver) >= authority_rank(self.authority)


@attrs.frozen(kw_only=True)
class ApprovalPolicy:
    """A ladder of approval tiers in one currency, lowest authority first.

    Tiers rise strictly in authority and in amount; only the last may have no
    limit. Amounts in another currency are converted with a caller's
    :class:`~receivables.money.RateTable` on the decision date.

    >>> ApprovalPolicy(tiers=[ApprovalTier(authority="manager", up_to=money("100.00", "USD")),
    ...                       ApprovalTier(authority="lead", up_to=money("900.00", "USD"))])
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: approval_policy.tiers[1].authority: got 'lead'; expected an authority above 'manager' (tiers rise from analyst to controller)
    """

    id: str = "approvals"
    version: str = "1"
    currency: str = attrs.field(default="USD")
    tiers: tuple[ApprovalTier, ...] = attrs.field(factory=_default_tiers, converter=_tiers)

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)

    @currency.validator
    def _check_currency(self, attribute: attrs.Attribute[str], value: object) -> None:
        try:
            money(0, value)  # type: ignore[arg-type]
        except ValidationError:
            raise PolicyError(
                "approval_policy.currency", value, "an ISO 4217 code such as 'USD'"
            ) from None

    @tiers.validator
    def _check_tiers(
        self, attribute: attrs.Attribute[tuple[ApprovalTier, ...]], value: tuple[ApprovalTier, ...]
    ) -> None:
        if not value:
            raise PolicyError("approval_policy.tiers", value, "at least one tier")
        previous: ApprovalTier | None = None
        for index, tier in enumerate(value):
            field = f"approval_policy.tiers[{index}]"
            if not isinstance(tier, ApprovalTier):
                raise PolicyError(field, tier, "an ApprovalTier")
            if tier.up_to is not None and tier.up_to.code != self.currency:
                raise PolicyError(f"{field}.up_to", tier.up_to, f"an amount in {self.currency}")
            if tier.up_to is None and index != len(value) - 1:
                raise PolicyError(
                    f"{field}.up_to", None, "a limit (only the last tier may be open)"
                )
            if previous is not None:
                if authority_rank(tier.authority) <= authority_rank(previous.authority):
                    raise PolicyError(
                        f"{field}.authority",
                        tier.authority.value,
                        f"an authority above {previous.authority.value!r} "
                        "(tiers rise from analyst to controller)",
                    )
                assert previous.up_to is not None  # only the last tier is open
                if tier.up_to is not None and tier.up_to <= previous.up_to:
                    raise PolicyError(
                        f"{field}.up_to",
                        tier.up_to,
                        f"more than the tier below, {previous.up_to.amount} {self.currency}",
                    )
            previous = tier

    def required(
        self,
        amount: Money,
        *,
        rates: RateTable | None = None,
        on: dt.date | None = None,
    ) -> Approval:
        """The lowest authority whose limit covers ``amount`` (its absolute value).

        >>> policy = ApprovalPolicy(tiers=[ApprovalTier(authority="analyst",
        ...                                             up_to=money("100", "USD"))])
        >>> decision = policy.required(money("150.00", "USD"))
        >>> decision.outcome, decision.authority, decision.reasons[0].code
        (<ApprovalOutcome.BEYOND_AUTHORITY: 'beyond_authority'>, None, 'beyond_authority')
        """
        if not isinstance(amount, Money):
            raise ValidationError("approval.amount", amount, "a receivables.money.Money")
        size = Money(abs(amount.amount), amount.code)
        measured = size
        if size.code != self.currency:
            if rates is None or on is None:
                raise ValidationError(
                    "approval.amount",
                    amount,
                    f"an amount in {self.currency}, or rates= and on= to convert it",
                )
            measured = rates.convert(size, self.currency, on)
        for tier in self.tiers:
            if tier.up_to is None or measured <= tier.up_to:
                limit = "no limit" if tier.up_to is None else f"{tier.up_to.amount} {self.currency}"
                return Approval(
                    outcome=ApprovalOutcome.WITHIN_AUTHORITY,
                    amount=size,
                    authority=tier.authority,
                    limit=tier.up_to,
                    reasons=(
                        Reason(
                            "approval_tier",
                            f"{measured.amount} {self.currency} needs the {tier.authority.value}'s approval "
                            f"(limit {limit}).",
                            _data(measured, tier),
                        ),
                    ),
                    policy_id=self.id,
                    policy_version=self.version,
                )
        top = self.tiers[-1]
        return Approval(
            outcome=ApprovalOutcome.BEYOND_AUTHORITY,
            amount=size,
            authority=None,
            limit=top.up_to,
            reasons=(
                Reason(
                    "beyond_authority",
                    f"{measured.amount} {self.currency} is above the top tier "
                    f"({top.authority.value}, {top.up_to.amount if top.up_to else ''} "
                    f"{self.currency}); no one on the ladder may approve it.",
                    _data(measured, top),
                ),
            ),
            policy_id=self.id,
            policy_version=self.version,
        )


def check_ladder(owner: str) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """A policy field validator: the field holds an :class:`ApprovalPolicy` ladder.

    >>> @attrs.frozen
    ... class RebatePolicy:
    ...     approvals: ApprovalPolicy = attrs.field(validator=check_ladder("rebate_policy"))
    >>> RebatePolicy(ApprovalPolicy()).approvals.id
    'approvals'
    >>> RebatePolicy("manager")
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: rebate_policy.approvals: got 'manager'; expected an ApprovalPolicy
    """

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, ApprovalPolicy):
            raise PolicyError(f"{owner}.{attribute.name}", value, "an ApprovalPolicy")

    return check


def _data(measured: Money, tier: ApprovalTier) -> Mapping[str, Any]:
    return {
        "amount": str(measured.amount),
        "currency": measured.code,
        "authority": tier.authority.value,
        "up_to": None if tier.up_to is None else str(tier.up_to.amount),
    }
