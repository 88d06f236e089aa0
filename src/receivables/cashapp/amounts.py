"""Which of the customer's open invoices add up to this payment?

A payment without a usable reference is matched on its amount alone: find
the sets of at most ``max_items`` open items (about five, as practitioners
report) whose open amounts sum to the payment, within a window
``[target - below, target + above]``. Amounts are integer minor units, so
"sums to" is exact.

The search is *meet in the middle* (Horowitz and Sahni, 1974): split the
items in two halves, enumerate each half's subsets of at most ``max_items``
as numpy sums, sort one side, and find for every subset of the other side
the partners that land in the window with a binary search. A reachability
pre-check (the window lies above the largest possible sum or below the
smallest item) skips hopeless searches, and ``max_work`` bounds the subsets
enumerated per payment (``max_items`` shrinks until the bound holds; the
result says the search was then incomplete).

The search is hand-written because no maintained library offers a bounded
subset-sum *enumeration* on integers (``itertools`` gives combinations, not
a bounded meet in the middle); numpy does the arithmetic.

>>> found = subsets_summing_to([10000, 2550, 7450, 3000], 10000)
>>> found.subsets, found.totals, found.complete
(((0,), (1, 2)), (10000, 10000), True)
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from math import comb

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["SubsetSearch", "subsets_summing_to"]

IntArray = npt.NDArray[np.int64]


@attrs.frozen
class SubsetSearch:
    """The subsets found (positions, ascending), their totals, and whether the search was whole.

    Subsets are ordered by size, then distance of the total from the target,
    then positions, so callers that list positions oldest first get
    "fewest, closest, oldest" first.

    >>> SubsetSearch((), (), True).subsets
    ()
    """

    subsets: tuple[tuple[int, ...], ...]
    totals: tuple[int, ...]
    complete: bool


@functools.lru_cache(maxsize=256)
def _table(size: int, max_items: int) -> IntArray:
    """Rows of positions (padded with ``size``) of every subset of ``range(size)`` up to ``max_items``."""
    rows: list[tuple[int, ...]] = []
    width = max(min(max_items, size), 1)
    for count in range(min(max_items, size) + 1):
        for combo in itertools.combinations(range(size), count):
            rows.append(combo + (size,) * (width - count))
    return np.asarray(rows, dtype=np.int64).reshape(len(rows), width)


@functools.lru_cache(maxsize=1024)
def _subset_count(size: int, max_items: int) -> int:
    return sum(comb(size, count) for count in range(min(max_items, size) + 1))


def subsets_summing_to(
    amounts: Sequence[int] | IntArray,
    target: int,
    *,
    below: int = 0,
    above: int = 0,
    max_items: int = 5,
    max_work: int = 200_000,
    limit: int = 20,
) -> SubsetSearch:
    """Subsets of at most ``max_items`` positive ``amounts`` summing into ``[target - below, target + above]``.

    At most ``limit`` subsets are returned; ``complete`` is false when the
    work bound shrank the search or more than ``limit`` were found.

    >>> subsets_summing_to([500, 300, 200], 800, max_items=2).subsets
    ((0, 1),)
    >>> subsets_summing_to([500, 300, 200], 790, above=10).totals
    (800,)
    >>> subsets_summing_to([500, 300], 5000).subsets
    ()
    """
    values = np.asarray(amounts, dtype=np.int64)
    count = int(values.shape[0])
    low, high = target - below, target + above
    if count == 0 or max_items < 1 or high <= 0:
        return SubsetSearch((), (), True)
    # Reachability pre-check: the window must meet [smallest item, largest k-sum].
    ordered = np.sort(values)
    if low > int(ordered[-max_items:].sum()) or high < int(ordered[0]):
        return SubsetSearch((), (), True)
    complete = True
    half = count // 2
    items = max_items
    while items > 1 and (
        _subset_count(half, items) + _subset_count(count - half, items) > max_work
    ):
        items -= 1
        complete = False
    left_table = _table(half, items)
    right_table = _table(count - half, items)
    left_values = np.append(values[:half], 0)
    right_values = np.append(values[half:], 0)
    left_sums = left_values[left_table].sum(axis=1)
    right_sums = right_values[right_table].sum(axis=1)
    left_sizes = (left_table != half).sum(axis=1)
    right_sizes = (right_table != count - half).sum(axis=1)
    order = np.argsort(right_sums, kind="stable")
    right_sorted = right_sums[order]
    starts = np.searchsorted(right_sorted, low - left_sums, side="left")
    ends = np.searchsorted(right_sorted, high - left_sums, side="right")
    counts = ends - starts
    total_pairs = int(counts.sum())
    if total_pairs == 0:
        return SubsetSearch((), (), complete)
    cap = max(limit * 50, 1000)
    if total_pairs > cap:
        complete = False
        keep = np.cumsum(counts) <= cap
        keep[0] = True
        counts = np.where(keep, counts, 0)
        total_pairs = int(counts.sum())
    left_index = np.repeat(np.arange(left_sums.shape[0]), counts)
    offsets = np.arange(total_pairs) - np.repeat(np.cumsum(counts) - counts, counts)
    right_index = order[np.repeat(starts, counts) + offsets]
    sizes = left_sizes[left_index] + right_sizes[right_index]
    valid = (sizes >= 1) & (sizes <= items)
    left_index, right_index, sizes = left_index[valid], right_index[valid], sizes[valid]
    totals = left_sums[left_index] + right_sums[right_index]
    found: list[tuple[tuple[int, ...], int]] = []
    for a, b, subtotal in zip(
        left_index.tolist(), right_index.tolist(), totals.tolist(), strict=True
    ):
        positions = [p for p in left_table[a].tolist() if p != half]
        positions += [half + p for p in right_table[b].tolist() if p != count - half]
        found.append((tuple(positions), int(subtotal)))
    found.sort(key=lambda f: (len(f[0]), abs(f[1] - target), f[0]))
    if len(found) > limit:
        complete = False
        found = found[:limit]
    return SubsetSearch(tuple(f[0] for f in found), tuple(f[1] for f in found), complete)
