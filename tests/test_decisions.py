"""Reasons explain decisions; policies and decisions share a small named interface."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given

from receivables.decisions import (
    Decision,
    Policy,
    ReadOnlyMapping,
    Reason,
    check_flag,
    check_policy_identity,
    check_whole_number,
)
from receivables.errors import PolicyError, ValidationError
from tests.strategies import reasons


def test_reason_reads_as_a_sentence_with_its_code() -> None:
    reason = Reason("over_limit", "Balance 12,000.00 exceeds the 10,000.00 limit.", {"x": "1"})
    assert str(reason) == "[over_limit] Balance 12,000.00 exceeds the 10,000.00 limit."
    assert reason.data["x"] == "1"


@pytest.mark.parametrize(
    "code", ["", "OverLimit", "over-limit", "1st_rule", "over limit", "over_limit\n", 7, None]
)
def test_reason_code_is_snake_case(code: object) -> None:
    with pytest.raises(ValidationError, match=r"^reason\.code: ") as caught:
        Reason(code, "message")  # type: ignore[arg-type]
    assert caught.value.value == code


def test_reason_data_is_a_read_only_copy() -> None:
    source = {"short": "0.40"}
    reason = Reason("short_pay", "Short.", source)
    source["short"] = "99.00"
    assert reason.data["short"] == "0.40"
    assert isinstance(reason.data, ReadOnlyMapping)
    with pytest.raises(TypeError):
        reason.data["short"] = "1.00"  # type: ignore[index]
    assert Reason("ok", "Fine.").data == {}
    assert Reason("ok", "Fine.", None).data == {}  # type: ignore[arg-type]


def test_reasons_compare_and_hash_by_code_and_message() -> None:
    first = Reason("ok", "Fine.", {"n": 1})
    second = Reason("ok", "Fine.", {"n": 2})
    assert first == second
    assert len({first, second}) == 1
    assert first != Reason("ok", "Different.")


@given(reasons)
def test_any_valid_reason_is_hashable_and_stable(reason: Reason) -> None:
    assert hash(reason) == hash(attrs.evolve(reason))
    assert str(reason).startswith(f"[{reason.code}] ")


def test_policy_identity() -> None:
    check_policy_identity("write-offs", "2026-01")
    with pytest.raises(PolicyError, match=r"^policy\.id: "):
        check_policy_identity("", "1")
    with pytest.raises(PolicyError, match=r"^policy\.id: "):
        check_policy_identity(None, "1")
    with pytest.raises(PolicyError, match=r"^policy\.version: "):
        check_policy_identity("write-offs", " ")
    with pytest.raises(PolicyError, match=r"^policy\.version: "):
        check_policy_identity("write-offs", 1)


@attrs.frozen
class _Policy:
    id: str = "hold"
    version: str = "1"


@attrs.frozen
class _Decision:
    outcome: str
    reasons: tuple[Reason, ...]


def test_protocols_recognise_policies_and_decisions() -> None:
    decision: Any = _Decision("hold", (Reason("over_limit", "Over."),))
    assert isinstance(_Policy(), Policy)
    assert isinstance(decision, Decision)
    assert not isinstance(_Policy(), Decision)
    assert not isinstance(decision, Policy)


@attrs.frozen
class _Schedule:
    days: int = attrs.field(default=0, validator=check_whole_number("schedule", 0, "days, 0 up"))
    runs: int = attrs.field(default=1, validator=check_whole_number("schedule", 1, "1 or more"))
    active: bool = attrs.field(default=True, validator=check_flag("schedule"))


def test_policy_field_checks_accept_whole_numbers_and_bools() -> None:
    assert _Schedule(days=0, runs=3, active=False) == _Schedule(0, 3, False)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"days": -1}, "schedule.days"),
        ({"days": True}, "schedule.days"),
        ({"days": 1.0}, "schedule.days"),
        ({"runs": 0}, "schedule.runs"),
        ({"active": 1}, "schedule.active"),
        ({"active": "true"}, "schedule.active"),
    ],
)
def test_policy_field_checks_name_the_field(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        _Schedule(**fields)


@pytest.mark.parametrize(
    ("message", "data", "field"),
    [
        (7, None, r"reason\.message"),
        (None, None, r"reason\.message"),
        ("m", "limit=5", r"reason\.data"),
        ("m", [("limit", "5")], r"reason\.data"),
        ("m", {1: "5"}, r"reason\.data"),
    ],
)
def test_reason_message_and_data_are_checked(message: object, data: object, field: str) -> None:
    with pytest.raises(ValidationError, match=f"^{field}: "):
        Reason("over_limit", message, data)  # type: ignore[arg-type]


@given(reasons)
def test_a_reason_pickles_and_deep_copies(reason: Reason) -> None:
    import copy
    import pickle

    for clone in (pickle.loads(pickle.dumps(reason)), copy.deepcopy(reason)):
        assert clone == reason
        assert dict(clone.data) == dict(reason.data)


def test_policies_and_decisions_with_tables_pickle_and_deep_copy() -> None:
    # Found in review: MappingProxyType fields made policies impossible to ship to
    # another process (Dask, multiprocessing) or to deep-copy.
    import copy
    import pickle

    from receivables.decisions import ReadOnlyMapping
    from receivables.journal import AccountMap
    from receivables.latecharges import LateChargePolicy
    from receivables.policies.credit import CreditPolicy
    from receivables.policies.refunds import RefundPolicy
    from receivables.policies.writeoffs import WriteOffPolicy

    values = [
        AccountMap({"cash": "1100", "receivables": "1200"}),
        WriteOffPolicy(),
        RefundPolicy(),
        CreditPolicy(),
        LateChargePolicy(id="late", version="1"),
        Reason("x", "y", {"a": "1"}),
        ReadOnlyMapping({"k": 1}),
    ]
    for value in values:
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value


# --- the one engine shape ---------------------------------------------------------------------


def test_engine_departures_names_each_difference() -> None:
    import datetime as dt

    from receivables.decisions import engine_departures

    def shaped(items: list[int], *, as_of: dt.date, policy: int | None = None) -> int:
        return 0

    def positional(items: list[int], as_of: dt.date, policy: int | None = None) -> int:
        return 0

    def off(items: list[int], on: dt.date, policy: int, /, rates: object = 1) -> int:
        return 0

    assert engine_departures(shaped) == ()
    assert engine_departures(positional) == ()
    assert engine_departures(off) == (
        "no as_of parameter",
        "policy cannot be given by keyword",
        "policy has no default of None",
        "rates has no default of None",
    )


def test_plans_and_policies_engines_have_the_shape() -> None:
    from receivables import plans
    from receivables.decisions import engine_departures
    from receivables.policies import credit, refunds, writeoffs

    engines = [
        plans.renegotiate,
        writeoffs.small_balances,
        writeoffs.bad_debt,
        writeoffs.recover,
        refunds.evaluate_refund,
        credit.evaluate_order,
        credit.evaluate_limit_request,
        credit.exposure,
    ]
    assert {engine.__name__: engine_departures(engine) for engine in engines} == dict.fromkeys(
        (engine.__name__ for engine in engines), ()
    )
    # Documented departures: a proposed plan is judged as it stands (dated by its
    # plan_date), a plan is built on its plan_date, and tracking refuses a None policy.
    assert engine_departures(plans.evaluate) == ("no as_of parameter",)
    assert engine_departures(plans.track) == ("policy has no default of None",)
    assert engine_departures(plans.build_plan) == ("no as_of parameter",)


def test_as_of_and_policy_by_keyword_or_by_position_decide_alike() -> None:
    import datetime as dt

    from receivables.documents import Customer, Payment
    from receivables.ledger import ItemKind, OpenItem
    from receivables.money import money
    from receivables.plans import PlanPolicy, PlanTerms, build_plan, evaluate, track
    from receivables.policies import credit, refunds, writeoffs

    day = dt.date(2026, 3, 10)
    plan = build_plan(
        money("300.00", "USD"),
        PlanTerms(first_due_date=dt.date(2026, 2, 1), installments=3),
        plan_id="PP-1",
        customer_id="C1",
        plan_date=dt.date(2026, 1, 1),
    )
    paid = [Payment(id="P1", amount=money("150.00", "USD"), received_date=dt.date(2026, 2, 1))]
    policy = PlanPolicy()
    assert track(plan, paid, as_of=day, policy=policy) == track(plan, paid, day, policy)
    customer = Customer(id="C1", name="Acme", credit_limit=money("1000.00", "USD"))
    assert evaluate(plan, customer) == evaluate(plan, customer, policy)
    value = money("-40.00", "USD")
    items = [
        OpenItem(
            number="CN-1",
            customer_id="C1",
            kind=ItemKind.CREDIT_NOTE,
            document_date=dt.date(2026, 2, 1),
            due_date=dt.date(2026, 2, 1),
            original=value,
            open=value,
        )
    ]
    assert refunds.evaluate_refund("C1", items, as_of=day) == refunds.evaluate_refund(
        "C1", items, day, refunds.RefundPolicy()
    )
    assert writeoffs.small_balances(items, as_of=day) == writeoffs.small_balances(
        items, day, writeoffs.WriteOffPolicy()
    )
    assert writeoffs.bad_debt(customer, items, as_of=day) == writeoffs.bad_debt(
        customer, items, day, writeoffs.WriteOffPolicy()
    )
    order = credit.OrderRequest(id="SO-1", customer_id="C1", amount=money("900", "USD"), date=day)
    assert credit.evaluate_order(order, customer, items, as_of=day) == credit.evaluate_order(
        order, customer, items, day, credit.CreditPolicy()
    )
