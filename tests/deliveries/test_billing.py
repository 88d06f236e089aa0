"""Linking invoice lines to the notes they bill, and the rules of each finding."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from receivables.deliveries import (
    DeliveryPolicy,
    FindingKind,
    reconcile_deliveries,
)
from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.money import money
from tests.deliveries import CUT_OFF, billed, cop, note


def test_tolerances_are_policy() -> None:
    notes = [note("RM-1", "2026-06-02", "10", "500.00")]
    lines = [billed("FV-1", "2026-06-03", "10.5", "500.40", "RM-1")]
    assert reconcile_deliveries(notes, lines, as_of=CUT_OFF).findings[0].kind is (
        FindingKind.AMOUNT_DIFFERS
    )
    loose = DeliveryPolicy(tolerances=[cop("0.50")], quantity_tolerance="0.5")
    result = reconcile_deliveries(notes, lines, as_of=CUT_OFF, policy=loose)
    assert result.findings[0].kind is FindingKind.MATCHED
    assert result.findings[0].difference == cop("0.40")  # still counted, so the totals tie


def test_a_note_billed_by_several_lines_and_a_line_naming_an_unsigned_note() -> None:
    notes = [note("RM-1", "2026-06-02", "10", "500.00")]
    lines = [
        billed("FV-1", "2026-06-03", "6", "300.00", "RM-1"),
        billed("FV-2", "2026-06-20", "4", "200.00", "RM-1"),
    ]
    result = reconcile_deliveries(notes, lines, as_of=CUT_OFF)
    assert [f.kind for f in result.findings] == [FindingKind.MATCHED]
    assert result.rows()[0]["invoices"] == "FV-1;FV-2"
    assert result.rows()[0]["invoiced_amount"] == Decimal("500.00")


def test_an_invoice_named_by_two_notes_links_no_line_without_a_note() -> None:
    notes = [
        note("RM-1", "2026-06-02", "1", "100.00", invoice="FV-1"),
        note("RM-2", "2026-06-02", "1", "100.00", invoice="FV-1"),
    ]
    result = reconcile_deliveries(
        notes, [billed("FV-1", "2026-06-03", "2", "200.00", None)], as_of=CUT_OFF
    )
    assert [f.kind for f in result.findings] == [
        FindingKind.DELIVERED_NOT_INVOICED,
        FindingKind.DELIVERED_NOT_INVOICED,
        FindingKind.NO_NOTE,
    ]


def test_notes_link_within_one_customer_only() -> None:
    other = attrs.evolve(billed("FV-1", "2026-06-03", "1", "100.00", "RM-1"), customer_id="C2")
    result = reconcile_deliveries(
        [note("RM-1", "2026-06-02", "1", "100.00")], [other], as_of=CUT_OFF
    )
    assert [f.kind for f in result.findings] == [
        FindingKind.DELIVERED_NOT_INVOICED,
        FindingKind.NOTE_MISSING,
    ]
    assert result.rows()[1]["customer_id"] == "C2"


def test_a_note_named_by_its_digits_links_only_when_one_note_has_them() -> None:
    one = [note("RM-12", "2026-06-02", "1", "100.00")]
    line_ = billed("FV-1", "2026-06-03", "1", "100.00", "remision 0012")
    assert [f.kind for f in reconcile_deliveries(one, [line_], as_of=CUT_OFF).findings] == [
        FindingKind.MATCHED
    ]
    two = [*one, note("GR-12", "2026-06-02", "1", "100.00")]
    assert [f.kind for f in reconcile_deliveries(two, [line_], as_of=CUT_OFF).findings] == [
        FindingKind.DELIVERED_NOT_INVOICED,
        FindingKind.DELIVERED_NOT_INVOICED,
        FindingKind.NOTE_MISSING,
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"as_of": "2026-06-30"}, "as_of"),
        ({"policy": "strict"}, "policy"),
        ({"currency": "ZZZ"}, "currency"),
        ({"notes": "RM-1"}, "notes"),
        ({"notes": [{"number": "RM-1"}]}, "notes[0]"),
        ({"lines": 5}, "lines"),
        (
            {
                "notes": [
                    note("RM-1", "2026-06-01", "1", "1.00"),
                    note("rm 1", "2026-06-02", "1", "2.00"),
                ]
            },
            "notes[1].number",
        ),
    ],
)
def test_bad_arguments_are_refused(changes: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {"notes": [], "lines": [], "as_of": CUT_OFF, "currency": "COP"}
    arguments.update(changes)
    with pytest.raises(ValidationError) as error:
        reconcile_deliveries(**arguments)  # type: ignore[arg-type]
    assert error.value.field == field


def test_one_currency_at_a_time() -> None:
    usd = attrs.evolve(billed("FV-1", "2026-06-03", "1", "1.00", None), amount=money("1.00", "USD"))
    with pytest.raises(CurrencyMismatchError):
        reconcile_deliveries([note("RM-1", "2026-06-02", "1", "1.00")], [usd], as_of=CUT_OFF)
    with pytest.raises(ValidationError, match="no note or line says it"):
        reconcile_deliveries([], [], as_of=CUT_OFF)


def test_reconcile_deliveries_has_the_engine_shape() -> None:
    from receivables.decisions import engine_departures

    assert engine_departures(reconcile_deliveries) == ()
