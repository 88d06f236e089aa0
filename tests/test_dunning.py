"""Dunning: strategy validation, the run's rules one by one, merge, worklist."""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import random
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.calendars import BusinessCalendar
from receivables.decisions import Reason
from receivables.documents import Customer, Dispute, PromiseToPay
from receivables.dunning import (
    Action,
    BureauReport,
    BureauRules,
    CollectionStrategy,
    ContactAttempt,
    ContactRules,
    DunningAccount,
    DunningRun,
    DunningStep,
    FrequencyCap,
    Level,
    Outcome,
    PromiseStatus,
    Track,
    WorklistPolicy,
    run,
    worklist,
)
from receivables.errors import DuplicateDocumentError, PolicyError, ValidationError
from receivables.interop import from_json, structure, to_json, unstructure
from receivables.ledger import ItemKind, OpenItem
from receivables.money import Rate, RateTable, money
from tests.strategies import dunning_portfolios

MONDAY = dt.date(2026, 3, 2)  # a Monday, no public holiday in the US or Colombia


def ladder(**changes: Any) -> tuple[Level, ...]:
    levels = [
        Level(action="email", days_overdue=1, template="reminder", min_interval_days=7),
        Level(action="call", days_overdue=15, template="call", min_interval_days=7),
        Level(action="letter", days_overdue=30, template="letter", min_amount=Decimal("100")),
        Level(action="bureau_report", days_overdue=60, template="bureau"),
        Level(action="agency", days_overdue=90, template="agency", needs_approval=True),
    ]
    for index, fields in changes.items():
        position = int(index.removeprefix("l")) - 1
        levels[position] = attrs.evolve(levels[position], **fields)
    return tuple(levels)


def strategy(**kwargs: Any) -> CollectionStrategy:
    levels = kwargs.pop("levels", ladder())
    return CollectionStrategy(
        id="collections", version="3", tracks=[Track(name="default", levels=levels)], **kwargs
    )


def customer(cid: str = "C1", **kwargs: Any) -> Customer:
    kwargs.setdefault("timezone", "America/New_York")
    return Customer(id=cid, name=f"Customer {cid}", **kwargs)


def item(number: str, due: dt.date, amount: str, *, cid: str = "C1", currency: str = "USD"):
    value = money(amount, currency)
    return OpenItem(
        number=number,
        customer_id=cid,
        kind=ItemKind.INVOICE if value.amount > 0 else ItemKind.PAYMENT,
        document_date=due - dt.timedelta(days=30),
        due_date=due,
        original=value,
        open=value,
    )


def days_ago(days: int, as_of: dt.date = MONDAY) -> dt.date:
    return as_of - dt.timedelta(days=days)


def account(*items: OpenItem, **kwargs: Any) -> DunningAccount:
    cust = kwargs.pop("customer", None) or customer()
    return DunningAccount(customer=cust, items=items, **kwargs)


def decide(acct: DunningAccount, *, as_of: Any = MONDAY, **kwargs: Any):
    policy = kwargs.pop("strategy", None) or strategy()
    return run([acct], as_of=as_of, strategy=policy, **kwargs).decisions[0]


# --- levels ---------------------------------------------------------------------------


def test_nothing_overdue() -> None:
    d = decide(account(item("INV-1", MONDAY, "100.00")))
    assert (d.outcome, d.codes) == (Outcome.NONE, ("nothing_overdue",))


def test_first_level_when_one_day_overdue() -> None:
    d = decide(account(item("INV-1", days_ago(1), "100.00")))
    assert d.outcome is Outcome.ACT
    assert (d.level, d.action, d.template, d.track) == (1, Action.EMAIL, "reminder", "default")
    assert d.items == ("INV-1",)
    assert d.overdue == money("100.00", "USD")
    assert d.days_overdue == 1
    assert (d.strategy_id, d.strategy_version) == ("collections", "3")
    assert d.reasons[0].data["days_overdue"] == 1


def test_minimum_interval_since_last_step() -> None:
    steps = [DunningStep(level=1, action="email", on=days_ago(3))]
    d = decide(account(item("INV-1", days_ago(20), "100.00"), steps=steps))
    assert d.outcome is Outcome.WAIT
    assert "min_interval_not_elapsed" in d.codes
    assert d.not_before == days_ago(3) + dt.timedelta(days=7)
    assert (d.level, d.action) == (2, Action.CALL)


def test_next_level_after_interval() -> None:
    steps = [DunningStep(level=1, action="email", on=days_ago(7))]
    d = decide(account(item("INV-1", days_ago(20), "100.00"), steps=steps))
    assert (d.outcome, d.level, d.action) == (Outcome.ACT, 2, Action.CALL)


def test_next_level_not_reached() -> None:
    steps = [DunningStep(level=1, action="email", on=days_ago(10))]
    d = decide(account(item("INV-1", days_ago(10), "100.00"), steps=steps))
    assert d.outcome is Outcome.NONE
    assert d.codes == ("next_level_not_reached",)
    assert d.reasons[0].data["days_needed"] == 15


def test_below_minimum_amount() -> None:
    steps = [DunningStep(level=2, action="call", on=days_ago(10))]
    d = decide(account(item("INV-1", days_ago(40), "99.99"), steps=steps))
    assert (d.outcome, d.codes) == (Outcome.NONE, ("below_minimum_amount",))


def test_never_skips_a_level_unless_allowed() -> None:
    overdue = item("INV-1", days_ago(45), "500.00")
    d = decide(account(overdue))
    assert (d.outcome, d.level) == (Outcome.ACT, 1)
    assert "level_not_skipped" in d.codes
    skippable = strategy(levels=ladder(l1={"skippable": True}, l2={"skippable": True}))
    d = decide(account(overdue), strategy=skippable)
    assert (d.level, d.action) == (3, Action.LETTER)
    skipped = next(r for r in d.reasons if r.code == "levels_skipped")
    assert skipped.data["levels"] == [1, 2]


def test_unskippable_level_below_its_minimum_amount_stops() -> None:
    levels = ladder(l1={"skippable": True}, l2={"min_amount": Decimal("1000")})
    d = decide(account(item("INV-1", days_ago(35), "500.00")), strategy=strategy(levels=levels))
    assert d.outcome is Outcome.NONE
    assert d.codes[-1] == "below_minimum_amount"


def test_final_level_reached() -> None:
    steps = [DunningStep(level=5, action="agency", on=days_ago(30))]
    d = decide(account(item("INV-1", days_ago(200), "500.00"), steps=steps))
    assert (d.outcome, d.codes) == (Outcome.NONE, ("final_level_reached",))


def test_needs_approval() -> None:
    steps = [DunningStep(level=4, action="bureau_report", on=days_ago(30))]
    d = decide(account(item("INV-1", days_ago(100), "500.00"), steps=steps))
    assert (d.outcome, d.action, d.needs_approval) == (Outcome.ACT, Action.AGENCY, True)
    assert "needs_approval" in d.codes


def test_steps_after_as_of_are_ignored() -> None:
    later = [DunningStep(level=1, action="email", on=MONDAY + dt.timedelta(days=1))]
    d = decide(account(item("INV-1", days_ago(3), "100.00"), steps=later))
    assert (d.outcome, d.level) == (Outcome.ACT, 1)


