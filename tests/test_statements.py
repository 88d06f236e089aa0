"""Statements of account and balance confirmations: they tie with the ledger, and read locally."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables.documents import (
    Adjustment,
    Application,
    CreditNote,
    Customer,
    Discount,
    Invoice,
    Payment,
)
from receivables.errors import ReceivablesError, ValidationError
from receivables.formatting import LOCALES, format_date, format_money
from receivables.ledger import Ledger
from receivables.money import from_minor, money, to_minor
from receivables.statements import (
    AgingSummary,
    BalanceConfirmation,
    LineKind,
    Statement,
    StatementLine,
    aging_summary,
    balance_confirmation,
    merge,
    statement,
    statements,
    to_csv,
    to_html,
    to_text,
)
from tests.strategies import LEDGER_START, ledgers

D = dt.date


def usd(amount: str) -> object:
    return money(amount, "USD")


@pytest.fixture
def month() -> Ledger:
    """One customer's March: every kind of movement a statement shows.

    Worked by hand (USD):
      opening 1 Mar: INV-1 1,000.00 issued 20 Feb                         = 1,000.00
      02 Mar INV-2 +500.00                                                 = 1,500.00
      03 Mar DN-1 debit note +25.00                                        = 1,525.00
      05 Mar P1 -490.00, applied to INV-2 with a 10.00 discount (2/10)    → 1,035.00, then -10.00 = 1,025.00
      10 Mar CN-1 -100.00 against INV-1                                    =   925.00
      12 Mar P2 -300.00 (a cheque)                                         =   625.00
      15 Mar fee on account +15.00                                         =   640.00
      20 Mar write-off of 0.50 on DN-1 (targeted)                          =   639.50
      25 Mar P2 returned by the bank +300.00                               =   939.50
      28 Mar P3 -200.00, unapplied                                         =   739.50
    Closing 739.50 = open INV-1 900.00 (1,000 - CN 100) + DN-1 24.50 + fee 15.00 - P3 200.00.
    """
    return Ledger.of(
        [
            Customer(id="C1", name="Acme Supplies Inc", currency="USD"),
            Invoice(
                number="INV-1",
                customer_id="C1",
                issue_date=D(2026, 2, 20),
                due_date=D(2026, 2, 28),
                amount=usd("1000.00"),
            ),
            Invoice(
                number="INV-2",
                customer_id="C1",
                issue_date=D(2026, 3, 2),
                due_date=D(2026, 4, 1),
                amount=usd("500.00"),
                discounts=[Discount(amount=usd("10.00"), until=D(2026, 3, 12))],
            ),
            Invoice(
                number="DN-1",
                customer_id="C1",
                issue_date=D(2026, 3, 3),
                due_date=D(2026, 3, 3),
                amount=usd("25.00"),
                kind="debit_note",
            ),
            Payment(id="P1", customer_id="C1", amount=usd("490.00"), received_date=D(2026, 3, 5)),
            Application(
                id="A1",
                source_id="P1",
                target_number="INV-2",
                amount=usd("490.00"),
                discount=usd("10.00"),
                date=D(2026, 3, 5),
            ),
            CreditNote(
                number="CN-1",
                customer_id="C1",
                issue_date=D(2026, 3, 10),
                amount=usd("100.00"),
                against="INV-1",
            ),
            Application(
                id="A2",
                source_id="CN-1",
                source_kind="credit_note",
                target_number="INV-1",
                amount=usd("100.00"),
                date=D(2026, 3, 10),
            ),
            Payment(
                id="P2",
                customer_id="C1",
                amount=usd("300.00"),
                received_date=D(2026, 3, 12),
                method="check",
                bank_reference="CHQ 0042",
            ),
            Application(
                id="A3",
                source_id="P2",
                target_number="INV-1",
                amount=usd("300.00"),
                date=D(2026, 3, 12),
            ),
            Adjustment(
                id="FEE-1", customer_id="C1", kind="fee", amount=usd("15.00"), date=D(2026, 3, 15)
            ),
            Adjustment(
                id="WO-1",
                customer_id="C1",
                kind="write_off",
                amount=usd("0.50"),
                date=D(2026, 3, 20),
                target_number="DN-1",
            ),
            Payment(id="P3", customer_id="C1", amount=usd("200.00"), received_date=D(2026, 3, 28)),
        ]
    ).return_payment("P2", on=D(2026, 3, 25), reversal_id="RET-P2", reason="NSF")


def test_worked_month(month: Ledger) -> None:
    s = statement(month, "C1", start=D(2026, 3, 1), end=D(2026, 3, 31))
    assert s.opening == usd("1000.00")
    assert [
        (line.date.day, line.kind, line.document, str(line.amount.amount)) for line in s.lines
    ] == [
        (2, LineKind.INVOICE, "INV-2", "500.00"),
        (3, LineKind.DEBIT_NOTE, "DN-1", "25.00"),
        (5, LineKind.PAYMENT, "P1", "-490.00"),
        (5, LineKind.DISCOUNT, "A1", "-10.00"),
        (10, LineKind.CREDIT_NOTE, "CN-1", "-100.00"),
        (12, LineKind.PAYMENT, "P2", "-300.00"),
        (15, LineKind.FEE, "FEE-1", "15.00"),
        (20, LineKind.WRITE_OFF, "WO-1", "-0.50"),
        (25, LineKind.RETURNED_PAYMENT, "RET-P2", "300.00"),
        (28, LineKind.PAYMENT, "P3", "-200.00"),
    ]
    assert [str(line.balance.amount) for line in s.lines] == [
        "1500.00", "1525.00", "1035.00", "1025.00", "925.00",
        "625.00", "640.00", "639.50", "939.50", "739.50",
    ]  # fmt: skip
    assert s.closing == usd("739.50")
    assert s.closing == month.balance("C1", currency="USD", as_of=D(2026, 3, 31)).balance
    assert s.unapplied_cash == usd("200.00")
    assert s.lines[5].reference == "CHQ 0042"
    assert s.lines[8].reference == "P2"
    assert s.lines[4].credit == usd("100.00")
    assert s.lines[4].debit is None
    # Aging at 31 Mar: INV-1 (due 28 Feb) 31 days late holds 900.00; DN-1 (due 3 Mar) 28 days
    # late 24.50; the fee on account (dated 15 Mar) 16 days 15.00.
    buckets = {b.label: b.amount for b in s.aging.buckets}
    assert buckets == {
        "current": usd("0.00"),
        "1-30": usd("39.50"),
        "31-60": usd("900.00"),
        "61-90": usd("0.00"),
        "over 90": usd("0.00"),
    }
    assert s.aging.net == s.closing
    assert s.movements == s.closing - s.opening


def test_undone_discount_comes_back(month: Ledger) -> None:
    ledger = month.undo("A1", on=D(2026, 4, 2))
    s = statement(ledger, "C1", start=D(2026, 4, 1), end=D(2026, 4, 30))
    assert [(line.kind, line.amount) for line in s.lines] == [
        (LineKind.DISCOUNT_REVERSED, usd("10.00"))
    ]
    assert s.closing == ledger.balance("C1", currency="USD", as_of=D(2026, 4, 30)).balance


def test_a_cross_currency_application_moves_both_currencies() -> None:
    ledger = Ledger.of(
        [
            Invoice(
                number="INV-1",
                customer_id="C1",
                issue_date=D(2026, 1, 2),
                due_date=D(2026, 2, 1),
                amount=usd("110.00"),
            ),
            Payment(
                id="PE",
                customer_id="C1",
                amount=money("100.00", "EUR"),
                received_date=D(2026, 1, 10),
            ),
            Application(
                id="AE",
                source_id="PE",
                target_number="INV-1",
                amount=usd("110.00"),
                source_amount=money("100.00", "EUR"),
                date=D(2026, 1, 10),
            ),
        ]
    )
    both = statements(ledger, start=D(2026, 1, 1), end=D(2026, 1, 31))
    assert [(s.currency, s.closing) for s in both] == [
        ("EUR", money("0.00", "EUR")),
        ("USD", usd("0.00")),
    ]
    eur = both[0]
    assert [(line.kind, line.amount) for line in eur.lines] == [
        (LineKind.PAYMENT, money("-100.00", "EUR")),
        (LineKind.APPLICATION, money("100.00", "EUR")),
    ]
    with pytest.raises(ValidationError, match="currency"):
        statement(ledger, "C1", start=D(2026, 1, 1), end=D(2026, 1, 31))


def test_text_in_each_locale(month: Ledger) -> None:
    for locale in LOCALES:
        s = statement(month, "C1", start=D(2026, 3, 1), end=D(2026, 3, 31), locale=locale)
        text = to_text(s)
        assert format_money(usd("739.50"), locale) in text
        assert format_date(D(2026, 3, 25), locale) in text
        heading = "Estado de cuenta" if locale.startswith("es") else "Statement of account"
        assert text.splitlines()[0] == heading
    colombian = to_text(month_statement(month, "es_CO"))
    assert "US$739,50" in colombian
    assert "Pago devuelto" in colombian
    assert "Castigo" in colombian
    american = to_text(month_statement(month, "en_US"))
    assert "$739.50" in american
    assert "Returned payment" in american


def month_statement(ledger: Ledger, locale: str) -> Statement:
    return statement(ledger, "C1", start=D(2026, 3, 1), end=D(2026, 3, 31), locale=locale)


def test_rendering_locale_can_be_overridden(month: Ledger) -> None:
    s = month_statement(month, "en_US")
    assert to_text(s, locale="es_MX").startswith("Estado de cuenta")
    assert "US$739,50" in to_html(s, locale="es_CO")


def test_html_is_escaped_and_self_contained(month: Ledger) -> None:
    hostile = Ledger.of(
        [
            *[d for d in month.documents() if not isinstance(d, Customer)],
            Customer(id="C1", name="<script>alert('x')</script> & Co"),
        ]
    )
    page = to_html(month_statement(hostile, "en_US"))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in page
    assert page.startswith("<section")
    assert page.endswith("</section>")
    assert "<link" not in page
    assert "src=" not in page
    assert page.count("<tr>") == 1 + 10 + 2  # header, lines, opening and closing


def test_csv_plain_form_ties(month: Ledger) -> None:
    s = month_statement(month, "es_CO")
    rows = list(csv.DictReader(io.StringIO(to_csv(s, localized=False))))
    assert rows[0]["kind"] == "opening"
    assert rows[-1]["kind"] == "closing"
    body = rows[1:-1]
    opening = Decimal(rows[0]["balance"])
    assert opening + sum(Decimal(r["amount"]) for r in body) == Decimal(rows[-1]["balance"])
    localized = list(csv.reader(io.StringIO(to_csv(s))))
    assert localized[0][0] == "Fecha"
    assert localized[-1][-1] == "US$739,50"


def test_balance_confirmation(month: Ledger) -> None:
    request = balance_confirmation(
        month, "C1", as_of=D(2026, 3, 31), reply_by=D(2026, 4, 15), reference="AUD-2026-17"
    )
    assert request.balance == usd("739.50")
    assert [(i.number, i.open) for i in request.items] == [
        ("INV-1", usd("900.00")),
        ("DN-1", usd("24.50")),
        ("FEE-1", usd("15.00")),
        ("P3", usd("-200.00")),
    ]
    text = to_text(request, locale="es_PR")
    assert "Confirmación de saldo" in text
    assert "AUD-2026-17" in text
    assert "Saldo al 03/31/2026: $739.50" in text
    assert "Responder antes del 04/15/2026" in text
    html_page = to_html(request)
    assert "Balance confirmation" in html_page
    assert "$739.50" in html_page
    plain = list(csv.DictReader(io.StringIO(to_csv(request, localized=False))))
    assert sum(Decimal(r["open"]) for r in plain) == Decimal("739.50")
    assert next(iter(csv.reader(io.StringIO(to_csv(request)))))[-1] == "Open"


def test_aging_bounds_are_a_parameter(month: Ledger) -> None:
    s = statement(month, "C1", start=D(2026, 3, 1), end=D(2026, 3, 31), bounds=(15, 45))
    assert [(b.label, b.amount) for b in s.aging.buckets] == [
        ("current", usd("0.00")),
        ("1-15", usd("0.00")),
        ("16-45", usd("939.50")),
        ("over 45", usd("0.00")),
    ]
    assert "Más de 45 días" in to_text(s, locale="es_CO")


def test_the_aging_engines_bucket_policy_works_too(month: Ledger) -> None:
    from receivables.buckets import DEFAULT_BUCKETS, buckets_from_bounds

    s = statement(month, "C1", start=D(2026, 3, 1), end=D(2026, 3, 31), bounds=DEFAULT_BUCKETS)
    assert [b.label for b in s.aging.buckets] == list(DEFAULT_BUCKETS.labels)
    assert s.aging.net == s.closing
    # A policy whose first column reaches past the due date reads "≤ 30 days", not "current".
    early = buckets_from_bounds([30], ["up to 30", "later"])
    s = statement(month, "C1", start=D(2026, 3, 1), end=D(2026, 3, 31), bounds=early)
    assert [(b.label, b.amount) for b in s.aging.buckets] == [
        ("up to 30", usd("39.50")),
        ("later", usd("900.00")),
    ]
    assert "≤ 30 days" in to_text(s)


# --- errors -----------------------------------------------------------------------------


def test_period_and_parameters(month: Ledger) -> None:
    with pytest.raises(ValidationError, match="end"):
        statement(month, "C1", start=D(2026, 3, 31), end=D(2026, 3, 1))
    with pytest.raises(ValidationError, match="start"):
        statement(month, "C1", start="2026-03-01", end=D(2026, 3, 1))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="bounds"):
        statement(month, "C1", start=D(2026, 3, 1), end=D(2026, 3, 31), bounds=(60, 30))
    with pytest.raises(ValidationError, match="bounds"):
        statements(month, start=D(2026, 3, 1), end=D(2026, 3, 31), bounds=())
    with pytest.raises(ValidationError, match="bounds"):
        aging_summary([], as_of=D(2026, 3, 1), currency="USD", bounds=(0, 30))
    with pytest.raises(ValidationError, match="bounds"):
        aging_summary([], as_of=D(2026, 3, 1), currency="USD", bounds=30)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="locale"):
        statement(month, "C1", start=D(2026, 3, 1), end=D(2026, 3, 31), locale="xx")
    with pytest.raises(ValidationError, match="locale"):
        balance_confirmation(month, "C1", as_of=D(2026, 3, 1), locale="xx")
    with pytest.raises(ValidationError, match="as_of"):
        balance_confirmation(month, "C1", as_of="2026-03-01")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="reply_by"):
        balance_confirmation(month, "C1", as_of=D(2026, 3, 31), reply_by=D(2026, 3, 1))
    with pytest.raises(ValidationError, match="document"):
        to_text(month)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="currency"):
        statement(Ledger(), "nobody", start=D(2026, 3, 1), end=D(2026, 3, 31))


def test_a_statement_that_does_not_tie_cannot_be_built(month: Ledger) -> None:
    good = month_statement(month, "en_US")
    with pytest.raises(ValidationError, match=r"statement\.closing"):
        attrs.evolve(good, closing=usd("1.00"))
    with pytest.raises(ValidationError, match=r"statement\.lines\[0\]\.balance"):
        attrs.evolve(
            good, lines=(attrs.evolve(good.lines[0], balance=usd("0.01")), *good.lines[1:])
        )
    with pytest.raises(ValidationError, match=r"statement\.lines\[0\]\.date"):
        attrs.evolve(good, lines=(attrs.evolve(good.lines[0], date=D(2026, 4, 1)),))
    with pytest.raises(ValidationError, match=r"statement\.end"):
        attrs.evolve(good, end=D(2026, 2, 1))
    with pytest.raises(ValidationError, match=r"statement\.aging"):
        attrs.evolve(good, aging=attrs.evolve(good.aging, unapplied_cash=usd("0.00")))
    # Found in review: a statement in one currency with amounts in another was accepted.
    with pytest.raises(ValidationError, match=r"statement\.opening"):
        attrs.evolve(good, currency="EUR")
    eur = money("-490.00", "EUR")
    with pytest.raises(ValidationError, match=r"statement\.lines\[2\]\.amount"):
        attrs.evolve(good, lines=(*good.lines[:2], attrs.evolve(good.lines[2], amount=eur),
                                  *good.lines[3:]))  # fmt: skip
    request = balance_confirmation(month, "C1", as_of=D(2026, 3, 31))
    with pytest.raises(ValidationError, match=r"balance_confirmation\.balance"):
        attrs.evolve(request, balance=usd("0.00"))


def test_merge_rejects_a_customer_in_two_parts(month: Ledger) -> None:
    one = statements(month, start=D(2026, 3, 1), end=D(2026, 3, 31))
    other = statements(month, start=D(2026, 3, 1), end=D(2026, 3, 30))
    assert merge(one, one) == one
    with pytest.raises(ValidationError, match="period"):
        merge(one, other)
    # Found in review: parts of different periods merged silently when customers differed.
    c1_march = statement(month, "C1", start=D(2026, 3, 1), end=D(2026, 3, 31))
    c2 = Ledger.of([Invoice(number="X-1", customer_id="C2", issue_date=D(2026, 3, 2),
                            due_date=D(2026, 4, 1), amount=usd("5.00"))])  # fmt: skip
    c2_april = statements(c2, start=D(2026, 4, 1), end=D(2026, 4, 30))
    with pytest.raises(ValidationError, match=r"parts\[1\]\[0\]\.period"):
        merge((c1_march,), c2_april)
    with pytest.raises(ValidationError, match=r"parts\[0\]\[1\]"):
        merge((c1_march, "C2"))  # type: ignore[arg-type]
    c2_march = statements(c2, start=D(2026, 3, 1), end=D(2026, 3, 31))
    changed = attrs.evolve(c1_march, customer_name="Someone else")
    with pytest.raises(ValidationError, match="statements"):
        merge((c1_march,), c2_march, (changed,))


# --- properties -------------------------------------------------------------------------

periods = st.tuples(st.integers(0, 100), st.integers(0, 40)).map(
    lambda p: (
        LEDGER_START + dt.timedelta(days=p[0]),
        LEDGER_START + dt.timedelta(days=p[0] + p[1]),
    )
)


# Fewer examples than the CI profile's 150: each example builds statements from a random ledger, replayed day by day.
@settings(max_examples=25)
@given(ledgers(), periods)
def test_statements_tie_with_the_ledger(case: tuple[Ledger, list[D]], period: tuple[D, D]) -> None:
    ledger, _ = case
    start, end = period
    for s in statements(ledger, start=start, end=end):
        assert s.opening + s.movements == s.closing
        before = start - dt.timedelta(days=1)
        assert s.opening == ledger.balance(s.customer_id, currency=s.currency, as_of=before).balance
        assert s.closing == ledger.balance(s.customer_id, currency=s.currency, as_of=end).balance
        assert s.aging.net == s.closing
        request = balance_confirmation(ledger, s.customer_id, as_of=end, currency=s.currency)
        assert request.balance == s.closing
    covered = {(s.customer_id, s.currency) for s in statements(ledger, start=start, end=end)}
    for b in ledger.balances(as_of=end):
        if b.balance.amount:
            assert (b.customer_id, b.currency) in covered


# Fewer examples than the CI profile's 150: each example builds statements from a random ledger, replayed day by day.
@settings(max_examples=15)
@given(ledgers(), periods, st.integers(1, 30))
def test_consecutive_periods_chain(
    case: tuple[Ledger, list[D]], period: tuple[D, D], split: int
) -> None:
    ledger, _ = case
    start, end = period
    middle = min(end, start + dt.timedelta(days=split))
    whole = {(s.customer_id, s.currency): s for s in statements(ledger, start=start, end=end)}
    first = {(s.customer_id, s.currency): s for s in statements(ledger, start=start, end=middle)}
    if middle == end:
        assert first == whole
        return
    then = middle + dt.timedelta(days=1)
    second = {(s.customer_id, s.currency): s for s in statements(ledger, start=then, end=end)}
    for key, s in whole.items():
        lines = (first[key].lines if key in first else ()) + (
            second[key].lines if key in second else ()
        )
        assert lines == s.lines
        if key in second:
            assert second[key].closing == s.closing
            assert first.get(key) is None or first[key].closing == second[key].opening


# Fewer examples than the CI profile's 150: each example builds statements from a random ledger, replayed day by day.
@settings(max_examples=15)
@given(ledgers(), st.randoms(use_true_random=False))
def test_merge_is_associative_and_order_free(case: tuple[Ledger, list[D]], rng: object) -> None:
    ledger, _ = case
    whole = statements(ledger, start=D(2026, 2, 1), end=D(2026, 2, 28))
    parts = [
        statements(ledger, start=D(2026, 2, 1), end=D(2026, 2, 28), customer_ids=[c])
        for c in ("C1", "C2", "C3")
    ]
    a, b, c = parts
    assert merge(merge(a, b), c) == merge(a, merge(b, c)) == merge(c, a, b) == whole
    assert merge(whole, ()) == whole


def test_aging_summary_by_hand() -> None:
    # Days past due on 31 Mar 2026 for items due 31 Mar (0), 1 Mar (30), 28 Feb (31),
    # 30 Jan (60), 29 Jan (61), 31 Dec (90), 30 Dec (91): the bucket bounds are inclusive.
    from receivables.ledger import ItemKind, OpenItem

    dues = [D(2026, 3, 31), D(2026, 3, 1), D(2026, 2, 28), D(2026, 1, 30), D(2026, 1, 29)]
    dues += [D(2025, 12, 31), D(2025, 12, 30)]
    items = [
        OpenItem(
            number=f"I{n}",
            customer_id="C1",
            kind=ItemKind.INVOICE,
            document_date=D(2025, 12, 1),
            due_date=due,
            original=from_minor(10**n, "USD"),
            open=from_minor(10**n, "USD"),
        )
        for n, due in enumerate(dues)
    ]
    summary = aging_summary(items, as_of=D(2026, 3, 31), currency="USD")
    assert [to_minor(b.amount) for b in summary.buckets] == [
        1,
        10,
        100 + 1000,
        10**4 + 10**5,
        10**6,
    ]
    assert isinstance(summary, AgingSummary)
    assert aging_summary(items, as_of=D(2026, 3, 31), currency="EUR").owed == money("0", "EUR")


def test_values_are_frozen(month: Ledger) -> None:
    s = month_statement(month, "en_US")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.closing = usd("0.00")  # type: ignore[misc]
    assert isinstance(s.lines[0], StatementLine)
    assert isinstance(balance_confirmation(month, "C1", as_of=D(2026, 3, 31)), BalanceConfirmation)


# Fewer examples than the CI profile's 150: each example builds statements from a random ledger, replayed day by day.
@settings(max_examples=15)
@given(ledgers(), periods, st.sampled_from(LOCALES))
def test_one_statement_equals_its_place_in_the_run_and_renders(
    case: tuple[Ledger, list[D]], period: tuple[D, D], locale: str
) -> None:
    ledger, _ = case
    start, end = period
    for s in statements(ledger, start=start, end=end):
        alone = statement(ledger, s.customer_id, start=start, end=end, currency=s.currency)
        assert alone == s
        text = to_text(s, locale=locale)
        assert format_money(s.closing, locale) in text
        assert len(text.splitlines()) == 3 + 1 + 1 + len(s.lines) + 2 + 1 + 2
        page = to_html(s, locale=locale)
        assert page.count("<tr>") == len(s.lines) + 3
        rows = list(csv.DictReader(io.StringIO(to_csv(s, localized=False))))
        assert sum((Decimal(r["amount"]) for r in rows[1:-1]), Decimal(0)) == s.movements.amount


# Fewer examples than the CI profile's 150: each example builds statements from a random ledger, replayed day by day.
@settings(max_examples=15)
@given(ledgers(), periods)
def test_the_aging_summary_agrees_with_the_aging_engine(
    case: tuple[Ledger, list[D]], period: tuple[D, D]
) -> None:
    """Two independent computations of the same buckets: the statement's own small summary
    and receivables.aging's aged trial balance, both with the domain's default buckets."""
    from receivables.aging import age
    from receivables.buckets import DEFAULT_BUCKETS

    ledger, _ = case
    start, end = period
    report = age(ledger.open_items(as_of=end), as_of=end, buckets=DEFAULT_BUCKETS)
    for s in statements(ledger, start=start, end=end, bounds=DEFAULT_BUCKETS):
        if not any(
            i.customer_id == s.customer_id and i.currency == s.currency
            for i in ledger.open_items(as_of=end)
        ):
            assert s.aging.owed.amount == 0
            continue
        line = report.line(s.customer_id, s.currency)
        assert [b.amount for b in s.aging.buckets] == list(line.buckets)
        assert -(s.aging.unapplied_cash + s.aging.unapplied_credit) == line.unapplied
        assert line.outstanding == s.closing


def test_same_day_undo_reapply_and_return_tie(month: Ledger) -> None:
    # On 5 Mar P1 (490.00) is applied to INV-2 with a 10.00 discount (A1). Here A1 is undone
    # that same day and P1 re-applied with the same discount (A1b), and a new payment P4 is
    # received and returned by the bank that same day. By hand, 5 Mar moves: P1 -490.00, the
    # discount of A1b -10.00 (A1 came and went within the day, so no line), P4 -100.00, P4
    # returned +100.00: 1,525.00 - 500.00 = 1,025.00, as in the worked month. (The ledger
    # refuses to return a payment on the day of one of its own applications.)
    ledger = month.undo("A1", on=D(2026, 3, 5)).add(
        Application(
            id="A1b",
            source_id="P1",
            target_number="INV-2",
            amount=usd("490.00"),
            discount=usd("10.00"),
            date=D(2026, 3, 5),
        ),
        Payment(id="P4", customer_id="C1", amount=usd("100.00"), received_date=D(2026, 3, 5)),
    )
    ledger = ledger.return_payment("P4", on=D(2026, 3, 5), reversal_id="RET-P4")
    for start, end in [(D(2026, 3, 1), D(2026, 3, 31)), (D(2026, 3, 5), D(2026, 3, 5))]:
        s = statement(ledger, "C1", start=start, end=end)
        assert s.closing == ledger.balance("C1", currency="USD", as_of=end).balance
        before = start - dt.timedelta(days=1)
        assert s.opening == ledger.balance("C1", currency="USD", as_of=before).balance
        fifth = [(line.kind, line.document, line.amount) for line in s.lines if line.date.day == 5]
        assert sorted(fifth) == sorted(
            [
                (LineKind.PAYMENT, "P1", usd("-490.00")),
                (LineKind.DISCOUNT, "A1b", usd("-10.00")),
                (LineKind.PAYMENT, "P4", usd("-100.00")),
                (LineKind.RETURNED_PAYMENT, "RET-P4", usd("100.00")),
            ]
        )
    march = statement(ledger, "C1", start=D(2026, 3, 1), end=D(2026, 3, 31))
    assert march.closing == usd("739.50")  # the worked month's closing: nothing net changed
    only_the_fifth = statement(ledger, "C1", start=D(2026, 3, 5), end=D(2026, 3, 5))
    assert only_the_fifth.opening + only_the_fifth.movements == only_the_fifth.closing
    assert only_the_fifth.closing == usd("1025.00")


# Fewer examples than the CI profile's 150: each example builds statements from a random ledger, replayed day by day.
@settings(max_examples=20)
@given(ledgers(), periods, st.randoms(use_true_random=False))
def test_statements_tie_with_same_day_undos_and_returns(
    case: tuple[Ledger, list[D]], period: tuple[D, D], rng: Any
) -> None:
    # The shared ledgers strategy undoes 0 or 3 days later and returns a payment the day after
    # its last application; here applications are undone, or their payments returned, on the
    # very day of the application, and a discounted application is made (and maybe undone)
    # that same day too.
    ledger, _ = case
    for n in range(3):
        if not ledger.applications:
            break
        target = rng.choice(ledger.applications)
        with contextlib.suppress(ReceivablesError):
            if rng.random() < 0.5:
                ledger = ledger.undo(target.id, on=target.date)
            elif any(p.id == target.source_id for p in ledger.payments):
                ledger = ledger.return_payment(
                    target.source_id, on=target.date, reversal_id=f"same-day-return-{n}"
                )
        items = [
            i
            for i in ledger.open_items(as_of=target.date, include_credits=False)
            if to_minor(i.open) > 2 and i.currency == "USD"
        ]
        if not items:
            continue
        chosen = rng.choice(items)
        units = to_minor(chosen.open)
        paid = Payment(
            id=f"same-day-P{n}",
            customer_id=chosen.customer_id,
            amount=from_minor(units - 1, "USD"),
            received_date=target.date,
        )
        with contextlib.suppress(ReceivablesError):
            ledger = ledger.add(
                paid,
                Application(
                    id=f"same-day-A{n}",
                    source_id=paid.id,
                    target_number=chosen.number,
                    amount=paid.amount,
                    discount=from_minor(1, "USD"),
                    date=target.date,
                ),
            )
            if rng.random() < 0.5:
                ledger = ledger.undo(f"same-day-A{n}", on=target.date)
    start, end = period
    before = start - dt.timedelta(days=1)
    for s in statements(ledger, start=start, end=end):  # construction checks the running tie
        assert s.opening == ledger.balance(s.customer_id, currency=s.currency, as_of=before).balance
        assert s.closing == ledger.balance(s.customer_id, currency=s.currency, as_of=end).balance
        assert s.opening + s.movements == s.closing == s.aging.net


def test_a_confirmation_for_a_customer_without_documents_needs_a_currency() -> None:
    # Found in review: the message offered "one of USD" for a customer with nothing at all.
    with pytest.raises(ValidationError, match="C9 has no documents by 2026-01-31"):
        balance_confirmation(Ledger.of([]), "C9", as_of=D(2026, 1, 31))
    empty = balance_confirmation(Ledger.of([]), "C9", as_of=D(2026, 1, 31), currency="COP")
    assert (empty.balance, empty.items) == (money("0", "COP"), ())


def test_customer_ids_must_be_a_collection_not_one_string(month: Ledger) -> None:
    with pytest.raises(ValidationError, match="customer_ids"):
        statements(month, start=D(2026, 3, 1), end=D(2026, 3, 31), customer_ids="C1")
    only = statements(month, start=D(2026, 3, 1), end=D(2026, 3, 31), customer_ids=["C1"])
    assert [s.customer_id for s in only] == ["C1"]


def test_aging_summary_checks_its_inputs() -> None:
    with pytest.raises(ValidationError, match="as_of"):
        aging_summary([], as_of="2026-03-31", currency="USD")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="currency"):
        aging_summary([], as_of=D(2026, 3, 31), currency="DOLLARS")
    with pytest.raises(ValidationError, match=r"items\[0\]"):
        aging_summary(["INV-1"], as_of=D(2026, 3, 31), currency="USD")  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="bounds"):
        aging_summary([], as_of=D(2026, 3, 31), currency="USD", bounds=(60, 30))


def test_localized_csv_does_not_carry_spreadsheet_formulas() -> None:
    # OWASP "CSV injection": a bank reference typed as =HYPERLINK(...) must not run when the
    # customer opens the statement in a spreadsheet; the plain (machine) form keeps it as is.
    ledger = Ledger.of(
        [
            Invoice(number="@INV-1", customer_id="C1", issue_date=D(2026, 1, 5),
                    due_date=D(2026, 2, 4), amount=usd("10.00")),
            Payment(id="P1", customer_id="C1", amount=usd("4.00"), received_date=D(2026, 1, 9),
                    bank_reference='=HYPERLINK("http://x.example","pay")'),
        ]
    )  # fmt: skip
    s = statement(ledger, "C1", start=D(2026, 1, 1), end=D(2026, 1, 31))
    rows = list(csv.reader(io.StringIO(to_csv(s, locale="en_US"))))
    assert rows[2][2] == "'@INV-1"
    assert rows[3][3] == '\'=HYPERLINK("http://x.example","pay")'
    assert rows[3][5] == "$4.00"  # amounts untouched
    assert rows[-1][-1] == "$6.00"
    plain = list(csv.reader(io.StringIO(to_csv(s, localized=False))))
    assert plain[2][2] == "@INV-1"
    assert plain[3][3].startswith("=HYPERLINK")
