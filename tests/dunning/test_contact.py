"""Contact windows: local days, hours and holidays, and frequency caps.

Moved from tests/test_dunning.py when dunning became a package; assertions unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.calendars import BusinessCalendar
from receivables.dunning import (
    ContactAttempt,
    ContactRules,
    DunningAccount,
    DunningStep,
    FrequencyCap,
    Outcome,
    run,
)
from receivables.errors import PolicyError
from tests.dunning import MONDAY, account, calls, customer, days_ago, decide, item, ladder, strategy


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
