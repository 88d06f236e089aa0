"""Which provisional receipts from the field are not yet backed by money in the bank?

Collectors in the field take payments and hand the customer a provisional
receipt ("recibo provisional de caja"). The receipt is *legalized* when the
money reaches the bank (the collector's deposit, or the customer's transfer)
and is matched to it; the policy gives the collector a number of business
days to do so (one is common). As of a date each receipt is:

- ``legalized`` on time, or ``legalized_late`` after its deadline;
- ``pending`` while its deadline has not passed;
- ``missing`` once the deadline passed without legalization: money a
  collector holds, the case an auditor asks about first.

The deadline is ``issued_on`` plus ``days_to_legalize`` business days of the
:class:`~receivables.calendars.BusinessCalendar` (a receipt written on a
Friday in Colombia before a Monday holiday is due on Tuesday). *Time to
legalize* is the business days from issue to legalization; per collector it
is summed and counted, so the mean merges across partitions by adding.

>>> from receivables.calendars import BusinessCalendar
>>> from receivables.money import money
>>> receipt = ProvisionalReceipt(id="RP-1", collector="ana", customer_id="C1",
...     amount=money("350000", "COP"), issued_on=dt.date(2026, 1, 9))
>>> checked = review([receipt], dt.date(2026, 1, 14), BusinessCalendar("CO"))
>>> checked.checks[0].status, checked.checks[0].deadline
(<LegalizationStatus.MISSING: 'missing'>, datetime.date(2026, 1, 13))
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from receivables.calendars import BusinessCalendar
from receivables.decisions import Reason, check_policy_identity, check_whole_number
from receivables.documents import Payment
from receivables.errors import DuplicateDocumentError, ValidationError
from receivables.money import Money, from_minor, to_minor

__all__ = [
    "CollectorSummary",
    "LegalizationCheck",
    "LegalizationStatus",
    "ProvisionalReceipt",
    "ReceiptPolicy",
    "ReceiptReview",
    "legalize",
    "review",
]


def _items(field: str, value: object, error: type[ValidationError] = ValidationError) -> list[Any]:
    """``value`` as a list, or ``error`` when it is not a list-like of items."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise error(field, value, "a list (or other iterable) of items")
    return list(value)


class LegalizationStatus(enum.StrEnum):
    """Where a provisional receipt stands as of a date.

    >>> [member.value for member in LegalizationStatus]
    ['legalized', 'legalized_late', 'pending', 'missing']
    """

    LEGALIZED = "legalized"
    LEGALIZED_LATE = "legalized_late"
    PENDING = "pending"
    MISSING = "missing"


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"receipt.{attribute.name}", value, "a non-empty str")


def _day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name == "legalized_on":
        return
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(f"receipt.{attribute.name}", value, "a datetime.date")


@attrs.frozen(kw_only=True)
class ProvisionalReceipt:
    """A receipt a collector wrote in the field, and when (if) the bank backed it.

    >>> from receivables.money import money
    >>> ProvisionalReceipt(id="RP-1", collector="ana", customer_id="C1",
    ...     amount=money("10", "USD"), issued_on=dt.date(2026, 1, 9),
    ...     legalized_on=dt.date(2026, 1, 8))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: receipt.legalized_on: got datetime.date(2026, 1, 8); expected a day on or after it was issued, 2026-01-09
    """

    id: str = attrs.field(validator=_text)
    collector: str = attrs.field(validator=_text)
    customer_id: str = attrs.field(validator=_text)
    amount: Money = attrs.field()
    issued_on: dt.date = attrs.field(validator=_day)
    legalized_on: dt.date | None = attrs.field(default=None, validator=_day)
    bank_reference: str = attrs.field(default="")

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Money], value: object) -> None:
        if not isinstance(value, Money) or value.amount <= 0:
            raise ValidationError("receipt.amount", value, "a positive Money")

    def __attrs_post_init__(self) -> None:
        if self.legalized_on is not None and self.legalized_on < self.issued_on:
            raise ValidationError(
                "receipt.legalized_on",
                self.legalized_on,
                f"a day on or after it was issued, {self.issued_on}",
            )


