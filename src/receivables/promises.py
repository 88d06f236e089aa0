"""Did the customer pay what they promised, by when they promised, and who gets promises kept?

A :class:`~receivables.documents.PromiseToPay` says a customer will pay
``amount`` by ``promised_date``; a collector (``taken_by``) recorded it on
``taken_on``. As of a date, and under a small :class:`PromisePolicy`, each
promise is:

- ``kept`` once the payments counted toward it leave a shortfall within the
  tolerance (``max(tolerance in its currency, tolerance_percent × amount)``),
  even before the promised date; something must have been paid, so a promise
  smaller than the tolerance is not kept by paying nothing;
- ``pending`` while the deadline (``promised_date + grace_days``) has not passed;
- ``partly_kept`` after the deadline when something, but not enough, was paid;
- ``broken`` after the deadline when nothing was paid.

That rule is :func:`receivables.promise_status.status_of`, on the domain floor,
so that :mod:`receivables.dunning` reads promises the same way: hand it the
:class:`~receivables.promise_status.PromiseOutcome` s judged here as facts.

Which payments count: the customer's payments (by ``customer_id``) whose
effective date falls from the day the promise was taken to its deadline, and
on or before ``as_of``. When several promises of one customer overlap, they
take payments in the order they fall due (promised date, then the day taken,
then id), each from the earliest payments still available and never more than
its amount, so **no payment is counted toward two promises beyond its amount**.
A promise's ``items`` (the invoices it covers) are for the collector; payments
are attributed by customer and date, because a payment's remittance rarely
names the promise.

The *kept-promise rate* of a customer or a collector is
``kept / (kept + partly kept + broken)``: pending promises are not yet
judged, and a partly kept promise is not a kept one. Rates per partition
(say, per customer shard) merge by adding the counts, an associative merge.

>>> import datetime as dt
>>> from receivables.documents import Payment, PromiseToPay
>>> from receivables.money import money
>>> promise = PromiseToPay(id="PTP-1", customer_id="C1", amount=money("500.00", "USD"),
...     promised_date=dt.date(2026, 3, 15), taken_on=dt.date(2026, 3, 1), taken_by="ana")
>>> paid = [Payment(id="P1", customer_id="C1", amount=money("499.50", "USD"),
...                 received_date=dt.date(2026, 3, 16))]
>>> policy = PromisePolicy(grace_days=2, tolerances=(money("1.00", "USD"),))
>>> judge(promise, paid, dt.date(2026, 3, 20), policy).outcome
<PromiseStatus.KEPT: 'kept'>
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from receivables.decisions import Reason, check_policy_identity
from receivables.documents import Payment, PromiseToPay
from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    PolicyError,
    ValidationError,
)
from receivables.money import Money, from_minor, to_minor
from receivables.promise_status import PromiseOutcome, PromiseStatus, status_of
from receivables.validators import check_items

__all__ = [
    "DEFAULT_POLICY",
    "KeptRate",
    "PromiseOutcome",
    "PromisePolicy",
    "PromiseStatus",
    "judge",
    "judge_promises",
    "kept_rate_by_collector",
    "kept_rate_by_customer",
    "merge_rates",
]

_RATE_PLACES = Decimal("0.0001")


def _percent(value: object) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise PolicyError(
            "promise_policy.tolerance_percent", value, "an int, str or Decimal percent"
        )
    try:
        result = Decimal(value)
    except ArithmeticError:
        raise PolicyError(
            "promise_policy.tolerance_percent", value, "a percent such as '2.5'"
        ) from None
    return result


def _policy_id(policy: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_policy_identity(value, "1")


def _policy_version(policy: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_policy_identity("policy", value)


def _grace_days(policy: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PolicyError("promise_policy.grace_days", value, "a whole number of days, 0 or more")


def _tolerance_tuple(value: object) -> tuple[Any, ...]:
    return check_items("promise_policy.tolerances", value, error=PolicyError)


def _tolerances(
    policy: object, attribute: attrs.Attribute[tuple[Money, ...]], value: tuple[Money, ...]
) -> None:
    seen: set[str] = set()
    for index, amount in enumerate(value):
        field = f"promise_policy.tolerances[{index}]"
        if not isinstance(amount, Money) or amount.amount < 0:
            raise PolicyError(field, amount, "a Money of zero or more")
        if amount.code in seen:
            raise PolicyError(field, amount, "one tolerance per currency")
        seen.add(amount.code)


def _share(policy: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not value.is_finite() or not 0 <= value < 100:
        raise PolicyError("promise_policy.tolerance_percent", value, "a percent from 0 up to 100")


@attrs.frozen(kw_only=True)
class PromisePolicy:
    """How much grace and how large a shortfall still keep a promise.

    ``tolerances`` holds at most one amount per currency (a currency not
    listed has no amount tolerance); ``tolerance_percent`` is a percent of the
    promised amount. The larger of the two applies.

    >>> PromisePolicy(grace_days=-1)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: promise_policy.grace_days: got -1; expected a whole number of days, 0 or more
    """

    id: str = attrs.field(default="promises", validator=_policy_id)
    version: str = attrs.field(default="1", validator=_policy_version)
    grace_days: int = attrs.field(default=0, validator=_grace_days)
    tolerances: tuple[Money, ...] = attrs.field(
        default=(),
        converter=_tolerance_tuple,
        validator=_tolerances,
    )
    tolerance_percent: Decimal = attrs.field(
        default=Decimal(0), converter=_percent, validator=_share
    )

    def tolerance_for(self, amount: Money) -> Money:
        """The largest shortfall on a promise of ``amount`` still counted as kept.

        >>> from receivables.money import money
        >>> policy = PromisePolicy(tolerances=[money("5.00", "USD")], tolerance_percent=1)
        >>> policy.tolerance_for(money("200.00", "USD")), policy.tolerance_for(money("900.00", "USD"))
        (Money('5.00', 'USD'), Money('9.00', 'USD'))
        >>> policy.tolerance_for(money("900.00", "EUR"))
        Money('9.00', 'EUR')
        """
        fixed = next((to_minor(t) for t in self.tolerances if t.code == amount.code), 0)
        share = int(
            (to_minor(amount) * self.tolerance_percent / 100).to_integral_value(ROUND_HALF_UP)
        )
        return from_minor(max(fixed, share), amount.code)


DEFAULT_POLICY = PromisePolicy()
"""The policy a judge uses when none is given (no grace days, no tolerance)."""


def _check_date(field: str, value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(field, value, "a datetime.date (not a datetime)")


def _take(
    promise: PromiseToPay,
    available: list[list[Any]],
    last_day: dt.date,
    wanted: int,
    tolerance: int,
) -> tuple[int, dt.date | None, list[tuple[str, Money]]]:
    """Take from ``available`` ([payment, units left]) what counts toward ``promise``.

    Returns the units paid, the day the shortfall came within ``tolerance``
    (None if it never did) and the ``(payment id, amount)`` taken.
    """
    currency = promise.amount.code
    paid = 0
    kept_on: dt.date | None = None
    applied: list[tuple[str, Money]] = []
    for entry in available:
        payment: Payment = entry[0]
        day = payment.effective_date
        if day > last_day or paid >= wanted:
            break
        if day < promise.taken_on or entry[1] == 0:
            continue
        take = min(entry[1], wanted - paid)
        entry[1] -= take
        paid += take
        applied.append((payment.id, from_minor(take, currency)))
        if kept_on is None and wanted - paid <= tolerance:  # paid > 0 here: take > 0
            kept_on = day
    return paid, kept_on, applied


def _verdict(
    status: PromiseStatus, shortfall: int, kept_on: dt.date | None, data: dict[str, str]
) -> Reason:
    """The reason for ``status``, with the amounts in ``data``."""
    paid, promised, deadline = data["paid"], data["promised"], data["deadline"]
    if status is PromiseStatus.KEPT:
        code = "paid_within_tolerance" if shortfall else "paid_in_full"
        return Reason(code, f"Paid {paid} of {promised} by {kept_on}.", data)
    if status is PromiseStatus.PENDING:
        message = f"Paid {paid} of {promised}; the deadline is {deadline}."
        return Reason("deadline_not_passed", message, data)
    if status is PromiseStatus.PARTLY_KEPT:
        message = f"Paid {paid} of {promised} by the deadline {deadline}."
        return Reason("paid_short_by_deadline", message, data)
    message = f"Nothing paid toward {promised} by the deadline {deadline}."
    return Reason("nothing_paid_by_deadline", message, data)


def _judge_one(
    promise: PromiseToPay,
    available: list[list[Any]],
    as_of: dt.date,
    policy: PromisePolicy,
) -> PromiseOutcome:
    """``promise`` judged by the one rule, with what ``available`` counts toward it."""
    currency = promise.amount.code
    deadline = promise.promised_date + dt.timedelta(days=policy.grace_days)
    wanted = to_minor(promise.amount)
    tolerance = to_minor(policy.tolerance_for(promise.amount))
    paid, kept_on, applied = _take(promise, available, min(deadline, as_of), wanted, tolerance)
    shortfall = wanted - paid
    status = status_of(
        paid=paid, wanted=wanted, tolerance=tolerance, as_of=as_of, deadline=deadline
    )
    data = {
        "paid": str(from_minor(paid, currency).amount),
        "promised": str(promise.amount.amount),
        "deadline": deadline.isoformat(),
    }
    return PromiseOutcome(
        promise=promise,
        as_of=as_of,
        outcome=status,
        paid=from_minor(paid, currency),
        shortfall=from_minor(max(shortfall, 0), currency),
        deadline=deadline,
        kept_on=kept_on if status is PromiseStatus.KEPT else None,
        applied=tuple(applied),
        reasons=(_verdict(status, shortfall, kept_on, data),),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _chosen(
    promises: Iterable[PromiseToPay], as_of: dt.date
) -> tuple[list[PromiseToPay], dict[str, str]]:
    """The promises taken on or before ``as_of``, and each customer's one currency."""
    chosen: list[PromiseToPay] = []
    ids: set[str] = set()
    currencies: dict[str, str] = {}
    for index, promise in enumerate(check_items("promises", promises)):
        if not isinstance(promise, PromiseToPay):
            raise ValidationError(f"promises[{index}]", promise, "a PromiseToPay")
        if promise.id in ids:
            raise DuplicateDocumentError("promise", promise.id)
        ids.add(promise.id)
        known = currencies.setdefault(promise.customer_id, promise.amount.code)
        if known != promise.amount.code:
            raise CurrencyMismatchError(
                "judge promises of one customer in", known, promise.amount.code
            )
        if promise.taken_on <= as_of:
            chosen.append(promise)
    return chosen, currencies


