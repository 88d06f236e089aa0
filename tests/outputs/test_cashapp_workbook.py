"""The cash application workbook: every outcome on its sheet, and confirmations read back."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from hypothesis import given, settings

from receivables.cashapp import CashApplicationResult, MatchOutcome, match
from receivables.documents import Customer, Invoice, Payment
from receivables.errors import ValidationError
from receivables.money import money
from receivables.outputs.cashapp_workbook import (
    COLUMNS,
    Confirmation,
    cashapp_workbook,
    read_confirmations,
)
from receivables.outputs.labels import words
from tests.outputs import open_workbook
from tests.strategies import CASHAPP_CUSTOMERS, cashapp_cases

D = dt.date
SHEET_NAMES = {
    MatchOutcome.APPLIED: "Applied",
    MatchOutcome.ON_ACCOUNT: "Applied",
    MatchOutcome.PROPOSED: "Proposed",
    MatchOutcome.UNIDENTIFIED: "Unidentified",
    MatchOutcome.DUPLICATE: "Duplicates",
}
NAMES = {"C1": "Acme, Inc.", "C2": "Bolt Logistics", "C3": "Café Andino SAS"}


@pytest.fixture(scope="module")
def result() -> CashApplicationResult:
    """Eight payments, one of each outcome and a few more (outcomes checked below)."""
    invoices = [
        Invoice(number="INV-1001", customer_id="C1", issue_date=D(2026, 1, 5),
                due_date=D(2026, 2, 4), amount=money("1200.00", "USD")),
        Invoice(number="INV-2001", customer_id="C2", issue_date=D(2026, 1, 5),
                due_date=D(2026, 2, 4), amount=money("500.00", "USD")),
        Invoice(number="INV-2002", customer_id="C2", issue_date=D(2026, 1, 6),
                due_date=D(2026, 2, 5), amount=money("500.00", "USD")),
        Invoice(number="F-77", customer_id="C3", issue_date=D(2026, 1, 6),
                due_date=D(2026, 2, 5), amount=money("3000000.00", "COP")),
    ]  # fmt: skip
    customers = [Customer(id=key, name=name) for key, name in NAMES.items()]
    payments = [
        Payment(id="P1", amount=money("1200.00", "USD"), received_date=D(2026, 2, 1),
                payer_name="ACME INC", remittance="pago factura inv 1001"),
        Payment(id="P2", amount=money("500.00", "USD"), received_date=D(2026, 2, 2),
                customer_id="C2"),
        Payment(id="P3", amount=money("77.00", "USD"), received_date=D(2026, 2, 2),
                payer_name="Unknown Co"),
        Payment(id="P4", amount=money("1200.00", "USD"), received_date=D(2026, 2, 3),
                payer_name="ACME INC", remittance="pago factura inv 1001"),
        Payment(id="P5", amount=money("999.00", "USD"), received_date=D(2026, 2, 3),
                customer_id="C1", remittance="anticipo"),
        Payment(id="P6", amount=money("2999000.00", "COP"), received_date=D(2026, 2, 3),
                payer_name="CAFE ANDINO", remittance="F-77"),
        Payment(id="P7", amount=money("13.00", "USD"), received_date=D(2026, 2, 3),
                payer_name="Bolt Log"),
    ]  # fmt: skip
    found = match(payments, invoices, customers=customers, as_of=D(2026, 2, 4))
    assert [d.outcome.value for d in found.decisions] == [
        "applied", "proposed", "unidentified", "duplicate", "on_account", "applied", "unidentified",
    ]  # fmt: skip
    return found


def _rows(sheet: Any) -> list[dict[str, Any]]:
    header = [c.value for c in sheet[1]]
    return [
        dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]


def test_each_outcome_on_its_sheet_with_reasons_in_words(result: CashApplicationResult) -> None:
    book = open_workbook(cashapp_workbook(result, names=NAMES))
    assert book.sheetnames == ["Applied", "Proposed", "Unidentified", "Duplicates"]
    applied = _rows(book["Applied"])
    assert [r["Payment"] for r in applied] == ["P1", "P5", "P6"]
    p1, p5, p6 = applied
    assert p1["Invoices"] == "INV-1001"
    assert p1["Name"] == "Acme, Inc."
    assert p1["Result"] == "Applied"
    assert p1["Why"] == (
        "Payer name 'ACME INC' is customer C1. '1001' names INV-1001. "
        "The payment equals the open amount."
    )
    assert p5["Result"] == "On account (nothing to apply)"
    assert p6["Difference treated as"] == "Partial payment (left open)"
    assert (p6["Amount"], p6["Applied"], p6["Unapplied"], p6["Difference"]) == (
        2999000.0, 2999000.0, 0.0, 1000.0,
    )  # fmt: skip
    proposed = _rows(book["Proposed"])
    assert [r["Payment"] for r in proposed] == ["P2"]
    assert proposed[0]["Invoices"] == "INV-2001"
    assert proposed[0]["Alternatives"] == "INV-2001: $500.00 (40%); INV-2002: $500.00 (35%)"
    assert "2 sets of open items match the amount; a person chooses." in proposed[0]["Why"]
    unidentified = _rows(book["Unidentified"])
    assert [(r["Payment"], r["Most likely customer"]) for r in unidentified] == [
        ("P3", None),
        ("P7", "C2"),
    ]
    assert unidentified[1]["Possible customers"] == "C2 Bolt Logistics (73%)"
    duplicates = _rows(book["Duplicates"])
    assert [(r["Payment"], r["Duplicate of"]) for r in duplicates] == [("P4", "P1")]


def test_amounts_dates_and_confidence_are_typed_cells(result: CashApplicationResult) -> None:
    sheet = open_workbook(cashapp_workbook(result, locale="es_CO"))["Aplicados"]
    header = [c.value for c in sheet[1]]
    amount = sheet.cell(2, header.index("Valor") + 1)
    assert (amount.value, amount.number_format) == (1200.0, "#,##0.00;[Red]-#,##0.00")
    date = sheet.cell(2, header.index("Fecha") + 1)
    assert (date.value.date(), date.number_format) == (D(2026, 2, 1), "d/mm/yyyy")
    confidence = sheet.cell(2, header.index("Confianza") + 1)
    assert isinstance(confidence.value, float)
    assert confidence.number_format == "0%"
    assert header[-2:] == [
        "Confirmar: OK, o los números de factura correctos",
        "Cliente correcto (si es otro)",
    ]
    assert sheet.freeze_panes == "B2"
    for key, columns in COLUMNS.items():
        headings = [
            c.value for c in open_workbook(cashapp_workbook(result))[words("en_US")[key]][1]
        ]
        assert headings == [words("en_US")[column] for column in columns]


def _confirm(data: bytes, answers: dict[tuple[str, str], tuple[str, str | None]]) -> bytes:
    """What an analyst does: type in the Confirm (and Right customer) cells, and save."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    for (sheet_name, payment), (answer, customer) in answers.items():
        sheet = book[sheet_name]
        header = [c.value for c in sheet[1]]
        confirm = next(
            i for i, h in enumerate(header, 1) if str(h).startswith(("Confirm", "Confirmar"))
        )
        right = confirm + 1
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row, 1).value == payment:
                sheet.cell(row, confirm).value = answer
                if customer is not None:
                    sheet.cell(row, right).value = customer
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_confirmations_read_back_from_the_same_workbook(result: CashApplicationResult) -> None:
    data = _confirm(
        cashapp_workbook(result),
        {
            ("Applied", "P1"): ("OK", None),
            ("Applied", "P5"): ("ok", None),
            ("Proposed", "P2"): ("INV-2002", None),
            ("Unidentified", "P3"): ("INV-2001; INV-2002", "C2"),
            ("Unidentified", "P7"): ("OK", None),
            ("Duplicates", "P4"): ("OK", None),
        },
    )
    assert read_confirmations(data) == (
        Confirmation(payment_id="P1", outcome="applied", invoice_numbers=("INV-1001",), customer_id="C1"),
        Confirmation(payment_id="P5", outcome="on_account", invoice_numbers=(), customer_id="C1"),
        Confirmation(payment_id="P2", outcome="applied", invoice_numbers=("INV-2002",), customer_id="C2"),
        Confirmation(payment_id="P3", outcome="applied", invoice_numbers=("INV-2001", "INV-2002"), customer_id="C2"),
        Confirmation(payment_id="P7", outcome="on_account", invoice_numbers=(), customer_id="C2"),
        Confirmation(payment_id="P4", outcome="duplicate", invoice_numbers=(), customer_id="C1"),
    )  # fmt: skip


