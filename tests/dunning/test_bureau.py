"""Credit-bureau reporting: notices, minimum amounts and corrections.

Moved from tests/test_dunning.py when dunning became a package; assertions unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from receivables.dunning import (
    Action,
    BureauReport,
    BureauRules,
    DunningAccount,
    DunningStep,
    Outcome,
)
from receivables.errors import PolicyError, ValidationError
from tests.dunning import MONDAY, account, days_ago, decide, item, strategy


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
