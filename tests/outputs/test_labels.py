"""Every outcome, action and status the outputs show has its words in Spanish and English."""

from __future__ import annotations

import pytest

from receivables.cashapp import DifferenceAction, MatchOutcome
from receivables.dunning import Action, Outcome, PromiseStatus
from receivables.errors import ValidationError
from receivables.outputs.labels import LANGUAGES, bucket_words, language, words, yes_no
from receivables.statements import LineKind


def test_both_languages_have_the_same_keys_and_no_empty_words() -> None:
    english, spanish = words("en_US"), words("es_CO")
    assert set(english) == set(spanish)
    assert all(english.values())
    assert all(spanish.values())
    assert sorted({language(loc) for loc in ("en_US", "es_MX")}) == list(LANGUAGES)


@pytest.mark.parametrize(
    ("prefix", "members"),
    [
        ("outcome_", MatchOutcome),
        ("difference_", DifferenceAction),
        ("dunning_", Outcome),
        ("action_", Action),
        ("promise_", PromiseStatus),
        ("line_", LineKind),
    ],
)
def test_every_engine_value_has_words(prefix: str, members: type) -> None:
    for locale in ("en_US", "es_CO"):
        table = words(locale)
        for member in members:  # type: ignore[attr-defined]
            assert f"{prefix}{member.value}" in table, (locale, member)


def test_spanish_for_every_spanish_locale() -> None:
    assert {words(loc)["customer"] for loc in ("es_CO", "es_MX", "es_PA", "es_PR")} == {"Cliente"}
    assert words("en_US")["customer"] == "Customer"
    assert words("pt_BR")["customer"] == "Customer"  # not translated: English


def test_bucket_words() -> None:
    assert bucket_words("current", None, 0, "en_US") == "Current"
    assert bucket_words("up to 5", None, 5, "en_US") == "up to 5"
    assert bucket_words("91-120", 91, 120, "es_PR") == "91-120 días"
    assert bucket_words("over 90", 91, None, "en_US") == "Over 90 days"


def test_yes_no_and_unknown_locales() -> None:
    assert (yes_no(True, "es_MX"), yes_no(True, "en_US")) == ("Sí", "Yes")
    with pytest.raises(ValidationError, match="locale"):
        words("xx_YY")
    with pytest.raises(TypeError):
        words("en_US")["customer"] = "Client"  # type: ignore[index]
