"""Errors name the field, the value and what is accepted; the hierarchy holds."""

import pickle

import pytest

from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    MissingRateError,
    OverApplicationError,
    PolicyError,
    ReceivablesError,
    UnknownDocumentError,
    ValidationError,
)


def test_validation_error_carries_field_value_expected() -> None:
    error = ValidationError("invoice.amount", "-1", "a positive amount")
    assert (error.field, error.value, error.expected) == (
        "invoice.amount",
        "-1",
        "a positive amount",
    )
    assert str(error) == "invoice.amount: got '-1'; expected a positive amount"


def test_many_problems_reported_at_once() -> None:
    problems = [ValidationError("$.a", 1, "x"), ValidationError("$.b[2]", 2, "y")]
    error = ValidationError("$", {"a": 1}, "a valid record", problems=problems)
    assert error.problems == tuple(problems)
    assert "$.b[2]: got 2; expected y" in str(error)


@pytest.mark.parametrize(
    "error",
    [
        ValidationError("f", 1, "e"),
        PolicyError("policy.tiers", [], "at least one tier"),
        CurrencyMismatchError("add", "USD", "EUR"),
        MissingRateError("EUR", "USD", "2026-01-01"),
        OverApplicationError("INV-1", "10.00", "5.00"),
        UnknownDocumentError("invoice", "INV-9"),
        DuplicateDocumentError("payment", "P1"),
    ],
)
def test_every_error_is_a_receivables_error_and_a_value_error(error: ReceivablesError) -> None:
    assert isinstance(error, ReceivablesError)
    assert isinstance(error, ValueError)
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is type(error)
    assert str(clone) == str(error)


def test_currency_mismatch_is_also_a_type_error() -> None:
    assert isinstance(CurrencyMismatchError("add", "USD", "EUR"), TypeError)
