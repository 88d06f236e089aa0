"""How fast does the portfolio turn into cash, and how well do collectors collect?

The collection KPIs a credit manager reports every month end, each a small
function over exact amounts (``Money``) returning a :class:`~decimal.Decimal`
(days, a percentage or a ratio), with its formula and the convention it uses:

- :func:`dso`: receivables / credit sales × days in the period (the
  "standard" or "simple" DSO).
- :func:`countback_dso`: the month-end receivables are consumed by the sales
  of the latest month, then the month before, ...; each fully consumed month
  counts its days, the last one its fraction. The days per month are a named
  convention: ``"calendar"`` (the actual length of each month, the common
  practice and the default) or ``"thirty"`` (30-day months, as many worked
  examples do). :func:`countback_dso_bulk` does the same for many customers at
  once on int64 minor units.
- :func:`best_possible_dso`: current (not yet due) receivables / credit sales ×
  days; :func:`average_days_delinquent` = DSO − best possible DSO.
- :func:`collection_effectiveness_index`: (beginning receivables + credit sales
  − ending total receivables) / (beginning receivables + credit sales − ending
  current receivables) × 100. The Credit Research Foundation writes the sales
  term as credit sales / N, the number of months (``convention="crf"``, the
  default); others use the period's sales as they are (``"period"``).
- :func:`percent_current`, :func:`percent_over`: shares of the aged balance.
- :func:`ar_turnover`: credit sales / average receivables.
- :func:`average_days_to_pay`, :func:`days_to_pay_trend`: amount-weighted days
  from document (or due) date to payment, per customer, and its monthly trend.
- :func:`roll_forward`: opening + invoiced − collected − credited − written off
  ± adjustments = closing, to the cent, with the difference when it does not tie.

Division by zero is never silent: a DSO (standard, countback or best
possible) over no sales is ``Decimal('Infinity')`` when something is owed (and
0 when nothing is), a share of a zero balance is 0, and a CEI with a zero
denominator, an AR turnover over a zero average balance and days delinquent
from two infinite DSOs are errors.

>>> from receivables.money import money
>>> dso(money("150000", "USD"), money("1800000", "USD"), 365).quantize(Decimal("0.1"))
Decimal('30.4')
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs
import moneyed
import numpy as np
import numpy.typing as npt

from receivables.buckets import AgingBuckets
from receivables.decisions import Reason
from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.money import Money, from_minor, to_minor

__all__ = [
    "CEI_CONVENTIONS",
    "COUNTBACK_CONVENTIONS",
    "PaymentTrend",
    "RollForward",
    "Settlement",
    "ar_turnover",
    "average_days_delinquent",
    "average_days_to_pay",
    "best_possible_dso",
    "collection_effectiveness_index",
    "countback_dso",
    "countback_dso_bulk",
    "days_to_pay_trend",
    "dso",
    "month_lengths",
    "percent_current",
    "percent_over",
    "roll_forward",
]

COUNTBACK_CONVENTIONS = ("calendar", "thirty")
"""Days per month in countback DSO, the month's actual length or 30."""

CEI_CONVENTIONS = ("crf", "period")
"""The CEI sales term, credit sales / number of months (CRF) or the period's sales."""

_HUNDRED = Decimal(100)
_INFINITY = Decimal("Infinity")


def _listing(value: object, kind: type) -> bool:
    """Whether ``value`` is a ``kind`` (Sequence, Iterable) of values, text excepted."""
    return isinstance(value, kind) and not isinstance(value, str | bytes)


def _same_currency(field: str, amounts: Sequence[moneyed.Money]) -> str:
    for amount in amounts:  # every one is Money before any currency is read
        if not isinstance(amount, moneyed.Money):
            raise ValidationError(field, amount, "a Money amount")
    currency = amounts[0].currency.code
    for amount in amounts:
        if amount.currency.code != currency:
            raise CurrencyMismatchError(field, currency, amount.currency.code)
    return str(currency)


def _positive_days(field: str, days: object) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        raise ValidationError(field, days, "a positive whole number of days")
    return days


