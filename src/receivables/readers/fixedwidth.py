"""Which payments does a fixed-width bank file (a lockbox or an Asobancaria recaudo) hold?

:func:`read_fixed_width` reads a file line by line with a
:class:`~receivables.readers.layouts.Layout`: each line's record type is the
code at the layout's position, each field is cut at its 1-based positions and
read by its format. A detail record is one
:class:`~receivables.documents.Payment`, dated by its own ``date`` or the
header's above it; an overflow record after it adds a
:class:`~receivables.documents.RemittanceLine` (or memo text) to it; a
control record's ``count``, ``total`` and ``records`` must agree with the
details of its batch (or of the file so far) and with the number of lines,
and a required record (a file trailer) must be there. A file that does not
agree is an error naming the control record's line, never a partial read.

A detail with a ``return_reason`` (Asobancaria's "causal de devolución") or
an amount of zero counts in the totals but is a note, not a payment.

Written by hand, not with a generic fixed-width library: cutting a line at
positions is a slice; what the library adds is the layout as data and the
control totals, which no such package checks.

:func:`read_asobancaria` and :func:`read_lockbox` read with the shipped layouts.

>>> line = "06" + "FACT-2026-0042".rjust(48, "0") + "00000012500000" + "0101" + "0" * 12
>>> line += "001" + "0001" + "0000001" + " " * 68
>>> text = "\\n".join([
...     "01" + "9001234567" + "20260302" + "001" + "0" * 17 + "20260302" + "1200" + "A" + "01",
...     "05" + "7709998000001" + "0001", line,
...     "08" + "000000001" + "000000000012500000" + "0001",
...     "09" + "000000001" + "000000000012500000"])
>>> payment = read_asobancaria(text, source="recaudo.txt").payments[0]
>>> payment.id, payment.amount == money("125000.00", "COP"), payment.remittance
('2026-03-02-0001-0000001', True, 'FACT-2026-0042')
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Final

import attrs

from receivables.decisions import Reason
from receivables.documents import Payment, RemittanceLine
from receivables.errors import ReceivablesError, ValidationError
from receivables.money import Money, from_minor, money, to_minor
from receivables.readers.layouts import (
    FieldFormat,
    FieldLayout,
    Layout,
    RecordLayout,
    RecordRole,
    Scope,
    load_layout,
)
from receivables.readers.results import MAX_BYTES, Problems, ReadResult, Source, read_text

__all__ = ["read_asobancaria", "read_fixed_width", "read_lockbox"]

_AMOUNT: Final = re.compile(r"[+-]?\d+")


@attrs.define
class _Detail:
    """A detail record read, with its line and what overflow records added."""

    line: int
    values: dict[str, Any]
    context: dict[str, Any]
    lines: list[RemittanceLine] = attrs.Factory(list)
    memos: list[str] = attrs.Factory(list)


def _value(field: FieldLayout, raw: str, currency: str) -> Any:
    """The value of ``raw`` by the field's format; ValueError saying what was expected."""
    text = raw.strip()
    if field.strip_leading:  # a reference of zeros only keeps its last zero
        text = text.lstrip(field.strip_leading) or text[-1:]
    if not text:
        if field.required:
            raise ValueError("a value (the field is required)")
        return None
    if field.format is FieldFormat.TEXT:
        return text
    if field.format is FieldFormat.DIGITS:
        if not text.isdigit():
            raise ValueError("digits only")
        return text
    if field.format is FieldFormat.NUMBER:
        if not text.isdigit():
            raise ValueError("a whole number (digits only)")
        return int(text)
    if field.format is FieldFormat.AMOUNT:
        if not _AMOUNT.fullmatch(text):
            raise ValueError(f"digits, the last {field.decimals} of them decimals")
        amount = Decimal(text).scaleb(-field.decimals)
        try:
            return money(amount, currency)
        except ValidationError as error:
            raise ValueError(error.expected) from None
    try:
        return dt.datetime.strptime(text, field.pattern).date()  # noqa: DTZ007
    except ValueError:
        raise ValueError(f"a date {field.pattern}") from None


