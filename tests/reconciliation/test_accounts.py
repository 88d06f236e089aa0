"""The engine: its arguments, one currency, our side from a ledger, a reply with a balance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from receivables.documents import Invoice, Payment
from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.ledger import Ledger
from receivables.money import money
from receivables.reconciliation import (
    AccountLine,
    DifferenceKind,
    LineKind,
    our_lines,
    reconcile,
)
from tests.reconciliation import CUT_OFF, line, usd


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"as_of": "2026-06-30"}, "as_of"),
        ({"as_of": dt.datetime(2026, 6, 30)}, "as_of"),  # noqa: DTZ001
        ({"customer_id": ""}, "customer_id"),
        ({"policy": {"transit_days": 3}}, "policy"),
        ({"currency": "ZZZ"}, "currency"),
        ({"ours": "FV-1"}, "ours"),
        ({"ours": [object()]}, "ours[0]"),
        ({"theirs": None}, "theirs"),
        ({"their_balance": Decimal("1")}, "their_balance"),
        ({"disputes": ["D-1"]}, "disputes[0]"),
    ],
)
def test_bad_arguments_are_refused(changes: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {
        "ours": [line("FV-1", "2026-06-01", "1.00")],
        "theirs": [],
        "customer_id": "C1",
        "as_of": CUT_OFF,
    }
    arguments.update(changes)
    with pytest.raises(ValidationError) as error:
        reconcile(**arguments)  # type: ignore[arg-type]
    assert error.value.field == field


def test_one_currency_at_a_time() -> None:
    eur = AccountLine(document="F-1", date=dt.date(2026, 6, 1), amount=money("5.00", "EUR"))
    with pytest.raises(CurrencyMismatchError):
        reconcile([line("FV-1", "2026-06-01", "1.00")], [eur], customer_id="C1", as_of=CUT_OFF)
    with pytest.raises(CurrencyMismatchError):
        reconcile([eur], [], customer_id="C1", as_of=CUT_OFF, currency="USD")
    with pytest.raises(CurrencyMismatchError):
        reconcile([eur], [], customer_id="C1", as_of=CUT_OFF, their_balance=usd("1.00"))
    with pytest.raises(ValidationError, match="no line says it"):
        reconcile([], [], customer_id="C1", as_of=CUT_OFF)


def test_our_side_from_the_ledger_reconciles_against_their_open_payables() -> None:
    invoice = Invoice(
        number="FV-0005230",
        customer_id="C1",
        issue_date=dt.date(2026, 6, 1),
        due_date=dt.date(2026, 7, 1),
        amount=usd("1000.00"),
    )
    cash = Payment(
        id="P-1", customer_id="C1", amount=usd("250.00"), received_date=dt.date(2026, 6, 25)
    )
    ours = our_lines(Ledger.of([invoice, cash]), "C1", currency="USD", as_of=CUT_OFF)
    assert [(x.document, x.kind) for x in ours] == [  # by due date, as the ledger lists them
        ("P-1", LineKind.PAYMENT),
        ("FV-0005230", LineKind.INVOICE),
    ]
    result = reconcile(
        ours, [line("5230", "2026-06-01", "1000.00")], customer_id="C1", as_of=CUT_OFF
    )
    assert result.differences[0].kind is DifferenceKind.UNKNOWN_TO_THEM
    assert result.differences[0].amount == usd("250.00")


def test_a_confirmation_reply_with_a_balance_only() -> None:
    # No lines from them: everything of ours is "not recorded", and their stated
    # balance is unexplained by lines: 400 - 400 + 350 = 350.
    ours = [line("FV-1", "2026-06-01", "400.00")]
    result = reconcile(ours, [], customer_id="C1", as_of=CUT_OFF, their_balance=usd("350.00"))
    assert [(d.kind.value, d.amount) for d in result.differences] == [
        ("not_recorded_by_them", usd("-400.00")),
        ("unexplained", usd("350.00")),
    ]


def test_reconcile_has_the_engine_shape() -> None:
    from receivables.decisions import engine_departures

    assert engine_departures(reconcile) == ()


@pytest.mark.parametrize("disputes", [None, "D-1", {"id": "D-1"}])
def test_disputes_must_be_a_sequence(disputes: object) -> None:
    with pytest.raises(ValidationError) as error:
        reconcile([], [], customer_id="C1", as_of=CUT_OFF, currency="USD", disputes=disputes)  # type: ignore[arg-type]
    assert error.value.field == "disputes"


def test_our_lines_refuses_what_is_not_a_ledger_or_a_customer() -> None:
    with pytest.raises(ValidationError) as error:
        our_lines("ledger", "C1", currency="USD", as_of=CUT_OFF)  # type: ignore[arg-type]
    assert error.value.field == "ledger"
    with pytest.raises(ValidationError) as error:
        our_lines(Ledger.of([]), "", currency="USD", as_of=CUT_OFF)
    assert error.value.field == "customer_id"