def test_documents_after_as_of_are_ignored() -> None:
    future = OpenItem(
        number="INV-9",
        customer_id="C1",
        kind=ItemKind.INVOICE,
        document_date=MONDAY + dt.timedelta(days=1),
        due_date=MONDAY + dt.timedelta(days=1),
        original=money("900.00", "USD"),
        open=money("900.00", "USD"),
    )
    later_promise = PromiseToPay(
        id="PTP-9",
        customer_id="C1",
        amount=money("100.00", "USD"),
        promised_date=MONDAY + dt.timedelta(days=9),
        taken_on=MONDAY + dt.timedelta(days=1),
        taken_by="ana",
    )
    d = decide(account(item("INV-1", days_ago(3), "100.00"), future, promises=[later_promise]))
    assert (d.outcome, d.overdue, d.promise) == (
        Outcome.ACT,
        money("100.00", "USD"),
        PromiseStatus.NONE,
    )


def test_amount_is_net_of_unapplied_credits() -> None:
    d = decide(account(item("INV-1", days_ago(3), "100.00"), item("PAY-1", days_ago(1), "-40.00")))
    assert d.overdue == money("60.00", "USD")
    d = decide(account(item("INV-1", days_ago(3), "100.00"), item("PAY-1", days_ago(1), "-140.00")))
    assert (d.outcome, d.codes) == (Outcome.NONE, ("covered_by_credits",))


def test_no_track_for_customer() -> None:
    only_vip = CollectionStrategy(
        id="s", version="1", tracks=[Track(name="vip", segment="vip", levels=ladder())]
    )
    d = decide(account(item("INV-1", days_ago(3), "100.00")), strategy=only_vip)
    assert d.codes == ("no_track",)


def test_first_matching_track_by_segment_and_risk_class() -> None:
    tracks = [
        Track(name="risky", risk_class="high", levels=ladder(l1={"template": "firm"})),
        Track(name="all", levels=ladder()),
    ]
    s = CollectionStrategy(id="s", version="1", tracks=tracks)
    d = decide(
        account(item("INV-1", days_ago(3), "100.00"), customer=customer(risk_class="high")),
        strategy=s,
    )
    assert (d.track, d.template) == ("risky", "firm")


# --- pauses ---------------------------------------------------------------------------


def test_disputed_item_is_left_out() -> None:
    dispute = Dispute(id="D1", customer_id="C1", invoice_number="INV-1", opened_on=days_ago(5))
    d = decide(
        account(
            item("INV-1", days_ago(40), "900.00"),
            item("INV-2", days_ago(3), "100.00"),
            disputes=[dispute],
        )
    )
    assert d.outcome is Outcome.ACT
    assert d.items == ("INV-2",)
    assert d.overdue == money("100.00", "USD")
    assert d.days_overdue == 3
    assert "items_disputed" in d.codes


def test_all_overdue_disputed_pauses_account() -> None:
    dispute = Dispute(id="D1", customer_id="C1", invoice_number="INV-1", opened_on=days_ago(5))
    d = decide(account(item("INV-1", days_ago(40), "900.00"), disputes=[dispute]))
    assert d.outcome is Outcome.PAUSED
    assert d.codes == ("items_disputed", "all_overdue_paused")


def test_resolved_dispute_no_longer_pauses() -> None:
    dispute = Dispute(
        id="D1",
        customer_id="C1",
        invoice_number="INV-1",
        opened_on=days_ago(20),
        resolved_on=days_ago(2),
    )
    d = decide(account(item("INV-1", days_ago(40), "900.00"), disputes=[dispute]))
    assert d.outcome is Outcome.ACT


@pytest.mark.parametrize(
    ("status", "outcome", "code"),
    [
        ("current", Outcome.PAUSED, "payment_plan_current"),
        ("in_arrears", Outcome.ACT, "payment_plan_in_arrears"),
        ("broken", Outcome.ACT, "payment_plan_broken"),
    ],
)
def test_payment_plan_status(status: str, outcome: Outcome, code: str) -> None:
    d = decide(account(item("INV-1", days_ago(3), "100.00"), plan_status=status))
    assert d.outcome is outcome
    assert code in d.codes


def test_completed_plan_does_not_pause() -> None:
    d = decide(account(item("INV-1", days_ago(3), "100.00"), plan_status="completed"))
    assert (d.outcome, d.codes) == (Outcome.ACT, ("level_reached",))


def promise(promised: dt.date, *items: str) -> PromiseToPay:
    return PromiseToPay(
        id="PTP-1",
        customer_id="C1",
        amount=money("100.00", "USD"),
        promised_date=promised,
        taken_on=days_ago(10),
        taken_by="ana",
        items=items,
    )


def test_promise_not_yet_due_pauses_account() -> None:
    d = decide(account(item("INV-1", days_ago(20), "100.00"), promises=[promise_on(MONDAY)]))
    assert d.outcome is Outcome.PAUSED
    assert "promise_pending" in d.codes
    assert d.promise is PromiseStatus.PENDING


def test_promise_on_an_item_leaves_that_item_out() -> None:
    d = decide(
        account(
            item("INV-1", days_ago(20), "100.00"),
            item("INV-2", days_ago(2), "50.00"),
            promises=[promise(days_ago(-3), "INV-1")],
        )
    )
    assert (d.outcome, d.items) == (Outcome.ACT, ("INV-2",))


def test_broken_promise_resumes_dunning() -> None:
    d = decide(account(item("INV-1", days_ago(20), "100.00"), promises=[promise_on(days_ago(1))]))
    assert d.outcome is Outcome.ACT
    assert d.promise is PromiseStatus.BROKEN


@pytest.mark.parametrize("status", ["bankrupt", "deceased", "uncollectible"])
def test_customer_status_stops_dunning(status: str) -> None:
    d = decide(account(item("INV-1", days_ago(20), "100.00"), customer=customer(status=status)))
    assert (d.outcome, d.codes) == (Outcome.PAUSED, ("customer_status",))


# --- contact rules ----------------------------------------------------------------------


def test_weekend_is_not_a_contact_day() -> None:
    saturday = dt.date(2026, 2, 28)
    d = decide(account(item("INV-1", days_ago(3, saturday), "100.00")), as_of=saturday)
    assert d.outcome is Outcome.WAIT
    assert d.codes[-1] == "not_a_contact_day"
    assert d.not_before == MONDAY


def test_letters_are_not_held_by_contact_days() -> None:
    saturday = dt.date(2026, 2, 28)
    levels = ladder(l1={"action": "letter"})
    d = decide(
        account(item("INV-1", days_ago(3, saturday), "100.00")),
        as_of=saturday,
        strategy=strategy(levels=levels),
    )
    assert d.outcome is Outcome.ACT


def test_public_holiday_in_the_customer_country() -> None:
    # 2026-01-12 is Colombia's Epiphany holiday, moved to Monday by Ley 51 de 1983
    # (the ``holidays`` package names it "Epiphany (observed)").
    holiday = dt.date(2026, 1, 12)
    colombian = customer(country="CO", timezone="America/Bogota")
    d = decide(
        account(item("INV-1", days_ago(3, holiday), "100.00"), customer=colombian), as_of=holiday
    )
    assert d.outcome is Outcome.WAIT
    assert d.codes[-1] == "public_holiday"
    assert d.not_before == dt.date(2026, 1, 13)
    # the same Monday is an ordinary contact day in the US
    d = decide(account(item("INV-1", days_ago(3, holiday), "100.00")), as_of=holiday)
    assert d.outcome is Outcome.ACT