def _payments_by_customer(
    payments: Iterable[Payment], currencies: dict[str, str], as_of: dt.date
) -> dict[str, list[list[Any]]]:
    """Each customer's payments up to ``as_of`` as ``[payment, units left]``, oldest first."""
    by_customer: dict[str, list[list[Any]]] = {}
    payment_ids: set[str] = set()
    for index, payment in enumerate(check_items("payments", payments)):
        if not isinstance(payment, Payment):
            raise ValidationError(f"payments[{index}]", payment, "a receivables.documents.Payment")
        if payment.customer_id is None:
            raise ValidationError(
                f"payments[{index}].customer_id", None, "the customer the payment came from"
            )
        if payment.id in payment_ids:
            raise DuplicateDocumentError("payment", payment.id)
        payment_ids.add(payment.id)
        expected = currencies.get(payment.customer_id)
        if expected is not None and expected != payment.currency:
            raise CurrencyMismatchError("count toward a promise in", expected, payment.currency)
        if payment.effective_date <= as_of:
            by_customer.setdefault(payment.customer_id, []).append(
                [payment, to_minor(payment.amount)]
            )
    for entries in by_customer.values():
        entries.sort(key=lambda entry: (entry[0].effective_date, entry[0].id))
    return by_customer


def judge_promises(
    promises: Iterable[PromiseToPay],
    payments: Iterable[Payment],
    as_of: dt.date,
    policy: PromisePolicy = DEFAULT_POLICY,
) -> tuple[PromiseOutcome, ...]:
    """Every promise taken on or before ``as_of``, judged, in the order given.

    ``as_of`` and ``policy`` may be given by keyword, the engines' one shape
    (``judge_promises(promises, payments, as_of=day, policy=p)``); left out,
    ``policy`` is :data:`DEFAULT_POLICY`, ``PromisePolicy()``: no grace days,
    no tolerance (an explicit None is an error, as before).

    Payments must name their ``customer_id``; a customer's payments must be in
    the currency of that customer's promises (convert first).

    >>> from receivables.documents import Payment, PromiseToPay
    >>> from receivables.money import money
    >>> def ptp(id, amount, day):
    ...     return PromiseToPay(id=id, customer_id="C1", amount=money(amount, "USD"),
    ...         promised_date=dt.date(2026, 3, day), taken_on=dt.date(2026, 3, 1), taken_by="ana")
    >>> promises = [ptp("A", "300.00", 10), ptp("B", "300.00", 20)]
    >>> paid = [Payment(id="P1", customer_id="C1", amount=money("400.00", "USD"),
    ...                 received_date=dt.date(2026, 3, 9))]
    >>> [(o.promise.id, o.outcome.value, str(o.paid.amount))
    ...  for o in judge_promises(promises, paid, dt.date(2026, 3, 25), PromisePolicy())]
    [('A', 'kept', '300.00'), ('B', 'partly_kept', '100.00')]
    """
    _check_date("as_of", as_of)
    if not isinstance(policy, PromisePolicy):
        raise ValidationError("policy", policy, "a PromisePolicy")
    chosen, currencies = _chosen(promises, as_of)
    by_customer = _payments_by_customer(payments, currencies, as_of)
    judged: dict[str, PromiseOutcome] = {}
    for promise in sorted(chosen, key=lambda p: (p.customer_id, p.promised_date, p.taken_on, p.id)):
        judged[promise.id] = _judge_one(
            promise, by_customer.get(promise.customer_id, []), as_of, policy
        )
    return tuple(judged[promise.id] for promise in chosen)


