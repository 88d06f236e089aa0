"""Approval tiers: who must approve an amount, and a ladder that cannot be misread."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given

from receivables import interop
from receivables.decisions import Decision, Policy
from receivables.errors import PolicyError, ValidationError
from receivables.money import Money, Rate, RateTable, money
from receivables.policies.approvals import (
    ApprovalOutcome,
    ApprovalPolicy,
    ApprovalTier,
    Authority,
    authority_rank,
    parse_authority,
)
from tests.strategies import amounts

USD = "USD"


def _tier(authority: str, up_to: str | None) -> ApprovalTier:
    return ApprovalTier(authority=authority, up_to=None if up_to is None else money(up_to, USD))


@pytest.mark.parametrize(
    ("amount", "authority"),
    [
        ("0.01", Authority.ANALYST),
        ("500.00", Authority.ANALYST),  # a tier's limit is inclusive
        ("500.01", Authority.LEAD),
        ("5000.00", Authority.LEAD),
        ("5000.01", Authority.MANAGER),
        ("50000.01", Authority.CONTROLLER),
        ("99999999.00", Authority.CONTROLLER),  # the default top tier has no limit
        ("-700.00", Authority.LEAD),  # the size matters, not the sign
    ],
)
def test_default_ladder(amount: str, authority: Authority) -> None:
    decision = ApprovalPolicy().required(money(amount, USD))
    assert decision.outcome is ApprovalOutcome.WITHIN_AUTHORITY
    assert decision.authority is authority
    assert decision.amount == abs(money(amount, USD))
    assert [reason.code for reason in decision.reasons] == ["approval_tier"]
    assert (decision.policy_id, decision.policy_version) == ("approvals", "1")


def test_beyond_the_top_tier() -> None:
    policy = ApprovalPolicy(
        id="refund-approvals",
        version="2026-01",
        tiers=[_tier("analyst", "100"), _tier("lead", "900")],
    )
    decision = policy.required(money("900.01", USD))
    assert decision.outcome is ApprovalOutcome.BEYOND_AUTHORITY
    assert decision.authority is None
    assert decision.reasons[0].code == "beyond_authority"
    assert not decision.allows(Authority.CONTROLLER)
    assert (decision.policy_id, decision.policy_version) == ("refund-approvals", "2026-01")


def test_other_currency_converted_with_callers_rates() -> None:
    # EUR 1,000 at 1.10 USD is USD 1,100: above the analyst's 500, within the lead's 5,000.
    rates = RateTable([Rate("EUR", "USD", Decimal("1.10"), dt.date(2026, 1, 1))])
    decision = ApprovalPolicy().required(money("1000", "EUR"), rates=rates, on=dt.date(2026, 2, 1))
    assert decision.authority is Authority.LEAD
    assert decision.amount == money("1000", "EUR")
    assert decision.reasons[0].data["amount"] == "1100.00"


def test_other_currency_without_rates_is_an_error() -> None:
    with pytest.raises(ValidationError, match=r"approval\.amount"):
        ApprovalPolicy().required(money("1000", "EUR"))


def test_amount_must_be_money() -> None:
    with pytest.raises(ValidationError, match=r"approval\.amount"):
        ApprovalPolicy().required(Decimal("10"))  # type: ignore[arg-type]


def test_allows_at_or_above_the_required_authority() -> None:
    decision = ApprovalPolicy().required(money("4000", USD))
    assert [decision.allows(a) for a in Authority] == [False, True, True, True]


def test_ranks_and_parsing() -> None:
    assert [authority_rank(a) for a in Authority] == [0, 1, 2, 3]
    assert parse_authority("controller") is Authority.CONTROLLER
    with pytest.raises(ValidationError, match=r"request\.approver"):
        parse_authority("ceo", "request.approver")


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: ApprovalPolicy(tiers=[]), r"approval_policy\.tiers"),
        (lambda: ApprovalPolicy(id=""), r"policy\.id"),
        (lambda: ApprovalPolicy(version=" "), r"policy\.version"),
        (lambda: ApprovalPolicy(currency="XYZ"), r"approval_policy\.currency"),
        (
            lambda: ApprovalPolicy(tiers=[ApprovalTier(authority="lead", up_to=money("1", "EUR"))]),
            r"approval_policy\.tiers\[0\]\.up_to",
        ),
        (
            lambda: ApprovalPolicy(tiers=[_tier("analyst", None), _tier("lead", "10")]),
            r"approval_policy\.tiers\[0\]\.up_to",
        ),
        (
            lambda: ApprovalPolicy(tiers=[_tier("lead", "10"), _tier("lead", "20")]),
            r"approval_policy\.tiers\[1\]\.authority",
        ),
        (
            lambda: ApprovalPolicy(tiers=[_tier("analyst", "10"), _tier("lead", "10")]),
            r"approval_policy\.tiers\[1\]\.up_to",
        ),
        (lambda: ApprovalPolicy(tiers=["analyst"]), r"approval_policy\.tiers\[0\]"),
        (lambda: _tier("boss", "10"), r"approval_tier\.authority"),
        (lambda: _tier("lead", "-1"), r"approval_tier\.up_to"),
    ],
)
def test_policy_errors_name_the_field(build: object, field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        build()  # type: ignore[operator]


@given(amounts(USD), amounts(USD))
def test_more_money_never_needs_less_authority(first: Money, second: Money) -> None:
    policy = ApprovalPolicy(tiers=[_tier("analyst", "100"), _tier("lead", "10000")])
    low, high = sorted((abs(first), abs(second)), key=lambda m: m.amount)
    a, b = policy.required(low), policy.required(high)
    assert a == policy.required(low)  # the same input gives the same decision
    if b.authority is not None:
        assert a.authority is not None
        assert authority_rank(a.authority) <= authority_rank(b.authority)


def test_decision_and_policy_have_the_shared_shape() -> None:
    decision = ApprovalPolicy().required(money("10", USD))
    assert isinstance(decision, Decision)
    assert isinstance(ApprovalPolicy(), Policy)
    json.dumps([dict(reason.data) for reason in decision.reasons])


# --- JSON ----------------------------------------------------------------------------------


def test_policy_round_trips_through_json() -> None:
    policy = ApprovalPolicy(
        id="refund-approvals",
        version="2026-07",
        currency="EUR",
        tiers=[
            ApprovalTier(authority="analyst", up_to=money("200", "EUR")),
            ApprovalTier(authority="controller", up_to=None),
        ],
    )
    text = interop.to_json(policy)
    assert interop.from_json(text, ApprovalPolicy) == policy
    assert interop.from_json(interop.to_json(ApprovalPolicy()), ApprovalPolicy) == ApprovalPolicy()


def test_policy_from_a_hosts_json() -> None:
    text = """{"id": "approvals", "version": "3", "currency": "USD", "tiers": [
        {"authority": "lead", "up_to": {"amount": "1000.00", "currency": "USD"}},
        {"authority": "manager", "up_to": null}]}"""
    policy = interop.from_json(text, ApprovalPolicy)
    assert policy.required(money("1500", USD)).authority is Authority.MANAGER
    bad = text.replace('"manager"', '"lead"')
    with pytest.raises(ValidationError, match=r"tiers\[1\]\.authority"):
        interop.from_json(bad, ApprovalPolicy)