def test_holidays_can_be_ignored_and_unknown_calendars_are_said() -> None:
    holiday = dt.date(2026, 1, 12)
    colombian = customer(country="CO", timezone="America/Bogota")
    relaxed = strategy(contact=ContactRules(observe_public_holidays=False))
    d = decide(
        account(item("INV-1", days_ago(3, holiday), "100.00"), customer=colombian),
        as_of=holiday,
        strategy=relaxed,
    )
    assert d.outcome is Outcome.ACT
    nowhere = customer(country="ZZ", timezone="UTC")
    d = decide(account(item("INV-1", days_ago(3), "100.00"), customer=nowhere))
    assert (d.outcome, "no_holiday_calendar" in d.codes) == (Outcome.ACT, True)


def test_local_contact_hours_with_a_time_of_day() -> None:
    overdue = account(item("INV-1", days_ago(3), "100.00"))
    assert decide(overdue, at=dt.time(8, 0)).outcome is Outcome.ACT
    late = decide(overdue, at=dt.time(21, 0))
    assert (late.outcome, late.codes[-1]) == (Outcome.WAIT, "outside_contact_hours")
    assert late.not_before == MONDAY + dt.timedelta(days=1)
    early = decide(overdue, at=dt.time(7, 59))
    assert (early.outcome, early.not_before) == (Outcome.WAIT, MONDAY)


def test_aware_datetime_is_read_in_the_customer_time_zone() -> None:
    # 2026-03-02 01:30 UTC is Sunday 20:30 in Bogotá (UTC-5) and Monday 10:30 in Tokyo (UTC+9).
    instant = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)
    bogota = customer(country="CO", timezone="America/Bogota")
    tokyo = customer("C2", country="JP", timezone="Asia/Tokyo")
    result = run(
        [
            account(item("INV-1", days_ago(3), "100.00"), customer=bogota),
            account(item("INV-2", days_ago(3), "100.00", cid="C2"), customer=tokyo),
        ],
        as_of=instant,
        strategy=strategy(),
    )
    first, second = result.decisions
    assert (first.outcome, first.codes[-1]) == (Outcome.WAIT, "not_a_contact_day")
    assert first.not_before == MONDAY
    assert second.outcome is Outcome.ACT
    assert result.as_of == MONDAY


def test_custom_hours_and_weekdays() -> None:
    rules = ContactRules(earliest_hour=9, latest_hour=17, weekdays=(0, 1, 2, 3, 4, 5))
    saturday = dt.date(2026, 2, 28)
    d = decide(
        account(item("INV-1", days_ago(3, saturday), "100.00")),
        as_of=saturday,
        at=dt.time(10),
        strategy=strategy(contact=rules),
    )
    assert d.outcome is Outcome.ACT


def calls(*days: int, conversation: bool = False) -> list[ContactAttempt]:
    return [ContactAttempt(on=days_ago(n), action="call", conversation=conversation) for n in days]


def at_call_level(**kwargs: Any) -> DunningAccount:
    steps = [DunningStep(level=1, action="email", on=days_ago(10))]
    return account(item("INV-1", days_ago(20), "100.00"), steps=steps, **kwargs)


def test_seven_calls_in_seven_days_cap() -> None:
    # Regulation F, 12 CFR §1006.14(b)(2)(i)(A): more than seven calls within seven
    # consecutive days is presumed harassing; with seven made (days -6..0) an eighth waits.
    d = decide(at_call_level(attempts=calls(0, 1, 2, 3, 4, 5, 6)))
    assert (d.outcome, d.codes[-1]) == (Outcome.WAIT, "frequency_cap_reached")
    # the window next lets a call on the day the oldest attempt (6 days ago) drops out
    assert d.not_before == days_ago(6) + dt.timedelta(days=7)
    assert decide(at_call_level(attempts=calls(0, 1, 2, 3, 4, 5))).outcome is Outcome.ACT
    assert decide(at_call_level(attempts=calls(1, 2, 3, 4, 5, 6, 7))).outcome is Outcome.ACT


def test_no_calls_for_seven_days_after_a_conversation() -> None:
    # §1006.14(b)(2)(i)(B): the day of the conversation is the first of the seven days.
    d = decide(at_call_level(attempts=calls(6, conversation=True)))
    assert (d.outcome, d.codes[-1]) == (Outcome.WAIT, "conversation_quiet_period")
    assert d.not_before == MONDAY + dt.timedelta(days=1)
    assert decide(at_call_level(attempts=calls(7, conversation=True))).outcome is Outcome.ACT


def test_cap_counts_only_its_actions() -> None:
    emails = [ContactAttempt(on=days_ago(n), action="email") for n in range(8)]
    assert decide(at_call_level(attempts=emails)).outcome is Outcome.ACT


# --- credit bureau ----------------------------------------------------------------------


def at_bureau_level(**kwargs: Any) -> DunningAccount:
    steps = [DunningStep(level=3, action="letter", on=days_ago(30))]
    return account(item("INV-1", days_ago(70), "500.00"), steps=steps, **kwargs)


def test_bureau_report_needs_a_notice_first() -> None:
    d = decide(at_bureau_level())
    assert (d.outcome, d.action, d.template) == (Outcome.ACT, Action.BUREAU_NOTICE, "bureau_notice")
    assert d.level == 4
    assert "bureau_notice_required" in d.codes


def test_bureau_report_waits_for_the_notice_period() -> None:
    # Ley 1266 de 2008, art. 12: the report may be made 20 calendar days after the notice.
    d = decide(at_bureau_level(bureau_notices=[days_ago(19)]))
    assert (d.outcome, d.codes[-1]) == (Outcome.WAIT, "bureau_notice_period")
    assert d.not_before == days_ago(19) + dt.timedelta(days=20)
    d = decide(at_bureau_level(bureau_notices=[days_ago(20)]))
    assert (d.outcome, d.action) == (Outcome.ACT, Action.BUREAU_REPORT)
    assert "bureau_notice_given" in d.codes


def test_a_notice_recorded_as_a_step_is_a_notice_not_the_level() -> None:
    steps = [
        DunningStep(level=3, action="letter", on=days_ago(30)),
        DunningStep(level=4, action="bureau_notice", on=days_ago(21)),
    ]
    d = decide(account(item("INV-1", days_ago(70), "500.00"), steps=steps))
    assert (d.outcome, d.level, d.action) == (Outcome.ACT, 4, Action.BUREAU_REPORT)
    assert "bureau_notice_given" in d.codes


def test_bureau_minimum_amount() -> None:
    rules = BureauRules(notice_days=20, min_amount=Decimal("1000"))
    d = decide(at_bureau_level(bureau_notices=[days_ago(30)]), strategy=strategy(bureau=rules))
    assert (d.outcome, d.codes[-1]) == (Outcome.NONE, "bureau_below_minimum")


