"""Where is the money stuck, is collection getting faster, and how much cash matched on its own?

Three charts people would rather look at than read, drawn with matplotlib
(an optional extra: ``pip install 'receivables[plot]'``, imported only inside
these functions):

- :func:`aging_chart`: the amount owed in each aging bucket;
- :func:`dso_chart`: days sales outstanding over time, with an optional target line;
- :func:`outcomes_chart`: how many payments (or how much cash) each cash
  application outcome took.

They take plain data — a mapping, a list of pairs, or a pandas DataFrame/Series
with the named columns — never an engine's objects, so they work with the
output of any engine (``aging``'s ``to_frame()``, a KPI table, a spreadsheet).
They draw with matplotlib's object API on a new :class:`~matplotlib.figure.Figure`
(or the ``ax`` given), never through ``pyplot``'s global state, and return the
Axes. Amounts become floats only as bar heights (pixels); every label is
written exactly, in the reader's locale, through :mod:`receivables.formatting`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import moneyed

from receivables.errors import ValidationError
from receivables.formatting import format_date, format_money, format_percent, locale_of
from receivables.frames import OptionalDependencyError
from receivables.money import money

try:  # for the signatures only; the functions say what to install when it is missing
    from matplotlib.axes import Axes
except ImportError:  # pragma: no cover - the plot extra is not installed
    if not TYPE_CHECKING:
        Axes = object

__all__ = ["aging_chart", "dso_chart", "outcomes_chart"]


def _axes(ax: Axes | None) -> Axes:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise OptionalDependencyError("matplotlib", "plot") from None
    if ax is not None:
        return ax
    figure = Figure(figsize=(7, 3.5), layout="constrained")
    return figure.add_subplot()


def _pairs(data: object, columns: tuple[str, str], what: str) -> list[tuple[Any, Any]]:
    """(label, value) pairs from a mapping, pairs, a Series or a two-column DataFrame."""
    if hasattr(data, "columns") and hasattr(data, "itertuples"):
        missing = [c for c in columns if c not in data.columns]
        if missing:
            raise ValidationError(f"{what}.columns", list(data.columns), f"columns {columns}")
        return [(getattr(r, columns[0]), getattr(r, columns[1])) for r in data.itertuples()]
    if hasattr(data, "items") and callable(data.items):
        return list(data.items())
    if isinstance(data, Iterable) and not isinstance(data, str | bytes):
        pairs = list(data)
        if all(isinstance(p, tuple) and len(p) == 2 for p in pairs):
            return pairs
    raise ValidationError(
        what, type(data).__name__, f"a mapping, (label, value) pairs or a frame with {columns}"
    )


def _amount(value: object, currency: str | None, where: str) -> Decimal:
    if isinstance(value, moneyed.Money):
        if currency is not None and value.currency.code != currency:
            raise ValidationError(f"{where}.currency", value.currency.code, currency)
        return Decimal(value.amount)
    if isinstance(value, bool | float) or not isinstance(value, int | Decimal | str):
        if hasattr(value, "item") and isinstance(value.item(), int):
            return Decimal(value.item())  # a numpy integer (minor units, counts)
        raise ValidationError(where, value, "a Money, Decimal, int or str amount (never float)")
    if currency is not None:
        return money(value, currency, field=where).amount
    try:
        amount = Decimal(value)
    except ArithmeticError:
        raise ValidationError(where, value, "a decimal amount") from None
    if not amount.is_finite():
        raise ValidationError(where, value, "a finite decimal amount")
    return amount


def _currency(pairs: list[tuple[Any, Any]], currency: str | None, what: str) -> str | None:
    """``currency``, or the one currency of the Money values given; two currencies never mix."""
    if currency is not None:
        return currency
    codes = sorted({v.currency.code for _, v in pairs if isinstance(v, moneyed.Money)})
    if len(codes) > 1:
        raise ValidationError(f"{what}.currency", codes, "amounts in one currency")
    return codes[0] if codes else None


def aging_chart(
    buckets: object,
    *,
    currency: str | None = None,
    locale: str = "en_US",
    ax: Axes | None = None,
    title: str = "",
) -> Axes:
    """Bars of the amount owed per aging bucket, in bucket order, each labelled exactly.

    ``buckets`` maps bucket label to amount (Money, Decimal, int or str), or is
    a frame with ``bucket`` and ``amount`` columns. Money in one currency labels
    the bars in it even without ``currency``; two currencies are an error.

    >>> from decimal import Decimal
    >>> ax = aging_chart({"current": Decimal("1200.50"), "1-30": Decimal("300"), "31-60": 0},
    ...                  currency="USD")
    >>> [t.get_text() for t in ax.texts]
    ['$1,200.50', '$300.00', '$0.00']
    """
    locale_of(locale)
    pairs = _pairs(buckets, ("bucket", "amount"), "buckets")
    if not pairs:
        raise ValidationError("buckets", buckets, "at least one bucket")
    currency = _currency(pairs, currency, "buckets")
    labels = [str(label) for label, _ in pairs]
    amounts = [_amount(v, currency, f"buckets[{label!r}]") for label, v in pairs]
    axes = _axes(ax)
    positions = range(len(labels))
    bars = axes.bar(positions, [float(a) for a in amounts], color="#4C72B0")
    axes.set_xticks(list(positions), labels)
    for bar, amount in zip(bars, amounts, strict=True):
        text = (
            format_money(amount, locale, currency=currency) if currency else _plain(amount, locale)
        )
        axes.annotate(
            text,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    axes.set_ylabel(currency or "")
    axes.set_title(title or "Aging")
    return axes


def _plain(amount: Decimal, locale: str) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(amount, locale=locale_of(locale)))


def dso_chart(
    points: object,
    *,
    target: Decimal | int | None = None,
    locale: str = "en_US",
    ax: Axes | None = None,
    title: str = "",
) -> Axes:
    """Days sales outstanding over time: a line with a dot per period, and a dashed target.

    ``points`` maps date to DSO in days, or is a frame with ``date`` and ``dso``
    columns (or pairs). Dates are labelled in ``locale``.

    >>> ax = dso_chart([(dt.date(2026, 1, 31), 48), (dt.date(2026, 2, 28), Decimal("45.5"))],
    ...                target=45, locale="es_CO")
    >>> [t.get_text() for t in ax.get_xticklabels()], len(ax.lines)
    (['31/01/2026', '28/02/2026'], 2)
    """
    locale_of(locale)
    pairs = _pairs(points, ("date", "dso"), "points")
    if not pairs:
        raise ValidationError("points", points, "at least one (date, dso) point")
    dates: list[dt.date] = []
    values: list[float] = []
    for index, (day, value) in enumerate(pairs):
        if hasattr(day, "to_pydatetime"):
            day = day.to_pydatetime().date()
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise ValidationError(f"points[{index}].date", day, "a datetime.date")
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise ValidationError(f"points[{index}].dso", value, "a number of days")
        dates.append(day)
        values.append(float(value))
    order = sorted(range(len(dates)), key=lambda i: dates[i])
    dates = [dates[i] for i in order]
    values = [values[i] for i in order]
    axes = _axes(ax)
    axes.plot(range(len(dates)), values, marker="o", color="#4C72B0", label="DSO")
    axes.set_xticks(range(len(dates)), [format_date(d, locale) for d in dates])
    if target is not None:
        if isinstance(target, bool) or not isinstance(target, int | Decimal):
            raise ValidationError("target", target, "an int or Decimal number of days")
        axes.axhline(float(target), linestyle="--", color="#C44E52", label="target")
        axes.legend()
    axes.set_ylabel("days")
    axes.set_title(title or "DSO")
    return axes


def outcomes_chart(
    outcomes: object,
    *,
    currency: str | None = None,
    locale: str = "en_US",
    ax: Axes | None = None,
    title: str = "",
) -> Axes:
    """Horizontal bars of cash-application outcomes (matched, partial, unmatched, ...).

    ``outcomes`` maps outcome to a count of payments, or (with ``currency``) to
    an amount of cash; or is a frame with ``outcome`` and ``value`` columns.
    Each bar is labelled with its value and its share of the total.

    >>> ax = outcomes_chart({"matched": 80, "partial": 15, "unmatched": 5})
    >>> [t.get_text() for t in ax.texts]
    ['80 (80.0%)', '15 (15.0%)', '5 (5.0%)']
    """
    locale_of(locale)
    pairs = _pairs(outcomes, ("outcome", "value"), "outcomes")
    if not pairs:
        raise ValidationError("outcomes", outcomes, "at least one outcome")
    currency = _currency(pairs, currency, "outcomes")
    labels = [str(label) for label, _ in pairs]
    values = [_amount(v, currency, f"outcomes[{label!r}]") for label, v in pairs]
    if any(v < 0 for v in values):
        raise ValidationError("outcomes", outcomes, "counts or amounts of zero or more")
    if currency is None and any(v != v.to_integral_value() for v in values):
        raise ValidationError("outcomes", outcomes, "whole counts, or pass currency= for amounts")
    whole = sum(values, Decimal(0))
    axes = _axes(ax)
    positions = list(range(len(labels)))
    bars = axes.barh(positions, [float(v) for v in values], color="#55A868")
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    for bar, value in zip(bars, values, strict=True):
        shown = (
            format_money(value, locale, currency=currency) if currency else _plain(value, locale)
        )
        share = format_percent(value / whole if whole else Decimal(0), locale)
        axes.annotate(
            f"{shown} ({share})",
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            ha="left",
            va="center",
            fontsize=8,
        )
    axes.set_title(title or "Cash application outcomes")
    return axes
