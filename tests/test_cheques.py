"""Post-dated cheques: the daily deposit list on Colombian business days, deposit and return."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.calendars import BusinessCalendar
from receivables.cheques import (
    Cheque,
    ChequePolicy,
    ChequeStatus,
    deposit,
    deposit_list,
    return_cheque,
)
from receivables.documents import PaymentMethod, ReversalKind
from receivables.errors import DuplicateDocumentError, PolicyError, ValidationError
from receivables.interop import structure
from receivables.money import from_minor, money

CO = BusinessCalendar("CO")


def cheque(id: str, dated: dt.date, amount: str = "100.00", **fields: Any) -> Cheque:
    return Cheque(
        id=id,
        customer_id=fields.pop("customer_id", "C1"),
        number=f"N{id}",
        bank="BANCOLOMBIA",
        amount=money(amount, fields.pop("currency", "COP")),
        dated=dated,
        received_on=dt.date(2025, 12, 1),
        **fields,
    )


def test_the_deposit_list_rolls_over_a_colombian_weekend_and_holiday() -> None:
    # 2026-01-10 is a Saturday; Monday 12 January is Epiphany moved by the Ley Emiliani
    # (see receivables.calendars), so the first business day is Tuesday 13 January.
    held = [
        cheque("A", dt.date(2026, 1, 10), "1500000.00"),
        cheque("B", dt.date(2026, 1, 13), "250000.50"),
        cheque("C", dt.date(2026, 1, 14), "999.00"),
        cheque("D", dt.date(2026, 1, 2), "10.00", status="deposited"),
    ]
    assert deposit_list(held, dt.date(2026, 1, 12), CO).lines == ()
    today = deposit_list(held, dt.date(2026, 1, 13), CO)
    assert [line.cheque.id for line in today.lines] == ["A", "B"]
    assert [line.deposit_on for line in today.lines] == [dt.date(2026, 1, 13)] * 2
    # 1,500,000.00 + 250,000.50 = 1,750,000.50
    assert today.totals == {"COP": money("1750000.50", "COP")}
    # Two days later A and B are still in the safe: 14 and 15 January are 2 business days late.
    later = deposit_list(held, dt.date(2026, 1, 15), CO)
    assert [(line.cheque.id, line.late_days) for line in later.lines] == [
        ("A", 2),
        ("B", 2),
        ("C", 1),
    ]
    assert later.lines[0].reasons[0].code == "cheque_deposit_late"
    assert (later.policy_id, later.policy_version) == ("cheques", "1")


def test_nothing_is_deposited_on_a_holiday() -> None:
    closed = deposit_list([cheque("A", dt.date(2026, 1, 2))], dt.date(2026, 1, 12), CO)
    assert closed.lines == ()
    assert closed.reasons[0].code == "not_a_business_day"
    assert closed.reasons[0].data["holiday"]


def test_deposit_turns_a_cheque_into_a_payment() -> None:
    held = cheque("A", dt.date(2026, 1, 10), "1500000.00")
    deposited, payment = deposit(held, dt.date(2026, 1, 13), payment_id="P-1")
    assert deposited.status is ChequeStatus.DEPOSITED
    assert deposited.deposited_on == dt.date(2026, 1, 13)
    assert held.status is ChequeStatus.IN_CUSTODY  # the original value is untouched
    assert (payment.id, payment.customer_id, payment.method) == ("P-1", "C1", PaymentMethod.CHECK)
    assert payment.amount == money("1500000.00", "COP")
    assert payment.received_date == dt.date(2026, 1, 13)
    with pytest.raises(ValidationError, match="a cheque in custody"):
        deposit(deposited, dt.date(2026, 1, 14), payment_id="P-2")


def test_a_return_reverses_the_payment_charges_the_fee_and_counts_toward_refusal() -> None:
    policy = ChequePolicy(return_fees=[money("35000", "COP")], returns_before_refusal=2)
    first = cheque("A", dt.date(2026, 1, 10), status="deposited", deposited_on=dt.date(2026, 1, 13))
    back = return_cheque(
        first,
        dt.date(2026, 1, 15),
        payment_id="P-1",
        reversal_id="R-1",
        reason="fondos insuficientes",
        policy=policy,
    )
    assert back.cheque.status is ChequeStatus.RETURNED
    assert back.reversal.kind is ReversalKind.RETURNED_PAYMENT
    assert back.reversal.target_id == "P-1"
    assert back.fee is not None
    assert back.fee.amount == money("35000", "COP")
    assert back.fee.signed_amount == money("35000", "COP")  # a fee raises the balance
    assert (back.returns_in_window, back.accept_cheques) == (1, True)
    second = cheque("B", dt.date(2026, 2, 1), status="deposited", deposited_on=dt.date(2026, 2, 2))
    again = return_cheque(
        second,
        dt.date(2026, 2, 4),
        payment_id="P-2",
        reversal_id="R-2",
        reason="firma no registrada",
        history=[back.cheque, cheque("X", dt.date(2026, 1, 1), customer_id="C2")],
        policy=policy,
    )
    assert (again.returns_in_window, again.accept_cheques) == (2, False)
    assert [r.code for r in again.reasons] == [
        "cheque_returned",
        "return_fee_charged",
        "cheques_refused",
    ]
    # A return older than the look-back does not count.
    far = return_cheque(
        second,
        dt.date(2027, 2, 4),
        payment_id="P-2",
        reversal_id="R-3",
        reason="x",
        history=[back.cheque],
        policy=policy,
    )
    assert far.returns_in_window == 1
    no_fee = return_cheque(first, dt.date(2026, 1, 15), payment_id="P", reversal_id="R", reason="x")
    assert no_fee.fee is None


@given(st.lists(st.integers(1, 10**9), min_size=1, max_size=12), st.integers(0, 40))
def test_listed_totals_add_up_and_nothing_is_listed_before_its_date(
    units: list[int], offset: int
) -> None:
    as_of = CO.adjust(dt.date(2026, 3, 2) + dt.timedelta(days=offset))
    held = [
        Cheque(
            id=f"CH{i}",
            customer_id="C1",
            number=str(i),
            bank="B",
            amount=from_minor(amount, "COP"),
            dated=dt.date(2026, 3, 1) + dt.timedelta(days=3 * i),
            received_on=dt.date(2026, 2, 1),
        )
        for i, amount in enumerate(units)
    ]
    result = deposit_list(held, as_of, CO)
    listed = sum(int(line.cheque.amount.amount * 100) for line in result.lines)
    assert result.totals.get("COP", from_minor(0, "COP")) == from_minor(listed, "COP")
    assert all(line.cheque.dated <= line.deposit_on <= as_of for line in result.lines)
    assert {line.cheque.id for line in result.lines} == {
        c.id for c in held if CO.adjust(c.dated) <= as_of
    }


def test_policy_from_json_and_bad_policies() -> None:
    policy = structure(
        {"roll": "modified_following", "return_fees": [{"amount": "15.00", "currency": "USD"}]},
        ChequePolicy,
    )
    assert policy.fee_for("USD") == money("15.00", "USD")
    assert policy.fee_for("EUR") == money("0", "EUR")
    with pytest.raises(PolicyError, match="never deposits before"):
        ChequePolicy(roll="preceding")
    with pytest.raises(PolicyError, match="one of"):
        ChequePolicy(roll="sideways")
    with pytest.raises(PolicyError, match="0 or more"):
        ChequePolicy(return_fees=[money("-1", "USD")])
    with pytest.raises(PolicyError, match="one fee per currency"):
        ChequePolicy(return_fees=[money("1", "USD"), money("2", "USD")])
    with pytest.raises(PolicyError, match="1 or more"):
        ChequePolicy(returns_before_refusal=0)
    with pytest.raises(PolicyError, match="1 or more"):
        ChequePolicy(lookback_days=0)
    with pytest.raises(PolicyError, match="non-empty"):
        ChequePolicy(id="")


def test_bad_cheques_and_arguments() -> None:
    with pytest.raises(ValidationError, match="a positive Money"):
        cheque("A", dt.date(2026, 1, 1), "0")
    with pytest.raises(ValidationError, match=r"cheque\.number"):
        Cheque(
            id="A",
            customer_id="C1",
            number=" ",
            bank="B",
            amount=money("1", "USD"),
            dated=dt.date(2026, 1, 1),
            received_on=dt.date(2026, 1, 1),
        )
    with pytest.raises(ValidationError, match=r"cheque\.dated"):
        cheque("A", "2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"cheque\.deposited_on"):
        cheque("A", dt.date(2026, 1, 1), deposited_on="x")
    with pytest.raises(ValidationError, match="'in_custody'"):
        cheque("A", dt.date(2026, 1, 1), status="lost")
    held = cheque("A", dt.date(2026, 1, 10))
    with pytest.raises(DuplicateDocumentError):
        deposit_list([held, held], dt.date(2026, 1, 13), CO)
    with pytest.raises(ValidationError, match="a Cheque"):
        deposit_list(["A"], dt.date(2026, 1, 13), CO)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="BusinessCalendar"):
        deposit_list([held], dt.date(2026, 1, 13), "CO")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="as_of"):
        deposit_list([held], dt.datetime(2026, 1, 13), CO)  # noqa: DTZ001
    with pytest.raises(ValidationError, match="a ChequePolicy"):
        deposit_list([held], dt.date(2026, 1, 13), CO, policy={})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="on or after the cheque's date"):
        deposit(held, dt.date(2026, 1, 9), payment_id="P")
    with pytest.raises(ValidationError, match="a Cheque"):
        deposit("A", dt.date(2026, 1, 13), payment_id="P")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="a deposited cheque"):
        return_cheque(held, dt.date(2026, 1, 13), payment_id="P", reversal_id="R", reason="x")
    deposited, _ = deposit(held, dt.date(2026, 1, 13), payment_id="P")
    with pytest.raises(ValidationError, match="on or after the deposit"):
        return_cheque(deposited, dt.date(2026, 1, 12), payment_id="P", reversal_id="R", reason="x")
    bad_history: list[Any] = [1]
    with pytest.raises(ValidationError, match=r"history\[0\]"):
        return_cheque(
            deposited,
            dt.date(2026, 1, 14),
            payment_id="P",
            reversal_id="R",
            reason="x",
            history=bad_history,
        )
    with pytest.raises(ValidationError, match="a Cheque"):
        return_cheque("A", dt.date(2026, 1, 14), payment_id="P", reversal_id="R", reason="x")  # type: ignore[arg-type]


def test_lists_that_are_not_lists_are_refused() -> None:
    bad: Any = None
    with pytest.raises(ValidationError, match=r"^cheques: got None; expected a list"):
        deposit_list(bad, dt.date(2026, 1, 13), CO)
    with pytest.raises(PolicyError, match="a list"):
        ChequePolicy(return_fees=money("1", "USD"))  # type: ignore[arg-type]
    held = cheque("A", dt.date(2026, 1, 10), status="deposited", deposited_on=dt.date(2026, 1, 13))
    text: Any = "AB"
    with pytest.raises(ValidationError, match=r"^history: got 'AB'"):
        return_cheque(
            held, dt.date(2026, 1, 14), payment_id="P", reversal_id="R", reason="x", history=text
        )