def judge(
    promise: PromiseToPay,
    payments: Iterable[Payment],
    as_of: dt.date,
    policy: PromisePolicy = DEFAULT_POLICY,
) -> PromiseOutcome:
    """One promise judged as of ``as_of`` against the customer's ``payments``.

    Payments of other customers are ignored; payments without a customer are
    an error (the caller identifies them first). ``as_of`` and ``policy`` may
    be given by keyword; left out, ``policy`` is :data:`DEFAULT_POLICY` (no
    grace, no tolerance).

    >>> from receivables.documents import PromiseToPay
    >>> from receivables.money import money
    >>> promise = PromiseToPay(id="PTP-2", customer_id="C1", amount=money("80.00", "USD"),
    ...     promised_date=dt.date(2026, 3, 15), taken_on=dt.date(2026, 3, 1), taken_by="ana")
    >>> judge(promise, [], dt.date(2026, 3, 15), PromisePolicy()).outcome
    <PromiseStatus.PENDING: 'pending'>
    >>> judge(promise, [], dt.date(2026, 3, 16), PromisePolicy()).outcome
    <PromiseStatus.BROKEN: 'broken'>
    >>> judge(promise, [], as_of=dt.date(2026, 3, 16), policy=PromisePolicy(grace_days=1)).outcome
    <PromiseStatus.PENDING: 'pending'>
    """
    if not isinstance(promise, PromiseToPay):
        raise ValidationError("promise", promise, "a PromiseToPay")
    _check_date("as_of", as_of)
    if as_of < promise.taken_on:
        raise ValidationError(
            "as_of", as_of, f"a date on or after the promise was taken, {promise.taken_on}"
        )
    return judge_promises([promise], payments, as_of, policy)[0]


