"""Which rung of the collection ladder has an overdue account reached?

A :class:`Track` is a ladder of :class:`Level` s, each reached at a number of
days overdue and a minimum amount and doing an :class:`Action`. The next level
after the last step sent is due when the account meets its days and amount
(``level_reached``); a level is never skipped unless it is ``skippable``
(``levels_skipped``), and the minimum interval since the last step must have
passed (``min_interval_not_elapsed``). Each rule below is a small function that
returns its :class:`~receivables.decisions.Reason` or nothing.

The field parsers at the top are shared by every policy value of the dunning
package (levels, contact rules, bureau rules, the worklist policy): they turn
JSON-friendly values into enums, Decimals and tuples and name the field when
they cannot. They are converters, which :mod:`receivables.decisions`' validators
are not, and mypy's attrs plugin accepts only named functions as converters,
hence one small named function per field.

>>> ladder = Track(name="default", levels=[
...     Level(action="email", days_overdue=1, template="reminder"),
...     Level(action="call", days_overdue=15, template="call_script")])
>>> [level.action.value for level in ladder.levels]
['email', 'call']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

import attrs

from receivables.decisions import Reason, check_flag, check_whole_number
from receivables.documents import Customer
from receivables.errors import PolicyError

__all__ = ["Action", "Level", "Track"]


class Action(enum.StrEnum):
    """What a dunning step does; ``bureau_notice`` is the prior notice a report needs.

    >>> [member.value for member in Action]
    ['email', 'sms', 'call', 'letter', 'pre_legal', 'legal', 'agency', 'bureau_notice', 'bureau_report', 'block']
    """

    EMAIL = "email"
    SMS = "sms"
    CALL = "call"
    LETTER = "letter"
    PRE_LEGAL = "pre_legal"
    LEGAL = "legal"
    AGENCY = "agency"
    BUREAU_NOTICE = "bureau_notice"
    BUREAU_REPORT = "bureau_report"
    BLOCK = "block"


# --- field parsers shared by the package's policy values ---------------------------------


def _enum_converter(kind: type[enum.StrEnum], field: str) -> Callable[[object], Any]:
    def convert(value: object) -> Any:
        try:
            return kind(str(value))
        except ValueError:
            accepted = ", ".join(repr(member.value) for member in kind)
            raise PolicyError(field, value, f"one of {accepted}") from None

    return convert


def _actions(field: str) -> Callable[[object], tuple[Action, ...]]:
    one = _enum_converter(Action, field)

    def convert(value: object) -> tuple[Action, ...]:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise PolicyError(field, value, "a list of actions")
        return tuple(one(item) for item in value)

    return convert


def _decimal(field: str, *, amount: bool = False) -> Callable[[object], Decimal]:
    """A Decimal parser for ``field``: any finite number, or with ``amount`` zero or more."""
    noun, example = ("amount", "'25.00'") if amount else ("number", "'1.5'")

    def convert(value: object) -> Decimal:
        if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
            raise PolicyError(field, value, f"a decimal {noun} as str, int or Decimal (not float)")
        try:
            number = Decimal(value)
        except ArithmeticError:
            raise PolicyError(field, value, f"a decimal {noun} such as {example}") from None
        if amount and (not number.is_finite() or number < 0):
            raise PolicyError(field, value, "a finite amount of zero or more")
        if not number.is_finite():
            raise PolicyError(field, value, "a finite number")
        return number

    return convert


def _name(field: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise PolicyError(field, value, "a non-empty string")

    return check


def _optional_name(field: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    check = _name(field)

    def optional(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return optional


def _tuple_of(kind: type, field: str) -> Callable[[object], tuple[Any, ...]]:
    def convert(value: object) -> tuple[Any, ...]:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise PolicyError(field, value, f"a list of {kind.__name__}")
        items = tuple(value)
        for index, item in enumerate(items):
            if not isinstance(item, kind):
                raise PolicyError(f"{field}[{index}]", item, f"a {kind.__name__}")
        return items

    return convert


_level_action = _enum_converter(Action, "level.action")
_level_min_amount = _decimal("level.min_amount", amount=True)


def _c_level_action(value: object) -> Action:
    return _level_action(value)  # type: ignore[no-any-return]


def _c_level_min_amount(value: object) -> Decimal:
    return _level_min_amount(value)


def _c_track_levels(value: object) -> tuple[Level, ...]:
    return _tuple_of(Level, "track.levels")(value)


# --- the ladder -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Level:
    """One dunning level: reached at ``days_overdue`` and ``min_amount``, it does ``action``.

    ``min_amount`` is in major units of the account's currency. The next level
    may follow no sooner than ``min_interval_days`` after this one was sent.
    A ``skippable`` level may be passed over when the account already meets a
    later level; the others are always sent in turn.

    >>> Level(action="letter", days_overdue=30, template="letter_1").min_interval_days
    7
    >>> Level(action="fax", days_overdue=30, template="x")
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: level.action: got 'fax'; expected one of 'email', 'sms', 'call', 'letter', 'pre_legal', 'legal', 'agency', 'bureau_notice', 'bureau_report', 'block'
    """

    action: Action = attrs.field(converter=_c_level_action)
    days_overdue: int = attrs.field(
        validator=check_whole_number("level", 1, "a whole number of 1 or more")
    )
    template: str = attrs.field(validator=_name("level.template"))
    min_amount: Decimal = attrs.field(default=Decimal(0), converter=_c_level_min_amount)
    min_interval_days: int = attrs.field(
        default=7, validator=check_whole_number("level", 0, "a whole number of 0 or more")
    )
    needs_approval: bool = attrs.field(default=False, validator=check_flag("level"))
    skippable: bool = attrs.field(default=False, validator=check_flag("level"))


@attrs.frozen(kw_only=True)
class Track:
    """A ladder of levels for the customers of one ``segment`` and/or ``risk_class``.

    ``None`` matches any value; a track with both ``None`` is the catch-all.
    Levels are listed in order (level 1 first) with strictly increasing
    ``days_overdue``.

    >>> Track(name="smb", levels=[])
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: track.levels: got (); expected at least one level
    """

    name: str = attrs.field(validator=_name("track.name"))
    levels: tuple[Level, ...] = attrs.field(converter=_c_track_levels)
    segment: str | None = attrs.field(default=None, validator=_optional_name("track.segment"))
    risk_class: str | None = attrs.field(default=None, validator=_optional_name("track.risk_class"))

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise PolicyError("track.levels", self.levels, "at least one level")
        for index in range(1, len(self.levels)):
            before, level = self.levels[index - 1], self.levels[index]
            if level.days_overdue <= before.days_overdue:
                raise PolicyError(
                    f"track.levels[{index}].days_overdue",
                    level.days_overdue,
                    f"more than level {index}'s {before.days_overdue} days",
                )

    def matches(self, customer: Customer) -> bool:
        """Whether this track applies to ``customer``'s segment and risk class.

        >>> from receivables.documents import Customer
        >>> vip = Track(name="vip", segment="vip", levels=[Level(action="email", days_overdue=1,
        ...     template="t")])
        >>> vip.matches(Customer(id="C1", name="N", segment="vip")), vip.matches(Customer(id="C2", name="N"))
        (True, False)
        """
        return (self.segment is None or self.segment == customer.segment) and (
            self.risk_class is None or self.risk_class == customer.risk_class
        )


# --- the level rules --------------------------------------------------------------------


class Ladder:
    """Where one account stands on its track: the levels met and the level to send.

    ``done`` is the number of levels already sent (capped at the track's
    length); ``target`` the index of the highest level the account meets from
    there (-1 for none); ``chosen`` the index of the level to send, which is
    ``target`` unless an unskippable level comes first.
    """

    __slots__ = ("base", "chosen", "currency", "days", "done", "levels", "minor", "target", "track")

    def __init__(
        self,
        track: Track,
        done: int,
        days: int,
        units: int,
        currency: str,
        minimums: Sequence[Decimal],
        base: dict[str, Any],
    ) -> None:
        self.track = track
        self.levels = track.levels
        self.done = done
        self.days = days
        self.currency = currency
        self.minor = minimums
        self.base = base
        target = -1
        levels = self.levels
        for index in range(done, len(levels)):
            if days >= levels[index].days_overdue and units >= minimums[index]:
                target = index
        self.target = target
        chosen = done
        while chosen < target and levels[chosen].skippable:
            chosen += 1
        self.chosen = chosen

    def qualifies(self, index: int, units: int) -> bool:
        """Whether the account meets level ``index``'s days and minimum amount."""
        return self.days >= self.levels[index].days_overdue and units >= self.minor[index]


