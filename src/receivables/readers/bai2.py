"""Which customer payments does the bank's BAI2 (Cash Management Balance Reporting) file hold?

:func:`read_bai2` reads a BAI2 file (BAI "Cash Management Balance Reporting
Specifications", version 2: records 01 file header, 02 group header, 03
account identifier, 16 transaction detail, 88 continuation, 49 account
trailer, 98 group trailer, 99 file trailer) with the
`bai2 <https://pypi.org/project/bai2/>`_ package (MIT), which joins the 88
continuation records to the record they continue, reads a last record
without its ``/`` terminator, and checks the control totals and record
counts of the 49, 98 and 99 trailers (``check_integrity``).

- a credit transaction (type codes 100-399) is a
  :class:`~receivables.documents.Payment`: its amount in the account's
  currency (the group's, else USD) in minor units as BAI2 writes them, the
  group's as-of date as its received date, the bank reference as its id
  and bank reference, the customer reference and the text (with its 88
  continuations) as its remittance; lockbox and cheque deposits (115, 116,
  175, 301) are cheques;
- a debit (400-699) is a note.

The package stops at the first problem, without a line: this reader first
checks every line itself (record code, the 16 record's amount, the 99 at the
end) and reports every bad line at once, and names the trailer whose total
does not agree. The package is an optional dependency: install
``receivables[bank]``.

>>> text = '''01,BANK,OURCO,260302,0800,1,,,2/
... 02,OURCO,BANK,1,260302,,USD,2/
... 03,000123456789,USD,010,100000,,/
... 16,142,125050,,ACH-0001,INV-1001/
... 88,ACME CORP PAYMENT
... 49,225050,4/
... 98,225050,1,6/
... 99,225050,1,8/'''
>>> payment = read_bai2(text, source="prior-day.bai").payments[0]
>>> payment.id, payment.amount, payment.remittance
('ACH-0001', Money('1250.50', 'USD'), 'INV-1001 ACME CORP PAYMENT')
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

from receivables.decisions import Reason
from receivables.documents import Payment, PaymentMethod
from receivables.errors import ReceivablesError, ValidationError
from receivables.money import currency_digits, from_minor
from receivables.readers.results import MAX_BYTES, Problems, ReadResult, Source, read_text

__all__ = ["read_bai2"]

_CODES: Final = frozenset({"01", "02", "03", "16", "49", "88", "98", "99"})
_CHEQUES: Final = frozenset({"115", "116", "175", "301"})
_TRAILERS: Final = {"Account": "49", "Group": "98", "Bai2File": "99"}


def _package() -> Any:
    try:
        from bai2 import bai2 as package
    except ImportError:  # pragma: no cover - the bank extra is installed with dev
        raise ValidationError(
            "bai2", None, "the bai2 package: pip install 'receivables[bank]'"
        ) from None
    return package


def _check_lines(lines: list[str], problems: Problems) -> None:
    """Every record code known, the 16 amounts digits, the file closed by a 99."""
    last = ""
    for number, line in enumerate(lines, start=1):
        code = line[:2]
        if code not in _CODES or (len(line) > 2 and line[2] != ","):
            problems.add(number, "record_code", line[:3], "one of 01, 02, 03, 16, 49, 88, 98, 99")
            continue
        if code == "16":
            fields = line.rstrip("/").split(",")
            if len(fields) < 3 or not fields[2].isdigit():
                shown = fields[2] if len(fields) > 2 else None
                problems.add(number, "amount", shown, "an amount in minor units (digits)")
        last = code
    if last != "99":
        problems.add(
            len(lines), "record_code", last or None, "a file trailer (99): the file is truncated"
        )


def _trailer_line(lines: list[str], code: str, expected: str) -> int:
    """The line of the ``code`` trailer whose first field is ``expected``, else the last one."""
    found = [n for n, line in enumerate(lines, start=1) if line.startswith(code + ",")]
    for number in found:
        if _line_value(lines[number - 1]) == expected:
            return number
    return found[-1] if found else len(lines)


def _line_value(line: str) -> str:
    """The first field after a record code (``49,138884258,7/`` -> ``138884258``)."""
    fields = line.rstrip("/").split(",")
    return fields[1] if len(fields) > 1 else ""


def _integrity(error: Exception, lines: list[str], problems: Problems) -> None:
    message = str(error)
    found = re.search(r"for (\w+)\. expected (-?\d+), found (-?\d+)", message)
    if found is None:
        problems.add(0, "", message, "a BAI2 file the bai2 package can read")
        return
    kind, stated, computed = found.groups()
    code = _TRAILERS.get(kind, "99")
    what = "number of records" if "number of records" in message else "control total"
    problems.add(
        _trailer_line(lines, code, stated),
        "control_total" if what == "control total" else "records",
        stated,
        f"the {what} of what it closes, {computed}, as the {code} trailer should say",
    )


def read_bai2(
    data: Source, *, source: str = "statement.bai", max_bytes: int = MAX_BYTES
) -> ReadResult:
    """The payments and notes of a BAI2 file, its trailers checked.

    >>> read_bai2("01,BANK,OURCO,260302,0800,1,,,2/\\n02,OURCO,BANK,1,260302,,USD,2/", source="b.bai")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: 1 invalid field(s):
      b.bai:2:record_code: got '02'; expected a file trailer (99): the file is truncated
    """
    package = _package()
    text = read_text(data, source, encodings=("utf-8-sig", "cp1252"), max_bytes=max_bytes)
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    problems = Problems(source)
    _check_lines(lines, problems)
    problems.raise_if_any("a BAI2 file whose every record can be read")
    integrity = getattr(package, "IntegrityException", None)
    try:
        parsed = package.parse_from_lines(lines, check_integrity=True)
    except Exception as error:  # the package raises what it meets: report it, named
        if type(error).__name__ == "IntegrityException" or (
            integrity is not None and isinstance(error, integrity)
        ):
            _integrity(error, lines, problems)
        else:
            problems.add(0, "", str(error), "a BAI2 file the bai2 package can read")
        problems.raise_if_any("a BAI2 file whose control totals agree")
    payments: list[Payment] = []
    notes: list[Reason] = []
    ids: dict[str, int] = {}
    for group in parsed.children:
        as_of: dt.date | None = group.header.as_of_date
        for account in group.children:
            currency = account.header.currency or group.header.currency or "USD"
            try:
                currency_digits(currency)
            except ValidationError:
                problems.add(0, "currency", currency, "an ISO 4217 currency code")
                continue
            for index, detail in enumerate(account.children, start=1):
                transaction = getattr(detail.type_code.transaction, "value", "")
                amount = from_minor(int(detail.amount), currency)
                reference = (detail.bank_reference or "").strip()
                where = f"account {account.header.customer_account_number} item {index}"
                if transaction != "credit" or amount.amount <= 0 or as_of is None:
                    notes.append(
                        Reason(
                            "not_a_credit",
                            f"A {transaction or 'non-monetary'} item (type {detail.type_code.code}) "
                            "is not a customer's payment.",
                            {"where": where, "amount": str(amount.amount), "currency": currency},
                        )
                    )
                    continue
                wanted = reference or f"{account.header.customer_account_number}-{as_of}-{index}"
                count = ids.get(wanted, 0) + 1
                ids[wanted] = count
                texts = [detail.customer_reference or "", detail.text or ""]
                try:
                    payments.append(
                        Payment(
                            id=wanted if count == 1 else f"{wanted}/{count}",
                            amount=amount,
                            received_date=as_of,
                            remittance=" ".join(t.strip() for t in texts if t and t.strip()),
                            bank_reference=reference,
                            method=PaymentMethod.CHECK
                            if detail.type_code.code in _CHEQUES
                            else PaymentMethod.TRANSFER,
                        )
                    )
                except ReceivablesError as error:
                    problems.add(0, where, None, str(error))
    problems.raise_if_any("a BAI2 file whose every record can be read")
    return ReadResult(source=source, format="bai2", payments=tuple(payments), notes=tuple(notes))
