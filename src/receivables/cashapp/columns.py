"""How does a million bank lines reach the matcher without a million objects?

Cash application accepts its inputs either as domain objects
(:class:`~receivables.documents.Payment`, :class:`~receivables.documents.Invoice`,
:class:`~receivables.ledger.items.OpenItem`, :class:`~receivables.documents.Customer`)
or in bulk as columns: a mapping of column name to a sequence or numpy array,
or a pandas DataFrame. Amounts in columns are **integer minor units** (cents
for USD, yen for JPY) beside a ``currency`` column; dates are
:class:`datetime.date`, ISO strings or numpy ``datetime64``.

Payment columns: ``id``, ``amount``, ``currency``, ``received_date`` and
optionally ``value_date``, ``payer_name``, ``remittance``, ``bank_reference``,
``customer_id``, ``payer_account``.

Open-item columns: ``number``, ``customer_id``, ``open`` (or ``amount``),
``currency``, ``due_date`` and optionally ``document_date`` (or
``issue_date``), ``original``, ``reference``, ``discount`` (minor units) and
``discount_until``. Only items with a positive open amount are payable;
credits are skipped.

Customer columns: ``id``, ``name`` and optionally ``aliases`` and
``bank_accounts`` (a sequence per row, or one string with ``;`` between).

Everything becomes one of the tables here: numpy int64 minor units and day
numbers, plain lists of strings.

>>> table = payment_table({"id": ["P1"], "amount": [12050], "currency": ["USD"],
...                        "received_date": ["2026-03-02"]})
>>> table.ids, table.amount.tolist(), table.currency
(('P1',), [12050], ('USD',))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from receivables.documents import Customer, Invoice, Payment, parse_date
from receivables.errors import DuplicateDocumentError, ValidationError
from receivables.ledger import OpenItem
from receivables.money import currency_digits, to_minor

__all__ = [
    "CustomerTable",
    "ItemTable",
    "PaymentTable",
    "customer_table",
    "day_number",
    "item_table",
    "minor_to_decimal",
    "payment_table",
]

IntArray = npt.NDArray[np.int64]
_EPOCH = dt.date(1970, 1, 1).toordinal()
_NO_DAY = -(2**40)
_INT64_MAX = 2**63 - 1
_FITS = "an int of minor units within 64 bits"


def day_number(value: dt.date) -> int:
    """Days since 1970-01-01, the day numbers the tables use.

    >>> day_number(dt.date(1970, 1, 2))
    1
    """
    return value.toordinal() - _EPOCH


def _date_of(day: int) -> dt.date:
    return dt.date.fromordinal(day + _EPOCH)


@attrs.frozen(kw_only=True)
class PaymentTable:
    """Payments as columns: ids, int64 minor-unit amounts, currencies, day numbers, texts.

    >>> from receivables.documents import Payment
    >>> table = payment_table([Payment.from_row({"id": "P1", "amount": "10.00",
    ...     "currency": "USD", "received_date": "2026-03-02"})])
    >>> table.ids, table.amount.tolist(), table.received.tolist(), len(table)
    (('P1',), [1000], [20514], 1)
    """

    ids: tuple[str, ...]
    amount: IntArray
    currency: tuple[str, ...]
    received: IntArray
    effective: IntArray
    payer_name: tuple[str, ...]
    remittance: tuple[str, ...]
    bank_reference: tuple[str, ...]
    customer_id: tuple[str | None, ...]
    payer_account: tuple[str | None, ...]

    def __len__(self) -> int:
        return len(self.ids)


@attrs.frozen(kw_only=True)
class ItemTable:
    """Payable open items as columns; ``discount`` / ``discount_until`` hold the first tier.

    ``document`` is the day the item was issued, a very early day when the
    columns do not say.

    ``tiers`` maps a row to all its discount tiers (until-day, minor units)
    when an invoice has more than one.

    >>> table = item_table({"number": ["INV-1"], "customer_id": ["C1"], "open": [5000],
    ...                     "currency": ["USD"], "due_date": ["2026-03-31"]})
    >>> table.number, table.open.tolist(), len(table)
    (('INV-1',), [5000], 1)
    """

    number: tuple[str, ...]
    customer_id: tuple[str, ...]
    open: IntArray
    original: IntArray
    currency: tuple[str, ...]
    document: IntArray
    due: IntArray
    reference: tuple[str | None, ...]
    discount: IntArray
    discount_until: IntArray
    tiers: Mapping[int, tuple[tuple[int, int], ...]] = attrs.field(factory=dict)

    def __len__(self) -> int:
        return len(self.number)

    def discount_units(self, row: int, paid_day: int) -> int:
        """The discount (minor units) earned on ``row`` by paying in full on ``paid_day``.

        >>> table = item_table({"number": ["A"], "customer_id": ["C1"], "open": [1000],
        ...     "currency": ["USD"], "due_date": ["2026-01-31"], "discount": [20],
        ...     "discount_until": ["2026-01-10"]})
        >>> table.discount_units(0, day_number(dt.date(2026, 1, 10))), table.discount_units(0, day_number(dt.date(2026, 1, 11)))
        (20, 0)
        """
        tiers = self.tiers.get(row)
        if tiers is not None:
            for until, units in tiers:
                if paid_day <= until:
                    return units
            return 0
        if self.discount[row] > 0 and paid_day <= self.discount_until[row]:
            return int(self.discount[row])
        return 0


@attrs.frozen(kw_only=True)
class CustomerTable:
    """Customers as columns: ids, names, aliases and bank accounts per row.

    >>> table = customer_table({"id": ["C1"], "name": ["Acme Inc"]})
    >>> table.ids, table.names, table.aliases, len(table)
    (('C1',), ('Acme Inc',), ((),), 1)
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    aliases: tuple[tuple[str, ...], ...]
    bank_accounts: tuple[tuple[str, ...], ...]

    def __len__(self) -> int:
        return len(self.ids)