@attrs.frozen(kw_only=True)
class ReceiptPolicy:
    """How many business days a collector has to legalize a receipt.

    >>> ReceiptPolicy(days_to_legalize=-1)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: receipt_policy.days_to_legalize: got -1; expected business days, 0 or more
    """

    id: str = attrs.field(default="provisional-receipts")
    version: str = attrs.field(default="1")
    days_to_legalize: int = attrs.field(
        default=1, validator=check_whole_number("receipt_policy", 0, "business days, 0 or more")
    )

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)


def legalize(receipt: ProvisionalReceipt, deposit: Payment) -> ProvisionalReceipt:
    """The receipt backed by ``deposit``: same customer and amount, on or after the receipt.

    >>> from receivables.money import money
    >>> receipt = ProvisionalReceipt(id="RP-1", collector="ana", customer_id="C1",
    ...     amount=money("350000", "COP"), issued_on=dt.date(2026, 1, 9))
    >>> paid = Payment(id="BNK-9", customer_id="C1", amount=money("350000", "COP"),
    ...                received_date=dt.date(2026, 1, 13))
    >>> legalize(receipt, paid).legalized_on, legalize(receipt, paid).bank_reference
    (datetime.date(2026, 1, 13), 'BNK-9')
    """
    if not isinstance(receipt, ProvisionalReceipt):
        raise ValidationError("receipt", receipt, "a ProvisionalReceipt")
    if not isinstance(deposit, Payment):
        raise ValidationError("deposit", deposit, "a receivables.documents.Payment")
    if receipt.legalized_on is not None:
        raise ValidationError(
            "receipt.legalized_on", receipt.legalized_on, "a receipt not yet legalized"
        )
    if deposit.customer_id not in (None, receipt.customer_id):
        raise ValidationError(
            "deposit.customer_id", deposit.customer_id, f"{receipt.customer_id!r}"
        )
    if deposit.amount != receipt.amount:
        raise ValidationError("deposit.amount", deposit.amount, f"the receipt's {receipt.amount}")
    if deposit.received_date < receipt.issued_on:
        raise ValidationError(
            "deposit.received_date", deposit.received_date, f"on or after {receipt.issued_on}"
        )
    return attrs.evolve(receipt, legalized_on=deposit.received_date, bank_reference=deposit.id)


@attrs.frozen(kw_only=True)
class LegalizationCheck:
    """One receipt judged: its deadline, status, business days taken, and why.

    >>> LegalizationCheck.__name__
    'LegalizationCheck'
    """

    receipt: ProvisionalReceipt
    deadline: dt.date
    status: LegalizationStatus
    business_days: int | None
    reasons: tuple[Reason, ...]


@attrs.frozen(kw_only=True)
class CollectorSummary:
    """Per collector: counts per status, the days taken to legalize, and money not yet banked.

    ``mean_days`` is ``days_total / legalized`` to two places; summaries of
    one collector merge by adding (``+``).

    >>> a = CollectorSummary(collector="ana", legalized=2, days_total=3, max_days=2)
    >>> (a + CollectorSummary(collector="ana", legalized=1, days_total=0)).mean_days
    Decimal('1.00')
    """

    collector: str
    legalized: int = 0
    legalized_late: int = 0
    pending: int = 0
    missing: int = 0
    days_total: int = 0
    max_days: int = 0
    unbanked: tuple[Money, ...] = ()

    @property
    def mean_days(self) -> Decimal | None:
        """Mean business days to legalize (None before any legalization).

        >>> CollectorSummary(collector="bo").mean_days is None
        True
        """
        done = self.legalized + self.legalized_late
        if not done:
            return None
        return (Decimal(self.days_total) / done).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def __add__(self, other: object) -> CollectorSummary:
        if not isinstance(other, CollectorSummary):
            return NotImplemented
        if other.collector != self.collector:
            raise ValidationError("collector", other.collector, f"{self.collector!r} to merge")
        units: dict[str, int] = {}
        for amount in (*self.unbanked, *other.unbanked):
            units[amount.code] = units.get(amount.code, 0) + to_minor(amount)
        return CollectorSummary(
            collector=self.collector,
            legalized=self.legalized + other.legalized,
            legalized_late=self.legalized_late + other.legalized_late,
            pending=self.pending + other.pending,
            missing=self.missing + other.missing,
            days_total=self.days_total + other.days_total,
            max_days=max(self.max_days, other.max_days),
            unbanked=tuple(from_minor(units[c], c) for c in sorted(units)),
        )


