"""Dunning accounts and their history records: validation of what the host passes.

Moved from tests/test_dunning.py when dunning became a package; assertions unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from receivables.documents import Dispute
from receivables.dunning import (
    BureauReport,
    ContactAttempt,
    DunningAccount,
    DunningStep,
    run,
    worklist,
)
from receivables.errors import PolicyError, ValidationError
from tests.dunning import MONDAY, customer, days_ago, item, strategy


def test_history_record_validation() -> None:
    with pytest.raises(ValidationError, match=r"dunning_step.level"):
        DunningStep(level=0, action="email", on=MONDAY)
    with pytest.raises(PolicyError, match=r"dunning_step.action"):
        DunningStep(level=1, action="carrier_pigeon", on=MONDAY)
    with pytest.raises(ValidationError, match=r"dunning_step.on"):
        DunningStep(level=1, action="email", on=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    with pytest.raises(ValidationError, match=r"contact_attempt.on"):
        ContactAttempt(on="2026-03-02", action="call")
    with pytest.raises(ValidationError, match=r"contact_attempt.conversation"):
        ContactAttempt(on=MONDAY, action="call", conversation="yes")
    with pytest.raises(ValidationError, match=r"bureau_report.item"):
        BureauReport(item="", reported_on=MONDAY)
    with pytest.raises(ValidationError, match=r"bureau_report.reported_on"):
        BureauReport(item="I", reported_on=None)
    with pytest.raises(ValidationError, match=r"bureau_report.corrected_on"):
        BureauReport(item="I", reported_on=MONDAY, corrected_on="soon")


def test_account_validation() -> None:
    overdue = item("INV-1", days_ago(3), "100.00")
    with pytest.raises(ValidationError, match=r"dunning_account.customer"):
        DunningAccount(customer="C1")
    with pytest.raises(ValidationError, match=r"customer.timezone"):
        DunningAccount(customer=customer(timezone="Nowhere/Land"))
    with pytest.raises(ValidationError, match=r"dunning_account.items\[0\]"):
        DunningAccount(customer=customer(), items=["INV-1"])
    with pytest.raises(ValidationError, match=r"items\[0\].customer_id"):
        DunningAccount(customer=customer("C2"), items=[overdue])
    with pytest.raises(ValidationError, match=r"items\[1\].currency"):
        DunningAccount(
            customer=customer(), items=[overdue, item("INV-2", MONDAY, "5.00", currency="EUR")]
        )
    dispute = Dispute(id="D", customer_id="C2", invoice_number="INV-1", opened_on=MONDAY)
    with pytest.raises(ValidationError, match=r"disputes\[0\].customer_id"):
        DunningAccount(customer=customer(), disputes=[dispute])
    with pytest.raises(ValidationError, match=r"promises\[0\]"):
        DunningAccount(customer=customer(), promises=[dispute])
    with pytest.raises(ValidationError, match=r"dunning_account.plan_status"):
        DunningAccount(customer=customer(), plan_status="late")
    with pytest.raises(ValidationError, match=r"dunning_account.steps\[0\]"):
        DunningAccount(customer=customer(), steps=[1])
    with pytest.raises(ValidationError, match=r"dunning_account.attempts\[0\]"):
        DunningAccount(customer=customer(), attempts=[MONDAY])
    with pytest.raises(ValidationError, match=r"dunning_account.reported\[0\]"):
        DunningAccount(customer=customer(), reported=["INV-1"])
    with pytest.raises(ValidationError, match=r"dunning_account.bureau_notices"):
        DunningAccount(customer=customer(), bureau_notices=["2026-01-01"])
    with pytest.raises(ValidationError, match=r"dunning_account.customer_value"):
        DunningAccount(customer=customer(), customer_value=Decimal(-1))
    with pytest.raises(ValidationError, match=r"dunning_account.customer_value"):
        DunningAccount(customer=customer(), customer_value=1.5)


def test_wrong_shaped_inputs_are_validation_errors() -> None:
    # each of these used to escape as TypeError, AttributeError or InvalidOperation
    for field, value in (
        ("items", 5),
        ("items", "INV-1"),
        ("steps", None),
        ("attempts", 3),
        ("disputes", 1),
        ("promises", 1),
        ("reported", 1),
        ("bureau_notices", 5),
    ):
        with pytest.raises(ValidationError, match=rf"dunning_account\.{field}"):
            DunningAccount(customer=customer(), **{field: value})
    for value in (Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity")):
        with pytest.raises(ValidationError, match=r"dunning_account.customer_value"):
            DunningAccount(customer=customer(), customer_value=value)
    with pytest.raises(ValidationError, match="accounts"):
        run(None, as_of=MONDAY, strategy=strategy())  # type: ignore[arg-type]
    result = run([], as_of=MONDAY, strategy=strategy())
    with pytest.raises(ValidationError, match="result"):
        worklist("run")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="policy"):
        worklist(result, policy={"currency": "USD"})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="rates"):
        worklist(result, rates={"USD": 1})  # type: ignore[arg-type]
