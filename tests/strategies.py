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


# --- documents ------------------------------------------------------------------------
# Valid documents of receivables.documents (and the open items and journal entries built
# from them), for properties that must hold for any document: JSON round trips,
# construction from random valid inputs.

import string  # noqa: E402

from receivables.decisions import Reason  # noqa: E402
from receivables.documents import (  # noqa: E402
    Adjustment,
    AdjustmentKind,
    Application,
    CreditNote,
    Customer,
    CustomerStatus,
    Direction,
    Discount,
    Dispute,
    Invoice,
    InvoiceKind,
    Payment,
    PaymentMethod,
    PromiseToPay,
    RemittanceLine,
    Reversal,
    ReversalKind,
    SourceKind,
)
from receivables.journal import STANDARD_ROLES, AccountMap, JournalEntry, entry  # noqa: E402
from receivables.ledger import ItemKind, OpenItem  # noqa: E402
from receivables.money import allocate, to_minor  # noqa: E402

texts = st.text(st.characters(codec="utf-8"), max_size=24)
"""Free text (remittance lines, memos): any Unicode, Spanish and CJK included."""

identifiers = st.text(st.characters(codec="utf-8"), min_size=1, max_size=16).filter(
    lambda text: bool(text.strip())
)
"""Document numbers and ids: non-empty, not only spaces."""

reason_codes = st.from_regex(r"\A[a-z][a-z0-9_]{0,20}\Z")

json_scalars = st.none() | st.booleans() | st.integers(-(10**9), 10**9) | texts
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
"""Values a JSON document can hold, floats excepted (the library never uses them)."""

reasons = st.builds(
    Reason, reason_codes, texts, st.dictionaries(st.text(max_size=8), json_values, max_size=3)
)


def _after(start: dt.date, days: int = 400) -> st.SearchStrategy[dt.date]:
    return st.integers(0, days).map(lambda n: start + dt.timedelta(days=n))


customers = st.builds(
    Customer,
    id=identifiers,
    name=identifiers,
    country=st.sampled_from(["US", "CO", "MX", "JP", "BH", "ES"]),
    currency=currencies,
    locale=st.sampled_from(["en_US", "es_CO", "es_MX", "ja_JP"]),
    status=st.sampled_from(CustomerStatus),
    risk_class=identifiers,
    segment=identifiers,
    bank_accounts=st.lists(identifiers, max_size=3).map(tuple),
    aliases=st.lists(identifiers, max_size=3).map(tuple),
    tax_id=st.none() | identifiers,
    credit_limit=st.none() | amounts(min_units=0, max_units=10**10),
    timezone=st.sampled_from(["UTC", "America/Bogota", "Asia/Tokyo"]),
)


@st.composite
def invoices(draw: st.DrawFn, currency: str | None = None) -> Invoice:
    """A valid invoice or debit note, sometimes with early-payment discounts."""
    code = draw(st.just(currency) if currency else currencies)
    amount = draw(positive_amounts(code))
    issue = draw(dates)
    units = to_minor(amount)
    discounts: list[Discount] = []
    if units > 1:
        discounts = draw(
            st.lists(
                st.builds(
                    Discount,
                    amount=amounts(code, min_units=1, max_units=units - 1),
                    until=_after(issue, 60),
                ),
                max_size=2,
            )
        )
    return Invoice(
        number=draw(identifiers),
        customer_id=draw(identifiers),
        issue_date=issue,
        due_date=draw(_after(issue, 120)),
        amount=amount,
        kind=draw(st.sampled_from(InvoiceKind)),
        reference=draw(st.none() | identifiers),
        discounts=discounts,
    )


credit_notes = st.builds(
    CreditNote,
    number=identifiers,
    customer_id=identifiers,
    issue_date=dates,
    amount=positive_amounts(),
    against=st.none() | identifiers,
    reason=texts,
)


