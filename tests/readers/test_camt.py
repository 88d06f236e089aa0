"""camt.053/054 read into payments, reversals and notes; hostile XML refused.

The samples are written from the ISO 20022 message definitions
(camt.053.001.02 and camt.054.001.08 Message Definition Reports, element names
and nesting: BkToCstmrStmt/Stmt/Ntry/NtryDtls/TxDtls, RmtInf/Strd/RfrdDocInf,
RfrdDocAmt, CdtrRefInf) and the Swiss Payment Standards camt implementation
guide (batch entries with one TxDtls per transaction, QRR references). The RF
reference RF18539007547034 is the example of ISO 11649:2009, Annex A.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.documents import PaymentMethod, RemittanceLine, ReversalKind
from receivables.errors import ValidationError
from receivables.money import money
from receivables.readers.camt import read_camt

STATEMENT_V02 = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>STMT-2026-03-02</MsgId><CreDtTm>2026-03-02T18:00:00</CreDtTm></GrpHdr>
  <Stmt>
   <Id>STMT-2026-03-02-1</Id>
   <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
   <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt>
    <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
   <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">5470.05</Amt>
    <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-02</Dt></Dt></Bal>
   <Ntry>
    <Amt Ccy="EUR">3000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt><ValDt><Dt>2026-03-03</Dt></ValDt>
    <AcctSvcrRef>BATCH-77</AcctSvcrRef>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
    <NtryDtls>
     <Btch><NbOfTxs>2</NbOfTxs></Btch>
     <TxDtls>
      <Refs><EndToEndId>E2E-ACME-0001</EndToEndId></Refs>
      <AmtDtls><TxAmt><Amt Ccy="EUR">1940.00</Amt></TxAmt></AmtDtls>
      <RltdPties><Dbtr><Nm>ACME GmbH</Nm></Dbtr>
       <DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>
      <RmtInf>
       <Strd>
        <RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>INV-1001</Nb></RfrdDocInf>
        <RfrdDocAmt><DuePyblAmt Ccy="EUR">2000.00</DuePyblAmt>
         <DscntApldAmt Ccy="EUR">40.00</DscntApldAmt><RmtdAmt Ccy="EUR">1940.00</RmtdAmt>
        </RfrdDocAmt>
       </Strd>
      </RmtInf>
     </TxDtls>
     <TxDtls>
      <Refs><EndToEndId>NOTPROVIDED</EndToEndId><AcctSvcrRef>BK-REF-2</AcctSvcrRef></Refs>
      <AmtDtls><TxAmt><Amt Ccy="EUR">1060.00</Amt></TxAmt></AmtDtls>
      <RltdPties><Dbtr><Nm>Globex SA</Nm></Dbtr>
       <DbtrAcct><Id><Othr><Id>00123456789</Id></Othr></Id></DbtrAcct></RltdPties>
      <RmtInf>
       <Ustrd>Pago facturas</Ustrd>
       <Strd>
        <RfrdDocInf><Nb>INV-1002</Nb></RfrdDocInf>
        <RfrdDocAmt><RmtdAmt Ccy="EUR">1060.00</RmtdAmt>
         <AdjstmntAmtAndRsn><Amt Ccy="EUR">40.00</Amt><Rsn>DAMAGED</Rsn></AdjstmntAmtAndRsn>
        </RfrdDocAmt>
       </Strd>
      </RmtInf>
     </TxDtls>
    </NtryDtls>
   </Ntry>
   <Ntry>
    <Amt Ccy="EUR">29.95</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt><ValDt><Dt>2026-03-02</Dt></ValDt>
    <AcctSvcrRef>FEE-03</AcctSvcrRef><AddtlNtryInf>Kontoführung</AddtlNtryInf>
   </Ntry>
   <Ntry>
    <Amt Ccy="EUR">500.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt><ValDt><Dt>2026-03-02</Dt></ValDt>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>RRTN</SubFmlyCd></Fmly></Domn></BkTxCd>
    <NtryDtls><TxDtls>
     <Refs><EndToEndId>E2E-INITECH-9</EndToEndId></Refs>
     <RtrInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>Closed account</AddtlInf></RtrInf>
    </TxDtls></NtryDtls>
   </Ntry>
   <Ntry>
    <Amt Ccy="EUR">2000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt>
    <AcctSvcrRef>CHQ-5501</AcctSvcrRef>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCHQ</Cd><SubFmlyCd>CCHQ</SubFmlyCd></Fmly></Domn></BkTxCd>
    <AddtlNtryInf>Cheque 5501 Initech</AddtlNtryInf>
   </Ntry>
   <Ntry>
    <Amt Ccy="EUR">99.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt>
   </Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>
"""
# The closing balance: 1000.00 + 3000.00 - 29.95 - 500.00 + 2000.00 = 5470.05 (the
# pending 99.00 is not booked, so not in it).

