"""The command line: each subcommand on small files, and bad files end in a clear exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from receivables.__main__ import main

ITEMS = """number,customer_id,issue_date,due_date,amount,currency
INV-1001,C1,2026-04-01,2026-05-01,1200.00,USD
INV-1002,C1,2026-05-10,2026-06-09,300.00,USD
FAC-7701,C2,2026-06-01,2026-07-01,850.50,USD
"""
PAYMENTS = """id,amount,currency,received_date,payer_name,remittance,customer_id
P1,1200.00,USD,2026-06-20,ACME SUPPLIES,PAGO FACTURA 1001,C1
P2,850.50,USD,2026-06-25,Blue Harbor LLC,FAC-7701,C2
"""


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "items.csv").write_text(ITEMS)
    (tmp_path / "payments.csv").write_text(PAYMENTS)
    return tmp_path


def test_match_writes_one_row_per_application(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["match", str(files / "payments.csv"), str(files / "items.csv"), "--as-of", "2026-06-30"]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith("payment_id,outcome,customer_id,item,amount")
    assert out[1].startswith("P1,applied,C1,INV-1001,1200.00")
    assert out[2].startswith("P2,applied,C2,FAC-7701,850.50")


def test_age_to_json_file(files: Path) -> None:
    target = files / "aging.json"
    code = main(
        [
            "age",
            str(files / "items.csv"),
            "--as-of",
            "2026-06-30",
            "--format",
            "json",
            "-o",
            str(target),
        ]
    )
    rows = json.loads(target.read_text())
    assert code == 0
    total = rows[-1]
    # Worked by hand: INV-1001 due 1 May is 60 days late (31-60), INV-1002 21 days (1-30),
    # FAC-7701 not yet due (current).
    assert (total["customer_id"], total["current"], total["1-30"], total["31-60"]) == (
        "TOTAL",
        "850.50",
        "300.00",
        "1200.00",
    )
    assert total["outstanding"] == "2350.50"


def test_kpis(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "kpis",
            str(files / "items.csv"),
            "--as-of",
            "2026-06-30",
            "--sales",
            "4701.00",
            "--days",
            "90",
            "--format",
            "json",
        ]
    )
    (row,) = json.loads(capsys.readouterr().out)
    assert code == 0
    # DSO = 2350.50 / 4701.00 x 90 = 45; best possible = 850.50 / 4701.00 x 90 = 16.28.
    assert (row["dso"], row["best_possible_dso"], row["average_days_delinquent"]) == (
        "45.00",
        "16.28",
        "28.72",
    )
    assert row["percent_current"] == "36.18"


def test_demo_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--customers", "6", "--quiet"]) == 0
    assert "Cash application" in capsys.readouterr().out
    assert main(["demo", "--customers", "6", "--quiet", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["customers"] == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (ITEMS.replace("2026-06-09", "09/06/2026"), "row 3, column 'due_date'"),
        (ITEMS.replace("850.50", "85O.50"), "row 4, column 'amount'"),
        (ITEMS.replace(",USD\nFAC", ",XYZ\nFAC"), "row 3, column 'currency'"),
        (ITEMS + "INV-9,C1,2026-01-01,2026-01-31,5.00,USD,extra\n", "row 5"),
    ],
)
def test_bad_files_name_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    (tmp_path / "items.csv").write_text(content)
    code = main(["age", str(tmp_path / "items.csv"), "--as-of", "2026-06-30"])
    assert code == 2
    assert message in capsys.readouterr().err


def test_missing_file_and_bad_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["age", str(tmp_path / "nope.csv"), "--as-of", "2026-06-30"]) == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "items.json").write_text("{not json")
    assert main(["age", str(tmp_path / "items.json"), "--as-of", "2026-06-30"]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_json_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {
            "number": "A",
            "customer_id": "C1",
            "issue_date": "2026-06-01",
            "due_date": "2026-06-10",
            "open": "10.00",
            "currency": "EUR",
        }
    ]
    (tmp_path / "items.json").write_text(json.dumps(rows))
    assert main(["age", str(tmp_path / "items.json"), "--as-of", "2026-06-30"]) == 0
    assert "C1,EUR,0.00,10.00" in capsys.readouterr().out


def test_statement_in_the_customers_locale(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "customers.csv").write_text(
        "id,name,country,currency,locale\nC1,Ferretería El Tornillo S.A.S.,CO,USD,es_CO\n"
        "C2,Blue Harbor LLC,US,USD,en_US\n"
    )
    (files / "pay.csv").write_text(
        "id,amount,currency,received_date,customer_id\nP1,1000.00,USD,2026-06-20,C1\n"
    )
    (files / "apps.csv").write_text(
        "id,source_id,target_number,amount,currency,date\nA1,P1,INV-1001,1000.00,USD,2026-06-20\n"
    )
    common = [
        "statement",
        "--customer",
        "C1",
        "--start",
        "2026-05-01",
        "--end",
        "2026-06-30",
        "--invoices",
        str(files / "items.csv"),
        "--payments",
        str(files / "pay.csv"),
        "--applications",
        str(files / "apps.csv"),
        "--customers",
        str(files / "customers.csv"),
    ]
    assert main(common) == 0
    text = capsys.readouterr().out
    # 1,200.00 open on 1 May, +300.00 (INV-1002), -1,000.00 (P1) = 500.00, as es_CO writes it.
    assert "Estado de cuenta" in text
    assert "US$1.200,00" in text
    assert "US$500,00" in text
    assert main([*common, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "date,kind,document,reference,amount,balance"
    assert lines[-1] == "2026-06-30,closing,,,,500.00"


def test_statement_with_an_unknown_invoice_in_applications(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "pay.csv").write_text(
        "id,amount,currency,received_date,customer_id\nP1,10.00,USD,2026-06-20,C1\n"
    )
    (files / "apps.csv").write_text(
        "id,source_id,target_number,amount,currency,date\nA1,P1,INV-404,10.00,USD,2026-06-20\n"
    )
    code = main(
        [
            "statement",
            "--customer",
            "C1",
            "--start",
            "2026-05-01",
            "--end",
            "2026-06-30",
            "--invoices",
            str(files / "items.csv"),
            "--payments",
            str(files / "pay.csv"),
            "--applications",
            str(files / "apps.csv"),
        ]
    )
    assert code == 2
    assert "INV-404" in capsys.readouterr().err
