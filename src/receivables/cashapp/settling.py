"""Once the items are chosen, what happens to the difference, and is the payment applied?

The difference ladder of :class:`~receivables.cashapp.policy.MatchPolicy`,
checked in order once the items are chosen (choose first, apply the tolerance
after): an FX difference within ``fx_percent``; the exact amount; an earned
early-payment discount; a short payment written off, booked as a bank fee or
kept open as a deduction; else a partial payment, oldest first; an excess
stays on account. :func:`finish` then applies the lines when the set was the
only one and the confidence reaches ``auto_apply_confidence`` (taking them
off the open amounts), and proposes them otherwise.

>>> from receivables.cashapp.columns import item_table
>>> from receivables.cashapp.openitems import OpenItems
>>> from receivables.cashapp.policy import MatchPolicy
>>> index = OpenItems(item_table({"number": ["INV-7"], "customer_id": ["C1"], "open": [10_000],
...     "currency": ["USD"], "due_date": ["2026-03-31"]}), 20_600)
>>> ctx = Context(position=0, customer="C1", currency="USD", match_currency="USD",
...     amount=9_960, target=9_960, fx=False, pay_day=20_540, digits=2, confidence=1.0,
...     reasons=[], open=index, policy=MatchPolicy())
>>> lines, action, over, reasons, fit = settle(ctx, [0], set())
>>> [(line.amount, line.difference) for line in lines], action.value, reasons[0][0]
([(9960, 40)], 'write_off', 'short_pay_written_off')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from receivables.cashapp.columns import minor_to_decimal
from receivables.cashapp.decision import (
    Clue,
    DifferenceAction,
    Draft,
    DraftLine,
    MatchOutcome,
    clue,
)
from receivables.cashapp.openitems import OpenItems
from receivables.cashapp.policy import MatchPolicy
from receivables.money import allocate, from_minor, to_minor

__all__ = [
    "Context",
    "finish",
    "make_lines",
    "partial",
    "score",
    "settle",
    "settle_because",
]


class Context(NamedTuple):
    """One payment being settled: who, in which currencies, the target, and the run's state.

    ``target`` is the payment in the items' currency (converted when ``fx``);
    ``hold`` says the remittance names only items this payment cannot pay;
    ``unresolved`` are the remittance's reference tokens that name nothing.
    """

    position: int
    customer: str
    currency: str
    match_currency: str
    amount: int
    target: int
    fx: bool
    pay_day: int
    digits: int
    confidence: float
    reasons: list[Clue]
    open: OpenItems
    policy: MatchPolicy
    hold: bool = False
    unresolved: tuple[str, ...] = ()


def settle(
    ctx: Context, rows: Sequence[int], referenced: set[int]
) -> tuple[list[DraftLine], DifferenceAction, int, list[Clue], float]:
    """Lines for ``rows`` paid with the target; the difference ladder of the policy."""
    items, policy = ctx.open.items, ctx.policy
    remaining = [int(ctx.open.remaining[r]) for r in rows]
    discounts = [
        items.discount_units(r, ctx.pay_day) if remaining[i] == int(items.original[r]) else 0
        for i, r in enumerate(rows)
    ]
    gross = sum(remaining)
    disc = sum(discounts)
    target = ctx.target
    cur = ctx.match_currency
    reasons: list[Clue] = []
    amounts = list(remaining)
    taken = [0] * len(rows)
    differences = [0] * len(rows)
    action = DifferenceAction.NONE
    over = 0
    fit = 1.0
    if ctx.fx and abs(gross - target) <= policy.fx_units(gross) and gross != target:
        # A loss (the converted payment falls short) is settled on the last item;
        # a gain (it exceeds the items) clears them in full and is recorded only
        # as the decision's negative difference: the whole payment is spent.
        differences[-1] = gross - target
        if gross > target:
            amounts[-1] -= gross - target
            if amounts[-1] < 0:
                return partial(ctx, rows, referenced)
        action = DifferenceAction.FX_DIFFERENCE
        reasons.append(
            clue(
                "fx_difference",
                f"An FX difference of {minor_to_decimal(gross - target, cur)} {cur} "
                "between the converted payment and the items.",
                difference=str(minor_to_decimal(gross - target, cur)),
            )
        )
        fit = 0.95
    elif target == gross:
        reasons.append(
            clue(
                "amount_exact",
                "The payment equals the open amount.",
                amount=str(minor_to_decimal(gross, cur)),
            )
        )
    elif disc and target == gross - disc:
        taken = discounts
        amounts = [a - d for a, d in zip(remaining, discounts, strict=True)]
        reasons.append(
            clue(
                "discount_taken",
                f"An earned early-payment discount of {minor_to_decimal(disc, cur)} {cur} was taken.",
                discount=str(minor_to_decimal(disc, cur)),
            )
        )
    elif target < gross:
        use_discount = bool(disc) and target < gross - disc
        base = gross - disc if use_discount else gross
        if use_discount:
            taken = discounts
            amounts = [a - d for a, d in zip(remaining, discounts, strict=True)]
            reasons.append(
                clue(
                    "discount_taken",
                    f"An earned early-payment discount of {minor_to_decimal(disc, cur)} {cur} was taken.",
                    discount=str(minor_to_decimal(disc, cur)),
                )
            )
        short = base - target
        text = f"{minor_to_decimal(short, cur)} {cur}"
        if short <= policy.write_off_units(base, ctx.digits):
            action, fit = DifferenceAction.WRITE_OFF, 0.97
            reasons.append(
                clue(
                    "short_pay_written_off",
                    f"Short by {text}, inside the write-off tolerance.",
                    short=str(minor_to_decimal(short, cur)),
                )
            )
        elif short <= policy.bank_fee_units(ctx.digits):
            action, fit = DifferenceAction.BANK_FEE, 0.95
            reasons.append(
                clue(
                    "bank_fee_deducted",
                    f"Short by {text}, inside the bank-fee allowance.",
                    short=str(minor_to_decimal(short, cur)),
                )
            )
        elif short <= policy.deduction_units(base, ctx.digits):
            action, fit = DifferenceAction.DEDUCTION, 0.9
            reasons.append(
                clue(
                    "short_pay_deduction",
                    f"Short by {text}, kept open as a deduction to resolve.",
                    short=str(minor_to_decimal(short, cur)),
                )
            )
        else:
            return partial(ctx, rows, referenced)
        left = short
        for index in range(len(rows) - 1, -1, -1):
            part = min(left, amounts[index])
            amounts[index] -= part
            differences[index] += part
            left -= part
            if not left:
                break
    else:
        over = target - gross
        fit = 0.9
        reasons.append(
            clue(
                "overpayment_on_account",
                f"{minor_to_decimal(over, cur)} {cur} more than the items; left on account.",
                over=str(minor_to_decimal(over, cur)),
            )
        )
    lines = make_lines(ctx, rows, amounts, taken, differences, referenced, over)
    return lines, action, over, reasons, fit


def partial(
    ctx: Context, rows: Sequence[int], referenced: set[int]
) -> tuple[list[DraftLine], DifferenceAction, int, list[Clue], float]:
    """Apply the target oldest first; the last item touched stays partly open."""
    left = ctx.target
    amounts: list[int] = []
    chosen: list[int] = []
    differences: list[int] = []
    for row in rows:
        if left <= 0:
            break
        part = min(left, int(ctx.open.remaining[row]))
        chosen.append(row)
        amounts.append(part)
        differences.append(int(ctx.open.remaining[row]) - part)
        left -= part
    cur = ctx.match_currency
    reasons = [
        clue(
            "partial_payment",
            f"Pays {minor_to_decimal(ctx.target, cur)} {cur} of "
            f"{minor_to_decimal(sum(int(ctx.open.remaining[r]) for r in rows), cur)} {cur}; "
            "the rest stays open.",
            paid=str(minor_to_decimal(ctx.target, cur)),
        )
    ]
    lines = make_lines(ctx, chosen, amounts, [0] * len(chosen), differences, referenced, 0)
    return lines, DifferenceAction.PARTIAL, 0, reasons, 0.9


def make_lines(
    ctx: Context,
    rows: Sequence[int],
    amounts: list[int],
    taken: list[int],
    differences: list[int],
    referenced: set[int],
    over: int,
) -> list[DraftLine]:
    """One draft line per row; in another currency, the payment spent shared by largest remainder."""
    if ctx.fx:
        spent = ctx.amount
        if over:
            # The excess's share of the payment, rounded half up on integers.
            spent = ctx.amount - (2 * ctx.amount * over + ctx.target) // (2 * ctx.target)
        weights = [a if a > 0 else 0 for a in amounts]
        if sum(weights) == 0 or spent <= 0:
            sources = [0] * len(rows)
        else:
            parts = allocate(from_minor(spent, ctx.currency), weights)
            sources = [to_minor(p) for p in parts]
    else:
        sources = list(amounts)
    return [
        DraftLine(row, amounts[i], taken[i], differences[i], sources[i], row in referenced)
        for i, row in enumerate(rows)
    ]


def finish(
    ctx: Context,
    lines: list[DraftLine],
    action: DifferenceAction,
    extra: list[Clue],
    confidence: float,
    unique: bool,
    alternatives: tuple[tuple[tuple[int, ...], int, float, str | None], ...],
) -> Draft:
    """Apply when ``unique`` and sure enough (commit to the open amounts), else propose."""
    reasons = ctx.reasons + extra
    confidence = max(0.0, min(1.0, round(confidence, 4)))
    if unique and ctx.hold:
        outcome = MatchOutcome.PROPOSED
        reasons.append(
            clue(
                "named_item_not_payable",
                "The remittance names only items this payment cannot pay; the amount "
                "match is for a person to confirm.",
            )
        )
    elif unique and confidence >= float(ctx.policy.auto_apply_confidence):
        outcome = MatchOutcome.APPLIED
        ctx.open.commit(lines, action)
    else:
        outcome = MatchOutcome.PROPOSED
        if unique:
            reasons.append(
                clue(
                    "confidence_below_threshold",
                    f"Confidence {confidence:.2f} is below {ctx.policy.auto_apply_confidence}; proposed.",
                    confidence=confidence,
                )
            )
    if outcome is MatchOutcome.PROPOSED and not alternatives and lines:
        rows = tuple(line.row for line in lines)
        total = sum(int(ctx.open.remaining[r]) for r in rows)
        alternatives = ((rows, total, confidence, ctx.customer),)
    spent = sum(line.source for line in lines)
    return Draft(
        ctx.position,
        outcome,
        ctx.customer,
        ctx.match_currency,
        tuple(lines),
        action,
        ctx.amount - spent,
        confidence,
        tuple(reasons),
        alternatives,
        (),
        None,
    )


def score(
    ctx: Context,
    rows: Sequence[int],
    total: int,
    referenced: set[int],
    ages: Mapping[int, float],
) -> float:
    """A candidate set's score in [0, 1]: share referenced, closeness in amount, age."""
    policy = ctx.policy
    share = sum(1 for r in rows if r in referenced) / len(rows) if rows else 0.0
    closeness = 1.0 - min(1.0, abs(total - ctx.target) / max(ctx.target, 1))
    age = sum(ages.get(r, 0.0) for r in rows) / len(rows) if rows else 0.0
    return round(
        float(policy.reference_weight) * share
        + float(policy.amount_weight) * closeness
        + float(policy.age_weight) * age,
        4,
    )


def settle_because(
    ctx: Context, rows: Sequence[int], refs: set[int], code: str, message: str
) -> tuple[list[DraftLine], DifferenceAction, list[Clue], float]:
    """:func:`settle` the ``rows``, the rule that chose them (``code``) as first reason."""
    lines, action, _, extra_reasons, fit = settle(ctx, rows, refs)
    extra_reasons.insert(0, clue(code, message, items=[ctx.open.items.number[r] for r in rows]))
    return lines, action, extra_reasons, fit
