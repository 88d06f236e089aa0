"""Which items are still open, under which keys, and for whom?

One index per run over the open items: the rows of each customer in the
order a person pays them (due date, document date, number), every item under
its reference keys (:func:`~receivables.cashapp.references.reference_key` of
its number and of its own reference, and the digits of its number), and the
amount left open per item as payments are applied (integer minor units).
Items issued after ``as_of`` do not exist yet for the run and are left out.

>>> from receivables.cashapp.columns import item_table
>>> index = OpenItems(item_table({"number": ["INV-7", "INV-8"], "customer_id": ["C1", "C1"],
...     "open": [500, 700], "currency": ["USD", "USD"],
...     "due_date": ["2026-03-31", "2026-02-28"]}), 20_600)
>>> [index.items.number[r] for r in index.open_rows("C1", "USD")]
['INV-8', 'INV-7']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from receivables.cashapp.columns import ItemTable
from receivables.cashapp.decision import DifferenceAction, DraftLine
from receivables.cashapp.references import Reference, digits_key, exact_key, reference_key
from receivables.errors import OverApplicationError

__all__ = ["OpenItems"]

_SHORT_FORM = re.compile(r"^[A-Z]{1,4}([0-9]+)$")


class OpenItems:
    """The open items of one run, indexed by customer and by reference key, with what is left.

    >>> from receivables.cashapp.columns import item_table
    >>> index = OpenItems(item_table({"number": ["INV-7"], "customer_id": ["C1"], "open": [500],
    ...     "currency": ["USD"], "due_date": ["2026-03-31"]}), 20_600)
    >>> index.remaining.tolist(), index.index["7"]
    ([500], [0])
    """

    def __init__(self, items: ItemTable, as_of_day: int) -> None:
        self.items = items
        self.remaining: npt.NDArray[np.int64] = items.open.copy()
        # Items in canonical order: customer, due date, document date, number. An
        # item issued after as_of does not exist yet for this run and is left out.
        order = sorted(
            (r for r in range(len(items)) if int(items.document[r]) <= as_of_day),
            key=lambda r: (
                items.customer_id[r],
                int(items.due[r]),
                int(items.document[r]),
                items.number[r],
            ),
        )
        count = len(order)
        self.by_customer: dict[str, npt.NDArray[np.int64]] = {}
        start = 0
        for position in range(1, count + 1):
            if (
                position == count
                or items.customer_id[order[position]] != items.customer_id[order[start]]
            ):
                customer = items.customer_id[order[start]]
                self.by_customer[customer] = np.asarray(order[start:position], dtype=np.int64)
                start = position
        self.keys: list[str] = [reference_key(n) for n in items.number]
        self.reference_keys: list[str] = [reference_key(r) if r else "" for r in items.reference]
        self.digit_keys: list[str] = [digits_key(n) for n in items.number]
        index: dict[str, list[int]] = {}
        for row in order:
            for key in (self.keys[row], self.reference_keys[row], self.digit_keys[row]):
                if key:
                    bucket = index.setdefault(key, [])
                    if row not in bucket:
                        bucket.append(row)
        self.index = index
        # Numbers as written in full: an exact "INV-00003" names its item even though
        # its reference key "3" is shorter than the policy's shortest.
        exact: dict[str, list[int]] = {}
        for row in order:
            exact.setdefault(exact_key(items.number[row]), []).append(row)
        self.exact = exact
        self.currency_codes = sorted(set(items.currency))
        code_of = {c: i for i, c in enumerate(self.currency_codes)}
        self.item_currency = np.asarray([code_of[c] for c in items.currency], dtype=np.int64)
        self.code_of = code_of

    # --- references ----------------------------------------------------------------

    def hits(
        self, references: tuple[Reference, ...], shortest: int = 3
    ) -> list[tuple[int, str, str]]:
        """(row, how, token) for every reference naming an item, across the portfolio.

        ``how`` is ``exact`` (the key, normalised), ``creditor`` (an RF
        reference), ``short`` (a letter prefix and the number without its
        zeros: ``F5230`` for ``FV-0005230``) or ``part`` (one number of a
        compound token); keys shorter than ``shortest`` are looked up only
        as the item's full number written exactly (``INV-00003``).

        >>> from receivables.cashapp.columns import item_table
        >>> from receivables.cashapp.references import extract_references
        >>> index = OpenItems(item_table({"number": ["FV-0005230"], "customer_id": ["C1"],
        ...     "open": [100], "currency": ["USD"], "due_date": ["2026-03-31"]}), 20_600)
        >>> index.hits(extract_references("F5230 y FV-0005230"))
        [(0, 'short', 'F5230'), (0, 'exact', 'FV-0005230')]
        """
        found: list[tuple[int, str, str]] = []
        skip = False
        for position, reference in enumerate(references):
            if skip:
                skip = False
                continue
            if reference.joined:
                rows = self.index.get(reference.joined)
                if rows:
                    text = f"{reference.text} {reference.partner}"
                    found.extend((row, "exact", text) for row in rows)
                    following = references[position + 1] if position + 1 < len(references) else None
                    skip = following is not None and following.text == reference.partner
                    continue
            if len(reference.key) >= shortest:
                rows = self.index.get(reference.key)
            else:
                rows = self.exact.get(exact_key(reference.text))
            if rows:
                how = "creditor" if reference.creditor else "exact"
                found.extend((row, how, reference.text) for row in rows)
                continue
            short = _SHORT_FORM.match(reference.key)
            if short is not None and len(short.group(1)) >= shortest:
                # "F5230" for FV-0005230: a letter or two and the number without zeros.
                rows = self.index.get(short.group(1).lstrip("0"))
                if rows:
                    found.extend((row, "short", reference.text) for row in rows)
                    continue
            for part in reference.parts:
                for row in self.index.get(part, ()):
                    found.append((row, "part", reference.text))
        return found

    def open_rows(self, customer: str, currency: str) -> list[int]:
        """The rows of ``customer`` still open in ``currency``, oldest due first."""
        rows = self.by_customer.get(customer)
        code = self.code_of.get(currency)
        if rows is None or code is None:
            return []
        keep = (self.remaining[rows] > 0) & (self.item_currency[rows] == code)
        return [int(r) for r in rows[keep].tolist()]

    def commit(self, lines: Sequence[DraftLine], action: DifferenceAction) -> None:
        """Take applied ``lines`` off the open amounts, all or none.

        Written off, bank-fee and FX differences clear the item with the cash;
        a line that would clear more than is open raises
        :class:`~receivables.errors.OverApplicationError` and nothing changes.
        """
        settles = action in (
            DifferenceAction.WRITE_OFF,
            DifferenceAction.BANK_FEE,
            DifferenceAction.FX_DIFFERENCE,
        )
        cleared = [
            line.amount + line.discount + (max(line.difference, 0) if settles else 0)
            for line in lines
        ]
        wanted: dict[int, int] = {}
        for line, amount in zip(lines, cleared, strict=True):
            wanted[line.row] = wanted.get(line.row, 0) + amount
        for row, amount in wanted.items():
            if amount > self.remaining[row]:
                raise OverApplicationError(self.items.number[row], amount, int(self.remaining[row]))
        for row, amount in wanted.items():
            self.remaining[row] -= amount
