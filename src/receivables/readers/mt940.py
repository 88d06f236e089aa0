"""Which customer payments does the bank's SWIFT MT940 statement (or MT942 report) hold?

:func:`read_mt940` reads the statements of a file (each starts at ``:20:``)
with the maintained `mt-940 <https://pypi.org/project/mt-940/>`_ package (BSD),
which parses the ``:61:`` statement lines (value date, entry date across a
year end, debit/credit mark, amount) and the balances, with every fix of
its ``mt940.Options`` switched on (a byte-order mark, the reversal
marks ``RC``/``RD``, the ``?31`` account). The layout is SWIFT's (MT940
Customer Statement Message, fields 20, 25, 28C, 60F/M, 61, 86, 62F/M; MT942
adds 34F, 13D and the 90C/90D sums).

- A credit line (mark ``C``) is a :class:`~receivables.documents.Payment`:
  its booking date (the entry date, else the value date) is the received
  date, the ``:61:`` value date its value date;
- the ``:86:`` details fill the payer and the remittance. The German
  structured form (DFÜ-Abkommen, Anlage 3: ``GVC?00`` posting text,
  ``?20``-``?29`` and ``?60``-``?63`` purpose, ``?30`` bank code, ``?31``
  account, ``?32``/``?33`` name, and the SEPA keys ``EREF+``, ``SVWZ+``) is
  read by the package; the Dutch/SWIFT keyword form (``/EREF/``, ``/ORDP//NAME/``,
  ``/IBAN/``, ``/REMI/``) here, and anything else is the free text. Purpose
  parts that the bank cut at the field's width (27 characters, 65 for a
  free-text line) are joined as they were cut; shorter parts with a space;
- a reversal of a credit (``RC``) is a
  :class:`~receivables.documents.Reversal` of the payment with that
  reference; debits and reversals of debits (``RD``) are notes;
- each statement is checked like a control record: the opening balance
  (``60F``/``60M``) plus its lines must give the closing balance
  (``62F``/``62M``), and an MT942's ``90C`` number and sum of credits must
  agree with its credit lines. A file that does not agree is an error naming
  that line, never a partial read.

The package is an optional dependency (the ``bank`` extra): install
``receivables[bank]``.

>>> text = '''
... :20:STMT-1
... :25:DE89370400440532013000
... :28C:1/1
... :60F:C260301EUR1000,00
... :61:2603020302C1190,00NTRFNONREF//BK-1
... :86:166?00SEPA-GUTSCHRIFT?20EREF+E2E-77?21SVWZ+INV-2026-0001?32ACME GMBH
... ?31DE02120300000000202051
... :62F:C260302EUR2190,00
... '''
>>> payment = read_mt940(text, source="s.sta").payments[0]
>>> payment.id, payment.amount, payment.payer_name, payment.remittance
('E2E-77', Money('1190.00', 'EUR'), 'ACME GMBH', 'INV-2026-0001')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs

from receivables.decisions import Reason
from receivables.documents import Payment, Reversal, ReversalKind
from receivables.errors import ReceivablesError, ValidationError
from receivables.money import Money, money, total
from receivables.readers.results import MAX_BYTES, Problems, ReadResult, Source, read_text

__all__ = ["read_mt940"]

_LINE_61: Final = re.compile(
    r"(?P<value>\d{6})(?P<entry>\d{4})?(?P<mark>R?[CD])(?P<funds>[A-Z])?"
    r"(?P<amount>\d[\d]{0,13},\d{0,3})(?P<type>[NSF][A-Z0-9]{3})",
    re.IGNORECASE,
)
_SUM: Final = re.compile(r"(?P<count>\d{1,5})(?P<currency>[A-Z]{3})(?P<amount>\d[\d]*,\d*)")
_TAG: Final = re.compile(r"^:(\d\d[A-Z]?):")
_NOT_PROVIDED: Final = {"", "NONREF", "NOTPROVIDED"}
_SWIFT_KEYS: Final = (
    "EREF|PREF|MARF|CSID|REMI|ORDP|BENM|NAME|ADDR|IBAN|BIC|TRCD|ISDT|RTRN|ULTD|ULTC|PURP|"
    "CDTRREF|CDTRREFTP|CD|ISSR|USTD|STRD|CUR|RTYP|EXCH|OCMT|CHGS|SVCL|BUSP|FX|ID|ENT|CHK"
)
_SWIFT_KEY: Final = re.compile(rf"/({_SWIFT_KEYS})/")


@attrs.frozen
class _Line:
    """One ``:61:`` line, with its ``:86:`` details and line numbers."""

    number: int
    text: str
    details: str  # the :86: lines joined as they are, for its sub-fields
    free_text: str  # the same lines as text (parts cut at 65 characters joined as cut)


@attrs.frozen
class _Block:
    """One statement: its ``:61:`` lines, closing-balance line and MT942 sums."""

    lines: tuple[_Line, ...]
    closing_line: int
    credit_sum: tuple[int, str] | None  # line number and text of :90C:


def _scan(block: str, first_line: int) -> _Block:
    """Line numbers and raw texts of the tags the package does not keep."""
    tags: list[tuple[int, str, list[str]]] = []
    for offset, line in enumerate(block.splitlines()):
        found = _TAG.match(line)
        if found:
            tags.append((first_line + offset, found.group(1), [line[found.end() :]]))
        elif tags and line.strip() != "-":
            tags[-1][2].append(line)
    lines: list[_Line] = []
    closing = first_line + max(len(block.rstrip("\n").splitlines()) - 1, 0)  # else: the end
    credit_sum = None
    for index, (number, tag, parts) in enumerate(tags):
        if tag == "61":
            following = tags[index + 1] if index + 1 < len(tags) else None
            detail_parts = following[2] if following and following[1] == "86" else []
            lines.append(_Line(number, parts[0], "".join(detail_parts), _joined(detail_parts, 65)))
        elif tag in ("62F", "62M"):
            closing = number
        elif tag == "90C":
            credit_sum = (number, parts[0])
    return _Block(tuple(lines), closing, credit_sum)


def _joined(parts: Iterable[str], width: int) -> str:
    """Parts the bank cut at ``width`` joined as cut, shorter ones with a space."""
    text = previous = ""
    for part in parts:
        if text and len(previous) < width:
            text += " "
        text += part
        previous = part
    return text.strip()


def _subfields(details: str) -> dict[str, list[str]]:
    """The ``?NN`` sub-fields of a German structured ``:86:``, in order."""
    found: dict[str, list[str]] = {}
    for match in re.finditer(r"\?(\d\d)([^?]*)", details.replace("\n", "")):
        found.setdefault(match.group(1), []).append(match.group(2))
    return found


def _swift_keywords(details: str) -> dict[str, str]:
    """The ``/KEY/value`` pairs of a keyword-structured ``:86:`` (``/EREF/.../REMI/...``)."""
    text = details.replace("\n", "")
    pieces = _SWIFT_KEY.split(text)
    found: dict[str, str] = {}
    for key, value in zip(pieces[1::2], pieces[2::2], strict=True):
        found.setdefault(key, value.strip().strip("/"))
    return found


class _Reader:
    def __init__(self, source: str) -> None:
        self.problems = Problems(source)
        self.payments: list[Payment] = []
        self.reversals: list[Reversal] = []
        self.notes: list[Reason] = []
        self.ids: dict[str, int] = {}

    def unique(self, wanted: str) -> str:
        count = self.ids.get(wanted, 0) + 1
        self.ids[wanted] = count
        return wanted if count == 1 else f"{wanted}/{count}"

    def block(self, text: str, first_line: int, package: Any) -> None:
        scanned = _scan(text, first_line)
        bad = [line for line in scanned.lines if _LINE_61.match(line.text) is None]
        for line in bad:
            self.problems.add(
                line.number,
                ":61:",
                line.text,
                "YYMMDD[MMDD]C|D|RC|RD amount-with-comma type, as in 2603020302C1190,00NTRF",
            )
        if bad:
            return
        statement = package.models.Transactions(options=package.Options.all())
        try:
            statement.parse(text)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
            self.problems.add(first_line, ":20:", text[:40], f"an MT940 statement ({error})")
            return
        transactions = list(statement.transactions)
        if len(transactions) != len(scanned.lines):
            self.problems.add(
                first_line,
                ":61:",
                len(transactions),
                f"one statement line per :61: tag ({len(scanned.lines)})",
            )
            return
        data = statement.data
        label = f"{data.get('transaction_reference', '')}-{data.get('statement_number', '')}"
        movements: list[Money] = []
        before = len(self.problems.errors)
        for index, (line, transaction) in enumerate(
            zip(scanned.lines, transactions, strict=True), start=1
        ):
            movement = self.line(line, transaction.data, f"{label}-{index}")
            if movement is not None:
                movements.append(movement)
        if len(self.problems.errors) == before:  # a bad line already says why
            self.control(data, scanned, movements)

    def line(self, line: _Line, data: dict[str, Any], fallback_id: str) -> Money | None:
        found = _LINE_61.match(line.text)
        assert found is not None  # checked for the whole block first
        mark = found.group("mark").upper()
        amount_data = data.get("amount")
        currency = getattr(amount_data, "currency", None) or data.get("currency")
        if not currency:
            self.problems.add(line.number, ":60F:", None, "an opening balance with the currency")
            return None
        try:
            amount = money(found.group("amount").replace(",", "."), str(currency))
        except ValidationError as error:
            self.problems.add(line.number, ":61:amount", found.group("amount"), error.expected)
            return None
        signed = amount if mark in ("C", "RD") else -amount
        value_on = _date(data.get("date"))
        booked_on = _date(data.get("entry_date")) or value_on
        if value_on is None or booked_on is None:
            self.problems.add(line.number, ":61:date", found.group("value"), "a date YYMMDD")
            return None
        if mark == "D":
            self.note("debit_entry", "A debit is not a customer's payment.", line, signed)
            return signed
        if mark == "RD":
            self.note("reversed_debit", "A reversed debit is not a payment.", line, signed)
            return signed
        reference = self.reference(line, data) or fallback_id
        if mark == "RC":
            self.reversals.append(
                Reversal(
                    id=self.unique(f"{reference}-reversal"),
                    kind=ReversalKind.RETURNED_PAYMENT,
                    target_id=reference,
                    date=booked_on,
                    reason=_text(data.get("posting_text")) or "reversal of a credit (RC)",
                )
            )
            return signed
        name, account, remittance = self.details(line, data)
        try:
            self.payments.append(
                Payment(
                    id=self.unique(reference),
                    amount=amount,
                    received_date=booked_on,
                    value_date=value_on,
                    payer_name=name,
                    remittance=remittance,
                    bank_reference=self.reference(line, data),
                    payer_account=account or None,
                )
            )
        except ReceivablesError as error:
            self.problems.add(line.number, ":61:", line.text, str(error))
        return signed

    def reference(self, line: _Line, data: dict[str, Any]) -> str:
        keywords = _swift_keywords(line.details)
        candidates = (
            _text(data.get("end_to_end_reference")),
            keywords.get("EREF", ""),
            _text(data.get("bank_reference")),
            _text(data.get("customer_reference")),
        )
        return next((c for c in candidates if c.upper() not in _NOT_PROVIDED), "")

    def details(self, line: _Line, data: dict[str, Any]) -> tuple[str, str, str]:
        """The payer's name and account, and the remittance text, from ``:86:``."""
        if "transaction_details" not in data:  # the German structured form: the package read it
            fields = _subfields(line.details)
            name = _joined(fields.get("32", []) + fields.get("33", []), 27)
            account = _text(data.get("applicant_iban")) or _text(data.get("gvc_applicant_iban"))
            parts = [p for key in sorted(fields) if key[0] in "26" for p in fields[key]]
            sepa = any(re.search(r"\b[A-Z]{4}\+", p) for p in parts)
            purpose = _text(data.get("purpose")) if sepa else _joined(parts, 27)
            if purpose in ("-",):
                purpose = ""
            return name, account, purpose
        keywords = _swift_keywords(line.details)
        if keywords:
            party = next((keywords[k] for k in ("NAME",) if k in keywords), "")
            remittance = keywords.get("REMI", "")
            remittance = re.sub(r"^(USTD|STRD)//?", "", remittance)
            return party, keywords.get("IBAN", ""), remittance
        return "", "", line.free_text

    def note(self, code: str, message: str, line: _Line, amount: Money) -> None:
        self.notes.append(
            Reason(
                code,
                message,
                {
                    "where": self.problems.field(line.number, ":61:"),
                    "amount": str(amount.amount),
                    "currency": amount.code,
                },
            )
        )

    def control(self, data: dict[str, Any], scanned: _Block, movements: list[Money]) -> None:
        """Opening balance plus the lines must give the closing one; 90C must agree."""
        opening = data.get("final_opening_balance") or data.get("intermediate_opening_balance")
        closing = data.get("final_closing_balance") or data.get("intermediate_closing_balance")
        if opening is not None and closing is None and scanned.credit_sum is None:
            self.problems.add(
                scanned.closing_line,
                ":62F:",
                None,
                "a closing balance :62F: or :62M: after the lines (the statement is truncated)",
            )
        if opening is not None and closing is not None:
            start = _money(opening.amount)
            end = _money(closing.amount)
            if start.code == end.code and all(m.code == start.code for m in movements):
                expected = start + total(movements, start.code)
                if expected != end:
                    self.problems.add(
                        scanned.closing_line,
                        ":62:",
                        str(end.amount),
                        f"the opening balance {start.amount} plus the statement lines "
                        f"({total(movements, start.code).amount}) = {expected.amount}: "
                        "lines are missing or the file is altered",
                    )
        if scanned.credit_sum is not None:
            number, text = scanned.credit_sum
            found = _SUM.fullmatch(text.strip())
            credits = [m for m in movements if m.amount > 0]
            if found is None:
                self.problems.add(number, ":90C:", text, "count, currency and sum: 3EUR1500,00")
                return
            count = int(found.group("count"))
            amount = money(found.group("amount").replace(",", "."), found.group("currency"))
            if count != len(credits) or amount != total(credits, amount.code):
                self.problems.add(
                    number,
                    ":90C:",
                    text,
                    f"the credit lines' count and sum: {len(credits)} and "
                    f"{total(credits, amount.code).amount}",
                )


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    return None