def _columns(data: Any, kind: str) -> Mapping[str, Any] | None:
    """The columns of a mapping or DataFrame, or None for a sequence of objects."""
    if isinstance(data, Mapping):
        return data
    module = type(data).__module__
    if module.startswith("pandas") and hasattr(data, "columns"):
        return {str(c): data[c].to_numpy() for c in data.columns}
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise ValidationError(kind, data, "a sequence of documents or a mapping of columns")
    return None


def _column(columns: Mapping[str, Any], name: str, kind: str, size: int | None) -> list[Any]:
    if name not in columns:
        raise ValidationError(f"{kind}.{name}", None, f"a '{name}' column")
    values = columns[name]
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ValidationError(f"{kind}.{name}", values, "a sequence or array, one value per row")
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise ValidationError(f"{kind}.{name}", values.shape, "a one-dimensional array")
    values = values.tolist() if isinstance(values, np.ndarray) else list(values)
    if size is not None and len(values) != size:
        raise ValidationError(f"{kind}.{name}", len(values), f"{size} rows like the other columns")
    return values


def _raw(columns: Mapping[str, Any], name: str, kind: str, size: int) -> Any:
    values = columns.get(name)
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        if values.shape[0] != size:
            raise ValidationError(
                f"{kind}.{name}", values.shape[0], f"{size} rows like the other columns"
            )
        return values
    return _column(columns, name, kind, size)


def _optional(columns: Mapping[str, Any], name: str, kind: str, size: int) -> list[Any]:
    if name not in columns:
        return [None] * size
    return _column(columns, name, kind, size)


