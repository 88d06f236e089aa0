"""Which accounts should collectors work first, and why in that order?

:func:`~receivables.dunning.worklist` ranks the accounts a :class:`~receivables.dunning.DunningRun`
left in collections by amount at risk, age, promise status and customer value,
with every score component in the entry's reasons (see :class:`WorklistPolicy`
for the formula).

>>> import datetime as dt
>>> empty = DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1")
>>> worklist(empty)
()
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from receivables.decisions import Reason, check_policy_identity, check_whole_number
from receivables.dunning.levels import Action, _decimal, _enum_converter
from receivables.dunning.runs import DunningRun
from receivables.dunning.steps import DunningDecision, Outcome
from receivables.errors import PolicyError, ValidationError
from receivables.money import Money, RateTable, currency_digits
from receivables.promise_status import PromiseStatus

__all__ = ["WorklistEntry", "WorklistPolicy", "worklist"]

_amount_weight = _decimal("worklist_policy.amount_weight")
_age_weight = _decimal("worklist_policy.age_weight")
_broken_points = _decimal("worklist_policy.broken_promise_points")
_pending_points = _decimal("worklist_policy.pending_promise_points")
_value_weight = _decimal("worklist_policy.value_weight")


def _c_worklist_policy_amount_weight(value: object) -> Decimal:
    return _amount_weight(value)


def _c_worklist_policy_age_weight(value: object) -> Decimal:
    return _age_weight(value)


def _c_worklist_policy_broken_promise_points(value: object) -> Decimal:
    return _broken_points(value)


def _c_worklist_policy_pending_promise_points(value: object) -> Decimal:
    return _pending_points(value)


def _c_worklist_policy_value_weight(value: object) -> Decimal:
    return _value_weight(value)


def _outcomes(value: object) -> tuple[Outcome, ...]:
    convert = _enum_converter(Outcome, "worklist_policy.outcomes")
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise PolicyError("worklist_policy.outcomes", value, "a list of outcomes")
    outcomes = tuple(convert(item) for item in value)
    if not outcomes:
        raise PolicyError("worklist_policy.outcomes", outcomes, "at least one outcome")
    return outcomes


def _optional_currency(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    try:
        currency_digits(str(value))
    except ValidationError:
        raise PolicyError(
            "worklist_policy.currency", value, "an ISO 4217 code such as 'USD', or None"
        ) from None


@attrs.frozen(kw_only=True)
class WorklistPolicy:
    """How the worklist scores an account; every component is reported.

    ``score = amount_weight·log10(1 + amount) + age_weight·min(days, age_cap_days)/age_unit_days
    + promise points + value_weight·log10(1 + customer_value)``, amounts in
    major units of ``currency`` (needed, with a rate table, when the run mixes
    currencies). A broken or partly kept promise adds ``broken_promise_points``;
    a pending one adds ``pending_promise_points`` (negative by default: wait for
    it); a kept one adds nothing.
    Each log10 is rounded to 4 decimals and each component to 0.0001.

    >>> WorklistPolicy(age_unit_days=0)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: worklist_policy.age_unit_days: got 0; expected a whole number of 1 or more
    """

    id: str = "worklist"
    version: str = "1"
    amount_weight: Decimal = attrs.field(
        default=Decimal(1), converter=_c_worklist_policy_amount_weight
    )
    age_weight: Decimal = attrs.field(default=Decimal(1), converter=_c_worklist_policy_age_weight)
    age_unit_days: int = attrs.field(
        default=30,
        validator=check_whole_number("worklist_policy", 1, "a whole number of 1 or more"),
    )
    age_cap_days: int = attrs.field(
        default=360,
        validator=check_whole_number("worklist_policy", 1, "a whole number of 1 or more"),
    )
    broken_promise_points: Decimal = attrs.field(
        default=Decimal(2), converter=_c_worklist_policy_broken_promise_points
    )
    pending_promise_points: Decimal = attrs.field(
        default=Decimal(-1), converter=_c_worklist_policy_pending_promise_points
    )
    value_weight: Decimal = attrs.field(
        default=Decimal("0.5"), converter=_c_worklist_policy_value_weight
    )
    outcomes: tuple[Outcome, ...] = attrs.field(
        default=(Outcome.ACT, Outcome.WAIT), converter=_outcomes
    )
    currency: str | None = attrs.field(default=None, validator=_optional_currency)

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)


@attrs.frozen(kw_only=True)
class WorklistEntry:
    """One account on a collector's list: its rank, score, and the score's components.

    >>> import datetime as dt
    >>> from receivables.documents import Customer
    >>> from receivables.dunning import CollectionStrategy, DunningAccount, Level, Track, run
    >>> from receivables.ledger import ItemKind, OpenItem
    >>> from receivables.money import money
    >>> s = CollectionStrategy(id="s", version="1", tracks=[Track(name="all",
    ...     levels=[Level(action="call", days_overdue=1, template="t")])])
    >>> item = OpenItem(number="INV-1", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("500.00", "USD"), open=money("500.00", "USD"))
    >>> result = run([DunningAccount(customer=Customer(id="C1", name="Acme"), items=[item])],
    ...              as_of=dt.date(2026, 2, 3), strategy=s)
    >>> entry = worklist(result)[0]
    >>> entry.rank, entry.score, [reason.code for reason in entry.reasons]
    (1, Decimal('2.7998'), ['score_amount', 'score_age', 'score_promise', 'score_value'])
    """

    rank: int
    customer_id: str
    score: Decimal
    amount: Money
    days_overdue: int
    outcome: Outcome
    action: Action | None
    promise: PromiseStatus
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str


_PLACES = Decimal("0.0001")


def _log_points(weight: Decimal, amount: Decimal) -> Decimal:
    # A score is not money: log10 in binary floating point, rounded to 4 decimals before
    # it meets the Decimal weight, is exact enough and 80 times faster than Decimal.log10.
    return (weight * Decimal(f"{math.log10(1 + float(amount)):.4f}")).quantize(_PLACES)


def worklist(
    result: DunningRun,
    *,
    policy: WorklistPolicy | None = None,
    rates: RateTable | None = None,
) -> tuple[WorklistEntry, ...]:
    """Rank the run's accounts for collectors: highest score first, ties by amount,
    days and customer id, so the order is stable.

    >>> import datetime as dt
    >>> empty = DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1")
    >>> worklist(empty)
    ()
    """
    if not isinstance(result, DunningRun):
        raise ValidationError("result", result, "a DunningRun")
    if policy is not None and not isinstance(policy, WorklistPolicy):
        raise ValidationError("policy", policy, "a WorklistPolicy or None")
    if rates is not None and not isinstance(rates, RateTable):
        raise ValidationError("rates", rates, "a RateTable or None")
    return _worklist(result, policy or WorklistPolicy(), rates)


def _worklist(
    result: DunningRun, policy: WorklistPolicy, rates: RateTable | None
) -> tuple[WorklistEntry, ...]:
    chosen = [d for d in result.decisions if d.outcome in policy.outcomes]
    currencies = sorted({d.currency for d in chosen})
    target = policy.currency
    if target is None and len(currencies) > 1:
        raise ValidationError(
            "worklist_policy.currency",
            None,
            f"a reporting currency (and rates) to rank {', '.join(currencies)} together",
        )
    scorer = _Scorer(policy)
    amounts: list[Money] = []
    points: list[tuple[Decimal, ...]] = []
    # sort keys hold only numbers and strings, which the garbage collector stops tracking
    keys: list[tuple[Decimal, Decimal, int, str, int]] = []
    for index, d in enumerate(chosen):
        amount: Money = d.overdue
        if target is not None and amount.code != target:
            if rates is None:
                raise ValidationError(
                    "rates", None, f"a RateTable converting {amount.code} to {target}"
                )
            amount = rates.convert(amount, target, result.as_of)
        found = scorer.points(d, amount)
        score = sum(found, Decimal(0))
        amounts.append(amount)
        points.append(found)
        keys.append((-score, -amount.amount, -d.days_overdue, d.customer_id, index))
    keys.sort()
    return tuple(
        scorer.entry(rank, -key[0], chosen[key[4]], amounts[key[4]], points[key[4]])
        for rank, key in enumerate(keys, start=1)
    )


class _Scorer:
    """The score's components for one worklist, and their reasons.

    The age, promise and customer-value reasons depend on one value each, so
    each distinct one is built once and shared by the entries that have it.
    """

    def __init__(self, policy: WorklistPolicy) -> None:
        self.policy = policy
        nothing = Decimal(0).quantize(_PLACES)
        broken = policy.broken_promise_points.quantize(_PLACES)
        self.promise_points = {
            PromiseStatus.NONE: nothing,
            PromiseStatus.PENDING: policy.pending_promise_points.quantize(_PLACES),
            PromiseStatus.KEPT: nothing,
            PromiseStatus.PARTLY_KEPT: broken,  # a partly kept promise is not a kept one
            PromiseStatus.BROKEN: broken,
        }
        self.ages: dict[int, tuple[Decimal, Reason]] = {}
        self.promises: dict[PromiseStatus, Reason] = {}
        self.values: dict[str, tuple[Decimal, Reason]] = {}

    def points(self, d: DunningDecision, amount: Money) -> tuple[Decimal, ...]:
        """The four components: amount, age, promise, customer value."""
        return (
            _log_points(self.policy.amount_weight, amount.amount),
            self._age(d.days_overdue)[0],
            self.promise_points[d.promise],
            self._value(d.customer_value)[0],
        )

    def _age(self, days: int) -> tuple[Decimal, Reason]:
        found = self.ages.get(days)
        if found is None:
            policy = self.policy
            age_days = min(days, policy.age_cap_days)
            points = (policy.age_weight * age_days / policy.age_unit_days).quantize(_PLACES)
            found = self.ages[days] = (
                points,
                Reason(
                    "score_age",
                    f"{days} days overdue: {points} points.",
                    {"days_overdue": days, "points": str(points)},
                ),
            )
        return found

    def _promise(self, status: PromiseStatus) -> Reason:
        found = self.promises.get(status)
        if found is None:
            points = self.promise_points[status]
            found = self.promises[status] = Reason(
                "score_promise",
                f"Promise {status.value}: {points} points.",
                {"promise": status.value, "points": str(points)},
            )
        return found

    def _value(self, value: Decimal) -> tuple[Decimal, Reason]:
        key = str(value)
        found = self.values.get(key)
        if found is None:
            points = _log_points(self.policy.value_weight, value)
            found = self.values[key] = (
                points,
                Reason(
                    "score_value",
                    f"Customer value {value}: {points} points.",
                    {"customer_value": key, "points": str(points)},
                ),
            )
        return found

    def entry(
        self,
        rank: int,
        score: Decimal,
        d: DunningDecision,
        amount: Money,
        points: tuple[Decimal, ...],
    ) -> WorklistEntry:
        """The ranked entry, with one reason per score component."""
        amount_points = points[0]
        reasons = (
            Reason(
                "score_amount",
                f"{amount.amount} {amount.code} at risk: {amount_points} points.",
                {
                    "amount": str(amount.amount),
                    "currency": amount.code,
                    "points": str(amount_points),
                },
            ),
            self._age(d.days_overdue)[1],
            self._promise(d.promise),
            self._value(d.customer_value)[1],
        )
        policy = self.policy
        return WorklistEntry(
            rank=rank,
            customer_id=d.customer_id,
            score=score,
            amount=d.overdue,
            days_overdue=d.days_overdue,
            outcome=d.outcome,
            action=d.action,
            promise=d.promise,
            reasons=reasons,
            policy_id=policy.id,
            policy_version=policy.version,
        )
