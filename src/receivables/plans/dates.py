"""When does each installment of a plan fall due?

Installment due dates come from ``dateutil.rrule``: weekly, every two weeks,
the 15th and the last day of the month, monthly on the first due date's day
clipped to the month's end, or the last day of each month (at most
:data:`MAX_INSTALLMENTS`). A scheduled date may be moved to a business day by
any object with ``adjust(day) -> day`` (:class:`BusinessDayAdjuster`: a
:class:`~receivables.calendars.BusinessCalendar`, or a :class:`CalendarAdjuster`
for another roll convention); interest is computed on the *scheduled* dates,
so a holiday that moves a due date never changes an amount.

>>> [str(d) for d in due_dates(dt.date(2026, 1, 31), "monthly", 3)]
['2026-01-31', '2026-02-28', '2026-03-31']
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterator, Sequence
from typing import Final, Protocol, runtime_checkable

import attrs
from dateutil import rrule

from receivables.calendars import BusinessCalendar, Roll
from receivables.daycount import DayCount
from receivables.documents import (
    parse_member,
)
from receivables.errors import (
    ValidationError,
)
from receivables.validators import (
    check_date,
    is_whole,
)

__all__ = [
    "MAX_INSTALLMENTS",
    "PLAN_DAY_COUNTS",
    "BusinessDayAdjuster",
    "CalendarAdjuster",
    "Frequency",
    "due_dates",
]


PLAN_DAY_COUNTS: Final = (DayCount.THIRTY_360, DayCount.ACTUAL_365)
"""The day counts a plan's interest may use (of :class:`receivables.daycount.DayCount`)."""

MAX_INSTALLMENTS: Final = 1200
"""A hard ceiling on installments (a hundred years of monthly ones); policies set the real limit."""


class Frequency(enum.StrEnum):
    """How often installments fall due.

    >>> [member.value for member in Frequency]
    ['weekly', 'biweekly', 'semi_monthly', 'monthly', 'end_of_month']
    """

    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    SEMI_MONTHLY = "semi_monthly"  # the 15th and the last day of each month
    MONTHLY = "monthly"  # the first due date's day, clipped to the month's last day
    END_OF_MONTH = "end_of_month"


@runtime_checkable
class BusinessDayAdjuster(Protocol):
    """Anything that moves a day onto a business day.

    A :class:`receivables.calendars.BusinessCalendar` fits as it is (it rolls
    to the following business day); :class:`CalendarAdjuster` pairs one with
    another roll convention.

    >>> class NextMonday:
    ...     def adjust(self, day):
    ...         return day + dt.timedelta(days=(7 - day.weekday()) % 7)
    >>> isinstance(NextMonday(), BusinessDayAdjuster)
    True
    """

    def adjust(self, day: dt.date) -> dt.date:
        """The business day ``day`` moves to (``day`` itself when it is one)."""


def _roll(value: object) -> Roll:
    return parse_member(Roll, value, "adjuster.roll")


@attrs.frozen
class CalendarAdjuster:
    """Due dates moved by a business calendar under a roll convention (ISDA 2006 §4.12).

    Colombia keeps Epiphany 2026 on Monday 12 January; modified following
    moves a due date on it to Tuesday the 13th, and one on Saturday 31 January
    back to Friday the 30th rather than into February:

    >>> from receivables.calendars import BusinessCalendar
    >>> colombia = CalendarAdjuster(BusinessCalendar("CO"), "modified_following")
    >>> colombia.adjust(dt.date(2026, 1, 12)), colombia.adjust(dt.date(2026, 1, 31))
    (datetime.date(2026, 1, 13), datetime.date(2026, 1, 30))
    """

    calendar: BusinessCalendar = attrs.field()
    roll: Roll = attrs.field(default=Roll.FOLLOWING, converter=_roll)

    @calendar.validator
    def _check_calendar(self, attribute: attrs.Attribute[BusinessCalendar], value: object) -> None:
        if not isinstance(value, BusinessCalendar):
            raise ValidationError("adjuster.calendar", value, "a BusinessCalendar")

    def adjust(self, day: dt.date) -> dt.date:
        """``day`` moved to a business day of the calendar by the roll convention.

        >>> from receivables.calendars import BusinessCalendar
        >>> CalendarAdjuster(BusinessCalendar("US"), "preceding").adjust(dt.date(2026, 7, 4))
        datetime.date(2026, 7, 2)
        """
        return self.calendar.adjust(day, self.roll)


