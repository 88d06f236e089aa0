"""What fraction of a year lies between two dates?

Interest on a plan, a late charge on an overdue invoice: both turn a period
into a fraction of a year by a *day count convention*. One definition serves
every engine:

- *30/360*: the US bond basis of ISDA 2006 §4.16(f). Every month counts 30
  days: a 31st start counts as the 30th; a 31st end counts as the 30th when
  the start is the 30th or 31st. ``(360·Δy + 30·Δm + Δd) / 360``.
- *actual/365* (fixed): the calendar days over 365, leap years included.
- *actual/360*: the calendar days over 360 (money-market basis; a year of
  actual days earns a little more than the nominal rate).

Why hand-written: the three formulas are a line each, and the libraries that
carry them (QuantLib, isda-daycounters) would bring a large dependency for
arithmetic that must stay in exact ``Decimal``.

>>> year_fraction(dt.date(2026, 1, 31), dt.date(2026, 3, 31), "30/360")
Decimal('0.1666666666666666666666666667')
>>> [member.value for member in DayCount]
['30/360', 'actual/365', 'actual/360']
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from receivables.documents import parse_member
from receivables.errors import ValidationError
from receivables.validators import check_date

__all__ = ["DayCount", "year_fraction"]


class DayCount(enum.StrEnum):
    """How a period becomes a fraction of a year.

    >>> DayCount("actual/360").basis, DayCount.THIRTY_360.basis, DayCount.ACTUAL_365.basis
    (360, 360, 365)
    """

    THIRTY_360 = "30/360"
    ACTUAL_365 = "actual/365"
    ACTUAL_360 = "actual/360"

    @property
    def basis(self) -> int:
        """Days in the year the convention divides by.

        >>> DayCount.ACTUAL_365.basis
        365
        """
        return 365 if self is DayCount.ACTUAL_365 else 360


def year_fraction(start: dt.date, end: dt.date, day_count: DayCount | str) -> Decimal:
    """The fraction of a year from ``start`` to ``end`` under ``day_count`` (negative if earlier).

    >>> year_fraction(dt.date(2026, 1, 1), dt.date(2026, 3, 1), "actual/365")
    Decimal('0.1616438356164383561643835616')
    >>> year_fraction(dt.date(2026, 1, 1), dt.date(2026, 3, 1), "actual/360")
    Decimal('0.1638888888888888888888888889')
    >>> year_fraction(dt.date(2026, 1, 1), dt.date(2026, 3, 1), "actual/366")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: day_count: got 'actual/366'; expected one of '30/360', 'actual/365', 'actual/360'
    """
    kind = parse_member(DayCount, day_count, "day_count", ValidationError)
    check_date("start", start)
    check_date("end", end)
    if kind is not DayCount.THIRTY_360:
        return Decimal((end - start).days) / Decimal(kind.basis)
    d1, d2 = start.day, end.day
    if d1 == 31:
        d1 = 30
    if d2 == 31 and d1 == 30:
        d2 = 30
    days = 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)
    return Decimal(days) / Decimal(360)
