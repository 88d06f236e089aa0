"""Aging buckets: the default columns, inclusive upper bounds, and every validation rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.buckets import DEFAULT_BUCKETS, AgingBuckets, Bucket, buckets_from_bounds
from receivables.errors import PolicyError
from tests.strategies import aging_bounds


def test_default_buckets_are_the_erp_columns() -> None:
    # SAP/Oracle/Odoo/ERPNext default aged trial balance: not due, 1-30, 31-60, 61-90, 91-120, >120
    assert DEFAULT_BUCKETS.labels == ("current", "1-30", "31-60", "61-90", "91-120", "over 120")
    assert DEFAULT_BUCKETS.uppers == (0, 30, 60, 90, 120)


@pytest.mark.parametrize(
    ("days", "label"),
    [(-400, "current"), (0, "current"), (1, "1-30"), (30, "1-30"), (31, "31-60"), (60, "31-60"),
     (61, "61-90"), (90, "61-90"), (91, "91-120"), (120, "91-120"), (121, "over 120"), (9999, "over 120")],
)  # fmt: skip
def test_upper_bounds_are_inclusive(days: int, label: str) -> None:
    assert DEFAULT_BUCKETS.bucket(days).label == label
    assert DEFAULT_BUCKETS.bucket(days).contains(days)


@given(aging_bounds, st.integers(-1000, 1000))
def test_every_day_lands_in_exactly_one_bucket(bounds: list[int], days: int) -> None:
    policy = buckets_from_bounds(bounds)
    holding = [bucket for bucket in policy.buckets if bucket.contains(days)]
    assert holding == [policy.bucket(days)]


@given(aging_bounds, st.integers(-1000, 1000), st.integers(0, 500))
def test_index_never_decreases_with_age(bounds: list[int], days: int, more: int) -> None:
    policy = buckets_from_bounds(bounds)
    assert policy.index(days) <= policy.index(days + more)


def test_labels_made_from_bounds() -> None:
    assert buckets_from_bounds([30, 60, 90]).labels == ("0-30", "31-60", "61-90", "over 90")
    assert buckets_from_bounds([-5, 10]).labels == ("<= -5", "-4-10", "over 10")
    assert buckets_from_bounds([]).labels == ("all",)
    custom = buckets_from_bounds([0, 90], ["not due", "due", "doubtful"], id="mine", version="2")
    assert (custom.labels, custom.id, custom.version) == (
        ("not due", "due", "doubtful"),
        "mine",
        "2",
    )


def test_position_and_starting_after() -> None:
    assert DEFAULT_BUCKETS.position("over 120") == 5
    assert DEFAULT_BUCKETS.starting_after(0) == (1, 2, 3, 4, 5)
    assert DEFAULT_BUCKETS.starting_after(120) == (5,)
    with pytest.raises(PolicyError, match="bucket"):
        DEFAULT_BUCKETS.position("1-15")
    with pytest.raises(PolicyError, match="days"):
        DEFAULT_BUCKETS.starting_after(45)


@pytest.mark.parametrize(
    ("buckets", "field"),
    [
        ((), "buckets"),
        (("current",), r"buckets\[0\]"),
        ((Bucket("a", 0, None),), r"buckets\[0\]\.lower"),
        ((Bucket("a", None, 5),), r"buckets\[0\]\.upper"),
        ((Bucket("a", None, None), Bucket("b", 1, None)), r"buckets\[0\]\.upper"),
        ((Bucket("a", None, 0), Bucket("b", 5, None)), r"buckets\[1\]\.lower"),
        ((Bucket("a", None, 10), Bucket("b", 5, None)), r"buckets\[1\]\.lower"),
        ((Bucket("a", None, 0), Bucket("b", 1, 0), Bucket("c", 1, None)), r"buckets\[1\]\.upper"),
        ((Bucket("a", None, 0), Bucket("a", 1, None)), r"buckets\[1\]\.label"),
        ((Bucket("", None, None),), r"buckets\[0\]\.label"),
        ((Bucket("a", None, 1.5), Bucket("b", 2, None)), r"buckets\[0\]\.upper"),  # type: ignore[arg-type]
        ((Bucket("a", None, True), Bucket("b", 2, None)), r"buckets\[0\]\.upper"),
    ],
)
def test_invalid_buckets_are_policy_errors(buckets: tuple[Bucket, ...], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        AgingBuckets(buckets)


def test_policy_identity_is_checked() -> None:
    with pytest.raises(PolicyError, match=r"policy\.id"):
        AgingBuckets(DEFAULT_BUCKETS.buckets, id="")
    with pytest.raises(PolicyError, match=r"policy\.version"):
        AgingBuckets(DEFAULT_BUCKETS.buckets, version="")


def test_bounds_must_increase_and_labels_fit() -> None:
    with pytest.raises(PolicyError, match=r"uppers\[1\]"):
        buckets_from_bounds([30, 30])
    with pytest.raises(PolicyError, match=r"uppers\[0\]"):
        buckets_from_bounds(["30"])  # type: ignore[list-item]
    with pytest.raises(PolicyError, match="labels"):
        buckets_from_bounds([30], ["a"])
    # Found in review: non-sequences raised TypeError, and a string was split into labels.
    with pytest.raises(PolicyError, match="uppers"):
        buckets_from_bounds(30)  # type: ignore[arg-type]
    with pytest.raises(PolicyError, match="labels"):
        buckets_from_bounds([0, 30], "abc")
    with pytest.raises(PolicyError, match="buckets"):
        AgingBuckets(5)  # type: ignore[arg-type]
    with pytest.raises(PolicyError, match="buckets"):
        AgingBuckets("current")  # type: ignore[arg-type]
    assert buckets_from_bounds((b for b in (0, 30)), iter(["now", "soon", "late"])).labels == (
        "now",
        "soon",
        "late",
    )


def test_buckets_are_plain_data_for_cattrs() -> None:
    import cattrs

    converter = cattrs.Converter()
    data = converter.unstructure(DEFAULT_BUCKETS)
    assert data["buckets"][0] == {"label": "current", "lower": None, "upper": 0}
    assert converter.structure(data, AgingBuckets) == DEFAULT_BUCKETS
    data["buckets"][1]["lower"] = 5
    with pytest.raises(cattrs.ClassValidationError) as caught:
        converter.structure(data, AgingBuckets)
    assert isinstance(caught.value.exceptions[0], PolicyError)