def test_paid_reported_items_produce_a_correction() -> None:
    reported = [
        BureauReport(item="INV-0", reported_on=days_ago(90)),
        BureauReport(item="INV-1", reported_on=days_ago(5)),
        BureauReport(item="INV-9", reported_on=days_ago(90), corrected_on=days_ago(10)),
    ]
    d = decide(account(item("INV-1", days_ago(70), "500.00"), reported=reported))
    assert d.corrections == ("INV-0",)
    assert d.codes[0] == "bureau_correction_due"
    # still open (even when not overdue) is not paid; once everything is paid, both correct
    d = decide(account(item("INV-1", MONDAY, "500.00"), reported=reported))
    assert (d.outcome, d.corrections) == (Outcome.NONE, ("INV-0",))
    d = decide(account(reported=reported))
    assert (d.outcome, d.corrections) == (Outcome.NONE, ("INV-0", "INV-1"))


# --- the run as a whole --------------------------------------------------------------------


def test_run_is_sorted_and_deterministic() -> None:
    accounts = [
        account(
            item(f"INV-{n}", days_ago(n), "10.00", cid=f"C{n:02d}"), customer=customer(f"C{n:02d}")
        )
        for n in range(1, 30)
    ]
    shuffled = accounts[:]
    random.Random(7).shuffle(shuffled)
    first = run(accounts, as_of=MONDAY, strategy=strategy())
    assert first == run(shuffled, as_of=MONDAY, strategy=strategy())
    assert [d.customer_id for d in first.decisions] == sorted(a.customer.id for a in accounts)
    assert sum(first.counts().values()) == len(accounts)
    assert first.decision("C03").customer_id == "C03"
    with pytest.raises(ValidationError, match="customer_id"):
        first.decision("nobody")


def test_progress_callback_and_tqdm_like_object() -> None:
    accounts = [account(customer=customer(f"C{n:04d}")) for n in range(1500)]
    seen: list[int] = []
    run(accounts, as_of=MONDAY, strategy=strategy(), progress=seen.append)
    assert sum(seen) == 1500

    class Bar:
        total = 0

        def update(self, n: int = 1) -> None:
            self.total += n

    bar = Bar()
    run(accounts, as_of=MONDAY, strategy=strategy(), progress=bar)
    assert bar.total == 1500


def test_run_restores_the_garbage_collector_state() -> None:
    acct = account(item("INV-1", days_ago(3), "100.00"))
    assert gc.isenabled()
    run([acct], as_of=MONDAY, strategy=strategy())
    assert gc.isenabled()
    with pytest.raises(DuplicateDocumentError):
        run([acct, acct], as_of=MONDAY, strategy=strategy())
    assert gc.isenabled()
    gc.disable()
    try:
        run([acct], as_of=MONDAY, strategy=strategy())
        assert not gc.isenabled()
    finally:
        gc.enable()


@given(dunning_portfolios(), st.data())
def test_merge_of_split_runs_equals_one_run(accounts: list[Any], data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(accounts)))
    left, right = accounts[:cut], accounts[cut:]
    whole = run(accounts, as_of=MONDAY, strategy=strategy())
    parts = run(left, as_of=MONDAY, strategy=strategy()).merge(
        run(right, as_of=MONDAY, strategy=strategy())
    )
    assert parts == whole


@given(dunning_portfolios(max_size=9), st.data())
def test_merge_is_associative(accounts: list[Any], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(accounts)))
    j = data.draw(st.integers(i, len(accounts)))
    a, b, c = (
        run(part, as_of=MONDAY, strategy=strategy())
        for part in (accounts[:i], accounts[i:j], accounts[j:])
    )
    assert a.merge(b).merge(c) == a.merge(b.merge(c))
    assert a.merge(b) == b.merge(a)


@given(dunning_portfolios())
def test_every_decision_explains_itself(accounts: list[Any]) -> None:
    result = run(accounts, as_of=MONDAY, strategy=strategy())
    for d in result.decisions:
        assert d.reasons, d
        assert d.overdue.amount >= 0
        if d.outcome in (Outcome.ACT, Outcome.WAIT):
            assert d.action is not None
            assert d.items
        if d.outcome is Outcome.WAIT:
            assert d.not_before is not None
            assert d.not_before > MONDAY


@given(dunning_portfolios(), st.randoms(use_true_random=False))
def test_run_and_worklist_do_not_depend_on_input_order(accounts: list[Any], rng: Any) -> None:
    shuffled = accounts[:]
    rng.shuffle(shuffled)
    first = run(accounts, as_of=MONDAY, strategy=strategy())
    second = run(shuffled, as_of=MONDAY, strategy=strategy())
    assert first == second
    ranked = worklist(first)
    assert ranked == worklist(second)
    assert [e.rank for e in ranked] == list(range(1, len(ranked) + 1))
    assert all(a.score >= b.score for a, b in itertools.pairwise(ranked))
    for entry in ranked:
        assert sum(Decimal(r.data["points"]) for r in entry.reasons) == entry.score


def test_merge_checks() -> None:
    one = run([account(item("INV-1", days_ago(3), "1.00"))], as_of=MONDAY, strategy=strategy())
    with pytest.raises(DuplicateDocumentError, match="C1"):
        one.merge(one)
    other_day = DunningRun(as_of=days_ago(1), strategy_id="collections", strategy_version="3")
    with pytest.raises(ValidationError, match=r"dunning_run.as_of"):
        one.merge(other_day)
    other_version = DunningRun(as_of=MONDAY, strategy_id="collections", strategy_version="4")
    with pytest.raises(ValidationError, match=r"dunning_run.strategy_version"):
        one.merge(other_version)


# --- worklist -----------------------------------------------------------------------------


def test_worklist_ranks_and_explains() -> None:
    accounts = [
        account(item("A-1", days_ago(3), "100.00", cid="A"), customer=customer("A")),
        account(item("B-1", days_ago(3), "1000000.00", cid="B"), customer=customer("B")),
        account(
            item("C-1", days_ago(3), "100.00", cid="C"),
            customer=customer("C"),
            promises=[
                PromiseToPay(
                    id="P",
                    customer_id="C",
                    amount=money("100.00", "USD"),
                    promised_date=days_ago(1),
                    taken_on=days_ago(5),
                    taken_by="ana",
                )
            ],
        ),
        account(item("D-1", days_ago(3), "100.00", cid="D"), customer=customer("D")),
        account(customer=customer("E")),  # nothing overdue: not on the list
    ]
    entries = worklist(run(accounts, as_of=MONDAY, strategy=strategy()))
    assert [e.customer_id for e in entries] == ["B", "C", "A", "D"]  # A and D tie: by id
    assert [e.rank for e in entries] == [1, 2, 3, 4]
    for e in entries:
        points = [Decimal(r.data["points"]) for r in e.reasons]
        assert sum(points) == e.score
        assert [r.code for r in e.reasons] == [
            "score_amount",
            "score_age",
            "score_promise",
            "score_value",
        ]
    broken = next(e for e in entries if e.customer_id == "C")
    assert broken.promise is PromiseStatus.BROKEN
    assert Decimal(broken.reasons[2].data["points"]) == WorklistPolicy().broken_promise_points


def test_worklist_customer_value_and_age_components() -> None:
    rich = account(
        item("A-1", days_ago(3), "100.00", cid="A"),
        customer=customer("A"),
        customer_value=Decimal(999),
    )
    old = account(item("B-1", days_ago(60), "100.00", cid="B"), customer=customer("B"))
    entries = worklist(run([rich, old], as_of=MONDAY, strategy=strategy()))
    by_id = {e.customer_id: e for e in entries}
    assert by_id["A"].reasons[3].data["points"] == "1.5000"  # 0.5 × log10(1 + 999)
    assert by_id["B"].reasons[1].data["points"] == "2.0000"  # 60 days / 30-day unit


