"""Invoice references in remittance text: keys, extraction, RF check digits, near matches."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.iso7064 import mod_97_10

from receivables.cashapp.references import (
    Reference,
    creditor_reference,
    digits_key,
    extract_references,
    invalid_creditor_references,
    near_references,
    reference_key,
    strip_accents,
)


@pytest.mark.parametrize(
    "written",
    [
        "INV-000123",
        "inv 123",
        "Inv.123",
        "INVOICE #123",
        "No. 0123",
        "FAC-123",
        "FACT 00123",
        "Fact. No. 123",
        "factura 123",
        "Nº 123",
        "#123",
        "0000123",
    ],
)
def test_normalised_forms_share_one_key(written: str) -> None:
    assert reference_key(written) == reference_key("INV-000123") == "123"


def test_key_keeps_letters_that_are_not_prefixes() -> None:
    assert reference_key("F002720") == "F002720"
    assert reference_key("INVERSIONES 12") == "INVERSIONES12"  # a word, not the INV prefix


def test_digits_key_is_what_a_payer_keeps() -> None:
    assert digits_key("F002720") == "2720"
    assert digits_key("001-0045") == "10045"


def test_accents_are_removed_and_case_raised() -> None:
    assert strip_accents("Ferretería Ñandú") == "FERRETERIA NANDU"


def test_several_references_in_spanish_free_text() -> None:
    found = extract_references("PAGO FACTURAS 1234, 1235 Y 1240")
    assert [r.key for r in found] == ["1234", "1235", "1240"]


def test_several_references_in_english_free_text() -> None:
    found = extract_references("Payment for invoices INV-77, INV-78 and inv 79. Thanks")
    assert [r.key for r in found] == ["77", "78", "79"]


def test_abono_fact_with_series() -> None:
    found = extract_references("abono fact 001-0045")
    assert [(r.text, r.key) for r in found] == [("001-0045", "10045")]


def test_compound_token_keeps_its_parts() -> None:
    (found,) = extract_references("INV 1234/1235")
    assert found.parts == ("1234", "1235")


def test_tokens_split_by_a_space_are_joined() -> None:
    found = extract_references("pago 001 0000145", min_length=3)
    assert found[0].joined == reference_key("001-0000145")


def test_short_tokens_are_dropped() -> None:
    assert extract_references("pago 5 de marzo", min_length=3) == ()


def test_words_without_digits_are_not_references() -> None:
    assert extract_references("PAGO PROVEEDOR TRANSFERENCIA") == ()


def test_rf_creditor_reference_with_valid_check_digits() -> None:
    # ISO 11649's own example: RF18 5390 0754 7034 (as in python-stdnum's documentation).
    assert creditor_reference("RF18 5390 0754 7034") == "539007547034"
    found = extract_references("pago RF18 5390 0754 7034 gracias")
    assert found[0].creditor
    assert found[0].key == "539007547034"


def test_rf_reference_with_wrong_check_digits_is_reported_not_used() -> None:
    assert creditor_reference("RF19 5390 0754 7034") is None
    assert invalid_creditor_references("RF19 5390 0754 7034") == ("RF19 5390 0754 7034",)
    assert all(not r.creditor for r in extract_references("RF19 5390 0754 7034"))


@given(st.text(alphabet="ABCDEFGH0123456789", min_size=1, max_size=20))
def test_any_rf_built_with_its_check_digits_is_found(body: str) -> None:
    reference = "RF" + mod_97_10.calc_check_digits(body + "RF") + body
    assert creditor_reference(reference) == body


def test_one_typo_is_near() -> None:
    assert near_references("20240145", ["20240146", "99999999"]) == ((0, "edit"),)


def test_transposed_digits_are_near() -> None:
    assert near_references("20240154", ["20240145"]) == ((0, "edit"),)


def test_truncated_reference_is_near() -> None:
    assert near_references("2024014", ["2024014599"]) == ((0, "truncated"),)


def test_short_keys_never_match_loosely() -> None:
    assert near_references("123", ["124", "1234"]) == ()


def test_reference_value() -> None:
    assert Reference("INV-1", "1").parts == ()


@given(st.text(max_size=60))
def test_extraction_never_fails_and_keys_are_clean(text: str) -> None:
    for reference in extract_references(text):
        assert reference.key == "" or reference.key.isalnum()
        assert not reference.key.startswith("0")


def test_a_bad_rf_reference_does_not_swallow_the_next_reference() -> None:
    text = "RF19 5390 0754 7034 INV 1234"
    assert invalid_creditor_references(text) == ("RF19 5390 0754 7034",)
    assert [r.key for r in extract_references(text, min_length=3)] == ["1234"]
    # Its own digit groups are never read as invoice numbers.
    assert extract_references("pago RF19 5390 0754 7034", min_length=3) == ()
