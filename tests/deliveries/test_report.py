"""The delivery report: totals per finding, ageing, rows, and a report that must tie."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from receivables.deliveries import DeliveryPolicy, FindingKind, reconcile_deliveries
from receivables.errors import ValidationError
from tests.deliveries import CUT_OFF, billed, cop, note

# RM-1 (10 days old, 100.00) is not invoiced; RM-2 (40.00) is invoiced for 45.00;
# FV-9 bills 7.00 naming no note. Delivered 140.00, invoiced 52.00:
# 140.00 - 100.00 + 5.00 + 7.00 = 52.00.
NOTES = [note("RM-1", "2026-06-20", "1", "100.00"), note("RM-2", "2026-06-01", "2", "40.00")]
LINES = [
    billed("FV-8", "2026-06-02", "2", "45.00", "RM-2"),
    billed("FV-9", "2026-06-03", "1", "7.00", None),
]


def test_totals_and_ageing_tie() -> None:
    report = reconcile_deliveries(NOTES, LINES, as_of=CUT_OFF)
    totals = report.totals()
    assert list(totals) == list(FindingKind)
    assert totals[FindingKind.DELIVERED_NOT_INVOICED] == cop("-100.00")
    assert totals[FindingKind.AMOUNT_DIFFERS] == cop("5.00")
    assert totals[FindingKind.NO_NOTE] == cop("7.00")
    assert report.delivered + sum(totals.values(), cop("0")) == report.invoiced == cop("52.00")
    assert report.ageing()["8-30"] == cop("100.00")
    assert report.ageing_rows()[1] == {
        "bucket": "8-30",
        "amount": Decimal("100.00"),
        "currency": "COP",
    }
    custom = reconcile_deliveries(
        NOTES, LINES, as_of=CUT_OFF, policy=DeliveryPolicy(ageing_bounds=[5])
    )
    assert custom.ageing() == {"0-5": cop("0.00"), "over 5": cop("100.00")}


def test_rows_name_the_note_the_invoices_and_the_reasons() -> None:
    rows = reconcile_deliveries(NOTES, LINES, as_of=CUT_OFF).rows()
    assert [row["status"] for row in rows] == [
        "delivered_not_invoiced",
        "amount_differs",
        "no_note",
    ]
    assert rows[0]["days"] == 10
    assert rows[1]["invoices"] == "FV-8"
    assert rows[1]["reasons"] == "amount_differs"
    assert rows[2]["delivery_note"] is None
    assert rows[2]["invoiced_amount"] == Decimal("7.00")
    assert rows[2]["policy"] == "delivery-notes@1"


def test_the_worklist_leaves_out_what_matched() -> None:
    matched = billed("FV-7", "2026-06-21", "1", "100.00", "RM-1")
    report = reconcile_deliveries(NOTES, [*LINES, matched], as_of=CUT_OFF)
    assert FindingKind.MATCHED in [f.kind for f in report.findings]
    assert FindingKind.MATCHED not in [f.kind for f in report.worklist]


def test_a_report_that_does_not_tie_cannot_be_built() -> None:
    report = reconcile_deliveries(NOTES, LINES, as_of=CUT_OFF)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(report, findings=report.findings[1:])
    assert error.value.field == "delivery_reconciliation.findings"


def test_merge_refuses_what_would_not_make_one_run() -> None:
    from receivables.deliveries import merge

    report = reconcile_deliveries(NOTES, LINES, as_of=CUT_OFF)
    with pytest.raises(ValidationError) as error:
        merge()
    assert error.value.field == "reports"
    with pytest.raises(ValidationError) as error:
        merge(report, "report")  # type: ignore[arg-type]
    assert error.value.field == "reports[1]"
    later = reconcile_deliveries(NOTES, LINES, as_of=CUT_OFF.replace(day=29))
    with pytest.raises(ValidationError, match="the date, currency and policy"):
        merge(report, later)
    with pytest.raises(ValidationError, match="each customer in one part only"):
        merge(report, report)
