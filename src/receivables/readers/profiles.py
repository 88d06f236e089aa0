"""How does this ERP lay out its open-item export, and what do its codes mean?

An :class:`ExportProfile` is the policy for reading one ERP's open-item
export: which header holds each field (:class:`ColumnMap`, with every heading
the ERP uses in English and German), the delimiter, encoding and decimal mark
(``None``: sniffed from the file), the date layouts allowed, what each
document type means (:class:`~receivables.ledger.items.ItemKind`), and which rows
are subtotals to skip (and count). It is frozen data buildable from JSON with
:func:`receivables.interop.from_json`, so a company's own layout is a file,
not code.

Shipped profiles, each from the ERP's own documentation:

- ``sap-fbl5n``: SAP transaction FBL5N (Customer Line Item Display), its
  standard ALV layout exported as a spreadsheet, "Text with tabs" or an
  unconverted list (``|``-separated). Field labels as in table BSID and the
  ALV headings: Account / Konto (KUNNR), Document Number / Belegnummer
  (BELNR), Document Type / Belegart (BLART), Document Date / Belegdatum
  (BLDAT), Net Due Date / Nettofälligkeit, Baseline Payment Dte /
  Basisdatum (ZFBDT), Amount in local currency / Betrag in Hauswährung
  (DMSHB, signed, SAP writes the minus after the number), Local Currency /
  Hauswährung (HWAER); the S/4HANA labels of the same fields too (Journal
  Entry, Journal Entry Type, Amount in Company Code Currency, Company Code
  Currency). Document types are SAP's defaults (transaction OBA7):
  RV billing document transfer and DR customer invoice (invoice), DG customer
  credit memo (credit note), DZ customer payment (payment), DA customer
  document, AB accounting document, SA G/L document (adjustment). Subtotal
  lines carry ``*`` or ``**`` and no document number.
- ``odoo``: Odoo's journal items (``account.move.line``) list exported with
  the field labels Odoo gives them: Journal Entry / Number (the move's name),
  Partner, Date, Due Date, Residual Amount (``amount_residual``, in company
  currency, positive for what the customer owes), Debit, Credit, Company
  Currency, and Journal Entry/Type (``move_type``: Customer Invoice, Customer
  Credit Note, Journal Entry for payments; the technical values
  ``out_invoice``, ``out_refund``, ``entry`` too).
- ``erpnext``: ERPNext's Accounts Receivable report
  (``erpnext/accounts/report/accounts_receivable``) exported as CSV: Posting
  Date, Party (or Customer), Voucher Type (Sales Invoice, Payment Entry,
  Journal Entry), Voucher No, Due Date, Outstanding Amount, Currency. With
  "Group By Customer" the report adds a subtotal line per party without a
  voucher number, and a ``Total`` line.
- ``generic``: the library's own column names (``number``, ``customer_id``,
  ``document_date`` or ``issue_date``, ``due_date``, ``open`` or ``amount``,
  ``currency``), any delimiter, encoding and decimal mark; copy it to JSON
  and rename the headings to map your own export.

>>> PROFILES["sap-fbl5n"].document_types["DZ"]
<ItemKind.PAYMENT: 'payment'>
>>> export_profile("odoo").columns.open[0]
'Residual Amount'
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from receivables.decisions import check_policy_identity
from receivables.errors import PolicyError
from receivables.interop import from_json
from receivables.ledger import ItemKind
from receivables.money import currency_digits
from receivables.readers.numbers import DATE_FORMATS, DECIMAL_MARKS

__all__ = [
    "DELIMITERS",
    "PROFILES",
    "UNKNOWN_TYPES",
    "ColumnMap",
    "ExportProfile",
    "export_profile",
    "profile_from_json",
]

DELIMITERS = (";", ",", "\t", "|")
"""The delimiters sniffed, in order of preference when a header splits well on several."""

UNKNOWN_TYPES = ("error", "by_sign")
"""What a document type not in the profile is (a bad cell, or read by the amount's sign)."""


def _headings(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise PolicyError("columns", value, "a list of column headings")
    return tuple(value)


@attrs.frozen(kw_only=True)
class ColumnMap:
    """Which heading holds each field: the headings the ERP may use, the first present wins.

    Headings match case-insensitively with spaces squeezed. The open amount
    comes from ``open`` (signed as written) or, when that is absent, from
    ``debit`` minus ``credit``; the due date from ``due_date`` or, when that
    cell is empty, ``baseline_date`` plus ``net_days``, else the document date.

    >>> ColumnMap(number=("Belegnummer",), customer_id=("Konto",), due_date=("Nettofälligkeit",),
    ...           open=("Betrag in Hauswährung",)).number
    ('Belegnummer',)
    """

    number: tuple[str, ...] = attrs.field(converter=_headings)
    customer_id: tuple[str, ...] = attrs.field(converter=_headings)
    document_date: tuple[str, ...] = attrs.field(default=(), converter=_headings)
    due_date: tuple[str, ...] = attrs.field(default=(), converter=_headings)
    baseline_date: tuple[str, ...] = attrs.field(default=(), converter=_headings)
    net_days: tuple[str, ...] = attrs.field(default=(), converter=_headings)
    open: tuple[str, ...] = attrs.field(default=(), converter=_headings)
    debit: tuple[str, ...] = attrs.field(default=(), converter=_headings)
    credit: tuple[str, ...] = attrs.field(default=(), converter=_headings)
    currency: tuple[str, ...] = attrs.field(default=(), converter=_headings)
    document_type: tuple[str, ...] = attrs.field(default=(), converter=_headings)
    reference: tuple[str, ...] = attrs.field(default=(), converter=_headings)

    def __attrs_post_init__(self) -> None:
        for field in attrs.fields(ColumnMap):
            for position, heading in enumerate(getattr(self, field.name)):
                if not isinstance(heading, str) or not heading.strip():
                    raise PolicyError(
                        f"columns.{field.name}[{position}]", heading, "a non-empty heading"
                    )
        for name in ("number", "customer_id"):
            if not getattr(self, name):
                raise PolicyError(f"columns.{name}", (), "at least one heading")
        if not self.open and not (self.debit and self.credit):
            raise PolicyError(
                "columns.open", (), "the open amount's headings, or both debit and credit"
            )
        if not self.document_date and not self.due_date:
            raise PolicyError(
                "columns.due_date", (), "a due date or a document date heading (or both)"
            )
        if bool(self.baseline_date) != bool(self.net_days):
            raise PolicyError(
                "columns.net_days", self.net_days, "baseline_date and net_days given together"
            )


def _kinds(value: object) -> Mapping[str, ItemKind]:
    if not isinstance(value, Mapping):
        raise PolicyError("document_types", value, "a mapping of document type to item kind")
    kinds: dict[str, ItemKind] = {}
    seen: set[str] = set()
    for code, kind in value.items():
        if not isinstance(code, str) or not code.strip():
            raise PolicyError("document_types", code, "a non-empty document type code")
        if code.strip().casefold() in seen:
            raise PolicyError("document_types", code, "each code once (case does not count)")
        seen.add(code.strip().casefold())
        try:
            kinds[code.strip()] = ItemKind(kind)
        except ValueError:
            raise PolicyError(
                f"document_types[{code!r}]", kind, f"one of {[k.value for k in ItemKind]}"
            ) from None
    return MappingProxyType(kinds)


def _texts(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise PolicyError("profile", value, "a list of strings")
    return tuple(value)


@attrs.frozen(kw_only=True)
class ExportProfile:
    """How to read one ERP's open-item export; ``None`` settings are sniffed from the file.

    ``subtotal_markers`` are cell texts (``*``, ``Total``) that mark a
    subtotal when a row's first cell, document number or customer starts with
    one (case-insensitive); ``no_number_is_subtotal`` skips a row that has no
    document number but other cells (the customer subtotals SAP and ERPNext
    print). Every skipped row is counted with its reason, never dropped quietly.

    >>> ExportProfile(id="x", name="x", columns=PROFILES["generic"].columns, delimiter=":")
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: delimiter: got ':'; expected one of [';', ',', '\\t', '|'] or None to sniff it
    """

    id: str
    version: str = "1"
    name: str = attrs.field(validator=lambda _, __, value: _check_name(value))
    columns: ColumnMap = attrs.field(validator=lambda _, __, value: _check_columns(value))
    delimiter: str | None = attrs.field(
        default=None, validator=lambda _, __, value: _check_delimiter(value)
    )
    encoding: str | None = attrs.field(
        default=None, validator=lambda _, __, value: _check_encoding(value)
    )
    decimal: str | None = attrs.field(
        default=None, validator=lambda _, __, value: _check_decimal(value)
    )
    date_formats: tuple[str, ...] = attrs.field(
        default=DATE_FORMATS,
        converter=_texts,
        validator=lambda _, __, value: _check_date_formats(value),
    )
    currency: str | None = attrs.field(
        default=None, validator=lambda _, __, value: _check_currency(value)
    )
    document_types: Mapping[str, ItemKind] = attrs.field(
        factory=lambda: MappingProxyType({}), converter=_kinds
    )
    unknown_types: str = attrs.field(
        default="error", validator=lambda _, __, value: _check_unknown_types(value)
    )
    subtotal_markers: tuple[str, ...] = attrs.field(
        default=("*", "Total"),
        converter=_texts,
        validator=lambda _, __, value: _check_markers(value),
    )
    no_number_is_subtotal: bool = attrs.field(
        default=True, validator=lambda _, __, value: _check_bool(value)
    )

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)


def _check_name(value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise PolicyError("name", value, "a non-empty name")


def _check_columns(value: object) -> None:
    if not isinstance(value, ColumnMap):
        raise PolicyError("columns", value, "a ColumnMap")


def _check_delimiter(value: object) -> None:
    if value is not None and value not in DELIMITERS:
        raise PolicyError("delimiter", value, f"one of {list(DELIMITERS)} or None to sniff it")


def _check_encoding(value: object) -> None:
    if value is None:
        return
    try:
        codecs.lookup(value)  # type: ignore[arg-type]
    except (LookupError, TypeError):
        raise PolicyError("encoding", value, "a Python codec such as 'utf-8' or 'cp1252'") from None


def _check_decimal(value: object) -> None:
    if value is not None and value not in DECIMAL_MARKS:
        raise PolicyError("decimal", value, f"one of {list(DECIMAL_MARKS)} or None to sniff it")


def _check_date_formats(value: tuple[str, ...]) -> None:
    if not value:
        raise PolicyError("date_formats", (), f"at least one of {list(DATE_FORMATS)}")
    for position, form in enumerate(value):
        if form not in DATE_FORMATS:
            raise PolicyError(f"date_formats[{position}]", form, f"one of {list(DATE_FORMATS)}")


def _check_currency(value: object) -> None:
    if value is None:
        return
    try:
        currency_digits(value)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        raise PolicyError("currency", value, "an ISO 4217 code such as 'EUR'") from None


def _check_unknown_types(value: object) -> None:
    if value not in UNKNOWN_TYPES:
        raise PolicyError("unknown_types", value, f"one of {list(UNKNOWN_TYPES)}")


def _check_markers(value: tuple[str, ...]) -> None:
    for position, marker in enumerate(value):
        if not isinstance(marker, str) or not marker.strip():
            raise PolicyError(f"subtotal_markers[{position}]", marker, "a non-empty text")


def _check_bool(value: object) -> None:
    if not isinstance(value, bool):
        raise PolicyError("no_number_is_subtotal", value, "a bool")


_SAP_FBL5N = ExportProfile(
    id="sap-fbl5n",
    name="SAP FBL5N customer line items",
    columns=ColumnMap(
        number=(
            "Document Number",
            "DocumentNo",
            "Doc. No.",
            "Journal Entry",
            "Belegnummer",
            "Belegnr",
            "BELNR",
        ),
        customer_id=("Account", "Customer", "Konto", "Kunde", "KUNNR"),
        document_date=(
            "Document Date",
            "Doc. Date",
            "Doc..Date",
            "Belegdatum",
            "Belegdat.",
            "BLDAT",
        ),
        due_date=(
            "Net Due Date",
            "Net due dt",
            "Nettofälligkeit",
            "Fälligkeit netto",
            "Netto-Fälligkeit",
        ),
        baseline_date=(
            "Baseline Payment Dte",
            "Baseline Date",
            "Basisdatum",
            "Zahlungsbasisdatum",
            "ZFBDT",
        ),
        net_days=(
            "Days net",
            "Net Payment Terms Period",
            "Tage netto",
            "Nettozahlungsziel",
            "ZBD3T",
        ),
        open=(
            "Amount in local currency",
            "Amount in Company Code Currency",
            "Amount in LC",
            "Amt in loc.cur.",
            "Amount in local cur.",
            "Betrag in Hauswährung",
            "Betrag in HW",
            "DMSHB",
        ),
        currency=(
            "Local Currency",
            "LCurr",
            "Company Code Currency",
            "Hauswährung",
            "HWähr",
            "HWAER",
        ),
        document_type=("Document Type", "Type", "Journal Entry Type", "Belegart", "Art", "BLART"),
        reference=("Assignment", "Reference", "Zuordnung", "Referenz", "ZUONR"),
    ),
    date_formats=(
        "DD.MM.YYYY",
        "MM/DD/YYYY",
        "MM-DD-YYYY",
        "YYYY.MM.DD",
        "YYYY/MM/DD",
        "YYYY-MM-DD",
    ),
    document_types={
        "RV": "invoice",
        "DR": "invoice",
        "DG": "credit_note",
        "DZ": "payment",
        "ZP": "payment",
        "DA": "adjustment",
        "AB": "adjustment",
        "SA": "adjustment",
    },
    subtotal_markers=("*", "Total", "Summe"),
)

_ODOO = ExportProfile(
    id="odoo",
    name="Odoo journal items (account.move.line) export",
    columns=ColumnMap(
        number=("Journal Entry", "Number", "Move"),
        customer_id=("Partner",),
        document_date=("Date", "Invoice Date", "Invoice/Bill Date"),
        due_date=("Due Date",),
        open=("Residual Amount", "Amount Due"),
        debit=("Debit",),
        credit=("Credit",),
        currency=("Company Currency", "Currency"),
        document_type=("Journal Entry/Type", "Type", "Move Type"),
        reference=("Label", "Reference"),
    ),
    document_types={
        "Customer Invoice": "invoice",
        "out_invoice": "invoice",
        "Sales Receipt": "invoice",
        "out_receipt": "invoice",
        "Customer Credit Note": "credit_note",
        "out_refund": "credit_note",
        "Journal Entry": "payment",
        "entry": "payment",
    },
    subtotal_markers=("Total",),
)

_ERPNEXT = ExportProfile(
    id="erpnext",
    name="ERPNext Accounts Receivable report",
    columns=ColumnMap(
        number=("Voucher No",),
        customer_id=("Party", "Customer"),
        document_date=("Posting Date",),
        due_date=("Due Date",),
        open=("Outstanding Amount",),
        currency=("Currency",),
        document_type=("Voucher Type",),
        reference=("Customer LPO", "Remarks"),
    ),
    document_types={
        "Sales Invoice": "invoice",
        "Payment Entry": "payment",
        "Journal Entry": "adjustment",
    },
    subtotal_markers=("Total", "'Total'"),
)

_GENERIC = ExportProfile(
    id="generic",
    name="Open items with the library's column names",
    columns=ColumnMap(
        number=("number",),
        customer_id=("customer_id",),
        document_date=("document_date", "issue_date"),
        due_date=("due_date",),
        open=("open", "amount"),
        currency=("currency",),
        document_type=("kind",),
        reference=("reference",),
    ),
    document_types={kind.value: kind.value for kind in ItemKind},
    unknown_types="by_sign",
    subtotal_markers=("Total",),
)

PROFILES: Mapping[str, ExportProfile] = MappingProxyType(
    {profile.id: profile for profile in (_SAP_FBL5N, _ODOO, _ERPNEXT, _GENERIC)}
)
"""The shipped profiles by id (``sap-fbl5n``, ``odoo``, ``erpnext``, ``generic``)."""


def export_profile(name: str) -> ExportProfile:
    """The shipped profile called ``name``.

    >>> export_profile("erpnext").columns.open
    ('Outstanding Amount',)
    >>> export_profile("sap")
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: profile: got 'sap'; expected one of ['erpnext', 'generic', 'odoo', 'sap-fbl5n'], or a JSON file of an ExportProfile
    """
    try:
        return PROFILES[name]
    except (KeyError, TypeError):
        raise PolicyError(
            "profile", name, f"one of {sorted(PROFILES)}, or a JSON file of an ExportProfile"
        ) from None


def profile_from_json(text: str | bytes) -> ExportProfile:
    """An :class:`ExportProfile` from its JSON text; every bad field is reported at once.

    >>> profile_from_json('{"id": "acme", "name": "ACME ERP", "columns": {"number": ["Doc"],'
    ...     ' "customer_id": ["Cust"], "due_date": ["Due"], "open": ["Open"]}, "currency": "EUR"}').currency
    'EUR'
    """
    return from_json(text, ExportProfile)
