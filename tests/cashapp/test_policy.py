"""MatchPolicy: defaults, tolerances in minor units, and every validation rule."""

import re
from decimal import Decimal

import attrs
import pytest

from receivables.cashapp.policy import MatchPolicy
from receivables.errors import PolicyError


def test_defaults_are_valid_and_identified() -> None:
    policy = MatchPolicy()
    assert (policy.id, policy.version) == ("cash-application", "1")


def test_write_off_is_the_smaller_of_amount_and_percent() -> None:
    policy = MatchPolicy(write_off_amount=Decimal("1.00"), write_off_percent=Decimal("0.5"))
    assert policy.write_off_units(100_000, 2) == 100  # 1.00 < 0.5 % of 1,000.00
    assert policy.write_off_units(10_000, 2) == 50  # 0.5 % of 100.00 < 1.00


def test_units_follow_currency_digits() -> None:
    policy = MatchPolicy(bank_fee_amount=Decimal("25"))
    assert policy.bank_fee_units(0) == 25  # JPY
    assert policy.bank_fee_units(3) == 25_000  # BHD


def test_strings_and_ints_become_decimals() -> None:
    policy = MatchPolicy(write_off_amount="2.5", deduction_amount=10)  # type: ignore[arg-type]
    assert policy.write_off_amount == Decimal("2.5")
    assert policy.deduction_amount == Decimal(10)


def test_round_trips_through_a_plain_dict() -> None:
    policy = MatchPolicy(name_threshold=90)
    data = attrs.asdict(policy)
    assert MatchPolicy(**data) == policy


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", ""),
        ("version", " "),
        ("write_off_amount", Decimal("-1")),
        ("write_off_amount", 1.5),
        ("bank_fee_amount", Decimal("NaN")),
        ("deduction_amount", Decimal("-0.01")),
        ("overpayment_amount", Decimal("-5")),
        ("write_off_percent", Decimal("101")),
        ("deduction_percent", Decimal("-1")),
        ("overpayment_percent", Decimal("100.5")),
        ("fx_percent", Decimal("-2")),
        ("auto_apply_confidence", Decimal("1.5")),
        ("reference_weight", Decimal("2")),
        ("amount_weight", Decimal("-0.1")),
        ("age_weight", Decimal("1.1")),
        ("name_threshold", 0),
        ("name_threshold", 101),
        ("name_margin", -1),
        ("suggestion_threshold", 0),
        ("reference_name_threshold", 101),
        ("max_items", 0),
        ("max_items", 9),
        ("max_items", True),
        ("max_search_items", 65),
        ("max_work", 10),
        ("max_alternatives", 0),
        ("reference_min_length", 0),
        ("fuzzy_reference_min_length", 1),
        ("reference_max_edits", 3),
        ("duplicate_window_days", -1),
        ("duplicate_needs_reference", "yes"),
        ("workers", 0),
        ("workers", -2),
    ],
)
def test_every_bad_field_is_named(field: str, value: object) -> None:
    name = "policy" if field in ("id", "version") else f"match_policy.{field}"
    with pytest.raises(PolicyError, match=re.escape(name)):
        MatchPolicy(**{field: value})  # type: ignore[arg-type]


def test_weights_must_sum_to_one() -> None:
    with pytest.raises(PolicyError, match=r"match_policy\.weights"):
        MatchPolicy(reference_weight=Decimal("0.5"))


def test_suggestions_cannot_need_more_than_a_match() -> None:
    with pytest.raises(PolicyError, match=r"match_policy\.suggestion_threshold"):
        MatchPolicy(name_threshold=70, suggestion_threshold=80)
