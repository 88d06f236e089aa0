"""What is the next dunning step for one customer, and why not another?

``decide`` applies the rules in the order the package docstring lists to one
:class:`~receivables.dunning.DunningAccount` and returns its
:class:`DunningDecision`: the outcome, the step to take or that waits, and
the reasons. The rules live beside their concept: pauses
(:mod:`receivables.dunning.pauses`), levels (:mod:`receivables.dunning.levels`),
credit-bureau reporting (:mod:`receivables.dunning.bureau`) and contact rules
(:mod:`receivables.dunning.contact`); each returns its
:class:`~receivables.decisions.Reason` or nothing, and ``decide`` gathers them.

>>> [member.value for member in Outcome]
['act', 'wait', 'paused', 'none']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar, cast

import attrs

from receivables.decisions import Reason
from receivables.documents import Customer
from receivables.dunning import bureau, contact, levels, pauses
from receivables.dunning.accounts import DunningAccount
from receivables.dunning.levels import Action, Ladder, Track
from receivables.dunning.strategy import CollectionStrategy
from receivables.ledger import OpenItem
from receivables.money import Money, currency_digits, from_minor, to_minor
from receivables.promise_status import PromiseStatus

__all__ = ["DunningDecision", "Outcome"]


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


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


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
    >>> from receivables.dunning import CollectionStrategy, DunningAccount, Level, Track, run
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


# --- what every account's decision shares ---------------------------------------------------


_T = TypeVar("_T")


class _Context:
    """What every account's decision shares: the date, the clock, the strategy, caches.

    The caches hold what many accounts have in common: each track's minimum
    amounts in minor units, each time zone's local day and time, a zero amount
    per currency, and the reasons that carry no per-account amount (a holiday,
    a contact window, an interval ending on a given day). Reasons are frozen, so
    accounts share them; a run over many accounts then builds far fewer
    long-lived objects, which is what keeps Python's cyclic garbage collector
    cheap without switching it off.
    """

    def __init__(self, as_of: dt.date, clock: Clock, strategy: CollectionStrategy) -> None:
        self.as_of = as_of
        self.clock = clock
        self.strategy = strategy
        self.contact = strategy.contact
        self.timed = frozenset(strategy.contact.timed_actions)
        self.tracks: dict[tuple[str, str], Track | None] = {}
        self.locals: dict[str, tuple[dt.date, dt.time | None]] = {}
        self.minimums: dict[tuple[str, str], tuple[Decimal, ...]] = {}
        self.bureau_minimum: dict[str, Decimal] = {}
        self.zeros: dict[str, Money] = {}
        self.shared: dict[tuple[Any, ...], Any] = {}
        self.bundles: dict[tuple[int, ...], tuple[Reason, ...]] = {}

    def track(self, customer: Customer) -> Track | None:
        key = (customer.segment, customer.risk_class)
        if key not in self.tracks:
            self.tracks[key] = self.strategy.track_for(customer)
        return self.tracks[key]

    def local(self, timezone: str) -> tuple[dt.date, dt.time | None]:
        """The run's day and time of day in ``timezone``."""
        found = self.locals.get(timezone)
        if found is None:
            clock = self.clock
            if isinstance(clock, dt.datetime):
                moment = clock.astimezone(contact.zone(timezone))
                found = (moment.date(), moment.time().replace(tzinfo=None))
            else:
                found = (self.as_of, clock)
            self.locals[timezone] = found
        return found

    def level_minimums(self, track: Track, currency: str) -> tuple[Decimal, ...]:
        """Each level's minimum amount in minor units of ``currency``."""
        key = (track.name, currency)
        found = self.minimums.get(key)
        if found is None:
            factor = 10 ** currency_digits(currency)
            found = self.minimums[key] = tuple(level.min_amount * factor for level in track.levels)
        return found

    def bureau_minimum_units(self, currency: str) -> Decimal:
        """The bureau's minimum amount in minor units of ``currency``."""
        found = self.bureau_minimum.get(currency)
        if found is None:
            factor = 10 ** currency_digits(currency)
            found = self.bureau_minimum[currency] = self.strategy.bureau.min_amount * factor
        return found

    def amount(self, units: int, currency: str) -> Money:
        """``units`` of ``currency`` as Money; zero is built once per currency."""
        if units:
            return from_minor(units, currency)
        found = self.zeros.get(currency)
        if found is None:
            found = self.zeros[currency] = from_minor(0, currency)
        return found

    def once(self, key: tuple[Any, ...], rule: Callable[..., _T], *args: Any) -> _T:
        """``rule(*args)``, computed once per ``key`` in this run and shared after."""
        try:
            return cast(_T, self.shared[key])
        except KeyError:
            found = self.shared[key] = rule(*args)
            return found


