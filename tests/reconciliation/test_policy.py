"""The reconciliation policy: windows and tolerances as data."""

from __future__ import annotations

import pytest

from receivables.errors import PolicyError, ValidationError
from receivables.interop import structure
from receivables.money import money
from receivables.reconciliation import (
    ReconciliationPolicy,
)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, "policy.id"),
        ({"version": " "}, "policy.version"),
        ({"transit_days": -1}, "reconciliation_policy.transit_days"),
        ({"transit_days": True}, "reconciliation_policy.transit_days"),
        ({"date_tolerance_days": 1.5}, "reconciliation_policy.date_tolerance_days"),
        ({"short_form_length": -2}, "reconciliation_policy.short_form_length"),
        ({"tolerances": [money("-1.00", "USD")]}, "reconciliation_policy.tolerances[0]"),
        ({"tolerances": ["1.00"]}, "reconciliation_policy.tolerances[0]"),
        (
            {"tolerances": [money("1.00", "USD"), money("2.00", "USD")]},
            "reconciliation_policy.tolerances[1]",
        ),
        ({"tolerances": money("1.00", "USD")}, "reconciliation_policy.tolerances"),
        ({"tolerances": None}, "reconciliation_policy.tolerances"),
        ({"match_by_amount": "yes"}, "reconciliation_policy.match_by_amount"),
    ],
)
def test_a_bad_policy_is_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(PolicyError) as error:
        ReconciliationPolicy(**changes)  # type: ignore[arg-type]
    assert error.value.field == field


def test_a_policy_from_json() -> None:
    policy = structure(
        {
            "id": "recon-co",
            "version": "2",
            "transit_days": 5,
            "tolerances": [{"amount": "1.00", "currency": "USD"}],
        },
        ReconciliationPolicy,
    )
    assert (policy.transit_days, policy.tolerance("USD"), policy.tolerance("EUR")) == (5, 100, 0)
    with pytest.raises(ValidationError) as error:
        structure({"transit_days": -3}, ReconciliationPolicy)
    assert "$.transit_days" in str(error.value)