def last_step(steps: Iterable[Any], as_of: dt.date) -> Any:
    """The latest step sent on or before ``as_of`` (by date, then level); notices never count.

    A ``bureau_notice`` step is the bureau level's precondition, not the level itself.
    """
    last = None
    for step in steps:
        if step.action is Action.BUREAU_NOTICE:
            continue
        if step.on <= as_of and (last is None or (step.on, step.level) > (last.on, last.level)):
            last = step
    return last


def no_level_due(ladder: Ladder) -> Reason:
    """Why no level is due: the last one was sent, or the next is not reached yet."""
    done, levels, currency = ladder.done, ladder.levels, ladder.currency
    if done >= len(levels):
        return Reason(
            "final_level_reached",
            f"The last level of track {ladder.track.name!r} was sent.",
            {"level": done},
        )
    nxt = levels[done]
    days, base = ladder.days, ladder.base
    code = "below_minimum_amount" if days >= nxt.days_overdue else "next_level_not_reached"
    return Reason(
        code,
        f"Level {done + 1} ({nxt.action.value}) needs {nxt.days_overdue} days and "
        f"{nxt.min_amount} {currency}; the account is {days} days and "
        f"{base['overdue']} {currency} overdue.",
        {
            **base,
            "level": done + 1,
            "days_needed": nxt.days_overdue,
            "min_amount": str(nxt.min_amount),
        },
    )


