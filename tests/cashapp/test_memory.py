"""Learning from confirmations: what is remembered, when it is used, and its JSON."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given, settings

from receivables.cashapp import MatchOutcome, match
from receivables.cashapp.memory import (
    Confirmation,
    PayerMemory,
    Recall,
    Remembered,
    learn,
    remittance_pattern,
)
from receivables.documents import Customer, Invoice, Payment
from receivables.errors import PolicyError, ValidationError
from receivables.interop import from_json, structure, to_json, unstructure
from receivables.money import money
from tests.strategies import CASHAPP_CUSTOMERS, cashapp_cases

AS_OF = dt.date(2026, 3, 31)
CUSTOMERS = [
    Customer(id="C5", name="Harbor Foods LLC"),
    Customer(id="C6", name="Blue Water Inc"),
]
ITEMS = [
    Invoice(
        number=f"INV-{n}",
        customer_id=c,
        issue_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 2, 1),
        amount=money(a, "USD"),
    )
    for n, c, a in (
        ("77001", "C5", "1234.56"),
        ("77002", "C5", "400.00"),
        ("88001", "C6", "990.00"),
    )
]


def _pay(pid: str, amount: str, **fields: Any) -> Payment:
    return Payment(id=pid, amount=money(amount, "USD"), received_date=dt.date(2026, 3, 2), **fields)


def _decide(payments: list[Payment], memory: PayerMemory | None = None) -> list[Any]:
    return list(match(payments, ITEMS, customers=CUSTOMERS, as_of=AS_OF, memory=memory).decisions)


def _codes(decision: Any) -> list[str]:
    return [reason.code for reason in decision.reasons]


def test_a_confirmed_payer_name_applies_the_next_payment() -> None:
    payment = _pay("P2", "1234.56", payer_name="ZENITH CAPITAL", remittance="INV-77001")
    (before,) = _decide([payment])
    assert before.outcome is MatchOutcome.PROPOSED  # the payer name disagrees with C5
    memory = learn(
        [Confirmation(payment_id="P1", customer_id="C5", payer_name="Zenith Capital S.A.")]
    )
    (after,) = _decide([payment], memory)
    assert (after.outcome, after.customer_id) == (MatchOutcome.APPLIED, "C5")
    (used,) = [r for r in after.reasons if r.code == "customer_by_memory"]
    assert used.data["memory_version"] == "1"
    assert used.data["remembered"] == "name"


def test_a_confirmed_account_identifies_a_payer_the_master_does_not_know() -> None:
    payment = _pay("P2", "990.00", payer_account="NL91 ABNA 0417")
    (before,) = _decide([payment])
    assert before.outcome is MatchOutcome.UNIDENTIFIED
    memory = learn([Confirmation(payment_id="P1", customer_id="C6", payer_account="nl91abna0417")])
    (after,) = _decide([payment], memory)
    assert (after.outcome, after.customer_id) == (MatchOutcome.APPLIED, "C6")


def test_a_remittance_pattern_identifies_a_payer_without_a_name() -> None:
    payment = _pay("P3", "400.00", remittance="ACH CREDIT HFOODS VENDOR PMT 20260302")
    said = [
        Confirmation(
            payment_id=f"P{n}",
            customer_id="C5",
            remittance=f"ACH CREDIT HFOODS VENDOR PMT 2026020{n}",
        )
        for n in (1, 2)
    ]
    (once,) = _decide([payment], learn(said[:1]))
    assert once.outcome is MatchOutcome.UNIDENTIFIED  # one payment's text says little
    (after,) = _decide([payment], learn(said))
    assert (after.outcome, after.customer_id) == (MatchOutcome.APPLIED, "C5")
    assert "customer_by_memory" in _codes(after)


def test_memory_contradicted_by_the_references_is_not_used() -> None:
    payment = _pay("P2", "990.00", payer_name="ZENITH CAPITAL", remittance="INV-88001")
    memory = learn([Confirmation(payment_id="P1", customer_id="C5", payer_name="ZENITH CAPITAL")])
    (after,) = _decide([payment], memory)
    assert "customer_by_memory" not in _codes(after)
    assert after.customer_id == "C6"
    assert after.outcome is MatchOutcome.PROPOSED


def test_a_name_confirmed_for_two_customers_names_nobody() -> None:
    memory = learn(
        [
            Confirmation(payment_id="P1", customer_id="C5", payer_name="HOLDING"),
            Confirmation(payment_id="P2", customer_id="C6", payer_name="HOLDING"),
        ]
    )
    assert Recall(memory).by_name("HOLDING") is None
    memory = learn([Confirmation(payment_id="P3", customer_id="C6", payer_name="HOLDING")], memory)
    assert Recall(memory).by_name("HOLDING") == "C6"  # 2 against 1: more than all the rest
    memory = learn([Confirmation(payment_id="P4", customer_id="C5", payer_name="HOLDING")], memory)
    assert Recall(memory).by_name("HOLDING") is None  # 2 against 2: a corrected tie


def test_learn_counts_moves_the_version_and_leaves_the_old_memory_alone() -> None:
    first = learn([Confirmation(payment_id="P1", customer_id="C5", payer_name="ZENITH")])
    second = learn([Confirmation(payment_id="P2", customer_id="C5", payer_name="zenith")], first)
    assert (first.version, second.version) == ("1", "2")
    assert first.names == (Remembered("ZENITH", "C5", 1),)
    assert second.names == (Remembered("ZENITH", "C5", 2),)
    named = learn([], PayerMemory(id="acme-ar", version="2026-03"))
    assert (named.id, named.version) == ("acme-ar", "2026-03+1")


def test_the_memory_round_trips_through_json() -> None:
    memory = learn(
        [
            Confirmation.of(
                _pay("P1", "5.00", payer_name="Zenith", payer_account="NL91", remittance="ACH X Y"),
                "C5",
                ["INV-77001"],
            )
        ]
    )
    assert structure(unstructure(memory), PayerMemory) == memory
    assert from_json(to_json(memory), PayerMemory) == memory


def test_remittance_patterns_drop_numbers_and_need_two_words() -> None:
    assert remittance_pattern("Pago fact. 001-0045 ACME") == "PAGO FACT ACME"
    assert remittance_pattern("INV-77001") == ""


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Confirmation(payment_id="P1", customer_id=" "), "confirmation.customer_id"),
        (lambda: Confirmation(payment_id="", customer_id="C1"), "confirmation.payment_id"),
        (lambda: Confirmation(payment_id="P1", customer_id="C1", items="INV-1"), "items"),
        (
            lambda: Confirmation(payment_id="P1", customer_id="C1", payer_name=None),
            "payer_name",
        ),
        (
            lambda: Confirmation(payment_id="P1", customer_id="C1", payer_account=7),
            "payer_account",
        ),
        (lambda: Confirmation.of("P1", "C1"), "payment"),
        (lambda: learn(["P1"]), "confirmations[0]"),
        (lambda: learn([], memory="old"), "memory"),
        (lambda: PayerMemory(names=("x",)), "payer_memory.names"),
        (
            lambda: match([], [], as_of=AS_OF, memory={"names": []}),
            "memory",
        ),
    ],
)
def test_bad_input_is_named(build: Any, field: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(field)):
        build()


def test_a_memory_needs_an_id_and_a_version() -> None:
    with pytest.raises(PolicyError, match=r"policy\.version"):
        PayerMemory(version="")


# Fewer examples than the CI profile's 150: each example runs two whole cash applications.
@settings(max_examples=25)
@given(cashapp_cases())
def test_an_empty_memory_changes_nothing(case: Any) -> None:
    payments, items = case
    alone = match(payments, items, customers=CASHAPP_CUSTOMERS, as_of=AS_OF)
    empty = match(payments, items, customers=CASHAPP_CUSTOMERS, as_of=AS_OF, memory=PayerMemory())
    assert alone.decisions == empty.decisions


def test_a_factor_confirmed_for_several_customers_is_trusted_when_the_references_agree() -> None:
    factor = "ATLAS CAPITAL FACTORING"
    memory = learn(
        [
            Confirmation(payment_id="P1", customer_id="C5", payer_name=factor),
            Confirmation(payment_id="P2", customer_id="C6", payer_name=factor),
        ]
    )
    assert Recall(memory).by_name(factor) is None  # it pays for both: the name alone says nothing
    payment = _pay("P3", "990.00", payer_name=factor, remittance="INV-88001")
    (before,) = _decide([payment])
    assert before.outcome is MatchOutcome.PROPOSED
    (after,) = _decide([payment], memory)
    assert (after.outcome, after.customer_id) == (MatchOutcome.APPLIED, "C6")
    (used,) = [r for r in after.reasons if r.code == "customer_by_memory"]
    assert used.data["remembered"] == "payments for this customer"
    (alone,) = _decide([_pay("P4", "990.00", payer_name=factor)], memory)
    assert alone.outcome is not MatchOutcome.APPLIED
