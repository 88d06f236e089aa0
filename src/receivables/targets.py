"""Is each collector and portfolio on its way to the month's collection target, and who goes to committee?

Each month a collector (and the portfolio they work, a segment or a region)
has a collection target. As of a day of the month, :func:`progress` compares
what was recovered with the target and with the *pace* the month calls for
(the target times the share of the month's days gone by):

- ``met`` once recovered reaches the target;
- ``on_track`` while recovered is at least the pace less the policy's
  tolerance;
- ``behind`` otherwise.

Beside the money, the agreements the collector signed in the month (payment
promises or plans, judged by the host with :mod:`receivables.promises` or
:mod:`receivables.plans`) are counted as signed, kept and broken; the kept
rate is ``kept / (kept + partly kept + broken)``, as in
:mod:`receivables.promises` (a partly kept agreement is not a kept one).

:func:`committee_list` picks the critical customers for the monthly credit
committee: those with at least ``committee_broken`` broken agreements, or at
least ``committee_days_past_due`` days past due on an overdue balance of at
least the policy's floor in its currency; the most overdue first, each with
the criteria it met as reasons.

>>> from receivables.money import money
>>> target = Target(collector="ana", portfolio="retail", month=dt.date(2026, 3, 1),
...                 amount=money("100000.00", "USD"))
>>> paid = [Recovery(collector="ana", portfolio="retail", customer_id="C1",
...                  amount=money("40000.00", "USD"), date=dt.date(2026, 3, 12))]
>>> row = progress([target], paid, [], as_of=dt.date(2026, 3, 15)).rows[0]
>>> row.attainment, row.pace, row.status
(Decimal('0.4000'), Money('48387.10', 'USD'), <TargetStatus.BEHIND: 'behind'>)
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from receivables.decisions import Reason, check_policy_identity, check_whole_number
from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    PolicyError,
    ValidationError,
)
from receivables.money import Money, from_minor, to_minor

__all__ = [
    "Agreement",
    "AgreementStatus",
    "CommitteeCase",
    "Exposure",
    "Recovery",
    "Target",
    "TargetPolicy",
    "TargetReport",
    "TargetRow",
    "TargetStatus",
    "committee_list",
    "progress",
]


def _items(field: str, value: object, error: type[ValidationError] = ValidationError) -> list[Any]:
    """``value`` as a list, or ``error`` when it is not a list-like of items."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise error(field, value, "a list (or other iterable) of items")
    return list(value)


_FOUR = Decimal("0.0001")


class TargetStatus(enum.StrEnum):
    """Where a collector stands against the month's target.

    >>> [member.value for member in TargetStatus]
    ['met', 'on_track', 'behind']
    """

    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"


class AgreementStatus(enum.StrEnum):
    """An agreement as the host judged it (the values of :mod:`receivables.promise_status`).

    >>> [member.value for member in AgreementStatus]
    ['pending', 'kept', 'partly_kept', 'broken']
    """

    PENDING = "pending"
    KEPT = "kept"
    PARTLY_KEPT = "partly_kept"
    BROKEN = "broken"


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"{type(instance).__name__.lower()}.{attribute.name}", value, "a non-empty str"
        )


def _day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(
            f"{type(instance).__name__.lower()}.{attribute.name}", value, "a datetime.date"
        )


def _money(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Money) or value.amount <= 0:
        raise ValidationError(
            f"{type(instance).__name__.lower()}.{attribute.name}", value, "a positive Money"
        )


@attrs.frozen(kw_only=True)
class Target:
    """The amount a collector should recover from a portfolio in a month (``month``: its 1st).

    >>> from receivables.money import money
    >>> Target(collector="ana", portfolio="retail", month=dt.date(2026, 3, 2), amount=money("1", "USD"))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: target.month: got datetime.date(2026, 3, 2); expected the first day of the month
    """

    collector: str = attrs.field(validator=_text)
    portfolio: str = attrs.field(validator=_text)
    month: dt.date = attrs.field(validator=_day)
    amount: Money = attrs.field(validator=_money)

    def __attrs_post_init__(self) -> None:
        if self.month.day != 1:
            raise ValidationError("target.month", self.month, "the first day of the month")


