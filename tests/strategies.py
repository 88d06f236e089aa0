"""The one shared module of Hypothesis strategies; every new type joins here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from receivables.money import Money, from_minor

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


# --- calendars ---------------------------------------------------------------------------

CALENDAR_COUNTRIES = ("CO", "US", "MX", "GB", "DE", "JP", "BR", "IN")

near_dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2032, 12, 31))
"""Dates a calendar test can cover without building decades of holidays."""


def business_calendars() -> st.SearchStrategy[object]:
    """A BusinessCalendar of one of a few countries, sometimes with a Friday/Saturday weekend."""
    from receivables.calendars import BusinessCalendar

    return st.builds(
        BusinessCalendar,
        st.sampled_from(CALENDAR_COUNTRIES),
        weekend=st.sampled_from([(5, 6), (4, 5), (6,)]),
    )


# --- terms -------------------------------------------------------------------------------


@st.composite
def term_lines(
    draw: st.DrawFn, value: str = "balance", *, amount: object = None, percent: object = None
) -> object:
    """A TermLine with any due-date rule (months, day of month, days, end of month...)."""
    from receivables.terms import TermLine

    end_of_month = draw(st.booleans())
    return TermLine(
        value=value,
        amount=amount,
        percent=percent,
        months=draw(st.integers(0, 14)),
        day_of_month=draw(st.none() | st.integers(1, 31)),
        days=draw(st.integers(0, 120)),
        end_of_month=end_of_month,
        days_after=draw(st.integers(0, 45)) if end_of_month else 0,
        day_of_next_month=None if end_of_month else draw(st.none() | st.integers(1, 31)),
    )


@st.composite
def payment_terms(draw: st.DrawFn, currency: str | None = None) -> object:
    """PaymentTerms of up to three percent lines, up to two fixed lines (when a currency is
    given) and the balance, in any order before the balance."""
    from receivables.terms import PaymentTerms

    percents = draw(
        st.lists(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal(50), places=2),
            max_size=3,
        ).filter(lambda ps: sum(ps, Decimal(0)) <= 100)
    )
    lines = [draw(term_lines("percent", percent=p)) for p in percents]
    if currency is not None:
        for units in draw(st.lists(st.integers(1, 10**6), max_size=2)):
            lines.append(draw(term_lines("fixed", amount=from_minor(units, currency))))
    lines = draw(st.permutations(lines)) if lines else []
    lines.append(draw(term_lines()))
    return PaymentTerms(id="generated", lines=lines)


# --- policies ------------------------------------------------------------------------------

from receivables.ledger import ItemKind, OpenItem  # noqa: E402  (kept in this section)


def open_items(
    customer_id: str = "C1",
    currency: str = "USD",
    *,
    as_of: dt.date = dt.date(2026, 6, 30),
    min_size: int = 0,
    max_size: int = 8,
) -> st.SearchStrategy[list[OpenItem]]:
    """A customer's open items in one currency, due within ten years before ``as_of``.

    Most are owed (positive); about one in four is a credit the customer holds.
    """

    @st.composite
    def build(draw: st.DrawFn) -> list[OpenItem]:
        size = draw(st.integers(min_size, max_size))
        items = []
        for index in range(size):
            days_before = draw(st.integers(-60, 3650))
            due = as_of - dt.timedelta(days=days_before)
            units = draw(st.integers(1, 10**9))
            credit = draw(st.integers(0, 3)) == 0
            signed = from_minor(-units if credit else units, currency)
            items.append(
                OpenItem(
                    number=f"{'PAY' if credit else 'INV'}-{index:03d}",
                    customer_id=customer_id,
                    kind=ItemKind.PAYMENT if credit else ItemKind.INVOICE,
                    document_date=due - dt.timedelta(days=30),
                    due_date=due,
                    original=signed,
                    open=signed,
                )
            )
        return items

    return build()
