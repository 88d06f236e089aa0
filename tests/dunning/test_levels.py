"""Dunning levels: the ladder, skipping, intervals, and the level and track validation.

Moved from tests/test_dunning.py when dunning became a package; assertions unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from receivables.dunning import (
    Action,
    DunningStep,
    Level,
    Outcome,
    Track,
)
from receivables.errors import PolicyError
from receivables.money import money
from tests.dunning import LEVEL, MONDAY, account, days_ago, decide, item, ladder, strategy


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