def _ratio_days(numerator: Money, sales: Money, days: int) -> Decimal:
    owed, sold = to_minor(numerator), to_minor(sales)
    if sold <= 0:
        return _INFINITY if owed > 0 else Decimal(0)
    return Decimal(owed * days) / Decimal(sold)


def dso(receivables: Money, sales: Money, days: int) -> Decimal:
    """Days sales outstanding: ``receivables / sales × days`` for a period of ``days``.

    With no sales in the period: ``Decimal('Infinity')`` if anything is owed, else 0.

    >>> from receivables.money import money
    >>> dso(money("90000", "USD"), money("270000", "USD"), 90)
    Decimal('30')
    >>> dso(money("5", "USD"), money("0", "USD"), 90), dso(money("0", "USD"), money("0", "USD"), 90)
    (Decimal('Infinity'), Decimal('0'))
    """
    _same_currency("dso", [receivables, sales])
    return _ratio_days(receivables, sales, _positive_days("days", days))


def best_possible_dso(current_receivables: Money, sales: Money, days: int) -> Decimal:
    """The DSO if every customer paid on the due date: current receivables only.

    >>> from receivables.money import money
    >>> best_possible_dso(money("60000", "USD"), money("270000", "USD"), 90)
    Decimal('20')
    """
    _same_currency("best_possible_dso", [current_receivables, sales])
    return _ratio_days(current_receivables, sales, _positive_days("days", days))


def average_days_delinquent(dso_days: Decimal, best_possible_days: Decimal) -> Decimal:
    """ADD = DSO − best possible DSO: how many days, on average, customers pay late.

    Both DSOs are infinite over a period without sales while current receivables
    remain; their difference is undefined then, and an error says so.

    >>> average_days_delinquent(Decimal("30"), Decimal("20"))
    Decimal('10')
    >>> average_days_delinquent(Decimal("Infinity"), Decimal("Infinity"))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: best_possible_days: got Decimal('Infinity'); expected a finite number of days (with no sales in the period, days delinquent are undefined)
    """
    given: tuple[tuple[str, object], ...] = (
        ("dso_days", dso_days),
        ("best_possible_days", best_possible_days),
    )
    for field, value in given:
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise ValidationError(field, value, "a Decimal number of days")
        if Decimal(value).is_nan():
            raise ValidationError(field, value, "a number of days, not NaN")
    if Decimal(best_possible_days).is_infinite():
        raise ValidationError(
            "best_possible_days",
            best_possible_days,
            "a finite number of days (with no sales in the period, days delinquent are undefined)",
        )
    return Decimal(dso_days) - Decimal(best_possible_days)


def month_lengths(as_of: dt.date, months: int) -> tuple[int, ...]:
    """Days in the month of ``as_of`` and each month before it, most recent first.

    >>> month_lengths(dt.date(2024, 3, 31), 3)
    (31, 29, 31)
    """
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        raise ValidationError("months", months, "a whole number of months, 0 or more")
    year, month = as_of.year, as_of.month
    lengths = []
    for _ in range(months):
        lengths.append(calendar.monthrange(year, month)[1])
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return tuple(lengths)


def _countback_days(
    months: int, as_of: dt.date | None, convention: str, days: Sequence[int] | None
) -> tuple[int, ...]:
    if not isinstance(convention, str) or convention not in COUNTBACK_CONVENTIONS:
        raise ValidationError("convention", convention, f"one of {list(COUNTBACK_CONVENTIONS)}")
    if days is not None:
        lengths = tuple(days)
        if len(lengths) != months:
            raise ValidationError(
                "days", lengths, f"{months} month lengths, one per month of sales"
            )
        for position, length in enumerate(lengths):
            _positive_days(f"days[{position}]", length)
        return lengths
    if convention == "thirty":
        return (30,) * months
    if as_of is None:
        raise ValidationError(
            "as_of", None, "the last day of the latest month (or days=, or convention='thirty')"
        )
    return month_lengths(as_of, months)


