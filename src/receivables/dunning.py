"""Who do we chase today, how, and why not the others?

A :class:`CollectionStrategy` is data: per segment or risk class a *track* of
dunning :class:`Level` s, each reached at a number of days overdue and a
minimum amount, with an :class:`Action` (email, SMS, call, letter, pre-legal,
legal, agency, credit-bureau report, block), a template key, the minimum
interval before the next step, whether it needs approval and whether it may be
skipped. :func:`run` reads one :class:`DunningAccount` per customer and returns
a :class:`DunningRun`: for every customer the next step, or why there is none,
as a :class:`DunningDecision` whose ``reasons`` carry stable codes.

The rules, in the order they are applied:

1. **Pauses.** A customer who is not ``active`` or ``blocked`` (bankrupt,
   deceased, ...) is not dunned (``customer_status``). A payment plan that is
   ``current`` pauses the account (``payment_plan_current``). A promise to pay
   not yet due pauses the items it names, or the account when it names none
   (``promise_pending``). An open :class:`~receivables.documents.Dispute`
   takes its item out of the run (``items_disputed``); when every overdue
   item is disputed or promised, the account is paused (``all_overdue_paused``).
2. **Levels.** Of the overdue items left, the oldest gives the days overdue and
   their open amounts, less the customer's unapplied credits, the amount. The
   next level after the last step sent is due when the account meets its days
   and amount (``level_reached``). A level is never skipped unless the
   strategy marks it ``skippable`` (``levels_skipped``); the minimum interval
   since the last step must have passed (``min_interval_not_elapsed``).
3. **Contact rules** (for the actions in ``ContactRules.timed_actions``): the
   customer's local weekdays and hours, in the customer's time zone
   (``zoneinfo``), and the country's public holidays
   (:mod:`receivables.calendars`). The default window, 08:00 to 21:00 local time, is the one the
   US FDCPA §805(a)(1) and Regulation F 12 CFR §1006.6(b)(1)(i) presume
   convenient. Frequency caps count contact attempts in a rolling window: by
   default no more than seven calls within seven consecutive days, and none
   for seven days after a telephone conversation (the day of the
   conversation counting as the first), the "7-in-7" presumption of
   Regulation F 12 CFR §1006.14(b)(2). The run treats one account as one debt;
   a host that needs the cap per debt passes one account per debt.
4. **Credit-bureau reporting** is eligible only when the amount is at least
   ``BureauRules.min_amount`` and a prior notice was sent at least
   ``notice_days`` before (``bureau_notice_period``); without a notice the
   step is the notice itself (``bureau_notice_required``). Colombia's Ley 1266
   de 2008, art. 12, allows the negative report only 20 calendar days after
   the notice was sent to the debtor; the period runs from the latest notice
   on file (in ``bureau_notices``, or a step whose action is ``bureau_notice``,
   which never counts as the level itself). Items reported before and now paid
   produce a correction (``bureau_correction_due``), whatever the outcome,
   until a correction dated on or after the item's latest report is on file.

A run is deterministic (decisions sorted by customer id) and partitionable:
split the accounts by customer, run the parts anywhere, and
:meth:`DunningRun.merge` them; merging is associative and
``run(A + B) == run(A).merge(run(B))``. :func:`worklist` ranks the accounts
still in collections for collectors by amount at risk, age, promise status and
customer value, with every score component in the entry's reasons.

Public holidays come from :class:`receivables.calendars.BusinessCalendar` (the
``holidays`` package underneath), read in one small private function,
``_public_holidays``.

>>> from receivables.documents import Customer
>>> from receivables.ledger import ItemKind, OpenItem
>>> from receivables.money import money
>>> strategy = CollectionStrategy(id="collections", version="1", tracks=[
...     Track(name="default", levels=[
...         Level(action="email", days_overdue=1, template="reminder", min_interval_days=7),
...         Level(action="call", days_overdue=15, template="call_script"),
...     ])])
>>> customer = Customer(id="C1", name="Acme", country="US", timezone="America/New_York")
>>> item = OpenItem(number="INV-1", customer_id="C1", kind=ItemKind.INVOICE,
...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
...     original=money("500.00", "USD"), open=money("500.00", "USD"))
>>> result = run([DunningAccount(customer=customer, items=[item])],
...              as_of=dt.date(2026, 2, 3), strategy=strategy)
>>> decision = result.decisions[0]
>>> decision.outcome, decision.action, decision.level, decision.template
(<Outcome.ACT: 'act'>, <Action.EMAIL: 'email'>, 1, 'reminder')
>>> [reason.code for reason in decision.reasons]
['level_reached']
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import gc
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from receivables.calendars import BusinessCalendar
from receivables.decisions import Reason, check_policy_identity
from receivables.documents import Customer, CustomerStatus, Dispute, PlanStatus, PromiseToPay
from receivables.errors import (
    DuplicateDocumentError,
    PolicyError,
    ValidationError,
)
from receivables.ledger import OpenItem
from receivables.money import Money, RateTable, currency_digits, from_minor, to_minor
from receivables.progress import Progress, reporter

__all__ = [
    "Action",
    "BureauReport",
    "BureauRules",
    "CollectionStrategy",
    "ContactAttempt",
    "ContactRules",
    "DunningAccount",
    "DunningDecision",
    "DunningRun",
    "DunningStep",
    "FrequencyCap",
    "Level",
    "Outcome",
    "PlanStatus",
    "PromiseStatus",
    "Track",
    "WorklistEntry",
    "WorklistPolicy",
    "run",
    "worklist",
]


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


class Outcome(enum.StrEnum):
    """``act``: take the step now; ``wait``: a step is due but not yet allowed;
    ``paused``: dunning is on hold; ``none``: no step is due.

    >>> [member.value for member in Outcome]
    ['act', 'wait', 'paused', 'none']
    """

    ACT = "act"
    WAIT = "wait"
    PAUSED = "paused"
    NONE = "none"


class PromiseStatus(enum.StrEnum):
    """What the customer's promises say on the run's date, for ranking.

    >>> [member.value for member in PromiseStatus]
    ['none', 'pending', 'broken']
    """

    NONE = "none"
    PENDING = "pending"
    BROKEN = "broken"


# --- validation of policy fields --------------------------------------------------------


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


def _int_at_least(field: str, low: int) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise PolicyError(field, value, f"a whole number of {low} or more")

    return check


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


def _bool(field: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, bool):
            raise PolicyError(field, value, "true or false")

    return check


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


def _c_level_action(value: object) -> Action:
    return _enum_converter(Action, "level.action")(value)  # type: ignore[no-any-return]


def _c_level_min_amount(value: object) -> Decimal:
    return _decimal("level.min_amount", amount=True)(value)


def _c_track_levels(value: object) -> tuple[Level, ...]:
    return _tuple_of(Level, "track.levels")(value)


def _c_frequency_cap_actions(value: object) -> tuple[Action, ...]:
    return _actions("frequency_cap.actions")(value)


def _c_contact_rules_timed_actions(value: object) -> tuple[Action, ...]:
    return _actions("contact_rules.timed_actions")(value)


def _c_contact_rules_caps(value: object) -> tuple[FrequencyCap, ...]:
    return _tuple_of(FrequencyCap, "contact_rules.caps")(value)


def _c_bureau_rules_min_amount(value: object) -> Decimal:
    return _decimal("bureau_rules.min_amount", amount=True)(value)


def _c_strategy_tracks(value: object) -> tuple[Track, ...]:
    return _tuple_of(Track, "strategy.tracks")(value)


def _c_dunning_step_action(value: object) -> Action:
    return _enum_converter(Action, "dunning_step.action")(value)  # type: ignore[no-any-return]


def _c_contact_attempt_action(value: object) -> Action:
    return _enum_converter(Action, "contact_attempt.action")(value)  # type: ignore[no-any-return]


def _c_worklist_policy_amount_weight(value: object) -> Decimal:
    return _decimal("worklist_policy.amount_weight")(value)


def _c_worklist_policy_age_weight(value: object) -> Decimal:
    return _decimal("worklist_policy.age_weight")(value)


def _c_worklist_policy_broken_promise_points(value: object) -> Decimal:
    return _decimal("worklist_policy.broken_promise_points")(value)


def _c_worklist_policy_pending_promise_points(value: object) -> Decimal:
    return _decimal("worklist_policy.pending_promise_points")(value)


def _c_worklist_policy_value_weight(value: object) -> Decimal:
    return _decimal("worklist_policy.value_weight")(value)


# --- the strategy ---------------------------------------------------------------------


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
    days_overdue: int = attrs.field(validator=_int_at_least("level.days_overdue", 1))
    template: str = attrs.field(validator=_name("level.template"))
    min_amount: Decimal = attrs.field(default=Decimal(0), converter=_c_level_min_amount)
    min_interval_days: int = attrs.field(
        default=7, validator=_int_at_least("level.min_interval_days", 0)
    )
    needs_approval: bool = attrs.field(default=False, validator=_bool("level.needs_approval"))
    skippable: bool = attrs.field(default=False, validator=_bool("level.skippable"))


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
        default=7, validator=_int_at_least("frequency_cap.max_attempts", 1)
    )
    window_days: int = attrs.field(
        default=7, validator=_int_at_least("frequency_cap.window_days", 1)
    )
    quiet_days_after_conversation: int = attrs.field(
        default=7, validator=_int_at_least("frequency_cap.quiet_days_after_conversation", 0)
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
    observe_public_holidays: bool = attrs.field(
        default=True, validator=_bool("contact_rules.observe_public_holidays")
    )
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


@attrs.frozen(kw_only=True)
class BureauRules:
    """A credit-bureau report needs ``min_amount`` (major units) overdue and a notice
    sent ``notice_days`` before; 20 days is Colombia's Ley 1266 de 2008, art. 12.

    >>> BureauRules().notice_days
    20
    """

    notice_days: int = attrs.field(
        default=20, validator=_int_at_least("bureau_rules.notice_days", 0)
    )
    min_amount: Decimal = attrs.field(default=Decimal(0), converter=_c_bureau_rules_min_amount)
    notice_template: str = attrs.field(
        default="bureau_notice", validator=_name("bureau_rules.notice_template")
    )


@attrs.frozen(kw_only=True)
class CollectionStrategy:
    """Tracks of dunning levels, contact rules and bureau rules, with an ``id`` and ``version``.

    The first track that matches a customer (in the order listed) applies.

    >>> CollectionStrategy(id="s", version="1", tracks=[])
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: strategy.tracks: got (); expected at least one track
    """

    id: str
    version: str
    tracks: tuple[Track, ...] = attrs.field(converter=_c_strategy_tracks)
    contact: ContactRules = attrs.field(factory=ContactRules)
    bureau: BureauRules = attrs.field(factory=BureauRules)

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)
        if not self.tracks:
            raise PolicyError("strategy.tracks", self.tracks, "at least one track")
        seen: dict[tuple[str | None, str | None], int] = {}
        names: set[str] = set()
        for index, track in enumerate(self.tracks):
            key = (track.segment, track.risk_class)
            if key in seen:
                raise PolicyError(
                    f"strategy.tracks[{index}]",
                    track.name,
                    f"a segment/risk class not already covered by tracks[{seen[key]}]",
                )
            if track.name in names:
                raise PolicyError(f"strategy.tracks[{index}].name", track.name, "a unique name")
            seen[key] = index
            names.add(track.name)
        if not isinstance(self.contact, ContactRules):
            raise PolicyError("strategy.contact", self.contact, "a ContactRules")
        if not isinstance(self.bureau, BureauRules):
            raise PolicyError("strategy.bureau", self.bureau, "a BureauRules")

    def track_for(self, customer: Customer) -> Track | None:
        """The first track matching ``customer``, or None.

        >>> from receivables.documents import Customer
        >>> level = Level(action="email", days_overdue=1, template="t")
        >>> s = CollectionStrategy(id="s", version="1", tracks=[
        ...     Track(name="vip", segment="vip", levels=[level]),
        ...     Track(name="all", levels=[level])])
        >>> s.track_for(Customer(id="C1", name="N", segment="vip")).name
        'vip'
        """
        for track in self.tracks:
            if track.matches(customer):
                return track
        return None


# --- what the host tells us about each account ------------------------------------------


def _date_check(field: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise ValidationError(field, value, "a datetime.date")

    return check


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
    on: dt.date = attrs.field(validator=_date_check("dunning_step.on"))

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

    on: dt.date = attrs.field(validator=_date_check("contact_attempt.on"))
    action: Action = attrs.field(converter=_c_contact_attempt_action)
    conversation: bool = attrs.field(default=False, validator=_bool("contact_attempt.conversation"))


@attrs.frozen(kw_only=True)
class BureauReport:
    """Item ``item`` reported to a credit bureau on ``reported_on``; ``corrected_on`` once fixed.

    >>> BureauReport(item="INV-1", reported_on=dt.date(2026, 1, 5)).corrected_on is None
    True
    """

    item: str = attrs.field()
    reported_on: dt.date = attrs.field(validator=_date_check("bureau_report.reported_on"))
    corrected_on: dt.date | None = attrs.field(default=None)

    @item.validator
    def _check_item(self, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError("bureau_report.item", value, "an item number")

    @corrected_on.validator
    def _check_corrected(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            _date_check("bureau_report.corrected_on")(self, attribute, value)
            if value < self.reported_on:  # type: ignore[operator]
                raise ValidationError(
                    "bureau_report.corrected_on",
                    value,
                    f"None or a date on or after reported_on {self.reported_on.isoformat()}",
                )


@lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


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


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


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
    currency (pass one account per currency otherwise); ``plan_status`` is the
    plans engine's verdict; ``steps``, ``attempts``, ``bureau_notices`` and
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
        if _zone(customer.timezone) is None:
            raise ValidationError(
                "customer.timezone", customer.timezone, "an IANA time zone such as 'America/Bogota'"
            )
        currency = None
        for index, item in enumerate(self.items):
            if not isinstance(item, OpenItem):
                raise ValidationError(f"dunning_account.items[{index}]", item, "a ledger.OpenItem")
            if item.customer_id != customer.id:
                raise ValidationError(
                    f"dunning_account.items[{index}].customer_id",
                    item.customer_id,
                    f"the account's customer {customer.id!r}",
                )
            if currency is None:
                currency = item.open.code
            elif item.open.code != currency:
                raise ValidationError(
                    f"dunning_account.items[{index}].currency",
                    item.open.code,
                    f"{currency}, the account's one currency (one account per currency)",
                )
        for field, documents, kind in (
            ("disputes", self.disputes, Dispute),
            ("promises", self.promises, PromiseToPay),
        ):
            for index, document in enumerate(documents):
                if not isinstance(document, kind):
                    raise ValidationError(
                        f"dunning_account.{field}[{index}]", document, f"a {kind.__name__}"
                    )
                if document.customer_id != customer.id:
                    raise ValidationError(
                        f"dunning_account.{field}[{index}].customer_id",
                        document.customer_id,
                        f"the account's customer {customer.id!r}",
                    )
        for field, records, record_kind in (
            ("steps", self.steps, DunningStep),
            ("attempts", self.attempts, ContactAttempt),
            ("reported", self.reported, BureauReport),
        ):
            for index, record in enumerate(records):
                if not isinstance(record, record_kind):
                    raise ValidationError(
                        f"dunning_account.{field}[{index}]", record, f"a {record_kind.__name__}"
                    )
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


# --- decisions ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DunningDecision:
    """The next step for one customer, or why there is none, with its reasons.

    ``level``, ``action`` and ``template`` are the step to take (``act``) or
    that waits (``wait``); with ``none`` the ``level`` is the last one sent.
    ``overdue`` is the open amount of the ``items`` dunned (overdue, not
    disputed, not promised) less unapplied credits; ``not_before`` is, for a
    ``wait``, the first local day the step could be taken; ``corrections``
    lists items to correct at the credit bureau.

    >>> from receivables.documents import Customer
    >>> from receivables.ledger import ItemKind, OpenItem
    >>> from receivables.money import money
    >>> s = CollectionStrategy(id="s", version="1", tracks=[Track(name="all",
    ...     levels=[Level(action="call", days_overdue=1, template="t")])])
    >>> item = OpenItem(number="INV-1", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("500.00", "USD"), open=money("500.00", "USD"))
    >>> result = run([DunningAccount(customer=Customer(id="C1", name="Acme"), items=[item])],
    ...              as_of=dt.date(2026, 2, 3), strategy=s)
    >>> decision = result.decisions[0]
    >>> decision.outcome, decision.action, decision.overdue, decision.items, decision.codes
    (<Outcome.ACT: 'act'>, <Action.CALL: 'call'>, Money('500.00', 'USD'), ('INV-1',), ('level_reached',))
    """

    customer_id: str
    outcome: Outcome
    currency: str
    overdue: Money
    days_overdue: int
    items: tuple[str, ...] = ()
    level: int | None = None
    action: Action | None = None
    template: str | None = None
    needs_approval: bool = False
    track: str | None = None
    not_before: dt.date | None = None
    corrections: tuple[str, ...] = ()
    promise: PromiseStatus = PromiseStatus.NONE
    customer_value: Decimal = Decimal(0)
    reasons: tuple[Reason, ...] = ()
    strategy_id: str = ""
    strategy_version: str = ""

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes, in order.

        >>> DunningDecision(customer_id="C1", outcome="none", currency="USD",
        ...     overdue=from_minor(0, "USD"), days_overdue=0,
        ...     reasons=(Reason("nothing_overdue", "No open item is past its due date."),)).codes
        ('nothing_overdue',)
        """
        return tuple(reason.code for reason in self.reasons)