@attrs.frozen(kw_only=True)
class KeptRate:
    """How many promises of one customer or collector were kept, partly kept, broken, pending.

    >>> rate = KeptRate(key="ana", kept=3, partly_kept=1, broken=0, pending=2)
    >>> rate.rate, rate.resolved
    (Decimal('0.7500'), 4)
    >>> (rate + KeptRate(key="ana", kept=0, partly_kept=0, broken=4, pending=0)).rate
    Decimal('0.3750')
    """

    key: str
    kept: int = 0
    partly_kept: int = 0
    broken: int = 0
    pending: int = 0

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key.strip():
            raise ValidationError("kept_rate.key", self.key, "a customer or collector id")
        for name in ("kept", "partly_kept", "broken", "pending"):
            count = getattr(self, name)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValidationError(f"kept_rate.{name}", count, "a count of 0 or more")

    @property
    def resolved(self) -> int:
        """Promises judged so far (kept, partly kept or broken).

        >>> KeptRate(key="C1", kept=2, partly_kept=1, broken=1, pending=5).resolved
        4
        """
        return self.kept + self.partly_kept + self.broken

    @property
    def rate(self) -> Decimal | None:
        """``kept / resolved`` to four places (half-up); None while nothing is resolved.

        >>> KeptRate(key="C1", pending=2).rate is None, KeptRate(key="C1", kept=2, broken=1).rate
        (True, Decimal('0.6667'))
        """
        if not self.resolved:
            return None
        return (Decimal(self.kept) / Decimal(self.resolved)).quantize(_RATE_PLACES, ROUND_HALF_UP)

    def __add__(self, other: object) -> KeptRate:
        if not isinstance(other, KeptRate):
            return NotImplemented
        if other.key != self.key:
            raise ValidationError("key", other.key, f"the same key {self.key!r} to merge rates")
        return KeptRate(
            key=self.key,
            kept=self.kept + other.kept,
            partly_kept=self.partly_kept + other.partly_kept,
            broken=self.broken + other.broken,
            pending=self.pending + other.pending,
        )


