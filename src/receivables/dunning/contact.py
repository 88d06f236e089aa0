"""May we contact this customer now, and if not, from which day?

For the actions in ``ContactRules.timed_actions``: the customer's local
weekdays and hours, in the customer's time zone (``zoneinfo``), and the
country's public holidays (:mod:`receivables.calendars`). The default window,
08:00 to 21:00 local time, is the one the US FDCPA §805(a)(1) and Regulation F
12 CFR §1006.6(b)(1)(i) presume convenient. Frequency caps count contact
attempts in a rolling window: by default no more than seven calls within seven
consecutive days, and none for seven days after a telephone conversation (the
day of the conversation counting as the first), the "7-in-7" presumption of
Regulation F 12 CFR §1006.14(b)(2). The run treats one account as one debt; a
host that needs the cap per debt passes one account per debt.

Each rule is a small function returning ``(Reason, first day allowed)`` or
nothing. Public holidays come from
:class:`receivables.calendars.BusinessCalendar` (the ``holidays`` package
underneath), read in one small private function, ``_public_holidays``.

>>> rules = ContactRules()
>>> (rules.earliest_hour, rules.latest_hour, rules.weekdays)
(8, 21, (0, 1, 2, 3, 4))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from receivables.calendars import BusinessCalendar
from receivables.decisions import Reason, check_flag, check_whole_number
from receivables.dunning.levels import Action, _actions, _tuple_of
from receivables.errors import PolicyError, ValidationError

__all__ = ["ContactRules", "FrequencyCap"]

_cap_actions = _actions("frequency_cap.actions")
_timed_actions = _actions("contact_rules.timed_actions")


def _c_frequency_cap_actions(value: object) -> tuple[Action, ...]:
    return _cap_actions(value)


def _c_contact_rules_timed_actions(value: object) -> tuple[Action, ...]:
    return _timed_actions(value)


@attrs.frozen(kw_only=True)
class FrequencyCap:
    """At most ``max_attempts`` of ``actions`` within ``window_days`` consecutive days,
    and none for ``quiet_days_after_conversation`` days after a conversation
    (0 turns that off). The defaults are Regulation F's 7-in-7 for calls,
    12 CFR §1006.14(b)(2).

    >>> FrequencyCap().max_attempts, FrequencyCap().window_days
    (7, 7)
    """

    actions: tuple[Action, ...] = attrs.field(
        default=(Action.CALL,), converter=_c_frequency_cap_actions
    )
    max_attempts: int = attrs.field(
        default=7, validator=check_whole_number("frequency_cap", 1, "a whole number of 1 or more")
    )
    window_days: int = attrs.field(
        default=7, validator=check_whole_number("frequency_cap", 1, "a whole number of 1 or more")
    )
    quiet_days_after_conversation: int = attrs.field(
        default=7, validator=check_whole_number("frequency_cap", 0, "a whole number of 0 or more")
    )

    def __attrs_post_init__(self) -> None:
        if not self.actions:
            raise PolicyError("frequency_cap.actions", self.actions, "at least one action")


_WEEKDAYS = (0, 1, 2, 3, 4)


def _weekdays(value: object) -> tuple[int, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise PolicyError("contact_rules.weekdays", value, "a list of weekdays, Monday=0")
    days = tuple(value)
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise PolicyError("contact_rules.weekdays", day, "weekday numbers 0 (Monday) to 6")
    if not days or len(set(days)) != len(days):
        raise PolicyError("contact_rules.weekdays", days, "one or more distinct weekdays")
    return tuple(sorted(days))


def _c_contact_rules_caps(value: object) -> tuple[FrequencyCap, ...]:
    return _tuple_of(FrequencyCap, "contact_rules.caps")(value)


@attrs.frozen(kw_only=True)
class ContactRules:
    """When a customer may be contacted: local hours ``[earliest_hour, latest_hour)``,
    ``weekdays`` (Monday=0), public holidays, and frequency ``caps``.

    Only ``timed_actions`` follow the hours, days and holidays; letters and
    legal steps do not.

    >>> ContactRules(earliest_hour=21, latest_hour=8)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: contact_rules.latest_hour: got 8; expected an hour after earliest_hour 21, up to 24
    """

    earliest_hour: int = attrs.field(default=8)
    latest_hour: int = attrs.field(default=21)
    weekdays: tuple[int, ...] = attrs.field(default=_WEEKDAYS, converter=_weekdays)
    observe_public_holidays: bool = attrs.field(default=True, validator=check_flag("contact_rules"))
    timed_actions: tuple[Action, ...] = attrs.field(
        default=(Action.EMAIL, Action.SMS, Action.CALL),
        converter=_c_contact_rules_timed_actions,
    )
    caps: tuple[FrequencyCap, ...] = attrs.field(
        default=(FrequencyCap(),), converter=_c_contact_rules_caps
    )

    def __attrs_post_init__(self) -> None:
        start, end = self.earliest_hour, self.latest_hour
        if isinstance(start, bool) or not isinstance(start, int) or not 0 <= start <= 23:
            raise PolicyError("contact_rules.earliest_hour", start, "an hour from 0 to 23")
        if isinstance(end, bool) or not isinstance(end, int) or not start < end <= 24:
            raise PolicyError(
                "contact_rules.latest_hour", end, f"an hour after earliest_hour {start}, up to 24"
            )


# --- time zones and calendars -------------------------------------------------------------


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo | None:
    """The IANA time zone ``name``, or None when there is no such zone (cached)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@lru_cache(maxsize=512)
def _calendar(country: str) -> BusinessCalendar | None:
    try:
        return BusinessCalendar(country)
    except ValidationError:
        return None


