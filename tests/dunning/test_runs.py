"""The dunning run as a whole: determinism, progress, merge, validation, round trips.

Moved from tests/test_dunning.py when dunning became a package; assertions unchanged.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import random
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.decisions import Reason
from receivables.dunning import (
    BureauReport,
    CollectionStrategy,
    DunningAccount,
    DunningRun,
    DunningStep,
    Track,
    WorklistPolicy,
    run,
    worklist,
)
from receivables.errors import DuplicateDocumentError, ValidationError
from receivables.interop import structure, unstructure
from receivables.money import Rate, RateTable
from tests.dunning import MONDAY, account, calls, customer, days_ago, item, ladder, strategy
from tests.strategies import dunning_portfolios


def test_run_is_sorted_and_deterministic() -> None:
    accounts = [
        account(
            item(f"INV-{n}", days_ago(n), "10.00", cid=f"C{n:02d}"), customer=customer(f"C{n:02d}")
        )
        for n in range(1, 30)
    ]
    shuffled = accounts[:]
    random.Random(7).shuffle(shuffled)
    first = run(accounts, as_of=MONDAY, strategy=strategy())
    assert first == run(shuffled, as_of=MONDAY, strategy=strategy())
    assert [d.customer_id for d in first.decisions] == sorted(a.customer.id for a in accounts)
    assert sum(first.counts().values()) == len(accounts)
    assert first.decision("C03").customer_id == "C03"
    with pytest.raises(ValidationError, match="customer_id"):
        first.decision("nobody")


def test_progress_callback_and_tqdm_like_object() -> None:
    accounts = [account(customer=customer(f"C{n:04d}")) for n in range(1500)]
    seen: list[int] = []
    run(accounts, as_of=MONDAY, strategy=strategy(), progress=seen.append)
    assert sum(seen) == 1500

    class Bar:
        total = 0

        def update(self, n: int = 1) -> None:
            self.total += n

    bar = Bar()
    run(accounts, as_of=MONDAY, strategy=strategy(), progress=bar)
    assert bar.total == 1500


def test_run_restores_the_garbage_collector_state() -> None:
    acct = account(item("INV-1", days_ago(3), "100.00"))
    assert gc.isenabled()
    run([acct], as_of=MONDAY, strategy=strategy())
    assert gc.isenabled()
    with pytest.raises(DuplicateDocumentError):
        run([acct, acct], as_of=MONDAY, strategy=strategy())
    assert gc.isenabled()
    gc.disable()
    try:
        run([acct], as_of=MONDAY, strategy=strategy())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_run_and_worklist_leave_the_garbage_collector_on_while_they_work() -> None:
    # No process-wide side effects: on a Dask worker a paused collector would pause it
    # for every thread. The progress callback and a rate table look in mid-work.
    seen: list[bool] = []
    accounts = [
        account(
            item(f"INV-{n}", days_ago(3), "10.00", cid=f"C{n:04d}"), customer=customer(f"C{n:04d}")
        )
        for n in range(1001)
    ]
    result = run(
        accounts, as_of=MONDAY, strategy=strategy(), progress=lambda n: seen.append(gc.isenabled())
    )
    assert seen == [True, True]

    class WatchingRates(RateTable):
        def convert(self, amount: Any, currency: str, on: dt.date) -> Any:
            seen.append(gc.isenabled())
            return super().convert(amount, currency, on)

    rates = WatchingRates([Rate("USD", "EUR", Decimal("0.9"), MONDAY)])
    ranked = worklist(result, policy=WorklistPolicy(currency="EUR"), rates=rates)
    assert len(ranked) == 1001
    assert seen == [True] * (2 + 1001)


@given(dunning_portfolios(), st.data())
def test_merge_of_split_runs_equals_one_run(accounts: list[Any], data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(accounts)))
    left, right = accounts[:cut], accounts[cut:]
    whole = run(accounts, as_of=MONDAY, strategy=strategy())
    parts = run(left, as_of=MONDAY, strategy=strategy()).merge(
        run(right, as_of=MONDAY, strategy=strategy())
    )
    assert parts == whole


@given(dunning_portfolios(max_size=9), st.data())
def test_merge_is_associative(accounts: list[Any], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(accounts)))
    j = data.draw(st.integers(i, len(accounts)))
    a, b, c = (
        run(part, as_of=MONDAY, strategy=strategy())
        for part in (accounts[:i], accounts[i:j], accounts[j:])
    )
    assert a.merge(b).merge(c) == a.merge(b.merge(c))
    assert a.merge(b) == b.merge(a)


@given(dunning_portfolios(), st.randoms(use_true_random=False))
def test_run_and_worklist_do_not_depend_on_input_order(accounts: list[Any], rng: Any) -> None:
    shuffled = accounts[:]
    rng.shuffle(shuffled)
    first = run(accounts, as_of=MONDAY, strategy=strategy())
    second = run(shuffled, as_of=MONDAY, strategy=strategy())
    assert first == second
    ranked = worklist(first)
    assert ranked == worklist(second)
    assert [e.rank for e in ranked] == list(range(1, len(ranked) + 1))
    assert all(a.score >= b.score for a, b in itertools.pairwise(ranked))
    for entry in ranked:
        assert sum(Decimal(r.data["points"]) for r in entry.reasons) == entry.score


def test_merge_checks() -> None:
    one = run([account(item("INV-1", days_ago(3), "1.00"))], as_of=MONDAY, strategy=strategy())
    with pytest.raises(DuplicateDocumentError, match="C1"):
        one.merge(one)
    other_day = DunningRun(as_of=days_ago(1), strategy_id="collections", strategy_version="3")
    with pytest.raises(ValidationError, match=r"dunning_run.as_of"):
        one.merge(other_day)
    other_version = DunningRun(as_of=MONDAY, strategy_id="collections", strategy_version="4")
    with pytest.raises(ValidationError, match=r"dunning_run.strategy_version"):
        one.merge(other_version)


def test_accounts_runs_and_worklists_round_trip_as_json() -> None:
    acct = account(
        item("INV-1", days_ago(20), "100.00"),
        steps=[DunningStep(level=1, action="email", on=days_ago(10))],
        attempts=calls(1, 2),
        reported=[BureauReport(item="INV-0", reported_on=days_ago(90))],
        plan_status="in_arrears",
    )
    assert structure(unstructure(acct), DunningAccount) == acct
    result = run([acct], as_of=MONDAY, at=dt.time(10, 30), strategy=strategy())
    assert result.at == "10:30:00"
    plain = unstructure(result)
    assert plain["decisions"][0]["reasons"][0]["code"] == "bureau_correction_due"
    assert structure(plain, DunningRun) == result
    policy = WorklistPolicy(currency="USD", outcomes=["act"])
    assert structure(unstructure(policy), WorklistPolicy) == policy


def test_run_validation_changes_nothing() -> None:
    acct = account(item("INV-1", days_ago(3), "100.00"))
    before = attrs.evolve(acct)
    with pytest.raises(ValidationError, match="as_of"):
        run([acct], as_of=dt.datetime(2026, 3, 2, 9), strategy=strategy())  # noqa: DTZ001
    with pytest.raises(ValidationError, match="as_of"):
        run([acct], as_of="2026-03-02", strategy=strategy())
    with pytest.raises(ValidationError, match="at"):
        run(
            [acct], as_of=dt.datetime(2026, 3, 2, tzinfo=dt.UTC), at=dt.time(9), strategy=strategy()
        )
    with pytest.raises(ValidationError, match="at"):
        run([acct], as_of=MONDAY, at=dt.time(9, tzinfo=dt.UTC), strategy=strategy())
    with pytest.raises(ValidationError, match="strategy"):
        run([acct], as_of=MONDAY, strategy={"id": "s"})
    with pytest.raises(ValidationError, match="accounts"):
        run([acct, "C2"], as_of=MONDAY, strategy=strategy())
    with pytest.raises(DuplicateDocumentError, match="C1"):
        run([acct, acct], as_of=MONDAY, strategy=strategy())
    assert acct == before


def test_reason_codes_are_stable_snake_case() -> None:
    assert Reason("level_reached", "x").code == "level_reached"


@given(dunning_portfolios(max_size=9).filter(bool), st.data())
def test_merging_overlapping_runs_is_an_error_in_any_grouping(
    accounts: list[Any], data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(accounts) - 1))
    a = run(accounts[: i + 1], as_of=MONDAY, strategy=strategy())
    b = run(accounts[i:], as_of=MONDAY, strategy=strategy())  # shares accounts[i]
    c = run([], as_of=MONDAY, strategy=strategy())
    for merge in (
        lambda: a.merge(b).merge(c),
        lambda: a.merge(b.merge(c)),
        lambda: c.merge(b).merge(a),
    ):
        with pytest.raises(DuplicateDocumentError, match=accounts[i].customer.id):
            merge()


def test_the_garbage_collector_comes_back_after_any_failure() -> None:
    acct = account(item("INV-1", days_ago(3), "100.00"))

    def failing() -> Any:
        yield acct
        raise RuntimeError("source failed")

    def broken_progress(n: int) -> None:
        raise RuntimeError("progress failed")

    with pytest.raises(RuntimeError, match="source failed"):
        run(failing(), as_of=MONDAY, strategy=strategy())
    assert gc.isenabled()
    with pytest.raises(RuntimeError, match="progress failed"):
        run([acct], as_of=MONDAY, strategy=strategy(), progress=broken_progress)
    assert gc.isenabled()
    with pytest.raises(ValidationError, match="accounts"):
        run([acct, "C2"], as_of=MONDAY, strategy=strategy())
    assert gc.isenabled()
    yen = item("INV-2", days_ago(3), "5", cid="C2", currency="JPY")
    mixed = run([acct, account(yen, customer=customer("C2"))], as_of=MONDAY, strategy=strategy())
    with pytest.raises(ValidationError, match=r"worklist_policy\.currency"):
        worklist(mixed)
    assert gc.isenabled()


def test_the_engine_shape_policy_keyword_and_the_old_strategy_keyword() -> None:
    accounts = [account(item("INV-1", days_ago(3), "100.00"))]
    old = run(accounts, as_of=MONDAY, strategy=strategy())
    assert run(accounts, as_of=MONDAY, policy=strategy()) == old
    assert run(accounts, as_of=MONDAY, policy=strategy(), strategy=strategy()) == old
    with pytest.raises(ValidationError, match="policy"):
        run(accounts, as_of=MONDAY)
    with pytest.raises(ValidationError, match="policy"):
        run(accounts, as_of=MONDAY, policy={"id": "s"})  # type: ignore[arg-type]
    other = CollectionStrategy(id="other", version="1", tracks=[Track(name="t", levels=ladder())])
    with pytest.raises(ValidationError, match="strategy"):
        run(accounts, as_of=MONDAY, policy=strategy(), strategy=other)


@given(dunning_portfolios(max_size=9), st.data())
def test_merge_takes_any_number_of_runs(accounts: list[Any], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(accounts)))
    j = data.draw(st.integers(i, len(accounts)))
    a, b, c = (
        run(part, as_of=MONDAY, strategy=strategy())
        for part in (accounts[:i], accounts[i:j], accounts[j:])
    )
    assert a.merge(b, c) == a.merge(b).merge(c) == run(accounts, as_of=MONDAY, policy=strategy())
    assert a.merge() == a
    with pytest.raises(ValidationError, match=r"others\[1\]"):
        a.merge(b, "run")  # type: ignore[arg-type]
