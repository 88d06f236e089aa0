"""receivables: accounts receivable as exact, explainable, fast functions.

The small public surface is re-exported here; everything else is reached as
``receivables.<module>.<name>``.

>>> from receivables import money, allocate
>>> allocate(money("10.00", "USD"), [1, 2])
(Money('3.33', 'USD'), Money('6.67', 'USD'))
"""

from receivables.calendars import BusinessCalendar, Roll
from receivables.decisions import Reason
from receivables.documents import (
    Adjustment,
    Application,
    CreditNote,
    Customer,
    Invoice,
    Payment,
    Reversal,
)
from receivables.errors import (
    CurrencyMismatchError,
    OverApplicationError,
    PolicyError,
    ReceivablesError,
    ValidationError,
)
from receivables.interop import from_json, structure, to_json, unstructure
from receivables.ledger import Ledger, OpenItem
from receivables.money import Money, RateTable, allocate, money, split_evenly
from receivables.terms import PaymentTerms, schedule

__all__ = [
    "Adjustment",
    "Application",
    "BusinessCalendar",
    "CreditNote",
    "CurrencyMismatchError",
    "Customer",
    "Invoice",
    "Ledger",
    "Money",
    "OpenItem",
    "OverApplicationError",
    "Payment",
    "PaymentTerms",
    "PolicyError",
    "RateTable",
    "Reason",
    "ReceivablesError",
    "Reversal",
    "Roll",
    "ValidationError",
    "allocate",
    "from_json",
    "money",
    "schedule",
    "split_evenly",
    "structure",
    "to_json",
    "unstructure",
]

__version__ = "0.1.0"
