"""Which guarantees back each credit line today, which must be renewed, and what does a lapse cost?

A customer's credit line may rest partly on guarantees: promissory notes
("pagarés"), bank guarantees (stand-by letters of credit, "garantías
bancarias") and cash deposits, each for an amount, most with an expiry date.
As of a date and under a :class:`GuaranteePolicy`:

- **the renewal list**: guarantees expiring within ``renewal_days`` (or
  already expired and not released), soonest first, for the credit team to
  ask for a renewal before the line loses its backing;
- **the guarantee fact** (:func:`assess`) of one customer: the cover that
  counts today (each kind's amount times the policy's recognition percent;
  an expired guarantee counts nothing) and the cover that lapsed. A credit
  policy takes it as a fact: the secured limit is the unsecured limit plus
  the cover (:meth:`GuaranteeFact.limit`), and with ``hold_orders`` (an
  expired guarantee not yet renewed, when the policy says so) order release
  is held, with reason ``guarantee_expired``.

A renewal is a new guarantee; give the old one a ``released_on`` so it
neither lapses nor holds. The rule is written here, not in
:mod:`receivables.policies`, so credit policies read its result as data
and stay independent of it.

>>> from receivables.money import money
>>> note = Guarantee(id="G-1", customer_id="C1", kind="bank_guarantee",
...                  amount=money("50000000", "COP"), issued_on=dt.date(2025, 4, 1),
...                  expires_on=dt.date(2026, 3, 31))
>>> fact = assess([note], "C1", dt.date(2026, 4, 2))
>>> fact.covered, fact.lapsed, fact.hold_orders
(Money('0.00', 'COP'), Money('50000000.00', 'COP'), True)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from receivables.decisions import (
    ReadOnlyMapping,
    Reason,
    check_flag,
    check_policy_identity,
    check_whole_number,
)
from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    PolicyError,
    ValidationError,
)
from receivables.money import Money, from_minor, to_minor

__all__ = [
    "Guarantee",
    "GuaranteeFact",
    "GuaranteeKind",
    "GuaranteePolicy",
    "RenewalItem",
    "assess",
    "renewal_list",
]


def _items(field: str, value: object, error: type[ValidationError] = ValidationError) -> list[Any]:
    """``value`` as a list, or ``error`` when it is not a list-like of items."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise error(field, value, "a list (or other iterable) of items")
    return list(value)


class GuaranteeKind(enum.StrEnum):
    """What backs the line.

    >>> [member.value for member in GuaranteeKind]
    ['promissory_note', 'bank_guarantee', 'deposit']
    """

    PROMISSORY_NOTE = "promissory_note"
    BANK_GUARANTEE = "bank_guarantee"
    DEPOSIT = "deposit"


def _kind(value: object) -> GuaranteeKind:
    try:
        return GuaranteeKind(str(value))
    except ValueError:
        raise ValidationError(
            "guarantee.kind", value, "'promissory_note', 'bank_guarantee' or 'deposit'"
        ) from None


def _day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.default is None:
        return
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(f"guarantee.{attribute.name}", value, "a datetime.date")


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"guarantee.{attribute.name}", value, "a non-empty str")


@attrs.frozen(kw_only=True)
class Guarantee:
    """A guarantee on a customer's line: kind, amount, issued, expiry (None: open-ended).

    ``released_on`` is the day it was given back (it no longer backs the line
    nor needs renewing).

    >>> from receivables.money import money
    >>> Guarantee(id="G", customer_id="C1", kind="deposit", amount=money("5", "USD"),
    ...           issued_on=dt.date(2026, 1, 1), expires_on=dt.date(2025, 12, 31))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: guarantee.expires_on: got datetime.date(2025, 12, 31); expected None or a day after it was issued, 2026-01-01
    """

    id: str = attrs.field(validator=_text)
    customer_id: str = attrs.field(validator=_text)
    kind: GuaranteeKind = attrs.field(converter=_kind)
    amount: Money = attrs.field()
    issued_on: dt.date = attrs.field(validator=_day)
    expires_on: dt.date | None = attrs.field(default=None, validator=_day)
    issuer: str = attrs.field(default="")
    released_on: dt.date | None = attrs.field(default=None, validator=_day)

    @amount.validator
    def _check_amount(self, attribute: attrs.Attribute[Money], value: object) -> None:
        if not isinstance(value, Money) or value.amount <= 0:
            raise ValidationError("guarantee.amount", value, "a positive Money")

    def __attrs_post_init__(self) -> None:
        if self.expires_on is not None and self.expires_on <= self.issued_on:
            raise ValidationError(
                "guarantee.expires_on",
                self.expires_on,
                f"None or a day after it was issued, {self.issued_on}",
            )
        if self.released_on is not None and self.released_on < self.issued_on:
            raise ValidationError(
                "guarantee.released_on", self.released_on, f"on or after {self.issued_on}"
            )

    def state(self, as_of: dt.date) -> str:
        """``'released'``, ``'expired'`` (after its expiry day) or ``'valid'`` on ``as_of``.

        >>> from receivables.money import money
        >>> g = Guarantee(id="G", customer_id="C1", kind="deposit", amount=money("5", "USD"),
        ...               issued_on=dt.date(2026, 1, 1), expires_on=dt.date(2026, 6, 30))
        >>> g.state(dt.date(2026, 6, 30)), g.state(dt.date(2026, 7, 1))
        ('valid', 'expired')
        """
        if self.released_on is not None and self.released_on <= as_of:
            return "released"
        if self.expires_on is not None and self.expires_on < as_of:
            return "expired"
        return "valid"


