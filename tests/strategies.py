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
