"""The one shared module of Hypothesis strategies; every new type joins here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from receivables.money import Money, from_minor

CURRENCIES = ("USD", "EUR", "COP", "MXN", "JPY", "CLP", "BHD", "KWD")

currencies = st.sampled_from(CURRENCIES)

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


def amounts(
    currency: str | None = None, *, min_units: int = -(10**12), max_units: int = 10**12
) -> st.SearchStrategy[Money]:
    """Money in ``currency`` (or any listed one) between the given minor units."""
    codes = st.just(currency) if currency else currencies
    return st.builds(from_minor, st.integers(min_units, max_units), codes)


def positive_amounts(
    currency: str | None = None, max_units: int = 10**10
) -> st.SearchStrategy[Money]:
    """Strictly positive Money."""
    return amounts(currency, min_units=1, max_units=max_units)


weights = st.lists(
    st.one_of(
        st.integers(0, 10**6),
        st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=4),
    ),
    min_size=1,
    max_size=30,
).filter(lambda ws: any(Decimal(w) > 0 for w in ws))


# --- cashapp ------------------------------------------------------------------------------

CASHAPP_CUSTOMERS = {"id": ["C1", "C2"], "name": ["Acme Holdings Inc", "Pacífico S.A."]}


@st.composite
def cashapp_cases(draw: st.DrawFn) -> tuple[dict[str, list[object]], dict[str, list[object]]]:
    """A small portfolio (payments columns, open-item columns) with colliding amounts on purpose."""
    n_items = draw(st.integers(1, 8))
    amount = st.one_of(st.sampled_from([100, 250, 500, 1000, 1250]), st.integers(1, 5000))
    opens = draw(st.lists(amount, min_size=n_items, max_size=n_items))
    owners = draw(st.lists(st.sampled_from(["C1", "C2"]), min_size=n_items, max_size=n_items))
    numbers = [f"INV-{i + 1:04d}" for i in range(n_items)]
    items: dict[str, list[object]] = {
        "number": numbers,
        "customer_id": owners,
        "open": opens,
        "currency": ["USD"] * n_items,
        "due_date": [
            dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 30)))
            for _ in range(n_items)
        ],
    }
    n_payments = draw(st.integers(1, 6))
    payments: dict[str, list[object]] = {
        k: []
        for k in (
            "id",
            "amount",
            "currency",
            "received_date",
            "payer_name",
            "remittance",
            "customer_id",
        )
    }
    for index in range(n_payments):
        picked = draw(st.lists(st.integers(0, n_items - 1), min_size=1, max_size=2, unique=True))
        kind = draw(st.sampled_from(["exact", "other", "short"]))
        value = sum(opens[i] for i in picked)
        if kind == "other":
            value = draw(st.integers(1, 6000))
        elif kind == "short":
            value = max(1, value - draw(st.integers(1, 60)))
        payments["id"].append(f"P{index}")
        payments["amount"].append(value)
        payments["currency"].append("USD")
        payments["received_date"].append(
            dt.date(2026, 2, 1) + dt.timedelta(days=draw(st.integers(0, 5)))
        )
        who = draw(st.sampled_from(["id", "name", "none"]))
        owner = owners[picked[0]]
        payments["customer_id"].append(owner if who == "id" else None)
        name = CASHAPP_CUSTOMERS["name"][CASHAPP_CUSTOMERS["id"].index(owner)]
        payments["payer_name"].append(name.upper() if who == "name" else "")
        with_reference = draw(st.booleans())
        payments["remittance"].append(
            " ".join(numbers[i] for i in picked) if with_reference else ""
        )
    return payments, items