@attrs.frozen(kw_only=True)
class ReceiptReview:
    """Every receipt issued on or before ``as_of`` judged, and a summary per collector.

    >>> ReceiptReview.__name__
    'ReceiptReview'
    """

    as_of: dt.date
    checks: tuple[LegalizationCheck, ...]
    by_collector: dict[str, CollectorSummary]
    policy_id: str
    policy_version: str


def _judge(
    receipt: ProvisionalReceipt, as_of: dt.date, calendar: BusinessCalendar, days: int
) -> LegalizationCheck:
    deadline = calendar.add_business_days(calendar.adjust(receipt.issued_on), days)
    data: dict[str, Any] = {
        "receipt": receipt.id,
        "collector": receipt.collector,
        "issued_on": receipt.issued_on.isoformat(),
        "deadline": deadline.isoformat(),
        "amount": str(receipt.amount.amount),
        "currency": receipt.amount.code,
    }
    done = receipt.legalized_on if receipt.legalized_on and receipt.legalized_on <= as_of else None
    if done is not None:
        taken = max(calendar.business_days_between(receipt.issued_on, done), 0)
        data["business_days"] = taken
        if done <= deadline:
            status, code, text = LegalizationStatus.LEGALIZED, "legalized_on_time", "on time"
        else:
            status, code, text = LegalizationStatus.LEGALIZED_LATE, "legalized_late", "late"
        message = f"Receipt {receipt.id} legalized {text} on {done} ({taken} business day(s))."
        return LegalizationCheck(
            receipt=receipt,
            deadline=deadline,
            status=status,
            business_days=taken,
            reasons=(Reason(code, message, data),),
        )
    if as_of <= deadline:
        status, code = LegalizationStatus.PENDING, "within_deadline"
        message = f"Receipt {receipt.id} is due at the bank by {deadline}."
    else:
        status, code = LegalizationStatus.MISSING, "legalization_missing"
        message = (
            f"Receipt {receipt.id} of {receipt.amount} by {receipt.collector} "
            f"was due at the bank by {deadline} and is not there."
        )
    return LegalizationCheck(
        receipt=receipt,
        deadline=deadline,
        status=status,
        business_days=None,
        reasons=(Reason(code, message, data),),
    )


def review(
    receipts: Iterable[ProvisionalReceipt],
    as_of: dt.date,
    calendar: BusinessCalendar,
    policy: ReceiptPolicy | None = None,
) -> ReceiptReview:
    """Judge every receipt issued on or before ``as_of``, in the order given.

    >>> from receivables.calendars import BusinessCalendar
    >>> review([], dt.date(2026, 1, 14), BusinessCalendar("CO")).by_collector
    {}
    """
    chosen = policy if policy is not None else ReceiptPolicy()
    if not isinstance(chosen, ReceiptPolicy):
        raise ValidationError("policy", policy, "a ReceiptPolicy")
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    if not isinstance(calendar, BusinessCalendar):
        raise ValidationError("calendar", calendar, "a receivables.calendars.BusinessCalendar")
    checks: list[LegalizationCheck] = []
    ids: set[str] = set()
    summaries: dict[str, CollectorSummary] = {}
    for index, receipt in enumerate(_items("receipts", receipts)):
        if not isinstance(receipt, ProvisionalReceipt):
            raise ValidationError(f"receipts[{index}]", receipt, "a ProvisionalReceipt")
        if receipt.id in ids:
            raise DuplicateDocumentError("receipt", receipt.id)
        ids.add(receipt.id)
        if receipt.issued_on > as_of:
            continue
        check = _judge(receipt, as_of, calendar, chosen.days_to_legalize)
        checks.append(check)
        taken = check.business_days or 0
        counts = {check.status.value: 1}
        one = CollectorSummary(
            collector=receipt.collector,
            days_total=taken,
            max_days=taken,
            unbanked=(receipt.amount,) if check.business_days is None else (),
            **counts,
        )
        known = summaries.get(receipt.collector)
        summaries[receipt.collector] = known + one if known else one
    return ReceiptReview(
        as_of=as_of,
        checks=tuple(checks),
        by_collector={key: summaries[key] for key in sorted(summaries)},
        policy_id=chosen.id,
        policy_version=chosen.version,
    )
