"""An invoice number written exactly names its item, however short its reference key.

``reference_key("INV-00003")`` is ``"3"``: shorter than
``MatchPolicy.reference_min_length`` (3), so before this fix an exact
``INV-00003`` in a remittance named nothing and the payment fell to amount
matching (issue 19). A token equal to an open item's full number (upper
case, spaces, dashes, dots and slashes removed) counts regardless.
"""

from __future__ import annotations

import datetime as dt

import pytest

from receivables.cashapp.matching import match
from receivables.cashapp.references import exact_key, extract_references
from receivables.documents import Customer, Invoice, Payment
from receivables.errors import ValidationError
from receivables.money import money

AS_OF = dt.date(2026, 3, 2)


def _invoice(number: str, amount: str) -> Invoice:
    return Invoice(
        number=number,
        customer_id="C1",
        issue_date=dt.date(2026, 1, 5),
        due_date=dt.date(2026, 2, 4),
        amount=money(amount, "USD"),
    )


def _pay(remittance: str, amount: str = "100.00") -> Payment:
    return Payment(
        id="P1",
        amount=money(amount, "USD"),
        received_date=dt.date(2026, 2, 20),
        customer_id="C1",
        remittance=remittance,
    )


def test_a_short_key_written_exactly_is_kept_when_asked() -> None:
    assert extract_references("paid INV-00003", min_length=3) == ()
    kept = extract_references("paid INV-00003", min_length=3, exact=frozenset({"INV00003"}))
    assert [(r.text, r.key) for r in kept] == [("INV-00003", "3")]


def test_an_exact_short_invoice_number_names_its_item() -> None:
    # Two items of the same amount: only the reference can say which one is paid.
    invoices = [_invoice("INV-00003", "100.00"), _invoice("INV-00004", "100.00")]
    result = match(
        [_pay("payment INV-00004")],
        invoices,
        customers=[Customer(id="C1", name="Acme")],
        as_of=AS_OF,
    )
    decision = result.decisions[0]
    assert decision.outcome.value == "applied"
    assert [line.item for line in decision.lines] == ["INV-00004"]
    assert "reference_exact" in [reason.code for reason in decision.reasons]


def test_a_short_number_not_written_exactly_still_names_nothing() -> None:
    # "4" alone is not the full number INV-00004: two equal amounts stay a proposal.
    invoices = [_invoice("INV-00003", "100.00"), _invoice("INV-00004", "100.00")]
    result = match(
        [_pay("payment 4")], invoices, customers=[Customer(id="C1", name="Acme")], as_of=AS_OF
    )
    decision = result.decisions[0]
    assert decision.outcome.value == "proposed"
    assert "reference_exact" not in [reason.code for reason in decision.reasons]


def test_dots_slashes_and_case_do_not_matter_for_an_exact_number() -> None:
    invoices = [_invoice("FV/2", "100.00"), _invoice("FV/7", "100.00")]
    result = match(
        [_pay("pago fv.7")], invoices, customers=[Customer(id="C1", name="Acme")], as_of=AS_OF
    )
    assert [line.item for line in result.decisions[0].lines] == ["FV/7"]


def test_exact_key_refuses_what_is_not_text() -> None:
    with pytest.raises(ValidationError, match=r"exact_key\.text"):
        exact_key(None)  # type: ignore[arg-type]