Clock = dt.time | dt.datetime | None


@attrs.frozen(kw_only=True)
class DunningRun:
    """The decisions of one run, sorted by customer id, and what the run was given.

    ``at`` records the clock the contact hours were read at, in ISO form: a
    time of day (each customer's local time) such as ``'10:30:00'``, an aware
    instant such as ``'2026-03-02T01:30:00+00:00'``, or None when only dates
    were checked.

    >>> import datetime as dt
    >>> a = DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1")
    >>> a.merge(a) == a
    True
    """

    as_of: dt.date
    strategy_id: str
    strategy_version: str
    at: str | None = None
    decisions: tuple[DunningDecision, ...] = attrs.field(default=(), converter=_tuple)

    def merge(self, other: DunningRun) -> DunningRun:
        """The run over both parts' customers; associative, and equal to one run over all.

        Runs must share ``as_of``, ``at`` and the strategy; a customer in both
        parts raises :class:`~receivables.errors.DuplicateDocumentError`.

        >>> left = DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1")
        >>> left.merge(DunningRun(as_of=dt.date(2026, 3, 3), strategy_id="s", strategy_version="1"))
        Traceback (most recent call last):
        ...
        receivables.errors.ValidationError: dunning_run.as_of: got datetime.date(2026, 3, 3); expected the same as_of as the run it merges with (datetime.date(2026, 3, 2))
        """
        for field in ("as_of", "at", "strategy_id", "strategy_version"):
            if getattr(self, field) != getattr(other, field):
                raise ValidationError(
                    f"dunning_run.{field}",
                    getattr(other, field),
                    f"the same {field} as the run it merges with ({getattr(self, field)!r})",
                )
        left, right = self.decisions, other.decisions
        merged: list[DunningDecision] = []
        i = j = 0
        while i < len(left) and j < len(right):
            if left[i].customer_id < right[j].customer_id:
                merged.append(left[i])
                i += 1
            elif right[j].customer_id < left[i].customer_id:
                merged.append(right[j])
                j += 1
            else:
                raise DuplicateDocumentError("dunning decision for customer", left[i].customer_id)
        merged.extend(left[i:])
        merged.extend(right[j:])
        return attrs.evolve(self, decisions=tuple(merged))

    def decision(self, customer_id: str) -> DunningDecision:
        """The decision for ``customer_id``.

        >>> DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1").decision("C9")
        Traceback (most recent call last):
        ...
        receivables.errors.ValidationError: customer_id: got 'C9'; expected a customer in this run
        """
        for decision in self.decisions:
            if decision.customer_id == customer_id:
                return decision
        raise ValidationError("customer_id", customer_id, "a customer in this run")

    def counts(self) -> dict[str, int]:
        """How many decisions had each outcome, in the outcome enum's order.

        >>> DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1").counts()
        {'act': 0, 'wait': 0, 'paused': 0, 'none': 0}
        """
        counts = {outcome.value: 0 for outcome in Outcome}
        for decision in self.decisions:
            counts[decision.outcome.value] += 1
        return counts


