"""When installments fall due: frequencies, adjusters, year fractions."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from receivables.calendars import BusinessCalendar
from receivables.errors import (
    ValidationError,
)
from receivables.plans import (
    BusinessDayAdjuster,
    CalendarAdjuster,
    DayCount,
    due_dates,
    year_fraction,
)
from tests.plans import (
    AllToFirstOfYear,
    D,
    WeekendToMonday,
    build_from,
    plan_of,
)
from tests.strategies import plan_requests


@given(plan_requests())
def test_business_day_adjustment_keeps_amounts_and_order(request: dict[str, Any]) -> None:
    plain = build_from(request)
    moved = build_from(request, WeekendToMonday())
    assert [i.amount for i in moved.installments] == [i.amount for i in plain.installments]
    assert all(i.due_date.weekday() < 5 for i in moved.installments if not i.is_down_payment)
    days = [i.due_date for i in moved.installments]
    assert all(a < b for a, b in itertools.pairwise(days))


@pytest.mark.parametrize(
    ("first", "frequency", "expected"),
    [
        (D(2026, 1, 5), "weekly", ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"]),
        (D(2026, 1, 5), "biweekly", ["2026-01-05", "2026-01-19", "2026-02-02", "2026-02-16"]),
        (D(2026, 1, 31), "semi_monthly", ["2026-01-31", "2026-02-15", "2026-02-28", "2026-03-15"]),
        (D(2026, 1, 30), "monthly", ["2026-01-30", "2026-02-28", "2026-03-30", "2026-04-30"]),
        (D(2024, 1, 31), "monthly", ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]),
        (D(2026, 1, 10), "monthly", ["2026-01-10", "2026-02-10", "2026-03-10", "2026-04-10"]),
        (D(2026, 2, 28), "end_of_month", ["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]),
        # leap year 2028: February ends on the 29th
        (D(2028, 1, 31), "semi_monthly", ["2028-01-31", "2028-02-15", "2028-02-29", "2028-03-15"]),
        (D(2028, 2, 15), "semi_monthly", ["2028-02-15", "2028-02-29", "2028-03-15", "2028-03-31"]),
        (D(2027, 2, 28), "semi_monthly", ["2027-02-28", "2027-03-15", "2027-03-31", "2027-04-15"]),
        (D(2028, 1, 31), "end_of_month", ["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"]),
        (D(2028, 2, 29), "monthly", ["2028-02-29", "2028-03-29", "2028-04-29", "2028-05-29"]),
        (D(2027, 12, 31), "monthly", ["2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31"]),
    ],
)
def test_due_dates_per_frequency(first: dt.date, frequency: str, expected: list[str]) -> None:
    assert [d.isoformat() for d in due_dates(first, frequency, 4)] == expected


@pytest.mark.parametrize(
    ("first", "frequency"),
    [
        (D(2026, 1, 14), "semi_monthly"),
        (D(2026, 1, 30), "end_of_month"),
        (D(2028, 2, 28), "end_of_month"),  # not the last day of February in a leap year
        (D(2028, 2, 28), "semi_monthly"),
    ],
)
def test_due_dates_reject_a_first_date_the_frequency_cannot_start_on(
    first: dt.date, frequency: str
) -> None:
    with pytest.raises(ValidationError, match=r"terms.first_due_date"):
        due_dates(first, frequency, 2)


def test_due_dates_validate_their_arguments() -> None:
    with pytest.raises(ValidationError, match="count"):
        due_dates(D(2026, 1, 1), "monthly", 0)
    with pytest.raises(ValidationError, match="frequency"):
        due_dates(D(2026, 1, 1), "fortnightly", 2)
    with pytest.raises(ValidationError, match="first"):
        due_dates(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "monthly", 2)  # type: ignore[arg-type]


def test_adjuster_moves_due_dates_and_must_keep_them_increasing() -> None:
    # 2026-02-01 is a Sunday, 2026-03-01 a Sunday too.
    plan = plan_of(adjuster=WeekendToMonday())
    assert [i.due_date for i in plan.installments] == [D(2026, 2, 2), D(2026, 3, 2), D(2026, 4, 1)]
    with pytest.raises(ValidationError, match="adjuster"):
        plan_of(adjuster=AllToFirstOfYear())
    with pytest.raises(ValidationError, match="adjuster"):
        plan_of(adjuster=object())  # type: ignore[arg-type]


def test_adjuster_may_not_move_the_first_due_date_before_the_plan_date() -> None:
    class Back:
        def adjust(self, day: dt.date) -> dt.date:
            return day - dt.timedelta(days=40)

    with pytest.raises(ValidationError, match="adjuster"):
        plan_of(adjuster=Back())


def test_a_business_calendar_is_an_adjuster() -> None:
    # Colombia, 2026: Epiphany is kept on Monday 12 January (Ley Emiliani), so the first
    # installment rolls to Tuesday the 13th; 12 February and 12 March are working Thursdays.
    colombia = BusinessCalendar("CO")
    assert isinstance(colombia, BusinessDayAdjuster)
    plan = plan_of(
        plan_date=D(2025, 12, 12),
        first_due_date=D(2026, 1, 12),
        installments=3,
        adjuster=colombia,
    )
    assert [i.due_date for i in plan.installments] == [
        D(2026, 1, 13),
        D(2026, 2, 12),
        D(2026, 3, 12),
    ]
    eom = plan_of(
        plan_date=D(2026, 1, 1),
        first_due_date=D(2026, 1, 31),
        frequency="end_of_month",
        installments=3,
        adjuster=CalendarAdjuster(colombia, "modified_following"),
    )
    # 31 January is a Saturday: modified following stays in January, on Friday the 30th
    assert [i.due_date for i in eom.installments] == [
        D(2026, 1, 30),
        D(2026, 2, 27),
        D(2026, 3, 31),
    ]
    with pytest.raises(ValidationError, match=r"adjuster\.roll"):
        CalendarAdjuster(colombia, "sideways")
    with pytest.raises(ValidationError, match=r"adjuster\.calendar"):
        CalendarAdjuster("CO")  # type: ignore[arg-type]


def test_year_fractions() -> None:
    # 30/360 US: a 31st start counts as the 30th; 31st end too when the start is the 30th/31st.
    assert year_fraction(D(2026, 1, 31), D(2026, 3, 31), "30/360") == Decimal(60) / 360
    assert year_fraction(D(2026, 1, 15), D(2026, 2, 15), DayCount.THIRTY_360) == Decimal(30) / 360
    assert year_fraction(D(2026, 1, 30), D(2026, 3, 31), "30/360") == Decimal(60) / 360
    assert year_fraction(D(2026, 1, 15), D(2026, 3, 31), "30/360") == Decimal(76) / 360
    assert year_fraction(D(2026, 1, 1), D(2027, 1, 1), "actual/365") == 1
    with pytest.raises(ValidationError, match="day_count"):
        year_fraction(D(2026, 1, 1), D(2027, 1, 1), "actual/actual")