def _money(amount: Any) -> Money:
    value = amount.amount
    assert isinstance(value, Decimal)
    return money(value, str(amount.currency))


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _package() -> Any:
    try:
        import mt940
    except ImportError:  # pragma: no cover - the bank extra is installed with dev
        raise ValidationError(
            "mt940", None, "the mt-940 package: pip install 'receivables[bank]'"
        ) from None
    return mt940


def read_mt940(
    data: Source,
    *,
    source: str = "statement.sta",
    encodings: Iterable[str] = ("utf-8-sig", "cp1252", "latin-1"),
    max_bytes: int = MAX_BYTES,
) -> ReadResult:
    """The payments, returned payments and notes of an MT940 (or MT942) file.

    Bytes are decoded with the first of ``encodings`` that works (UTF-8, then
    the Windows and ISO Latin-1 code pages German banks write). A file with
    bad lines raises one :class:`~receivables.errors.ValidationError` listing
    each, by line.

    >>> read_mt940(":20:X\\n:25:A\\n:28C:1\\n:60F:C260301EUR0,00\\n:61:2603020302C1.190NTRF\\n"
    ...            ":62F:C260302EUR1190,00\\n", source="bad.sta")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: 1 invalid field(s):
      bad.sta:5::61:: got '2603020302C1.190NTRF'; expected YYMMDD[MMDD]C|D|RC|RD amount-with-comma type, as in 2603020302C1190,00NTRF
    """
    package = _package()
    text = read_text(data, source, encodings=encodings, max_bytes=max_bytes)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = _Reader(source)
    starts = [m.start() for m in re.finditer(r"(?m)^:20:", text)]
    if not starts:
        raise ValidationError(source, text[:40], "an MT940 statement starting with :20:")
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        first_line = text.count("\n", 0, start) + 1
        reader.block(text[start:end], first_line, package)
    reader.problems.raise_if_any("an MT940 file whose every line can be read")
    return ReadResult(
        source=source,
        format="mt940",
        payments=tuple(reader.payments),
        reversals=tuple(reader.reversals),
        notes=tuple(reader.notes),
    )
