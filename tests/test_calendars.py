"""Business calendars: real holidays, ISDA roll conventions, NumPy as the oracle."""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.calendars import WEEKEND, BusinessCalendar, Roll, supported_countries
from receivables.errors import ValidationError
from tests.strategies import business_calendars, near_dates

D = dt.date

COLOMBIA = BusinessCalendar("CO")
US = BusinessCalendar("US")

# --- worked examples with real holidays -------------------------------------------------


def test_colombia_festivos_2026_follow_the_ley_emiliani() -> None:
    # Ley 51 de 1983 moves Epiphany (Tue 6 Jan 2026) to Monday 12 Jan and
    # Saint Joseph (Thu 19 Mar 2026) to Monday 23 Mar; Christmas stays put.
    assert COLOMBIA.is_business_day(D(2026, 1, 6))
    assert not COLOMBIA.is_business_day(D(2026, 1, 12))
    assert COLOMBIA.holiday_name(D(2026, 1, 12)) == "Epiphany (observed)"
    assert not COLOMBIA.is_business_day(D(2026, 3, 23))
    assert not COLOMBIA.is_business_day(D(2026, 12, 25))
    # Holy week: Maundy Thursday and Good Friday 2026 are 2 and 3 April.
    assert COLOMBIA.adjust(D(2026, 4, 2), Roll.FOLLOWING) == D(2026, 4, 6)
    assert COLOMBIA.adjust(D(2026, 4, 2), Roll.PRECEDING) == D(2026, 4, 1)


def test_us_independence_day_2026_is_observed_on_friday_3_july() -> None:
    # 4 July 2026 is a Saturday; the federal holiday is observed on Friday 3 July.
    assert not US.is_business_day(D(2026, 7, 3))
    assert US.adjust(D(2026, 7, 3), Roll.FOLLOWING) == D(2026, 7, 6)
    assert US.adjust(D(2026, 7, 3), Roll.PRECEDING) == D(2026, 7, 2)
    assert US.adjust(D(2026, 7, 4), Roll.PRECEDING) == D(2026, 7, 2)


def test_christmas_2026_friday_rolls_to_monday() -> None:
    assert US.adjust(D(2026, 12, 25), Roll.FOLLOWING) == D(2026, 12, 28)
    assert COLOMBIA.adjust(D(2026, 12, 25), Roll.MODIFIED_FOLLOWING) == D(2026, 12, 28)


def test_modified_following_stays_in_the_month() -> None:
    # Saturday 31 January 2026: following is Monday 2 February, another month,
    # so modified following goes back to Friday 30 January (ISDA 2006 s. 4.12(b)).
    assert US.adjust(D(2026, 1, 31), Roll.FOLLOWING) == D(2026, 2, 2)
    assert US.adjust(D(2026, 1, 31), Roll.MODIFIED_FOLLOWING) == D(2026, 1, 30)


def test_modified_preceding_stays_in_the_month() -> None:
    # Sunday 1 February 2026: preceding is Friday 30 January, so modified
    # preceding goes forward to Monday 2 February.
    assert US.adjust(D(2026, 2, 1), Roll.PRECEDING) == D(2026, 1, 30)
    assert US.adjust(D(2026, 2, 1), Roll.MODIFIED_PRECEDING) == D(2026, 2, 2)


def test_unadjusted_keeps_the_day() -> None:
    assert US.adjust(D(2026, 7, 4), Roll.UNADJUSTED) == D(2026, 7, 4)


def test_a_business_day_is_never_moved() -> None:
    for roll in Roll:
        assert US.adjust(D(2026, 7, 2), roll) == D(2026, 7, 2)


def test_rolls_accept_their_string_values() -> None:
    assert US.adjust(D(2026, 7, 3), "following") == D(2026, 7, 6)


def test_subdivision_adds_its_own_holidays() -> None:
    # Lincoln's Birthday (12 Feb) is a New York state holiday, not a federal one.
    new_york = BusinessCalendar("US", subdivision="NY")
    assert US.is_business_day(D(2026, 2, 12))
    assert not new_york.is_business_day(D(2026, 2, 12))


def test_extra_holidays_are_days_off() -> None:
    shutdown = BusinessCalendar("CO", extra_holidays=[D(2026, 12, 24), D(2026, 12, 31)])
    assert not shutdown.is_business_day(D(2026, 12, 24))
    assert shutdown.holiday_name(D(2026, 12, 31)) == "extra holiday"
    assert COLOMBIA.is_business_day(D(2026, 12, 24))


def test_a_friday_saturday_weekend() -> None:
    gulf = BusinessCalendar("AE", weekend=(4, 5))
    assert not gulf.is_business_day(D(2026, 3, 6))  # a Friday
    assert gulf.weekend == (4, 5)


