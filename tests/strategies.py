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


# --- calendars ---------------------------------------------------------------------------

CALENDAR_COUNTRIES = ("CO", "US", "MX", "GB", "DE", "JP", "BR", "IN")

near_dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2032, 12, 31))
"""Dates a calendar test can cover without building decades of holidays."""


def business_calendars() -> st.SearchStrategy[object]:
    """A BusinessCalendar of one of a few countries, sometimes with a Friday/Saturday weekend."""
    from receivables.calendars import BusinessCalendar

    return st.builds(
        BusinessCalendar,
        st.sampled_from(CALENDAR_COUNTRIES),
        weekend=st.sampled_from([(5, 6), (4, 5), (6,)]),
    )


# --- terms -------------------------------------------------------------------------------


@st.composite
def term_lines(
    draw: st.DrawFn, value: str = "balance", *, amount: object = None, percent: object = None
) -> object:
    """A TermLine with any due-date rule (months, day of month, days, end of month...)."""
    from receivables.terms import TermLine

    end_of_month = draw(st.booleans())
    return TermLine(
        value=value,
        amount=amount,
        percent=percent,
        months=draw(st.integers(0, 14)),
        day_of_month=draw(st.none() | st.integers(1, 31)),
        days=draw(st.integers(0, 120)),
        end_of_month=end_of_month,
        days_after=draw(st.integers(0, 45)) if end_of_month else 0,
        day_of_next_month=None if end_of_month else draw(st.none() | st.integers(1, 31)),
    )


@st.composite
def payment_terms(draw: st.DrawFn, currency: str | None = None) -> object:
    """PaymentTerms of up to three percent lines, up to two fixed lines (when a currency is
    given) and the balance, in any order before the balance."""
    from receivables.terms import PaymentTerms

    percents = draw(
        st.lists(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal(50), places=2),
            max_size=3,
        ).filter(lambda ps: sum(ps, Decimal(0)) <= 100)
    )
    lines = [draw(term_lines("percent", percent=p)) for p in percents]
    if currency is not None:
        for units in draw(st.lists(st.integers(1, 10**6), max_size=2)):
            lines.append(draw(term_lines("fixed", amount=from_minor(units, currency))))
    lines = draw(st.permutations(lines)) if lines else []
    lines.append(draw(term_lines()))
    return PaymentTerms(id="generated", lines=lines)


# --- dunning -------------------------------------------------------------------------

DUNNING_AS_OF = dt.date(2026, 3, 2)


@st.composite
def dunning_accounts(draw: st.DrawFn, customer_id: str) -> object:
    """One dunning account for ``customer_id``: a few USD items, maybe disputes and steps."""
    from receivables.documents import Customer, Dispute, PromiseToPay
    from receivables.dunning import ContactAttempt, DunningAccount, DunningStep
    from receivables.ledger import ItemKind, OpenItem

    customer = Customer(
        id=customer_id,
        name=f"Customer {customer_id}",
        country=draw(st.sampled_from(("US", "CO", "DE"))),
        timezone=draw(st.sampled_from(("UTC", "America/Bogota", "Europe/Berlin"))),
        segment=draw(st.sampled_from(("default", "smb"))),
    )
    items = []
    for index in range(draw(st.integers(0, 4))):
        due = DUNNING_AS_OF - dt.timedelta(days=draw(st.integers(-30, 200)))
        units = draw(st.integers(-50_000, 500_000).filter(lambda u: u != 0))
        amount = from_minor(units, "USD")
        items.append(
            OpenItem(
                number=f"{customer_id}-{index}",
                customer_id=customer_id,
                kind=ItemKind.INVOICE if units > 0 else ItemKind.PAYMENT,
                document_date=due - dt.timedelta(days=30),
                due_date=due,
                original=amount,
                open=amount,
            )
        )
    disputes = [
        Dispute(
            id=f"D-{item.number}",
            customer_id=customer_id,
            invoice_number=item.number,
            opened_on=DUNNING_AS_OF - dt.timedelta(days=5),
        )
        for item in items
        if draw(st.booleans()) and draw(st.booleans())
    ]
    promises = []
    if draw(st.integers(0, 3)) == 0:
        promises.append(
            PromiseToPay(
                id=f"P-{customer_id}",
                customer_id=customer_id,
                amount=from_minor(10_000, "USD"),
                promised_date=DUNNING_AS_OF + dt.timedelta(days=draw(st.integers(-10, 10))),
                taken_on=DUNNING_AS_OF - dt.timedelta(days=15),
                taken_by="ana",
            )
        )
    steps = [
        DunningStep(level=level, action="email", on=DUNNING_AS_OF - dt.timedelta(days=days))
        for level, days in enumerate(
            sorted(draw(st.lists(st.integers(0, 60), max_size=3)), reverse=True), start=1
        )
    ]
    attempts = [
        ContactAttempt(on=DUNNING_AS_OF - dt.timedelta(days=days), action="call")
        for days in draw(st.lists(st.integers(0, 10), max_size=9))
    ]
    return DunningAccount(
        customer=customer,
        items=items,
        disputes=disputes,
        promises=promises,
        plan_status=draw(st.sampled_from((None, "current", "in_arrears", "completed"))),
        steps=steps,
        attempts=attempts,
        customer_value=Decimal(draw(st.integers(0, 10**6))),
    )


@st.composite
def dunning_portfolios(draw: st.DrawFn, max_size: int = 8) -> list[object]:
    """Accounts with distinct customer ids."""
    ids = draw(st.lists(st.integers(0, 999), unique=True, max_size=max_size))
    return [draw(dunning_accounts(f"C{number:03d}")) for number in ids]


# --- latecharges ---------------------------------------------------------------------


@st.composite
def overdue_items(draw: st.DrawFn, currency: str = "EUR") -> object:
    """An open invoice due some day in 2025, in ``currency``."""
    from receivables.ledger import ItemKind, OpenItem

    due = dt.date(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 364)))
    amount = from_minor(draw(st.integers(1, 10**9)), currency)
    return OpenItem(
        number=f"INV-{draw(st.integers(1, 10**6))}",
        customer_id="C1",
        kind=ItemKind.INVOICE,
        document_date=due - dt.timedelta(days=30),
        due_date=due,
        original=amount,
        open=amount,
    )
