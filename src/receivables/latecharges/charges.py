"""How much late-payment interest and fee does each overdue invoice owe today?

:func:`~receivables.latecharges.assess` applies a :class:`~receivables.latecharges.LateChargePolicy`
to every invoice with something open and returns a :class:`LateChargeAssessment`:
per invoice a :class:`LateCharge` with its interest over dated
:class:`InterestPeriod` s, its fee and the reasons. Each rule (not overdue,
grace, where interest starts, the cap, the interest, the fee, the minimum
charge) is a small function returning its reason or nothing.

>>> assess([], as_of=dt.date(2026, 1, 1), policy=LateChargePolicy(id="late", version="1",
...     annual_rate=Decimal("0.085"))).charges
()
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from receivables.decisions import Reason
from receivables.errors import ValidationError
from receivables.latecharges.policy import LateChargePolicy
from receivables.ledger import ItemKind, OpenItem
from receivables.money import Money, from_minor, money, to_minor, zero

__all__ = [
    "InterestPeriod",
    "LateCharge",
    "LateChargeAssessment",
    "assess",
]


@attrs.frozen(kw_only=True)
class InterestPeriod:
    """Days ``start`` to ``end`` (both included) at ``annual_rate``; ``interest`` unrounded.

    >>> period = InterestPeriod(start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 22), days=50,
    ...     annual_rate=Decimal("0.085"), interest=Decimal(1000) * Decimal("0.085") * 50 / 365)
    >>> round(period.interest, 2)
    Decimal('11.64')
    """

    start: dt.date
    end: dt.date
    days: int
    annual_rate: Decimal
    interest: Decimal


@attrs.frozen(kw_only=True)
class LateCharge:
    """What one invoice is charged: interest, fee, their periods and reasons.

    >>> from receivables.ledger import ItemKind, OpenItem
    >>> from receivables.money import money
    >>> policy = LateChargePolicy(id="late", version="1", annual_rate=Decimal("0.085"))
    >>> item = OpenItem(number="INV-7", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("1000.00", "GBP"), open=money("1000.00", "GBP"))
    >>> charge = assess([item], as_of=dt.date(2026, 3, 22), policy=policy).charges[0]
    >>> charge.outcome, charge.total, charge.reasons[0].code
    ('charge', Money('11.64', 'GBP'), 'interest')
    """

    item: str
    customer_id: str
    principal: Money
    days_late: int
    interest: Money
    fee: Money
    periods: tuple[InterestPeriod, ...] = ()
    interest_through: dt.date | None = None
    reasons: tuple[Reason, ...] = ()

    @property
    def total(self) -> Money:
        """Interest plus fee.

        >>> from receivables.money import money
        >>> LateCharge(item="INV-1", customer_id="C1", principal=money("100", "EUR"), days_late=3,
        ...     interest=money("0.10", "EUR"), fee=money("40", "EUR")).total
        Money('40.10', 'EUR')
        """
        return self.interest + self.fee

    @property
    def outcome(self) -> str:
        """``charge`` when anything is charged, else ``none``.

        >>> from receivables.money import money
        >>> nothing = money("0", "EUR")
        >>> LateCharge(item="INV-1", customer_id="C1", principal=money("100", "EUR"), days_late=0,
        ...     interest=nothing, fee=nothing).outcome
        'none'
        """
        return "charge" if to_minor(self.total) else "none"

    @property
    def currency(self) -> str:
        """The invoice's currency.

        >>> from receivables.money import money
        >>> LateCharge(item="INV-1", customer_id="C1", principal=money("100", "JPY"), days_late=0,
        ...     interest=money("0", "JPY"), fee=money("0", "JPY")).currency
        'JPY'
        """
        return self.principal.code


@attrs.frozen(kw_only=True)
class LateChargeAssessment:
    """Every invoice's late charge on ``as_of`` under one policy.

    >>> nothing = LateChargeAssessment(as_of=dt.date(2026, 3, 22), charges=(),
    ...                                policy_id="late", policy_version="1")
    >>> nothing.outcome, nothing.charged, nothing.currencies()
    ('none', (), ())
    """

    as_of: dt.date
    charges: tuple[LateCharge, ...]
    policy_id: str
    policy_version: str
    reasons: tuple[Reason, ...] = ()

    @property
    def outcome(self) -> str:
        """``charge`` when any invoice is charged, else ``none``.

        >>> LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="p",
        ...                      policy_version="1").outcome
        'none'
        """
        return "charge" if any(c.outcome == "charge" for c in self.charges) else "none"

    @property
    def charged(self) -> tuple[LateCharge, ...]:
        """The charges with something to charge.

        >>> LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="p",
        ...                      policy_version="1").charged
        ()
        """
        return tuple(c for c in self.charges if c.outcome == "charge")

    def currencies(self) -> tuple[str, ...]:
        """The currencies charged, sorted.

        >>> LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="p",
        ...                      policy_version="1").currencies()
        ()
        """
        return tuple(sorted({c.currency for c in self.charged}))

    def interest_total(self, currency: str) -> Money:
        """Interest charged in ``currency``.

        >>> LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="p",
        ...                      policy_version="1").interest_total("EUR")
        Money('0.00', 'EUR')
        """
        units = sum(to_minor(c.interest) for c in self.charges if c.currency == currency)
        return from_minor(units, currency)

    def fee_total(self, currency: str) -> Money:
        """Fees charged in ``currency``.

        >>> LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="p",
        ...                      policy_version="1").fee_total("JPY")
        Money('0', 'JPY')
        """
        units = sum(to_minor(c.fee) for c in self.charges if c.currency == currency)
        return from_minor(units, currency)

    def total(self, currency: str) -> Money:
        """Interest plus fees in ``currency``.

        >>> LateChargeAssessment(as_of=dt.date(2026, 1, 1), charges=(), policy_id="p",
        ...                      policy_version="1").total("KWD")
        Money('0.000', 'KWD')
        """
        return self.interest_total(currency) + self.fee_total(currency)


def _round(amount: Decimal, currency: str) -> Money:
    return money(amount, currency, rounding=ROUND_HALF_UP)


def _periods(
    policy: LateChargePolicy, principal: Decimal, start: dt.date, end: dt.date
) -> list[InterestPeriod]:
    """Days ``start`` through ``end`` split where the rate changes, each with its interest."""
    periods: list[InterestPeriod] = []
    if start > end:
        return periods
    basis = policy.day_count.basis
    bounds = [start, *policy._changes(start, end), end + dt.timedelta(days=1)]
    for begin, after in itertools.pairwise(bounds):
        days = (after - begin).days
        rate = policy.rate_on(begin)
        periods.append(
            InterestPeriod(
                start=begin,
                end=after - dt.timedelta(days=1),
                days=days,
                annual_rate=rate,
                interest=principal * rate * days / basis,
            )
        )
    return periods


def _charge(
    item: OpenItem,
    as_of: dt.date,
    policy: LateChargePolicy,
    charged_until: dt.date | None,
    fee_charged: bool,
) -> LateCharge:
    """One invoice's late charge: the rules below in order, each adding its reason."""
    currency = item.open.code
    nothing = zero(currency)
    days_late = (as_of - item.due_date).days
    reasons: list[Reason] = []

    def result(**extra: Any) -> LateCharge:
        values: dict[str, Any] = {"interest": nothing, "fee": nothing, **extra}
        return LateCharge(
            item=item.number,
            customer_id=item.customer_id,
            principal=item.open,
            days_late=max(days_late, 0),
            reasons=tuple(reasons),
            **values,
        )

    early = _not_overdue(item, days_late) or _within_grace(days_late, policy)
    if early is not None:
        reasons.append(early)
        return result()
    first, start, before = _interest_start(item, policy, charged_until)
    _note(reasons, before)
    principal = item.open.amount
    periods = _periods(policy, principal, start, as_of)
    exact, capped = _capped(policy, principal, first, start, periods, currency)
    _note(reasons, capped)
    interest = _round(exact, currency)
    _note(reasons, _interest(policy, principal, periods, interest, charged_until))
    fee, fee_reason = _fee(item, policy, fee_charged)
    _note(reasons, fee_reason)
    waived = _below_minimum(policy, interest + fee)
    if waived is not None:
        reasons.append(waived)
        return result(periods=tuple(periods))
    return result(
        interest=interest,
        fee=fee,
        periods=tuple(periods),
        interest_through=as_of if periods else None,
    )


