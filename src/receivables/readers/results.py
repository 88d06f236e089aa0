"""What did a reader get from a bank file, and what in it was wrong, where?

Every bank reader returns one :class:`ReadResult`: the credits it read as
:class:`~receivables.documents.Payment`, the returned payments as
:class:`~receivables.documents.Reversal`, and what it deliberately left out
(debits, entries not booked, reversed debits) as ``notes``, one
:class:`~receivables.decisions.Reason` each, so nothing in the file
disappears without a word.

A file with bad values raises one :class:`~receivables.errors.ValidationError`
whose ``problems`` list every bad value at once, each ``field`` naming the
source, the line (or the XPath) and the field, for example
``statement.xml:/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt/@Ccy``: the
:class:`Problems` collector gathers them while a reader walks the file.

Readers take ``str``, ``bytes`` or an open binary or text file object from
the host and never open a file themselves; :func:`read_bytes` and
:func:`read_text` turn any of those into bytes or text, refusing a file over
a size limit before reading it all.

>>> problems = Problems("bank.txt")
>>> problems.add(3, "amount", "12,3x", "digits")
>>> problems.add(7, "date", "20261340", "a date YYYYMMDD")
>>> problems.raise_if_any()
Traceback (most recent call last):
...
receivables.errors.ValidationError: 2 invalid field(s):
  bank.txt:3:amount: got '12,3x'; expected digits
  bank.txt:7:date: got '20261340'; expected a date YYYYMMDD
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import IO, Final

import attrs

from receivables.decisions import Reason
from receivables.documents import Payment, Reversal
from receivables.errors import ValidationError
from receivables.money import Money, total
from receivables.validators import check_items, check_whole

__all__ = [
    "MAX_BYTES",
    "Problems",
    "ReadResult",
    "Source",
    "read_bytes",
    "read_text",
]

MAX_BYTES: Final = 64 * 1024 * 1024
"""The largest file a reader takes by default (64 MiB); pass ``max_bytes=`` to change it."""

Source = str | bytes | bytearray | IO[bytes] | IO[str]
"""The file's text, its bytes, or an open file the host gives a reader."""


