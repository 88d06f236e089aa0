"""Late charges billed: the debit note and its balanced journal entry.

Moved from tests/test_latecharges.py when latecharges became a package; assertions unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.documents import InvoiceKind
from receivables.errors import ValidationError
from receivables.latecharges import (
    LateChargePolicy,
    ReferenceRate,
    assess,
    debit_note,
    journal_entry,
)
from receivables.ledger import OpenItem
from receivables.money import money

# ECB main refinancing operations rate (Directive 2011/7/EU art. 2(7)(a)(i)): 3.15% from
# 18 December 2024, so in force on 1 January 2025; 2.15% from 11 June 2025, so in force on
# 1 July 2025 (ECB monetary policy decisions of 12 December 2024 and 5 June 2025).
from tests.latecharges import ACCOUNTS, ECB_2025, fixed, invoice
from tests.strategies import overdue_items


def test_debit_note_and_journal_entry() -> None:
    policy = LateChargePolicy.eu_statutory(ECB_2025)
    items = [invoice(), invoice("INV-2", due=dt.date(2025, 7, 10), amount="500.00")]
    result = assess(items, as_of=dt.date(2025, 7, 15), policy=policy)
    note = debit_note(result, number="DN-100")
    assert note.kind is InvoiceKind.DEBIT_NOTE
    assert note.amount == result.total("EUR")
    assert note.amount == sum((c.total for c in result.charges), money("0", "EUR"))
    assert (note.customer_id, note.issue_date, note.reference) == (
        "C1",
        dt.date(2025, 7, 15),
        "INV-1,INV-2",
    )
    posted = journal_entry(result, ACCOUNTS, document="DN-100")
    lines = {(line.account, line.debit.amount, line.credit.amount) for line in posted.lines}
    interest = result.interest_total("EUR").amount
    assert lines == {
        ("1200", interest + 80, 0),
        ("4500", 0, interest),
        ("4510", 0, Decimal(80)),
    }
    assert posted.total_debits("EUR") == posted.total_credits("EUR")
    assert posted.reasons[0].code == "late_charges"


def test_debit_note_needs_one_customer_and_currency() -> None:
    policy = fixed("0.1")
    as_of = dt.date(2025, 7, 15)
    two_customers = assess(
        [invoice(), invoice("INV-2", customer_id="C2")], as_of=as_of, policy=policy
    )
    with pytest.raises(ValidationError, match=r"assessment.customer_id"):
        debit_note(two_customers, number="DN-1")
    two_currencies = assess(
        [invoice(), invoice("INV-2", currency="USD")], as_of=as_of, policy=policy
    )
    with pytest.raises(ValidationError, match=r"assessment.currency"):
        debit_note(two_currencies, number="DN-1")
    posted = journal_entry(two_currencies, ACCOUNTS)  # one entry, balanced per currency
    assert set(posted.totals_units()) == {"EUR", "USD"}
    nothing = assess([invoice()], as_of=dt.date(2025, 6, 1), policy=policy)
    with pytest.raises(ValidationError, match="assessment"):
        debit_note(nothing, number="DN-1")


@given(st.lists(overdue_items(), min_size=1, max_size=6, unique_by=lambda i: i.number))
def test_journal_entry_balances_and_matches_the_note(items: list[OpenItem]) -> None:
    policy = LateChargePolicy.eu_statutory(
        (*ECB_2025, ReferenceRate(dt.date(2026, 1, 1), Decimal("0.02")))
    )
    result = assess(items, as_of=dt.date(2026, 6, 30), policy=policy)
    if result.outcome == "none":
        return
    note = debit_note(result, number="DN-1")
    posted = journal_entry(result, ACCOUNTS)
    assert posted.total_debits("EUR") == note.amount
    assert posted.total_credits("EUR") == note.amount
