"""The amount alone: one set applies, two of the same amount never do."""

from __future__ import annotations

import datetime as dt

import numpy as np

from receivables.cashapp.byamount import by_amount, suggested_items
from receivables.cashapp.columns import day_number, item_table
from receivables.cashapp.decision import MatchOutcome
from receivables.cashapp.openitems import OpenItems
from receivables.cashapp.policy import MatchPolicy
from receivables.cashapp.settling import Context

AS_OF = day_number(dt.date(2026, 3, 31))


def _index(opens: list[int], owners: list[str] | None = None) -> OpenItems:
    return OpenItems(
        item_table(
            {
                "number": [f"INV-{i}" for i in range(len(opens))],
                "customer_id": owners or ["C1"] * len(opens),
                "open": opens,
                "currency": ["USD"] * len(opens),
                "due_date": [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(len(opens))],
            }
        ),
        AS_OF,
    )


def _ctx(index: OpenItems, target: int, confidence: float = 1.0) -> Context:
    return Context(
        position=0,
        customer="C1",
        currency="USD",
        match_currency="USD",
        amount=target,
        target=target,
        fx=False,
        pay_day=AS_OF,
        digits=2,
        confidence=confidence,
        reasons=[],
        open=index,
        policy=MatchPolicy(),
    )


def test_one_set_summing_to_the_payment_is_applied() -> None:
    index = _index([2000, 3000, 4500])
    draft = by_amount(_ctx(index, 5000), np.asarray([0, 1, 2]))
    assert draft.outcome is MatchOutcome.APPLIED
    assert [line.row for line in draft.lines] == [0, 1]


def test_two_items_of_the_same_amount_are_proposed_oldest_first() -> None:
    index = _index([5000, 5000])
    draft = by_amount(_ctx(index, 5000), np.asarray([0, 1]))
    assert draft.outcome is MatchOutcome.PROPOSED
    assert draft.reasons[0][0] == "same_amount_ambiguous"
    assert [rows for rows, _, _, _ in draft.alternatives] == [(0,), (1,)]


def test_nothing_matching_proposes_the_nearest_items() -> None:
    index = _index([1000, 7000, 9000])
    draft = by_amount(_ctx(index, 6900), np.asarray([0, 1, 2]))
    assert draft.outcome is MatchOutcome.PROPOSED
    assert draft.alternatives[0][0] == (1,)


def test_suggested_items_are_those_of_the_payment_amount() -> None:
    index = _index([500, 700, 500], ["C1", "C2", "C2"])
    found = suggested_items(index, MatchPolicy(), 500, "USD", [("C2", 0.8), ("C1", 0.7)])
    assert [(rows, customer) for rows, _, _, customer in found] == [((2,), "C2"), ((0,), "C1")]
    assert suggested_items(index, MatchPolicy(), 500, "EUR", [("C2", 0.8)]) == ()
