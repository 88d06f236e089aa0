"""How much credit does this customer use?

**Exposure** is what the customer could owe us tomorrow::

    exposure = open receivables (net of credits) + unbilled orders + remaining plan balances

where the plan balance is what a payment plan still holds that is *not*
already among the open items (the caller, who knows how its plans book, says
which). It is the check ERPs make when confirming a sale: Tryton's
``sale_credit_limit`` adds confirmed but not yet invoiced sales to the party's
credit amount; the Odoo module ``partner_credit_limit`` (ADHOC) sums what the
partner has to pay, approved but uninvoiced orders, draft invoices and the
order being approved, and compares the total with the limit.

>>> from receivables.money import money
>>> from receivables.documents import Customer
>>> customer = Customer(id="C1", name="Acme", credit_limit=money("10000.00", "USD"))
>>> exposure(customer, [], as_of=dt.date(2026, 3, 1)).total
Money('0.00', 'USD')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from receivables.documents import (
    Customer,
)
from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.ledger import OpenItem
from receivables.money import Money, RateTable, total, zero
from receivables.policies.credit.facts import CreditFacts
from receivables.validators import check_date

__all__ = [
    "Exposure",
    "exposure",
]


@attrs.frozen(kw_only=True)
class Exposure:
    """What the customer owes and has committed to, in the limit's currency.

    >>> from receivables.money import money
    >>> Exposure(open_receivables=money("100", "USD"), unbilled_orders=money("20", "USD"),
    ...          plan_balances=money("5", "USD")).total
    Money('125.00', 'USD')
    """

    open_receivables: Money
    unbilled_orders: Money
    plan_balances: Money

    @property
    def total(self) -> Money:
        """Open receivables plus unbilled orders plus remaining plan balances.

        >>> from receivables.money import money
        >>> Exposure(open_receivables=money("100", "EUR"), unbilled_orders=money("0", "EUR"),
        ...          plan_balances=money("0", "EUR")).total
        Money('100.00', 'EUR')
        """
        return self.open_receivables + self.unbilled_orders + self.plan_balances


def _convert(
    amount: Money, currency: str, rates: RateTable | None, on: dt.date, what: str
) -> Money:
    if amount.code == currency:
        return amount
    if rates is None:
        raise CurrencyMismatchError(what, currency, amount.code)
    return rates.convert(amount, currency, on).quantized()


def _limit_currency(customer: Customer) -> str:
    return customer.credit_limit.code if customer.credit_limit is not None else customer.currency


def _check_customer(customer: object, facts: CreditFacts | None) -> CreditFacts:
    if not isinstance(customer, Customer):
        raise ValidationError("customer", customer, "a receivables.documents.Customer")
    if facts is None:
        return CreditFacts(customer_id=customer.id)
    if not isinstance(facts, CreditFacts):
        raise ValidationError("facts", facts, "a CreditFacts")
    if facts.customer_id != customer.id:
        raise ValidationError("facts.customer_id", facts.customer_id, f"{customer.id!r}")
    return facts


def exposure(
    customer: Customer,
    items: Iterable[OpenItem],
    as_of: dt.date,
    facts: CreditFacts | None = None,
    *,
    rates: RateTable | None = None,
) -> Exposure:
    """The customer's exposure on ``as_of`` in its limit's currency.

    >>> from receivables.money import money
    >>> customer = Customer(id="C1", name="Acme", credit_limit=money("10000.00", "USD"))
    >>> facts = CreditFacts(customer_id="C1", unbilled_orders=money("1500.00", "USD"),
    ...                     plan_balance=money("900.00", "USD"))
    >>> exposure(customer, [], dt.date(2026, 3, 1), facts).total
    Money('2400.00', 'USD')
    """
    facts = _check_customer(customer, facts)
    check_date("as_of", as_of)
    currency = _limit_currency(customer)
    open_amounts = []
    for index, item in enumerate(items):
        if not isinstance(item, OpenItem):
            raise ValidationError(f"items[{index}]", item, "a receivables.ledger.OpenItem")
        if item.customer_id != customer.id:
            raise ValidationError(f"items[{index}].customer_id", item.customer_id, customer.id)
        open_amounts.append(_convert(item.open, currency, rates, as_of, "add to exposure"))
    nothing = zero(currency)
    unbilled = facts.unbilled_orders or nothing
    plans = facts.plan_balance or nothing
    return Exposure(
        open_receivables=total(open_amounts, currency),
        unbilled_orders=_convert(unbilled, currency, rates, as_of, "add to exposure"),
        plan_balances=_convert(plans, currency, rates, as_of, "add to exposure"),
    )


def _effective_limit(
    customer: Customer, facts: CreditFacts, as_of: dt.date, rates: RateTable | None
) -> tuple[Money | None, Money]:
    if customer.credit_limit is None:
        return None, zero(customer.currency)
    currency = customer.credit_limit.code
    extra = total(
        (
            _convert(increase.amount, currency, rates, as_of, "add to the limit")
            for increase in facts.temporary_increases
            if increase.active(as_of)
        ),
        currency,
    )
    return customer.credit_limit + extra, extra
