"""Collection targets: recovered against target and pace, agreements, the committee list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    PolicyError,
    ValidationError,
)
from receivables.interop import structure
from receivables.money import from_minor, money
from receivables.targets import (
    Agreement,
    Exposure,
    Recovery,
    Target,
    TargetPolicy,
    TargetStatus,
    committee_list,
    progress,
)

MARCH = dt.date(2026, 3, 1)


def target(collector: str, portfolio: str, amount: str) -> Target:
    return Target(
        collector=collector, portfolio=portfolio, month=MARCH, amount=money(amount, "USD")
    )


def recovery(collector: str, portfolio: str, amount: str, day: int, month: int = 3) -> Recovery:
    return Recovery(
        collector=collector,
        portfolio=portfolio,
        customer_id="C1",
        amount=money(amount, "USD"),
        date=dt.date(2026, month, day),
    )


def agreement(
    id: str, status: str, collector: str = "ana", day: int = 5, customer: str = "C1"
) -> Agreement:
    return Agreement(
        id=id,
        collector=collector,
        customer_id=customer,
        signed_on=dt.date(2026, 3, day),
        status=status,
    )


def test_progress_worked_by_hand() -> None:
    targets = [target("ana", "retail", "100000.00"), target("bo", "retail", "50000.00")]
    recoveries = [
        recovery("ana", "retail", "30000.00", 3),
        recovery("ana", "retail", "20000.00", 10),
        recovery("ana", "retail", "99999.00", 20),  # after as_of: not yet
        recovery("ana", "retail", "5000.00", 27, month=2),  # February: not this month
        recovery("bo", "retail", "50000.00", 9),
    ]
    agreements = [
        agreement("A1", "kept"),
        agreement("A2", "broken"),
        agreement("A3", "pending"),
        agreement("A5", "partly_kept"),
        agreement("A4", "kept", day=16),  # signed after as_of
        agreement("B1", "kept", collector="bo"),
    ]
    policy = TargetPolicy(tolerance_percent="5")
    report = progress(targets, recoveries, agreements, as_of=dt.date(2026, 3, 15), policy=policy)
    ana, bo = report.rows
    # ana: 50,000 of 100,000 = 0.5000; pace 100,000 * 15/31 = 48,387.10; floor 95% = 45,967.74
    assert (ana.recovered, ana.attainment, ana.pace) == (
        money("50000.00", "USD"),
        Decimal("0.5000"),
        money("48387.10", "USD"),
    )
    assert ana.status is TargetStatus.ON_TRACK
    # kept rate as in receivables.promises: kept / (kept + partly kept + broken) = 1/3
    assert (ana.signed, ana.kept, ana.partly_kept, ana.broken, ana.kept_rate) == (
        4,
        1,
        1,
        1,
        Decimal("0.3333"),
    )
    assert bo.status is TargetStatus.MET
    assert bo.reasons[0].code == "target_met"
    assert (bo.kept_rate, bo.attainment) == (Decimal("1.0000"), Decimal("1.0000"))
    # With no tolerance, ana at 45,000 would be behind the 48,387.10 pace.
    short = progress(
        targets[:1], [recovery("ana", "retail", "45000.00", 3)], [], as_of=dt.date(2026, 3, 15)
    )
    assert short.rows[0].status is TargetStatus.BEHIND
    assert short.rows[0].kept_rate is None
    assert (report.policy_id, report.month) == ("collection-targets", MARCH)


@given(st.lists(st.integers(1, 10**8), max_size=20), st.integers(1, 31))
def test_recovered_is_the_sum_of_the_months_recoveries_to_date(units: list[int], day: int) -> None:
    recoveries = [
        Recovery(
            collector="ana",
            portfolio="p",
            customer_id="C",
            amount=from_minor(u, "USD"),
            date=dt.date(2026, 3, 1 + i % 31),
        )
        for i, u in enumerate(units)
    ]
    row = progress(
        [Target(collector="ana", portfolio="p", month=MARCH, amount=money("1000", "USD"))],
        recoveries,
        [],
        as_of=dt.date(2026, 3, day),
    ).rows[0]
    assert row.recovered == from_minor(
        sum(u for i, u in enumerate(units) if 1 + i % 31 <= day), "USD"
    )
    assert (row.status is TargetStatus.MET) == (row.recovered >= row.target)


def test_the_committee_list() -> None:
    exposures = [
        Exposure(customer_id="C1", overdue=money("9000", "USD"), days_past_due=120),
        Exposure(customer_id="C2", overdue=money("500", "USD"), days_past_due=200),  # under floor
        Exposure(customer_id="C3", overdue=money("100", "USD"), days_past_due=10),
        Exposure(customer_id="C4", overdue=money("20000", "USD"), days_past_due=89),
    ]
    agreements = [
        agreement("A1", "broken", customer="C3"),
        agreement("A2", "broken", customer="C3"),
        agreement("A3", "broken", customer="C4"),
        agreement("A4", "kept", customer="C1"),
    ]
    policy = TargetPolicy(committee_overdue=[money("1000", "USD")])
    cases = committee_list(exposures, agreements, policy=policy)
    assert [(c.customer_id, [r.code for r in c.reasons]) for c in cases] == [
        ("C1", ["long_overdue"]),
        ("C3", ["broken_agreements"]),
    ]
    assert cases[1].broken == 2
    assert len(committee_list(exposures, agreements, policy=TargetPolicy(committee_size=1))) == 1


def test_policies_and_bad_input() -> None:
    assert structure({"committee_overdue": [{"amount": "5", "currency": "USD"}]}, TargetPolicy)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"tolerance_percent": 0.5}, "as str, int or Decimal"),
        ({"tolerance_percent": "x"}, "from 0 to 100"),
        ({"tolerance_percent": 101}, "from 0 to 100"),
        ({"committee_broken": 0}, "1 or more"),
        ({"committee_days_past_due": -1}, "0 or more"),
        ({"committee_size": 0}, "1 or more"),
        ({"committee_overdue": [money("-1", "USD")]}, "0 or more"),
        ({"committee_overdue": [money("1", "USD"), money("2", "USD")]}, "one floor per currency"),
        ({"id": ""}, "non-empty"),
    ]
    for fields, expected in cases:
        with pytest.raises(PolicyError, match=expected):
            TargetPolicy(**fields)
    with pytest.raises(ValidationError, match="first day of the month"):
        Target(collector="a", portfolio="p", month=dt.date(2026, 3, 2), amount=money("1", "USD"))
    with pytest.raises(ValidationError, match="a positive Money"):
        target("a", "p", "0")
    with pytest.raises(ValidationError, match=r"target\.collector"):
        target("", "p", "1")
    with pytest.raises(ValidationError, match=r"recovery\.date"):
        Recovery(collector="a", portfolio="p", customer_id="C", amount=money("1", "USD"), date="x")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="'pending', 'kept', 'partly_kept' or 'broken'"):
        agreement("A", "lost")
    with pytest.raises(ValidationError, match="0 or more"):
        Exposure(customer_id="C", overdue=money("-1", "USD"), days_past_due=1)
    with pytest.raises(PolicyError, match="days, 0 or more"):
        Exposure(customer_id="C", overdue=money("1", "USD"), days_past_due=-1)
    as_of = dt.date(2026, 3, 15)
    t = target("ana", "p", "1")
    with pytest.raises(DuplicateDocumentError):
        progress([t, t], [], [], as_of=as_of)
    with pytest.raises(CurrencyMismatchError):
        progress(
            [t],
            [
                Recovery(
                    collector="ana",
                    portfolio="p",
                    customer_id="C",
                    amount=money("1", "EUR"),
                    date=as_of,
                )
            ],
            [],
            as_of=as_of,
        )
    with pytest.raises(DuplicateDocumentError):
        progress([t], [], [agreement("A", "kept"), agreement("A", "kept")], as_of=as_of)
    with pytest.raises(ValidationError, match=r"targets\[0\]"):
        progress(["t"], [], [], as_of=as_of)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"recoveries\[0\]"):
        progress([t], ["r"], [], as_of=as_of)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"agreements\[0\]"):
        progress([t], [], ["a"], as_of=as_of)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="as_of"):
        progress([t], [], [], as_of="2026-03-15")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="a TargetPolicy"):
        progress([t], [], [], as_of=as_of, policy={})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="a TargetPolicy"):
        committee_list([], [], policy={})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"exposures\[0\]"):
        committee_list(["e"], [])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"agreements\[0\]"):
        committee_list([], ["a"])  # type: ignore[list-item]
    e = Exposure(customer_id="C", overdue=money("1", "USD"), days_past_due=1)
    with pytest.raises(DuplicateDocumentError):
        committee_list([e, e], [])


def test_lists_that_are_not_lists_are_refused() -> None:
    bad: Any = None
    as_of = dt.date(2026, 3, 15)
    for call in (
        lambda: progress(bad, [], [], as_of=as_of),
        lambda: progress([], bad, [], as_of=as_of),
        lambda: progress([], [], bad, as_of=as_of),
        lambda: committee_list(bad, []),
        lambda: committee_list([], bad),
    ):
        with pytest.raises(ValidationError, match="a list"):
            call()
    with pytest.raises(PolicyError, match="a list"):
        TargetPolicy(committee_overdue=bad)
