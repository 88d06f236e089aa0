"""Bank files by format name; payments as rows that read back without losing a cent; the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.__main__ import main
from receivables.documents import Payment
from receivables.errors import ValidationError
from receivables.interop import unstructure
from receivables.readers.formats import COLUMNS, FORMATS, payment_rows, read, summary
from receivables.readers.layouts import load_layout
from tests.readers.test_camt import NOTIFICATION_V08, STATEMENT_V02
from tests.readers.test_edi820 import SEGMENTS, _file
from tests.readers.test_fixedwidth import LOCKBOX, _asobancaria
from tests.strategies import payments


def _through_csv(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    # "\r\n" as the terminator: with "\n" alone the csv module does not quote a lone "\r"
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))


@given(st.lists(payments(), max_size=5))
def test_rows_written_and_read_back_lose_no_cent(read_payments: list[Payment]) -> None:
    rows = _through_csv(payment_rows(read_payments))
    assert [Payment.from_row(row) for row in rows] == read_payments
    assert [Payment.from_row(row) for row in json.loads(json.dumps(rows))] == read_payments


def test_a_read_file_goes_through_csv_unchanged() -> None:
    result = read("camt053", STATEMENT_V02, source="s.xml")
    rows = _through_csv(payment_rows(result.payments))
    assert [Payment.from_row(row) for row in rows] == list(result.payments)
    assert unstructure([Payment.from_row(r) for r in rows]) == unstructure(list(result.payments))


def test_read_dispatches_and_names_what_it_accepts() -> None:
    assert len(read("camt054", NOTIFICATION_V08, source="n.xml").payments) == 2
    assert len(read("edi820", _file(SEGMENTS), source="r.edi").payments) == 2
    assert len(read("lockbox", LOCKBOX, source="l.txt").payments) == 2
    assert len(read("asobancaria", _asobancaria(), source="a.txt").payments) == 3
    layout = json.dumps(unstructure(load_layout("bai-lockbox")))
    assert len(read("fixed-width", LOCKBOX, source="l.txt", layout=layout).payments) == 2
    assert len(read("lockbox", LOCKBOX, source="l.txt", layout="bai-lockbox").payments) == 2
    with pytest.raises(ValidationError, match="a layout"):
        read("fixed-width", LOCKBOX, source="l.txt")
    with pytest.raises(ValidationError, match="fixed-width, lockbox or asobancaria"):
        read("camt053", STATEMENT_V02, source="s.xml", layout="bai-lockbox")
    assert set(FORMATS) >= {"camt053", "mt940", "bai2", "lockbox", "asobancaria", "edi820", "nacha"}


def test_summary_says_totals_reversals_and_notes() -> None:
    text = summary(read("camt053", STATEMENT_V02, source="s.xml"))
    assert text.splitlines() == [
        "s.xml (camt053): 3 payment(s) totalling 5000.00 EUR",
        "  returned: E2E-INITECH-9 on 2026-03-02 (AC04 Closed account)",
        (
            "  note: [debit_entry] A debit is not a customer's payment. -29.95 EUR "
            "(s.xml:/Document/BkToCstmrStmt/Stmt[1]/Ntry[2])"
        ),
        (
            "  note: [entry_not_booked] A PDNG entry is not booked yet. 99.00 EUR "
            "(s.xml:/Document/BkToCstmrStmt/Stmt[1]/Ntry[5])"
        ),
    ]


def test_the_cli_reads_a_bank_file_and_match_applies_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "remittance.edi").write_text(_file(SEGMENTS))
    assert (
        main(["read", "edi820", str(tmp_path / "remittance.edi"), "-o", str(tmp_path / "p.csv")])
        == 0
    )
    assert "2 payment(s)" in capsys.readouterr().err
    rows = list(csv.DictReader((tmp_path / "p.csv").open(encoding="utf-8")))
    assert [r["amount"] for r in rows] == ["2715.00", "490.00"]
    (tmp_path / "invoices.csv").write_text(
        "number,customer_id,issue_date,due_date,amount,currency\n"
        "INV-2001,C-42,2026-02-01,2026-03-03,1000.00,USD\n"
        "INV-2002,C-42,2026-02-01,2026-03-03,1500.00,USD\n"
    )
    code = main(
        ["match", str(tmp_path / "p.csv"), str(tmp_path / "invoices.csv"), "--as-of", "2026-03-31"]
    )
    assert code == 0
    assert "INV-2002" in capsys.readouterr().out
    assert main(["read", "camt053", str(tmp_path / "remittance.edi"), "--format", "json"]) == 2
    assert "well-formed XML" in capsys.readouterr().err
    assert main(["read", "mt940", str(tmp_path / "nope.sta")]) == 2
    assert "nope.sta" in capsys.readouterr().err


def test_the_cli_takes_a_layout_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "lockbox.txt").write_text(LOCKBOX)
    (tmp_path / "layout.json").write_text(json.dumps(unstructure(load_layout("bai-lockbox"))))
    args = [
        "read",
        "fixed-width",
        str(tmp_path / "lockbox.txt"),
        "--layout",
        str(tmp_path / "layout.json"),
    ]
    assert main([*args, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["remittance_lines"] == (
        '[{"document_number": "INV-3001"}, {"document_number": "INV-3002"}]'
    )


def test_match_reads_a_bank_file_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "remittance.edi").write_text(_file(SEGMENTS))
    (tmp_path / "invoices.csv").write_text(
        "number,customer_id,issue_date,due_date,amount,currency\n"
        "INV-2002,C-42,2026-02-01,2026-03-03,1500.00,USD\n"
    )
    args = ["match", str(tmp_path / "remittance.edi"), str(tmp_path / "invoices.csv")]
    assert main([*args, "--payments-format", "edi820", "--as-of", "2026-03-31"]) == 0
    captured = capsys.readouterr()
    assert "INV-2002" in captured.out
    assert "2 payment(s)" in captured.err
