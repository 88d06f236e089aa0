"""What does a maintenance contract charge each period, and what is left to settle when it ends?

A :class:`Contract` charges ``amount`` per period (monthly, quarterly,
yearly) on a billing grid that starts at ``anchor`` (the first of the start
month unless given). The periods come from :func:`dateutil.rrule.rrule`;
a period the contract covers only in part is *prorated*: the period's price
is split over the period's days by largest remainder
(:func:`receivables.money.allocate`), and the covered days take their share.
Because every part comes from one allocation of the whole, **the prorated
parts of a period always add up to its full charge**, to the minor unit.
A price change on a day inside a period splits the period the same way.

Days are counted as the :class:`ContractPolicy` says:

- ``actual``: calendar days (March has 31);
- ``30/360``: the 30E/360 convention (ISDA 2006 Definitions, Section
  4.16(g), "30E/360 (Eurobond Basis)"): every month has 30 days, a 31st
  counts as the 30th.

The 30E/360 count is written here rather than taken from
:mod:`receivables.daycount`, whose 30/360 is the US bond basis as a year
fraction: proration needs a count of days that adds up over any split of a
period, which 30E/360 (a difference of one serial per date) does and the US
rule (whose end-of-month adjustment depends on the start) does not.

Charges are billed in advance (on the period's first covered day) or in
arrears (the day after its last covered day). Closing a contract
(:func:`close`) works out what was due through the last day of service
against what was billed: a final charge or a credit, the later periods
cancelled, and the entry (``Dr receivables  Cr contract_revenue`` for a
charge; the reverse for a credit). :func:`cards_expiring` lists the
contracts whose stored card expires before their next charge, for the
card-update campaign.

>>> from receivables.money import money
>>> contract = Contract(id="K-1", customer_id="C1", amount=money("300.00", "USD"),
...                     start=dt.date(2026, 3, 10))
>>> [(c.period_start.isoformat(), str(c.amount.amount)) for c in
...  schedule(contract, through=dt.date(2026, 4, 30))]
[('2026-03-01', '212.90'), ('2026-04-01', '300.00')]
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, rrule

from receivables.decisions import Reason, check_flag, check_policy_identity
from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.journal import AccountMap, JournalEntry, entry
from receivables.money import Money, allocate, from_minor, to_minor

__all__ = [
    "CardAlert",
    "Charge",
    "Closure",
    "Contract",
    "ContractPolicy",
    "DayCount",
    "Frequency",
    "PriceChange",
    "cards_expiring",
    "close",
    "schedule",
]


def _items(field: str, value: object, error: type[ValidationError] = ValidationError) -> list[Any]:
    """``value`` as a list, or ``error`` when it is not a list-like of items."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise error(field, value, "a list (or other iterable) of items")
    return list(value)


_ONE_DAY = dt.timedelta(days=1)


class Frequency(enum.StrEnum):
    """How often a contract charges.

    >>> [member.value for member in Frequency]
    ['monthly', 'quarterly', 'yearly']
    """

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}


class DayCount(enum.StrEnum):
    """How days are counted when a period is prorated.

    >>> [member.value for member in DayCount]
    ['actual', '30/360']
    """

    ACTUAL = "actual"
    THIRTY_360 = "30/360"


def _member(kind: type[enum.StrEnum], field: str, value: object) -> Any:
    try:
        return kind(str(value))
    except ValueError:
        raise ValidationError(field, value, f"one of {[m.value for m in kind]}") from None


def _frequency(value: object) -> Frequency:
    result: Frequency = _member(Frequency, "contract.frequency", value)
    return result


def _day_count(value: object) -> DayCount:
    result: DayCount = _member(DayCount, "contract_policy.day_count", value)
    return result


def _date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.default is None:
        return
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(f"contract.{attribute.name}", value, "a datetime.date")


def _positive(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Money) or value.amount <= 0:
        raise ValidationError(f"contract.{attribute.name}", value, "a positive Money")


@attrs.frozen
class PriceChange:
    """From ``effective`` on, the contract charges ``amount`` per period.

    >>> from receivables.money import money
    >>> PriceChange(dt.date(2026, 6, 15), money("330.00", "USD")).amount
    Money('330.00', 'USD')
    """

    effective: dt.date = attrs.field(validator=_date)
    amount: Money = attrs.field(validator=_positive)


