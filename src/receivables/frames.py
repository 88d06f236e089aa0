"""How do I get open items and statements into a pandas DataFrame, and back, without losing a cent?

DataFrames in and out for the analyst in a notebook. pandas is an optional
extra (``pip install 'receivables[pandas]'``), imported only inside these
functions; without it they raise :class:`OptionalDependencyError`.

How money becomes columns — the one choice that matters here. A ``Money``
field ``open`` becomes two columns, chosen by ``money_as``:

- ``"decimal"`` (the default): ``open`` holds :class:`~decimal.Decimal` values
  (an ``object`` column, exact, what you read and export) and
  ``open_currency`` the ISO code;
- ``"minor"``: ``open_minor`` holds integer minor units (``int64``, what you
  sum and group fast: cents for USD, none for JPY, mils for BHD) and
  ``open_currency`` the ISO code.

Never float: a float column cannot hold 0.10 exactly, and sums drift.
:func:`frame_to_open_items` reads either form back (and amounts written as
strings), so a round trip gives the same values. Dates become pandas
``datetime64`` columns (so ``df[df.due_date < "2026-03-01"]`` works) and come
back as :class:`datetime.date`; enums become their string values.

Other engines offer their own ``to_frame()``; :func:`records_frame` turns any
sequence of attrs values into a frame by the same rules.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
import moneyed

from receivables.errors import ReceivablesError, ValidationError
from receivables.ledger import ItemKind, OpenItem
from receivables.money import Money, from_minor, money, to_minor

if TYPE_CHECKING:
    import pandas as pd

    from receivables.statements import Statement

__all__ = [
    "OPEN_ITEM_COLUMNS",
    "MoneyAs",
    "OptionalDependencyError",
    "frame_to_open_items",
    "open_items_frame",
    "records_frame",
    "statement_frame",
]

MoneyAs = Literal["decimal", "minor"]
"""How a Money field becomes columns, ``"decimal"`` (Decimal + currency) or ``"minor"`` (int64)."""

OPEN_ITEM_COLUMNS: Final = (
    "number",
    "customer_id",
    "kind",
    "document_date",
    "due_date",
    "original",
    "open",
    "currency",
    "reference",
)
"""Columns of :func:`open_items_frame` with ``money_as="decimal"`` (``original_minor`` and
``open_minor`` replace the amounts with ``money_as="minor"``)."""


class OptionalDependencyError(ReceivablesError, ImportError):
    """An optional extra (pandas, matplotlib, dask) is needed but not installed.

    >>> print(OptionalDependencyError("pandas", "pandas"))
    receivables needs pandas here: pip install 'receivables[pandas]'
    """

    def __init__(self, module: str, extra: str) -> None:
        self.module = module
        self.extra = extra
        super().__init__(f"receivables needs {module} here: pip install 'receivables[{extra}]'")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise OptionalDependencyError("pandas", "pandas") from None
    return pandas


def _datetimes(pd: Any, values: Any) -> Any:
    """Dates as a ``datetime64[s]`` column, the same unit whatever pandas would infer."""
    return pd.to_datetime(values).astype("datetime64[s]")


def _check_money_as(money_as: str) -> None:
    if not isinstance(money_as, str) or money_as not in ("decimal", "minor"):
        raise ValidationError("money_as", money_as, "'decimal' or 'minor'")


def _cell(name: str, value: object, money_as: MoneyAs, row: dict[str, object]) -> None:
    """Put one field into ``row`` by the module's rules."""
    if isinstance(value, moneyed.Money):
        if money_as == "minor":
            row[f"{name}_minor"] = to_minor(value)
        else:
            row[name] = value.amount
        row[f"{name}_currency"] = value.currency.code
    elif isinstance(value, enum.Enum):
        row[name] = value.value
    else:
        row[name] = value