@st.composite
def remittance_lines(draw: st.DrawFn, currency: str | None = None) -> RemittanceLine:
    """A structured remittance line in ``currency``: paid, discount and adjustment or not."""
    code = currency or draw(currencies)
    return RemittanceLine(
        document_number=draw(identifiers),
        amount_paid=draw(st.none() | amounts(code, min_units=-(10**8), max_units=10**10)),
        discount=draw(st.none() | positive_amounts(code)),
        adjustment=draw(st.none() | amounts(code, min_units=-(10**8), max_units=10**8)),
        adjustment_reason=draw(st.sampled_from(["", "CS", "01", "DAMAGED"])),
        reference_kind=draw(st.sampled_from(["", "invoice", "credit_note"])),
    )


@st.composite
def payments(draw: st.DrawFn) -> Payment:
    """A valid payment, with or without a value date, identified or not, some with lines."""
    received = draw(dates)
    amount = draw(positive_amounts())
    return Payment(
        id=draw(identifiers),
        amount=amount,
        received_date=received,
        value_date=draw(st.none() | _after(received, 5)),
        payer_name=draw(texts),
        remittance=draw(texts),
        bank_reference=draw(texts),
        method=draw(st.sampled_from(PaymentMethod)),
        customer_id=draw(st.none() | identifiers),
        payer_account=draw(st.none() | identifiers),
        remittance_lines=draw(st.lists(remittance_lines(amount.code), max_size=3)),
    )


@st.composite
def applications(draw: st.DrawFn) -> Application:
    """A valid application: a positive amount, or zero with a discount beside it."""
    code = draw(currencies)
    discount = draw(st.none() | positive_amounts(code))
    minimum = 0 if discount is not None else 1
    amount = draw(amounts(code, min_units=minimum, max_units=10**10))
    source_amount = draw(st.none() | positive_amounts())
    if amount.amount == 0:
        source_amount = None  # only a discount: nothing leaves the source
    elif source_amount is not None and source_amount.code == code:
        source_amount = amount  # one currency: what leaves the source reaches the invoice
    return Application(
        id=draw(identifiers),
        source_id=draw(identifiers),
        target_number=draw(identifiers),
        amount=amount,
        date=draw(dates),
        discount=discount,
        source_kind=draw(st.sampled_from(SourceKind)),
        source_amount=source_amount,
    )


@st.composite
def adjustments(draw: st.DrawFn) -> Adjustment:
    """A valid adjustment: write-offs and discounts credit, fees and interest debit."""
    kind = draw(st.sampled_from(AdjustmentKind))
    if kind in (AdjustmentKind.ROUNDING, AdjustmentKind.FX_DIFFERENCE):
        direction: Direction | None = draw(st.sampled_from(Direction))
    else:
        direction = None  # the default for the kind
    extra = {} if direction is None else {"direction": direction}
    return Adjustment(
        id=draw(identifiers),
        customer_id=draw(identifiers),
        kind=kind,
        amount=draw(positive_amounts()),
        date=draw(dates),
        target_number=draw(st.none() | identifiers),
        reason=draw(texts),
        **extra,
    )


reversals = st.builds(
    Reversal,
    id=identifiers,
    kind=st.sampled_from(ReversalKind),
    target_id=identifiers,
    date=dates,
    reason=texts,
)


@st.composite
def promises_to_pay(draw: st.DrawFn) -> PromiseToPay:
    """A valid promise: promised on or after the day it was taken."""
    taken = draw(dates)
    return PromiseToPay(
        id=draw(identifiers),
        customer_id=draw(identifiers),
        amount=draw(positive_amounts()),
        promised_date=draw(_after(taken, 90)),
        taken_on=taken,
        taken_by=draw(identifiers),
        items=tuple(draw(st.lists(identifiers, max_size=3))),
        note=draw(texts),
    )


@st.composite
def disputes(draw: st.DrawFn) -> Dispute:
    """A valid dispute, open or resolved on or after the day it was opened."""
    opened = draw(dates)
    return Dispute(
        id=draw(identifiers),
        customer_id=draw(identifiers),
        invoice_number=draw(identifiers),
        opened_on=opened,
        reason=draw(texts),
        resolved_on=draw(st.none() | _after(opened, 200)),
        amount=draw(st.none() | positive_amounts()),
    )


