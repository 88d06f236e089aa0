"""Late-charge policies: validation, plain dicts, EU statutory reference rates by half year.

Moved from tests/test_latecharges.py when latecharges became a package; assertions unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from receivables.errors import PolicyError, ValidationError
from receivables.interop import from_json, structure, to_json, unstructure
from receivables.latecharges import (
    EU_STATUTORY_MARGIN,
    LateChargePolicy,
    RateBasis,
    ReferenceRate,
)

# ECB main refinancing operations rate (Directive 2011/7/EU art. 2(7)(a)(i)): 3.15% from
# 18 December 2024, so in force on 1 January 2025; 2.15% from 11 June 2025, so in force on
# 1 July 2025 (ECB monetary policy decisions of 12 December 2024 and 5 June 2025).
from tests.latecharges import ECB_2025, fixed


def test_eu_statutory_rates_are_dated_by_half_year() -> None:
    # Art. 3(2): the rate in force on 1 January (1 July) holds for the whole half-year, so
    # the ECB's own decision dates (3.15% from 18 December 2024, 2.15% from 11 June 2025)
    # are refused: they would change the statutory rate mid-semester.
    with pytest.raises(PolicyError, match=r"reference_rates\[1\]\.from_date"):
        LateChargePolicy.eu_statutory(
            [
                ReferenceRate(dt.date(2025, 1, 1), Decimal("0.0315")),
                ReferenceRate(dt.date(2025, 6, 11), Decimal("0.0215")),
            ]
        )
    with pytest.raises(PolicyError, match=r"reference_rates\[0\]"):
        LateChargePolicy.eu_statutory(["0.0215"])  # type: ignore[list-item]


def test_policy_round_trips_through_plain_dicts() -> None:
    policy = LateChargePolicy.eu_statutory(ECB_2025)
    plain = unstructure(policy)
    assert plain["fixed_fees"] == {"EUR": "40"}
    assert plain["reference_rates"][1] == {"from_date": "2025-07-01", "rate": "0.0215"}
    rebuilt = structure(plain, LateChargePolicy)
    assert rebuilt == policy
    assert rebuilt.margin == EU_STATUTORY_MARGIN
    assert rebuilt.basis is RateBasis.REFERENCE_PLUS_MARGIN
    assert from_json(to_json(policy), LateChargePolicy) == policy


def test_policy_from_a_dict_reports_every_bad_field() -> None:
    plain = unstructure(fixed("0.1"))
    plain["day_count"] = "30/360"
    plain["grace_days"] = -1
    with pytest.raises(ValidationError) as caught:
        structure(plain, LateChargePolicy)
    assert {p.field for p in caught.value.problems} == {"$.day_count", "$.grace_days"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"id": ""}, "policy.id"),
        ({"version": " "}, "policy.version"),
        ({"basis": "compound"}, "late_charge_policy.basis"),
        ({"day_count": "30/360"}, "late_charge_policy.day_count"),
        ({"annual_rate": Decimal("-0.01")}, "late_charge_policy.annual_rate"),
        ({"annual_rate": 0.08}, "late_charge_policy.annual_rate"),
        ({"annual_rate": "eight"}, "late_charge_policy.annual_rate"),
        ({"annual_rate": "Infinity"}, "late_charge_policy.annual_rate"),
        ({"margin": "-0.08"}, "late_charge_policy.margin"),
        ({"basis": "reference_plus_margin"}, "late_charge_policy.reference_rates"),
        ({"reference_rates": list(ECB_2025)}, "late_charge_policy.reference_rates"),
        ({"reference_rates": "ECB"}, "late_charge_policy.reference_rates"),
        ({"reference_rates": [("2025-01-01", "0.03")]}, r"late_charge_policy.reference_rates\[0\]"),
        (
            {"basis": "reference_plus_margin", "reference_rates": [ECB_2025[0], ECB_2025[0]]},
            "late_charge_policy.reference_rates",
        ),
        ({"grace_days": -1}, "late_charge_policy.grace_days"),
        ({"grace_days": 1.0}, "late_charge_policy.grace_days"),
        ({"interest_from_grace_end": "yes"}, "late_charge_policy.interest_from_grace_end"),
        ({"charge_debit_notes": 1}, "late_charge_policy.charge_debit_notes"),
        ({"max_annual_rate": "-1"}, "late_charge_policy.max_annual_rate"),
        ({"max_interest_ratio": -1}, "late_charge_policy.max_interest_ratio"),
        ({"fixed_fees": [("EUR", "40")]}, "late_charge_policy.fixed_fees"),
        ({"fixed_fees": {"EURO": "40"}}, "late_charge_policy.fixed_fees.EURO"),
        ({"fixed_fees": {"EUR": "-40"}}, "late_charge_policy.fixed_fees.EUR"),
        ({"fixed_fees": {"EUR": "40.001"}}, "late_charge_policy.fixed_fees.EUR"),
        ({"fixed_fees": {"EUR": 40.0}}, "late_charge_policy.fixed_fees.EUR"),
        ({"fixed_fees": {"EUR": "x"}}, "late_charge_policy.fixed_fees.EUR"),
        ({"fixed_fees": {1: "40"}}, "late_charge_policy.fixed_fees.1"),
        (
            {"fixed_fees": {"EUR": "40", 1: "40"}},
            "late_charge_policy.fixed_fees.1",
        ),  # TypeError before
        ({"minimum_charge": {"JPY": "0.5"}}, "late_charge_policy.minimum_charge.JPY"),
    ],
)
def test_policy_validation(kwargs: dict[str, Any], field: str) -> None:
    fields: dict[str, Any] = {"id": "late", "version": "1", **kwargs}
    with pytest.raises(PolicyError, match=field):
        LateChargePolicy(**fields)


def test_reference_rate_validation() -> None:
    with pytest.raises(PolicyError, match=r"reference_rate.from_date"):
        ReferenceRate("2025-01-01", Decimal("0.03"))
    with pytest.raises(PolicyError, match=r"reference_rate.rate"):
        ReferenceRate(dt.date(2025, 1, 1), 0.03)