def _note(reasons: list[Reason], reason: Reason | None) -> None:
    if reason is not None:
        reasons.append(reason)


def _not_overdue(item: OpenItem, days_late: int) -> Reason | None:
    """The invoice is not past its due date: nothing to charge."""
    if days_late > 0:
        return None
    return Reason("not_overdue", f"{item.number} is not past its due date.")


def _within_grace(days_late: int, policy: LateChargePolicy) -> Reason | None:
    """Late, but within the policy's grace days: nothing to charge."""
    if days_late > policy.grace_days:
        return None
    return Reason(
        "within_grace",
        f"{days_late} day(s) late, within the {policy.grace_days} grace day(s).",
        {"days_late": days_late, "grace_days": policy.grace_days},
    )


def _interest_start(
    item: OpenItem, policy: LateChargePolicy, charged_until: dt.date | None
) -> tuple[dt.date, dt.date, Reason | None]:
    """The first day of interest, the first day still to charge, and why they differ.

    Interest runs from the day after the due date (or after the grace days when
    the policy says so); a previous charge through ``charged_until`` moves the
    start to the day after it (``charged_before``).
    """
    first = item.due_date + dt.timedelta(days=1)
    if policy.interest_from_grace_end:
        first += dt.timedelta(days=policy.grace_days)
    if charged_until is None or charged_until < first:
        return first, first, None
    reason = Reason(
        "charged_before",
        f"Interest was charged through {charged_until.isoformat()}.",
        {"charged_until": charged_until.isoformat()},
    )
    return first, charged_until + dt.timedelta(days=1), reason


