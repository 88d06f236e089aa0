"""Classing what disagrees: transit, disputes, the cut-off."""

from __future__ import annotations

import datetime as dt

import attrs

from receivables.documents import Dispute
from receivables.reconciliation import (
    DifferenceKind,
    ReconciliationPolicy,
    reconcile,
)
from tests.reconciliation import CUT_OFF, line, usd


def test_the_transit_window_is_policy() -> None:
    theirs_ = [line("TR-1", "2026-06-15", "-100.00")]
    assert reconcile([], theirs_, customer_id="C1", as_of=CUT_OFF).differences[0].kind is (
        DifferenceKind.UNKNOWN_TO_US
    )
    wide = ReconciliationPolicy(transit_days=15)
    result = reconcile([], theirs_, customer_id="C1", as_of=CUT_OFF, policy=wide)
    assert result.differences[0].kind is DifferenceKind.PAYMENT_IN_TRANSIT


def test_a_dispute_of_another_customer_or_resolved_does_not_count() -> None:
    ours = [line("FV-5", "2026-06-01", "100.00")]
    other = Dispute(id="D", customer_id="C2", invoice_number="FV-5", opened_on=dt.date(2026, 6, 2))
    resolved = Dispute(
        id="E",
        customer_id="C1",
        invoice_number="FV-5",
        opened_on=dt.date(2026, 6, 2),
        resolved_on=dt.date(2026, 6, 20),
    )
    result = reconcile(ours, [], customer_id="C1", as_of=CUT_OFF, disputes=[other, resolved])
    assert result.differences[0].kind is DifferenceKind.NOT_RECORDED_BY_THEM
    mine = attrs.evolve(other, customer_id="C1")
    result = reconcile(ours, [], customer_id="C1", as_of=CUT_OFF, disputes=[mine])
    assert result.differences[0].kind is DifferenceKind.DISPUTED


def test_lines_after_the_cut_off_count_in_neither_balance() -> None:
    ours = [line("FV-9", "2026-07-01", "100.00"), line("FV-10", "2026-07-03", "5.00")]
    theirs_ = [line("FV-9", "2026-07-02", "100.00"), line("TR-2", "2026-07-04", "-5.00")]
    result = reconcile(ours, theirs_, customer_id="C1", as_of=CUT_OFF)
    assert (result.our_balance, result.their_balance) == (usd("0.00"), usd("0.00"))
    assert result.differences == ()
    assert [m.ours.document for m in result.matches] == ["FV-9"]
    assert [x.document for x in result.ours_after_cut_off] == ["FV-10"]
    assert [x.document for x in result.theirs_after_cut_off] == ["TR-2"]
    assert {row["status"] for row in result.rows()} == {"matched", "after_cut_off"}


def test_their_line_alone_names_the_documents_its_description_names() -> None:
    ours = [line("FV-0000012", "2026-06-01", "10.00"), line("FV-0000013", "2026-06-01", "5.00")]
    paid = attrs.evolve(
        line("TR-1", "2026-06-29", "-15.00"), description="Pago facturas FV 12 y fv-13, ref 99"
    )
    result = reconcile(ours, [paid], customer_id="C1", as_of=CUT_OFF)
    transit = [d for d in result.differences if d.kind is DifferenceKind.PAYMENT_IN_TRANSIT]
    assert transit[0].reasons[0].data["names"] == ["FV-0000012", "FV-0000013"]
    old = attrs.evolve(paid, date=dt.date(2026, 1, 5))
    result = reconcile(ours, [old], customer_id="C1", as_of=CUT_OFF)
    unknown = [d for d in result.differences if d.kind is DifferenceKind.UNKNOWN_TO_US]
    assert unknown[0].reasons[0].message == (
        "Their payment TR-1 is no document of ours. It names FV-0000012, FV-0000013."
    )


def test_their_payment_received_by_us_after_the_cut_off_is_in_transit() -> None:
    # They paid 300.00 on 29 June; it reached us on 2 July as our P-77: a subsequent
    # receipt, in transit at the cut-off. Ours 500 (FV-1) ; theirs 500 - 300 = 200.
    ours = [line("FV-1", "2026-06-01", "500.00"), line("P-77", "2026-07-02", "-300.00")]
    theirs = [line("FV-1", "2026-06-02", "500.00"), line("TR-5", "2026-06-29", "-300.00")]
    result = reconcile(ours, theirs, customer_id="C1", as_of=CUT_OFF)
    assert [(d.kind, d.amount) for d in result.differences] == [
        (DifferenceKind.PAYMENT_IN_TRANSIT, usd("-300.00"))
    ]
    reasons = result.differences[0].reasons
    assert [r.code for r in reasons] == ["matched_by_amount_and_date", "payment_in_transit"]
    assert reasons[1].data["received_on"] == "2026-07-02"
    # an invoice across the cut-off stays timing
    late = [line("FV-1", "2026-07-01", "500.00")]
    result = reconcile(late, theirs[:1], customer_id="C1", as_of=CUT_OFF)
    assert [d.kind for d in result.differences] == [DifferenceKind.TIMING]
