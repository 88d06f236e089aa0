"""Which of their lines is which of ours?

Greedy and deterministic, over lines in :func:`~receivables.reconciliation.lines.sort_key`
order: first by document key, then by an unambiguous short form, then by
exact amount and a date within the policy's window; a match always joins two
lines of the same sign.

>>> import datetime as dt
>>> from receivables.money import money
>>> ours = [AccountLine(document="FV-0005230", date=dt.date(2026, 6, 1), amount=money("9", "USD"))]
>>> theirs = [AccountLine(document="5230", date=dt.date(2026, 6, 2), amount=money("9", "USD"))]
>>> pairs(ours, theirs, ReconciliationPolicy())
[(0, 0, <MatchKind.DOCUMENT: 'document'>)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from receivables.money import to_minor
from receivables.reconciliation.lines import AccountLine
from receivables.reconciliation.policy import ReconciliationPolicy
from receivables.reconciliation.statement import MatchKind

__all__ = ["pairs"]


def _closest(
    line: AccountLine, candidates: Iterable[int], ours: Sequence[AccountLine]
) -> int | None:
    best = None
    best_key: tuple[int, int, int] | None = None
    for index in candidates:
        other = ours[index]
        key = (
            abs(to_minor(other.amount) - to_minor(line.amount)),
            abs((other.date - line.date).days),
            index,
        )
        if best_key is None or key < best_key:
            best, best_key = index, key
    return best


def pairs(
    ours: Sequence[AccountLine], theirs: Sequence[AccountLine], policy: ReconciliationPolicy
) -> list[tuple[int, int, MatchKind]]:
    """Greedy, in sorted order: by key, then unambiguous short form, then amount and date."""
    free = set(range(len(ours)))
    pairs: list[tuple[int, int, MatchKind]] = []
    done: set[int] = set()
    by_key: dict[tuple[str, bool], list[int]] = {}
    for index, line in enumerate(ours):
        by_key.setdefault((line.key, line.amount.amount > 0), []).append(index)
    for t, line in enumerate(theirs):
        if not line.key:
            continue
        candidates = [o for o in by_key.get((line.key, line.amount.amount > 0), []) if o in free]
        chosen = _closest(line, candidates, ours)
        if chosen is not None:
            free.discard(chosen)
            done.add(t)
            pairs.append((chosen, t, MatchKind.DOCUMENT))
    shortest = max(policy.short_form_length, 1)
    for t, line in enumerate(theirs):
        if t in done or len(line.key) < shortest:
            continue
        sign = line.amount.amount > 0
        candidates = [
            o
            for o in sorted(free)
            if (ours[o].amount.amount > 0) == sign
            and len(ours[o].key) >= shortest
            and ours[o].key != line.key
            and (ours[o].key.endswith(line.key) or line.key.endswith(ours[o].key))
        ]
        if len({ours[o].key for o in candidates}) == 1:
            chosen = _closest(line, candidates, ours)
            if chosen is not None:
                free.discard(chosen)
                done.add(t)
                pairs.append((chosen, t, MatchKind.SHORT_FORM))
    if policy.match_by_amount:
        window = policy.date_tolerance_days
        for t, line in enumerate(theirs):
            if t in done:
                continue
            candidates = [
                o
                for o in sorted(free)
                if ours[o].amount == line.amount and abs((ours[o].date - line.date).days) <= window
            ]
            chosen = _closest(line, candidates, ours)
            if chosen is not None:
                free.discard(chosen)
                done.add(t)
                pairs.append((chosen, t, MatchKind.AMOUNT_AND_DATE))
    return pairs
