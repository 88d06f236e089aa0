"""What does cash received on a written-off amount reinstate?

Cash received on an amount written off reinstates it, up to what is still
written off, and is collected (``recovery_of_write_off``, or
``partial_recovery``); what comes beyond is ordinary cash for cash
application (``recovery_exceeds_write_off``).
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from receivables.decisions import (
    Reason,
)
from receivables.documents import (
    Adjustment,
    AdjustmentKind,
)
from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.journal import (
    AccountMap,
    JournalEntry,
    recovery,
)
from receivables.money import Money, money, zero
from receivables.policies.writeoffs.policy import WriteOffMethod, WriteOffPolicy
from receivables.validators import check_date

__all__ = [
    "RecoveryDecision",
    "RecoveryOutcome",
    "recover",
]


class RecoveryOutcome(enum.StrEnum):
    """Whether cash received reinstates an amount written off.

    >>> RecoveryOutcome("recover")
    <RecoveryOutcome.RECOVER: 'recover'>
    """

    RECOVER = "recover"
    NOTHING_TO_RECOVER = "nothing_to_recover"


@attrs.frozen(kw_only=True)
class RecoveryDecision:
    """Cash received on a written-off amount: how much is reinstated and collected.

    ``excess`` is cash beyond what is still written off; it is ordinary cash,
    applied (or held as a credit) through cash application, not a recovery.

    >>> w = Adjustment(id="WO-1", customer_id="C1", kind="write_off",
    ...                amount=money("80.00", "USD"), date=dt.date(2026, 3, 1))
    >>> d = recover(w, money("100.00", "USD"), dt.date(2026, 4, 1))
    >>> d.reinstated, d.excess
    (Money('80.00', 'USD'), Money('20.00', 'USD'))
    """

    outcome: RecoveryOutcome
    customer_id: str
    write_off_id: str
    as_of: dt.date
    written_off: Money
    previously_recovered: Money
    received: Money
    reinstated: Money
    excess: Money
    remaining: Money
    method: WriteOffMethod
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    def journal_entry(self, accounts: AccountMap, date: dt.date | None = None) -> JournalEntry:
        """Reinstate and collect: credit the allowance, or ``recoveries`` under the direct method.

        >>> w = Adjustment(id="WO-1", customer_id="C1", kind="write_off",
        ...                amount=money("500", "JPY"), date=dt.date(2026, 3, 1))
        >>> accounts = AccountMap({"allowance": "1290", "receivables": "1200", "cash": "1100"})
        >>> recover(w, money("200", "JPY"), dt.date(2026, 4, 1)).journal_entry(
        ...     accounts).totals_units()
        {'JPY': (400, 400)}
        """
        if self.reinstated.amount == 0:
            raise ValidationError(
                "recovery_decision.reinstated", self.reinstated, "a positive amount to post"
            )
        return recovery(
            date or self.as_of,
            accounts,
            amount=self.reinstated,
            reinstate_to="allowance" if self.method is WriteOffMethod.ALLOWANCE else "recoveries",
            memo=f"Recovery of write-off {self.write_off_id}",
            reasons=self.reasons,
            source=f"{self.policy_id}@{self.policy_version}",
            customer_id=self.customer_id,
            document=self.write_off_id,
        )


def recover(
    write_off: Adjustment,
    received: Money,
    as_of: dt.date,
    policy: WriteOffPolicy | None = None,
    *,
    previously_recovered: Money | None = None,
) -> RecoveryDecision:
    """Cash ``received`` on the amount written off by ``write_off`` (an adjustment of that kind).

    >>> from receivables.documents import Adjustment
    >>> w = Adjustment(id="WO-1", customer_id="C1", kind="write_off",
    ...                amount=money("500.00", "USD"), date=dt.date(2026, 3, 1))
    >>> d = recover(w, money("200.00", "USD"), dt.date(2026, 7, 1))
    >>> d.reinstated, d.remaining, d.reasons[0].code
    (Money('200.00', 'USD'), Money('300.00', 'USD'), 'partial_recovery')
    """
    policy = policy or WriteOffPolicy()
    before = _check_recovery(write_off, received, as_of, previously_recovered)
    currency = write_off.amount.code
    outstanding = write_off.amount - before
    reinstated = min(received, outstanding)
    excess = received - reinstated
    remaining = outstanding - reinstated
    data = {
        "write_off": write_off.id,
        "written_off": str(write_off.amount.amount),
        "previously_recovered": str(before.amount),
        "received": str(received.amount),
        "reinstated": str(reinstated.amount),
        "currency": currency,
    }
    outcome = (
        RecoveryOutcome.NOTHING_TO_RECOVER if outstanding.amount == 0 else RecoveryOutcome.RECOVER
    )
    reasons = [_recovery_reason(write_off, reinstated, remaining, data)]
    if excess.amount > 0:
        reasons.append(
            Reason(
                "recovery_exceeds_write_off",
                f"{excess.amount} {currency} received beyond the amount written off is ordinary "
                "cash for cash application.",
                data,
            )
        )
    return RecoveryDecision(
        outcome=outcome,
        customer_id=write_off.customer_id,
        write_off_id=write_off.id,
        as_of=as_of,
        written_off=write_off.amount,
        previously_recovered=before,
        received=received,
        reinstated=reinstated,
        excess=excess,
        remaining=remaining,
        method=policy.method,
        reasons=tuple(reasons),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _check_recovery(
    write_off: Adjustment,
    received: Money,
    as_of: dt.date,
    previously_recovered: Money | None,
) -> Money:
    """Validate a recovery's inputs; what was recovered before (zero when not said)."""
    check_date("as_of", as_of)
    if not isinstance(write_off, Adjustment) or write_off.kind is not AdjustmentKind.WRITE_OFF:
        raise ValidationError("write_off", write_off, "an Adjustment of kind 'write_off'")
    currency = write_off.amount.code
    if not isinstance(received, Money) or received.amount <= 0:
        raise ValidationError("received", received, "a positive Money")
    if received.code != currency:
        raise CurrencyMismatchError("recover", currency, received.code)
    money(received.amount, currency, field="received")
    before = previously_recovered if previously_recovered is not None else zero(currency)
    if not isinstance(before, Money) or before.amount < 0 or before.code != currency:
        raise ValidationError(
            "previously_recovered", previously_recovered, f"a Money of zero or more in {currency}"
        )
    if before > write_off.amount:
        raise ValidationError(
            "previously_recovered",
            before,
            f"at most the amount written off, {write_off.amount.amount} {currency}",
        )
    if as_of < write_off.date:
        raise ValidationError("as_of", as_of, f"on or after the write-off, {write_off.date}")
    return before


def _recovery_reason(
    write_off: Adjustment, reinstated: Money, remaining: Money, data: dict[str, str]
) -> Reason:
    if reinstated.amount == 0 and remaining.amount == 0:
        return Reason(
            "already_recovered", f"{write_off.id} has been recovered in full already.", data
        )
    code = "recovery_of_write_off" if remaining.amount == 0 else "partial_recovery"
    return Reason(
        code,
        f"{reinstated.amount} {reinstated.code} of {write_off.id} is reinstated and collected; "
        f"{remaining.amount} {remaining.code} stays written off.",
        data,
    )