class _Case:
    """One account's decision in the making: what it dunns, and the reasons so far.

    ``own`` counts the reasons built for this account alone; when there are
    none, the reasons tuple itself is shared with every account that has the
    same shared reasons.
    """

    __slots__ = (
        "account",
        "corrections",
        "ctx",
        "days",
        "items",
        "own",
        "promise",
        "reasons",
        "units",
    )

    def __init__(
        self, account: DunningAccount, ctx: _Context, corrections: tuple[str, ...]
    ) -> None:
        self.account = account
        self.ctx = ctx
        self.corrections = corrections
        self.promise = PromiseStatus.NONE
        self.reasons: list[Reason] = []
        self.own = 0
        self.items: Sequence[OpenItem] = ()
        self.units = 0
        self.days = 0

    def add(self, reason: Reason | None, *, shared: bool = False) -> None:
        """Record a rule's reason, if it fired; ``shared`` when other accounts use it too."""
        if reason is not None:
            self.reasons.append(reason)
            if not shared:
                self.own += 1

    def decision(
        self, outcome: Outcome, overdue: Money | None = None, **extra: Any
    ) -> DunningDecision:
        account, ctx = self.account, self.ctx
        strategy, currency = ctx.strategy, account.currency
        reasons = self.reasons
        if self.own:
            bundle = tuple(reasons)
        else:
            key = tuple(map(id, reasons))
            found = ctx.bundles.get(key)
            bundle = found if found is not None else ctx.bundles.setdefault(key, tuple(reasons))
        return DunningDecision(
            customer_id=account.customer.id,
            outcome=outcome,
            currency=currency,
            overdue=overdue if overdue is not None else ctx.amount(self.units, currency),
            days_overdue=self.days,
            items=tuple(sorted(item.number for item in self.items)),
            corrections=self.corrections,
            promise=self.promise,
            customer_value=Decimal(account.customer_value),
            reasons=bundle,
            strategy_id=strategy.id,
            strategy_version=strategy.version,
            **extra,
        )


_NOTHING_OVERDUE = Reason("nothing_overdue", "No open item is past its due date.")


def _open_items(
    items: Iterable[OpenItem], as_of: dt.date
) -> tuple[set[str], list[OpenItem], int, int]:
    """The numbers of the items owed, the overdue ones, their units, and the credits' units."""
    open_numbers: set[str] = set()
    overdue: list[OpenItem] = []
    overdue_units = credit_units = 0
    for item in items:
        if item.document_date > as_of:
            continue
        units = to_minor(item.open)
        if units > 0:
            open_numbers.add(item.number)
            if item.due_date < as_of:
                overdue.append(item)
                overdue_units += units
        elif units < 0:
            credit_units += units
    return open_numbers, overdue, overdue_units, credit_units


def decide(account: DunningAccount, ctx: _Context) -> DunningDecision:
    """One account's decision: bureau corrections, pauses, credits, track, then the step.

    The rules run in the order the package docstring lists; each records its
    reason, and the first that settles the outcome returns it.
    """
    as_of = ctx.as_of
    open_numbers, overdue, overdue_units, credit_units = _open_items(account.items, as_of)
    case = _Case(account, ctx, bureau.corrections(account.reported, open_numbers, as_of))
    case.add(bureau.correction_due(case.corrections))
    facts = pauses.promise_facts(
        account.promises, account.promise_outcomes, as_of, open_numbers, bool(overdue)
    )
    case.promise = pauses.account_status(facts)
    if not overdue:
        case.add(_NOTHING_OVERDUE, shared=True)
        return case.decision(Outcome.NONE)
    customer = account.customer
    disputed = {d.invoice_number for d in account.disputes if d.is_open(as_of)}
    pending = [(p, deadline) for p, status, deadline in facts if status is PromiseStatus.PENDING]
    before = len(case.reasons)
    dunned, paused = pauses.hold(
        customer, account.plan_status, pending, disputed, overdue, case.reasons
    )
    case.own += sum(not pauses.is_shared(r) for r in case.reasons[before:])
    if len(dunned) != len(overdue):
        overdue_units = sum(to_minor(item.open) for item in dunned)
    case.items = dunned
    case.units = max(0, overdue_units + credit_units)
    case.days = max((as_of - item.due_date).days for item in dunned) if dunned else 0
    if paused:
        return case.decision(Outcome.PAUSED)
    if case.units == 0:
        case.add(_covered(overdue_units, account.currency))
        return case.decision(Outcome.NONE)
    track = ctx.track(customer)
    if track is None:
        case.add(_no_track(customer))
        return case.decision(Outcome.NONE)
    return _step(case, track)


def _covered(overdue_units: int, currency: str) -> Reason:
    return Reason(
        "covered_by_credits",
        "Unapplied credits cover the overdue amount.",
        {"overdue": str(from_minor(overdue_units, currency).amount)},
    )


