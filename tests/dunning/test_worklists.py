"""The collectors' worklist: ranking, score components, currencies, policy validation.

Moved from tests/test_dunning.py when dunning became a package; assertions unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from receivables.documents import PromiseToPay
from receivables.dunning import (
    PromiseStatus,
    WorklistPolicy,
    run,
    worklist,
)
from receivables.errors import PolicyError, ValidationError
from receivables.money import Rate, RateTable, money
from tests.dunning import MONDAY, account, customer, days_ago, item, strategy


def test_worklist_ranks_and_explains() -> None:
    accounts = [
        account(item("A-1", days_ago(3), "100.00", cid="A"), customer=customer("A")),
        account(item("B-1", days_ago(3), "1000000.00", cid="B"), customer=customer("B")),
        account(
            item("C-1", days_ago(3), "100.00", cid="C"),
            customer=customer("C"),
            promises=[
                PromiseToPay(
                    id="P",
                    customer_id="C",
                    amount=money("100.00", "USD"),
                    promised_date=days_ago(1),
                    taken_on=days_ago(5),
                    taken_by="ana",
                )
            ],
        ),
        account(item("D-1", days_ago(3), "100.00", cid="D"), customer=customer("D")),
        account(customer=customer("E")),  # nothing overdue: not on the list
    ]
    entries = worklist(run(accounts, as_of=MONDAY, strategy=strategy()))
    assert [e.customer_id for e in entries] == ["B", "C", "A", "D"]  # A and D tie: by id
    assert [e.rank for e in entries] == [1, 2, 3, 4]
    for e in entries:
        points = [Decimal(r.data["points"]) for r in e.reasons]
        assert sum(points) == e.score
        assert [r.code for r in e.reasons] == [
            "score_amount",
            "score_age",
            "score_promise",
            "score_value",
        ]
    broken = next(e for e in entries if e.customer_id == "C")
    assert broken.promise is PromiseStatus.BROKEN
    assert Decimal(broken.reasons[2].data["points"]) == WorklistPolicy().broken_promise_points


def test_worklist_customer_value_and_age_components() -> None:
    rich = account(
        item("A-1", days_ago(3), "100.00", cid="A"),
        customer=customer("A"),
        customer_value=Decimal(999),
    )
    old = account(item("B-1", days_ago(60), "100.00", cid="B"), customer=customer("B"))
    entries = worklist(run([rich, old], as_of=MONDAY, strategy=strategy()))
    by_id = {e.customer_id: e for e in entries}
    assert by_id["A"].reasons[3].data["points"] == "1.5000"  # 0.5 × log10(1 + 999)
    assert by_id["B"].reasons[1].data["points"] == "2.0000"  # 60 days / 30-day unit


def test_worklist_with_several_currencies() -> None:
    eur = customer("E", currency="EUR")
    accounts = [
        account(item("U-1", days_ago(3), "100.00")),
        account(item("E-1", days_ago(3), "100.00", cid="E", currency="EUR"), customer=eur),
    ]
    result = run(accounts, as_of=MONDAY, strategy=strategy())
    with pytest.raises(ValidationError, match=r"worklist_policy.currency"):
        worklist(result)
    usd = WorklistPolicy(currency="USD")
    with pytest.raises(ValidationError, match="rates"):
        worklist(result, policy=usd)
    rates = RateTable([Rate("EUR", "USD", Decimal("1.10"), dt.date(2026, 1, 1))])
    entries = worklist(result, policy=usd, rates=rates)
    assert [e.customer_id for e in entries] == ["E", "C1"]
    assert entries[0].amount == money("100.00", "EUR")
    assert entries[0].reasons[0].data["amount"] == "110.00"


def test_worklist_outcomes_filter() -> None:
    paused = account(item("INV-1", days_ago(3), "100.00"), plan_status="current")
    result = run([paused], as_of=MONDAY, strategy=strategy())
    assert worklist(result) == ()
    assert len(worklist(result, policy=WorklistPolicy(outcomes=["paused"]))) == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"id": ""}, "policy.id"),
        ({"age_unit_days": 0}, "worklist_policy.age_unit_days"),
        ({"age_cap_days": 0}, "worklist_policy.age_cap_days"),
        ({"amount_weight": 1.0}, "worklist_policy.amount_weight"),
        ({"age_weight": "x"}, "worklist_policy.age_weight"),
        ({"broken_promise_points": "NaN"}, "worklist_policy.broken_promise_points"),
        ({"pending_promise_points": None}, "worklist_policy.pending_promise_points"),
        ({"value_weight": True}, "worklist_policy.value_weight"),
        ({"outcomes": []}, "worklist_policy.outcomes"),
        ({"outcomes": ["later"]}, "worklist_policy.outcomes"),
        ({"outcomes": "act"}, "worklist_policy.outcomes"),
        ({"currency": "XYZ1"}, "worklist_policy.currency"),
    ],
)
def test_worklist_policy_validation(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        WorklistPolicy(**kwargs)
