"""What does a realistic portfolio look like, to try the library on?

A seeded generator of a small accounts-receivable portfolio: customers with
real-looking legal names in Spanish and English, invoices with several
numbering schemes and payment terms, and the bank lines that pay them, with
the noise cash application meets in practice (references in free text, short
payments, early-payment discounts, combined payments, unidentified deposits,
duplicates). The same seed always gives the same portfolio.

It serves the demo (``python -m receivables demo``), the tutorials and the
notebooks. Written by hand because no library generates AR documents; it uses
only :class:`random.Random` with an explicit seed, never the global one.

>>> portfolio = generate(seed=7, customers=5, as_of=dt.date(2026, 6, 30))
>>> len(portfolio.customers), portfolio.as_of
(5, datetime.date(2026, 6, 30))
>>> generate(seed=7, customers=5, as_of=dt.date(2026, 6, 30)) == portfolio
True
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import attrs

from receivables.documents import Customer, Discount, Invoice, Payment, PaymentMethod
from receivables.errors import ValidationError
from receivables.money import from_minor, money, to_minor

__all__ = ["Portfolio", "generate"]

_FIRST = (
    "Ferretería",
    "Distribuidora",
    "Comercializadora",
    "Inversiones",
    "Textiles",
    "Agroindustrias",
    "Transportes",
    "Laboratorios",
    "Construcciones",
    "Importadora",
)
_SECOND = (
    "El Tornillo",
    "Andina",
    "del Caribe",
    "San Martín",
    "La Esperanza",
    "Pacífico",
    "Los Andes",
    "Nueva Granada",
    "Santa Fe",
    "El Dorado",
)
_FORMS_ES = ("S.A.S.", "S.A.", "Ltda.", "S. de R.L.", "S.A. de C.V.")
_ENGLISH = (
    "Acme",
    "Northwind",
    "Blue Harbor",
    "Summit",
    "Riverside",
    "Keystone",
    "Pioneer",
    "Evergreen",
)
_TRADES = ("Supplies", "Logistics", "Foods", "Industries", "Hardware", "Medical")
_FORMS_EN = ("Inc", "LLC", "Corp.", "Ltd", "GmbH")
_COUNTRIES = (("CO", "COP", "es_CO"), ("MX", "MXN", "es_MX"), ("US", "USD", "en_US"))


@attrs.frozen(kw_only=True)
class Portfolio:
    """A generated portfolio: customers, their invoices, the payments received.

    >>> portfolio = generate(customers=1, invoices_per_customer=1)
    >>> portfolio.as_of, len(portfolio.customers)
    (datetime.date(2026, 6, 30), 1)
    """

    as_of: dt.date
    customers: tuple[Customer, ...]
    invoices: tuple[Invoice, ...]
    payments: tuple[Payment, ...]


def _name(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.6:
        return (
            f"{rng.choice(_FIRST)} {rng.choice(_SECOND)} {rng.choice(_FORMS_ES)}",
            rng.choice(_COUNTRIES[:2])[0],
        )
    return f"{rng.choice(_ENGLISH)} {rng.choice(_TRADES)} {rng.choice(_FORMS_EN)}", "US"


def _number(rng: random.Random, scheme: int, sequence: int) -> str:
    if scheme == 0:
        return f"INV-{sequence:06d}"
    if scheme == 1:
        return f"FAC-{sequence:05d}"
    return f"001-{sequence:07d}"


def _payer_variant(rng: random.Random, name: str) -> str:
    """How a bank line spells the payer: upper case, no accents, legal form dropped."""
    variant = name
    if rng.random() < 0.5:
        variant = variant.upper()
    if rng.random() < 0.3:
        variant = " ".join(variant.split()[:-1])
    return variant


def generate(
    *,
    seed: int = 2026,
    customers: int = 40,
    invoices_per_customer: int = 8,
    as_of: dt.date = dt.date(2026, 6, 30),
) -> Portfolio:
    """A seeded portfolio of ``customers`` customers as of ``as_of``.

    Invoices are issued over the 180 days before ``as_of`` on net 30 or
    2/10 net 30 terms; about two thirds are paid, some short, some with the
    discount, some several at once, some with the reference buried in text.
    The same seed gives the same portfolio.

    >>> portfolio = generate(customers=2, invoices_per_customer=2)
    >>> len(portfolio.customers), len(portfolio.invoices)
    (2, 2)
    >>> portfolio == generate(customers=2, invoices_per_customer=2)
    True
    """
    for name, value, low, what in (
        ("seed", seed, None, "a whole number"),
        ("customers", customers, 1, "at least one customer (a whole number)"),
        ("invoices_per_customer", invoices_per_customer, 1, "at least one (a whole number)"),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or (low and value < low):
            raise ValidationError(name, value, what)
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    rng = random.Random(seed)
    people: list[Customer] = []
    invoices: list[Invoice] = []
    payments: list[Payment] = []
    sequence = 1000
    for index in range(customers):
        name, country = _name(rng)
        _, currency, locale = next(c for c in _COUNTRIES if c[0] == country)
        customer = Customer(
            id=f"C{index + 1:04d}",
            name=name,
            country=country,
            currency=currency,
            locale=locale,
            risk_class=rng.choice(("low", "standard", "standard", "high")),
            segment=rng.choice(("retail", "wholesale")),
            bank_accounts=(f"{rng.randrange(10**9, 10**10)}",),
            credit_limit=money(rng.choice((5_000, 20_000, 50_000, 100_000)) * 1000, currency)
            if currency == "COP"
            else money(rng.choice((5_000, 20_000, 50_000, 100_000)), currency),
        )
        people.append(customer)
        scheme = rng.randrange(3)
        mine: list[Invoice] = []
        for _ in range(rng.randint(max(1, invoices_per_customer // 2), invoices_per_customer)):
            sequence += rng.randint(1, 7)
            issued = as_of - dt.timedelta(days=rng.randrange(1, 181))
            scale = 1000 if currency == "COP" else 1
            units = rng.randrange(50_00, 12_000_00) * scale
            amount = from_minor(units, currency)
            discounts: tuple[Discount, ...] = ()
            if rng.random() < 0.25:
                discounts = (
                    Discount(
                        amount=money(
                            amount.amount * Decimal("0.02"), currency, rounding="ROUND_HALF_UP"
                        ),
                        until=issued + dt.timedelta(days=10),
                    ),
                )
            invoice = Invoice(
                number=_number(rng, scheme, sequence),
                customer_id=customer.id,
                issue_date=issued,
                due_date=issued + dt.timedelta(days=30),
                amount=amount,
                discounts=discounts,
            )
            mine.append(invoice)
        invoices.extend(mine)
        payments.extend(_payments_for(rng, customer, mine, as_of, len(payments)))
    if customers >= 3:
        # An unidentified deposit and a duplicate bank line, as every month has.
        payments.append(
            Payment(
                id=f"P{len(payments) + 1:06d}",
                amount=money("1234.56", "USD"),
                received_date=as_of - dt.timedelta(days=3),
                payer_name="TRANSFERENCIA RECIBIDA",
                remittance="PAGO PROVEEDOR",
                bank_reference=f"BR{rng.randrange(10**8):08d}",
            )
        )
        first = payments[0]
        payments.append(attrs.evolve(first, id=f"P{len(payments) + 1:06d}"))
    return Portfolio(
        as_of=as_of,
        customers=tuple(people),
        invoices=tuple(invoices),
        payments=tuple(payments),
    )


def _payments_for(
    rng: random.Random,
    customer: Customer,
    invoices: list[Invoice],
    as_of: dt.date,
    start: int,
) -> list[Payment]:
    payments: list[Payment] = []
    unpaid = [i for i in invoices if rng.random() < 0.66]
    pending = sorted(unpaid, key=lambda i: (i.issue_date, i.number))
    while pending:
        count = (
            1 if rng.random() < 0.8 or len(pending) == 1 else min(len(pending), rng.randint(2, 3))
        )
        batch, pending = pending[:count], pending[count:]
        latest = max(i.issue_date for i in batch)
        received = min(as_of, latest + dt.timedelta(days=rng.randint(5, 60)))
        if received < latest:
            continue
        units = sum(to_minor(i.amount) for i in batch)
        remittance = _remittance(rng, batch)
        amount_units = units
        only = batch[0]
        if count == 1 and only.discounts and received <= only.discounts[0].until:
            amount_units -= to_minor(only.discounts[0].amount)
        elif rng.random() < 0.05:
            amount_units -= rng.randint(1, 500)  # a bank fee or a short payment
        currency = customer.currency
        payments.append(
            Payment(
                id=f"P{start + len(payments) + 1:06d}",
                amount=from_minor(amount_units, currency),
                received_date=received,
                payer_name=_payer_variant(rng, customer.name),
                remittance=remittance,
                bank_reference=f"BR{rng.randrange(10**8):08d}",
                method=rng.choice(
                    (PaymentMethod.TRANSFER, PaymentMethod.TRANSFER, PaymentMethod.CHECK)
                ),
                payer_account=customer.bank_accounts[0] if rng.random() < 0.5 else None,
            )
        )
    return payments


def _remittance(rng: random.Random, batch: list[Invoice]) -> str:
    numbers = [i.number for i in batch]
    style = rng.random()
    if style < 0.4:
        return " ".join(numbers)
    if style < 0.6:
        digits = [n.split("-")[-1].lstrip("0") for n in numbers]
        return (
            "PAGO FACTURAS "
            + ", ".join(digits[:-1])
            + (" Y " if len(digits) > 1 else "")
            + digits[-1]
        )
    if style < 0.75:
        return f"Payment for invoice {numbers[0].lower()}" + (
            f" and {', '.join(numbers[1:])}" if len(numbers) > 1 else ""
        )
    if style < 0.85:
        return "abono fact " + numbers[0].replace("INV-", "").replace("FAC-", "")
    return ""
