"""Document-number keys shared by cash application and account reconciliation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.cashapp import references
from receivables.numbering import digits_key, reference_key, strip_accents


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("FV-0005230", "5230"),
        ("fv 5230", "5230"),
        ("Fact. No. 0005230", "5230"),
        ("FV5230", "5230"),
        ("5230", "5230"),
        ("N° 0005230", "5230"),
        ("INV/2026/0001", "20260001"),
        ("Factura Nro. 001-0045", "10045"),
        ("", ""),
        ("N° 0", ""),
    ],
)
def test_a_number_as_the_customer_writes_it_has_our_key(written: str, key: str) -> None:
    assert reference_key(written) == key


def test_accents_and_case_do_not_count() -> None:
    assert strip_accents("Facturación Ñ") == "FACTURACION N"
    assert reference_key("factúra 77") == reference_key("FACTURA 77") == "77"


def test_digits_key_keeps_only_digits_without_leading_zeros() -> None:
    assert digits_key("FV-2026-0005230") == "20260005230"
    assert digits_key("ABC") == ""


def test_cash_application_uses_the_same_functions() -> None:
    # moved here from cashapp.references; its names are unchanged
    assert references.reference_key is reference_key
    assert references.strip_accents is strip_accents
    assert references.digits_key is digits_key


@given(st.text(max_size=30))
def test_the_key_is_idempotent_and_plain(text: str) -> None:
    key = reference_key(text)
    assert key == reference_key(key)
    assert all(c.isascii() and (c.isupper() or c.isdigit()) for c in key)
    assert not key.startswith("0")