def _capped(
    policy: LateChargePolicy,
    principal: Decimal,
    first: dt.date,
    start: dt.date,
    periods: list[InterestPeriod],
    currency: str,
) -> tuple[Decimal, Reason | None]:
    """The unrounded interest of ``periods``, within the policy's cap, and the cap's reason.

    The cap is on the invoice's interest, not on one assessment's: what earlier
    assessments charged (from the first day of interest through the day before
    ``start``, at today's open amount) uses up the cap first, so charging
    monthly never exceeds it.
    """
    exact = sum((p.interest for p in periods), Decimal(0))
    ratio = policy.max_interest_ratio
    if ratio is None:
        return exact, None
    limit = principal * ratio
    before = Decimal(0)
    if start > first:
        earlier = _periods(policy, principal, first, start - dt.timedelta(days=1))
        before = min(limit, sum((p.interest for p in earlier), Decimal(0)))
    if exact <= limit - before:
        return exact, None
    charged = _round(before, currency).amount
    return max(Decimal(0), limit - before), Reason(
        "interest_capped",
        f"Interest capped at {ratio} of the open amount"
        + (f", {charged} {currency} of it charged before." if before else "."),
        {"max_interest_ratio": str(ratio), "charged_before": str(charged)},
    )


def _interest(
    policy: LateChargePolicy,
    principal: Decimal,
    periods: list[InterestPeriod],
    interest: Money,
    charged_until: dt.date | None,
) -> Reason | None:
    """The interest and its formula, or that it is charged through ``as_of`` already."""
    if not periods:
        if charged_until is None:
            return None
        return Reason("already_charged", "Interest is charged through as_of already.")
    currency = interest.code
    return Reason(
        "interest",
        f"{principal} {currency} × {' / '.join(str(p.annual_rate) for p in periods)} × "
        f"{sum(p.days for p in periods)} day(s) / {policy.day_count.basis} = "
        f"{interest.amount} {currency}.",
        {
            "principal": str(principal),
            "day_count": policy.day_count.value,
            "periods": [
                {
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "days": p.days,
                    "annual_rate": str(p.annual_rate),
                }
                for p in periods
            ],
            "interest": str(interest.amount),
        },
    )


def _fee(
    item: OpenItem, policy: LateChargePolicy, fee_charged: bool
) -> tuple[Money, Reason | None]:
    """The fixed fee per late invoice (none on a debit note, none twice), and its reason."""
    currency = item.open.code
    fixed = policy.fixed_fees.get(currency)
    if item.kind is ItemKind.DEBIT_NOTE:
        return zero(currency), None
    if fee_charged:
        return zero(currency), Reason(
            "fee_charged_before", f"The fixed fee on {item.number} was charged."
        )
    if not fixed:
        return zero(currency), None
    return money(fixed, currency), Reason(
        "fixed_compensation",
        f"Fixed compensation {fixed} {currency} per late invoice (Directive 2011/7/EU art. 6(1)).",
        {"fee": str(fixed)},
    )


