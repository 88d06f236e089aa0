"""When is the next business day in Colombia?

A :class:`BusinessCalendar` knows which days a country (and optionally one of
its subdivisions) works: not a weekend day, not a public holiday from the
`holidays <https://pypi.org/project/holidays/>`_ package, not one of the
caller's own ``extra_holidays`` (a company shutdown, a bank closing). Holiday
lists are built one year at a time, on first use, and kept, so a calendar is
fast after its first look at a year and always gives the same answer.

A date that falls on a day off moves by a business day convention,
:class:`Roll`, as the ISDA 2006 Definitions, Section 4.12, define them:

- ``FOLLOWING``: the first following business day.
- ``MODIFIED_FOLLOWING``: the first following business day, unless that day is
  in the next calendar month; then the first preceding business day.
- ``PRECEDING``: the first preceding business day.
- ``MODIFIED_PRECEDING``: the first preceding business day, unless that day is
  in the previous calendar month; then the first following business day. (Not
  in Section 4.12; market practice, the mirror of modified following.)
- ``UNADJUSTED``: the date as it is.

Colombia moves most of its holidays to the following Monday (Ley 51 de 1983,
the *Ley Emiliani*); in 2026 Epiphany (Tuesday 6 January) is kept on Monday
12 January, so an invoice due on the 12th is paid on Tuesday the 13th:

>>> colombia = BusinessCalendar("CO")
>>> colombia.is_business_day(dt.date(2026, 1, 12))
False
>>> colombia.adjust(dt.date(2026, 1, 12), Roll.FOLLOWING)
datetime.date(2026, 1, 13)
>>> colombia.add_business_days(dt.date(2026, 1, 9), 1)
datetime.date(2026, 1, 13)

Why the roll rules are written here rather than taken from NumPy's
``busday_offset``, which has the same conventions: NumPy needs the whole
holiday list up front, while ``holidays`` generates a year at a time for any
year asked; the rules themselves are a few lines each, and NumPy serves as
the test oracle for them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

import attrs
import holidays

from receivables.errors import ValidationError
from receivables.validators import check_date

__all__ = ["WEEKEND", "BusinessCalendar", "Roll", "supported_countries"]

WEEKEND: Final = (5, 6)
"""Saturday and Sunday, as :meth:`datetime.date.weekday` numbers them (Monday is 0)."""

_ONE_DAY: Final = dt.timedelta(days=1)


class Roll(enum.StrEnum):
    """How a date that is not a business day moves (ISDA 2006 Definitions, Section 4.12).

    >>> [member.value for member in Roll]
    ['unadjusted', 'following', 'modified_following', 'preceding', 'modified_preceding']
    """

    UNADJUSTED = "unadjusted"
    FOLLOWING = "following"
    MODIFIED_FOLLOWING = "modified_following"
    PRECEDING = "preceding"
    MODIFIED_PRECEDING = "modified_preceding"


@lru_cache(maxsize=1)
def supported_countries() -> dict[str, tuple[str, ...]]:
    """ISO 3166 alpha-2 codes the ``holidays`` package knows, each with its subdivisions.

    >>> "CO" in supported_countries(), "NY" in supported_countries()["US"]
    (True, True)
    """
    return {
        code: tuple(subdivisions)
        for code, subdivisions in holidays.list_supported_countries(include_aliases=False).items()
    }


def _country(value: object) -> str:
    if isinstance(value, str) and value.strip().upper() in supported_countries():
        return value.strip().upper()
    raise ValidationError(
        "calendar.country",
        value,
        "an ISO 3166 alpha-2 country code the holidays package supports, such as 'CO' or 'US'",
    )


def _dates(value: object) -> frozenset[dt.date]:
    if isinstance(value, dt.date):
        value = (value,)
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("calendar.extra_holidays", value, "a list of datetime.date values")
    days = tuple(value)
    for day in days:
        check_date("calendar.extra_holidays", day, expected="datetime.date values")
    return frozenset(days)


def _weekend(value: object) -> tuple[int, ...]:
    expected = "weekday numbers 0 (Monday) to 6 (Sunday), leaving at least one working day"
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("calendar.weekend", value, expected)
    given = tuple(value)
    if any(isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6 for day in given):
        raise ValidationError("calendar.weekend", value, expected)
    days = tuple(sorted(set(given)))
    if len(days) > 6:
        raise ValidationError("calendar.weekend", value, expected)
    return days


@attrs.frozen
class BusinessCalendar:
    """The working days of a country, optionally a subdivision, less the caller's own days off.

    >>> us = BusinessCalendar("US")
    >>> us.holiday_name(dt.date(2026, 7, 3))
    'Independence Day (observed)'
    >>> BusinessCalendar("ZZ")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: calendar.country: got 'ZZ'; expected an ISO 3166 alpha-2 country code the holidays package supports, such as 'CO' or 'US'
    """

    country: str = attrs.field(converter=_country)
    subdivision: str | None = attrs.field(default=None, kw_only=True)
    extra_holidays: frozenset[dt.date] = attrs.field(
        default=frozenset(), converter=_dates, kw_only=True
    )
    weekend: tuple[int, ...] = attrs.field(default=WEEKEND, converter=_weekend, kw_only=True)
    _years: dict[int, dict[dt.date, str]] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False
    )

    @subdivision.validator
    def _check_subdivision(self, attribute: attrs.Attribute[str | None], value: object) -> None:
        if value is None:
            return
        accepted = supported_countries()[self.country]
        if value not in accepted:
            shown = ", ".join(repr(code) for code in accepted[:8]) or "none"
            more = ", ..." if len(accepted) > 8 else ""
            raise ValidationError(
                "calendar.subdivision",
                value,
                f"None or a subdivision of {self.country} the holidays package knows ({shown}{more})",
            )

    def holidays_in(self, year: int) -> dict[dt.date, str]:
        """The days off of ``year`` with their names (weekends not included).

        >>> sorted(BusinessCalendar("CO").holidays_in(2026))[:2]
        [datetime.date(2026, 1, 1), datetime.date(2026, 1, 12)]
        """
        cached = self._years.get(year)
        if cached is None:
            table = holidays.country_holidays(
                self.country, subdiv=self.subdivision, years=year, expand=False
            )
            cached = {day: str(name) for day, name in sorted(table.items())}
            for day in sorted(self.extra_holidays):
                if day.year == year:
                    cached.setdefault(day, "extra holiday")
            self._years[year] = cached
        return cached

    def holiday_name(self, day: dt.date) -> str | None:
        """The name of the holiday on ``day``, or None on an ordinary day or weekend.

        >>> mexico = BusinessCalendar("MX")
        >>> mexico.holiday_name(dt.date(2026, 9, 16)), mexico.holiday_name(dt.date(2026, 9, 17))
        ('Independence Day', None)
        """
        day = check_date("day", day)
        return self.holidays_in(day.year).get(day)

    def is_business_day(self, day: dt.date) -> bool:
        """Whether ``day`` is neither a weekend day nor a holiday.

        >>> BusinessCalendar("US").is_business_day(dt.date(2026, 12, 25))
        False
        """
        day = check_date("day", day)
        return day.weekday() not in self.weekend and day not in self.holidays_in(day.year)

    def _step(self, day: dt.date, direction: int) -> dt.date:
        """The nearest business day strictly after (1) or before (-1) ``day``."""
        delta = _ONE_DAY * direction
        day += delta
        while not self.is_business_day(day):
            day += delta
        return day

    def adjust(self, day: dt.date, roll: Roll | str = Roll.FOLLOWING) -> dt.date:
        """``day`` moved to a business day by ``roll`` (unchanged if it already is one).

        >>> us = BusinessCalendar("US")
        >>> us.adjust(dt.date(2026, 7, 3), Roll.FOLLOWING)  # observed Independence Day
        datetime.date(2026, 7, 6)
        >>> us.adjust(dt.date(2026, 1, 31), Roll.FOLLOWING)  # a Saturday
        datetime.date(2026, 2, 2)
        >>> us.adjust(dt.date(2026, 1, 31), Roll.MODIFIED_FOLLOWING)
        datetime.date(2026, 1, 30)
        """
        day = check_date("day", day)
        try:
            roll = Roll(roll)
        except ValueError:
            accepted = ", ".join(repr(member.value) for member in Roll)
            raise ValidationError("roll", roll, f"one of {accepted}") from None
        if roll is Roll.UNADJUSTED or self.is_business_day(day):
            return day
        if roll is Roll.FOLLOWING:
            return self._step(day, 1)
        if roll is Roll.PRECEDING:
            return self._step(day, -1)
        if roll is Roll.MODIFIED_FOLLOWING:
            later = self._step(day, 1)
            return later if later.month == day.month else self._step(day, -1)
        earlier = self._step(day, -1)
        return earlier if earlier.month == day.month else self._step(day, 1)

    def add_business_days(self, day: dt.date, count: int) -> dt.date:
        """The business day ``count`` business days after ``day`` (before, if negative).

        ``day`` itself is not counted; with ``count`` 0, ``day`` rolls forward
        to a business day if it is not one.

        >>> BusinessCalendar("CO").add_business_days(dt.date(2026, 3, 20), 1)  # San José
        datetime.date(2026, 3, 24)
        """
        day = check_date("day", day)
        if isinstance(count, bool) or not isinstance(count, int):
            raise ValidationError("count", count, "a whole number of business days")
        if count == 0:
            return self.adjust(day, Roll.FOLLOWING)
        direction = 1 if count > 0 else -1
        for _ in range(abs(count)):
            day = self._step(day, direction)
        return day

    def business_days_between(self, start: dt.date, end: dt.date) -> int:
        """Business days after ``start`` up to and including ``end`` (negative if ``end`` is earlier).

        So ``add_business_days(start, business_days_between(start, end)) == end``
        whenever ``end`` is a business day.

        >>> BusinessCalendar("US").business_days_between(dt.date(2026, 7, 1), dt.date(2026, 7, 8))
        4
        """
        start = check_date("start", start)
        end = check_date("end", end)
        if end < start:
            return -self.business_days_between(end, start)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            if self.is_business_day(day):
                count += 1
            day += _ONE_DAY
        return count
