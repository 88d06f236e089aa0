"""Recovery: cash on a written-off amount reinstates it, up to what is still written off."""

from __future__ import annotations

import datetime as dt

import pytest

from receivables.documents import Adjustment
from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.money import money, zero
from receivables.policies.writeoffs import (
    RecoveryOutcome,
    WriteOffPolicy,
    recover,
)
from tests.policies.writeoffs import (
    ACCOUNTS,
    _codes,
    _write_off,
)


def test_full_recovery_hampson_furniture() -> None:
    # Weygandt, Kimmel & Kieso: R. A. Ware pays the $500 written off on March 1, on July 1.
    decision = recover(_write_off(), money("500.00", "USD"), dt.date(2026, 7, 1))
    assert decision.outcome is RecoveryOutcome.RECOVER
    assert (decision.reinstated, decision.remaining, decision.excess) == (
        money("500.00", "USD"),
        zero("USD"),
        zero("USD"),
    )
    assert _codes(decision) == ["recovery_of_write_off"]
    journal = decision.journal_entry(ACCOUNTS)
    credits = [line.account for line in journal.lines if line.credit.amount]
    assert credits == [ACCOUNTS.code("allowance"), ACCOUNTS.code("receivables")]


def test_partial_then_excess_recovery() -> None:
    decision = recover(
        _write_off(),
        money("450.00", "USD"),
        dt.date(2026, 8, 1),
        WriteOffPolicy(method="direct"),
        previously_recovered=money("200.00", "USD"),
    )
    assert decision.reinstated == money("300.00", "USD")
    assert decision.excess == money("150.00", "USD")
    assert _codes(decision) == ["recovery_of_write_off", "recovery_exceeds_write_off"]
    credits = [
        line.account for line in decision.journal_entry(ACCOUNTS).lines if line.credit.amount
    ]
    assert credits[0] == ACCOUNTS.code("recoveries")


def test_nothing_left_to_recover() -> None:
    decision = recover(
        _write_off(),
        money("10.00", "USD"),
        dt.date(2026, 8, 1),
        previously_recovered=money("500.00", "USD"),
    )
    assert decision.outcome is RecoveryOutcome.NOTHING_TO_RECOVER
    assert _codes(decision) == ["already_recovered", "recovery_exceeds_write_off"]
    with pytest.raises(ValidationError, match=r"recovery_decision\.reinstated"):
        decision.journal_entry(ACCOUNTS)


def test_recovery_input_errors() -> None:
    fee = Adjustment(
        id="F1", customer_id="C1", kind="fee", amount=money("5", "USD"), date=dt.date(2026, 1, 1)
    )
    day = dt.date(2026, 7, 1)
    with pytest.raises(ValidationError, match="write_off"):
        recover(fee, money("1", "USD"), day)
    with pytest.raises(ValidationError, match="received"):
        recover(_write_off(), zero("USD"), day)
    with pytest.raises(CurrencyMismatchError):
        recover(_write_off(), money("1", "EUR"), day)
    with pytest.raises(ValidationError, match="previously_recovered"):
        recover(_write_off(), money("1", "USD"), day, previously_recovered=money("501", "USD"))
    with pytest.raises(ValidationError, match="previously_recovered"):
        recover(_write_off(), money("1", "USD"), day, previously_recovered=money("1", "EUR"))
    with pytest.raises(ValidationError, match="as_of"):
        recover(_write_off(), money("1", "USD"), dt.date(2026, 2, 1))
