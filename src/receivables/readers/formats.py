"""Which reader reads a bank file of this kind, and how do its payments look as rows?

:data:`FORMATS` names every bank-file reader by the word the command line
uses (``receivables read camt053 statement.xml``); :func:`read` dispatches
to it, and :func:`payment_rows` writes the payments it read as the rows the
library's CSV and JSON inputs take (``receivables match`` reads them back):
``id, amount, currency, received_date, value_date, payer_name,
payer_account, remittance, bank_reference, method, customer_id,
remittance_lines``, amounts as decimal strings at the currency's minor unit
and the structured lines as a JSON list in one cell, so reading the rows
back with :meth:`~receivables.documents.Payment.from_row` loses no cent.

>>> import datetime as dt
>>> from receivables.documents import Payment
>>> from receivables.money import money
>>> rows = payment_rows([Payment(id="P1", amount=money("10.5", "EUR"),
...                              received_date=dt.date(2026, 3, 2))])
>>> rows[0]["amount"], rows[0]["currency"], rows[0]["received_date"]
('10.50', 'EUR', '2026-03-02')
>>> Payment.from_row(rows[0]).amount
Money('10.50', 'EUR')
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from receivables.documents import Payment, RemittanceLine
from receivables.errors import ValidationError
from receivables.money import Money, currency_digits
from receivables.readers.bai2 import read_bai2
from receivables.readers.camt import read_camt
from receivables.readers.edi820 import read_edi820
from receivables.readers.fixedwidth import read_asobancaria, read_fixed_width, read_lockbox
from receivables.readers.layouts import SHIPPED, load_layout
from receivables.readers.mt940 import read_mt940
from receivables.readers.nacha import read_nacha
from receivables.readers.results import ReadResult, Source
from receivables.validators import check_items

__all__ = ["COLUMNS", "FORMATS", "SHIPPED_LAYOUTS", "payment_rows", "read", "summary"]

FORMATS: Final[Mapping[str, Callable[..., ReadResult]]] = MappingProxyType(
    {
        "camt053": read_camt,
        "camt054": read_camt,
        "mt940": read_mt940,
        "mt942": read_mt940,
        "bai2": read_bai2,
        "nacha": read_nacha,
        "lockbox": read_lockbox,
        "asobancaria": read_asobancaria,
        "edi820": read_edi820,
        "fixed-width": read_fixed_width,
    }
)
"""The readers by the name of their format; ``fixed-width`` needs a layout."""

SHIPPED_LAYOUTS: Final = SHIPPED
"""The ids of the fixed-width layouts that ship with the library (for ``--layout``)."""

COLUMNS: Final = (
    "id",
    "amount",
    "currency",
    "received_date",
    "value_date",
    "payer_name",
    "payer_account",
    "remittance",
    "bank_reference",
    "method",
    "customer_id",
    "remittance_lines",
)
"""The columns of :func:`payment_rows`, in order."""


def read(kind: str, data: Source, *, source: str, layout: str | None = None) -> ReadResult:
    """Read ``data`` with the reader of format ``kind`` (a key of :data:`FORMATS`).

    ``layout`` is a layout's JSON text or a shipped layout's id, for
    ``fixed-width`` (and to read a lockbox or Asobancaria variant).

    >>> read("swift", b"", source="x")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: format: got 'swift'; expected one of camt053, camt054, mt940, mt942, bai2, nacha, lockbox, asobancaria, edi820, fixed-width
    """
    if not isinstance(kind, str) or kind not in FORMATS:
        raise ValidationError("format", kind, "one of " + ", ".join(FORMATS))
    if layout is not None or kind == "fixed-width":
        if layout is None:
            raise ValidationError("--layout", None, "a layout (JSON file) for fixed-width files")
        if kind not in ("fixed-width", "lockbox", "asobancaria"):
            raise ValidationError("--layout", kind, "fixed-width, lockbox or asobancaria")
        return read_fixed_width(data, load_layout(layout), source=source)
    return FORMATS[kind](data, source=source)


def _amount(amount: Money | None) -> str:
    if amount is None:
        return ""
    digits = currency_digits(amount.currency.code)
    value: Decimal = amount.amount
    quantized = value.quantize(Decimal(1).scaleb(-digits))
    return format(quantized if quantized == value else value, "f")


def _line(line: RemittanceLine) -> dict[str, str]:
    row = {
        "document_number": line.document_number,
        "amount_paid": _amount(line.amount_paid),
        "discount": _amount(line.discount),
        "adjustment": _amount(line.adjustment),
        "adjustment_reason": line.adjustment_reason,
        "reference_kind": line.reference_kind,
    }
    return {key: value for key, value in row.items() if value}


def payment_rows(payments: Iterable[Payment]) -> list[dict[str, str]]:
    """The payments as rows of strings in :data:`COLUMNS`, as CSV and JSON files hold them."""
    rows = []
    for index, payment in enumerate(check_items("payments", payments)):
        if not isinstance(payment, Payment):
            raise ValidationError(f"payments[{index}]", payment, "a receivables.documents.Payment")
        lines = [_line(line) for line in payment.remittance_lines]
        rows.append(
            {
                "id": payment.id,
                "amount": _amount(payment.amount),
                "currency": payment.currency,
                "received_date": payment.received_date.isoformat(),
                "value_date": payment.value_date.isoformat() if payment.value_date else "",
                "payer_name": payment.payer_name,
                "payer_account": payment.payer_account or "",
                "remittance": payment.remittance,
                "bank_reference": payment.bank_reference,
                "method": payment.method.value,
                "customer_id": payment.customer_id or "",
                "remittance_lines": json.dumps(lines, ensure_ascii=False) if lines else "",
            }
        )
    return rows


def summary(result: ReadResult) -> str:
    """One line per total, reversal and note, for a person reading standard error.

    >>> print(summary(ReadResult(source="s.xml", format="camt053")))
    s.xml (camt053): 0 payment(s)
    """
    if not isinstance(result, ReadResult):
        raise ValidationError("result", result, "a ReadResult from a reader")
    totals = ", ".join(f"{m.amount} {code}" for code, m in result.totals().items())
    lines = [
        f"{result.source} ({result.format}): {len(result.payments)} payment(s)"
        + (f" totalling {totals}" if totals else "")
    ]
    lines += [
        f"  returned: {r.target_id} on {r.date.isoformat()} ({r.reason})" for r in result.reversals
    ]
    for note in result.notes:
        amount = f" {note.data['amount']} {note.data['currency']}" if "amount" in note.data else ""
        lines.append(f"  note: {note}{amount} ({note.data.get('where', result.source)})")
    return "\n".join(lines)
