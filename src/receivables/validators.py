"""Is this value what the field accepts, and if not, what would have been?

Small reusable checks, in the style of :mod:`attrs.validators`: a *factory*
(``whole_number("plan_policy", 1)``) returns a validator that is composed
where a field is declared, and a *check* (``check_date("as_of", as_of)``)
does the same for a function argument and returns the value. Every failure
is a :class:`~receivables.errors.ValidationError` (or, for a policy field,
a :class:`~receivables.errors.PolicyError`) naming ``owner.field``, the value
and what is accepted, so a module never writes its own ``_check_date``.

Why not :mod:`attrs.validators` itself: its validators raise ``TypeError``
or ``ValueError`` naming the attribute only; the library's errors name the
owner (``terms.first_due_date``) and say what is accepted, which the JSON
converter in :mod:`receivables.interop` reports field by field. They compose
with attrs' own combinators (``attrs.validators.optional``, ``and_``).

>>> import datetime as dt
>>> import attrs
>>> @attrs.frozen
... class Visit:
...     day: dt.date = attrs.field(validator=date("visit"))
...     calls: int = attrs.field(validator=whole_number("visit", 1, error=ValidationError))
>>> Visit(dt.date(2026, 1, 5), 2).calls
2
>>> Visit(dt.datetime(2026, 1, 5), 2)
Traceback (most recent call last):
...
receivables.errors.ValidationError: visit.day: got datetime.datetime(2026, 1, 5, 0, 0); expected a datetime.date (not a datetime)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from receivables.errors import PolicyError, ValidationError
from receivables.money import Money, to_minor

__all__ = [
    "DATE",
    "check_date",
    "check_decimal",
    "check_identifier",
    "check_items",
    "check_money",
    "check_whole",
    "date",
    "flag",
    "identifier",
    "is_whole",
    "whole_number",
]

# What an attrs field validator is: called with the instance, the attribute and the value.
_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

DATE: Final = "a datetime.date (not a datetime)"
"""What a date field accepts, as the error says it."""


def _error_class(error: object) -> type[ValidationError]:
    """``error`` if it is ValidationError or a subclass (what a check raises), else a ValidationError."""
    if not (isinstance(error, type) and issubclass(error, ValidationError)):
        raise ValidationError("error", error, "ValidationError or a subclass such as PolicyError")
    return error


def is_whole(value: object) -> bool:
    """Whether ``value`` is an ``int`` and not a ``bool`` (``True`` is not one installment).

    >>> is_whole(3), is_whole(True), is_whole(3.0)
    (True, False, False)
    """
    return isinstance(value, int) and not isinstance(value, bool)


def check_date(field: str, value: object, *, expected: str = DATE) -> dt.date:
    """``value`` if it is a date and not a datetime, else a ValidationError naming ``field``.

    >>> check_date("as_of", dt.date(2026, 1, 31))
    datetime.date(2026, 1, 31)
    >>> check_date("as_of", "2026-01-31")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: as_of: got '2026-01-31'; expected a datetime.date (not a datetime)
    """
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(field, value, expected)
    return value


def check_whole(
    field: str,
    value: object,
    low: int = 0,
    high: int | None = None,
    *,
    expected: str | None = None,
    error: type[ValidationError] = ValidationError,
) -> int:
    """``value`` if it is a whole number from ``low`` (to ``high``), else ``error`` naming ``field``.

    >>> check_whole("count", 3, 1)
    3
    >>> check_whole("day", 32, 1, 31)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: day: got 32; expected a whole number from 1 to 31
    """
    error = _error_class(error)
    if not is_whole(low):
        raise ValidationError("low", low, "a whole number")
    if high is not None and not is_whole(high):
        raise ValidationError("high", high, "a whole number or None")
    if expected is None:
        expected = (
            f"a whole number, {low} or more"
            if high is None
            else f"a whole number from {low} to {high}"
        )
    if not is_whole(value) or value < low or (high is not None and value > high):  # type: ignore[operator]
        raise error(field, value, expected)
    return value  # type: ignore[return-value]


def check_decimal(
    field: str, value: object, *, error: type[ValidationError] = ValidationError
) -> Decimal:
    """``value`` as a finite Decimal, from an int, str or Decimal; never a float or a bool.

    >>> check_decimal("rate", "8.24")
    Decimal('8.24')
    >>> check_decimal("rate", 8.24)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: rate: got 8.24; expected an int, str or Decimal (never float)
    >>> check_decimal("rate", "NaN")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: rate: got 'NaN'; expected a finite number
    """
    error = _error_class(error)
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise error(field, value, "an int, str or Decimal (never float)")
    try:
        result = Decimal(value)
    except ArithmeticError:
        raise error(field, value, "a decimal number such as '8.5'") from None
    if not result.is_finite():
        raise error(field, value, "a finite number")
    return result


def check_money(
    field: str,
    value: object,
    *,
    positive: bool,
    error: type[ValidationError] = ValidationError,
) -> Money:
    """``value`` if it is a Money above zero (``positive``) or of zero or more, in minor units.

    >>> from receivables.money import money
    >>> check_money("fee", money("0.00", "USD"), positive=False)
    Money('0.00', 'USD')
    >>> check_money("fee", money("0.00", "USD"), positive=True)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: fee: got Money('0.00', 'USD'); expected a positive amount
    """
    error = _error_class(error)
    if not isinstance(value, Money):
        raise error(field, value, "a receivables.money.Money")
    if positive and value.amount <= 0:
        raise error(field, value, "a positive amount")
    if not positive and value.amount < 0:
        raise error(field, value, "an amount of zero or more")
    to_minor(value)
    return value


def check_identifier(
    field: str,
    value: object,
    *,
    expected: str = "a non-empty string identifier",
    error: type[ValidationError] = ValidationError,
) -> str:
    """``value`` if it is a string with something other than spaces in it.

    >>> check_identifier("plan_id", "PP-1")
    'PP-1'
    >>> check_identifier("plan_id", "  ")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: plan_id: got '  '; expected a non-empty string identifier
    """
    error = _error_class(error)
    if not isinstance(value, str) or not value.strip():
        raise error(field, value, expected)
    return value


def check_items(
    field: str,
    value: object,
    *,
    expected: str = "a list or tuple",
    error: type[ValidationError] = ValidationError,
) -> tuple[Any, ...]:
    """``value``'s items as a tuple, if it is a collection (not a string, bytes or mapping).

    >>> check_items("lines", ["a", "b"])
    ('a', 'b')
    >>> check_items("lines", None)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: lines: got None; expected a list or tuple
    """
    error = _error_class(error)
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise error(field, value, expected)
    return tuple(value)


def date(owner: str, *, expected: str = DATE) -> _Validator:
    """A field validator: a date, not a datetime; the error names ``owner.<field>``.

    >>> @attrs.frozen
    ... class Visit:
    ...     day: dt.date = attrs.field(validator=date("visit"))
    >>> Visit("2026-01-05")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: visit.day: got '2026-01-05'; expected a datetime.date (not a datetime)
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check_date(f"{owner}.{attribute.name}", value, expected=expected)

    return check