# --- the run ------------------------------------------------------------------------------


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


_STOPPED = frozenset(
    {
        CustomerStatus.BANKRUPT,
        CustomerStatus.DECEASED,
        CustomerStatus.DISSOLVED,
        CustomerStatus.DISPUTE_LOST,
        CustomerStatus.UNCOLLECTIBLE,
    }
)


@attrs.frozen
class _Local:
    day: dt.date
    time: dt.time | None


class _Context:
    """What every account's decision shares: the date, the clock, the strategy, caches."""

    def __init__(self, as_of: dt.date, clock: Clock, strategy: CollectionStrategy) -> None:
        self.as_of = as_of
        self.clock = clock
        self.strategy = strategy
        self.contact = strategy.contact
        self.timed = frozenset(strategy.contact.timed_actions)
        self.tracks: dict[tuple[str, str], Track | None] = {}
        self.locals: dict[str, _Local] = {}
        self.scale: dict[str, int] = {}

    def track(self, customer: Customer) -> Track | None:
        key = (customer.segment, customer.risk_class)
        if key not in self.tracks:
            self.tracks[key] = self.strategy.track_for(customer)
        return self.tracks[key]

    def local(self, timezone: str) -> _Local:
        found = self.locals.get(timezone)
        if found is None:
            clock = self.clock
            if isinstance(clock, dt.datetime):
                moment = clock.astimezone(_zone(timezone))
                found = _Local(moment.date(), moment.time().replace(tzinfo=None))
            else:
                found = _Local(self.as_of, clock)
            self.locals[timezone] = found
        return found

    def minor(self, amount: Decimal, currency: str) -> Decimal:
        factor = self.scale.get(currency)
        if factor is None:
            factor = self.scale[currency] = 10 ** currency_digits(currency)
        return amount * factor


