"""Payment references we issue: published examples, both directions, bad layouts and bad keys."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cl import rut

from receivables.errors import PolicyError, ValidationError
from receivables.interop import structure, unstructure
from receivables.payment_references import (
    ALGORITMO_00,
    DepositLayout,
    ReferenceKind,
    ReferencePolicy,
    Scheme,
    VerificationOutcome,
    check_digit,
    issue,
    parse,
    recognise,
    verify,
)

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ISBN10 = DepositLayout(id="isbn10", algorithm="weighted", weights=range(2, 11), modulus=11, ten="X")
RUT = DepositLayout(id="rut", algorithm="weighted", weights=(2, 3, 4, 5, 6, 7), modulus=11, ten="K")
LUHN_AS_WEIGHTS = DepositLayout(id="luhn-w", algorithm="weighted", weights=(2, 1), digit_sum=True)


def _rf_check(body: str) -> str:
    """ISO 11649 §4 by hand: move RF00 to the end, letters to 10..35, 98 - (n mod 97)."""
    digits = "".join(str(int(char, 36)) for char in body + "RF00")
    return f"{98 - int(digits) % 97:02d}"


# --- published worked examples ---------------------------------------------------------


def test_the_iso_11649_example() -> None:
    # ISO 11649:2009 (and the EPC's guidance): 539007547034 -> RF18 5390 0754 7034.
    verdict = verify("RF18 5390 0754 7034")
    assert verdict.outcome is VerificationOutcome.VALID
    assert verdict.scheme is Scheme.RF
    assert (verdict.kind, verdict.key) == (None, "539007547034")
    assert verdict.reasons[0].code == "rf_reference_unmarked"


def test_an_invoice_rf_reference_carries_its_marker_and_hand_checked_digits() -> None:
    reference = issue("invoice", "INV-2026-0042")
    # body I + INV20260042; check digits by the standard's procedure, computed independently.
    assert reference.text == "RF" + _rf_check("IINV20260042") + "IINV20260042"
    assert reference.text == "RF20IINV20260042"
    assert reference.printed == "RF20 IINV 2026 0042"
    assert (reference.scheme, reference.kind, reference.key) == (
        Scheme.RF,
        ReferenceKind.INVOICE,
        "INV20260042",
    )
    assert reference.reasons[0].code == "rf_reference_issued"
    assert (reference.policy_id, reference.policy_version) == ("payment-references", "1")
    assert parse("rf20 iinv 2026 0042") == (ReferenceKind.INVOICE, "INV20260042")


def test_algoritmo_00_published_example() -> None:
    # BBVA México "Algoritmo 00 (1 dígito verificador)", reference 18000359700002387:
    # from the right, weights 2,1,2,1...; products over 9 add their digits:
    # 7*2=14->5, 8, 3*2=6, 2, 0, 0, 0, 0, 7*2=14->5, 9, 5*2=10->1, 3, 0, 0, 0, 8, 1*2=2
    # sum = 5+8+6+2+5+9+1+3+8+2 = 49; next ten 50 - 49 = 1.
    assert check_digit("18000359700002387") == "1"
    assert check_digit("18000359700002387", LUHN_AS_WEIGHTS) == "1"


def test_luhn_example_from_the_published_description() -> None:
    # Luhn (ISO/IEC 7812-1 annex B; Wikipedia "Luhn algorithm"): payload 7992739871 -> 3.
    # From the right doubled: 1*2=2, 7, 8*2=16->7, 9, 3*2=6, 7, 2*2=4, 9, 9*2=18->9, 7
    # sum = 2+7+7+9+6+7+4+9+9+7 = 67; (10 - 7) % 10 = 3.
    assert check_digit("7992739871") == "3"


def test_isbn10_as_a_weighted_mod_11_layout() -> None:
    # ISBN-10 0-306-40615-2 (Wikipedia "ISBN"): weights 10..2 from the left = 2..10 from the right.
    # 0*10+3*9+0*8+6*7+4*6+0*5+6*4+1*3+5*2 = 130; 130 mod 11 = 9; 11 - 9 = 2.
    assert check_digit("030640615", ISBN10) == "2"
    # 0-8044-2957-X: 0*10+8*9+0*8+4*7+4*6+2*5+9*4+5*3+7*2 = 199; 199 mod 11 = 1;
    # 11 - 1 = 10, printed X.
    assert check_digit("080442957", ISBN10) == "X"


@given(st.integers(1, 99_999_999))
def test_rut_layout_agrees_with_python_stdnum(number: int) -> None:
    digits = str(number)
    assert check_digit(digits, RUT) == rut.calc_check_digit(digits)


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_luhn_written_as_weights_agrees_with_stdnum(digits: str) -> None:
    assert check_digit(digits, LUHN_AS_WEIGHTS) == luhn.calc_check_digit(digits)
    assert check_digit(digits) == luhn.calc_check_digit(digits)


# --- deposit references ----------------------------------------------------------------


def test_a_padded_deposit_reference() -> None:
    policy = ReferencePolicy(deposit=DepositLayout(id="bank-x", width=6, max_length=20))
    reference = issue("customer", "0042", scheme="deposit", policy=policy)
    # marker 1 + 000042; Luhn from the right: 2*2=4, 4, 0, 0, 0, 0, 1*2=2 -> 10 -> check 0.
    assert reference.text == "10000420"
    assert (reference.key, reference.layout_id) == ("42", "bank-x")
    assert parse("1000 0420", policy=policy) == (ReferenceKind.CUSTOMER, "42")
    # one digit too many for the padded layout, whatever its check
    assert verify("100000420", policy=policy).reasons[0].code == "deposit_reference_malformed"
    verdict = verify("10000420", policy=policy)
    assert verdict.reasons[0].code == "deposit_reference_valid"
    assert verdict.reasons[0].data["layout"] == "bank-x"


def test_wrong_deposit_references_are_outcomes_with_reasons() -> None:
    assert verify("142175").reasons[0].code == "deposit_check_digit_wrong"
    assert verify("142175").reasons[0].data["expected"] == "4"
    # marker 3 is nobody's; 3 4 2 1 7 -> Luhn: 7*2=14->5, 1, 2*2=4, 4, 3*2=6 -> 20 -> check 0.
    assert verify("342170").reasons[0].code == "deposit_reference_unknown_marker"
    assert verify("1").reasons[0].code == "deposit_reference_malformed"
    assert verify("1" * 21).reasons[0].code == "deposit_reference_malformed"
    assert verify("PAGO FACT 12").reasons[0].code == "not_a_reference"
    assert verify("RF19 5390 0754 7034").reasons[0].code == "rf_check_digits_wrong"
    for text in ("142175", "342170", "1", "PAGO", "RF19539007547034"):
        verdict = verify(text)
        assert verdict.outcome is VerificationOutcome.INVALID
        assert (verdict.kind, verdict.key) == (None, None)
        with pytest.raises(ValidationError, match="a reference of ours"):
            parse(text)


def test_a_mod_11_layout_without_a_ten_refuses_keys_whose_check_is_ten() -> None:
    layout = DepositLayout(id="m11", algorithm="weighted", weights=range(2, 11), modulus=11)
    policy = ReferencePolicy(deposit=layout)
    # payload 1 + 23: from the right 3*2 + 2*3 + 1*4 = 16; 16 mod 11 = 5; 11 - 5 = 6.
    assert issue("customer", "23", scheme="deposit", policy=policy).text == "1236"
    # payload 1 + 04: 4*2 + 0*3 + 1*4 = 12; 12 mod 11 = 1; 11 - 1 = 10: no digit, refused.
    with pytest.raises(ValidationError, match="is not 10"):
        issue("customer", "04", scheme="deposit", policy=policy)
    assert verify("1040", policy=policy).reasons[0].code == "deposit_check_digit_wrong"


# --- properties ------------------------------------------------------------------------

keys_rf = st.text(alphabet=ALNUM, min_size=1, max_size=20)
keys_digits = st.text(alphabet="0123456789", min_size=1, max_size=18)
kinds = st.sampled_from(list(ReferenceKind))


@given(kinds, keys_rf, st.data())
def test_an_issued_rf_reference_verifies_and_any_single_digit_change_fails(
    kind: ReferenceKind, key: str, data: st.DataObject
) -> None:
    reference = issue(kind, key)
    assert parse(reference.text) == (kind, key)
    assert parse(reference.printed) == (kind, key)
    positions = [i for i, char in enumerate(reference.text) if char.isdigit()]
    position = data.draw(st.sampled_from(positions))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != reference.text[position]]))
    changed = reference.text[:position] + digit + reference.text[position + 1 :]
    assert verify(changed).outcome is VerificationOutcome.INVALID


@pytest.mark.parametrize("layout", [ALGORITMO_00, ISBN10, RUT, LUHN_AS_WEIGHTS])
@given(kind=kinds, key=keys_digits, data=st.data())
def test_an_issued_deposit_reference_verifies_and_any_single_digit_change_fails(
    layout: DepositLayout, kind: ReferenceKind, key: str, data: st.DataObject
) -> None:
    assert layout.catches_every_single_digit_error
    policy = ReferencePolicy(deposit=layout)
    reference = issue(kind, key, scheme="deposit", policy=policy)
    assert verify(reference.text, policy=policy).outcome is VerificationOutcome.VALID
    assert parse(reference.text, policy=policy) == (kind, key)
    positions = [i for i, char in enumerate(reference.text) if char.isdigit()]
    position = data.draw(st.sampled_from(positions))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != reference.text[position]]))
    changed = reference.text[:position] + digit + reference.text[position + 1 :]
    assert verify(changed, policy=policy).outcome is VerificationOutcome.INVALID


@given(st.text(max_size=40))
def test_verify_never_raises_on_text(text: str) -> None:
    verdict = verify(text)
    assert verdict.reasons
    assert (verdict.outcome is VerificationOutcome.VALID) == (verdict.key is not None)


def test_layouts_that_miss_single_digit_errors_say_so() -> None:
    # weight 5 sends 0 and 2 to the same residue mod 10 (0 and 10).
    assert not DepositLayout(
        id="w5", algorithm="weighted", weights=(5, 1)
    ).catches_every_single_digit_error
    # weight 2 without the digit sum: 0 and 5 both give 0 mod 10.
    assert not DepositLayout(
        id="w2", algorithm="weighted", weights=(2, 1)
    ).catches_every_single_digit_error
    # a check of 10 printed as 0 collides with a real 0.
    ten_as_zero = DepositLayout(id="z", algorithm="weighted", weights=(2, 3), modulus=11, ten="0")
    assert not ten_as_zero.catches_every_single_digit_error
    assert ISBN10.catches_every_single_digit_error
    assert RUT.catches_every_single_digit_error


# --- policies as data ------------------------------------------------------------------


def test_a_policy_builds_from_json_and_round_trips() -> None:
    data: dict[str, Any] = {
        "id": "refs-mx",
        "version": "2026-03",
        "rf_markers": {"customer": "CU", "invoice": "FV"},
        "deposit": {
            "id": "bank-mod11",
            "algorithm": "weighted",
            "weights": [2, 3, 4, 5, 6, 7],
            "modulus": 11,
            "ten": "K",
            "markers": {"invoice": "7"},
            "width": 8,
            "max_length": 12,
        },
    }
    policy = structure(data, ReferencePolicy)
    assert policy.deposit.weights == (2, 3, 4, 5, 6, 7)
    assert structure(unstructure(policy), ReferencePolicy) == policy
    reference = issue("invoice", "12345", scheme="deposit", policy=policy)
    # payload 7 00012345: from the right 5*2+4*3+3*4+2*5+1*6+0*7+0*2+0*3+7*4 = 78;
    # 78 mod 11 = 1; 11 - 1 = 10 -> K.
    assert reference.text == "700012345K"
    assert verify("700012345K", policy=policy).kind is ReferenceKind.INVOICE
    assert issue("customer", "9", policy=policy).text.startswith("RF")
    with pytest.raises(ValidationError, match="a kind the policy marks"):
        issue("customer", "9", scheme="deposit", policy=policy)
    with pytest.raises(ValidationError) as caught:
        structure({"deposit": {"modulus": 12, "algorithm": "crc"}}, ReferencePolicy)
    assert "deposit" in str(caught.value)


@pytest.mark.parametrize(
    ("fields", "field", "expected"),
    [
        ({"id": ""}, "policy.id", "non-empty"),
        ({"version": " "}, "policy.version", "non-empty"),
        ({"algorithm": "crc"}, "deposit_layout.algorithm", "'luhn' or 'weighted'"),
        ({"modulus": 12}, "deposit_layout.modulus", "10 or 11"),
        ({"modulus": True}, "deposit_layout.modulus", "10 or 11"),
        ({"weights": [2, 1]}, "deposit_layout.weights", "no weights for Luhn"),
        ({"modulus": 11}, "deposit_layout.modulus", "10 for Luhn"),
        ({"algorithm": "weighted"}, "deposit_layout.weights", "whole numbers of 1 or more"),
        ({"algorithm": "weighted", "weights": [2, 0]}, "deposit_layout.weights", "1 or more"),
        ({"algorithm": "weighted", "weights": [True]}, "deposit_layout.weights", "1 or more"),
        ({"algorithm": "weighted", "weights": "21"}, "deposit_layout.weights", "a list"),
        ({"ten": "X"}, "deposit_layout.ten", "modulus 11 only"),
        (
            {"algorithm": "weighted", "weights": [2], "modulus": 11, "ten": "XX"},
            "deposit_layout.ten",
            "one character",
        ),
        (
            {"algorithm": "weighted", "weights": [2], "modulus": 11, "ten": "x"},
            "deposit_layout.ten",
            "capital letter",
        ),
        ({"digit_sum": 1}, "deposit_layout.digit_sum", "a bool"),
        ({"complement": "yes"}, "deposit_layout.complement", "a bool"),
        ({"markers": {}}, "deposit_layout.markers", "a marker for"),
        ({"markers": ["1"]}, "markers", "a mapping"),
        ({"markers": {"order": "3"}}, "deposit_layout.markers.order", "'customer' or 'invoice'"),
        ({"markers": {"customer": "A"}}, "deposit_layout.markers.customer", "digits"),
        ({"markers": {"customer": ""}}, "deposit_layout.markers.customer", "digits"),
        (
            {"markers": {"customer": "1", "invoice": "22"}},
            "deposit_layout.markers",
            "one length",
        ),
        ({"markers": {"customer": "1", "invoice": "1"}}, "deposit_layout.markers", "distinct"),
        ({"width": -1}, "deposit_layout.width", "0 or more"),
        ({"max_length": "20"}, "deposit_layout.max_length", "0 or more"),
        ({"width": 8, "max_length": 9}, "deposit_layout.max_length", "10 or more"),
    ],
)
def test_bad_layouts_are_refused(fields: dict[str, Any], field: str, expected: str) -> None:
    with pytest.raises(PolicyError, match=expected) as caught:
        DepositLayout(**fields)
    assert caught.value.field == field


def test_bad_reference_policies_are_refused() -> None:
    with pytest.raises(PolicyError, match="capital letters"):
        ReferencePolicy(rf_markers={"customer": "c"})
    with pytest.raises(PolicyError, match="a DepositLayout"):
        ReferencePolicy(deposit={"id": "x"})  # type: ignore[arg-type]
    with pytest.raises(PolicyError, match=r"policy\.id"):
        ReferencePolicy(id="")


def test_bad_keys_and_arguments_are_refused() -> None:
    with pytest.raises(ValidationError, match="'customer' or 'invoice'"):
        issue("order", "1")
    with pytest.raises(ValidationError, match="'rf' or 'deposit'"):
        issue("invoice", "1", scheme="qr")
    with pytest.raises(ValidationError, match="a str: the customer id"):
        issue("invoice", 42)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="1 to 20 letters"):
        issue("invoice", "A" * 21)
    with pytest.raises(ValidationError, match="1 to 20 letters"):
        issue("invoice", "ÑANDÚ")
    with pytest.raises(ValidationError, match="1 to 20 letters"):
        issue("invoice", " - ")
    with pytest.raises(ValidationError, match="digits 0-9"):
        issue("invoice", "１２", scheme="deposit")  # full-width digits are not ASCII
    with pytest.raises(ValidationError, match="at most 20 characters"):
        issue("invoice", "1" * 19, scheme="deposit")
    padded = ReferencePolicy(deposit=DepositLayout(id="p", width=4, max_length=6))
    with pytest.raises(ValidationError, match="at most 4 digits"):
        issue("invoice", "12345", scheme="deposit", policy=padded)
    with pytest.raises(ValidationError, match="a ReferencePolicy"):
        issue("invoice", "1", policy={"id": "x"})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="a DepositLayout"):
        check_digit("12", layout="luhn")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="digits 0-9"):
        check_digit("")
    with pytest.raises(ValidationError, match="a str"):
        verify(42)  # type: ignore[arg-type]


def test_recognise_finds_our_references_in_remittance_text() -> None:
    text = "Pago rf20 iinv 2026 0042 FACT 45 ref cliente 142174 gracias"
    found = recognise(text)
    assert [(v.scheme, v.kind, v.key) for v in found] == [
        (Scheme.RF, ReferenceKind.INVOICE, "INV20260042"),
        (Scheme.DEPOSIT, ReferenceKind.CUSTOMER, "4217"),
    ]
    # someone else's RF reference (no marker of ours) and a wrong check are not returned
    assert recognise("RF18 5390 0754 7034 RF19 5390 0754 7034 142175") == ()
    # a padded layout reads only runs of its exact length
    padded = ReferencePolicy(deposit=DepositLayout(id="p", width=6, max_length=20))
    assert [v.key for v in recognise("10000420 100000420 142174", policy=padded)] == ["42"]
    # the same reference twice is returned once
    assert len(recognise("142174 y 142174")) == 1
    with pytest.raises(ValidationError, match="a str"):
        recognise(None)  # type: ignore[arg-type]


@given(kinds, keys_rf, keys_digits, st.text(alphabet=" ,;:PAGOREF", max_size=8))
def test_recognise_finds_every_issued_reference(
    kind: ReferenceKind, rf_key: str, deposit_key: str, glue: str
) -> None:
    rf = issue(kind, rf_key)
    deposit = issue(kind, deposit_key, scheme="deposit")
    text = f"PAGO {rf.printed}; {glue} {deposit.text} GRACIAS"
    found = recognise(text)
    assert found[0].scheme is Scheme.RF
    assert (found[0].kind, found[0].key) == (kind, rf.key)
    assert (Scheme.DEPOSIT, kind, deposit.key) in {(v.scheme, v.kind, v.key) for v in found}
    # no digits printed inside the RF reference are read as a deposit reference
    assert all(v.scheme is Scheme.RF or v.key == deposit.key for v in found)