def records_frame(
    objects: Iterable[object], *, money_as: MoneyAs = "decimal", columns: Sequence[str] = ()
) -> pd.DataFrame:
    """A DataFrame with one row per attrs value and one column per field (two per Money).

    ``columns`` fixes the fields (and their order) when ``objects`` may be empty.
    Date fields become ``datetime64`` columns.

    >>> from receivables.documents import Payment
    >>> rows = [Payment(id="P1", amount=money("10.50", "USD"), received_date=dt.date(2026, 1, 5)),
    ...         Payment(id="P2", amount=money("7", "JPY"), received_date=dt.date(2026, 1, 6))]
    >>> frame = records_frame(rows, columns=["id", "amount", "received_date"])
    >>> frame.to_dict("list")["amount"], list(frame.columns)
    ([Decimal('10.50'), Decimal('7')], ['id', 'amount', 'amount_currency', 'received_date'])
    >>> records_frame(rows, money_as="minor")["amount_minor"].tolist()
    [1050, 7]
    """
    pd = _pandas()
    _check_money_as(money_as)
    if isinstance(objects, str) or not isinstance(objects, Iterable):
        raise ValidationError("objects", objects, "an iterable of attrs values")
    if (
        isinstance(columns, str)
        or not isinstance(columns, Sequence)
        or not all(isinstance(name, str) for name in columns)
    ):
        raise ValidationError("columns", columns, "a list of field names")
    rows = []
    for index, item in enumerate(objects):
        if not attrs.has(type(item)):
            raise ValidationError(f"objects[{index}]", item, "an attrs value")
        kind: Any = type(item)
        fields = columns or [f.name for f in attrs.fields(kind)]
        row: dict[str, object] = {}
        for name in fields:
            if not hasattr(item, name):
                raise ValidationError(f"objects[{index}].{name}", item, "a value with that field")
            _cell(name, getattr(item, name), money_as, row)
        rows.append(row)
    frame = pd.DataFrame(rows)
    for name in frame.columns:
        values = frame[name]
        if name.endswith("_minor"):
            frame[name] = values.astype("int64")
        elif len(values) and all(
            isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in values
        ):
            frame[name] = _datetimes(pd, values)
    if frame.empty and columns:
        frame = pd.DataFrame(columns=list(columns))
    return frame  # type: ignore[no-any-return]


def open_items_frame(items: Iterable[OpenItem], *, money_as: MoneyAs = "decimal") -> pd.DataFrame:
    """Open items as a DataFrame with :data:`OPEN_ITEM_COLUMNS` (signed amounts, one currency column).

    >>> item = OpenItem(number="INV-1", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("100.00", "USD"), open=money("40.00", "USD"))
    >>> frame = open_items_frame([item])
    >>> frame.loc[0, "open"], frame.loc[0, "currency"], str(frame["due_date"].dtype)
    (Decimal('40.00'), 'USD', 'datetime64[s]')
    >>> open_items_frame([item], money_as="minor").loc[0, "open_minor"]
    np.int64(4000)
    """
    pd = _pandas()
    _check_money_as(money_as)
    amount_columns = (
        ("original", "open") if money_as == "decimal" else ("original_minor", "open_minor")
    )
    columns = [*OPEN_ITEM_COLUMNS[:5], *amount_columns, *OPEN_ITEM_COLUMNS[7:]]
    if not isinstance(items, Iterable):
        raise ValidationError("items", items, "an iterable of receivables.ledger.OpenItem")
    rows = []
    for item in items:
        if not isinstance(item, OpenItem):
            raise ValidationError("items", item, "receivables.ledger.OpenItem values")
        amounts: tuple[object, object] = (
            (item.original.amount, item.open.amount)
            if money_as == "decimal"
            else (to_minor(item.original), to_minor(item.open))
        )
        rows.append(
            (
                item.number,
                item.customer_id,
                item.kind.value,
                item.document_date,
                item.due_date,
                *amounts,
                item.currency,
                item.reference,
            )
        )
    frame = pd.DataFrame(rows, columns=columns)
    for name in ("document_date", "due_date"):
        frame[name] = _datetimes(pd, frame[name])
    if money_as == "minor":
        frame = frame.astype({"original_minor": "int64", "open_minor": "int64"})
    return frame  # type: ignore[no-any-return]


def _date(value: object, where: str) -> dt.date:
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise ValidationError(where, value, "a date without a time of day")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(where, value, "a date, a Timestamp at midnight or an ISO YYYY-MM-DD")


def _money(row: Mapping[str, Any], name: str, currency: str, where: str) -> Money:
    minor = f"{name}_minor"
    if minor in row and row[minor] is not None:
        units = row[minor]
        if hasattr(units, "item"):
            units = units.item()
        if isinstance(units, bool) or not isinstance(units, int):
            raise ValidationError(f"{where}.{minor}", units, "an integer number of minor units")
        return from_minor(units, currency)
    value = row.get(name)
    if isinstance(value, float):
        raise ValidationError(
            f"{where}.{name}", value, "a Decimal or a string amount (float columns lose cents)"
        )
    return money(value, currency, field=f"{where}.{name}")


