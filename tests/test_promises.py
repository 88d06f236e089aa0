"""Promises to pay: kept, partly kept, broken or pending as of a date; kept-promise rates."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.decisions import Decision, Policy
from receivables.documents import Payment, PromiseToPay
from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    PolicyError,
    ValidationError,
)
from receivables.interop import from_json, structure, to_json, unstructure
from receivables.money import Money, money, to_minor
from receivables.promises import (
    DEFAULT_POLICY,
    KeptRate,
    PromiseOutcome,
    PromisePolicy,
    PromiseStatus,
    judge,
    judge_promises,
    kept_rate_by_collector,
    kept_rate_by_customer,
    merge_rates,
)
from tests.strategies import promises_with_payments

D = dt.date
PROMISED = D(2026, 3, 15)
TAKEN = D(2026, 3, 1)


def usd(amount: str) -> Money:
    return money(amount, "USD")


def promise(
    pid: str = "PTP-1",
    amount: str = "500.00",
    promised: dt.date = PROMISED,
    taken: dt.date = TAKEN,
    customer: str = "C1",
    by: str = "ana",
    currency: str = "USD",
) -> PromiseToPay:
    return PromiseToPay(
        id=pid,
        customer_id=customer,
        amount=money(amount, currency),
        promised_date=promised,
        taken_on=taken,
        taken_by=by,
    )


def pay(pid: str, amount: str, on: dt.date, customer: str = "C1", currency: str = "USD") -> Payment:
    return Payment(id=pid, customer_id=customer, amount=money(amount, currency), received_date=on)


# Catchpole's promise-to-pay documentation (catchpole.io/docs/promises) lists the statuses
# collectors use: pending (the promise date has not arrived), kept (paid on or before the
# promise date), broken (the date passed without payment). We add partly kept, grace days and
# an amount tolerance, all zero by default, so the defaults reproduce that description.
@pytest.mark.parametrize(
    ("payments", "as_of", "expected"),
    [
        ([], D(2026, 3, 10), PromiseStatus.PENDING),
        ([], D(2026, 3, 15), PromiseStatus.PENDING),
        ([], D(2026, 3, 16), PromiseStatus.BROKEN),
        ([pay("P1", "500.00", D(2026, 3, 15))], D(2026, 3, 16), PromiseStatus.KEPT),
        ([pay("P1", "500.00", D(2026, 3, 5))], D(2026, 3, 6), PromiseStatus.KEPT),
        ([pay("P1", "500.00", D(2026, 3, 16))], D(2026, 3, 20), PromiseStatus.BROKEN),
        ([pay("P1", "200.00", D(2026, 3, 12))], D(2026, 3, 12), PromiseStatus.PENDING),
        ([pay("P1", "200.00", D(2026, 3, 12))], D(2026, 3, 20), PromiseStatus.PARTLY_KEPT),
    ],
)
def test_statuses_with_the_default_policy(
    payments: list[Payment], as_of: dt.date, expected: PromiseStatus
) -> None:
    assert judge(promise(), payments, as_of, PromisePolicy()).outcome is expected


def test_kept_outcome_explains_itself() -> None:
    payments = [pay("P1", "300.00", D(2026, 3, 5)), pay("P2", "300.00", D(2026, 3, 9))]
    outcome = judge(promise(), payments, D(2026, 3, 20), PromisePolicy())
    assert outcome.paid == usd("500.00")
    assert outcome.shortfall == usd("0.00")
    assert outcome.kept_on == D(2026, 3, 9)
    assert outcome.applied == (("P1", usd("300.00")), ("P2", usd("200.00")))
    assert outcome.deadline == D(2026, 3, 15)
    assert [r.code for r in outcome.reasons] == ["paid_in_full"]
    assert (outcome.policy_id, outcome.policy_version) == ("promises", "1")
    assert isinstance(outcome, Decision)
    assert isinstance(PromisePolicy(), Policy)


def test_grace_days_extend_the_deadline() -> None:
    late = [pay("P1", "500.00", D(2026, 3, 18))]
    policy = PromisePolicy(grace_days=3)
    assert judge(promise(), late, D(2026, 3, 18), policy).outcome is PromiseStatus.KEPT
    assert judge(promise(), [], D(2026, 3, 18), policy).outcome is PromiseStatus.PENDING
    assert judge(promise(), [], D(2026, 3, 19), policy).outcome is PromiseStatus.BROKEN


def test_amount_and_percent_tolerance() -> None:
    short = [pay("P1", "495.00", D(2026, 3, 15))]
    as_of = D(2026, 3, 20)
    assert judge(promise(), short, as_of, PromisePolicy()).outcome is PromiseStatus.PARTLY_KEPT
    by_amount = PromisePolicy(tolerances=[usd("5.00")])
    kept = judge(promise(), short, as_of, by_amount)
    assert kept.outcome is PromiseStatus.KEPT
    assert kept.shortfall == usd("5.00")
    assert kept.reasons[0].code == "paid_within_tolerance"
    assert judge(promise(), short, as_of, PromisePolicy(tolerance_percent=1)).outcome is (
        PromiseStatus.KEPT
    )
    assert judge(promise(), short, as_of, PromisePolicy(tolerance_percent="0.9")).outcome is (
        PromiseStatus.PARTLY_KEPT
    )


def test_a_promise_under_the_tolerance_is_not_kept_by_paying_nothing() -> None:
    small = promise(amount="0.50")
    policy = PromisePolicy(tolerances=[usd("1.00")])
    assert judge(small, [], D(2026, 3, 2), policy).outcome is PromiseStatus.PENDING
    broken = judge(small, [], D(2026, 3, 16), policy)
    assert (broken.outcome, broken.kept_on) == (PromiseStatus.BROKEN, None)
    assert broken.reasons[0].code == "nothing_paid_by_deadline"
    kept = judge(small, [pay("P1", "0.01", D(2026, 3, 3))], D(2026, 3, 16), policy)
    assert (kept.outcome, kept.kept_on) == (PromiseStatus.KEPT, D(2026, 3, 3))


def test_a_payment_before_the_promise_was_taken_does_not_keep_it() -> None:
    early = [pay("P1", "500.00", TAKEN - dt.timedelta(days=1))]
    judged = judge(promise(), early, D(2026, 3, 20), PromisePolicy())
    assert (judged.outcome, judged.paid, judged.applied) == (PromiseStatus.BROKEN, usd("0"), ())
    on_the_day = judge(promise(), [pay("P1", "500.00", TAKEN)], D(2026, 3, 20), PromisePolicy())
    assert on_the_day.outcome is PromiseStatus.KEPT


def test_only_the_customers_payments_inside_the_window_count() -> None:
    payments = [
        pay("P0", "500.00", D(2026, 2, 28)),  # before the promise was taken
        pay("P1", "500.00", D(2026, 3, 10), customer="C2"),  # another customer
        pay("P2", "100.00", D(2026, 3, 1)),  # the day it was taken counts
    ]
    outcome = judge(promise(), payments, D(2026, 3, 20), PromisePolicy())
    assert outcome.applied == (("P2", usd("100.00")),)
    assert outcome.outcome is PromiseStatus.PARTLY_KEPT
    assert outcome.reasons[0].code == "paid_short_by_deadline"


def test_payments_after_as_of_are_not_known_yet() -> None:
    future = [pay("P1", "500.00", D(2026, 3, 14))]
    assert judge(promise(), future, D(2026, 3, 13), PromisePolicy()).paid == usd("0.00")


def test_value_date_decides_when_a_payment_counts() -> None:
    late_value = Payment(
        id="P1",
        customer_id="C1",
        amount=usd("500.00"),
        received_date=D(2026, 3, 14),
        value_date=D(2026, 3, 17),
    )
    assert judge(promise(), [late_value], D(2026, 3, 20), PromisePolicy()).outcome is (
        PromiseStatus.BROKEN
    )


def test_overlapping_promises_share_payments_without_double_counting() -> None:
    first = promise("A", "300.00", D(2026, 3, 10))
    second = promise("B", "300.00", D(2026, 3, 20))
    payments = [pay("P1", "400.00", D(2026, 3, 9)), pay("P2", "250.00", D(2026, 3, 19))]
    a, b = judge_promises([second, first], payments, D(2026, 3, 25), PromisePolicy())
    assert (a.promise.id, b.promise.id) == ("B", "A")  # the order given
    assert b.applied == (("P1", usd("300.00")),)
    assert a.applied == (("P1", usd("100.00")), ("P2", usd("200.00")))
    assert a.outcome is PromiseStatus.KEPT


def test_promises_taken_after_as_of_are_left_out() -> None:
    later = promise("L", taken=D(2026, 4, 1), promised=D(2026, 4, 10))
    outcomes = judge_promises([promise(), later], [], D(2026, 3, 20), PromisePolicy())
    assert [o.promise.id for o in outcomes] == ["PTP-1"]
    with pytest.raises(ValidationError, match="as_of"):
        judge(later, [], D(2026, 3, 20), PromisePolicy())


# --- properties -----------------------------------------------------------------------------


@given(promises_with_payments())
def test_a_payment_is_never_counted_beyond_its_amount(
    case: tuple[list[PromiseToPay], list[Payment], dt.date],
) -> None:
    promises, payments, as_of = case
    outcomes = judge_promises(promises, payments, as_of, PromisePolicy())
    counted: dict[str, int] = {}
    for outcome in outcomes:
        assert to_minor(outcome.paid) == sum(to_minor(m) for _, m in outcome.applied)
        assert outcome.paid <= outcome.promise.amount
        assert to_minor(outcome.paid) + to_minor(outcome.shortfall) == to_minor(
            outcome.promise.amount
        )
        for pid, amount in outcome.applied:
            counted[pid] = counted.get(pid, 0) + to_minor(amount)
    by_id = {p.id: p for p in payments}
    for pid, units in counted.items():
        assert units <= to_minor(by_id[pid].amount)
        assert by_id[pid].effective_date <= as_of


@given(promises_with_payments(), st.randoms(use_true_random=False))
def test_judging_is_deterministic(
    case: tuple[list[PromiseToPay], list[Payment], dt.date], shuffle: random.Random
) -> None:
    promises, payments, as_of = case
    first = judge_promises(promises, payments, as_of, PromisePolicy())
    shuffled_payments = list(payments)
    shuffle.shuffle(shuffled_payments)
    again = judge_promises(promises, shuffled_payments, as_of, PromisePolicy())
    assert again == first
    reordered = list(promises)
    shuffle.shuffle(reordered)
    by_id = {o.promise.id: o for o in judge_promises(reordered, payments, as_of, PromisePolicy())}
    assert tuple(by_id[p.id] for p in promises if p.taken_on <= as_of) == first


@given(promises_with_payments(), st.integers(0, 60))
def test_a_judged_promise_keeps_its_verdict(
    case: tuple[list[PromiseToPay], list[Payment], dt.date], later: int
) -> None:
    # Promises take payments in the order they fall due, each from the earliest payments, so
    # payments and promises that arrive later never change a verdict already reached.
    promises, payments, as_of = case
    before = judge_promises(promises, payments, as_of, PromisePolicy())
    after = {
        o.promise.id: o
        for o in judge_promises(
            promises, payments, as_of + dt.timedelta(days=later), PromisePolicy()
        )
    }
    for outcome in before:
        if outcome.outcome is not PromiseStatus.PENDING:
            assert after[outcome.promise.id].outcome is outcome.outcome
            assert after[outcome.promise.id].applied == outcome.applied


@given(promises_with_payments(), promises_with_payments())
def test_rates_merge_associatively_and_match_the_whole(
    left: tuple[list[PromiseToPay], list[Payment], dt.date],
    right: tuple[list[PromiseToPay], list[Payment], dt.date],
) -> None:
    as_of = D(2026, 6, 1)
    a = judge_promises(left[0], left[1], as_of, PromisePolicy())
    b = judge_promises(
        [PromiseToPay(**{**_fields(p), "id": "R" + p.id}) for p in right[0]],
        [],
        as_of,
        PromisePolicy(),
    )
    whole = kept_rate_by_collector([*a, *b])
    parts = merge_rates(kept_rate_by_collector(a), kept_rate_by_collector(b))
    assert parts == whole
    x, y, z = kept_rate_by_customer(a), kept_rate_by_customer(b), kept_rate_by_customer(a[:1])
    assert merge_rates(merge_rates(x, y), z) == merge_rates(x, merge_rates(y, z))
    for rate in whole.values():
        assert rate.kept + rate.partly_kept + rate.broken + rate.pending > 0


def _fields(p: PromiseToPay) -> dict[str, Any]:
    return {
        "id": p.id,
        "customer_id": p.customer_id,
        "amount": p.amount,
        "promised_date": p.promised_date,
        "taken_on": p.taken_on,
        "taken_by": p.taken_by,
    }


# --- rates ----------------------------------------------------------------------------------


def test_kept_promise_rate_per_customer_and_per_collector() -> None:
    promises = [
        promise("A", "100.00", D(2026, 3, 10), customer="C1", by="ana"),
        promise("B", "100.00", D(2026, 3, 10), customer="C2", by="ana"),
        promise("C", "100.00", D(2026, 3, 10), customer="C2", by="bo"),
        promise("D", "100.00", D(2026, 3, 30), customer="C1", by="bo"),
    ]
    payments = [
        pay("P1", "100.00", D(2026, 3, 5), customer="C1"),
        pay("P2", "150.00", D(2026, 3, 5), customer="C2"),
    ]
    outcomes = judge_promises(promises, payments, D(2026, 3, 20), PromisePolicy())
    assert [o.outcome.value for o in outcomes] == ["kept", "kept", "partly_kept", "pending"]
    customers = kept_rate_by_customer(outcomes)
    assert list(customers) == ["C1", "C2"]
    assert customers["C1"] == KeptRate(key="C1", kept=1, pending=1)
    assert customers["C1"].rate == Decimal(1)
    assert customers["C2"].rate == Decimal("0.5")
    collectors = kept_rate_by_collector(outcomes)
    assert collectors["ana"].rate == Decimal(1)
    assert collectors["bo"] == KeptRate(key="bo", partly_kept=1, pending=1)
    assert collectors["bo"].rate == Decimal(0)
    assert KeptRate(key="x", pending=3).rate is None


def test_rate_errors() -> None:
    with pytest.raises(ValidationError, match="key"):
        KeptRate(key="a") + KeptRate(key="b")
    with pytest.raises(TypeError):
        KeptRate(key="a") + 1  # type: ignore[operator]
    with pytest.raises(ValidationError, match=r"outcomes\[0\]"):
        kept_rate_by_customer(["kept"])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"kept_rate\.key"):
        KeptRate(key=" ")
    with pytest.raises(ValidationError, match=r"kept_rate\.broken"):
        KeptRate(key="a", broken=-1)
    with pytest.raises(ValidationError, match=r"kept_rate\.kept"):
        KeptRate(key="a", kept=True)


# --- error paths ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, r"policy\.id"),
        ({"version": " "}, r"policy\.version"),
        ({"grace_days": -1}, r"promise_policy\.grace_days"),
        ({"grace_days": 1.0}, r"promise_policy\.grace_days"),
        ({"grace_days": True}, r"promise_policy\.grace_days"),
        ({"tolerances": ["1.00"]}, r"promise_policy\.tolerances\[0\]"),
        ({"tolerances": [usd("-1.00")]}, r"promise_policy\.tolerances\[0\]"),
        ({"tolerances": [usd("1.00"), usd("2.00")]}, r"promise_policy\.tolerances\[1\]"),
        ({"tolerance_percent": 100}, r"promise_policy\.tolerance_percent"),
        ({"tolerance_percent": -1}, r"promise_policy\.tolerance_percent"),
        ({"tolerance_percent": 0.5}, r"promise_policy\.tolerance_percent"),
        ({"tolerance_percent": "abc"}, r"promise_policy\.tolerance_percent"),
        ({"tolerance_percent": "NaN"}, r"promise_policy\.tolerance_percent"),
    ],
)
def test_policy_validation(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        PromisePolicy(**changes)


def test_tolerance_in_another_currency_does_not_apply() -> None:
    policy = PromisePolicy(tolerances=[money("5.00", "EUR")])
    assert policy.tolerance_for(usd("100.00")) == usd("0.00")


def test_judge_errors() -> None:
    policy = PromisePolicy()
    as_of = D(2026, 3, 20)
    with pytest.raises(CurrencyMismatchError):
        judge(promise(), [pay("P1", "1.00", D(2026, 3, 2), currency="EUR")], as_of, policy)
    with pytest.raises(CurrencyMismatchError):
        judge_promises([promise("A"), promise("B", currency="EUR")], [], as_of, policy)
    anonymous = Payment(id="P1", amount=usd("1.00"), received_date=D(2026, 3, 2))
    with pytest.raises(ValidationError, match=r"payments\[0\]\.customer_id"):
        judge(promise(), [anonymous], as_of, policy)
    with pytest.raises(DuplicateDocumentError):
        judge(promise(), [pay("P1", "1.00", D(2026, 3, 2))] * 2, as_of, policy)
    with pytest.raises(DuplicateDocumentError):
        judge_promises([promise(), promise()], [], as_of, policy)
    with pytest.raises(ValidationError, match=r"payments\[0\]"):
        judge(promise(), ["P1"], as_of, policy)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"promises\[0\]"):
        judge_promises(["PTP"], [], as_of, policy)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="promise"):
        judge("PTP", [], as_of, policy)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="as_of"):
        judge(promise(), [], "2026-03-20", policy)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="policy"):
        judge(promise(), [], as_of, None)  # type: ignore[arg-type]


def test_outcomes_are_values() -> None:
    outcome = judge(promise(), [], D(2026, 3, 20), PromisePolicy())
    assert isinstance(outcome, PromiseOutcome)
    assert outcome == judge(promise(), [], D(2026, 3, 20), PromisePolicy())


def test_policy_is_buildable_from_a_plain_dict() -> None:
    policy = structure(
        {
            "grace_days": 2,
            "tolerances": [{"amount": "1.00", "currency": "USD"}],
            "tolerance_percent": "1.5",
        },
        PromisePolicy,
    )
    assert policy.tolerance_for(usd("10.00")) == usd("1.00")
    assert policy.tolerance_for(usd("1000.00")) == usd("15.00")
    with pytest.raises(ValidationError) as caught:
        structure({"grace_days": -1, "tolerance_percent": "200"}, PromisePolicy)
    assert [p.field for p in caught.value.problems] == ["$.grace_days", "$.tolerance_percent"]


def test_outcomes_round_trip_through_json() -> None:
    outcome = judge(
        promise(), [pay("P1", "100.00", D(2026, 3, 2))], D(2026, 3, 20), PromisePolicy()
    )
    assert structure(unstructure(outcome), PromiseOutcome) == outcome
    rates = kept_rate_by_customer([outcome])
    assert structure(unstructure(rates["C1"]), KeptRate) == rates["C1"]


def test_policy_round_trips_through_json_and_replays_the_verdict() -> None:
    policy = PromisePolicy(
        id="ptp-latam",
        version="2",
        grace_days=3,
        tolerances=[usd("1.00"), money("500", "COP")],
        tolerance_percent="0.5",
    )
    stored = to_json(policy)
    assert from_json(stored, PromisePolicy) == policy
    short = [pay("P1", "498.00", D(2026, 3, 17))]
    judged = judge(promise(), short, D(2026, 3, 20), from_json(stored, PromisePolicy))
    assert judged == judge(promise(), short, D(2026, 3, 20), policy)
    assert (judged.outcome, judged.policy_id, judged.policy_version) == (
        PromiseStatus.KEPT,
        "ptp-latam",
        "2",
    )


def test_the_engine_shape_as_of_and_policy_by_keyword_with_a_default_policy() -> None:
    as_of = D(2026, 3, 16)
    positional = judge(promise(), [], as_of, PromisePolicy())
    assert judge(promise(), [], as_of=as_of, policy=PromisePolicy()) == positional
    assert judge(promise(), [], as_of=as_of) == positional
    assert judge_promises([promise()], [], as_of=as_of) == (positional,)
    assert PromisePolicy() == DEFAULT_POLICY
    graced = judge(promise(), [], as_of=as_of, policy=PromisePolicy(grace_days=1))
    assert (positional.outcome, graced.outcome) == (PromiseStatus.BROKEN, PromiseStatus.PENDING)
