"""EDI 820 remittance advices read into payments with remittance lines; controls checked.

The samples follow ANSI ASC X12 004010 820 Payment Order/Remittance Advice:
ISA (fixed 106 characters: the 4th is the element separator, the 105th
ISA16 the component separator, the 106th the segment terminator), GS/GE,
ST/SE (SE01 counts the segments from ST to SE), BPR (02 amount, 04 method,
09 account, 16 effective date), TRN (02 trace number), CUR, N1*PR, ENT, RMR
(01 qualifier, 02 number, 04 amount paid, 05 invoice amount, 06 discount)
and ADX (01 adjustment amount, negative when deducted, 02 reason code).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.documents import PaymentMethod, RemittanceLine
from receivables.errors import ValidationError
from receivables.money import money
from receivables.readers.edi820 import read_edi820

ISA = (
    "ISA*00*          *00*          *ZZ*GLOBEXPAYER    *ZZ*OURCOMPANY     "
    "*260302*1200*U*00401*000000905*0*P*>"
)
assert len(ISA) == 105  # the terminator makes 106

SEGMENTS = [
    "GS*RA*GLOBEXPAYER*OURCOMPANY*20260302*1200*905*X*004010",
    # transaction set 1: 3 invoices, a credit memo, a discount and a short payment
    "ST*820*0001",
    "BPR*C*2715.00*C*ACH*CTX*01*011000015*DA*123456789*1234567890**01*021000021*DA*987654321*20260303",
    "TRN*1*0303ACH000001*1234567890",
    "CUR*PR*USD",
    "REF*CK*PAYRUN-77",
    "N1*PR*GLOBEX CORPORATION*91*C-00042",
    "N1*PE*OUR COMPANY INC",
    "ENT*1",
    "RMR*IV*INV-2001**980.00*1000.00*20.00",
    "RMR*IV*INV-2002**1500.00*1500.00",
    "RMR*IV*INV-2003**300.00*325.00",
    "ADX*-25.00*CS",
    "RMR*CR*CM-0009**-65.00*-65.00",
    "SE*14*0001",
    # transaction set 2: a cheque in euros, with an adjustment for the whole payment
    "ST*820*0002",
    "BPR*C*490.00*C*CHK************20260304",
    "TRN*1*CHK-5512",
    "CUR*PR*EUR",
    "N1*PR*GLOBEX EUROPE BV",
    "ADX*-10.00*01",
    "RMR*IV*INV-E-17**500.00",
    "SE*8*0002",
    "GE*2*905",
    "IEA*1*000000905",
]


def _file(segments: list[str], terminator: str = "~\r\n") -> str:
    return ISA + terminator + terminator.join(segments) + terminator


def test_the_interchange_reads_every_amount_and_reference() -> None:
    result = read_edi820(_file(SEGMENTS), source="globex.edi")
    first, second = result.payments
    assert first.id == first.bank_reference == "0303ACH000001"
    assert first.amount == money("2715.00", "USD")  # 980 + 1500 + 300 - 65
    assert first.received_date == dt.date(2026, 3, 3)
    assert first.payer_name == "GLOBEX CORPORATION"
    assert first.payer_account == "123456789"
    assert first.method is PaymentMethod.TRANSFER
    usd = lambda text: money(text, "USD")  # noqa: E731
    assert first.remittance_lines == (
        RemittanceLine(
            document_number="INV-2001",
            amount_paid=usd("980.00"),
            discount=usd("20.00"),
            reference_kind="iv",
        ),
        RemittanceLine(document_number="INV-2002", amount_paid=usd("1500.00"), reference_kind="iv"),
        RemittanceLine(
            document_number="INV-2003",
            amount_paid=usd("300.00"),
            adjustment=usd("25.00"),
            adjustment_reason="CS",
            reference_kind="iv",
        ),
        RemittanceLine(document_number="CM-0009", amount_paid=usd("-65.00"), reference_kind="cr"),
    )
    assert first.remittance == "PAYRUN-77 INV-2001 INV-2002 INV-2003 CM-0009"
    assert second.id == "CHK-5512"
    assert second.amount == money("490.00", "EUR")  # 500.00 less the 10.00 payment-level ADX
    assert second.method is PaymentMethod.CHECK
    assert second.received_date == dt.date(2026, 3, 4)
    assert second.remittance_lines == (
        RemittanceLine(
            document_number="INV-E-17", amount_paid=money("500.00", "EUR"), reference_kind="iv"
        ),
    )


@pytest.mark.parametrize("terminator", ["~", "~\n", "\\\r\n    ", "\n", "'"])
def test_any_segment_terminator_from_the_isa_header(terminator: str) -> None:
    result = read_edi820("\ufeff  " + _file(SEGMENTS, terminator))
    assert [p.amount for p in result.payments] == [money("2715.00", "USD"), money("490.00", "EUR")]


def test_another_element_separator_from_the_isa_header() -> None:
    text = _file(SEGMENTS).replace("*", "|")
    assert len(read_edi820(text).payments) == 2


def _problems(segments: list[str]) -> dict[str, object]:
    with pytest.raises(ValidationError) as caught:
        read_edi820(_file(segments), source="globex.edi")
    return {p.field: p.value for p in caught.value.problems}


def test_wrong_control_counts_name_their_segment() -> None:
    changed = [s.replace("SE*14*0001", "SE*13*0001").replace("GE*2*", "GE*3*") for s in SEGMENTS]
    assert _problems(changed) == {
        "globex.edi:segment 16:SE01": "13",
        "globex.edi:segment 25:GE01": "3",
    }
    changed = [s.replace("IEA*1*", "IEA*2*") for s in SEGMENTS]
    assert _problems(changed) == {"globex.edi:segment 26:IEA01": "2"}


def test_a_payment_that_its_lines_do_not_add_up_to_is_an_error() -> None:
    changed = [s.replace("RMR*IV*INV-2002**1500.00", "RMR*IV*INV-2002**1400.00") for s in SEGMENTS]
    assert _problems(changed) == {"globex.edi:segment 4:BPR02": "2715.00"}


def test_every_bad_element_is_reported_at_once() -> None:
    changed = [
        s.replace("*980.00*", "*98O.00*")
        .replace("ADX*-10.00", "ADX*-1O.00")
        .replace("20260304", "20261304")
        for s in SEGMENTS
    ]
    assert _problems(changed) == {
        "globex.edi:segment 11:RMR04": "98O.00",
        "globex.edi:segment 18:BPR16": "20261304",
        "globex.edi:segment 22:ADX01": "-1O.00",
    }


def test_a_truncated_interchange_is_an_error_not_a_partial_read() -> None:
    problems = _problems(SEGMENTS[:20])
    assert problems == {"globex.edi:segment 17:SE": None, "globex.edi:segment 21:IEA": None}


def test_a_bad_currency_and_a_missing_isa_are_errors() -> None:
    changed = [s.replace("CUR*PR*EUR", "CUR*PR*EURO") for s in SEGMENTS]
    assert _problems(changed) == {"globex.edi:segment 20:CUR02": "EURO"}
    with pytest.raises(ValidationError, match="106-character ISA"):
        read_edi820("GS*RA*X~")
    with pytest.raises(ValidationError, match="segment terminator"):
        read_edi820(ISA + "A" + "GS*RA~")


@given(st.text(max_size=200))
def test_junk_raises_only_the_librarys_validation_error(junk: str) -> None:
    with contextlib.suppress(ValidationError):
        read_edi820(ISA + "~" + junk)


SAMPLES = Path("/work/shared/samples/bank-files")


@pytest.mark.skipif(not SAMPLES.exists(), reason="the shared sample files are not here")
def test_the_real_edi820_reads_right() -> None:
    (payment,) = read_edi820((SAMPLES / "edi820_wikipedia.edi").read_bytes()).payments
    assert payment.amount == money("77.77", "USD")
    assert [
        (line.document_number, str(line.amount_paid.amount))
        for line in payment.remittance_lines
        if line.amount_paid
    ] == [
        ("1111111111111111", "11.11"),
        ("2222222222222222", "22.22"),
        ("4444444444444444", "44.44"),
    ]
