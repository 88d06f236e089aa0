"""The credit policy: validation, JSON round trips, replayable decisions."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import interop
from receivables.decisions import Decision, Policy
from receivables.errors import PolicyError, ValidationError
from receivables.money import money
from receivables.policies.approvals import ApprovalPolicy, ApprovalTier
from receivables.policies.credit import (
    CreditFacts,
    CreditPolicy,
    OrderRequest,
    RiskClass,
    TemporaryIncrease,
    evaluate_limit_request,
    evaluate_order,
)
from tests.policies.credit import (
    AS_OF,
    _bounce,
    _customer,
    _item,
    _order,
    _request,
    usd,
)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, r"policy\.id"),
        ({"currency": "XX"}, r"credit_policy\.currency"),
        ({"past_due_days": -1}, r"credit_policy\.past_due_days"),
        ({"returned_cheque_months": 0}, r"credit_policy\.returned_cheque_months"),
        ({"returned_cheque_limit": 0}, r"credit_policy\.returned_cheque_limit"),
        ({"min_history_invoices": True}, r"credit_policy\.min_history_invoices"),
        ({"max_temporary_days": 0}, r"credit_policy\.max_temporary_days"),
        ({"min_bureau_score": "600"}, r"credit_policy\.min_bureau_score"),
        ({"hold_without_limit": "yes"}, r"credit_policy\.hold_without_limit"),
        ({"exclude_disputed": 1}, r"credit_policy\.exclude_disputed"),
        ({"returned_methods": ["iou"]}, r"credit_policy\.returned_methods\[0\]"),
        ({"over_limit_tolerance": 0.05}, r"credit_policy\.over_limit_tolerance"),
        ({"over_limit_tolerance": "1"}, r"credit_policy\.over_limit_tolerance"),
        ({"over_limit_tolerance": "x"}, r"credit_policy\.over_limit_tolerance"),
        ({"hold_statuses": ["gone"]}, r"credit_policy\.hold_statuses\[0\]"),
        ({"overrides": {"late": "lead"}}, r"credit_policy\.overrides"),
        ({"overrides": {"past_due": "ceo"}}, r"credit_policy\.overrides\.past_due"),
        ({"overrides": ["past_due"]}, r"credit_policy\.overrides"),
        ({"risk_classes": ["low"]}, r"credit_policy\.risk_classes\[0\]"),
        (
            {"risk_classes": [RiskClass(name="a", max_limit=usd("1"))] * 2},
            r"credit_policy\.risk_classes\[1\]\.name",
        ),
        (
            {"risk_classes": [RiskClass(name="a", max_limit=money("1", "EUR"))]},
            r"credit_policy\.risk_classes\[0\]\.max_limit",
        ),
        ({"new_customer_max": money("1", "EUR")}, r"credit_policy\.new_customer_max"),
        ({"approvals": None}, r"credit_policy\.approvals"),
    ],
)
def test_policy_errors_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        CreditPolicy(**changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"max_limit": usd("0")}, "max_limit"),
        ({"max_average_days_to_pay": -1}, "max_average_days_to_pay"),
    ],
)
def test_risk_class_errors(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"name": "x", "max_limit": usd("1"), **changes}
    with pytest.raises(PolicyError, match=rf"risk_class\.{field}"):
        RiskClass(**values)  # type: ignore[arg-type]


def test_decisions_and_policy_have_the_shared_shape() -> None:
    facts = CreditFacts(customer_id="C1", plan_standing="broken", bureau_adverse=True)
    held = evaluate_order(
        _order("50000"),
        _customer(),
        [_item("I", "5", 99)],
        AS_OF,
        facts=facts,
        reversals=[_bounce(1)],
    )
    limit = evaluate_limit_request(_request("increase", "90000"), _customer("20000"), AS_OF)
    assert isinstance(CreditPolicy(), Policy)
    for decision in (held, limit):
        assert isinstance(decision, Decision)
        json.dumps([dict(reason.data) for reason in decision.reasons])


def test_policy_round_trips_through_json() -> None:
    policy = CreditPolicy(
        id="credit-latam",
        version="2026-07",
        currency="COP",
        past_due_days=45,
        over_limit_tolerance=Decimal("0.05"),
        min_bureau_score=550,
        returned_methods=["check"],
        overrides={"past_due": "manager"},
        risk_classes=[RiskClass(name="standard", max_limit=money("400000000", "COP"))],
        new_customer_max=money("40000000", "COP"),
        approvals=ApprovalPolicy(
            currency="COP", tiers=[ApprovalTier(authority="controller", up_to=None)]
        ),
    )
    assert interop.from_json(interop.to_json(policy), CreditPolicy) == policy
    assert interop.from_json(interop.to_json(CreditPolicy()), CreditPolicy) == CreditPolicy()


def test_bad_json_policy_reports_every_field() -> None:
    data = interop.unstructure(CreditPolicy())
    data["past_due_days"] = -3
    data["max_temporary_days"] = 0
    data["overrides"]["past_due"] = "ceo"
    with pytest.raises(ValidationError) as caught:
        interop.structure(data, CreditPolicy)
    fields = {problem.field for problem in caught.value.problems}
    assert {"$.past_due_days", "$.max_temporary_days"} <= fields
    assert any(field.startswith("$.overrides") for field in fields)


def test_decisions_replay_from_json_inputs() -> None:
    facts = CreditFacts(
        customer_id="C1",
        unbilled_orders=usd("2500"),
        temporary_increases=[TemporaryIncrease(amount=usd("500"), expires_on=AS_OF)],
    )
    assert interop.from_json(interop.to_json(facts), CreditFacts) == facts
    order = interop.from_json(interop.to_json(_order("9000")), OrderRequest)
    stored = interop.from_json(interop.to_json(CreditPolicy()), CreditPolicy)
    first = evaluate_order(order, _customer(), [], AS_OF, stored, facts=facts)
    assert first == evaluate_order(_order("9000"), _customer(), [], AS_OF, facts=facts)
    record = json.loads(interop.to_json(first))
    assert record["holds"] == ["over_limit"]
    assert record["release_by"] == "analyst"


@given(
    st.integers(0, 400),
    st.integers(1, 36),
    st.integers(1, 10),
    st.booleans(),
    st.decimals(min_value=0, max_value=Decimal("0.99"), places=2),
)
def test_any_valid_policy_round_trips(
    days: int, months: int, limit: int, flag: bool, tolerance: Decimal
) -> None:
    policy = CreditPolicy(
        past_due_days=days,
        returned_cheque_months=months,
        returned_cheque_limit=limit,
        hold_without_limit=flag,
        over_limit_tolerance=tolerance,
    )
    assert interop.from_json(interop.to_json(policy), CreditPolicy) == policy


def test_bad_json_policy_reports_cross_field_problems_too() -> None:
    data = interop.unstructure(CreditPolicy())
    data["past_due_days"] = -3
    data["risk_classes"][1]["max_limit"]["currency"] = "EUR"
    data["new_customer_max"]["amount"] = "0"
    with pytest.raises(ValidationError) as caught:
        interop.structure(data, CreditPolicy)
    fields = {problem.field for problem in caught.value.problems}
    assert fields == {"$.past_due_days", "$.risk_classes[1].max_limit", "$.new_customer_max"}
