"""The collection strategy: tracks per segment and risk class, validation, plain dicts.

Moved from tests/test_dunning.py when dunning became a package; assertions unchanged.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from receivables.dunning import (
    BureauRules,
    CollectionStrategy,
    ContactRules,
    FrequencyCap,
    Level,
    Track,
)
from receivables.errors import PolicyError, ValidationError
from receivables.interop import from_json, structure, to_json, unstructure
from tests.dunning import LEVEL, account, customer, days_ago, decide, item, ladder, strategy


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