def _changes(value: Iterable[PriceChange]) -> tuple[PriceChange, ...]:
    return tuple(_items("contract.changes", value))


@attrs.frozen(kw_only=True)
class Contract:
    """A recurring charge: who, how much per period, how often, from when to when.

    ``card_expiry`` is the expiry printed on the stored card: the card is
    good through the end of that month.

    >>> from receivables.money import money
    >>> Contract(id="K-1", customer_id="C1", amount=money("300.00", "USD"),
    ...          start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 9))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: contract.end: got datetime.date(2026, 3, 9); expected None or a day on or after the start, 2026-03-10
    """

    id: str = attrs.field()
    customer_id: str = attrs.field()
    amount: Money = attrs.field(validator=_positive)
    start: dt.date = attrs.field(validator=_date)
    frequency: Frequency = attrs.field(default=Frequency.MONTHLY, converter=_frequency)
    end: dt.date | None = attrs.field(default=None, validator=_date)
    anchor: dt.date | None = attrs.field(default=None, validator=_date)
    changes: tuple[PriceChange, ...] = attrs.field(default=(), converter=_changes)
    card_expiry: dt.date | None = attrs.field(default=None, validator=_date)

    def __attrs_post_init__(self) -> None:
        for name in ("id", "customer_id"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValidationError(f"contract.{name}", value, "a non-empty str")
        if self.end is not None and self.end < self.start:
            raise ValidationError(
                "contract.end", self.end, f"None or a day on or after the start, {self.start}"
            )
        if self.anchor is not None and (self.anchor.day != 1 or self.anchor > self.start):
            raise ValidationError(
                "contract.anchor", self.anchor, "the first day of a month on or before the start"
            )
        previous = self.start
        for index, change in enumerate(self.changes):
            field = f"contract.changes[{index}]"
            if not isinstance(change, PriceChange):
                raise ValidationError(field, change, "a PriceChange")
            if change.effective <= previous:
                raise ValidationError(
                    field, change.effective, f"a date after {previous} (changes in order)"
                )
            if change.amount.code != self.amount.code:
                raise CurrencyMismatchError(
                    "change the price of", self.amount.code, change.amount.code
                )
            previous = change.effective

    @property
    def grid_start(self) -> dt.date:
        """The first day of the billing grid, ``anchor`` or else the first of the start month.

        >>> from receivables.money import money
        >>> Contract(id="K", customer_id="C", amount=money("1", "USD"),
        ...          start=dt.date(2026, 3, 10)).grid_start
        datetime.date(2026, 3, 1)
        """
        return self.anchor or self.start.replace(day=1)

    def price_on(self, day: dt.date) -> Money:
        """The price per period in force on ``day``.

        >>> from receivables.money import money
        >>> k = Contract(id="K", customer_id="C", amount=money("300", "USD"), start=dt.date(2026, 1, 1),
        ...              changes=[PriceChange(dt.date(2026, 6, 15), money("330", "USD"))])
        >>> k.price_on(dt.date(2026, 6, 14)), k.price_on(dt.date(2026, 6, 15))
        (Money('300.00', 'USD'), Money('330.00', 'USD'))
        """
        price = self.amount
        for change in self.changes:
            if change.effective <= day:
                price = change.amount
        return price


@attrs.frozen(kw_only=True)
class ContractPolicy:
    """How days are counted when prorating, and whether periods are billed in advance.

    >>> from receivables.interop import structure
    >>> structure({"day_count": "30/360", "in_advance": False}, ContractPolicy).day_count
    <DayCount.THIRTY_360: '30/360'>
    """

    id: str = attrs.field(default="contracts")
    version: str = attrs.field(default="1")
    day_count: DayCount = attrs.field(default=DayCount.ACTUAL, converter=_day_count)
    in_advance: bool = attrs.field(default=True, validator=check_flag("contract_policy"))

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)

    def days(self, start: dt.date, stop: dt.date) -> int:
        """Days from ``start`` up to, not including, ``stop`` under the day count.

        30E/360: ``360 (y2 - y1) + 30 (m2 - m1) + (min(d2, 30) - min(d1, 30))``.

        >>> ContractPolicy().days(dt.date(2026, 3, 10), dt.date(2026, 4, 1))
        22
        >>> ContractPolicy(day_count="30/360").days(dt.date(2026, 3, 10), dt.date(2026, 4, 1))
        21
        """
        if self.day_count is DayCount.ACTUAL:
            return (stop - start).days

        def serial(day: dt.date) -> int:
            return 360 * day.year + 30 * day.month + min(day.day, 30)

        return serial(stop) - serial(start)


