"""What does the customer receive on paper: a statement of account, or a dunning letter?

:func:`statement_pdf` prints a :class:`~receivables.statements.Statement`
and :func:`dunning_letter_pdf` a letter for a
:class:`~receivables.dunning.DunningDecision`, each as the bytes of a PDF,
in Spanish or English (:mod:`~receivables.outputs.labels`) with amounts and
dates written the locale's way (:mod:`receivables.formatting`). Both carry
an aging summary of what is owed and an ISO 11649 RF payment reference
(:mod:`~receivables.outputs.creditor_reference`), so the payment that comes
back is matched by reference.

Rendered with fpdf2 (the ``pdf`` extra): pure Python, installed from PyPI
alone, no browser or system library. The text is set in Helvetica, one of
the 14 fonts every PDF reader has, so no font file is needed; those fonts
cover Latin-1, which holds every Spanish letter, and the few characters of
CLDR's formats beyond it are written in Latin-1 (:data:`SUBSTITUTES`: the
euro sign as ``EUR``, the narrow no-break space as a space, the en dash as a
hyphen).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from typing import Any, Final

import attrs

from receivables.dunning import Action, DunningDecision
from receivables.errors import ValidationError
from receivables.formatting import Formatter
from receivables.frames import OptionalDependencyError
from receivables.ledger import OpenItem
from receivables.money import Money, from_minor, to_minor
from receivables.outputs.creditor_reference import printed, statement_reference
from receivables.outputs.labels import bucket_words, words
from receivables.statements import AgingSummary, Statement, aging_summary

__all__ = ["FINAL_ACTIONS", "SUBSTITUTES", "Letterhead", "dunning_letter_pdf", "statement_pdf"]

SUBSTITUTES: Final = {
    "€": "EUR ",
    "\u202f": " ",
    "\u2009": " ",
    "–": "-",
    "—": "-",
    "≤": "<=",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
}
"""Characters outside Latin-1 (which the built-in PDF fonts cover) and what is printed instead."""

FINAL_ACTIONS: Final = frozenset(
    {Action.PRE_LEGAL, Action.LEGAL, Action.AGENCY, Action.BUREAU_NOTICE, Action.BUREAU_REPORT}
)
"""Dunning actions whose letter is a final notice rather than a reminder."""


def _name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise ValidationError("letterhead.name", value, "the company's name, a string")


def _lines(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValidationError("letterhead.lines", value, "a sequence of str")
    lines = tuple(value)
    if not all(isinstance(line, str) for line in lines):
        raise ValidationError("letterhead.lines", value, "a sequence of str")
    return lines


@attrs.frozen(kw_only=True)
class Letterhead:
    """Who sends the document: a name and a few lines (address, tax id, phone, email).

    >>> Letterhead(name="Andes Supply SAS", lines=["NIT 900.123.456-7", "Bogotá"]).lines
    ('NIT 900.123.456-7', 'Bogotá')
    """

    name: str = attrs.field(validator=_name)
    lines: tuple[str, ...] = attrs.field(default=(), converter=_lines)


def _latin1(text: str) -> str:
    """``text`` in the characters Helvetica has: :data:`SUBSTITUTES`, then accents kept or dropped."""
    out = []
    for char in text:
        if char in SUBSTITUTES:
            out.append(SUBSTITUTES[char])
        elif ord(char) < 256:
            out.append(char)
        else:
            plain = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode()
            out.append(plain or "?")
    return "".join(out)


def _fpdf() -> Any:
    try:
        import fpdf
    except ImportError:
        raise OptionalDependencyError("fpdf2", "pdf") from None
    return fpdf


class _Page:
    """An A4 document in Helvetica, with the sender on top and page numbers below."""

    def __init__(self, letterhead: Letterhead | None, locale: str, title: str) -> None:
        base: Any = _fpdf().FPDF
        table = words(locale)

        class Document(base):  # type: ignore[misc]
            def footer(self) -> None:
                self.set_y(-12)
                self.set_font("helvetica", size=8)
                self.cell(0, 6, f"{table['page']} {self.page_no()}/{{nb}}", align="C")

        self.pdf = Document(format="A4", unit="mm")
        self.pdf.set_title(_latin1(title))
        self.pdf.set_creator("receivables")
        self.pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # same bytes each run
        self.pdf.set_auto_page_break(auto=True, margin=18)
        self.pdf.add_page()
        self.pdf.set_font("helvetica", size=10)
        if letterhead is not None:
            self.text(letterhead.name, size=12, bold=True)
            for line in letterhead.lines:
                self.text(line, size=9)
            self.pdf.ln(4)
        self.text(title, size=15, bold=True)

    def text(self, value: str, *, size: float = 10, bold: bool = False) -> None:
        self.pdf.set_font("helvetica", style="B" if bold else "", size=size)
        self.pdf.multi_cell(0, size * 0.5, _latin1(value), new_x="LMARGIN", new_y="NEXT")

    def table(self, rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> None:
        self.pdf.ln(2)
        self.pdf.set_font("helvetica", size=8.5)
        count = len(rows[0])
        align = tuple("RIGHT" if c in right else "LEFT" for c in range(count))
        with self.pdf.table(
            line_height=5, text_align=align, borders_layout="HORIZONTAL_LINES", padding=0.8
        ) as table:
            for row in rows:
                cells = table.row()
                for value in row:
                    cells.cell(_latin1(value))
        self.pdf.ln(2)

    def bytes(self) -> bytes:
        return bytes(self.pdf.output())


def _aging_rows(summary: AgingSummary, fmt: Formatter) -> list[list[str]]:
    table = words(fmt.locale)
    headings = [bucket_words(b.label, b.low, b.high, fmt.locale) for b in summary.buckets]
    amounts = [fmt.money(b.amount) for b in summary.buckets]
    headings += [table["unapplied_cash"], table["unapplied_credit"], table["balance"]]
    amounts += [
        fmt.money(summary.unapplied_cash),
        fmt.money(summary.unapplied_credit),
        fmt.money(summary.net),
    ]
    return [headings, amounts]


def _payment_block(page: _Page, due: Money, reference: str, fmt: Formatter) -> None:
    table = words(fmt.locale)
    page.pdf.ln(3)
    page.text(f"{table['amount_due']}: {fmt.money(due)}", size=12, bold=True)
    page.text(f"{table['pay_with_reference']}: {printed(reference)}", size=10)


def _reference(reference: str | None, customer_id: str, day: dt.date) -> str:
    if reference is None:
        return statement_reference(customer_id, day)
    return printed(reference).replace(" ", "")


def statement_pdf(
    document: Statement,
    *,
    locale: str | None = None,
    letterhead: Letterhead | None = None,
    reference: str | None = None,
) -> bytes:
    """A statement of account as a PDF: movements, aging summary, amount due, RF reference.

    ``reference`` is the RF reference to print, by default
    :func:`~receivables.outputs.creditor_reference.statement_reference` of the
    customer and the period's month; ``locale`` overrides the statement's.

    >>> from receivables.documents import Invoice
    >>> from receivables.ledger import Ledger
    >>> from receivables.money import money
    >>> from receivables.statements import statement
    >>> ledger = Ledger.of([Invoice(number="I-1", customer_id="C1", issue_date=dt.date(2026, 1, 5),
    ...     due_date=dt.date(2026, 2, 4), amount=money("10.00", "USD"))])
    >>> s = statement(ledger, "C1", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    >>> statement_pdf(s)[:5]
    b'%PDF-'
    """
    if not isinstance(document, Statement):
        raise ValidationError("document", document, "a Statement")
    fmt = Formatter(locale or document.locale)
    table = words(fmt.locale)
    code = _reference(reference, document.customer_id, document.end)
    page = _Page(letterhead, fmt.locale, table["statement"])
    page.text(f"{document.customer_name} ({document.customer_id})", bold=True)
    page.text(
        f"{table['period']}: {fmt.date(document.start)} - {fmt.date(document.end)}    "
        f"{table['currency']}: {document.currency}"
    )
    rows = [
        [table[k] for k in ("date", "kind", "document", "reference", "debit", "credit", "balance")]
    ]
    rows.append(
        [fmt.date(document.start), table["opening"], "", "", "", "", fmt.money(document.opening)]
    )
    for line in document.lines:
        rows.append(
            [
                fmt.date(line.date),
                table[f"line_{line.kind.value}"],
                line.document,
                line.reference or "",
                fmt.money(line.debit) if line.debit else "",
                fmt.money(line.credit) if line.credit else "",
                fmt.money(line.balance),
            ]
        )
    rows.append(
        [fmt.date(document.end), table["closing"], "", "", "", "", fmt.money(document.closing)]
    )
    page.table(rows, right=(4, 5, 6))
    page.text(table["aging"], bold=True)
    page.table(_aging_rows(document.aging, fmt), right=range(len(document.aging.buckets) + 3))
    due = document.closing if document.closing.amount > 0 else from_minor(0, document.currency)
    _payment_block(page, due, code, fmt)
    return page.bytes()


def _dunned_rows(
    decision: DunningDecision, items: Sequence[OpenItem], as_of: dt.date, fmt: Formatter
) -> list[list[str]]:
    """The items the decision dunned, with their days overdue and open amounts, and a total."""
    table = words(fmt.locale)
    dunned = [item for item in items if item.number in decision.items]
    rows = [[table[k] for k in ("document", "date", "due", "days_overdue", "open")]]
    for item in dunned:
        rows.append(
            [
                item.number,
                fmt.date(item.document_date),
                fmt.date(item.due_date),
                str(item.days_overdue(as_of)),
                fmt.money(item.open),
            ]
        )
    units = sum(to_minor(item.open) for item in dunned)
    rows.append([table["total"], "", "", "", fmt.money(from_minor(units, decision.currency))])
    return rows


def dunning_letter_pdf(
    decision: DunningDecision,
    items: Sequence[OpenItem],
    *,
    as_of: dt.date,
    customer_name: str,
    locale: str = "en_US",
    letterhead: Letterhead | None = None,
    reference: str | None = None,
) -> bytes:
    """A dunning letter for ``decision``: the overdue items it names, the aging, the amount due.

    ``items`` are the customer's open items on ``as_of`` (e.g. the ledger's);
    the letter lists those the decision dunned and summarises the aging of
    all of them. The amount due is the decision's overdue amount (the items
    dunned less unapplied credits). A decision whose action is in
    :data:`FINAL_ACTIONS` gets the final-notice wording, others a reminder.

    >>> from receivables.money import money
    >>> from receivables.dunning import Outcome
    >>> item = OpenItem(number="INV-1", customer_id="C1", kind="invoice",
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("500.00", "USD"), open=money("500.00", "USD"))
    >>> decision = DunningDecision(customer_id="C1", outcome=Outcome.ACT, currency="USD",
    ...     overdue=money("500.00", "USD"), days_overdue=3, items=("INV-1",), level=1,
    ...     action=Action.LETTER)
    >>> dunning_letter_pdf(decision, [item], as_of=dt.date(2026, 2, 3), customer_name="Acme")[:5]
    b'%PDF-'
    """
    if not isinstance(decision, DunningDecision):
        raise ValidationError("decision", decision, "a DunningDecision")
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    if not isinstance(customer_name, str):
        raise ValidationError("customer_name", customer_name, "a str")
    given = tuple(items)
    for index, item in enumerate(given):
        if not isinstance(item, OpenItem) or item.customer_id != decision.customer_id:
            raise ValidationError(
                f"items[{index}]", item, f"an OpenItem of customer {decision.customer_id}"
            )
    fmt = Formatter(locale)
    table = words(fmt.locale)
    final = decision.action in FINAL_ACTIONS
    code = _reference(reference, decision.customer_id, as_of)
    page = _Page(letterhead, fmt.locale, table["letter_final" if final else "letter_reminder"])
    page.text(fmt.date(as_of))
    page.pdf.ln(2)
    page.text(f"{table['dear']} {customer_name} ({decision.customer_id}),")
    page.pdf.ln(1)
    page.text(table["letter_final_body" if final else "letter_body"])
    page.table(_dunned_rows(decision, given, as_of, fmt), right=(3, 4))
    summary = aging_summary(given, as_of=as_of, currency=decision.currency)
    page.text(table["aging"], bold=True)
    page.table(_aging_rows(summary, fmt), right=range(len(summary.buckets) + 3))
    _payment_block(page, decision.overdue, code, fmt)
    page.pdf.ln(6)
    page.text(table["sincerely"])
    if letterhead is not None:
        page.text(letterhead.name, bold=True)
    return page.bytes()
