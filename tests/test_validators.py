"""The ground floor's field checks: what each accepts, and the error that names the field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.errors import PolicyError, ValidationError
from receivables.money import money
from receivables.validators import (
    DATE,
    check_date,
    check_decimal,
    check_identifier,
    check_items,
    check_money,
    check_whole,
    date,
    flag,
    identifier,
    is_whole,
    whole_number,
)


@attrs.frozen
class _Visit:
    day: dt.date = attrs.field(validator=date("visit"))
    calls: int = attrs.field(default=1, validator=whole_number("visit", 1))
    agent: str = attrs.field(default="ana", validator=identifier("visit", "an agent's name"))
    urgent: bool = attrs.field(default=False, validator=flag("visit"))


def test_is_whole_refuses_bools_and_floats() -> None:
    assert is_whole(0)
    assert is_whole(-3)
    assert not is_whole(True)
    assert not is_whole(1.0)
    assert not is_whole("1")


@given(st.dates())
def test_check_date_returns_any_date(day: dt.date) -> None:
    assert check_date("as_of", day) is day


@pytest.mark.parametrize(
    "bad", [dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "2026-01-01", None, 20260101]
)
def test_check_date_names_the_field_and_what_is_accepted(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        check_date("as_of", bad)
    assert (caught.value.field, caught.value.value, caught.value.expected) == ("as_of", bad, DATE)


def test_check_date_keeps_a_callers_wording() -> None:
    with pytest.raises(ValidationError, match="not a datetime or a string"):
        check_date("day", "x", expected="a datetime.date (not a datetime or a string)")


def test_check_whole_bounds() -> None:
    assert check_whole("n", 0) == 0
    assert check_whole("n", 31, 1, 31) == 31
    with pytest.raises(ValidationError, match=r"^n: got -1; expected a whole number, 0 or more$"):
        check_whole("n", -1)
    with pytest.raises(ValidationError, match="from 1 to 31"):
        check_whole("n", 0, 1, 31)
    with pytest.raises(PolicyError, match="days, please"):
        check_whole("n", True, expected="days, please", error=PolicyError)


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_check_decimal_round_trips_a_finite_decimal(number: Decimal) -> None:
    assert check_decimal("rate", number) == number
    assert check_decimal("rate", str(number)) == number


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (1.5, "an int, str or Decimal (never float)"),
        (True, "an int, str or Decimal (never float)"),
        ("eight", "a decimal number such as '8.5'"),
        ("Infinity", "a finite number"),
        (Decimal("NaN"), "a finite number"),
    ],
)
def test_check_decimal_errors(bad: object, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_decimal("rate", bad)
    assert caught.value.expected == expected


def test_check_decimal_raises_the_error_asked_for() -> None:
    with pytest.raises(PolicyError):
        check_decimal("rate", 1.5, error=PolicyError)


def test_check_money() -> None:
    assert check_money("fee", money("0", "USD"), positive=False) == money("0", "USD")
    with pytest.raises(ValidationError, match=r"a receivables\.money\.Money"):
        check_money("fee", Decimal(1), positive=False)
    with pytest.raises(ValidationError, match="an amount of zero or more"):
        check_money("fee", money("-1", "USD"), positive=False)
    with pytest.raises(ValidationError, match="a positive amount"):
        check_money("fee", money("0", "USD"), positive=True)


def test_check_identifier() -> None:
    assert check_identifier("id", "PP-1") == "PP-1"
    for bad in ("", "   ", None, 7):
        with pytest.raises(ValidationError, match="a non-empty string identifier"):
            check_identifier("id", bad)


def test_factories_name_owner_and_field() -> None:
    assert _Visit(dt.date(2026, 1, 5), 2, "bo", True).calls == 2
    with pytest.raises(ValidationError, match=r"^visit\.day: "):
        _Visit(dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    with pytest.raises(
        PolicyError, match=r"^visit\.calls: got 0; expected a whole number, 1 or more"
    ):
        _Visit(dt.date(2026, 1, 5), 0)
    with pytest.raises(ValidationError, match=r"^visit\.agent: got ''; expected an agent's name"):
        _Visit(dt.date(2026, 1, 5), agent="")
    with pytest.raises(PolicyError, match=r"^visit\.urgent: got 1; expected a bool"):
        _Visit(dt.date(2026, 1, 5), urgent=1)


def test_factories_compose_with_attrs_combinators() -> None:
    @attrs.frozen
    class Window:
        end: dt.date | None = attrs.field(
            default=None, validator=attrs.validators.optional(date("window"))
        )

    assert Window().end is None
    with pytest.raises(ValidationError, match=r"^window\.end"):
        Window("soon")


@given(st.lists(st.integers(), max_size=5))
def test_check_items_keeps_the_items_in_order(values: list[int]) -> None:
    assert check_items("lines", values) == tuple(values)
    assert check_items("lines", iter(values)) == tuple(values)


@pytest.mark.parametrize("value", [None, 5, "ab", b"ab", {"a": 1}, object()])
def test_check_items_refuses_what_is_not_a_collection(value: object) -> None:
    with pytest.raises(ValidationError, match=r"^lines: got .*; expected a list or tuple$"):
        check_items("lines", value)
    with pytest.raises(PolicyError, match=r"^policy.tiers: got .*; expected tiers$"):
        check_items("policy.tiers", value, expected="tiers", error=PolicyError)


@pytest.mark.parametrize("error", [None, ValueError, "ValidationError", int])
def test_every_check_refuses_an_error_that_is_not_a_validation_error(error: object) -> None:
    expected = r"^error: got .*; expected ValidationError or a subclass such as PolicyError$"
    calls = [
        lambda: check_whole("n", 1, error=error),  # type: ignore[arg-type]
        lambda: check_decimal("n", "1", error=error),  # type: ignore[arg-type]
        lambda: check_identifier("n", "x", error=error),  # type: ignore[arg-type]
        lambda: check_items("n", [], error=error),  # type: ignore[arg-type]
        lambda: check_money("n", money("1", "USD"), positive=True, error=error),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(ValidationError, match=expected):
            call()


def test_check_whole_names_bad_bounds() -> None:
    with pytest.raises(ValidationError, match=r"^low: got '1'; expected a whole number$"):
        check_whole("n", 3, "1")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^high: got 2.5; expected a whole number or None$"):
        check_whole("n", 3, 0, 2.5)  # type: ignore[arg-type]