def skipping(ladder: Ladder) -> Reason | None:
    """The levels passed over (``levels_skipped``), or the one that may not be skipped."""
    done, chosen, target = ladder.done, ladder.chosen, ladder.target
    number = chosen + 1
    if chosen > done:
        skipped = list(range(done + 1, chosen + 1))
        return Reason(
            "levels_skipped",
            f"Level(s) {', '.join(map(str, skipped))} skipped; the account meets level {number}.",
            {"levels": skipped},
        )
    if chosen < target:
        return Reason(
            "level_not_skipped",
            f"The account meets level {target + 1} but level {number} may not be skipped.",
            {"meets": target + 1, "level": number},
        )
    return None


def unskippable_below_minimum(ladder: Ladder) -> Reason:
    """The level to send may not be skipped and the account is below its minimum amount."""
    number = ladder.chosen + 1
    level = ladder.levels[ladder.chosen]
    return Reason(
        "below_minimum_amount",
        f"Level {number} needs {level.min_amount} {ladder.currency} and may not be skipped.",
        {**ladder.base, "level": number, "min_amount": str(level.min_amount)},
    )


def level_reached(ladder: Ladder) -> Reason:
    """The level the account reaches, with its days and amount."""
    number = ladder.chosen + 1
    level = ladder.levels[ladder.chosen]
    base = ladder.base
    return Reason(
        "level_reached",
        f"{ladder.days} days and {base['overdue']} {ladder.currency} overdue reach level {number} "
        f"({level.action.value}) of track {ladder.track.name!r}.",
        {**base, "level": number, "days_needed": level.days_overdue},
    )


def needs_approval(number: int, level: Level) -> Reason | None:
    """Level ``number`` needs a person's approval first (one shared reason per level and action)."""
    return _approval(number, level.action) if level.needs_approval else None


@lru_cache(maxsize=256)
def _approval(number: int, action: Action) -> Reason:
    return Reason("needs_approval", f"Level {number} ({action.value}) needs approval.")


def interval_wait(ladder: Ladder, last: Any, as_of: dt.date) -> tuple[Reason, dt.date] | None:
    """The minimum interval after the last level sent has not passed: wait until it has."""
    done = ladder.done
    if last is None or done < 1:
        return None
    ready: dt.date = last.on + dt.timedelta(days=ladder.levels[done - 1].min_interval_days)
    if as_of >= ready:
        return None
    return (
        Reason(
            "min_interval_not_elapsed",
            f"Level {done} was sent on {last.on.isoformat()}; the next step may follow "
            f"on {ready.isoformat()}.",
            {"last_step": last.on.isoformat(), "ready_on": ready.isoformat()},
        ),
        ready,
    )
