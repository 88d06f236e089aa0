"""Which post-dated cheques in our safe do we deposit today, and what does a returned one cost?

A customer hands over post-dated cheques ("cheques posfechados") that we keep
in custody until the date written on them. Each business day the treasury
takes to the bank the cheques whose date has come: a cheque dated on a
weekend or a holiday is deposited on the next business day
(:class:`~receivables.calendars.BusinessCalendar`, the roll of the
:class:`ChequePolicy`). A cheque still in the safe after that day is listed
as late, so nobody forgets it.

Depositing a cheque turns it into a :class:`~receivables.documents.Payment`
(method ``check``), which cash application then applies. When the bank
returns it unpaid (insufficient funds, a stopped cheque, a wrong signature),
the payment is undone with a :class:`~receivables.documents.Reversal`, the
policy's returned-cheque fee is charged as a fee
:class:`~receivables.documents.Adjustment`, and a reason for the customer's
credit file records the return: after ``returns_before_refusal`` returns in
``lookback_days`` the policy stops accepting the customer's cheques (a rule
credit policies can take as a fact).

>>> from receivables.calendars import BusinessCalendar
>>> from receivables.money import money
>>> cheque = Cheque(id="CH-1", customer_id="C1", number="000123", bank="BANCOLOMBIA",
...                 amount=money("1500000.00", "COP"), dated=dt.date(2026, 1, 10),
...                 received_on=dt.date(2025, 12, 15))
>>> today = deposit_list([cheque], dt.date(2026, 1, 13), BusinessCalendar("CO"))
>>> [(line.cheque.id, line.deposit_on.isoformat(), line.reasons[0].code) for line in today.lines]
[('CH-1', '2026-01-13', 'cheque_date_reached')]
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from receivables.calendars import BusinessCalendar, Roll
from receivables.decisions import Reason, check_policy_identity, check_whole_number
from receivables.documents import Adjustment, Payment, PaymentMethod, Reversal
from receivables.errors import DuplicateDocumentError, PolicyError, ValidationError
from receivables.money import Money, from_minor, to_minor

__all__ = [
    "Cheque",
    "ChequePolicy",
    "ChequeStatus",
    "DepositLine",
    "DepositList",
    "ReturnedCheque",
    "deposit",
    "deposit_list",
    "return_cheque",
]


def _items(field: str, value: object, error: type[ValidationError] = ValidationError) -> list[Any]:
    """``value`` as a list, or ``error`` when it is not a list-like of items."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise error(field, value, "a list (or other iterable) of items")
    return list(value)


class ChequeStatus(enum.StrEnum):
    """Where a cheque is: in our safe, at the bank, or back from it unpaid.

    >>> [member.value for member in ChequeStatus]
    ['in_custody', 'deposited', 'returned']
    """

    IN_CUSTODY = "in_custody"
    DEPOSITED = "deposited"
    RETURNED = "returned"


def _status(value: object) -> ChequeStatus:
    try:
        return ChequeStatus(str(value))
    except ValueError:
        raise ValidationError(
            "cheque.status", value, "'in_custody', 'deposited' or 'returned'"
        ) from None


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"cheque.{attribute.name}", value, "a non-empty str")


def _day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name in {"deposited_on", "returned_on"}:
        return
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(f"cheque.{attribute.name}", value, "a datetime.date")


@attrs.frozen(kw_only=True)
class Cheque:
    """A cheque a customer gave us: its number, bank, amount, the date written on it.

    ``dated`` is the date on the cheque (the day it may be presented);
    ``received_on`` the day we took it into custody.

    >>> from receivables.money import money
    >>> Cheque(id="CH-1", customer_id="C1", number="1", bank="B", amount=money("0", "USD"),
    ...        dated=dt.date(2026, 1, 10), received_on=dt.date(2026, 1, 2))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: cheque.amount: got Money('0.00', 'USD'); expected a positive Money
    """

    id: str = attrs.field(validator=_text)
    customer_id: str = attrs.field(validator=_text)
    number: str = attrs.field(validator=_text)
    bank: str = attrs.field(validator=_text)
    amount: Money = attrs.field()
    dated: dt.date = attrs.field(validator=_day)
    received_on: dt.date = attrs.field(validator=_day)
    status: ChequeStatus = attrs.field(default=ChequeStatus.IN_CUSTODY, converter=_status)
    deposited_on: dt.date | None = attrs.field(default=None, validator=_day)
    returned_on: dt.date | None = attrs.field(default=None, validator=_day)

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Money], value: object) -> None:
        if not isinstance(value, Money) or value.amount <= 0:
            raise ValidationError("cheque.amount", value, "a positive Money")


