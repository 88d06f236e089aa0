"""Late charges: worked examples, every rule, debit note and journal entry, validation."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.documents import InvoiceKind
from receivables.errors import PolicyError, ValidationError
from receivables.interop import from_json, structure, to_json, unstructure
from receivables.journal import AccountMap
from receivables.latecharges import (
    EU_COMPENSATION_EUR,
    EU_STATUTORY_MARGIN,
    DayCount,
    LateChargeAssessment,
    LateChargePolicy,
    RateBasis,
    ReferenceRate,
    assess,
    debit_note,
    journal_entry,
)
from receivables.ledger import ItemKind, OpenItem
from receivables.money import money, to_minor
from tests.strategies import overdue_items

# ECB main refinancing operations rate (Directive 2011/7/EU art. 2(7)(a)(i)): 3.15% from
# 18 December 2024, so in force on 1 January 2025; 2.15% from 11 June 2025, so in force on
# 1 July 2025 (ECB monetary policy decisions of 12 December 2024 and 5 June 2025).
ECB_2025 = (
    ReferenceRate(dt.date(2025, 1, 1), Decimal("0.0315")),
    ReferenceRate(dt.date(2025, 7, 1), Decimal("0.0215")),
)
ACCOUNTS = AccountMap({"receivables": "1200", "interest_income": "4500", "fee_income": "4510"})


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def invoice(
    number: str = "INV-1",
    due: dt.date = dt.date(2025, 6, 15),
    amount: str = "10000.00",
    currency: str = "EUR",
    *,
    customer_id: str = "C1",
    kind: ItemKind = ItemKind.INVOICE,
) -> OpenItem:
    value = money(amount, currency)
    return OpenItem(
        number=number,
        customer_id=customer_id,
        kind=kind,
        document_date=due - dt.timedelta(days=30),
        due_date=due,
        original=value,
        open=value,
    )


def fixed(rate: str, **kwargs: Any) -> LateChargePolicy:
    return LateChargePolicy(id="late", version="1", annual_rate=Decimal(rate), **kwargs)


# --- worked examples ----------------------------------------------------------------------


def test_eu_statutory_interest_across_a_half_year() -> None:
    # Directive 2011/7/EU: EUR 10,000 due 15 June 2025, still open on 15 July 2025.
    # Text: legislation.gov.uk/eudr/2011/7/article/3. Interest runs "from the day following
    # the date ... for payment fixed in the contract" (art. 3(3)(a));
    # 16-30 June (15 days) at 3.15% + 8 = 11.15% (rate in force on 1 January for the first
    # semester, art. 3(2)(a)),
    # 1-15 July (15 days) at 2.15% + 8 = 10.15% (rate in force on 1 July, art. 3(2)(b)).
    # 10,000 × (0.1115 × 15 + 0.1015 × 15) / 365 = 87.534... → 87.53, plus EUR 40 (art. 6(1)).
    policy = LateChargePolicy.eu_statutory(ECB_2025)
    result = assess([invoice()], as_of=dt.date(2025, 7, 15), policy=policy)
    (charge,) = result.charges
    expected = cents(
        Decimal(10000) * (Decimal("0.1115") * 15 + Decimal("0.1015") * 15) / Decimal(365)
    )
    assert expected == Decimal("87.53")
    assert charge.interest == money(expected, "EUR")
    assert charge.fee == money(EU_COMPENSATION_EUR, "EUR")
    assert charge.total == money("127.53", "EUR")
    assert charge.days_late == 30
    assert [(p.start, p.end, p.days, p.annual_rate) for p in charge.periods] == [
        (dt.date(2025, 6, 16), dt.date(2025, 6, 30), 15, Decimal("0.1115")),
        (dt.date(2025, 7, 1), dt.date(2025, 7, 15), 15, Decimal("0.1015")),
    ]
    assert [r.code for r in charge.reasons] == ["interest", "fixed_compensation"]
    assert charge.interest_through == dt.date(2025, 7, 15)
    assert (result.outcome, result.policy_id) == ("charge", "eu-late-payment-2011-7")


def test_gov_uk_statutory_interest_example() -> None:
    # gov.uk, "Late commercial payments: charging interest and debt recovery": GBP 1,000 at
    # 8% + 0.5% base rate = 8.5% a year; 85 / 365 a day; "after 50 days this would be £11.50".
    # gov.uk rounds the daily interest to 23p before multiplying (50 × 0.23); unrounded it is
    # 1,000 × 0.085 × 50 / 365 = 11.643... → 11.64, which is what we charge (one rounding).
    item = invoice(due=dt.date(2026, 1, 31), amount="1000.00", currency="GBP")
    charge = assess([item], as_of=dt.date(2026, 3, 22), policy=fixed("0.085")).charges[0]
    assert charge.days_late == 50
    assert charge.interest.amount == cents(Decimal(1000) * Decimal("0.085") * 50 / 365)
    assert charge.interest.amount - Decimal("0.23") * 50 == Decimal("0.14")


def test_actual_360_day_count() -> None:
    # The same EUR 10,000 for 30 days at 10.15% on actual/360: 84.583... → 84.58.
    policy = fixed("0.1015", day_count="actual/360")
    item = invoice(due=dt.date(2025, 7, 1))
    charge = assess([item], as_of=dt.date(2025, 7, 31), policy=policy).charges[0]
    assert charge.interest.amount == cents(Decimal(10000) * Decimal("0.1015") * 30 / 360)
    assert DayCount.ACTUAL_360.basis == 360


def test_zero_decimal_currency_rounds_to_its_unit() -> None:
    item = invoice(amount="1000000", currency="JPY", due=dt.date(2025, 7, 1))
    charge = assess([item], as_of=dt.date(2025, 7, 31), policy=fixed("0.146")).charges[0]
    exact = Decimal(1000000) * Decimal("0.146") * 30 / 365
    assert charge.interest.amount == exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)


# --- rules --------------------------------------------------------------------------------------


def test_not_overdue() -> None:
    charge = assess([invoice()], as_of=dt.date(2025, 6, 15), policy=fixed("0.1")).charges[0]
    assert (charge.outcome, [r.code for r in charge.reasons]) == ("none", ["not_overdue"])


def test_grace_days() -> None:
    policy = fixed("0.1", grace_days=10)
    within = assess([invoice()], as_of=dt.date(2025, 6, 25), policy=policy).charges[0]
    assert (within.outcome, within.reasons[0].code) == ("none", "within_grace")
    beyond = assess([invoice()], as_of=dt.date(2025, 6, 26), policy=policy).charges[0]
    assert beyond.periods[0].days == 11  # interest from the day after the due date
    from_end = fixed("0.1", grace_days=10, interest_from_grace_end=True)
    late = assess([invoice()], as_of=dt.date(2025, 6, 26), policy=from_end).charges[0]
    assert late.periods[0].days == 1


def test_interest_already_charged_is_not_charged_again() -> None:
    policy = LateChargePolicy.eu_statutory(ECB_2025)
    through = {"INV-1": dt.date(2025, 6, 30)}
    second = assess(
        [invoice()],
        as_of=dt.date(2025, 7, 15),
        policy=policy,
        charged_until=through,
        fees_charged=["INV-1"],
    ).charges[0]
    assert [(p.start, p.days) for p in second.periods] == [(dt.date(2025, 7, 1), 15)]
    assert second.fee.amount == 0
    assert {"charged_before", "fee_charged_before"} <= {r.code for r in second.reasons}
    done = assess(
        [invoice()],
        as_of=dt.date(2025, 7, 15),
        policy=policy,
        charged_until={"INV-1": dt.date(2025, 7, 15)},
        fees_charged=["INV-1"],
    ).charges[0]
    assert done.outcome == "none"
    assert "already_charged" in {r.code for r in done.reasons}


def test_fee_only_in_its_currency() -> None:
    policy = LateChargePolicy.eu_statutory(ECB_2025)
    charge = assess([invoice(currency="USD")], as_of=dt.date(2025, 7, 15), policy=policy).charges[0]
    assert charge.fee.amount == 0
    assert charge.interest.amount > 0


def test_minimum_charge_waives_small_totals() -> None:
    policy = fixed("0.1", minimum_charge={"EUR": "5"})
    small = invoice(amount="100.00")
    charge = assess([small], as_of=dt.date(2025, 7, 15), policy=policy).charges[0]
    assert charge.outcome == "none"
    assert charge.reasons[-1].code == "below_minimum_charge"
    big = assess([invoice()], as_of=dt.date(2025, 7, 15), policy=policy).charges[0]
    assert big.outcome == "charge"


def test_rate_cap() -> None:
    capped = fixed("0.30", max_annual_rate=Decimal("0.25"))
    charge = assess([invoice()], as_of=dt.date(2025, 7, 15), policy=capped).charges[0]
    assert charge.periods[0].annual_rate == Decimal("0.25")
    assert charge.interest.amount == cents(Decimal(10000) * Decimal("0.25") * 30 / 365)


def test_interest_ratio_cap() -> None:
    capped = fixed("0.5", max_interest_ratio=Decimal("0.01"))
    charge = assess([invoice()], as_of=dt.date(2025, 12, 31), policy=capped).charges[0]
    assert charge.interest == money("100.00", "EUR")
    assert "interest_capped" in {r.code for r in charge.reasons}


def test_negative_reference_rate_floors_at_zero() -> None:
    policy = LateChargePolicy(
        id="p",
        version="1",
        basis="reference_plus_margin",
        reference_rates=[ReferenceRate(dt.date(2025, 1, 1), Decimal("-0.005"))],
        margin=Decimal("0.002"),
    )
    assert policy.rate_on(dt.date(2025, 3, 1)) == 0


def test_missing_reference_rate() -> None:
    policy = LateChargePolicy.eu_statutory(ECB_2025)
    with pytest.raises(ValidationError, match=r"late_charge_policy.reference_rates"):
        assess([invoice(due=dt.date(2024, 12, 1))], as_of=dt.date(2025, 1, 10), policy=policy)


def test_debit_notes_and_credits() -> None:
    items = [
        invoice(),
        invoice("DN-1", kind=ItemKind.DEBIT_NOTE),
        invoice("PAY-1", kind=ItemKind.PAYMENT),
    ]
    result = assess(items, as_of=dt.date(2025, 7, 15), policy=fixed("0.1"))
    assert [c.item for c in result.charges] == ["INV-1"]
    assert result.reasons[0].code == "debit_notes_not_charged"
    both = assess(items, as_of=dt.date(2025, 7, 15), policy=fixed("0.1", charge_debit_notes=True))
    assert [c.item for c in both.charges] == ["DN-1", "INV-1"]


def test_rate_change_day_takes_the_new_rate() -> None:
    # Due 29 June 2025, as of 1 July: 30 June at 3.15% + 8 (first semester), 1 July, the
    # change day itself, at 2.15% + 8 (art. 3(2)(b)). 36,500 × (0.1115 + 0.1015) / 365 = 21.30.
    policy = LateChargePolicy.eu_statutory(ECB_2025)
    item = invoice(due=dt.date(2025, 6, 29), amount="36500.00")
    charge = assess([item], as_of=dt.date(2025, 7, 1), policy=policy).charges[0]
    assert [(p.start, p.days, p.annual_rate) for p in charge.periods] == [
        (dt.date(2025, 6, 30), 1, Decimal("0.1115")),
        (dt.date(2025, 7, 1), 1, Decimal("0.1015")),
    ]
    assert charge.interest == money("21.30", "EUR")
    # due on the eve of the change: every day late is at the new rate
    eve = assess([invoice(due=dt.date(2025, 6, 30))], as_of=dt.date(2025, 7, 1), policy=policy)
    assert [p.annual_rate for p in eve.charges[0].periods] == [Decimal("0.1015")]


def test_eu_statutory_rates_are_dated_by_half_year() -> None:
    # Art. 3(2): the rate in force on 1 January (1 July) holds for the whole half-year, so
    # the ECB's own decision dates (3.15% from 18 December 2024, 2.15% from 11 June 2025)
    # are refused: they would change the statutory rate mid-semester.
    with pytest.raises(PolicyError, match=r"reference_rates\[1\]\.from_date"):
        LateChargePolicy.eu_statutory(
            [
                ReferenceRate(dt.date(2025, 1, 1), Decimal("0.0315")),
                ReferenceRate(dt.date(2025, 6, 11), Decimal("0.0215")),
            ]
        )
    with pytest.raises(PolicyError, match=r"reference_rates\[0\]"):
        LateChargePolicy.eu_statutory(["0.0215"])  # type: ignore[list-item]


def test_grace_boundary_day_by_day() -> None:
    policy = fixed("0.365", grace_days=5)  # 0.1% a day on actual/365
    item = invoice(due=dt.date(2026, 1, 1), amount="100.00")
    on_last_grace_day = assess([item], as_of=dt.date(2026, 1, 6), policy=policy).charges[0]
    first_day_after = assess([item], as_of=dt.date(2026, 1, 7), policy=policy).charges[0]
    assert (on_last_grace_day.outcome, on_last_grace_day.days_late) == ("none", 5)
    assert first_day_after.interest == money("0.60", "EUR")  # six days: 100 × 0.001 × 6


def test_zero_decimal_currency_rounds_half_up() -> None:
    # 18,250 JPY × 5% × 1 / 365 = 2.5 yen exactly: half up gives 3 (half even would give 2).
    item = invoice(due=dt.date(2026, 1, 1), amount="18250", currency="JPY")
    charge = assess([item], as_of=dt.date(2026, 1, 2), policy=fixed("0.05")).charges[0]
    assert charge.periods[0].interest == Decimal("2.5")
    assert charge.interest == money("3", "JPY")
    # the same on actual/360: 18,250 × 0.05 / 360 = 2.534... → 3; over 10 days 25.347 → 25
    on_360 = fixed("0.05", day_count="actual/360")
    ten = assess([item], as_of=dt.date(2026, 1, 11), policy=on_360).charges[0]
    assert ten.interest == money("25", "JPY")


def test_interest_cap_holds_across_assessments() -> None:
    # Capped at 10% of the open amount: charging in two steps used to charge the cap twice.
    capped = fixed("1", max_interest_ratio=Decimal("0.1"))
    item = invoice(due=dt.date(2025, 1, 1), amount="100.00")
    once = assess([item], as_of=dt.date(2026, 1, 1), policy=capped).charges[0]
    first = assess([item], as_of=dt.date(2025, 1, 20), policy=capped).charges[0]
    second = assess(
        [item],
        as_of=dt.date(2026, 1, 1),
        policy=capped,
        charged_until={item.number: first.interest_through},
    ).charges[0]
    assert once.interest == money("10.00", "EUR")
    assert first.interest == money("5.21", "EUR")  # 100 × 1 × 19 / 365, under the cap
    assert first.interest + second.interest == money("10.00", "EUR")
    capped_reason = next(r for r in second.reasons if r.code == "interest_capped")
    assert capped_reason.data["charged_before"] == "5.21"
    third = assess(
        [item],
        as_of=dt.date(2026, 6, 1),
        policy=capped,
        charged_until={item.number: dt.date(2026, 1, 1)},
    ).charges[0]
    assert third.interest == money("0.00", "EUR")


@given(overdue_items(), st.integers(1, 400), st.integers(1, 400))
def test_capped_interest_in_two_steps_never_exceeds_the_cap(
    item: OpenItem, first_days: int, more_days: int
) -> None:
    policy = fixed("0.5", max_interest_ratio=Decimal("0.05"))
    middle = item.due_date + dt.timedelta(days=first_days)
    end = middle + dt.timedelta(days=more_days)
    once = assess([item], as_of=end, policy=policy).charges[0].interest
    part_one = assess([item], as_of=middle, policy=policy).charges[0].interest
    part_two = assess([item], as_of=end, policy=policy, charged_until={item.number: middle})
    total = part_one + part_two.charges[0].interest
    limit = money(item.open.amount * Decimal("0.05"), item.open.code, rounding=ROUND_HALF_UP)
    assert to_minor(total) <= to_minor(limit) + 1  # each step rounds once
    assert abs(to_minor(total) - to_minor(once)) <= 1  # each step rounds once


def test_eu_compensation_once_per_invoice() -> None:
    # Art. 6(1): EUR 40 per late invoice, once: two invoices get it once each; the next
    # assessment, told the fees were charged, adds none; a debit note never gets it.
    policy = LateChargePolicy.eu_statutory(ECB_2025)
    items = [invoice(), invoice("INV-2", amount="50.00")]
    first = assess(items, as_of=dt.date(2025, 7, 15), policy=policy)
    assert first.fee_total("EUR") == money("80.00", "EUR")
    later = assess(
        items,
        as_of=dt.date(2025, 8, 15),
        policy=policy,
        charged_until={c.item: c.interest_through for c in first.charges},
        fees_charged=[c.item for c in first.charges if c.fee.amount],
    )
    assert later.fee_total("EUR") == money("0.00", "EUR")
    assert later.interest_total("EUR").amount > 0
    notes = assess(
        [invoice("DN-1", kind=ItemKind.DEBIT_NOTE)],
        as_of=dt.date(2025, 7, 15),
        policy=attrs.evolve(policy, charge_debit_notes=True),
    )
    assert notes.fee_total("EUR") == money("0.00", "EUR")


# --- debit note and journal ------------------------------------------------------------------


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


# --- properties -------------------------------------------------------------------------------


@given(overdue_items(), st.integers(1, 400), st.integers(1, 400))
def test_interest_grows_with_time(item: OpenItem, early: int, extra: int) -> None:
    policy = LateChargePolicy.eu_statutory(
        (*ECB_2025, ReferenceRate(dt.date(2026, 1, 1), Decimal("0.0215")))
    )
    first = assess([item], as_of=item.due_date + dt.timedelta(days=early), policy=policy)
    later = assess([item], as_of=item.due_date + dt.timedelta(days=early + extra), policy=policy)
    assert later.charges[0].interest >= first.charges[0].interest


@given(overdue_items(), st.integers(1, 200), st.integers(1, 200))
def test_charging_in_two_steps_matches_one_within_rounding(
    item: OpenItem, first_days: int, more_days: int
) -> None:
    policy = fixed("0.1215")
    middle = item.due_date + dt.timedelta(days=first_days)
    end = middle + dt.timedelta(days=more_days)
    once = assess([item], as_of=end, policy=policy).charges[0].interest
    part_one = assess([item], as_of=middle, policy=policy).charges[0].interest
    part_two = assess([item], as_of=end, policy=policy, charged_until={item.number: middle})
    total = part_one + part_two.charges[0].interest
    assert abs(to_minor(total) - to_minor(once)) <= 1  # each step rounds once


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


# --- policies are data ----------------------------------------------------------------------------


def test_policy_round_trips_through_plain_dicts() -> None:
    policy = LateChargePolicy.eu_statutory(ECB_2025)
    plain = unstructure(policy)
    assert plain["fixed_fees"] == {"EUR": "40"}
    assert plain["reference_rates"][1] == {"from_date": "2025-07-01", "rate": "0.0215"}
    rebuilt = structure(plain, LateChargePolicy)
    assert rebuilt == policy
    assert rebuilt.margin == EU_STATUTORY_MARGIN
    assert rebuilt.basis is RateBasis.REFERENCE_PLUS_MARGIN
    assert from_json(to_json(policy), LateChargePolicy) == policy


def test_policy_from_a_dict_reports_every_bad_field() -> None:
    plain = unstructure(fixed("0.1"))
    plain["day_count"] = "30/360"
    plain["grace_days"] = -1
    with pytest.raises(ValidationError) as caught:
        structure(plain, LateChargePolicy)
    assert {p.field for p in caught.value.problems} == {"$.day_count", "$.grace_days"}


def test_assessment_round_trips_as_json() -> None:
    result = assess(
        [invoice()], as_of=dt.date(2025, 7, 15), policy=LateChargePolicy.eu_statutory(ECB_2025)
    )
    assert structure(unstructure(result), LateChargeAssessment) == result


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"id": ""}, "policy.id"),
        ({"version": " "}, "policy.version"),
        ({"basis": "compound"}, "late_charge_policy.basis"),
        ({"day_count": "30/360"}, "late_charge_policy.day_count"),
        ({"annual_rate": Decimal("-0.01")}, "late_charge_policy.annual_rate"),
        ({"annual_rate": 0.08}, "late_charge_policy.annual_rate"),
        ({"annual_rate": "eight"}, "late_charge_policy.annual_rate"),
        ({"annual_rate": "Infinity"}, "late_charge_policy.annual_rate"),
        ({"margin": "-0.08"}, "late_charge_policy.margin"),
        ({"basis": "reference_plus_margin"}, "late_charge_policy.reference_rates"),
        ({"reference_rates": list(ECB_2025)}, "late_charge_policy.reference_rates"),
        ({"reference_rates": "ECB"}, "late_charge_policy.reference_rates"),
        ({"reference_rates": [("2025-01-01", "0.03")]}, r"late_charge_policy.reference_rates\[0\]"),
        (
            {"basis": "reference_plus_margin", "reference_rates": [ECB_2025[0], ECB_2025[0]]},
            "late_charge_policy.reference_rates",
        ),
        ({"grace_days": -1}, "late_charge_policy.grace_days"),
        ({"grace_days": 1.0}, "late_charge_policy.grace_days"),
        ({"interest_from_grace_end": "yes"}, "late_charge_policy.interest_from_grace_end"),
        ({"charge_debit_notes": 1}, "late_charge_policy.charge_debit_notes"),
        ({"max_annual_rate": "-1"}, "late_charge_policy.max_annual_rate"),
        ({"max_interest_ratio": -1}, "late_charge_policy.max_interest_ratio"),
        ({"fixed_fees": [("EUR", "40")]}, "late_charge_policy.fixed_fees"),
        ({"fixed_fees": {"EURO": "40"}}, "late_charge_policy.fixed_fees.EURO"),
        ({"fixed_fees": {"EUR": "-40"}}, "late_charge_policy.fixed_fees.EUR"),
        ({"fixed_fees": {"EUR": "40.001"}}, "late_charge_policy.fixed_fees.EUR"),
        ({"fixed_fees": {"EUR": 40.0}}, "late_charge_policy.fixed_fees.EUR"),
        ({"fixed_fees": {"EUR": "x"}}, "late_charge_policy.fixed_fees.EUR"),
        ({"fixed_fees": {1: "40"}}, "late_charge_policy.fixed_fees.1"),
        (
            {"fixed_fees": {"EUR": "40", 1: "40"}},
            "late_charge_policy.fixed_fees.1",
        ),  # TypeError before
        ({"minimum_charge": {"JPY": "0.5"}}, "late_charge_policy.minimum_charge.JPY"),
    ],
)
def test_policy_validation(kwargs: dict[str, Any], field: str) -> None:
    fields: dict[str, Any] = {"id": "late", "version": "1", **kwargs}
    with pytest.raises(PolicyError, match=field):
        LateChargePolicy(**fields)


def test_reference_rate_validation() -> None:
    with pytest.raises(PolicyError, match=r"reference_rate.from_date"):
        ReferenceRate("2025-01-01", Decimal("0.03"))
    with pytest.raises(PolicyError, match=r"reference_rate.rate"):
        ReferenceRate(dt.date(2025, 1, 1), 0.03)


def test_assess_validation_changes_nothing() -> None:
    item = invoice()
    policy = fixed("0.1")
    with pytest.raises(ValidationError, match="policy"):
        assess([item], as_of=dt.date(2025, 7, 1), policy={"annual_rate": "0.1"})
    with pytest.raises(ValidationError, match="as_of"):
        assess([item], as_of=dt.datetime(2025, 7, 1, tzinfo=dt.UTC), policy=policy)
    with pytest.raises(ValidationError, match=r"charged_until\[INV-1\]"):
        assess([item], as_of=dt.date(2025, 7, 1), policy=policy, charged_until={"INV-1": "x"})
    with pytest.raises(ValidationError, match=r"items\[1\]"):
        assess([item, "INV-2"], as_of=dt.date(2025, 7, 1), policy=policy)
    with pytest.raises(ValidationError, match=r"items\[1\].number"):
        assess([item, item], as_of=dt.date(2025, 7, 1), policy=policy)
    with pytest.raises(ValidationError, match="items"):
        assess(5, as_of=dt.date(2025, 7, 1), policy=policy)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="charged_until"):
        assess([item], as_of=dt.date(2025, 7, 1), policy=policy, charged_until=[("INV-1", 1)])  # type: ignore[arg-type]
    assert item == invoice()


@pytest.mark.parametrize("fees", ["INV-1", 7, [7]])
def test_fees_charged_must_be_item_numbers(fees: object) -> None:
    # A bare "INV-1" was read as its characters, so the EUR 40 was charged a second time.
    policy = LateChargePolicy.eu_statutory(ECB_2025)
    with pytest.raises(ValidationError, match="fees_charged"):
        assess([invoice()], as_of=dt.date(2025, 7, 15), policy=policy, fees_charged=fees)  # type: ignore[arg-type]


def test_empty_assessment() -> None:
    empty = LateChargeAssessment(
        as_of=dt.date(2025, 1, 1), charges=(), policy_id="p", policy_version="1"
    )
    assert (empty.outcome, empty.currencies()) == ("none", ())
