"""History rules shared by holds and limit requests: returned cheques."""

from __future__ import annotations

import datetime as dt

import pytest

from receivables.documents import Payment, Reversal
from receivables.errors import ValidationError
from receivables.policies.credit import (
    CreditPolicy,
    OrderOutcome,
    evaluate_order,
    returned_payments,
)
from tests.policies.credit import (
    AS_OF,
    _bounce,
    _customer,
    _order,
    usd,
)


def test_returned_payments_window() -> None:
    # six months before 2026-06-30 is 2025-12-30, excluded; 2025-12-31 is inside
    inside = Reversal(id="A", kind="returned_payment", target_id="P", date=dt.date(2025, 12, 31))
    edge = Reversal(id="B", kind="returned_payment", target_id="P", date=dt.date(2025, 12, 30))
    undone = Reversal(id="C", kind="application_undone", target_id="A1", date=AS_OF)
    later = Reversal(id="D", kind="returned_payment", target_id="P", date=AS_OF + dt.timedelta(1))
    assert returned_payments([inside, edge, undone, later], AS_OF, 6) == 1
    with pytest.raises(ValidationError, match=r"reversals\[0\]"):
        returned_payments(["R"], AS_OF, 6)  # type: ignore[list-item]


def test_returned_cheques_only_when_the_policy_says_so() -> None:
    # a returned direct debit and a returned cheque; counting cheques only, one is left
    debit = Payment(
        id="PR1", amount=usd("10"), received_date=dt.date(2026, 5, 1), method="direct_debit"
    )
    cheque = Payment(id="PR2", amount=usd("10"), received_date=dt.date(2026, 5, 1), method="check")
    bounces = [_bounce(10, "R1"), _bounce(20, "R2")]
    assert returned_payments(bounces, AS_OF, 6, payments=[debit, cheque]) == 2
    assert returned_payments(bounces, AS_OF, 6, methods=["check"], payments=[debit, cheque]) == 1
    assert returned_payments(bounces, AS_OF, 6, methods=["check"]) == 2  # unknown methods count
    policy = CreditPolicy(returned_methods=["check"], returned_cheque_limit=2)
    decision = evaluate_order(
        _order(), _customer(), [], AS_OF, policy, reversals=bounces, payments=[debit, cheque]
    )
    assert decision.outcome is OrderOutcome.RELEASE
    with pytest.raises(ValidationError, match=r"methods\[0\]"):
        returned_payments(bounces, AS_OF, 6, methods=["iou"])