def countback_dso(
    receivables: Money,
    sales: Sequence[Money],
    *,
    as_of: dt.date | None = None,
    convention: str = "calendar",
    days: Sequence[int] | None = None,
) -> Decimal:
    """Countback DSO: receivables consumed by the latest months' sales, newest first.

    ``sales[0]`` is the month that ends on ``as_of``, ``sales[1]`` the month
    before, and so on. Month lengths come from ``convention`` (``"calendar"``
    needs ``as_of``; ``"thirty"`` does not) or explicitly from ``days``.
    Receivables left after the whole window are counted at the window's
    average daily sales (``Decimal('Infinity')`` if it sold nothing).

    >>> from receivables.money import money
    >>> sales = [money(v, "USD") for v in ("100000", "80000", "70000")]
    >>> countback_dso(money("212000", "USD"), sales, convention="thirty").quantize(Decimal("0.01"))
    Decimal('73.71')
    """
    if not _listing(sales, Sequence):
        raise ValidationError("sales", sales, "a list of monthly sales, newest first")
    if not sales:
        raise ValidationError("sales", sales, "at least one month of sales")
    if days is not None and not _listing(days, Sequence):
        raise ValidationError("days", days, "a list of month lengths, or None")
    _same_currency("countback_dso", [receivables, *sales])
    lengths = _countback_days(len(sales), as_of, convention, days)
    remaining = receivables.amount
    if remaining <= 0:
        return Decimal(0)
    counted = Decimal(0)
    for month_sales, length in zip(sales, lengths, strict=True):
        if month_sales.amount >= remaining:
            return counted + remaining / month_sales.amount * length
        remaining -= month_sales.amount
        counted += length
    window_sales = sum((month.amount for month in sales), Decimal(0))
    if window_sales <= 0:
        return _INFINITY
    return counted + remaining / (window_sales / sum(lengths))


