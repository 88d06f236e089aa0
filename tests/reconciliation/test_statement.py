"""The reconciliation statement: it ties, totals every class, rows and frames."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from receivables.errors import ValidationError
from receivables.reconciliation import DifferenceKind, MatchKind, reconcile
from tests.reconciliation import CUT_OFF, line, usd

# Ours: FV-1 100.00 and FV-2 40.00 = 140.00. Theirs: FV-1 90.00 and TR-1 -30.00 paid
# three days before the cut-off = 60.00. Differences: FV-1 amount -10.00, FV-2 not
# recorded -40.00, TR-1 in transit -30.00: 140.00 - 80.00 = 60.00.
OURS = [line("FV-1", "2026-06-01", "100.00"), line("FV-2", "2026-06-02", "40.00")]
THEIRS = [line("FV-1", "2026-06-02", "90.00"), line("TR-1", "2026-06-27", "-30.00")]


def test_the_statement_totals_every_class_and_ties() -> None:
    result = reconcile(OURS, THEIRS, customer_id="C1", as_of=CUT_OFF)
    totals = result.totals()
    assert list(totals) == list(DifferenceKind)
    assert totals[DifferenceKind.AMOUNT_DIFFERS] == usd("-10.00")
    assert totals[DifferenceKind.NOT_RECORDED_BY_THEM] == usd("-40.00")
    assert totals[DifferenceKind.PAYMENT_IN_TRANSIT] == usd("-30.00")
    assert totals[DifferenceKind.TIMING] == usd("0.00")
    tie = result.tie_out()
    assert tie[0] == ("our_balance", usd("140.00"))
    assert tie[-1] == ("their_balance", usd("60.00"))
    assert sum((amount for _, amount in tie[1:-1]), usd("0")) == usd("-80.00")
    assert result.tie_out_rows()[-1] == {
        "line": "their_balance",
        "amount": Decimal("60.00"),
        "currency": "USD",
    }


def test_rows_hold_both_lines_of_a_pair_and_the_reasons() -> None:
    result = reconcile(OURS, THEIRS, customer_id="C1", as_of=CUT_OFF)
    rows = {row["status"]: row for row in result.rows()}
    pair = rows["amount_differs"]
    assert (pair["our_document"], pair["their_document"]) == ("FV-1", "FV-1")
    assert (pair["our_amount"], pair["their_amount"], pair["difference"]) == (
        Decimal("100.00"),
        Decimal("90.00"),
        Decimal("-10.00"),
    )
    assert pair["reasons"] == "matched_by_document;amount_differs"
    assert result.frame()["difference"].sum() == Decimal("-80.00")
    assert result.differences[0].open
    assert result.worklist == result.differences


def test_agreeing_lines_are_matches_not_differences() -> None:
    result = reconcile(OURS[:1], OURS[:1], customer_id="C1", as_of=CUT_OFF)
    assert result.differences == ()
    assert [m.how for m in result.matches] == [MatchKind.DOCUMENT]
    assert result.rows()[0]["status"] == "matched"


def test_a_statement_that_does_not_tie_cannot_be_built() -> None:
    result = reconcile(OURS, THEIRS, customer_id="C1", as_of=CUT_OFF)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(result, our_balance=usd("141.00"))
    assert error.value.field == "reconciliation.differences"
    with pytest.raises(ValidationError):
        attrs.evolve(result, differences=result.differences[1:])
