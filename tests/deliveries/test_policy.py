"""The delivery policy: ageing buckets and tolerances as data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from receivables.deliveries import (
    DeliveryPolicy,
)
from receivables.errors import PolicyError
from receivables.interop import structure
from tests.deliveries import cop


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, "policy.id"),
        ({"version": ""}, "policy.version"),
        ({"ageing_bounds": []}, "delivery_policy.ageing_bounds"),
        ({"ageing_bounds": "7,30"}, "delivery_policy.ageing_bounds"),
        ({"ageing_bounds": [7, -1]}, "delivery_policy.ageing_bounds[1]"),
        ({"ageing_bounds": [7, 7]}, "delivery_policy.ageing_bounds[1]"),
        ({"tolerances": [cop("-1.00")]}, "delivery_policy.tolerances[0]"),
        ({"tolerances": [cop("1.00"), cop("2.00")]}, "delivery_policy.tolerances[1]"),
        ({"tolerances": cop("1.00")}, "delivery_policy.tolerances"),
        ({"tolerances": None}, "delivery_policy.tolerances"),
        ({"quantity_tolerance": -1}, "delivery_policy.quantity_tolerance"),
        ({"quantity_tolerance": 0.5}, "delivery_policy.quantity_tolerance"),
        ({"quantity_tolerance": "half"}, "delivery_policy.quantity_tolerance"),
    ],
)
def test_a_bad_policy_is_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(PolicyError) as error:
        DeliveryPolicy(**changes)  # type: ignore[arg-type]
    assert error.value.field == field


def test_a_policy_from_json() -> None:
    policy = structure({"ageing_bounds": [15, 45], "quantity_tolerance": "0.25"}, DeliveryPolicy)
    assert policy.labels() == ("0-15", "16-45", "over 45")
    assert policy.quantity_tolerance == Decimal("0.25")