def test_ok_on_a_proposal_takes_the_proposed_invoices(result: CashApplicationResult) -> None:
    data = _confirm(cashapp_workbook(result), {("Proposed", "P2"): ("OK", None)})
    (confirmation,) = read_confirmations(data)
    assert confirmation.outcome is MatchOutcome.APPLIED
    assert confirmation.invoice_numbers == ("INV-2001",)


def test_spanish_workbook_and_reordered_columns_and_numbers_typed_as_numbers(
    result: CashApplicationResult,
) -> None:
    import openpyxl

    data = _confirm(cashapp_workbook(result, locale="es_MX"), {("Propuestos", "P2"): ("OK", None)})
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Aplicados"]
    sheet.insert_cols(2)  # the analyst adds a column of notes
    sheet.cell(1, 2).value = "Notas"
    header = [c.value for c in sheet[1]]
    sheet.cell(4, header.index("Confirmar: OK, o los números de factura correctos") + 1).value = 77
    out = io.BytesIO()
    book.save(out)
    assert read_confirmations(out.getvalue()) == (
        Confirmation(payment_id="P6", outcome="applied", invoice_numbers=("77",), customer_id="C3"),
        Confirmation(payment_id="P2", outcome="applied", invoice_numbers=("INV-2001",), customer_id="C2"),
    )  # fmt: skip