def _units(values: Any, kind: str, name: str) -> IntArray:
    array = np.asarray(values)
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)  # an empty column is float64 to numpy and pandas
    if array.ndim != 1:
        raise ValidationError(f"{kind}.{name}", array.shape, "one int of minor units per row")
    if array.dtype.kind == "f" or array.dtype == np.bool_:
        raise ValidationError(f"{kind}.{name}", array.dtype, "integer minor units, never floats")
    if array.dtype.kind in "iu":
        if array.dtype == np.uint64 and array.size and int(array.max()) > _INT64_MAX:
            raise ValidationError(f"{kind}.{name}", int(array.max()), _FITS)
        return array.astype(np.int64)
    converted = []
    for index, value in enumerate(array.tolist()):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"{kind}.{name}[{index}]", value, "an int of minor units")
        if abs(value) > _INT64_MAX:
            raise ValidationError(f"{kind}.{name}[{index}]", value, _FITS)
        converted.append(value)
    return np.asarray(converted, dtype=np.int64)


def _days(values: Any, kind: str, name: str) -> IntArray:
    array = np.asarray(values)
    if array.dtype.kind == "M":
        return array.astype("datetime64[D]").astype(np.int64)
    days = []
    for index, value in enumerate(array.tolist()):
        if isinstance(value, np.datetime64):
            days.append(int(value.astype("datetime64[D]").astype(np.int64)))
            continue
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            value = value.date()  # a pandas Timestamp or datetime64 at midnight
        days.append(day_number(parse_date(value, f"{kind}.{name}[{index}]")))
    return np.asarray(days, dtype=np.int64)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _maybe(value: object) -> str | None:
    text = _text(value).strip()
    return text or None


def _currencies(values: Iterable[object], kind: str) -> tuple[str, ...]:
    codes = []
    checked: set[str] = set()
    for index, value in enumerate(values):
        code = (
            value if isinstance(value, str) and value in checked else _text(value).strip().upper()
        )
        if code not in checked:
            try:
                currency_digits(code)
            except ValidationError:
                raise ValidationError(
                    f"{kind}.currency[{index}]", value, "an ISO 4217 code such as 'USD'"
                ) from None
            checked.add(code)
        codes.append(code)
    return tuple(codes)


def _unique(ids: Sequence[str], kind: str) -> None:
    seen: set[str] = set()
    for identifier in ids:
        if not identifier:
            raise ValidationError(f"{kind}.id", identifier, "a non-empty identifier")
        if identifier in seen:
            raise DuplicateDocumentError(kind, identifier)
        seen.add(identifier)


def payment_table(payments: Any) -> PaymentTable:
    """Payments (objects, columns or a DataFrame) as a :class:`PaymentTable`.

    >>> payment_table([Payment.from_row({"id": "P1", "amount": "10.00", "currency": "USD",
    ...     "received_date": "2026-03-02"})]).amount.tolist()
    [1000]
    """
    if isinstance(payments, PaymentTable):
        return payments
    columns = _columns(payments, "payments")
    if columns is None:
        rows = list(payments)
        for index, row in enumerate(rows):
            if not isinstance(row, Payment):
                raise ValidationError(f"payments[{index}]", row, "a receivables Payment")
        ids = tuple(p.id for p in rows)
        table = PaymentTable(
            ids=ids,
            amount=np.asarray([to_minor(p.amount) for p in rows], dtype=np.int64),
            currency=tuple(p.currency for p in rows),
            received=np.asarray([day_number(p.received_date) for p in rows], dtype=np.int64),
            effective=np.asarray([day_number(p.effective_date) for p in rows], dtype=np.int64),
            payer_name=tuple(p.payer_name for p in rows),
            remittance=tuple(p.remittance for p in rows),
            bank_reference=tuple(p.bank_reference for p in rows),
            customer_id=tuple(p.customer_id for p in rows),
            payer_account=tuple(p.payer_account for p in rows),
        )
    else:
        kind = "payments"
        ids = tuple(_text(v) for v in _column(columns, "id", kind, None))
        size = len(ids)
        amount = _units(_column(columns, "amount", kind, size), kind, "amount")
        for index in np.flatnonzero(amount <= 0).tolist()[:1]:
            raise ValidationError(
                f"payments.amount[{index}]", int(amount[index]), "a positive amount"
            )
        received = _days(_raw(columns, "received_date", kind, size), kind, "received_date")
        value_dates = _optional(columns, "value_date", kind, size)
        effective = received.copy()
        for index, value in enumerate(value_dates):
            if _maybe(value) is not None or isinstance(value, (dt.date, np.datetime64)):
                effective[index] = _days([value], kind, "value_date")[0]
        table = PaymentTable(
            ids=ids,
            amount=amount,
            currency=_currencies(_column(columns, "currency", kind, size), kind),
            received=received,
            effective=effective,
            payer_name=tuple(_text(v) for v in _optional(columns, "payer_name", kind, size)),
            remittance=tuple(_text(v) for v in _optional(columns, "remittance", kind, size)),
            bank_reference=tuple(
                _text(v) for v in _optional(columns, "bank_reference", kind, size)
            ),
            customer_id=tuple(_maybe(v) for v in _optional(columns, "customer_id", kind, size)),
            payer_account=tuple(_maybe(v) for v in _optional(columns, "payer_account", kind, size)),
        )
    _unique(table.ids, "payment")
    return table


