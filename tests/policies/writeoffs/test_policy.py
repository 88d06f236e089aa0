"""The write-off policy: defaults, limitation periods, validation, JSON round trips."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import interop
from receivables.decisions import Decision, Policy
from receivables.documents import CustomerStatus
from receivables.errors import PolicyError, ValidationError
from receivables.money import money
from receivables.policies.writeoffs import (
    DEFAULT_LIMITATION_PERIODS,
    LimitationPeriod,
    WriteOffOutcome,
    WriteOffPolicy,
    bad_debt,
    recover,
    small_balances,
)
from tests.policies.writeoffs import (
    AS_OF,
    _codes,
    _customer,
    _item,
    _write_off,
)


def test_default_policy_and_limitation_table() -> None:
    policy = WriteOffPolicy()
    assert {p.country for p in DEFAULT_LIMITATION_PERIODS} == {"CO", "DE", "US"}
    assert all(p.source for p in DEFAULT_LIMITATION_PERIODS)
    assert policy.limitation("FR") is None
    assert policy.write_off_statuses == (
        CustomerStatus.BANKRUPT,
        CustomerStatus.DISSOLVED,
        CustomerStatus.DECEASED,
        CustomerStatus.DISPUTE_LOST,
        CustomerStatus.UNCOLLECTIBLE,
    )
    # strings are accepted where enums are expected, so a dict builds the policy
    built = WriteOffPolicy(write_off_statuses=["bankrupt"], method="direct")
    assert built.write_off_statuses == (CustomerStatus.BANKRUPT,)
    assert attrs.evolve(policy, version="2").version == "2"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, r"policy\.id"),
        ({"small_balance_min_age_days": -1}, "small_balance_min_age_days"),
        ({"small_balance_min_age_days": 1.5}, "small_balance_min_age_days"),
        ({"bad_debt_min_age_days": 0}, "bad_debt_min_age_days"),
        ({"write_off_small_credits": "yes"}, "write_off_small_credits"),
        ({"allow_partial": 1}, "allow_partial"),
        ({"write_off_statuses": ["broke"]}, r"write_off_statuses\[0\]"),
        ({"method": "cash"}, "method"),
        ({"small_balance_limits": {"USD": money("5", "EUR")}}, r"small_balance_limits\.USD"),
        ({"small_balance_limits": {"USD": money("0", "USD")}}, r"small_balance_limits\.USD"),
        ({"small_balance_limits": ["USD"]}, "small_balance_limits"),
        ({"limitation_periods": ["CO"]}, r"limitation_periods\[0\]"),
        (
            {"limitation_periods": [LimitationPeriod(country="CO", years=3)] * 2},
            r"limitation_periods\[1\]\.country",
        ),
        ({"approvals": None}, "approvals"),
    ],
)
def test_policy_errors_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        WriteOffPolicy(**changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "co"}, "country"),
        ({"country": "COL"}, "country"),
        ({"years": 0}, "years"),
        ({"from_year_end": "no"}, "from_year_end"),
        ({"source": None}, "source"),
    ],
)
def test_limitation_period_errors(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"country": "CO", "years": 10, **changes}
    with pytest.raises(PolicyError, match=rf"limitation_period\.{field}"):
        LimitationPeriod(**values)  # type: ignore[arg-type]


def test_decisions_and_policy_have_the_shared_shape() -> None:
    old = AS_OF - dt.timedelta(days=400)
    decisions = [
        *small_balances([_item("A", "1.00", old)], AS_OF),
        bad_debt(_customer("bankrupt"), [_item("B", "10.00", old)], AS_OF),
        recover(_write_off(), money("1.00", "USD"), AS_OF),
    ]
    assert isinstance(WriteOffPolicy(), Policy)
    for decision in decisions:
        assert isinstance(decision, Decision)
        json.dumps([dict(reason.data) for reason in decision.reasons])  # JSON-friendly data


def test_policy_round_trips_through_json() -> None:
    policy = WriteOffPolicy(
        id="write-offs-latam",
        version="2026-07",
        small_balance_limits={"COP": money("20000", "COP")},
        write_off_statuses=["bankrupt", "dissolved"],
        limitation_periods=[
            LimitationPeriod(country="CO", years=3, source="Código de Comercio art. 789")
        ],
        method="direct",
        allow_partial=False,
    )
    assert interop.from_json(interop.to_json(policy), WriteOffPolicy) == policy
    assert interop.from_json(interop.to_json(WriteOffPolicy()), WriteOffPolicy) == WriteOffPolicy()


def test_a_decision_replays_from_the_json_policy() -> None:
    policy = WriteOffPolicy(version="7", bad_debt_min_age_days=180)
    stored = interop.to_json(policy)
    items = [_item("INV-1", "250.00", AS_OF - dt.timedelta(days=200))]
    first = bad_debt(_customer(), items, AS_OF, policy)
    again = bad_debt(_customer(), items, AS_OF, interop.from_json(stored, WriteOffPolicy))
    assert first == again
    record = json.loads(interop.to_json(first))  # the audit record of the decision
    assert (record["policy_id"], record["policy_version"]) == ("write-offs", "7")
    assert [reason["code"] for reason in record["reasons"]] == _codes(first)


def test_bad_json_policy_reports_every_field() -> None:
    data = interop.unstructure(WriteOffPolicy())
    data["bad_debt_min_age_days"] = 0
    data["method"] = "cash"
    with pytest.raises(ValidationError) as caught:
        interop.structure(data, WriteOffPolicy)
    fields = {problem.field for problem in caught.value.problems}
    assert {"$.bad_debt_min_age_days", "$.method"} <= fields


@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
    st.integers(1, 30),
    st.booleans(),
)
def test_a_claim_is_alive_on_its_anniversary_and_barred_the_day_after(
    due: dt.date, years: int, from_year_end: bool
) -> None:
    period = LimitationPeriod(country="CO", years=years, from_year_end=from_year_end)
    policy = WriteOffPolicy(bad_debt_min_age_days=100_000, limitation_periods=[period])
    barred = period.expires_on(due)
    start = dt.date(due.year, 12, 31) if from_year_end else due
    assert (barred - start).days in range(365 * years + 1, 366 * years + 2)
    customer = _customer(country="CO")
    item = _item("INV-1", "10.00", due)
    alive = bad_debt(customer, [item], barred - dt.timedelta(days=1), policy)
    assert alive.outcome is WriteOffOutcome.KEEP
    gone = bad_debt(customer, [item], barred, policy)
    assert [i.rule for i in gone.items] == ["statute_of_limitations"]
