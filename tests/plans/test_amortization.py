"""Principal and interest per installment, against numpy-financial's published examples."""

from __future__ import annotations

from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.errors import (
    ValidationError,
)
from receivables.money import from_minor, to_minor
from tests.plans import (
    USD,
    D,
    amounts,
    plan_of,
    usd,
)

NUMPY_FINANCIAL_IPMT_TABLE = [
    ("200.58", "17.17"),
    ("201.96", "15.79"),
    ("203.35", "14.40"),
    ("204.74", "13.01"),
    ("206.15", "11.60"),
    ("207.56", "10.18"),
    ("208.99", "8.76"),
    ("210.42", "7.32"),
    ("211.87", "5.88"),
    ("213.32", "4.42"),
    ("214.79", "2.96"),
    ("216.26", "1.49"),
]


def test_numpy_financial_ipmt_published_schedule() -> None:
    plan = plan_of(
        usd("2500.00"),
        installments=12,
        interest="amortizing",
        annual_rate_percent=Decimal("8.24"),
    )
    assert [i.amount for i in plan.installments[:-1]] == [usd("217.75")] * 11
    assert (plan.installments[0].principal, plan.installments[0].interest) == (
        usd("200.58"),
        usd("17.17"),
    )
    for installment, (principal, interest) in zip(
        plan.installments, NUMPY_FINANCIAL_IPMT_TABLE, strict=True
    ):
        # the printed principal column sums to 2 499.99 (each float rounded on its own); ours
        # sums to 2 500.00 exactly, so the last row, which settles the balance, differs by 0.02
        slack = Decimal("0.02") if installment.number == 12 else Decimal("0.01")
        assert abs(installment.principal.amount - Decimal(principal)) <= slack
        assert abs(installment.interest.amount - Decimal(interest)) <= Decimal("0.01")
    assert sum(to_minor(i.principal) for i in plan.installments) == 250000


def test_numpy_pmt_published_mortgage_payment() -> None:
    plan = plan_of(
        usd("200000.00"),
        installments=180,
        interest="amortizing",
        annual_rate_percent=Decimal("7.5"),
    )
    assert plan.installments[0].amount == usd("1854.02")
    assert all(i.amount == usd("1854.02") for i in plan.installments[:-1])
    assert plan.total == plan.balance + plan.interest


def test_flat_add_on_interest_formula() -> None:
    # Add-on ("flat") interest I = P x r x t on the original principal: 10 000 at 5 % for
    # 3 years (36 monthly installments, 30/360) is 1 500 of interest; 11 500 / 36 = 319.444...
    plan = plan_of(
        usd("10000.00"),
        installments=36,
        interest="flat",
        annual_rate_percent=Decimal(5),
    )
    assert plan.interest == usd("1500.00")
    assert amounts(plan)[:-1] == ["319.44"] * 35
    assert amounts(plan)[-1] == "319.60"  # 11 500 - 35 x 319.44: the remainder lands last


@given(
    principal=st.integers(10_000, 10**9),
    months=st.integers(1, 60),
    rate=st.integers(1, 3000),
    day=st.integers(1, 28),
)
def test_amortizing_matches_numpy_financial(
    principal: int, months: int, rate: int, day: int
) -> None:
    annual = Decimal(rate) / 100
    plan = plan_of(
        from_minor(principal, USD),
        plan_date=D(2026, 1, day),
        first_due_date=D(2026, 2, day),
        installments=months,
        interest="amortizing",
        annual_rate_percent=annual,
    )
    monthly = float(annual) / 100 / 12
    oracle = -npf.pmt(monthly, months, principal / 100) * 100
    if months > 1:
        assert abs(to_minor(plan.installments[0].amount) - oracle) <= 1
    per = list(range(1, months + 1))
    oracle_interest = -sum(npf.ipmt(monthly, per, months, principal / 100)) * 100
    # each period's interest is rounded to the cent on a rounded balance
    assert abs(to_minor(plan.interest) - oracle_interest) <= months


def test_actual_365_interest_follows_the_calendar() -> None:
    plan = plan_of(
        usd("3650.00"),
        installments=1,
        interest="amortizing",
        annual_rate_percent=Decimal(10),
        day_count="actual/365",
    )
    # 31 days of 10 % a year on 3 650.00 is 31.00 exactly
    assert plan.interest == usd("31.00")