def _public_holidays(country: str, year: int) -> Mapping[dt.date, str] | None:
    """The country's public holidays in ``year``, or None when no calendar knows the country.

    The one place the run reads holidays: :class:`receivables.calendars.BusinessCalendar`
    (the ``holidays`` package underneath), one calendar per country, cached.
    """
    calendar = _calendar(country)
    return None if calendar is None else calendar.holidays_in(year)


def holiday(country: str, day: dt.date) -> tuple[bool, str | None]:
    """(calendar known, holiday name or None)."""
    calendar = _public_holidays(country, day.year)
    if calendar is None:
        return False, None
    return True, calendar.get(day)


def _contact_day(rules: ContactRules, country: str, day: dt.date) -> bool:
    if day.weekday() not in rules.weekdays:
        return False
    return not (rules.observe_public_holidays and holiday(country, day)[1] is not None)


def next_contact_day(rules: ContactRules, country: str, day: dt.date) -> dt.date:
    """The first day from ``day`` on that is a contact day in ``country`` (within a year)."""
    for _ in range(366):
        if _contact_day(rules, country, day):
            return day
        day += dt.timedelta(days=1)
    return day


# --- the contact rules --------------------------------------------------------------------

Wait = tuple[Reason, dt.date]


def weekday_rule(rules: ContactRules, country: str, timezone: str, day: dt.date) -> Wait | None:
    """The customer's local day is not one of the contact weekdays."""
    if day.weekday() in rules.weekdays:
        return None
    return (
        Reason(
            "not_a_contact_day",
            f"{day.strftime('%A')} is not a contact day in {timezone}.",
            {"local_date": day.isoformat(), "weekdays": list(rules.weekdays)},
        ),
        next_contact_day(rules, country, day),
    )


def holiday_rule(rules: ContactRules, country: str, day: dt.date) -> Reason | Wait | None:
    """A public holiday in the customer's country (a wait), or no calendar for it (a note)."""
    if not rules.observe_public_holidays:
        return None
    known, name = holiday(country, day)
    if not known:
        return Reason(
            "no_holiday_calendar",
            f"No public-holiday calendar for {country}; holidays not checked.",
            {"country": country},
        )
    if name is None:
        return None
    return (
        Reason(
            "public_holiday",
            f"{day.isoformat()} is a public holiday in {country}: {name}.",
            {"local_date": day.isoformat(), "holiday": name},
        ),
        next_contact_day(rules, country, day),
    )


def hours_rule(
    rules: ContactRules, country: str, timezone: str, day: dt.date, time: dt.time | None
) -> Wait | None:
    """The customer's local time is outside ``[earliest_hour, latest_hour)``."""
    if time is None:
        return None
    hour = time.hour + time.minute / 60
    if rules.earliest_hour <= hour < rules.latest_hour:
        return None
    later = time.hour >= rules.latest_hour
    start = day + dt.timedelta(days=1) if later else day
    return (
        Reason(
            "outside_contact_hours",
            f"It is {time.strftime('%H:%M')} in {timezone}; contact "
            f"between {rules.earliest_hour:02d}:00 and "
            f"{rules.latest_hour:02d}:00.",
            {
                "local_time": time.strftime("%H:%M"),
                "earliest_hour": rules.earliest_hour,
                "latest_hour": rules.latest_hour,
            },
        ),
        next_contact_day(rules, country, start),
    )


def cap_window(
    cap: FrequencyCap, attempts: Sequence[Any], as_of: dt.date
) -> tuple[int, dt.date] | None:
    """The attempts counted by ``cap`` and the day one drops out, when they reach the cap."""
    kinds = cap.actions
    window_start = as_of - dt.timedelta(days=cap.window_days - 1)
    recent = sorted(a.on for a in attempts if a.action in kinds and window_start <= a.on <= as_of)
    if len(recent) < cap.max_attempts:
        return None
    # the window slides past the oldest attempts that make the count reach the cap
    drop: dt.date = recent[len(recent) - cap.max_attempts]
    return len(recent), drop + dt.timedelta(days=cap.window_days)


def cap_reason(cap: FrequencyCap, attempts: int, ready: dt.date) -> Wait:
    """``max_attempts`` or more of the cap's actions within its window: wait until ``ready``."""
    return (
        Reason(
            "frequency_cap_reached",
            f"{attempts} {'/'.join(a.value for a in cap.actions)} attempt(s) in the "
            f"last {cap.window_days} days; the cap is {cap.max_attempts} "
            "(Regulation F 12 CFR §1006.14(b)(2)).",
            {
                "attempts": attempts,
                "max_attempts": cap.max_attempts,
                "window_days": cap.window_days,
                "ready_on": ready.isoformat(),
            },
        ),
        ready,
    )


def last_conversation(cap: FrequencyCap, attempts: Sequence[Any], as_of: dt.date) -> dt.date | None:
    """The day of the latest conversation by one of the cap's actions, when it has quiet days."""
    if not cap.quiet_days_after_conversation:
        return None
    kinds = cap.actions
    talks = [a.on for a in attempts if a.conversation and a.action in kinds and a.on <= as_of]
    return max(talks) if talks else None


def quiet_rule(cap: FrequencyCap, talked: dt.date, as_of: dt.date) -> Wait | None:
    """A conversation within the cap's quiet days: no contact until they have passed."""
    quiet = cap.quiet_days_after_conversation
    ready = talked + dt.timedelta(days=quiet)
    if as_of >= ready:
        return None
    return (
        Reason(
            "conversation_quiet_period",
            f"A conversation on {talked.isoformat()} starts "
            f"{quiet} quiet days; next on "
            f"{ready.isoformat()}.",
            {"conversation": talked.isoformat(), "ready_on": ready.isoformat()},
        ),
        ready,
    )