def _roll(value: object) -> Roll:
    try:
        return Roll(str(value))
    except ValueError:
        raise PolicyError(
            "cheque_policy.roll", value, f"one of {[member.value for member in Roll]}"
        ) from None


def _fees(value: Iterable[Money]) -> tuple[Money, ...]:
    fees = tuple(_items("cheque_policy.return_fees", value, PolicyError))
    seen: set[str] = set()
    for index, fee in enumerate(fees):
        if not isinstance(fee, Money) or fee.amount < 0:
            raise PolicyError(f"cheque_policy.return_fees[{index}]", fee, "a Money of 0 or more")
        if fee.code in seen:
            raise PolicyError(f"cheque_policy.return_fees[{index}]", fee, "one fee per currency")
        seen.add(fee.code)
    return fees


@attrs.frozen(kw_only=True)
class ChequePolicy:
    """When a dated cheque goes to the bank, what a return costs, when cheques stop.

    ``return_fees`` holds at most one fee per currency (none: no fee).

    >>> ChequePolicy(roll="sideways")
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: cheque_policy.roll: got 'sideways'; expected one of ['unadjusted', 'following', 'modified_following', 'preceding', 'modified_preceding']
    """

    id: str = attrs.field(default="cheques")
    version: str = attrs.field(default="1")
    roll: Roll = attrs.field(default=Roll.FOLLOWING, converter=_roll)
    return_fees: tuple[Money, ...] = attrs.field(default=(), converter=_fees)
    returns_before_refusal: int = attrs.field(
        default=2, validator=check_whole_number("cheque_policy", 1, "a count of 1 or more")
    )
    lookback_days: int = attrs.field(
        default=365, validator=check_whole_number("cheque_policy", 1, "days, 1 or more")
    )

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)
        if self.roll in (Roll.PRECEDING, Roll.MODIFIED_PRECEDING):
            raise PolicyError(
                "cheque_policy.roll", self.roll.value, "a roll that never deposits before the date"
            )

    def fee_for(self, currency: str) -> Money:
        """The returned-cheque fee in ``currency`` (zero when none is set).

        >>> from receivables.money import money
        >>> ChequePolicy(return_fees=[money("35000", "COP")]).fee_for("COP")
        Money('35000.00', 'COP')
        """
        return next(
            (fee for fee in self.return_fees if fee.code == currency), from_minor(0, currency)
        )


@attrs.frozen(kw_only=True)
class DepositLine:
    """One cheque to take to the bank today, and why today.

    >>> DepositLine.__name__
    'DepositLine'
    """

    cheque: Cheque
    deposit_on: dt.date
    late_days: int
    reasons: tuple[Reason, ...]


@attrs.frozen(kw_only=True)
class DepositList:
    """The cheques to deposit on ``as_of`` with totals per currency, and why it may be empty.

    >>> DepositList(as_of=dt.date(2026, 1, 3), lines=(), totals={}, reasons=(),
    ...             policy_id="cheques", policy_version="1").lines
    ()
    """

    as_of: dt.date
    lines: tuple[DepositLine, ...]
    totals: dict[str, Money]
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str


