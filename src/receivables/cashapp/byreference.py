"""Which of the customer's open items does the remittance name, and what do they settle?

References are looked up exactly first (:meth:`~receivables.cashapp.openitems.OpenItems.hits`),
then, only when nothing was named exactly, within one edit or as a truncation
among the customer's own open items (:func:`near_referenced`, with
:func:`~receivables.cashapp.references.near_references`). :func:`by_reference`
settles the named items: exactly, with the excess paying exactly one other
set, or as the one subset of them that makes the payment.

>>> from receivables.cashapp.references import extract_references
>>> from receivables.cashapp.columns import item_table
>>> from receivables.cashapp.openitems import OpenItems
>>> from receivables.cashapp.policy import MatchPolicy
>>> index = OpenItems(item_table({"number": ["FV-1523017", "FV-1523999"],
...     "customer_id": ["C1", "C1"], "open": [100, 200], "currency": ["USD"] * 2,
...     "due_date": ["2026-03-31"] * 2}), 20_600)
>>> near_referenced(index, MatchPolicy(), extract_references("FV-1523071"), [0, 1])
[(0, 'reference_typo', 'FV-1523071')]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from receivables.cashapp.amounts import subsets_summing_to
from receivables.cashapp.decision import DifferenceAction, Draft, clue
from receivables.cashapp.openitems import OpenItems
from receivables.cashapp.policy import MatchPolicy
from receivables.cashapp.references import Reference, near_references
from receivables.cashapp.settling import Context, finish, settle, settle_because

__all__ = ["by_reference", "near_referenced"]


def near_referenced(
    index: OpenItems,
    policy: MatchPolicy,
    references: Sequence[Reference],
    rows: Sequence[int],
) -> list[tuple[int, str, str]]:
    """(row, reason code, token) for references within one edit of, or truncating, one of ``rows``.

    A reference near two items names neither.
    """
    keys = [index.keys[r] for r in rows]
    found: list[tuple[int, str, str]] = []
    for reference in references:
        if len(reference.key) < policy.fuzzy_reference_min_length:
            continue
        near = near_references(
            reference.key,
            keys,
            max_edits=policy.reference_max_edits,
            min_length=policy.fuzzy_reference_min_length,
        )
        if len(near) == 1:
            row = rows[near[0][0]]
            if all(row != seen for seen, _, _ in found):
                code = "reference_typo" if near[0][1] == "edit" else "reference_truncated"
                found.append((row, code, reference.text))
    return found


def by_reference(
    ctx: Context, referenced: list[int], same: npt.NDArray[np.int64], fuzzy: bool
) -> Draft:
    """Settle the items the remittance names (``fuzzy``: by a near reference).

    A payment larger than them may also pay exactly one other set of the
    customer's items; otherwise the excess stays on account, unless the
    remittance writes references that name nothing (a list cut by the
    bank's field): then it is proposed. A payment covering only some of them
    pays the one subset that makes it, or is proposed with the subsets that do.
    """
    refs = set(referenced)
    gross = sum(int(ctx.open.remaining[r]) for r in referenced)
    if ctx.target > gross:
        # More than the referenced items: is the excess exactly other items?
        others = [r for r in same.tolist() if r not in refs][: ctx.policy.max_search_items]
        extra = ctx.target - gross
        if others:
            found = subsets_summing_to(
                ctx.open.remaining[others],
                extra,
                max_items=max(1, ctx.policy.max_items - len(referenced)),
                max_work=ctx.policy.max_work,
                limit=2,
            )
            if len(found.subsets) == 1 and found.complete:
                rows = referenced + [others[i] for i in found.subsets[0]]
                rows.sort(key=lambda r: (int(ctx.open.items.due[r]), ctx.open.items.number[r]))
                lines, action, extra_reasons, fit = settle_because(
                    ctx,
                    rows,
                    refs,
                    "referenced_and_amount",
                    "The referenced items plus exactly one set of other items make the payment.",
                )
                return finish(
                    ctx,
                    lines,
                    action,
                    extra_reasons,
                    ctx.confidence * 0.95 * fit,
                    True,
                    (),
                )
    lines, action, _, extra_reasons, fit = settle(ctx, referenced, refs)
    unique = True
    alternatives: tuple[tuple[tuple[int, ...], int, float, str | None], ...] = ()
    if ctx.target > gross and ctx.unresolved:
        # The remittance writes more than it names (a list cut by the field?) and the
        # payment is more than the named items: what the rest pays is for a person.
        unique = False
        extra_reasons.append(
            clue(
                "reference_unresolved",
                f"The remittance also writes {', '.join(repr(t) for t in ctx.unresolved)}, "
                "which names nothing, and the payment is more than the items it names.",
                tokens=list(ctx.unresolved),
            )
        )
    if action is DifferenceAction.PARTIAL and len(referenced) > 1:
        found = subsets_summing_to(
            ctx.open.remaining[referenced],
            ctx.target,
            max_items=ctx.policy.max_items,
            max_work=ctx.policy.max_work,
            limit=5,
        )
        if len(found.subsets) == 1 and found.complete:
            rows = [referenced[i] for i in found.subsets[0]]
            lines, action, extra_reasons, fit = settle_because(
                ctx,
                rows,
                refs,
                "referenced_subset",
                "Exactly one set of the referenced items makes the payment.",
            )
        else:
            unique = False
            alternatives = tuple(
                (tuple(referenced[i] for i in subset), total, 1.0, ctx.customer)
                for subset, total in zip(found.subsets, found.totals, strict=True)
            )
            extra_reasons.append(
                clue(
                    "referenced_partial_ambiguous",
                    "The payment covers only part of the referenced items; which part is for a person to say.",
                    items=[ctx.open.items.number[r] for r in referenced],
                )
            )
    return finish(
        ctx,
        lines,
        action,
        extra_reasons,
        ctx.confidence * (0.9 if fuzzy and fit < 1.0 else 1.0) * fit,
        unique,
        alternatives,
    )
