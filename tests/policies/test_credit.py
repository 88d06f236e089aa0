"""Credit: exposure, order holds and their release path, credit-limit requests."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import interop
from receivables.decisions import Decision, Policy
from receivables.documents import Customer, Dispute, Payment, Reversal
from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.ledger import ItemKind, OpenItem
from receivables.money import Money, Rate, RateTable, from_minor, money, total
from receivables.policies.approvals import ApprovalPolicy, ApprovalTier, Authority
from receivables.policies.credit import (
    HOLD_RULES,
    CreditFacts,
    CreditLimitRequest,
    CreditPolicy,
    LimitOutcome,
    LimitRequestKind,
    OrderOutcome,
    OrderRequest,
    PlanStanding,
    RiskClass,
    TemporaryIncrease,
    evaluate_limit_request,
    evaluate_order,
    exposure,
    returned_payments,
)
from tests.strategies import customer_open_items

AS_OF = dt.date(2026, 6, 30)


def usd(amount: str) -> Money:
    return money(amount, "USD")


def _customer(limit: str | None = "10000", **changes: object) -> Customer:
    values: dict[str, object] = {
        "id": "C1",
        "name": "Acme",
        "credit_limit": None if limit is None else usd(limit),
        **changes,
    }
    return Customer(**values)  # type: ignore[arg-type]


def _item(number: str, amount: str, days_overdue: int) -> OpenItem:
    due = AS_OF - dt.timedelta(days=days_overdue)
    value = usd(amount)
    return OpenItem(
        number=number,
        customer_id="C1",
        kind=ItemKind.INVOICE if value.amount > 0 else ItemKind.PAYMENT,
        document_date=due - dt.timedelta(days=30),
        due_date=due,
        original=value,
        open=value,
    )


def _order(amount: str = "1000") -> OrderRequest:
    return OrderRequest(id="SO-1", customer_id="C1", amount=usd(amount), date=AS_OF)


def _bounce(days_ago: int, number: str = "R1") -> Reversal:
    return Reversal(
        id=number,
        kind="returned_payment",
        target_id="P" + number,
        date=AS_OF - dt.timedelta(days=days_ago),
    )


def _codes(decision: object) -> list[str]:
    return [reason.code for reason in decision.reasons]  # type: ignore[attr-defined]


# --- exposure --------------------------------------------------------------------------------


def test_exposure_adds_open_ar_unbilled_and_plans() -> None:
    # Open AR 4,000 - 500 unapplied = 3,500; unbilled 1,200; plan 800: exposure 5,500.
    items = [_item("INV-1", "4000", 10), _item("PAY-1", "-500", 0)]
    facts = CreditFacts(customer_id="C1", unbilled_orders=usd("1200"), plan_balance=usd("800"))
    used = exposure(_customer(), items, AS_OF, facts)
    assert used.open_receivables == usd("3500")
    assert (used.unbilled_orders, used.plan_balances) == (usd("1200"), usd("800"))
    assert used.total == usd("5500")


def test_exposure_converts_with_rates_or_refuses() -> None:
    rates = RateTable([Rate("EUR", "USD", Decimal("1.10"), dt.date(2026, 1, 1))])
    facts = CreditFacts(customer_id="C1", unbilled_orders=money("1000", "EUR"))
    assert exposure(_customer(), [], AS_OF, facts, rates=rates).total == usd("1100")
    with pytest.raises(CurrencyMismatchError):
        exposure(_customer(), [], AS_OF, facts)


def test_exposure_input_errors() -> None:
    with pytest.raises(ValidationError, match="customer"):
        exposure("C1", [], AS_OF)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"facts\.customer_id"):
        exposure(_customer(), [], AS_OF, CreditFacts(customer_id="C2"))
    with pytest.raises(ValidationError, match=r"items\[0\]"):
        exposure(_customer(), [1], AS_OF)  # type: ignore[list-item]
    other = OpenItem(
        number="X",
        customer_id="C9",
        kind=ItemKind.INVOICE,
        document_date=AS_OF,
        due_date=AS_OF,
        original=usd("1"),
        open=usd("1"),
    )
    with pytest.raises(ValidationError, match=r"items\[0\]\.customer_id"):
        exposure(_customer(), [other], AS_OF)


@given(customer_open_items(as_of=AS_OF), st.integers(0, 10**9), st.integers(0, 10**9))
def test_exposure_is_the_sum_of_its_parts(items: list[OpenItem], unbilled: int, plan: int) -> None:
    facts = CreditFacts(
        customer_id="C1",
        unbilled_orders=from_minor(unbilled, "USD"),
        plan_balance=from_minor(plan, "USD"),
    )
    used = exposure(_customer(), items, AS_OF, facts)
    expected = total((i.open for i in items), "USD") + from_minor(unbilled + plan, "USD")
    assert used.total == expected


# --- orders ----------------------------------------------------------------------------------


def test_release_within_limit() -> None:
    decision = evaluate_order(_order("1000"), _customer(), [_item("INV-1", "2000", 5)], AS_OF)
    assert decision.outcome is OrderOutcome.RELEASE
    assert decision.available == usd("8000")
    assert decision.release_by is None
    assert _codes(decision) == ["within_limit"]
    assert (decision.policy_id, decision.policy_version) == ("credit", "1")


def test_order_check_as_erps_make_it() -> None:
    # The check of Odoo's partner_credit_limit (ADHOC) and Tryton's sale_credit_limit: what the
    # partner has to pay (3,000) + approved, uninvoiced orders (2,500) + the order (4,000)
    # = 9,500 against a limit of 10,000: released, 4,500 still available before the order.
    facts = CreditFacts(customer_id="C1", unbilled_orders=usd("2500"))
    decision = evaluate_order(
        _order("4000"), _customer(), [_item("INV-1", "3000", 0)], AS_OF, facts=facts
    )
    assert decision.outcome is OrderOutcome.RELEASE
    assert decision.available == usd("4500")
    assert decision.reasons[0].data["exposure"] == "9500.00"


def test_over_limit_by_the_order_needs_the_excess_tier() -> None:
    # Limit 10,000; exposure 9,000; order 7,500 -> 16,500, over by 6,500: above the analyst's
    # 5,000 on the credit ladder, within the lead's 25,000.
    decision = evaluate_order(_order("7500"), _customer(), [_item("INV-1", "9000", 0)], AS_OF)
    assert decision.outcome is OrderOutcome.HOLD
    assert decision.holds == ("over_limit",)
    assert decision.excess == usd("6500")
    assert decision.release_by is Authority.LEAD
    assert _codes(decision) == ["over_limit", "approval_tier", "release_path"]


def test_tolerance_and_temporary_increase_lift_the_ceiling() -> None:
    items = [_item("INV-1", "9000", 0)]
    order = _order("1400")  # 10,400: 4% over the limit
    assert evaluate_order(order, _customer(), items, AS_OF).outcome is OrderOutcome.HOLD
    lenient = CreditPolicy(over_limit_tolerance="0.05")
    assert evaluate_order(order, _customer(), items, AS_OF, lenient).outcome is OrderOutcome.RELEASE
    bump = TemporaryIncrease(amount=usd("1000"), expires_on=AS_OF)
    facts = CreditFacts(customer_id="C1", temporary_increases=[bump])
    released = evaluate_order(order, _customer(), items, AS_OF, facts=facts)
    assert released.outcome is OrderOutcome.RELEASE
    assert released.limit == usd("11000")
    expired = evaluate_order(order, _customer(), items, AS_OF + dt.timedelta(days=1), facts=facts)
    assert expired.outcome is OrderOutcome.HOLD


def test_every_hold_rule_fires_with_its_reason_and_release_path() -> None:
    policy = CreditPolicy(min_bureau_score=600)
    facts = CreditFacts(customer_id="C1", plan_standing="broken", bureau_score=550)
    items = [_item("INV-OLD", "500", 31), _item("INV-OK", "500", 30)]
    decision = evaluate_order(
        _order("100"), _customer(), items, AS_OF, policy, facts=facts, reversals=[_bounce(10)]
    )
    assert decision.holds == ("past_due", "broken_plan", "returned_cheques", "bureau_report")
    assert decision.reasons[0].data["items"] == ["INV-OLD"]  # 31 days > 30; 30 is not
    assert decision.release_by is Authority.CONTROLLER  # the bureau report needs the most
    assert _codes(decision)[-1] == "release_path"


@pytest.mark.parametrize(
    ("rule", "authority"),
    [
        ("past_due", Authority.LEAD),
        ("broken_plan", Authority.MANAGER),
        ("returned_cheques", Authority.MANAGER),
        ("bureau_report", Authority.CONTROLLER),
        ("no_credit_limit", Authority.MANAGER),
    ],
)
def test_each_rule_alone(rule: str, authority: Authority) -> None:
    customer = _customer(None if rule == "no_credit_limit" else "10000")
    facts = CreditFacts(
        customer_id="C1",
        plan_standing=PlanStanding.BROKEN if rule == "broken_plan" else PlanStanding.CURRENT,
        bureau_adverse=rule == "bureau_report",
    )
    items = [_item("INV-1", "100", 45 if rule == "past_due" else 0)]
    bounces = [_bounce(30)] if rule == "returned_cheques" else []
    decision = evaluate_order(_order(), customer, items, AS_OF, facts=facts, reversals=bounces)
    assert decision.holds == (rule,)
    assert decision.release_by is authority
    assert _codes(decision) == [rule, "release_path"]


def test_customer_status_cannot_be_overridden() -> None:
    decision = evaluate_order(_order(), _customer(status="bankrupt"), [], AS_OF)
    assert decision.outcome is OrderOutcome.HOLD
    assert decision.release_by is None
    assert _codes(decision) == ["customer_status", "not_overridable"]


def test_over_limit_beyond_the_ladder_cannot_be_overridden() -> None:
    ladder = ApprovalPolicy(tiers=[ApprovalTier(authority="manager", up_to=usd("1000"))])
    decision = evaluate_order(
        _order("50000"), _customer(), [], AS_OF, CreditPolicy(approvals=ladder)
    )
    assert decision.release_by is None
    assert _codes(decision) == ["over_limit", "beyond_authority", "not_overridable"]


def test_overrides_can_raise_the_over_limit_authority() -> None:
    policy = CreditPolicy(overrides={"over_limit": "controller"})
    decision = evaluate_order(_order("10001"), _customer(), [], AS_OF, policy)
    assert decision.release_by is Authority.CONTROLLER
    # with the default overrides gone, past due has no override: nobody releases
    late = evaluate_order(_order(), _customer(), [_item("INV-1", "5", 90)], AS_OF, policy)
    assert late.release_by is None


def test_no_limit_allowed_when_the_policy_says_so() -> None:
    policy = CreditPolicy(hold_without_limit=False)
    decision = evaluate_order(_order(), _customer(None), [], AS_OF, policy)
    assert decision.outcome is OrderOutcome.RELEASE
    assert decision.limit is None


def test_returned_payments_window() -> None:
    # six months before 2026-06-30 is 2025-12-30, excluded; 2025-12-31 is inside
    inside = Reversal(id="A", kind="returned_payment", target_id="P", date=dt.date(2025, 12, 31))
    edge = Reversal(id="B", kind="returned_payment", target_id="P", date=dt.date(2025, 12, 30))
    undone = Reversal(id="C", kind="application_undone", target_id="A1", date=AS_OF)
    later = Reversal(id="D", kind="returned_payment", target_id="P", date=AS_OF + dt.timedelta(1))
    assert returned_payments([inside, edge, undone, later], AS_OF, 6) == 1
    with pytest.raises(ValidationError, match=r"reversals\[0\]"):
        returned_payments(["R"], AS_OF, 6)  # type: ignore[list-item]


def test_returned_cheques_only_when_the_policy_says_so() -> None:
    # a returned direct debit and a returned cheque; counting cheques only, one is left
    debit = Payment(
        id="PR1", amount=usd("10"), received_date=dt.date(2026, 5, 1), method="direct_debit"
    )
    cheque = Payment(id="PR2", amount=usd("10"), received_date=dt.date(2026, 5, 1), method="check")
    bounces = [_bounce(10, "R1"), _bounce(20, "R2")]
    assert returned_payments(bounces, AS_OF, 6, payments=[debit, cheque]) == 2
    assert returned_payments(bounces, AS_OF, 6, methods=["check"], payments=[debit, cheque]) == 1
    assert returned_payments(bounces, AS_OF, 6, methods=["check"]) == 2  # unknown methods count
    policy = CreditPolicy(returned_methods=["check"], returned_cheque_limit=2)
    decision = evaluate_order(
        _order(), _customer(), [], AS_OF, policy, reversals=bounces, payments=[debit, cheque]
    )
    assert decision.outcome is OrderOutcome.RELEASE
    with pytest.raises(ValidationError, match=r"methods\[0\]"):
        returned_payments(bounces, AS_OF, 6, methods=["iou"])


def test_disputed_items_do_not_hold_the_order() -> None:
    items = [_item("INV-1", "100", 60)]
    dispute = Dispute(
        id="D1", customer_id="C1", invoice_number="INV-1", opened_on=AS_OF - dt.timedelta(20)
    )
    released = evaluate_order(_order(), _customer(), items, AS_OF, disputes=[dispute])
    assert released.outcome is OrderOutcome.RELEASE
    strict = CreditPolicy(exclude_disputed=False)
    held = evaluate_order(_order(), _customer(), items, AS_OF, strict, disputes=[dispute])
    assert held.holds == ("past_due",)
    resolved = attrs.evolve(dispute, resolved_on=AS_OF - dt.timedelta(days=1))
    again = evaluate_order(_order(), _customer(), items, AS_OF, disputes=[resolved])
    assert again.holds == ("past_due",)
    with pytest.raises(ValidationError, match=r"disputes\[0\]"):
        evaluate_order(_order(), _customer(), items, AS_OF, disputes=["D1"])  # type: ignore[list-item]


def test_order_input_errors() -> None:
    with pytest.raises(ValidationError, match=r"order\.customer_id"):
        evaluate_order(
            OrderRequest(id="SO", customer_id="C2", amount=usd("1"), date=AS_OF),
            _customer(),
            [],
            AS_OF,
        )
    with pytest.raises(ValidationError, match="order"):
        evaluate_order("SO-1", _customer(), [], AS_OF)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"order_request\.amount"):
        OrderRequest(id="SO", customer_id="C1", amount=usd("0"), date=AS_OF)
    with pytest.raises(ValidationError, match=r"order_request\.id"):
        OrderRequest(id="", customer_id="C1", amount=usd("1"), date=AS_OF)
    with pytest.raises(ValidationError, match=r"order_request\.date"):
        OrderRequest(id="SO", customer_id="C1", amount=usd("1"), date="2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(CurrencyMismatchError):
        evaluate_order(
            OrderRequest(id="SO", customer_id="C1", amount=money("1", "EUR"), date=AS_OF),
            _customer(),
            [],
            AS_OF,
        )


@given(customer_open_items(as_of=AS_OF), st.integers(1, 10**9))
def test_order_decisions_repeat_and_name_their_rules(items: list[OpenItem], units: int) -> None:
    order = OrderRequest(id="SO", customer_id="C1", amount=from_minor(units, "USD"), date=AS_OF)
    decision = evaluate_order(order, _customer(), items, AS_OF)
    assert decision == evaluate_order(order, _customer(), list(reversed(items)), AS_OF)
    assert set(decision.holds) <= set(HOLD_RULES)
    codes = _codes(decision)
    assert all(rule in codes for rule in decision.holds)
    assert (decision.outcome is OrderOutcome.RELEASE) == (not decision.holds)
    if decision.outcome is OrderOutcome.HOLD:
        assert codes[-1] in {"release_path", "not_overridable"}


# --- credit-limit requests -------------------------------------------------------------------


def _request(kind: str, amount: str, approver: str = "lead", **extra: object) -> CreditLimitRequest:
    return CreditLimitRequest(
        id="R1",
        customer_id="C1",
        kind=kind,
        requested_limit=usd(amount),
        approver=approver,
        **extra,  # type: ignore[arg-type]
    )


GOOD = CreditFacts(customer_id="C1", average_days_to_pay=Decimal("38.5"), paid_invoices=24)


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


# --- records and the policy ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"customer_id": ""}, "customer_id"),
        ({"unbilled_orders": usd("-1")}, "unbilled_orders"),
        ({"plan_balance": 5}, "plan_balance"),
        ({"plan_standing": "late"}, "plan_standing"),
        ({"average_days_to_pay": 1.5}, "average_days_to_pay"),
        ({"average_days_to_pay": "-1"}, "average_days_to_pay"),
        ({"average_days_to_pay": "soon"}, "average_days_to_pay"),
        ({"paid_invoices": -1}, "paid_invoices"),
        ({"bureau_adverse": "no"}, "bureau_adverse"),
        ({"bureau_score": "700"}, "bureau_score"),
        ({"temporary_increases": [1]}, r"temporary_increases\[0\]"),
    ],
)
def test_credit_facts_errors(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"customer_id": "C1", **changes}
    with pytest.raises(ValidationError, match=rf"credit_facts\.{field}"):
        CreditFacts(**values)  # type: ignore[arg-type]


def test_temporary_increase_errors() -> None:
    with pytest.raises(ValidationError, match=r"temporary_increase\.amount"):
        TemporaryIncrease(amount=usd("0"), expires_on=AS_OF)
    with pytest.raises(ValidationError, match=r"temporary_increase\.expires_on"):
        TemporaryIncrease(amount=usd("1"), starts_on=AS_OF, expires_on=AS_OF - dt.timedelta(1))
    with pytest.raises(ValidationError, match=r"temporary_increase\.starts_on"):
        TemporaryIncrease(amount=usd("1"), starts_on="today", expires_on=AS_OF)  # type: ignore[arg-type]


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


# --- JSON ----------------------------------------------------------------------------------


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
