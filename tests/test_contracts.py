"""Maintenance contracts: rrule periods, proration (actual and 30E/360), closing, expiring cards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.contracts import (
    Charge,
    Contract,
    ContractPolicy,
    DayCount,
    PriceChange,
    cards_expiring,
    close,
    schedule,
)
from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.interop import structure
from receivables.journal import AccountMap
from receivables.money import from_minor, money

THIRTY = ContractPolicy(day_count="30/360")
ACCOUNTS = AccountMap({"receivables": "1305", "contract_revenue": "4155"})


def contract(**fields: Any) -> Contract:
    base: dict[str, Any] = {
        "id": "K-1",
        "customer_id": "C1",
        "amount": money("300.00", "USD"),
        "start": dt.date(2026, 3, 10),
    }
    base.update(fields)
    return Contract(**base)


def test_a_mid_month_start_is_prorated_by_the_policys_day_count() -> None:
    k = contract()
    actual = schedule(k, through=dt.date(2026, 5, 1))
    # actual: March has 31 days, 22 covered (10..31). 300 split over [9, 22] days by largest
    # remainder: 30000*9/31 = 8709.68 and 30000*22/31 = 21290.32 -> the spare cent to the
    # larger remainder (the first part): 87.10 and 212.90.
    assert [str(c.amount.amount) for c in actual] == ["212.90", "300.00", "300.00"]
    assert (actual[0].days_covered, actual[0].days_in_period) == (22, 31)
    assert actual[0].prorated
    assert not actual[1].prorated
    assert actual[0].reasons[0].code == "prorated_period"
    assert actual[1].reasons[0].code == "full_period"
    # 30E/360: March 10 to April 1 is 30*1 + (1 - 10) = 21 days of 30: 300 * 21/30 = 210.00.
    assert schedule(k, through=dt.date(2026, 3, 31), policy=THIRTY)[0].amount == money(
        "210.00", "USD"
    )
    assert actual[0].charge_on == dt.date(2026, 3, 10)  # in advance, first covered day
    arrears = schedule(k, through=dt.date(2026, 3, 31), policy=ContractPolicy(in_advance=False))
    assert arrears[0].charge_on == dt.date(2026, 4, 1)


def test_the_30e_360_day_count_treats_the_31st_as_the_30th() -> None:
    # ISDA 2006 4.16(g): 360*(Y2-Y1) + 30*(M2-M1) + (D2-D1), D = 30 when it is 31.
    assert THIRTY.days(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 28
    assert THIRTY.days(dt.date(2026, 1, 30), dt.date(2026, 3, 31)) == 60
    assert THIRTY.days(dt.date(2026, 1, 1), dt.date(2027, 1, 1)) == 360
    assert ContractPolicy().days(dt.date(2026, 1, 1), dt.date(2027, 1, 1)) == 365


def test_a_price_change_inside_a_period_splits_it() -> None:
    k = contract(
        start=dt.date(2026, 6, 1),
        changes=[PriceChange(dt.date(2026, 6, 16), money("330.00", "USD"))],
    )
    june = schedule(k, through=dt.date(2026, 6, 30), policy=THIRTY)[0]
    # 30/360: June 1-15 is 15 days of 30 at 300 (150.00), June 16-30 15 days at 330 (165.00).
    assert june.amount == money("315.00", "USD")
    assert june.days_covered == june.days_in_period == 30
    assert june.reasons[0].code == "prorated_period"
    assert schedule(k, through=dt.date(2026, 7, 1))[1].amount == money("330.00", "USD")


def test_quarterly_and_yearly_grids_come_from_rrule() -> None:
    q = contract(start=dt.date(2026, 1, 1), frequency="quarterly", end=dt.date(2026, 12, 31))
    charges = schedule(q, through=dt.date(2030, 1, 1))
    assert [c.period_start.month for c in charges] == [1, 4, 7, 10]
    assert all(c.amount == money("300.00", "USD") for c in charges)
    y = contract(start=dt.date(2026, 7, 1), frequency="yearly", anchor=dt.date(2026, 1, 1))
    first = schedule(y, through=dt.date(2026, 12, 31))[0]
    # 2026: 365 days, July 1 to Dec 31 = 184 covered; 300 * 184/365 = 151.23 (15123.28 -> 15123).
    assert (first.days_covered, first.days_in_period) == (184, 365)
    assert first.amount == money("151.23", "USD")


@given(
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.integers(1, 10**8),
    st.sampled_from(["monthly", "quarterly", "yearly"]),
    st.sampled_from(list(DayCount)),
)
def test_prorated_parts_of_a_period_sum_to_the_full_charge(
    split: dt.date, units: int, frequency: str, day_count: DayCount
) -> None:
    policy = ContractPolicy(day_count=day_count)
    anchor = dt.date(2024, 1, 1)
    price = from_minor(units, "COP")
    start = dt.date(2024, 1, 1)
    full = Contract(id="F", customer_id="C", amount=price, start=start, frequency=frequency)
    before = Contract(
        id="A", customer_id="C", amount=price, start=start, frequency=frequency, end=split
    )
    after = Contract(
        id="B",
        customer_id="C",
        amount=price,
        start=split + dt.timedelta(days=1),
        frequency=frequency,
        anchor=anchor,
    )
    through = split + dt.timedelta(days=1)
    by_period: dict[dt.date, int] = {}
    for charge in (
        *schedule(before, through=through, policy=policy),
        *schedule(after, through=through, policy=policy),
    ):
        by_period[charge.period_start] = by_period.get(charge.period_start, 0) + int(
            charge.amount.amount * 100
        )
    whole = {
        c.period_start: int(c.amount.amount * 100)
        for c in schedule(full, through=through, policy=policy)
    }
    for period, total in by_period.items():
        assert total == whole[period]


def test_closing_early_credits_the_unused_days_and_cancels_later_periods() -> None:
    k = contract(start=dt.date(2026, 1, 1))
    billed = schedule(k, through=dt.date(2026, 4, 1))  # Jan..Apr billed in advance: 1,200.00
    closing = close(k, dt.date(2026, 3, 10), billed=billed)
    # due: Jan 300 + Feb 300 + Mar 1-10 (10 of 31 days: 30000*10/31 = 9677.42 -> 96.77) = 696.77
    # billed 1,200.00 -> credit 503.23; April is cancelled.
    assert closing.final_amount == money("-503.23", "USD")
    assert [c.period_start for c in closing.cancelled] == [dt.date(2026, 4, 1)]
    assert [r.code for r in closing.reasons] == ["final_credit", "future_charges_cancelled"]
    assert closing.contract.end == dt.date(2026, 3, 10)
    entry = closing.journal_entry(ACCOUNTS)
    assert entry is not None
    assert [(line.account, line.debit, line.credit) for line in entry.lines] == [
        ("4155", money("503.23", "USD"), money("0", "USD")),
        ("1305", money("0", "USD"), money("503.23", "USD")),
    ]
    arrears = ContractPolicy(in_advance=False)
    final = close(k, dt.date(2026, 3, 10), billed=billed[:2], policy=arrears)
    assert final.final_amount == money("96.77", "USD")
    assert final.reasons[0].code == "final_charge"
    charge_entry = final.journal_entry(ACCOUNTS)
    assert charge_entry is not None
    assert charge_entry.lines[0].account == "1305"
    exact = close(k, dt.date(2026, 3, 31), billed=billed[:3])
    assert exact.final_amount == money("0", "USD")
    assert exact.journal_entry(ACCOUNTS) is None
    assert (exact.policy_id, exact.policy_version) == ("contracts", "1")


def test_cards_expiring_before_the_next_charge() -> None:
    contracts = [
        contract(id="K-1", start=dt.date(2026, 1, 1), card_expiry=dt.date(2026, 3, 1)),
        contract(id="K-2", start=dt.date(2026, 1, 1), card_expiry=dt.date(2026, 4, 30)),
        contract(id="K-3", start=dt.date(2026, 1, 1)),  # no card
        contract(
            id="K-4",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 3, 31),
            card_expiry=dt.date(2026, 1, 1),
        ),  # no charge left after March
    ]
    alerts = cards_expiring(contracts, dt.date(2026, 3, 15))
    assert [(a.contract.id, a.next_charge_on, a.card_valid_through) for a in alerts] == [
        ("K-1", dt.date(2026, 4, 1), dt.date(2026, 3, 31))
    ]
    assert alerts[0].reasons[0].code == "card_expires_before_next_charge"
    assert alerts[0].reasons[0].data["amount"] == "300.00"


def test_policy_from_json_and_bad_input() -> None:
    assert structure({"day_count": "actual"}, ContractPolicy).day_count is DayCount.ACTUAL
    with pytest.raises(ValidationError, match="one of"):
        ContractPolicy(day_count="act/365")
    with pytest.raises(PolicyError, match="a bool"):
        ContractPolicy(in_advance="yes")  # type: ignore[arg-type]
    with pytest.raises(PolicyError, match="non-empty"):
        ContractPolicy(version="")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"id": ""}, "non-empty"),
        ({"customer_id": 7}, "non-empty"),
        ({"amount": money("0", "USD")}, "a positive Money"),
        ({"start": "2026-01-01"}, "a datetime.date"),
        ({"end": dt.date(2026, 3, 9)}, "on or after the start"),
        ({"frequency": "weekly"}, "one of"),
        ({"anchor": dt.date(2026, 3, 2)}, "first day of a month"),
        ({"anchor": dt.date(2026, 4, 1)}, "on or before the start"),
        ({"changes": [PriceChange(dt.date(2026, 3, 10), money("1", "USD"))]}, "a date after"),
        ({"changes": ["x"]}, "a PriceChange"),
        ({"card_expiry": "12/27"}, "a datetime.date"),
    ]
    for fields, expected in cases:
        with pytest.raises(ValidationError, match=expected):
            contract(**fields)
    with pytest.raises(CurrencyMismatchError):
        contract(changes=[PriceChange(dt.date(2026, 4, 1), money("1", "EUR"))])
    with pytest.raises(ValidationError, match="a positive Money"):
        PriceChange(dt.date(2026, 4, 1), money("-1", "USD"))
    k = contract()
    with pytest.raises(ValidationError, match="a Contract"):
        schedule("K", through=dt.date(2026, 4, 1))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="through"):
        schedule(k, through="2026-04-01")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="a ContractPolicy"):
        schedule(k, through=dt.date(2026, 4, 1), policy={})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="a day from the start"):
        close(k, dt.date(2026, 3, 9))
    with pytest.raises(ValidationError, match="a Contract"):
        close("K", dt.date(2026, 3, 19))  # type: ignore[arg-type]
    other = schedule(contract(id="K-2"), through=dt.date(2026, 4, 1))
    with pytest.raises(ValidationError, match=r"billed\[0\]"):
        close(k, dt.date(2026, 3, 19), billed=other)
    with pytest.raises(ValidationError, match="a Contract"):
        cards_expiring(["K"], dt.date(2026, 3, 1))  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="as_of"):
        cards_expiring([k], "2026-03-01")  # type: ignore[arg-type]
    assert isinstance(schedule(k, through=dt.date(2026, 3, 31))[0], Charge)


def test_lists_that_are_not_lists_are_refused() -> None:
    bad: Any = None
    with pytest.raises(ValidationError, match=r"contract\.changes: .*a list"):
        contract(changes=bad)
    with pytest.raises(ValidationError, match=r"billed: .*a list"):
        close(contract(), dt.date(2026, 3, 19), billed=bad)
    with pytest.raises(ValidationError, match=r"contracts: .*a list"):
        cards_expiring(bad, dt.date(2026, 3, 1))