def item_table(open_items: Any) -> ItemTable:
    """Open items (Invoices, OpenItems, columns or a DataFrame) as an :class:`ItemTable`.

    Invoices count as wholly open; OpenItems with nothing positive open are left out.

    >>> item_table({"number": ["INV-1"], "customer_id": ["C1"], "open": [5000],
    ...             "currency": ["USD"], "due_date": ["2026-03-31"]}).open.tolist()
    [5000]
    """
    if isinstance(open_items, ItemTable):
        return open_items
    columns = _columns(open_items, "open_items")
    tiers: dict[int, tuple[tuple[int, int], ...]] = {}
    if columns is None:
        rows: list[Invoice | OpenItem] = []
        for index, item in enumerate(open_items):
            if isinstance(item, Invoice):
                rows.append(item)
            elif isinstance(item, OpenItem):
                if item.open.amount > 0:
                    rows.append(item)
            else:
                raise ValidationError(f"open_items[{index}]", item, "an Invoice or an OpenItem")
        number, customer, currency, reference = [], [], [], []
        open_units, original, document, due, discount, until = [], [], [], [], [], []
        for row in rows:
            number.append(row.number)
            customer.append(row.customer_id)
            currency.append(row.currency)
            reference.append(row.reference)
            due.append(day_number(row.due_date))
            first_units, first_until = 0, _NO_DAY
            if isinstance(row, Invoice):
                open_units.append(to_minor(row.amount))
                original.append(to_minor(row.amount))
                document.append(day_number(row.issue_date))
                if row.discounts:
                    levels = tuple((day_number(d.until), to_minor(d.amount)) for d in row.discounts)
                    first_until, first_units = levels[0]
                    if len(levels) > 1:
                        tiers[len(number) - 1] = levels
            else:
                open_units.append(to_minor(row.open))
                original.append(to_minor(row.original))
                document.append(day_number(row.document_date))
            discount.append(first_units)
            until.append(first_until)
        table = ItemTable(
            number=tuple(number),
            customer_id=tuple(customer),
            open=np.asarray(open_units, dtype=np.int64),
            original=np.asarray(original, dtype=np.int64),
            currency=tuple(currency),
            document=np.asarray(document, dtype=np.int64),
            due=np.asarray(due, dtype=np.int64),
            reference=tuple(reference),
            discount=np.asarray(discount, dtype=np.int64),
            discount_until=np.asarray(until, dtype=np.int64),
            tiers=tiers,
        )
    else:
        kind = "open_items"
        numbers = tuple(_text(v) for v in _column(columns, "number", kind, None))
        size = len(numbers)
        open_name = "open" if "open" in columns else "amount"
        open_units_array = _units(_column(columns, open_name, kind, size), kind, open_name)
        original_array = (
            _units(_column(columns, "original", kind, size), kind, "original")
            if "original" in columns
            else open_units_array.copy()
        )
        due_array = _days(_raw(columns, "due_date", kind, size), kind, "due_date")
        document_name = "document_date" if "document_date" in columns else "issue_date"
        document_array = (
            _days(_raw(columns, document_name, kind, size), kind, document_name)
            if document_name in columns
            else np.full(size, _NO_DAY, dtype=np.int64)  # not known: no day
        )
        discount_array = (
            _units(_column(columns, "discount", kind, size), kind, "discount")
            if "discount" in columns
            else np.zeros(size, dtype=np.int64)
        )
        until_array = np.full(size, _NO_DAY, dtype=np.int64)
        if "discount_until" not in columns and (discount_array > 0).any():
            raise ValidationError(
                f"{kind}.discount_until", None, "a 'discount_until' column beside 'discount'"
            )
        if "discount_until" in columns:
            raw = _raw(columns, "discount_until", kind, size)
            wanted = np.flatnonzero(discount_array > 0)
            if wanted.size:
                picked_days: Any = (
                    raw[wanted]
                    if isinstance(raw, np.ndarray)
                    else [raw[i] for i in wanted.tolist()]
                )
                until_array[wanted] = _days(picked_days, kind, "discount_until")
        keep = open_units_array > 0
        picked = np.flatnonzero(keep).tolist()
        customers = [_text(v) for v in _column(columns, "customer_id", kind, size)]
        currencies = _currencies(_column(columns, "currency", kind, size), kind)
        references = [_maybe(v) for v in _optional(columns, "reference", kind, size)]
        table = ItemTable(
            number=tuple(numbers[i] for i in picked),
            customer_id=tuple(customers[i] for i in picked),
            open=open_units_array[keep],
            original=original_array[keep],
            currency=tuple(currencies[i] for i in picked),
            document=document_array[keep],
            due=due_array[keep],
            reference=tuple(references[i] for i in picked),
            discount=discount_array[keep],
            discount_until=until_array[keep],
        )
    seen: set[str] = set()
    for index, label in enumerate(table.number):
        if not label or not table.customer_id[index]:
            raise ValidationError(
                f"open_items[{index}]", label, "a non-empty number and customer_id"
            )
        if label in seen:
            raise DuplicateDocumentError("open item", label)
        seen.add(label)
    return table