class _Reader:
    def __init__(self, layout: Layout, source: str) -> None:
        self.layout = layout
        self.problems = Problems(source)
        self.header: dict[str, Any] = {}
        self.batch_header: dict[str, Any] = {}
        self.batch: list[_Detail] = []
        self.details: list[_Detail] = []  # the details read
        self.counted: list[_Detail] = []  # every detail record, read or not, for the controls
        self.seen: set[str] = set()
        self.lines = 0
        self.broken = False  # a record could not be read: the totals cannot be judged

    def fields(self, record: RecordLayout, text: str, number: int) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        ok = True
        for field in record.fields:
            raw = text[field.start - 1 : field.end]
            try:
                values[field.name] = _value(field, raw, self.layout.currency)
            except ValueError as error:
                self.problems.add(number, field.name, raw, str(error))
                ok = False
                self.broken = True
        return values if ok else None

    def line(self, text: str, number: int) -> None:
        layout = self.layout
        self.lines += 1
        if layout.record_length and len(text) > layout.record_length:
            self.broken = True
            self.problems.add(
                number, "", len(text), f"a record of at most {layout.record_length} characters"
            )
            return
        text = text.ljust(layout.record_length)
        code = text[layout.type_start - 1 : layout.type_start - 1 + layout.type_length]
        record = layout.record(code)
        if record is None:
            codes = ", ".join(r.code for r in layout.records)
            self.broken = True
            self.problems.add(number, "record_type", code, f"one of the record types {codes}")
            return
        self.seen.add(record.code)
        values = self.fields(record, text, number)
        if values is None:
            if record.role is RecordRole.DETAIL:  # keep the counts honest: count it, no amount
                self.batch.append(_Detail(number, {}, {}))
                self.counted.append(self.batch[-1])
            return
        if record.role is RecordRole.HEADER:
            self.header.update(values)
        elif record.role is RecordRole.BATCH_HEADER:
            self.batch_header = values
            self.batch = []
        elif record.role is RecordRole.DETAIL:
            detail = _Detail(number, values, {**self.header, **self.batch_header})
            self.batch.append(detail)
            self.details.append(detail)
            self.counted.append(detail)
        elif record.role is RecordRole.OVERFLOW:
            self.overflow(values, number)
        elif record.role is RecordRole.CONTROL:
            if not self.broken:  # a bad record above already says why the totals differ
                self.control(record, values, number)
            elif record.scope is Scope.BATCH:
                self.batch = []

    def overflow(self, values: dict[str, Any], number: int) -> None:
        if not self.details:
            self.broken = True
            self.problems.add(number, "record_type", None, "an overflow record after a detail")
            return
        detail = self.details[-1]
        document = values.get("document_number")
        amount = values.get("document_amount")
        if document:
            detail.lines.append(RemittanceLine(document_number=document, amount_paid=amount))
        if values.get("memo"):
            detail.memos.append(values["memo"])

    def control(self, record: RecordLayout, values: dict[str, Any], number: int) -> None:
        details = self.batch if record.scope is Scope.BATCH else self.counted
        amounts = [d.values.get("amount") for d in details]
        known = [a for a in amounts if isinstance(a, Money)]
        label = f"{record.name or 'control record'} ({record.code})"
        if values.get("count") is not None and values["count"] != len(details):
            self.problems.add(
                number,
                "count",
                values["count"],
                f"the number of detail records in its {record.scope.value}, {len(details)}, "
                f"as the {label} should say",
            )
        total_value = values.get("total")
        if total_value is not None and len(known) == len(amounts):
            found = from_minor(sum(to_minor(a) for a in known), self.layout.currency)
            if found != total_value:
                self.problems.add(
                    number,
                    "total",
                    str(total_value.amount),
                    f"the sum of the detail amounts in its {record.scope.value}, {found.amount}, "
                    f"as the {label} should say",
                )
        if values.get("records") is not None and values["records"] != self.lines:
            self.problems.add(
                number,
                "records",
                values["records"],
                f"the number of records in the file, {self.lines}, as the {label} should say",
            )
        if record.scope is Scope.BATCH:
            self.batch = []

    def payments(self) -> tuple[list[Payment], list[Reason]]:
        payments: list[Payment] = []
        notes: list[Reason] = []
        ids: dict[str, int] = {}
        for detail in self.details:
            values = {**detail.context, **detail.values}
            amount: Money = values["amount"]
            where = self.problems.field(detail.line)
            if values.get("return_reason") or amount.amount <= 0:
                notes.append(
                    Reason(
                        "returned_item" if values.get("return_reason") else "zero_amount",
                        "A detail returned by the bank, or of no amount, is not a payment.",
                        {"where": where, "amount": str(amount.amount), "currency": amount.code},
                    )
                )
                continue
            payment = self.payment(detail, values, ids)
            if payment is not None:
                payments.append(payment)
        return payments, notes

    def payment(
        self, detail: _Detail, values: dict[str, Any], ids: dict[str, int]
    ) -> Payment | None:
        parts = [_text(values.get(name)) for name in self.layout.id_fields]
        wanted = "-".join(p for p in parts if p) or f"{self.problems.source}:{detail.line}"
        count = ids.get(wanted, 0) + 1
        ids[wanted] = count
        received = values.get("date")
        if not isinstance(received, dt.date):
            self.problems.add(detail.line, "date", None, "a date in the detail or its header")
            return None
        account = _text(values.get("payer_account"))
        if account and values.get("payer_routing"):
            account = f"{values['payer_routing']}/{account}"
        lines = list(detail.lines)
        if values.get("document_number"):
            lines.insert(
                0,
                RemittanceLine(
                    document_number=values["document_number"],
                    amount_paid=values.get("document_amount") or values["amount"],
                ),
            )
        text = [_text(values.get("reference")), *detail.memos, *(x.document_number for x in lines)]
        try:
            return Payment(
                id=wanted if count == 1 else f"{wanted}/{count}",
                amount=values["amount"],
                received_date=received,
                value_date=values.get("value_date"),
                payer_name=_text(values.get("payer_name")),
                remittance=" ".join(t for t in text if t),
                bank_reference=_text(values.get("check_number")),
                method=self.layout.method,
                customer_id=_text(values.get("customer_id")) or None,
                payer_account=account or None,
                remittance_lines=lines,
            )
        except ReceivablesError as error:
            self.problems.add(detail.line, "", None, str(error))
            return None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_fixed_width(
    data: Source, layout: Layout, *, source: str = "bank.txt", max_bytes: int = MAX_BYTES
) -> ReadResult:
    """The payments of a fixed-width file read with ``layout``, its controls checked.

    A file with bad lines raises one :class:`~receivables.errors.ValidationError`
    listing each, by line and field (``bank.txt:7:amount``).
    """
    if not isinstance(layout, Layout):
        raise ValidationError("layout", layout, "a Layout (see receivables.readers.layouts)")
    text = read_text(data, source, encodings=layout.encodings, max_bytes=max_bytes)
    reader = _Reader(layout, source)
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            reader.line(line.rstrip("\r\n"), number)
    last = len(text.splitlines())
    for record in layout.records:
        if record.required and record.code not in reader.seen:
            reader.problems.add(
                last,
                "record_type",
                None,
                f"a {record.name or 'required'} record ({record.code}): the file is truncated",
            )
    reader.problems.raise_if_any(f"a {layout.id} file whose every record can be read")
    payments, notes = reader.payments()
    reader.problems.raise_if_any(f"a {layout.id} file whose every record can be read")
    return ReadResult(source=source, format=layout.id, payments=tuple(payments), notes=tuple(notes))


