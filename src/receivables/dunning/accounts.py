"""What does the host tell the run about each customer: open items, disputes, promises, history?

A :class:`DunningAccount` holds everything the run needs about one customer,
as the host knows it: the open items in one currency, open disputes, promises
to pay, the payment plan's status, and the history of this collection cycle
(the :class:`DunningStep` s sent, the :class:`ContactAttempt` s made, the
bureau notices sent and the :class:`~receivables.dunning.BureauReport`
s filed). Facts dated after the run's ``as_of`` are ignored, so old runs replay.

>>> from receivables.documents import Customer
>>> DunningAccount(customer=Customer(id="C1", name="Acme")).currency
'USD'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from receivables.decisions import check_flag
from receivables.documents import Customer, Dispute, PlanStatus, PromiseToPay
from receivables.dunning.bureau import BureauReport, date_check
from receivables.dunning.contact import zone
from receivables.dunning.levels import Action, _enum_converter
from receivables.errors import ValidationError
from receivables.ledger import OpenItem
from receivables.promise_status import PromiseOutcome

__all__ = ["ContactAttempt", "DunningAccount", "DunningStep", "PlanStatus"]

_step_action = _enum_converter(Action, "dunning_step.action")
_attempt_action = _enum_converter(Action, "contact_attempt.action")


def _c_dunning_step_action(value: object) -> Action:
    return _step_action(value)  # type: ignore[no-any-return]


def _c_contact_attempt_action(value: object) -> Action:
    return _attempt_action(value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True)
class DunningStep:
    """A step sent before: ``level`` (1-based in the customer's track), ``action``, ``on``.

    >>> DunningStep(level=0, action="email", on=dt.date(2026, 1, 1))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: dunning_step.level: got 0; expected a level number, 1 or more
    """

    level: int = attrs.field()
    action: Action = attrs.field(converter=_c_dunning_step_action)
    on: dt.date = attrs.field(validator=date_check("dunning_step.on"))

    @level.validator
    def _check_level(self, attribute: attrs.Attribute[int], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError("dunning_step.level", value, "a level number, 1 or more")


@attrs.frozen(kw_only=True)
class ContactAttempt:
    """A contact attempt on ``on`` by ``action``; ``conversation`` when someone was reached.

    >>> ContactAttempt(on=dt.date(2026, 1, 5), action="call", conversation=True).conversation
    True
    """

    on: dt.date = attrs.field(validator=date_check("contact_attempt.on"))
    action: Action = attrs.field(converter=_c_contact_attempt_action)
    conversation: bool = attrs.field(default=False, validator=check_flag("contact_attempt"))


def _plan_status(value: object) -> PlanStatus | None:
    if value is None:
        return None
    try:
        return PlanStatus(str(value))
    except ValueError:
        accepted = ", ".join(repr(member.value) for member in PlanStatus)
        raise ValidationError(
            "dunning_account.plan_status", value, f"None or one of {accepted}"
        ) from None


def _sequence(field: str, value: object) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(f"dunning_account.{field}", value, "a list (or other iterable)")
    return tuple(value)


def _c_items(value: object) -> tuple[Any, ...]:
    return _sequence("items", value)


def _c_disputes(value: object) -> tuple[Any, ...]:
    return _sequence("disputes", value)


def _c_promises(value: object) -> tuple[Any, ...]:
    return _sequence("promises", value)


def _c_promise_outcomes(value: object) -> tuple[Any, ...]:
    return _sequence("promise_outcomes", value)


def _c_steps(value: object) -> tuple[Any, ...]:
    return _sequence("steps", value)


def _c_attempts(value: object) -> tuple[Any, ...]:
    return _sequence("attempts", value)


def _c_reported(value: object) -> tuple[Any, ...]:
    return _sequence("reported", value)


def _dates(value: object) -> tuple[dt.date, ...]:
    dates = _sequence("bureau_notices", value)
    for day in dates:
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise ValidationError("dunning_account.bureau_notices", day, "datetime.date values")
    return dates


@attrs.frozen(kw_only=True)
class DunningAccount:
    """Everything the run needs about one customer, as the host knows it.

    ``items`` are the customer's :class:`~receivables.ledger.items.OpenItem` s in one
    currency (pass one account per currency otherwise); ``promises`` are promises
    to pay as taken, and ``promise_outcomes`` promises judged against the
    customer's payments by :func:`receivables.promises.judge_promises` on the
    run's date (facts the run takes as they are: kept, pending through the
    grace days, partly kept, broken); ``plan_status`` is the plans engine's verdict; ``steps``, ``attempts``, ``bureau_notices`` and
    ``reported`` are the history of this collection cycle. ``customer_value``
    (major units, any measure the host likes: yearly sales, margin) feeds the
    worklist. Facts dated after the run's ``as_of`` are ignored, so old runs replay.

    >>> from receivables.documents import Customer
    >>> DunningAccount(customer=Customer(id="C1", name="N", timezone="Mars/Base"))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: customer.timezone: got 'Mars/Base'; expected an IANA time zone such as 'America/Bogota'
    """

    customer: Customer
    items: tuple[OpenItem, ...] = attrs.field(default=(), converter=_c_items)
    disputes: tuple[Dispute, ...] = attrs.field(default=(), converter=_c_disputes)
    promises: tuple[PromiseToPay, ...] = attrs.field(default=(), converter=_c_promises)
    promise_outcomes: tuple[PromiseOutcome, ...] = attrs.field(
        default=(), converter=_c_promise_outcomes
    )
    plan_status: PlanStatus | None = attrs.field(default=None, converter=_plan_status)
    steps: tuple[DunningStep, ...] = attrs.field(default=(), converter=_c_steps)
    attempts: tuple[ContactAttempt, ...] = attrs.field(default=(), converter=_c_attempts)
    bureau_notices: tuple[dt.date, ...] = attrs.field(default=(), converter=_dates)
    reported: tuple[BureauReport, ...] = attrs.field(default=(), converter=_c_reported)
    customer_value: Decimal = attrs.field(default=Decimal(0))

    def __attrs_post_init__(self) -> None:
        customer = self.customer
        if not isinstance(customer, Customer):
            raise ValidationError("dunning_account.customer", customer, "a documents.Customer")
        if zone(customer.timezone) is None:
            raise ValidationError(
                "customer.timezone", customer.timezone, "an IANA time zone such as 'America/Bogota'"
            )
        _check_items(self.items, customer.id)
        _check_documents(self, customer.id)
        _check_outcomes(self, customer.id)
        _check_history(self)
        value: object = self.customer_value
        if (
            isinstance(value, bool)
            or not isinstance(value, int | Decimal)
            or (isinstance(value, Decimal) and not value.is_finite())
            or value < 0
        ):
            raise ValidationError(
                "dunning_account.customer_value", value, "a finite int or Decimal of zero or more"
            )

    @property
    def currency(self) -> str:
        """The items' currency, or the customer's when there are no items.

        >>> from receivables.documents import Customer
        >>> DunningAccount(customer=Customer(id="C1", name="N", currency="COP")).currency
        'COP'
        """
        return self.items[0].open.code if self.items else self.customer.currency


def _check_items(items: tuple[Any, ...], customer_id: str) -> None:
    currency = None
    for index, item in enumerate(items):
        if not isinstance(item, OpenItem):
            raise ValidationError(f"dunning_account.items[{index}]", item, "a ledger.OpenItem")
        if item.customer_id != customer_id:
            raise ValidationError(
                f"dunning_account.items[{index}].customer_id",
                item.customer_id,
                f"the account's customer {customer_id!r}",
            )
        if currency is None:
            currency = item.open.code
        elif item.open.code != currency:
            raise ValidationError(
                f"dunning_account.items[{index}].currency",
                item.open.code,
                f"{currency}, the account's one currency (one account per currency)",
            )


def _check_documents(account: DunningAccount, customer_id: str) -> None:
    for field, documents, kind in (
        ("disputes", account.disputes, Dispute),
        ("promises", account.promises, PromiseToPay),
    ):
        for index, document in enumerate(documents):
            if not isinstance(document, kind):
                raise ValidationError(
                    f"dunning_account.{field}[{index}]", document, f"a {kind.__name__}"
                )
            if document.customer_id != customer_id:
                raise ValidationError(
                    f"dunning_account.{field}[{index}].customer_id",
                    document.customer_id,
                    f"the account's customer {customer_id!r}",
                )


def _check_history(account: DunningAccount) -> None:
    for field, records, record_kind in (
        ("steps", account.steps, DunningStep),
        ("attempts", account.attempts, ContactAttempt),
        ("reported", account.reported, BureauReport),
    ):
        for index, record in enumerate(records):
            if not isinstance(record, record_kind):
                raise ValidationError(
                    f"dunning_account.{field}[{index}]", record, f"a {record_kind.__name__}"
                )


def _check_outcomes(account: DunningAccount, customer_id: str) -> None:
    seen = {promise.id for promise in account.promises}
    for index, outcome in enumerate(account.promise_outcomes):
        field = f"dunning_account.promise_outcomes[{index}]"
        if not isinstance(outcome, PromiseOutcome):
            raise ValidationError(field, outcome, "a PromiseOutcome (from promises.judge_promises)")
        promise = outcome.promise
        if promise.customer_id != customer_id:
            raise ValidationError(
                f"{field}.promise.customer_id",
                promise.customer_id,
                f"the account's customer {customer_id!r}",
            )
        if promise.id in seen:
            raise ValidationError(
                f"{field}.promise.id", promise.id, "a promise given once, as taken or as judged"
            )
        seen.add(promise.id)
