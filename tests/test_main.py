"""The command line: each subcommand on small files, and bad files end in a clear exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- files as people really send them ----------------------------------------------------

SPANISH_EXCEL = "id;amount;currency;received_date\nP1;1200,00;USD;2026-06-20\n"


@pytest.mark.parametrize(
    ("command", "content", "message"),
    [
        # Excel in a Spanish locale saves "CSV" with ';' and decimal commas
        (["match", "{file}", "{items}"], SPANISH_EXCEL, "separated by semicolons"),
        (["age", "{file}"], ITEMS.replace(",", "\t"), "separated by tabs"),
        (["age", "{file}"], "", "the file is empty; expected columns number, customer_id"),
        (["kpis", "{file}", "--sales", "100"], "\n\n", "the file is empty"),
        (["age", "{file}"], "foo,bar\n1,2\n", "row 1, column 'number': missing from the header"),
        (["match", "{file}", "{items}"], "id,amount\nP1,5.00\n", "column 'currency': missing"),
        (["age", "{file}"], ITEMS.replace("amount", "total"), "open or amount"),
    ],
)
def test_wrong_or_empty_files_say_what_is_expected(
    files: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    content: str,
    message: str,
) -> None:
    bad = files / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    argv = [a.format(file=bad, items=files / "items.csv") for a in command]
    assert main([*argv, "--as-of", "2026-06-30"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_statement_with_a_wrong_header_names_the_file(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "apps.csv").write_text("id,amount\nA1,5.00\n")
    argv = ["statement", "--customer", "C1", "--start", "2026-01-01", "--end", "2026-06-30"]
    code = main(
        [*argv, "--invoices", str(files / "items.csv"), "--applications", str(files / "apps.csv")]
    )
    assert code == 2
    assert "apps.csv, row 1, column 'source_id'" in capsys.readouterr().err


def test_a_json_object_missing_a_key_names_row_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "items.json").write_text(json.dumps([{"number": "INV-1", "customer_id": "C1"}]))
    assert main(["age", str(tmp_path / "items.json"), "--as-of", "2026-06-30"]) == 2
    assert "row 1, column 'document_date or issue_date': missing" in capsys.readouterr().err


def test_latin1_file_is_a_clear_error_and_bom_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(ITEMS.replace("C2", "José").encode("latin-1"))
    assert main(["age", str(latin), "--as-of", "2026-06-30"]) == 2
    assert "row 4: not UTF-8 text (byte 0xe9)" in capsys.readouterr().err
    bom = tmp_path / "bom.csv"
    bom.write_text(ITEMS.replace("C2", "Ñandú Ltda"), encoding="utf-8-sig")
    assert main(["age", str(bom), "--as-of", "2026-06-30", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["customer_id"] for r in rows} == {"C1", "Ñandú Ltda", "TOTAL"}


def test_a_directory_is_not_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["age", str(tmp_path), "--as-of", "2026-06-30"]) == 2
    assert "cannot be read" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["missing-dir/out.csv", "."])
def test_unwritable_output_is_a_clear_error(
    files: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    target = files / where
    argv = ["age", str(files / "items.csv"), "--as-of", "2026-06-30", "-o", str(target)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"--output {target}: cannot write" in err
    assert "Traceback" not in err


def test_a_failed_run_leaves_the_output_file_as_it_was(files: Path) -> None:
    out = files / "out.csv"
    out.write_text("yesterday's report\n")
    (files / "bad.csv").write_text(ITEMS.replace("850.50", "85O.50"))
    argv = ["age", str(files / "bad.csv"), "--as-of", "2026-06-30", "-o", str(out)]
    assert main(argv) == 2
    assert out.read_text() == "yesterday's report\n"


def test_a_header_only_file_is_an_empty_report(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "none.csv").write_text(ITEMS.splitlines()[0] + "\n")
    assert main(["age", str(files / "none.csv"), "--as-of", "2026-06-30", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_demo_json_stays_json_with_the_progress_bar_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # no --quiet: tqdm decides (off when stderr is not a terminal); stdout is only the JSON
    assert main(["demo", "--customers", "5", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["customers"] == 5
    assert "payments" not in captured.err  # no bar drawn on a non-terminal


@pytest.mark.parametrize("sales", ["0", "-5", "0.00"])
def test_kpis_without_positive_sales_is_a_clear_error(
    files: Path, capsys: pytest.CaptureFixture[str], sales: str
) -> None:
    argv = ["kpis", str(files / "items.csv"), "--as-of", "2026-06-30", "--sales", sales]
    assert main(argv) == 2
    assert "--sales: got" in capsys.readouterr().err


def test_statement_payments_must_name_their_customer(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Found in review: the ledger's error named no file and no row.
    argv = ["statement", "--customer", "C1", "--start", "2026-01-01", "--end", "2026-06-30"]
    argv += ["--invoices", str(files / "items.csv"), "--payments", str(files / "unknown.csv")]
    (files / "unknown.csv").write_text(PAYMENTS.replace(",C2\n", ",\n"))
    assert main(argv) == 2
    assert "unknown.csv, row 3, column 'customer_id': got ''" in capsys.readouterr().err
    (files / "unknown.csv").write_text("id,amount,currency,received_date\nP1,5.00,USD,2026-06-20\n")
    assert main(argv) == 2
    assert "row 1, column 'customer_id': missing" in capsys.readouterr().err


def test_match_identifies_payers_from_a_customers_file(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without customer records only a customer_id or a reference can identify a payer."""
    (files / "bank.csv").write_text(
        "id,amount,currency,received_date,payer_name,payer_account,remittance\n"
        "B1,850.50,USD,2026-06-25,BLUE HARBOR,,\n"
        "B2,300.00,USD,2026-06-26,,ES76 2077 0024,\n"
    )
    (files / "customers.csv").write_text(
        "id,name,bank_accounts\nC1,Acme Supplies,ES76 2077 0024;US-99\nC2,Blue Harbor LLC,\n",
        encoding="utf-8",
    )
    argv = ["match", str(files / "bank.csv"), str(files / "items.csv"), "--as-of", "2026-06-30"]
    assert main([*argv, "--format", "json"]) == 0
    alone = {d["payment_id"]: d["customer_id"] for d in json.loads(capsys.readouterr().out)}
    assert alone == {"B1": None, "B2": None}
    assert main([*argv, "--format", "json", "--customers", str(files / "customers.csv")]) == 0
    found = {d["payment_id"]: d["customer_id"] for d in json.loads(capsys.readouterr().out)}
    assert found == {"B1": "C2", "B2": "C1"}


