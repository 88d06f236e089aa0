"""Where does a promise to pay stand on a date: pending, kept, partly kept or broken?

The one definition the engines share. A promise is

- ``kept`` once what was paid toward it leaves a shortfall within the
  tolerance, even before its deadline (something must have been paid);
- ``pending`` while its deadline (the promised date plus any grace days) has
  not passed;
- ``partly_kept`` after the deadline when something, but not enough, was paid;
- ``broken`` after the deadline when nothing was paid.

:func:`status_of` is that rule. :mod:`receivables.promises` judges promises
against payments with it and returns a :class:`PromiseOutcome` per promise;
:mod:`receivables.dunning` takes those outcomes as facts (and, for a promise
given without payments, applies the same rule with nothing known paid). The
status ``none`` is for the dunning decision of a customer without a promise
that concerns dunning; :func:`status_of` never returns it.

>>> import datetime as dt
>>> status_of(paid=0, wanted=50000, tolerance=0, as_of=dt.date(2026, 3, 17),
...           deadline=dt.date(2026, 3, 17))
<PromiseStatus.PENDING: 'pending'>
>>> status_of(paid=0, wanted=50000, tolerance=0, as_of=dt.date(2026, 3, 18),
...           deadline=dt.date(2026, 3, 17))
<PromiseStatus.BROKEN: 'broken'>
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from receivables.decisions import Reason
from receivables.documents import PromiseToPay
from receivables.money import Money
from receivables.validators import check_date, check_whole

__all__ = ["PromiseOutcome", "PromiseStatus", "status_of"]


class PromiseStatus(enum.StrEnum):
    """Where a promise to pay stands as of a date; ``none`` when there is no promise to judge.

    >>> [member.value for member in PromiseStatus]
    ['none', 'pending', 'kept', 'partly_kept', 'broken']
    """

    NONE = "none"
    PENDING = "pending"
    KEPT = "kept"
    PARTLY_KEPT = "partly_kept"
    BROKEN = "broken"


def status_of(
    *, paid: int, wanted: int, tolerance: int, as_of: dt.date, deadline: dt.date
) -> PromiseStatus:
    """The status of a promise of ``wanted`` minor units with ``paid`` counted toward it.

    Kept when something was paid and the shortfall is within ``tolerance``;
    otherwise pending through ``deadline``, then partly kept or broken.

    >>> day = dt.date(2026, 3, 15)
    >>> status_of(paid=49950, wanted=50000, tolerance=100, as_of=day, deadline=day)
    <PromiseStatus.KEPT: 'kept'>
    >>> status_of(paid=100, wanted=50000, tolerance=0, as_of=day + dt.timedelta(days=1),
    ...           deadline=day)
    <PromiseStatus.PARTLY_KEPT: 'partly_kept'>
    """
    for field, units in (("paid", paid), ("wanted", wanted), ("tolerance", tolerance)):
        check_whole(field, units, expected="a whole number of minor units, 0 or more")
    check_date("as_of", as_of)
    check_date("deadline", deadline)
    if paid and wanted - paid <= tolerance:
        return PromiseStatus.KEPT
    if as_of <= deadline:
        return PromiseStatus.PENDING
    return PromiseStatus.PARTLY_KEPT if paid else PromiseStatus.BROKEN


@attrs.frozen(kw_only=True)
class PromiseOutcome:
    """A promise judged as of ``as_of``: what was counted toward it, and its status.

    ``applied`` lists ``(payment id, amount)`` counted toward the promise;
    ``kept_on`` is the day the promise became kept (None unless kept);
    ``deadline`` is the promised date plus the policy's grace days.
    :func:`receivables.promises.judge_promises` builds them.

    >>> from receivables.documents import Payment, PromiseToPay
    >>> from receivables.money import money
    >>> from receivables.promises import PromisePolicy, judge_promises
    >>> promise = PromiseToPay(id="A", customer_id="C1", amount=money("300.00", "USD"),
    ...     promised_date=dt.date(2026, 3, 10), taken_on=dt.date(2026, 3, 1), taken_by="ana")
    >>> paid = [Payment(id="P1", customer_id="C1", amount=money("300.00", "USD"),
    ...                 received_date=dt.date(2026, 3, 9))]
    >>> judged = judge_promises([promise], paid, dt.date(2026, 3, 25), PromisePolicy())[0]
    >>> judged.outcome, judged.applied, judged.kept_on
    (<PromiseStatus.KEPT: 'kept'>, (('P1', Money('300.00', 'USD')),), datetime.date(2026, 3, 9))
    """

    promise: PromiseToPay
    as_of: dt.date
    outcome: PromiseStatus
    paid: Money
    shortfall: Money
    deadline: dt.date
    kept_on: dt.date | None
    applied: tuple[tuple[str, Money], ...]
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str