def test_worklist_with_several_currencies() -> None:
    eur = customer("E", currency="EUR")
    accounts = [
        account(item("U-1", days_ago(3), "100.00")),
        account(item("E-1", days_ago(3), "100.00", cid="E", currency="EUR"), customer=eur),
    ]
    result = run(accounts, as_of=MONDAY, strategy=strategy())
    with pytest.raises(ValidationError, match=r"worklist_policy.currency"):
        worklist(result)
    usd = WorklistPolicy(currency="USD")
    with pytest.raises(ValidationError, match="rates"):
        worklist(result, policy=usd)
    rates = RateTable([Rate("EUR", "USD", Decimal("1.10"), dt.date(2026, 1, 1))])
    entries = worklist(result, policy=usd, rates=rates)
    assert [e.customer_id for e in entries] == ["E", "C1"]
    assert entries[0].amount == money("100.00", "EUR")
    assert entries[0].reasons[0].data["amount"] == "110.00"


def test_worklist_outcomes_filter() -> None:
    paused = account(item("INV-1", days_ago(3), "100.00"), plan_status="current")
    result = run([paused], as_of=MONDAY, strategy=strategy())
    assert worklist(result) == ()
    assert len(worklist(result, policy=WorklistPolicy(outcomes=["paused"]))) == 1


# --- policies are data ------------------------------------------------------------------------


def test_strategy_round_trips_through_plain_dicts() -> None:
    original = strategy(
        contact=ContactRules(caps=[FrequencyCap(actions=["call", "sms"], max_attempts=3)]),
        bureau=BureauRules(min_amount=Decimal("50")),
    )
    plain = unstructure(original)
    assert plain["tracks"][0]["levels"][2]["min_amount"] == "100"
    assert plain["contact"]["caps"][0]["actions"] == ["call", "sms"]
    assert structure(plain, CollectionStrategy) == original
    assert from_json(to_json(original), CollectionStrategy) == original


def test_strategy_from_a_dict_reports_every_bad_field_with_its_path() -> None:
    plain = unstructure(strategy())
    plain["tracks"][0]["levels"][1]["days_overdue"] = 0
    plain["contact"]["weekdays"] = [9]
    with pytest.raises(ValidationError) as caught:
        structure(plain, CollectionStrategy)
    fields = {problem.field for problem in caught.value.problems}
    assert fields == {"$.tracks[0].levels[1].days_overdue", "$.contact.weekdays"}


def test_accounts_runs_and_worklists_round_trip_as_json() -> None:
    acct = account(
        item("INV-1", days_ago(20), "100.00"),
        steps=[DunningStep(level=1, action="email", on=days_ago(10))],
        attempts=calls(1, 2),
        reported=[BureauReport(item="INV-0", reported_on=days_ago(90))],
        plan_status="in_arrears",
    )
    assert structure(unstructure(acct), DunningAccount) == acct
    result = run([acct], as_of=MONDAY, at=dt.time(10, 30), strategy=strategy())
    assert result.at == "10:30:00"
    plain = unstructure(result)
    assert plain["decisions"][0]["reasons"][0]["code"] == "bureau_correction_due"
    assert structure(plain, DunningRun) == result
    policy = WorklistPolicy(currency="USD", outcomes=["act"])
    assert structure(unstructure(policy), WorklistPolicy) == policy


# --- validation: every rule has its error ------------------------------------------------


