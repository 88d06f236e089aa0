"""Which of a customer's debts are uncollectible, and how much of them is written off?

Every open item of a customer whose status is one of ``write_off_statuses``
(``customer_status``); any item whose legal claim has expired under the
customer's country's limitation period (``statute_of_limitations``); any item
at least ``bad_debt_min_age_days`` past due (``age_beyond_threshold``). The
customer's credits are offset first and an expected recovery (a trustee's
dividend, collateral) is kept, so the write-off may be partial; it is spread
over the items in proportion to their open amounts (largest remainder,
:func:`receivables.money.allocate`). Each finding is a small function
returning its :class:`~receivables.decisions.Reason` or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from receivables.decisions import (
    Reason,
)
from receivables.documents import (
    Customer,
)
from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.journal import (
    AccountMap,
    JournalEntry,
    bad_debt_write_off,
    direct_write_off,
)
from receivables.ledger import OpenItem
from receivables.money import Money, RateTable, allocate, total, zero
from receivables.policies.approvals import (
    Approval,
)
from receivables.policies.writeoffs.policy import (
    LimitationPeriod,
    WriteOffMethod,
    WriteOffOutcome,
    WriteOffPolicy,
)
from receivables.validators import check_date

__all__ = [
    "BadDebtDecision",
    "ItemWriteOff",
    "bad_debt",
]


@attrs.frozen(kw_only=True)
class ItemWriteOff:
    """How much of one item is written off, and the rule that selected it.

    >>> from receivables.money import money
    >>> ItemWriteOff(number="INV-1", open=money("50", "USD"), write_off=money("40", "USD"),
    ...              rule="customer_status").write_off
    Money('40.00', 'USD')
    """

    number: str
    open: Money
    write_off: Money
    rule: str


@attrs.frozen(kw_only=True)
class BadDebtDecision:
    """A customer's bad-debt recommendation: what is written off, from which items, who approves.

    ``selected`` is what the rules picked; ``offset`` the customer's credits
    used against it first; ``kept`` the expected recovery left open;
    ``write_off = selected - offset - kept``, spread over ``items``.

    >>> decision = bad_debt(Customer(id="C1", name="Acme"), [], dt.date(2026, 3, 1))
    >>> decision.outcome.value, decision.write_off
    ('keep', Money('0.00', 'USD'))
    """

    outcome: WriteOffOutcome
    customer_id: str
    as_of: dt.date
    selected: Money
    offset: Money
    kept: Money
    write_off: Money
    items: tuple[ItemWriteOff, ...]
    approval: Approval | None
    method: WriteOffMethod
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    def journal_entry(
        self,
        accounts: AccountMap,
        *,
        allowance_available: Money | None = None,
        date: dt.date | None = None,
    ) -> JournalEntry:
        """The write-off entry (against the allowance or direct, as the policy's method).

        >>> from receivables.money import money
        >>> from receivables.ledger import ItemKind
        >>> item = OpenItem(number="INV-7", customer_id="C1", kind=ItemKind.INVOICE,
        ...     document_date=dt.date(2025, 1, 2), due_date=dt.date(2025, 2, 1),
        ...     original=money("900.00", "USD"), open=money("900.00", "USD"))
        >>> decision = bad_debt(Customer(id="C1", name="Acme", status="bankrupt"), [item],
        ...                     dt.date(2026, 1, 15))
        >>> accounts = AccountMap({"allowance": "1290", "receivables": "1200",
        ...                        "bad_debt_expense": "6100"})
        >>> entry = decision.journal_entry(accounts, allowance_available=money("600.00", "USD"))
        >>> [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in entry.lines]
        [('1290', '600.00', '0.00'), ('6100', '300.00', '0.00'), ('1200', '0.00', '900.00')]
        """
        if self.write_off.amount == 0:
            raise ValidationError(
                "bad_debt_decision.write_off", self.write_off, "a positive write-off to post"
            )
        common: dict[str, Any] = {
            "amount": self.write_off,
            "reasons": self.reasons,
            "source": f"{self.policy_id}@{self.policy_version}",
            "customer_id": self.customer_id,
            "memo": f"Bad debt of {self.customer_id} written off",
        }
        if self.method is WriteOffMethod.DIRECT:
            return direct_write_off(date or self.as_of, accounts, **common)
        return bad_debt_write_off(
            date or self.as_of, accounts, allowance_available=allowance_available, **common
        )


def _customer_items(customer: Customer, items: Iterable[OpenItem]) -> tuple[list[OpenItem], str]:
    checked: list[OpenItem] = []
    for index, item in enumerate(items):
        if not isinstance(item, OpenItem):
            raise ValidationError(f"items[{index}]", item, "a receivables.ledger.OpenItem")
        if item.customer_id != customer.id:
            raise ValidationError(
                f"items[{index}].customer_id", item.customer_id, f"{customer.id!r}, the customer's"
            )
        checked.append(item)
    currency = checked[0].currency if checked else customer.currency
    for item in checked:
        if item.currency != currency:
            raise CurrencyMismatchError("write off together", currency, item.currency)
    checked.sort(key=lambda item: (item.due_date, item.number))
    return checked, currency


def bad_debt(
    customer: Customer,
    items: Iterable[OpenItem],
    as_of: dt.date,
    policy: WriteOffPolicy | None = None,
    *,
    expected_recovery: Money | None = None,
    rates: RateTable | None = None,
) -> BadDebtDecision:
    """Recommend a write-off of ``customer``'s open ``items`` (one currency) on ``as_of``.

    ``expected_recovery`` is what the caller still expects to collect (a
    trustee's dividend, collateral); it stays open, so the write-off is
    partial. ``rates`` converts the write-off for the approval ladder when it
    is in another currency.

    >>> from receivables.money import money
    >>> from receivables.documents import Customer
    >>> from receivables.ledger import ItemKind
    >>> old = OpenItem(number="INV-1", customer_id="C9", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2014, 1, 1), due_date=dt.date(2014, 1, 31),
    ...     original=money("5000000", "COP"), open=money("5000000", "COP"))
    >>> from decimal import Decimal
    >>> from receivables.money import Rate, RateTable
    >>> rates = RateTable([Rate("USD", "COP", Decimal("4000"), dt.date(2024, 1, 1))])
    >>> decision = bad_debt(Customer(id="C9", name="Tienda", country="CO", currency="COP"),
    ...                     [old], dt.date(2024, 2, 1), WriteOffPolicy(bad_debt_min_age_days=9999),
    ...                     rates=rates)
    >>> decision.reasons[0].code, decision.approval.authority.value
    ('statute_of_limitations', 'manager')
    """
    policy = policy or WriteOffPolicy()
    check_date("as_of", as_of)
    if not isinstance(customer, Customer):
        raise ValidationError("customer", customer, "a receivables.documents.Customer")
    checked, currency = _customer_items(customer, items)
    hope = _expected_recovery(expected_recovery, currency)
    period = policy.limitation(customer.country)
    picked = _picked(checked, customer, as_of, policy, period)
    credits = total((-item.open for item in checked if item.open.amount < 0), currency)
    selected = total((item.open for item, _ in picked), currency)
    offset = min(credits, selected)
    kept, keeping = _kept(hope, selected - offset, policy)
    reasons = _rule_reasons(picked, customer, as_of, policy, period)
    findings = (
        _not_due_for_write_off(picked, customer, as_of, policy),
        _no_limitation_period(period, customer),
        _credits_offset_first(offset),
        keeping,
    )
    reasons.extend(reason for reason in findings if reason is not None)
    write_off = selected - offset - kept
    item_write_offs: tuple[ItemWriteOff, ...] = ()
    approval: Approval | None = None
    outcome = WriteOffOutcome.KEEP
    if write_off.amount > 0:
        item_write_offs = _item_write_offs(write_off, picked)
        approval = policy.approvals.required(write_off, rates=rates, on=as_of)
        reasons.extend(approval.reasons)
        full = write_off == selected
        outcome = WriteOffOutcome.WRITE_OFF if full else WriteOffOutcome.PARTIAL_WRITE_OFF
    return BadDebtDecision(
        outcome=outcome,
        customer_id=customer.id,
        as_of=as_of,
        selected=selected,
        offset=offset,
        kept=kept,
        write_off=write_off,
        items=item_write_offs,
        approval=approval,
        method=policy.method,
        reasons=tuple(reasons),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _rule_reasons(
    picked: Sequence[tuple[OpenItem, str]],
    customer: Customer,
    as_of: dt.date,
    policy: WriteOffPolicy,
    period: LimitationPeriod | None,
) -> list[Reason]:
    """One reason per write-off rule that picked items, in the rules' order."""
    return [
        _rule_reason(
            rule, [item for item, fired in picked if fired == rule], customer, as_of, policy, period
        )
        for rule in ("customer_status", "statute_of_limitations", "age_beyond_threshold")
        if any(fired == rule for _, fired in picked)
    ]


def _item_write_offs(
    write_off: Money, picked: Sequence[tuple[OpenItem, str]]
) -> tuple[ItemWriteOff, ...]:
    """The write-off spread over the picked items in proportion to what is open (largest remainder)."""
    parts = allocate(write_off, [item.open for item, _ in picked])
    return tuple(
        ItemWriteOff(number=item.number, open=item.open, write_off=part, rule=rule)
        for (item, rule), part in zip(picked, parts, strict=True)
    )


def _expected_recovery(expected_recovery: Money | None, currency: str) -> Money:
    """What the caller still expects to collect (zero when not said), in the items' currency."""
    if expected_recovery is None:
        return zero(currency)
    if not isinstance(expected_recovery, Money) or expected_recovery.amount < 0:
        raise ValidationError("expected_recovery", expected_recovery, "a Money of zero or more")
    if expected_recovery.code != currency:
        raise CurrencyMismatchError("keep a recovery of", currency, expected_recovery.code)
    return expected_recovery


def _picked(
    checked: Sequence[OpenItem],
    customer: Customer,
    as_of: dt.date,
    policy: WriteOffPolicy,
    period: LimitationPeriod | None,
) -> list[tuple[OpenItem, str]]:
    """Each open debit that meets a write-off rule, with the first rule it meets.

    The rules, in order: the customer's status (every item), the statute of
    limitations of the customer's country, the age threshold.
    """
    picked: list[tuple[OpenItem, str]] = []
    for item in checked:
        if item.open.amount <= 0:
            continue
        rule = None
        if customer.status in policy.write_off_statuses:
            rule = "customer_status"
        elif period is not None and as_of >= period.expires_on(item.due_date):
            rule = "statute_of_limitations"
        elif item.days_overdue(as_of) >= policy.bad_debt_min_age_days:
            rule = "age_beyond_threshold"
        if rule is not None:
            picked.append((item, rule))
    return picked


def _kept(hope: Money, after_offset: Money, policy: WriteOffPolicy) -> tuple[Money, Reason | None]:
    """What stays open for an expected recovery (everything when partial write-offs are barred)."""
    kept = min(hope, after_offset)
    if kept.amount <= 0:
        return kept, None
    data = {"expected_recovery": str(kept.amount), "currency": kept.code}
    if not policy.allow_partial:
        return after_offset, Reason(
            "partial_write_off_not_allowed",
            f"A recovery of {kept.amount} {kept.code} is expected and the policy writes off "
            "only in full: the balance is kept until the recovery is known.",
            data,
        )
    return kept, Reason(
        "expected_recovery_kept",
        f"{kept.amount} {kept.code} expected to be recovered stays open.",
        data,
    )


def _not_due_for_write_off(
    picked: Sequence[tuple[OpenItem, str]],
    customer: Customer,
    as_of: dt.date,
    policy: WriteOffPolicy,
) -> Reason | None:
    if picked:
        return None
    return Reason(
        "not_due_for_write_off",
        f"No open item of {customer.id} meets a write-off rule on {as_of.isoformat()}.",
        {"status": customer.status.value, "min_age_days": policy.bad_debt_min_age_days},
    )


def _no_limitation_period(period: LimitationPeriod | None, customer: Customer) -> Reason | None:
    if period is not None:
        return None
    return Reason(
        "no_limitation_period",
        f"The policy has no limitation period for {customer.country}; that rule was skipped.",
        {"country": customer.country},
    )


def _credits_offset_first(offset: Money) -> Reason | None:
    if offset.amount <= 0:
        return None
    return Reason(
        "credits_offset_first",
        f"{offset.amount} {offset.code} of the customer's credits is offset before writing off.",
        {"offset": str(offset.amount), "currency": offset.code},
    )


def _rule_reason(
    rule: str,
    items: Sequence[OpenItem],
    customer: Customer,
    as_of: dt.date,
    policy: WriteOffPolicy,
    period: LimitationPeriod | None,
) -> Reason:
    numbers = [item.number for item in items]
    amount = total((item.open for item in items), items[0].currency)
    data: dict[str, Any] = {"items": numbers, "amount": str(amount.amount), "currency": amount.code}
    listed = ", ".join(numbers)
    if rule == "customer_status":
        data["status"] = customer.status.value
        message = f"{customer.id} is {customer.status.value}: every open item qualifies ({listed})."
    elif rule == "statute_of_limitations":
        assert period is not None
        data.update(country=period.country, years=period.years, source=period.source)
        message = (
            f"The claim on {listed} is barred after {period.years} year(s) in {period.country} "
            f"({period.source})."
        )
    else:
        data["min_age_days"] = policy.bad_debt_min_age_days
        message = f"{listed}: at least {policy.bad_debt_min_age_days} days past due on {as_of.isoformat()}."
    return Reason(rule, message, data)
