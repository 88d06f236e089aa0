"""Which payment, and which invoices in it, does the customer's EDI 820 remittance advice name?

:func:`read_edi820` reads ANSI ASC X12 820 (Payment Order/Remittance Advice,
versions 004010 to 008010 share the segments read here) into one
:class:`~receivables.documents.Payment` per transaction set (``ST``/``SE``):

- ``BPR`` the payment: BPR02 amount, BPR04 method (``ACH``, ``FWT`` wire,
  ``CHK`` cheque), BPR09 the payer's account, BPR16 the effective date
  (``CCYYMMDD``, or ``YYMMDD`` as older senders write it); ``CUR`` CUR02 its
  currency (USD when absent, as X12 assumes); ``TRN`` TRN02 the trace
  number, which becomes the payment's id and bank reference;
- ``N1`` with N101 ``PR`` the payer's name; ``REF`` beside the payment its
  references (kept in the remittance text);
- each ``RMR`` a :class:`~receivables.documents.RemittanceLine`: RMR01 the
  kind of reference (``IV`` invoice, ``PO``, ``AP``, ``CR`` credit memo ...),
  RMR02 the document number, RMR04 the amount paid (negative for a credit
  memo deducted), RMR06 the discount taken; an ``ADX`` after it its
  adjustment (ADX01, negative when the payer deducted it) and reason code
  (ADX02); an ``ADX`` before any ``RMR`` adjusts the payment as a whole.

The separators are read from the ``ISA`` header, which is fixed-width: the
element separator is its 4th character, the component separator its 106th
and the segment terminator the 107th, so a file using ``~``, ``\\`` or a new
line reads the same; a byte-order mark and white space between segments are
ignored.

The control records are checked, and a file that does not agree is an error
naming the segment: ``SE01`` the number of segments of the transaction set,
``GE01`` the number of transaction sets, ``IEA01`` the number of groups, and
the payment BPR02 against its lines: the sum of RMR04 plus the payment-level
ADX01 (or plus every ADX01, as some senders net lines that way).

>>> edi = ("ISA*00*          *00*          *ZZ*ACMEPAYER      *ZZ*OURCOMPANY     "
...        "*260302*1200*U*00401*000000101*0*P*>~GS*RA*ACMEPAYER*OURCOMPANY*20260302*1200*101*X*004010~"
...        "ST*820*0001~BPR*C*150.00*C*ACH*CCD*01*011000015*DA*123456789*1234567890**01*021000021*DA*987654321*20260302~"
...        "TRN*1*TRACE-0001~N1*PR*ACME CORP~ENT*1~RMR*IV*INV-1001**150.00~SE*7*0001~GE*1*101~IEA*1*000000101~")
>>> payment = read_edi820(edi, source="r.edi").payments[0]
>>> payment.id, payment.amount, payment.payer_name, payment.remittance_lines[0].document_number
('TRACE-0001', Money('150.00', 'USD'), 'ACME CORP', 'INV-1001')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Final

import attrs

from receivables.documents import Payment, PaymentMethod, RemittanceLine
from receivables.errors import ReceivablesError, ValidationError
from receivables.money import Money, money, total
from receivables.readers.results import MAX_BYTES, Problems, ReadResult, Source, read_text

__all__ = ["read_edi820"]

_ISA_LENGTH: Final = 106
_METHODS: Final = {
    "ACH": PaymentMethod.TRANSFER,
    "FWT": PaymentMethod.TRANSFER,
    "BOP": PaymentMethod.TRANSFER,
    "CHK": PaymentMethod.CHECK,
    "CWT": PaymentMethod.TRANSFER,
}
_AMOUNT: Final = re.compile(r"-?\d*\.?\d+")


@attrs.frozen
class _Segment:
    number: int  # its position in the interchange, from 1 (ISA)
    elements: tuple[str, ...]

    @property
    def tag(self) -> str:
        return self.elements[0]

    def get(self, position: int) -> str:
        """Element ``position`` (1-based, as X12 numbers them), '' when absent."""
        return self.elements[position].strip() if position < len(self.elements) else ""


def _segments(text: str, source: str) -> list[_Segment]:
    start = text.find("ISA")
    if start < 0 or len(text) < start + _ISA_LENGTH:
        raise ValidationError(
            source, text[:40], "an X12 interchange starting with a 106-character ISA"
        )
    header = text[start : start + _ISA_LENGTH]
    separator, terminator = header[3], header[105]
    if separator.isalnum() or terminator.isalnum() or separator == terminator:
        raise ValidationError(
            f"{source}:ISA",
            header,
            "an ISA of 106 characters: its 4th the element separator, its last the segment "
            "terminator (neither a letter nor a digit)",
        )
    parts = text[start:].split(terminator)
    segments: list[_Segment] = []
    for part in parts:
        cleaned = part.strip(" \t\r\n")
        if cleaned:
            segments.append(_Segment(len(segments) + 1, tuple(cleaned.split(separator))))
    return segments


class _Reader:
    def __init__(self, source: str) -> None:
        self.problems = Problems(source)
        self.payments: list[Payment] = []
        self.ids: dict[str, int] = {}
        self.dated: _Segment = _Segment(0, ("ISA",))

    def where(self, segment: _Segment) -> str:
        return f"segment {segment.number}"

    def amount(self, segment: _Segment, position: int, currency: str) -> Money | None:
        text = segment.get(position)
        name = f"{segment.tag}{position:02d}"
        if not _AMOUNT.fullmatch(text):
            self.problems.add(self.where(segment), name, text, "an amount such as 1234.50")
            return None
        try:
            return money(text, currency)
        except ValidationError as error:
            self.problems.add(self.where(segment), name, text, error.expected)
            return None

    def date(self, segment: _Segment, position: int) -> dt.date | None:
        text = segment.get(position)
        for pattern in ("%Y%m%d", "%y%m%d"):
            try:
                if len(text) == len(dt.date(2000, 1, 1).strftime(pattern)):
                    return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007
            except ValueError:
                break
        self.problems.add(
            self.where(segment), f"{segment.tag}{position:02d}", text, "a date CCYYMMDD or YYMMDD"
        )
        return None

    def effective_date(self, bpr: _Segment, segments: list[_Segment]) -> dt.date | None:
        """BPR16; else a DTM of the set (097 created, 009 processed), else the group's date.

        Some senders leave out the empty BPR11 and so shift BPR16 into BPR15:
        the date of the DTM or of the group (GS04, else ISA09) is then used.
        """
        if bpr.get(16):
            return self.date(bpr, 16)
        dtm = next((s for s in segments if s.tag == "DTM" and s.get(1) in ("097", "009")), None)
        if dtm is not None:
            return self.date(dtm, 2)
        if self.dated.tag == "GS":
            return self.date(self.dated, 4)
        return self.date(self.dated, 9)

    def interchange(self, segments: list[_Segment]) -> None:
        groups = 0
        sets_in_group = 0
        transaction: list[_Segment] = []
        self.dated = segments[0]  # ISA09 the interchange date, GS04 the group's
        for segment in segments:
            tag = segment.tag
            if tag == "GS":
                groups += 1
                sets_in_group = 0
                self.dated = segment
            elif tag == "ST":
                transaction = [segment]
            elif tag == "SE":
                transaction.append(segment)
                sets_in_group += 1
                self.transaction_set(transaction)
                transaction = []
            elif tag == "GE":
                self.count(
                    segment, 1, sets_in_group, "the number of transaction sets (ST) in the group"
                )
            elif tag == "IEA":
                self.count(segment, 1, groups, "the number of functional groups (GS)")
            elif transaction:
                transaction.append(segment)
        if transaction:
            self.problems.add(
                self.where(transaction[0]),
                "SE",
                None,
                "an SE closing the transaction set (the file is truncated)",
            )
        if not any(s.tag == "IEA" for s in segments):
            self.problems.add(
                self.where(segments[-1]),
                "IEA",
                None,
                "an IEA closing the interchange (the file is truncated)",
            )

    def count(self, segment: _Segment, position: int, found: int, what: str) -> None:
        text = segment.get(position)
        if not text.isdigit() or int(text) != found:
            self.problems.add(
                self.where(segment), f"{segment.tag}{position:02d}", text, f"{what}: {found}"
            )

    def transaction_set(self, segments: list[_Segment]) -> None:
        start, end = segments[0], segments[-1]
        self.count(end, 1, len(segments), "the number of segments from ST to SE")
        if start.get(1) != "820":
            return
        currency = next((s.get(2) for s in segments if s.tag == "CUR" and s.get(2)), "USD")
        try:
            currency = money("0", currency).code
        except ValidationError:
            cur = next(s for s in segments if s.tag == "CUR")
            self.problems.add(self.where(cur), "CUR02", currency, "an ISO 4217 currency code")
            return
        bpr = next((s for s in segments if s.tag == "BPR"), None)
        if bpr is None:
            self.problems.add(self.where(start), "BPR", None, "a BPR segment with the payment")
            return
        amount = self.amount(bpr, 2, currency)
        received = self.effective_date(bpr, segments)
        trace = next((s.get(2) for s in segments if s.tag == "TRN" and s.get(2)), "")
        payer = next((s.get(2) for s in segments if s.tag == "N1" and s.get(1) == "PR"), "")
        references = [s.get(2) for s in segments if s.tag == "REF" and s.get(2)]
        lines, paid, whole, every = self.lines(segments, currency)
        if amount is None or lines is None:
            return
        if received is None:
            return
        if paid:
            sums = {total(paid + whole, currency), total(paid + every, currency)}
            if amount not in sums:
                self.problems.add(
                    self.where(bpr),
                    "BPR02",
                    bpr.get(2),
                    f"the sum of the RMR04 amounts and the ADX01 adjustments, "
                    f"{total(paid + whole, currency).amount}",
                )
                return
        wanted = trace or f"{self.problems.source}#ST{start.get(2)}"
        count = self.ids.get(wanted, 0) + 1
        self.ids[wanted] = count
        remittance = " ".join([*references, *(line.document_number for line in lines)])
        try:
            self.payments.append(
                Payment(
                    id=wanted if count == 1 else f"{wanted}/{count}",
                    amount=amount,
                    received_date=received,
                    payer_name=payer,
                    remittance=remittance,
                    bank_reference=trace,
                    method=_METHODS.get(bpr.get(4), PaymentMethod.TRANSFER),
                    payer_account=bpr.get(9) or None,
                    remittance_lines=lines,
                )
            )
        except ReceivablesError as error:
            self.problems.add(self.where(bpr), "BPR02", bpr.get(2), str(error))

    def lines(
        self, segments: list[_Segment], currency: str
    ) -> tuple[list[RemittanceLine] | None, list[Money], list[Money], list[Money]]:
        """Remittance lines, their RMR04 amounts, the payment-level and all ADX01 amounts."""
        lines: list[RemittanceLine] = []
        paid: list[Money] = []
        whole: list[Money] = []
        every: list[Money] = []
        ok = True
        for segment in segments:
            if segment.tag == "RMR":
                number = segment.get(2)
                if not number:
                    self.problems.add(self.where(segment), "RMR02", "", "the document's number")
                    ok = False
                    continue
                line_paid = self.amount(segment, 4, currency) if segment.get(4) else None
                discount = self.amount(segment, 6, currency) if segment.get(6) else None
                if line_paid is not None:
                    paid.append(line_paid)
                elif segment.get(4):
                    ok = False
                if discount is not None and discount.amount <= 0:
                    discount = None
                lines.append(
                    RemittanceLine(
                        document_number=number,
                        amount_paid=line_paid,
                        discount=discount,
                        reference_kind=segment.get(1).lower(),
                    )
                )
            elif segment.tag == "ADX":
                adjustment = self.amount(segment, 1, currency)
                if adjustment is None:
                    ok = False
                    continue
                every.append(adjustment)
                if not lines:
                    whole.append(adjustment)
                    continue
                last = lines[-1]
                before = last.adjustment.amount if last.adjustment is not None else 0
                lines[-1] = attrs.evolve(
                    last,
                    adjustment=money(before - adjustment.amount, currency),
                    adjustment_reason=last.adjustment_reason or segment.get(2),
                )
        return (lines if ok else None), paid, whole, every


def read_edi820(
    data: Source,
    *,
    source: str = "remittance.edi",
    encodings: Iterable[str] = ("utf-8-sig", "cp1252"),
    max_bytes: int = MAX_BYTES,
) -> ReadResult:
    """The payments, with their remittance lines, of an X12 820 interchange.

    A file with bad segments raises one :class:`~receivables.errors.ValidationError`
    listing each, by segment number and element (``r.edi:segment 7:RMR04``).

    >>> read_edi820("ISA*too short", source="r.edi")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: r.edi: got 'ISA*too short'; expected an X12 interchange starting with a 106-character ISA
    """
    text = read_text(data, source, encodings=encodings, max_bytes=max_bytes)
    segments = _segments(text, source)
    reader = _Reader(source)
    reader.interchange(segments)
    reader.problems.raise_if_any("an X12 820 whose every segment can be read")
    return ReadResult(source=source, format="edi820", payments=tuple(reader.payments))
