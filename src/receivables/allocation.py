"""Which open items does this amount pay, and how much of each?

Allocation strategies are pure functions ``(amount, items) -> ((number, amount), ...)``
that :meth:`receivables.ledger.Ledger.allocate` (and any host) can use:

- :func:`oldest_due_first`: the most overdue first (due date, then document
  date, then number), the default of most ERPs (Odoo's and ERPNext's
  "oldest first" reconciliation);
- :func:`by_reference`: the items the payer named first, in the order named,
  then oldest due first;
- :func:`pro_rata`: in proportion to each item's open amount, by the largest
  remainder method, never more than an item has open.

Each takes only items that are owed (positive open amounts) in the amount's
currency, never allocates more than an item has open, and never more than the
amount; what cannot be placed is simply not allocated.

>>> from receivables.ledger import ItemKind, OpenItem
>>> from receivables.money import money
>>> def item(number, due, amount):
...     return OpenItem(number=number, customer_id="C1", kind=ItemKind.INVOICE,
...                     document_date=dt.date(2026, 1, 1), due_date=due,
...                     original=money(amount, "USD"), open=money(amount, "USD"))
>>> items = [item("B", dt.date(2026, 2, 1), "50.00"), item("A", dt.date(2026, 1, 15), "30.00")]
>>> oldest_due_first(money("60.00", "USD"), items)
(('A', Money('30.00', 'USD')), ('B', Money('30.00', 'USD')))
>>> pro_rata(money("40.00", "USD"), items)
(('A', Money('15.00', 'USD')), ('B', Money('25.00', 'USD')))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import moneyed

from receivables.errors import ValidationError
from receivables.ledger import OpenItem
from receivables.money import Money, allocate, from_minor, to_minor

__all__ = ["by_reference", "oldest_due_first", "pro_rata"]

Allocation = tuple[tuple[str, Money], ...]


def _payable(amount: Money, items: Sequence[OpenItem]) -> list[OpenItem]:
    if not isinstance(amount, moneyed.Money):
        raise ValidationError("amount", amount, "a Money amount to allocate")
    if amount.amount < 0:
        raise ValidationError("amount", amount, "an amount of zero or more to allocate")
    for index, item in enumerate(items):
        if not isinstance(item, OpenItem):
            raise ValidationError(f"items[{index}]", item, "an OpenItem")
    return [item for item in items if item.open.amount > 0 and item.currency == amount.code]


def _oldest_key(item: OpenItem) -> tuple[dt.date, dt.date, str]:
    return (item.due_date, item.document_date, item.number)


def _in_order(amount: Money, ordered: Sequence[OpenItem]) -> Allocation:
    left = to_minor(amount)
    parts: list[tuple[str, Money]] = []
    for item in ordered:
        if left <= 0:
            break
        take = min(left, to_minor(item.open))
        parts.append((item.number, from_minor(take, amount.code)))
        left -= take
    return tuple(parts)


def oldest_due_first(amount: Money, items: Sequence[OpenItem]) -> Allocation:
    """Pay the items by due date, oldest first (ties: document date, then number).

    >>> from receivables.ledger import ItemKind, OpenItem
    >>> from receivables.money import money
    >>> items = [OpenItem(number=n, customer_id="C1", kind=ItemKind.INVOICE,
    ...          document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 2, 1),
    ...          original=money("10.00", "EUR"), open=money("10.00", "EUR")) for n in ("F-2", "F-1")]
    >>> oldest_due_first(money("12.00", "EUR"), items)
    (('F-1', Money('10.00', 'EUR')), ('F-2', Money('2.00', 'EUR')))
    """
    return _in_order(amount, sorted(_payable(amount, items), key=_oldest_key))


def by_reference(amount: Money, items: Sequence[OpenItem], references: Sequence[str]) -> Allocation:
    """Pay the items named in ``references`` first, in that order, then oldest due first.

    >>> from receivables.ledger import ItemKind, OpenItem
    >>> from receivables.money import money
    >>> items = [OpenItem(number=n, customer_id="C1", kind=ItemKind.INVOICE,
    ...          document_date=dt.date(2026, 1, d), due_date=dt.date(2026, 2, d),
    ...          original=money("10.00", "EUR"), open=money("10.00", "EUR")) for n, d in
    ...          (("F-1", 1), ("F-2", 2), ("F-3", 3))]
    >>> by_reference(money("15.00", "EUR"), items, ["F-3"])
    (('F-3', Money('10.00', 'EUR')), ('F-1', Money('5.00', 'EUR')))
    """
    payable = _payable(amount, items)
    expected = "a sequence of document numbers (str)"
    if isinstance(references, str):
        raise ValidationError("references", references, expected)
    try:
        named = tuple(references)
    except TypeError:
        raise ValidationError("references", references, expected) from None
    if not all(isinstance(reference, str) for reference in named):
        raise ValidationError("references", references, expected)
    rank: dict[str, int] = {}
    for position, reference in enumerate(named):
        rank.setdefault(reference, position)  # named twice: the first mention counts
    first = sorted((i for i in payable if i.number in rank), key=lambda i: rank[i.number])
    rest = sorted((i for i in payable if i.number not in rank), key=_oldest_key)
    return _in_order(amount, [*first, *rest])


def pro_rata(amount: Money, items: Sequence[OpenItem]) -> Allocation:
    """Spread ``amount`` over the items in proportion to their open amounts.

    The parts sum exactly to ``amount`` (largest remainder) unless it exceeds
    what is open, in which case every item is paid in full.

    >>> from receivables.ledger import ItemKind, OpenItem
    >>> from receivables.money import money
    >>> def owed(number, amount):
    ...     return OpenItem(number=number, customer_id="C1", kind=ItemKind.INVOICE,
    ...                     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 2, 1),
    ...                     original=money(amount, "EUR"), open=money(amount, "EUR"))
    >>> items = [owed("F-1", "10.00"), owed("F-2", "10.00"), owed("F-3", "10.00")]
    >>> pro_rata(money("10.00", "EUR"), items)
    (('F-1', Money('3.34', 'EUR')), ('F-2', Money('3.33', 'EUR')), ('F-3', Money('3.33', 'EUR')))
    >>> pro_rata(money("50.00", "EUR"), items)[-1]
    ('F-3', Money('10.00', 'EUR'))
    """
    payable = sorted(_payable(amount, items), key=_oldest_key)
    if not payable:
        return ()
    open_units = sum(to_minor(i.open) for i in payable)
    if to_minor(amount) >= open_units:
        return tuple((i.number, i.open) for i in payable)
    parts = allocate(amount, [i.open for i in payable])
    return tuple((i.number, part) for i, part in zip(payable, parts, strict=True))
