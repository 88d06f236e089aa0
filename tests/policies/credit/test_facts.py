"""Credit facts and temporary increases: validated on construction."""

from __future__ import annotations

import datetime as dt

import pytest

from receivables.errors import ValidationError
from receivables.policies.credit import (
    CreditFacts,
    TemporaryIncrease,
)
from tests.policies.credit import (
    AS_OF,
    usd,
)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"customer_id": ""}, "customer_id"),
        ({"unbilled_orders": usd("-1")}, "unbilled_orders"),
        ({"plan_balance": 5}, "plan_balance"),
        ({"plan_standing": "late"}, "plan_standing"),
        ({"average_days_to_pay": 1.5}, "average_days_to_pay"),
        ({"average_days_to_pay": "-1"}, "average_days_to_pay"),
        ({"average_days_to_pay": "soon"}, "average_days_to_pay"),
        ({"paid_invoices": -1}, "paid_invoices"),
        ({"bureau_adverse": "no"}, "bureau_adverse"),
        ({"bureau_score": "700"}, "bureau_score"),
        ({"temporary_increases": [1]}, r"temporary_increases\[0\]"),
    ],
)
def test_credit_facts_errors(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"customer_id": "C1", **changes}
    with pytest.raises(ValidationError, match=rf"credit_facts\.{field}"):
        CreditFacts(**values)  # type: ignore[arg-type]


def test_temporary_increase_errors() -> None:
    with pytest.raises(ValidationError, match=r"temporary_increase\.amount"):
        TemporaryIncrease(amount=usd("0"), expires_on=AS_OF)
    with pytest.raises(ValidationError, match=r"temporary_increase\.expires_on"):
        TemporaryIncrease(amount=usd("1"), starts_on=AS_OF, expires_on=AS_OF - dt.timedelta(1))
    with pytest.raises(ValidationError, match=r"temporary_increase\.starts_on"):
        TemporaryIncrease(amount=usd("1"), starts_on="today", expires_on=AS_OF)  # type: ignore[arg-type]