_FIELD = {
    PromiseStatus.KEPT: "kept",
    PromiseStatus.PARTLY_KEPT: "partly_kept",
    PromiseStatus.BROKEN: "broken",
    PromiseStatus.PENDING: "pending",
}


def _rates(outcomes: Iterable[PromiseOutcome], key_of: str) -> dict[str, KeptRate]:
    counts: dict[str, dict[str, int]] = {}
    for index, outcome in enumerate(check_items("outcomes", outcomes)):
        if not isinstance(outcome, PromiseOutcome):
            raise ValidationError(f"outcomes[{index}]", outcome, "a PromiseOutcome")
        key = getattr(outcome.promise, key_of)
        row = counts.setdefault(key, dict.fromkeys(_FIELD.values(), 0))
        row[_FIELD[outcome.outcome]] += 1
    return {key: KeptRate(key=key, **counts[key]) for key in sorted(counts)}


def kept_rate_by_customer(outcomes: Iterable[PromiseOutcome]) -> dict[str, KeptRate]:
    """The kept-promise rate of each customer, keyed and sorted by customer id.

    >>> kept_rate_by_customer([])
    {}
    """
    return _rates(outcomes, "customer_id")


def kept_rate_by_collector(outcomes: Iterable[PromiseOutcome]) -> dict[str, KeptRate]:
    """The kept-promise rate of each collector (``taken_by``), sorted by collector.

    >>> kept_rate_by_collector([])
    {}
    """
    return _rates(outcomes, "taken_by")


def merge_rates(*partitions: Mapping[str, KeptRate]) -> dict[str, KeptRate]:
    """Rates computed per partition, merged by adding their counts (associative, commutative).

    >>> a = {"ana": KeptRate(key="ana", kept=1)}
    >>> b = {"ana": KeptRate(key="ana", broken=1), "bo": KeptRate(key="bo", kept=2)}
    >>> {k: v.rate for k, v in merge_rates(a, b).items()}
    {'ana': Decimal('0.5000'), 'bo': Decimal('1.0000')}
    """
    merged: dict[str, KeptRate] = {}
    for index, partition in enumerate(partitions):
        if not isinstance(partition, Mapping):
            raise ValidationError(f"partitions[{index}]", partition, "a mapping of key to KeptRate")
        for key, rate in partition.items():
            if not isinstance(rate, KeptRate) or rate.key != key:
                raise ValidationError(
                    f"partitions[{index}][{key!r}]", rate, f"a KeptRate whose key is {key!r}"
                )
            merged[key] = merged[key] + rate if key in merged else rate
    return {key: merged[key] for key in sorted(merged)}
