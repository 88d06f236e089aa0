"""NACHA return files: R-codes become returned payments with the reason; controls checked.

Records follow the NACHA Operating Rules, Appendix Three (94 characters; 1 file
header, 5 batch header with the effective entry date at 70-75, 6 entry detail:
transaction code 2-3, receiving DFI 4-11, check digit 12, account 13-29, amount
in cents 30-39, individual id 40-54, name 55-76, addenda indicator 79, trace
80-94; 7 addenda type 99: return reason 4-6, original trace 7-21; 8 batch
control: count 5-10, entry hash 11-20, debits 21-32, credits 33-44; 9 file
control: batches 2-7, blocks 8-13, count 14-21, hash 22-31, debits 32-43,
credits 44-55). Reason names are those of Appendix Four.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.documents import ReversalKind
from receivables.errors import ValidationError
from receivables.money import money
from receivables.readers.nacha import RETURN_REASONS, read_nacha


def _header() -> str:
    return (
        "101 091000019" + "1234567890"
        "260310"
        "0830"
        "A094101" + "OUR BANK".ljust(23) + "OUR COMPANY INC".ljust(23)
    ).ljust(94)


def _batch(number: int) -> str:
    record = (
        "5200" + "OUR COMPANY INC".ljust(16) + " " * 20 + "1234567890" + "PPD" + "RETURNS".ljust(10)
    )
    record += " " * 6 + "260310" + "   " + "1" + "09100001" + f"{number:07d}"
    return record


def _entry(code: str, routing: str, cents: int, name: str, trace: str, ident: str = "") -> str:
    record = "6" + code + routing + "1" + "000123456789".ljust(17) + f"{cents:010d}"
    return record + ident.ljust(15) + name.ljust(22) + "  " + "1" + trace


def _return(reason: str, original_trace: str, trace: str) -> str:
    return "799" + reason + original_trace + "      " + "09100001" + " " * 44 + trace


def _control(count: int, entry_hash: int, debits: int, credits: int, batch: int) -> str:
    record = "8200" + f"{count:06d}" + f"{entry_hash:010d}" + f"{debits:012d}" + f"{credits:012d}"
    return record + "1234567890" + " " * 19 + " " * 6 + "09100001" + f"{batch:07d}"


def _file_control(batches: int, count: int, entry_hash: int, debits: int, credits: int) -> str:
    record = "9" + f"{batches:06d}" + "000001" + f"{count:08d}" + f"{entry_hash:010d}"
    return (record + f"{debits:012d}" + f"{credits:012d}").ljust(94)


# Entries: a returned debit R01 (code 26, 125.00), a returned savings debit R02 (36, 80.50),
# a received credit (22, 1,500.00), a returned refund R03 (21, 45.65).
# Hash: 09100001 + 02100002 + 09100001 + 02100002 = 22400006; debits (codes x6/x7) 20550,
# credits (x1/x2) 154565.
ENTRIES = [
    _entry("26", "09100001", 12500, "GLOBEX CORP", "091000010000001", "C-00042"),
    _return("R01", "091000010000777", "091000010000001"),
    _entry("36", "02100002", 8050, "INITECH LLC", "091000010000002", "C-00077"),
    _return("R02", "091000010000778", "091000010000002"),
    _entry("22", "09100001", 150000, "ACME GMBH", "091000010000003", "INV-2026-0815"),
    _entry("21", "02100002", 4565, "UMBRELLA CORP", "091000010000004"),
    _return("R03", "091000010000779", "091000010000004"),
]
NACHA = "\n".join(
    [
        _header(),
        _batch(1),
        *ENTRIES,
        _control(7, 22400006, 20550, 154565, 1),
        _file_control(1, 7, 22400006, 20550, 154565),
    ]
)


def test_returned_debits_become_returned_payments_with_their_reason() -> None:
    result = read_nacha(NACHA, source="returns.ach")
    first, second = result.reversals
    assert first.kind is ReversalKind.RETURNED_PAYMENT
    assert (first.target_id, first.reason) == ("091000010000777", "R01 Insufficient Funds")
    assert first.date == dt.date(2026, 3, 10)
    assert (second.target_id, second.reason) == ("091000010000778", "R02 Account Closed")
    (payment,) = result.payments
    assert payment.id == "091000010000003"
    assert payment.amount == money("1500.00", "USD")
    assert payment.payer_name == "ACME GMBH"
    assert payment.remittance == "INV-2026-0815"
    assert payment.payer_account == "09100001/000123456789"
    (note,) = result.notes
    assert note.code == "returned_credit"
    assert (note.data["code"], note.data["amount"]) == ("R03", "45.65")


def test_the_reason_table_is_appendix_four() -> None:
    assert RETURN_REASONS["R07"] == "Authorization Revoked by Customer"
    assert RETURN_REASONS["R10"].startswith("Customer Advises Originator is Not Known")
    assert RETURN_REASONS["R29"] == "Corporate Customer Advises Not Authorized"
    assert all(code[0] == "R" and code[1:].isdigit() for code in RETURN_REASONS)


def _problems(text: str) -> dict[str, object]:
    with pytest.raises(ValidationError) as caught:
        read_nacha(text, source="returns.ach")
    return {p.field: p.value for p in caught.value.problems}


def test_wrong_control_totals_name_the_control_record() -> None:
    wrong = NACHA.replace(
        _control(7, 22400006, 20550, 154565, 1), _control(7, 22400007, 20550, 154566, 1)
    )
    assert _problems(wrong) == {
        "returns.ach:10:entry_hash": 22400007,
        "returns.ach:10:total_credit": 154566,
    }
    wrong = NACHA.replace(
        _file_control(1, 7, 22400006, 20550, 154565), _file_control(2, 8, 22400006, 20551, 154565)
    )
    assert _problems(wrong) == {
        "returns.ach:11:batch_count": 2,
        "returns.ach:11:entry_addenda_count": 8,
        "returns.ach:11:total_debit": 20551,
    }


def test_a_truncated_file_and_bad_records_are_errors() -> None:
    truncated = "\n".join(NACHA.splitlines()[:6])
    assert _problems(truncated) == {"returns.ach:6:record_type": None}
    broken = NACHA.replace("0000012500", "00000125X0").replace("799R02", "799R99")
    assert _problems(broken) == {"returns.ach:3:amount": "00000125X0"}
    unknown = NACHA.replace("799R02", "799R99")
    assert _problems(unknown) == {"returns.ach:6:return_reason": "R99"}
    assert _problems(NACHA + "\nX" + " " * 93) == {"returns.ach:12:record_type": "X"}


def test_padding_records_of_nines_are_ignored() -> None:
    padded = NACHA + "\n" + "9" * 94 + "\n" + "9" * 94
    assert len(read_nacha(padded).reversals) == 2


@given(st.text(alphabet="0123456789 R", max_size=300))
def test_junk_raises_only_the_librarys_validation_error(junk: str) -> None:
    with contextlib.suppress(ValidationError):
        read_nacha(junk)


SAMPLES = Path("/work/shared/samples/bank-files")


@pytest.mark.skipif(not SAMPLES.exists(), reason="the shared sample files are not here")
def test_the_real_nacha_return_file_reads_right() -> None:
    result = read_nacha((SAMPLES / "nacha_return_web_r01_r03.ach").read_bytes())
    (reversal,) = result.reversals
    assert reversal.reason == "R01 Insufficient Funds"
    assert reversal.target_id == "091400600000001"
    (note,) = result.notes
    assert (note.data["code"], note.data["amount"]) == ("R03", "45.65")