def test_add_business_days_over_a_holiday_weekend() -> None:
    # Friday 3 July 2026 is off in the US: one business day after Thursday 2 July is Monday 6.
    assert US.add_business_days(D(2026, 7, 2), 1) == D(2026, 7, 6)
    assert US.add_business_days(D(2026, 7, 6), -1) == D(2026, 7, 2)
    assert US.add_business_days(D(2026, 7, 4), 0) == D(2026, 7, 6)
    assert US.add_business_days(D(2026, 7, 2), 0) == D(2026, 7, 2)


def test_business_days_between_counts_the_end_not_the_start() -> None:
    assert US.business_days_between(D(2026, 7, 2), D(2026, 7, 6)) == 1
    assert US.business_days_between(D(2026, 7, 6), D(2026, 7, 2)) == -1
    assert US.business_days_between(D(2026, 7, 2), D(2026, 7, 2)) == 0
    # All of 2026 in Colombia: 365 days (from a Thursday) less 104 weekend days less
    # the 19 festivos that fall on a weekday: 1 Jan, 12 Jan, 23 Mar, 2-3 Apr, 1 May,
    # 18 May, 8 Jun, 15 Jun, 29 Jun, 13 Jul, 20 Jul, 7 Aug, 17 Aug, 12 Oct, 2 Nov,
    # 16 Nov, 8 Dec, 25 Dec (none of Colombia's 2026 holidays falls on a weekend).
    weekday_festivos = [d for d in COLOMBIA.holidays_in(2026) if d.weekday() < 5]
    assert len(weekday_festivos) == len(COLOMBIA.holidays_in(2026)) == 19
    assert COLOMBIA.business_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 365 - 104 - 19


def test_holidays_in_is_cached_and_calendars_compare_by_value() -> None:
    calendar = BusinessCalendar("CO")
    assert calendar.holidays_in(2026) is calendar.holidays_in(2026)
    assert calendar == BusinessCalendar("co")
    assert hash(calendar) == hash(BusinessCalendar("CO"))
    assert pickle.loads(pickle.dumps(calendar)) == calendar


def test_weekend_default_is_saturday_sunday() -> None:
    assert WEEKEND == (5, 6)
    assert BusinessCalendar("US").weekend == WEEKEND


def test_supported_countries_names_alpha_2_codes() -> None:
    countries = supported_countries()
    assert "CO" in countries
    assert "COL" not in countries


# --- error paths -------------------------------------------------------------------------


@pytest.mark.parametrize("country", ["ZZ", "XX", "", None, 57, "Colombia"])
def test_unknown_country_is_rejected(country: object) -> None:
    with pytest.raises(ValidationError, match=r"calendar\.country"):
        BusinessCalendar(country)  # type: ignore[arg-type]


def test_unknown_subdivision_is_rejected() -> None:
    with pytest.raises(ValidationError, match=r"calendar\.subdivision") as raised:
        BusinessCalendar("US", subdivision="ZZ")
    assert "'AK'" in str(raised.value)


def test_country_without_subdivisions_rejects_one() -> None:
    with pytest.raises(ValidationError, match=r"calendar\.subdivision"):
        BusinessCalendar("CO", subdivision="ANT")


@pytest.mark.parametrize(
    "weekend",
    # a mix of types and a bare value used to escape as TypeError from sorted()/set()
    [(7,), (-1,), (0, 1, 2, 3, 4, 5, 6), (True,), ("sat",), ("sat", 6), (None, 5), 5, None, "56"],
)
def test_bad_weekend_is_rejected(weekend: tuple[object, ...]) -> None:
    with pytest.raises(ValidationError, match=r"calendar\.weekend"):
        BusinessCalendar("US", weekend=weekend)  # type: ignore[arg-type]


def test_extra_holidays_must_be_dates() -> None:
    with pytest.raises(ValidationError, match=r"calendar\.extra_holidays"):
        BusinessCalendar("US", extra_holidays=["2026-12-24"])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"calendar\.extra_holidays"):
        BusinessCalendar("US", extra_holidays=[dt.datetime(2026, 12, 24)])  # noqa: DTZ001


@pytest.mark.parametrize("extra", [[[2026, 12, 24]], [{"day": 24}], 5, None, "2026-12-24"])
def test_extra_holidays_of_the_wrong_shape_are_a_validation_error(extra: object) -> None:
    # unhashable or non-iterable values used to escape as TypeError from frozenset()
    with pytest.raises(ValidationError, match=r"calendar\.extra_holidays"):
        BusinessCalendar("US", extra_holidays=extra)  # type: ignore[arg-type]


def test_unknown_roll_is_rejected() -> None:
    with pytest.raises(ValidationError, match="roll"):
        US.adjust(D(2026, 7, 4), "nearest")


