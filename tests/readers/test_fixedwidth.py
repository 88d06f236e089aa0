"""Fixed-width files (Asobancaria 2001 recaudo, BAI lockbox) read with their controls checked.

The Asobancaria sample follows the "Estándar de recaudo Asobancaria 2001"
(records of 162 characters: 01 file header with the NIT, the collection date
AAAAMMDD, bank and account; 05 batch header with the service code and the
batch number; 06 detail with the 48-digit user reference at 3-50, the amount
at 51-64 with two implied decimals, means of payment, bank, branch, sequence
at 88-94 and the return reason at 95-97; 08 batch control and 09 file control
with the count at 3-11 and the total at 12-29). The lockbox sample follows the
BAI lockbox transmission (1 immediate address header, 2 service record, 5
detail header with the lockbox number and deposit date YYMMDD, 6 cheque
detail with amount in cents at 8-17, routing, account, cheque number, cheque
date MMDDYY and remitter, 4 overflow with the invoice number, 7 batch total,
8 service total, 9 destination trailer with the number of records).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.documents import PaymentMethod, RemittanceLine
from receivables.errors import ValidationError
from receivables.interop import structure, unstructure
from receivables.money import money
from receivables.readers.fixedwidth import read_asobancaria, read_fixed_width, read_lockbox
from receivables.readers.layouts import Layout, load_layout


def _aso_detail(reference: str, cents: int, sequence: int, reason: str = "   ") -> str:
    line = "06" + reference.rjust(48, "0") + f"{cents:014d}" + "01" + "02" + "000123" + "000456"
    line += "001" + "0001" + f"{sequence:07d}" + reason
    return line.ljust(162)


def _aso_batch_control(count: int, cents: int, batch: int) -> str:
    return ("08" + f"{count:09d}" + f"{cents:018d}" + f"{batch:04d}").ljust(162)


def _asobancaria(*, file_total: int = 53_450_000, file_count: int = 4) -> str:
    lines = [
        ("0190012345672026033100700000000123456789202604010815A01").ljust(162),
        ("05" + "7709998000017" + "0001").ljust(162),
        _aso_detail("100000000042", 15_000_000, 1),  # 150.000,00 COP, factura 42
        _aso_detail("100000000043", 28_450_000, 2),  # 284.500,00 COP
        _aso_batch_control(2, 43_450_000, 1),
        ("05" + "7709998000017" + "0002").ljust(162),
        _aso_detail("100000000044", 10_000_000, 1),  # 100.000,00 COP
        _aso_detail("100000000045", 0, 2, reason="R01"),  # returned: counted, not a payment
        _aso_batch_control(2, 10_000_000, 2),
        ("09" + f"{file_count:09d}" + f"{file_total:018d}").ljust(162),
    ]
    return "\r\n".join(lines) + "\r\n"


def test_an_asobancaria_file_reads_every_amount_and_reference() -> None:
    result = read_asobancaria(_asobancaria(), source="recaudo.txt")
    assert [p.id for p in result.payments] == [
        "2026-03-31-0001-0000001",
        "2026-03-31-0001-0000002",
        "2026-03-31-0002-0000001",
    ]
    assert [p.amount.amount for p in result.payments] == [
        Decimal("150000"),
        Decimal("284500"),
        Decimal("100000"),
    ]
    assert {p.amount.code for p in result.payments} == {"COP"}
    assert [p.remittance for p in result.payments] == [
        "100000000042",
        "100000000043",
        "100000000044",
    ]
    assert {p.received_date for p in result.payments} == {dt.date(2026, 3, 31)}
    (note,) = result.notes
    assert note.code == "returned_item"
    assert note.data["where"] == "recaudo.txt:8"
    assert result.totals()["COP"].amount == Decimal("534500")


def test_a_wrong_control_total_names_the_control_record_never_a_partial_read() -> None:
    with pytest.raises(ValidationError) as caught:
        read_asobancaria(_asobancaria(file_total=53_450_100), source="recaudo.txt")
    (problem,) = caught.value.problems
    assert problem.field == "recaudo.txt:10:total"
    assert Decimal(str(problem.value)) == Decimal("534501")
    assert "registro de control de archivo (09)" in problem.expected
    assert "in its file, 534500" in problem.expected
    with pytest.raises(ValidationError) as caught:
        read_asobancaria(_asobancaria(file_count=5), source="recaudo.txt")
    assert [p.field for p in caught.value.problems] == ["recaudo.txt:10:count"]
    bad_batch = _asobancaria().replace(
        _aso_batch_control(2, 43_450_000, 1), _aso_batch_control(2, 43_450_100, 1)
    )
    with pytest.raises(ValidationError) as caught:
        read_asobancaria(bad_batch, source="recaudo.txt")
    assert [p.field for p in caught.value.problems] == ["recaudo.txt:5:total"]


def test_a_truncated_file_is_an_error() -> None:
    truncated = "\r\n".join(_asobancaria().split("\r\n")[:7])
    with pytest.raises(ValidationError) as caught:
        read_asobancaria(truncated, source="recaudo.txt")
    assert [(p.field, p.expected) for p in caught.value.problems] == [
        (
            "recaudo.txt:7:record_type",
            "a registro de control de archivo record (09): the file is truncated",
        ),
    ]


def test_every_bad_record_is_reported_at_once() -> None:
    lines = _asobancaria().split("\r\n")
    lines[2] = lines[2][:50] + "0000001500000X" + lines[2][64:]
    lines[3] = lines[3] + "EXTRA"
    lines[6] = "07" + lines[6][2:]
    lines[0] = lines[0][:12] + "20260231" + lines[0][20:]
    with pytest.raises(ValidationError) as caught:
        read_asobancaria("\r\n".join(lines), source="recaudo.txt")
    assert {p.field: p.value for p in caught.value.problems} == {
        "recaudo.txt:1:date": "20260231",
        "recaudo.txt:3:amount": "0000001500000X",
        "recaudo.txt:4": 167,
        "recaudo.txt:7:record_type": "07",
    }


def test_a_banks_variant_is_a_json_file_not_code() -> None:
    # A company whose 48-digit reference is the invoice (3-32) and the payer's NIT (33-50).
    data = unstructure(load_layout("asobancaria-2001"))
    assert isinstance(data, dict)
    records = data["records"]
    assert isinstance(records, list)
    detail = next(r for r in records if isinstance(r, dict) and r["code"] == "06")
    assert isinstance(detail, dict)
    fields = detail["fields"]
    assert isinstance(fields, list)
    fields[0] = {
        "name": "document_number",
        "start": 3,
        "length": 30,
        "format": "text",
        "strip_leading": "0",
    }
    fields.insert(
        1,
        {"name": "customer_id", "start": 33, "length": 18, "format": "text", "strip_leading": "0"},
    )
    variant = structure({**data, "id": "asobancaria-2001-acme"}, Layout)
    text = _asobancaria().replace(
        "100000000042".rjust(48, "0"), "FV-42".rjust(30, "0") + "900123456".rjust(18, "0")
    )
    first = read_fixed_width(text, variant, source="acme.txt").payments[0]
    assert first.customer_id == "900123456"
    assert first.remittance_lines == (
        RemittanceLine(document_number="FV-42", amount_paid=money("150000.00", "COP")),
    )


LOCKBOX = "\n".join(
    [
        "1" + "00" + "OURCOMPANY" + "0210000089" + "260402" + "0730",
        "2" + "OURCOMPANY0210000089" + "0000000001" + "400" + "080" + "0000" + "1",
        "5" + "001" + "000" + "0054321" + "260402" + "OURCOMPANY0210000089",
        "6"
        "001"
        "001"
        "0000250000"
        "021000021"
        "0001234567"
        "0000001001"
        "033126" + "GLOBEX CORPORATION".ljust(30) + "OUR COMPANY INC",
        "4" + "001" + "001" + "4" + "01" + "0" + "INV-3001",
        "4" + "001" + "001" + "4" + "02" + "9" + "INV-3002",
        "6001002000001234501100001500098765430000000777040126INITECH LLC",
        "7" + "001" + "000" + "0054321" + "260402" + "002" + "0000262345",
        "8" + "000" + "000" + "0054321" + "260402" + "0002" + "0000262345",
        "9" + "000010",
    ]
)


def test_a_lockbox_file_reads_cheques_and_overflow_invoices() -> None:
    result = read_lockbox(LOCKBOX, source="lockbox.txt")
    first, second = result.payments
    assert first.id == "0054321-2026-04-02-001-001"
    assert first.amount == money("2500.00", "USD")
    assert first.received_date == dt.date(2026, 4, 2)  # the deposit date, not the cheque's
    assert first.payer_name == "GLOBEX CORPORATION"
    assert first.payer_account == "021000021/0001234567"
    assert first.bank_reference == "0000001001"
    assert first.method is PaymentMethod.CHECK
    assert [line.document_number for line in first.remittance_lines] == ["INV-3001", "INV-3002"]
    assert first.remittance == "INV-3001 INV-3002"
    assert second.amount == money("123.45", "USD")
    assert second.payer_name == "INITECH LLC"
    assert second.remittance_lines == ()


def test_lockbox_controls_name_the_record() -> None:
    with pytest.raises(ValidationError) as caught:
        read_lockbox(
            LOCKBOX.replace("0000262345\n9", "0000262346\n9").replace("9000010", "9000011")
        )
    assert {p.field: p.value for p in caught.value.problems} == {
        "lockbox.txt:9:total": "2623.46",
        "lockbox.txt:10:records": 11,
    }
    with pytest.raises(ValidationError, match="an overflow record after a detail"):
        read_lockbox(LOCKBOX.replace("5001000", "4001001", 1))


@given(st.text(alphabet="0123456789 56789\n", max_size=400))
def test_junk_raises_only_the_librarys_validation_error(junk: str) -> None:
    with contextlib.suppress(ValidationError):
        read_lockbox(junk)
    with contextlib.suppress(ValidationError):
        read_asobancaria(junk)


SAMPLES = Path("/work/shared/samples/bank-files")


@pytest.mark.skipif(not SAMPLES.exists(), reason="the shared sample files are not here")
def test_the_real_fixed_width_files_read_right() -> None:
    recaudo = read_asobancaria((SAMPLES / "asobancaria_24julio_bco001.txt").read_bytes())
    assert len(recaudo.payments) == 77
    assert recaudo.totals()["COP"].amount == Decimal("133931000")
    assert recaudo.payments[0].remittance == "106096800000000009004345062402"
    (cheque,) = read_lockbox((SAMPLES / "lockbox_fundersclub.bai").read_bytes()).payments
    assert cheque.amount == money("7000.00", "USD")
    assert cheque.remittance_lines == (RemittanceLine(document_number="CE554"),)


@given(st.lists(st.integers(1, 10**12), min_size=1, max_size=30))
def test_every_cent_of_a_recaudo_file_is_read_and_agrees_with_its_controls(
    cents: list[int],
) -> None:
    header = (
        "01" + "9001234567" + "20260331" + "007" + "0" * 17 + "20260401" + "0815" + "A" + "01"
    ).ljust(162)
    details = [_aso_detail(str(i + 1), amount, i + 1) for i, amount in enumerate(cents)]
    lines = [
        header,
        ("05" + "7709998000017" + "0001").ljust(162),
        *details,
        _aso_batch_control(len(cents), sum(cents), 1),
        ("09" + f"{len(cents):09d}" + f"{sum(cents):018d}").ljust(162),
    ]
    result = read_asobancaria("\r\n".join(lines))
    assert [p.amount.amount for p in result.payments] == [Decimal(c).scaleb(-2) for c in cents]
    assert result.totals()["COP"].amount == Decimal(sum(cents)).scaleb(-2)