LEVEL = {"action": "email", "days_overdue": 1, "template": "t"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"action": "fax"}, "level.action"),
        ({"days_overdue": 0}, "level.days_overdue"),
        ({"days_overdue": True}, "level.days_overdue"),
        ({"template": " "}, "level.template"),
        ({"min_amount": Decimal(-1)}, "level.min_amount"),
        ({"min_amount": 1.5}, "level.min_amount"),
        ({"min_amount": "abc"}, "level.min_amount"),
        ({"min_interval_days": -1}, "level.min_interval_days"),
        ({"needs_approval": "yes"}, "level.needs_approval"),
        ({"skippable": 1}, "level.skippable"),
    ],
)
def test_level_validation(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        Level(**{**LEVEL, **changes})


def test_track_validation() -> None:
    level = Level(**LEVEL)
    with pytest.raises(PolicyError, match=r"track.name"):
        Track(name="", levels=[level])
    with pytest.raises(PolicyError, match=r"track.levels"):
        Track(name="t", levels=[])
    with pytest.raises(PolicyError, match=r"track.levels\[0\]"):
        Track(name="t", levels=["email"])
    with pytest.raises(PolicyError, match=r"track.levels"):
        Track(name="t", levels="email")
    with pytest.raises(PolicyError, match=r"track.levels\[1\].days_overdue"):
        Track(name="t", levels=[level, level])
    with pytest.raises(PolicyError, match=r"track.segment"):
        Track(name="t", levels=[level], segment="")
    with pytest.raises(PolicyError, match=r"track.risk_class"):
        Track(name="t", levels=[level], risk_class=3)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"actions": []}, "frequency_cap.actions"),
        ({"actions": ["pigeon"]}, "frequency_cap.actions"),
        ({"actions": "call"}, "frequency_cap.actions"),
        ({"max_attempts": 0}, "frequency_cap.max_attempts"),
        ({"window_days": 0}, "frequency_cap.window_days"),
        ({"quiet_days_after_conversation": -1}, "frequency_cap.quiet_days_after_conversation"),
    ],
)
def test_frequency_cap_validation(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        FrequencyCap(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"earliest_hour": 24}, "contact_rules.earliest_hour"),
        ({"earliest_hour": True}, "contact_rules.earliest_hour"),
        ({"earliest_hour": 10, "latest_hour": 10}, "contact_rules.latest_hour"),
        ({"latest_hour": 25}, "contact_rules.latest_hour"),
        ({"weekdays": [7]}, "contact_rules.weekdays"),
        ({"weekdays": []}, "contact_rules.weekdays"),
        ({"weekdays": [1, 1]}, "contact_rules.weekdays"),
        ({"weekdays": "mon"}, "contact_rules.weekdays"),
        ({"observe_public_holidays": "no"}, "contact_rules.observe_public_holidays"),
        ({"timed_actions": ["telegram"]}, "contact_rules.timed_actions"),
        ({"caps": [{"max_attempts": 7}]}, r"contact_rules.caps\[0\]"),
    ],
)
def test_contact_rules_validation(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        ContactRules(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"notice_days": -1}, "bureau_rules.notice_days"),
        ({"min_amount": "-5"}, "bureau_rules.min_amount"),
        ({"notice_template": ""}, "bureau_rules.notice_template"),
    ],
)
def test_bureau_rules_validation(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        BureauRules(**kwargs)


def test_strategy_validation() -> None:
    track = Track(name="t", levels=[Level(**LEVEL)])
    with pytest.raises(PolicyError, match=r"policy.id"):
        CollectionStrategy(id="", version="1", tracks=[track])
    with pytest.raises(PolicyError, match=r"policy.version"):
        CollectionStrategy(id="s", version="", tracks=[track])
    with pytest.raises(PolicyError, match=r"strategy.tracks"):
        CollectionStrategy(id="s", version="1", tracks=[])
    with pytest.raises(PolicyError, match=r"strategy.tracks\[1\]"):
        CollectionStrategy(id="s", version="1", tracks=[track, attrs.evolve(track, name="u")])
    with pytest.raises(PolicyError, match=r"strategy.tracks\[1\].name"):
        CollectionStrategy(id="s", version="1", tracks=[track, attrs.evolve(track, segment="x")])
    with pytest.raises(PolicyError, match=r"strategy.contact"):
        CollectionStrategy(id="s", version="1", tracks=[track], contact={})
    with pytest.raises(PolicyError, match=r"strategy.bureau"):
        CollectionStrategy(id="s", version="1", tracks=[track], bureau={})


def test_history_record_validation() -> None:
    with pytest.raises(ValidationError, match=r"dunning_step.level"):
        DunningStep(level=0, action="email", on=MONDAY)
    with pytest.raises(PolicyError, match=r"dunning_step.action"):
        DunningStep(level=1, action="carrier_pigeon", on=MONDAY)
    with pytest.raises(ValidationError, match=r"dunning_step.on"):
        DunningStep(level=1, action="email", on=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    with pytest.raises(ValidationError, match=r"contact_attempt.on"):
        ContactAttempt(on="2026-03-02", action="call")
    with pytest.raises(ValidationError, match=r"contact_attempt.conversation"):
        ContactAttempt(on=MONDAY, action="call", conversation="yes")
    with pytest.raises(ValidationError, match=r"bureau_report.item"):
        BureauReport(item="", reported_on=MONDAY)
    with pytest.raises(ValidationError, match=r"bureau_report.reported_on"):
        BureauReport(item="I", reported_on=None)
    with pytest.raises(ValidationError, match=r"bureau_report.corrected_on"):
        BureauReport(item="I", reported_on=MONDAY, corrected_on="soon")


def test_account_validation() -> None:
    overdue = item("INV-1", days_ago(3), "100.00")
    with pytest.raises(ValidationError, match=r"dunning_account.customer"):
        DunningAccount(customer="C1")
    with pytest.raises(ValidationError, match=r"customer.timezone"):
        DunningAccount(customer=customer(timezone="Nowhere/Land"))
    with pytest.raises(ValidationError, match=r"dunning_account.items\[0\]"):
        DunningAccount(customer=customer(), items=["INV-1"])
    with pytest.raises(ValidationError, match=r"items\[0\].customer_id"):
        DunningAccount(customer=customer("C2"), items=[overdue])
    with pytest.raises(ValidationError, match=r"items\[1\].currency"):
        DunningAccount(
            customer=customer(), items=[overdue, item("INV-2", MONDAY, "5.00", currency="EUR")]
        )
    dispute = Dispute(id="D", customer_id="C2", invoice_number="INV-1", opened_on=MONDAY)
    with pytest.raises(ValidationError, match=r"disputes\[0\].customer_id"):
        DunningAccount(customer=customer(), disputes=[dispute])
    with pytest.raises(ValidationError, match=r"promises\[0\]"):
        DunningAccount(customer=customer(), promises=[dispute])
    with pytest.raises(ValidationError, match=r"dunning_account.plan_status"):
        DunningAccount(customer=customer(), plan_status="late")
    with pytest.raises(ValidationError, match=r"dunning_account.steps\[0\]"):
        DunningAccount(customer=customer(), steps=[1])
    with pytest.raises(ValidationError, match=r"dunning_account.attempts\[0\]"):
        DunningAccount(customer=customer(), attempts=[MONDAY])
    with pytest.raises(ValidationError, match=r"dunning_account.reported\[0\]"):
        DunningAccount(customer=customer(), reported=["INV-1"])
    with pytest.raises(ValidationError, match=r"dunning_account.bureau_notices"):
        DunningAccount(customer=customer(), bureau_notices=["2026-01-01"])
    with pytest.raises(ValidationError, match=r"dunning_account.customer_value"):
        DunningAccount(customer=customer(), customer_value=Decimal(-1))
    with pytest.raises(ValidationError, match=r"dunning_account.customer_value"):
        DunningAccount(customer=customer(), customer_value=1.5)


def test_run_validation_changes_nothing() -> None:
    acct = account(item("INV-1", days_ago(3), "100.00"))
    before = attrs.evolve(acct)
    with pytest.raises(ValidationError, match="as_of"):
        run([acct], as_of=dt.datetime(2026, 3, 2, 9), strategy=strategy())  # noqa: DTZ001
    with pytest.raises(ValidationError, match="as_of"):
        run([acct], as_of="2026-03-02", strategy=strategy())
    with pytest.raises(ValidationError, match="at"):
        run(
            [acct], as_of=dt.datetime(2026, 3, 2, tzinfo=dt.UTC), at=dt.time(9), strategy=strategy()
        )
    with pytest.raises(ValidationError, match="at"):
        run([acct], as_of=MONDAY, at=dt.time(9, tzinfo=dt.UTC), strategy=strategy())
    with pytest.raises(ValidationError, match="strategy"):
        run([acct], as_of=MONDAY, strategy={"id": "s"})
    with pytest.raises(ValidationError, match="accounts"):
        run([acct, "C2"], as_of=MONDAY, strategy=strategy())
    with pytest.raises(DuplicateDocumentError, match="C1"):
        run([acct, acct], as_of=MONDAY, strategy=strategy())
    assert acct == before


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"id": ""}, "policy.id"),
        ({"age_unit_days": 0}, "worklist_policy.age_unit_days"),
        ({"age_cap_days": 0}, "worklist_policy.age_cap_days"),
        ({"amount_weight": 1.0}, "worklist_policy.amount_weight"),
        ({"age_weight": "x"}, "worklist_policy.age_weight"),
        ({"broken_promise_points": "NaN"}, "worklist_policy.broken_promise_points"),
        ({"pending_promise_points": None}, "worklist_policy.pending_promise_points"),
        ({"value_weight": True}, "worklist_policy.value_weight"),
        ({"outcomes": []}, "worklist_policy.outcomes"),
        ({"outcomes": ["later"]}, "worklist_policy.outcomes"),
        ({"outcomes": "act"}, "worklist_policy.outcomes"),
        ({"currency": "XYZ1"}, "worklist_policy.currency"),
    ],
)
def test_worklist_policy_validation(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        WorklistPolicy(**kwargs)


def test_reason_codes_are_stable_snake_case() -> None:
    assert Reason("level_reached", "x").code == "level_reached"


# --- boundaries, probed one by one ------------------------------------------------------------


def test_minimum_interval_ending_exactly_on_as_of_allows_the_next_step() -> None:
    sent = [DunningStep(level=1, action="email", on=days_ago(7))]  # level 1 waits 7 days
    d = decide(account(item("INV-1", days_ago(20), "100.00"), steps=sent))
    assert (d.outcome, d.level, d.codes) == (Outcome.ACT, 2, ("level_reached",))
    sent = [DunningStep(level=1, action="email", on=days_ago(6))]
    d = decide(account(item("INV-1", days_ago(20), "100.00"), steps=sent))
    assert (d.outcome, d.not_before) == (Outcome.WAIT, MONDAY + dt.timedelta(days=1))


def test_a_very_late_account_starts_at_level_one_on_its_first_run() -> None:
    # 400 days and 10,000 overdue meet every level, but nothing was ever sent.
    d = decide(account(item("INV-1", days_ago(400), "10000.00")))
    assert (d.outcome, d.level, d.action) == (Outcome.ACT, 1, Action.EMAIL)
    assert d.reasons[0].data == {"meets": 5, "level": 1}
    # only skippable levels are passed over: 1 and 2 here, so the letter comes first
    skippable = ladder(l1={"skippable": True}, l2={"skippable": True})
    d = decide(
        account(item("INV-1", days_ago(400), "10000.00")), strategy=strategy(levels=skippable)
    )
    assert (d.level, d.action) == (3, Action.LETTER)


def promise_on(due: dt.date, **kwargs: Any) -> PromiseToPay:
    return PromiseToPay(
        id="P1",
        customer_id="C1",
        amount=money("10.00", "USD"),
        promised_date=due,
        taken_on=days_ago(5),
        taken_by="ana",
        **kwargs,
    )


def test_a_promise_due_today_is_still_pending() -> None:
    # The customer has all of the promised day to pay: no dunning on it.
    d = decide(account(item("INV-1", days_ago(20), "100.00"), promises=[promise_on(MONDAY)]))
    assert (d.outcome, d.promise) == (Outcome.PAUSED, PromiseStatus.PENDING)
    assert "promise_pending" in d.codes


def test_a_promise_broken_yesterday_resumes_dunning() -> None:
    d = decide(account(item("INV-1", days_ago(20), "100.00"), promises=[promise_on(days_ago(1))]))
    assert (d.outcome, d.promise) == (Outcome.ACT, PromiseStatus.BROKEN)
    assert "promise_pending" not in d.codes
    # a promise on an item since paid was kept, not broken
    kept = promise_on(days_ago(1), items=["INV-0"])
    d = decide(account(item("INV-1", days_ago(20), "100.00"), promises=[kept]))
    assert (d.outcome, d.promise) == (Outcome.ACT, PromiseStatus.NONE)


def test_a_dispute_resolved_today_no_longer_holds_its_item() -> None:
    resolved = Dispute(
        id="D1", customer_id="C1", invoice_number="INV-1", opened_on=days_ago(9), resolved_on=MONDAY
    )
    d = decide(account(item("INV-1", days_ago(20), "100.00"), disputes=[resolved]))
    assert d.outcome is Outcome.ACT
    assert "items_disputed" not in d.codes
    open_yesterday = decide(
        account(item("INV-1", days_ago(20), "100.00"), disputes=[resolved]), as_of=days_ago(1)
    )
    assert open_yesterday.outcome is Outcome.PAUSED


@pytest.mark.parametrize(
    ("local", "outcome"),
    [
        (dt.time(7, 59, 59), Outcome.WAIT),
        (dt.time(8, 0), Outcome.ACT),
        (dt.time(20, 59, 59), Outcome.ACT),
        (dt.time(21, 0), Outcome.WAIT),
    ],
)
def test_contact_hours_at_their_exact_boundaries(local: dt.time, outcome: Outcome) -> None:
    # FDCPA §805(a)(1): before 8 a.m. and after 9 p.m. local time is inconvenient.
    d = decide(account(item("INV-1", days_ago(3), "100.00")), at=local)
    assert d.outcome is outcome


@pytest.mark.parametrize(
    ("instant", "outcome", "local"),
    [
        # Sunday 8 March 2026, 2 a.m. EST -> 3 a.m. EDT; Monday 9 March is UTC-4.
        (dt.datetime(2026, 3, 9, 12, 0, tzinfo=dt.UTC), Outcome.ACT, "08:00"),
        (dt.datetime(2026, 3, 9, 11, 59, tzinfo=dt.UTC), Outcome.WAIT, "07:59"),
        # Sunday 1 November 2026, 2 a.m. EDT -> 1 a.m. EST; Monday 2 November is UTC-5.
        (dt.datetime(2026, 11, 2, 13, 0, tzinfo=dt.UTC), Outcome.ACT, "08:00"),
        (dt.datetime(2026, 11, 2, 12, 59, tzinfo=dt.UTC), Outcome.WAIT, "07:59"),
        (dt.datetime(2026, 11, 3, 1, 59, tzinfo=dt.UTC), Outcome.ACT, "20:59"),
        (dt.datetime(2026, 11, 3, 2, 0, tzinfo=dt.UTC), Outcome.WAIT, "21:00"),
    ],
)
def test_contact_hours_across_new_york_daylight_saving_changes(
    instant: dt.datetime, outcome: Outcome, local: str
) -> None:
    run_day = instant.date()
    overdue = account(item("INV-1", days_ago(3, run_day), "100.00"))
    d = decide(overdue, as_of=instant)
    assert d.outcome is outcome
    if outcome is Outcome.WAIT:
        assert d.reasons[-1].data["local_time"] == local


@pytest.mark.parametrize(
    ("instant", "outcome"),
    [
        # Bogotá is UTC-5 all year (no daylight saving): 13:00 UTC is 08:00 in March and
        # in November alike, when New York's offset differs.
        (dt.datetime(2026, 3, 10, 13, 0, tzinfo=dt.UTC), Outcome.ACT),
        (dt.datetime(2026, 3, 10, 12, 59, tzinfo=dt.UTC), Outcome.WAIT),
        (dt.datetime(2026, 11, 4, 13, 0, tzinfo=dt.UTC), Outcome.ACT),
        (dt.datetime(2026, 11, 4, 12, 59, tzinfo=dt.UTC), Outcome.WAIT),
        (dt.datetime(2026, 7, 8, 1, 59, tzinfo=dt.UTC), Outcome.ACT),  # 20:59 on 7 July
        (dt.datetime(2026, 7, 8, 2, 0, tzinfo=dt.UTC), Outcome.WAIT),  # 21:00 on 7 July
    ],
)
def test_contact_hours_in_a_zone_without_daylight_saving(
    instant: dt.datetime, outcome: Outcome
) -> None:
    colombian = customer(country="CO", timezone="America/Bogota")
    overdue = account(item("INV-1", days_ago(3, instant.date()), "100.00"), customer=colombian)
    assert decide(overdue, as_of=instant).outcome is outcome


@pytest.mark.parametrize(
    ("country", "timezone", "holiday", "name"),
    [
        # Ley Emiliani: Saint Joseph's Day (19 March, a Thursday) is kept on Monday 23 March
        ("CO", "America/Bogota", dt.date(2026, 3, 23), "Saint Joseph's Day (observed)"),
        ("MX", "America/Mexico_City", dt.date(2026, 2, 2), "Constitution Day"),
        ("MX", "America/Mexico_City", dt.date(2026, 3, 16), "Benito Juárez's birthday"),
        ("US", "America/New_York", dt.date(2026, 1, 19), "Martin Luther King Jr. Day"),
    ],
)
def test_public_holiday_on_the_run_date(
    country: str, timezone: str, holiday: dt.date, name: str
) -> None:
    who = customer(country=country, timezone=timezone)
    d = decide(account(item("INV-1", days_ago(3, holiday), "100.00"), customer=who), as_of=holiday)
    assert (d.outcome, d.codes[-1]) == (Outcome.WAIT, "public_holiday")
    assert d.reasons[-1].data["holiday"] == name
    assert d.not_before == holiday + dt.timedelta(days=1)
    # letters are not held by the holiday
    letters = strategy(levels=ladder(l1={"action": "letter"}))
    d = decide(
        account(item("INV-1", days_ago(3, holiday), "100.00"), customer=who),
        as_of=holiday,
        strategy=letters,
    )
    assert d.outcome is Outcome.ACT


def test_seven_in_seven_window_boundaries() -> None:
    # Seven calls on one day six days ago fill the window [as_of - 6, as_of]; they drop out
    # tomorrow. The same seven calls seven days ago are outside it already.
    assert decide(at_call_level(attempts=calls(*[6] * 7))).not_before == MONDAY + dt.timedelta(1)
    assert decide(at_call_level(attempts=calls(*[7] * 7))).outcome is Outcome.ACT
    # attempts recorded after as_of (a replay) do not count
    future = [ContactAttempt(on=MONDAY + dt.timedelta(days=1), action="call")] * 7
    assert decide(at_call_level(attempts=future)).outcome is Outcome.ACT


@pytest.mark.parametrize(("days_since", "outcome"), [(19, Outcome.WAIT), (20, Outcome.ACT)])
def test_bureau_report_exactly_notice_days_after_the_notice(
    days_since: int, outcome: Outcome
) -> None:
    d = decide(at_bureau_level(bureau_notices=[days_ago(days_since)]))
    assert (d.outcome, d.action) == (outcome, Action.BUREAU_REPORT)


def test_a_paid_item_reported_twice_is_corrected_once() -> None:
    # One correction after the latest report settles the item, whatever older records say.
    twice = [
        BureauReport(item="INV-0", reported_on=days_ago(60)),
        BureauReport(item="INV-0", reported_on=days_ago(30), corrected_on=days_ago(2)),
    ]
    d = decide(account(item("INV-1", days_ago(3), "10.00"), reported=twice))
    assert d.corrections == ()
    # reported again after a correction: that later report needs its own correction
    again = [
        BureauReport(item="INV-0", reported_on=days_ago(60), corrected_on=days_ago(40)),
        BureauReport(item="INV-0", reported_on=days_ago(30)),
        BureauReport(item="INV-0", reported_on=days_ago(20)),
    ]
    d = decide(account(item("INV-1", days_ago(3), "10.00"), reported=again))
    assert d.corrections == ("INV-0",)
    assert d.reasons[0].data["items"] == ["INV-0"]
    # a correction dated after as_of has not happened yet
    later = [BureauReport(item="INV-0", reported_on=days_ago(60), corrected_on=days_ago(-1))]
    assert decide(account(reported=later)).corrections == ("INV-0",)
    with pytest.raises(ValidationError, match=r"bureau_report.corrected_on"):
        BureauReport(item="INV-0", reported_on=MONDAY, corrected_on=days_ago(1))


@given(dunning_portfolios(max_size=9).filter(bool), st.data())
def test_merging_overlapping_runs_is_an_error_in_any_grouping(
    accounts: list[Any], data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(accounts) - 1))
    a = run(accounts[: i + 1], as_of=MONDAY, strategy=strategy())
    b = run(accounts[i:], as_of=MONDAY, strategy=strategy())  # shares accounts[i]
    c = run([], as_of=MONDAY, strategy=strategy())
    for merge in (
        lambda: a.merge(b).merge(c),
        lambda: a.merge(b.merge(c)),
        lambda: c.merge(b).merge(a),
    ):
        with pytest.raises(DuplicateDocumentError, match=accounts[i].customer.id):
            merge()


