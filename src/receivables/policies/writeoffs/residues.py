"""Which small residues are written off without approval?

A residue whose size is at most the policy's limit for its currency and
whose age (days since its due date; for a credit, since it arose) is at
least ``small_balance_min_age_days`` is written off (``small_balance_write_off``).
Credit residues (overpayments) are kept unless ``write_off_small_credits``:
many jurisdictions treat unclaimed customer credits as unclaimed property.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from receivables.decisions import (
    Reason,
)
from receivables.errors import ValidationError
from receivables.journal import (
    AccountMap,
    JournalEntry,
    small_balance_write_off,
)
from receivables.ledger import OpenItem
from receivables.money import Money
from receivables.policies.writeoffs.policy import WriteOffOutcome, WriteOffPolicy
from receivables.validators import check_date, check_items

__all__ = [
    "SmallBalanceDecision",
    "small_balances",
]


@attrs.frozen(kw_only=True)
class SmallBalanceDecision:
    """Whether one open item's residue is written off automatically.

    >>> from receivables.money import money
    >>> from receivables.ledger import ItemKind
    >>> item = OpenItem(number="INV-3", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("100.00", "USD"), open=money("7.00", "USD"))
    >>> (decision,) = small_balances([item], dt.date(2026, 6, 1))
    >>> decision.outcome.value, decision.reasons[0].code
    ('keep', 'above_small_balance_limit')
    """

    outcome: WriteOffOutcome
    number: str
    customer_id: str
    residue: Money
    as_of: dt.date
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    def journal_entry(self, accounts: AccountMap, date: dt.date | None = None) -> JournalEntry:
        """The entry clearing the residue, dated ``as_of`` unless ``date`` is given.

        >>> from receivables.money import money
        >>> from receivables.ledger import ItemKind
        >>> residue = OpenItem(number="INV-3", customer_id="C1", kind=ItemKind.INVOICE,
        ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
        ...     original=money("100", "BHD"), open=money("0.125", "BHD"))
        >>> policy = WriteOffPolicy(small_balance_limits={"BHD": money("1.000", "BHD")})
        >>> (decision,) = small_balances([residue], dt.date(2026, 6, 1), policy)
        >>> accounts = AccountMap({"receivables": "1200", "small_balance_write_off": "6190"})
        >>> decision.journal_entry(accounts).totals_units()
        {'BHD': (125, 125)}
        """
        if self.outcome is WriteOffOutcome.KEEP:
            raise ValidationError(
                "small_balance_decision.outcome", self.outcome.value, "'write_off'"
            )
        return small_balance_write_off(
            date or self.as_of,
            accounts,
            residue=self.residue,
            memo=f"Small balance on {self.number} written off",
            reasons=self.reasons,
            source=f"{self.policy_id}@{self.policy_version}",
            customer_id=self.customer_id,
            document=self.number,
        )


def _small(item: OpenItem, as_of: dt.date, policy: WriteOffPolicy) -> SmallBalanceDecision:
    residue = item.open
    age = item.days_overdue(as_of)
    limit = policy.small_balance_limits.get(residue.code)
    data: dict[str, Any] = {
        "number": item.number,
        "residue": str(residue.amount),
        "currency": residue.code,
        "age_days": age,
        "min_age_days": policy.small_balance_min_age_days,
        "limit": None if limit is None else str(limit.amount),
    }
    outcome = WriteOffOutcome.KEEP
    if residue.amount == 0:
        reason = Reason("nothing_open", f"{item.number} has nothing open.", data)
    elif limit is None:
        reason = Reason(
            "no_small_balance_limit",
            f"The policy sets no small-balance limit in {residue.code}.",
            data,
        )
    elif abs(residue.amount) > limit.amount:
        reason = Reason(
            "above_small_balance_limit",
            f"{item.number}: {residue.amount} {residue.code} is above the limit {limit.amount}.",
            data,
        )
    elif age < policy.small_balance_min_age_days:
        reason = Reason(
            "small_balance_too_recent",
            f"{item.number}: {age} day(s) old, under {policy.small_balance_min_age_days}.",
            data,
        )
    elif residue.amount < 0 and not policy.write_off_small_credits:
        reason = Reason(
            "small_credit_kept",
            f"{item.number}: a credit of {-residue.amount} {residue.code} is kept for the customer.",
            data,
        )
    else:
        outcome = WriteOffOutcome.WRITE_OFF
        reason = Reason(
            "small_balance_write_off",
            f"{item.number}: {residue.amount} {residue.code}, at most {limit.amount} and "
            f"{age} day(s) old, is written off without approval.",
            data,
        )
    return SmallBalanceDecision(
        outcome=outcome,
        number=item.number,
        customer_id=item.customer_id,
        residue=residue,
        as_of=as_of,
        reasons=(reason,),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def small_balances(
    items: Iterable[OpenItem], as_of: dt.date, policy: WriteOffPolicy | None = None
) -> tuple[SmallBalanceDecision, ...]:
    """One decision per open item, ordered by customer then item number.

    >>> from receivables.money import money
    >>> from receivables.ledger import ItemKind
    >>> residue = OpenItem(number="INV-3", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("100.00", "USD"), open=money("0.40", "USD"))
    >>> [(d.outcome.value, d.reasons[0].code) for d in small_balances([residue], dt.date(2026, 6, 1))]
    [('write_off', 'small_balance_write_off')]
    """
    policy = WriteOffPolicy() if policy is None else policy
    if not isinstance(policy, WriteOffPolicy):
        raise ValidationError("policy", policy, "a WriteOffPolicy or None")
    check_date("as_of", as_of)
    checked = []
    for index, item in enumerate(check_items("items", items, expected="a list of OpenItem")):
        if not isinstance(item, OpenItem):
            raise ValidationError(f"items[{index}]", item, "a receivables.ledger.OpenItem")
        checked.append(item)
    checked.sort(key=lambda item: (item.customer_id, item.number))
    return tuple(_small(item, as_of, policy) for item in checked)
