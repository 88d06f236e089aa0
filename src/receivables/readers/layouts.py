"""Where in a bank's fixed-width record is each value, and which records are totals?

A :class:`Layout` describes a fixed-width file as data: the record types
(the code at a fixed position at the start of each line), each record's
role (a file or batch header, a payment detail, an overflow line of a
detail, a batch or file control record) and its fields (1-based start
position and length as bank manuals print them, and a format). It is a
frozen policy with an ``id`` and a ``version``, built from JSON with
:func:`receivables.interop.structure` or :func:`load_layout`, so a bank's
variant is a file, not code; :mod:`receivables.readers.fixedwidth` reads a
file with it.

Field names say what a value is to the reader:

- in a header: ``date`` (the received date of the payments under it), ``batch``;
- in a detail: ``amount`` (required), ``date``, ``value_date``,
  ``reference`` (the payer's reference, the remittance text), ``payer_name``,
  ``payer_account`` (with ``payer_routing`` before it when both are given),
  ``customer_id``, ``check_number`` (the bank reference), ``document_number``
  and ``document_amount`` (a remittance line);
- in an overflow record: ``document_number``, ``document_amount``, ``memo``;
- in a control record: ``count`` (detail records in its scope), ``total``
  (their amounts), ``records`` (lines in the file, itself included).

Any other name is read and checked for its format, and available to
``id_fields``, the fields whose values (from the detail and the headers
above it) make a payment's id.

Two layouts ship with the library (:data:`SHIPPED`): ``asobancaria-2001``,
the Colombian banks' "Estándar de recaudo Asobancaria 2001" (162-character
records 01 file header, 05 batch header, 06 detail, 08 batch control, 09 file
control; amounts in pesos with two implied decimals), and ``bai-lockbox``, the
BAI lockbox transmission (records 1 immediate address header, 2 service
record, 5 detail header, 6 cheque detail, 4 overflow, 7 batch total, 8
service total, 9 destination trailer; amounts in cents).

>>> layout = load_layout("asobancaria-2001")
>>> layout.currency, [record.code for record in layout.records]
('COP', ['01', '05', '06', '08', '09'])
>>> load_layout('{"id": "x", "version": "1", "currency": "USD", "type_length": 1, "records": []}')
Traceback (most recent call last):
...
receivables.errors.ValidationError: 1 invalid field(s):
  $.records: got (); expected exactly one record with the role 'detail'
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import json
from importlib import resources
from typing import Any, Final

import attrs

from receivables.documents import PaymentMethod, parse_member
from receivables.errors import PolicyError, ValidationError
from receivables.interop import structure
from receivables.money import currency_digits
from receivables.validators import check_items, flag, identifier, whole_number

__all__ = [
    "SHIPPED",
    "FieldFormat",
    "FieldLayout",
    "Layout",
    "RecordLayout",
    "RecordRole",
    "Scope",
    "load_layout",
]

SHIPPED: Final = ("asobancaria-2001", "bai-lockbox")
"""The layouts that ship with the library, by id."""


class FieldFormat(enum.StrEnum):
    """How a field's characters are read.

    ``text`` trimmed of blanks; ``digits`` digits only, kept as text (account
    and reference numbers keep their leading zeros); ``number`` an integer;
    ``amount`` digits with ``decimals`` implied decimals, an optional leading
    sign; ``date`` by the field's ``pattern`` (``%Y%m%d``, ``%y%m%d``, ``%m%d%y``).
    A field's ``strip_leading`` characters are dropped from the left of its
    text (``"0"`` for a zero-padded reference).

    >>> [member.value for member in FieldFormat]
    ['text', 'digits', 'number', 'amount', 'date']
    """

    TEXT = "text"
    DIGITS = "digits"
    NUMBER = "number"
    AMOUNT = "amount"
    DATE = "date"


class RecordRole(enum.StrEnum):
    """What a record is in the file.

    >>> [member.value for member in RecordRole]
    ['header', 'batch_header', 'detail', 'overflow', 'control', 'other']
    """

    HEADER = "header"
    BATCH_HEADER = "batch_header"
    DETAIL = "detail"
    OVERFLOW = "overflow"
    CONTROL = "control"
    OTHER = "other"


class Scope(enum.StrEnum):
    """What a control record totals: the batch it closes, or the file so far.

    >>> [member.value for member in Scope]
    ['batch', 'file']
    """

    BATCH = "batch"
    FILE = "file"


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        owner = {"FieldLayout": "field_layout", "RecordLayout": "record_layout"}.get(
            type(instance).__name__, "layout"
        )
        raise PolicyError(f"{owner}.{attribute.name}", value, "a string")


def _field_format(value: object) -> FieldFormat:
    try:
        return FieldFormat(value)  # type: ignore[arg-type]
    except ValueError as error:  # the enum's own words, which callers have matched, come too
        accepted = ", ".join(repr(member.value) for member in FieldFormat)
        raise PolicyError("field_layout.format", value, f"one of {accepted} ({error})") from None


def _record_role(value: object) -> RecordRole:
    return parse_member(RecordRole, value, "record_layout.role", PolicyError)


def _scope(value: object) -> Scope:
    return parse_member(Scope, value, "record_layout.scope", PolicyError)


def _method(value: object) -> PaymentMethod:
    return parse_member(PaymentMethod, value, "layout.method", PolicyError)


def _fields(value: object) -> tuple[FieldLayout, ...]:
    fields = check_items("record_layout.fields", value, error=PolicyError)
    for index, field in enumerate(fields):
        if not isinstance(field, FieldLayout):
            raise PolicyError(f"record_layout.fields[{index}]", field, "a FieldLayout")
    return fields


def _records(value: object) -> tuple[RecordLayout, ...]:
    records = check_items("layout.records", value, error=PolicyError)
    for index, record in enumerate(records):
        if not isinstance(record, RecordLayout):
            raise PolicyError(f"layout.records[{index}]", record, "a RecordLayout")
    return records


def _names(field: str, value: object) -> tuple[str, ...]:
    names = check_items(field, value, expected="a list of strings", error=PolicyError)
    for index, name in enumerate(names):
        if not isinstance(name, str):
            raise PolicyError(f"{field}[{index}]", name, "a string")
    return names


def _id_fields(value: object) -> tuple[str, ...]:
    return _names("layout.id_fields", value)


def _encodings(value: object) -> tuple[str, ...]:
    return _names("layout.encodings", value)


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PolicyError(f"field_layout.{attribute.name}", value, "a whole number of 1 or more")


@attrs.frozen(kw_only=True)
class FieldLayout:
    """One field: its name, 1-based ``start`` and ``length``, and its format.

    >>> FieldLayout(name="amount", start=51, length=14, format="amount", decimals=2).end
    64
    >>> FieldLayout(name="date", start=13, length=8, format="date", pattern="%d%m")
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: field_layout.pattern: got '%d%m'; expected a date pattern as long as the field (8 characters), e.g. '%Y%m%d'
    """

    name: str = attrs.field(validator=_text)
    start: int = attrs.field(validator=_positive)
    length: int = attrs.field(validator=_positive)
    format: FieldFormat = attrs.field(default=FieldFormat.TEXT, converter=_field_format)
    decimals: int = attrs.field(default=0, validator=whole_number("field_layout", 0))
    pattern: str = attrs.field(default="%Y%m%d", validator=_text)
    required: bool = attrs.field(default=False, validator=flag("field_layout"))
    strip_leading: str = attrs.field(
        default="", validator=_text
    )  # characters to drop from the left, e.g. "0" for padded references

    def __attrs_post_init__(self) -> None:
        if not self.name or not self.name.replace("_", "").isalnum():
            raise PolicyError("field_layout.name", self.name, "a snake_case name such as 'amount'")
        if self.decimals < 0:
            raise PolicyError("field_layout.decimals", self.decimals, "0 or more")
        if self.format is FieldFormat.DATE:
            try:
                sample = dt.date(2026, 12, 31).strftime(self.pattern)
            except (ValueError, UnicodeError):
                sample = ""
            if len(sample) != self.length:
                raise PolicyError(
                    "field_layout.pattern",
                    self.pattern,
                    f"a date pattern as long as the field ({self.length} characters), "
                    "e.g. '%Y%m%d'",
                )

    @property
    def end(self) -> int:
        """The field's last position (1-based, inclusive)."""
        return self.start + self.length - 1


