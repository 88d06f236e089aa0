"""How late is each customer's money, bucket by bucket, as of a date?

The aged trial balance: every open item goes into the bucket of its days past
due (``basis="due"``) or days since its document date (``basis="document"``),
per customer and currency, with the buckets of an
:class:`~receivables.buckets.AgingBuckets` policy (default current, 1-30,
31-60, 61-90, 91-120, over 120; upper bounds inclusive).

Unapplied cash and unapplied credits (items with a negative open amount) are
shown *beside* the buckets, in ``unapplied``, as SAP, Oracle and NetSuite show
them; pass ``credits="bucket"`` to age them by their date instead, as Odoo
does. Either way, for every line and every total::

    sum(buckets) + unapplied = outstanding = sum of the items' open amounts

to the last minor unit (ERPNext users report that its report does not add up;
here it is a tested property).

Two paths give the same numbers to the cent:

- :func:`age` takes :class:`~receivables.ledger.OpenItem` s (e.g. a ledger's
  open items on ``as_of``); items with a document date after ``as_of`` are
  ignored (the population rule every report follows), two items of one kind
  with one number are a :class:`~receivables.errors.DuplicateDocumentError`
  (as in cash application), and an empty customer id is an error.
- :func:`age_columns` takes columns (a mapping of numpy arrays or sequences,
  or a pandas DataFrame): ``customer_id``, ``due_date`` and/or
  ``document_date`` (``datetime64[D]``, dates or ISO strings), ``open_units``
  (integer minor units, signed) and ``currency`` (a column, or one code for
  all rows via ``currency=``). It works on int64 arrays: customers are
  factorized, days become bucket positions with :func:`numpy.searchsorted`,
  and cells are summed exactly (float64 :func:`numpy.bincount` only where
  every partial sum stays below 2**53, split into 26-bit limbs or
  ``numpy.add.at`` otherwise), so a million items age in a fraction of a second.
  pandas' ``cut``/``groupby`` would do the same job, slower and in float.

**Reporting currency.** With ``rates`` (a :class:`~receivables.money.RateTable`)
and ``reporting_currency``, each *cell* (customer × currency × bucket, and the
unapplied column) is converted at the rate that applies on ``as_of`` and
rounded half away from zero; a customer's line is the sum of its converted
cells across currencies, and totals are sums of lines. So the buckets still add
up exactly; the price is that a converted outstanding may differ from
converting the unconverted outstanding in one step by at most half a minor unit
per cell. Converting per item instead would make the result depend on how the
items were split; per cell it depends only on the cells.

**Merging.** :meth:`AgingReport.merge` of reports for disjoint sets of
customers equals the aging of their union, and is associative and
commutative, so a host can split the portfolio by customer, age the pieces
anywhere and merge. Unconverted reports may also share customers (cells are
summed); converted ones may not, since rounding per cell is not additive.

>>> import datetime as dt
>>> from receivables.ledger import ItemKind, OpenItem
>>> from receivables.money import money
>>> def item(number, due, amount):
...     return OpenItem(number=number, customer_id="C1", kind=ItemKind.INVOICE,
...         document_date=dt.date(2026, 1, 1), due_date=due,
...         original=money(amount, "USD"), open=money(amount, "USD"))
>>> report = age([item("I1", dt.date(2026, 3, 31), "100.00"),
...               item("I2", dt.date(2026, 2, 15), "50.00"),
...               item("P1", dt.date(2026, 3, 1), "-30.00")], as_of=dt.date(2026, 3, 31))
>>> line = report.line("C1")
>>> dict(zip(report.buckets.labels, line.buckets))["current"], line.buckets[2], line.unapplied
(Money('100.00', 'USD'), Money('50.00', 'USD'), Money('-30.00', 'USD'))
>>> line.outstanding
Money('120.00', 'USD')
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from receivables.buckets import DEFAULT_BUCKETS, AgingBuckets
from receivables.errors import DuplicateDocumentError, ValidationError
from receivables.ledger import ItemKind, OpenItem
from receivables.money import Money, RateTable, currency_digits, from_minor, to_minor
from receivables.progress import Progress, reporter

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BASES",
    "CREDIT_PLACEMENTS",
    "AgingLine",
    "AgingReport",
    "age",
    "age_columns",
    "merge_reports",
]

BASES = ("due", "document")
"""Age by days past the due date, or by days since the document date."""

CREDIT_PLACEMENTS = ("beside", "bucket")
"""Unapplied cash and credits beside the buckets (default), or aged in them."""

IntArray = npt.NDArray[np.int64]
StrArray = npt.NDArray[np.str_]

_PROGRESS_STEP = 10_000
_LIMB = 26
_EXACT_FLOAT = 2**53
_MAX_TOTAL = 2**62


@attrs.frozen(kw_only=True)
class AgingLine:
    """One customer's (or the total's) aging in one currency.

    ``customer_id`` is ``None`` on a total line; it keeps the type it came in
    (``str`` from open items, ``int`` or ``str`` from columns). ``buckets`` follow
    ``labels``; ``unapplied`` is the unapplied cash and credit (zero or
    negative) when credits are shown beside the buckets.

    >>> from receivables.money import money
    >>> line = AgingLine(customer_id="C1", currency="USD", labels=("current", "late"),
    ...     buckets=(money("10.00", "USD"), money("5.00", "USD")), unapplied=money("-1.00", "USD"))
    >>> line.outstanding, line.overdue, line.amount("late")
    (Money('14.00', 'USD'), Money('5.00', 'USD'), Money('5.00', 'USD'))
    """

    customer_id: str | int | None
    currency: str
    labels: tuple[str, ...]
    buckets: tuple[Money, ...]
    unapplied: Money

    @property
    def gross(self) -> Money:
        """The sum of the buckets (what is owed, before unapplied cash and credits).

        >>> from receivables.money import money
        >>> AgingLine(customer_id="C1", currency="USD", labels=("current", "late"),
        ...     buckets=(money("10.00", "USD"), money("5.00", "USD")),
        ...     unapplied=money("-1.00", "USD")).gross
        Money('15.00', 'USD')
        """
        return sum(self.buckets[1:], self.buckets[0])

    @property
    def outstanding(self) -> Money:
        """The balance, the buckets plus the (negative) unapplied column.

        >>> from receivables.money import money
        >>> AgingLine(customer_id="C1", currency="USD", labels=("current", "late"),
        ...     buckets=(money("10.00", "USD"), money("5.00", "USD")),
        ...     unapplied=money("-1.00", "USD")).outstanding
        Money('14.00', 'USD')
        """
        return self.gross + self.unapplied

    @property
    def overdue(self) -> Money:
        """Everything but the first bucket (past due when aging by due date).

        >>> from receivables.money import money
        >>> AgingLine(customer_id="C1", currency="USD", labels=("current", "late"),
        ...     buckets=(money("10.00", "USD"), money("5.00", "USD")),
        ...     unapplied=money("-1.00", "USD")).overdue
        Money('5.00', 'USD')
        """
        return sum(self.buckets[1:], from_minor(0, self.currency))

    def by_bucket(self) -> dict[str, Money]:
        """The buckets by label, e.g. for :func:`receivables.provisions.provision`.

        >>> from receivables.money import money
        >>> AgingLine(customer_id=None, currency="EUR", labels=("current",),
        ...     buckets=(money(5, "EUR"),), unapplied=money(0, "EUR")).by_bucket()
        {'current': Money('5.00', 'EUR')}
        """
        return dict(zip(self.labels, self.buckets, strict=True))

    def amount(self, label: str) -> Money:
        """The amount in the bucket called ``label``.

        >>> from receivables.money import money
        >>> line = AgingLine(customer_id="C1", currency="USD", labels=("current", "late"),
        ...     buckets=(money("10.00", "USD"), money("5.00", "USD")), unapplied=money("0", "USD"))
        >>> line.amount("late")
        Money('5.00', 'USD')
        >>> line.amount("1-30")
        Traceback (most recent call last):
        ...
        receivables.errors.ValidationError: label: got '1-30'; expected one of ['current', 'late']
        """
        try:
            return self.buckets[self.labels.index(label)]
        except ValueError:
            raise ValidationError("label", label, f"one of {list(self.labels)}") from None


def _check_choice(field: str, value: object, accepted: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in accepted:
        raise ValidationError(field, value, f"one of {list(accepted)}")
    return str(value)


def _check_date(field: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(field, value, "a datetime.date")
    return value


def _arrays_equal(left: npt.NDArray[Any], right: npt.NDArray[Any]) -> bool:
    return left.shape == right.shape and bool(np.array_equal(left, right))


@attrs.frozen(kw_only=True, eq=False)
class AgingReport:
    """An aged trial balance: one line per customer and currency, in minor units.

    ``customer_ids``, ``currencies`` and ``units`` are parallel arrays sorted by
    (customer, currency); ``units`` has one int64 column per bucket and a last
    column for unapplied cash and credits. Money comes out at the boundary
    (:meth:`line`, :meth:`lines`, :meth:`totals`), a DataFrame from
    :meth:`to_frame`. Reports compare equal when every field and every cell does;
    the arrays are read-only.

    >>> import numpy as np
    >>> report = age_columns({"customer_id": ["B", "A"], "due_date": ["2026-03-01", "2026-03-31"],
    ...     "open_units": [500, 700]}, as_of=dt.date(2026, 3, 31), currency="USD")
    >>> report.customer_ids.tolist(), report.units[:, :2].tolist()
    (['A', 'B'], [[700, 0], [0, 500]])
    >>> report.total().outstanding, report.line("B").amount("1-30")
    (Money('12.00', 'USD'), Money('5.00', 'USD'))
    """

    as_of: dt.date
    basis: str
    buckets: AgingBuckets
    credits: str
    reporting_currency: str | None
    customer_ids: npt.NDArray[Any]
    currencies: StrArray
    units: IntArray

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AgingReport):
            return NotImplemented
        return (
            self.as_of == other.as_of
            and self.basis == other.basis
            and self.buckets == other.buckets
            and self.credits == other.credits
            and self.reporting_currency == other.reporting_currency
            and _arrays_equal(self.customer_ids, other.customer_ids)
            and _arrays_equal(self.currencies, other.currencies)
            and _arrays_equal(self.units, other.units)
        )

    __hash__ = None  # type: ignore[assignment]

    def __attrs_post_init__(self) -> None:
        _check_common(self.as_of, self.buckets, self.basis, self.credits, None, None)
        if self.reporting_currency is not None:
            currency_digits(self.reporting_currency)
        for name in ("customer_ids", "currencies", "units"):
            if not isinstance(getattr(self, name), np.ndarray):
                raise ValidationError(name, type(getattr(self, name)).__name__, "a numpy array")
        lines = self.customer_ids.shape[0] if self.customer_ids.ndim == 1 else -1
        width = len(self.buckets.buckets) + 1
        if self.currencies.shape != (lines,) or self.units.shape != (lines, width):
            raise ValidationError(
                "units",
                self.units.shape,
                f"{lines} lines of {width} columns, beside {lines} customer ids and currencies",
            )
        if self.units.dtype != np.int64:
            raise ValidationError("units", self.units.dtype, "int64 minor units")
        if lines > 1:  # lookups search the sorted ids: (customer, currency) strictly increasing
            customers, currencies = self.customer_ids, self.currencies
            same = customers[1:] == customers[:-1]
            increasing = (customers[1:] > customers[:-1]) | (
                same & (currencies[1:] > currencies[:-1])
            )
            if not bool(increasing.all()):
                row = int(np.flatnonzero(~increasing)[0]) + 1
                raise ValidationError(
                    f"customer_ids[{row}]",
                    customers[row].item(),
                    "lines in (customer, currency) order, each customer and currency once",
                )
        for array in (self.customer_ids, self.currencies, self.units):
            array.flags.writeable = False  # a report is a value

    def __len__(self) -> int:
        return int(self.units.shape[0])

    def _line(self, customer_id: str | int | None, currency: str, row: Sequence[int]) -> AgingLine:
        return AgingLine(
            customer_id=customer_id,
            currency=currency,
            labels=self.buckets.labels,
            buckets=tuple(from_minor(int(units), currency) for units in row[:-1]),
            unapplied=from_minor(int(row[-1]), currency),
        )

    def lines(self) -> Iterator[AgingLine]:
        """Every customer line, in (customer, currency) order, as Money.

        >>> list(age([], as_of=dt.date(2026, 1, 31)).lines())
        []
        """
        for customer_id, currency, row in zip(
            self.customer_ids.tolist(), self.currencies.tolist(), self.units.tolist(), strict=True
        ):
            yield self._line(customer_id, currency, row)

    def customer(self, customer_id: str | int) -> tuple[AgingLine, ...]:
        """The lines of one customer, one per currency (empty when it has none).

        >>> from receivables.ledger import ItemKind
        >>> from receivables.money import money
        >>> items = [OpenItem(number=f"INV-{c}", customer_id="C1", kind=ItemKind.INVOICE,
        ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
        ...     original=money("10.00", c), open=money("10.00", c)) for c in ("USD", "EUR")]
        >>> report = age(items, as_of=dt.date(2026, 1, 31))
        >>> [(line.currency, line.outstanding) for line in report.customer("C1")]
        [('EUR', Money('10.00', 'EUR')), ('USD', Money('10.00', 'USD'))]
        >>> report.customer("C2")
        ()
        """
        if not (isinstance(customer_id, str) or _is_int(customer_id)):
            raise ValidationError("customer_id", customer_id, "a customer id (str or int)")
        if len(self) and (self.customer_ids.dtype.kind == "U") != isinstance(customer_id, str):
            return ()  # an int id is never among str ids, nor the reverse
        start = int(np.searchsorted(self.customer_ids, customer_id, side="left"))
        stop = int(np.searchsorted(self.customer_ids, customer_id, side="right"))
        return tuple(
            self._line(customer_id, str(self.currencies[row]), self.units[row].tolist())
            for row in range(start, stop)
        )

    def line(self, customer_id: str | int, currency: str | None = None) -> AgingLine:
        """One customer's line in ``currency`` (which may be left out if it has one).

        >>> from receivables.ledger import ItemKind
        >>> from receivables.money import money
        >>> items = [OpenItem(number=f"INV-{c}", customer_id="C1", kind=ItemKind.INVOICE,
        ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
        ...     original=money("10.00", c), open=money("10.00", c)) for c in ("USD", "EUR")]
        >>> report = age(items, as_of=dt.date(2026, 1, 31))
        >>> report.line("C1", "EUR").outstanding
        Money('10.00', 'EUR')
        >>> report.line("C1")
        Traceback (most recent call last):
        ...
        receivables.errors.ValidationError: customer_id: got 'C1'; expected a customer with one line; pass currency=
        """
        found = self.customer(customer_id)
        if currency is not None and not isinstance(currency, str):
            raise ValidationError("currency", currency, "an ISO 4217 code such as 'USD', or None")
        if currency is not None:
            found = tuple(line for line in found if line.currency == currency)
        if len(found) != 1:
            expected = "a customer with one line" if found else "a customer in the report"
            raise ValidationError("customer_id", customer_id, f"{expected}; pass currency=")
        return found[0]

    def totals(self) -> tuple[AgingLine, ...]:
        """One total line per currency (``customer_id`` is ``None``), sorted by currency.

        >>> from receivables.ledger import ItemKind
        >>> from receivables.money import money
        >>> items = [OpenItem(number=f"INV-{n}", customer_id=f"C{n}", kind=ItemKind.INVOICE,
        ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
        ...     original=money("10.00", c), open=money("10.00", c))
        ...     for n, c in enumerate(("USD", "EUR", "USD"))]
        >>> [(t.currency, t.outstanding) for t in age(items, as_of=dt.date(2026, 1, 31)).totals()]
        [('EUR', Money('10.00', 'EUR')), ('USD', Money('20.00', 'USD'))]
        """
        result = []
        for currency in sorted(set(self.currencies.tolist())):
            rows = self.units[self.currencies == currency]
            result.append(self._line(None, currency, _exact_column_sums(rows)))
        return tuple(result)

    def total(self, currency: str | None = None) -> AgingLine:
        """The total line in ``currency`` (or in the only currency there is).

        An empty report has a zero total in ``currency`` (required then).

        >>> age([], as_of=dt.date(2026, 1, 31)).total("USD").outstanding
        Money('0.00', 'USD')
        """
        if currency is not None and not isinstance(currency, str):
            raise ValidationError("currency", currency, "an ISO 4217 code such as 'USD', or None")
        totals = {line.currency: line for line in self.totals()}
        if currency is None:
            if self.reporting_currency is not None:
                currency = self.reporting_currency
            elif len(totals) == 1:
                currency = next(iter(totals))
            else:
                raise ValidationError("currency", None, f"one of {sorted(totals)}")
        if currency in totals:
            return totals[currency]
        return self._line(None, currency, [0] * (len(self.buckets.buckets) + 1))

    def merge(self, other: AgingReport) -> AgingReport:
        """This report and ``other`` as one; see :func:`merge_reports`.

        >>> from receivables.ledger import ItemKind
        >>> from receivables.money import money
        >>> def report(customer):
        ...     item = OpenItem(number=f"INV-{customer}", customer_id=customer, kind=ItemKind.INVOICE,
        ...         document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
        ...         original=money("10.00", "USD"), open=money("10.00", "USD"))
        ...     return age([item], as_of=dt.date(2026, 3, 31))
        >>> report("C1").merge(report("C2")).total().outstanding
        Money('20.00', 'USD')
        """
        return merge_reports([self, other])

    def to_frame(self, *, amounts: str = "decimal") -> pd.DataFrame:
        """A pandas DataFrame: customer, currency, a column per bucket, unapplied, outstanding.

        ``amounts="decimal"`` gives exact :class:`~decimal.Decimal` values,
        ``"minor"`` int64 minor units. pandas is imported only here.

        >>> from receivables.ledger import ItemKind
        >>> from receivables.money import money
        >>> item = OpenItem(number="INV-1", customer_id="C1", kind=ItemKind.INVOICE,
        ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
        ...     original=money("10.50", "USD"), open=money("10.50", "USD"))
        >>> frame = age([item], as_of=dt.date(2026, 3, 31)).to_frame(amounts="minor")
        >>> int(frame.loc[0, "31-60"]), int(frame.loc[0, "outstanding"])
        (1050, 1050)
        """
        _check_choice("amounts", amounts, ("decimal", "minor"))
        import pandas as pd  # optional dependency, imported on use

        outstanding = self.units.sum(axis=1)
        columns: dict[str, Any] = {
            "customer_id": self.customer_ids.tolist(),
            "currency": self.currencies.tolist(),
        }
        names = [*self.buckets.labels, "unapplied"]
        data = np.column_stack([self.units, outstanding]) if len(self) else self.units
        if amounts == "minor":
            for position, name in enumerate([*names, "outstanding"]):
                columns[name] = data[:, position] if len(self) else np.zeros(0, np.int64)
        else:
            scales = [Decimal(1).scaleb(-currency_digits(code)) for code in self.currencies]
            for position, name in enumerate([*names, "outstanding"]):
                values = data[:, position].tolist() if len(self) else []
                columns[name] = [
                    Decimal(value) * scale for value, scale in zip(values, scales, strict=True)
                ]
        return pd.DataFrame(columns)


def _exact_column_sums(rows: IntArray) -> list[int]:
    return [sum(column) for column in rows.T.tolist()] if rows.shape[0] else [0] * rows.shape[1]


def _empty_report(
    as_of: dt.date, basis: str, buckets: AgingBuckets, credits: str, reporting: str | None
) -> AgingReport:
    return AgingReport(
        as_of=as_of,
        basis=basis,
        buckets=buckets,
        credits=credits,
        reporting_currency=reporting,
        customer_ids=np.zeros(0, dtype=np.str_),
        currencies=np.zeros(0, dtype=np.str_),
        units=np.zeros((0, len(buckets.buckets) + 1), dtype=np.int64),
    )


def _check_common(
    as_of: object,
    buckets: object,
    basis: object,
    credits: object,
    rates: object,
    reporting_currency: object,
) -> tuple[dt.date, AgingBuckets, str, str, str | None]:
    day = _check_date("as_of", as_of)
    if not isinstance(buckets, AgingBuckets):
        raise ValidationError("buckets", buckets, "an AgingBuckets policy")
    chosen_basis = _check_choice("basis", basis, BASES)
    placement = _check_choice("credits", credits, CREDIT_PLACEMENTS)
    if rates is not None and not isinstance(rates, RateTable):
        raise ValidationError("rates", rates, "a RateTable or None")
    if (rates is None) != (reporting_currency is None):
        raise ValidationError(
            "reporting_currency", reporting_currency, "given together with rates, or neither"
        )
    reporting: str | None = None
    if reporting_currency is not None:
        if not isinstance(reporting_currency, str):
            raise ValidationError("reporting_currency", reporting_currency, "an ISO 4217 code")
        currency_digits(reporting_currency)
        reporting = reporting_currency
    return day, buckets, chosen_basis, placement, reporting


def age(
    items: Iterable[OpenItem],
    *,
    as_of: dt.date,
    buckets: AgingBuckets = DEFAULT_BUCKETS,
    basis: str = "due",
    credits: str = "beside",
    rates: RateTable | None = None,
    reporting_currency: str | None = None,
    progress: Progress | None = None,
) -> AgingReport:
    """Age open items on ``as_of``, per customer and currency (or in a reporting currency).

    ``progress`` (a callable taking a count, or a tqdm-like object with
    ``update``) hears every 10,000 items; it is a plain loop, so a million
    items take seconds where :func:`age_columns` takes milliseconds.

    >>> age([], as_of=dt.date(2026, 1, 31), basis="posting")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: basis: got 'posting'; expected one of ['due', 'document']
    """
    day, policy, chosen_basis, placement, reporting = _check_common(
        as_of, buckets, basis, credits, rates, reporting_currency
    )
    _check_items(items)
    width = len(policy.buckets) + 1
    beside = placement == "beside"
    by_due = chosen_basis == "due"
    cells: dict[tuple[str, str], list[int]] = {}
    report_progress = reporter(progress)
    uppers = policy.uppers  # AgingBuckets.index, without rebuilding the bounds per item
    seen: set[tuple[ItemKind, str]] = set()  # one rule with cash application: no duplicates
    done = 0
    for position, item in enumerate(items):
        if done == _PROGRESS_STEP:
            report_progress(done)
            done = 0
        done += 1
        if not isinstance(item, OpenItem):
            raise ValidationError(f"items[{position}]", item, "an OpenItem")
        if not item.customer_id.strip():
            raise ValidationError(
                f"items[{position}].customer_id", item.customer_id, "a non-empty customer id"
            )
        identity = (item.kind, item.number)
        if identity in seen:
            raise DuplicateDocumentError(item.kind.value, item.number)
        seen.add(identity)
        if item.document_date > day:  # the population rule: nothing dated after as_of
            continue
        units = to_minor(item.open)
        reference = item.due_date if by_due else item.document_date
        column = width - 1 if beside and units < 0 else bisect_left(uppers, (day - reference).days)
        row = cells.get((item.customer_id, item.currency))
        if row is None:
            row = cells[(item.customer_id, item.currency)] = [0] * width
        row[column] += units
    report_progress(done)
    if not cells:
        return _empty_report(day, chosen_basis, policy, placement, reporting)
    keys = sorted(cells)
    for cell in keys:
        if any(abs(value) >= _MAX_TOTAL for value in cells[cell]):
            raise ValidationError("items", cell, "cell totals below 2**62 minor units")
    report = AgingReport(
        as_of=day,
        basis=chosen_basis,
        buckets=policy,
        credits=placement,
        reporting_currency=None,
        customer_ids=np.array([key[0] for key in keys], dtype=np.str_),
        currencies=np.array([key[1] for key in keys], dtype=np.str_),
        units=np.array([cells[key] for key in keys], dtype=np.int64).reshape(len(keys), width),
    )
    if rates is not None and reporting is not None:
        return _convert(report, rates, reporting)
    return report


def _check_items(items: object) -> None:
    """``items`` must be an iterable of open items; a DataFrame or a mapping says what to use."""
    if type(items).__name__ == "DataFrame" or isinstance(items, Mapping):
        raise ValidationError(
            "items",
            type(items).__name__,
            "OpenItem values: turn a DataFrame into them with "
            "receivables.frames.frame_to_open_items, or age columns with age_columns",
        )
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise ValidationError("items", items, "an iterable of OpenItem values")


def _column(columns: Any, name: str) -> Any:
    try:
        return columns[name]
    except (KeyError, IndexError, ValueError):
        return None


def _is_int(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def _object_ints(values: npt.NDArray[Any], field: str) -> npt.NDArray[Any]:
    """An object column of ints as int64; anything else (a float, None, NA) is refused."""
    if values.ndim != 1:
        return values
    listed = values.tolist()
    for position, value in enumerate(listed):
        if not _is_int(value):
            raise ValidationError(f"{field}[{position}]", value, "an int")
    try:
        return np.array(listed, dtype=np.int64).reshape(-1)
    except OverflowError:
        raise ValidationError(field, "too large", "ints below 2**63") from None


def _dates(values: Any, field: str, rows: int) -> npt.NDArray[np.datetime64]:
    try:
        converted = np.asarray(values).astype("datetime64[D]")
    except (ValueError, TypeError) as error:
        raise ValidationError(
            field, str(values)[:80], "dates as datetime64, date or ISO strings"
        ) from error
    if converted.shape != (rows,):
        raise ValidationError(field, converted.shape, f"a column of {rows} dates")
    if np.isnat(converted).any():
        raise ValidationError(field, "NaT", "a date on every row")
    return converted


def _factorize(values: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], IntArray]:
    """Sorted distinct values (int64 or str) and each row's position among them."""
    if values.dtype.kind in "iu" and values.size:
        values = values.astype(np.int64, copy=False)
        low = int(values.min())
        span = int(values.max()) - low + 1
        if span <= 4 * values.size + 1024:  # dense ids: count instead of sorting
            shifted = values - low
            present = np.bincount(shifted, minlength=span) > 0
            position = np.cumsum(present) - 1
            return np.flatnonzero(present) + low, position.take(shifted)
        distinct, codes = np.unique(values, return_inverse=True)
        return distinct, codes.astype(np.int64, copy=False).reshape(-1)
    return _factorize_strings(values.astype(np.str_, copy=False))


