"""Statements as a workbook: one sheet per customer, localized, and the balances tie in formulas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings

from receivables.documents import CreditNote, Customer, Invoice, Payment
from receivables.errors import ValidationError
from receivables.ledger import Ledger
from receivables.money import money
from receivables.outputs.statement_workbook import statement_workbook
from receivables.statements import Statement, statements
from tests.outputs import evaluate, exact, open_workbook
from tests.strategies import ledgers

D = dt.date


@pytest.fixture
def march() -> tuple[Statement, ...]:
    """Two customers' March (USD), worked by hand.

    C1 (es_CO): opening 1,000.00 (INV-1, 20 Feb, due 28 Feb); 5 Mar INV-2 +500.00 → 1,500.00;
        12 Mar P1 -300.00 → 1,200.00; 20 Mar CN-1 -100.00 → 1,100.00. Closing 1,100.00:
        INV-1 1,000.00 is 31 days past due on 31 Mar (31-60), INV-2 500.00 is current (due 4 Apr),
        less 300.00 unapplied cash and 100.00 unapplied credit.
    C2 (en_US): 10 Mar INV-9 +0.10, 11 Mar INV-10 +0.20 → 0.30.
    """
    ledger = Ledger.of(
        [
            Customer(id="C1", name="Café Andino SAS", currency="USD", locale="es_CO"),
            Customer(id="C2", name="Bolt Logistics", currency="USD", locale="en_US"),
            Invoice(number="INV-1", customer_id="C1", issue_date=D(2026, 2, 20),
                    due_date=D(2026, 2, 28), amount=money("1000.00", "USD")),
            Invoice(number="INV-2", customer_id="C1", issue_date=D(2026, 3, 5),
                    due_date=D(2026, 4, 4), amount=money("500.00", "USD")),
            Payment(id="P1", customer_id="C1", amount=money("300.00", "USD"),
                    received_date=D(2026, 3, 12), bank_reference="TRF-88"),
            CreditNote(number="CN-1", customer_id="C1", issue_date=D(2026, 3, 20),
                       amount=money("100.00", "USD")),
            Invoice(number="INV-9", customer_id="C2", issue_date=D(2026, 3, 10),
                    due_date=D(2026, 4, 9), amount=money("0.10", "USD")),
            Invoice(number="INV-10", customer_id="C2", issue_date=D(2026, 3, 11),
                    due_date=D(2026, 4, 10), amount=money("0.20", "USD")),
        ]
    )  # fmt: skip
    return statements(ledger, start=D(2026, 3, 1), end=D(2026, 3, 31))


def test_one_sheet_per_customer_in_its_language(march: tuple[Statement, ...]) -> None:
    book = open_workbook(statement_workbook(march))
    assert book.sheetnames == ["C1", "C2"]
    c1 = book["C1"]
    assert c1["A1"].value == "Estado de cuenta"
    assert c1["B2"].value == "Café Andino SAS (C1)"
    assert (c1["B3"].value.date(), c1["C3"].value.date()) == (D(2026, 3, 1), D(2026, 3, 31))
    assert c1["B3"].number_format == "d/mm/yyyy"
    assert [c.value for c in c1[6]][:7] == [
        "Fecha", "Tipo", "Documento", "Referencia", "Débito", "Crédito", "Saldo",
    ]  # fmt: skip
    body = [[c.value for c in row][1:7] for row in c1.iter_rows(min_row=7, max_row=11)]
    assert body[:4] == [
        ["Saldo inicial", None, None, None, None, 1000.0],
        ["Factura", "INV-2", None, 500.0, None, 1500.0],
        ["Pago", "P1", "TRF-88", None, 300.0, 1200.0],
        ["Nota crédito", "CN-1", None, None, 100.0, 1100.0],
    ]
    assert body[4][:1] == ["Saldo final"]
    assert c1["E8"].number_format == "#,##0.00;[Red]-#,##0.00"
    assert c1.freeze_panes == "A7"
    c2 = book["C2"]
    assert c2["A1"].value == "Statement of account"
    assert c2["B3"].number_format == "m/d/yyyy"
    assert c2["B8"].value == "Invoice"


def test_closing_balance_and_aging_are_formulas_that_tie(march: tuple[Statement, ...]) -> None:
    data = statement_workbook(march)
    c1, c2 = open_workbook(data)["C1"], open_workbook(data)["C2"]
    assert c1["G11"].value == "=ROUND(G7+SUM(E8:E10)-SUM(F8:F10),2)"
    assert evaluate_statement(c1, "G11") == Decimal("1100.00")
    assert evaluate_statement(c2, "G10") == Decimal("0.30")
    assert open_workbook(data, data_only=True)["C1"]["G11"].value == 1100.0
    assert c1["A13"].value == "Cartera por edades"
    assert [c.value for c in c1[14]] == [
        "Corriente", "1-30 días", "31-60 días", "61-90 días", "Más de 90 días",
        "Pagos sin aplicar", "Créditos sin aplicar", "Saldo",
    ]  # fmt: skip
    assert [c.value for c in c1[15]][:7] == [500.0, 0.0, 1000.0, 0.0, 0.0, 300.0, 100.0]
    assert c1["H15"].value == "=ROUND(SUM(A15:E15)-F15-G15,2)"
    assert evaluate(c1, "=ROUND(SUM(A15:E15),2)") - Decimal(300) - Decimal(100) == Decimal("1100")


def evaluate_statement(sheet: object, cell: str) -> Decimal:
    """``=ROUND(G7+SUM(E..)-SUM(F..),2)`` as a spreadsheet computes it."""
    import re

    formula = sheet[cell].value  # type: ignore[index]
    found = re.fullmatch(
        r"=ROUND\(G(\d+)(?:\+SUM\((E\d+:E\d+)\)-SUM\((F\d+:F\d+)\))?,(\d)\)", formula
    )
    assert found, formula
    opening, debits, credits, digits = found.groups()
    value = sheet[f"G{opening}"].value  # type: ignore[index]
    if debits:
        value += float(evaluate(sheet, f"=ROUND(SUM({debits}),{digits})"))
        value -= float(evaluate(sheet, f"=ROUND(SUM({credits}),{digits})"))
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-int(digits)))


def test_locale_override_and_several_currencies(march: tuple[Statement, ...]) -> None:
    book = open_workbook(statement_workbook(march, locale="en_US"))
    assert book["C1"]["A1"].value == "Statement of account"
    import attrs

    twice = (march[1], attrs.evolve(march[1], currency="USD"))
    assert open_workbook(statement_workbook(twice)).sheetnames == ["C2 USD", "C2 USD (2)"]
    assert open_workbook(statement_workbook([])).sheetnames == ["Statement of account"]


def test_bad_input(march: tuple[Statement, ...]) -> None:
    with pytest.raises(ValidationError, match="a sequence of Statement"):
        statement_workbook(march[0])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"statements\[1\]"):
        statement_workbook([march[0], "C2"])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="locale"):
        statement_workbook(march, locale="xx_YY")


# Fewer examples than the CI profile's 150: each example writes an xlsx workbook and reads it back.
@settings(max_examples=25)
@given(ledgers())
def test_every_sheet_ties_for_any_ledger(case: tuple[Ledger, list[dt.date]]) -> None:
    """For any ledger, each sheet's closing formula and aging balance equal the statement's."""
    ledger, _ = case
    found = statements(ledger, start=D(2026, 2, 1), end=D(2026, 2, 28))
    book = open_workbook(statement_workbook(found))
    assert len(book.worksheets) == max(len(found), 1)
    if not found:
        assert book.sheetnames == ["Statement of account"]
    for document, sheet in zip(found, book.worksheets[: len(found)], strict=True):
        assert sheet.title.startswith(document.customer_id)
        closing_row = 7 + len(document.lines) + 1
        assert sheet.cell(closing_row, 2).value == "Closing balance"
        assert evaluate_statement(sheet, f"G{closing_row}") == document.closing.amount
        values = [sheet.cell(closing_row + 4, c).value for c in range(1, 9)]
        assert (
            sum(exact(v, 2) for v in values[:5]) - exact(values[5], 2) - exact(values[6], 2)
            == document.aging.net.amount
        )
        for row, line in enumerate(document.lines, start=8):
            assert exact(sheet.cell(row, 7).value, 2) == line.balance.amount
