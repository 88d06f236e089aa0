"""Issue 13, "What goes wrong": each failure with a handful of customers, and its guard.

Each case is what a new user tried; each guard is the nearby case that must
stay a proposal, so a fix cannot win by applying more of everything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from receivables.cashapp import MatchDecision, MatchOutcome, MatchPolicy, match
from receivables.cashapp.evidence import Evidence, choose
from receivables.documents import Customer, Invoice, Payment
from receivables.errors import PolicyError
from receivables.money import money

AS_OF = dt.date(2026, 3, 31)
SISTERS = [
    Customer(id="E1", name="Distribuidora La Esperanza Ltda."),
    Customer(id="E2", name="Distribuidora La Esperanza S.A."),
    Customer(id="C5", name="Harbor Foods LLC"),
    Customer(id="C1", name="Ferretería El Tornillo S.A.S.", bank_accounts=["ES76 2077 0024"]),
    Customer(id="N1", name="Northwind Factoring S.A."),
]


def inv(number: str, amount: str, customer: str, *, due: dt.date = dt.date(2026, 2, 1)) -> Invoice:
    return Invoice(
        number=number,
        customer_id=customer,
        issue_date=dt.date(2026, 1, 1),
        due_date=due,
        amount=money(amount, "USD"),
    )


def pay(
    pid: str,
    amount: str,
    *,
    name: str = "",
    remittance: str = "",
    account: str | None = None,
    bank_reference: str = "",
    received: dt.date = dt.date(2026, 3, 2),
) -> Payment:
    return Payment(
        id=pid,
        amount=money(amount, "USD"),
        received_date=received,
        payer_name=name,
        remittance=remittance,
        payer_account=account,
        bank_reference=bank_reference,
    )


ITEMS = [
    inv("FV-0005230", "1500.00", "E1"),
    inv("FV-0005231", "800.00", "E1", due=dt.date(2026, 2, 5)),
    inv("FV-0007100", "950.00", "E2"),
    inv("FV-0007101", "420.00", "E2"),
    inv("INV-77001", "1234.56", "C5"),
]


def decide(
    payments: list[Payment], items: list[Invoice] = ITEMS, **options: Any
) -> list[MatchDecision]:
    return list(match(payments, items, customers=SISTERS, as_of=AS_OF, **options).decisions)


def codes(decision: MatchDecision) -> list[str]:
    return [reason.code for reason in decision.reasons]


def items_of(decision: MatchDecision) -> list[str]:
    return [line.item for line in decision.lines]


# --- sister companies -------------------------------------------------------------------


def test_the_exact_legal_name_and_a_short_form_pick_the_sister() -> None:
    (d,) = decide(
        [pay("P1", "1500.00", name="Distribuidora La Esperanza Ltda.", remittance="F5230")]
    )
    assert (d.outcome, d.customer_id, items_of(d)) == (MatchOutcome.APPLIED, "E1", ["FV-0005230"])


def test_the_exact_legal_name_and_the_amount_pick_the_sister() -> None:
    (d,) = decide([pay("P1", "800.00", name="DISTRIBUIDORA LA ESPERANZA LTDA")])
    assert (d.outcome, d.customer_id, items_of(d)) == (MatchOutcome.APPLIED, "E1", ["FV-0005231"])
    assert {"payer_legal_name", "amount_one_item"} <= set(codes(d))


def test_the_amount_of_one_sister_only_picks_her() -> None:
    (d,) = decide([pay("P1", "950.00", name="DISTRIBUIDORA LA ESPERANZA")])
    assert (d.outcome, d.customer_id, items_of(d)) == (MatchOutcome.APPLIED, "E2", ["FV-0007100"])


def test_both_sisters_with_the_amount_open_is_not_applied() -> None:
    items = [*ITEMS, inv("FV-0007102", "800.00", "E2")]
    (d,) = decide([pay("P1", "800.00", name="DISTRIBUIDORA LA ESPERANZA")], items)
    assert d.outcome is not MatchOutcome.APPLIED
    assert d.lines == () or d.outcome is MatchOutcome.PROPOSED


def test_the_legal_name_against_the_amount_is_not_applied() -> None:
    # The name says E1 (Ltda), the amount is an invoice of E2 only: evidence disagrees.
    (d,) = decide([pay("P1", "950.00", name="Distribuidora La Esperanza Ltda.")])
    assert d.outcome is not MatchOutcome.APPLIED
    reasons = " ".join(r.message for r in d.reasons)
    # The evidence for and against is listed.
    assert "E1" in reasons
    assert "E2" in reasons


# --- short forms across the portfolio ---------------------------------------------------


@pytest.mark.parametrize("written", ["F5230", "Fact 5230", "INV#5230", "pago F-5230"])
def test_a_short_form_names_the_one_open_item_of_that_amount(written: str) -> None:
    # No payer name: the bank gave none, so nothing disagrees with the reference.
    (d,) = decide([pay("P1", "1500.00", remittance=written)])
    assert (d.outcome, d.customer_id, items_of(d)) == (MatchOutcome.APPLIED, "E1", ["FV-0005230"])


def test_a_short_form_is_settled_by_the_amount_across_the_portfolio() -> None:
    items = [*ITEMS, inv("NC-5230", "2000.00", "C5")]
    (d,) = decide([pay("P1", "1500.00", remittance="F5230")], items)
    assert (d.outcome, d.customer_id, items_of(d)) == (MatchOutcome.APPLIED, "E1", ["FV-0005230"])


def test_a_short_form_naming_two_items_of_the_amount_is_not_applied() -> None:
    items = [*ITEMS, inv("NC-5230", "1500.00", "C5")]
    (d,) = decide([pay("P1", "1500.00", remittance="F5230")], items)
    assert d.outcome is not MatchOutcome.APPLIED


# --- third-party payers -----------------------------------------------------------------


def test_on_behalf_of_with_the_exact_number_and_amount_is_applied_and_flagged() -> None:
    (d,) = decide(
        [
            pay(
                "P1",
                "1234.56",
                name="ZENITH CAPITAL PARTNERS",
                remittance="ON BEHALF OF HARBOR FOODS LLC INV INV-77001",
            )
        ]
    )
    assert (d.outcome, d.customer_id, items_of(d)) == (MatchOutcome.APPLIED, "C5", ["INV-77001"])
    assert "third_party_payer" in codes(d)


def test_on_behalf_of_for_part_of_the_invoice_is_only_proposed() -> None:
    (d,) = decide(
        [
            pay(
                "P1",
                "600.00",
                name="ZENITH CAPITAL PARTNERS",
                remittance="ON BEHALF OF HARBOR FOODS LLC INV INV-77001",
            )
        ]
    )
    assert d.outcome is MatchOutcome.PROPOSED
    assert "third_party_payer" in codes(d)


def test_a_factor_that_is_itself_a_customer_pays_on_behalf_of_another() -> None:
    (d,) = decide(
        [
            pay(
                "P1",
                "1234.56",
                name="NORTHWIND FACTORING SA",
                remittance="ON BEHALF OF HARBOR FOODS INV-77001",
            )
        ]
    )
    assert (d.outcome, d.customer_id, items_of(d)) == (MatchOutcome.APPLIED, "C5", ["INV-77001"])
    assert "third_party_payer" in codes(d)


# --- typos and truncation when the payer is ambiguous -----------------------------------


TYPO_ITEMS = [
    inv("FV-1523017", "1500.00", "E1"),
    inv("FV-1523999", "700.00", "E1"),
    inv("FV-2710013", "950.00", "E2"),
]


@pytest.mark.parametrize(
    ("written", "code"),
    [("FV-1523071", "reference_typo"), ("FV 15230", "reference_truncated")],
)
def test_a_near_reference_and_the_amount_resolve_an_ambiguous_payer(
    written: str, code: str
) -> None:
    (d,) = decide(
        [pay("P1", "1500.00", name="DISTRIBUIDORA LA ESPERANZA", remittance=written)], TYPO_ITEMS
    )
    assert (d.outcome, d.customer_id, items_of(d)) == (MatchOutcome.APPLIED, "E1", ["FV-1523017"])
    assert code in codes(d)


def test_a_near_reference_with_another_amount_is_not_applied() -> None:
    (d,) = decide(
        [pay("P1", "1111.00", name="DISTRIBUIDORA LA ESPERANZA", remittance="FV-1523071")],
        TYPO_ITEMS,
    )
    assert d.outcome is not MatchOutcome.APPLIED


# --- re-sent payments without remittance ------------------------------------------------


def test_a_resent_payment_without_remittance_is_a_duplicate_after_an_overpayment() -> None:
    items = [inv("FT-1", "1000.00", "C1"), inv("FT-2", "500.00", "C1", due=dt.date(2026, 2, 9))]
    first, second = decide(
        [
            pay("P1", "1000.00", account="ES76 2077 0024", bank_reference="TRX-1"),
            pay("P2", "1000.00", account="ES76 2077 0024", bank_reference="TRX-2"),
        ],
        items,
    )
    assert first.outcome is MatchOutcome.APPLIED
    assert (second.outcome, second.duplicate_of, second.lines) == (MatchOutcome.DUPLICATE, "P1", ())


def test_a_resent_payment_is_a_duplicate_whatever_the_first_outcome() -> None:
    # The first copy pays nothing exactly (proposed); the copy must still not be applied.
    items = [inv("FT-1", "999.00", "C1"), inv("FT-2", "1.00", "C1")]
    first, second = decide(
        [
            pay("P1", "1000.00", account="ES76 2077 0024", bank_reference="TRX-1"),
            pay("P2", "1000.00", account="ES76 2077 0024", bank_reference="TRX-2"),
        ],
        items,
    )
    assert second.outcome is MatchOutcome.DUPLICATE
    assert first.outcome is not MatchOutcome.DUPLICATE


def test_a_bare_copy_of_a_payment_with_remittance_is_a_duplicate() -> None:
    # The bank re-sends the transfer without its remittance, under another reference.
    items = [inv("FT-1", "1000.00", "C1"), inv("FT-2", "1000.00", "C1", due=dt.date(2026, 2, 9))]
    first, second = decide(
        [
            pay("P1", "1000.00", account="ES76 2077 0024", remittance="FT-1", bank_reference="A"),
            pay("P2", "1000.00", account="ES76 2077 0024", bank_reference="B"),
        ],
        items,
    )
    assert (first.outcome, items_of(first)) == (MatchOutcome.APPLIED, ["FT-1"])
    assert (second.outcome, second.duplicate_of) == (MatchOutcome.DUPLICATE, "P1")


def test_a_second_payment_with_its_own_remittance_is_not_a_copy() -> None:
    items = [inv("FT-1", "1000.00", "C1"), inv("FT-2", "1000.00", "C1", due=dt.date(2026, 2, 9))]
    first, second = decide(
        [
            pay("P1", "1000.00", account="ES76 2077 0024", remittance="FT-1"),
            pay("P2", "1000.00", account="ES76 2077 0024", remittance="FT-2"),
        ],
        items,
    )
    assert (items_of(first), items_of(second)) == (["FT-1"], ["FT-2"])
    assert second.outcome is MatchOutcome.APPLIED


def test_the_same_amount_on_another_day_is_a_new_payment() -> None:
    items = [inv("FT-1", "1000.00", "C1"), inv("FT-2", "1000.00", "C1", due=dt.date(2026, 2, 9))]
    first, second = decide(
        [
            pay("P1", "1000.00", account="ES76 2077 0024", received=dt.date(2026, 3, 2)),
            pay("P2", "1000.00", account="ES76 2077 0024", received=dt.date(2026, 3, 3)),
        ],
        items,
    )
    assert MatchOutcome.DUPLICATE not in (first.outcome, second.outcome)


def test_same_day_duplicates_can_be_turned_off() -> None:
    items = [inv("FT-1", "1000.00", "C1")]
    policy = MatchPolicy(duplicate_same_day=False)
    _, second = decide(
        [
            pay("P1", "1000.00", account="ES76 2077 0024", bank_reference="TRX-1"),
            pay("P2", "1000.00", account="ES76 2077 0024", bank_reference="TRX-2"),
        ],
        items,
        policy=policy,
    )
    assert second.outcome is not MatchOutcome.DUPLICATE


# --- the joint choice -------------------------------------------------------------------


def test_the_best_pair_must_win_by_the_margin() -> None:
    strong = Evidence(customer="A", rows=(1,), points=90, reasons=())
    close = Evidence(customer="B", rows=(2,), points=70, reasons=())
    assert choose([strong, close], threshold=80, margin=25) is None
    assert choose([strong, close], threshold=80, margin=20) is strong
    assert choose([close], threshold=80, margin=0) is None


def test_two_items_of_one_customer_with_equal_points_are_never_chosen() -> None:
    one = Evidence(customer="A", rows=(1,), points=95, reasons=())
    other = Evidence(customer="A", rows=(2,), points=95, reasons=())
    assert choose([one, other], threshold=50, margin=0) is None


@pytest.mark.parametrize(
    ("field", "value"), [("joint_threshold", 0), ("joint_threshold", 301), ("joint_margin", -1)]
)
def test_joint_policy_bounds(field: str, value: int) -> None:
    options: dict[str, Any] = {field: value}
    with pytest.raises(PolicyError, match=field):
        MatchPolicy(**options)


# --- a list of references cut by the bank's field ---------------------------------------


CUT_ITEMS = [
    inv("FV-1100001", "300.00", "C5"),
    inv("FV-1100002", "200.00", "C5"),
    inv("FV-1100003", "150.00", "C5"),
    inv("FV-1100004", "75.00", "C5"),
]


def test_more_than_the_named_items_with_a_cut_reference_is_proposed() -> None:
    # The third number was cut by the field ("FV-110"): what the 220.00 pays is unknown.
    (d,) = decide(
        [pay("P1", "720.00", name="HARBOR FOODS", remittance="FV-1100001 FV-1100002 FV-110")],
        CUT_ITEMS,
    )
    assert d.outcome is MatchOutcome.PROPOSED
    assert "reference_unresolved" in codes(d)


def test_the_excess_of_a_cut_list_that_is_exactly_one_other_item_is_applied() -> None:
    (d,) = decide(
        [pay("P1", "650.00", name="HARBOR FOODS", remittance="FV-1100001 FV-1100002 FV-110")],
        CUT_ITEMS,
    )
    assert (d.outcome, sorted(items_of(d))) == (
        MatchOutcome.APPLIED,
        ["FV-1100001", "FV-1100002", "FV-1100003"],
    )


def test_an_overpayment_of_named_items_without_a_stray_token_stays_on_account() -> None:
    (d,) = decide(
        [pay("P1", "720.00", name="HARBOR FOODS", remittance="FV-1100001 FV-1100002")],
        CUT_ITEMS[:2],
    )
    assert d.outcome is MatchOutcome.APPLIED
    assert "overpayment_on_account" in codes(d)


def test_a_cut_number_inside_a_compound_token_is_unresolved_too() -> None:
    (d,) = decide(
        [pay("P1", "720.00", name="HARBOR FOODS", remittance="FV-1100001/FV-1100002/FV-110")],
        CUT_ITEMS,
    )
    assert d.outcome is MatchOutcome.PROPOSED
    assert "reference_unresolved" in codes(d)


def test_on_behalf_of_a_sister_trade_name_is_settled_by_the_amount() -> None:
    (d,) = decide(
        [
            pay(
                "P1",
                "950.00",
                name="ZENITH CAPITAL PARTNERS",
                remittance="PAGO POR CUENTA DE DISTRIBUIDORA LA ESPERANZA",
            )
        ]
    )
    assert (d.outcome, d.customer_id, items_of(d)) == (MatchOutcome.APPLIED, "E2", ["FV-0007100"])
    assert "remittance_names_customer" in codes(d)