def test_reading_errors_name_the_sheet_and_row(result: CashApplicationResult) -> None:
    with pytest.raises(ValidationError, match=r"Unidentified!2\.confirm.*right customer"):
        read_confirmations(
            _confirm(cashapp_workbook(result), {("Unidentified", "P3"): ("OK", None)})
        )
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(cashapp_workbook(result)))
    book["Duplicates"].cell(3, 1).value = "P1"
    book["Duplicates"].cell(3, 8).value = "OK"
    book["Applied"].cell(2, 15).value = "OK"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValidationError, match=r"Duplicates!3\.payment.*also Applied!2"):
        read_confirmations(out.getvalue())
    book["Duplicates"].cell(3, 1).value = None
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValidationError, match=r"Duplicates!3\.payment.*payment id"):
        read_confirmations(out.getvalue())
    book["Applied"].cell(1, 15).value = "Notes"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValidationError, match=r"Applied!1.*'confirm' column"):
        read_confirmations(out.getvalue())
    empty = openpyxl.Workbook()
    out = io.BytesIO()
    empty.save(out)
    with pytest.raises(ValidationError, match="the sheets of a cash application workbook"):
        read_confirmations(out.getvalue())
    with pytest.raises(ValidationError, match=r"not an \.xlsx file"):
        read_confirmations(b"PK\x03\x04 broken")
    with pytest.raises(ValidationError, match=r"bytes of an \.xlsx file"):
        read_confirmations("workbook.xlsx")  # type: ignore[arg-type]


