"""Without a usable reference, which of the customer's open items does the amount pay?

Sets that make the payment exactly come first, gross or net of earned
early-payment discounts (single items among all the customer's open items,
sets of up to ``max_items`` among the oldest ``max_search_items``, with the
bounded search of :mod:`receivables.cashapp.amounts`); then sets within the
tolerances, narrowest window first; then everything the customer has open,
or a partial payment oldest first, proposed. Only one set, found by a whole
search, is ever applied: two invoices of the same amount are for a person.

>>> import datetime as dt
>>> from receivables.cashapp import match
>>> result = match({"id": ["P1"], "amount": [5000], "currency": ["USD"],
...                 "received_date": ["2026-03-02"], "customer_id": ["C1"]},
...                {"number": ["A-1", "A-2", "A-3"], "customer_id": ["C1"] * 3,
...                 "open": [2000, 3000, 4000], "currency": ["USD"] * 3,
...                 "due_date": ["2026-02-01"] * 3}, as_of=dt.date(2026, 3, 2))
>>> [line.item for line in result.decisions[0].lines], result.decisions[0].reasons[1].code
(['A-1', 'A-2'], 'amount_unique')
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from receivables.cashapp.amounts import subsets_summing_to
from receivables.cashapp.decision import Draft, clue
from receivables.cashapp.openitems import OpenItems
from receivables.cashapp.policy import MatchPolicy
from receivables.cashapp.settling import Context, finish, partial, score, settle

__all__ = ["by_amount", "choose_set", "suggested_items"]


def by_amount(ctx: Context, same: npt.NDArray[np.int64]) -> Draft:
    """No usable reference: the amount alone, exact first, then within the tolerances."""
    policy, items = ctx.policy, ctx.open.items
    every = same.tolist()
    rows = every[: policy.max_search_items]
    truncated = len(every) > len(rows)
    ages = {r: 1.0 - i / max(len(every), 1) for i, r in enumerate(every)}
    values = ctx.open.remaining[rows]
    every_values = ctx.open.remaining[same]
    target = ctx.target

    def earned(candidates: list[int]) -> np.ndarray:
        chosen = np.asarray(candidates, dtype=np.int64)
        untouched = ctx.open.remaining[chosen] == items.original[chosen]
        units = np.where(
            untouched & (items.discount_until[chosen] >= ctx.pay_day),
            items.discount[chosen],
            0,
        )
        if items.tiers:
            for position, row in enumerate(candidates):
                if row in items.tiers:
                    units[position] = (
                        items.discount_units(row, ctx.pay_day) if untouched[position] else 0
                    )
        return units

    # Stage 1: sets that make the payment exactly, gross or net of earned discounts.
    # Single items are checked among all the customer's items, sets among the oldest.
    found = subsets_summing_to(
        values, target, max_items=policy.max_items, max_work=policy.max_work, limit=20
    )
    complete = found.complete
    sets: dict[tuple[int, ...], int] = {
        tuple(rows[i] for i in subset): total
        for subset, total in zip(found.subsets, found.totals, strict=True)
    }
    for i in np.flatnonzero(every_values == target).tolist():
        sets[(every[i],)] = target
    discounts = earned(rows)
    if discounts.any():
        net = subsets_summing_to(
            values - discounts,
            target,
            max_items=policy.max_items,
            max_work=policy.max_work,
            limit=20,
        )
        complete = complete and net.complete
        for subset in net.subsets:
            if any(discounts[i] for i in subset):
                sets[tuple(rows[i] for i in subset)] = int(values[list(subset)].sum())
    if truncated:
        every_discounts = earned(every)
        for i in np.flatnonzero(
            (every_discounts > 0) & (every_values - every_discounts == target)
        ).tolist():
            sets[(every[i],)] = int(every_values[i])
    if sets:
        only = next(iter(sets))
        unique = len(sets) == 1 and complete and (not truncated or len(only) == 1)
        return choose_set(ctx, sets, ages, unique, exact=True)
    # Stage 2: within the tolerances, narrowest window first; the fewest items decide.
    below = policy.overpayment_units(target, ctx.digits)
    windows = [policy.write_off_units(target, ctx.digits)]
    windows.append(
        max(policy.bank_fee_units(ctx.digits), policy.deduction_units(target, ctx.digits))
    )
    if ctx.fx:
        below = max(below, policy.fx_units(target))
        windows = [max(w, policy.fx_units(target)) for w in windows]
    tried: set[tuple[int, int]] = set()
    for above in windows:
        if (below, above) in tried or (below == 0 and above == 0):
            continue
        tried.add((below, above))
        found = subsets_summing_to(
            values,
            target,
            below=below,
            above=above,
            max_items=policy.max_items,
            max_work=policy.max_work,
            limit=20,
        )
        window_sets = {
            tuple(rows[i] for i in subset): total
            for subset, total in zip(found.subsets, found.totals, strict=True)
        }
        inside = (every_values >= target - below) & (every_values <= target + above)
        for i in np.flatnonzero(inside).tolist():
            window_sets[(every[i],)] = int(every_values[i])
        if not window_sets:
            continue
        # Within a tolerance, sums of several items meet by chance too often to be
        # trusted without a reference: only one single item in the narrowest
        # (write-off) window is applied; anything else is proposed.
        singles = [chosen for chosen in window_sets if len(chosen) == 1]
        unique = above == windows[0] and len(singles) == 1
        order = np.argsort(np.abs(every_values - target), kind="stable")[:3].tolist()
        near = [(every[i], int(every_values[i])) for i in order]
        return choose_set(ctx, window_sets, ages, unique, exact=False, nearest=near)
    total_open = int(every_values.sum())
    if target > total_open:
        lines, action, _, extra, fit = settle(ctx, every, set())
        extra.insert(
            0, clue("all_items_paid", "The payment covers everything the customer has open.")
        )
        return finish(ctx, lines, action, extra, ctx.confidence * 0.9 * fit, True, ())
    lines, action, _, extra, _ = partial(ctx, rows, set())
    extra.insert(
        0,
        clue(
            "no_amount_match",
            "No set of open items matches the amount; oldest first is proposed.",
        ),
    )
    # A partial payment or an overpayment of one item is the likeliest story:
    # the items nearest in amount come first, then the oldest-first allocation.
    distance = np.abs(every_values - target)
    nearest = np.argsort(distance, kind="stable")[: max(ctx.policy.max_alternatives - 1, 1)]
    alternatives = (
        *tuple(
            (
                (every[i],),
                int(every_values[i]),
                round(0.5 * (1.0 - min(1.0, int(distance[i]) / max(target, 1))), 4),
                ctx.customer,
            )
            for i in nearest.tolist()
        ),
        (tuple(line.row for line in lines), target, 0.25, ctx.customer),
    )
    return finish(ctx, lines, action, extra, ctx.confidence * 0.5, False, alternatives)


def choose_set(
    ctx: Context,
    sets: Mapping[tuple[int, ...], int],
    ages: Mapping[int, float],
    unique: bool,
    *,
    exact: bool,
    nearest: Sequence[tuple[int, int]] = (),
) -> Draft:
    """Settle the best of the candidate ``sets``; apply it only if it is the only one.

    ``nearest`` (row, open) are single items nearest in amount, interleaved
    with the sets among the alternatives when none of the sets is a single
    item: a partial payment or an overpayment of one invoice is as likely a
    story as a chance sum of several.
    """
    target = ctx.target
    ranked = sorted(
        sets.items(),
        key=lambda kv: (
            len(kv[0]),
            abs(kv[1] - target),
            -sum(ages[r] for r in kv[0]) / len(kv[0]),
            kv[0],
        ),
    )
    listed = ranked
    if nearest and all(len(chosen) > 1 for chosen, _ in ranked):
        singles = [((row,), total) for row, total in nearest if (row,) not in sets]
        listed = [
            candidate
            for pair in itertools.zip_longest(ranked, singles)
            for candidate in pair
            if candidate is not None
        ]
    alternatives = tuple(
        (chosen, total, score(ctx, chosen, total, set(), ages), ctx.customer)
        for chosen, total in listed[: ctx.policy.max_alternatives]
    )
    best = list(ranked[0][0])
    best.sort(key=lambda r: (int(ctx.open.items.due[r]), ctx.open.items.number[r]))
    lines, action, _, extra, fit = settle(ctx, best, set())
    names = [ctx.open.items.number[r] for r in best]
    if unique:
        extra.insert(
            0,
            clue(
                "amount_unique" if exact else "amount_unique_within_tolerance",
                "Exactly one set of open items matches the amount"
                + ("." if exact else ", within the tolerance."),
                items=names,
            ),
        )
        factor = (0.95 if len(best) == 1 else 0.9) * (1.0 if exact else 0.95)
    elif len(ranked) == 1:
        # One set, but outside the write-off window, of several items within a
        # tolerance, or from a search that was cut short: a person confirms it.
        extra.insert(
            0,
            clue(
                "amount_match_unconfirmed",
                "One set of open items matches the amount, not surely enough to apply "
                "it; a person confirms.",
                items=names,
            ),
        )
        factor = 0.6
    else:
        same_amount = len({total for _, total in ranked}) == 1 and all(
            len(chosen) == 1 for chosen, _ in ranked
        )
        extra.insert(
            0,
            clue(
                "same_amount_ambiguous" if same_amount else "amount_ambiguous",
                f"{len(sets)} sets of open items match the amount; a person chooses.",
                candidates=len(sets),
            ),
        )
        factor = 0.5
    return finish(ctx, lines, action, extra, ctx.confidence * factor * fit, unique, alternatives)


def suggested_items(
    index: OpenItems,
    policy: MatchPolicy,
    amount: int,
    currency: str,
    suggestions: Sequence[tuple[str, float]],
) -> tuple[tuple[tuple[int, ...], int, float, str | None], ...]:
    """Items of the suggested customers whose open amount is the payment's, for a person."""
    found: list[tuple[tuple[int, ...], int, float, str | None]] = []
    for customer, likeness in suggestions[:3]:
        rows = index.by_customer.get(customer)
        if rows is None:
            continue
        for row in rows.tolist():
            if int(index.remaining[row]) == amount and index.items.currency[row] == currency:
                found.append(((row,), amount, round(likeness, 4), customer))
    return tuple(found[: policy.max_alternatives])
