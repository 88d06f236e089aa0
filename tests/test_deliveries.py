"""Delivery notes against invoices: unbilled deliveries, unsupported billing, differences."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.deliveries import (
    DeliveryNote,
    DeliveryReconciliation,
    FindingKind,
    InvoiceLine,
    reconcile_deliveries,
)
from receivables.errors import ValidationError
from receivables.interop import structure, unstructure
from receivables.money import money
from tests.deliveries import CUT_OFF, billed, cop, note

# --- a worked example ------------------------------------------------------------------
#
# Constructora Andina (C1), June 2026, in COP. Delivery notes (remisiones):
#
#   RM-101  2 Jun  10 u    500,000.00  signed    FV-9001 bills 10 u 500,000.00       matched
#   RM-102  5 Jun  20 u  1,000,000.00  signed    FV-9002 bills 18 u 900,000.00       amount -100,000.00
#   RM-103 10 Jun   5 u    250,000.00  unsigned  FV-9003 bills 5 u 250,000.00        not signed      0
#   RM-104 12 Jun   8 u    400,000.00  signed    FV-9004 bills 10 u 400,000.00       quantity        0
#   RM-105 25 Jun   3 u    150,000.00  signed    not invoiced, 5 days  (0-7)         -150,000.00
#   RM-106 20 Apr   6 u    300,000.00  unsigned  not invoiced, 71 days (over 60)     -300,000.00
#   RM-107 29 Jun   2 u    100,000.00  signed, says FV-9007; FV-9007's line names
#                                      no note and bills 2 u 100,000.00           matched
#   RM-108  2 Jul   delivered after the cut-off: left out
#
#   FV-9005 15 Jun  names RM-999, not on file: chase the note              note missing +50,000.00
#   FV-9006 18 Jun  names no note                                          no note     +200,000.00
#
# Delivered to 30 June: 500 + 1000 + 250 + 400 + 150 + 300 + 100 = 2,700,000.00
# Invoiced to 30 June:  500 + 900 + 250 + 400 + 100 + 50 + 200   = 2,400,000.00
# Differences: -100 - 150 - 300 + 50 + 200 = -300 (thousands): 2,700,000 - 300,000 = 2,400,000.

NOTES = [
    note("RM-101", "2026-06-02", "10", "500000.00"),
    note("RM-102", "2026-06-05", "20", "1000000.00"),
    note("RM-103", "2026-06-10", "5", "250000.00", signed=False),
    note("RM-104", "2026-06-12", "8", "400000.00"),
    note("RM-105", "2026-06-25", "3", "150000.00"),
    note("RM-106", "2026-04-20", "6", "300000.00", signed=False),
    note("RM-107", "2026-06-29", "2", "100000.00", invoice="FV-9007"),
    note("RM-108", "2026-07-02", "1", "50000.00"),
]
LINES = [
    billed("FV-9001", "2026-06-03", "10", "500000.00", "RM 101"),
    billed("FV-9002", "2026-06-06", "18", "900000.00", "rm-0102"),
    billed("FV-9003", "2026-06-11", "5", "250000.00", "RM-103"),
    billed("FV-9004", "2026-06-13", "10", "400000.00", "RM-104"),
    billed("FV-9007", "2026-06-30", "2", "100000.00", None),
    billed("FV-9005", "2026-06-15", "1", "50000.00", "RM-999"),
    billed("FV-9006", "2026-06-18", "4", "200000.00", None),
]


def test_the_worked_example_ties_and_names_every_finding() -> None:
    result = reconcile_deliveries(NOTES, LINES, as_of=CUT_OFF)
    assert (result.delivered, result.invoiced) == (cop("2700000.00"), cop("2400000.00"))
    found = [
        (f.kind.value, f.note.number if f.note else f.lines[0].invoice, f.difference)
        for f in result.findings
    ]
    assert found == [
        ("delivered_not_invoiced", "RM-106", cop("-300000.00")),
        ("delivered_not_invoiced", "RM-105", cop("-150000.00")),
        ("amount_differs", "RM-102", cop("-100000.00")),
        ("quantity_differs", "RM-104", cop("0.00")),
        ("not_signed", "RM-103", cop("0.00")),
        ("note_missing", "FV-9005", cop("50000.00")),
        ("no_note", "FV-9006", cop("200000.00")),
        ("matched", "RM-101", cop("0.00")),
        ("matched", "RM-107", cop("0.00")),
    ]
    assert [n.number for n in result.notes_after_cut_off] == ["RM-108"]
    assert result.lines_after_cut_off == ()
    amount = result.findings[2]
    assert [r.code for r in amount.reasons] == ["amount_differs", "quantity_differs"]
    assert amount.quantity_difference == Decimal(-2)
    assert (result.findings[0].days, result.findings[0].bucket) == (71, "over 60")
    assert (result.findings[1].days, result.findings[1].bucket) == (5, "0-7")
    assert result.ageing() == {
        "0-7": cop("150000.00"),
        "8-30": cop("0.00"),
        "31-60": cop("0.00"),
        "over 60": cop("300000.00"),
    }
    totals = result.totals()
    assert totals[FindingKind.DELIVERED_NOT_INVOICED] == cop("-450000.00")
    assert totals[FindingKind.MATCHED] == cop("0.00")
    assert len(result.worklist) == 7
    assert result.findings[0].reasons[0].data["bucket"] == "over 60"
    assert (result.findings[0].policy_id, result.findings[0].policy_version) == (
        "delivery-notes",
        "1",
    )


def test_rows_from_rows_frame_and_json() -> None:
    row = {
        "number": "RM-1",
        "customer_id": "C1",
        "date": "2026-06-02",
        "quantity": "2",
        "amount": "100.00",
        "currency": "COP",
        "signed": "Sí",
        "item": "CEM-50",
    }
    assert DeliveryNote.from_row(row).signed is True
    assert DeliveryNote.from_row({**row, "signed": ""}).signed is False
    result = reconcile_deliveries(NOTES, LINES, as_of=CUT_OFF)
    assert sum(r["difference"] for r in result.rows()) == Decimal("-300000.00")
    assert result.frame()["status"].iloc[0] == "delivered_not_invoiced"
    data = unstructure(result)
    assert data["delivered"] == {"amount": "2700000.00", "currency": "COP"}
    assert structure(data, DeliveryReconciliation) == result


# --- error paths -----------------------------------------------------------------------


def test_a_report_that_does_not_tie_cannot_be_built() -> None:
    result = reconcile_deliveries(NOTES, LINES, as_of=CUT_OFF)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(result, invoiced=cop("1.00"))
    assert error.value.field == "delivery_reconciliation.findings"


# --- properties ------------------------------------------------------------------------

NUMBERS = ["RM-1", "RM-2", "rm 0002", "RM-3", "RM-4"]


@st.composite
def notes_and_lines(draw: st.DrawFn) -> tuple[list[DeliveryNote], list[InvoiceLine]]:
    numbers = draw(st.lists(st.sampled_from(["RM-1", "RM-2", "RM-3", "RM-4"]), unique=True))
    notes = [
        DeliveryNote(
            number=number,
            customer_id=draw(st.sampled_from(["C1", "C2"])),
            date=CUT_OFF + dt.timedelta(days=draw(st.integers(-90, 3))),
            quantity=Decimal(draw(st.integers(1, 20))),
            amount=money(Decimal(draw(st.integers(1, 10**7))).scaleb(-2), "COP"),
            signed=draw(st.booleans()),
            invoice=draw(st.sampled_from([None, "FV-1", "FV-2"])),
        )
        for number in numbers
    ]
    lines = [
        InvoiceLine(
            invoice=draw(st.sampled_from(["FV-1", "FV-2", "FV-3"])),
            customer_id=draw(st.sampled_from(["C1", "C2"])),
            date=CUT_OFF + dt.timedelta(days=draw(st.integers(-60, 3))),
            quantity=Decimal(draw(st.integers(1, 20))),
            amount=money(Decimal(draw(st.integers(1, 10**7))).scaleb(-2), "COP"),
            delivery_note=draw(st.sampled_from([None, *NUMBERS])),
        )
        for _ in range(draw(st.integers(0, 8)))
    ]
    return notes, lines


@given(notes_and_lines(), st.randoms(use_true_random=False))
def test_any_notes_and_lines_tie_and_are_each_accounted_for_once(data, random) -> None:  # type: ignore[no-untyped-def]
    notes, lines = data
    result = reconcile_deliveries(notes, lines, as_of=CUT_OFF, currency="COP")
    delivered = sum((n.amount for n in notes if n.date <= CUT_OFF), cop("0"))
    invoiced = sum((x.amount for x in lines if x.date <= CUT_OFF), cop("0"))
    assert (result.delivered, result.invoiced) == (delivered, invoiced)
    assert delivered + sum((f.difference for f in result.findings), cop("0")) == invoiced
    seen_notes = Counter(f.note for f in result.findings if f.note is not None)
    seen_notes.update(result.notes_after_cut_off)
    seen_lines = Counter(line for f in result.findings for line in f.lines)
    seen_lines.update(result.lines_after_cut_off)
    assert seen_notes == Counter(notes)
    assert seen_lines == Counter(lines)
    assert (
        sum(result.ageing().values(), cop("0"))
        == -result.totals()[FindingKind.DELIVERED_NOT_INVOICED]
    )
    shuffled_notes, shuffled_lines = list(notes), list(lines)
    random.shuffle(shuffled_notes)
    random.shuffle(shuffled_lines)
    again = reconcile_deliveries(shuffled_notes, shuffled_lines, as_of=CUT_OFF, currency="COP")
    assert again == result
    assert again.rows() == result.rows()


# --- the command line ------------------------------------------------------------------


def test_the_command_line_ties_the_worked_example(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from receivables.__main__ import main

    with open(tmp_path / "notes.csv", "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["number", "customer_id", "date", "quantity", "amount", "currency", "signed", "invoice"]
        )
        for n in NOTES:
            writer.writerow(
                [
                    n.number,
                    n.customer_id,
                    n.date,
                    n.quantity,
                    n.amount.amount,
                    "COP",
                    "yes" if n.signed else "no",
                    n.invoice or "",
                ]
            )
    with open(tmp_path / "invoices.csv", "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["invoice", "customer_id", "date", "quantity", "amount", "currency", "delivery_note"]
        )
        for x in LINES:
            writer.writerow(
                [
                    x.invoice,
                    x.customer_id,
                    x.date,
                    x.quantity,
                    x.amount.amount,
                    "COP",
                    x.delivery_note or "",
                ]
            )
    arguments = [
        "deliveries",
        str(tmp_path / "notes.csv"),
        str(tmp_path / "invoices.csv"),
        "--as-of",
        "2026-06-30",
    ]
    assert main(arguments) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["status"] for row in rows] == [
        f.kind.value for f in reconcile_deliveries(NOTES, LINES, as_of=CUT_OFF).findings
    ]
    assert sum(Decimal(row["difference"]) for row in rows) == Decimal("-300000.00")
    assert main([*arguments, "--report", "ageing"]) == 0
    ageing = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(row["bucket"], row["amount"]) for row in ageing] == [
        ("0-7", "150000.00"),
        ("8-30", "0.00"),
        ("31-60", "0.00"),
        ("over 60", "300000.00"),
    ]
    (tmp_path / "policy.json").write_text('{"ageing_bounds": [30]}', encoding="utf-8")
    assert main([*arguments, "--policy", str(tmp_path / "policy.json"), "--format", "json"]) == 0
    assert '"ageing_labels": [\n    "0-30",\n    "over 30"\n  ]' in capsys.readouterr().out
    (tmp_path / "invoices.csv").write_text("invoice,customer_id,date\nFV-1,C1,2026-06-01\n")
    assert main(arguments) == 2
    assert "missing from the header" in capsys.readouterr().err
    (tmp_path / "invoices.csv").write_text(
        "invoice,customer_id,date,quantity,amount,currency\nFV-1,C1,2026-06-01,0,1.00,COP\n"
    )
    assert main(arguments) == 2
    assert "row 2, column 'quantity'" in capsys.readouterr().err


@given(notes_and_lines())
def test_reports_of_each_customer_merge_into_the_whole(data) -> None:  # type: ignore[no-untyped-def]
    from receivables.deliveries import merge

    notes, lines = data
    whole = reconcile_deliveries(notes, lines, as_of=CUT_OFF, currency="COP")
    parts = [
        reconcile_deliveries(
            [n for n in notes if n.customer_id == customer],
            [x for x in lines if x.customer_id == customer],
            as_of=CUT_OFF,
            currency="COP",
        )
        for customer in ("C1", "C2")
    ]
    assert merge(*parts) == whole
    assert merge(*reversed(parts)) == whole
    assert merge(merge(parts[0]), parts[1]) == whole
