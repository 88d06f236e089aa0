"""The difference ladder once the items are chosen, and when a set is applied."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from receivables.cashapp.columns import day_number, item_table
from receivables.cashapp.decision import DifferenceAction, MatchOutcome
from receivables.cashapp.openitems import OpenItems
from receivables.cashapp.policy import MatchPolicy
from receivables.cashapp.settling import Context, finish, partial, settle

AS_OF = day_number(dt.date(2026, 3, 31))


def _ctx(target: int, *, policy: MatchPolicy | None = None, confidence: float = 1.0) -> Context:
    index = OpenItems(
        item_table(
            {
                "number": ["INV-1", "INV-2"],
                "customer_id": ["C1", "C1"],
                "open": [100_000, 50_000],
                "currency": ["USD", "USD"],
                "due_date": ["2026-02-01", "2026-03-01"],
                "discount": [2_000, 0],
                "discount_until": ["2026-03-05", "2026-03-05"],
            }
        ),
        AS_OF,
    )
    return Context(
        position=0,
        customer="C1",
        currency="USD",
        match_currency="USD",
        amount=target,
        target=target,
        fx=False,
        pay_day=day_number(dt.date(2026, 3, 1)),
        digits=2,
        confidence=confidence,
        reasons=[],
        open=index,
        policy=policy or MatchPolicy(),
    )


@pytest.mark.parametrize(
    ("target", "action", "code"),
    [
        (100_000, DifferenceAction.NONE, "amount_exact"),
        (98_000, DifferenceAction.NONE, "discount_taken"),  # 2 % earned discount
        (97_950, DifferenceAction.WRITE_OFF, "discount_taken"),  # then 0.50 written off
        (99_000, DifferenceAction.DEDUCTION, "short_pay_deduction"),  # 10.00 > 1.00 write-off
        (60_000, DifferenceAction.PARTIAL, "partial_payment"),
    ],
)
def test_the_ladder(target: int, action: DifferenceAction, code: str) -> None:
    lines, found, over, reasons, _ = settle(_ctx(target), [0], set())
    assert (found, over) == (action, 0)
    assert reasons[0][0] == code
    assert sum(line.source for line in lines) == target


def test_an_excess_stays_on_account() -> None:
    lines, action, over, reasons, fit = settle(_ctx(160_000), [0, 1], set())
    assert (action, over, reasons[0][0]) == (
        DifferenceAction.NONE,
        10_000,
        "overpayment_on_account",
    )
    assert [line.amount for line in lines] == [100_000, 50_000]
    assert fit < 1.0


def test_a_bank_fee_inside_its_allowance() -> None:
    policy = MatchPolicy(bank_fee_amount=Decimal("25"), deduction_amount=Decimal("0"))
    _, action, _, reasons, _ = settle(_ctx(47_600, policy=policy), [1], set())
    assert (action, reasons[0][0]) == (DifferenceAction.BANK_FEE, "bank_fee_deducted")


def test_partial_pays_oldest_first() -> None:
    lines, action, _, _, _ = partial(_ctx(120_000), [0, 1], set())
    assert action is DifferenceAction.PARTIAL
    assert [(line.row, line.amount, line.difference) for line in lines] == [
        (0, 100_000, 0),
        (1, 20_000, 30_000),
    ]


def test_finish_applies_only_a_unique_confident_set_and_commits_it() -> None:
    ctx = _ctx(100_000)
    lines, action, _, extra, _ = settle(ctx, [0], set())
    draft = finish(ctx, lines, action, extra, 0.95, True, ())
    assert draft.outcome is MatchOutcome.APPLIED
    assert int(ctx.open.remaining[0]) == 0
    low = _ctx(100_000)
    lines, action, _, extra, _ = settle(low, [0], set())
    draft = finish(low, lines, action, extra, 0.5, True, ())
    assert draft.outcome is MatchOutcome.PROPOSED
    assert "confidence_below_threshold" in [code for code, _, _ in draft.reasons]
    assert int(low.open.remaining[0]) == 100_000  # a proposal takes nothing
    assert draft.alternatives[0][0] == (0,)


def test_finish_holds_when_the_remittance_names_only_unpayable_items() -> None:
    ctx = _ctx(100_000)._replace(hold=True)
    lines, action, _, extra, _ = settle(ctx, [0], set())
    draft = finish(ctx, lines, action, extra, 1.0, True, ())
    assert draft.outcome is MatchOutcome.PROPOSED
    assert "named_item_not_payable" in [code for code, _, _ in draft.reasons]