def test_installment_amount_with_flat_interest_covers_its_own_interest() -> None:
    plan = plan_of(
        usd("1000.00"),
        installment_amount=usd("300.00"),
        interest="flat",
        annual_rate_percent=Decimal(12),
    )
    # 4 monthly installments: 1000 x 12 % x 4/12 = 40 of interest, 1040 = 3 x 300 + 140
    assert plan.interest == usd("40.00")
    assert amounts(plan) == ["300.00", "300.00", "300.00", "140.00"]
    assert all(i.principal.amount >= 0 for i in plan.installments)


def test_installment_amount_with_amortizing_interest() -> None:
    plan = plan_of(
        usd("1000.00"),
        installment_amount=usd("300.00"),
        interest="amortizing",
        annual_rate_percent=Decimal(12),
    )
    # 1 % a month on 1 000.00, 710.00, 417.10, 121.27: the last settles 121.27 + 1.21
    assert [str(i.interest.amount) for i in plan.installments] == ["10.00", "7.10", "4.17", "1.21"]
    assert amounts(plan) == ["300.00", "300.00", "300.00", "122.48"]


def test_a_long_first_period_is_interest_only() -> None:
    # 60 days to the first of 52 weekly installments at 36 % (actual/365): the first period
    # earns 1000 x 0.36 x 60/365 = 59.18, more than the level payment; it is interest only and
    # the level payment is solved again over the 51 weeks after it.
    plan = plan_of(
        usd("1000.00"),
        first_due_date=D(2026, 3, 2),
        frequency="weekly",
        installments=52,
        interest="amortizing",
        annual_rate_percent=Decimal(36),
        day_count="actual/365",
    )
    first, *rest = plan.installments
    assert (first.principal, first.interest) == (usd("0.00"), usd("59.18"))
    assert len({i.amount for i in rest[:-1]}) == 1
    assert all(i.principal.amount > 0 for i in rest)
    assert plan.total == plan.balance + plan.interest


def test_rounding_the_level_payment_up_never_pays_off_early() -> None:
    # 0.15 over 10: a level 0.015 rounds half-up to 0.02, which would pay everything by the
    # 8th installment; the payment is lowered to 0.01 and the last carries the rest.
    plan = plan_of(
        usd("0.15"), installments=10, interest="amortizing", annual_rate_percent=Decimal(1)
    )
    assert amounts(plan) == ["0.01"] * 9 + ["0.06"]


def test_installment_amount_below_the_interest_never_pays_off() -> None:
    with pytest.raises(ValidationError, match=r"terms.installment_amount"):
        plan_of(
            usd("100000.00"),
            installment_amount=usd("500.00"),
            interest="amortizing",
            annual_rate_percent=Decimal(12),
        )


def test_financed_fee_bears_interest() -> None:
    plan = plan_of(
        usd("1200.00"),
        installments=1,
        fee=usd("100.00"),
        fee_treatment="financed",
        interest="flat",
        annual_rate_percent=Decimal(12),
    )
    assert plan.financed == usd("1300.00")
    assert plan.interest == usd("13.00")


@given(
    principal=st.integers(10_000, 10**9),
    count=st.integers(2, 52),
    rate=st.integers(1, 3000),
    frequency=st.sampled_from(["weekly", "biweekly"]),
)
def test_weekly_actual_365_matches_numpy_financial(
    principal: int, count: int, rate: int, frequency: str
) -> None:
    # weekly periods under actual/365 are all 7 (or 14) days: numpy-financial's equal periods
    days = 7 if frequency == "weekly" else 14
    annual = Decimal(rate) / 100
    plan = plan_of(
        from_minor(principal, USD),
        plan_date=D(2026, 1, 1),
        first_due_date=D(2026, 1, 1 + days),
        installments=count,
        frequency=frequency,
        interest="amortizing",
        annual_rate_percent=annual,
        day_count="actual/365",
    )
    oracle = -npf.pmt(float(annual) / 100 * days / 365, count, principal / 100) * 100
    assert abs(to_minor(plan.installments[0].amount) - oracle) <= 1