def test_the_garbage_collector_comes_back_after_any_failure() -> None:
    acct = account(item("INV-1", days_ago(3), "100.00"))

    def failing() -> Any:
        yield acct
        raise RuntimeError("source failed")

    def broken_progress(n: int) -> None:
        raise RuntimeError("progress failed")

    with pytest.raises(RuntimeError, match="source failed"):
        run(failing(), as_of=MONDAY, strategy=strategy())
    assert gc.isenabled()
    with pytest.raises(RuntimeError, match="progress failed"):
        run([acct], as_of=MONDAY, strategy=strategy(), progress=broken_progress)
    assert gc.isenabled()
    with pytest.raises(ValidationError, match="accounts"):
        run([acct, "C2"], as_of=MONDAY, strategy=strategy())
    assert gc.isenabled()
    yen = item("INV-2", days_ago(3), "5", cid="C2", currency="JPY")
    mixed = run([acct, account(yen, customer=customer("C2"))], as_of=MONDAY, strategy=strategy())
    with pytest.raises(ValidationError, match=r"worklist_policy\.currency"):
        worklist(mixed)
    assert gc.isenabled()


def test_wrong_shaped_inputs_are_validation_errors() -> None:
    # each of these used to escape as TypeError, AttributeError or InvalidOperation
    for field, value in (
        ("items", 5),
        ("items", "INV-1"),
        ("steps", None),
        ("attempts", 3),
        ("disputes", 1),
        ("promises", 1),
        ("reported", 1),
        ("bureau_notices", 5),
    ):
        with pytest.raises(ValidationError, match=rf"dunning_account\.{field}"):
            DunningAccount(customer=customer(), **{field: value})
    for value in (Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity")):
        with pytest.raises(ValidationError, match=r"dunning_account.customer_value"):
            DunningAccount(customer=customer(), customer_value=value)
    with pytest.raises(ValidationError, match="accounts"):
        run(None, as_of=MONDAY, strategy=strategy())  # type: ignore[arg-type]
    result = run([], as_of=MONDAY, strategy=strategy())
    with pytest.raises(ValidationError, match="result"):
        worklist("run")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="policy"):
        worklist(result, policy={"currency": "USD"})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="rates"):
        worklist(result, rates={"USD": 1})  # type: ignore[arg-type]


