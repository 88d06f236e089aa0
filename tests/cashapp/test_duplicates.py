"""Duplicates: same payer, amount and reference within the window, flagged once."""

from typing import Any

import pytest

from receivables.cashapp.duplicates import duplicates, payer_key, remittance_key
from receivables.errors import ValidationError


def test_second_arrival_within_window_is_a_duplicate() -> None:
    found = duplicates(["C1", "C1"], [500, 500], ["USD", "USD"], [10, 12], ["INV-1", "INV-1"])
    assert found == (None, 0)


def test_outside_the_window_is_a_new_payment() -> None:
    found = duplicates(
        ["C1", "C1"], [500, 500], ["USD", "USD"], [10, 30], ["INV-1", "INV-1"], window_days=7
    )
    assert found == (None, None)


def test_a_different_amount_payer_currency_or_reference_is_not_a_duplicate() -> None:
    found = duplicates(
        ["C1", "C1", "C2", "C1", "C1"],
        [500, 501, 500, 500, 500],
        ["USD", "USD", "USD", "EUR", "USD"],
        [1, 1, 1, 1, 1],
        ["INV-1", "INV-1", "INV-1", "INV-1", "INV-2"],
    )
    assert found == (None, None, None, None, None)


def test_without_reference_not_flagged_unless_asked() -> None:
    args = (["C1", "C1"], [500, 500], ["USD", "USD"], [1, 2], ["", ""])
    assert duplicates(*args) == (None, None)
    assert duplicates(*args, needs_reference=False) == (None, 0)


def test_third_copy_points_at_the_original() -> None:
    found = duplicates(["C1"] * 3, [500] * 3, ["USD"] * 3, [1, 2, 3], ["X-1"] * 3)
    assert found == (None, 0, 0)


def test_order_must_be_processing_order() -> None:
    with pytest.raises(ValidationError, match=r"days\[1\].*processing order"):
        duplicates(["C1", "C1"], [1, 1], ["USD", "USD"], [5, 4], ["A", "A"])


def test_a_copy_within_the_window_of_the_latest_copy_is_still_a_duplicate() -> None:
    # Re-sent on days 0, 6 and 12: the third is 12 days after the original but 6
    # after the second copy; it is the same payment and must not be applied again.
    found = duplicates(["C1"] * 3, [500] * 3, ["USD"] * 3, [0, 6, 12], ["X-9"] * 3, window_days=7)
    assert found == (None, 0, 0)
    assert duplicates(["C1"] * 2, [500] * 2, ["USD"] * 2, [0, 8], ["X-9"] * 2) == (None, None)


def test_keys() -> None:
    assert remittance_key("Pago fact. 12") == remittance_key("PAGO FACT 12")
    assert payer_key(None, "es 12", "x") == "account:ES12"
    assert payer_key(None, None, "Acme Inc") == payer_key(None, None, "ACME")


def test_a_bare_copy_on_the_same_day_from_the_same_account_is_flagged() -> None:
    found = duplicates(
        ["account:ES12"] * 4,
        [500, 500, 500, 700],
        ["USD"] * 4,
        [3, 3, 3, 3],
        ["FACT 12", "TRX-2", "FACT 13", "TRX-4"],
        same_day=["ES12"] * 4,
        bare=[False, True, False, True],
    )
    # The bare copy repeats the first; a payment with its own remittance is not a copy,
    # and another amount is another payment.
    assert found == (None, 0, None, None)


@pytest.mark.parametrize("name", ["same_day", "bare"])
def test_same_day_inputs_need_one_value_per_payment(name: str) -> None:
    options: dict[str, Any] = {"same_day": ["ES12"] * 2, "bare": [True] * 2}
    options[name] = options[name][:1]
    with pytest.raises(ValidationError, match=name):
        duplicates(["p"] * 2, [1, 1], ["USD"] * 2, [0, 0], ["", ""], **options)