def _month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).month != day.month


def _scheduled_dates(first: dt.date, frequency: Frequency, count: int) -> tuple[dt.date, ...]:
    return tuple(itertools.islice(_date_stream(first, frequency), count))


def _date_stream(first: dt.date, frequency: Frequency) -> Iterator[dt.date]:
    """The scheduled due dates, lazily, up to :data:`MAX_INSTALLMENTS` of them."""
    count = MAX_INSTALLMENTS
    start = dt.datetime.combine(first, dt.time())
    rule: rrule.rrule
    if frequency is Frequency.WEEKLY:
        rule = rrule.rrule(rrule.WEEKLY, dtstart=start, count=count)
    elif frequency is Frequency.BIWEEKLY:
        rule = rrule.rrule(rrule.WEEKLY, interval=2, dtstart=start, count=count)
    elif frequency is Frequency.SEMI_MONTHLY:
        if first.day != 15 and not _month_end(first):
            raise ValidationError(
                "terms.first_due_date", first, "the 15th or the last day of a month (semi-monthly)"
            )
        rule = rrule.rrule(rrule.MONTHLY, bymonthday=(15, -1), dtstart=start, count=count)
    elif frequency is Frequency.END_OF_MONTH:
        if not _month_end(first):
            raise ValidationError(
                "terms.first_due_date", first, "the last day of a month (end of month)"
            )
        rule = rrule.rrule(rrule.MONTHLY, bymonthday=-1, dtstart=start, count=count)
    elif first.day <= 28:
        rule = rrule.rrule(rrule.MONTHLY, bymonthday=first.day, dtstart=start, count=count)
    else:  # the 29th-31st, clipped to shorter months: the latest of 28..day each month
        days = tuple(range(28, first.day + 1))
        rule = rrule.rrule(rrule.MONTHLY, bymonthday=days, bysetpos=-1, dtstart=start, count=count)
    return (moment.date() for moment in rule)


def _adjusted(
    scheduled: Sequence[dt.date], adjuster: BusinessDayAdjuster | None
) -> tuple[dt.date, ...]:
    if adjuster is None:
        return tuple(scheduled)
    moved = []
    for day in scheduled:
        new = adjuster.adjust(day)
        check_date("adjuster.adjust()", new)
        moved.append(new)
    for earlier, later in itertools.pairwise(moved):
        if later <= earlier:
            raise ValidationError(
                "adjuster",
                later,
                f"business-day due dates that strictly increase (after {earlier})",
            )
    return tuple(moved)


def due_dates(
    first: dt.date,
    frequency: Frequency | str,
    count: int,
    adjuster: BusinessDayAdjuster | None = None,
) -> tuple[dt.date, ...]:
    """The ``count`` due dates of a schedule starting on ``first``, moved by ``adjuster``.

    >>> [str(d) for d in due_dates(dt.date(2026, 1, 31), "monthly", 3)]
    ['2026-01-31', '2026-02-28', '2026-03-31']
    >>> [str(d) for d in due_dates(dt.date(2026, 1, 15), "semi_monthly", 3)]
    ['2026-01-15', '2026-01-31', '2026-02-15']
    """
    check_date("first", first)
    kind = parse_member(Frequency, frequency, "frequency")
    if not is_whole(count) or count < 1:
        raise ValidationError("count", count, "a whole number of due dates, 1 or more")
    return _adjusted(_scheduled_dates(first, kind, count), adjuster)