@given(
    st.datetimes(
        min_value=dt.datetime(2026, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=dt.datetime(2027, 12, 31),  # noqa: DTZ001
    ),
    st.sampled_from(
        [
            ("US", "America/New_York"),
            ("CO", "America/Bogota"),
            ("MX", "America/Mexico_City"),
            ("US", "America/Los_Angeles"),
        ]
    ),
)
def test_a_timed_step_acts_exactly_inside_local_contact_hours(
    moment: dt.datetime, where: tuple[str, str]
) -> None:
    # For any instant (daylight saving changes included), an email is sent now if and only
    # if it is 08:00-20:59 on a local weekday that is not a public holiday there.
    country, zone = where
    instant = moment.replace(tzinfo=dt.UTC)
    local = instant.astimezone(ZoneInfo(zone))
    who = customer(country=country, timezone=zone)
    overdue = account(item("INV-1", instant.date() - dt.timedelta(days=3), "100.00"), customer=who)
    d = decide(overdue, as_of=instant)
    allowed = (
        8 <= local.hour < 21
        and local.weekday() < 5
        and BusinessCalendar(country).holiday_name(local.date()) is None
    )
    assert (d.outcome is Outcome.ACT) == allowed
    if not allowed:
        assert d.outcome is Outcome.WAIT
        assert d.not_before is not None
        assert d.not_before >= local.date()