@st.composite
def open_items(draw: st.DrawFn) -> OpenItem:
    """An open item: positive when owed, negative when the customer holds a credit."""
    code = draw(currencies)
    document_date = draw(dates)
    return OpenItem(
        number=draw(identifiers),
        customer_id=draw(identifiers),
        kind=draw(st.sampled_from(ItemKind)),
        document_date=document_date,
        due_date=draw(_after(document_date, 120)),
        original=draw(amounts(code)),
        open=draw(amounts(code)),
        reference=draw(st.none() | identifiers),
    )


account_maps = st.builds(
    AccountMap,
    st.dictionaries(
        st.sampled_from(STANDARD_ROLES),
        st.text(string.digits, min_size=3, max_size=6),
        min_size=1,
        max_size=len(STANDARD_ROLES),
    ),
)


@st.composite
def balanced_postings(
    draw: st.DrawFn, currency: str | None = None
) -> tuple[list[tuple[str, Money]], list[tuple[str, Money]]]:
    """Random (role, amount) debits and credits whose totals are equal."""
    code = draw(st.just(currency) if currency else currencies)
    debit_units = draw(st.lists(st.integers(1, 10**9), min_size=1, max_size=4))
    total_units = sum(debit_units)
    weights = draw(st.lists(st.integers(1, 100), min_size=1, max_size=4))
    credits_split = allocate(from_minor(total_units, code), weights)
    roles = st.sampled_from(STANDARD_ROLES)
    debits = [(draw(roles), from_minor(units, code)) for units in debit_units]
    credits = [(draw(roles), part) for part in credits_split]
    return debits, credits


@st.composite
def journal_entries(draw: st.DrawFn) -> JournalEntry:
    """A balanced entry built by :func:`receivables.journal.entry` in one or two currencies."""
    accounts = AccountMap({role: f"{1000 + index}" for index, role in enumerate(STANDARD_ROLES)})
    debits, credits = draw(balanced_postings())
    if draw(st.booleans()):
        more_debits, more_credits = draw(balanced_postings())
        debits, credits = debits + more_debits, credits + more_credits
    return entry(
        draw(dates),
        draw(texts),
        accounts,
        debits=debits,
        credits=credits,
        reasons=draw(st.lists(reasons, max_size=2)),
        source=draw(st.none() | identifiers),
        customer_id=draw(st.none() | identifiers),
        document=draw(st.none() | identifiers),
    )


documents = st.one_of(
    customers,
    invoices(),
    credit_notes,
    payments(),
    applications(),
    adjustments(),
    reversals,
    promises_to_pay(),
    disputes(),
)
"""Any one document of receivables.documents."""


# --- aging, metrics, provisions --------------------------------------------

AGING_AS_OF = dt.date(2026, 3, 31)
AGING_CURRENCIES = ("USD", "EUR", "JPY")


def _open_item(
    number: int, customer: str, currency: str, due_offset: int, age: int, units: int
) -> OpenItem:
    due = AGING_AS_OF - dt.timedelta(days=due_offset)
    amount = from_minor(units, currency)
    return OpenItem(
        number=f"D{number}",
        customer_id=customer,
        kind=ItemKind.PAYMENT if units < 0 else ItemKind.INVOICE,
        document_date=min(due, AGING_AS_OF + dt.timedelta(days=5)) - dt.timedelta(days=age),
        due_date=due,
        original=amount,
        open=amount,
    )


def aging_items(
    currencies: tuple[str, ...] = AGING_CURRENCIES, max_size: int = 30
) -> st.SearchStrategy[list[OpenItem]]:
    """Open items of a few customers around ``AGING_AS_OF`` (some dated after it, some credits)."""
    item = st.builds(
        _open_item,
        st.integers(0, 10**6),
        st.sampled_from(["C1", "C2", "C10", "D", "Z9"]),
        st.sampled_from(currencies),
        st.integers(-90, 400),
        st.integers(0, 60),
        st.integers(-(10**9), 10**9).filter(bool),
    )
    # unique numbers per kind: aging refuses duplicates, as cash application does
    return st.lists(item, max_size=max_size, unique_by=lambda i: (i.kind, i.number))