def _below_minimum(policy: LateChargePolicy, total: Money) -> Reason | None:
    """A charge below the policy's minimum charge is waived."""
    currency = total.code
    minimum = policy.minimum_charge.get(currency)
    if not minimum or not 0 < total.amount < minimum:
        return None
    return Reason(
        "below_minimum_charge",
        f"{total.amount} {currency} is below the minimum charge {minimum} {currency}; waived.",
        {"total": str(total.amount), "minimum": str(minimum)},
    )


def assess(
    items: Iterable[OpenItem],
    *,
    as_of: dt.date,
    policy: LateChargePolicy,
    charged_until: Mapping[str, dt.date] | None = None,
    fees_charged: Iterable[str] = (),
) -> LateChargeAssessment:
    """Late charges on ``as_of`` for every invoice in ``items`` with something open.

    ``charged_until`` gives, per item number, the last day interest was already
    charged (a previous debit note), so interest is never charged twice;
    ``fees_charged`` names items whose fixed fee was charged. Credits and, unless
    the policy says so, debit notes (no interest on interest) are left out.

    >>> assess([], as_of=dt.date(2026, 1, 1), policy=None)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: policy: got None; expected a LateChargePolicy
    """
    if not isinstance(policy, LateChargePolicy):
        raise ValidationError("policy", policy, "a LateChargePolicy")
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    until = _charged_until(charged_until)
    fees = _fees_charged(fees_charged)
    charges: list[LateCharge] = []
    skipped: list[str] = []
    seen: set[str] = set()
    given: object = items
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise ValidationError("items", given, "an iterable of ledger.OpenItem values")
    for index, item in enumerate(items):
        if not isinstance(item, OpenItem):
            raise ValidationError(f"items[{index}]", item, "a ledger.OpenItem")
        if item.number in seen:
            raise ValidationError(f"items[{index}].number", item.number, "unique item numbers")
        seen.add(item.number)
        if item.open.amount <= 0 or item.kind not in (ItemKind.INVOICE, ItemKind.DEBIT_NOTE):
            continue
        if item.kind is ItemKind.DEBIT_NOTE and not policy.charge_debit_notes:
            skipped.append(item.number)
            continue
        charges.append(_charge(item, as_of, policy, until.get(item.number), item.number in fees))
    charges.sort(key=lambda c: (c.customer_id, c.item))
    reasons: list[Reason] = []
    _note(reasons, _debit_notes_left_out(skipped))
    return LateChargeAssessment(
        as_of=as_of,
        charges=tuple(charges),
        policy_id=policy.id,
        policy_version=policy.version,
        reasons=tuple(reasons),
    )


def _charged_until(charged_until: object) -> dict[str, dt.date]:
    """The day interest was last charged, per item number, checked."""
    if charged_until is not None and not isinstance(charged_until, Mapping):
        raise ValidationError(
            "charged_until", charged_until, "a mapping of item number to datetime.date"
        )
    until = dict(charged_until or {})
    for number, day in until.items():
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise ValidationError(f"charged_until[{number}]", day, "a datetime.date")
    return until


def _fees_charged(fees_charged: object) -> frozenset[str]:
    """The item numbers whose fixed fee was charged, checked."""
    # a bare string would be read as its characters and charge the fee again
    if isinstance(fees_charged, str) or not isinstance(fees_charged, Iterable):
        raise ValidationError("fees_charged", fees_charged, "a list of item numbers")
    fees = frozenset(fees_charged)
    for number in fees:
        if not isinstance(number, str):
            raise ValidationError("fees_charged", number, "item numbers as strings")
    return fees


def _debit_notes_left_out(skipped: list[str]) -> Reason | None:
    """Debit notes are not charged interest unless the policy says so (no interest on interest)."""
    if not skipped:
        return None
    skipped.sort()
    return Reason(
        "debit_notes_not_charged",
        f"No interest on debit notes {', '.join(skipped)} (no interest on interest).",
        {"items": skipped},
    )
