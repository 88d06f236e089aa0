"""Late charges: worked examples and every rule of the assessment, properties, validation.

Moved from tests/test_latecharges.py when latecharges became a package; assertions unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.errors import ValidationError
from receivables.interop import structure, unstructure
from receivables.latecharges import (
    EU_COMPENSATION_EUR,
    DayCount,
    LateChargeAssessment,
    LateChargePolicy,
    ReferenceRate,
    assess,
)
from receivables.ledger import ItemKind, OpenItem
from receivables.money import money, to_minor

# ECB main refinancing operations rate (Directive 2011/7/EU art. 2(7)(a)(i)): 3.15% from
# 18 December 2024, so in force on 1 January 2025; 2.15% from 11 June 2025, so in force on
# 1 July 2025 (ECB monetary policy decisions of 12 December 2024 and 5 June 2025).
from tests.latecharges import ECB_2025, cents, fixed, invoice
from tests.strategies import overdue_items


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


def test_assessment_round_trips_as_json() -> None:
    result = assess(
        [invoice()], as_of=dt.date(2025, 7, 15), policy=LateChargePolicy.eu_statutory(ECB_2025)
    )
    assert structure(unstructure(result), LateChargeAssessment) == result


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
