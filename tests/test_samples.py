"""The sample portfolio: seeded, valid, and shaped like a real month."""

import datetime as dt

import pytest

from receivables.errors import ValidationError
from receivables.samples import generate


def test_same_seed_same_portfolio_other_seed_other_portfolio() -> None:
    assert generate(seed=1, customers=10) == generate(seed=1, customers=10)
    assert generate(seed=1, customers=10) != generate(seed=2, customers=10)


def test_documents_are_consistent() -> None:
    portfolio = generate(seed=3, customers=30, as_of=dt.date(2026, 3, 31))
    ids = {c.id for c in portfolio.customers}
    numbers = [i.number for i in portfolio.invoices]
    assert len(numbers) == len(set(numbers))
    assert all(i.customer_id in ids for i in portfolio.invoices)
    assert all(i.issue_date <= portfolio.as_of for i in portfolio.invoices)
    assert all(p.received_date <= portfolio.as_of for p in portfolio.payments)
    currencies = {c.id: c.currency for c in portfolio.customers}
    assert all(i.currency == currencies[i.customer_id] for i in portfolio.invoices)
    # The noise cash application must face is there: free-text references and a duplicate.
    assert any(p.remittance.startswith("PAGO FACTURAS") for p in portfolio.payments)
    lines = [(p.payer_name, p.amount, p.remittance) for p in portfolio.payments]
    assert len(lines) > len(set(lines))


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [("customers", {"customers": 0}), ("invoices_per_customer", {"invoices_per_customer": 0})],
)
def test_sizes_must_be_positive(field: str, kwargs: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match=field):
        generate(**kwargs)
