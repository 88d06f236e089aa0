"""Bad debt: status, limitation periods and age; credits offset, recoveries kept."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.documents import Adjustment
from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.ledger import ItemKind, OpenItem
from receivables.money import from_minor, money, total, zero
from receivables.policies.approvals import Authority
from receivables.policies.writeoffs import (
    WriteOffMethod,
    WriteOffOutcome,
    WriteOffPolicy,
    bad_debt,
    recover,
    small_balances,
)
from tests.policies.writeoffs import (
    ACCOUNTS,
    AS_OF,
    _balanced,
    _codes,
    _customer,
    _item,
    _ladder,
)
from tests.strategies import customer_open_items


@pytest.mark.parametrize(
    "status", ["bankrupt", "dissolved", "deceased", "dispute_lost", "uncollectible"]
)
def test_status_writes_off_every_open_item(status: str) -> None:
    items = [_item("INV-1", "100.00", AS_OF), _item("INV-2", "250.00", AS_OF + dt.timedelta(5))]
    decision = bad_debt(_customer(status), items, AS_OF)
    assert decision.outcome is WriteOffOutcome.WRITE_OFF
    assert decision.write_off == money("350.00", "USD")
    assert {i.rule for i in decision.items} == {"customer_status"}
    assert _codes(decision)[0] == "customer_status"
    assert decision.reasons[0].data["status"] == status
    # 350 USD: above the write-off ladder's analyst (100), within the lead's (1,000).
    assert decision.approval is not None
    assert decision.approval.authority is Authority.LEAD


def test_active_recent_customer_is_kept() -> None:
    decision = bad_debt(_customer(), [_item("INV-1", "100.00", AS_OF)], AS_OF)
    assert decision.outcome is WriteOffOutcome.KEEP
    assert decision.write_off == zero("USD")
    assert decision.approval is None
    assert _codes(decision) == ["not_due_for_write_off"]
    with pytest.raises(ValidationError, match=r"bad_debt_decision\.write_off"):
        decision.journal_entry(ACCOUNTS)


def test_age_rule_at_the_threshold() -> None:
    due = AS_OF - dt.timedelta(days=365)
    items = [_item("OLD", "80.00", due), _item("NEW", "20.00", due + dt.timedelta(days=1))]
    decision = bad_debt(_customer(), items, AS_OF)
    assert [(i.number, i.rule) for i in decision.items] == [("OLD", "age_beyond_threshold")]
    assert decision.write_off == money("80.00", "USD")
    assert decision.approval is not None
    assert decision.approval.authority is Authority.ANALYST


@pytest.mark.parametrize(
    ("country", "due", "barred_on"),
    [
        # Código Civil art. 2536: 10 years from the due date; the anniversary is the last
        # day the claim can be enforced (the start day is not counted, the last day is).
        ("CO", dt.date(2014, 1, 31), dt.date(2024, 2, 1)),
        # UCC §2-725(1): 4 years from the due date (the cause of action accrues); FRCP 6(a)(1).
        ("US", dt.date(2020, 2, 29), dt.date(2024, 3, 1)),
        # BGB §§195, 199(1), 188(2): a 2022 claim lapses at the end of 31 December 2025, so
        # it can still be collected on that day and is barred from 1 January 2026.
        ("DE", dt.date(2022, 3, 31), dt.date(2026, 1, 1)),
    ],
)
def test_statute_of_limitations(country: str, due: dt.date, barred_on: dt.date) -> None:
    policy = WriteOffPolicy(bad_debt_min_age_days=100_000)  # only the limitation rule can fire
    customer = _customer(country=country)
    item = _item("INV-1", "1000.00", due)
    before = bad_debt(customer, [item], barred_on - dt.timedelta(days=1), policy)
    on = bad_debt(customer, [item], barred_on, policy)
    assert before.outcome is WriteOffOutcome.KEEP
    assert on.outcome is WriteOffOutcome.WRITE_OFF
    assert _codes(on)[0] == "statute_of_limitations"
    assert on.reasons[0].data["country"] == country
    assert on.reasons[0].data["source"]


def test_country_without_a_period_says_so() -> None:
    decision = bad_debt(_customer(country="FR"), [_item("INV-1", "10.00", AS_OF)], AS_OF)
    assert "no_limitation_period" in _codes(decision)


def test_credits_offset_first_then_expected_recovery_kept() -> None:
    # A bankrupt customer owes 600 + 400 and holds 100 of unapplied cash; the trustee expects
    # a 20% dividend on the 900 net claim, 180. Write off 1,000 - 100 - 180 = 720, spread over
    # the invoices 600:400 -> 432 and 288.
    items = [
        _item("INV-1", "600.00", AS_OF),
        _item("INV-2", "400.00", AS_OF + dt.timedelta(days=1)),
        _item("PAY-1", "-100.00", AS_OF, kind=ItemKind.PAYMENT),
    ]
    net = money("900.00", "USD")
    decision = bad_debt(_customer("bankrupt"), items, AS_OF, expected_recovery=net * 20 / 100)
    assert decision.outcome is WriteOffOutcome.PARTIAL_WRITE_OFF
    assert (decision.selected, decision.offset, decision.kept) == (
        money("1000.00", "USD"),
        money("100.00", "USD"),
        money("180.00", "USD"),
    )
    assert decision.write_off == money("720.00", "USD")
    assert [i.write_off for i in decision.items] == [money("432.00", "USD"), money("288.00", "USD")]
    assert _codes(decision) == [
        "customer_status",
        "credits_offset_first",
        "expected_recovery_kept",
        "approval_tier",
    ]


def test_partial_not_allowed_keeps_everything() -> None:
    policy = WriteOffPolicy(allow_partial=False)
    decision = bad_debt(
        _customer("bankrupt"),
        [_item("INV-1", "600.00", AS_OF)],
        AS_OF,
        policy,
        expected_recovery=money("60.00", "USD"),
    )
    assert decision.outcome is WriteOffOutcome.KEEP
    assert decision.kept == money("600.00", "USD")
    assert "partial_write_off_not_allowed" in _codes(decision)


def test_credits_covering_the_debt_leave_nothing_to_write_off() -> None:
    items = [_item("INV-1", "50.00", AS_OF), _item("PAY-1", "-80.00", AS_OF, kind=ItemKind.PAYMENT)]
    decision = bad_debt(_customer("deceased"), items, AS_OF)
    assert decision.outcome is WriteOffOutcome.KEEP
    assert decision.offset == money("50.00", "USD")


def test_journal_entries_follow_the_method() -> None:
    items = [_item("INV-1", "500.00", AS_OF)]
    allowance = bad_debt(_customer("bankrupt"), items, AS_OF)
    journal = allowance.journal_entry(ACCOUNTS, allowance_available=money("200.00", "USD"))
    debits = {line.account: line.debit for line in journal.lines if line.debit.amount}
    assert debits == {
        ACCOUNTS.code("allowance"): money("200.00", "USD"),
        ACCOUNTS.code("bad_debt_expense"): money("300.00", "USD"),
    }
    direct = bad_debt(_customer("bankrupt"), items, AS_OF, WriteOffPolicy(method="direct"))
    assert direct.method is WriteOffMethod.DIRECT
    lines = direct.journal_entry(ACCOUNTS).lines
    assert lines[0].account == ACCOUNTS.code("bad_debt_expense")
    assert lines[0].customer_id == "C1"


def test_bad_debt_input_errors() -> None:
    customer = _customer("bankrupt")
    with pytest.raises(ValidationError, match=r"items\[0\]\.customer_id"):
        bad_debt(customer, [_item("X", "1", AS_OF, customer_id="C2")], AS_OF)
    with pytest.raises(CurrencyMismatchError):
        bad_debt(customer, [_item("X", "1", AS_OF), _item("Y", "1", AS_OF, currency="EUR")], AS_OF)
    with pytest.raises(ValidationError, match="expected_recovery"):
        bad_debt(customer, [], AS_OF, expected_recovery=money("-1", "USD"))
    with pytest.raises(CurrencyMismatchError):
        bad_debt(customer, [], AS_OF, expected_recovery=money("1", "EUR"))
    with pytest.raises(ValidationError, match="customer"):
        bad_debt("C1", [], AS_OF)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"items\[0\]"):
        bad_debt(customer, [None], AS_OF)  # type: ignore[list-item]


def test_failing_evaluation_leaves_inputs_unchanged() -> None:
    items = [_item("X", "1", AS_OF), _item("Y", "1", AS_OF, currency="EUR")]
    before = list(items)
    with pytest.raises(CurrencyMismatchError):
        bad_debt(_customer("bankrupt"), items, AS_OF)
    assert items == before


@given(customer_open_items())
def test_bad_debt_conserves_money_and_is_deterministic(items: list[OpenItem]) -> None:
    customer = _customer("active")
    hope = money("1000.00", "USD")
    first = bad_debt(customer, items, AS_OF, expected_recovery=hope)
    assert first == bad_debt(customer, list(reversed(items)), AS_OF, expected_recovery=hope)
    assert first.selected == first.offset + first.kept + first.write_off
    assert total((i.write_off for i in first.items), "USD") == first.write_off
    assert all(zero("USD") <= i.write_off <= i.open for i in first.items)
    assert all(reason.code for reason in first.reasons)
    assert (first.policy_id, first.policy_version) == ("write-offs", "1")


@given(
    st.sampled_from(["JPY", "BHD"]).flatmap(
        lambda currency: st.tuples(
            st.just(currency), customer_open_items(currency=currency, min_size=1)
        )
    ),
    st.integers(0, 10**7),
)
def test_write_off_entries_balance_in_jpy_and_bhd_and_decisions_repeat(
    case: tuple[str, list[OpenItem]], hope_units: int
) -> None:
    currency, items = case
    policy = WriteOffPolicy(
        small_balance_limits={currency: from_minor(10**6, currency)},
        write_off_small_credits=True,
        approvals=_ladder(currency),
    )
    small = small_balances(items, AS_OF, policy)
    assert small == small_balances(list(reversed(items)), AS_OF, policy)
    for decision in small:
        assert decision.reasons[0].code
        if decision.outcome is WriteOffOutcome.WRITE_OFF:
            _balanced(decision.journal_entry(ACCOUNTS), currency)
    hope = from_minor(hope_units, currency)
    customer = _customer("bankrupt", currency=currency)
    bad = bad_debt(customer, items, AS_OF, policy, expected_recovery=hope)
    assert bad == bad_debt(customer, list(reversed(items)), AS_OF, policy, expected_recovery=hope)
    assert bad.reasons[0].code == "customer_status" or bad.selected.amount == 0
    if bad.write_off.amount > 0:
        for method in WriteOffMethod:
            journal = attrs.evolve(bad, method=method).journal_entry(
                ACCOUNTS, allowance_available=from_minor(hope_units // 3, currency)
            )
            _balanced(journal, currency)
            assert journal.total_credits(currency) == bad.write_off
        written = Adjustment(
            id="WO-9",
            customer_id="C1",
            kind="write_off",
            amount=bad.write_off,
            date=AS_OF,
        )
        back = recover(written, from_minor(hope_units + 1, currency), AS_OF, policy)
        assert back == recover(written, from_minor(hope_units + 1, currency), AS_OF, policy)
        assert back.reasons[0].code in {"recovery_of_write_off", "partial_recovery"}
        _balanced(back.journal_entry(ACCOUNTS), currency)