def test_dates_must_be_dates() -> None:
    with pytest.raises(ValidationError, match="day"):
        US.is_business_day("2026-07-04")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="day"):
        US.adjust(dt.datetime(2026, 7, 4), Roll.FOLLOWING)  # noqa: DTZ001
    with pytest.raises(ValidationError, match="start"):
        US.business_days_between(None, D(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="end"):
        US.business_days_between(D(2026, 1, 1), None)  # type: ignore[arg-type]


def test_a_bad_date_is_named_by_its_field_and_value() -> None:
    # The calendar's own date check took (value, field) where every other module
    # took (field, value); through receivables.validators the field is the name.
    with pytest.raises(ValidationError) as raised:
        US.is_business_day("2026-07-04")  # type: ignore[arg-type]
    assert (raised.value.field, raised.value.value) == ("day", "2026-07-04")
    with pytest.raises(ValidationError) as raised:
        US.business_days_between(D(2026, 1, 1), "2026-02-01")  # type: ignore[arg-type]
    assert (raised.value.field, raised.value.value) == ("end", "2026-02-01")
    assert raised.value.expected == "a datetime.date (not a datetime)"


@pytest.mark.parametrize("count", [1.0, True, "3", None])
def test_business_day_count_must_be_an_int(count: object) -> None:
    with pytest.raises(ValidationError, match="count"):
        US.add_business_days(D(2026, 7, 4), count)  # type: ignore[arg-type]


# --- properties --------------------------------------------------------------------------

MOVING = [Roll.FOLLOWING, Roll.MODIFIED_FOLLOWING, Roll.PRECEDING, Roll.MODIFIED_PRECEDING]
NUMPY_ROLL = {
    Roll.FOLLOWING: "following",
    Roll.MODIFIED_FOLLOWING: "modifiedfollowing",
    Roll.PRECEDING: "preceding",
    Roll.MODIFIED_PRECEDING: "modifiedpreceding",
}


def _numpy_calendar(
    calendar: BusinessCalendar, day: dt.date, last: dt.date | None = None
) -> np.busdaycalendar:
    weekmask = [0 if weekday in calendar.weekend else 1 for weekday in range(7)]
    days = [
        holiday
        for year in range(day.year - 1, (last or day).year + 2)
        for holiday in calendar.holidays_in(year)
    ]
    return np.busdaycalendar(weekmask=weekmask, holidays=days)


@given(business_calendars(), near_dates, st.sampled_from(MOVING))
def test_adjusted_day_is_a_business_day_and_agrees_with_numpy(
    calendar: BusinessCalendar, day: dt.date, roll: Roll
) -> None:
    adjusted = calendar.adjust(day, roll)
    assert calendar.is_business_day(adjusted)
    oracle = np.busday_offset(
        day, 0, roll=NUMPY_ROLL[roll], busdaycal=_numpy_calendar(calendar, day)
    )
    assert adjusted == oracle.astype(dt.date)


@given(business_calendars(), near_dates)
def test_following_never_earlier_preceding_never_later(
    calendar: BusinessCalendar, day: dt.date
) -> None:
    assert calendar.adjust(day, Roll.FOLLOWING) >= day
    assert calendar.adjust(day, Roll.PRECEDING) <= day
    assert calendar.adjust(day, Roll.MODIFIED_FOLLOWING).month == day.month
    assert calendar.adjust(day, Roll.MODIFIED_PRECEDING).month == day.month
    assert calendar.adjust(day, Roll.UNADJUSTED) == day


@given(business_calendars(), near_dates, st.integers(-40, 40))
def test_add_business_days_agrees_with_numpy_and_counts_back(
    calendar: BusinessCalendar, day: dt.date, count: int
) -> None:
    moved = calendar.add_business_days(day, count)
    assert calendar.is_business_day(moved)
    roll = "forward" if count >= 0 else "backward"
    oracle = np.busday_offset(day, count, roll=roll, busdaycal=_numpy_calendar(calendar, day))
    if calendar.is_business_day(day) or count == 0:
        assert moved == oracle.astype(dt.date)
    assert calendar.business_days_between(day, moved) == count or not calendar.is_business_day(day)


@given(business_calendars(), near_dates, near_dates)
def test_business_days_between_agrees_with_numpy(
    calendar: BusinessCalendar, start: dt.date, end: dt.date
) -> None:
    if abs((end - start).days) > 400:
        end = start + dt.timedelta(days=(end - start).days % 400)
    counted = calendar.business_days_between(start, end)
    low, high = min(start, end), max(start, end)
    oracle = np.busday_count(
        low + dt.timedelta(days=1),
        high + dt.timedelta(days=1),
        busdaycal=_numpy_calendar(calendar, low, high),
    )
    assert abs(counted) == int(oracle)
    assert counted == -calendar.business_days_between(end, start)


@given(business_calendars(), near_dates, st.sampled_from(list(Roll)))
def test_adjust_is_deterministic_and_idempotent(
    calendar: BusinessCalendar, day: dt.date, roll: Roll
) -> None:
    once = calendar.adjust(day, roll)
    assert calendar.adjust(once, roll) == once
    fresh = BusinessCalendar(calendar.country, weekend=calendar.weekend)
    assert fresh.adjust(day, roll) == once
