"""Refunds: offset overdue debt first, wait for cheques, minimum, approval tier."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import interop
from receivables.decisions import Decision, Policy
from receivables.documents import Payment, Reversal
from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    PolicyError,
    ValidationError,
)
from receivables.journal import STANDARD_ROLES, AccountMap
from receivables.ledger import ItemKind, OpenItem
from receivables.money import money, total, zero
from receivables.policies.approvals import ApprovalPolicy, ApprovalTier, Authority
from receivables.policies.refunds import Offset, RefundOutcome, RefundPolicy, evaluate_refund
from tests.strategies import customer_open_items

ACCOUNTS = AccountMap({role: f"{1000 + index}" for index, role in enumerate(STANDARD_ROLES)})
AS_OF = dt.date(2026, 3, 1)


def _item(number: str, amount: str, due: dt.date, kind: ItemKind = ItemKind.INVOICE) -> OpenItem:
    value = money(amount, "USD")
    return OpenItem(
        number=number,
        customer_id="C1",
        kind=kind,
        document_date=min(due, AS_OF),
        due_date=due,
        original=value,
        open=value,
    )


def _cheque(number: str, received: dt.date, amount: str = "1000.00") -> Payment:
    return Payment(id=number, amount=money(amount, "USD"), received_date=received, method="check")


def _codes(decision: object) -> list[str]:
    return [reason.code for reason in decision.reasons]  # type: ignore[attr-defined]


def test_worked_overpayment_offset_then_refund() -> None:
    # The customer paid 1,000.00 by transfer on an invoice already settled by a credit note,
    # leaving 1,000.00 on account. INV-2 (300.00) is 29 days overdue, INV-3 (200.00) not yet due.
    # Offset 300.00, refund 1,000 - 300 = 700.00; INV-3 stays open; 700 needs a lead (250-2,500).
    items = [
        _item("INV-2", "300.00", dt.date(2026, 1, 31)),
        _item("INV-3", "200.00", dt.date(2026, 3, 15)),
        _item("PAY-9", "-1000.00", dt.date(2026, 2, 20), ItemKind.PAYMENT),
    ]
    decision = evaluate_refund("C1", items, AS_OF)
    assert decision.outcome is RefundOutcome.REFUND
    assert decision.offsets == (Offset(credit="PAY-9", debt="INV-2", amount=money("300", "USD")),)
    assert decision.refund == money("700.00", "USD")
    assert decision.kept == zero("USD")
    assert decision.approval is not None
    assert decision.approval.authority is Authority.LEAD
    assert _codes(decision) == [
        "offset_overdue_debt",
        "debt_not_offset",
        "refund_available",
        "approval_tier",
    ]
    assert (decision.policy_id, decision.policy_version) == ("refunds", "1")


def test_offset_not_yet_due_when_the_policy_says_so() -> None:
    items = [
        _item("INV-3", "200.00", dt.date(2026, 3, 15)),
        _item("CN-1", "-150.00", AS_OF, ItemKind.CREDIT_NOTE),
    ]
    decision = evaluate_refund("C1", items, AS_OF, RefundPolicy(offset_not_yet_due=True))
    assert decision.outcome is RefundOutcome.OFFSET_ONLY
    assert decision.offset_total == money("150.00", "USD")
    assert decision.refund == zero("USD")


def test_offset_after_days_threshold() -> None:
    items = [
        _item("INV-30", "100.00", AS_OF - dt.timedelta(days=30)),
        _item("INV-31", "100.00", AS_OF - dt.timedelta(days=31)),
        _item("CN-1", "-500.00", AS_OF, ItemKind.CREDIT_NOTE),
    ]
    decision = evaluate_refund("C1", items, AS_OF, RefundPolicy(offset_after_days=30))
    assert [offset.debt for offset in decision.offsets] == ["INV-31"]
    assert decision.refund == money("400.00", "USD")


def test_cheque_waits_for_clearing_but_offsets_first() -> None:
    # A 1,000.00 cheque received Feb 25 clears on Mar 7 (10 days); a 200.00 credit note is clear.
    # The 300.00 overdue debt is offset from the cheque first; 700.00 of it waits; the credit
    # note's 200.00 is refundable now.
    items = [
        _item("INV-2", "300.00", dt.date(2026, 1, 31)),
        _item("CHQ-1", "-1000.00", dt.date(2026, 2, 25), ItemKind.PAYMENT),
        _item("CN-1", "-200.00", dt.date(2026, 2, 1), ItemKind.CREDIT_NOTE),
    ]
    cheque = _cheque("CHQ-1", dt.date(2026, 2, 25))
    decision = evaluate_refund("C1", items, AS_OF, payments=[cheque])
    assert decision.offsets == (Offset(credit="CHQ-1", debt="INV-2", amount=money("300", "USD")),)
    assert decision.held == money("700.00", "USD")
    assert decision.held_until == dt.date(2026, 3, 7)
    assert decision.refund == money("200.00", "USD")
    assert "cheque_not_cleared" in _codes(decision)
    cleared = evaluate_refund("C1", items, dt.date(2026, 3, 7), payments=[cheque])
    assert cleared.held == zero("USD")
    assert cleared.refund == money("900.00", "USD")


def test_only_uncleared_credit_means_wait() -> None:
    items = [_item("CHQ-1", "-80.00", dt.date(2026, 2, 27), ItemKind.PAYMENT)]
    decision = evaluate_refund(
        "C1", items, AS_OF, payments=[_cheque("CHQ-1", dt.date(2026, 2, 27), "80.00")]
    )
    assert decision.outcome is RefundOutcome.WAIT_FOR_CLEARING
    assert decision.refund == zero("USD")


def test_returned_payment_is_not_a_credit() -> None:
    items = [_item("CHQ-1", "-80.00", dt.date(2026, 1, 27), ItemKind.PAYMENT)]
    bounced = Reversal(
        id="R1", kind="returned_payment", target_id="CHQ-1", date=dt.date(2026, 2, 3)
    )
    decision = evaluate_refund(
        "C1",
        items,
        AS_OF,
        payments=[_cheque("CHQ-1", dt.date(2026, 1, 27), "80.00")],
        reversals=[bounced],
    )
    assert decision.outcome is RefundOutcome.NO_CREDIT
    assert _codes(decision) == ["payment_returned", "no_credit_balance"]


def test_requested_amount_caps_the_refund() -> None:
    items = [_item("CN-1", "-500.00", AS_OF, ItemKind.CREDIT_NOTE)]
    decision = evaluate_refund("C1", items, AS_OF, requested=money("120.00", "USD"))
    assert decision.refund == money("120.00", "USD")
    assert decision.kept == money("380.00", "USD")
    assert decision.approval is not None
    assert decision.approval.authority is Authority.ANALYST
    more = evaluate_refund("C1", items, AS_OF, requested=money("900.00", "USD"))
    assert more.refund == money("500.00", "USD")
    assert "requested_above_available" in _codes(more)


def test_below_minimum_refund_stays_on_account() -> None:
    policy = RefundPolicy(minimum_refund={"USD": money("10.00", "USD")})
    items = [_item("CN-1", "-9.99", AS_OF, ItemKind.CREDIT_NOTE)]
    decision = evaluate_refund("C1", items, AS_OF, policy)
    assert decision.outcome is RefundOutcome.BELOW_MINIMUM
    assert decision.kept == money("9.99", "USD")
    assert decision.approval is None


def test_beyond_the_refund_ladder() -> None:
    ladder = ApprovalPolicy(tiers=[ApprovalTier(authority="lead", up_to=money("100", "USD"))])
    items = [_item("CN-1", "-500.00", AS_OF, ItemKind.CREDIT_NOTE)]
    decision = evaluate_refund("C1", items, AS_OF, RefundPolicy(approvals=ladder))
    assert decision.outcome is RefundOutcome.BEYOND_AUTHORITY
    assert "beyond_authority" in _codes(decision)


def test_no_items_no_credit() -> None:
    decision = evaluate_refund("C1", [], AS_OF)
    assert decision.outcome is RefundOutcome.NO_CREDIT
    assert decision.credit_balance == zero("USD")


def test_journal_entry_offset_and_refund() -> None:
    items = [
        _item("INV-2", "300.00", dt.date(2026, 1, 31)),
        _item("PAY-9", "-1000.00", dt.date(2026, 2, 20), ItemKind.PAYMENT),
    ]
    decision = evaluate_refund("C1", items, AS_OF)
    journal = decision.journal_entry(ACCOUNTS, paid=False)
    lines = {(line.account, line.debit.amount, line.credit.amount) for line in journal.lines}
    zero_ = zero("USD").amount
    assert lines == {
        (ACCOUNTS.code("customer_credits"), money("1000", "USD").amount, zero_),
        (ACCOUNTS.code("receivables"), zero_, money("300", "USD").amount),
        (ACCOUNTS.code("refunds_payable"), zero_, money("700", "USD").amount),
    }
    assert journal.source == "refunds@1"
    only_offset = evaluate_refund(
        "C1", [*items[:1], _item("CN", "-50", AS_OF, ItemKind.CREDIT_NOTE)], AS_OF
    )
    with pytest.raises(ValidationError, match=r"refund_decision\.refund"):
        only_offset.journal_entry(ACCOUNTS, credits_role="receivables")


def test_input_errors() -> None:
    other = attrs.evolve(_item("X", "1", AS_OF), customer_id="C2")
    with pytest.raises(ValidationError, match=r"items\[0\]\.customer_id"):
        evaluate_refund("C1", [other], AS_OF)
    with pytest.raises(ValidationError, match=r"items\[0\]"):
        evaluate_refund("C1", ["INV"], AS_OF)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="requested"):
        evaluate_refund("C1", [], AS_OF, requested=zero("USD"))
    with pytest.raises(CurrencyMismatchError):
        evaluate_refund("C1", [_item("A", "1", AS_OF)], AS_OF, requested=money("1", "EUR"))
    euro = attrs.evolve(_item("E", "1", AS_OF), original=money("1", "EUR"), open=money("1", "EUR"))
    with pytest.raises(CurrencyMismatchError):
        evaluate_refund("C1", [_item("A", "1", AS_OF), euro], AS_OF)
    with pytest.raises(ValidationError, match="as_of"):
        evaluate_refund("C1", [], "2026-03-01")  # type: ignore[arg-type]
    with pytest.raises(DuplicateDocumentError, match="A"):
        evaluate_refund("C1", [_item("A", "1", AS_OF), _item("A", "-1", AS_OF)], AS_OF)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, r"policy\.id"),
        ({"clearing_days": {"cheque": 10}}, r"refund_policy\.clearing_days"),
        ({"clearing_days": {"check": -1}}, r"refund_policy\.clearing_days\.check"),
        ({"clearing_days": [10]}, r"refund_policy\.clearing_days"),
        ({"offset_after_days": -1}, r"refund_policy\.offset_after_days"),
        ({"offset_not_yet_due": "no"}, r"refund_policy\.offset_not_yet_due"),
        ({"minimum_refund": {"USD": money("1", "EUR")}}, r"refund_policy\.minimum_refund\.USD"),
        ({"minimum_refund": "USD"}, r"refund_policy\.minimum_refund"),
        ({"approvals": {}}, r"refund_policy\.approvals"),
    ],
)
def test_policy_errors_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        RefundPolicy(**changes)  # type: ignore[arg-type]


@given(customer_open_items(as_of=AS_OF))
def test_credit_is_conserved_and_decisions_repeat(items: list[OpenItem]) -> None:
    payments = [
        _cheque(item.number, AS_OF - dt.timedelta(days=index % 15), str(-item.open.amount))
        for index, item in enumerate(items)
        if item.open.amount < 0
    ]
    decision = evaluate_refund("C1", items, AS_OF, payments=payments)
    assert decision == evaluate_refund("C1", list(reversed(items)), AS_OF, payments=payments)
    parts = decision.offset_total + decision.refund + decision.held + decision.kept
    assert parts == decision.credit_balance
    owed_overdue = total(
        (i.open for i in items if i.open.amount > 0 and i.days_overdue(AS_OF) > 0), "USD"
    )
    assert decision.offset_total == min(owed_overdue, decision.credit_balance)
    for offset in decision.offsets:
        assert offset.amount.amount > 0


def test_decision_and_policy_have_the_shared_shape() -> None:
    items = [_item("INV-2", "300.00", dt.date(2026, 1, 31)), _item("CN", "-900", AS_OF)]
    decision = evaluate_refund("C1", items, AS_OF)
    assert isinstance(decision, Decision)
    assert isinstance(RefundPolicy(), Policy)
    json.dumps([dict(reason.data) for reason in decision.reasons])


# --- JSON ----------------------------------------------------------------------------------


def test_policy_round_trips_through_json() -> None:
    policy = RefundPolicy(
        version="2",
        clearing_days={"check": 7, "direct_debit": 56},
        offset_after_days=15,
        minimum_refund={"USD": money("5.00", "USD")},
    )
    assert interop.from_json(interop.to_json(policy), RefundPolicy) == policy
    assert interop.from_json(interop.to_json(RefundPolicy()), RefundPolicy) == RefundPolicy()


def test_a_decision_replays_from_the_json_policy() -> None:
    stored = '{"id": "refunds", "version": "9", "offset_not_yet_due": true}'
    policy = interop.from_json(stored, RefundPolicy)
    items = [_item("INV-3", "200.00", dt.date(2026, 3, 15)), _item("CN", "-900", AS_OF)]
    decision = evaluate_refund("C1", items, AS_OF, policy)
    assert decision == evaluate_refund(
        "C1", items, AS_OF, RefundPolicy(version="9", offset_not_yet_due=True)
    )
    assert decision.refund == money("700", "USD")
    assert json.loads(interop.to_json(decision))["policy_version"] == "9"


@given(
    st.sampled_from(["JPY", "BHD"]).flatmap(
        lambda currency: st.tuples(
            st.just(currency), customer_open_items(currency=currency, as_of=AS_OF)
        )
    ),
    st.booleans(),
)
def test_refund_entries_balance_in_jpy_and_bhd(
    case: tuple[str, list[OpenItem]], credits_in_receivables: bool
) -> None:
    currency, items = case
    policy = RefundPolicy(
        approvals=ApprovalPolicy(currency=currency, tiers=[ApprovalTier(authority="controller")])
    )
    decision = evaluate_refund("C1", items, AS_OF, policy)
    assert decision == evaluate_refund("C1", list(reversed(items)), AS_OF, policy)
    assert all(reason.code for reason in decision.reasons)
    role = "receivables" if credits_in_receivables else "customer_credits"
    if decision.refund.amount == 0 and (
        decision.offset_total.amount == 0 or credits_in_receivables
    ):
        return
    journal = decision.journal_entry(ACCOUNTS, credits_role=role)
    debits, credits = journal.totals_units()[currency]
    assert debits == credits
    assert journal.total_debits(currency) == decision.refund + (
        zero(currency) if credits_in_receivables else decision.offset_total
    )
