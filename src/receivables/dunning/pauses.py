"""Should dunning hold off this customer, or some of their items, and why?

A customer who is not ``active`` or ``blocked`` (bankrupt, deceased, ...) is
not dunned (``customer_status``). A payment plan that is ``current`` pauses the
account (``payment_plan_current``); one in arrears or broken is noted and
dunning goes on. A promise to pay not yet due pauses the items it names, or the
account when it names none (``promise_pending``); whether it is due is the one
rule of :mod:`receivables.promise_status`, and a promise judged by
:mod:`receivables.promises` (with its grace days) is taken as a fact. An open
:class:`~receivables.documents.Dispute` takes its item out of the run
(``items_disputed``); when every overdue item is disputed or promised, the
account is paused (``all_overdue_paused``).

Each rule is a small function returning its :class:`~receivables.decisions.Reason`
or nothing; ``hold`` gathers them in the order above. Reasons that carry
no per-account numbers are built once and shared (they are frozen), so a run
over many accounts allocates less.

>>> from receivables.documents import Customer
>>> customer_stopped(Customer(id="C1", name="N", status="bankrupt")).code
'customer_status'
>>> customer_stopped(Customer(id="C1", name="N")) is None
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from receivables.decisions import Reason
from receivables.documents import Customer, CustomerStatus, PlanStatus, PromiseToPay
from receivables.errors import ValidationError
from receivables.ledger import OpenItem
from receivables.money import to_minor
from receivables.promise_status import PromiseOutcome, PromiseStatus, status_of
from receivables.validators import check_date, check_items

__all__ = ["account_status", "customer_stopped", "hold", "promise_facts"]

STOPPED = frozenset(
    {
        CustomerStatus.BANKRUPT,
        CustomerStatus.DECEASED,
        CustomerStatus.DISSOLVED,
        CustomerStatus.DISPUTE_LOST,
        CustomerStatus.UNCOLLECTIBLE,
    }
)

_STOPPED_REASONS = {
    status: Reason(
        "customer_status",
        f"The customer is {status.value}; dunning stops.",
        {"status": status.value},
    )
    for status in STOPPED
}
_PLAN_CURRENT = Reason("payment_plan_current", "A payment plan is current; dunning is paused.")
_PLAN_TROUBLE = {
    plan: Reason(
        f"payment_plan_{plan.value}",
        f"The payment plan is {plan.value.replace('_', ' ')}; dunning goes on.",
    )
    for plan in (PlanStatus.IN_ARREARS, PlanStatus.BROKEN)
}
_ALL_PAUSED = Reason(
    "all_overdue_paused", "Every overdue item is disputed or promised; the account is paused."
)


_SHARED = frozenset(
    id(reason)
    for reason in (*_STOPPED_REASONS.values(), _PLAN_CURRENT, *_PLAN_TROUBLE.values(), _ALL_PAUSED)
)


def is_shared(reason: Reason) -> bool:
    """Whether ``reason`` is one of the reasons built once and shared by every account."""
    return id(reason) in _SHARED


def _typed(field: str, value: object, kind: type, what: str) -> tuple[Any, ...]:
    """``value``'s items, each a ``kind``, else a ValidationError naming the bad one."""
    found = check_items(field, value)
    for index, item in enumerate(found):
        if not isinstance(item, kind):
            raise ValidationError(f"{field}[{index}]", item, what)
    return found


def _pairs(field: str, value: object, size: int = 2) -> tuple[tuple[Any, ...], ...]:
    """``value``'s items, each a tuple of ``size``."""
    found = _typed(field, value, tuple, f"a tuple of {size}")
    for index, item in enumerate(found):
        if len(item) != size:
            raise ValidationError(f"{field}[{index}]", item, f"a tuple of {size}")
    return found


def _numbers(field: str, value: object) -> set[str]:
    """A collection of item numbers as a set, else a ValidationError naming ``field``."""
    return set(_typed(field, value, str, "an item number"))


def customer_stopped(customer: Customer) -> Reason | None:
    """The customer's status stops dunning (bankrupt, deceased, dissolved, ...).

    >>> from receivables.documents import Customer
    >>> customer_stopped(Customer(id="C1", name="N", status="deceased")).message
    'The customer is deceased; dunning stops.'
    """
    if not isinstance(customer, Customer):
        raise ValidationError("customer", customer, "a receivables.documents.Customer")
    return _STOPPED_REASONS.get(customer.status)


def plan_current(plan: PlanStatus | None) -> Reason | None:
    """A current payment plan pauses the account."""
    return _PLAN_CURRENT if plan is PlanStatus.CURRENT else None


def plan_in_trouble(plan: PlanStatus | None) -> Reason | None:
    """A plan in arrears or broken is noted; dunning goes on."""
    return None if plan is None else _PLAN_TROUBLE.get(plan)


def promise_pending(promise: PromiseToPay, deadline: dt.date) -> Reason:
    """A promise on the whole account, not yet due: the account waits for it.

    With grace days (a ``deadline`` after the promised date) the reason says so.
    """
    data = {"promise": promise.id, "promised_date": promise.promised_date.isoformat()}
    grace = ""
    if deadline != promise.promised_date:
        data["deadline"] = deadline.isoformat()
        grace = f" (with grace, to {deadline.isoformat()})"
    return Reason(
        "promise_pending",
        f"Promise {promise.id} to pay {promise.amount.amount} {promise.amount.code} by "
        f"{promise.promised_date.isoformat()}{grace} is not yet due.",
        data,
    )


def items_disputed(numbers: list[str]) -> Reason | None:
    """Items with an open dispute are left out of the run."""
    if not numbers:
        return None
    numbers.sort()
    return Reason(
        "items_disputed",
        f"Disputed item(s) {', '.join(numbers)} are left out.",
        {"items": numbers},
    )


