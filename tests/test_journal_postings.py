"""The posting builders of receivables.journal: worked textbook entries, balance, errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.documents import Adjustment
from receivables.errors import ValidationError
from receivables.journal import (
    STANDARD_ROLES,
    AccountMap,
    JournalEntry,
    adjustment_entry,
    bad_debt_write_off,
    cash_application,
    credit_offset,
    direct_write_off,
    entry,
    fx_difference,
    interest_and_fees,
    recovery,
    refund,
    small_balance_write_off,
)
from receivables.money import Money, from_minor, money, to_minor, zero
from tests.strategies import CURRENCIES

ACCOUNTS = AccountMap({role: f"{1000 + index}" for index, role in enumerate(STANDARD_ROLES)})
DAY = dt.date(2026, 3, 1)


def _by_role(journal: JournalEntry) -> dict[str, tuple[Money, Money]]:
    """Net debits and credits per role (the test account map is one code per role)."""
    codes = {code: role for role, code in ACCOUNTS.accounts.items()}
    result: dict[str, tuple[Money, Money]] = {}
    for line in journal.lines:
        role = codes[line.account]
        debit, credit = result.get(role, (zero(line.currency), zero(line.currency)))
        result[role] = (debit + line.debit, credit + line.credit)
    return result


def _balanced(journal: JournalEntry) -> bool:
    return all(debits == credits for debits, credits in journal.totals_units().values())


# --- worked cases ----------------------------------------------------------------------


def test_sales_discount_weygandt() -> None:
    # Weygandt, Kimmel & Kieso, Accounting Principles, merchandising chapter: Sauk Stereo pays
    # $3,800 on 2/10 n/30 within the discount period: discount 3,800 x 2% = 76, cash 3,724.
    invoice = money("3800", "USD")
    discount = money("3800", "USD") * 2 / 100
    journal = cash_application(DAY, ACCOUNTS, applied=invoice - discount, discount=discount)
    roles = _by_role(journal)
    assert roles["cash"][0] == money("3724", "USD")
    assert roles["discounts_allowed"][0] == money("76", "USD")
    assert roles["receivables"][1] == invoice


def test_cash_application_splits_fee_short_pay_and_unapplied() -> None:
    # The customer pays 1,000.00 on a 990.00 invoice, remitting 975.00 against it with 15.00
    # short paid (written off) and 25.00 left on account; the bank keeps a 12.00 fee.
    journal = cash_application(
        DAY,
        ACCOUNTS,
        applied=money("975.00", "USD"),
        short_pay=money("15.00", "USD"),
        bank_fee=money("12.00", "USD"),
        unapplied=money("25.00", "USD"),
    )
    roles = _by_role(journal)
    assert roles["cash"][0] == money("988.00", "USD")  # 975 + 25 paid, less the 12 fee
    assert roles["bank_fees"][0] == money("12.00", "USD")
    assert roles["short_pay_write_off"][0] == money("15.00", "USD")
    assert roles["receivables"][1] == money("990.00", "USD")
    assert roles["customer_credits"][1] == money("25.00", "USD")
    assert _balanced(journal)


def test_write_off_and_recovery_hampson_furniture() -> None:
    # Weygandt, Kimmel & Kieso, Accounting Principles, receivables chapter: Hampson Furniture
    # writes off R. A. Ware's $500 on March 1 and recovers it on July 1.
    amount = money("500", "USD")
    written = bad_debt_write_off(dt.date(2026, 3, 1), ACCOUNTS, amount=amount)
    assert _by_role(written) == {
        "allowance": (amount, zero("USD")),
        "receivables": (zero("USD"), amount),
    }
    recovered = recovery(dt.date(2026, 7, 1), ACCOUNTS, amount=amount)
    roles = _by_role(recovered)
    assert roles["receivables"] == (amount, amount)  # reinstated, then collected
    assert roles["allowance"] == (zero("USD"), amount)
    assert roles["cash"] == (amount, zero("USD"))


def test_write_off_beyond_the_allowance_goes_to_expense() -> None:
    journal = bad_debt_write_off(
        DAY, ACCOUNTS, amount=money("500", "USD"), allowance_available=money("120.55", "USD")
    )
    roles = _by_role(journal)
    assert roles["allowance"][0] == money("120.55", "USD")
    assert roles["bad_debt_expense"][0] == money("500", "USD") - money("120.55", "USD")


def test_direct_write_off_and_direct_recovery() -> None:
    amount = money("10000", "JPY")
    roles = _by_role(direct_write_off(DAY, ACCOUNTS, amount=amount))
    assert roles == {
        "bad_debt_expense": (amount, zero("JPY")),
        "receivables": (zero("JPY"), amount),
    }
    roles = _by_role(recovery(DAY, ACCOUNTS, amount=amount, reinstate_to="recoveries"))
    assert roles["recoveries"] == (zero("JPY"), amount)


def test_small_balance_residues_both_ways() -> None:
    owed = _by_role(small_balance_write_off(DAY, ACCOUNTS, residue=money("0.40", "USD")))
    assert owed["small_balance_write_off"][0] == money("0.40", "USD")
    held = _by_role(small_balance_write_off(DAY, ACCOUNTS, residue=money("-0.40", "USD")))
    assert held["small_balance_write_off"][1] == money("0.40", "USD")
    assert held["receivables"][0] == money("0.40", "USD")


def test_refund_with_offset_and_payable() -> None:
    journal = refund(
        DAY, ACCOUNTS, amount=money("80", "EUR"), offset=money("120", "EUR"), paid=False
    )
    roles = _by_role(journal)
    assert roles["customer_credits"][0] == money("200", "EUR")
    assert roles["receivables"][1] == money("120", "EUR")
    assert roles["refunds_payable"][1] == money("80", "EUR")


def test_refund_from_credits_kept_in_receivables_has_no_offset_lines() -> None:
    journal = refund(
        DAY,
        ACCOUNTS,
        amount=money("80", "EUR"),
        offset=money("120", "EUR"),
        credits_role="receivables",
    )
    roles = _by_role(journal)
    assert roles == {
        "receivables": (money("80", "EUR"), zero("EUR")),
        "cash": (zero("EUR"), money("80", "EUR")),
    }


def test_credit_offset() -> None:
    roles = _by_role(credit_offset(DAY, ACCOUNTS, amount=money("7.500", "BHD")))
    assert roles["customer_credits"][0] == roles["receivables"][1] == money("7.500", "BHD")


def test_fx_gain_and_loss() -> None:
    # An invoice of EUR 1,000 booked at 1.0850 (USD 1,085.00) settles at 1.0725 (USD 1,072.50):
    # a loss of 12.50; at 1.0900 (USD 1,090.00) a gain of 5.00. IAS 21 §28 puts both in profit.
    rate_booked, rate_settled = Decimal("1.0850"), Decimal("1.0725")
    booked = Money(Decimal(1000) * rate_booked, "USD").quantized()
    settled = Money(Decimal(1000) * rate_settled, "USD").quantized()
    loss = fx_difference(DAY, ACCOUNTS, booked=booked, settled=settled)
    assert _by_role(loss)["fx_loss"][0] == money("12.50", "USD")
    gain = fx_difference(
        DAY, ACCOUNTS, booked=money("1085.00", "USD"), settled=money("1090.00", "USD")
    )
    assert _by_role(gain)["fx_gain"][1] == money("5.00", "USD")
    assert _by_role(gain)["receivables"][0] == money("5.00", "USD")


def test_interest_and_fees_debit_note() -> None:
    journal = interest_and_fees(DAY, ACCOUNTS, interest=money("12.34", "USD"))
    roles = _by_role(journal)
    assert roles == {
        "receivables": (money("12.34", "USD"), zero("USD")),
        "interest_income": (zero("USD"), money("12.34", "USD")),
    }


def test_entry_metadata_is_carried() -> None:
    journal = direct_write_off(
        DAY, ACCOUNTS, amount=money("1", "USD"), customer_id="C1", document="INV-1", source="x"
    )
    assert journal.source == "x"
    assert {line.customer_id for line in journal.lines} == {"C1"}
    assert {line.document for line in journal.lines} == {"INV-1"}


# --- error paths ---------------------------------------------------------------------


def test_missing_role_names_it() -> None:
    with pytest.raises(ValidationError, match=r"account_map\.allowance"):
        bad_debt_write_off(DAY, AccountMap({"receivables": "1200"}), amount=money("1", "USD"))


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: cash_application(DAY, ACCOUNTS, applied=money("-1", "USD")), "applied"),
        (lambda: cash_application(DAY, ACCOUNTS, applied=1), "applied"),  # type: ignore[arg-type]
        (
            lambda: cash_application(
                DAY, ACCOUNTS, applied=money("1", "USD"), discount=money("1", "EUR")
            ),
            "discount",
        ),
        (
            lambda: cash_application(
                DAY, ACCOUNTS, applied=money("1", "USD"), bank_fee=money("2", "USD")
            ),
            "bank_fee",
        ),
        (lambda: cash_application(DAY, ACCOUNTS, applied=Money("1.001", "USD")), "applied"),
        (lambda: bad_debt_write_off(DAY, ACCOUNTS, amount=zero("USD")), "amount"),
        (
            lambda: bad_debt_write_off(
                DAY, ACCOUNTS, amount=money("1", "USD"), allowance_available=money("-1", "USD")
            ),
            "allowance_available",
        ),
        (lambda: direct_write_off(DAY, ACCOUNTS, amount=money("-5", "USD")), "amount"),
        (lambda: small_balance_write_off(DAY, ACCOUNTS, residue=zero("USD")), "residue"),
        (lambda: recovery(DAY, ACCOUNTS, amount=zero("USD")), "amount"),
        (lambda: credit_offset(DAY, ACCOUNTS, amount=zero("USD")), "amount"),
        (lambda: refund(DAY, ACCOUNTS, amount=zero("USD")), "refund.amount"),
        (
            lambda: refund(
                DAY,
                ACCOUNTS,
                amount=zero("JPY"),
                offset=money("5", "JPY"),
                credits_role="receivables",
            ),
            "refund.amount",
        ),
        (
            lambda: entry(
                DAY,
                "m",
                ACCOUNTS,
                debits=[("cash", "5")],
                credits=[("receivables", "5")],  # type: ignore[list-item]
            ),
            r"debits\[cash\]",
        ),
        (
            lambda: entry(DAY, "m", ACCOUNTS, debits=[("cash",)], credits=[]),  # type: ignore[list-item]
            r"debits\[0\]",
        ),
        (
            lambda: refund(DAY, ACCOUNTS, amount=money("1", "USD"), offset=money("-1", "USD")),
            "offset",
        ),
        (
            lambda: fx_difference(
                DAY, ACCOUNTS, booked=money("1", "USD"), settled=money("1", "USD")
            ),
            "settled",
        ),
        (lambda: interest_and_fees(DAY, ACCOUNTS), "interest_and_fees"),
        (
            lambda: interest_and_fees(DAY, ACCOUNTS, interest=zero("USD"), fees=zero("USD")),
            "interest_and_fees",
        ),
        (
            lambda: interest_and_fees(
                DAY, ACCOUNTS, interest=money("1", "USD"), fees=money("1", "COP")
            ),
            "fees",
        ),
    ],
)
def test_bad_amounts_are_named(build: object, field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        build()  # type: ignore[operator]


# --- properties: debits equal credits to the last minor unit, always -------------------------


def _units(currency: str, low: int = 0) -> st.SearchStrategy[Money]:
    return st.builds(from_minor, st.integers(low, 10**12), st.just(currency))


@st.composite
def _applications(draw: st.DrawFn) -> dict[str, Money]:
    currency = draw(st.sampled_from(CURRENCIES))
    parts = {
        name: draw(_units(currency)) for name in ("applied", "discount", "short_pay", "unapplied")
    }
    paid = parts["applied"] + parts["unapplied"]
    parts["bank_fee"] = from_minor(draw(st.integers(0, to_minor(paid))), currency)
    return parts


@given(_applications())
def test_cash_application_balances(parts: dict[str, Money]) -> None:
    if all(value.amount == 0 for value in parts.values()):
        return
    if (
        sum(1 for value in parts.values() if value.amount) == 1
        and parts["applied"] == parts["bank_fee"]
    ):
        return  # the fee took the whole payment and nothing else moved: one line, no entry
    journal = cash_application(DAY, ACCOUNTS, **parts)
    assert _balanced(journal)
    roles = _by_role(journal)
    currency = parts["applied"].code
    cleared = parts["applied"] + parts["discount"] + parts["short_pay"]
    assert roles.get("receivables", (zero(currency), zero(currency)))[1] == cleared


@given(
    st.sampled_from(CURRENCIES).flatmap(
        lambda c: st.tuples(_units(c, 1), _units(c), _units(c, 1), _units(c))
    )
)
def test_every_builder_balances(amounts: tuple[Money, Money, Money, Money]) -> None:
    first, second, third, _fourth = amounts
    entries = [
        bad_debt_write_off(DAY, ACCOUNTS, amount=first, allowance_available=second),
        direct_write_off(DAY, ACCOUNTS, amount=first),
        small_balance_write_off(DAY, ACCOUNTS, residue=-first),
        recovery(DAY, ACCOUNTS, amount=first),
        credit_offset(DAY, ACCOUNTS, amount=third),
        refund(DAY, ACCOUNTS, amount=first, offset=second),
        interest_and_fees(DAY, ACCOUNTS, interest=second, fees=third),
    ]
    if first != third:
        entries.append(fx_difference(DAY, ACCOUNTS, booked=first, settled=third))
    for journal in entries:
        assert _balanced(journal)
    assert _by_role(entries[0])["receivables"][1] == first
    assert sum((line.debit for line in entries[0].lines), zero(first.code)) == first


# --- adjustment documents -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "direction", "debited", "credited"),
    [
        ("write_off", None, "allowance", "receivables"),
        ("discount", None, "discounts_allowed", "receivables"),
        ("fee", None, "receivables", "fee_income"),
        ("interest", None, "receivables", "interest_income"),
        ("rounding", "credit", "small_balance_write_off", "receivables"),
        ("rounding", "debit", "receivables", "small_balance_write_off"),
        ("fx_difference", "credit", "fx_loss", "receivables"),
        ("fx_difference", "debit", "receivables", "fx_gain"),
    ],
)
def test_adjustment_entry_by_kind(
    kind: str, direction: str | None, debited: str, credited: str
) -> None:
    given_direction = {} if direction is None else {"direction": direction}
    adjustment = Adjustment(
        id="ADJ-1",
        customer_id="C1",
        kind=kind,
        amount=money("12.34", "USD"),
        date=DAY,
        reason="as agreed",
        **given_direction,
    )
    journal = adjustment_entry(adjustment, ACCOUNTS)
    roles = _by_role(journal)
    assert roles[debited][0] == roles[credited][1] == money("12.34", "USD")
    assert journal.date == DAY
    assert journal.memo.endswith("as agreed")
    assert {line.document for line in journal.lines} == {"ADJ-1"}


def test_adjustment_write_off_role_can_be_expense() -> None:
    adjustment = Adjustment(
        id="W1",
        customer_id="C1",
        kind="write_off",
        amount=money("3", "USD"),
        date=DAY,
        target_number="INV-4",
    )
    journal = adjustment_entry(adjustment, ACCOUNTS, write_off_role="small_balance_write_off")
    assert _by_role(journal)["small_balance_write_off"][0] == money("3", "USD")
    assert {line.document for line in journal.lines} == {"INV-4"}
    with pytest.raises(ValidationError, match="adjustment"):
        adjustment_entry("W1", ACCOUNTS)  # type: ignore[arg-type]


@given(
    st.sampled_from(["write_off", "discount", "fee", "interest", "rounding", "fx_difference"]),
    st.sampled_from(["credit", "debit"]),
    st.sampled_from(CURRENCIES).flatmap(lambda c: _units(c, 1)),
)
def test_adjustment_entries_balance(kind: str, direction: str, amount: Money) -> None:
    fixed = {"write_off": "credit", "discount": "credit", "fee": "debit", "interest": "debit"}
    adjustment = Adjustment(
        id="A",
        customer_id="C1",
        kind=kind,
        amount=amount,
        date=DAY,
        direction=fixed.get(kind, direction),
    )
    journal = adjustment_entry(adjustment, ACCOUNTS)
    assert _balanced(journal)
    moved = _by_role(journal)["receivables"]
    assert moved[0] - moved[1] == adjustment.signed_amount
