"""The demo day: deterministic, and its figures tie out across engines."""

import datetime as dt

import pytest

from receivables.demo import DEMO_STRATEGY, render, run_day
from receivables.dunning import CollectionStrategy
from receivables.errors import ValidationError
from receivables.interop import structure, unstructure


@pytest.fixture(scope="module")
def day():  # type: ignore[no-untyped-def]
    return run_day(seed=11, customers=25)


def test_same_seed_same_day(day) -> None:  # type: ignore[no-untyped-def]
    assert run_day(seed=11, customers=25) == day


def test_figures_tie_out(day) -> None:  # type: ignore[no-untyped-def]
    assert sum(day.cash_outcomes.values()) == day.payments
    # The aging's outstanding equals the ledger's balance, and its buckets add up to it.
    assert day.aging_total == day.ledger_balance
    buckets = sum((m for m in day.aging_buckets.values()), day.aging_unapplied)
    assert buckets == day.aging_total
    # ADD = DSO - best possible DSO (CRF's definition).
    assert day.average_days_delinquent == day.dso_days - day.best_possible_dso_days
    # The sample always carries one unidentified deposit and one duplicate bank line.
    assert day.cash_outcomes["unidentified"] >= 1
    assert day.cash_outcomes["duplicate"] >= 1


def test_dunning_escalates_over_the_quarter(day) -> None:  # type: ignore[no-untyped-def]
    # After twelve weekly runs, today's steps go beyond the first reminder (a first run can
    # only send level 1), and every customer gets exactly one decision.
    assert sum(day.dunning_outcomes.values()) == day.customers
    assert set(day.dunning_actions) - {"email"}


def test_write_offs_are_small(day) -> None:  # type: ignore[no-untyped-def]
    assert day.written_off.amount <= 5 * day.write_offs


def test_render_names_every_step(day) -> None:  # type: ignore[no-untyped-def]
    text = render(day)
    for heading in (
        "Cash application",
        "Aging (USD",
        "Collection KPIs",
        "Payment plan",
        "Write-off review",
        "Dunning run",
    ):
        assert heading in text


def test_strategy_is_data_that_round_trips() -> None:
    strategy = structure(DEMO_STRATEGY, CollectionStrategy)
    assert structure(unstructure(strategy), CollectionStrategy) == strategy


def test_other_books_and_dates() -> None:
    cop = run_day(seed=3, customers=10, currency="COP", as_of=dt.date(2026, 3, 31))
    assert cop.aging_total.code == "COP"
    assert cop.aging_total == cop.ledger_balance


def test_bad_size_is_rejected() -> None:
    with pytest.raises(ValidationError, match="customers"):
        run_day(customers=0)


def test_progress_is_told_of_every_payment() -> None:
    ticks: list[int] = []
    summary = run_day(seed=5, customers=6, progress=ticks.append)
    assert sum(ticks) == summary.payments
    assert run_day(seed=5, customers=6) == summary  # progress changes nothing


def test_a_bad_currency_is_rejected() -> None:
    with pytest.raises(ValidationError, match="currency"):
        run_day(customers=3, currency="XYZ")
