"""The one definition of a promise's status, shared by promises and dunning."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from receivables import dunning, promises
from receivables.promise_status import PromiseOutcome, PromiseStatus, status_of

DAY = dt.date(2026, 3, 15)


def test_one_enum_and_one_outcome_type_everywhere() -> None:
    assert promises.PromiseStatus is PromiseStatus is dunning.PromiseStatus
    assert promises.PromiseOutcome is PromiseOutcome


def test_the_rule_by_case() -> None:
    after = DAY + dt.timedelta(days=1)
    assert status_of(paid=0, wanted=100, tolerance=0, as_of=DAY, deadline=DAY) is (
        PromiseStatus.PENDING
    )
    assert status_of(paid=0, wanted=100, tolerance=0, as_of=after, deadline=DAY) is (
        PromiseStatus.BROKEN
    )
    assert status_of(paid=40, wanted=100, tolerance=0, as_of=after, deadline=DAY) is (
        PromiseStatus.PARTLY_KEPT
    )
    assert status_of(paid=40, wanted=100, tolerance=0, as_of=DAY, deadline=DAY) is (
        PromiseStatus.PENDING
    )
    # kept before the deadline once the shortfall is within the tolerance
    assert status_of(paid=99, wanted=100, tolerance=1, as_of=DAY, deadline=after) is (
        PromiseStatus.KEPT
    )
    # nothing paid never keeps a promise, even one smaller than the tolerance
    assert status_of(paid=0, wanted=1, tolerance=5, as_of=after, deadline=DAY) is (
        PromiseStatus.BROKEN
    )


@given(
    paid=st.integers(0, 1000),
    wanted=st.integers(1, 1000),
    tolerance=st.integers(0, 100),
    days=st.integers(-5, 5),
)
def test_the_rule_never_says_none_and_kept_needs_a_payment(
    paid: int, wanted: int, tolerance: int, days: int
) -> None:
    status = status_of(
        paid=paid,
        wanted=wanted,
        tolerance=tolerance,
        as_of=DAY + dt.timedelta(days=days),
        deadline=DAY,
    )
    assert status is not PromiseStatus.NONE
    assert (status is PromiseStatus.KEPT) == (paid > 0 and wanted - paid <= tolerance)
    if status is not PromiseStatus.KEPT:
        assert (status is PromiseStatus.PENDING) == (days <= 0)
