"""The one shared module of Hypothesis strategies; every new type joins here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from receivables.documents import Payment, PromiseToPay
from receivables.money import Money, from_minor, to_minor

CURRENCIES = ("USD", "EUR", "COP", "MXN", "JPY", "CLP", "BHD", "KWD")

currencies = st.sampled_from(CURRENCIES)

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


def amounts(
    currency: str | None = None, *, min_units: int = -(10**12), max_units: int = 10**12
) -> st.SearchStrategy[Money]:
    """Money in ``currency`` (or any listed one) between the given minor units."""
    codes = st.just(currency) if currency else currencies
    return st.builds(from_minor, st.integers(min_units, max_units), codes)


def positive_amounts(
    currency: str | None = None, max_units: int = 10**10
) -> st.SearchStrategy[Money]:
    """Strictly positive Money."""
    return amounts(currency, min_units=1, max_units=max_units)


weights = st.lists(
    st.one_of(
        st.integers(0, 10**6),
        st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=4),
    ),
    min_size=1,
    max_size=30,
).filter(lambda ws: any(Decimal(w) > 0 for w in ws))


# --- plans -------------------------------------------------------------------------------

PLAN_FREQUENCIES = ("weekly", "biweekly", "semi_monthly", "monthly", "end_of_month")


@st.composite
def plan_first_due_dates(draw: st.DrawFn, frequency: str, plan_date: dt.date) -> dt.date:
    """A first due date after ``plan_date`` that ``frequency`` accepts (15th / month end)."""
    day = plan_date + dt.timedelta(days=draw(st.integers(1, 60)))
    if frequency in ("semi_monthly", "end_of_month"):
        month_end = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
            days=1
        )
        if frequency == "semi_monthly" and day.day <= 15:
            return day.replace(day=15)
        return month_end
    return day


@st.composite
def plan_requests(draw: st.DrawFn, currency: str | None = None) -> dict[str, object]:
    """Keyword arguments for ``PlanTerms`` plus ``balance`` and ``plan_date`` (a dict)."""
    code = currency or draw(currencies)
    plan_date = draw(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)))
    frequency = draw(st.sampled_from(PLAN_FREQUENCIES))
    count = draw(st.integers(1, 36))
    balance_units = draw(st.integers(count * 100, 10**9))
    interest = draw(st.sampled_from(("none", "flat", "amortizing")))
    rate = Decimal(0) if interest == "none" else Decimal(draw(st.integers(0, 3600))) / 100
    by_amount = draw(st.booleans())
    terms: dict[str, object] = {
        "first_due_date": draw(plan_first_due_dates(frequency, plan_date)),
        "frequency": frequency,
        "interest": interest,
        "annual_rate_percent": rate,
        "day_count": draw(st.sampled_from(("30/360", "actual/365"))),
        "down_payment_percent": draw(st.sampled_from((None, Decimal(0), Decimal(10), Decimal(25)))),
        "fee": draw(
            st.one_of(st.none(), st.builds(from_minor, st.integers(0, 10**5), st.just(code)))
        ),
        "fee_treatment": draw(st.sampled_from(("upfront", "spread", "financed"))),
    }
    if by_amount:
        # an installment generous enough to pay off within a few dozen periods
        fee = terms["fee"]
        owed = balance_units + (to_minor(fee) if isinstance(fee, Money) else 0)
        terms["installment_amount"] = from_minor(owed // count + 1 + owed // 20, code)
    else:
        terms["installments"] = count
    return {"balance": from_minor(balance_units, code), "plan_date": plan_date, "terms": terms}


# --- promises ------------------------------------------------------------------------------


@st.composite
def promises_with_payments(
    draw: st.DrawFn, currency: str = "USD"
) -> tuple[list[PromiseToPay], list[Payment], dt.date]:
    """A few customers' promises (by a few collectors), their payments, and an as-of date."""
    start = dt.date(2026, 1, 1)
    customers = ("C1", "C2", "C3")
    promises = []
    for index in range(draw(st.integers(0, 8))):
        taken = start + dt.timedelta(days=draw(st.integers(0, 60)))
        promises.append(
            PromiseToPay(
                id=f"PTP-{index}",
                customer_id=draw(st.sampled_from(customers)),
                amount=draw(positive_amounts(currency, max_units=10**6)),
                promised_date=taken + dt.timedelta(days=draw(st.integers(0, 30))),
                taken_on=taken,
                taken_by=draw(st.sampled_from(("ana", "bo", "cy"))),
            )
        )
    payments = [
        Payment(
            id=f"P-{index}",
            customer_id=draw(st.sampled_from(customers)),
            amount=draw(positive_amounts(currency, max_units=10**6)),
            received_date=start + dt.timedelta(days=draw(st.integers(0, 100))),
        )
        for index in range(draw(st.integers(0, 10)))
    ]
    return promises, payments, start + dt.timedelta(days=draw(st.integers(0, 120)))
