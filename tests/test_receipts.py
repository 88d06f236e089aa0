"""Provisional receipts: deadlines on Colombian business days, late and missing, time to legalize."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.calendars import BusinessCalendar
from receivables.documents import Payment
from receivables.errors import DuplicateDocumentError, PolicyError, ValidationError
from receivables.interop import structure
from receivables.money import money
from receivables.receipts import (
    CollectorSummary,
    LegalizationStatus,
    ProvisionalReceipt,
    ReceiptPolicy,
    legalize,
    review,
)

CO = BusinessCalendar("CO")


def receipt(
    id: str, issued: dt.date, legalized: dt.date | None = None, **fields: Any
) -> ProvisionalReceipt:
    return ProvisionalReceipt(
        id=id,
        collector=fields.get("collector", "ana"),
        customer_id="C1",
        amount=money(fields.get("amount", "100000"), "COP"),
        issued_on=issued,
        legalized_on=legalized,
    )


def test_statuses_and_time_to_legalize_worked_by_hand() -> None:
    # January 2026 in Colombia: Fri 9, [Sat 10, Sun 11, Mon 12 Epiphany moved], Tue 13, Wed 14.
    receipts = [
        receipt("A", dt.date(2026, 1, 9), dt.date(2026, 1, 13)),  # deadline 13: on time, 1 day
        receipt("B", dt.date(2026, 1, 9), dt.date(2026, 1, 14)),  # 2 days: late
        receipt("C", dt.date(2026, 1, 13)),  # deadline 14: pending on the 14th
        receipt("D", dt.date(2026, 1, 9), amount="250000", collector="bo"),  # missing
        receipt("E", dt.date(2026, 1, 15)),  # issued after as_of: not judged
    ]
    result = review(receipts, dt.date(2026, 1, 14), CO)
    assert [(c.receipt.id, c.status, c.deadline.day, c.business_days) for c in result.checks] == [
        ("A", LegalizationStatus.LEGALIZED, 13, 1),
        ("B", LegalizationStatus.LEGALIZED_LATE, 13, 2),
        ("C", LegalizationStatus.PENDING, 14, None),
        ("D", LegalizationStatus.MISSING, 13, None),
    ]
    assert [c.reasons[0].code for c in result.checks] == [
        "legalized_on_time",
        "legalized_late",
        "within_deadline",
        "legalization_missing",
    ]
    ana = result.by_collector["ana"]
    # ana: legalized in 1 and 2 business days -> mean (1 + 2) / 2 = 1.50, max 2; C unbanked.
    assert (ana.legalized, ana.legalized_late, ana.pending, ana.missing) == (1, 1, 1, 0)
    assert (ana.mean_days, ana.max_days) == (money("1.50", "USD").amount, 2)
    assert ana.unbanked == (money("100000", "COP"),)
    assert result.by_collector["bo"].unbanked == (money("250000", "COP"),)
    assert (result.policy_id, result.policy_version) == ("provisional-receipts", "1")
    # A legalization after as_of is not seen yet: as of the 13th, B is still pending.
    assert review(receipts[:2], dt.date(2026, 1, 13), CO).checks[1].status is (
        LegalizationStatus.PENDING
    )


def test_a_policy_of_zero_days_wants_the_money_the_same_day() -> None:
    policy = structure({"days_to_legalize": 0, "version": "2026"}, ReceiptPolicy)
    result = review(
        [receipt("A", dt.date(2026, 1, 13), dt.date(2026, 1, 14))], dt.date(2026, 1, 20), CO, policy
    )
    assert result.checks[0].status is LegalizationStatus.LEGALIZED_LATE
    assert result.policy_version == "2026"


def test_legalize_against_the_bank() -> None:
    pending = receipt("A", dt.date(2026, 1, 9))
    paid = Payment(
        id="BNK-1",
        customer_id="C1",
        amount=money("100000", "COP"),
        received_date=dt.date(2026, 1, 13),
    )
    done = legalize(pending, paid)
    assert (done.legalized_on, done.bank_reference) == (dt.date(2026, 1, 13), "BNK-1")
    with pytest.raises(ValidationError, match="not yet legalized"):
        legalize(done, paid)
    with pytest.raises(ValidationError, match="the receipt's"):
        legalize(
            pending,
            Payment(id="B", amount=money("99999", "COP"), received_date=dt.date(2026, 1, 13)),
        )
    with pytest.raises(ValidationError, match="'C1'"):
        legalize(
            pending,
            Payment(
                id="B",
                customer_id="C2",
                amount=money("100000", "COP"),
                received_date=dt.date(2026, 1, 13),
            ),
        )
    with pytest.raises(ValidationError, match="on or after"):
        legalize(
            pending,
            Payment(id="B", amount=money("100000", "COP"), received_date=dt.date(2026, 1, 8)),
        )
    with pytest.raises(ValidationError, match="a ProvisionalReceipt"):
        legalize("A", paid)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"a receivables\.documents\.Payment"):
        legalize(pending, "BNK-1")  # type: ignore[arg-type]


@given(
    st.lists(st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 10))), max_size=15)
)
def test_every_receipt_has_one_status_and_summaries_count_them(
    spec: list[tuple[int, int | None]],
) -> None:
    start = dt.date(2026, 3, 2)
    receipts = [
        receipt(
            f"R{i}",
            start + dt.timedelta(days=issued),
            None if later is None else start + dt.timedelta(days=issued + later),
            collector="ana" if i % 2 else "bo",
        )
        for i, (issued, later) in enumerate(spec)
    ]
    as_of = start + dt.timedelta(days=45)
    result = review(receipts, as_of, CO)
    assert len(result.checks) == sum(1 for r in receipts if r.issued_on <= as_of)
    total = sum(
        (
            s.legalized + s.legalized_late + s.pending + s.missing
            for s in result.by_collector.values()
        ),
        0,
    )
    assert total == len(result.checks)
    for check in result.checks:
        assert check.deadline >= check.receipt.issued_on
        if check.status in (LegalizationStatus.LEGALIZED, LegalizationStatus.LEGALIZED_LATE):
            assert check.business_days is not None
        else:
            assert check.receipt.legalized_on is None or check.receipt.legalized_on > as_of


def test_summaries_merge_and_refuse_other_collectors() -> None:
    a = CollectorSummary(
        collector="ana", legalized=1, days_total=1, max_days=1, unbanked=(money("5", "COP"),)
    )
    b = CollectorSummary(
        collector="ana", missing=1, unbanked=(money("7", "COP"), money("1", "USD"))
    )
    merged = a + b
    assert merged.unbanked == (money("12", "COP"), money("1", "USD"))
    assert (a + b) + a == a + (b + a)
    with pytest.raises(ValidationError, match="'ana' to merge"):
        a + CollectorSummary(collector="bo")
    assert a.__add__(3) is NotImplemented


def test_bad_input() -> None:
    with pytest.raises(PolicyError, match="0 or more"):
        ReceiptPolicy(days_to_legalize=-1)
    with pytest.raises(PolicyError, match="non-empty"):
        ReceiptPolicy(id="")
    with pytest.raises(ValidationError, match="a positive Money"):
        receipt("A", dt.date(2026, 1, 9), amount="0")
    with pytest.raises(ValidationError, match="on or after it was issued"):
        receipt("A", dt.date(2026, 1, 9), dt.date(2026, 1, 8))
    with pytest.raises(ValidationError, match=r"receipt\.collector"):
        receipt("A", dt.date(2026, 1, 9), collector="")
    with pytest.raises(ValidationError, match=r"receipt\.issued_on"):
        receipt("A", "2026-01-09")  # type: ignore[arg-type]
    one = receipt("A", dt.date(2026, 1, 9))
    with pytest.raises(DuplicateDocumentError):
        review([one, one], dt.date(2026, 1, 14), CO)
    with pytest.raises(ValidationError, match=r"receipts\[0\]"):
        review(["A"], dt.date(2026, 1, 14), CO)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="as_of"):
        review([one], "2026-01-14", CO)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="BusinessCalendar"):
        review([one], dt.date(2026, 1, 14), "CO")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="a ReceiptPolicy"):
        review([one], dt.date(2026, 1, 14), CO, policy={})  # type: ignore[arg-type]


def test_lists_that_are_not_lists_are_refused() -> None:
    bad: Any = {"A": 1}
    with pytest.raises(ValidationError, match=r"receipts: .*a list"):
        review(bad, dt.date(2026, 1, 14), CO)
