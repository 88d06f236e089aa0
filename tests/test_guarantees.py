"""Guarantees on credit lines: the renewal list, the cover that counts, what a lapse holds."""

from __future__ import annotations

import datetime as dt
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
from receivables.guarantees import Guarantee, GuaranteePolicy, assess, renewal_list
from receivables.interop import structure
from receivables.money import from_minor, money

AS_OF = dt.date(2026, 3, 10)


def guarantee(
    id: str, kind: str = "bank_guarantee", amount: str = "1000.00", **fields: Any
) -> Guarantee:
    base: dict[str, Any] = {
        "id": id,
        "customer_id": "C1",
        "kind": kind,
        "amount": money(amount, "USD"),
        "issued_on": dt.date(2025, 1, 1),
    }
    base.update(fields)
    return Guarantee(**base)


def test_the_renewal_list_soonest_first() -> None:
    book = [
        guarantee("A", expires_on=dt.date(2026, 4, 9)),  # 30 days left: listed (30 <= 30)
        guarantee("B", expires_on=dt.date(2026, 4, 10)),  # 31 days: not yet
        guarantee("C", expires_on=dt.date(2026, 3, 1)),  # expired 9 days ago
        guarantee("D", expires_on=dt.date(2026, 3, 1), released_on=dt.date(2026, 3, 2)),
        guarantee("E", kind="promissory_note"),  # no expiry
    ]
    items = renewal_list(book, AS_OF)
    assert [(i.guarantee.id, i.days_left) for i in items] == [("C", -9), ("A", 30)]
    assert [i.reasons[0].code for i in items] == ["guarantee_expired", "guarantee_expiring"]
    assert [i.guarantee.id for i in renewal_list(book, AS_OF, GuaranteePolicy(renewal_days=0))] == [
        "C"
    ]


def test_an_expired_guarantee_lapses_its_cover_and_holds_orders() -> None:
    policy = GuaranteePolicy(
        recognition={"bank_guarantee": 100, "promissory_note": 50, "deposit": 100}
    )
    book = [
        guarantee("A", amount="10000.00", expires_on=dt.date(2026, 12, 31)),
        guarantee("B", amount="4000.00", expires_on=dt.date(2026, 3, 9)),  # expired yesterday
        guarantee("N", kind="promissory_note", amount="3000.01"),
        guarantee("X", customer_id="C2", amount="99.00"),
    ]
    fact = assess(book, "C1", AS_OF, policy)
    # covered: 10,000.00 + 50% of 3,000.01 (1,500.005 -> 1,500.01 half-up) = 11,500.01
    assert fact.covered == money("11500.01", "USD")
    assert fact.lapsed == money("4000.00", "USD")
    assert fact.hold_orders
    assert fact.reasons[0].code == "guarantee_expired"
    assert fact.reasons[0].data["expired"] == ["B"]
    # The secured limit: an unsecured 5,000.00 plus the cover counted today.
    assert fact.limit(money("5000.00", "USD")) == money("16500.01", "USD")
    lenient = assess(book, "C1", AS_OF, GuaranteePolicy(hold_orders_on_expiry=False))
    assert lenient.lapsed == money("4000.00", "USD")
    assert not lenient.hold_orders
    # On its expiry day B still counts.
    assert assess(book, "C1", dt.date(2026, 3, 9), policy).covered == money("15500.01", "USD")
    assert (fact.policy_id, fact.policy_version) == ("guarantees", "1")


def test_a_renewed_guarantee_released_no_longer_holds() -> None:
    old = guarantee("B", expires_on=dt.date(2026, 3, 9), released_on=dt.date(2026, 3, 9))
    new = guarantee("B2", issued_on=dt.date(2026, 3, 9), expires_on=dt.date(2027, 3, 9))
    fact = assess([old, new], "C1", AS_OF)
    assert (fact.covered, fact.lapsed, fact.hold_orders) == (
        money("1000.00", "USD"),
        money("0", "USD"),
        False,
    )


@given(st.lists(st.tuples(st.integers(1, 10**9), st.integers(-400, 400)), max_size=12))
def test_every_guarantee_is_counted_lapsed_or_neither_never_both(
    spec: list[tuple[int, int]],
) -> None:
    book = [
        Guarantee(
            id=f"G{i}",
            customer_id="C1",
            kind="deposit",
            amount=from_minor(units, "USD"),
            issued_on=dt.date(2024, 1, 1),
            expires_on=AS_OF + dt.timedelta(days=offset),
        )
        for i, (units, offset) in enumerate(spec)
    ]
    fact = assess(book, "C1", AS_OF, currency="USD")
    assert fact.covered + fact.lapsed == from_minor(sum(u for u, _ in spec), "USD")
    assert fact.hold_orders == any(offset < 0 for _, offset in spec)


def test_policies_from_json_and_bad_policies() -> None:
    policy = structure({"renewal_days": 45, "recognition": {"deposit": "100"}}, GuaranteePolicy)
    assert policy.counted(guarantee("A", kind="bank_guarantee")) == money("0", "USD")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"renewal_days": -1}, "0 or more"),
        ({"recognition": ["deposit"]}, "a mapping of kind"),
        ({"recognition": {"cheque": 10}}, "a kind"),
        ({"recognition": {"deposit": 101}}, "from 0 to 100"),
        ({"recognition": {"deposit": 0.5}}, "as str, int or Decimal"),
        ({"recognition": {"deposit": "half"}}, "from 0 to 100"),
        ({"hold_orders_on_expiry": "no"}, "a bool"),
        ({"id": ""}, "non-empty"),
    ]
    for fields, expected in cases:
        with pytest.raises(PolicyError, match=expected):
            GuaranteePolicy(**fields)


def test_bad_guarantees_and_arguments() -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"kind": "cheque"}, "'promissory_note'"),
        ({"amount": "0"}, "a positive Money"),
        ({"issued_on": "2025-01-01"}, "a datetime.date"),
        ({"expires_on": dt.date(2025, 1, 1)}, "a day after it was issued"),
        ({"released_on": dt.date(2024, 12, 31)}, "on or after"),
        ({"customer_id": " "}, "a non-empty str"),
    ]
    for fields, expected in cases:
        with pytest.raises(ValidationError, match=expected):
            guarantee("A", **fields)
    a = guarantee("A")
    with pytest.raises(DuplicateDocumentError):
        renewal_list([a, a], AS_OF)
    with pytest.raises(ValidationError, match=r"guarantees\[0\]"):
        renewal_list(["A"], AS_OF)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="as_of"):
        assess([a], "C1", "2026-03-10")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="a GuaranteePolicy"):
        assess([a], "C1", AS_OF, {})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="the line's currency"):
        assess([], "C1", AS_OF)
    with pytest.raises(CurrencyMismatchError):
        assess([a], "C1", AS_OF, currency="EUR")
    fact = assess([a], "C1", AS_OF)
    with pytest.raises(CurrencyMismatchError):
        fact.limit(money("1", "EUR"))
    with pytest.raises(ValidationError, match="0 or more"):
        fact.limit(money("-1", "USD"))


def test_lists_that_are_not_lists_are_refused() -> None:
    bad: Any = "G-1"
    with pytest.raises(ValidationError, match=r"guarantees: .*a list"):
        renewal_list(bad, AS_OF)
