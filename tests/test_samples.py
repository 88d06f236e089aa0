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
    [
        ("customers", {"customers": 0}),
        ("invoices_per_customer", {"invoices_per_customer": 0}),
        # found in review: these raised TypeError or were silently accepted
        ("customers", {"customers": True}),
        ("customers", {"customers": 2.5}),
        ("customers", {"customers": "3"}),
        ("invoices_per_customer", {"invoices_per_customer": "2"}),
        ("seed", {"seed": "x"}),
        ("seed", {"seed": False}),
        ("as_of", {"as_of": "2026-06-30"}),
        ("as_of", {"as_of": dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)}),
    ],
)
def test_bad_arguments_are_rejected(field: str, kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError, match=field):
        generate(**kwargs)  # type: ignore[arg-type]


def test_the_same_seed_gives_the_same_portfolio_and_day_under_any_hash_seed() -> None:
    """Set iteration order of strings depends on PYTHONHASHSEED; the sample and the demo must not."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = str(Path(__file__).resolve().parents[1] / "src")
    script = (
        "import hashlib; from receivables.samples import generate;"
        "from receivables.demo import render, run_day;"
        "print(hashlib.sha256(repr(generate(seed=7, customers=8)).encode()).hexdigest(),"
        " hashlib.sha256(render(run_day(customers=8)).encode()).hexdigest())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": src},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "2")
    }
    assert len(outputs) == 1