def _no_track(customer: Customer) -> Reason:
    return Reason(
        "no_track",
        f"No track covers segment {customer.segment!r}, risk class {customer.risk_class!r}.",
    )


def _step(case: _Case, track: Track) -> DunningDecision:
    """The level the account reaches on ``track``, then the waits that hold it back."""
    ctx, account = case.ctx, case.account
    as_of, currency, units = ctx.as_of, account.currency, case.units
    last = levels.last_step(account.steps, as_of)
    done = min(last.level, len(track.levels)) if last is not None else 0
    overdue = ctx.amount(units, currency)
    base = {"days_overdue": case.days, "overdue": str(overdue.amount)}
    ladder = Ladder(
        track, done, case.days, units, currency, ctx.level_minimums(track, currency), base
    )
    if ladder.target < 0:
        if done >= len(track.levels):  # the last level was sent: the same words for everyone
            case.add(ctx.once(("final", track.name), levels.no_level_due, ladder), shared=True)
        else:
            case.add(levels.no_level_due(ladder))
        return case.decision(Outcome.NONE, overdue, track=track.name, level=done or None)
    skip_key = ("skip", done, ladder.chosen, ladder.target)
    case.add(ctx.once(skip_key, levels.skipping, ladder), shared=True)
    if not ladder.qualifies(ladder.chosen, units):
        case.add(levels.unskippable_below_minimum(ladder))
        return case.decision(Outcome.NONE, overdue, track=track.name, level=done or None)
    case.add(levels.level_reached(ladder))
    level = track.levels[ladder.chosen]
    case.add(levels.needs_approval(ladder.chosen + 1, level), shared=True)
    waits: list[dt.date] = []
    if last is not None and done >= 1:
        key: tuple[Any, ...] = ("interval", done, last.on, track.name)
        _add(case, waits, ctx.once(key, levels.interval_wait, ladder, last, as_of))
    action, template = level.action, level.template
    if action is Action.BUREAU_REPORT:
        rules = ctx.strategy.bureau
        low = bureau.below_minimum(rules, units, ctx.bureau_minimum_units(currency), currency, base)
        if low is not None:
            case.add(low)
            return case.decision(Outcome.NONE, overdue, track=track.name, level=done or None)
        sent = bureau.notices_on_file(account.bureau_notices, account.steps, as_of)
        key = ("notice", max(sent) if sent else None)
        notice, eligible = ctx.once(key, bureau.notice_rule, rules, sent, as_of)
        case.add(notice, shared=True)
        if not sent:
            action, template = Action.BUREAU_NOTICE, rules.notice_template
        if eligible is not None:
            waits.append(eligible)
    _contact_rules(case, action, waits)
    extra: dict[str, Any] = {
        "level": ladder.chosen + 1,
        "action": action,
        "template": template,
        "needs_approval": level.needs_approval,
        "track": track.name,
    }
    if waits:
        ready = max(waits)
        if action in ctx.timed:
            ready = contact.next_contact_day(ctx.contact, account.customer.country, ready)
        return case.decision(Outcome.WAIT, overdue, not_before=ready, **extra)
    return case.decision(Outcome.ACT, overdue, **extra)


def _add(case: _Case, waits: list[dt.date], found: Reason | tuple[Reason, dt.date] | None) -> None:
    """Record a shared rule's finding: a reason alone, or a reason and the day it allows."""
    if found is None:
        return
    if isinstance(found, Reason):
        case.add(found, shared=True)
        return
    case.add(found[0], shared=True)
    waits.append(found[1])


def _contact_rules(case: _Case, action: Action, waits: list[dt.date]) -> None:
    """The contact day, holiday, hour and frequency rules for ``action``.

    Their reasons depend only on the customer's place and the day, or on the
    dates of the attempts that count, so each is built once per run and shared.
    """
    ctx, account = case.ctx, case.account
    rules, customer = ctx.contact, account.customer
    country, timezone = customer.country, customer.timezone
    once = ctx.once
    if action in ctx.timed:
        day, time = ctx.local(timezone)
        key: tuple[Any, ...] = (country, timezone, day, time)
        _add(
            case,
            waits,
            once(("weekday", *key), contact.weekday_rule, rules, country, timezone, day),
        )
        _add(case, waits, once(("holiday", *key), contact.holiday_rule, rules, country, day))
        _add(
            case,
            waits,
            once(("hours", *key), contact.hours_rule, rules, country, timezone, day, time),
        )
    as_of = ctx.as_of
    for index, cap in enumerate(rules.caps):
        if action in cap.actions:
            window = contact.cap_window(cap, account.attempts, as_of)
            if window is not None:
                _add(case, waits, once(("cap", index, *window), contact.cap_reason, cap, *window))
            talked = contact.last_conversation(cap, account.attempts, as_of)
            if talked is not None:
                key = ("quiet", index, talked)
                _add(case, waits, once(key, contact.quiet_rule, cap, talked, as_of))