NOTIFICATION_V08 = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">
 <BkToCstmrDbtCdtNtfctn>
  <GrpHdr><MsgId>NTF-1</MsgId><CreDtTm>2026-05-04T08:00:00</CreDtTm></GrpHdr>
  <Ntfctn>
   <Id>NTF-1-1</Id>
   <Acct><Id><IBAN>CH4431999123000889012</IBAN></Id></Acct>
   <Ntry>
    <Amt Ccy="CHF">1250.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><Dt>2026-05-04</Dt></BookgDt><ValDt><Dt>2026-05-04</Dt></ValDt>
    <NtryDtls>
     <Btch><NbOfTxs>2</NbOfTxs><TtlAmt Ccy="CHF">1250.50</TtlAmt></Btch>
     <TxDtls>
      <Refs><EndToEndId>E2E-RF-1</EndToEndId></Refs>
      <Amt Ccy="CHF">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
      <RltdPties>
       <Dbtr><Pty><Nm>Hans Muster</Nm></Pty></Dbtr>
       <DbtrAcct><Id><IBAN>CH9300762011623852957</IBAN></Id></DbtrAcct>
       <UltmtDbtr><Pty><Nm>Muster Bau AG</Nm></Pty></UltmtDbtr>
      </RltdPties>
      <RmtInf><Strd>
       <CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp>
        <Ref>RF18 5390 0754 7034</Ref></CdtrRefInf>
       <RfrdDocAmt><RmtdAmt Ccy="CHF">1000.00</RmtdAmt></RfrdDocAmt>
      </Strd></RmtInf>
     </TxDtls>
     <TxDtls>
      <Refs><EndToEndId>E2E-RF-2</EndToEndId></Refs>
      <Amt Ccy="CHF">250.50</Amt><CdtDbtInd>CRDT</CdtDbtInd>
      <RltdPties><Dbtr><Pty><Nm>Erika Muster</Nm></Pty></Dbtr></RltdPties>
      <RmtInf><Strd>
       <CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF19539007547034</Ref></CdtrRefInf>
      </Strd></RmtInf>
     </TxDtls>
    </NtryDtls>
   </Ntry>
  </Ntfctn>
 </BkToCstmrDbtCdtNtfctn>
