"""Who paid: the rules in order, third parties, and the joint weighing when no rule can say."""

from __future__ import annotations

import datetime as dt

from receivables.cashapp.columns import day_number, item_table, payment_table
from receivables.cashapp.identification import Who, identify, weigh
from receivables.cashapp.openitems import OpenItems
from receivables.cashapp.payers import PayerIndex
from receivables.cashapp.policy import MatchPolicy
from receivables.cashapp.references import extract_references

AS_OF = day_number(dt.date(2026, 3, 31))
IDS = ["E1", "E2", "C5", "N1"]
NAMES = [
    "Distribuidora La Esperanza Ltda.",
    "Distribuidora La Esperanza S.A.",
    "Harbor Foods LLC",
    "Northwind Factoring S.A.",
]


def _setup(payer: str, remittance: str, amount: int, account: str | None = None) -> tuple:
    payments = payment_table(
        {
            "id": ["P1"],
            "amount": [amount],
            "currency": ["USD"],
            "received_date": ["2026-03-02"],
            "payer_name": [payer],
            "remittance": [remittance],
            "payer_account": [account],
        }
    )
    index = OpenItems(
        item_table(
            {
                "number": ["FV-0005230", "FV-0005231", "FV-0007100", "INV-77001"],
                "customer_id": ["E1", "E1", "E2", "C5"],
                "open": [150_000, 80_000, 95_000, 123_456],
                "currency": ["USD"] * 4,
                "due_date": ["2026-02-01"] * 4,
            }
        ),
        AS_OF,
    )
    payers = PayerIndex(IDS, NAMES, bank_accounts=[(), (), (), ("NL12 FACT",)])
    references = [extract_references(remittance, min_length=3)]
    return payments, index, payers, references


def test_the_rules_in_order() -> None:
    payments, index, payers, references = _setup("HARBOR FOODS INC", "", 1000)
    (who,) = identify(payments, index, payers, MatchPolicy(), references)
    assert (who.customer, who.reasons[-1][0]) == ("C5", "customer_by_name")


def test_a_factor_paying_on_behalf_of_a_customer_is_a_third_party() -> None:
    for payer, account in (("NORTHWIND FACTORING", None), ("", "NL12FACT"), ("ZENITH", None)):
        payments, index, payers, references = _setup(
            payer, "ON BEHALF OF HARBOR FOODS INV-77001", 123_456, account
        )
        (who,) = identify(payments, index, payers, MatchPolicy(), references)
        assert (who.customer, who.reasons[-1][0]) == ("C5", "third_party_payer"), payer


def test_a_remittance_without_the_customer_name_is_not_a_third_party() -> None:
    payments, index, payers, references = _setup("ZENITH", "INV-77001", 123_456)
    (who,) = identify(payments, index, payers, MatchPolicy(), references)
    assert who.reasons[-1][0] == "customer_by_reference_name_differs"
    assert who.confidence < float(MatchPolicy().auto_apply_confidence)


def test_sisters_are_not_told_apart_by_the_rules() -> None:
    payments, index, payers, references = _setup("DISTRIBUIDORA LA ESPERANZA LTDA", "", 80_000)
    (who,) = identify(payments, index, payers, MatchPolicy(), references)
    assert who.customer is None


def test_weighing_the_legal_name_and_the_amount() -> None:
    payments, index, payers, references = _setup("DISTRIBUIDORA LA ESPERANZA LTDA", "", 80_000)
    chosen, weighed = weigh(
        payments, index, payers, MatchPolicy(), 0, Who(None, 0.0, (), ()), references[0]
    )
    assert chosen is not None
    assert (chosen.customer, chosen.rows, chosen.points) == ("E1", (1,), 110)
    assert {(e.customer, e.points) for e in weighed} == {("E1", 110), ("E2", 50)}


def test_weighing_a_tie_chooses_nothing() -> None:
    payments, index, payers, references = _setup("DISTRIBUIDORA LA ESPERANZA", "", 80_000)
    policy = MatchPolicy(joint_margin=31)
    chosen, _ = weigh(payments, index, payers, policy, 0, Who(None, 0.0, (), ()), references[0])
    assert chosen is None  # 80 against 50: a margin of 30 is not 31
    chosen, _ = weigh(
        payments, index, payers, MatchPolicy(), 0, Who(None, 0.0, (), ()), references[0]
    )
    assert chosen is not None
    assert chosen.customer == "E1"