def read_asobancaria(
    data: Source, *, source: str = "recaudo.txt", max_bytes: int = MAX_BYTES
) -> ReadResult:
    """The payments of an Asobancaria 2001 recaudo file (the shipped layout)."""
    return read_fixed_width(
        data, load_layout("asobancaria-2001"), source=source, max_bytes=max_bytes
    )


def read_lockbox(
    data: Source, *, source: str = "lockbox.txt", max_bytes: int = MAX_BYTES
) -> ReadResult:
    """The cheques of a BAI lockbox file (the shipped layout), overflow lines as remittance.

    >>> text = "\\n".join([
    ...     "1" + "00" + "DEST".ljust(10) + "ORIG".ljust(10) + "260302" + "0900",
    ...     "5" + "001" + "001" + "0012345" + "260302",
    ...     "6" + "001" + "001" + "0000012500" + "012345678" + "9000123456" + "0000004711"
    ...         + "030126" + "ACME CORP",
    ...     "4" + "001" + "001" + "6" + "01" + "9" + "INV-2026-0815",
    ...     "7" + "001" + "000" + "0012345" + "260302" + "001" + "0000012500",
    ...     "9" + "000006"])
    >>> cheque = read_lockbox(text).payments[0]
    >>> cheque.amount, cheque.payer_account, cheque.remittance_lines[0].document_number
    (Money('125.00', 'USD'), '012345678/9000123456', 'INV-2026-0815')
    """
    return read_fixed_width(data, load_layout("bai-lockbox"), source=source, max_bytes=max_bytes)
