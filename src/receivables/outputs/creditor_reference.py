"""Which reference should the customer quote, so that their payment finds its statement?

The ISO 11649 RF references printed on statements and letters. They are
issued and verified by the domain module :mod:`receivables.payment_references`
(which also issues references per invoice or customer, and deposit-slip
references with a bank's check digit); this module keeps the names the
outputs use.

>>> creditor_reference("539007547034")
'RF18539007547034'
>>> printed(creditor_reference("539007547034"))
'RF18 5390 0754 7034'
>>> import datetime as dt
>>> statement_reference("C-1001", dt.date(2026, 3, 31))
'RF72C1001202603'
"""

from __future__ import annotations

from receivables.payment_references import (
    MAX_LENGTH,
    creditor_reference,
    is_valid,
    printed,
    statement_reference,
)

__all__ = ["MAX_LENGTH", "creditor_reference", "is_valid", "printed", "statement_reference"]