def whole_number(
    owner: str,
    low: int = 0,
    what: str | None = None,
    *,
    error: type[ValidationError] = PolicyError,
) -> _Validator:
    """A field validator: an int (not a bool) of ``low`` or more; a policy field by default.

    >>> @attrs.frozen
    ... class Reminder:
    ...     days: int = attrs.field(validator=whole_number("reminder", 1))
    >>> Reminder(0)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: reminder.days: got 0; expected a whole number, 1 or more
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check_whole(f"{owner}.{attribute.name}", value, low, expected=what, error=error)

    return check


def identifier(
    owner: str,
    what: str = "a non-empty string identifier",
    *,
    error: type[ValidationError] = ValidationError,
) -> _Validator:
    """A field validator: a non-empty string (an id, a level name, a risk class).

    >>> @attrs.frozen
    ... class Limit:
    ...     risk_class: str = attrs.field(validator=identifier("limit", "a risk class"))
    >>> Limit("")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: limit.risk_class: got ''; expected a risk class
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check_identifier(f"{owner}.{attribute.name}", value, expected=what, error=error)

    return check


def flag(owner: str) -> _Validator:
    """A policy field validator: a bool (not 0/1, not "yes").

    >>> @attrs.frozen
    ... class Reminder:
    ...     enabled: bool = attrs.field(validator=flag("reminder"))
    >>> Reminder("yes")
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: reminder.enabled: got 'yes'; expected a bool
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, bool):
            raise PolicyError(f"{owner}.{attribute.name}", value, "a bool")

    return check