def test_json_numbers_are_read_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Found in review: JSON numbers went through float, so 17 significant digits lost the cents.
    row = {
        "number": "F-1",
        "customer_id": "C1",
        "issue_date": "2026-01-01",
        "due_date": "2026-01-31",
        "currency": "COP",
    }
    (tmp_path / "items.json").write_text(
        "[" + json.dumps(row)[:-1] + ', "amount": 1234567890123456.78}]'
    )
    assert (
        main(["age", str(tmp_path / "items.json"), "--as-of", "2026-06-30", "--format", "json"])
        == 0
    )
    total = json.loads(capsys.readouterr().out)[-1]
    assert total["outstanding"] == "1234567890123456.78"


CSV_PIECES = st.sampled_from(
    [
        ITEMS,
        PAYMENTS,
        "number,customer_id,issue_date,due_date,amount,currency\n",
        "INV-9,C1,2026-01-01,2026-01-31,5.00,USD\n",
        ";",
        ",",
        '"',
        "\n",
        "\r\n",
        "\ufeff",
        "1.200,00",
        "Ñandú",
        "2026-02-30",
        "-0",
        "NaN",
        "1e400",
        "\x00",
    ]
)


# Fewer examples than the CI profile's 150: each example writes a file and runs a whole CLI command on it.
@settings(max_examples=40, deadline=None)
@given(
    st.one_of(
        st.lists(CSV_PIECES, max_size=8).map("".join).map(lambda text: text.encode("utf-8")),
        st.binary(max_size=200),
    ),
    st.sampled_from(["items.csv", "items.json"]),
    st.sampled_from(["age", "kpis", "match", "statement"]),
)
def test_any_file_is_a_report_or_a_clear_error(
    tmp_path_factory: pytest.TempPathFactory, content: bytes, name: str, command: str
) -> None:
    """Whatever the file holds, the command ends with 0 or 2, never an exception."""
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / name).write_bytes(content)
    (folder / "payments.csv").write_text(PAYMENTS)
    (folder / "good.csv").write_text(ITEMS)
    bad, good = str(folder / name), str(folder / "good.csv")
    argv = {
        "age": ["age", bad],
        "kpis": ["kpis", bad, "--sales", "1000"],
        "match": ["match", str(folder / "payments.csv"), bad],
        "statement": [
            "statement",
            "--customer",
            "C1",
            "--start",
            "2026-01-01",
            "--invoices",
            good,
            "--payments",
            bad,
        ],
    }[command]
    if command == "statement":
        argv += ["--end", "2026-06-30"]
    else:
        argv += ["--as-of", "2026-06-30"]
    assert main([*argv, "--output", str(folder / "out.txt")]) in (0, 2)


def test_output_over_the_input_file_reads_it_first(files: Path) -> None:
    # Found in review: --output was opened (truncated) before the input was read.
    items = files / "items.csv"
    assert main(["age", str(items), "--as-of", "2026-06-30", "-o", str(items)]) == 0
    assert items.read_text().splitlines()[-1].startswith("TOTAL,USD,")