def _factorize_strings(strings: StrArray) -> tuple[StrArray, IntArray]:
    """Strings by integer keys: sorting a million strings is slow, sorting ints is not.

    Short ASCII ids (up to 8 characters) are their own exact key: one byte a
    character, the first highest, so the keys sort as the strings do. Longer or non-ASCII
    ones get a 64-bit polynomial hash; every row is checked against the
    distinct string of its hash class (a collision falls back to sorting the
    strings), and the distinct strings, one per customer, are sorted at the end.
    """
    rows = int(strings.size)
    if rows == 0:
        return strings[:0], np.zeros(0, dtype=np.int64)
    width = strings.dtype.itemsize // 4
    # The characters as a strided view of the array itself: no copy of a million strings.
    every = np.ascontiguousarray(strings).view(np.uint32).reshape(rows, width)
    filled = np.flatnonzero(every.any(axis=0))
    used = max(1, int(filled[-1]) + 1 if filled.size else 1)
    chars = every[:, :used]
    exact = used <= 8 and int(chars.max()) < 128
    if exact:  # one byte a character, first character highest: big-endian bytes
        packed = np.zeros((rows, 8), dtype=np.uint8)
        packed[:, :used] = chars
        keys = packed.view(">u8").reshape(rows).astype(np.uint64)
    else:
        keys = np.zeros(rows, dtype=np.uint64)
        for column in range(used):
            keys *= np.uint64(1_000_003)
            keys += chars[:, column]
    distinct_keys, inverse = np.unique(keys, return_inverse=True)
    codes = inverse.astype(np.int64, copy=False).reshape(-1)
    first = np.empty(distinct_keys.size, dtype=np.int64)
    first[codes[::-1]] = np.arange(rows - 1, -1, -1)
    names = strings.take(first)
    if exact:
        return names, codes
    if not bool((names.take(codes) == strings).all()):  # a hash collision: sort the strings
        distinct, inverse = np.unique(strings, return_inverse=True)
        return distinct, inverse.astype(np.int64, copy=False).reshape(-1)
    order = np.argsort(names, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return names[order], rank.take(codes)


def _currency_codes(values: Any, rows: int) -> tuple[StrArray, IntArray]:
    array = np.asarray(values)
    if array.shape != (rows,):
        raise ValidationError("currency", array.shape, f"a column of {rows} currency codes")
    strings = array.astype(np.str_)
    if rows and bool((strings == strings[0]).all()):  # one currency: nothing to sort
        currency_digits(str(strings[0]))
        return strings[:1], np.zeros(rows, dtype=np.int64)
    if rows and strings.dtype.itemsize == 12:  # three characters: pack each code into one int
        chars = strings.view(np.uint32).reshape(rows, 3).astype(np.int64)
        packed = (chars[:, 0] << 42) | (chars[:, 1] << 21) | chars[:, 2]
        distinct, codes = np.unique(packed, return_inverse=True)
        names = np.array(
            ["".join(chr((int(v) >> s) & 0x1FFFFF) for s in (42, 21, 0)) for v in distinct],
            dtype=np.str_,
        )
    else:
        names, codes = np.unique(strings, return_inverse=True)
    for name in names.tolist():
        currency_digits(name)
    return names, codes.astype(np.int64, copy=False).reshape(-1)


def _bucket_columns(days: npt.NDArray[np.timedelta64], policy: AgingBuckets) -> IntArray:
    """Each row's bucket position: days clipped to the bounds, then a small lookup table."""
    uppers = np.asarray(policy.uppers, dtype=np.int64)
    if uppers.size == 0:
        return np.zeros(days.size, dtype=np.int64)
    first, last = int(uppers[0]) - 1, int(uppers[-1]) + 1
    table = np.searchsorted(uppers, np.arange(first, last + 1), side="left").astype(np.int64)
    offsets = np.clip(days.view(np.int64), first, last)
    offsets -= first
    return table.take(offsets)


def _exact_sums(keys: IntArray, units: IntArray, size: int) -> IntArray:
    """Per-key sums of int64 ``units``, exact (float bincount only where it cannot round)."""
    if units.size == 0:
        return np.zeros(size, dtype=np.int64)
    count = int(units.size)
    bound = max(abs(int(units.max())), abs(int(units.min())))
    if bound * count < _EXACT_FLOAT:
        return np.bincount(keys, weights=units.astype(np.float64), minlength=size).astype(np.int64)
    high = units >> _LIMB
    if (bound >> _LIMB) * count < _EXACT_FLOAT and count < 2**26:
        low = units & ((1 << _LIMB) - 1)
        low_sums = np.bincount(keys, weights=low.astype(np.float64), minlength=size)
        high_sums = np.bincount(keys, weights=high.astype(np.float64), minlength=size)
        return (high_sums.astype(np.int64) << _LIMB) + low_sums.astype(np.int64)
    sums = np.zeros(size, dtype=np.int64)
    np.add.at(sums, keys, units)
    return sums


def age_columns(
    columns: object,
    *,
    as_of: dt.date,
    buckets: AgingBuckets = DEFAULT_BUCKETS,
    basis: str = "due",
    credits: str = "beside",
    currency: str | None = None,
    rates: RateTable | None = None,
    reporting_currency: str | None = None,
) -> AgingReport:
    """Age columns of open items (numpy arrays, sequences or a DataFrame), exactly and fast.

    ``columns`` is a mapping of name to array or sequence, or a pandas
    DataFrame, with ``customer_id`` (int or str); ``due_date`` (for ``basis="due"``) and/or
    ``document_date`` (for ``basis="document"``; when present, rows dated
    after ``as_of`` are ignored); ``open_units`` (signed int minor units: an integer
    column, or an object column holding only ints; floats and missing values are refused);
    ``currency`` unless ``currency=`` names one code for every row.

    >>> import numpy as np
    >>> report = age_columns({"customer_id": np.array([7, 7, 3]),
    ...     "due_date": np.array(["2026-03-31", "2026-01-15", "2026-02-20"], dtype="datetime64[D]"),
    ...     "open_units": np.array([10000, 2500, -700])}, as_of=dt.date(2026, 3, 31), currency="EUR")
    >>> report.customer_ids.tolist(), report.units.tolist()
    ([3, 7], [[0, 0, 0, 0, 0, 0, -700], [10000, 0, 0, 2500, 0, 0, 0]])
    """
    day, policy, chosen_basis, placement, reporting = _check_common(
        as_of, buckets, basis, credits, rates, reporting_currency
    )
    raw_units = _column(columns, "open_units")
    if raw_units is None:
        raise ValidationError("open_units", None, "a column of signed integer minor units")
    units = np.asarray(raw_units)
    if units.dtype.kind == "O":  # e.g. a DataFrame column of Python ints: ints all the same
        units = _object_ints(units, "open_units")
    if units.ndim != 1 or (units.size and units.dtype.kind not in "iu"):
        raise ValidationError("open_units", units.dtype, "a 1-d column of integer minor units")
    if units.dtype.kind == "u" and units.size and int(units.max()) > np.iinfo(np.int64).max:
        raise ValidationError("open_units", int(units.max()), "minor units below 2**63")
    units = units.astype(np.int64, copy=False)
    rows = int(units.size)
    raw_customers = _column(columns, "customer_id")
    if raw_customers is None:
        raise ValidationError("customer_id", None, "a customer_id column")
    customers = np.asarray(raw_customers)
    # Int ids in an object column stay ints, as in an int64 column. Only a column that
    # starts with an int is scanned, so object columns of strings cost nothing more.
    if (
        customers.dtype.kind == "O"
        and customers.ndim == 1
        and customers.size
        and _is_int(customers[0])
        and all(_is_int(value) for value in customers.tolist())
    ):
        customers = _object_ints(customers, "customer_id")
    if customers.shape != (rows,):
        raise ValidationError("customer_id", customers.shape, f"a column of {rows} customer ids")
    if customers.dtype.kind == "O":  # None or NaN would otherwise become the id "None"/"nan"
        for position, value in enumerate(customers.tolist()):
            if not isinstance(value, str) and not _is_int(value):
                raise ValidationError(f"customer_id[{position}]", value, "a str or int id")
    reference_name = "due_date" if chosen_basis == "due" else "document_date"
    raw_reference = _column(columns, reference_name)
    if raw_reference is None:
        raise ValidationError(
            reference_name, None, f"a {reference_name} column for basis={chosen_basis!r}"
        )
    reference = _dates(raw_reference, reference_name, rows)
    today = np.datetime64(day, "D")
    keep: npt.NDArray[np.bool_] | None = None
    raw_document = _column(columns, "document_date")
    if raw_document is not None:
        documents = (
            reference if chosen_basis == "document" else _dates(raw_document, "document_date", rows)
        )
        after = documents > today
        if after.any():
            keep = ~after
    if currency is not None:
        currency_digits(currency)
        currency_names = np.array([currency], dtype=np.str_)
        currency_codes = np.zeros(rows, dtype=np.int64)
    else:
        raw_currency = _column(columns, "currency")
        if raw_currency is None:
            raise ValidationError("currency", None, "a currency column or currency='USD'")
        currency_names, currency_codes = _currency_codes(raw_currency, rows)
    if keep is not None:
        units, customers, reference = units[keep], customers[keep], reference[keep]
        currency_codes = currency_codes[keep]
        rows = int(units.size)
    if rows == 0:
        return _empty_report(day, chosen_basis, policy, placement, reporting)
    if max(abs(int(units.max())), abs(int(units.min()))) * rows >= _MAX_TOTAL:
        raise ValidationError("open_units", "too large", "totals below 2**62 minor units")
    customer_names, customer_codes = _factorize(customers)
    width = len(policy.buckets) + 1
    column = _bucket_columns(today - reference, policy)
    if placement == "beside":
        column[units < 0] = width - 1
    n_currencies = int(currency_names.size)
    line_codes = (
        customer_codes * n_currencies + currency_codes if n_currencies > 1 else customer_codes
    )
    n_lines = int(customer_names.size) * n_currencies
    if n_lines * width > 8 * rows + 4096:  # sparse: keep only the lines that occur
        present_lines, line_codes = np.unique(line_codes, return_inverse=True)
        line_codes = line_codes.reshape(-1)
    else:
        present_lines = np.flatnonzero(np.bincount(line_codes, minlength=n_lines))
        if present_lines.size != n_lines:
            remap = np.full(n_lines, -1, dtype=np.int64)
            remap[present_lines] = np.arange(present_lines.size)
            line_codes = remap[line_codes]
    sums = _exact_sums(line_codes * width + column, units, int(present_lines.size) * width)
    report = AgingReport(
        as_of=day,
        basis=chosen_basis,
        buckets=policy,
        credits=placement,
        reporting_currency=None,
        customer_ids=customer_names[present_lines // n_currencies],
        currencies=currency_names[present_lines % n_currencies],
        units=sums.reshape(int(present_lines.size), width),
    )
    if rates is not None and reporting is not None:
        return _convert(report, rates, reporting)
    return report


def _round_half_away(numerators: list[int], denominator: int) -> list[int]:
    result = []
    for value in numerators:
        magnitude = (2 * abs(value) + denominator) // (2 * denominator)
        result.append(-magnitude if value < 0 else magnitude)
    return result


def _convert(report: AgingReport, rates: RateTable, reporting: str) -> AgingReport:
    """Each cell at the rate on ``as_of``, rounded half away from zero; lines summed per customer."""
    target_digits = currency_digits(reporting)
    converted = np.empty_like(report.units)
    for code in sorted(set(report.currencies.tolist())):
        mask = report.currencies == code
        if code == reporting:
            converted[mask] = report.units[mask]
            continue
        factor = rates.rate(code, reporting, report.as_of)
        numerator, denominator = factor.as_integer_ratio()
        shift = target_digits - currency_digits(code)
        if shift >= 0:
            numerator *= 10**shift
        else:
            denominator *= 10 ** (-shift)
        cells = report.units[mask]
        flat = _round_half_away(
            [value * numerator for value in cells.ravel().tolist()], denominator
        )
        if flat and max(abs(value) for value in flat) >= _MAX_TOTAL:
            raise ValidationError("rates", code, "converted cells below 2**62 minor units")
        converted[mask] = np.array(flat, dtype=np.int64).reshape(cells.shape)
    customers = report.customer_ids
    starts = (
        np.flatnonzero(np.r_[True, customers[1:] != customers[:-1]])
        if customers.size
        else np.zeros(0, np.int64)
    )
    summed = np.add.reduceat(converted, starts, axis=0) if customers.size else converted
    return AgingReport(
        as_of=report.as_of,
        basis=report.basis,
        buckets=report.buckets,
        credits=report.credits,
        reporting_currency=reporting,
        customer_ids=customers[starts],
        currencies=np.full(starts.size, reporting),
        units=summed.astype(np.int64),
    )


def merge_reports(reports: Sequence[AgingReport]) -> AgingReport:
    """Several reports of the same date, basis, buckets and currency setting as one.

    Lines of different customers are placed side by side in (customer,
    currency) order; lines of the same customer and currency are summed,
    which unconverted reports allow and converted ones refuse. Merging is
    associative and commutative, and merging the agings of disjoint sets of
    customers equals aging their union.

    >>> first = age([], as_of=dt.date(2026, 1, 31))
    >>> merge_reports([first, first]) == first
    True
    """
    given: object = reports
    if isinstance(given, str | bytes | Mapping) or not isinstance(given, Iterable):
        raise ValidationError("reports", reports, "a list of AgingReports")
    reports = list(reports)
    if not reports:
        raise ValidationError("reports", reports, "at least one AgingReport")
    head = reports[0]
    for position, report in enumerate(reports):
        if not isinstance(report, AgingReport):
            raise ValidationError(f"reports[{position}]", report, "an AgingReport")
        for field in ("as_of", "basis", "buckets", "credits", "reporting_currency"):
            if getattr(report, field) != getattr(head, field):
                raise ValidationError(
                    f"reports[{position}].{field}",
                    getattr(report, field),
                    f"{getattr(head, field)!r}, the same as the first report",
                )
    present = [report for report in reports if len(report)]
    if not present:
        return head
    kinds = {report.customer_ids.dtype.kind for report in present}
    if len(kinds) > 1:
        raise ValidationError(
            "reports", sorted(kinds), "customer ids of one kind: all int or all str"
        )
    customers = np.concatenate([report.customer_ids for report in present])
    currencies = np.concatenate([report.currencies for report in present])
    units = np.concatenate([report.units for report in present], axis=0)
    order = np.lexsort((currencies, customers))
    customers, currencies, units = customers[order], currencies[order], units[order]
    new = np.r_[True, (customers[1:] != customers[:-1]) | (currencies[1:] != currencies[:-1])]
    if not new.all():
        if head.reporting_currency is not None:
            duplicate = customers[1:][~new[1:]][0]
            raise ValidationError(
                "reports", str(duplicate), "disjoint customers when a reporting currency is used"
            )
        starts = np.flatnonzero(new)
        units = np.add.reduceat(units, starts, axis=0)
        customers, currencies = customers[starts], currencies[starts]
    return attrs.evolve(head, customer_ids=customers, currencies=currencies, units=units)