</Document>
"""


def test_the_v02_statement_reads_every_value() -> None:
    result = read_camt(STATEMENT_V02, source="statement.xml")
    assert result.format == "camt053"
    assert [p.id for p in result.payments] == ["E2E-ACME-0001", "BK-REF-2", "CHQ-5501"]
    acme, globex, cheque = result.payments
    assert acme.amount == money("1940.00", "EUR")
    assert (acme.received_date, acme.value_date) == (dt.date(2026, 3, 2), dt.date(2026, 3, 3))
    assert acme.payer_name == "ACME GmbH"
    assert acme.payer_account == "DE02120300000000202051"
    assert acme.bank_reference == "E2E-ACME-0001"
    assert acme.method is PaymentMethod.TRANSFER
    assert acme.remittance_lines == (
        RemittanceLine(
            document_number="INV-1001",
            amount_paid=money("1940.00", "EUR"),
            discount=money("40.00", "EUR"),
            reference_kind="cinv",
        ),
    )
    assert acme.remittance == "INV-1001"
    assert globex.amount == money("1060.00", "EUR")
    assert globex.payer_account == "00123456789"
    assert globex.remittance == "Pago facturas INV-1002"
    assert globex.remittance_lines == (
        RemittanceLine(
            document_number="INV-1002",
            amount_paid=money("1060.00", "EUR"),
            adjustment=money("40.00", "EUR"),
            adjustment_reason="DAMAGED",
        ),
    )
    assert cheque.amount == money("2000.00", "EUR")
    assert cheque.method is PaymentMethod.CHECK
    assert cheque.remittance == "Cheque 5501 Initech"
    assert cheque.value_date is None
    assert result.totals() == {"EUR": money("5000.00", "EUR")}  # 1940 + 1060 + 2000
    (reversal,) = result.reversals
    assert reversal.kind is ReversalKind.RETURNED_PAYMENT
    assert reversal.target_id == "E2E-INITECH-9"
    assert reversal.date == dt.date(2026, 3, 2)
    assert reversal.reason == "AC04 Closed account"
    assert [n.code for n in result.notes] == ["debit_entry", "entry_not_booked"]
    assert result.notes[0].data["amount"] == "-29.95"
    assert result.notes[0].data["where"] == "statement.xml:/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]"


def test_the_v08_notification_reads_ultimate_debtors_and_checks_rf_references() -> None:
    result = read_camt(NOTIFICATION_V08.encode(), source="n.xml")
    assert result.format == "camt054"
    first, second = result.payments
    assert (first.amount, second.amount) == (money("1000.00", "CHF"), money("250.50", "CHF"))
    assert first.payer_name == "Muster Bau AG"  # the ultimate debtor owes us
    assert first.payer_account == "CH9300762011623852957"
    assert first.remittance_lines == (
        RemittanceLine(
            document_number="539007547034",
            amount_paid=money("1000.00", "CHF"),
            reference_kind="iso11649",
        ),
    )
    assert second.payer_name == "Erika Muster"
    assert second.remittance_lines == ()
    assert second.remittance == "RF19539007547034"  # kept as text, not trusted as a line
    (note,) = result.notes
    assert note.code == "creditor_reference_invalid"
    assert note.data["reference"] == "RF19539007547034"


@pytest.mark.parametrize(
    ("message", "version"), [(m, v) for m in ("053", "054") for v in range(2, 9)]
)
def test_every_version_from_02_to_08_is_read(message: str, version: int) -> None:
    container, child = (
        ("BkToCstmrStmt", "Stmt") if message == "053" else ("BkToCstmrDbtCdtNtfctn", "Ntfctn")
    )
    status = "<Sts>BOOK</Sts>" if version < 6 else "<Sts><Cd>BOOK</Cd></Sts>"
    text = (
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{message}.001.{version:02d}">'
        f"<{container}><{child}><Ntry><Amt Ccy='JPY'>15000</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
        f"{status}<BookgDt><Dt>2026-01-05</Dt></BookgDt><NtryRef>N1</NtryRef></Ntry>"
        f"</{child}></{container}></Document>"
    )
    (payment,) = read_camt(text).payments
    assert (payment.id, payment.amount) == ("N1", money("15000", "JPY"))


def test_a_file_object_is_read_and_a_batch_gives_one_payment_per_transaction() -> None:
    result = read_camt(io.BytesIO(NOTIFICATION_V08.encode()), source="n.xml")
    assert len(result.payments) == 2


# --- hostile and broken files ------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&lol3;</Document>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&xxe;</Document>"""