aging_bounds = st.lists(st.integers(-30, 400), max_size=6, unique=True).map(sorted)
"""Inclusive upper bounds for ``buckets_from_bounds`` (possibly none: one bucket)."""


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
        "discount": [
            amount_units * 2 // 100 if draw(st.booleans()) else 0 for amount_units in opens
        ],
        "discount_until": [dt.date(2026, 2, 3)] * n_items,
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
        kind = draw(st.sampled_from(["exact", "other", "short", "net"]))
        value = sum(opens[i] for i in picked)
        if kind == "net":
            value = max(1, value - sum(items["discount"][i] for i in picked))  # type: ignore[misc]
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


# --- plans -------------------------------------------------------------------------------

PLAN_FREQUENCIES = ("weekly", "biweekly", "semi_monthly", "monthly", "end_of_month")


@st.composite
def plan_first_due_dates(draw: st.DrawFn, frequency: str, plan_date: dt.date) -> dt.date:
    """A first due date after ``plan_date`` that ``frequency`` accepts (15th / month end)."""
    day = plan_date + dt.timedelta(days=draw(st.integers(1, 60)))
    if frequency in ("semi_monthly", "end_of_month"):
        month_end = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
            days=1
        )
        if frequency == "semi_monthly" and day.day <= 15:
            return day.replace(day=15)
        return month_end
    return day


