"""The plan policy: limits, approval tiers, tracking thresholds; built from plain data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from receivables.errors import (
    PolicyError,
    ValidationError,
)
from receivables.interop import structure
from receivables.money import money
from receivables.plans import (
    ApprovalTier,
    PlanPolicy,
    PlanTerms,
    RiskLimit,
)
from tests.plans import (
    usd,
)


def test_policy_defaults_and_limit_lookup() -> None:
    policy = PlanPolicy(limits=[RiskLimit(risk_class="high", max_installments=3, max_term_days=95)])
    assert policy.limit_for("high").max_installments == 3
    assert policy.limit_for("standard").max_term_days == 366


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, "policy.id"),
        ({"version": ""}, "policy.version"),
        ({"currency": "XXQ"}, "plan_policy.currency"),
        ({"limits": ["x"]}, r"plan_policy.limits\[0\]"),
        (
            {
                "limits": [
                    RiskLimit(risk_class="a", max_installments=1, max_term_days=1),
                    RiskLimit(risk_class="a", max_installments=2, max_term_days=1),
                ]
            },
            r"plan_policy.limits\[1\].risk_class",
        ),
        ({"max_installments": 0}, "plan_policy.max_installments"),
        ({"max_term_days": -1}, "plan_policy.max_term_days"),
        ({"min_down_payment_percent": 100}, "plan_policy.min_down_payment_percent"),
        ({"min_down_payment_percent": 0.5}, "plan_policy.min_down_payment_percent"),
        ({"min_installment": usd("-1.00")}, "plan_policy.min_installment"),
        ({"min_installment": money("1.00", "EUR")}, "plan_policy.min_installment"),
        ({"analyst_limit": None}, "plan_policy.analyst_limit"),
        ({"approval_tiers": ["x"]}, r"plan_policy.approval_tiers\[0\]"),
        (
            {"approval_tiers": [ApprovalTier(level="a", up_to=usd("100.00"))]},
            r"plan_policy.approval_tiers\[0\].up_to",
        ),
        (
            {"approval_tiers": [ApprovalTier(level="a", up_to=money("9000.00", "EUR"))]},
            r"plan_policy.approval_tiers\[0\].up_to",
        ),
        (
            {"approval_tiers": [ApprovalTier(level="a"), ApprovalTier(level="b")]},
            r"plan_policy.approval_tiers\[1\]",
        ),
        (
            {
                "approval_tiers": [
                    ApprovalTier(level="a", up_to=usd("9000.00")),
                    ApprovalTier(level="a"),
                ]
            },
            r"plan_policy.approval_tiers\[1\].level",
        ),
        ({"exception_level": "ceo"}, "plan_policy.exception_level"),
        ({"grace_days": -1}, "plan_policy.grace_days"),
        ({"missed_after_days": True}, "plan_policy.missed_after_days"),
        ({"grace_days": 10, "missed_after_days": 5}, "plan_policy.missed_after_days"),
        ({"broken_after_missed": 0}, "plan_policy.broken_after_missed"),
        ({"broken_after_days_late": -5}, "plan_policy.broken_after_days_late"),
    ],
)
def test_policy_validation(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        PlanPolicy(**changes)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"risk_class": ""}, "risk_limit.risk_class"),
        ({"max_installments": 0}, "risk_limit.max_installments"),
        ({"max_term_days": -1}, "risk_limit.max_term_days"),
    ],
)
def test_risk_limit_validation(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        RiskLimit(**{"risk_class": "a", "max_installments": 1, "max_term_days": 1, **changes})


def test_approval_tier_validation() -> None:
    with pytest.raises(PolicyError, match=r"approval_tier.level"):
        ApprovalTier(level="")
    with pytest.raises(PolicyError, match=r"approval_tier.up_to"):
        ApprovalTier(level="a", up_to=usd("0.00"))


def test_policies_and_terms_are_buildable_from_plain_dicts() -> None:
    policy = structure(
        {
            "id": "plans-latam",
            "version": "2026-01",
            "limits": [{"risk_class": "watch", "max_installments": 6, "max_term_days": 200}],
            "min_down_payment_percent": "10",
            "analyst_limit": {"amount": "1000.00", "currency": "USD"},
            "approval_tiers": [
                {"level": "lead", "up_to": {"amount": "5000.00", "currency": "USD"}},
                {"level": "cfo", "up_to": None},
            ],
            "exception_level": "cfo",
        },
        PlanPolicy,
    )
    assert policy.limit_for("watch").max_installments == 6
    assert policy.approval_tiers[1] == ApprovalTier(level="cfo")
    terms = structure(
        {
            "first_due_date": "2026-02-01",
            "installments": 3,
            "interest": "flat",
            "annual_rate_percent": "5",
        },
        PlanTerms,
    )
    assert terms.annual_rate_percent == Decimal(5)


def test_structuring_a_policy_reports_every_bad_field() -> None:
    data = {
        "max_installments": 0,
        "analyst_limit": {"amount": "1.00", "currency": "EUR"},
        "exception_level": "ceo",
        "grace_days": -1,
    }
    with pytest.raises(ValidationError) as caught:
        structure(data, PlanPolicy)
    fields = [problem.field for problem in caught.value.problems]
    assert fields == ["$.max_installments", "$.analyst_limit", "$.exception_level", "$.grace_days"]
    terms = {
        "first_due_date": "2026-02-01",
        "installments": 0,
        "fee": {"amount": "-1.00", "currency": "USD"},
    }
    with pytest.raises(ValidationError) as caught:
        structure(terms, PlanTerms)
    assert [p.field for p in caught.value.problems] == ["$.installments", "$.fee"]