@attrs.frozen(kw_only=True)
class RecordLayout:
    """One record type: the ``code`` it starts with, its role, its fields.

    A control record's ``scope`` says what it totals. A ``required`` record
    missing from a file makes the file an error (a truncated file).
    """

    code: str = attrs.field(
        validator=identifier("record_layout", "a record code", error=PolicyError)
    )
    role: RecordRole = attrs.field(converter=_record_role)
    fields: tuple[FieldLayout, ...] = attrs.field(default=(), converter=_fields)
    scope: Scope = attrs.field(default=Scope.FILE, converter=_scope)
    required: bool = attrs.field(default=False, validator=flag("record_layout"))
    name: str = attrs.field(default="", validator=_text)

    def __attrs_post_init__(self) -> None:
        ordered = sorted(self.fields, key=lambda f: f.start)
        for before, after in itertools.pairwise(ordered):
            if after.start <= before.end:
                raise PolicyError(
                    f"record_layout[{self.code}].fields",
                    f"{before.name} and {after.name}",
                    "fields that do not overlap",
                )
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise PolicyError(f"record_layout[{self.code}].fields", names, "each name once")
        if self.role is RecordRole.DETAIL and "amount" not in names:
            raise PolicyError(
                f"record_layout[{self.code}].fields", names, "an 'amount' field in the detail"
            )
        if self.role is RecordRole.CONTROL and not {"count", "total", "records"} & set(names):
            raise PolicyError(
                f"record_layout[{self.code}].fields",
                names,
                "a 'count', 'total' or 'records' field in a control record",
            )

    def field(self, name: str) -> FieldLayout | None:
        """The field called ``name``, if the record has one."""
        return next((f for f in self.fields if f.name == name), None)