@attrs.frozen(kw_only=True)
class Recovery:
    """Money recovered by a collector from a customer of a portfolio on a date.

    >>> Recovery.__name__
    'Recovery'
    """

    collector: str = attrs.field(validator=_text)
    portfolio: str = attrs.field(validator=_text)
    customer_id: str = attrs.field(validator=_text)
    amount: Money = attrs.field(validator=_money)
    date: dt.date = attrs.field(validator=_day)


def _agreement_status(value: object) -> AgreementStatus:
    try:
        return AgreementStatus(str(value))
    except ValueError:
        raise ValidationError(
            "agreement.status", value, "'pending', 'kept', 'partly_kept' or 'broken'"
        ) from None


@attrs.frozen(kw_only=True)
class Agreement:
    """A payment agreement a collector signed with a customer, and how it went.

    >>> Agreement(id="A1", collector="ana", customer_id="C1", signed_on=dt.date(2026, 3, 2),
    ...           status="kept").status
    <AgreementStatus.KEPT: 'kept'>
    """

    id: str = attrs.field(validator=_text)
    collector: str = attrs.field(validator=_text)
    customer_id: str = attrs.field(validator=_text)
    signed_on: dt.date = attrs.field(validator=_day)
    status: AgreementStatus = attrs.field(converter=_agreement_status)


@attrs.frozen(kw_only=True)
class Exposure:
    """A customer's overdue balance and how late its oldest item is, as of the committee date.

    >>> Exposure.__name__
    'Exposure'
    """

    customer_id: str = attrs.field(validator=_text)
    overdue: Money = attrs.field()
    days_past_due: int = attrs.field(validator=check_whole_number("exposure", 0, "days, 0 or more"))

    @overdue.validator
    def _check_overdue(self, attribute: attrs.Attribute[Money], value: object) -> None:
        if not isinstance(value, Money) or value.amount < 0:
            raise ValidationError("exposure.overdue", value, "a Money of 0 or more")


def _floors(value: Iterable[Money]) -> tuple[Money, ...]:
    result = tuple(_items("target_policy.committee_overdue", value, PolicyError))
    seen: set[str] = set()
    for index, amount in enumerate(result):
        field = f"target_policy.committee_overdue[{index}]"
        if not isinstance(amount, Money) or amount.amount < 0:
            raise PolicyError(field, amount, "a Money of 0 or more")
        if amount.code in seen:
            raise PolicyError(field, amount, "one floor per currency")
        seen.add(amount.code)
    return result


def _percent(value: object) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise PolicyError(
            "target_policy.tolerance_percent", value, "a percent as str, int or Decimal"
        )
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise PolicyError(
            "target_policy.tolerance_percent", value, "a percent from 0 to 100"
        ) from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise PolicyError("target_policy.tolerance_percent", value, "a percent from 0 to 100")
    return number


@attrs.frozen(kw_only=True)
class TargetPolicy:
    """The slack on the month's pace, and who goes to committee.

    ``committee_overdue`` holds the overdue floor per currency (a currency
    not listed has floor 0).

    >>> from receivables.interop import structure
    >>> structure({"tolerance_percent": "10", "committee_broken": 3}, TargetPolicy).committee_broken
    3
    """

    id: str = attrs.field(default="collection-targets")
    version: str = attrs.field(default="1")
    tolerance_percent: Decimal = attrs.field(default=Decimal(0), converter=_percent)
    committee_broken: int = attrs.field(
        default=2, validator=check_whole_number("target_policy", 1, "a count of 1 or more")
    )
    committee_days_past_due: int = attrs.field(
        default=90, validator=check_whole_number("target_policy", 0, "days, 0 or more")
    )
    committee_overdue: tuple[Money, ...] = attrs.field(default=(), converter=_floors)
    committee_size: int = attrs.field(
        default=20, validator=check_whole_number("target_policy", 1, "a count of 1 or more")
    )

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)


@attrs.frozen(kw_only=True)
class TargetRow:
    """One collector and portfolio in the month: target, recovered, pace, agreements, status.

    ``attainment`` is ``recovered / target`` to four places.

    >>> TargetRow.__name__
    'TargetRow'
    """

    collector: str
    portfolio: str
    target: Money
    recovered: Money
    pace: Money
    attainment: Decimal
    status: TargetStatus
    signed: int
    kept: int
    partly_kept: int
    broken: int
    kept_rate: Decimal | None
    reasons: tuple[Reason, ...]


