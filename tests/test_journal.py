"""Journal entries balance per currency to the minor unit, or are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.decisions import Reason
from receivables.errors import ValidationError
from receivables.journal import STANDARD_ROLES, AccountMap, JournalEntry, JournalLine, entry
from receivables.money import Money, from_minor, money, to_minor, zero
from tests.strategies import balanced_postings, currencies, journal_entries

DAY = dt.date(2026, 3, 1)
ACCOUNTS = AccountMap({role: str(1000 + i) for i, role in enumerate(STANDARD_ROLES)})


def test_a_payment_with_a_discount_taken() -> None:
    # Worked example: 2/10 net 30 on a 1,000.00 invoice paid within ten days. The customer
    # pays 980.00; receivables is credited 1,000.00 and discounts allowed debited 20.00
    # (the usual entry for a sales discount taken, e.g. Weygandt, Kimmel & Kieso,
    # Financial Accounting, "Sales discounts").
    journal = entry(
        DAY,
        "P1 pays INV-1 less 2%",
        ACCOUNTS,
        debits=[("cash", money("980.00", "USD")), ("discounts_allowed", money("20.00", "USD"))],
        credits=[("receivables", money("1000.00", "USD"))],
        reasons=[Reason("discount_earned", "Paid within ten days.")],
        source="P1",
        customer_id="C1",
        document="INV-1",
    )
    assert journal.total_debits("USD") == journal.total_credits("USD") == money("1000.00", "USD")
    assert journal.totals_units() == {"USD": (100000, 100000)}
    assert [line.account for line in journal.lines] == [
        ACCOUNTS.code("cash"),
        ACCOUNTS.code("discounts_allowed"),
        ACCOUNTS.code("receivables"),
    ]
    assert all(line.customer_id == "C1" and line.document == "INV-1" for line in journal.lines)
    assert journal.reasons[0].code == "discount_earned"
    assert journal.source == "P1"
    assert journal.total_debits("EUR") == zero("EUR")


def test_zero_postings_are_dropped() -> None:
    journal = entry(
        DAY,
        "m",
        ACCOUNTS,
        debits=[("cash", money("5.00", "USD")), ("bank_fees", money("0.00", "USD"))],
        credits=[("receivables", money("5.00", "USD"))],
    )
    assert len(journal.lines) == 2


def test_two_currencies_balance_each_on_its_own() -> None:
    journal = entry(
        DAY,
        "m",
        ACCOUNTS,
        debits=[("cash", money("5.00", "USD")), ("cash", money("1500", "JPY"))],
        credits=[("receivables", money("5.00", "USD")), ("receivables", money("1500", "JPY"))],
    )
    assert journal.totals_units() == {"USD": (500, 500), "JPY": (1500, 1500)}
    with pytest.raises(ValidationError, match=r"^journal_entry\.lines: .*JPY debits 1500"):
        entry(
            DAY,
            "m",
            ACCOUNTS,
            debits=[("cash", money("5.00", "USD")), ("cash", money("1500", "JPY"))],
            credits=[("receivables", money("5.00", "USD"))],
        )


def test_unbalanced_entry_is_refused() -> None:
    with pytest.raises(
        ValidationError, match=r"^journal_entry\.lines: .*USD debits 1000 != credits 999"
    ):
        entry(
            DAY,
            "m",
            ACCOUNTS,
            debits=[("cash", money("10.00", "USD"))],
            credits=[("receivables", money("9.99", "USD"))],
        )


def test_a_negative_posting_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"^credits\[receivables\]: "):
        entry(
            DAY,
            "m",
            ACCOUNTS,
            debits=[("cash", money("10.00", "USD"))],
            credits=[("receivables", money("-10.00", "USD"))],
        )


def test_a_role_without_an_account_is_named() -> None:
    with pytest.raises(ValidationError, match=r"^account_map\.fx_gain: .*'fx_gain'"):
        entry(
            DAY,
            "m",
            AccountMap({"cash": "1100"}),
            debits=[("cash", money("10.00", "USD"))],
            credits=[("fx_gain", money("10.00", "USD"))],
        )


def test_an_entry_needs_two_lines() -> None:
    with pytest.raises(ValidationError, match=r"^journal_entry\.lines: got 0"):
        entry(DAY, "m", ACCOUNTS, debits=[], credits=[])
    with pytest.raises(ValidationError, match=r"^journal_entry\.lines: got 0"):
        entry(
            DAY,
            "m",
            ACCOUNTS,
            debits=[("cash", money("0.00", "USD"))],
            credits=[("receivables", money("0.00", "USD"))],
        )


@pytest.mark.parametrize("date", ["2026-03-01", dt.datetime(2026, 3, 1, tzinfo=dt.UTC), None])
def test_an_entry_date_is_a_date(date: object) -> None:
    with pytest.raises(ValidationError, match=r"^journal_entry\.date: "):
        entry(
            date,  # type: ignore[arg-type]
            "m",
            ACCOUNTS,
            debits=[("cash", money("1.00", "USD"))],
            credits=[("receivables", money("1.00", "USD"))],
        )


def _line(debit: Money, credit: Money) -> JournalLine:
    return JournalLine(account="1100", debit=debit, credit=credit)


def test_journal_line_rules() -> None:
    assert _line(money("1.00", "USD"), zero("USD")).currency == "USD"
    with pytest.raises(ValidationError, match=r"^journal_line\.credit: .*USD amount"):
        _line(money("1.00", "USD"), zero("EUR"))
    with pytest.raises(ValidationError, match=r"^journal_line: .*non-negative"):
        _line(money("-1.00", "USD"), zero("USD"))
    with pytest.raises(ValidationError, match=r"^journal_line: .*exactly one"):
        _line(money("1.00", "USD"), money("1.00", "USD"))
    with pytest.raises(ValidationError, match=r"^journal_line: .*exactly one"):
        _line(zero("USD"), zero("USD"))


def test_a_journal_entry_built_directly_is_checked_too() -> None:
    lines = [_line(money("1.00", "USD"), zero("USD")), _line(zero("USD"), money("2.00", "USD"))]
    with pytest.raises(ValidationError, match=r"^journal_entry\.lines: "):
        JournalEntry(date=DAY, memo="m", lines=lines)
    lines[1] = _line(zero("USD"), money("1.00", "USD"))
    assert JournalEntry(date=DAY, memo="m", lines=iter(lines)).lines == tuple(lines)


def test_account_map_rules() -> None:
    assert AccountMap({"cash": "1100"}).code("cash") == "1100"
    with pytest.raises(ValidationError, match=r"^account_map\.role: "):
        AccountMap({"": "1100"})
    with pytest.raises(ValidationError, match=r"^account_map\.cash: "):
        AccountMap({"cash": " "})
    with pytest.raises(ValidationError, match=r"^account_map\.cash: "):
        AccountMap({"cash": 1100})  # type: ignore[dict-item]
    source = {"cash": "1100"}
    accounts = AccountMap(source)
    source["cash"] = "9999"
    assert accounts.code("cash") == "1100"  # a copy, read-only
    assert hash(accounts) == hash(AccountMap({"cash": "1100"}))


@given(balanced_postings())
def test_any_balanced_postings_give_an_entry_balanced_to_the_minor_unit(
    postings: tuple[list[tuple[str, Money]], list[tuple[str, Money]]],
) -> None:
    debits, credits = postings
    journal = entry(DAY, "m", ACCOUNTS, debits=debits, credits=credits)
    for currency, (debit_units, credit_units) in journal.totals_units().items():
        assert debit_units == credit_units
        assert journal.total_debits(currency) == journal.total_credits(currency)
        assert sum(to_minor(line.debit) for line in journal.lines) == debit_units


@given(balanced_postings(), st.integers(-(10**6), 10**6).filter(bool), st.data())
def test_unbalanced_postings_are_always_refused(
    postings: tuple[list[tuple[str, Money]], list[tuple[str, Money]]],
    off_by: int,
    data: st.DataObject,
) -> None:
    debits, credits = postings
    index = data.draw(st.integers(0, len(debits) - 1))
    role, amount = debits[index]
    changed = to_minor(amount) + off_by
    if changed <= 0:
        return  # a non-positive posting is refused for another reason, tested above
    debits = [*debits[:index], (role, from_minor(changed, amount.code)), *debits[index + 1 :]]
    with pytest.raises(ValidationError, match=r"^journal_entry\.lines: .*debits"):
        entry(DAY, "m", ACCOUNTS, debits=debits, credits=credits)


@given(journal_entries())
def test_generated_entries_balance_in_every_currency(journal: JournalEntry) -> None:
    assert all(d == c for d, c in journal.totals_units().values())


@given(currencies, st.integers(1, 10**9))
def test_one_amount_each_way_balances_in_every_currency(currency: str, units: int) -> None:
    amount = from_minor(units, currency)
    journal = entry(
        DAY, "m", ACCOUNTS, debits=[("cash", amount)], credits=[("receivables", amount)]
    )
    assert journal.totals_units() == {currency: (units, units)}
