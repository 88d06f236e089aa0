"""The decision records: reasons as the engine keeps them, the checks on a decision."""

from __future__ import annotations

import pytest

from receivables.cashapp.decision import (
    Draft,
    DraftLine,
    MatchDecision,
    MatchLine,
    MatchOutcome,
    clue,
)
from receivables.errors import ValidationError
from receivables.money import money


def test_clue_keeps_code_message_and_data() -> None:
    assert clue("amount_exact", "Equal.", amount="5.00") == (
        "amount_exact",
        "Equal.",
        {"amount": "5.00"},
    )


def test_applied_plus_unapplied_is_the_payment() -> None:
    line = MatchLine(
        item="INV-1", amount=money("30.00", "USD"), source_amount=money("30.00", "USD")
    )
    decision = MatchDecision(
        payment_id="P1",
        outcome="applied",
        customer_id="C1",
        lines=(line,),
        amount=money("50.00", "USD"),
        unapplied=money("20.00", "USD"),
        confidence=0.9,
        policy_id="p",
        policy_version="1",
    )
    assert decision.applied + decision.unapplied == decision.amount
    assert decision.outcome is MatchOutcome.APPLIED


@pytest.mark.parametrize("confidence", [-0.01, 1.01])
def test_confidence_outside_zero_one_is_refused(confidence: float) -> None:
    with pytest.raises(ValidationError, match="confidence"):
        MatchDecision(
            payment_id="P1",
            outcome="proposed",
            customer_id=None,
            amount=money("5.00", "USD"),
            unapplied=money("5.00", "USD"),
            confidence=confidence,
            policy_id="p",
            policy_version="1",
        )


def test_an_unknown_outcome_is_refused() -> None:
    with pytest.raises(ValueError, match="maybe"):
        MatchOutcome("maybe")


def test_draft_is_plain_values() -> None:
    line = DraftLine(3, 100, 0, 0, 100, True)
    draft = Draft(0, MatchOutcome.APPLIED, "C1", "USD", (line,), "none", 0, 1.0, (), (), (), None)  # type: ignore[arg-type]
    assert draft.lines[0].row == 3
    assert draft.unapplied == 0
