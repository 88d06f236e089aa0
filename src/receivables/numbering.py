"""Which of our document numbers is the one the customer wrote?

Customers, payers and their ERPs write our document numbers their own way:
``FV-0005230`` becomes ``5230``, ``fv 5230``, ``Fact. No. 0005230`` or
``FV5230``. Cash application (reading remittance text) and account
reconciliation (reading a customer's payables ledger) both need the same
*reference key* for a number, so it lives here, on the domain floor, where
every engine may use it:

1. upper case, accents removed (Unicode NFKD);
2. leading document-type words dropped (INV, INVOICE, FAC, FACT, FACTURA, FV,
   FE, No., Nro., Num., REF, #) when a number follows them;
3. every character that is not a letter or digit dropped;
4. leading zeros dropped.

so ``"Fact. No. 001-0045"`` and invoice ``"001-0045"`` both become
``"10045"``. The rules are hand-written because no library normalises
Spanish and English document numbers; they are the practitioners' rules of
issue 4 and Odoo's reconciliation models, which compare "label, note or
reference" after the same kind of cleaning (Odoo 17 documentation,
*Reconciliation models*).

>>> reference_key("Fact. No. 001-0045"), reference_key("FV-0005230"), reference_key("5230")
('10045', '5230', '5230')
>>> digits_key("FAC-2026-00574")
'202600574'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["digits_key", "reference_key", "strip_accents"]

_PREFIX = re.compile(
    r"^(?:INVOICES?|INV|FACTURAS?|FACT|FAC|FCT|FV|FE|NUMBER|NO|NRO|NUM|NR|REF|N°|#)"
    r"(?=[\s.:#°\-/]*(?:[0-9]|NO\b|NRO\b|NUM\b|N°|#))[\s.:#°\-/]*"
)
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


def strip_accents(text: str) -> str:
    """``text`` in upper case with accents removed (NFKD, combining marks dropped).

    >>> strip_accents("Ferretería Ñandú")
    'FERRETERIA NANDU'
    """
    if text.isascii():
        return text.upper()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def digits_key(text: str) -> str:
    """Only the digits of an invoice number, leading zeros dropped: what a payer keeps.

    >>> digits_key("F002720"), digits_key("FAC-2026-00574")
    ('2720', '202600574')
    """
    return "".join(c for c in text if c.isdigit()).lstrip("0")


def reference_key(text: str) -> str:
    """The normalised key of an invoice number or a reference token.

    Case, accents, document-type prefixes, punctuation, spaces and leading
    zeros do not count; an empty string means nothing usable was left.

    >>> reference_key("INV-000123"), reference_key("inv 123"), reference_key("FAC2024-0045")
    ('123', '123', '20240045')
    >>> reference_key("N° 0")
    ''
    """
    value = strip_accents(text).strip()
    while True:
        stripped = _PREFIX.sub("", value, count=1)
        if stripped == value:
            break
        value = stripped
    return _NOT_ALNUM.sub("", value).lstrip("0")
