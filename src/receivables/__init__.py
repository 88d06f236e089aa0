"""receivables: accounts receivable as exact, explainable, fast functions.

The small public surface is re-exported here; everything else is reached as
``receivables.<module>.<name>``.

>>> from receivables import money, allocate
>>> allocate(money("10.00", "USD"), [1, 2])
(Money('3.33', 'USD'), Money('6.67', 'USD'))
"""

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
from receivables.money import Money, RateTable, allocate, money, split_evenly

__all__ = [
    "Adjustment",
    "Application",
    "CreditNote",
    "CurrencyMismatchError",
    "Customer",
    "Invoice",
    "Money",
    "OverApplicationError",
    "Payment",
    "PolicyError",
    "RateTable",
    "Reason",
    "ReceivablesError",
    "Reversal",
    "ValidationError",
    "allocate",
    "money",
    "split_evenly",
]

__version__ = "0.1.0"