class Problems:
    """Collects one :class:`~receivables.errors.ValidationError` per bad value of a file.

    ``where`` is a line number or an XPath; the problem's ``field`` is
    ``source:where:name`` (``name`` left out when empty, ``where`` when 0:
    the file as a whole).

    >>> problems = Problems("s.xml")
    >>> problems.add("/Document/Stmt[1]/Ntry[2]/Amt", "@Ccy", "XYZ", "an ISO 4217 code")
    >>> problems.errors[0].field
    's.xml:/Document/Stmt[1]/Ntry[2]/Amt/@Ccy'
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[ValidationError] = []

    def field(self, where: int | str, name: str = "") -> str:
        """The ``field`` text for a value at ``where`` named ``name``."""
        if isinstance(where, str) and where.startswith("/"):
            return f"{self.source}:{where}" + (f"/{name}" if name else "")
        if where == 0:  # the file as a whole (a package's error without a line)
            return self.source + (f":{name}" if name else "")
        return f"{self.source}:{where}" + (f":{name}" if name else "")

    def add(self, where: int | str, name: str, value: object, expected: str) -> None:
        """Record that the value ``name`` at ``where`` is ``value``, not what is ``expected``."""
        self.errors.append(ValidationError(self.field(where, name), value, expected))

    def absorb(self, where: int | str, name: str, error: ValidationError) -> None:
        """Record an error a constructor raised, at ``where``, keeping its value and expectation."""
        for problem in error.problems or (error,):
            self.add(where, name or problem.field, problem.value, problem.expected)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self, expected: str = "a file the reader can read") -> None:
        """Raise one ValidationError listing every problem, if there is any."""
        if self.errors:
            raise ValidationError(self.source, None, expected, problems=self.errors)


@attrs.frozen(kw_only=True)
class ReadResult:
    """What a reader got from one file: payments, returned payments, and what it left out.

    ``notes`` says what was in the file but is not a customer's payment (a
    debit, an entry not yet booked, a reversal of a debit) or could not be
    trusted (a creditor reference whose check digits fail), one reason each
    with the amount and the references in its ``data``.

    >>> import datetime as dt
    >>> from receivables.money import money
    >>> result = ReadResult(source="s.xml", format="camt053", payments=(
    ...     Payment(id="P1", amount=money("10.00", "EUR"), received_date=dt.date(2026, 1, 2)),))
    >>> result.totals()
    {'EUR': Money('10.00', 'EUR')}
    """

    source: str
    format: str
    payments: tuple[Payment, ...] = ()
    reversals: tuple[Reversal, ...] = ()
    notes: tuple[Reason, ...] = ()

    def totals(self) -> dict[str, Money]:
        """The payments' total per currency, currencies in alphabetical order.

        >>> ReadResult(source="empty", format="mt940").totals()
        {}
        """
        codes = sorted({payment.currency for payment in self.payments})
        return {
            code: total((p.amount for p in self.payments if p.currency == code), code)
            for code in codes
        }


def _check_source(source: object, max_bytes: object) -> None:
    if not isinstance(source, str):
        raise ValidationError("source", source, "the file's name, a string")
    check_whole("max_bytes", max_bytes)


def read_bytes(data: Source, source: str, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of ``data`` (text is encoded as UTF-8), refused over ``max_bytes``.

    >>> read_bytes("abc", "f.txt")
    b'abc'
    >>> read_bytes(b"abcdef", "f.txt", max_bytes=3)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: f.txt: got 'more than 3 bytes'; expected a file of at most 3 bytes (pass max_bytes= to read a larger one)
    """
    _check_source(source, max_bytes)
    if isinstance(data, str):
        raw = data.encode("utf-8")
    elif isinstance(data, bytes | bytearray):
        raw = bytes(data)
    elif hasattr(data, "read"):
        chunk = data.read(max_bytes + 1)
        raw = chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)
    else:
        raise ValidationError(source, data, "text, bytes or an open file object")
    if len(raw) > max_bytes:
        raise ValidationError(
            source,
            f"more than {max_bytes} bytes",
            f"a file of at most {max_bytes} bytes (pass max_bytes= to read a larger one)",
        )
    return raw


def read_text(
    data: Source,
    source: str,
    *,
    encodings: Iterable[str] = ("utf-8-sig",),
    max_bytes: int = MAX_BYTES,
) -> str:
    """The text of ``data``: bytes decoded with the first of ``encodings`` that works.

    A byte-order mark is dropped. Bytes that none of the encodings decode are
    an error naming the line and the byte.

    >>> read_text(b"\\xef\\xbb\\xbf:20:X", "s.sta")
    ':20:X'
    >>> read_text(b"ok\\n\\xff", "s.sta")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: s.sta:2: got '0xff'; expected text in utf-8-sig
    >>> read_text(b"Bogot\\xe1", "a.txt", encodings=("utf-8", "cp1252"))
    'Bogotá'
    """
    _check_source(source, max_bytes)
    if isinstance(data, str):
        text = data
    elif isinstance(data, io.TextIOBase):
        text = data.read(max_bytes + 1)
        if len(text) > max_bytes:
            read_bytes(b"x" * (max_bytes + 1), source, max_bytes=max_bytes)
    else:
        raw = read_bytes(data, source, max_bytes=max_bytes)
        names = check_items("encodings", encodings, expected="a list of codec names")
        if not names:
            raise ValidationError("encodings", encodings, "at least one codec name")
        first_error: UnicodeDecodeError | None = None
        for encoding in names:
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError as error:
                first_error = first_error or error
            except (LookupError, TypeError):
                raise ValidationError(
                    "encodings", encoding, "a codec name such as 'utf-8' or 'cp1252'"
                ) from None
        else:
            assert first_error is not None
            line = raw.count(b"\n", 0, first_error.start) + 1
            raise ValidationError(
                f"{source}:{line}",
                f"0x{raw[first_error.start]:02x}",
                f"text in {' or '.join(names)}",
            )
    return text.removeprefix("\ufeff")
