"""MT940/MT942 read into payments; :86: sub-fields; balances checked like control records.

The samples follow the SWIFT MT940 Customer Statement Message layout (fields
:20:, :25:, :28C:, :60F:, :61:, :86:, :62F:; :61: = value date YYMMDD, entry
date MMDD, mark C/D/RC/RD, amount with a decimal comma, transaction type, the
customer's reference and //the bank's), the MT942 Interim Transaction Report
(:34F:, :13D:, :90C: number and sum of credits), the German structured :86:
of the DFÜ-Abkommen Anlage 3 (GVC, ?00 posting text, ?20-?29 purpose, ?30
bank code, ?31 account, ?32/?33 name; SEPA keys EREF+ and SVWZ+) and the
keyword :86: of SWIFT-style statements (/EREF/, /ORDP//NAME/, /IBAN/, /REMI/USTD//).
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
from receivables.readers.mt940 import read_mt940

GERMAN = """:20:STARTUMS
:25:37040044/0532013000
:28C:00058/001
:60F:C261230EUR12500,00
:61:2612301230C1190,00NTRFNONREF//0000123897
:86:166?00SEPA-GUTSCHRIFT?109310?20EREF+E2E-2026-0001?21SVWZ+RE 2026-0815 UND 2026-08
?2216?30COBADEFFXXX?31DE02120300000000202051?32MUELLER MASCHINENBAU GMBH UND?33 CO KG
:61:2612311231D35,70NMSCNONREF
:86:805?00ENTGELT?20KONTOFUEHRUNG
:61:2701020102C2500,NTRFNONREF//0000123898
:86:051?00GUTSCHRIFT?20RECHNUNG 4711?21TEILZAHLUNG?32SCHMIDT AG?31DE89370400440532013000
:61:2701020102RC500,00NTRFNONREF//0000123801
:86:159?00RUECKUEBERWEISUNG?20EREF+E2E-2026-0777?21SVWZ+AC04 KONTO AUFGELOEST
:62F:C270102EUR15654,30
-
"""
# 12500.00 + 1190.00 - 35.70 + 2500.00 - 500.00 = 15654.30; the year turns between
# the first and the third line (value dates 261230 and 270102).

SWIFT_KEYWORDS = """:20:940S270115
:25:NL20INGB0001234567
:28C:00015
:60F:C270114EUR0,00
:61:2701150115C750,25NTRFEREF//27011500001
/TRCD/00100/
:86:/EREF/INV-88-PAY/ORDP//NAME/GLOBEX BV/ADDR/KERKSTRAAT 1/IBAN/NL91ABNA0417164300/REMI/U
STD//FACTUUR 2026-0088/
:62F:C270115EUR750,25
"""

MT942 = """:20:MT942-0001
:25:DE89370400440532013000
:28C:00001/001
:34F:EUR0,
:13D:2701151030+0100
:61:2701150115C100,00NTRFNONREF//A1
:86:166?20INV-1?32KUNDE EINS
:61:2701150115C250,50NTRFNONREF//A2
:86:166?20INV-2?32KUNDE ZWEI
:90D:0EUR0,
:90C:2EUR350,50
"""


def test_the_german_statement_reads_every_value() -> None:
    result = read_mt940(GERMAN, source="de.sta")
    first, second = result.payments
    assert first.id == "E2E-2026-0001"
    assert first.amount == money("1190.00", "EUR")
    assert (first.received_date, first.value_date) == (dt.date(2026, 12, 30),) * 2
    assert first.payer_name == "MUELLER MASCHINENBAU GMBH UND CO KG"  # ?32 cut at 27
    assert first.payer_account == "DE02120300000000202051"
    assert first.remittance == "RE 2026-0815 UND 2026-0816"  # SVWZ+ across ?21/?22
    assert first.bank_reference == "E2E-2026-0001"
    assert second.id == "0000123898"
    assert second.amount == money("2500.00", "EUR")
    assert second.received_date == dt.date(2027, 1, 2)
    assert second.payer_name == "SCHMIDT AG"
    assert second.remittance == "RECHNUNG 4711 TEILZAHLUNG"
    (reversal,) = result.reversals
    assert reversal.kind is ReversalKind.RETURNED_PAYMENT
    assert reversal.target_id == "E2E-2026-0777"
    assert reversal.date == dt.date(2027, 1, 2)
    (note,) = result.notes
    assert note.code == "debit_entry"
    assert note.data["amount"] == "-35.70"
    assert note.data["where"] == "de.sta:8::61:"
    assert result.totals() == {"EUR": money("3690.00", "EUR")}


def test_the_keyword_form_of_86_gives_name_account_and_remittance() -> None:
    (payment,) = read_mt940(SWIFT_KEYWORDS).payments
    assert payment.id == "INV-88-PAY"
    assert payment.amount == money("750.25", "EUR")
    assert payment.payer_name == "GLOBEX BV"
    assert payment.payer_account == "NL91ABNA0417164300"
    assert payment.remittance == "FACTUUR 2026-0088"


def test_an_mt942_is_read_and_its_credit_sum_checked() -> None:
    result = read_mt940(MT942.encode("cp1252"), source="r.942")
    assert [(p.id, p.amount) for p in result.payments] == [
        ("A1", money("100.00", "EUR")),
        ("A2", money("250.50", "EUR")),
    ]
    assert [p.remittance for p in result.payments] == ["INV-1", "INV-2"]
    with pytest.raises(ValidationError) as caught:
        read_mt940(MT942.replace(":90C:2EUR350,50", ":90C:2EUR350,05"), source="r.942")
    (problem,) = caught.value.problems
    assert problem.field == "r.942:11::90C:"
    assert "count and sum: 2 and 350.50" in problem.expected


def test_a_closing_balance_that_does_not_agree_names_its_line() -> None:
    with pytest.raises(ValidationError) as caught:
        read_mt940(GERMAN.replace("EUR15654,30", "EUR15654,00"), source="de.sta")
    (problem,) = caught.value.problems
    assert (problem.field, problem.value) == ("de.sta:14::62:", "15654.00")


def test_a_truncated_statement_is_an_error_not_a_partial_read() -> None:
    truncated = GERMAN.split(":61:2701020102RC")[0]
    with pytest.raises(ValidationError) as caught:
        read_mt940(truncated, source="de.sta")
    (problem,) = caught.value.problems
    assert problem.field == "de.sta:11::62F:"  # the last line read
    assert "truncated" in problem.expected


def test_every_bad_line_is_reported_at_once() -> None:
    broken = GERMAN.replace("C1190,00NTRF", "C1190.00NTRF").replace("C2500,NTRF", "C25OO,NTRF")
    with pytest.raises(ValidationError) as caught:
        read_mt940(broken, source="de.sta")
    assert [p.field for p in caught.value.problems] == ["de.sta:5::61:", "de.sta:10::61:"]


def test_a_file_without_a_statement_is_refused() -> None:
    with pytest.raises(ValidationError, match="starting with :20:"):
        read_mt940("hello")


def test_several_statements_in_one_file_are_each_checked() -> None:
    two = GERMAN + SWIFT_KEYWORDS
    assert len(read_mt940(two).payments) == 3


@given(st.text(max_size=200))
def test_junk_raises_only_the_librarys_validation_error(junk: str) -> None:
    with contextlib.suppress(ValidationError):
        read_mt940(":20:X\n" + junk)


SAMPLES = Path("/work/shared/samples/bank-files")


@pytest.mark.skipif(not SAMPLES.exists(), reason="the shared sample files are not here")
def test_the_real_mt940_files_read_right() -> None:
    kontist = read_mt940((SAMPLES / "mt940_kontist.sta").read_bytes())
    assert [str(p.amount.amount) for p in kontist.payments] == [
        "50.00",
        "120.00",
        "95.95",
        "250.00",
    ]
    assert [p.remittance for p in kontist.payments][2:] == [
        "Rechnung-Nr.: INV-00002 v. 13.02.21",
        "INV-00003",
    ]
    assert kontist.payments[1].payer_name == "Lucien Schünke"
    sparkasse = read_mt940((SAMPLES / "mt940_sparkasse.sta").read_bytes())
    assert len(sparkasse.payments) == 9
    assert sparkasse.totals() == {"EUR": money("932.00", "EUR")}


def test_a_swift_envelope_around_the_statement_is_ignored() -> None:
    wrapped = (
        "{1:F01BANKDEFFAXXX0000000000}{2:O9401200260302BANKDEFFAXXX00000000002603021200N}{4:\n"
        + SWIFT_KEYWORDS
        + "-}"
    )
    (payment,) = read_mt940(wrapped).payments
    assert (payment.id, payment.amount) == ("INV-88-PAY", money("750.25", "EUR"))
