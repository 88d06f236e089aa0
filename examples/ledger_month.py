"""A month in one customer's ledger: invoices, a partial payment, a discount, a returned cheque.

Run: python examples/ledger_month.py
"""

import datetime as dt

from receivables.allocation import oldest_due_first
from receivables.documents import Application, Customer, Discount, Invoice, Payment
from receivables.ledger import Ledger
from receivables.money import money

D = dt.date

acme = Customer(id="C1", name="Acme Supplies Inc", country="US", currency="USD")
invoices = [
    Invoice(
        number="INV-1001",
        customer_id="C1",
        issue_date=D(2026, 3, 2),
        due_date=D(2026, 4, 1),
        amount=money("1000.00", "USD"),
        discounts=[Discount(amount=money("20.00", "USD"), until=D(2026, 3, 12))],
    ),
    Invoice(
        number="INV-1002",
        customer_id="C1",
        issue_date=D(2026, 3, 9),
        due_date=D(2026, 4, 8),
        amount=money("450.00", "USD"),
    ),
]
payments = [
    Payment(id="P1", customer_id="C1", amount=money("980.00", "USD"), received_date=D(2026, 3, 11)),
    Payment(
        id="P2",
        customer_id="C1",
        amount=money("200.00", "USD"),
        received_date=D(2026, 4, 2),
        method="check",
    ),
]

ledger = Ledger.of([acme, *invoices, *payments])
# P1 pays INV-1001 inside its 2/10 window: 980.00 cash plus the 20.00 discount clears 1,000.00.
ledger = ledger.apply(
    Application(
        id="A1",
        source_id="P1",
        target_number="INV-1001",
        amount=money("980.00", "USD"),
        discount=invoices[0].discount_on(D(2026, 3, 11)),
        date=D(2026, 3, 11),
    )
)
# P2, a cheque, goes to the oldest open item, and then bounces.
ledger = ledger.allocate("P2", oldest_due_first, on=D(2026, 4, 2))
print(
    "after the cheque:",
    [(i.number, f"{i.open.amount} {i.open.code}") for i in ledger.open_items(as_of=D(2026, 4, 2))],
)
ledger = ledger.return_payment("P2", on=D(2026, 4, 6), reason="NSF")
for as_of in (D(2026, 3, 31), D(2026, 4, 30)):
    balance = ledger.balance("C1", currency="USD", as_of=as_of)
    items = [(i.number, f"{i.open.amount} {i.open.code}") for i in ledger.open_items(as_of=as_of)]
    print(as_of, "balance", balance.balance, "open", items)
assert ledger.balance("C1", currency="USD", as_of=D(2026, 4, 30)).balance == money("450.00", "USD")
