"""How much late-payment interest and fees do we charge on each overdue invoice?

A :class:`~receivables.latecharges.LateChargePolicy` is data: a fixed annual rate, or a reference rate
plus a margin; simple interest by days late under a named day count
(``actual/365`` or ``actual/360``); grace days; a cap; a fixed fee per
invoice; a minimum charge. :func:`~receivables.latecharges.assess` returns, per invoice, the interest
and the fee with the reasons behind them; :func:`~receivables.latecharges.debit_note` turns an
assessment into a :class:`~receivables.documents.Invoice` of kind
``debit_note`` and :func:`~receivables.latecharges.journal_entry` into its balanced entry (debit
``receivables``, credit ``interest_income`` and ``fee_income``).

The rule, per invoice with ``open`` still owed on ``as_of``::

    days late          = as_of − due_date              (none when within grace_days)
    interest           = Σ over periods of  open × annual_rate(period) × days(period) / basis
    annual_rate(day)   = fixed rate,  or  max(0, reference rate in force + margin),
                         never above max_annual_rate
    basis              = 365 (actual/365) or 360 (actual/360)

Interest runs from the day after the due date (Directive 2011/7/EU, art.
3(3)(a): "from the day following the date or the end of the period for
payment fixed in the contract") through
``as_of``, both included, and is rounded once, half up, to the currency's
minor unit.

The EU late payment directive 2011/7/EU is one such policy
(:meth:`~receivables.latecharges.LateChargePolicy.eu_statutory`): *statutory interest* is simple
interest at the reference rate plus at least eight percentage points
(art. 2(6)); the reference rate is the ECB's rate on its most recent main
refinancing operations (art. 2(7)), the one in force on 1 January for the
first semester of the year and on 1 July for the second (art. 3(2) between
undertakings, art. 4(2) with public authorities); and the creditor is owed a
fixed EUR 40 as compensation for recovery costs (art. 6(1)). The caller
supplies the reference rates, dated from the day each applies; the library
knows no rate of its own.

The package, one concept per module: :mod:`~receivables.latecharges.policy`
(the policy), :mod:`~receivables.latecharges.charges` (the assessment) and
:mod:`~receivables.latecharges.billing` (debit note and journal entry). Every
public name is importable from ``receivables.latecharges`` itself.

Simple interest over dated periods is a few lines of Decimal arithmetic; no
maintained library computes statutory late-payment interest with exact money,
so it is written here.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from receivables.ledger import ItemKind, OpenItem
>>> from receivables.money import money
>>> policy = LateChargePolicy(id="late", version="1", annual_rate=Decimal("0.085"))
>>> item = OpenItem(number="INV-7", customer_id="C1", kind=ItemKind.INVOICE,
...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
...     original=money("1000.00", "GBP"), open=money("1000.00", "GBP"))
>>> charge = assess([item], as_of=dt.date(2026, 3, 22), policy=policy).charges[0]
>>> charge.days_late, charge.interest
(50, Money('11.64', 'GBP'))
"""

from receivables.latecharges.billing import debit_note, journal_entry
from receivables.latecharges.charges import (
    InterestPeriod,
    LateCharge,
    LateChargeAssessment,
    assess,
)
from receivables.latecharges.policy import (
    EU_COMPENSATION_EUR,
    EU_STATUTORY_MARGIN,
    DayCount,
    LateChargePolicy,
    RateBasis,
    ReferenceRate,
)

__all__ = [
    "EU_COMPENSATION_EUR",
    "EU_STATUTORY_MARGIN",
    "DayCount",
    "InterestPeriod",
    "LateCharge",
    "LateChargeAssessment",
    "LateChargePolicy",
    "RateBasis",
    "ReferenceRate",
    "assess",
    "debit_note",
    "journal_entry",
]