@attrs.frozen(kw_only=True)
class Layout:
    """A fixed-width file format: its record types and the currency of its amounts.

    ``type_start``/``type_length`` locate the record-type code on every line;
    ``record_length`` is the line length (0: any; a shorter line is padded
    with blanks, as banks often trim them); ``encodings`` are tried in order.
    """

    id: str = attrs.field(validator=identifier("layout", error=PolicyError))
    version: str = attrs.field(validator=identifier("layout", error=PolicyError))
    currency: str = attrs.field(
        validator=identifier("layout", "an ISO 4217 code", error=PolicyError)
    )
    type_length: int = attrs.field(validator=_positive)
    records: tuple[RecordLayout, ...] = attrs.field(converter=_records)
    type_start: int = attrs.field(default=1, validator=_positive)
    record_length: int = attrs.field(
        default=0, validator=whole_number("layout", 0, "0 (any) or more")
    )
    method: PaymentMethod = attrs.field(default=PaymentMethod.TRANSFER, converter=_method)
    id_fields: tuple[str, ...] = attrs.field(default=(), converter=_id_fields)
    encodings: tuple[str, ...] = attrs.field(
        default=("utf-8-sig", "cp1252", "latin-1"), converter=_encodings
    )
    description: str = attrs.field(default="", validator=_text)

    def __attrs_post_init__(self) -> None:
        try:
            currency_digits(self.currency)
        except ValidationError:
            raise PolicyError("layout.currency", self.currency, "an ISO 4217 code") from None
        if self.record_length < 0:
            raise PolicyError("layout.record_length", self.record_length, "0 (any) or more")
        details = [r for r in self.records if r.role is RecordRole.DETAIL]
        if len(details) != 1:
            raise PolicyError(
                "layout.records", self.records, "exactly one record with the role 'detail'"
            )
        codes = [r.code for r in self.records]
        if len(set(codes)) != len(codes) or any(len(c) != self.type_length for c in codes):
            raise PolicyError(
                "layout.records", codes, f"distinct codes of {self.type_length} character(s)"
            )
        for record in self.records:
            for field in record.fields:
                if self.record_length and field.end > self.record_length:
                    raise PolicyError(
                        f"layout.records[{record.code}].{field.name}",
                        field.end,
                        f"a field ending within the record length {self.record_length}",
                    )

    def record(self, code: str) -> RecordLayout | None:
        """The record type whose code is ``code``.

        >>> load_layout("bai-lockbox").record("6").name
        'cheque detail'
        """
        return next((r for r in self.records if r.code == code), None)

    @property
    def detail(self) -> RecordLayout:
        """The detail record type (one payment each)."""
        return next(r for r in self.records if r.role is RecordRole.DETAIL)


def load_layout(name_or_json: str) -> Layout:
    """A shipped layout by id (see :data:`SHIPPED`), or a layout from its JSON text.

    >>> load_layout("bai-lockbox").id
    'bai-lockbox'
    """
    if not isinstance(name_or_json, str):
        raise ValidationError(
            "layout", name_or_json, f"a shipped layout ({', '.join(SHIPPED)}) or a layout's JSON"
        )
    if name_or_json in SHIPPED:
        text = resources.files("receivables.readers").joinpath(f"data/{name_or_json}.json")
        data: Any = json.loads(text.read_text(encoding="utf-8"))
    else:
        try:
            data = json.loads(name_or_json)
        except json.JSONDecodeError:
            shipped = ", ".join(SHIPPED)
            raise ValidationError(
                "layout", name_or_json[:60], f"a shipped layout ({shipped}) or a layout's JSON"
            ) from None
    return structure(data, Layout)
