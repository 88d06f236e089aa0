"""What is the next dunning step for every customer today, and how do partial runs combine?

:func:`~receivables.dunning.run` reads one :class:`~receivables.dunning.DunningAccount`
per customer and returns a :class:`DunningRun`: for every customer the next
step, or why there is none, as a :class:`~receivables.dunning.DunningDecision` whose ``reasons``
carry stable codes; :mod:`receivables.dunning.steps` decides each account.

A run is deterministic (decisions sorted by customer id) and partitionable:
split the accounts by customer, run the parts anywhere, and
:meth:`~receivables.dunning.DunningRun.merge` them; merging is associative and
``run(A + B) == run(A).merge(run(B))``.

>>> empty = DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1")
>>> empty.counts()
{'act': 0, 'wait': 0, 'paused': 0, 'none': 0}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from receivables.dunning.accounts import DunningAccount
from receivables.dunning.steps import Clock, DunningDecision, Outcome, _Context, decide
from receivables.dunning.strategy import CollectionStrategy
from receivables.errors import DuplicateDocumentError, ValidationError
from receivables.progress import Progress, reporter
from receivables.validators import check_items, date, identifier

__all__ = ["DunningRun", "run"]


def _at(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise ValidationError("dunning_run.at", value, "the clock as ISO text, or None")


def _decisions(value: object) -> tuple[DunningDecision, ...]:
    decisions = check_items("dunning_run.decisions", value, expected="a list of DunningDecision")
    for index, decision in enumerate(decisions):
        if not isinstance(decision, DunningDecision):
            raise ValidationError(f"dunning_run.decisions[{index}]", decision, "a DunningDecision")
    return decisions


@attrs.frozen(kw_only=True)
class DunningRun:
    """The decisions of one run, sorted by customer id, and what the run was given.

    ``at`` records the clock the contact hours were read at, in ISO form: a
    time of day (each customer's local time) such as ``'10:30:00'``, an aware
    instant such as ``'2026-03-02T01:30:00+00:00'``, or None when only dates
    were checked.

    >>> import datetime as dt
    >>> a = DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1")
    >>> a.merge(a) == a
    True
    """

    as_of: dt.date = attrs.field(validator=date("dunning_run"))
    strategy_id: str = attrs.field(validator=identifier("dunning_run"))
    strategy_version: str = attrs.field(validator=identifier("dunning_run"))
    at: str | None = attrs.field(default=None, validator=_at)
    decisions: tuple[DunningDecision, ...] = attrs.field(default=(), converter=_decisions)

    def merge(self, *others: DunningRun) -> DunningRun:
        """The run over every part's customers; associative, and equal to one run over all.

        Runs must share ``as_of``, ``at`` and the strategy; a customer in two
        parts raises :class:`~receivables.errors.DuplicateDocumentError`.
        ``a.merge(b, c)`` is ``a.merge(b).merge(c)``.

        >>> left = DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1")
        >>> left.merge(left, left) == left
        True
        >>> left.merge(DunningRun(as_of=dt.date(2026, 3, 3), strategy_id="s", strategy_version="1"))
        Traceback (most recent call last):
        ...
        receivables.errors.ValidationError: dunning_run.as_of: got datetime.date(2026, 3, 3); expected the same as_of as the run it merges with (datetime.date(2026, 3, 2))
        """
        merged = self
        for index, other in enumerate(others):
            if not isinstance(other, DunningRun):
                raise ValidationError(f"others[{index}]", other, "a DunningRun")
            merged = merged._merge_one(other)
        return merged

    def _merge_one(self, other: DunningRun) -> DunningRun:
        for field in ("as_of", "at", "strategy_id", "strategy_version"):
            if getattr(self, field) != getattr(other, field):
                raise ValidationError(
                    f"dunning_run.{field}",
                    getattr(other, field),
                    f"the same {field} as the run it merges with ({getattr(self, field)!r})",
                )
        left, right = self.decisions, other.decisions
        merged: list[DunningDecision] = []
        i = j = 0
        while i < len(left) and j < len(right):
            if left[i].customer_id < right[j].customer_id:
                merged.append(left[i])
                i += 1
            elif right[j].customer_id < left[i].customer_id:
                merged.append(right[j])
                j += 1
            else:
                raise DuplicateDocumentError("dunning decision for customer", left[i].customer_id)
        merged.extend(left[i:])
        merged.extend(right[j:])
        return attrs.evolve(self, decisions=tuple(merged))

    def decision(self, customer_id: str) -> DunningDecision:
        """The decision for ``customer_id``.

        >>> DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1").decision("C9")
        Traceback (most recent call last):
        ...
        receivables.errors.ValidationError: customer_id: got 'C9'; expected a customer in this run
        """
        for decision in self.decisions:
            if decision.customer_id == customer_id:
                return decision
        raise ValidationError("customer_id", customer_id, "a customer in this run")

    def counts(self) -> dict[str, int]:
        """How many decisions had each outcome, in the outcome enum's order.

        >>> DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1").counts()
        {'act': 0, 'wait': 0, 'paused': 0, 'none': 0}
        """
        counts = {outcome.value: 0 for outcome in Outcome}
        for decision in self.decisions:
            counts[decision.outcome.value] += 1
        return counts


def _strategy(policy: object, strategy: object) -> CollectionStrategy:
    """The run's strategy, given as ``policy`` or by its older name ``strategy``."""
    if policy is not None and strategy is not None and policy != strategy:
        raise ValidationError(
            "strategy", strategy, "None, or the same CollectionStrategy as policy (give one)"
        )
    if policy is None and strategy is not None:
        field, chosen = "strategy", strategy
    else:
        field, chosen = "policy", policy
    if not isinstance(chosen, CollectionStrategy):
        raise ValidationError(field, chosen, "a CollectionStrategy")
    return chosen


def _resolve_clock(as_of: dt.date | dt.datetime, at: dt.time | None) -> tuple[dt.date, Clock]:
    if isinstance(as_of, dt.datetime):
        if as_of.tzinfo is None or as_of.utcoffset() is None:
            raise ValidationError("as_of", as_of, "a date, or an aware datetime (with tzinfo)")
        if at is not None:
            raise ValidationError("at", at, "None when as_of is a datetime")
        return as_of.date(), as_of
    if not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date or an aware datetime")
    if at is not None and (not isinstance(at, dt.time) or at.tzinfo is not None):
        raise ValidationError("at", at, "a naive datetime.time: the customers' local time of day")
    return as_of, at


def run(
    accounts: Iterable[DunningAccount],
    *,
    as_of: dt.date | dt.datetime,
    policy: CollectionStrategy | None = None,
    progress: Progress | None = None,
    strategy: CollectionStrategy | None = None,
    at: dt.time | None = None,
) -> DunningRun:
    """Decide the next dunning step for every account; deterministic, sorted by customer id.

    ``as_of`` is the run's date. ``policy`` is the
    :class:`~receivables.dunning.CollectionStrategy` (the engines' one
    shape: ``verb(inputs, *, as_of, policy=None, progress=None)``); ``strategy``
    is its older name and still works. There is no default strategy: a ladder
    of levels is the host's policy, so one of the two is required. Give ``at``
    (a naive time of day, read as each customer's local time) or make ``as_of``
    an aware datetime (converted to each customer's time zone) to check contact
    hours; with a plain date only days and holidays are checked. ``progress``
    is called with the number of accounts done (a callable, or a tqdm-like
    object with ``update``). The run leaves the process alone: it never pauses
    Python's garbage collector.

    >>> from receivables.dunning import Level, Track
    >>> s = CollectionStrategy(id="s", version="1", tracks=[Track(name="all",
    ...     levels=[Level(action="call", days_overdue=1, template="t")])])
    >>> run([], as_of=dt.date(2026, 3, 2), policy=s) == run([], as_of=dt.date(2026, 3, 2), strategy=s)
    True
    >>> run([], as_of=dt.datetime(2026, 3, 2, 9), strategy=s)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: as_of: got datetime.datetime(2026, 3, 2, 9, 0); expected a date, or an aware datetime (with tzinfo)
    """
    strategy = _strategy(policy, strategy)
    given: object = accounts
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise ValidationError("accounts", given, "an iterable of DunningAccount values")
    tick = reporter(progress)
    day, clock = _resolve_clock(as_of, at)
    ctx = _Context(day, clock, strategy)
    decided: dict[str, DunningDecision] = {}
    pending = 0
    for account in accounts:
        if not isinstance(account, DunningAccount):
            raise ValidationError("accounts", account, "DunningAccount values")
        customer_id = account.customer.id
        if customer_id in decided:
            raise DuplicateDocumentError("dunning account for customer", customer_id)
        decided[customer_id] = decide(account, ctx)
        pending += 1
        if pending == 1000:
            tick(pending)
            pending = 0
    tick(pending)
    return DunningRun(
        as_of=day,
        strategy_id=strategy.id,
        strategy_version=strategy.version,
        at=None if clock is None else clock.isoformat(),
        decisions=tuple(decided[key] for key in sorted(decided)),
    )
