"""Day counts: the one definition plans use (and late charges will), with ISDA's worked cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given

from receivables.daycount import DayCount, year_fraction
from receivables.errors import ValidationError
from receivables.plans import PlanTerms
from tests.strategies import dates

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        # 30/360 US bond basis, ISDA 2006 §4.16(f): a 31st start counts as the 30th; a 31st
        # end counts as the 30th only when the start is the 30th or 31st.
        (D(2026, 1, 31), D(2026, 3, 31), 60),
        (D(2026, 1, 30), D(2026, 3, 31), 60),
        (D(2026, 1, 29), D(2026, 3, 31), 62),
        (D(2026, 2, 28), D(2026, 3, 31), 33),
        (D(2026, 1, 15), D(2027, 1, 15), 360),
    ],
)
def test_thirty_360_counts_months_of_thirty_days(start: D, end: D, days: int) -> None:
    assert year_fraction(start, end, DayCount.THIRTY_360) == Decimal(days) / 360


def test_actual_counts_calendar_days_over_the_basis() -> None:
    start, end = D(2024, 1, 1), D(2025, 1, 1)  # 366 days: a leap year
    assert year_fraction(start, end, "actual/365") == Decimal(366) / 365
    assert year_fraction(start, end, "actual/360") == Decimal(366) / 360
    assert [member.basis for member in DayCount] == [360, 365, 360]


@given(dates, dates, dates)
def test_actual_fractions_add_up(a: D, b: D, c: D) -> None:
    # Exact up to Decimal's 28 significant digits: each fraction is rounded once.
    for kind in (DayCount.ACTUAL_365, DayCount.ACTUAL_360):
        parts = year_fraction(a, b, kind) + year_fraction(b, c, kind)
        assert abs(parts - year_fraction(a, c, kind)) <= Decimal("1e-25")
        assert year_fraction(a, b, kind) == -year_fraction(b, a, kind)
        assert round(year_fraction(a, b, kind) * kind.basis) == (b - a).days


@given(dates)
def test_no_time_is_no_fraction(day: D) -> None:
    assert all(year_fraction(day, day, kind) == 0 for kind in DayCount)


def test_bad_arguments_name_the_field() -> None:
    with pytest.raises(ValidationError, match=r"^day_count: got 'actual/366'; expected one of"):
        year_fraction(D(2026, 1, 1), D(2026, 2, 1), "actual/366")
    with pytest.raises(ValidationError, match=r"^start: "):
        year_fraction("2026-01-01", D(2026, 2, 1), "30/360")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^end: "):
        year_fraction(D(2026, 1, 1), None, "30/360")  # type: ignore[arg-type]


def test_a_plan_takes_the_day_counts_it_supports() -> None:
    terms = PlanTerms(first_due_date=D(2026, 2, 1), installments=2, day_count="actual/365")
    assert terms.day_count is DayCount.ACTUAL_365
    with pytest.raises(
        ValidationError,
        match=r"^terms\.day_count: got 'actual/360'; expected one of '30/360', 'actual/365'$",
    ):
        PlanTerms(first_due_date=D(2026, 2, 1), installments=2, day_count="actual/360")
