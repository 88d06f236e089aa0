"""When no single clue says who paid, which customer and items does all the evidence favour?

The rules of :mod:`receivables.cashapp.payers` name a customer from one
strong clue (a bank account, a name only one customer has, a reference only
one customer's items carry). When they name nobody (two sister companies
share a trade name, the payer's name resembles two customers, the reference
is mistyped) every clue is weighed together: each candidate pair of a
customer and a set of its open items gets points from every piece of
evidence that supports it, and the best pair is taken only when it has at
least ``threshold`` points **and** beats the runner-up by ``margin``
(:class:`~receivables.cashapp.policy.MatchPolicy` ``joint_threshold`` and
``joint_margin``). This is the "score candidates jointly, apply on a clear
margin" design of commercial cash-application engines (issue 13), kept small
and explicit: the points are the table below, the reasons of the decision
list every clue for and against.

=======================================  ======  ========================================
clue                                     points  reason code
=======================================  ======  ========================================
payer name key shared by customers         50    ``payer_name_shared``
remittance writes a shared trade name      50    ``remittance_names_customer``
payer's full legal name is the customer    30    ``payer_legal_name``
payer name resembles (score s of 100)     s / 2  ``payer_name_resembles``
reference names the items exactly          50    ``reference_names_item``
reference is a short form (``F5230``)      40    ``reference_short_form``
reference within one edit / truncated      35    ``reference_near``
the items' open amount is the payment      30    ``amount_exact`` / ``amount_one_item``
=======================================  ======  ========================================

A pair without items (the customer is only a name candidate) competes but
never wins: the joint step must point at items. Two items of the same
amount earn the same points, so a fuzzy name never picks between them.

The weighing is a few lines of arithmetic, so it is written here rather than
taken from a library; the fuzzy scores and edit distances come from
rapidfuzz through :mod:`~receivables.cashapp.payers` and
:mod:`~receivables.cashapp.references`.

>>> a = Evidence(customer="E1", rows=(4,), points=110, reasons=())
>>> b = Evidence(customer="E2", rows=(), points=50, reasons=())
>>> choose([b, a], threshold=80, margin=25) is a
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from receivables.errors import ValidationError

__all__ = [
    "AMOUNT",
    "LEGAL_NAME",
    "NAME_SHARED",
    "REFERENCE_EXACT",
    "REFERENCE_NEAR",
    "REFERENCE_SHORT",
    "Clue",
    "Evidence",
    "choose",
    "pairs",
    "resemblance",
    "summary",
]

Clue = tuple[str, str, dict[str, Any]]
"""A reason as the engine keeps it: (code, message, data)."""

NAME_SHARED = 50
LEGAL_NAME = 30
REFERENCE_EXACT = 50
REFERENCE_SHORT = 40
REFERENCE_NEAR = 35
AMOUNT = 30


def resemblance(score: int) -> int:
    """Points for a payer name that resembles a customer's with ``score`` (0-100).

    >>> resemblance(90), resemblance(61)
    (45, 30)
    """
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise ValidationError("score", score, "a whole-number similarity from 0 to 100")
    return score // 2


@attrs.frozen
class Evidence:
    """One candidate (customer, items) pair, its points and the clues behind them.

    ``rows`` are positions of open items (empty: the customer alone).

    >>> Evidence(customer="C1", rows=(3,), points=80, reasons=()).points
    80
    """

    customer: str
    rows: tuple[int, ...]
    points: int
    reasons: tuple[Clue, ...]


def pairs(
    customer_clues: Mapping[str, Sequence[tuple[int, Clue]]],
    item_clues: Mapping[str, Sequence[tuple[tuple[int, ...], int, Sequence[Clue]]]],
) -> list[Evidence]:
    """Every candidate pair: a customer's own clues plus those of each of its item sets.

    ``customer_clues`` maps a customer to (points, clue) about who paid;
    ``item_clues`` maps it to (rows, points, clues) per candidate item set.
    A customer without item sets gives one pair without items.

    >>> shared = (50, ("payer_name_shared", "shared", {}))
    >>> found = pairs({"E1": [shared], "E2": [shared]},
    ...               {"E1": [((7,), 30, [("amount_one_item", "equal", {})])]})
    >>> [(e.customer, e.rows, e.points) for e in found]
    [('E1', (7,), 80), ('E2', (), 50)]
    """
    found: list[Evidence] = []
    for customer in sorted(set(customer_clues) | set(item_clues)):
        own = customer_clues.get(customer, ())
        base = sum(points for points, _ in own)
        clues = tuple(clue for _, clue in own)
        sets = item_clues.get(customer, ())
        if not sets:
            found.append(Evidence(customer, (), base, clues))
            continue
        for rows, points, more in sets:
            found.append(Evidence(customer, tuple(rows), base + points, clues + tuple(more)))
    return found


def choose(candidates: Iterable[Evidence], *, threshold: int, margin: int) -> Evidence | None:
    """The best pair if it names items, reaches ``threshold`` and leads by ``margin``; else None.

    Ties never win, whatever the margin.

    >>> one = Evidence(customer="A", rows=(1,), points=95, reasons=())
    >>> two = Evidence(customer="A", rows=(2,), points=95, reasons=())
    >>> choose([one, two], threshold=50, margin=0) is None
    True
    """
    ranked = sorted(candidates, key=lambda e: (-e.points, e.customer, e.rows))
    if not ranked or not ranked[0].rows or ranked[0].points < threshold:
        return None
    best = ranked[0]
    if len(ranked) > 1:
        runner = ranked[1].points
        if best.points <= runner or best.points - runner < margin:
            return None
    return best


def summary(candidates: Iterable[Evidence], numbers: Sequence[str], *, limit: int = 3) -> str:
    """The leading pairs in words, for a reason message: customer, points, clue codes, items.

    >>> summary([Evidence(customer="E1", rows=(0,), points=80,
    ...          reasons=(("payer_name_shared", "", {}),))], ["FV-1"])
    'E1 80 points (payer_name_shared; FV-1)'
    """
    ranked = sorted(candidates, key=lambda e: (-e.points, e.customer, e.rows))[:limit]
    parts = []
    for found in ranked:
        detail = ", ".join(code for code, _, _ in found.reasons) or "no clue"
        items = ", ".join(numbers[row] for row in found.rows)
        parts.append(
            f"{found.customer} {found.points} points ({detail}" + (f"; {items})" if items else ")")
        )
    return "; ".join(parts)
