"""Small residues: written off by size and age, credits kept unless the policy says so."""

from __future__ import annotations

import datetime as dt

import pytest

from receivables.errors import ValidationError
from receivables.ledger import ItemKind
from receivables.money import money
from receivables.policies.writeoffs import (
    WriteOffOutcome,
    WriteOffPolicy,
    small_balances,
)
from tests.policies.writeoffs import (
    ACCOUNTS,
    AS_OF,
    _item,
)


def test_small_balance_rules_one_item_each() -> None:
    old = AS_OF - dt.timedelta(days=90)
    items = [
        _item("A-written", "4.99", old),
        _item("B-at-limit", "5.00", old),  # the limit is inclusive
        _item("C-above", "5.01", old),
        _item("D-recent", "1.00", AS_OF - dt.timedelta(days=89)),
        _item("E-credit", "-0.40", old, kind=ItemKind.PAYMENT),
        _item("F-no-limit", "1", old, currency="JPY"),
    ]
    decisions = {d.number: d for d in small_balances(items, AS_OF)}
    expected = {
        "A-written": ("write_off", "small_balance_write_off"),
        "B-at-limit": ("write_off", "small_balance_write_off"),
        "C-above": ("keep", "above_small_balance_limit"),
        "D-recent": ("keep", "small_balance_too_recent"),
        "E-credit": ("keep", "small_credit_kept"),
        "F-no-limit": ("keep", "no_small_balance_limit"),
    }
    assert {n: (d.outcome.value, d.reasons[0].code) for n, d in decisions.items()} == expected
    assert all(d.policy_id == "write-offs" for d in decisions.values())


def test_small_credit_written_off_when_the_policy_says_so() -> None:
    policy = WriteOffPolicy(write_off_small_credits=True, small_balance_min_age_days=0)
    (decision,) = small_balances(
        [_item("P1", "-0.40", AS_OF, kind=ItemKind.PAYMENT)], AS_OF, policy
    )
    assert decision.outcome is WriteOffOutcome.WRITE_OFF
    journal = decision.journal_entry(ACCOUNTS)
    assert journal.total_debits("USD") == money("0.40", "USD")
    assert journal.lines[0].account == ACCOUNTS.code("receivables")
    assert journal.source == "write-offs@1"


def test_small_balance_journal_and_keep_has_none() -> None:
    old = AS_OF - dt.timedelta(days=200)
    written, kept = small_balances([_item("A", "3.00", old), _item("B", "30.00", old)], AS_OF)
    journal = written.journal_entry(ACCOUNTS, dt.date(2026, 7, 1))
    assert journal.date == dt.date(2026, 7, 1)
    assert journal.lines[0].account == ACCOUNTS.code("small_balance_write_off")
    with pytest.raises(ValidationError, match=r"small_balance_decision\.outcome"):
        kept.journal_entry(ACCOUNTS)


def test_small_balances_sorted_and_validated() -> None:
    old = AS_OF - dt.timedelta(days=200)
    items = [_item("B", "1", old, customer_id="C2"), _item("Z", "1", old), _item("A", "1", old)]
    assert [(d.customer_id, d.number) for d in small_balances(items, AS_OF)] == [
        ("C1", "A"),
        ("C1", "Z"),
        ("C2", "B"),
    ]
    with pytest.raises(ValidationError, match=r"items\[0\]"):
        small_balances(["INV-1"], AS_OF)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="as_of"):
        small_balances([], dt.datetime(2026, 1, 1))  # noqa: DTZ001