@attrs.frozen(kw_only=True)
class Charge:
    """One period's charge: the period, the days covered of the days in it, the amount.

    >>> Charge.__name__
    'Charge'
    """

    contract_id: str
    period_start: dt.date
    period_end: dt.date
    charge_on: dt.date
    amount: Money
    days_covered: int
    days_in_period: int
    reasons: tuple[Reason, ...]

    @property
    def prorated(self) -> bool:
        """Whether the contract covered only part of the period.

        >>> from receivables.money import money
        >>> k = Contract(id="K", customer_id="C", amount=money("300", "USD"), start=dt.date(2026, 3, 10))
        >>> schedule(k, through=dt.date(2026, 3, 31))[0].prorated
        True
        """
        return self.days_covered != self.days_in_period


def _policy(policy: object) -> ContractPolicy:
    if policy is None:
        return ContractPolicy()
    if not isinstance(policy, ContractPolicy):
        raise ValidationError("policy", policy, "a ContractPolicy")
    return policy


def _check_day(field: str, value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(field, value, "a datetime.date")


def _period_charge(
    contract: Contract, start: dt.date, stop: dt.date, policy: ContractPolicy
) -> Charge | None:
    """The charge of the period [start, stop), or None when the contract does not cover it."""
    first = max(start, contract.start)
    last = min(stop - _ONE_DAY, contract.end) if contract.end else stop - _ONE_DAY
    if first > last:
        return None
    cuts = sorted(
        {start, stop, first, last + _ONE_DAY}
        | {c.effective for c in contract.changes if start < c.effective < stop}
    )
    segments = list(itertools.pairwise(cuts))
    weights = [policy.days(a, b) for a, b in segments]
    total_days = policy.days(start, stop)
    units = 0
    covered = 0
    for price in {contract.price_on(a) for a, b in segments if first <= a <= last}:
        shares = allocate(price, weights)
        for (a, _), share in zip(segments, shares, strict=True):
            if first <= a <= last and contract.price_on(a) == price:
                units += to_minor(share)
    covered = sum(
        days for (a, _), days in zip(segments, weights, strict=True) if first <= a <= last
    )
    currency = contract.amount.code
    amount = from_minor(units, currency)
    data = {
        "period_start": start.isoformat(),
        "period_end": (stop - _ONE_DAY).isoformat(),
        "days_covered": covered,
        "days_in_period": total_days,
        "day_count": policy.day_count.value,
        "amount": str(amount.amount),
    }
    if covered == total_days and len(segments) == 1:
        reason = Reason("full_period", f"Full period charge of {amount}.", data)
    else:
        reason = Reason(
            "prorated_period",
            f"{covered} of {total_days} days ({policy.day_count.value}) charged: {amount}.",
            data,
        )
    charge_on = first if policy.in_advance else last + _ONE_DAY
    return Charge(
        contract_id=contract.id,
        period_start=start,
        period_end=stop - _ONE_DAY,
        charge_on=charge_on,
        amount=amount,
        days_covered=covered,
        days_in_period=total_days,
        reasons=(reason,),
    )


def schedule(
    contract: Contract, *, through: dt.date, policy: ContractPolicy | None = None
) -> tuple[Charge, ...]:
    """The charges of every period starting on or before ``through`` that the contract covers.

    >>> from receivables.money import money
    >>> k = Contract(id="K-1", customer_id="C1", amount=money("300.00", "USD"),
    ...              start=dt.date(2026, 3, 10), frequency="quarterly")
    >>> [(c.period_end.isoformat(), str(c.amount.amount)) for c in
    ...  schedule(k, through=dt.date(2026, 6, 1), policy=ContractPolicy(day_count="30/360"))]
    [('2026-05-31', '270.00'), ('2026-08-31', '300.00')]
    """
    chosen = _policy(policy)
    if not isinstance(contract, Contract):
        raise ValidationError("contract", contract, "a Contract")
    _check_day("through", through)
    months = _MONTHS[contract.frequency]
    grid = contract.grid_start
    starts = rrule(
        MONTHLY,
        interval=months,
        dtstart=dt.datetime.combine(grid, dt.time()),
        until=dt.datetime.combine(through, dt.time()),
    )
    charges = []
    for moment in starts:
        start = moment.date()
        if contract.end is not None and start > contract.end:
            break
        charge = _period_charge(contract, start, start + relativedelta(months=months), chosen)
        if charge is not None and charge.amount.amount > 0:
            charges.append(charge)
    return tuple(charges)


@attrs.frozen(kw_only=True)
class Closure:
    """A contract closed: the final charge (positive) or credit (negative), what is cancelled.

    >>> Closure.__name__
    'Closure'
    """

    contract: Contract
    last_day: dt.date
    final_amount: Money
    due: tuple[Charge, ...]
    cancelled: tuple[Charge, ...]
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    def journal_entry(self, accounts: AccountMap) -> JournalEntry | None:
        """The final invoice (Dr receivables, Cr contract_revenue) or credit note; None if nil.

        >>> from receivables.money import money
        >>> k = Contract(id="K-1", customer_id="C1", amount=money("300.00", "USD"),
        ...              start=dt.date(2026, 1, 1))
        >>> billed = schedule(k, through=dt.date(2026, 3, 1))
        >>> closing = close(k, dt.date(2026, 3, 10), billed=billed)
        >>> closing.final_amount
        Money('-203.23', 'USD')
        >>> e = closing.journal_entry(AccountMap({"receivables": "1305", "contract_revenue": "4155"}))
        >>> [(line.account, str(line.debit.amount)) for line in e.lines]
        [('4155', '203.23'), ('1305', '0.00')]
        """
        amount = self.final_amount
        if amount.amount == 0:
            return None
        credit = amount.amount < 0
        size = -amount if credit else amount
        return entry(
            self.last_day,
            f"Contract {self.contract.id} closed: final {'credit' if credit else 'charge'}",
            accounts,
            debits=[("contract_revenue" if credit else "receivables", size)],
            credits=[("receivables" if credit else "contract_revenue", size)],
            reasons=self.reasons,
            source=f"contract:{self.contract.id}",
            customer_id=self.contract.customer_id,
        )


def close(
    contract: Contract,
    last_day: dt.date,
    *,
    billed: Iterable[Charge] = (),
    policy: ContractPolicy | None = None,
) -> Closure:
    """Close ``contract`` after ``last_day``: what was due through it against what was billed.

    Charges billed for periods after ``last_day`` are cancelled (credited in
    full); the period holding ``last_day`` is prorated.

    >>> from receivables.money import money
    >>> k = Contract(id="K-1", customer_id="C1", amount=money("300.00", "USD"),
    ...              start=dt.date(2026, 1, 1), frequency="quarterly")
    >>> # in arrears nothing was billed yet for Q1: the final charge is Jan 1 - Feb 14
    >>> close(k, dt.date(2026, 2, 14), policy=ContractPolicy(in_advance=False)).final_amount
    Money('150.00', 'USD')
    """
    chosen = _policy(policy)
    if not isinstance(contract, Contract):
        raise ValidationError("contract", contract, "a Contract")
    _check_day("last_day", last_day)
    if last_day < contract.start or (contract.end is not None and last_day > contract.end):
        raise ValidationError(
            "last_day", last_day, f"a day from the start {contract.start} to the contract's end"
        )
    ended = attrs.evolve(contract, end=last_day)
    due = schedule(ended, through=last_day, policy=chosen)
    due_units = {c.period_start: to_minor(c.amount) for c in due}
    billed_units: dict[dt.date, int] = {}
    cancelled = []
    for index, charge in enumerate(_items("billed", billed)):
        if not isinstance(charge, Charge) or charge.contract_id != contract.id:
            raise ValidationError(
                f"billed[{index}]", charge, f"a Charge of contract {contract.id!r}"
            )
        if charge.amount.code != contract.amount.code:
            raise CurrencyMismatchError("close", contract.amount.code, charge.amount.code)
        billed_units[charge.period_start] = billed_units.get(charge.period_start, 0) + to_minor(
            charge.amount
        )
        if charge.period_start > last_day:
            cancelled.append(charge)
    final = sum(due_units.values()) - sum(billed_units.values())
    currency = contract.amount.code
    data = {
        "last_day": last_day.isoformat(),
        "due": str(from_minor(sum(due_units.values()), currency).amount),
        "billed": str(from_minor(sum(billed_units.values()), currency).amount),
        "final": str(from_minor(final, currency).amount),
    }
    if final > 0:
        reason = Reason("final_charge", f"Final charge of {data['final']} {currency}.", data)
    elif final < 0:
        reason = Reason(
            "final_credit", f"Credit of {data['final'][1:]} {currency} for unused service.", data
        )
    else:
        reason = Reason("nothing_to_settle", "Billed exactly what was due.", data)
    reasons = [reason]
    if cancelled:
        reasons.append(
            Reason(
                "future_charges_cancelled",
                f"{len(cancelled)} charge(s) for periods after {last_day} cancelled.",
                {"periods": [c.period_start.isoformat() for c in cancelled]},
            )
        )
    return Closure(
        contract=ended,
        last_day=last_day,
        final_amount=from_minor(final, currency),
        due=due,
        cancelled=tuple(cancelled),
        reasons=tuple(reasons),
        policy_id=chosen.id,
        policy_version=chosen.version,
    )


@attrs.frozen(kw_only=True)
class CardAlert:
    """A contract whose stored card expires before its next charge.

    >>> CardAlert.__name__
    'CardAlert'
    """

    contract: Contract
    next_charge_on: dt.date
    card_valid_through: dt.date
    reasons: tuple[Reason, ...]


def cards_expiring(
    contracts: Iterable[Contract], as_of: dt.date, *, policy: ContractPolicy | None = None
) -> tuple[CardAlert, ...]:
    """The contracts whose card (good through the end of its expiry month) lapses before the next charge.

    Ordered by the next charge date, then contract id.

    >>> from receivables.money import money
    >>> k = Contract(id="K-1", customer_id="C1", amount=money("300.00", "USD"),
    ...              start=dt.date(2026, 1, 1), card_expiry=dt.date(2026, 3, 1))
    >>> [(a.contract.id, a.next_charge_on.isoformat()) for a in
    ...  cards_expiring([k], dt.date(2026, 3, 15))]
    [('K-1', '2026-04-01')]
    >>> cards_expiring([k], dt.date(2026, 2, 15))
    ()
    """
    chosen = _policy(policy)
    _check_day("as_of", as_of)
    alerts = []
    for index, contract in enumerate(_items("contracts", contracts)):
        if not isinstance(contract, Contract):
            raise ValidationError(f"contracts[{index}]", contract, "a Contract")
        if contract.card_expiry is None:
            continue
        horizon = as_of + relativedelta(months=_MONTHS[contract.frequency] + 1)
        upcoming = [
            c for c in schedule(contract, through=horizon, policy=chosen) if c.charge_on > as_of
        ]
        if not upcoming:
            continue
        valid_through = contract.card_expiry + relativedelta(day=31)
        next_on = upcoming[0].charge_on
        if valid_through < next_on:
            alerts.append(
                CardAlert(
                    contract=contract,
                    next_charge_on=next_on,
                    card_valid_through=valid_through,
                    reasons=(
                        Reason(
                            "card_expires_before_next_charge",
                            f"The card on contract {contract.id} is good through "
                            f"{valid_through}; the next charge is on {next_on}.",
                            {
                                "customer_id": contract.customer_id,
                                "valid_through": valid_through.isoformat(),
                                "next_charge_on": next_on.isoformat(),
                                "amount": str(upcoming[0].amount.amount),
                            },
                        ),
                    ),
                )
            )
    return tuple(sorted(alerts, key=lambda a: (a.next_charge_on, a.contract.id)))