def _recognition(value: Mapping[str, object]) -> Mapping[str, Decimal]:
    if not isinstance(value, Mapping):
        raise PolicyError("guarantee_policy.recognition", value, "a mapping of kind to percent")
    result: dict[str, Decimal] = {}
    for kind, percent in value.items():
        field = f"guarantee_policy.recognition.{kind}"
        if kind not in {member.value for member in GuaranteeKind}:
            raise PolicyError(field, percent, "a kind: promissory_note, bank_guarantee, deposit")
        if isinstance(percent, bool | float) or not isinstance(percent, int | str | Decimal):
            raise PolicyError(field, percent, "a percent from 0 to 100 as str, int or Decimal")
        try:
            number = Decimal(percent)
        except ArithmeticError:
            raise PolicyError(field, percent, "a percent from 0 to 100") from None
        if not number.is_finite() or not 0 <= number <= 100:
            raise PolicyError(field, percent, "a percent from 0 to 100")
        result[kind] = number
    return ReadOnlyMapping(result)


def _default_recognition() -> dict[str, object]:
    return {"promissory_note": 100, "bank_guarantee": 100, "deposit": 100}


@attrs.frozen(kw_only=True)
class GuaranteePolicy:
    """How far ahead to ask for renewals, how much of each kind counts, and what a lapse holds.

    ``recognition`` is the percent of each kind's amount that counts toward
    the secured limit (a kind not listed counts 0).

    >>> from receivables.interop import structure
    >>> structure({"recognition": {"promissory_note": "50"}}, GuaranteePolicy).recognition
    {'promissory_note': Decimal('50')}
    """

    id: str = attrs.field(default="guarantees")
    version: str = attrs.field(default="1")
    renewal_days: int = attrs.field(
        default=30, validator=check_whole_number("guarantee_policy", 0, "days, 0 or more")
    )
    recognition: Mapping[str, Decimal] = attrs.field(
        factory=_default_recognition, converter=_recognition
    )
    hold_orders_on_expiry: bool = attrs.field(
        default=True, validator=check_flag("guarantee_policy")
    )

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)

    def counted(self, guarantee: Guarantee) -> Money:
        """The part of ``guarantee`` that counts toward the limit (half-up to the minor unit).

        >>> from receivables.money import money
        >>> g = Guarantee(id="G", customer_id="C1", kind="promissory_note",
        ...               amount=money("1000.01", "USD"), issued_on=dt.date(2026, 1, 1))
        >>> GuaranteePolicy(recognition={"promissory_note": 50}).counted(g)
        Money('500.01', 'USD')
        """
        percent = self.recognition.get(guarantee.kind.value, Decimal(0))
        units = (to_minor(guarantee.amount) * percent / 100).to_integral_value(ROUND_HALF_UP)
        return from_minor(int(units), guarantee.amount.code)


@attrs.frozen(kw_only=True)
class RenewalItem:
    """A guarantee to renew: days left (negative once expired) and why it is listed.

    >>> RenewalItem.__name__
    'RenewalItem'
    """

    guarantee: Guarantee
    days_left: int
    reasons: tuple[Reason, ...]


def _policy(policy: object) -> GuaranteePolicy:
    if policy is None:
        return GuaranteePolicy()
    if not isinstance(policy, GuaranteePolicy):
        raise ValidationError("policy", policy, "a GuaranteePolicy")
    return policy


def _checked(guarantees: Iterable[Guarantee], as_of: object) -> list[Guarantee]:
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    result: list[Guarantee] = []
    ids: set[str] = set()
    for index, guarantee in enumerate(_items("guarantees", guarantees)):
        if not isinstance(guarantee, Guarantee):
            raise ValidationError(f"guarantees[{index}]", guarantee, "a Guarantee")
        if guarantee.id in ids:
            raise DuplicateDocumentError("guarantee", guarantee.id)
        ids.add(guarantee.id)
        result.append(guarantee)
    return result


