"""How much of the receivables should we expect to lose, and what do we post for it?

**Provision matrix (IFRS 9 simplified approach).** IFRS 9 5.5.15 lets trade
receivables carry a loss allowance equal to lifetime expected credit losses,
and B5.5.35 allows a provision matrix as a practical expedient: a loss rate per
aging bucket, applied to the gross balance in that bucket (IFRS 9 Illustrative
Examples IE183-IE186, Example 12). :func:`provision` multiplies, rounds the
*total* allowance half away from zero and splits it across the buckets by
largest remainder on the exact products: each bucket gets the floor of its
balance × rate and the units left go to the largest fractions (ties to the
earlier bucket). The bucket allowances sum to the total exactly and each is
the floor or the ceiling of its own product, so a 100% bucket never carries
more than its balance. (:func:`~receivables.money.allocate` would split the
rounded total in proportion to the products instead, which can move a unit
onto a bucket beyond its ceiling; hence this small function.)

**Loss rates from history (roll rates).** :func:`roll_rates` reads a series of
aging snapshots (portfolio balances per bucket at successive month ends,
buckets one month wide) and the amounts written off between them. The roll
rate of bucket *i* is the share of its balance that is found one bucket later
a month later, pooled over the history (Σ balance[t+1][i+1] / Σ balance[t][i],
so big months weigh more); the last bucket rolls into write-off. The loss rate
of bucket *i* is the product of the roll rates from *i* to write-off, the
migration (flow) model the OCC's Comptroller's Handbook describes for retail
credit. Roll rates above 1 (balances arriving late, not from the bucket
before) are capped at 1 unless ``cap=False``. An optional forward-looking
adjustment scales every loss rate by ``1 + adjustment`` (capped at 1), as
IFRS 9 B5.5.52 asks historical rates to be adjusted for current and forecast
conditions.

**Journal entry.** :func:`adjust_allowance` moves the allowance from its
previous balance to the new one: an increase debits ``bad_debt_expense`` and
credits ``allowance``; a decrease (a release) does the opposite; no change
posts nothing. Built with :func:`receivables.journal.entry`.

>>> from receivables.money import money
>>> matrix = ProvisionMatrix(rates=(LossRate("current", Decimal("0.003")),
...                                 LossRate("1-30", Decimal("0.016"))))
>>> result = provision({"current": money(15000000, "USD"), "1-30": money(7500000, "USD")}, matrix)
>>> [line.allowance for line in result.lines], result.allowance
([Money('45000.00', 'USD'), Money('120000.00', 'USD')], Money('165000.00', 'USD'))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs
import moneyed

from receivables.decisions import Reason, check_policy_identity
from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.journal import AccountMap, JournalEntry, entry
from receivables.money import Money, from_minor, to_minor
from receivables.validators import check_items

__all__ = [
    "AllowanceAdjustment",
    "BucketAllowance",
    "LossRate",
    "Provision",
    "ProvisionMatrix",
    "RollRate",
    "RollRateAnalysis",
    "adjust_allowance",
    "provision",
    "roll_rates",
]

_ONE = Decimal(1)


def _tidy(value: Decimal) -> Decimal:
    """``value`` without trailing zeros, never in exponent form (``0.050`` -> ``0.05``)."""
    normal = value.normalize()
    return normal.quantize(_ONE) if normal.as_tuple().exponent > 0 else normal  # type: ignore[operator]


def _rate(value: object) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        raise PolicyError("loss_rate.rate", value, "a Decimal, int or str between 0 and 1")
    try:
        rate = Decimal(value)
    except ArithmeticError:
        raise PolicyError("loss_rate.rate", value, "a number between 0 and 1") from None
    if not rate.is_finite() or rate < 0 or rate > 1:
        raise PolicyError("loss_rate.rate", value, "a rate between 0 and 1 (0.016 for 1.6%)")
    return rate


@attrs.frozen
class LossRate:
    """The expected lifetime loss rate of one bucket, as a fraction (0.016 = 1.6%).

    >>> LossRate("over 90", Decimal("1.5"))
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: loss_rate.rate: got Decimal('1.5'); expected a rate between 0 and 1 (0.016 for 1.6%)
    """

    label: str
    rate: Decimal = attrs.field(converter=_rate)


def _loss_rates(value: Iterable[LossRate]) -> tuple[LossRate, ...]:
    return check_items("rates", value, expected="a list of LossRate", error=PolicyError)


@attrs.frozen(kw_only=True)
class ProvisionMatrix:
    """A loss rate per aging bucket, in bucket order; a policy with ``id`` and ``version``.

    >>> ProvisionMatrix(rates=(LossRate("current", 0), LossRate("current", 1)))
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: rates[1].label: got 'current'; expected a label used once
    """

    rates: tuple[LossRate, ...] = attrs.field(converter=_loss_rates)
    id: str = "provision-matrix"
    version: str = "1"

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)
        if not self.rates:
            raise PolicyError("rates", self.rates, "at least one bucket's loss rate")
        seen: set[str] = set()
        for position, rate in enumerate(self.rates):
            if not isinstance(rate, LossRate):
                raise PolicyError(f"rates[{position}]", rate, "a LossRate")
            if not isinstance(rate.label, str) or not rate.label.strip():
                raise PolicyError(f"rates[{position}].label", rate.label, "a bucket label")
            if rate.label in seen:
                raise PolicyError(f"rates[{position}].label", rate.label, "a label used once")
            seen.add(rate.label)

    @property
    def labels(self) -> tuple[str, ...]:
        """The buckets the matrix covers, in order.

        >>> ProvisionMatrix(rates=(LossRate("current", "0.003"), LossRate("1-30", "0.016"))).labels
        ('current', '1-30')
        """
        return tuple(rate.label for rate in self.rates)

    def rate(self, label: str) -> Decimal:
        """The loss rate of the bucket called ``label``.

        >>> ProvisionMatrix(rates=(LossRate("current", "0.003"),)).rate("current")
        Decimal('0.003')
        """
        for rate in self.rates:
            if rate.label == label:
                return rate.rate
        raise ValidationError("label", label, f"one of {list(self.labels)}")


@attrs.frozen(kw_only=True)
class BucketAllowance:
    """One row of the provision matrix: balance × loss rate → allowance.

    >>> from receivables.money import money
    >>> matrix = ProvisionMatrix(rates=(LossRate("61-90", "0.066"),))
    >>> provision({"61-90": money(2500000, "EUR")}, matrix).lines[0].allowance
    Money('165000.00', 'EUR')
    """

    label: str
    balance: Money
    rate: Decimal
    allowance: Money


@attrs.frozen(kw_only=True)
class Provision:
    """The allowance for expected credit losses, per bucket and in total (a decision).

    >>> from receivables.money import money
    >>> matrix = ProvisionMatrix(rates=(LossRate("current", "0.003"),), id="m", version="7")
    >>> result = provision({"current": money(15000000, "EUR")}, matrix)
    >>> result.outcome, result.coverage, (result.policy_id, result.policy_version)
    (Money('45000.00', 'EUR'), Decimal('0.003'), ('m', '7'))
    """

    lines: tuple[BucketAllowance, ...]
    balance: Money
    allowance: Money
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    @property
    def outcome(self) -> Money:
        """The total allowance.

        >>> from receivables.money import money
        >>> matrix = ProvisionMatrix(rates=(LossRate("current", "0.01"),))
        >>> provision({"current": money("1234.56", "USD")}, matrix).outcome
        Money('12.35', 'USD')
        """
        return self.allowance

    @property
    def coverage(self) -> Decimal:
        """Allowance / gross balance (0 when the balance is zero).

        >>> from receivables.money import money
        >>> matrix = ProvisionMatrix(rates=(LossRate("current", "0.01"), LossRate("late", "0.5")))
        >>> provision({"current": money(900, "USD"), "late": money(100, "USD")}, matrix).coverage
        Decimal('0.059')
        """
        balance = to_minor(self.balance)
        return Decimal(to_minor(self.allowance)) / Decimal(balance) if balance else Decimal(0)


def _split_rounded(exact: Sequence[Decimal], total_units: int) -> list[int]:
    """Largest remainder on the exact products: floors, then +1 to the largest fractions.

    ``total_units`` is the rounded sum of ``exact``; every part is the floor or
    the ceiling of its own product, never more.
    """
    floors = [int(value) for value in exact]  # products are >= 0, so int() floors
    left = total_units - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in order[:left]:
        floors[index] += 1
    return floors


def provision(balances: Mapping[str, Money], matrix: ProvisionMatrix) -> Provision:
    """Apply ``matrix`` to gross ``balances`` per bucket label (every label of the matrix).

    ``balances`` are gross amounts owed, zero or more (an aging line's buckets;
    unapplied cash and credits are not provisioned). The total allowance is
    Σ balance × rate rounded half away from zero to the currency's minor unit;
    the buckets share it by largest remainder, so they sum to it exactly.

    >>> from receivables.money import money
    >>> matrix = ProvisionMatrix(rates=(LossRate("a", "0.5"), LossRate("b", "0.5")))
    >>> result = provision({"a": money("0.01", "EUR"), "b": money("0.01", "EUR")}, matrix)
    >>> [line.allowance for line in result.lines], result.allowance
    ([Money('0.01', 'EUR'), Money('0.00', 'EUR')], Money('0.01', 'EUR'))
    """
    if not isinstance(matrix, ProvisionMatrix):
        raise ValidationError("matrix", matrix, "a ProvisionMatrix")
    given: object = balances
    if not isinstance(given, Mapping):
        raise ValidationError("balances", given, "a mapping of bucket label to Money")
    missing = [label for label in matrix.labels if label not in balances]
    extra = sorted(label for label in balances if label not in matrix.labels)
    if missing or extra:
        raise ValidationError(
            "balances", sorted(balances), f"exactly the matrix's buckets {list(matrix.labels)}"
        )
    amounts = [balances[label] for label in matrix.labels]
    for label, amount in zip(matrix.labels, amounts, strict=True):
        if not isinstance(amount, moneyed.Money):
            raise ValidationError(f"balances[{label}]", amount, "a Money amount")
        if amount.amount < 0:
            raise ValidationError(f"balances[{label}]", amount, "a gross balance of zero or more")
    currency = amounts[0].currency.code
    for amount in amounts:
        if amount.currency.code != currency:
            raise CurrencyMismatchError("provision", currency, amount.currency.code)
    units = [to_minor(amount) for amount in amounts]
    exact = [Decimal(unit) * rate.rate for unit, rate in zip(units, matrix.rates, strict=True)]
    total_units = int(sum(exact, Decimal(0)).to_integral_value(rounding=ROUND_HALF_UP))
    total = from_minor(total_units, currency)
    parts = tuple(from_minor(units, currency) for units in _split_rounded(exact, total_units))
    lines = tuple(
        BucketAllowance(
            label=rate.label,
            balance=from_minor(unit, currency),
            rate=rate.rate,
            allowance=part,
        )
        for rate, unit, part in zip(matrix.rates, units, parts, strict=True)
    )
    balance = from_minor(sum(units), currency)
    reason = Reason(
        "provision_matrix_applied",
        f"Loss rates of {matrix.id} v{matrix.version} on {balance} give an allowance of {total}.",
        {
            "balance": str(balance.amount),
            "allowance": str(total.amount),
            "currency": currency,
            "buckets": {line.label: str(line.allowance.amount) for line in lines},
        },
    )
    return Provision(
        lines=lines,
        balance=balance,
        allowance=total,
        reasons=(reason,),
        policy_id=matrix.id,
        policy_version=matrix.version,
    )


@attrs.frozen(kw_only=True)
class RollRate:
    """The share of ``source``'s balance found in ``target`` one period later.

    ``target`` is ``"write_off"`` for the last bucket. ``observed`` is the
    uncapped ratio; ``rate`` the one used (capped at 1 when capping).

    >>> from receivables.money import money
    >>> eur = lambda v: money(v, "EUR")
    >>> roll = roll_rates([{"a": eur(100)}, {"b": eur(30)}], [eur(0)], ["a", "b"]).roll_rates[0]
    >>> roll.source, roll.target, roll.rolled, roll.base, roll.rate
    ('a', 'b', Money('30.00', 'EUR'), Money('100.00', 'EUR'), Decimal('0.3'))
    """

    source: str
    target: str
    rolled: Money
    base: Money
    observed: Decimal
    rate: Decimal


@attrs.frozen(kw_only=True)
class RollRateAnalysis:
    """Roll rates between adjacent buckets and the loss rate each bucket implies.

    ``historical`` are the loss rates before the forward-looking
    ``adjustment``; ``loss_rates`` after it.

    >>> from receivables.money import money
    >>> eur = lambda v: money(v, "EUR")
    >>> analysis = roll_rates([{"a": eur(100)}, {"b": eur(30)}], [eur(0)], ["a", "b"])
    >>> analysis.periods, [(r.label, r.rate) for r in analysis.historical]
    (1, [('a', Decimal('0')), ('b', Decimal('0'))])
    """

    roll_rates: tuple[RollRate, ...]
    loss_rates: tuple[LossRate, ...]
    historical: tuple[LossRate, ...]
    adjustment: Decimal
    periods: int

    def matrix(self, *, id: str = "roll-rate-matrix", version: str = "1") -> ProvisionMatrix:
        """The loss rates as a :class:`ProvisionMatrix`.

        >>> from receivables.money import money
        >>> eur = lambda v: money(v, "EUR")
        >>> analysis = roll_rates([{"a": eur(100)}, {"a": eur(100), "b": eur(40)}, {"b": eur(40)}],
        ...                       [eur(0), eur(10)], ["a", "b"])
        >>> matrix = analysis.matrix(id="eur-trade", version="2026-03")
        >>> matrix.labels, matrix.rate("a"), matrix.rate("b"), matrix.version
        (('a', 'b'), Decimal('0.1'), Decimal('0.25'), '2026-03')
        """
        return ProvisionMatrix(rates=self.loss_rates, id=id, version=version)


def roll_rates(
    snapshots: Sequence[Mapping[str, Money]],
    write_offs: Sequence[Money],
    labels: Sequence[str],
    *,
    adjustment: Decimal = Decimal(0),
    cap: bool = True,
) -> RollRateAnalysis:
    """Loss rates per bucket from aging snapshots by roll-rate (migration) analysis.

    ``snapshots[t]`` maps each of ``labels`` (buckets in order, each one period
    wide, the last being the oldest) to the portfolio balance at the end of
    period *t*; ``write_offs[t]`` is what was written off between snapshot *t*
    and *t + 1* (so one fewer than snapshots). A bucket missing from a snapshot
    counts as zero. ``adjustment`` (e.g. ``Decimal("0.1")`` for +10%) scales the
    historical loss rates forward-looking; results are capped at 1.

    A bucket that held nothing in any snapshot but the last has no roll rate to
    observe: its roll rate (``observed`` and ``rate``) is defined as 0, never a
    division by zero, so its loss rate and those of the younger buckets rolling
    through it are 0 too. Such a history is too thin for that bucket; look at
    ``RollRate.base`` before using the matrix.

    >>> from receivables.money import money
    >>> usd = lambda v: money(v, "USD")
    >>> history = [{"current": usd(1000)}, {"current": usd(1000), "late": usd(200)},
    ...            {"current": usd(1000), "late": usd(200)}]
    >>> analysis = roll_rates(history, [usd(0), usd(50)], ["current", "late"])
    >>> [(r.source, r.target, r.rate) for r in analysis.roll_rates]
    [('current', 'late', Decimal('0.2')), ('late', 'write_off', Decimal('0.25'))]
    >>> [(r.label, r.rate) for r in analysis.loss_rates]
    [('current', Decimal('0.05')), ('late', Decimal('0.25'))]
    """
    for field, sequence in (
        ("labels", labels),
        ("snapshots", snapshots),
        ("write_offs", write_offs),
    ):
        if isinstance(sequence, str) or not isinstance(sequence, Sequence):
            raise ValidationError(field, sequence, "a sequence (a list or tuple)")
    for position, snapshot in enumerate(snapshots):
        if not isinstance(snapshot, Mapping):
            raise ValidationError(f"snapshots[{position}]", snapshot, "a mapping of label to Money")
    names = list(labels)
    for position, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(f"labels[{position}]", name, "a bucket label, a non-empty string")
    if not names or len(set(names)) != len(names):
        raise ValidationError("labels", names, "distinct bucket labels, oldest last")
    if len(snapshots) < 2:
        raise ValidationError("snapshots", len(snapshots), "at least two snapshots")
    if len(write_offs) != len(snapshots) - 1:
        raise ValidationError(
            "write_offs", len(write_offs), f"{len(snapshots) - 1} amounts, one per period"
        )
    flag: object = cap
    if not isinstance(flag, bool):
        raise ValidationError("cap", cap, "a bool")
    given: object = adjustment
    if isinstance(given, bool | float) or not isinstance(given, Decimal | int):
        raise ValidationError("adjustment", adjustment, "a Decimal such as Decimal('0.10')")
    if not Decimal(adjustment).is_finite() or Decimal(adjustment) < -1:
        raise ValidationError("adjustment", adjustment, "a finite adjustment of -1 or more")
    currency: str | None = None
    table: list[list[int]] = []
    for position, snapshot in enumerate(snapshots):
        unknown = sorted(label for label in snapshot if label not in names)
        if unknown:
            raise ValidationError(f"snapshots[{position}]", unknown, f"labels among {names}")
        row = []
        for label in names:
            amount = snapshot.get(label)
            if amount is None:
                row.append(0)
                continue
            if not isinstance(amount, moneyed.Money) or amount.amount < 0:
                raise ValidationError(
                    f"snapshots[{position}][{label}]", amount, "Money of zero or more"
                )
            currency = currency or amount.currency.code
            if amount.currency.code != currency:
                raise CurrencyMismatchError("roll_rates", currency, amount.currency.code)
            row.append(to_minor(amount))
        table.append(row)
    lost = []
    for position, amount in enumerate(write_offs):
        if not isinstance(amount, moneyed.Money) or amount.amount < 0:
            raise ValidationError(f"write_offs[{position}]", amount, "Money of zero or more")
        currency = currency or amount.currency.code
        if amount.currency.code != currency:
            raise CurrencyMismatchError("roll_rates", currency, amount.currency.code)
        lost.append(to_minor(amount))
    assert currency is not None  # at least one write-off amount exists
    periods = len(snapshots) - 1
    rolls: list[RollRate] = []
    for index, label in enumerate(names):
        base = sum(table[t][index] for t in range(periods))
        if index + 1 < len(names):
            rolled = sum(table[t + 1][index + 1] for t in range(periods))
            target = names[index + 1]
        else:
            rolled = sum(lost)
            target = "write_off"
        observed = Decimal(rolled) / Decimal(base) if base else Decimal(0)
        rolls.append(
            RollRate(
                source=label,
                target=target,
                rolled=from_minor(rolled, currency),
                base=from_minor(base, currency),
                observed=_tidy(observed),
                rate=_tidy(min(observed, _ONE) if cap else observed),
            )
        )
    historical: list[LossRate] = []
    product = _ONE
    for roll in reversed(rolls):
        product = product * roll.rate
        historical.append(LossRate(roll.source, _tidy(min(product, _ONE))))
    historical.reverse()
    factor = _ONE + Decimal(adjustment)
    adjusted = tuple(
        LossRate(rate.label, _tidy(min(rate.rate * factor, _ONE))) for rate in historical
    )
    return RollRateAnalysis(
        roll_rates=tuple(rolls),
        loss_rates=adjusted,
        historical=tuple(historical),
        adjustment=Decimal(adjustment),
        periods=periods,
    )


@attrs.frozen(kw_only=True)
class AllowanceAdjustment:
    """The move from the previous allowance to the new one, and its journal entry.

    ``outcome`` is ``"increase"``, ``"release"`` or ``"unchanged"``; ``amount``
    is the (positive) change; ``entry`` is ``None`` when nothing changes.
    Built by :func:`adjust_allowance`.

    >>> from receivables.journal import AccountMap
    >>> from receivables.money import money
    >>> same = adjust_allowance(money(5, "EUR"), money(5, "EUR"), date=dt.date(2026, 3, 31),
    ...     accounts=AccountMap({"bad_debt_expense": "6100", "allowance": "1290"}))
    >>> same.outcome, same.entry
    ('unchanged', None)
    """

    outcome: str
    previous: Money
    new: Money
    amount: Money
    entry: JournalEntry | None
    reasons: tuple[Reason, ...]


def adjust_allowance(
    previous: Money,
    new: Money,
    *,
    date: dt.date,
    accounts: AccountMap,
    memo: str = "Allowance for expected credit losses",
) -> AllowanceAdjustment:
    """The adjusting entry from ``previous`` to ``new`` allowance (both zero or more).

    >>> from receivables.journal import AccountMap
    >>> from receivables.money import money
    >>> accounts = AccountMap({"bad_debt_expense": "6100", "allowance": "1290"})
    >>> up = adjust_allowance(money(500, "USD"), money(580, "USD"), date=dt.date(2026, 3, 31), accounts=accounts)
    >>> up.outcome, [(line.account, line.debit, line.credit) for line in up.entry.lines]
    ('increase', [('6100', Money('80.00', 'USD'), Money('0.00', 'USD')), ('1290', Money('0.00', 'USD'), Money('80.00', 'USD'))])
    >>> down = adjust_allowance(money(580, "USD"), money(500, "USD"), date=dt.date(2026, 4, 30), accounts=accounts)
    >>> down.outcome, [(line.account, line.debit) for line in down.entry.lines]
    ('release', [('1290', Money('80.00', 'USD')), ('6100', Money('0.00', 'USD'))])
    """
    for field, amount in (("previous", previous), ("new", new)):
        if not isinstance(amount, moneyed.Money) or amount.amount < 0:
            raise ValidationError(field, amount, "an allowance of zero or more, as Money")
    if previous.currency.code != new.currency.code:
        raise CurrencyMismatchError("adjust_allowance", previous.currency.code, new.currency.code)
    currency = new.currency.code
    change = to_minor(new) - to_minor(previous)
    amount = from_minor(abs(change), currency)
    data = {"previous": str(previous.amount), "new": str(new.amount), "currency": currency}
    if change == 0:
        return AllowanceAdjustment(
            outcome="unchanged",
            previous=previous,
            new=new,
            amount=amount,
            entry=None,
            reasons=(Reason("allowance_unchanged", f"The allowance stays at {new}.", data),),
        )
    if change > 0:
        reason = Reason(
            "allowance_increase",
            f"The allowance rises from {previous} to {new}: expense {amount}.",
            data,
        )
        debits, credits = [("bad_debt_expense", amount)], [("allowance", amount)]
        outcome = "increase"
    else:
        reason = Reason(
            "allowance_release",
            f"The allowance falls from {previous} to {new}: release {amount}.",
            data,
        )
        debits, credits = [("allowance", amount)], [("bad_debt_expense", amount)]
        outcome = "release"
    posted = entry(
        date, memo, accounts, debits=debits, credits=credits, reasons=(reason,), source="provisions"
    )
    return AllowanceAdjustment(
        outcome=outcome,
        previous=previous,
        new=new,
        amount=amount,
        entry=posted,
        reasons=(reason,),
    )
