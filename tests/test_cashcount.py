"""Cash counts: denominations against the day's receipts, the difference and its entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.cashcount import CashCountPolicy, CountOutcome, count_cash
from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.interop import structure
from receivables.journal import AccountMap
from receivables.money import from_minor, money

DAY = dt.date(2026, 3, 2)
ACCOUNTS = AccountMap({"cash": "1105", "cash_over_short": "5295"})
COP_NOTES = ["100000", "50000", "20000", "10000", "5000", "2000", "1000", "500", "200", "100", "50"]


def test_a_short_till_worked_by_hand() -> None:
    policy = CashCountPolicy(denominations={"COP": COP_NOTES}, tolerances=[money("500", "COP")])
    counted = {"50000": 4, "20000": 3, "10000": 1, "1000": 7, "500": 2}
    # counted: 200,000 + 60,000 + 10,000 + 7,000 + 1,000 = 278,000
    receipts = [money("120000", "COP"), money("98000", "COP"), money("80000", "COP")]
    # expected: fund 20,000 + 120,000 + 98,000 + 80,000 = 318,000; difference -40,000
    count = count_cash(
        counted,
        "COP",
        expected_receipts=receipts,
        till="CAJA-1",
        day=DAY,
        opening_fund=money("20000", "COP"),
        policy=policy,
    )
    assert count.counted == money("278000", "COP")
    assert count.expected == money("318000", "COP")
    assert count.difference == money("-40000", "COP")
    assert count.outcome is CountOutcome.SHORT
    assert not count.within_tolerance
    codes = [reason.code for reason in count.reasons]
    # 40,000 is no receipt; it is 2 x 20,000 (the largest note that divides it... 50,000 does not).
    assert codes == ["cash_short", "difference_is_denomination", "difference_over_tolerance"]
    assert count.reasons[1].data == {"denomination": "20000.00", "pieces": 2}
    assert count.by_denomination[0] == (money("50000", "COP").amount, 4, money("200000", "COP"))
    entry = count.journal_entry(ACCOUNTS)
    assert entry is not None
    assert [(line.account, line.debit, line.credit) for line in entry.lines] == [
        ("5295", money("40000", "COP"), money("0", "COP")),
        ("1105", money("0", "COP"), money("40000", "COP")),
    ]
    assert (count.policy_id, count.policy_version) == ("cash-counts", "1")


def test_an_overage_equal_to_a_receipt_is_pointed_out() -> None:
    # counted 3 x 20.00 = 60.00; receipts 25.00 + 10.00 = 35.00; over by 25.00 = receipt #1.
    count = count_cash(
        {"20": 3},
        "USD",
        expected_receipts=[money("25.00", "USD"), money("10.00", "USD")],
        till="T",
        day=DAY,
    )
    assert count.outcome is CountOutcome.OVER
    assert [r.code for r in count.reasons][:2] == ["cash_over", "difference_equals_a_receipt"]
    entry = count.journal_entry(ACCOUNTS)
    assert entry is not None
    assert entry.lines[0].account == "1105"  # Dr cash, Cr over and short


def test_a_balanced_till_books_nothing_and_small_differences_pass() -> None:
    balanced = count_cash(
        {"10": 2}, "USD", expected_receipts=[money("20", "USD")], till="T", day=DAY
    )
    assert balanced.outcome is CountOutcome.BALANCED
    assert balanced.journal_entry(ACCOUNTS) is None
    policy = CashCountPolicy(tolerances=[money("1.00", "USD")])
    small = count_cash(
        {"0.25": 3},
        "USD",
        expected_receipts=[money("1.50", "USD")],
        till="T",
        day=DAY,
        policy=policy,
    )
    assert small.difference == money("-0.75", "USD")
    assert small.within_tolerance
    assert "difference_over_tolerance" not in [r.code for r in small.reasons]


@given(
    st.dictionaries(st.sampled_from(COP_NOTES), st.integers(0, 500), max_size=11),
    st.lists(st.integers(1, 10**9), max_size=20),
    st.integers(0, 10**7),
)
def test_difference_plus_receipts_plus_fund_is_what_was_counted(
    counted: dict[str, int], receipts: list[int], fund: int
) -> None:
    count = count_cash(
        counted,
        "COP",
        expected_receipts=[from_minor(units, "COP") for units in receipts],
        till="T",
        day=DAY,
        opening_fund=from_minor(fund, "COP"),
    )
    assert count.difference + count.receipts + count.opening_fund == count.counted
    assert count.receipts == from_minor(sum(receipts), "COP")
    sign = {CountOutcome.BALANCED: 0, CountOutcome.OVER: 1, CountOutcome.SHORT: -1}
    assert sign[count.outcome] == (count.difference.amount > 0) - (count.difference.amount < 0)
    entry = count.journal_entry(ACCOUNTS)
    assert (entry is None) == (count.outcome is CountOutcome.BALANCED)


def test_bad_policies() -> None:
    assert structure({"tolerances": [{"amount": "1", "currency": "USD"}]}, CashCountPolicy)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"denominations": ["USD"]}, "a mapping of currency"),
        ({"denominations": {"USD": "20"}}, "a list of denominations"),
        ({"denominations": {"USD": []}}, "at least one"),
        ({"denominations": {"USD": ["20", "20"]}}, "distinct"),
        ({"denominations": {"USD": ["0.001"]}}, "decimal place"),
        ({"tolerances": [money("-1", "USD")]}, "0 or more"),
        ({"tolerances": [money("1", "USD"), money("2", "USD")]}, "one tolerance per currency"),
        ({"id": ""}, "non-empty"),
    ]
    for fields, expected in cases:
        with pytest.raises(ValidationError, match=expected):
            CashCountPolicy(**fields)
    with pytest.raises(PolicyError):
        CashCountPolicy(denominations={"USD": ["-5"]})


def test_bad_counts() -> None:
    def run(counted: Any = None, currency: str = "USD", **fields: Any) -> Any:
        arguments: dict[str, Any] = {"expected_receipts": [], "till": "T", "day": DAY}
        arguments.update(fields)
        return count_cash({"10": 1} if counted is None else counted, currency, **arguments)

    with pytest.raises(ValidationError, match="a non-empty till"):
        run(till=" ")
    with pytest.raises(ValidationError, match="day"):
        run(day="2026-03-02")
    with pytest.raises(ValidationError, match="a mapping of denomination"):
        run(counted=[("10", 1)])
    with pytest.raises(ValidationError, match="whole number of pieces"):
        run(counted={"10": -1})
    with pytest.raises(ValidationError, match="whole number of pieces"):
        run(counted={"10": True})
    with pytest.raises(ValidationError, match="a positive amount"):
        run(counted={"0": 1})
    with pytest.raises(ValidationError, match="decimal place"):
        run(counted={"0.001": 1})
    with pytest.raises(ValidationError, match="denomination of the policy"):
        run(counted={"3": 1}, policy=CashCountPolicy(denominations={"USD": ["1", "5"]}))
    with pytest.raises(ValidationError, match="a CashCountPolicy"):
        run(policy={"id": "x"})
    with pytest.raises(ValidationError, match="opening_fund"):
        run(opening_fund=money("-1", "USD"))
    with pytest.raises(CurrencyMismatchError):
        run(opening_fund=money("1", "EUR"))
    with pytest.raises(ValidationError, match="a positive Money"):
        run(expected_receipts=[money("0", "USD")])
    with pytest.raises(CurrencyMismatchError):
        run(expected_receipts=[money("1", "EUR")])


def test_lists_that_are_not_lists_are_refused() -> None:
    bad: Any = money("1", "USD")
    with pytest.raises(ValidationError, match=r"expected_receipts: .*a list"):
        count_cash({"1": 1}, "USD", expected_receipts=bad, till="T", day=DAY)
    with pytest.raises(ValidationError, match=r"tolerances: .*a list"):
        CashCountPolicy(tolerances=bad)
