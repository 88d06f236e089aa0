"""What does each customer owe, item by item, as of any date?

A :class:`~receivables.ledger.book.Ledger` holds the documents of accounts
receivable and answers, for any ``as_of`` date, the open items and the
balances of each customer. Every public name is importable from here; each
lives in the module of its concern:

- :mod:`receivables.ledger.items`: open items (:class:`~receivables.ledger.items.OpenItem`).
- :mod:`receivables.ledger.book`: the public :class:`~receivables.ledger.book.Ledger`,
  a value that returns a new ledger from every change.
- :mod:`receivables.ledger.integrity`: the checks its documents pass on construction.
- :mod:`receivables.ledger.replay`: the dated events replayed in minor units.
- :mod:`receivables.ledger.balances`: a customer's totals and the identity that ties them.

>>> import datetime as dt
>>> from receivables.documents import Invoice
>>> from receivables.money import money
>>> invoice = Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
...                   due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD"))
>>> Ledger.of([invoice]).balance("C1", currency="USD", as_of=dt.date(2026, 2, 1)).balance
Money('100.00', 'USD')
"""

from receivables.ledger.balances import Balance
from receivables.ledger.book import Ledger
from receivables.ledger.items import ItemKind, OpenItem, Strategy

__all__ = ["Balance", "ItemKind", "Ledger", "OpenItem", "Strategy"]