def _strings(value: object) -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and value != value):
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(";") if v.strip())
    if isinstance(value, Iterable):
        return tuple(str(v) for v in value if str(v).strip())
    return (str(value),)


def customer_table(customers: Any) -> CustomerTable:
    """Customers (objects, columns or a DataFrame) as a :class:`CustomerTable`.

    >>> customer_table({"id": ["C1"], "name": ["Acme Inc"],
    ...                 "bank_accounts": ["ES12 3456; ES99"]}).bank_accounts
    (('ES12 3456', 'ES99'),)
    """
    if isinstance(customers, CustomerTable):
        return customers
    if customers is None:
        return CustomerTable(ids=(), names=(), aliases=(), bank_accounts=())
    columns = _columns(customers, "customers")
    if columns is None:
        rows = list(customers)
        for index, row in enumerate(rows):
            if not isinstance(row, Customer):
                raise ValidationError(f"customers[{index}]", row, "a receivables Customer")
        table = CustomerTable(
            ids=tuple(c.id for c in rows),
            names=tuple(c.name for c in rows),
            aliases=tuple(c.aliases for c in rows),
            bank_accounts=tuple(c.bank_accounts for c in rows),
        )
    else:
        kind = "customers"
        ids = tuple(_text(v) for v in _column(columns, "id", kind, None))
        size = len(ids)
        table = CustomerTable(
            ids=ids,
            names=tuple(_text(v) for v in _column(columns, "name", kind, size)),
            aliases=tuple(_strings(v) for v in _optional(columns, "aliases", kind, size)),
            bank_accounts=tuple(
                _strings(v) for v in _optional(columns, "bank_accounts", kind, size)
            ),
        )
    _unique(table.ids, "customer")
    return table


def minor_to_decimal(units: int, currency: str) -> Decimal:
    """Minor units as a Decimal amount of ``currency`` (for messages and reason data).

    >>> minor_to_decimal(12345, "USD")
    Decimal('123.45')
    """
    return Decimal(units).scaleb(-currency_digits(currency))