@st.composite
def plan_requests(draw: st.DrawFn, currency: str | None = None) -> dict[str, object]:
    """Keyword arguments for ``PlanTerms`` plus ``balance`` and ``plan_date`` (a dict)."""
    code = currency or draw(currencies)
    plan_date = draw(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)))
    frequency = draw(st.sampled_from(PLAN_FREQUENCIES))
    count = draw(st.integers(1, 36))
    balance_units = draw(st.integers(count * 100, 10**9))
    interest = draw(st.sampled_from(("none", "flat", "amortizing")))
    rate = Decimal(0) if interest == "none" else Decimal(draw(st.integers(0, 3600))) / 100
    by_amount = draw(st.booleans())
    terms: dict[str, object] = {
        "first_due_date": draw(plan_first_due_dates(frequency, plan_date)),
        "frequency": frequency,
        "interest": interest,
        "annual_rate_percent": rate,
        "day_count": draw(st.sampled_from(("30/360", "actual/365"))),
        "down_payment_percent": draw(st.sampled_from((None, Decimal(0), Decimal(10), Decimal(25)))),
        "fee": draw(
            st.one_of(st.none(), st.builds(from_minor, st.integers(0, 10**5), st.just(code)))
        ),
        "fee_treatment": draw(st.sampled_from(("upfront", "spread", "financed"))),
    }
    if by_amount:
        # an installment generous enough to pay off within a few dozen periods
        fee = terms["fee"]
        owed = balance_units + (to_minor(fee) if isinstance(fee, Money) else 0)
        terms["installment_amount"] = from_minor(owed // count + 1 + owed // 20, code)
    else:
        terms["installments"] = count
    return {"balance": from_minor(balance_units, code), "plan_date": plan_date, "terms": terms}


# --- promises ------------------------------------------------------------------------------


@st.composite
def promises_with_payments(
    draw: st.DrawFn, currency: str = "USD"
) -> tuple[list[PromiseToPay], list[Payment], dt.date]:
    """A few customers' promises (by a few collectors), their payments, and an as-of date."""
    start = dt.date(2026, 1, 1)
    customers = ("C1", "C2", "C3")
    promises = []
    for index in range(draw(st.integers(0, 8))):
        taken = start + dt.timedelta(days=draw(st.integers(0, 60)))
        promises.append(
            PromiseToPay(
                id=f"PTP-{index}",
                customer_id=draw(st.sampled_from(customers)),
                amount=draw(positive_amounts(currency, max_units=10**6)),
                promised_date=taken + dt.timedelta(days=draw(st.integers(0, 30))),
                taken_on=taken,
                taken_by=draw(st.sampled_from(("ana", "bo", "cy"))),
            )
        )
    received = [
        Payment(
            id=f"P-{index}",
            customer_id=draw(st.sampled_from(customers)),
            amount=draw(positive_amounts(currency, max_units=10**6)),
            received_date=start + dt.timedelta(days=draw(st.integers(0, 100))),
        )
        for index in range(draw(st.integers(0, 10)))
    ]
    return promises, received, start + dt.timedelta(days=draw(st.integers(0, 120)))


# --- policies ------------------------------------------------------------------------------

# ItemKind and OpenItem are imported in the documents section above.


def customer_open_items(
    customer_id: str = "C1",
    currency: str = "USD",
    *,
    as_of: dt.date = dt.date(2026, 6, 30),
    min_size: int = 0,
    max_size: int = 8,
) -> st.SearchStrategy[list[OpenItem]]:
    """A customer's open items in one currency, due within ten years before ``as_of``.

    Most are owed (positive); about one in four is a credit the customer holds.
    """

    @st.composite
    def build(draw: st.DrawFn) -> list[OpenItem]:
        size = draw(st.integers(min_size, max_size))
        items = []
        for index in range(size):
            days_before = draw(st.integers(-60, 3650))
            due = as_of - dt.timedelta(days=days_before)
            units = draw(st.integers(1, 10**9))
            credit = draw(st.integers(0, 3)) == 0
            signed = from_minor(-units if credit else units, currency)
            items.append(
                OpenItem(
                    number=f"{'PAY' if credit else 'INV'}-{index:03d}",
                    customer_id=customer_id,
                    kind=ItemKind.PAYMENT if credit else ItemKind.INVOICE,
                    document_date=due - dt.timedelta(days=30),
                    due_date=due,
                    original=signed,
                    open=signed,
                )
            )
        return items

    return build()


# --- ledger -----------------------------------------------------------------------------
# A random but valid Ledger, built the way a host would: documents, allocations, then the
# odd discount, write-off, fee, undo, returned cheque and cross-currency application.
# (The idea of tests/test_ledger.py's own ``ledgers()``, made reusable and richer.)

import contextlib  # noqa: E402
import random  # noqa: E402
from typing import Any  # noqa: E402

from receivables.allocation import oldest_due_first  # noqa: E402
from receivables.errors import ReceivablesError  # noqa: E402
from receivables.ledger import Ledger  # noqa: E402

LEDGER_START = dt.date(2026, 1, 1)


@st.composite
def ledgers(
    draw: st.DrawFn, *, customers: int = 3, max_invoices: int = 12
) -> tuple[Ledger, list[dt.date]]:
    """A valid :class:`~receivables.ledger.Ledger` and a few days to look at it (within 120 days)."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    start = LEDGER_START
    people = [f"C{n}" for n in range(1, customers + 1)]

    def day(span: int) -> dt.date:
        return start + dt.timedelta(days=rng.randrange(span))

    def usd(units: int) -> Money:
        return from_minor(units, "USD")

    docs: list[Any] = [Customer(id=c, name=f"Customer {c}") for c in people]
    for n in range(draw(st.integers(0, max_invoices))):
        issued = day(60)
        docs.append(
            Invoice(
                number=f"INV-{n}",
                customer_id=rng.choice(people),
                issue_date=issued,
                due_date=issued + dt.timedelta(days=rng.choice([0, 15, 30])),
                amount=usd(rng.randrange(1, 10**6)),
                kind=rng.choice([InvoiceKind.INVOICE] * 4 + [InvoiceKind.DEBIT_NOTE]),
            )
        )
    for n in range(draw(st.integers(0, 4))):
        docs.append(
            CreditNote(
                number=f"CN-{n}",
                customer_id=rng.choice(people),
                issue_date=day(60),
                amount=usd(rng.randrange(1, 10**5)),
            )
        )
    payments = []
    for n in range(draw(st.integers(0, 10))):
        p = Payment(
            id=f"P{n}",
            customer_id=rng.choice(people),
            amount=usd(rng.randrange(1, 10**6)),
            received_date=day(90),
        )
        docs.append(p)
        payments.append(p)
    for n in range(draw(st.integers(0, 3))):
        docs.append(
            Adjustment(
                id=f"F{n}",
                customer_id=rng.choice(people),
                kind=rng.choice(["fee", "interest", "write_off"]),
                amount=usd(rng.randrange(1, 10**4)),
                date=day(90),
            )
        )
    ledger = Ledger.of(docs)
    sources = [(p.received_date, p.id, SourceKind.PAYMENT) for p in payments] + [
        (c.issue_date + dt.timedelta(days=5), c.number, SourceKind.CREDIT_NOTE)
        for c in ledger.credit_notes
    ]
    rng.shuffle(sources)
    for on, identifier, kind in sources:
        ledger = ledger.allocate(identifier, oldest_due_first, on=on, source_kind=kind)

    def attempt(*documents: Any) -> None:
        nonlocal ledger
        # One that would break some later day is dropped, as a host would not post it either.
        with contextlib.suppress(ReceivablesError):
            ledger = ledger.add(*documents)

    for n in range(draw(st.integers(0, 3))):
        # A payment that takes an early-payment discount, or a targeted write-off.
        on = day(90)
        items = [
            i for i in ledger.open_items(as_of=on, include_credits=False) if to_minor(i.open) > 2
        ]
        if not items:
            continue
        item = rng.choice(items)
        units = to_minor(item.open)
        if rng.random() < 0.5:
            discount = rng.randrange(1, max(2, units // 10))
            paid = Payment(
                id=f"PD{n}",
                customer_id=item.customer_id,
                amount=usd(units - discount),
                received_date=on,
            )
            attempt(
                paid,
                Application(
                    id=f"AD{n}",
                    source_id=paid.id,
                    target_number=item.number,
                    amount=usd(units - discount),
                    discount=usd(discount),
                    date=on,
                ),
            )
            payments.extend(p for p in ledger.payments if p.id == paid.id)
        else:
            attempt(
                Adjustment(
                    id=f"W{n}",
                    customer_id=item.customer_id,
                    kind=rng.choice(["write_off", "discount"]),
                    amount=usd(rng.randrange(1, units)),
                    date=on,
                    target_number=item.number,
                )
            )
    if draw(st.booleans()):
        # A payment in euros that settles part of a dollar invoice (a cross-currency application).
        on = day(90)
        items = ledger.open_items(as_of=on, include_credits=False)
        if items:
            item = rng.choice(items)
            euros = Payment(
                id="PEUR",
                customer_id=item.customer_id,
                received_date=on,
                amount=from_minor(rng.randrange(1, 10**5), "EUR"),
            )
            attempt(
                euros,
                Application(
                    id="AEUR",
                    source_id="PEUR",
                    target_number=item.number,
                    date=on,
                    amount=usd(rng.randrange(1, to_minor(item.open) + 1)),
                    source_amount=euros.amount,
                ),
            )
    if ledger.applications and draw(st.booleans()):
        target = rng.choice(ledger.applications)
        attempt(
            Reversal(
                id=f"undo-{target.id}",
                kind=ReversalKind.APPLICATION_UNDONE,
                target_id=target.id,
                date=target.date + dt.timedelta(days=rng.choice([0, 3])),
            )
        )
    if payments and draw(st.booleans()):
        returned = rng.choice(payments)
        dates = [returned.received_date]
        dates += [a.date for a in ledger.applications if a.source_id == returned.id]
        attempt(
            Reversal(
                id=f"return-{returned.id}",
                kind=ReversalKind.RETURNED_PAYMENT,
                target_id=returned.id,
                # the day after, or the very day it was applied (the return takes it back)
                date=max(dates) + dt.timedelta(days=rng.choice([0, 1])),
            )
        )
    # More allocations after the undos and returns: allocate's headroom must leave room
    # for every later moment (a same-day return or undo included), so these never raise.
    for on, identifier, kind in rng.sample(sources, k=min(len(sources), 3)):
        on += dt.timedelta(days=rng.choice([0, 0, 2, 20]))
        ledger = ledger.allocate(identifier, oldest_due_first, on=on, source_kind=kind)
    days = [
        start + dt.timedelta(days=d)
        for d in draw(st.lists(st.integers(0, 120), min_size=1, max_size=4))
    ]
    return ledger, days
