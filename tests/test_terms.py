"""Payment terms: worked examples from Odoo, Tryton and ERPNext, error paths, properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.calendars import BusinessCalendar, Roll
from receivables.documents import Discount
from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.money import Money, from_minor, money, to_minor
from receivables.terms import (
    FORMS,
    EarlyDiscount,
    Installment,
    LineValue,
    PaymentTerms,
    TermLine,
    invoices_for,
    net,
    schedule,
)
from tests.strategies import CURRENCIES, business_calendars, near_dates, payment_terms

D = dt.date
P = LineValue.PERCENT
F = LineValue.FIXED


def usd(amount: str) -> Money:
    return money(amount, "USD")


def terms_of(*lines: TermLine) -> PaymentTerms:
    return PaymentTerms(id="test", lines=lines)


def dates(terms: PaymentTerms, invoice_date: dt.date) -> list[dt.date]:
    return [part.due_date for part in schedule(terms, usd("1000.00"), invoice_date)]


def amounts(terms: PaymentTerms, total: Money, on: dt.date | None = None) -> list[Money]:
    return [part.amount for part in schedule(terms, total, on or D(2016, 1, 1))]


# --- Odoo: addons/account/tests/test_payment_term.py (17.0) -----------------------------


def test_odoo_net_30_days() -> None:
    # pay_term_net_30_days: one 100% line at 30 days.
    assert dates(net(30), D(2022, 1, 1)) == [D(2022, 1, 31)]
    assert dates(net(30), D(2022, 1, 15)) == [D(2022, 2, 14)]
    assert dates(net(30), D(2022, 1, 31)) == [D(2022, 3, 2)]


def test_odoo_30_percent_at_15_days_balance_at_45() -> None:
    # pay_term_60_days: 30% at 15 days, 70% (the last line, so the balance) at 45 days.
    terms = terms_of(TermLine(value=P, percent=30, days=15), TermLine(days=45))
    assert dates(terms, D(2022, 1, 1)) == [D(2022, 1, 16), D(2022, 2, 15)]
    assert dates(terms, D(2022, 1, 15)) == [D(2022, 1, 30), D(2022, 3, 1)]
    assert dates(terms, D(2022, 1, 31)) == [D(2022, 2, 15), D(2022, 3, 17)]
    assert amounts(terms, usd("1000.00")) == [usd("300.00"), usd("700.00")]


def test_odoo_fifty_fifty_on_1150() -> None:
    # test_payment_term_compute_method_without_cash_discount: 50% at 2 days and 50% at
    # 4 days of 1000 untaxed + 150 tax, dated 2016-01-01: 575.00 on the 3rd, 575.00 on the 5th.
    terms = terms_of(TermLine(value=P, percent=50, days=2), TermLine(days=4))
    parts = schedule(terms, usd("1150.00"), D(2016, 1, 1))
    assert [(p.due_date, p.amount) for p in parts] == [
        (D(2016, 1, 3), usd("575.00")),
        (D(2016, 1, 5), usd("575.00")),
    ]


def test_odoo_cash_discount_on_1150() -> None:
    # test_payment_term_compute_method_with_cash_discount ('included' computation):
    # 100% at 2 days, 10% off within 1 day, on 1150.00 dated 2016-01-01: due
    # 2016-01-03, discounted balance 1035.00 (1150 x 0.9).
    terms = terms_of(TermLine(days=2, discounts=[EarlyDiscount(percent=10, days=1)]))
    (part,) = schedule(terms, usd("1150.00"), D(2016, 1, 1))
    assert part.due_date == D(2016, 1, 3)
    assert part.discounts == (Discount(amount=usd("115.00"), until=D(2016, 1, 2)),)
    assert part.due_on(D(2016, 1, 2)) == usd("1035.00")
    assert part.due_on(D(2016, 1, 3)) == usd("1150.00")


def test_odoo_residual_goes_to_the_last_line() -> None:
    # test_payment_term_residual_amount_on_last_line: 50% and 50% of 0.03 give
    # [0.02, 0.01]: the first rounds half up, the last takes what is left. Here
    # the second 50% is capped at what is left and the balance line is empty.
    terms = terms_of(TermLine(value=P, percent=50), TermLine(value=P, percent=50), TermLine())
    assert amounts(terms, usd("0.03")) == [usd("0.02"), usd("0.01")]


def test_odoo_balance_after_a_fixed_line() -> None:
    # test_payment_term_last_balance_line_with_fixed: 70%, fixed 200, last line
    # (the balance) on 1000 give [700, 200, 100].
    terms = terms_of(
        TermLine(value=P, percent=70), TermLine(value=F, amount=usd("200.00")), TermLine()
    )
    assert amounts(terms, usd("1000.00")) == [usd("700.00"), usd("200.00"), usd("100.00")]


def test_odoo_negative_balance_is_refused_here() -> None:
    # test_payment_term_last_balance_line_with_fixed_negative: 70%, fixed 500 and
    # the balance on 1000; Odoo books [700, 500, -200]. A negative installment is
    # not a debt, so this library refuses the terms for that total instead.
    terms = terms_of(
        TermLine(value=P, percent=70), TermLine(value=F, amount=usd("500.00")), TermLine()
    )
    with pytest.raises(ValidationError, match=r"^total: .*need 1200\.00 USD") as raised:
        schedule(terms, usd("1000.00"), D(2016, 1, 1))
    assert raised.value.field == "total"
    assert amounts(terms, usd("2000.00")) == [usd("1400.00"), usd("500.00"), usd("100.00")]


@pytest.mark.parametrize(
    ("days", "day", "invoice", "due"),
    [
        # test_payment_term_days_end_of_month_on_the: 30 days, then the 10th (or the
        # 31st, clamped to 29 February 2024) of the month after that month's end.
        (30, 10, D(2023, 12, 12), D(2024, 2, 10)),
        (30, 31, D(2023, 12, 12), D(2024, 2, 29)),
        # test_payment_term_days_end_of_month_nb_days_0 and _nb_days_15.
        (0, 29, D(2024, 5, 23), D(2024, 6, 29)),
        (0, 31, D(2024, 5, 23), D(2024, 6, 30)),
        (15, 30, D(2024, 5, 24), D(2024, 7, 30)),
        (15, 31, D(2024, 5, 23), D(2024, 7, 31)),
    ],
)
def test_odoo_days_end_of_month_on_the(days: int, day: int, invoice: dt.date, due: dt.date) -> None:
    assert dates(terms_of(TermLine(days=days, day_of_next_month=day)), invoice) == [due]


def test_odoo_days_end_of_month_on_the_0th_is_the_month_end() -> None:
    # test_payment_term_days_end_of_month_days_next_month_0: 30 days from
    # 2024-04-22, "on the 0th" of the next month: the end of May.
    assert dates(terms_of(TermLine(days=30, end_of_month=True)), D(2024, 4, 22)) == [D(2024, 5, 31)]


@pytest.mark.parametrize("invoice", [D(2019, 1, 1), D(2019, 1, 15), D(2019, 1, 31)])
def test_odoo_14_end_of_month_terms(invoice: dt.date) -> None:
    # Odoo 14.0 test_payment_term.py: "45 Days from End of Month" gives 2019-03-17,
    # "Last Day of month" 2019-01-31, "First day next month" 2019-02-01, for
    # invoices of 1, 15 and 31 January 2019.
    assert dates(terms_of(TermLine(end_of_month=True, days_after=45)), invoice) == [D(2019, 3, 17)]
    assert dates(terms_of(TermLine(end_of_month=True)), invoice) == [D(2019, 1, 31)]
    assert dates(terms_of(TermLine(end_of_month=True, days_after=1)), invoice) == [D(2019, 2, 1)]


def test_odoo_documented_30_percent_advance_end_of_following_month() -> None:
    # Odoo documentation, "Payment terms and installment plans": "30% is due on the
    # day of the invoice's issuance. The remaining balance is due at the end of the
    # following month." By hand, 1000.00 invoiced 15 January 2026: 300.00 that day,
    # 700.00 on 28 February 2026.
    terms = PaymentTerms.parse("30% advance end of following month")
    parts = schedule(terms, usd("1000.00"), D(2026, 1, 15))
    assert [(p.due_date, p.amount) for p in parts] == [
        (D(2026, 1, 15), usd("300.00")),
        (D(2026, 2, 28), usd("700.00")),
    ]


def test_odoo_2_7_net_30() -> None:
    # Odoo's shipped term account_payment_term_30days_early_discount, "2/7 Net 30":
    # 100% at 30 days, 2% off within 7 days. 1000.00 on 1 March 2026: due 31 March,
    # 980.00 if paid by 8 March.
    (part,) = schedule(PaymentTerms.parse("2/7 Net 30"), usd("1000.00"), D(2026, 3, 1))
    assert part.due_date == D(2026, 3, 31)
    assert part.due_on(D(2026, 3, 8)) == usd("980.00")
    assert part.due_on(D(2026, 3, 9)) == usd("1000.00")


def test_odoo_documented_21_mfi() -> None:
    # Odoo documentation: "21 MFI: the full payment is due by the 21st of the month
    # following the invoice date".
    assert dates(PaymentTerms.parse("21 MFI"), D(2026, 1, 28)) == [D(2026, 2, 21)]


def test_odoo_shipped_90_days_on_the_10th() -> None:
    # account_payment_term_90days_on_the_10th: delay "days end of month on the",
    # 90 days, the 10th. 15 January 2026 + 90 days = 15 April; end of April; 10 May.
    assert dates(PaymentTerms.parse("90 days, on the 10th"), D(2026, 1, 15)) == [D(2026, 5, 10)]


def test_odoo_shipped_10_days_after_end_of_next_month() -> None:
    # account_payment_term_30_days_end_month_the_10: "days after end of next month", 10.
    terms = terms_of(TermLine(months=1, end_of_month=True, days_after=10))
    assert dates(terms, D(2026, 1, 15)) == [D(2026, 3, 10)]


# --- Tryton: modules/account_invoice/tests/test_module.py ---------------------------------


def test_tryton_payment_term() -> None:
    # test_payment_term: 1587.35 dated 2011-10-01 with lines 25% at +30 days, 25% of
    # the total at +1 month, fixed 396.84 at +1 month +30 days, and the remainder at
    # relativedelta(months=2, day=15, days=30). Tryton's first line is a percent of
    # the remainder, which for the first line is the total. By hand: 1587.35 x 0.25 =
    # 396.8375 -> 396.84 twice, 396.84 fixed, remainder 1587.35 - 3 x 396.84 = 396.83;
    # 2011-10-01 -> 12-15 (months=2, day=15) + 30 days = 2012-01-14.
    cu1 = "USD"
    terms = terms_of(
        TermLine(value=P, percent=25, days=30),
        TermLine(value=P, percent=25, months=1),
        TermLine(value=F, amount=money("396.84", cu1), months=1, days=30),
        TermLine(months=2, day_of_month=15, days=30),
    )
    parts = schedule(terms, money("1587.35", cu1), D(2011, 10, 1))
    assert [(p.due_date, p.amount.amount) for p in parts] == [
        (D(2011, 10, 31), Decimal("396.84")),
        (D(2011, 11, 1), Decimal("396.84")),
        (D(2011, 12, 1), Decimal("396.84")),
        (D(2012, 1, 14), Decimal("396.83")),
    ]


def test_tryton_negative_amount_is_refused_here() -> None:
    # Tryton's test_negative_amount splits -10.00 into -2.5, -2.5, -4.0, -1.0; this
    # library schedules invoices only, so a negative total is an error.
    with pytest.raises(ValidationError, match=r"^total: .*positive"):
        schedule(net(30), usd("-10.00"), D(2011, 10, 1))


# --- ERPNext: docs/user/manual/en/accounts/payment-terms.md -------------------------------


def test_erpnext_documented_due_date_rules() -> None:
    # "Day(s) after invoice date ... if 7 is entered on date 20th, the due date will be 27."
    assert dates(net(7), D(2026, 4, 20)) == [D(2026, 4, 27)]
    # "Day(s) after the end of the invoice month ... if 7 is entered in the current month
    # and the last day of the month is 30th, the due date will be the 7th of the next month."
    assert dates(terms_of(TermLine(end_of_month=True, days_after=7)), D(2026, 4, 20)) == [
        D(2026, 5, 7)
    ]


def test_erpnext_months_after_the_end_of_the_invoice_month() -> None:
    # The documentation says "if 3 is entered on 20th of January, the due date will be
    # on 20th March". That example is wrong: ERPNext's own get_due_date computes
    # get_last_day(add_months(date, 3)), the end of April, which is what the rule's name
    # says and what this library gives.
    terms = terms_of(TermLine(months=3, end_of_month=True))
    assert dates(terms, D(2026, 1, 20)) == [D(2026, 4, 30)]


def test_erpnext_pitfall_discount_is_on_the_installment_not_the_invoice() -> None:
    # ERPNext's apply_early_payment_discount takes a schedule row's percentage of the
    # invoice grand total: two 500.00 rows each with 2% in 10 days give 20.00 each
    # (40.00, 4% of the invoice). Here each installment earns 2% of itself: 10.00.
    tier = EarlyDiscount(percent=2, days=10)
    terms = terms_of(
        TermLine(value=P, percent=50, days=10, discounts=[tier]),
        TermLine(days=30, discounts=[tier]),
    )
    first, second = schedule(terms, usd("1000.00"), D(2026, 1, 5))
    assert first.discount_on(D(2026, 1, 15)) == usd("10.00")
    assert second.discount_on(D(2026, 1, 15)) == usd("10.00")
    assert second.discount_on(D(2026, 1, 16)) == usd("0.00")


def test_erpnext_due_date_never_before_the_invoice_date() -> None:
    # ERPNext's get_payment_term_details: "if due_date < posting_date: due_date =
    # posting_date". The 1st of this month, for an invoice of the 20th, is the 20th.
    assert dates(terms_of(TermLine(day_of_month=1)), D(2026, 1, 20)) == [D(2026, 1, 20)]


# --- presets and parsing --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "invoice", "due"),
    [
        ("net 30", D(2026, 1, 5), [D(2026, 2, 4)]),
        ("Net 30 days", D(2026, 1, 5), [D(2026, 2, 4)]),
        ("n/45", D(2026, 1, 5), [D(2026, 2, 19)]),
        ("30 days", D(2026, 1, 5), [D(2026, 2, 4)]),
        ("immediate", D(2026, 1, 5), [D(2026, 1, 5)]),
        ("due on receipt", D(2026, 1, 5), [D(2026, 1, 5)]),
        ("2/10 net 30", D(2026, 1, 5), [D(2026, 2, 4)]),
        ("2/10, n/30", D(2026, 1, 5), [D(2026, 2, 4)]),
        ("end of month", D(2026, 2, 5), [D(2026, 2, 28)]),
        ("end of month + 30", D(2026, 1, 5), [D(2026, 3, 2)]),
        ("EOM+30", D(2026, 1, 5), [D(2026, 3, 2)]),
        ("end of following month", D(2026, 1, 31), [D(2026, 2, 28)]),
        ("the 10th of next month", D(2026, 1, 25), [D(2026, 2, 10)]),
        ("the 15th of the month after next", D(2026, 1, 5), [D(2026, 3, 15)]),
        ("the 15th of the month after next", D(2026, 11, 30), [D(2027, 1, 15)]),
        ("30% now, balance 60 days", D(2026, 1, 15), [D(2026, 1, 15), D(2026, 3, 16)]),
        (
            "30% now, balance end of following month",
            D(2026, 1, 15),
            [D(2026, 1, 15), D(2026, 2, 28)],
        ),
    ],
)
def test_parse_the_short_forms(text: str, invoice: dt.date, due: list[dt.date]) -> None:
    assert dates(PaymentTerms.parse(text), invoice) == due


def test_every_documented_form_parses() -> None:
    for text in FORMS:
        terms = PaymentTerms.parse(text)
        assert terms.name == text
        assert terms.lines[-1].value is LineValue.BALANCE


def test_parse_names_ids_and_discounts() -> None:
    terms = PaymentTerms.parse("2/10 net 30")
    assert terms.id == "2-10-net-30"
    assert terms.lines[0].discounts == (EarlyDiscount(percent=Decimal(2), days=10),)
    assert PaymentTerms.parse("net 30", id="N30", version="2026-01").id == "N30"
    assert PaymentTerms.parse("1.5/15 net 45").lines[0].discounts[0].percent == Decimal("1.5")


def test_net_builds_one_balance_line() -> None:
    terms = net(45)
    assert (terms.id, terms.name, terms.version) == ("net-45", "Net 45", "1")
    assert terms.lines == (TermLine(days=45),)


# --- schedules, discounts, calendars --------------------------------------------------------


def test_schedule_moves_due_dates_to_business_days() -> None:
    # Net 30 from Saturday 4 April 2026 in Colombia: 4 May is a Monday, a business day.
    # From 2 April: 2 May is a Saturday -> Monday 4 May (following) or Thursday
    # 30 April (preceding: 1 May is Labour Day).
    colombia = BusinessCalendar("CO")
    (part,) = schedule(net(30), money("500000", "COP"), D(2026, 4, 2), calendar=colombia)
    assert (part.unadjusted_due_date, part.due_date) == (D(2026, 5, 2), D(2026, 5, 4))
    (back,) = schedule(
        net(30), money("500000", "COP"), D(2026, 4, 2), calendar=colombia, roll="preceding"
    )
    assert back.due_date == D(2026, 4, 30)


def test_preceding_never_goes_before_the_invoice() -> None:
    # Immediate payment on Saturday 4 July 2026 with a preceding roll would be due on
    # Thursday 2 July, before the invoice; it rolls forward to Monday 6 July instead.
    us = BusinessCalendar("US")
    (part,) = schedule(net(0), usd("10.00"), D(2026, 7, 4), calendar=us, roll=Roll.PRECEDING)
    assert part.due_date == D(2026, 7, 6)


def test_holiday_at_a_month_end_with_modified_following() -> None:
    # Net 30 from 1 May 2027 is Monday 31 May 2027, Memorial Day (the last Monday of May).
    # Following rolls into June (Tuesday 1 June); modified following stays in May and
    # goes back to Friday 28 May; preceding agrees.
    us = BusinessCalendar("US")
    assert us.holiday_name(D(2027, 5, 31)) == "Memorial Day"
    due = {
        roll: schedule(net(30), usd("10.00"), D(2027, 5, 1), calendar=us, roll=roll)[0].due_date
        for roll in Roll
    }
    assert due[Roll.UNADJUSTED] == D(2027, 5, 31)
    assert due[Roll.FOLLOWING] == D(2027, 6, 1)
    assert due[Roll.MODIFIED_FOLLOWING] == D(2027, 5, 28)
    assert due[Roll.PRECEDING] == D(2027, 5, 28)
    # invoiced on Saturday 29 May, net 2: going back would land before the invoice, so
    # modified following rolls forward into June after all
    (part,) = schedule(net(2), usd("10.00"), D(2027, 5, 29), calendar=us, roll="modified_following")
    assert (part.unadjusted_due_date, part.due_date) == (D(2027, 5, 31), D(2027, 6, 1))


@pytest.mark.parametrize("roll", [Roll.PRECEDING, Roll.MODIFIED_FOLLOWING])
def test_discount_window_ending_on_a_due_date_that_rolls_back(roll: Roll) -> None:
    # "1/30 net 30" from 1 May 2027: the window and the due date both end on Memorial Day,
    # 31 May 2027; the roll moves the due date back to 28 May but the terms are valid, so
    # the schedule is built (it used to raise) and the window keeps its stated last day.
    terms = PaymentTerms.parse("1/30 net 30")
    (part,) = schedule(
        terms, usd("500.00"), D(2027, 5, 1), calendar=BusinessCalendar("US"), roll=roll
    )
    assert (part.unadjusted_due_date, part.due_date) == (D(2027, 5, 31), D(2027, 5, 28))
    assert part.discount_on(D(2027, 5, 31)) == usd("5.00")
    assert part.discount_on(D(2027, 6, 1)) == usd("0.00")


def test_discount_window_of_zero_days_is_the_invoice_date_only() -> None:
    terms = terms_of(TermLine(days=30, discounts=[EarlyDiscount(percent=3, days=0)]))
    (part,) = schedule(terms, usd("100.00"), D(2026, 1, 1))
    assert part.discount_on(D(2025, 12, 31)) == usd("3.00")  # paid in advance: still inside
    assert part.discount_on(D(2026, 1, 1)) == usd("3.00")
    assert part.discount_on(D(2026, 1, 2)) == usd("0.00")
    assert part.due_on(D(2026, 1, 1)) == usd("97.00")


@pytest.mark.parametrize("currency", ["BHD", "KWD", "OMR", "JOD", "TND"])
def test_thirds_sum_exactly_in_three_decimal_currencies(currency: str) -> None:
    # 100.000 in thirds: 33.333 + 33.333, the balance takes the residual 33.334.
    third = Decimal("33.333")
    terms = terms_of(
        TermLine(value=P, percent=Decimal(100) / 3, days=0),
        TermLine(value=P, percent=Decimal(100) / 3, days=30),
        TermLine(days=60),
    )
    parts = schedule(terms, money("100.000", currency), D(2026, 1, 1))
    assert [p.amount.amount for p in parts] == [third, third, Decimal("33.334")]
    assert sum(to_minor(p.amount) for p in parts) == 100_000


@given(st.sampled_from(["BHD", "KWD", "OMR", "JOD", "TND"]), st.integers(1, 10**9), st.data())
def test_percent_schedules_sum_exactly_in_three_decimal_currencies(
    currency: str, units: int, data: st.DataObject
) -> None:
    shares = data.draw(
        st.lists(
            st.decimals(min_value=Decimal("0.001"), max_value=Decimal("33.333"), places=3),
            min_size=1,
            max_size=3,
        )
    )
    lines = [TermLine(value=P, percent=share, days=10 * i) for i, share in enumerate(shares)]
    total = from_minor(units, currency)
    parts = schedule(terms_of(*lines, TermLine(days=90)), total, D(2026, 1, 1))
    assert sum(to_minor(p.amount) for p in parts) == units
    assert all(p.amount.code == currency for p in parts)


def test_installments_are_sorted_by_due_date_and_numbered() -> None:
    terms = terms_of(TermLine(value=P, percent=40, days=60), TermLine(days=10))
    parts = schedule(terms, usd("100.00"), D(2026, 1, 1))
    assert [(p.number, p.line, p.amount) for p in parts] == [
        (1, 1, usd("60.00")),
        (2, 0, usd("40.00")),
    ]


def test_discount_tiers_take_the_best_open_one() -> None:
    # "3% in 7 days, 2% in 14 days" (Tryton's early-discount design discussion).
    tiers = [EarlyDiscount(percent=3, days=7), EarlyDiscount(percent=2, days=14)]
    (part,) = schedule(terms_of(TermLine(days=30, discounts=tiers)), usd("200.00"), D(2026, 1, 1))
    assert part.discount_on(D(2026, 1, 8)) == usd("6.00")
    assert part.discount_on(D(2026, 1, 9)) == usd("4.00")
    assert part.discount_on(D(2026, 1, 16)) == usd("0.00")


def test_discount_that_rounds_to_nothing_is_not_offered() -> None:
    (part,) = schedule(PaymentTerms.parse("2/10 net 30"), usd("0.20"), D(2026, 1, 1))
    assert part.discounts == ()
    assert part.discount_on(D(2026, 1, 1)) == usd("0.00")


def test_zero_decimal_currency() -> None:
    # JPY has no minor unit: 30% of 1001 yen is 300.3 -> 300, the balance 701.
    terms = PaymentTerms.parse("30% now, balance 60 days")
    assert amounts(terms, money("1001", "JPY")) == [money("300", "JPY"), money("701", "JPY")]


def test_three_decimal_currency() -> None:
    terms = terms_of(TermLine(value=P, percent=Decimal("33.333")), TermLine(days=30))
    assert amounts(terms, money("10.000", "BHD")) == [money("3.333", "BHD"), money("6.667", "BHD")]


def test_invoices_for_one_invoice_per_installment() -> None:
    terms = terms_of(
        TermLine(value=P, percent=50, discounts=[EarlyDiscount(percent=1, days=0)]),
        TermLine(days=30),
    )
    parts = schedule(terms, usd("999.99"), D(2026, 1, 5))
    invoices = invoices_for(parts, number="INV-9", customer_id="C1", issue_date=D(2026, 1, 5))
    assert [i.number for i in invoices] == ["INV-9/1", "INV-9/2"]
    assert sum((i.amount for i in invoices), usd("0.00")) == usd("999.99")
    assert invoices[0].discount_on(D(2026, 1, 5)) == usd("5.00")
    assert {i.reference for i in invoices} == {"INV-9"}


# --- error paths: one per rule ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"value": "installment"}, r"term_line\.value"),
        ({"value": P}, r"term_line\.percent"),
        ({"value": P, "percent": 0}, r"term_line\.percent"),
        ({"value": P, "percent": Decimal("100.01")}, r"term_line\.percent"),
        ({"value": P, "percent": 30.0}, r"term_line\.percent"),
        ({"value": P, "percent": "thirty"}, r"term_line\.percent"),
        ({"value": P, "percent": "NaN"}, r"term_line\.percent"),
        ({"percent": 30}, r"term_line\.percent"),
        ({"value": F}, r"term_line\.amount"),
        ({"value": F, "amount": "10.00"}, r"term_line\.amount"),
        ({"value": F, "amount": Money("0.00", "USD")}, r"term_line\.amount"),
        ({"value": F, "amount": Money("1.234", "USD")}, r"term_line\.amount"),
        ({"amount": Money("10.00", "USD")}, r"term_line\.amount"),
        ({"value": P, "percent": 10, "amount": Money("1.00", "USD")}, r"term_line\.amount"),
        ({"months": -1}, r"term_line\.months"),
        ({"months": 121}, r"term_line\.months"),
        ({"months": True}, r"term_line\.months"),
        ({"days": -1}, r"term_line\.days"),
        ({"days": 1.5}, r"term_line\.days"),
        ({"days_after": -1, "end_of_month": True}, r"term_line\.days_after"),
        ({"day_of_month": 0}, r"term_line\.day_of_month"),
        ({"day_of_month": 32}, r"term_line\.day_of_month"),
        ({"day_of_next_month": 0}, r"term_line\.day_of_next_month"),
        ({"day_of_next_month": 32}, r"term_line\.day_of_next_month"),
        ({"end_of_month": 1}, r"term_line\.end_of_month"),
        ({"discounts": ["2/10"]}, r"term_line\.discounts\[0\]"),
    ],
)
def test_term_line_rules(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        TermLine(**kwargs)  # type: ignore[arg-type]


def test_days_after_needs_end_of_month() -> None:
    with pytest.raises(PolicyError, match=r"term_line\.days_after"):
        TermLine(days_after=10)


def test_day_of_next_month_conflicts_with_end_of_month() -> None:
    with pytest.raises(PolicyError, match=r"term_line\.day_of_next_month"):
        TermLine(end_of_month=True, day_of_next_month=10)


@pytest.mark.parametrize(
    "tiers",
    [
        [EarlyDiscount(percent=2, days=14), EarlyDiscount(percent=3, days=7)],
        [EarlyDiscount(percent=3, days=7), EarlyDiscount(percent=3, days=14)],
        [EarlyDiscount(percent=3, days=7), EarlyDiscount(percent=2, days=7)],
    ],
)
def test_discount_tiers_must_give_less_for_longer(tiers: list[EarlyDiscount]) -> None:
    with pytest.raises(PolicyError, match=r"term_line\.discounts\[1\]"):
        TermLine(days=30, discounts=tiers)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"percent": 0, "days": 10}, r"early_discount\.percent"),
        ({"percent": 100, "days": 10}, r"early_discount\.percent"),
        ({"percent": 2.0, "days": 10}, r"early_discount\.percent"),
        ({"percent": 2, "days": -1}, r"early_discount\.days"),
        ({"percent": 2, "days": False}, r"early_discount\.days"),
    ],
)
def test_early_discount_rules(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        EarlyDiscount(**kwargs)  # type: ignore[arg-type]


def test_payment_terms_need_an_identity() -> None:
    with pytest.raises(PolicyError, match=r"policy\.id"):
        PaymentTerms(id="", lines=[TermLine()])
    with pytest.raises(PolicyError, match=r"policy\.version"):
        PaymentTerms(id="net-30", lines=[TermLine()], version="")
    with pytest.raises(ValidationError, match=r"payment_terms\.name"):
        PaymentTerms(id="net-30", lines=[TermLine()], name=None)  # type: ignore[arg-type]


def test_payment_terms_need_lines_ending_with_the_balance() -> None:
    with pytest.raises(PolicyError, match=r"payment_terms\.lines"):
        PaymentTerms(id="t", lines=[])
    with pytest.raises(PolicyError, match=r"payment_terms\.lines\[1\]\.value"):
        PaymentTerms(id="t", lines=[TermLine(), TermLine(value=P, percent=10)])
    with pytest.raises(PolicyError, match=r"payment_terms\.lines\[0\]\.value"):
        PaymentTerms(id="t", lines=[TermLine(), TermLine()])
    with pytest.raises(ValidationError, match=r"payment_terms\.lines\[0\]"):
        PaymentTerms(id="t", lines=[{"value": "balance"}])  # type: ignore[list-item]


def test_percent_lines_add_up_to_100_at_most() -> None:
    lines = [TermLine(value=P, percent=60), TermLine(value=P, percent=41), TermLine()]
    with pytest.raises(PolicyError, match=r"payment_terms\.lines: got '101%'"):
        PaymentTerms(id="t", lines=lines)


def test_fixed_lines_share_one_currency() -> None:
    lines = [
        TermLine(value=F, amount=money("10.00", "USD")),
        TermLine(value=F, amount=money("10.00", "EUR")),
        TermLine(),
    ]
    with pytest.raises(CurrencyMismatchError, match="EUR and USD"):
        PaymentTerms(id="t", lines=lines)


@pytest.mark.parametrize(
    "text",
    [
        "net thirty",
        "2% 10 net 30 EOM",
        "",
        "net 30 eom",
        "0/10 net 30",
        "the 32nd of next month",
        30,
    ],
)
def test_parse_refuses_what_it_does_not_know(text: object) -> None:
    with pytest.raises(ValidationError, match=r"payment_terms\.text") as raised:
        PaymentTerms.parse(text)  # type: ignore[arg-type]
    assert "'net 30'" in raised.value.expected


@pytest.mark.parametrize("days", [-1, True, "30"])
def test_net_needs_whole_days(days: object) -> None:
    with pytest.raises(ValidationError, match="days"):
        net(days)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("total", "field"),
    [
        (usd("0.00"), r"^total"),
        (usd("-1.00"), r"^total"),
        ("1000.00", r"^total"),
        (Decimal("1000.00"), r"^total"),
        (Money("10.001", "USD"), r"amount"),
    ],
)
def test_schedule_needs_a_positive_total(total: object, field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        schedule(net(30), total, D(2026, 1, 1))  # type: ignore[arg-type]


def test_schedule_argument_rules() -> None:
    with pytest.raises(ValidationError, match=r"^terms"):
        schedule("net 30", usd("1.00"), D(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^invoice_date"):
        schedule(net(30), usd("1.00"), "2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^invoice_date"):
        schedule(net(30), usd("1.00"), dt.datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(ValidationError, match=r"^calendar"):
        schedule(net(30), usd("1.00"), D(2026, 1, 1), calendar="CO")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^roll"):
        schedule(net(30), usd("1.00"), D(2026, 1, 1), roll="nearest")


def test_schedule_fixed_lines_in_another_currency() -> None:
    terms = terms_of(TermLine(value=F, amount=money("10.00", "EUR")), TermLine())
    with pytest.raises(CurrencyMismatchError, match="EUR and USD"):
        schedule(terms, usd("100.00"), D(2026, 1, 1))


def test_schedule_discount_window_after_the_due_date() -> None:
    terms = terms_of(TermLine(days=5, discounts=[EarlyDiscount(percent=2, days=10)]))
    with pytest.raises(ValidationError, match=r"payment_terms\.lines\[0\]\.discounts\[0\]\.days"):
        schedule(terms, usd("100.00"), D(2026, 1, 1))


def test_discount_on_needs_a_date() -> None:
    (part,) = schedule(net(30), usd("1.00"), D(2026, 1, 1))
    with pytest.raises(ValidationError, match="paid_on"):
        part.discount_on("2026-01-02")  # type: ignore[arg-type]


def test_failing_schedule_changes_nothing() -> None:
    terms = terms_of(TermLine(value=F, amount=usd("500.00")), TermLine())
    before = attrs.evolve(terms)
    total = usd("100.00")
    with pytest.raises(ValidationError):
        schedule(terms, total, D(2026, 1, 1))
    assert terms == before
    assert total == usd("100.00")
    assert amounts(terms, usd("600.00")) == [usd("500.00"), usd("100.00")]


# --- properties -----------------------------------------------------------------------


@st.composite
def cases(draw: st.DrawFn) -> tuple[PaymentTerms, Money, dt.date]:
    currency = draw(st.sampled_from(CURRENCIES))
    terms = draw(payment_terms(currency if draw(st.booleans()) else None))
    total = from_minor(draw(st.integers(1, 10**10)), currency)
    return terms, total, draw(near_dates)


def _shares_and_fixed(terms: PaymentTerms, total: Money) -> int:
    need = 0
    for line in terms.lines:
        if line.percent is not None:
            need += to_minor(Money(total.amount * line.percent / 100, total.code).quantized())
        elif line.amount is not None:
            need += to_minor(line.amount)
    return need


@given(cases())
def test_schedules_sum_exactly_or_refuse_a_total_too_small(
    case: tuple[PaymentTerms, Money, dt.date],
) -> None:
    terms, total, invoice = case
    need = _shares_and_fixed(terms, total)
    if to_minor(total) < need:
        # Too small a total may still fit (percent lines are capped at what is left);
        # when it does not, the error names the total.
        try:
            parts = schedule(terms, total, invoice)
        except ValidationError as error:
            refused = error
        else:
            refused = None
        if refused is not None:
            assert refused.field == "total"
            return
    else:
        parts = schedule(terms, total, invoice)
    assert sum(to_minor(p.amount) for p in parts) == to_minor(total)
    assert all(p.amount.amount > 0 and p.amount.code == total.code for p in parts)
    assert [p.number for p in parts] == list(range(1, len(parts) + 1))
    due = [p.due_date for p in parts]
    assert due == sorted(due)
    assert all(d >= invoice for d in due)
    assert parts == schedule(terms, total, invoice)


@given(cases(), business_calendars(), st.sampled_from(list(Roll)))
def test_calendar_due_dates_are_business_days(
    case: tuple[PaymentTerms, Money, dt.date], calendar: BusinessCalendar, roll: Roll
) -> None:
    terms, total, invoice = case
    if to_minor(total) < _shares_and_fixed(terms, total):
        return
    parts = schedule(terms, total, invoice, calendar=calendar, roll=roll)
    for part in parts:
        assert part.unadjusted_due_date is not None
        assert part.due_date >= invoice
        if roll is not Roll.UNADJUSTED:
            assert calendar.is_business_day(part.due_date)
    assert sum(to_minor(p.amount) for p in parts) == to_minor(total)


@given(
    st.sampled_from(CURRENCIES),
    st.integers(1, 10**9),
    st.integers(30, 90),
    st.lists(
        st.tuples(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99.99"), places=2),
            st.integers(0, 29),
        ),
        max_size=3,
    ),
    near_dates,
    near_dates,
)
def test_discounts_are_a_share_of_their_installment(
    currency: str,
    units: int,
    days: int,
    raw_tiers: list[tuple[Decimal, int]],
    invoice: dt.date,
    paid_on: dt.date,
) -> None:
    raw_tiers = sorted(set(raw_tiers), key=lambda t: (t[1], -t[0]))
    tiers: list[EarlyDiscount] = []
    for percent, window in raw_tiers:
        if not tiers or (window > tiers[-1].days and percent < tiers[-1].percent):
            tiers.append(EarlyDiscount(percent=percent, days=window))
    terms = terms_of(
        TermLine(value=P, percent=50, days=days, discounts=tiers),
        TermLine(days=days + 1, discounts=tiers),
    )
    for part in schedule(terms, from_minor(units, currency), invoice):
        for discount in part.discounts:
            assert Money("0", currency) < discount.amount < part.amount
            assert discount.until <= part.due_date
        earned = part.discount_on(paid_on)
        open_tiers = [t for t in tiers if paid_on <= invoice + dt.timedelta(days=t.days)]
        offered = [
            Money(part.amount.amount * t.percent / 100, currency).quantized() for t in open_tiers
        ]
        offered = [off for off in offered if 0 < off.amount < part.amount.amount]
        # The best open tier, unless it rounds to nothing or to the whole installment.
        assert earned == (offered[0] if offered else Money("0", currency).quantized())
        assert part.due_on(paid_on) + earned == part.amount
        assert part.discount_on(paid_on + dt.timedelta(days=1)) <= earned


def test_installment_is_a_plain_value() -> None:
    part = Installment(number=1, due_date=D(2026, 1, 1), amount=usd("1.00"))
    assert part.discount_on(D(2026, 1, 1)) == usd("0.00")
    assert attrs.evolve(part, number=2).number == 2


def test_terms_build_from_plain_data_with_cattrs() -> None:
    # Policies are plain data; receivables.interop will own the converter, so this
    # test wires the two hooks it needs (Decimal and Money) on a bare cattrs one.
    import cattrs

    converter = cattrs.Converter()
    converter.register_structure_hook(Decimal, lambda value, _: Decimal(value))
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(
        Money, lambda value, _: money(value["amount"], value["currency"])
    )
    converter.register_unstructure_hook(
        Money, lambda m: {"amount": str(m.amount), "currency": m.code}
    )
    data = {
        "id": "deposit-then-net-30",
        "version": "2026-01",
        "lines": [
            {"value": "fixed", "amount": {"amount": "100.00", "currency": "USD"}},
            {"value": "percent", "percent": "40", "days": 10},
            {"days": 30, "discounts": [{"percent": "2", "days": 10}]},
        ],
    }
    terms = converter.structure(data, PaymentTerms)
    assert converter.structure(converter.unstructure(terms), PaymentTerms) == terms
    assert amounts(terms, usd("1000.00")) == [usd("100.00"), usd("400.00"), usd("500.00")]
    with pytest.raises(cattrs.ClassValidationError) as raised:
        converter.structure({"id": "x", "lines": [{"value": "percent"}, {}]}, PaymentTerms)
    inner = raised.value.exceptions[0]
    while isinstance(inner, ExceptionGroup):
        inner = inner.exceptions[0]
    assert isinstance(inner, ValidationError)
    assert inner.field == "term_line.percent"


def test_calendars_build_from_plain_data_with_cattrs() -> None:
    import cattrs

    converter = cattrs.Converter()
    converter.register_structure_hook(dt.date, lambda value, _: dt.date.fromisoformat(value))
    calendar = converter.structure(
        {"country": "CO", "extra_holidays": ["2026-12-24"], "weekend": [5, 6]}, BusinessCalendar
    )
    assert calendar == BusinessCalendar("CO", extra_holidays=[D(2026, 12, 24)])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"number": 0}, r"installment\.number"),
        ({"line": -1}, r"installment\.line"),
        ({"due_date": "2026-01-01"}, r"installment\.due_date"),
        ({"unadjusted_due_date": "2026-01-01"}, r"installment\.unadjusted_due_date"),
        ({"amount": usd("0.00")}, r"installment\.amount"),
        ({"amount": Decimal("1.00")}, r"installment\.amount"),
        ({"discounts": ["1.00"]}, r"installment\.discounts\[0\]"),
        (
            {"discounts": [Discount(amount=usd("5.00"), until=D(2026, 1, 1))]},
            r"installment\.discounts\[0\]\.amount",
        ),
    ],
)
def test_installment_rules(kwargs: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"number": 1, "due_date": D(2026, 1, 1), "amount": usd("5.00")}
    with pytest.raises(ValidationError, match=field):
        Installment(**(values | kwargs))  # type: ignore[arg-type]


def test_installment_discounts_in_its_own_currency() -> None:
    with pytest.raises(CurrencyMismatchError, match="USD and EUR"):
        Installment(
            number=1,
            due_date=D(2026, 1, 1),
            amount=usd("5.00"),
            discounts=[Discount(amount=money("1.00", "EUR"), until=D(2026, 1, 1))],
        )


def test_wrong_shaped_lists_are_validation_errors() -> None:
    # each of these used to escape as TypeError ('int' object is not iterable)
    with pytest.raises(ValidationError, match=r"payment_terms\.lines"):
        PaymentTerms(id="x", lines=5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"term_line\.discounts"):
        TermLine(discounts=5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"installment\.discounts"):
        Installment(number=1, due_date=D(2026, 1, 1), amount=usd("1.00"), discounts=5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"installments"):
        invoices_for(5, number="INV-1", customer_id="C1", issue_date=D(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"installments\[0\]"):
        invoices_for(["INV-1"], number="INV-1", customer_id="C1", issue_date=D(2026, 1, 1))  # type: ignore[list-item]