def frame_to_open_items(frame: pd.DataFrame | Mapping[str, Sequence[Any]]) -> tuple[OpenItem, ...]:
    """Open items back from a frame (or a mapping of columns) in either money form.

    Amounts may also be strings. Errors name the row (by position) and the column.

    >>> item = OpenItem(number="INV-1", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("100.00", "USD"), open=money("40.00", "USD"))
    >>> frame_to_open_items(open_items_frame([item], money_as="minor")) == (item,)
    True
    >>> broken = open_items_frame([item]).assign(open=["40.001"])
    >>> frame_to_open_items(broken)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: rows[0].open: got '40.001'; expected at most 2 decimal place(s) for USD, or pass rounding=
    """
    pd = _pandas()
    if isinstance(frame, Mapping):
        try:
            frame = pd.DataFrame(dict(frame))
        except (ValueError, TypeError) as error:
            raise ValidationError(
                "frame", f"{sorted(map(str, frame))}", f"columns of equal length ({error})"
            ) from None
    if not isinstance(frame, pd.DataFrame):
        raise ValidationError("frame", type(frame).__name__, "a DataFrame or a mapping of columns")
    required = ["number", "customer_id", "kind", "document_date", "due_date", "currency"]
    missing = [c for c in required if c not in frame.columns]
    for name in ("original", "open"):
        if name not in frame.columns and f"{name}_minor" not in frame.columns:
            missing.append(f"{name} (or {name}_minor)")
    if missing:
        raise ValidationError("frame.columns", sorted(map(str, frame.columns)), f"also {missing}")
    items = []
    for position, record in enumerate(frame.to_dict("records")):
        where = f"rows[{position}]"
        record = {k: (None if _missing(v) else v) for k, v in record.items()}
        for name in required:  # a missing cell would otherwise become the text "None"
            if record[name] is None:
                raise ValidationError(f"{where}.{name}", None, f"a {name} on every row")
        currency = str(record["currency"])
        try:
            kind = ItemKind(record["kind"])
        except ValueError:
            accepted = ", ".join(k.value for k in ItemKind)
            raise ValidationError(f"{where}.kind", record["kind"], f"one of {accepted}") from None
        reference = record.get("reference")
        items.append(
            OpenItem(
                number=str(record["number"]),
                customer_id=str(record["customer_id"]),
                kind=kind,
                document_date=_date(record["document_date"], f"{where}.document_date"),
                due_date=_date(record["due_date"], f"{where}.due_date"),
                original=_money(record, "original", currency, where),
                open=_money(record, "open", currency, where),
                reference=None if reference is None else str(reference),
            )
        )
    return tuple(items)


def _missing(value: object) -> bool:
    """Whether a cell is pandas' missing value (None, NaN, NaT) rather than data."""
    if value is None:
        return True
    if isinstance(value, Decimal):
        return value.is_nan()  # quiet or signalling: comparing a signalling NaN would raise
    if isinstance(value, float):
        return value != value  # NaN is the one value unequal to itself
    return type(value).__name__ in ("NaTType", "NAType")  # pd.NaT, pd.NA


def statement_frame(statement: Statement, *, money_as: MoneyAs = "decimal") -> pd.DataFrame:
    """A statement's lines as a DataFrame; opening and closing go in ``frame.attrs``.

    Columns: ``date, kind, document, reference, amount, balance, currency``
    (``amount_minor``/``balance_minor`` with ``money_as="minor"``).

    >>> from receivables.documents import Invoice
    >>> from receivables.ledger import Ledger
    >>> from receivables.statements import statement
    >>> ledger = Ledger.of([Invoice(number="I-1", customer_id="C1",
    ...     issue_date=dt.date(2026, 1, 5), due_date=dt.date(2026, 2, 4),
    ...     amount=money("10.00", "USD"))])
    >>> frame = statement_frame(statement(ledger, "C1", start=dt.date(2026, 1, 1),
    ...                                   end=dt.date(2026, 1, 31)))
    >>> frame[["document", "amount", "balance"]].values.tolist(), frame.attrs["closing"]
    ([['I-1', Decimal('10.00'), Decimal('10.00')]], Decimal('10.00'))
    """
    pd = _pandas()
    _check_money_as(money_as)
    from receivables.statements import Statement

    if not isinstance(statement, Statement):
        raise ValidationError("statement", statement, "a receivables.statements.Statement")
    rows = []
    for line in statement.lines:
        row: dict[str, object] = {
            "date": line.date,
            "kind": line.kind.value,
            "document": line.document,
            "reference": line.reference,
        }
        if money_as == "minor":
            row["amount_minor"] = to_minor(line.amount)
            row["balance_minor"] = to_minor(line.balance)
        else:
            row["amount"] = line.amount.amount
            row["balance"] = line.balance.amount
        row["currency"] = statement.currency
        rows.append(row)
    amounts = ["amount", "balance"] if money_as == "decimal" else ["amount_minor", "balance_minor"]
    frame = pd.DataFrame(
        rows, columns=["date", "kind", "document", "reference", *amounts, "currency"]
    )
    frame["date"] = _datetimes(pd, frame["date"])
    if money_as == "minor":
        frame = frame.astype({"amount_minor": "int64", "balance_minor": "int64"})
    frame.attrs.update(
        customer_id=statement.customer_id,
        currency=statement.currency,
        start=statement.start,
        end=statement.end,
        opening=statement.opening.amount,
        closing=statement.closing.amount,
    )
    return frame  # type: ignore[no-any-return]