def countback_dso_bulk(
    receivables: npt.ArrayLike,
    sales: npt.ArrayLike,
    days: npt.ArrayLike,
) -> npt.NDArray[np.float64]:
    """Countback DSO for many customers: int64 minor units, float64 days out.

    ``receivables`` has one value per customer, ``sales`` one row per customer
    and one column per month (newest first), ``days`` the month lengths (e.g.
    :func:`month_lengths`). The same rule as :func:`countback_dso` (including
    the window average beyond the window, ``inf`` with no sales); the days are
    floats because they are ratios, never money.

    >>> countback_dso_bulk([21200000, 0], [[10000000, 8000000, 7000000]] * 2, [30, 30, 30]).round(2)
    array([73.71,  0.  ])
    """
    owed, table, lengths = (
        _array(name, value)
        for name, value in (("receivables", receivables), ("sales", sales), ("days", days))
    )
    if owed.ndim != 1 or (owed.size and owed.dtype.kind not in "iu"):
        raise ValidationError("receivables", owed.dtype, "a 1-d array of integer minor units")
    if (
        table.ndim != 2
        or table.shape[0] != owed.shape[0]
        or (table.size and table.dtype.kind not in "iu")
    ):
        raise ValidationError(
            "sales", table.shape, f"a 2-d integer array with {owed.shape[0]} rows (customers)"
        )
    months = table.shape[1]
    if months == 0:
        raise ValidationError("sales", table.shape, "at least one month of sales")
    if lengths.shape != (months,) or lengths.dtype.kind not in "iu" or (lengths <= 0).any():
        raise ValidationError("days", lengths.tolist(), f"{months} positive month lengths")
    owed = owed.astype(np.int64, copy=False)
    table = table.astype(np.int64, copy=False)
    cumulative = np.cumsum(table, axis=1)
    reached = cumulative >= owed[:, None]
    found = reached.any(axis=1)
    month = np.where(found, reached.argmax(axis=1), months - 1)
    day_totals = np.concatenate([[0], np.cumsum(lengths.astype(np.int64))])
    before = np.where(month > 0, cumulative[np.arange(owed.size), month - 1], 0)
    rows = np.arange(owed.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        partial = day_totals[month] + (owed - before) / table[rows, month] * lengths[month]
        window = cumulative[:, -1]
        beyond = day_totals[-1] + (owed - window) / (window / day_totals[-1])
    result = np.where(found, partial, np.where(window > 0, beyond, np.inf))
    return np.where(owed <= 0, 0.0, result).astype(np.float64)


def _array(field: str, value: object) -> npt.NDArray[Any]:
    try:
        return np.asarray(value)
    except (ValueError, TypeError, OverflowError):
        raise ValidationError(field, str(value)[:80], "a rectangular array of integers") from None


def collection_effectiveness_index(
    beginning_receivables: Money,
    sales: Money,
    ending_receivables: Money,
    ending_current_receivables: Money,
    *,
    months: int = 1,
    convention: str = "crf",
) -> Decimal:
    """CEI, in percent: what was collected out of what was collectable.

    ``convention="crf"`` (default) divides ``sales`` by ``months`` as the
    Credit Research Foundation writes it; ``"period"`` uses ``sales`` whole.

    >>> from receivables.money import money
    >>> usd = lambda v: money(v, "USD")
    >>> cei = collection_effectiveness_index(usd(6200), usd(10890), usd(6340), usd(3590), months=3)
    >>> cei.quantize(Decimal("0.01"))
    Decimal('55.93')
    """
    amounts = [beginning_receivables, sales, ending_receivables, ending_current_receivables]
    _same_currency("collection_effectiveness_index", amounts)
    if not isinstance(convention, str) or convention not in CEI_CONVENTIONS:
        raise ValidationError("convention", convention, f"one of {list(CEI_CONVENTIONS)}")
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise ValidationError("months", months, "a whole number of months, 1 or more")
    sold = Decimal(to_minor(sales))
    sales_term = sold / months if convention == "crf" else sold
    available = to_minor(beginning_receivables) + sales_term
    denominator = available - to_minor(ending_current_receivables)
    if denominator == 0:
        raise ValidationError(
            "ending_current_receivables",
            ending_current_receivables,
            "an amount that leaves something collectable (the CEI denominator is zero)",
        )
    return (available - to_minor(ending_receivables)) * _HUNDRED / denominator


def _check_buckets(balances: object, buckets: object) -> None:
    if not isinstance(buckets, AgingBuckets):
        raise ValidationError("buckets", buckets, "an AgingBuckets policy")
    if not _listing(balances, Sequence):
        raise ValidationError("balances", balances, "a list of Money, one per bucket")


def _bucket_share(
    balances: Sequence[Money], buckets: AgingBuckets, positions: Iterable[int]
) -> Decimal:
    if len(balances) != len(buckets.buckets):
        raise ValidationError(
            "balances", len(balances), f"{len(buckets.buckets)} amounts, one per bucket"
        )
    _same_currency("balances", balances)
    units = [to_minor(amount) for amount in balances]
    whole = sum(units)
    if whole == 0:
        return Decimal(0)
    part = sum(units[position] for position in positions)
    return Decimal(part) * _HUNDRED / Decimal(whole)


def percent_current(balances: Sequence[Money], buckets: AgingBuckets, days: int = 0) -> Decimal:
    """The share of the aged balance at most ``days`` old (0: not yet due), in percent.

    ``balances`` are the bucket amounts in the order of ``buckets`` (an aging
    line's ``buckets``); the whole is their sum; 0 when the whole is zero.
    ``days`` must be a bucket boundary; pass 30 for an aging by document date
    whose "current" column is 0-30 days.

    >>> from receivables.buckets import DEFAULT_BUCKETS
    >>> from receivables.money import money
    >>> amounts = [money(v, "USD") for v in (600, 200, 100, 50, 30, 20)]
    >>> percent_current(amounts, DEFAULT_BUCKETS)
    Decimal('60')
    """
    _check_buckets(balances, buckets)
    late = set(buckets.starting_after(days))
    return _bucket_share(
        balances, buckets, [p for p in range(len(buckets.buckets)) if p not in late]
    )


def percent_over(balances: Sequence[Money], buckets: AgingBuckets, days: int = 90) -> Decimal:
    """The share of the aged balance more than ``days`` past due, in percent.

    ``days`` must be a bucket boundary (90 with the default buckets).

    >>> from receivables.buckets import DEFAULT_BUCKETS
    >>> from receivables.money import money
    >>> amounts = [money(v, "USD") for v in (600, 200, 100, 50, 30, 20)]
    >>> percent_over(amounts, DEFAULT_BUCKETS, 90)
    Decimal('5')
    """
    _check_buckets(balances, buckets)
    return _bucket_share(balances, buckets, buckets.starting_after(days))


def ar_turnover(sales: Money, opening_receivables: Money, closing_receivables: Money) -> Decimal:
    """Receivables turnover: credit sales / average of opening and closing receivables.

    >>> from receivables.money import money
    >>> ar_turnover(money(800000, "USD"), money(90000, "USD"), money(110000, "USD"))
    Decimal('8')
    """
    _same_currency("ar_turnover", [sales, opening_receivables, closing_receivables])
    doubled = to_minor(opening_receivables) + to_minor(closing_receivables)
    if doubled <= 0:
        raise ValidationError(
            "closing_receivables", closing_receivables, "a positive average receivable balance"
        )
    return Decimal(2 * to_minor(sales)) / Decimal(doubled)


def _check_date(field: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(field, value, "a datetime.date")
    return value


@attrs.frozen(kw_only=True)
class Settlement:
    """An amount of one document a customer paid on ``paid_on``.

    >>> from receivables.money import money
    >>> s = Settlement(customer_id="C1", document_date=dt.date(2026, 1, 1),
    ...     due_date=dt.date(2026, 1, 31), paid_on=dt.date(2026, 2, 10), amount=money(100, "USD"))
    >>> s.days("document"), s.days("due")
    (40, 10)
    """

    customer_id: str
    document_date: dt.date
    due_date: dt.date
    paid_on: dt.date
    amount: Money

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.customer_id, str) or not self.customer_id:
            raise ValidationError("settlement.customer_id", self.customer_id, "a customer id")
        for field in ("document_date", "due_date", "paid_on"):
            _check_date(f"settlement.{field}", getattr(self, field))
        if not isinstance(self.amount, moneyed.Money) or self.amount.amount <= 0:
            raise ValidationError("settlement.amount", self.amount, "a positive Money amount")

    def days(self, basis: str = "document") -> int:
        """Days from the document date (or due date, ``basis="due"``) to payment.

        >>> from receivables.money import money
        >>> s = Settlement(customer_id="C1", document_date=dt.date(2026, 1, 1),
        ...     due_date=dt.date(2026, 1, 31), paid_on=dt.date(2026, 1, 25), amount=money(100, "USD"))
        >>> s.days(), s.days("due")
        (24, -6)
        """
        if not isinstance(basis, str) or basis not in ("document", "due"):
            raise ValidationError("basis", basis, "one of ['document', 'due']")
        start = self.document_date if basis == "document" else self.due_date
        return (self.paid_on - start).days


def _weighted(settlements: Sequence[Settlement], basis: str) -> Decimal:
    _same_currency("settlements", [s.amount for s in settlements])
    weights = [to_minor(s.amount) for s in settlements]
    days = sum(weight * s.days(basis) for weight, s in zip(weights, settlements, strict=True))
    return Decimal(days) / Decimal(sum(weights))


def _by_customer(settlements: Iterable[Settlement]) -> dict[str, list[Settlement]]:
    if not _listing(settlements, Iterable):
        raise ValidationError("settlements", settlements, "an iterable of Settlement values")
    groups: dict[str, list[Settlement]] = {}
    for position, settlement in enumerate(settlements):
        if not isinstance(settlement, Settlement):
            raise ValidationError(f"settlements[{position}]", settlement, "a Settlement")
        groups.setdefault(settlement.customer_id, []).append(settlement)
    return dict(sorted(groups.items()))


def average_days_to_pay(
    settlements: Iterable[Settlement], *, basis: str = "document"
) -> dict[str, Decimal]:
    """Amount-weighted average days to pay, per customer (sorted by customer).

    ``Σ amount × days / Σ amount``, days from the document date (``basis="document"``,
    days to pay) or from the due date (``basis="due"``, days beyond terms; early
    payments count negative). A customer's settlements share one currency.

    >>> from receivables.money import money
    >>> paid = [Settlement(customer_id="C1", document_date=dt.date(2026, 1, 1),
    ...     due_date=dt.date(2026, 1, 31), paid_on=paid_on, amount=money(amount, "USD"))
    ...     for paid_on, amount in ((dt.date(2026, 1, 21), 300), (dt.date(2026, 2, 10), 100))]
    >>> average_days_to_pay(paid)
    {'C1': Decimal('25')}
    """
    return {
        customer: _weighted(group, basis) for customer, group in _by_customer(settlements).items()
    }


@attrs.frozen(kw_only=True)
class PaymentTrend:
    """A customer's amount-weighted days to pay per month of payment, and the slope.

    ``slope`` is the least-squares change in days per month (positive: paying
    slower), over calendar months counted from the first; ``None`` with fewer
    than two months.

    >>> PaymentTrend(customer_id="C1", months=(("2026-01", Decimal(30)),), slope=None).slope is None
    True
    """

    customer_id: str
    months: tuple[tuple[str, Decimal], ...]
    slope: Decimal | None


def _slope(points: Sequence[tuple[int, Decimal]]) -> Decimal | None:
    if len(points) < 2:
        return None
    count = Decimal(len(points))
    mean_x = sum((Decimal(x) for x, _ in points), Decimal(0)) / count
    mean_y = sum((y for _, y in points), Decimal(0)) / count
    spread = sum(((Decimal(x) - mean_x) ** 2 for x, _ in points), Decimal(0))
    covariance = sum(((Decimal(x) - mean_x) * (y - mean_y) for x, y in points), Decimal(0))
    return covariance / spread


def days_to_pay_trend(
    settlements: Iterable[Settlement], *, basis: str = "document"
) -> tuple[PaymentTrend, ...]:
    """Per customer, the amount-weighted days to pay in each month of payment, and its slope.

    >>> from receivables.money import money
    >>> def paid(on, days):
    ...     return Settlement(customer_id="C1", document_date=on - dt.timedelta(days=days),
    ...         due_date=on, paid_on=on, amount=money(100, "USD"))
    >>> trend = days_to_pay_trend([paid(dt.date(2026, 1, 15), 30), paid(dt.date(2026, 2, 15), 35),
    ...                            paid(dt.date(2026, 3, 15), 40)])[0]
    >>> trend.months[0], trend.slope
    (('2026-01', Decimal('30')), Decimal('5'))
    """
    trends = []
    for customer, group in _by_customer(settlements).items():
        months: dict[tuple[int, int], list[Settlement]] = {}
        for settlement in group:
            months.setdefault((settlement.paid_on.year, settlement.paid_on.month), []).append(
                settlement
            )
        keys = sorted(months)
        first = keys[0][0] * 12 + keys[0][1]
        values = [(key, _weighted(months[key], basis)) for key in keys]
        points = [(key[0] * 12 + key[1] - first, value) for key, value in values]
        trends.append(
            PaymentTrend(
                customer_id=customer,
                months=tuple((f"{key[0]:04d}-{key[1]:02d}", value) for key, value in values),
                slope=_slope(points),
            )
        )
    return tuple(trends)


@attrs.frozen(kw_only=True)
class RollForward:
    """The receivables roll-forward and whether it ties to the closing balance.

    ``expected_closing`` = opening + invoiced − collected − credited −
    written off + adjustments; ``difference`` = closing − expected_closing.
    Built by :func:`roll_forward`.

    >>> from receivables.money import money
    >>> usd = lambda v: money(v, "USD")
    >>> roll = roll_forward(opening=usd(100), invoiced=usd(50), collected=usd(30),
    ...     credited=usd(0), written_off=usd(0), closing=usd(120))
    >>> roll.ties, roll.reasons[0].code
    (True, 'roll_forward_ties')
    """

    opening: Money
    invoiced: Money
    collected: Money
    credited: Money
    written_off: Money
    adjustments: Money
    closing: Money
    expected_closing: Money
    difference: Money
    reasons: tuple[Reason, ...]

    @property
    def ties(self) -> bool:
        """Whether the roll-forward ties to the closing balance to the minor unit.

        >>> from receivables.money import money
        >>> usd = lambda v: money(v, "USD")
        >>> roll_forward(opening=usd(100), invoiced=usd(50), collected=usd(30), credited=usd(0),
        ...              written_off=usd(0), closing=usd(119)).ties
        False
        """
        return self.difference.amount == 0

    @property
    def outcome(self) -> str:
        """``"ties"`` or ``"does_not_tie"``.

        >>> from receivables.money import money
        >>> usd = lambda v: money(v, "USD")
        >>> roll = roll_forward(opening=usd(100), invoiced=usd(50), collected=usd(30),
        ...                     credited=usd(0), written_off=usd(0), closing=usd(119))
        >>> roll.outcome, roll.difference
        ('does_not_tie', Money('-1.00', 'USD'))
        """
        return "ties" if self.ties else "does_not_tie"


def roll_forward(
    *,
    opening: Money,
    invoiced: Money,
    collected: Money,
    credited: Money,
    written_off: Money,
    closing: Money,
    adjustments: Money | None = None,
) -> RollForward:
    """Roll receivables from ``opening`` to ``closing`` and report any difference.

    Movements are given as positive amounts (``collected`` 500 lowers the
    balance by 500); ``adjustments`` is signed (positive raises the balance).

    >>> from receivables.money import money
    >>> usd = lambda v: money(v, "USD")
    >>> result = roll_forward(opening=usd(1000), invoiced=usd(500), collected=usd(600),
    ...     credited=usd(50), written_off=usd(25), closing=usd("825.01"))
    >>> result.outcome, result.difference
    ('does_not_tie', Money('0.01', 'USD'))
    """
    currency = opening.currency.code if isinstance(opening, moneyed.Money) else None
    if currency is None:
        raise ValidationError("opening", opening, "a Money amount")
    movements = {
        "invoiced": invoiced,
        "collected": collected,
        "credited": credited,
        "written_off": written_off,
    }
    adjustment = adjustments if adjustments is not None else from_minor(0, currency)
    _same_currency("roll_forward", [opening, *movements.values(), adjustment, closing])
    for field, amount in movements.items():
        if amount.amount < 0:
            raise ValidationError(
                field, amount, "a movement of zero or more (signs come from its role)"
            )
    units = (
        to_minor(opening)
        + to_minor(invoiced)
        - to_minor(collected)
        - to_minor(credited)
        - to_minor(written_off)
        + to_minor(adjustment)
    )
    expected = from_minor(units, currency)
    difference = from_minor(to_minor(closing) - units, currency)
    if difference.amount == 0:
        reason = Reason(
            "roll_forward_ties",
            f"Opening plus movements gives {expected}, the closing balance.",
            {"expected_closing": str(expected.amount), "currency": currency},
        )
    else:
        reason = Reason(
            "roll_forward_difference",
            f"Opening plus movements gives {expected}; the closing balance is {closing}, "
            f"a difference of {difference}.",
            {
                "expected_closing": str(expected.amount),
                "closing": str(closing.amount),
                "difference": str(difference.amount),
                "currency": currency,
            },
        )
    return RollForward(
        opening=Money(opening.amount, currency),
        invoiced=Money(invoiced.amount, currency),
        collected=Money(collected.amount, currency),
        credited=Money(credited.amount, currency),
        written_off=Money(written_off.amount, currency),
        adjustments=Money(adjustment.amount, currency),
        closing=Money(closing.amount, currency),
        expected_closing=expected,
        difference=difference,
        reasons=(reason,),
    )
