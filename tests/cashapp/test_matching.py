"""match(): every bullet of issue 4's "What it must handle", the results, errors, properties."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.iso7064 import mod_97_10

from receivables.cashapp import (
    DifferenceAction,
    MatchDecision,
    MatchOutcome,
    MatchPolicy,
    match,
)
from receivables.documents import Application, Customer, Discount, Invoice, Payment
from receivables.errors import ValidationError
from receivables.ledger import Ledger
from receivables.money import Rate, RateTable, from_minor, money
from receivables.samples import generate
from tests.strategies import CASHAPP_CUSTOMERS, cashapp_cases

AS_OF = dt.date(2026, 3, 31)
CUSTOMERS = [
    Customer(id="C1", name="Ferretería El Tornillo S.A.S.", bank_accounts=["ES76 2077 0024"]),
    Customer(id="C2", name="Acme Holdings Inc"),
    Customer(id="C3", name="Comercial Andina Ltda"),
    Customer(id="C4", name="Grupo Norte S. de R.L. de C.V."),
    Customer(id="C5", name="Harbor Foods LLC"),
    Customer(id="C6", name="Müller Maschinen GmbH"),
    Customer(id="C7", name="Pacífico Distribuciones S.A."),
]


def inv(
    number: str,
    amount: str,
    customer: str = "C1",
    *,
    due: dt.date = dt.date(2026, 2, 1),
    discounts: tuple[Discount, ...] = (),
    currency: str = "USD",
) -> Invoice:
    return Invoice(
        number=number,
        customer_id=customer,
        issue_date=dt.date(2026, 1, 1),
        due_date=due,
        amount=money(amount, currency),
        discounts=discounts,
    )


def pay(
    pid: str,
    amount: str,
    *,
    name: str = "",
    remittance: str = "",
    customer: str | None = None,
    account: str | None = None,
    received: dt.date = dt.date(2026, 3, 1),
    currency: str = "USD",
) -> Payment:
    return Payment(
        id=pid,
        amount=money(amount, currency),
        received_date=received,
        payer_name=name,
        remittance=remittance,
        customer_id=customer,
        payer_account=account,
    )


def decide(payments: list[Payment], items: list[Any], **options: Any) -> list[MatchDecision]:
    return list(match(payments, items, customers=CUSTOMERS, as_of=AS_OF, **options).decisions)


def applied_items(decision: MatchDecision) -> list[str]:
    return [line.item for line in decision.lines]


def codes(decision: MatchDecision) -> list[str]:
    return [reason.code for reason in decision.reasons]


# --- 1. who paid ---------------------------------------------------------------------


def test_customer_id_given_by_the_bank() -> None:
    (d,) = decide([pay("P1", "100.00", customer="C3")], [inv("X-1", "100.00", "C3")])
    assert (d.outcome, d.customer_id) == (MatchOutcome.APPLIED, "C3")
    assert "customer_given" in codes(d)


def test_bank_account_mapping() -> None:
    (d,) = decide([pay("P1", "100.00", account="es7620770024")], [inv("X-1", "100.00")])
    assert d.customer_id == "C1"
    assert "customer_by_bank_account" in codes(d)
    assert d.outcome is MatchOutcome.APPLIED


@pytest.mark.parametrize(
    ("payer", "customer"),
    [
        ("FERRETERIA EL TORNILLO", "C1"),  # case and accents
        ("Ferreteria El Tornillo S.A.", "C1"),  # another legal form
        ("TORNILLO FERRETERIA EL SAS", "C1"),  # word order
        ("ACME HOLDINGS, LLC", "C2"),  # Inc vs LLC
        ("Comercial Andina", "C3"),  # Ltda dropped
        ("GRUPO NORTE S DE RL", "C4"),  # S. de R.L.
        ("Harbor Foods Inc.", "C5"),
        ("MULLER MASCHINEN", "C6"),  # GmbH and the umlaut
        ("PACIFICO DISTRIBUCIONES SA", "C7"),
    ],
)
def test_payer_name_ignores_case_accents_legal_forms_and_order(payer: str, customer: str) -> None:
    (d,) = decide([pay("P1", "321.09", name=payer)], [inv("X-1", "321.09", customer)])
    assert d.customer_id == customer
    assert d.outcome is MatchOutcome.APPLIED


def test_payer_name_with_a_typo_is_found_fuzzily() -> None:
    (d,) = decide([pay("P1", "321.09", name="FERRETERIA EL TORNIYO SAS")], [inv("X-1", "321.09")])
    assert d.customer_id == "C1"
    assert "customer_by_fuzzy_name" in codes(d)


def test_references_identify_the_customer_when_nothing_else_does() -> None:
    (d,) = decide([pay("P1", "500.00", remittance="INV-1001")], [inv("INV-1001", "500.00", "C5")])
    assert d.customer_id == "C5"
    assert "customer_by_reference" in codes(d)
    assert d.outcome is MatchOutcome.APPLIED


def test_references_against_a_different_payer_name_are_only_proposed() -> None:
    (d,) = decide(
        [pay("P1", "500.00", name="Zeta Industrial Supplies", remittance="INV-1001")],
        [inv("INV-1001", "500.00", "C5")],
    )
    assert d.customer_id == "C5"
    assert "customer_by_reference_name_differs" in codes(d)
    assert d.outcome is MatchOutcome.PROPOSED


def test_shared_name_is_settled_by_the_references() -> None:
    customers = [Customer(id="A", name="Andina S.A."), Customer(id="B", name="Andina Ltda")]
    result = match(
        [pay("P1", "10.00", name="ANDINA", remittance="B-7001")],
        [inv("A-7001", "10.00", "A"), inv("B-7001", "10.00", "B")],
        customers=customers,
        as_of=AS_OF,
    )
    (d,) = result.decisions
    assert d.customer_id == "B"
    assert "customer_by_name_and_reference" in codes(d)


# --- 2. references ---------------------------------------------------------------------

ITEMS = [inv("INV-001001", "100.00"), inv("INV-001002", "100.00"), inv("INV-001003", "100.00")]


def test_exact_invoice_number() -> None:
    (d,) = decide([pay("P1", "100.00", customer="C1", remittance="INV-001002")], ITEMS)
    assert applied_items(d) == ["INV-001002"]
    assert "reference_exact" in codes(d)
    assert d.outcome is MatchOutcome.APPLIED


@pytest.mark.parametrize(
    "written",
    [
        "inv 1002",
        "INV1002",
        "Inv.-001002",
        "FAC 1002",
        "FACT. 001002",
        "No. 1002",
        "#1002",
        "factura 1002",
    ],
)
def test_normalised_reference(written: str) -> None:
    (d,) = decide([pay("P1", "100.00", customer="C1", remittance=written)], ITEMS)
    assert applied_items(d) == ["INV-001002"]
    assert d.outcome is MatchOutcome.APPLIED


def test_several_references_in_spanish_text() -> None:
    items = [inv("1234", "10.00"), inv("1235", "20.00"), inv("1240", "30.00"), inv("1241", "60.00")]
    (d,) = decide(
        [pay("P1", "60.00", customer="C1", remittance="PAGO FACTURAS 1234, 1235 Y 1240")], items
    )
    assert sorted(applied_items(d)) == ["1234", "1235", "1240"]
    assert d.outcome is MatchOutcome.APPLIED


def test_several_references_in_english_text() -> None:
    items = [inv("INV-770", "10.00"), inv("INV-771", "20.00"), inv("INV-772", "30.00")]
    (d,) = decide(
        [pay("P1", "30.00", customer="C1", remittance="Invoices 770 and 771, thanks")], items
    )
    assert sorted(applied_items(d)) == ["INV-770", "INV-771"]


def test_abono_fact_with_series_and_leading_zeros() -> None:
    (d,) = decide(
        [pay("P1", "45.00", customer="C1", remittance="abono fact 001-0045")],
        [inv("001-0045", "45.00"), inv("001-0046", "45.00")],
    )
    assert applied_items(d) == ["001-0045"]
    assert d.outcome is MatchOutcome.APPLIED


def test_truncated_reference() -> None:
    items = [inv("FAC-2026-004512", "75.00"), inv("FAC-2026-009999", "75.00")]
    (d,) = decide([pay("P1", "75.00", customer="C1", remittance="FAC-2026-0045")], items)
    assert applied_items(d) == ["FAC-2026-004512"]
    assert "reference_truncated" in codes(d)


def test_one_typo_in_the_reference() -> None:
    items = [inv("FAC-2026-00451", "75.00"), inv("FAC-2026-00999", "75.00")]
    (d,) = decide([pay("P1", "75.00", customer="C1", remittance="FAC-2026-00457")], items)
    assert applied_items(d) == ["FAC-2026-00451"]
    assert "reference_typo" in codes(d)
    assert d.outcome is MatchOutcome.APPLIED


def test_transposed_digits_in_the_reference() -> None:
    items = [inv("FAC-2026-00451", "75.00"), inv("FAC-2026-00999", "75.00")]
    (d,) = decide([pay("P1", "75.00", customer="C1", remittance="FAC-2026-00415")], items)
    assert applied_items(d) == ["FAC-2026-00451"]
    assert "reference_typo" in codes(d)


def _rf(body: str) -> str:
    return "RF" + mod_97_10.calc_check_digits(body + "RF") + body


def test_rf_creditor_reference_verified() -> None:
    reference = _rf("INV001002")
    (d,) = decide([pay("P1", "100.00", customer="C1", remittance=f"pago {reference}")], ITEMS)
    assert applied_items(d) == ["INV-001002"]
    assert "reference_creditor" in codes(d)


def test_rf_reference_with_bad_check_digits_is_not_used() -> None:
    good = _rf("INV001002")
    bad = good[:2] + f"{(int(good[2:4]) + 1) % 100:02d}" + good[4:]
    (d,) = decide([pay("P1", "100.00", customer="C1", remittance=bad)], ITEMS)
    assert "creditor_reference_invalid" in codes(d)
    assert d.outcome is MatchOutcome.PROPOSED  # three invoices of 100.00 and no usable reference


# --- 3. amounts ------------------------------------------------------------------------


def test_one_invoice_exactly_by_amount() -> None:
    (d,) = decide([pay("P1", "250.00", customer="C1")], [inv("A", "250.00"), inv("B", "99.00")])
    assert applied_items(d) == ["A"]
    assert "amount_unique" in codes(d)


def test_one_payment_for_several_invoices_by_amount() -> None:
    items = [inv("A", "120.10"), inv("B", "75.25"), inv("C", "310.00"), inv("D", "42.42")]
    (d,) = decide([pay("P1", "237.77", customer="C1")], items)
    assert sorted(applied_items(d)) == ["A", "B", "D"]
    assert d.outcome is MatchOutcome.APPLIED


def test_referenced_items_are_preferred_over_amount_alone() -> None:
    items = [inv("A-5001", "100.00", due=dt.date(2026, 1, 5)), inv("B-5002", "100.00")]
    (d,) = decide([pay("P1", "100.00", customer="C1", remittance="B-5002")], items)
    assert applied_items(d) == ["B-5002"]


def test_oldest_is_ranked_first_when_a_person_must_choose() -> None:
    items = [
        inv("NEW", "100.00", due=dt.date(2026, 3, 1)),
        inv("OLD", "100.00", due=dt.date(2026, 1, 2)),
    ]
    (d,) = decide([pay("P1", "100.00", customer="C1")], items)
    assert d.outcome is MatchOutcome.PROPOSED
    assert [c.items for c in d.alternatives] == [("OLD",), ("NEW",)]


def test_same_amount_is_never_decided_by_a_fuzzy_score() -> None:
    items = [inv("A", "100.00"), inv("B", "100.00")]
    (d,) = decide([pay("P1", "100.00", name="Ferreteria el Tornillo")], items)
    assert d.outcome is MatchOutcome.PROPOSED
    assert "same_amount_ambiguous" in codes(d)
    assert {c.items for c in d.alternatives} == {("A",), ("B",)}


def test_partial_payment_with_reference() -> None:
    (d,) = decide(
        [pay("P1", "40.00", customer="C1", remittance="INV-9009")], [inv("INV-9009", "100.00")]
    )
    assert d.outcome is MatchOutcome.APPLIED
    assert d.difference_action is DifferenceAction.PARTIAL
    assert d.lines[0].amount == money("40.00", "USD")
    assert d.lines[0].difference == money("60.00", "USD")


def test_short_payment_within_absolute_tolerance_is_written_off() -> None:
    (d,) = decide(
        [pay("P1", "999.40", customer="C1", remittance="INV-9009")], [inv("INV-9009", "1000.00")]
    )
    assert d.difference_action is DifferenceAction.WRITE_OFF
    assert d.difference == money("0.60", "USD")
    assert "short_pay_written_off" in codes(d)


def test_short_payment_within_percent_tolerance() -> None:
    policy = MatchPolicy(write_off_amount=Decimal("100"), write_off_percent=Decimal("1"))
    (d,) = decide(
        [pay("P1", "99.10", customer="C1", remittance="INV-9009")],
        [inv("INV-9009", "100.00")],
        policy=policy,
    )
    assert d.difference_action is DifferenceAction.WRITE_OFF  # 0.90 <= 1 % of 100.00
    (d,) = decide(
        [pay("P1", "98.90", customer="C1", remittance="INV-9009")],
        [inv("INV-9009", "100.00")],
        policy=policy,
    )
    assert d.difference_action is DifferenceAction.DEDUCTION  # 1.10 > 1 %, kept as deduction


def test_short_payment_kept_as_deduction_with_reason() -> None:
    (d,) = decide(
        [pay("P1", "985.00", customer="C1", remittance="INV-9009")], [inv("INV-9009", "1000.00")]
    )
    assert d.outcome is MatchOutcome.APPLIED
    assert d.difference_action is DifferenceAction.DEDUCTION
    assert "short_pay_deduction" in codes(d)


def test_earned_discount_is_taken_before_calling_a_payment_short() -> None:
    # 2/10 net 30 on 1,000.00: paying 980.00 by day 10 settles the invoice (Odoo's cash discount).
    discount = Discount(amount=money("20.00", "USD"), until=dt.date(2026, 1, 11))
    invoice = inv("INV-9009", "1000.00", discounts=(discount,))
    (d,) = decide(
        [pay("P1", "980.00", customer="C1", remittance="INV-9009", received=dt.date(2026, 1, 10))],
        [invoice],
    )
    assert d.outcome is MatchOutcome.APPLIED
    assert "discount_taken" in codes(d)
    assert d.lines[0].discount == money("20.00", "USD")
    assert d.lines[0].cleared == money("1000.00", "USD")


def test_discount_after_its_window_is_not_taken() -> None:
    discount = Discount(amount=money("20.00", "USD"), until=dt.date(2026, 1, 11))
    invoice = inv("INV-9009", "1000.00", discounts=(discount,))
    (d,) = decide(
        [pay("P1", "980.00", customer="C1", remittance="INV-9009", received=dt.date(2026, 1, 20))],
        [invoice],
    )
    assert "discount_taken" not in codes(d)
    assert d.difference_action is DifferenceAction.DEDUCTION


def test_discount_found_by_amount_alone() -> None:
    discount = Discount(amount=money("20.00", "USD"), until=dt.date(2026, 1, 11))
    items = [inv("INV-9009", "1000.00", discounts=(discount,)), inv("INV-9010", "333.00")]
    (d,) = decide([pay("P1", "980.00", customer="C1", received=dt.date(2026, 1, 5))], items)
    assert applied_items(d) == ["INV-9009"]
    assert "discount_taken" in codes(d)


def test_bank_fee_deducted() -> None:
    policy = MatchPolicy(bank_fee_amount=Decimal("25"))
    (d,) = decide(
        [pay("P1", "4980.00", customer="C1", remittance="INV-9009")],
        [inv("INV-9009", "5000.00")],
        policy=policy,
    )
    assert d.difference_action is DifferenceAction.BANK_FEE
    assert "bank_fee_deducted" in codes(d)


def test_overpayment_left_on_account() -> None:
    (d,) = decide(
        [pay("P1", "1100.00", customer="C1", remittance="INV-9009")], [inv("INV-9009", "1000.00")]
    )
    assert d.outcome is MatchOutcome.APPLIED
    assert "overpayment_on_account" in codes(d)
    assert d.unapplied == money("100.00", "USD")
    assert d.applied == money("1000.00", "USD")


def test_several_payments_for_one_invoice() -> None:
    payments = [
        pay("P1", "300.00", customer="C1", remittance="INV-9009", received=dt.date(2026, 3, 1)),
        pay("P2", "700.00", customer="C1", remittance="INV-9009", received=dt.date(2026, 3, 5)),
    ]
    first, second = decide(payments, [inv("INV-9009", "1000.00")])
    assert first.difference_action is DifferenceAction.PARTIAL
    assert second.outcome is MatchOutcome.APPLIED
    assert "amount_exact" in codes(second)
    assert second.lines[0].amount == money("700.00", "USD")


def test_referenced_items_plus_exactly_one_other_set() -> None:
    items = [inv("INV-9009", "100.00"), inv("INV-9010", "55.55"), inv("INV-9011", "77.00")]
    (d,) = decide([pay("P1", "155.55", customer="C1", remittance="INV-9009")], items)
    assert sorted(applied_items(d)) == [
        "INV-9009",
        "INV-9010",
    ]
    assert "referenced_and_amount" in codes(d)


def test_no_amount_match_is_proposed_oldest_first() -> None:
    items = [inv("A", "100.00", due=dt.date(2026, 1, 2)), inv("B", "100.00")]
    (d,) = decide([pay("P1", "150.00", customer="C1")], items)
    assert d.outcome is MatchOutcome.PROPOSED
    assert "no_amount_match" in codes(d)
    assert applied_items(d) == ["A", "B"]


def test_customer_with_nothing_open_keeps_the_payment_on_account() -> None:
    (d,) = decide([pay("P1", "10.00", customer="C2")], [inv("A", "10.00", "C1")])
    assert d.outcome is MatchOutcome.ON_ACCOUNT
    assert "no_open_items" in codes(d)


# --- 4. duplicates ---------------------------------------------------------------------


def test_duplicate_payment_is_flagged_and_never_applied_twice() -> None:
    payments = [
        pay("P2", "100.00", customer="C1", remittance="INV-001001", received=dt.date(2026, 3, 3)),
        pay("P1", "100.00", customer="C1", remittance="INV-001001", received=dt.date(2026, 3, 1)),
    ]
    second, first = decide(payments, ITEMS)
    assert first.outcome is MatchOutcome.APPLIED
    assert second.outcome is MatchOutcome.DUPLICATE
    assert second.duplicate_of == "P1"
    assert second.lines == ()
    assert second.unapplied == second.amount


# --- 5. unidentified -------------------------------------------------------------------


def test_unidentified_deposit_gets_suggestions_and_is_never_applied() -> None:
    (d,) = decide([pay("P1", "100.00", name="ACME HOLD CORP")], [inv("A", "100.00", "C2")])
    assert d.outcome is MatchOutcome.UNIDENTIFIED
    assert d.customer_id is None
    assert d.suggestions
    assert d.suggestions[0].customer_id == "C2"
    assert d.alternatives[0].items == ("A",)
    assert d.alternatives[0].customer_id == "C2"
    assert d.lines == ()
    assert d.confidence == 0.0


def test_payer_unknown_without_anything_is_unidentified() -> None:
    (d,) = decide([pay("P1", "100.00", name="Persona Natural 123")], [inv("A", "100.00", "C2")])
    assert d.outcome is MatchOutcome.UNIDENTIFIED
    assert "customer_not_found" in codes(d)


def test_unknown_customer_id_falls_back_to_other_clues() -> None:
    (d,) = decide(
        [pay("P1", "100.00", customer="NOPE", name="Acme Holdings")], [inv("A", "100.00", "C2")]
    )
    assert "customer_id_unknown" in codes(d)
    assert d.customer_id == "C2"


# --- 6. another currency ---------------------------------------------------------------

RATES = RateTable([Rate("EUR", "USD", Decimal("1.10"), dt.date(2026, 1, 1))])


def test_another_currency_needs_a_rate_table() -> None:
    (d,) = decide(
        [pay("P1", "100.00", customer="C1", remittance="INV-9009", currency="EUR")],
        [inv("INV-9009", "110.00")],
    )
    assert d.outcome is MatchOutcome.ON_ACCOUNT
    assert "currency_needs_rate" in codes(d)


def test_another_currency_with_rates_and_an_fx_difference() -> None:
    (d,) = decide(
        [pay("P1", "100.00", customer="C1", remittance="INV-9009", currency="EUR")],
        [inv("INV-9009", "111.00")],
        rates=RATES,
    )
    assert d.outcome is MatchOutcome.APPLIED
    assert d.difference_action is DifferenceAction.FX_DIFFERENCE
    assert "fx_difference" in codes(d)
    assert d.lines[0].source_amount == money("100.00", "EUR")
    assert d.lines[0].amount + d.difference == money("111.00", "USD")


def test_fx_gain_clears_the_item_and_spends_the_payment() -> None:
    result = match(
        [pay("P1", "100.00", customer="C1", remittance="INV-9009", currency="EUR")],
        [inv("INV-9009", "109.00")],
        customers=CUSTOMERS,
        as_of=AS_OF,
        rates=RATES,
    )
    (d,) = result.decisions
    assert d.difference_action is DifferenceAction.FX_DIFFERENCE
    assert d.lines[0].amount == money("109.00", "USD")
    assert d.difference == money("-1.00", "USD")
    assert d.unapplied == money("0.00", "EUR")
    assert result.adjustments() == ()


def test_another_currency_exact_after_conversion() -> None:
    result = match(
        [pay("P1", "100.00", customer="C1", remittance="INV-9009", currency="EUR")],
        [inv("INV-9009", "110.00")],
        customers=CUSTOMERS,
        as_of=AS_OF,
        rates=RATES,
    )
    (application,) = result.applications()
    assert application.amount == money("110.00", "USD")
    assert application.source_amount == money("100.00", "EUR")


def test_missing_rate_on_the_day_keeps_it_on_account() -> None:
    rates = RateTable([Rate("EUR", "USD", Decimal("1.10"), dt.date(2026, 6, 1))])
    (d,) = decide(
        [pay("P1", "100.00", customer="C1", currency="EUR")],
        [inv("INV-9009", "110.00")],
        rates=rates,
    )
    assert d.outcome is MatchOutcome.ON_ACCOUNT
    assert "rate_missing" in codes(d)


# --- 7. never over-applied, same result ------------------------------------------------


def test_two_payments_compete_for_one_invoice() -> None:
    payments = [
        pay("P1", "100.00", customer="C1", remittance="INV-001001"),
        pay("P2", "100.00", customer="C1", remittance="INV-001001 again"),
    ]
    first, second = decide(payments, [inv("INV-001001", "100.00")])
    assert first.outcome is MatchOutcome.APPLIED
    assert second.outcome is MatchOutcome.ON_ACCOUNT
    assert "referenced_item_settled" in codes(second)


def test_same_inputs_same_result() -> None:
    payments = [pay("P1", "100.00", customer="C1"), pay("P2", "100.00", name="FERRETERIA")]
    assert decide(payments, ITEMS) == decide(payments, ITEMS)


# --- the result ------------------------------------------------------------------------


def test_applications_adjustments_rows_and_frame() -> None:
    payments = [
        pay("P1", "999.40", customer="C1", remittance="INV-9009"),
        pay("P2", "5.00", name="nobody at all"),
    ]
    result = match(payments, [inv("INV-9009", "1000.00")], customers=CUSTOMERS, as_of=AS_OF)
    (application,) = result.applications()
    assert isinstance(application, Application)
    assert (application.id, application.target_number) == ("P1/1", "INV-9009")
    assert application.amount == money("999.40", "USD")
    (adjustment,) = result.adjustments()
    assert adjustment.kind.value == "write_off"
    assert adjustment.amount == money("0.60", "USD")
    rows = result.rows()
    assert [row["payment_id"] for row in rows] == ["P1", "P2"]
    assert rows[0]["amount"] == Decimal("999.40")
    assert rows[1]["item"] is None
    frame = result.frame()
    assert list(frame["outcome"]) == ["applied", "unidentified"]
    assert result.outcomes() == (MatchOutcome.APPLIED, MatchOutcome.UNIDENTIFIED)
    assert len(result) == 2


def test_decision_records_policy_confidence_and_reasons() -> None:
    policy = MatchPolicy(id="ar-cash", version="7")
    (d,) = decide(
        [pay("P1", "100.00", customer="C1", remittance="INV-001001")], ITEMS, policy=policy
    )
    assert (d.policy_id, d.policy_version) == ("ar-cash", "7")
    assert 0.0 <= d.confidence <= 1.0
    assert all(reason.message for reason in d.reasons)


def test_low_confidence_is_proposed() -> None:
    policy = MatchPolicy(auto_apply_confidence=Decimal("1"))
    (d,) = decide(
        [pay("P1", "100.00", name="Ferreteria El Tornillo", remittance="INV-001001")],
        ITEMS,
        policy=policy,
    )
    assert d.outcome is MatchOutcome.PROPOSED
    assert "confidence_below_threshold" in codes(d)


def test_progress_hears_every_payment() -> None:
    heard: list[int] = []
    match([pay("P1", "1.00", customer="C1")], ITEMS, as_of=AS_OF, progress=heard.append)

    class Bar:
        total = 0

        def update(self, n: int) -> None:
            self.total += n

    bar = Bar()
    match([pay("P1", "1.00", customer="C1")], ITEMS, as_of=AS_OF, progress=bar)
    assert sum(heard) == 1
    assert bar.total == 1


def _one_item_columns() -> dict[str, Any]:
    """INV-9009, 100.00 USD open for C1, as fresh columns (tests may check they stay unchanged)."""
    return {
        "number": ["INV-9009"],
        "customer_id": ["C1"],
        "open": np.array([10000]),
        "currency": ["USD"],
        "due_date": ["2026-02-01"],
    }


def test_columns_in_columns_out() -> None:
    payments = {
        "id": ["P1"],
        "amount": np.array([10000]),
        "currency": ["USD"],
        "received_date": ["2026-03-01"],
        "customer_id": ["C1"],
        "remittance": ["INV-9009"],
    }
    items = _one_item_columns()
    before = payments["amount"].copy()
    table = match(payments, items, as_of=AS_OF).columns()
    assert table["item"] == ["INV-9009"]
    assert table["amount"] == [10000]
    assert (payments["amount"] == before).all()  # inputs unchanged


# --- errors ----------------------------------------------------------------------------


def test_as_of_must_be_a_date() -> None:
    with pytest.raises(ValidationError, match="as_of"):
        match([], [], as_of=dt.datetime(2026, 1, 1))  # noqa: DTZ001


def test_payments_after_as_of_are_refused() -> None:
    with pytest.raises(ValidationError, match=r"payments\[0\]\.received_date"):
        match([pay("P1", "1.00", received=dt.date(2026, 4, 2))], [], as_of=AS_OF)


def test_policy_and_rates_must_be_the_right_types() -> None:
    with pytest.raises(ValidationError, match="policy"):
        match([], [], as_of=AS_OF, policy={"id": "x"})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="rates"):
        match([], [], as_of=AS_OF, rates={"EUR": 1})  # type: ignore[arg-type]


def test_confidence_outside_zero_one_is_refused() -> None:
    with pytest.raises(ValidationError, match="confidence"):
        MatchDecision(
            payment_id="P",
            outcome="applied",
            customer_id=None,
            amount=money("1.00", "USD"),
            unapplied=money("1.00", "USD"),
            confidence=1.5,
            policy_id="p",
            policy_version="1",
        )


# --- properties ------------------------------------------------------------------------

Case = tuple[dict[str, list[object]], dict[str, list[object]]]


def _run(case: Case) -> Any:
    payments, items = case
    return match(payments, items, customers=CASHAPP_CUSTOMERS, as_of=AS_OF)


def _by_payment(result: Any) -> dict[str, list[tuple[object, ...]]]:
    found: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    for row in result.rows():
        found[row["payment_id"]].append(tuple(sorted((k, str(v)) for k, v in row.items())))
    return dict(found)


# Fewer examples than the CI profile's 150: each example runs a whole cash application over a random portfolio.
@settings(max_examples=40)
@given(cashapp_cases())
def test_never_over_applied_and_money_conserved(case: Case) -> None:
    _payments, items = case
    result = _run(case)
    opened = dict(zip(items["number"], items["open"], strict=True))
    cleared: dict[str, int] = defaultdict(int)
    for decision in result.decisions:
        spent = sum((line.source_amount for line in decision.lines), money("0", "USD"))
        assert spent + decision.unapplied == decision.amount
        assert spent <= decision.amount
        assert decision.unapplied.amount >= 0
        assert 0.0 <= decision.confidence <= 1.0
        if decision.outcome is not MatchOutcome.APPLIED:
            continue
        settles = decision.difference_action in (
            DifferenceAction.WRITE_OFF,
            DifferenceAction.BANK_FEE,
        )
        for line in decision.lines:
            units = int(line.cleared.amount * 100)
            if settles and line.difference is not None:
                units += int(line.difference.amount * 100)
            cleared[line.item] += units
    for number, units in cleared.items():
        assert units <= opened[number], number


# Fewer examples than the CI profile's 150: each example runs a whole cash application over a random portfolio.
@settings(max_examples=25)
@given(cashapp_cases())
def test_same_inputs_same_result_property(case: Case) -> None:
    assert _run(case).rows() == _run(case).rows()


# Fewer examples than the CI profile's 150: each example runs a whole cash application over a random portfolio.
@settings(max_examples=25)
@given(cashapp_cases(), st.randoms(use_true_random=False))
def test_permuting_the_inputs_does_not_change_the_result(case: Case, rnd: random.Random) -> None:
    payments, items = case
    p_order = list(range(len(payments["id"])))
    i_order = list(range(len(items["number"])))
    rnd.shuffle(p_order)
    rnd.shuffle(i_order)
    shuffled = (
        {k: [v[i] for i in p_order] for k, v in payments.items()},
        {k: [v[i] for i in i_order] for k, v in items.items()},
    )
    assert _by_payment(_run(case)) == _by_payment(_run(shuffled))


def test_no_amount_match_offers_the_nearest_items_first() -> None:
    items = [inv("A", "100.00", due=dt.date(2026, 1, 2)), inv("B", "400.00"), inv("C", "90.00")]
    (d,) = decide([pay("P1", "380.00", customer="C1")], items)
    assert d.outcome is MatchOutcome.PROPOSED
    assert d.alternatives[0].items == ("B",)  # a partial payment of B is the likeliest story


def test_several_items_within_a_tolerance_are_only_proposed() -> None:
    items = [inv("A", "100.00"), inv("B", "200.00"), inv("C", "999.00")]
    (d,) = decide([pay("P1", "299.50", customer="C1")], items)
    assert d.outcome is MatchOutcome.PROPOSED
    assert d.alternatives[0].items == ("A", "B")


def test_one_item_within_the_write_off_window_is_applied_by_amount() -> None:
    items = [inv("A", "300.00"), inv("B", "999.00")]
    (d,) = decide([pay("P1", "299.50", customer="C1")], items)
    assert d.outcome is MatchOutcome.APPLIED
    assert d.difference_action is DifferenceAction.WRITE_OFF


def test_reference_split_by_a_space_is_found() -> None:
    items = [inv("001-0000145", "10.00"), inv("001-0000146", "10.00")]
    (d,) = decide([pay("P1", "10.00", customer="C1", remittance="pago 001 0000145")], items)
    assert applied_items(d) == ["001-0000145"]
    assert d.outcome is MatchOutcome.APPLIED


def test_policy_from_a_plain_dict_through_cattrs() -> None:
    import cattrs

    converter = cattrs.Converter()
    policy = converter.structure(
        {"id": "ar", "version": "3", "write_off_amount": "2.50", "duplicate_window_days": 3},
        MatchPolicy,
    )
    assert policy.write_off_amount == Decimal("2.50")
    assert converter.structure(converter.unstructure(policy), MatchPolicy) == policy


def test_a_failing_match_leaves_its_inputs_unchanged() -> None:
    payments = {
        "id": ["P1"],
        "amount": np.array([10000]),
        "currency": ["USD"],
        "received_date": ["2026-05-01"],
    }
    items = _one_item_columns()
    snapshot = ({k: list(v) for k, v in payments.items()}, {k: list(v) for k, v in items.items()})
    with pytest.raises(ValidationError, match="received_date"):
        match(payments, items, as_of=AS_OF)
    assert ({k: list(v) for k, v in payments.items()}, {k: list(v) for k, v in items.items()}) == (
        snapshot
    )


def test_two_customers_equally_like_the_payer_is_unidentified_with_both_suggested() -> None:
    customers = [
        Customer(id="A", name="Andina Textiles SA"),
        Customer(id="B", name="Andina Textil SA"),
    ]
    result = match(
        [pay("P1", "10.00", name="ANDINA TEXTILE")],
        [inv("A-7001", "10.00", "A"), inv("B-7001", "10.00", "B")],
        customers=customers,
        as_of=AS_OF,
    )
    (d,) = result.decisions
    assert d.outcome is MatchOutcome.UNIDENTIFIED
    assert {s.customer_id for s in d.suggestions} == {"A", "B"}


def test_fuzzy_name_tie_is_settled_by_the_references() -> None:
    customers = [
        Customer(id="A", name="Andina Textiles SA"),
        Customer(id="B", name="Andina Textil SA"),
        Customer(id="Z", name="Zeta Industrial"),
    ]
    result = match(
        [pay("P1", "10.00", name="ANDINA TEXTILE", remittance="pago 7001")],
        [inv("A-5555", "99.00", "A"), inv("B-7001", "10.00", "B"), inv("Z-7001", "10.00", "Z")],
        customers=customers,
        as_of=AS_OF,
    )
    (d,) = result.decisions
    assert d.customer_id == "B"
    assert "customer_by_fuzzy_name_and_reference" in codes(d)


# --- adversarial cases (review) --------------------------------------------------------


def test_a_bad_rf_reference_beside_a_good_invoice_number_keeps_the_number() -> None:
    (d,) = decide(
        [pay("P1", "100.00", customer="C1", remittance="RF19 5390 0754 7034 INV 001002")], ITEMS
    )
    assert (d.outcome, applied_items(d)) == (MatchOutcome.APPLIED, ["INV-001002"])
    assert "creditor_reference_invalid" in codes(d)
    assert "reference_exact" in codes(d)


def test_a_payment_naming_a_settled_invoice_is_not_applied_elsewhere() -> None:
    # The second payment says it pays INV-001001, which the first already paid: paying
    # INV-001002 instead (same amount) contradicts the payer; a person decides.
    payments = [
        pay("P1", "100.00", customer="C1", remittance="INV-001001"),
        pay("P2", "100.00", customer="C1", remittance="INV-001001 again"),
    ]
    items = [inv("INV-001001", "100.00"), inv("INV-001002", "100.00", due=dt.date(2026, 2, 9))]
    first, second = decide(payments, items)
    assert first.outcome is MatchOutcome.APPLIED
    assert second.outcome is MatchOutcome.PROPOSED
    assert applied_items(second) == ["INV-001002"]
    assert {"referenced_item_settled", "named_item_not_payable"} <= set(codes(second))


def test_a_reference_to_an_item_in_another_currency_is_named_and_only_proposed() -> None:
    items = [inv("INV-001001", "110.00"), inv("INV-002002", "100.00", currency="EUR")]
    (d,) = decide([pay("P1", "110.00", customer="C1", remittance="INV-002002")], items)
    assert d.outcome is MatchOutcome.PROPOSED
    assert "referenced_item_other_currency" in codes(d)
    assert "referenced_item_settled" not in codes(d)


def test_a_single_set_in_a_wider_window_is_unconfirmed_not_ambiguous() -> None:
    (d,) = decide([pay("P1", "998.99", customer="C1")], [inv("A", "1000.00"), inv("B", "5000.00")])
    assert d.outcome is MatchOutcome.PROPOSED
    assert "amount_match_unconfirmed" in codes(d)
    assert "same_amount_ambiguous" not in codes(d)


# Default tolerances: write-off min(1.00, 0.5 %), deduction min(50.00, 2 %) of the open amount.
@pytest.mark.parametrize(
    ("open_amount", "paid", "action"),
    [
        ("1000.00", "999.00", DifferenceAction.WRITE_OFF),  # exactly 1.00 short
        ("1000.00", "998.99", DifferenceAction.DEDUCTION),  # one cent over the write-off
        ("1000.00", "980.00", DifferenceAction.DEDUCTION),  # exactly 2 %
        ("1000.00", "979.99", DifferenceAction.PARTIAL),  # one cent over the deduction
        ("100.00", "99.50", DifferenceAction.WRITE_OFF),  # exactly 0.5 %
        ("100.00", "99.49", DifferenceAction.DEDUCTION),
    ],
)
def test_short_pay_tolerance_boundaries(
    open_amount: str, paid: str, action: DifferenceAction
) -> None:
    items = [inv("INV-004001", open_amount)]
    (d,) = decide([pay("P1", paid, customer="C1", remittance="INV-004001")], items)
    assert d.outcome is MatchOutcome.APPLIED
    assert d.difference_action is action
    short = money(open_amount, "USD") - money(paid, "USD")
    assert d.lines[0].difference == short
    writes_off = action is DifferenceAction.WRITE_OFF
    assert [
        a.amount
        for a in match(
            [pay("P1", paid, customer="C1", remittance="INV-004001")], items, as_of=AS_OF
        ).adjustments()
    ] == ([short] if writes_off else [])


@pytest.mark.parametrize(
    ("paid", "until", "taken"),
    [
        (dt.date(2026, 1, 10), dt.date(2026, 1, 10), True),  # the last day of the window
        (dt.date(2026, 1, 11), dt.date(2026, 1, 10), False),  # one day late
    ],
)
def test_discount_only_inside_its_window(paid: dt.date, until: dt.date, taken: bool) -> None:
    discount = (Discount(amount=money("20.00", "USD"), until=until),)
    items = [inv("INV-005001", "1000.00", discounts=discount)]
    (d,) = decide(
        [pay("P1", "980.00", customer="C1", remittance="INV-005001", received=paid)], items
    )
    assert (d.lines[0].discount == money("20.00", "USD")) is taken
    assert ("discount_taken" in codes(d)) is taken
    if not taken:
        assert d.difference_action is DifferenceAction.DEDUCTION


def test_discount_is_per_invoice_when_one_payment_pays_several() -> None:
    # Only INV-005001 is inside its window on 2026-01-08; INV-005002's ended on the 5th.
    items = [
        inv(
            "INV-005001",
            "1000.00",
            discounts=(Discount(amount=money("20.00", "USD"), until=dt.date(2026, 1, 10)),),
        ),
        inv(
            "INV-005002",
            "500.00",
            discounts=(Discount(amount=money("10.00", "USD"), until=dt.date(2026, 1, 5)),),
        ),
    ]
    (d,) = decide(
        [
            pay(
                "P1",
                "1480.00",
                customer="C1",
                remittance="INV-005001 INV-005002",
                received=dt.date(2026, 1, 8),
            )
        ],
        items,
    )
    assert d.outcome is MatchOutcome.APPLIED
    assert [(line.item, line.discount) for line in d.lines] == [
        ("INV-005001", money("20.00", "USD")),
        ("INV-005002", None),
    ]


def test_empty_inputs_in_every_form() -> None:
    import pandas as pd

    payment_columns: dict[str, list[object]] = {
        "id": [],
        "amount": [],
        "currency": [],
        "received_date": [],
    }
    item_columns: dict[str, list[object]] = {
        "number": [],
        "customer_id": [],
        "open": [],
        "currency": [],
        "due_date": [],
    }
    for payments, items in (
        ([], []),
        (payment_columns, item_columns),
        (pd.DataFrame(payment_columns), pd.DataFrame(item_columns)),
    ):
        result = match(payments, items, as_of=AS_OF)
        assert (len(result), result.applications(), result.rows()) == (0, (), [])
    (d,) = decide([pay("P1", "5.00", customer="C1")], [])
    assert d.outcome is MatchOutcome.ON_ACCOUNT


@pytest.mark.parametrize(("currency", "units"), [("JPY", 123456), ("CLP", 99000), ("BHD", 12345)])
def test_zero_and_three_decimal_currencies_through_columns(currency: str, units: int) -> None:
    payments = {
        "id": ["P1", "P2"],
        "amount": np.array([units - 1, units], dtype=np.int64),
        "currency": [currency] * 2,
        "received_date": ["2026-03-01"] * 2,
        "customer_id": ["C1"] * 2,
        "remittance": ["INV-006001", "INV-006002"],
    }
    items = {
        "number": ["INV-006001", "INV-006002"],
        "customer_id": ["C1"] * 2,
        "open": [units, units],
        "currency": [currency] * 2,
        "due_date": ["2026-02-01"] * 2,
    }
    result = match(payments, items, as_of=AS_OF)
    first, second = result.decisions
    one = from_minor(1, currency)
    assert first.difference_action is DifferenceAction.WRITE_OFF
    assert first.lines[0].difference == one
    assert second.lines[0].amount == from_minor(units, currency)
    assert [a.amount for a in result.adjustments()] == [one]
    objects = match(
        [
            pay(
                p,
                str(from_minor(int(a), currency).amount),
                customer="C1",
                remittance=r,
                currency=currency,
            )
            for p, a, r in zip(
                payments["id"], payments["amount"], payments["remittance"], strict=True
            )
        ],
        [
            inv(n, str(from_minor(units, currency).amount), currency=currency)
            for n in items["number"]
        ],
        as_of=AS_OF,
    )
    assert objects.rows() == result.rows()


def _as_objects(case: Case, currency: str) -> tuple[list[Payment], list[Invoice]]:
    """The same portfolio as domain objects (document date = due date, as the columns say)."""
    payments, items = case
    objects = [
        Payment(
            id=str(payments["id"][i]),
            amount=from_minor(int(payments["amount"][i]), currency),  # type: ignore[call-overload]
            received_date=payments["received_date"][i],  # type: ignore[arg-type]
            payer_name=str(payments["payer_name"][i]),
            remittance=str(payments["remittance"][i]),
            customer_id=payments["customer_id"][i],  # type: ignore[arg-type]
        )
        for i in range(len(payments["id"]))
    ]
    invoices = []
    for i in range(len(items["number"])):
        due: dt.date = items["due_date"][i]  # type: ignore[assignment]
        discount = int(items["discount"][i])  # type: ignore[call-overload]
        invoices.append(
            Invoice(
                number=str(items["number"][i]),
                customer_id=str(items["customer_id"][i]),
                issue_date=due,
                due_date=due,
                amount=from_minor(int(items["open"][i]), currency),  # type: ignore[call-overload]
                discounts=(
                    (
                        Discount(
                            amount=from_minor(discount, currency), until=items["discount_until"][i]
                        ),
                    )  # type: ignore[arg-type]
                    if discount
                    else ()
                ),
            )
        )
    return objects, invoices


# Fewer examples than the CI profile's 150: each example runs a whole cash application over a random portfolio.
@settings(max_examples=20)
@given(cashapp_cases(), st.sampled_from(["USD", "JPY", "BHD"]))
def test_objects_columns_and_dataframe_give_identical_results(case: Case, currency: str) -> None:
    import pandas as pd

    payments, items = case
    payments = {**payments, "currency": [currency] * len(payments["id"])}
    items = {**items, "currency": [currency] * len(items["number"])}
    customers = [Customer(id=c, name=n) for c, n in zip(*CASHAPP_CUSTOMERS.values(), strict=True)]
    from_columns = match(payments, items, customers=CASHAPP_CUSTOMERS, as_of=AS_OF)
    from_frames = match(
        pd.DataFrame(payments),
        pd.DataFrame(items),
        customers=pd.DataFrame(CASHAPP_CUSTOMERS),
        as_of=AS_OF,
    )
    payment_objects, invoices = _as_objects((payments, items), currency)
    from_objects = match(payment_objects, invoices, customers=customers, as_of=AS_OF)
    assert from_columns.decisions == from_frames.decisions == from_objects.decisions
    assert from_columns.applications() == from_objects.applications()


# Fewer examples than the CI profile's 150: each example runs a whole cash application over a random portfolio.
@settings(max_examples=25)
@given(cashapp_cases(), st.data())
def test_a_copy_of_a_payment_is_never_applied_whatever_its_place(
    case: Case, data: st.DataObject
) -> None:
    payments, items = case
    with_text = [i for i, text in enumerate(payments["remittance"]) if text]
    assume(with_text)
    original = data.draw(st.sampled_from(with_text))
    later = data.draw(st.integers(0, MatchPolicy().duplicate_window_days))
    copy = {name: [column[original]] for name, column in payments.items()}
    copy["id"] = [f"Z{payments['id'][original]}"]
    copy["received_date"] = [payments["received_date"][original] + dt.timedelta(days=later)]  # type: ignore[operator]
    # The copy comes FIRST in input order; processing order still finds the original first.
    doubled = {name: copy[name] + list(column) for name, column in payments.items()}
    alone = _run(case)
    both = _run((doubled, items))
    twin, *rest = both.decisions
    assert twin.outcome is MatchOutcome.DUPLICATE
    assert twin.lines == ()
    assert twin.unapplied == twin.amount
    assert tuple(rest) == alone.decisions
    assert both.applications() == alone.applications()


# Fewer examples than the CI profile's 150: each example generates a whole sample portfolio and posts it to a ledger.
@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10**6), st.integers(3, 30))
def test_applications_and_adjustments_post_to_a_ledger_of_the_same_portfolio(
    seed: int, customers: int
) -> None:
    portfolio = generate(seed=seed, customers=customers)
    result = match(
        portfolio.payments, portfolio.invoices, customers=portfolio.customers, as_of=portfolio.as_of
    )
    identified = [
        attrs.evolve(payment, customer_id=decision.customer_id)
        for payment, decision in zip(portfolio.payments, result.decisions, strict=True)
        if decision.customer_id is not None
    ]
    ledger = Ledger(customers=portfolio.customers, invoices=portfolio.invoices, payments=identified)
    posted = ledger.apply(*result.applications()).add(*result.adjustments())  # never raises
    open_after = {i.number: i.open for i in posted.open_items(as_of=portfolio.as_of)}
    for decision in result.decisions:
        if decision.outcome is MatchOutcome.APPLIED and decision.difference_action in (
            DifferenceAction.NONE,
            DifferenceAction.WRITE_OFF,
            DifferenceAction.BANK_FEE,
        ):
            # A fully settled item is closed in the ledger too.
            assert all(line.item not in open_after for line in decision.lines)
    assert sum(d.outcome is MatchOutcome.APPLIED for d in result.decisions) >= 1


def _post(payments: list[Payment], invoices: list[Invoice], **options: Any) -> tuple[Any, Ledger]:
    """Match, then post the result to a ledger of the same documents (raises if it cannot)."""
    result = match(payments, invoices, customers=CUSTOMERS, as_of=AS_OF, **options)
    identified = [
        attrs.evolve(p, customer_id=d.customer_id)
        for p, d in zip(payments, result.decisions, strict=True)
        if d.customer_id is not None
    ]
    ledger = Ledger(customers=CUSTOMERS, invoices=invoices, payments=identified)
    return result, ledger.apply(*result.applications()).add(*result.adjustments())


def test_a_prepayment_posts_on_the_day_the_invoice_is_issued() -> None:
    issued = dt.date(2026, 3, 10)
    invoice = Invoice(
        number="INV-007001",
        customer_id="C1",
        issue_date=issued,
        due_date=dt.date(2026, 4, 9),
        amount=money("100.00", "USD"),
    )
    early = pay("P1", "99.50", customer="C1", remittance="INV-007001", received=dt.date(2026, 3, 5))
    result, ledger = _post([early], [invoice])
    assert [a.date for a in result.applications()] == [issued]
    assert [a.date for a in result.adjustments()] == [issued]
    assert ledger.open_items(as_of=AS_OF, include_credits=False) == ()


@pytest.mark.parametrize(
    ("paid", "action", "left"),
    [
        ("100.00", DifferenceAction.NONE, "0.00"),  # 110.00 USD exactly
        ("99.00", DifferenceAction.FX_DIFFERENCE, "0.00"),  # a 1.10 USD loss, adjusted
        ("100.50", DifferenceAction.FX_DIFFERENCE, "0.00"),  # a 0.55 USD gain
        ("90.00", DifferenceAction.PARTIAL, "11.00"),
    ],
)
def test_fx_results_post_to_a_ledger(paid: str, action: DifferenceAction, left: str) -> None:
    rates = RateTable([Rate("EUR", "USD", Decimal("1.10"), dt.date(2026, 1, 1))])
    invoice = inv("INV-008001", "110.00")
    payment = pay("P1", paid, customer="C1", currency="EUR", remittance="INV-008001")
    result, ledger = _post([payment], [invoice], rates=rates)
    (d,) = result.decisions
    assert (d.outcome, d.difference_action) == (MatchOutcome.APPLIED, action)
    assert d.unapplied == money("0.00", "EUR")
    (item,) = ledger.open_items(as_of=AS_OF, include_credits=False) or (None,)
    assert (item.open if item is not None else money("0.00", "USD")) == money(left, "USD")


def test_an_fx_overpayment_leaves_the_rest_of_the_payment_on_account() -> None:
    # 120.00 EUR is 132.00 USD for a 110.00 USD invoice: 22/132 of the payment, 20.00 EUR, stays.
    rates = RateTable([Rate("EUR", "USD", Decimal("1.10"), dt.date(2026, 1, 1))])
    payment = pay("P1", "120.00", customer="C1", currency="EUR", remittance="INV-008001")
    result, ledger = _post([payment], [inv("INV-008001", "110.00")], rates=rates)
    (d,) = result.decisions
    assert "overpayment_on_account" in codes(d)
    assert d.unapplied == money("20.00", "EUR")
    assert [i.open for i in ledger.open_items(as_of=AS_OF)] == [money("-20.00", "EUR")]


def test_an_invoice_issued_after_as_of_is_not_payable_yet() -> None:
    later = Invoice(
        number="INV-009001",
        customer_id="C1",
        issue_date=AS_OF + dt.timedelta(days=1),
        due_date=AS_OF + dt.timedelta(days=31),
        amount=money("100.00", "USD"),
    )
    (d,) = decide([pay("P1", "100.00", customer="C1", remittance="INV-009001")], [later])
    assert d.outcome is MatchOutcome.ON_ACCOUNT
    assert "no_open_items" in codes(d)
    result = match([pay("P1", "100.00", customer="C1")], [later], as_of=AS_OF + dt.timedelta(1))
    assert result.applications()[0].target_number == "INV-009001"


# Fewer examples than the CI profile's 150: each example runs a whole cash application over a random portfolio.
@settings(max_examples=30)
@given(cashapp_cases())
def test_a_payment_without_a_customer_is_never_applied(case: Case) -> None:
    result = _run(case)
    applied = {a.source_id for a in result.applications()}
    for decision in result.decisions:
        if decision.customer_id is None:
            assert decision.outcome in (MatchOutcome.UNIDENTIFIED, MatchOutcome.DUPLICATE)
            assert decision.lines == ()
            assert decision.payment_id not in applied


# Fewer examples than the CI profile's 150: each example runs a whole cash application over a random portfolio.
@settings(max_examples=30)
@given(
    st.lists(st.integers(1, 10**7), min_size=0, max_size=6),
    st.integers(1, 10**7),
    st.integers(2, 3),
    st.sampled_from(["id", "name", "fuzzy"]),
)
def test_invoices_of_the_same_amount_are_never_chosen_without_a_reference(
    others: list[int], twin: int, copies: int, who: str
) -> None:
    opens = [twin] * copies + others
    items = {
        "number": [f"INV-{i + 1:04d}" for i in range(len(opens))],
        "customer_id": ["C1"] * len(opens),
        "open": opens,
        "currency": ["USD"] * len(opens),
        "due_date": [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(len(opens))],
    }
    payer = {"id": "", "name": "ACME HOLDINGS INC", "fuzzy": "ACME HOLDNGS"}[who]
    payments = {
        "id": ["P1"],
        "amount": [twin],
        "currency": ["USD"],
        "received_date": [dt.date(2026, 2, 1)],
        "customer_id": ["C1" if who == "id" else None],
        "payer_name": [payer],
    }
    (d,) = match(payments, items, customers=CASHAPP_CUSTOMERS, as_of=AS_OF).decisions
    assert d.outcome is not MatchOutcome.APPLIED


def test_a_payment_naming_an_invoice_is_served_before_an_earlier_amount_only_match() -> None:
    # P1 (earlier, no reference) would take INV-001001 by amount; P2 names it. The named
    # payment is processed first, whatever the dates and the input order.
    payments = [
        pay("P2", "100.00", customer="C1", remittance="INV-001001", received=dt.date(2026, 3, 2)),
        pay("P1", "100.00", customer="C1", received=dt.date(2026, 3, 1)),
    ]
    named, amount_only = decide(payments, [inv("INV-001001", "100.00")])
    assert (named.outcome, applied_items(named)) == (MatchOutcome.APPLIED, ["INV-001001"])
    assert amount_only.outcome is MatchOutcome.ON_ACCOUNT
    assert decide(payments[::-1], [inv("INV-001001", "100.00")]) == [amount_only, named]


# --- identified payments for the ledger ------------------------------------------------


def test_identified_payments_carry_the_customer_cash_application_found() -> None:
    payments = [
        pay("P1", "100.00", customer="C1", remittance="INV-001001"),
        pay("P5", "100.00", remittance="INV-001002"),  # the reference names C1's invoice
        pay("P2", "100.00", customer="C1", remittance="INV-001001", received=dt.date(2026, 3, 3)),
        pay("P3", "7.77"),  # nobody
        pay("P4", "50.00", customer="C2"),  # identified by the bank, nothing to apply
    ]
    result = match(payments, ITEMS, customers=CUSTOMERS, as_of=AS_OF)
    outcomes = {d.payment_id: d.outcome for d in result.decisions}
    assert outcomes["P2"] is MatchOutcome.DUPLICATE
    assert outcomes["P3"] is MatchOutcome.UNIDENTIFIED
    found = result.identified_payments(payments)
    expected = [
        (d.payment_id, d.customer_id)
        for d in result.decisions
        if d.customer_id and d.outcome not in (MatchOutcome.DUPLICATE, MatchOutcome.UNIDENTIFIED)
    ]
    assert [(p.id, p.customer_id) for p in found] == expected
    assert dict(expected)["P1"] == "C1"
    assert dict(expected)["P5"] == "C1"
    assert dict(expected)["P4"] == "C2"
    assert payments[1].customer_id is None  # the input is left as it was
    # everything else on the payment is unchanged
    by_id = {p.id: p for p in payments}
    for p in found:
        assert attrs.evolve(p, customer_id=by_id[p.id].customer_id) == by_id[p.id]
    # the ledger accepts them with the applications
    Ledger.of([*CUSTOMERS, *ITEMS, *found]).apply(*result.applications())


def test_identified_payments_rejects_other_payments() -> None:
    payments = [pay("P1", "100.00", customer="C1"), pay("P2", "5.00")]
    result = match(payments, ITEMS, customers=CUSTOMERS, as_of=AS_OF)
    with pytest.raises(ValidationError, match="payments"):
        result.identified_payments(payments[:1])
    with pytest.raises(ValidationError, match=r"payments\[0\]\.id"):
        result.identified_payments(list(reversed(payments)))


# Fewer examples than the CI profile's 150: each example runs a whole cash application over a random portfolio.
@settings(max_examples=20)
@given(cashapp_cases())
def test_every_applied_payment_is_identified(case: Case) -> None:
    columns, items = case
    payments = [
        Payment(
            id=str(columns["id"][n]),
            amount=from_minor(int(str(columns["amount"][n])), "USD"),
            received_date=columns["received_date"][n],  # type: ignore[arg-type]
            payer_name=str(columns["payer_name"][n]),
            remittance=str(columns["remittance"][n]),
            customer_id=None
            if columns["customer_id"][n] is None
            else str(columns["customer_id"][n]),
        )
        for n in range(len(columns["id"]))
    ]
    result = match(payments, items, customers=CASHAPP_CUSTOMERS, as_of=AS_OF)
    identified = {p.id: p.customer_id for p in result.identified_payments(payments)}
    for decision in result.decisions:
        if decision.outcome is MatchOutcome.APPLIED:
            assert identified[decision.payment_id] == decision.customer_id
        if decision.outcome in (MatchOutcome.DUPLICATE, MatchOutcome.UNIDENTIFIED):
            assert decision.payment_id not in identified
