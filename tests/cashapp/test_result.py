"""The result's rows, columns, frame and CSV tie out to the bank total (issue 15, item 1)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from receivables.__main__ import main
from receivables.cashapp import MatchOutcome, match
from receivables.documents import Customer, Invoice, Payment
from receivables.money import money
from tests.strategies import CASHAPP_CUSTOMERS, cashapp_cases

AS_OF = dt.date(2026, 3, 31)
CUSTOMERS = [Customer(id="C1", name="Acme Supplies Inc")]


def _issue_case() -> Any:
    """The two payments of the issue: 2,000.00 on a 1,234.56 invoice, an unknown 300.00."""
    invoice = Invoice(
        number="INV-1001",
        customer_id="C1",
        issue_date=dt.date(2026, 1, 5),
        due_date=dt.date(2026, 2, 4),
        amount=money("1234.56", "USD"),
    )
    payments = [
        Payment(
            id="P1",
            amount=money("2000.00", "USD"),
            received_date=dt.date(2026, 3, 2),
            customer_id="C1",
            remittance="INV-1001",
        ),
        Payment(
            id="P2",
            amount=money("300.00", "USD"),
            received_date=dt.date(2026, 3, 2),
            payer_name="Somebody Unknown",
        ),
    ]
    return match(payments, [invoice], customers=CUSTOMERS, as_of=AS_OF)


def test_an_overpayment_shows_what_stayed_on_account() -> None:
    result = _issue_case()
    over, unknown = result.rows()
    assert over["outcome"] == "applied"
    assert (over["amount"], over["payment_amount"], over["unapplied"]) == (
        Decimal("1234.56"),
        Decimal("2000.00"),
        Decimal("765.44"),
    )
    assert unknown["outcome"] == "unidentified"
    assert (unknown["amount"], unknown["payment_amount"], unknown["unapplied"]) == (
        Decimal("0.00"),
        Decimal("300.00"),
        Decimal("300.00"),
    )


def test_the_frame_sums_back_to_the_bank_total() -> None:
    frame = _issue_case().frame()
    assert frame["source_amount"].sum() + frame["unapplied"].sum() == Decimal("2300.00")


def test_the_csv_of_the_command_line_ties_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "items.csv").write_text(
        "number,customer_id,issue_date,due_date,amount,currency\n"
        "INV-1001,C1,2026-01-05,2026-02-04,1234.56,USD\n"
    )
    (tmp_path / "bank.csv").write_text(
        "id,amount,currency,received_date,customer_id,payer_name,remittance\n"
        "P1,2000.00,USD,2026-03-02,C1,,INV-1001\n"
        "P2,300.00,USD,2026-03-02,,Somebody Unknown,\n"
    )
    argv = [
        "match",
        str(tmp_path / "bank.csv"),
        str(tmp_path / "items.csv"),
        "--as-of",
        "2026-03-31",
    ]
    assert main(argv) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    spent = sum(Decimal(r["source_amount"]) for r in rows)
    left = sum(Decimal(r["unapplied"]) for r in rows)
    assert spent + left == Decimal("2300.00")
    assert [r["unapplied"] for r in rows] == ["765.44", "300.00"]


# Fewer examples than the CI profile's 150: each example runs a whole cash application.
@settings(max_examples=40)
@given(cashapp_cases())
def test_every_payment_ties_out_in_rows_and_columns(case: Any) -> None:
    payments, items = case
    result = match(payments, items, customers=CASHAPP_CUSTOMERS, as_of=AS_OF)
    table = result.columns()
    per_payment: dict[str, int] = defaultdict(int)
    for pid, spent, left, total in zip(
        table["payment_id"],
        table["source_amount"],
        table["unapplied"],
        table["payment_amount"],
        strict=True,
    ):
        per_payment[pid] += spent + left
        assert total == payments["amount"][payments["id"].index(pid)]
    assert dict(per_payment) == dict(zip(payments["id"], payments["amount"], strict=True))
    assert sum(table["source_amount"]) + sum(table["unapplied"]) == sum(payments["amount"])
    for decision in result.decisions:
        if decision.outcome in (MatchOutcome.UNIDENTIFIED, MatchOutcome.DUPLICATE):
            assert decision.unapplied == decision.amount