def _check_date(field: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(field, value, "a datetime.date")
    return value


def _policy(policy: object) -> ChequePolicy:
    if policy is None:
        return ChequePolicy()
    if not isinstance(policy, ChequePolicy):
        raise ValidationError("policy", policy, "a ChequePolicy")
    return policy


def deposit_list(
    cheques: Iterable[Cheque],
    as_of: dt.date,
    calendar: BusinessCalendar,
    policy: ChequePolicy | None = None,
) -> DepositList:
    """The cheques in custody whose deposit day has come, on a business day ``as_of``.

    A cheque's deposit day is its date rolled by the policy. On a day the
    bank is closed the list is empty, with the reason. Ordered by deposit
    day, then customer, then cheque id.

    >>> from receivables.calendars import BusinessCalendar
    >>> deposit_list([], dt.date(2026, 1, 12), BusinessCalendar("CO")).reasons[0].code
    'not_a_business_day'
    """
    chosen = _policy(policy)
    _check_date("as_of", as_of)
    if not isinstance(calendar, BusinessCalendar):
        raise ValidationError("calendar", calendar, "a receivables.calendars.BusinessCalendar")
    held: list[tuple[dt.date, Cheque]] = []
    ids: set[str] = set()
    for index, cheque in enumerate(_items("cheques", cheques)):
        if not isinstance(cheque, Cheque):
            raise ValidationError(f"cheques[{index}]", cheque, "a Cheque")
        if cheque.id in ids:
            raise DuplicateDocumentError("cheque", cheque.id)
        ids.add(cheque.id)
        if cheque.status is ChequeStatus.IN_CUSTODY:
            held.append((calendar.adjust(cheque.dated, chosen.roll), cheque))
    if not calendar.is_business_day(as_of):
        reason = Reason(
            "not_a_business_day",
            f"{as_of.isoformat()} is not a business day: nothing is deposited.",
            {"as_of": as_of.isoformat(), "holiday": calendar.holiday_name(as_of)},
        )
        return DepositList(
            as_of=as_of,
            lines=(),
            totals={},
            reasons=(reason,),
            policy_id=chosen.id,
            policy_version=chosen.version,
        )
    lines: list[DepositLine] = []
    units: dict[str, int] = {}
    for deposit_on, cheque in sorted(held, key=lambda p: (p[0], p[1].customer_id, p[1].id)):
        if deposit_on > as_of:
            continue
        late = calendar.business_days_between(deposit_on, as_of)
        data = {
            "dated": cheque.dated.isoformat(),
            "deposit_on": deposit_on.isoformat(),
            "late_business_days": late,
        }
        if late:
            reason = Reason(
                "cheque_deposit_late",
                f"Cheque {cheque.number} was due at the bank on {deposit_on}, "
                f"{late} business day(s) ago.",
                data,
            )
        else:
            reason = Reason(
                "cheque_date_reached",
                f"Cheque {cheque.number} dated {cheque.dated} goes to the bank today.",
                data,
            )
        lines.append(
            DepositLine(cheque=cheque, deposit_on=deposit_on, late_days=late, reasons=(reason,))
        )
        units[cheque.amount.code] = units.get(cheque.amount.code, 0) + to_minor(cheque.amount)
    return DepositList(
        as_of=as_of,
        lines=tuple(lines),
        totals={code: from_minor(units[code], code) for code in sorted(units)},
        reasons=(),
        policy_id=chosen.id,
        policy_version=chosen.version,
    )


def deposit(cheque: Cheque, on: dt.date, *, payment_id: str) -> tuple[Cheque, Payment]:
    """Deposit a cheque in custody: the cheque marked deposited, and the payment it becomes.

    >>> from receivables.money import money
    >>> cheque = Cheque(id="CH-1", customer_id="C1", number="000123", bank="BANCOLOMBIA",
    ...                 amount=money("250.00", "USD"), dated=dt.date(2026, 1, 10),
    ...                 received_on=dt.date(2026, 1, 2))
    >>> deposited, payment = deposit(cheque, dt.date(2026, 1, 12), payment_id="P-77")
    >>> deposited.status, payment.method, payment.amount, payment.bank_reference
    (<ChequeStatus.DEPOSITED: 'deposited'>, <PaymentMethod.CHECK: 'check'>, Money('250.00', 'USD'), 'BANCOLOMBIA 000123')
    >>> deposit(cheque, dt.date(2026, 1, 9), payment_id="P-78")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: on: got datetime.date(2026, 1, 9); expected a day on or after the cheque's date, 2026-01-10
    """
    if not isinstance(cheque, Cheque):
        raise ValidationError("cheque", cheque, "a Cheque")
    _check_date("on", on)
    if cheque.status is not ChequeStatus.IN_CUSTODY:
        raise ValidationError("cheque.status", cheque.status.value, "a cheque in custody")
    if on < cheque.dated:
        raise ValidationError("on", on, f"a day on or after the cheque's date, {cheque.dated}")
    payment = Payment(
        id=payment_id,
        amount=cheque.amount,
        received_date=on,
        customer_id=cheque.customer_id,
        method=PaymentMethod.CHECK,
        bank_reference=f"{cheque.bank} {cheque.number}",
        remittance=f"Cheque {cheque.number} ({cheque.id})",
    )
    return attrs.evolve(cheque, status=ChequeStatus.DEPOSITED, deposited_on=on), payment


@attrs.frozen(kw_only=True)
class ReturnedCheque:
    """A cheque back from the bank unpaid: the reversal, the fee, and the note on credit.

    ``accept_cheques`` is False once the customer's returns within the
    policy's look-back reach ``returns_before_refusal``: a fact a credit
    policy can read (reason ``cheques_refused``).

    >>> ReturnedCheque.__name__
    'ReturnedCheque'
    """

    cheque: Cheque
    reversal: Reversal
    fee: Adjustment | None
    returns_in_window: int
    accept_cheques: bool
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str


def return_cheque(
    cheque: Cheque,
    on: dt.date,
    *,
    payment_id: str,
    reversal_id: str,
    reason: str,
    history: Iterable[Cheque] = (),
    policy: ChequePolicy | None = None,
) -> ReturnedCheque:
    """The bank returned a deposited cheque: reverse its payment, charge the fee, note the credit.

    ``history`` holds the customer's other cheques; those returned within
    ``lookback_days`` before ``on`` count toward the refusal rule.

    >>> from receivables.money import money
    >>> cheque = Cheque(id="CH-1", customer_id="C1", number="000123", bank="BANCOLOMBIA",
    ...                 amount=money("250.00", "USD"), dated=dt.date(2026, 1, 10),
    ...                 received_on=dt.date(2026, 1, 2), status="deposited",
    ...                 deposited_on=dt.date(2026, 1, 12))
    >>> back = return_cheque(cheque, dt.date(2026, 1, 14), payment_id="P-77", reversal_id="R-1",
    ...                      reason="insufficient funds",
    ...                      policy=ChequePolicy(return_fees=[money("15.00", "USD")]))
    >>> back.reversal.kind, back.fee.amount, back.accept_cheques, [r.code for r in back.reasons]
    (<ReversalKind.RETURNED_PAYMENT: 'returned_payment'>, Money('15.00', 'USD'), True, ['cheque_returned', 'return_fee_charged'])
    """
    chosen = _policy(policy)
    if not isinstance(cheque, Cheque):
        raise ValidationError("cheque", cheque, "a Cheque")
    _check_date("on", on)
    if cheque.status is not ChequeStatus.DEPOSITED or cheque.deposited_on is None:
        raise ValidationError("cheque.status", cheque.status.value, "a deposited cheque")
    if on < cheque.deposited_on:
        raise ValidationError("on", on, f"a day on or after the deposit, {cheque.deposited_on}")
    start = on - dt.timedelta(days=chosen.lookback_days)
    earlier = 0
    for index, other in enumerate(_items("history", history)):
        if not isinstance(other, Cheque):
            raise ValidationError(f"history[{index}]", other, "a Cheque")
        if (
            other.id != cheque.id
            and other.customer_id == cheque.customer_id
            and other.returned_on is not None
            and start < other.returned_on <= on
        ):
            earlier += 1
    count = earlier + 1
    returned = attrs.evolve(cheque, status=ChequeStatus.RETURNED, returned_on=on)
    reversal = Reversal(
        id=reversal_id, kind="returned_payment", target_id=payment_id, date=on, reason=reason
    )
    data = {"cheque": cheque.id, "number": cheque.number, "amount": str(cheque.amount.amount)}
    reasons = [
        Reason(
            "cheque_returned",
            f"Cheque {cheque.number} for {cheque.amount} returned on {on}: {reason}.",
            {**data, "reason": reason},
        )
    ]
    fee_amount = chosen.fee_for(cheque.amount.code)
    fee = None
    if fee_amount.amount > 0:
        fee = Adjustment(
            id=f"{reversal_id}-FEE",
            customer_id=cheque.customer_id,
            kind="fee",
            amount=fee_amount,
            date=on,
            reason=f"Returned cheque {cheque.number}",
        )
        reasons.append(
            Reason(
                "return_fee_charged",
                f"Returned-cheque fee of {fee_amount} charged.",
                {"fee": str(fee_amount.amount), "currency": fee_amount.code},
            )
        )
    accept = count < chosen.returns_before_refusal
    if not accept:
        reasons.append(
            Reason(
                "cheques_refused",
                f"{count} returned cheque(s) in {chosen.lookback_days} days: "
                f"no more cheques from {cheque.customer_id}.",
                {
                    "customer_id": cheque.customer_id,
                    "returns_in_window": count,
                    "returns_before_refusal": chosen.returns_before_refusal,
                },
            )
        )
    return ReturnedCheque(
        cheque=returned,
        reversal=reversal,
        fee=fee,
        returns_in_window=count,
        accept_cheques=accept,
        reasons=tuple(reasons),
        policy_id=chosen.id,
        policy_version=chosen.version,
    )
