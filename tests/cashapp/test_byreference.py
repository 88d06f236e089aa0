"""Items named by the remittance: near references, and what the named items settle."""

from __future__ import annotations

import datetime as dt

import numpy as np

from receivables.cashapp.byreference import by_reference, near_referenced
from receivables.cashapp.columns import day_number, item_table
from receivables.cashapp.decision import DifferenceAction, MatchOutcome
from receivables.cashapp.openitems import OpenItems
from receivables.cashapp.policy import MatchPolicy
from receivables.cashapp.references import extract_references
from receivables.cashapp.settling import Context

AS_OF = day_number(dt.date(2026, 3, 31))


def _index(opens: list[int]) -> OpenItems:
    numbers = ["FV-1523017", "FV-1523999", "FV-2710013", "FV-2710014"][: len(opens)]
    return OpenItems(
        item_table(
            {
                "number": numbers,
                "customer_id": ["C1"] * len(opens),
                "open": opens,
                "currency": ["USD"] * len(opens),
                "due_date": ["2026-02-01"] * len(opens),
            }
        ),
        AS_OF,
    )


def _ctx(index: OpenItems, target: int) -> Context:
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
        confidence=1.0,
        reasons=[],
        open=index,
        policy=MatchPolicy(),
    )


def test_one_typo_and_a_truncation_name_one_item() -> None:
    index = _index([100, 200])
    policy = MatchPolicy()
    assert near_referenced(index, policy, extract_references("FV-1523071"), [0, 1]) == [
        (0, "reference_typo", "FV-1523071")
    ]
    assert near_referenced(index, policy, extract_references("15230"), [0, 1]) == [
        (0, "reference_truncated", "15230")
    ]


def test_a_reference_near_two_items_names_neither() -> None:
    index = _index([100, 200, 300, 400])
    # 2710015 is one edit from both 2710013 and 2710014.
    assert near_referenced(index, MatchPolicy(), extract_references("FV-2710015"), [2, 3]) == []


def test_short_keys_never_match_loosely() -> None:
    index = _index([100, 200])
    assert near_referenced(index, MatchPolicy(), extract_references("1523"), [0, 1]) == []


def test_the_excess_over_the_named_item_pays_exactly_one_other_set() -> None:
    index = _index([100_00, 55_55, 77_00])
    draft = by_reference(_ctx(index, 155_55), [0], np.asarray([0, 1, 2]), False)
    assert draft.outcome is MatchOutcome.APPLIED
    assert sorted(line.row for line in draft.lines) == [0, 1]
    assert draft.reasons[0][0] == "referenced_and_amount"


def test_part_of_several_named_items_is_proposed_when_ambiguous() -> None:
    index = _index([100_00, 100_00, 50_00])
    draft = by_reference(_ctx(index, 100_00), [0, 1, 2], np.asarray([0, 1, 2]), False)
    assert draft.outcome is MatchOutcome.PROPOSED
    assert draft.action is DifferenceAction.PARTIAL
    assert len(draft.alternatives) == 2