def test_writing_errors(result: CashApplicationResult) -> None:
    with pytest.raises(ValidationError, match=r"decisions\[0\]"):
        cashapp_workbook(["P1"])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="names"):
        cashapp_workbook(result, names=["Acme"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="locale"):
        cashapp_workbook(result, locale="xx")


def test_confirmation_validation() -> None:
    with pytest.raises(ValidationError, match="at least one invoice"):
        Confirmation(payment_id="P1", outcome="applied", invoice_numbers=(), customer_id="C1")
    with pytest.raises(ValidationError, match="payment_id"):
        Confirmation(payment_id="", outcome="duplicate", invoice_numbers=(), customer_id=None)
    with pytest.raises(ValidationError, match="invoice_numbers"):
        Confirmation(payment_id="P1", outcome="applied", invoice_numbers="INV-1", customer_id=None)
    with pytest.raises(ValidationError, match="invoice_numbers"):
        Confirmation(payment_id="P1", outcome="applied", invoice_numbers=[""], customer_id=None)
    with pytest.raises(ValidationError, match="customer_id"):
        Confirmation(payment_id="P1", outcome="duplicate", invoice_numbers=(), customer_id=5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="refund"):
        Confirmation(payment_id="P1", outcome="refund", invoice_numbers=(), customer_id=None)


# Fewer examples than the CI profile's 150: each example writes an xlsx workbook and reads it back.
@settings(max_examples=30)
@given(cashapp_cases())
def test_ok_on_every_row_reads_back_as_the_decisions_say(
    case: tuple[dict[str, list[object]], dict[str, list[object]]],
) -> None:
    """Confirming every row as it stands gives back each decision's customer and invoices."""
    payments, items = case
    found = match(payments, items, customers=CASHAPP_CUSTOMERS, as_of=D(2026, 2, 7))
    answers = {
        (SHEET_NAMES[d.outcome], d.payment_id): (
            "OK",
            None if d.customer_id or d.suggestions else "C1",
        )
        for d in found.decisions
    }
    confirmations = {
        c.payment_id: c for c in read_confirmations(_confirm(cashapp_workbook(found), answers))
    }
    assert set(confirmations) == {d.payment_id for d in found.decisions}
    for decision in found.decisions:
        confirmation = confirmations[decision.payment_id]
        invoices = tuple(line.item for line in decision.lines)
        if decision.outcome is MatchOutcome.DUPLICATE:
            assert confirmation.outcome is MatchOutcome.DUPLICATE
        elif decision.outcome is MatchOutcome.UNIDENTIFIED:
            expected = decision.suggestions[0].customer_id if decision.suggestions else "C1"
            assert (confirmation.outcome, confirmation.customer_id) == (
                MatchOutcome.ON_ACCOUNT,
                expected,
            )
        else:
            assert confirmation.invoice_numbers == invoices
            assert confirmation.customer_id == decision.customer_id
            kind = MatchOutcome.APPLIED if invoices else MatchOutcome.ON_ACCOUNT
            assert confirmation.outcome is kind


def test_text_that_looks_like_a_formula_stays_text() -> None:
    """OWASP CSV/formula injection: a payment id or name starting with '=' is a string cell."""
    found = match(
        {"id": ['=HYPERLINK("http://x","y")'], "amount": [500], "currency": ["USD"],
         "received_date": ["2026-03-02"], "customer_id": ["C1"], "remittance": [""]},
        {"number": ["INV-1"], "customer_id": ["C1"], "open": [900], "currency": ["USD"],
         "due_date": ["2026-03-01"]},
        as_of=D(2026, 3, 2),
    )  # fmt: skip
    book = open_workbook(cashapp_workbook(found, names={"C1": "=1+1"}))
    sheet = book[SHEET_NAMES[found.decisions[0].outcome]]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x","y")'
    header = [c.value for c in sheet[1]]
    name = sheet.cell(2, header.index("Name") + 1)
    assert (name.data_type, name.value) == ("s", "=1+1")