def renewal_list(
    guarantees: Iterable[Guarantee], as_of: dt.date, policy: GuaranteePolicy | None = None
) -> tuple[RenewalItem, ...]:
    """Guarantees expiring within ``renewal_days`` of ``as_of`` or expired, soonest first.

    >>> from receivables.money import money
    >>> g = Guarantee(id="G-1", customer_id="C1", kind="bank_guarantee",
    ...               amount=money("100", "USD"), issued_on=dt.date(2025, 4, 1),
    ...               expires_on=dt.date(2026, 3, 31))
    >>> [(i.guarantee.id, i.days_left) for i in renewal_list([g], dt.date(2026, 3, 10))]
    [('G-1', 21)]
    """
    chosen = _policy(policy)
    items = []
    for guarantee in _checked(guarantees, as_of):
        if guarantee.expires_on is None or guarantee.state(as_of) == "released":
            continue
        left = (guarantee.expires_on - as_of).days
        if left > chosen.renewal_days:
            continue
        data = {
            "customer_id": guarantee.customer_id,
            "kind": guarantee.kind.value,
            "amount": str(guarantee.amount.amount),
            "currency": guarantee.amount.code,
            "expires_on": guarantee.expires_on.isoformat(),
            "days_left": left,
        }
        if left < 0:
            reason = Reason(
                "guarantee_expired",
                f"{guarantee.kind.value} {guarantee.id} expired on {guarantee.expires_on}.",
                data,
            )
        else:
            reason = Reason(
                "guarantee_expiring",
                f"{guarantee.kind.value} {guarantee.id} expires in {left} day(s).",
                data,
            )
        items.append(RenewalItem(guarantee=guarantee, days_left=left, reasons=(reason,)))
    return tuple(
        sorted(items, key=lambda i: (i.days_left, i.guarantee.customer_id, i.guarantee.id))
    )


@attrs.frozen(kw_only=True)
class GuaranteeFact:
    """What a customer's guarantees mean for its credit line as of a date.

    >>> GuaranteeFact.__name__
    'GuaranteeFact'
    """

    customer_id: str
    as_of: dt.date
    covered: Money
    lapsed: Money
    hold_orders: bool
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    def limit(self, unsecured: Money) -> Money:
        """The secured limit: the unsecured part of the line plus the cover counted today.

        >>> from receivables.money import money
        >>> fact = assess([], "C1", dt.date(2026, 4, 2), currency="USD")
        >>> fact.limit(money("1000", "USD"))
        Money('1000.00', 'USD')
        """
        if not isinstance(unsecured, Money) or unsecured.amount < 0:
            raise ValidationError("unsecured", unsecured, "a Money of 0 or more")
        if unsecured.code != self.covered.code:
            raise CurrencyMismatchError("add cover to", unsecured.code, self.covered.code)
        return unsecured + self.covered


def assess(
    guarantees: Iterable[Guarantee],
    customer_id: str,
    as_of: dt.date,
    policy: GuaranteePolicy | None = None,
    *,
    currency: str | None = None,
) -> GuaranteeFact:
    """The guarantee fact of ``customer_id``: cover counted, cover lapsed, orders held or not.

    Guarantees of other customers are ignored; a customer without any needs
    ``currency``. A lapsed guarantee is one expired and not released; a
    released one neither counts nor holds.

    >>> from receivables.money import money
    >>> g = Guarantee(id="G-1", customer_id="C1", kind="deposit", amount=money("800", "USD"),
    ...               issued_on=dt.date(2026, 1, 1))
    >>> fact = assess([g], "C1", dt.date(2026, 4, 2))
    >>> fact.limit(money("1000", "USD")), fact.hold_orders, fact.reasons[0].code
    (Money('1800.00', 'USD'), False, 'guarantees_valid')
    """
    chosen = _policy(policy)
    mine = [g for g in _checked(guarantees, as_of) if g.customer_id == customer_id]
    codes = {g.amount.code for g in mine} | ({currency} if currency else set())
    if len(codes) != 1:
        if not codes:
            raise ValidationError(
                "currency", None, "the line's currency when there are no guarantees"
            )
        first, second = sorted(codes)[:2]
        raise CurrencyMismatchError("assess guarantees in", first, second)
    code = codes.pop()
    covered = 0
    lapsed = 0
    expired: list[str] = []
    for guarantee in mine:
        state = guarantee.state(as_of)
        if state == "valid":
            covered += to_minor(chosen.counted(guarantee))
        elif state == "expired":
            lapsed += to_minor(chosen.counted(guarantee))
            expired.append(guarantee.id)
    hold = bool(expired) and chosen.hold_orders_on_expiry
    data: dict[str, Any] = {
        "customer_id": customer_id,
        "covered": str(from_minor(covered, code).amount),
        "lapsed": str(from_minor(lapsed, code).amount),
        "currency": code,
        "expired": expired,
    }
    if expired:
        reasons = [
            Reason(
                "guarantee_expired",
                f"{len(expired)} guarantee(s) of {customer_id} expired: the limit loses "
                f"{data['lapsed']} {code} of cover"
                + ("; orders are held until renewed." if hold else "."),
                {**data, "hold_orders": hold},
            )
        ]
    else:
        reasons = [
            Reason(
                "guarantees_valid",
                f"{data['covered']} {code} of cover counts toward the limit of {customer_id}.",
                data,
            )
        ]
    return GuaranteeFact(
        customer_id=customer_id,
        as_of=as_of,
        covered=from_minor(covered, code),
        lapsed=from_minor(lapsed, code),
        hold_orders=hold,
        reasons=tuple(reasons),
        policy_id=chosen.id,
        policy_version=chosen.version,
    )
