"""Which of our ACH collections came back, and why (the NACHA return file)?

:func:`read_nacha` reads a NACHA ACH file (94-character records: 1 file
header, 5 batch header, 6 entry detail, 7 addenda, 8 batch control, 9 file
control; the layout of the NACHA Operating Rules, Appendix Three):

- a return of a debit (transaction codes 26, 36, 46, 56: the customer's
  bank sent back a payment we collected) with its return addenda (type 99)
  is a :class:`~receivables.documents.Reversal` of that payment: its
  ``target_id`` is the original entry's trace number (addenda positions
  7-21), its ``reason`` the return reason code and its name from the
  NACHA Operating Rules, Appendix Four (:data:`RETURN_REASONS`: ``R01``
  Insufficient Funds, ``R02`` Account Closed ...), dated by the batch's
  effective entry date;
- a credit to us (codes 22, 32, 42, 52) without a return is a
  :class:`~receivables.documents.Payment` (its id the trace number);
- a return of a credit we sent (21, 31, 41, 51: a refund that came back),
  a notification of change (addenda 98), a debit and a prenote are notes.

The control records are checked, and a file that does not agree is an error
naming the record: each batch's entry and addenda count, entry hash (the sum
of the receiving banks' 8-digit routing numbers, its last 10 digits) and
total debit and credit amounts, and the file's batch count and the same sums.

Written by hand: a NACHA record is cut at fixed positions, and no maintained
Python package reads return addenda and checks the controls with the errors
this library reports.

>>> from receivables.readers.nacha import RETURN_REASONS
>>> RETURN_REASONS["R01"], RETURN_REASONS["R03"]
('Insufficient Funds', 'No Account/Unable to Locate Account')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from receivables.decisions import Reason
from receivables.documents import Payment, PaymentMethod, Reversal, ReversalKind
from receivables.money import Money, from_minor
from receivables.readers.results import MAX_BYTES, Problems, ReadResult, Source, read_text

__all__ = ["RETURN_REASONS", "read_nacha"]

RETURN_REASONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "R01": "Insufficient Funds",
        "R02": "Account Closed",
        "R03": "No Account/Unable to Locate Account",
        "R04": "Invalid Account Number Structure",
        "R05": "Unauthorized Debit to Consumer Account Using Corporate SEC Code",
        "R06": "Returned per ODFI's Request",
        "R07": "Authorization Revoked by Customer",
        "R08": "Payment Stopped",
        "R09": "Uncollected Funds",
        "R10": "Customer Advises Originator is Not Known to Receiver and/or Originator is "
        "Not Authorized by Receiver to Debit Receiver's Account",
        "R11": "Customer Advises Entry Not in Accordance with the Terms of the Authorization",
        "R12": "Account Sold to Another DFI",
        "R13": "Invalid ACH Routing Number",
        "R14": "Representative Payee Deceased or Unable to Continue in That Capacity",
        "R15": "Beneficiary or Account Holder (Other Than a Representative Payee) Deceased",
        "R16": "Account Frozen/Entry Returned per OFAC Instruction",
        "R17": "File Record Edit Criteria/Entry with Invalid Account Number Initiated "
        "Under Questionable Circumstances",
        "R18": "Improper Effective Entry Date",
        "R19": "Amount Field Error",
        "R20": "Non-Transaction Account",
        "R21": "Invalid Company Identification",
        "R22": "Invalid Individual ID Number",
        "R23": "Credit Entry Refused by Receiver",
        "R24": "Duplicate Entry",
        "R25": "Addenda Error",
        "R26": "Mandatory Field Error",
        "R27": "Trace Number Error",
        "R28": "Routing Number Check Digit Error",
        "R29": "Corporate Customer Advises Not Authorized",
        "R30": "RDFI Not Participant in Check Truncation Program",
        "R31": "Permissible Return Entry (CCD and CTX only)",
        "R32": "RDFI Non-Settlement",
        "R33": "Return of XCK Entry",
        "R34": "Limited Participation DFI",
        "R35": "Return of Improper Debit Entry",
        "R36": "Return of Improper Credit Entry",
        "R37": "Source Document Presented for Payment",
        "R38": "Stop Payment on Source Document",
        "R39": "Improper Source Document/Source Document Presented for Payment",
        "R50": "State Law Affecting RCK Acceptance",
        "R51": "Item related to RCK Entry is Ineligible or RCK Entry is Improper",
        "R52": "Stop Payment on Item Related to RCK Entry",
        "R53": "Item and RCK Entry Presented for Payment",
        "R61": "Misrouted Return",
        "R62": "Return of Erroneous or Reversing Debit",
        "R67": "Duplicate Return",
        "R68": "Untimely Return",
        "R69": "Field Error(s)",
        "R70": "Permissible Return Entry Not Accepted/Return Not Requested by ODFI",
        "R71": "Misrouted Dishonored Return",
        "R72": "Untimely Dishonored Return",
        "R73": "Timely Original Return",
        "R74": "Corrected Return",
        "R75": "Return Not a Duplicate",
        "R76": "No Errors Found",
        "R77": "Non-Acceptance of R62 Dishonored Return",
        "R80": "IAT Entry Coding Error",
        "R81": "Non-Participant in IAT Program",
        "R82": "Invalid Foreign Receiving DFI Identification",
        "R83": "Foreign Receiving DFI Unable to Settle",
        "R84": "Entry Not Processed by Gateway",
        "R85": "Incorrectly Coded Outbound International Payment",
    }
)
"""Return reason codes and their names (NACHA Operating Rules, Appendix Four)."""

_RECORD: Final = 94
_RETURNED_DEBITS: Final = frozenset({"26", "36", "46", "56"})
_RETURNED_CREDITS: Final = frozenset({"21", "31", "41", "51"})
_CREDITS: Final = frozenset({"22", "32", "42", "52"})
_DEBITS: Final = frozenset({"27", "37", "47", "55"})


@attrs.define
class _Entry:
    line: int
    code: str
    routing: str
    account: str
    cents: int
    individual_id: str
    name: str
    trace: str
    effective: dt.date | None
    addenda: list[tuple[int, str]] = attrs.Factory(list)


class _Reader:
    def __init__(self, source: str) -> None:
        self.problems = Problems(source)
        self.entries: list[_Entry] = []
        self.batch: list[_Entry] = []
        self.batch_records = 0
        self.batches = 0
        self.effective: dt.date | None = None
        self.file_date: dt.date | None = None
        self.seen_file_control = False
        self.broken = False

    def digits(self, number: int, record: str, start: int, end: int, name: str) -> int | None:
        text = record[start - 1 : end]
        if not text.strip().isdigit():
            self.problems.add(number, name, text, f"digits at positions {start}-{end}")
            self.broken = True
            return None
        return int(text)

    def date(self, number: int, record: str, start: int, name: str) -> dt.date | None:
        text = record[start - 1 : start + 5]
        if not text.strip():
            return None
        try:
            return dt.datetime.strptime(text, "%y%m%d").date()  # noqa: DTZ007
        except ValueError:
            self.problems.add(number, name, text, "a date YYMMDD")
            self.broken = True
            return None

    def record(self, record: str, number: int) -> None:
        kind = record[:1]
        if kind == "1":
            self.file_date = self.date(number, record, 24, "file_creation_date")
        elif kind == "5":
            self.batches += 1
            self.batch = []
            self.batch_records = 0
            self.effective = self.date(number, record, 70, "effective_entry_date")
        elif kind == "6":
            self.entry(record, number)
        elif kind == "7":
            self.batch_records += 1
            if not self.batch:
                self.problems.add(number, "record_type", "7", "an addenda record after an entry")
                self.broken = True
                return
            self.batch[-1].addenda.append((number, record))
        elif kind == "8":
            self.batch_control(record, number)
        elif kind == "9":
            if record.strip("9"):  # a block of 9s only pads the file to a multiple of 10
                self.file_control(record, number)
        else:
            self.problems.add(number, "record_type", kind, "1, 5, 6, 7, 8 or 9")
            self.broken = True

    def entry(self, record: str, number: int) -> None:
        self.batch_records += 1
        cents = self.digits(number, record, 30, 39, "amount")
        routing = record[3:11]
        if not routing.isdigit():
            self.problems.add(number, "receiving_dfi", routing, "8 digits at positions 4-11")
            self.broken = True
        entry = _Entry(
            line=number,
            code=record[1:3],
            routing=routing,
            account=record[12:29].strip(),
            cents=cents or 0,
            individual_id=record[39:54].strip(),
            name=record[54:76].strip(),
            trace=record[79:94].strip(),
            effective=self.effective or self.file_date,
        )
        self.batch.append(entry)  # its addenda follow it even when it is unreadable
        if cents is not None and routing.isdigit():
            self.entries.append(entry)

    def sums(self, entries: list[_Entry]) -> tuple[int, int, int]:
        """Entry hash (last 10 digits), total debits and total credits, in cents."""
        hash_ = sum(int(e.routing) for e in entries) % 10**10
        debits = sum(e.cents for e in entries if e.code[1:] in "5678")
        credits = sum(e.cents for e in entries if e.code[1:] in "0123")
        return hash_, debits, credits

    def check(self, number: int, name: str, found: int | None, expected: int, what: str) -> None:
        if found is not None and found != expected:
            self.problems.add(number, name, found, f"{what}: {expected}")

    def batch_control(self, record: str, number: int) -> None:
        if self.broken:
            return
        hash_, debits, credits = self.sums(self.batch)
        label = "as the batch control record (8) should say"
        count = self.digits(number, record, 5, 10, "entry_addenda_count")
        self.check(
            number,
            "entry_addenda_count",
            count,
            self.batch_records,
            f"the batch's entries and addenda, {label}",
        )
        self.check(
            number,
            "entry_hash",
            self.digits(number, record, 11, 20, "entry_hash"),
            hash_,
            f"the sum of the batch's receiving DFI numbers, {label}",
        )
        self.check(
            number,
            "total_debit",
            self.digits(number, record, 21, 32, "total_debit"),
            debits,
            f"the batch's debits in cents, {label}",
        )
        self.check(
            number,
            "total_credit",
            self.digits(number, record, 33, 44, "total_credit"),
            credits,
            f"the batch's credits in cents, {label}",
        )

    def file_control(self, record: str, number: int) -> None:
        self.seen_file_control = True
        if self.broken:
            return
        hash_, debits, credits = self.sums(self.entries)
        records = len(self.entries) + sum(len(e.addenda) for e in self.entries)
        label = "as the file control record (9) should say"
        self.check(
            number,
            "batch_count",
            self.digits(number, record, 2, 7, "batch_count"),
            self.batches,
            f"the number of batches, {label}",
        )
        self.check(
            number,
            "entry_addenda_count",
            self.digits(number, record, 14, 21, "entry_addenda_count"),
            records,
            f"the file's entries and addenda, {label}",
        )
        self.check(
            number,
            "entry_hash",
            self.digits(number, record, 22, 31, "entry_hash"),
            hash_,
            f"the sum of the receiving DFI numbers, {label}",
        )
        self.check(
            number,
            "total_debit",
            self.digits(number, record, 32, 43, "total_debit"),
            debits,
            f"the file's debits in cents, {label}",
        )
        self.check(
            number,
            "total_credit",
            self.digits(number, record, 44, 55, "total_credit"),
            credits,
            f"the file's credits in cents, {label}",
        )

    def documents(self, currency: str) -> tuple[list[Payment], list[Reversal], list[Reason]]:
        payments: list[Payment] = []
        reversals: list[Reversal] = []
        notes: list[Reason] = []
        for entry in self.entries:
            amount = from_minor(entry.cents, currency)
            returns = [(n, r) for n, r in entry.addenda if r[1:3] == "99"]
            changes = [(n, r) for n, r in entry.addenda if r[1:3] == "98"]
            data = {
                "where": self.problems.field(entry.line),
                "amount": str(amount.amount),
                "currency": currency,
                "trace": entry.trace,
            }
            if returns:
                line, addenda = returns[0]
                code = addenda[3:6]
                original = addenda[6:21].strip()
                named = RETURN_REASONS.get(code)
                if named is None:
                    self.problems.add(
                        line, "return_reason", code, "a NACHA return reason code R01-R85"
                    )
                    continue
                if entry.code in _RETURNED_DEBITS:
                    date = entry.effective
                    if date is None:
                        self.problems.add(entry.line, "effective_entry_date", None, "a date YYMMDD")
                        continue
                    reversals.append(
                        Reversal(
                            id=f"{entry.trace}-{code}",
                            kind=ReversalKind.RETURNED_PAYMENT,
                            target_id=original or entry.trace,
                            date=date,
                            reason=f"{code} {named}",
                        )
                    )
                else:
                    notes.append(
                        Reason(
                            "returned_credit",
                            f"A credit we sent came back: {code} {named}.",
                            {**data, "code": code},
                        )
                    )
            elif changes:
                notes.append(
                    Reason("notification_of_change", "A notification of change (addenda 98).", data)
                )
            elif entry.code in _CREDITS and entry.cents > 0:
                payment = self.payment(entry, amount)
                if payment is not None:
                    payments.append(payment)
            else:
                notes.append(
                    Reason(
                        "not_a_payment",
                        f"Transaction code {entry.code} is not a credit to us.",
                        data,
                    )
                )
        return payments, reversals, notes

    def payment(self, entry: _Entry, amount: Money) -> Payment | None:
        if entry.effective is None:
            self.problems.add(entry.line, "effective_entry_date", None, "a date YYMMDD")
            return None
        return Payment(
            id=entry.trace or f"{self.problems.source}:{entry.line}",
            amount=amount,
            received_date=entry.effective,
            payer_name=entry.name,
            remittance=entry.individual_id,
            bank_reference=entry.trace,
            method=PaymentMethod.TRANSFER,
            payer_account=f"{entry.routing}/{entry.account}" if entry.account else None,
        )


def read_nacha(
    data: Source, *, source: str = "returns.ach", currency: str = "USD", max_bytes: int = MAX_BYTES
) -> ReadResult:
    """The returned payments, credits and notes of a NACHA ACH file, its controls checked.

    >>> read_nacha("101 091400606 6910001341810170306A094101FIRST BANK", source="r.ach")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: 2 invalid field(s):
      r.ach:1: got 'a record of 50 characters'; expected records of 94 characters
      r.ach:1:record_type: got None; expected a file control record (9): the file is truncated
    """
    text = read_text(data, source, encodings=("utf-8-sig", "ascii", "latin-1"), max_bytes=max_bytes)
    reader = _Reader(source)
    for number, line in enumerate(text.splitlines(), start=1):
        record = line.rstrip("\r\n")
        if not record.strip():
            continue
        if len(record) > _RECORD or (len(record) < _RECORD and record[:1] != "9"):
            # a bank that trims the blanks of the last record keeps it readable
            reader.problems.add(
                number,
                "",
                f"a record of {len(record)} characters",
                f"records of {_RECORD} characters",
            )
            reader.broken = True
            continue
        reader.record(record.ljust(_RECORD), number)
    if not reader.seen_file_control:
        last = len(text.splitlines())
        reader.problems.add(
            last, "record_type", None, "a file control record (9): the file is truncated"
        )
    reader.problems.raise_if_any("a NACHA file whose every record can be read")
    payments, reversals, notes = reader.documents(currency)
    reader.problems.raise_if_any("a NACHA file whose every record can be read")
    return ReadResult(
        source=source,
        format="nacha",
        payments=tuple(payments),
        reversals=tuple(reversals),
        notes=tuple(notes),
    )