def items_promised(numbers: list[str]) -> Reason | None:
    """Items named by a promise not yet due are left out of the run."""
    if not numbers:
        return None
    numbers.sort()
    return Reason(
        "promise_pending",
        f"Item(s) {', '.join(numbers)} are promised and not yet due.",
        {"items": numbers},
    )


def hold(
    customer: Customer,
    plan: PlanStatus | None,
    pending: Sequence[tuple[PromiseToPay, dt.date]],
    disputed: set[str],
    overdue: Sequence[OpenItem],
    reasons: list[Reason],
) -> tuple[list[OpenItem], bool]:
    """Apply the pause rules in order: the items still dunned, and whether the account pauses.

    ``pending`` are the promises not yet due on the run's date, each with its
    deadline, and ``disputed``
    the item numbers with an open dispute. Each rule that fires appends its
    reason to ``reasons``.
    """
    if plan is not None and not isinstance(plan, PlanStatus):
        raise ValidationError("plan", plan, "a PlanStatus or None")
    pending = _pairs("pending", pending)
    for index, (pledge, deadline) in enumerate(pending):
        if not isinstance(pledge, PromiseToPay):
            raise ValidationError(f"pending[{index}]", pledge, "a PromiseToPay")
        check_date(f"pending[{index}].deadline", deadline)
    disputed = _numbers("disputed", disputed)
    overdue = _typed("overdue", overdue, OpenItem, "a receivables.ledger.OpenItem")
    if not isinstance(reasons, list):
        raise ValidationError("reasons", reasons, "a list the reasons are appended to")
    paused = False
    for reason in (customer_stopped(customer), plan_current(plan)):
        if reason is not None:
            reasons.append(reason)
            paused = True
    note = plan_in_trouble(plan)
    if note is not None:
        reasons.append(note)
    promised: set[str] = set()
    for pledge, deadline in pending:
        if pledge.items:
            promised.update(pledge.items)
        else:
            reasons.append(promise_pending(pledge, deadline))
            paused = True
    dunned: list[OpenItem] = []
    left_disputed: list[str] = []
    left_promised: list[str] = []
    for item in overdue:
        if item.number in disputed:
            left_disputed.append(item.number)
        elif item.number in promised:
            left_promised.append(item.number)
        else:
            dunned.append(item)
    for reason in (items_disputed(left_disputed), items_promised(left_promised)):
        if reason is not None:
            reasons.append(reason)
    if not dunned:
        reasons.append(_ALL_PAUSED)
        paused = True
    return dunned, paused


def promise_facts(
    promises: Sequence[PromiseToPay],
    outcomes: Sequence[PromiseOutcome],
    as_of: dt.date,
    open_numbers: set[str],
    overdue: bool,
) -> list[tuple[PromiseToPay, PromiseStatus, dt.date]]:
    """Each promise that concerns the run, with its status and deadline, by the one rule.

    ``outcomes`` are facts: promises judged against payments by
    :func:`receivables.promises.judge_promises` on the run's date, with the
    policy's grace days. A promise given without an outcome is judged by the
    same rule, :func:`receivables.promise_status.status_of`, with nothing known
    paid and no grace: pending through its promised date, broken after it. Such
    a promise past its date that covers nothing still open (its items, or the
    account's overdue items when it names none) no longer concerns dunning and
    is left out. Promises taken after ``as_of`` are ignored.
    """
    promises = _typed("promises", promises, PromiseToPay, "a PromiseToPay")
    outcomes = _typed("outcomes", outcomes, PromiseOutcome, "a PromiseOutcome")
    check_date("as_of", as_of)
    open_numbers = _numbers("open_numbers", open_numbers)
    if not isinstance(overdue, bool):
        raise ValidationError("overdue", overdue, "a bool")
    facts: list[tuple[PromiseToPay, PromiseStatus, dt.date]] = []
    for promise in promises:
        if promise.taken_on > as_of:
            continue
        deadline = promise.promised_date
        status = status_of(
            paid=0, wanted=to_minor(promise.amount), tolerance=0, as_of=as_of, deadline=deadline
        )
        if status is PromiseStatus.BROKEN and not _covers_open(promise, open_numbers, overdue):
            continue
        facts.append((promise, status, deadline))
    for index, outcome in enumerate(outcomes):
        if outcome.as_of != as_of:
            raise ValidationError(
                f"dunning_account.promise_outcomes[{index}].as_of",
                outcome.as_of,
                f"the run's as_of {as_of.isoformat()}: judge the promises on the run's date",
            )
        facts.append((outcome.promise, outcome.outcome, outcome.deadline))
    return facts


def _covers_open(promise: PromiseToPay, open_numbers: set[str], overdue: bool) -> bool:
    if promise.items:
        return any(number in open_numbers for number in promise.items)
    return overdue


_PRECEDENCE = (
    PromiseStatus.PENDING,
    PromiseStatus.BROKEN,
    PromiseStatus.PARTLY_KEPT,
    PromiseStatus.KEPT,
)


def account_status(facts: Sequence[tuple[PromiseToPay, PromiseStatus, dt.date]]) -> PromiseStatus:
    """What the customer's promises say, for ranking: pending first, then broken, partly
    kept, kept; ``none`` without a promise that concerns the run.

    >>> account_status([])
    <PromiseStatus.NONE: 'none'>
    """
    found = set()
    for index, (_, status, _) in enumerate(_pairs("facts", facts, 3)):
        if not isinstance(status, PromiseStatus):
            raise ValidationError(f"facts[{index}]", status, "a PromiseStatus")
        found.add(status)
    for status in _PRECEDENCE:
        if status in found:
            return status
    return PromiseStatus.NONE
