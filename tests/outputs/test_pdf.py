"""Printable statements and dunning letters: the text read back from the PDF, and one page drawn."""

from __future__ import annotations

import datetime as dt
import io
import re

import pypdf
import pytest

from receivables.documents import CreditNote, Customer, Invoice, Payment
from receivables.dunning import Action, DunningDecision, Outcome
from receivables.errors import ValidationError
from receivables.ledger import ItemKind, Ledger, OpenItem
from receivables.money import money
from receivables.outputs.creditor_reference import is_valid, statement_reference
from receivables.outputs.pdf import Letterhead, dunning_letter_pdf, statement_pdf
from receivables.statements import Statement, statements

D = dt.date
SENDER = Letterhead(
    name="Andes Supply SAS", lines=["NIT 900.123.456-7", "Calle 100 # 8A-55, Bogotá"]
)


def text_of(data: bytes) -> str:
    """Every page's text, as pypdf extracts it."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def march() -> Statement:
    """C1's March in USD, worked by hand: opening 1,000.00 (INV-1); INV-2 +500.00 → 1,500.00;
    P1 -300.00 → 1,200.00; CN-1 -100.00 → 1,100.00. On 31 Mar INV-1 is 31 days past due
    (31-60), INV-2 is current; 300.00 cash and 100.00 credit are unapplied.
    """
    ledger = Ledger.of(
        [
            Customer(id="C1", name="Café Andino SAS", currency="USD", locale="es_CO"),
            Invoice(number="INV-1", customer_id="C1", issue_date=D(2026, 2, 20),
                    due_date=D(2026, 2, 28), amount=money("1000.00", "USD")),
            Invoice(number="INV-2", customer_id="C1", issue_date=D(2026, 3, 5),
                    due_date=D(2026, 4, 4), amount=money("500.00", "USD")),
            Payment(id="P1", customer_id="C1", amount=money("300.00", "USD"),
                    received_date=D(2026, 3, 12), bank_reference="TRF-88"),
            CreditNote(number="CN-1", customer_id="C1", issue_date=D(2026, 3, 20),
                       amount=money("100.00", "USD")),
        ]
    )  # fmt: skip
    (found,) = statements(ledger, start=D(2026, 3, 1), end=D(2026, 3, 31))
    return found


def test_a_spanish_statement_reads_back_with_its_amounts_and_words(march: Statement) -> None:
    text = text_of(statement_pdf(march, letterhead=SENDER))
    for expected in [
        "Andes Supply SAS",
        "Estado de cuenta",
        "Café Andino SAS (C1)",
        "Periodo: 1/03/2026 - 31/03/2026",
        "1/03/2026 Saldo inicial US$1.000,00",
        "5/03/2026 Factura INV-2 US$500,00 US$1.500,00",
        "12/03/2026 Pago P1 TRF-88 US$300,00 US$1.200,00",
        "20/03/2026 Nota crédito CN-1 US$100,00 US$1.100,00",
        "31/03/2026 Saldo final US$1.100,00",
        "Cartera por edades",
        "Corriente 1-30 días 31-60 días 61-90 días Más de 90 días",
        "US$500,00 US$0,00 US$1.000,00 US$0,00 US$0,00 US$300,00 US$100,00 US$1.100,00",
        "Valor a pagar: US$1.100,00",
        "Página 1/1",
    ]:
        assert expected in text, expected
    found = re.search(r"al pagar: (RF[0-9A-Z ]+)", text)
    assert found
    assert is_valid(found.group(1))
    assert found.group(1).replace(" ", "") == statement_reference("C1", D(2026, 3, 31))


def test_an_english_statement_and_a_reference_of_your_own(march: Statement) -> None:
    text = text_of(statement_pdf(march, locale="en_US", reference="RF18 5390 0754 7034"))
    assert "Statement of account" in text
    assert "Mar 12, 2026 Payment P1 TRF-88 $300.00 $1,200.00" in text
    assert "Amount due: $1,100.00" in text
    assert "Please quote this payment reference with your payment: RF18 5390 0754 7034" in text


def test_long_statements_run_over_pages_with_page_numbers() -> None:
    documents = [Customer(id="C9", name="Bolt Logistics", currency="EUR", locale="en_US")]
    documents += [
        Invoice(number=f"INV-{n}", customer_id="C9", issue_date=D(2026, 3, 1 + n % 28),
                due_date=D(2026, 4, 30), amount=money("1.10", "EUR"))
        for n in range(80)
    ]  # fmt: skip
    (long,) = statements(Ledger.of(documents), start=D(2026, 3, 1), end=D(2026, 3, 31))
    data = statement_pdf(long)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = text_of(data)
    assert f"Page {len(reader.pages)}/{len(reader.pages)}" in text
    assert "Closing balance EUR 88.00" in text  # 80 x 1.10; the euro sign printed as EUR
    assert "€" not in text


def _items() -> list[OpenItem]:
    def item(number: str, due: dt.date, amount: str, kind: ItemKind = ItemKind.INVOICE) -> OpenItem:
        return OpenItem(number=number, customer_id="C2", kind=kind, document_date=D(2025, 12, 1),
                        due_date=due, original=money(amount, "USD"), open=money(amount, "USD"))  # fmt: skip

    return [
        item("INV-2", D(2026, 1, 1), "1250.50"),
        item("INV-3", D(2026, 2, 1), "99.99"),
        item("INV-4", D(2026, 3, 31), "10.00"),
    ]


def _decision(action: Action) -> DunningDecision:
    # 3 Feb 2026: INV-2 33 days and INV-3 2 days overdue, 1,350.49 USD (INV-4 is not yet due).
    return DunningDecision(customer_id="C2", outcome=Outcome.ACT, currency="USD",
                           overdue=money("1350.49", "USD"), days_overdue=33,
                           items=("INV-2", "INV-3"), level=3, action=action)  # fmt: skip


def test_a_reminder_letter_lists_the_items_dunned_and_the_aging() -> None:
    data = dunning_letter_pdf(
        _decision(Action.LETTER),
        _items(),
        as_of=D(2026, 2, 3),
        customer_name="Bolt Logistics",
        letterhead=SENDER,
    )
    text = text_of(data)
    for expected in [
        "Payment reminder",
        "Feb 3, 2026",
        "Dear Bolt Logistics (C2),",
        "INV-2 Dec 1, 2025 Jan 1, 2026 33 $1,250.50",
        "INV-3 Dec 1, 2025 Feb 1, 2026 2 $99.99",
        "Total $1,350.49",
        "Amount due: $1,350.49",
        "Sincerely,",
    ]:
        assert expected in text, expected
    assert "INV-4" not in text.split("Total")[0]  # not dunned: not yet due
    # Aging on 3 Feb: INV-4 current 10.00; INV-2 (33 days) 31-60 1,250.50; INV-3 (2 days) 1-30 99.99.
    assert "$10.00 $99.99 $1,250.50 $0.00 $0.00 $0.00 $0.00 $1,360.49" in text
    assert "RF" in text.split("payment:")[1]


def test_a_final_notice_in_spanish() -> None:
    text = text_of(
        dunning_letter_pdf(
            _decision(Action.PRE_LEGAL),
            _items(),
            as_of=D(2026, 2, 3),
            customer_name="Bolt Logistics",
            locale="es_MX",
        )
    )
    assert "Último aviso antes de iniciar el cobro" in text
    assert "Señores Bolt Logistics (C2)," in text
    assert "Valor a pagar: USD1,350.49" in text  # CLDR es_MX writes dollars as USD
    assert "Atentamente," in text


def test_one_page_renders_to_pixels(march: Statement) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(statement_pdf(march))
    image = document[0].render(scale=1).to_pil().convert("L")
    assert image.size in {(595, 842), (596, 842)}  # A4 (595.28 x 841.89 pt) at 72 dpi
    dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
    assert dark > 1000  # ink on the page: text and rules


def test_same_input_same_bytes(march: Statement) -> None:
    assert statement_pdf(march) == statement_pdf(march)


def test_bad_input(march: Statement) -> None:
    with pytest.raises(ValidationError, match="a Statement"):
        statement_pdf("C1")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="valid ISO 11649"):
        statement_pdf(march, reference="RF19 5390 0754 7034")
    with pytest.raises(ValidationError, match="locale"):
        statement_pdf(march, locale="xx_YY")
    decision = _decision(Action.LETTER)
    with pytest.raises(ValidationError, match="a DunningDecision"):
        dunning_letter_pdf("C2", [], as_of=D(2026, 2, 3), customer_name="B")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="as_of"):
        dunning_letter_pdf(decision, [], as_of="2026-02-03", customer_name="B")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="customer_name"):
        dunning_letter_pdf(decision, [], as_of=D(2026, 2, 3), customer_name=None)  # type: ignore[arg-type]
    other = OpenItem(number="X", customer_id="C9", kind=ItemKind.INVOICE, document_date=D(2026, 1, 1),
                     due_date=D(2026, 1, 2), original=money("1", "USD"), open=money("1", "USD"))  # fmt: skip
    with pytest.raises(ValidationError, match=r"items\[0\].*customer C2"):
        dunning_letter_pdf(decision, [other], as_of=D(2026, 2, 3), customer_name="B")
    with pytest.raises(ValidationError, match=r"letterhead\.lines"):
        Letterhead(name="A", lines="Bogotá")
    with pytest.raises(ValidationError, match=r"letterhead\.lines"):
        Letterhead(name="A", lines=[1])  # type: ignore[list-item]