@attrs.frozen(kw_only=True)
class TargetReport:
    """Every target of the month as of a day.

    >>> TargetReport.__name__
    'TargetReport'
    """

    month: dt.date
    as_of: dt.date
    rows: tuple[TargetRow, ...]
    policy_id: str
    policy_version: str


def _ratio(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(_FOUR, ROUND_HALF_UP)


def _row(
    target: Target,
    recovered: int,
    elapsed: int,
    month_days: int,
    counts: dict[str, int],
    policy: TargetPolicy,
) -> TargetRow:
    code = target.amount.code
    goal = to_minor(target.amount)
    pace = int((Decimal(goal) * elapsed / month_days).to_integral_value(ROUND_HALF_UP))
    floor = int((pace * (1 - policy.tolerance_percent / 100)).to_integral_value(ROUND_HALF_UP))
    data = {
        "target": str(target.amount.amount),
        "recovered": str(from_minor(recovered, code).amount),
        "pace": str(from_minor(pace, code).amount),
        "days_elapsed": elapsed,
        "days_in_month": month_days,
    }
    if recovered >= goal:
        status, reason = TargetStatus.MET, Reason("target_met", "The month's target is met.", data)
    elif recovered >= floor:
        status = TargetStatus.ON_TRACK
        reason = Reason(
            "on_pace", f"Recovered {data['recovered']} against a pace of {data['pace']}.", data
        )
    else:
        status = TargetStatus.BEHIND
        reason = Reason(
            "behind_pace",
            f"Recovered {data['recovered']}, short of the pace of {data['pace']}.",
            data,
        )
    judged = counts["kept"] + counts["partly_kept"] + counts["broken"]
    return TargetRow(
        collector=target.collector,
        portfolio=target.portfolio,
        target=target.amount,
        recovered=from_minor(recovered, code),
        pace=from_minor(pace, code),
        attainment=_ratio(recovered, goal),
        status=status,
        signed=counts["signed"],
        kept=counts["kept"],
        partly_kept=counts["partly_kept"],
        broken=counts["broken"],
        kept_rate=_ratio(counts["kept"], judged) if judged else None,
        reasons=(reason,),
    )


def progress(
    targets: Iterable[Target],
    recoveries: Iterable[Recovery],
    agreements: Iterable[Agreement],
    *,
    as_of: dt.date,
    policy: TargetPolicy | None = None,
) -> TargetReport:
    """Recovered against target and pace for every target of ``as_of``'s month.

    Recoveries count from the 1st of the month to ``as_of``; agreements
    signed in those days count for their collector (in every portfolio row
    of that collector).

    >>> progress([], [], [], as_of=dt.date(2026, 3, 15)).rows
    ()
    """
    chosen = policy if policy is not None else TargetPolicy()
    if not isinstance(chosen, TargetPolicy):
        raise ValidationError("policy", policy, "a TargetPolicy")
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    month = as_of.replace(day=1)
    month_days = calendar.monthrange(as_of.year, as_of.month)[1]
    chosen_targets: dict[tuple[str, str], Target] = {}
    for index, target in enumerate(_items("targets", targets)):
        if not isinstance(target, Target):
            raise ValidationError(f"targets[{index}]", target, "a Target")
        if target.month != month:
            continue
        key = (target.collector, target.portfolio)
        if key in chosen_targets:
            raise DuplicateDocumentError("target", f"{key[0]}/{key[1]}/{month}")
        chosen_targets[key] = target
    recovered: dict[tuple[str, str], int] = {}
    for index, recovery in enumerate(_items("recoveries", recoveries)):
        if not isinstance(recovery, Recovery):
            raise ValidationError(f"recoveries[{index}]", recovery, "a Recovery")
        key = (recovery.collector, recovery.portfolio)
        if not month <= recovery.date <= as_of or key not in chosen_targets:
            continue
        expected = chosen_targets[key].amount.code
        if recovery.amount.code != expected:
            raise CurrencyMismatchError("count toward a target in", expected, recovery.amount.code)
        recovered[key] = recovered.get(key, 0) + to_minor(recovery.amount)
    counts: dict[str, dict[str, int]] = {}
    ids: set[str] = set()
    for index, agreement in enumerate(_items("agreements", agreements)):
        if not isinstance(agreement, Agreement):
            raise ValidationError(f"agreements[{index}]", agreement, "an Agreement")
        if agreement.id in ids:
            raise DuplicateDocumentError("agreement", agreement.id)
        ids.add(agreement.id)
        if not month <= agreement.signed_on <= as_of:
            continue
        row = counts.setdefault(
            agreement.collector, {"signed": 0, "kept": 0, "partly_kept": 0, "broken": 0}
        )
        row["signed"] += 1
        if agreement.status is not AgreementStatus.PENDING:
            row[agreement.status.value] += 1
    rows = [
        _row(
            chosen_targets[key],
            recovered.get(key, 0),
            as_of.day,
            month_days,
            counts.get(key[0], {"signed": 0, "kept": 0, "partly_kept": 0, "broken": 0}),
            chosen,
        )
        for key in sorted(chosen_targets)
    ]
    return TargetReport(
        month=month,
        as_of=as_of,
        rows=tuple(rows),
        policy_id=chosen.id,
        policy_version=chosen.version,
    )


@attrs.frozen(kw_only=True)
class CommitteeCase:
    """A critical customer for the committee, with the criteria it met.

    >>> CommitteeCase.__name__
    'CommitteeCase'
    """

    customer_id: str
    overdue: Money
    days_past_due: int
    broken: int
    reasons: tuple[Reason, ...]


def committee_list(
    exposures: Iterable[Exposure],
    agreements: Iterable[Agreement],
    *,
    policy: TargetPolicy | None = None,
) -> tuple[CommitteeCase, ...]:
    """The critical customers: broken agreements, or long and large overdue; most overdue first.

    At most ``committee_size`` cases; ties go by days past due, then id.

    >>> from receivables.money import money
    >>> late = Exposure(customer_id="C1", overdue=money("9000", "USD"), days_past_due=120)
    >>> [(c.customer_id, [r.code for r in c.reasons]) for c in committee_list([late], [])]
    [('C1', ['long_overdue'])]
    """
    chosen = policy if policy is not None else TargetPolicy()
    if not isinstance(chosen, TargetPolicy):
        raise ValidationError("policy", policy, "a TargetPolicy")
    broken: dict[str, int] = {}
    for index, agreement in enumerate(_items("agreements", agreements)):
        if not isinstance(agreement, Agreement):
            raise ValidationError(f"agreements[{index}]", agreement, "an Agreement")
        if agreement.status is AgreementStatus.BROKEN:
            broken[agreement.customer_id] = broken.get(agreement.customer_id, 0) + 1
    cases = []
    seen: set[str] = set()
    for index, exposure in enumerate(_items("exposures", exposures)):
        if not isinstance(exposure, Exposure):
            raise ValidationError(f"exposures[{index}]", exposure, "an Exposure")
        if exposure.customer_id in seen:
            raise DuplicateDocumentError("exposure", exposure.customer_id)
        seen.add(exposure.customer_id)
        floor = next(
            (m for m in chosen.committee_overdue if m.code == exposure.overdue.code),
            from_minor(0, exposure.overdue.code),
        )
        reasons = []
        count = broken.get(exposure.customer_id, 0)
        if count >= chosen.committee_broken:
            reasons.append(
                Reason(
                    "broken_agreements",
                    f"{count} broken agreement(s) (committee from {chosen.committee_broken}).",
                    {"broken": count, "threshold": chosen.committee_broken},
                )
            )
        if (
            exposure.overdue.amount > 0
            and exposure.days_past_due >= chosen.committee_days_past_due
            and exposure.overdue >= floor
        ):
            reasons.append(
                Reason(
                    "long_overdue",
                    f"{exposure.overdue} overdue, {exposure.days_past_due} days past due.",
                    {
                        "overdue": str(exposure.overdue.amount),
                        "currency": exposure.overdue.code,
                        "days_past_due": exposure.days_past_due,
                        "floor": str(floor.amount),
                    },
                )
            )
        if reasons:
            cases.append(
                CommitteeCase(
                    customer_id=exposure.customer_id,
                    overdue=exposure.overdue,
                    days_past_due=exposure.days_past_due,
                    broken=count,
                    reasons=tuple(reasons),
                )
            )
    cases.sort(key=lambda c: (-c.overdue.amount, -c.days_past_due, c.customer_id))
    return tuple(cases[: chosen.committee_size])
