"""The small month of one customer most ledger tests start from."""

from __future__ import annotations

import pytest

from receivables.documents import CreditNote, Customer
from receivables.ledger import Ledger
from receivables.money import money
from tests.ledger import D, invoice, payment


@pytest.fixture
def book() -> Ledger:
    """A small month of one customer: two invoices, a credit note, two payments."""
    return Ledger.of(
        [
            Customer(id="C1", name="Acme Inc"),
            invoice("INV-1", D(2026, 1, 5), D(2026, 2, 4), "1000.00"),
            invoice("INV-2", D(2026, 1, 20), D(2026, 2, 19), "500.00"),
            CreditNote(
                number="CN-1",
                customer_id="C1",
                issue_date=D(2026, 1, 25),
                amount=money("100.00", "USD"),
                against="INV-2",
            ),
            payment("P1", D(2026, 2, 1), "700.00"),
            payment("P2", D(2026, 2, 25), "250.00"),
        ]
    )
