"""Pairing their lines with ours: document key, short form, amount and date."""

from __future__ import annotations

from receivables.reconciliation import (
    DifferenceKind,
    MatchKind,
    ReconciliationPolicy,
    reconcile,
)
from tests.reconciliation import CUT_OFF, line, usd


def test_short_forms_match_only_when_one_document_ends_that_way() -> None:
    ours = [line("FV-2026-0005230", "2026-06-01", "100.00")]
    result = reconcile(
        ours, [line("5230", "2026-06-02", "100.00")], customer_id="C1", as_of=CUT_OFF
    )
    assert [m.how for m in result.matches] == [MatchKind.SHORT_FORM]
    assert result.matches[0].reasons[0].code == "matched_by_short_form"
    two = [
        line("FV-2026-0005230", "2026-06-01", "100.00"),
        line("FV-2025-0005230", "2026-06-01", "90.00"),
    ]
    result = reconcile(two, [line("5230", "2026-06-20", "100.00")], customer_id="C1", as_of=CUT_OFF)
    assert result.matches == ()
    assert {d.kind for d in result.differences} == {
        DifferenceKind.NOT_RECORDED_BY_THEM,
        DifferenceKind.UNKNOWN_TO_US,
    }


def test_short_forms_shorter_than_the_policy_do_not_match() -> None:
    ours = [line("FV-0000230", "2026-06-01", "100.00"), line("FV-1230", "2026-06-01", "7.00")]
    result = reconcile(ours, [line("30", "2026-05-01", "100.00")], customer_id="C1", as_of=CUT_OFF)
    assert result.matches == ()


def test_a_payment_matches_by_amount_and_date_when_the_numbers_differ() -> None:
    ours = [line("PAY-0042", "2026-06-24", "-700.00")]
    theirs_ = [line("TR-551", "2026-06-26", "-700.00")]
    result = reconcile(ours, theirs_, customer_id="C1", as_of=CUT_OFF)
    assert [m.how for m in result.matches] == [MatchKind.AMOUNT_AND_DATE]
    strict = ReconciliationPolicy(match_by_amount=False)
    result = reconcile(ours, theirs_, customer_id="C1", as_of=CUT_OFF, policy=strict)
    assert [d.kind for d in result.differences] == [
        DifferenceKind.PAYMENT_IN_TRANSIT,
        DifferenceKind.UNKNOWN_TO_THEM,
    ]
    far = ReconciliationPolicy(date_tolerance_days=1)
    assert reconcile(ours, theirs_, customer_id="C1", as_of=CUT_OFF, policy=far).matches == ()


def test_a_match_never_joins_an_invoice_to_a_payment() -> None:
    ours = [line("FV-77", "2026-06-10", "700.00")]
    theirs_ = [line("FV-77", "2026-06-12", "-700.00")]
    result = reconcile(ours, theirs_, customer_id="C1", as_of=CUT_OFF)
    assert result.matches == ()
    assert result.their_balance == usd("-700.00")
