"""BAI2 prior-day files read into payments; continuation records; trailers checked.

Written from the BAI "Cash Management Balance Reporting Specifications",
version 2: 01 file header, 02 group header (as-of date YYMMDD, currency),
03 account identifier with status and summary items, 16 transaction detail
(type code, amount in minor units, funds type, bank reference, customer
reference, text), 88 continuation, 49 account trailer (control total: the
sum of the 03 and 16 amounts; number of records 03 through 49), 98 group
trailer (total, accounts, records 02 through 98), 99 file trailer (total,
groups, records 01 through 99); the last record may lack its '/'.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.documents import PaymentMethod
from receivables.errors import ValidationError
from receivables.money import money
from receivables.readers.bai2 import read_bai2

# Account 1 (USD): opening ledger 010 = 500000, an ACH credit 142 of 1,250.50 with text over
# a continuation record, a lockbox deposit 115 of 3,000.00, a debit 475 of 99.99.
# 49 total: 500000 + 125050 + 300000 + 9999 = 935049; records 03,16,88,16,16,49 = 6.
# Account 2 (USD): a wire 195 of 10,000.00; 49 total 1000000, records 03,16,49 = 3.
# 98: 935049 + 1000000 = 1935049, 2 accounts, records 02..98 = 1 + 6 + 3 + 1 = 11.
# 99: 1935049, 1 group, records 01..99 = 13.
BAI2 = """01,121000248,OURCOMPANY,260302,0800,1,80,,2/
02,OURCOMPANY,121000248,1,260301,2400,USD,2/
03,0001234567,USD,010,500000,,/
16,142,125050,0,ACH20260301A,INV-1001 INV-1002/
88,ORIG CO NAME=GLOBEX CORP,ORIG ID=1234567890
16,115,300000,1,LBX-0042,/
16,475,9999,,CHK-0991,/
49,935049,6/
03,0007654321,USD,/
16,195,1000000,0,FED-7781,,WIRE FROM INITECH FOR INV-2040/
49,1000000,3/
98,1935049,2,11/
99,1935049,1,13"""


def test_a_prior_day_file_reads_credits_with_their_continuation_text() -> None:
    result = read_bai2(BAI2, source="prior.bai")
    ach, lockbox, wire = result.payments
    assert (ach.id, ach.amount) == ("ACH20260301A", money("1250.50", "USD"))
    assert ach.received_date == dt.date(2026, 3, 1)
    assert ach.remittance == "INV-1001 INV-1002 ORIG CO NAME=GLOBEX CORP,ORIG ID=1234567890"
    assert ach.method is PaymentMethod.TRANSFER
    assert (lockbox.id, lockbox.amount, lockbox.method) == (
        "LBX-0042",
        money("3000.00", "USD"),
        PaymentMethod.CHECK,
    )
    assert (wire.id, wire.amount) == ("FED-7781", money("10000.00", "USD"))
    assert wire.remittance == "WIRE FROM INITECH FOR INV-2040"
    (note,) = result.notes
    assert (note.code, note.data["amount"]) == ("not_a_credit", "99.99")
    assert result.totals() == {"USD": money("14250.50", "USD")}


def _problems(text: str) -> dict[str, object]:
    with pytest.raises(ValidationError) as caught:
        read_bai2(text, source="prior.bai")
    return {p.field: p.value for p in caught.value.problems}


def test_a_wrong_trailer_total_names_the_trailer() -> None:
    assert _problems(BAI2.replace("49,935049,6/", "49,935050,6/")) == {
        "prior.bai:8:control_total": "935050"
    }
    assert _problems(BAI2.replace("99,1935049,1,13", "99,1935049,1,12")) == {
        "prior.bai:13:records": "12"
    }


def test_bad_lines_are_reported_at_once_and_a_truncated_file_is_an_error() -> None:
    broken = BAI2.replace("16,115,300000", "16,115,3000.00").replace("16,475", "17,475")
    assert _problems(broken) == {"prior.bai:6:amount": "3000.00", "prior.bai:7:record_code": "17,"}
    truncated = "\n".join(BAI2.splitlines()[:9])
    assert _problems(truncated) == {"prior.bai:9:record_code": "03"}


@given(st.text(alphabet="0123456789,/ \n", max_size=300))
def test_junk_raises_only_the_librarys_validation_error(junk: str) -> None:
    with contextlib.suppress(ValidationError):
        read_bai2("01," + junk)


SAMPLES = Path("/work/shared/samples/bank-files")


@pytest.mark.skipif(not SAMPLES.exists(), reason="the shared sample files are not here")
def test_the_real_bai2_file_reads_right() -> None:
    result = read_bai2((SAMPLES / "bai2_svb_us.bai2").read_bytes())
    assert [(p.id, str(p.amount.amount)) for p in result.payments] == [
        ("172629", "4901.96"),
        ("150675", "9058.00"),
    ]
    assert {p.remittance for p in result.payments} == {"SOME PAYMENT ACH OFFSET"}