def _holiday(country: str, day: dt.date) -> tuple[bool, str | None]:
    """(calendar known, holiday name or None)."""
    calendar = _public_holidays(country, day.year)
    if calendar is None:
        return False, None
    return True, calendar.get(day)


def _contact_day(rules: ContactRules, country: str, day: dt.date) -> bool:
    if day.weekday() not in rules.weekdays:
        return False
    return not (rules.observe_public_holidays and _holiday(country, day)[1] is not None)


def _next_contact_day(rules: ContactRules, country: str, day: dt.date) -> dt.date:
    for _ in range(366):
        if _contact_day(rules, country, day):
            return day
        day += dt.timedelta(days=1)
    return day


def _promise_status(
    promises: Sequence[PromiseToPay], open_numbers: set[str], overdue: bool, as_of: dt.date
) -> PromiseStatus:
    status = PromiseStatus.NONE
    for promise in promises:
        if promise.taken_on > as_of:
            continue
        if promise.promised_date >= as_of:
            return PromiseStatus.PENDING
        still_open = (
            any(number in open_numbers for number in promise.items) if promise.items else overdue
        )
        if still_open:
            status = PromiseStatus.BROKEN
    return status


def _corrections(
    reported: Sequence[BureauReport], open_numbers: set[str], as_of: dt.date
) -> tuple[str, ...]:
    """Paid items whose latest report on file has no correction on or after it.

    Judged per item, not per record: one correction made after the item's
    latest report settles every record of it, so a paid item is corrected once.
    """
    latest: dict[str, dt.date] = {}
    corrected: dict[str, dt.date] = {}
    for report in reported:
        if report.reported_on > as_of or report.item in open_numbers:
            continue
        if report.item not in latest or report.reported_on > latest[report.item]:
            latest[report.item] = report.reported_on
        fixed = report.corrected_on
        if fixed is not None and fixed <= as_of and fixed > corrected.get(report.item, dt.date.min):
            corrected[report.item] = fixed
    return tuple(
        sorted(
            number
            for number, on in latest.items()
            if number not in corrected or corrected[number] < on
        )
    )