ENTITY_WITHOUT_DOCTYPE_SUBSET = """<?xml version="1.0"?>
<!DOCTYPE Document SYSTEM "http://example.invalid/camt.dtd">
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY, ENTITY_WITHOUT_DOCTYPE_SUBSET])
def test_xml_bombs_and_external_entities_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match=r"s\.xml: .*without a DTD"):
        read_camt(text, source="s.xml")


def test_a_truncated_file_names_the_line() -> None:
    truncated = STATEMENT_V02[: len(STATEMENT_V02) // 2]
    with pytest.raises(ValidationError, match=r"statement\.xml:\d+:\d+: .*well-formed XML"):
        read_camt(truncated, source="statement.xml")


def test_a_file_over_the_size_limit_is_refused_before_parsing() -> None:
    with pytest.raises(ValidationError, match="at most 100 bytes"):
        read_camt(STATEMENT_V02, max_bytes=100)


def test_a_document_that_is_not_camt_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"camt\.052, camt\.053 or camt\.054"):
        read_camt('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>')
    with pytest.raises(ValidationError, match="BkToCstmrStmt"):
        read_camt(
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><X/></Document>'
        )


def _problems(text: str) -> dict[str, object]:
    with pytest.raises(ValidationError) as caught:
        read_camt(text, source="statement.xml")
    return {problem.field: problem.value for problem in caught.value.problems}


def test_every_bad_value_is_reported_at_once_by_xpath() -> None:
    text = (
        STATEMENT_V02.replace(
            '<Amt Ccy="EUR">2000.00</Amt><CdtDbtInd>CRDT',
            '<Amt Ccy="XYZ">2000.00</Amt><CdtDbtInd>CRDT',
        )
        .replace('<Amt Ccy="EUR">29.95</Amt>', '<Amt Ccy="EUR">29,95</Amt>')
        .replace("<Dt>2026-03-03</Dt>", "<Dt>03.03.2026</Dt>")
    )
    problems = _problems(text)
    stmt = "statement.xml:/Document/BkToCstmrStmt/Stmt[1]"
    assert problems == {
        f"{stmt}/Ntry[1]/ValDt/Dt": "03.03.2026",
        f"{stmt}/Ntry[2]/Amt": "29,95",
        f"{stmt}/Ntry[4]/Amt/@Ccy": "XYZ",
    }


def test_a_batch_whose_transactions_do_not_add_up_is_an_error_not_a_partial_read() -> None:
    problems = _problems(STATEMENT_V02.replace("1060.00</Amt></TxAmt>", "1050.00</Amt></TxAmt>"))
    assert problems == {"statement.xml:/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt": "3000.00"}


def test_a_batch_missing_transactions_is_an_error() -> None:
    problems = _problems(STATEMENT_V02.replace("<NbOfTxs>2</NbOfTxs>", "<NbOfTxs>3</NbOfTxs>"))
    assert problems == {
        "statement.xml:/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls/Btch/NbOfTxs": "3"
    }


def test_mixed_currencies_in_a_batch_are_an_error() -> None:
    problems = _problems(
        STATEMENT_V02.replace(
            '<Amt Ccy="EUR">1060.00</Amt></TxAmt>', '<Amt Ccy="USD">1060.00</Amt></TxAmt>'
        )
    )
    assert problems == {
        "statement.xml:/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[2]/Amt/@Ccy": "USD"
    }


def test_a_closing_balance_that_does_not_agree_with_the_entries_is_an_error() -> None:
    problems = _problems(STATEMENT_V02.replace("5470.05", "5470.06"))
    assert problems == {"statement.xml:/Document/BkToCstmrStmt/Stmt[1]/Bal[2]/Amt": "5470.06"}


def test_a_remittance_amount_in_another_currency_is_an_error() -> None:
    problems = _problems(
        STATEMENT_V02.replace('<RmtdAmt Ccy="EUR">1940.00', '<RmtdAmt Ccy="USD">1940.00')
    )
    key = (
        "statement.xml:/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]"
        "/RmtInf/Strd[1]/RfrdDocAmt/RmtdAmt/@Ccy"
    )
    assert problems == {key: "USD"}


@given(st.binary(max_size=300) | st.text(max_size=300))
def test_junk_raises_only_the_librarys_validation_error(junk: bytes | str) -> None:
    with contextlib.suppress(ValidationError):
        read_camt(junk)


# --- the real files of ../shared/samples (read only when present) -----------------------

SAMPLES = Path("/work/shared/samples/bank-files")


@pytest.mark.skipif(not SAMPLES.exists(), reason="the shared sample files are not here")
def test_the_real_camt_files_read_right() -> None:
    batch = read_camt((SAMPLES / "camt053_ch_isr_batch_oca.xml").read_bytes())
    assert [p.amount for p in batch.payments] == [money("2187.00", "CHF"), money("1296.00", "CHF")]
    assert [p.payer_account for p in batch.payments] == [
        "CH2222000000123456789",
        "CH3333000000123456789",
    ]
    qr = read_camt((SAMPLES / "camt054_cs_qriban_v08.xml").read_bytes())
    assert len(qr.payments) == 5
    assert qr.totals() == {"CHF": money("997.25", "CHF")}
    assert [line.document_number for p in qr.payments for line in p.remittance_lines] == [
        f"9999991234567890123456780{tail}" for tail in ("28", "33", "49", "57", "65")
    ]


def test_from_001_05_a_discount_carries_its_type_and_an_adjustment_its_direction() -> None:
    # camt.053.001.05 on: DscntApldAmt is DiscountAmountAndType (Tp, Amt); an adjustment's
    # CdtDbtInd DBIT adds to what is due (a negative deduction here).
    text = NOTIFICATION_V08.replace(
        '<RfrdDocAmt><RmtdAmt Ccy="CHF">1000.00</RmtdAmt></RfrdDocAmt>',
        "<RfrdDocInf><Nb>R-77</Nb></RfrdDocInf>"
        '<RfrdDocAmt><DscntApldAmt><Tp><Cd>PPD</Cd></Tp><Amt Ccy="CHF">20.00</Amt></DscntApldAmt>'
        '<RmtdAmt Ccy="CHF">1000.00</RmtdAmt><AdjstmntAmtAndRsn><Amt Ccy="CHF">5.00</Amt>'
        "<CdtDbtInd>DBIT</CdtDbtInd><Rsn>FEE</Rsn></AdjstmntAmtAndRsn></RfrdDocAmt>",
    )
    first = read_camt(text).payments[0]
    assert first.remittance_lines[0] == RemittanceLine(
        document_number="R-77",
        amount_paid=money("1000.00", "CHF"),
        discount=money("20.00", "CHF"),
        adjustment=money("-5.00", "CHF"),
        adjustment_reason="FEE",
    )
    assert first.remittance_lines[1].reference_kind == "iso11649"


def test_from_001_05_each_referred_document_may_carry_its_own_amounts() -> None:
    # RfrdDocInf/LineDtls/Amt (RemittanceAmount3): one Strd paying two invoices.
    strd = (
        "<Strd><RfrdDocInf><Nb>INV-1</Nb><LineDtls><Amt>"
        '<RmtdAmt Ccy="CHF">600.00</RmtdAmt></Amt></LineDtls></RfrdDocInf>'
        "<RfrdDocInf><Nb>INV-2</Nb><LineDtls><Amt>"
        '<DscntApldAmt><Amt Ccy="CHF">8.00</Amt></DscntApldAmt>'
        '<RmtdAmt Ccy="CHF">392.00</RmtdAmt></Amt></LineDtls></RfrdDocInf></Strd>'
    )
    text = NOTIFICATION_V08.replace(
        NOTIFICATION_V08[
            NOTIFICATION_V08.index("<RmtInf><Strd>") : NOTIFICATION_V08.index("</RmtInf>")
        ],
        "<RmtInf>" + strd,
        1,
    )
    first = read_camt(text).payments[0]
    assert first.remittance_lines == (
        RemittanceLine(document_number="INV-1", amount_paid=money("600.00", "CHF")),
        RemittanceLine(
            document_number="INV-2",
            amount_paid=money("392.00", "CHF"),
            discount=money("8.00", "CHF"),
        ),
    )
    assert first.remittance == "INV-1 INV-2"


def test_a_reversed_debit_is_a_note_and_an_entry_without_references_gets_a_path_id() -> None:
    text = (
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt><Stmt>'
        "<Ntry><Amt Ccy='EUR'>12.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd>"
        "<Sts>BOOK</Sts><BookgDt><Dt>2026-01-05</Dt></BookgDt></Ntry>"
        "<Ntry><Amt Ccy='EUR'>30.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
        "<Sts>BOOK</Sts><ValDt><DtTm>2026-01-06T10:00:00</DtTm></ValDt></Ntry>"
        "</Stmt><Stmt><Ntry><Amt Ccy='EUR'>5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
        "<Sts>BOOK</Sts><BookgDt><Dt>2026-01-07</Dt></BookgDt></Ntry></Stmt>"
        "</BkToCstmrStmt></Document>"
    )
    result = read_camt(text, source="s.xml")
    assert [n.code for n in result.notes] == ["reversed_debit"]
    assert [(p.id, p.received_date) for p in result.payments] == [
        ("s.xml#/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]", dt.date(2026, 1, 6)),
        ("s.xml#/Document/BkToCstmrStmt/Stmt[2]/Ntry[1]", dt.date(2026, 1, 7)),
    ]
    with pytest.raises(ValidationError) as caught:
        read_camt(
            text.replace("<ValDt><DtTm>2026-01-06T10:00:00</DtTm></ValDt>", ""), source="s.xml"
        )
    assert [p.field for p in caught.value.problems] == [
        "s.xml:/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/BookgDt"
    ]
    with pytest.raises(ValidationError, match="CRDT or DBIT"):
        read_camt(
            text.replace(
                "<CdtDbtInd>CRDT</CdtDbtInd><RvslInd>", "<CdtDbtInd>C</CdtDbtInd><RvslInd>"
            )
        )
