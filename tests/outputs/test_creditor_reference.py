"""ISO 11649 RF references: the standard's example, an independent check, and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.errors import ValidationError
from receivables.outputs.creditor_reference import (
    MAX_LENGTH,
    creditor_reference,
    is_valid,
    printed,
    statement_reference,
)


def _check_digits(body: str) -> str:
    """ISO 11649 §4 by hand: move RF00 to the end, letters to 10..35, 98 - (n mod 97)."""
    digits = "".join(str(int(char, 36)) for char in body + "RF00")
    return f"{98 - int(digits) % 97:02d}"


def test_the_standards_example() -> None:
    # ISO 11649:2009 example (also on the European Payments Council's and Wikipedia's pages):
    # creditor reference 539007547034 -> RF18 5390 0754 7034.
    assert creditor_reference("539007547034") == "RF18539007547034"
    assert printed("RF18539007547034") == "RF18 5390 0754 7034"
    assert is_valid("RF18 5390 0754 7034")


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=MAX_LENGTH))
def test_check_digits_agree_with_a_hand_written_mod_97(body: str) -> None:
    reference = creditor_reference(body)
    assert reference == "RF" + _check_digits(body) + body
    assert is_valid(reference)
    wrong = f"RF{(int(reference[2:4]) + 1) % 100:02d}{body}"
    assert not is_valid(wrong)


def test_statement_references_carry_the_customer_and_month() -> None:
    reference = statement_reference("C-1001", dt.date(2026, 3, 31))
    assert reference.endswith("C1001202603")
    assert reference == "RF" + _check_digits("C1001202603") + "C1001202603"


@pytest.mark.parametrize("bad", ["", "ÑANDÚ", "A" * 22, "INV#1"])
def test_bad_references_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError, match="1 to 21 letters"):
        creditor_reference(bad)


def test_other_bad_input() -> None:
    with pytest.raises(ValidationError, match="a str of letters"):
        creditor_reference(539007547034)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="period_end"):
        statement_reference("C1", dt.datetime(2026, 3, 31, tzinfo=dt.UTC))
    with pytest.raises(ValidationError, match="customer_id"):
        statement_reference(1, dt.date(2026, 3, 31))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="valid ISO 11649"):
        printed("RF19539007547034")
    assert not is_valid(None)  # type: ignore[arg-type]
    assert not is_valid("XX18539007547034")