def _decide(account: DunningAccount, ctx: _Context) -> DunningDecision:
    as_of = ctx.as_of
    strategy = ctx.strategy
    customer = account.customer
    currency = account.currency
    reasons: list[Reason] = []

    open_numbers: set[str] = set()
    overdue_items: list[OpenItem] = []
    credit_units = 0
    for item in account.items:
        if item.document_date > as_of:
            continue
        units = to_minor(item.open)
        if units > 0:
            open_numbers.add(item.number)
            if item.due_date < as_of:
                overdue_items.append(item)
        elif units < 0:
            credit_units += units

    corrections = _corrections(account.reported, open_numbers, as_of)
    if corrections:
        reasons.append(
            Reason(
                "bureau_correction_due",
                f"Reported item(s) {', '.join(corrections)} are paid: report the correction.",
                {"items": list(corrections)},
            )
        )

    promise = _promise_status(account.promises, open_numbers, bool(overdue_items), as_of)
    value = Decimal(account.customer_value)

    def decision(
        outcome: Outcome,
        *,
        items: Sequence[OpenItem] = (),
        units: int = 0,
        days: int = 0,
        **extra: Any,
    ) -> DunningDecision:
        return DunningDecision(
            customer_id=customer.id,
            outcome=outcome,
            currency=currency,
            overdue=from_minor(units, currency),
            days_overdue=days,
            items=tuple(sorted(item.number for item in items)),
            corrections=corrections,
            promise=promise,
            customer_value=value,
            reasons=tuple(reasons),
            strategy_id=strategy.id,
            strategy_version=strategy.version,
            **extra,
        )

    if not overdue_items:
        reasons.append(Reason("nothing_overdue", "No open item is past its due date."))
        return decision(Outcome.NONE)

    # 1. pauses ------------------------------------------------------------------------
    paused = False
    if customer.status in _STOPPED:
        paused = True
        reasons.append(
            Reason(
                "customer_status",
                f"The customer is {customer.status.value}; dunning stops.",
                {"status": customer.status.value},
            )
        )
    plan = account.plan_status
    if plan is PlanStatus.CURRENT:
        paused = True
        reasons.append(
            Reason("payment_plan_current", "A payment plan is current; dunning is paused.")
        )
    elif plan in (PlanStatus.IN_ARREARS, PlanStatus.BROKEN):
        reasons.append(
            Reason(
                f"payment_plan_{plan.value}",
                f"The payment plan is {plan.value.replace('_', ' ')}; dunning goes on.",
            )
        )
    promised: set[str] = set()
    for pledge in account.promises:
        if pledge.taken_on <= as_of <= pledge.promised_date:
            if not pledge.items:
                paused = True
                reasons.append(
                    Reason(
                        "promise_pending",
                        f"Promise {pledge.id} to pay {pledge.amount.amount} {pledge.amount.code} by "
                        f"{pledge.promised_date.isoformat()} is not yet due.",
                        {"promise": pledge.id, "promised_date": pledge.promised_date.isoformat()},
                    )
                )
            else:
                promised.update(pledge.items)
    disputed = {d.invoice_number for d in account.disputes if d.is_open(as_of)}
    dunned: list[OpenItem] = []
    excluded_disputed: list[str] = []
    excluded_promised: list[str] = []
    for item in overdue_items:
        if item.number in disputed:
            excluded_disputed.append(item.number)
        elif item.number in promised:
            excluded_promised.append(item.number)
        else:
            dunned.append(item)
    if excluded_disputed:
        excluded_disputed.sort()
        reasons.append(
            Reason(
                "items_disputed",
                f"Disputed item(s) {', '.join(excluded_disputed)} are left out.",
                {"items": excluded_disputed},
            )
        )
    if excluded_promised:
        excluded_promised.sort()
        reasons.append(
            Reason(
                "promise_pending",
                f"Item(s) {', '.join(excluded_promised)} are promised and not yet due.",
                {"items": excluded_promised},
            )
        )
    if not dunned:
        paused = True
        reasons.append(
            Reason(
                "all_overdue_paused",
                "Every overdue item is disputed or promised; the account is paused.",
            )
        )
    overdue_units = sum(to_minor(item.open) for item in dunned)
    net_units = max(0, overdue_units + credit_units)
    days = max((as_of - item.due_date).days for item in dunned) if dunned else 0
    if paused:
        return decision(Outcome.PAUSED, items=dunned, units=net_units, days=days)

    if net_units == 0:
        reasons.append(
            Reason(
                "covered_by_credits",
                "Unapplied credits cover the overdue amount.",
                {"overdue": str(from_minor(overdue_units, currency).amount)},
            )
        )
        return decision(Outcome.NONE, items=dunned, units=0, days=days)

    # 2. levels -------------------------------------------------------------------------
    track = ctx.track(customer)
    if track is None:
        reasons.append(
            Reason(
                "no_track",
                f"No track covers segment {customer.segment!r}, risk class "
                f"{customer.risk_class!r}.",
            )
        )
        return decision(Outcome.NONE, items=dunned, units=net_units, days=days)
    levels = track.levels
    last: DunningStep | None = None
    for step in account.steps:
        if step.action is Action.BUREAU_NOTICE:
            continue  # a notice is the bureau level's precondition, not the level itself
        if step.on <= as_of and (last is None or (step.on, step.level) > (last.on, last.level)):
            last = step
    done = min(last.level, len(levels)) if last is not None else 0

    def qualifies(index: int) -> bool:
        level = levels[index]
        return days >= level.days_overdue and net_units >= ctx.minor(level.min_amount, currency)

    target = -1
    for index in range(done, len(levels)):
        if qualifies(index):
            target = index
    base = {"days_overdue": days, "overdue": str(from_minor(net_units, currency).amount)}
    if target < 0:
        if done >= len(levels):
            reasons.append(
                Reason(
                    "final_level_reached",
                    f"The last level of track {track.name!r} was sent.",
                    {"level": done},
                )
            )
        else:
            nxt = levels[done]
            code = "next_level_not_reached"
            if days >= nxt.days_overdue:
                code = "below_minimum_amount"
            reasons.append(
                Reason(
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
            )
        return decision(
            Outcome.NONE, items=dunned, units=net_units, days=days, track=track.name,
            level=done or None,
        )  # fmt: skip

    chosen = done
    skipped: list[int] = []
    while chosen < target and levels[chosen].skippable:
        skipped.append(chosen + 1)
        chosen += 1
    level = levels[chosen]
    number = chosen + 1
    if skipped:
        reasons.append(
            Reason(
                "levels_skipped",
                f"Level(s) {', '.join(map(str, skipped))} skipped; the account meets level "
                f"{number}.",
                {"levels": skipped},
            )
        )
    elif chosen < target:
        reasons.append(
            Reason(
                "level_not_skipped",
                f"The account meets level {target + 1} but level {number} may not be skipped.",
                {"meets": target + 1, "level": number},
            )
        )
    if not qualifies(chosen):
        reasons.append(
            Reason(
                "below_minimum_amount",
                f"Level {number} needs {level.min_amount} {currency} and may not be skipped.",
                {**base, "level": number, "min_amount": str(level.min_amount)},
            )
        )
        return decision(
            Outcome.NONE, items=dunned, units=net_units, days=days, track=track.name,
            level=done or None,
        )  # fmt: skip

    reasons.append(
        Reason(
            "level_reached",
            f"{days} days and {base['overdue']} {currency} overdue reach level {number} "
            f"({level.action.value}) of track {track.name!r}.",
            {**base, "level": number, "days_needed": level.days_overdue},
        )
    )
    if level.needs_approval:
        reasons.append(
            Reason("needs_approval", f"Level {number} ({level.action.value}) needs approval.")
        )
    action = level.action
    template = level.template
    waits: list[dt.date] = []
    if last is not None and done >= 1:
        ready = last.on + dt.timedelta(days=levels[done - 1].min_interval_days)
        if as_of < ready:
            waits.append(ready)
            reasons.append(
                Reason(
                    "min_interval_not_elapsed",
                    f"Level {done} was sent on {last.on.isoformat()}; the next step may follow "
                    f"on {ready.isoformat()}.",
                    {"last_step": last.on.isoformat(), "ready_on": ready.isoformat()},
                )
            )

    # 4. credit-bureau reporting ----------------------------------------------------------
    if action is Action.BUREAU_REPORT:
        rules = strategy.bureau
        if net_units < ctx.minor(rules.min_amount, currency):
            reasons.append(
                Reason(
                    "bureau_below_minimum",
                    f"A bureau report needs {rules.min_amount} {currency} overdue; the account "
                    f"has {base['overdue']}.",
                    {**base, "min_amount": str(rules.min_amount)},
                )
            )
            return decision(
                Outcome.NONE, items=dunned, units=net_units, days=days, track=track.name,
                level=done or None,
            )  # fmt: skip
        notices = [day for day in account.bureau_notices if day <= as_of] + [
            step.on
            for step in account.steps
            if step.action is Action.BUREAU_NOTICE and step.on <= as_of
        ]
        if not notices:
            action = Action.BUREAU_NOTICE
            template = rules.notice_template
            reasons.append(
                Reason(
                    "bureau_notice_required",
                    f"A bureau report needs a notice {rules.notice_days} days before; send it.",
                    {"notice_days": rules.notice_days},
                )
            )
        else:
            sent = max(notices)
            eligible = sent + dt.timedelta(days=rules.notice_days)
            if as_of < eligible:
                waits.append(eligible)
                reasons.append(
                    Reason(
                        "bureau_notice_period",
                        f"The notice sent on {sent.isoformat()} allows a report from "
                        f"{eligible.isoformat()}.",
                        {"notice_sent": sent.isoformat(), "eligible_on": eligible.isoformat()},
                    )
                )
            else:
                reasons.append(
                    Reason(
                        "bureau_notice_given",
                        f"Notice sent on {sent.isoformat()}, {rules.notice_days}+ days ago.",
                        {"notice_sent": sent.isoformat()},
                    )
                )

    # 3. contact rules ------------------------------------------------------------------
    contact = ctx.contact
    country = customer.country
    local: _Local | None = None
    if action in ctx.timed:
        local = ctx.local(customer.timezone)
        day = local.day
        if day.weekday() not in contact.weekdays:
            waits.append(_next_contact_day(contact, country, day))
            reasons.append(
                Reason(
                    "not_a_contact_day",
                    f"{day.strftime('%A')} is not a contact day in {customer.timezone}.",
                    {"local_date": day.isoformat(), "weekdays": list(contact.weekdays)},
                )
            )
        if contact.observe_public_holidays:
            known, name = _holiday(country, day)
            if not known:
                reasons.append(
                    Reason(
                        "no_holiday_calendar",
                        f"No public-holiday calendar for {country}; holidays not checked.",
                        {"country": country},
                    )
                )
            elif name is not None:
                waits.append(_next_contact_day(contact, country, day))
                reasons.append(
                    Reason(
                        "public_holiday",
                        f"{day.isoformat()} is a public holiday in {country}: {name}.",
                        {"local_date": day.isoformat(), "holiday": name},
                    )
                )
        if local.time is not None:
            hour = local.time.hour + local.time.minute / 60
            if not contact.earliest_hour <= hour < contact.latest_hour:
                later = local.time.hour >= contact.latest_hour
                start = day + dt.timedelta(days=1) if later else day
                waits.append(_next_contact_day(contact, country, start))
                reasons.append(
                    Reason(
                        "outside_contact_hours",
                        f"It is {local.time.strftime('%H:%M')} in {customer.timezone}; contact "
                        f"between {contact.earliest_hour:02d}:00 and "
                        f"{contact.latest_hour:02d}:00.",
                        {
                            "local_time": local.time.strftime("%H:%M"),
                            "earliest_hour": contact.earliest_hour,
                            "latest_hour": contact.latest_hour,
                        },
                    )
                )
    for cap in contact.caps:
        if action not in cap.actions:
            continue
        kinds = frozenset(cap.actions)
        window_start = as_of - dt.timedelta(days=cap.window_days - 1)
        recent = sorted(
            a.on for a in account.attempts if a.action in kinds and window_start <= a.on <= as_of
        )
        if len(recent) >= cap.max_attempts:
            # the window slides past the oldest attempts that make the count reach the cap
            drop = recent[len(recent) - cap.max_attempts]
            ready = drop + dt.timedelta(days=cap.window_days)
            waits.append(ready)
            reasons.append(
                Reason(
                    "frequency_cap_reached",
                    f"{len(recent)} {'/'.join(a.value for a in cap.actions)} attempt(s) in the "
                    f"last {cap.window_days} days; the cap is {cap.max_attempts} "
                    "(Regulation F 12 CFR §1006.14(b)(2)).",
                    {
                        "attempts": len(recent),
                        "max_attempts": cap.max_attempts,
                        "window_days": cap.window_days,
                        "ready_on": ready.isoformat(),
                    },
                )
            )
        if cap.quiet_days_after_conversation:
            talks = [
                a.on
                for a in account.attempts
                if a.conversation and a.action in kinds and a.on <= as_of
            ]
            if talks:
                talked = max(talks)
                ready = talked + dt.timedelta(days=cap.quiet_days_after_conversation)
                if as_of < ready:
                    waits.append(ready)
                    reasons.append(
                        Reason(
                            "conversation_quiet_period",
                            f"A conversation on {talked.isoformat()} starts "
                            f"{cap.quiet_days_after_conversation} quiet days; next on "
                            f"{ready.isoformat()}.",
                            {"conversation": talked.isoformat(), "ready_on": ready.isoformat()},
                        )
                    )

    extra: dict[str, Any] = {
        "level": number,
        "action": action,
        "template": template,
        "needs_approval": level.needs_approval,
        "track": track.name,
    }
    if waits:
        ready = max(waits)
        if action in ctx.timed:
            ready = _next_contact_day(contact, country, ready)
        return decision(
            Outcome.WAIT, items=dunned, units=net_units, days=days, not_before=ready, **extra
        )
    return decision(Outcome.ACT, items=dunned, units=net_units, days=days, **extra)


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a run builds its many small values.

    A run makes hundreds of thousands of acyclic objects; each gen-2 collection
    would rescan the caller's whole portfolio, which more than doubled a
    100,000-customer run. Reference counting still frees everything; the
    collector is switched back on (if it was on) when the run ends or fails.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _resolve_clock(as_of: dt.date | dt.datetime, at: dt.time | None) -> tuple[dt.date, Clock]:
    if isinstance(as_of, dt.datetime):
        if as_of.tzinfo is None or as_of.utcoffset() is None:
            raise ValidationError("as_of", as_of, "a date, or an aware datetime (with tzinfo)")
        if at is not None:
            raise ValidationError("at", at, "None when as_of is a datetime")
        return as_of.date(), as_of
    if not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date or an aware datetime")
    if at is not None and (not isinstance(at, dt.time) or at.tzinfo is not None):
        raise ValidationError("at", at, "a naive datetime.time: the customers' local time of day")
    return as_of, at


def run(
    accounts: Iterable[DunningAccount],
    *,
    as_of: dt.date | dt.datetime,
    strategy: CollectionStrategy,
    at: dt.time | None = None,
    progress: Progress | None = None,
) -> DunningRun:
    """Decide the next dunning step for every account; deterministic, sorted by customer id.

    ``as_of`` is the run's date. Give ``at`` (a naive time of day, read as each
    customer's local time) or make ``as_of`` an aware datetime (converted to
    each customer's time zone) to check contact hours; with a plain date only
    days and holidays are checked. ``progress`` is called with the number of
    accounts done (a callable, or a tqdm-like object with ``update``). Python's
    cyclic garbage collector is paused while the run builds its decisions and
    restored afterwards (reference counting still frees memory).

    >>> from receivables.documents import Customer
    >>> s = CollectionStrategy(id="s", version="1", tracks=[Track(name="all",
    ...     levels=[Level(action="call", days_overdue=1, template="t")])])
    >>> run([], as_of=dt.datetime(2026, 3, 2, 9), strategy=s)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: as_of: got datetime.datetime(2026, 3, 2, 9, 0); expected a date, or an aware datetime (with tzinfo)
    """
    if not isinstance(strategy, CollectionStrategy):
        raise ValidationError("strategy", strategy, "a CollectionStrategy")
    given: object = accounts
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise ValidationError("accounts", given, "an iterable of DunningAccount values")
    tick = reporter(progress)
    day, clock = _resolve_clock(as_of, at)
    ctx = _Context(day, clock, strategy)
    decided: dict[str, DunningDecision] = {}
    pending = 0
    with _cyclic_gc_paused():
        for account in accounts:
            if not isinstance(account, DunningAccount):
                raise ValidationError("accounts", account, "DunningAccount values")
            customer_id = account.customer.id
            if customer_id in decided:
                raise DuplicateDocumentError("dunning account for customer", customer_id)
            decided[customer_id] = _decide(account, ctx)
            pending += 1
            if pending == 1000:
                tick(pending)
                pending = 0
    tick(pending)
    return DunningRun(
        as_of=day,
        strategy_id=strategy.id,
        strategy_version=strategy.version,
        at=None if clock is None else clock.isoformat(),
        decisions=tuple(decided[key] for key in sorted(decided)),
    )


# --- the worklist ---------------------------------------------------------------------------


def _outcomes(value: object) -> tuple[Outcome, ...]:
    convert = _enum_converter(Outcome, "worklist_policy.outcomes")
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise PolicyError("worklist_policy.outcomes", value, "a list of outcomes")
    outcomes = tuple(convert(item) for item in value)
    if not outcomes:
        raise PolicyError("worklist_policy.outcomes", outcomes, "at least one outcome")
    return outcomes


def _optional_currency(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    try:
        currency_digits(str(value))
    except ValidationError:
        raise PolicyError(
            "worklist_policy.currency", value, "an ISO 4217 code such as 'USD', or None"
        ) from None


@attrs.frozen(kw_only=True)
class WorklistPolicy:
    """How the worklist scores an account; every component is reported.

    ``score = amount_weight·log10(1 + amount) + age_weight·min(days, age_cap_days)/age_unit_days
    + promise points + value_weight·log10(1 + customer_value)``, amounts in
    major units of ``currency`` (needed, with a rate table, when the run mixes
    currencies). A broken promise adds ``broken_promise_points``; a pending
    one adds ``pending_promise_points`` (negative by default: wait for it).
    Each log10 is rounded to 4 decimals and each component to 0.0001.

    >>> WorklistPolicy(age_unit_days=0)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: worklist_policy.age_unit_days: got 0; expected a whole number of 1 or more
    """

    id: str = "worklist"
    version: str = "1"
    amount_weight: Decimal = attrs.field(
        default=Decimal(1), converter=_c_worklist_policy_amount_weight
    )
    age_weight: Decimal = attrs.field(default=Decimal(1), converter=_c_worklist_policy_age_weight)
    age_unit_days: int = attrs.field(
        default=30, validator=_int_at_least("worklist_policy.age_unit_days", 1)
    )
    age_cap_days: int = attrs.field(
        default=360, validator=_int_at_least("worklist_policy.age_cap_days", 1)
    )
    broken_promise_points: Decimal = attrs.field(
        default=Decimal(2), converter=_c_worklist_policy_broken_promise_points
    )
    pending_promise_points: Decimal = attrs.field(
        default=Decimal(-1), converter=_c_worklist_policy_pending_promise_points
    )
    value_weight: Decimal = attrs.field(
        default=Decimal("0.5"), converter=_c_worklist_policy_value_weight
    )
    outcomes: tuple[Outcome, ...] = attrs.field(
        default=(Outcome.ACT, Outcome.WAIT), converter=_outcomes
    )
    currency: str | None = attrs.field(default=None, validator=_optional_currency)

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)


@attrs.frozen(kw_only=True)
class WorklistEntry:
    """One account on a collector's list: its rank, score, and the score's components.

    >>> from receivables.documents import Customer
    >>> from receivables.ledger import ItemKind, OpenItem
    >>> from receivables.money import money
    >>> s = CollectionStrategy(id="s", version="1", tracks=[Track(name="all",
    ...     levels=[Level(action="call", days_overdue=1, template="t")])])
    >>> item = OpenItem(number="INV-1", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("500.00", "USD"), open=money("500.00", "USD"))
    >>> result = run([DunningAccount(customer=Customer(id="C1", name="Acme"), items=[item])],
    ...              as_of=dt.date(2026, 2, 3), strategy=s)
    >>> entry = worklist(result)[0]
    >>> entry.rank, entry.score, [reason.code for reason in entry.reasons]
    (1, Decimal('2.7998'), ['score_amount', 'score_age', 'score_promise', 'score_value'])
    """

    rank: int
    customer_id: str
    score: Decimal
    amount: Money
    days_overdue: int
    outcome: Outcome
    action: Action | None
    promise: PromiseStatus
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str


_PLACES = Decimal("0.0001")


def _log_points(weight: Decimal, amount: Decimal) -> Decimal:
    # A score is not money: log10 in binary floating point, rounded to 4 decimals before
    # it meets the Decimal weight, is exact enough and 80 times faster than Decimal.log10.
    return (weight * Decimal(f"{math.log10(1 + float(amount)):.4f}")).quantize(_PLACES)


def worklist(
    result: DunningRun,
    *,
    policy: WorklistPolicy | None = None,
    rates: RateTable | None = None,
) -> tuple[WorklistEntry, ...]:
    """Rank the run's accounts for collectors: highest score first, ties by amount,
    days and customer id, so the order is stable.

    >>> empty = DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1")
    >>> worklist(empty)
    ()
    """
    if not isinstance(result, DunningRun):
        raise ValidationError("result", result, "a DunningRun")
    if policy is not None and not isinstance(policy, WorklistPolicy):
        raise ValidationError("policy", policy, "a WorklistPolicy or None")
    if rates is not None and not isinstance(rates, RateTable):
        raise ValidationError("rates", rates, "a RateTable or None")
    with _cyclic_gc_paused():
        return _worklist(result, policy or WorklistPolicy(), rates)


def _worklist(
    result: DunningRun, policy: WorklistPolicy, rates: RateTable | None
) -> tuple[WorklistEntry, ...]:
    chosen = [d for d in result.decisions if d.outcome in policy.outcomes]
    currencies = sorted({d.currency for d in chosen})
    target = policy.currency
    if target is None and len(currencies) > 1:
        raise ValidationError(
            "worklist_policy.currency",
            None,
            f"a reporting currency (and rates) to rank {', '.join(currencies)} together",
        )
    promise_points = {
        PromiseStatus.NONE: Decimal(0).quantize(_PLACES),
        PromiseStatus.PENDING: policy.pending_promise_points.quantize(_PLACES),
        PromiseStatus.BROKEN: policy.broken_promise_points.quantize(_PLACES),
    }
    rows: list[tuple[Decimal, Decimal, int, str, DunningDecision, Money, tuple[Decimal, ...]]] = []
    for d in chosen:
        amount: Money = d.overdue
        if target is not None and amount.code != target:
            if rates is None:
                raise ValidationError(
                    "rates", None, f"a RateTable converting {amount.code} to {target}"
                )
            amount = rates.convert(amount, target, result.as_of)
        age_days = min(d.days_overdue, policy.age_cap_days)
        points = (
            _log_points(policy.amount_weight, amount.amount),
            (policy.age_weight * age_days / policy.age_unit_days).quantize(_PLACES),
            promise_points[d.promise],
            _log_points(policy.value_weight, d.customer_value),
        )
        score = sum(points, Decimal(0))
        rows.append((-score, -amount.amount, -d.days_overdue, d.customer_id, d, amount, points))
    rows.sort(key=lambda row: row[:4])
    return tuple(
        _entry(rank, -row[0], row[4], row[5], row[6], policy)
        for rank, row in enumerate(rows, start=1)
    )


def _entry(
    rank: int,
    score: Decimal,
    d: DunningDecision,
    amount: Money,
    points: tuple[Decimal, ...],
    policy: WorklistPolicy,
) -> WorklistEntry:
    amount_points, age_points, promise_points, value_points = points
    reasons = (
        Reason(
            "score_amount",
            f"{amount.amount} {amount.code} at risk: {amount_points} points.",
            {"amount": str(amount.amount), "currency": amount.code, "points": str(amount_points)},
        ),
        Reason(
            "score_age",
            f"{d.days_overdue} days overdue: {age_points} points.",
            {"days_overdue": d.days_overdue, "points": str(age_points)},
        ),
        Reason(
            "score_promise",
            f"Promise {d.promise.value}: {promise_points} points.",
            {"promise": d.promise.value, "points": str(promise_points)},
        ),
        Reason(
            "score_value",
            f"Customer value {d.customer_value}: {value_points} points.",
            {"customer_value": str(d.customer_value), "points": str(value_points)},
        ),
    )
    return WorklistEntry(
        rank=rank,
        customer_id=d.customer_id,
        score=score,
        amount=d.overdue,
        days_overdue=d.days_overdue,
        outcome=d.outcome,
        action=d.action,
        promise=d.promise,
        reasons=reasons,
        policy_id=policy.id,
        policy_version=policy.version,
    )
