"""Credit-limit requests: approve, escalate or reject, with the rules that fired."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.documents import Reversal
from receivables.errors import ValidationError
from receivables.money import from_minor
from receivables.policies.approvals import ApprovalPolicy, ApprovalTier, Authority
from receivables.policies.credit import (
    CreditFacts,
    CreditLimitRequest,
    CreditPolicy,
    LimitOutcome,
    LimitRequestKind,
    TemporaryIncrease,
    evaluate_limit_request,
)
from tests.policies.credit import (
    AS_OF,
    GOOD,
    _bounce,
    _codes,
    _customer,
    _request,
    usd,
)


def test_increase_within_the_approvers_range() -> None:
    # 20,000 -> 35,000: a change of 15,000, within the lead's 25,000.
    decision = evaluate_limit_request(
        _request("increase", "35000"), _customer("20000"), AS_OF, facts=GOOD
    )
    assert decision.outcome is LimitOutcome.APPROVED
    assert decision.change == usd("15000")
    assert decision.new_limit == usd("35000")
    assert decision.required_authority is Authority.LEAD
    assert _codes(decision) == ["payment_history_ok", "approval_tier", "within_approver_range"]


def test_increase_above_the_approvers_range_is_escalated() -> None:
    decision = evaluate_limit_request(
        _request("increase", "35000", approver="analyst"), _customer("20000"), AS_OF, facts=GOOD
    )
    assert decision.outcome is LimitOutcome.ESCALATED
    assert decision.escalate_to is Authority.LEAD
    assert _codes(decision)[-1] == "above_approver_range"


def test_new_customer_without_history() -> None:
    new = evaluate_limit_request(_request("new", "8000"), _customer(None), AS_OF)
    assert new.outcome is LimitOutcome.APPROVED
    assert new.change == usd("8000")
    assert "no_payment_history" in _codes(new)
    big = evaluate_limit_request(_request("new", "12000"), _customer(None), AS_OF)
    assert big.outcome is LimitOutcome.REJECTED
    assert _codes(big) == ["above_new_customer_maximum"]
    assert big.new_limit is None


@pytest.mark.parametrize(
    ("customer_changes", "facts_changes", "reversals", "code"),
    [
        ({"status": "blocked"}, {}, [], "customer_status"),
        ({"risk_class": "exotic"}, {}, [], "unknown_risk_class"),
        ({"risk_class": "high"}, {}, [], "above_risk_class_maximum"),
        ({}, {"plan_standing": "broken"}, [], "broken_plan"),
        ({}, {}, [_bounce(20)], "returned_cheques"),
        ({}, {"bureau_adverse": True}, [], "bureau_report"),
        ({}, {"average_days_to_pay": "45.5"}, [], "slow_payer"),
    ],
)
def test_rejected_outside_policy(
    customer_changes: dict[str, object],
    facts_changes: dict[str, object],
    reversals: list[Reversal],
    code: str,
) -> None:
    facts = CreditFacts(
        customer_id="C1",
        **{"average_days_to_pay": "30", "paid_invoices": 12, **facts_changes},  # type: ignore[arg-type]
    )
    decision = evaluate_limit_request(
        _request("increase", "30000"),
        _customer("20000", **customer_changes),
        AS_OF,
        facts=facts,
        reversals=reversals,
    )
    assert decision.outcome is LimitOutcome.REJECTED
    assert _codes(decision)[0] == code
    assert decision.new_limit == usd("20000")
    assert decision.escalate_to is None


def test_beyond_the_ladder_is_rejected() -> None:
    ladder = ApprovalPolicy(tiers=[ApprovalTier(authority="manager", up_to=usd("5000"))])
    decision = evaluate_limit_request(
        _request("increase", "30000"),
        _customer("20000"),
        AS_OF,
        CreditPolicy(approvals=ladder),
        facts=GOOD,
    )
    assert decision.outcome is LimitOutcome.REJECTED
    assert "beyond_authority" in _codes(decision)


def test_temporary_increase_with_expiry() -> None:
    # 5,000 more until the end of the season, 62 days away (within 90): an analyst may approve.
    expires = AS_OF + dt.timedelta(days=62)
    decision = evaluate_limit_request(
        _request("temporary", "5000", approver="analyst", expires_on=expires),
        _customer("20000"),
        AS_OF,
        facts=GOOD,
    )
    assert decision.outcome is LimitOutcome.APPROVED
    assert decision.new_limit == usd("20000")
    assert decision.temporary == TemporaryIncrease(
        amount=usd("5000"), starts_on=AS_OF, expires_on=expires
    )
    assert decision.temporary.active(expires)
    assert not decision.temporary.active(expires + dt.timedelta(days=1))
    too_long = evaluate_limit_request(
        _request("temporary", "5000", expires_on=AS_OF + dt.timedelta(days=91)),
        _customer("20000"),
        AS_OF,
        facts=GOOD,
    )
    assert too_long.outcome is LimitOutcome.REJECTED
    assert _codes(too_long)[0] == "temporary_too_long"
    assert too_long.temporary is None


@pytest.mark.parametrize("kind", ["temporary", "increase"])
def test_temporary_increases_already_granted_count_toward_the_class_maximum(kind: str) -> None:
    # A high-risk customer (maximum 25,000) at 20,000 already holds a 5,000 increase for
    # 30 days: another 5,000, temporary or permanent, would lift it to 30,000.
    customer = _customer("20000", risk_class="high")
    prompt = attrs.evolve(GOOD, average_days_to_pay=Decimal(20))  # the class accepts 30
    granted = TemporaryIncrease(amount=usd("5000"), expires_on=AS_OF + dt.timedelta(days=30))
    facts = attrs.evolve(prompt, temporary_increases=[granted])
    extra = {"expires_on": AS_OF + dt.timedelta(days=20)} if kind == "temporary" else {}
    amount = "5000" if kind == "temporary" else "25000"
    request = _request(kind, amount, approver="controller", **extra)
    decision = evaluate_limit_request(request, customer, AS_OF, facts=facts)
    assert decision.outcome is LimitOutcome.REJECTED
    assert decision.reasons[0].code == "above_risk_class_maximum"
    assert decision.reasons[0].data["limit"] == "30000.00"
    assert decision.reasons[0].data["temporary"] == "5000.00"
    # without the earlier increase the same request fits the class exactly
    alone = evaluate_limit_request(request, customer, AS_OF, facts=prompt)
    assert alone.outcome is LimitOutcome.APPROVED


def test_expired_or_later_increases_do_not_stack() -> None:
    customer = _customer("20000", risk_class="high")
    prompt = attrs.evolve(GOOD, average_days_to_pay=Decimal(20))
    expired = TemporaryIncrease(amount=usd("5000"), expires_on=AS_OF - dt.timedelta(days=1))
    later = TemporaryIncrease(
        amount=usd("5000"),
        starts_on=AS_OF + dt.timedelta(days=21),
        expires_on=AS_OF + dt.timedelta(days=40),
    )
    facts = attrs.evolve(prompt, temporary_increases=[expired, later])
    request = _request(
        "temporary", "5000", approver="controller", expires_on=AS_OF + dt.timedelta(days=20)
    )
    assert evaluate_limit_request(request, customer, AS_OF, facts=facts).outcome is (
        LimitOutcome.APPROVED
    )
    # two increases that never overlap stack only one at a time
    first = TemporaryIncrease(amount=usd("2000"), expires_on=AS_OF + dt.timedelta(days=5))
    facts = attrs.evolve(prompt, temporary_increases=[first, later])
    longer = _request(
        "temporary", "3000", approver="controller", expires_on=AS_OF + dt.timedelta(days=60)
    )
    assert evaluate_limit_request(longer, customer, AS_OF, facts=facts).outcome is (
        LimitOutcome.REJECTED  # 20,000 + 3,000 + 5,000 later on
    )
    shorter = _request(
        "temporary", "3000", approver="controller", expires_on=AS_OF + dt.timedelta(days=5)
    )
    assert evaluate_limit_request(shorter, customer, AS_OF, facts=facts).outcome is (
        LimitOutcome.APPROVED  # 20,000 + 3,000 + 2,000
    )


def test_limit_request_input_errors() -> None:
    with pytest.raises(ValidationError, match=r"request\.kind"):
        evaluate_limit_request(_request("new", "100"), _customer("20000"), AS_OF)
    with pytest.raises(ValidationError, match=r"request\.kind"):
        evaluate_limit_request(_request("increase", "100"), _customer(None), AS_OF)
    with pytest.raises(ValidationError, match=r"request\.requested_limit"):
        evaluate_limit_request(_request("increase", "100"), _customer("20000"), AS_OF)
    with pytest.raises(ValidationError, match=r"request\.expires_on"):
        evaluate_limit_request(
            _request("temporary", "100", expires_on=AS_OF), _customer("20000"), AS_OF
        )
    with pytest.raises(ValidationError, match=r"request\.customer_id"):
        evaluate_limit_request(
            CreditLimitRequest(
                id="R", customer_id="C2", kind="new", requested_limit=usd("1"), approver="lead"
            ),
            _customer(None),
            AS_OF,
        )
    with pytest.raises(ValidationError, match=r"credit_limit_request\.expires_on"):
        _request("increase", "100", expires_on=AS_OF)
    with pytest.raises(ValidationError, match=r"credit_limit_request\.approver"):
        _request("increase", "100", approver="ceo")
    with pytest.raises(ValidationError, match=r"credit_limit_request\.kind"):
        _request("decrease", "100")
    with pytest.raises(ValidationError, match=r"credit_limit_request\.requested_limit"):
        _request("new", "0")


@given(st.integers(1, 10**9), st.sampled_from(list(Authority)))
def test_limit_decisions_repeat(units: int, approver: Authority) -> None:
    request = CreditLimitRequest(
        id="R",
        customer_id="C1",
        kind=LimitRequestKind.INCREASE,
        requested_limit=usd("20000") + from_minor(units, "USD"),
        approver=approver,
    )
    decision = evaluate_limit_request(request, _customer("20000"), AS_OF, facts=GOOD)
    assert decision == evaluate_limit_request(request, _customer("20000"), AS_OF, facts=GOOD)
    assert (decision.outcome is LimitOutcome.ESCALATED) == (decision.escalate_to is not None)
    assert decision.reasons
