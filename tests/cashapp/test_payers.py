"""Who paid: name keys insensitive to case, accents, legal forms and word order; the index."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from receivables.cashapp.payers import LEGAL_FORMS, PayerIndex, name_key, name_tokens


@pytest.mark.parametrize(
    ("legal", "plain"),
    [
        ("Ferretería El Tornillo S.A.", "Ferreteria El Tornillo"),
        ("Ferretería El Tornillo S.A.S.", "FERRETERIA EL TORNILLO"),
        ("Comercial Andina Ltda.", "comercial andina"),
        ("Grupo Norte S. de R.L.", "GRUPO NORTE"),
        ("Grupo Norte S. de R.L. de C.V.", "Grupo Norte"),
        ("Acme Inc.", "ACME"),
        ("Acme, LLC", "acme"),
        ("Müller Maschinen GmbH", "MULLER MASCHINEN"),
        ("Harbor Foods Ltd", "Harbor Foods"),
    ],
)
def test_legal_forms_case_and_accents_do_not_count(legal: str, plain: str) -> None:
    assert name_key(legal) == name_key(plain)


def test_word_order_does_not_count() -> None:
    assert name_key("Tornillo, Ferretería El") == name_key("Ferretería El Tornillo S.A.S.")


def test_a_name_that_is_only_a_legal_form_keeps_its_words() -> None:
    assert name_tokens("S.A.") == ("SA",)


def test_legal_forms_listed_longest_first() -> None:
    lengths = [len(form) for form in LEGAL_FORMS]
    assert lengths == sorted(lengths, reverse=True)


@pytest.fixture
def index() -> PayerIndex:
    return PayerIndex(
        ["C1", "C2", "C3"],
        ["Ferretería El Tornillo S.A.S.", "Acme Holdings Inc", "Comercial Andina Ltda"],
        aliases=[("El Tornillo",), (), ()],
        bank_accounts=[("ES12 3456",), ("US99",), ("US99",)],
    )


def test_bank_account_ignores_spaces_and_case(index: PayerIndex) -> None:
    assert index.by_account("es123456") == (0,)
    assert index.by_account("US99") == (1, 2)  # shared: ambiguous, both returned
    assert index.by_account(None) == ()


def test_exact_name_and_alias(index: PayerIndex) -> None:
    assert index.by_name("FERRETERIA EL TORNILLO SAS") == (0,)
    assert index.by_name("el tornillo") == (0,)
    assert index.by_name("") == ()


def test_fuzzy_finds_a_typo_and_ranks(index: PayerIndex) -> None:
    (ranked,) = index.fuzzy(["ACME HOLDNGS INC"], limit=2, workers=1)
    assert ranked[0][0] == 1
    assert ranked[0][1] >= 90


def test_fuzzy_below_cutoff_finds_nothing(index: PayerIndex) -> None:
    assert index.fuzzy(["ZZZZ QQQQ"], score_cutoff=60, workers=1) == [[]]


def test_fuzzy_over_an_empty_index() -> None:
    assert PayerIndex([], []).fuzzy(["ACME"]) == [[]]


def test_score_of_one_customer(index: PayerIndex) -> None:
    assert index.score(name_key("Comercial Andina"), 2) == 100


@given(st.text(max_size=40))
@example("SA:DE:CV")  # only legal forms: sorted, the key parsed as "CV DE" + "SA" (issue 12)
@example("S.A. de C.V.")
def test_name_key_is_idempotent(name: str) -> None:
    key = name_key(name)
    assert name_key(key) == key or not key
