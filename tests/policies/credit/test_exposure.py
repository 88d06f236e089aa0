"""Exposure: open receivables + unbilled orders + remaining plan balances."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.ledger import ItemKind, OpenItem
from receivables.money import Rate, RateTable, from_minor, money, total
from receivables.policies.credit import (
    CreditFacts,
    exposure,
)
from tests.policies.credit import (
    AS_OF,
    _customer,
    _item,
    usd,
)
from tests.strategies import customer_open_items


def test_exposure_adds_open_ar_unbilled_and_plans() -> None:
    # Open AR 4,000 - 500 unapplied = 3,500; unbilled 1,200; plan 800: exposure 5,500.
    items = [_item("INV-1", "4000", 10), _item("PAY-1", "-500", 0)]
    facts = CreditFacts(customer_id="C1", unbilled_orders=usd("1200"), plan_balance=usd("800"))
    used = exposure(_customer(), items, AS_OF, facts)
    assert used.open_receivables == usd("3500")
    assert (used.unbilled_orders, used.plan_balances) == (usd("1200"), usd("800"))
    assert used.total == usd("5500")


def test_exposure_converts_with_rates_or_refuses() -> None:
    rates = RateTable([Rate("EUR", "USD", Decimal("1.10"), dt.date(2026, 1, 1))])
    facts = CreditFacts(customer_id="C1", unbilled_orders=money("1000", "EUR"))
    assert exposure(_customer(), [], AS_OF, facts, rates=rates).total == usd("1100")
    with pytest.raises(CurrencyMismatchError):
        exposure(_customer(), [], AS_OF, facts)


def test_exposure_input_errors() -> None:
    with pytest.raises(ValidationError, match="customer"):
        exposure("C1", [], AS_OF)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"facts\.customer_id"):
        exposure(_customer(), [], AS_OF, CreditFacts(customer_id="C2"))
    with pytest.raises(ValidationError, match=r"items\[0\]"):
        exposure(_customer(), [1], AS_OF)  # type: ignore[list-item]
    other = OpenItem(
        number="X",
        customer_id="C9",
        kind=ItemKind.INVOICE,
        document_date=AS_OF,
        due_date=AS_OF,
        original=usd("1"),
        open=usd("1"),
    )
    with pytest.raises(ValidationError, match=r"items\[0\]\.customer_id"):
        exposure(_customer(), [other], AS_OF)


@given(customer_open_items(as_of=AS_OF), st.integers(0, 10**9), st.integers(0, 10**9))
def test_exposure_is_the_sum_of_its_parts(items: list[OpenItem], unbilled: int, plan: int) -> None:
    facts = CreditFacts(
        customer_id="C1",
        unbilled_orders=from_minor(unbilled, "USD"),
        plan_balance=from_minor(plan, "USD"),
    )
    used = exposure(_customer(), items, AS_OF, facts)
    expected = total((i.open for i in items), "USD") + from_minor(unbilled + plan, "USD")
    assert used.total == expected
