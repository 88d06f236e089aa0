"""Aging: worked examples, the object and bulk paths agreeing to the cent, and the invariants.

The invariant ERPNext users report broken (frappe/erpnext#49262, #51596: "Total Ageing ≠
Outstanding Amount" when invoices are not yet due or were dated in the past) is a property
here: the buckets plus the unapplied column always add up to the outstanding balance.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.aging import AgingLine, AgingReport, age, age_columns, merge_reports
from receivables.buckets import DEFAULT_BUCKETS, buckets_from_bounds
from receivables.errors import MissingRateError, ReceivablesError, ValidationError
from receivables.ledger import ItemKind, OpenItem
from receivables.money import Rate, RateTable, from_minor, money, to_minor
from tests.strategies import AGING_AS_OF, aging_bounds, aging_items

AS_OF = dt.date(2026, 3, 31)


def item(
    number: str,
    customer: str,
    due: dt.date,
    amount: str,
    currency: str = "USD",
    document: dt.date | None = None,
) -> OpenItem:
    value = money(amount, currency)
    return OpenItem(
        number=number,
        customer_id=customer,
        kind=ItemKind.PAYMENT if value.amount < 0 else ItemKind.INVOICE,
        document_date=document or min(due, AS_OF),
        due_date=due,
        original=value,
        open=value,
    )


def columns_of(items: list[OpenItem]) -> dict[str, Any]:
    return {
        "customer_id": np.array([i.customer_id for i in items], dtype=np.str_),
        "due_date": np.array([i.due_date for i in items], dtype="datetime64[D]"),
        "document_date": np.array([i.document_date for i in items], dtype="datetime64[D]"),
        "open_units": np.array([to_minor(i.open) for i in items], dtype=np.int64),
        "currency": np.array([i.currency for i in items], dtype=np.str_),
    }


# A worked aged trial balance, computed by hand (days past due on 2026-03-31):
#   C1: INV-1 due 03-31 (0 days) 100.00 -> current; INV-2 due 02-28 (31 days) 50.00 -> 31-60;
#       INV-3 due 11-30 (121 days) 20.00 -> over 120; P-1 unapplied cash -30.00 -> beside.
#   C2: INV-4 due 03-01 (30 days) 10.00 -> 1-30; INV-5 due 12-31 (90 days) 5.00 -> 61-90;
#       INV-6 dated 04-02, after as_of -> ignored.
WORKED = [
    item("INV-1", "C1", dt.date(2026, 3, 31), "100.00"),
    item("INV-2", "C1", dt.date(2026, 2, 28), "50.00"),
    item("INV-3", "C1", dt.date(2025, 11, 30), "20.00"),
    item("P-1", "C1", dt.date(2026, 3, 10), "-30.00"),
    item("INV-4", "C2", dt.date(2026, 3, 1), "10.00"),
    item("INV-5", "C2", dt.date(2025, 12, 31), "5.00"),
    item("INV-6", "C2", dt.date(2026, 5, 2), "999.00", document=dt.date(2026, 4, 2)),
]


def test_worked_aged_trial_balance() -> None:
    report = age(WORKED, as_of=AS_OF)
    c1 = report.line("C1")
    assert [str(m.amount) for m in c1.buckets] == [
        "100.00",
        "0.00",
        "50.00",
        "0.00",
        "0.00",
        "20.00",
    ]
    assert c1.unapplied == money("-30.00", "USD")
    assert c1.outstanding == money("140.00", "USD")  # 170.00 owed - 30.00 unapplied
    assert c1.overdue == money("70.00", "USD")
    assert c1.by_bucket()["31-60"] == money("50.00", "USD")
    assert list(c1.by_bucket()) == list(DEFAULT_BUCKETS.labels)
    c2 = report.line("C2", "USD")
    assert [str(m.amount) for m in c2.buckets] == ["0.00", "10.00", "0.00", "5.00", "0.00", "0.00"]
    total = report.total()
    assert total.customer_id is None
    assert total.outstanding == money("155.00", "USD")
    assert total.amount("1-30") == money("10.00", "USD")
    assert report == age_columns(columns_of(WORKED), as_of=AS_OF)


def test_credits_can_be_aged_in_the_buckets() -> None:
    report = age(WORKED, as_of=AS_OF, credits="bucket")
    c1 = report.line("C1")
    assert c1.unapplied == money("0.00", "USD")
    assert c1.amount("1-30") == money("-30.00", "USD")  # P-1 is 21 days past its date
    assert c1.outstanding == money("140.00", "USD")


def test_document_basis_ages_from_the_document_date() -> None:
    policy = buckets_from_bounds([30, 60, 90], ["0-30", "31-60", "61-90", "over 90"])
    report = age(
        [item("A", "C1", dt.date(2026, 4, 30), "1.00", document=dt.date(2026, 1, 30))],
        as_of=AS_OF,
        basis="document",
        buckets=policy,
    )
    # 01-30 to 03-31 is 60 days: the upper bound of 31-60 is inclusive
    assert report.line("C1").amount("31-60") == money("1.00", "USD")


def test_lines_and_customer_lookups() -> None:
    items = [*WORKED, item("E1", "C1", dt.date(2026, 3, 1), "7", "EUR")]
    report = age(items, as_of=AS_OF)
    assert len(report) == 3
    assert [(line.customer_id, line.currency) for line in report.lines()] == [
        ("C1", "EUR"),
        ("C1", "USD"),
        ("C2", "USD"),
    ]
    assert [line.currency for line in report.customer("C1")] == ["EUR", "USD"]
    assert report.customer("nobody") == ()
    assert [t.currency for t in report.totals()] == ["EUR", "USD"]
    assert report.total("EUR").outstanding == money("7.00", "EUR")
    assert report.total("JPY").outstanding == money("0", "JPY")
    with pytest.raises(ValidationError, match="customer_id"):
        report.line("C1")
    with pytest.raises(ValidationError, match="customer_id"):
        report.line("nobody")
    with pytest.raises(ValidationError, match="currency"):
        report.total()
    with pytest.raises(ValidationError, match="label"):
        report.line("C2").amount("1-15")


def test_empty_report() -> None:
    report = age([], as_of=AS_OF)
    assert len(report) == 0
    assert report.totals() == ()
    assert report.total("USD").outstanding == money("0.00", "USD")
    assert report == age_columns(
        columns_of([]) | {"open_units": np.zeros(0, np.int64)}, as_of=AS_OF
    )
    assert report.to_frame().empty


def _cells(items: list[OpenItem], as_of: dt.date, policy: Any, basis: str, credits: str) -> dict:
    """An independent oracle: a plain loop over days and bucket.contains()."""
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * (len(policy.buckets) + 1))
    for it in items:
        if it.document_date > as_of:
            continue
        days = (as_of - (it.due_date if basis == "due" else it.document_date)).days
        units = to_minor(it.open)
        if credits == "beside" and units < 0:
            column = len(policy.buckets)
        else:
            column = next(i for i, b in enumerate(policy.buckets) if b.contains(days))
        cells[(it.customer_id, it.currency)][column] += units
    return dict(cells)


@given(
    aging_items(),
    aging_bounds,
    st.sampled_from(["due", "document"]),
    st.sampled_from(["beside", "bucket"]),
)
def test_object_and_bulk_paths_agree_to_the_cent(
    items: list[OpenItem], bounds: list[int], basis: str, credits: str
) -> None:
    policy = buckets_from_bounds(bounds)
    report = age(items, as_of=AGING_AS_OF, buckets=policy, basis=basis, credits=credits)
    bulk = age_columns(
        columns_of(items), as_of=AGING_AS_OF, buckets=policy, basis=basis, credits=credits
    )
    assert report == bulk
    oracle = _cells(items, AGING_AS_OF, policy, basis, credits)
    assert {
        (c, cur): row
        for c, cur, row in zip(
            report.customer_ids.tolist(),
            report.currencies.tolist(),
            report.units.tolist(),
            strict=True,
        )
    } == oracle


@given(aging_items(), st.sampled_from(["beside", "bucket"]))
def test_buckets_always_add_up_to_the_outstanding_balance(
    items: list[OpenItem], credits: str
) -> None:
    report = age(items, as_of=AGING_AS_OF, credits=credits)
    open_by_line: dict[tuple[str, str], int] = defaultdict(int)
    for it in items:
        if it.document_date <= AGING_AS_OF:
            open_by_line[(it.customer_id, it.currency)] += to_minor(it.open)
    for line in report.lines():
        assert sum(line.buckets[1:], line.buckets[0]) + line.unapplied == line.outstanding
        assert to_minor(line.outstanding) == open_by_line[(str(line.customer_id), line.currency)]
        if credits == "beside":
            assert all(amount.amount >= 0 for amount in line.buckets)
            assert line.unapplied.amount <= 0
    for total in report.totals():
        lines = [line for line in report.lines() if line.currency == total.currency]
        assert to_minor(total.outstanding) == sum(to_minor(line.outstanding) for line in lines)
        assert to_minor(total.outstanding) == sum(
            units for (_, cur), units in open_by_line.items() if cur == total.currency
        )


def _split(items: list[OpenItem], chosen: set[str]) -> tuple[list[OpenItem], list[OpenItem]]:
    return (
        [it for it in items if it.customer_id in chosen],
        [it for it in items if it.customer_id not in chosen],
    )


@given(aging_items(), st.sets(st.sampled_from(["C1", "C2", "C10", "D", "Z9"])))
def test_merge_of_disjoint_customers_equals_aging_the_union(
    items: list[OpenItem], chosen: set[str]
) -> None:
    left, right = _split(items, chosen)
    whole = age(items, as_of=AGING_AS_OF)
    merged = age(left, as_of=AGING_AS_OF).merge(age(right, as_of=AGING_AS_OF))
    assert merged == whole
    assert age(right, as_of=AGING_AS_OF).merge(age(left, as_of=AGING_AS_OF)) == whole


@given(aging_items(), aging_items(), aging_items())
def test_merge_is_associative(a: list[OpenItem], b: list[OpenItem], c: list[OpenItem]) -> None:
    # numbers unique across the three lists: aging their union refuses a duplicate
    a, b, c = (
        [attrs.evolve(i, number=f"{tag}{i.number}") for i in x]
        for tag, x in zip("abc", (a, b, c), strict=True)
    )
    ra, rb, rc = (age(x, as_of=AGING_AS_OF) for x in (a, b, c))
    assert ra.merge(rb).merge(rc) == ra.merge(rb.merge(rc)) == merge_reports([ra, rb, rc])
    # overlapping customers of unconverted reports are summed cell by cell
    assert merge_reports([ra, rb, rc]) == age(a + b + c, as_of=AGING_AS_OF)


RATES = RateTable(
    [
        Rate("EUR", "USD", Decimal("1.0837"), dt.date(2026, 1, 1)),
        Rate("USD", "JPY", Decimal("149.53"), dt.date(2026, 1, 1)),
        Rate("EUR", "JPY", Decimal("162.05"), dt.date(2026, 1, 1)),
    ]
)


@given(aging_items())
def test_reporting_currency_buckets_still_add_up(items: list[OpenItem]) -> None:
    report = age(items, as_of=AGING_AS_OF, rates=RATES, reporting_currency="USD")
    unconverted = age(items, as_of=AGING_AS_OF)
    assert set(report.currencies.tolist()) <= {"USD"}
    assert report == age_columns(
        columns_of(items), as_of=AGING_AS_OF, rates=RATES, reporting_currency="USD"
    )
    for line in report.lines():
        assert sum(line.buckets[1:], line.buckets[0]) + line.unapplied == line.outstanding
        # each cell is converted on its own, at the rate on as_of, rounded half away from zero
        expected = [0] * (len(DEFAULT_BUCKETS.buckets) + 1)
        for source in unconverted.customer(str(line.customer_id)):
            for column, amount in enumerate([*source.buckets, source.unapplied]):
                expected[column] += to_minor(RATES.convert(amount, "USD", AGING_AS_OF))
        assert [to_minor(m) for m in [*line.buckets, line.unapplied]] == expected


@given(aging_items(), st.sets(st.sampled_from(["C1", "C2", "C10", "D", "Z9"])))
def test_converted_reports_merge_for_disjoint_customers(
    items: list[OpenItem], chosen: set[str]
) -> None:
    left, right = _split(items, chosen)
    options: dict[str, Any] = {"as_of": AGING_AS_OF, "rates": RATES, "reporting_currency": "JPY"}
    assert age(left, **options).merge(age(right, **options)) == age(items, **options)


def test_converted_reports_refuse_overlapping_customers() -> None:
    report = age(WORKED, as_of=AS_OF, rates=RATES, reporting_currency="EUR")
    with pytest.raises(ValidationError, match="reports"):
        report.merge(report)


def test_conversion_rounds_each_cell_half_away_from_zero() -> None:
    # 0.05 EUR at 1.1 = 0.055 USD -> 0.06; -0.05 -> -0.06; two cells of one customer.
    rates = RateTable([Rate("EUR", "USD", Decimal("1.1"), dt.date(2026, 1, 1))])
    items = [
        item("A", "C1", dt.date(2026, 3, 31), "0.05", "EUR"),
        item("B", "C1", dt.date(2026, 3, 1), "0.05", "EUR"),
        item("P", "C1", dt.date(2026, 3, 1), "-0.05", "EUR"),
    ]
    line = age(items, as_of=AS_OF, rates=rates, reporting_currency="USD").line("C1")
    assert line.buckets[:2] == (money("0.06", "USD"), money("0.06", "USD"))
    assert line.unapplied == money("-0.06", "USD")
    assert line.outstanding == money("0.06", "USD")  # not round(0.05 * 1.1) = 0.06: equal here


def test_missing_rate_is_an_error() -> None:
    with pytest.raises(MissingRateError):
        age(
            [item("A", "C1", AS_OF, "1", "MXN")], as_of=AS_OF, rates=RATES, reporting_currency="USD"
        )
    # the bulk path too, and it is a ReceivablesError a host can catch with the others
    mixed = [*WORKED, item("M", "C3", AS_OF, "1", "MXN")]
    with pytest.raises(ReceivablesError, match="MXN"):
        age_columns(columns_of(mixed), as_of=AS_OF, rates=RATES, reporting_currency="USD")
    assert issubclass(MissingRateError, ReceivablesError)
    # without a RateTable, mixed currencies are simply separate lines and totals
    report = age(mixed, as_of=AS_OF)
    assert [line.currency for line in report.totals()] == ["MXN", "USD"]
    with pytest.raises(ValidationError, match="currency"):
        report.total()


def test_bulk_accepts_dataframes_iso_strings_and_int_ids() -> None:
    frame = pd.DataFrame(
        {
            "customer_id": [7, 7, 3],
            "due_date": ["2026-03-31", "2026-01-15", "2026-02-20"],
            "open_units": [10000, 2500, -700],
            "currency": ["EUR", "EUR", "EUR"],
        }
    )
    report = age_columns(frame, as_of=AS_OF)
    assert report.customer_ids.tolist() == [3, 7]
    assert report.line(7).amount("61-90") == money("25.00", "EUR")
    as_dates = frame.assign(due_date=pd.to_datetime(frame["due_date"]))
    assert age_columns(as_dates, as_of=AS_OF) == report
    assert age_columns(frame.drop(columns="currency"), as_of=AS_OF, currency="EUR") == report


def test_to_frame_in_decimals_and_minor_units() -> None:
    report = age(WORKED, as_of=AS_OF)
    frame = report.to_frame()
    assert list(frame.columns) == [
        "customer_id", "currency", *DEFAULT_BUCKETS.labels, "unapplied", "outstanding"
    ]  # fmt: skip
    assert frame.loc[0, "outstanding"] == Decimal("140.00")
    assert frame.loc[0, "31-60"] == Decimal("50.00")
    minor = report.to_frame(amounts="minor")
    assert minor["outstanding"].tolist() == [14000, 1500]
    with pytest.raises(ValidationError, match="amounts"):
        report.to_frame(amounts="float")


def test_sums_stay_exact_beyond_float_precision() -> None:
    big = 2**60 // 7
    units = np.array([big, big, 3, big, -big, 1], dtype=np.int64)
    columns = {
        "customer_id": np.zeros(units.size, dtype=np.int64),
        "due_date": np.full(units.size, np.datetime64("2026-03-31")),
        "open_units": units,
    }
    report = age_columns(columns, as_of=AS_OF, currency="USD")
    assert report.units[0, 0] == 3 * big + 3 + 1
    assert report.units[0, -1] == -big
    dense = {**columns, "open_units": np.full(5000, 2**40, dtype=np.int64)}
    dense["customer_id"] = np.zeros(5000, dtype=np.int64)
    dense["due_date"] = np.full(5000, np.datetime64("2026-03-31"))
    assert age_columns(dense, as_of=AS_OF, currency="USD").units[0, 0] == 5000 * 2**40


def test_sparse_customer_numbers_and_many_currencies() -> None:
    columns = {
        "customer_id": np.array([10**12, 5, 10**12, 5]),
        "due_date": np.array(["2026-03-31"] * 4),
        "open_units": np.array([1, 2, 3, 4]),
        "currency": np.array(["USD", "EUR", "EUR", "JPY"]),
    }
    report = age_columns(columns, as_of=AS_OF)
    assert list(zip(report.customer_ids.tolist(), report.currencies.tolist(), strict=True)) == [
        (5, "EUR"), (5, "JPY"), (10**12, "EUR"), (10**12, "USD")
    ]  # fmt: skip


def test_bulk_path_leaves_its_input_unchanged() -> None:
    columns = columns_of(WORKED)
    before = {name: values.copy() for name, values in columns.items()}
    age_columns(columns, as_of=AS_OF, credits="beside")
    for name, values in columns.items():
        assert np.array_equal(values, before[name])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"basis": "posting"}, "basis"),
        ({"credits": "net"}, "credits"),
        ({"as_of": dt.datetime(2026, 3, 31)}, "as_of"),  # noqa: DTZ001 - the wrong type is the point
        ({"buckets": [0, 30]}, "buckets"),
        ({"rates": RATES}, "reporting_currency"),
        ({"reporting_currency": "USD"}, "reporting_currency"),
        ({"rates": {"EUR": 1}, "reporting_currency": "USD"}, "rates"),
        ({"rates": RATES, "reporting_currency": "XXY"}, "currency"),
        ({"rates": RATES, "reporting_currency": 840}, "reporting_currency"),
    ],
)
def test_bad_options_are_rejected_on_both_paths(kwargs: dict[str, Any], field: str) -> None:
    options = {"as_of": AS_OF, **kwargs}
    with pytest.raises(ValidationError, match=field):
        age(WORKED, **options)
    with pytest.raises(ValidationError, match=field):
        age_columns(columns_of(WORKED), **options)


def test_object_path_rejects_what_is_not_an_open_item() -> None:
    with pytest.raises(ValidationError, match=r"items\[1\]"):
        age([WORKED[0], "INV-2"], as_of=AS_OF)  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"open_units": None}, "open_units"),
        ({"open_units": np.array([1.5] * 7)}, "open_units"),
        ({"open_units": np.ones((7, 1), dtype=np.int64)}, "open_units"),
        ({"customer_id": None}, "customer_id"),
        ({"customer_id": np.array(["C1"])}, "customer_id"),
        ({"due_date": None}, "due_date"),
        ({"due_date": np.array(["31/03/2026"] * 7)}, "due_date"),
        ({"due_date": np.array(["2026-03-31"] * 6)}, "due_date"),
        ({"due_date": np.array([None] * 7, dtype="datetime64[D]")}, "due_date"),
        ({"document_date": np.array(["2026-13-01"] * 7)}, "document_date"),
        ({"currency": None}, "currency"),
        ({"currency": np.array(["USD"] * 6)}, "currency"),
        ({"currency": np.array(["USD", "XXY", "USD", "USD", "USD", "USD", "USD"])}, "currency"),
        ({"open_units": np.array([2**62] * 7)}, "open_units"),
    ],
)
def test_bad_columns_are_rejected(change: dict[str, Any], field: str) -> None:
    columns = columns_of(WORKED)
    for name, value in change.items():
        if value is None:
            del columns[name]
        else:
            columns[name] = value
    with pytest.raises(ValidationError, match=field):
        age_columns(columns, as_of=AS_OF)


def test_document_basis_needs_document_dates() -> None:
    columns = columns_of(WORKED)
    del columns["document_date"]
    with pytest.raises(ValidationError, match="document_date"):
        age_columns(columns, as_of=AS_OF, basis="document")


def test_merge_checks_its_reports() -> None:
    report = age(WORKED, as_of=AS_OF)
    with pytest.raises(ValidationError, match="reports"):
        merge_reports([])
    with pytest.raises(ValidationError, match=r"reports\[1\]"):
        merge_reports([report, "report"])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"reports\[1\]\.as_of"):
        report.merge(age(WORKED, as_of=dt.date(2026, 4, 30)))
    with pytest.raises(ValidationError, match=r"reports\[1\]\.buckets"):
        report.merge(age(WORKED, as_of=AS_OF, buckets=buckets_from_bounds([0, 60])))
    numbered = age_columns(
        {"customer_id": [1], "due_date": ["2026-03-01"], "open_units": [5]},
        as_of=AS_OF,
        currency="USD",
    )
    with pytest.raises(ValidationError, match="reports"):
        report.merge(numbered)


def test_report_equality_is_by_value() -> None:
    report = age(WORKED, as_of=AS_OF)
    assert report == age(list(reversed(WORKED)), as_of=AS_OF)
    assert report != age(WORKED[:-2], as_of=AS_OF)
    assert report != "report"
    assert isinstance(report.line("C1"), AgingLine)
    assert isinstance(report, AgingReport)
    assert report.line("C1").gross == from_minor(17000, "USD")


def test_aging_a_ledger_ties_to_its_balances_and_ignores_later_applications() -> None:
    from receivables.documents import Application, Invoice, Payment
    from receivables.ledger import Ledger

    ledger = Ledger.of(
        [
            Invoice(number="INV-1", customer_id="C1", issue_date=dt.date(2026, 1, 1),
                    due_date=dt.date(2026, 1, 31), amount=money("100.00", "USD")),
            Invoice(number="INV-2", customer_id="C1", issue_date=dt.date(2026, 3, 1),
                    due_date=dt.date(2026, 3, 31), amount=money("40.00", "USD")),
            Payment(id="P1", customer_id="C1", amount=money("70.00", "USD"),
                    received_date=dt.date(2026, 3, 20)),
        ]
    ).apply(
        Application(id="A1", source_id="P1", target_number="INV-1",
                    amount=money("60.00", "USD"), date=dt.date(2026, 4, 2)),
    )  # fmt: skip
    before = age(ledger.open_items(as_of=AS_OF), as_of=AS_OF).line("C1")
    # on 03-31 the application of 04-02 has not happened: INV-1 (59 days late) is open in full
    assert before.amount("31-60") == money("100.00", "USD")
    assert before.amount("current") == money("40.00", "USD")
    assert before.unapplied == money("-70.00", "USD")
    assert before.outstanding == ledger.balance("C1", currency="USD", as_of=AS_OF).balance
    later = dt.date(2026, 4, 30)
    after = age(ledger.open_items(as_of=later), as_of=later).line("C1")
    assert after.amount("61-90") == money("40.00", "USD")  # INV-1: 89 days late, 40 left
    assert after.unapplied == money("-10.00", "USD")
    assert after.outstanding == ledger.balance("C1", currency="USD", as_of=later).balance


@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["ACME-CORPORATION-0001", "ACME-CORPORATION-0002", "Ñandú Ltda", "Ω", ""]
            ),
            st.integers(-(10**6), 10**6),
            st.integers(-60, 200),
        ),
        max_size=25,
    )
)
def test_long_and_unicode_customer_ids_factorize_like_sorting(
    rows: list[tuple[str, int, int]],
) -> None:
    columns = {
        "customer_id": np.array([r[0] for r in rows], dtype=np.str_),
        "due_date": np.array(
            [AS_OF - dt.timedelta(days=r[2]) for r in rows], dtype="datetime64[D]"
        ),
        "open_units": np.array([r[1] for r in rows], dtype=np.int64),
    }
    report = age_columns(columns, as_of=AS_OF, currency="EUR")
    assert report.customer_ids.tolist() == sorted({r[0] for r in rows})
    as_objects = {**columns, "customer_id": np.array([r[0] for r in rows], dtype=object)}
    assert age_columns(as_objects, as_of=AS_OF, currency="EUR") == report
    for customer in report.customer_ids.tolist():
        expected = sum(r[1] for r in rows if r[0] == customer)
        assert to_minor(report.line(customer).outstanding) == expected


def test_a_hash_collision_between_customer_ids_falls_back_to_sorting() -> None:
    # the ids' polynomial hashes (base 1,000,003) collide: 97·B + (B + 98) == 98·B + 98
    first, second = "a" + chr(1_000_003 + 98), "bb"
    columns = {
        "customer_id": np.array([first, second, first]),
        "due_date": np.array(["2026-03-31"] * 3, dtype="datetime64[D]"),
        "open_units": np.array([1, 20, 300]),
    }
    report = age_columns(columns, as_of=AS_OF, currency="USD")
    assert report.customer_ids.tolist() == [first, second]
    assert report.units[:, 0].tolist() == [301, 20]


def test_progress_hears_every_item() -> None:
    many = [item(f"I{n}", f"C{n % 7}", AS_OF, "1.00") for n in range(25_001)]
    counts: list[int] = []
    age(many, as_of=AS_OF, progress=counts.append)
    assert counts == [10_000, 10_000, 5_001]

    class Bar:
        total = 0

        def update(self, n: int) -> None:
            self.total += n

    bar = Bar()
    age(many[:3], as_of=AS_OF, progress=bar)
    assert bar.total == 3
    with pytest.raises(ValidationError, match="progress"):
        age(many[:3], as_of=AS_OF, progress=42)


def test_a_report_is_a_read_only_value() -> None:
    report = age(WORKED, as_of=AS_OF)
    with pytest.raises(ValueError, match="read-only"):
        report.units[0, 0] = 1
    for bad_units in (np.zeros((1, 3), dtype=np.int64), np.zeros((1, 7), dtype=np.float64)):
        with pytest.raises(ValidationError, match="units"):
            AgingReport(
                as_of=AS_OF,
                basis="due",
                buckets=DEFAULT_BUCKETS,
                credits="beside",
                reporting_currency=None,
                customer_ids=np.array(["C1"]),
                currencies=np.array(["USD"]),
                units=bad_units,
            )
    # Found in review: lines out of order (or twice) made line() and customer() miss them.
    good = age(WORKED, as_of=AS_OF)
    for ids, currencies, row in [
        (["C2", "C1"], ["USD", "USD"], 1),
        (["C1", "C1"], ["USD", "USD"], 1),
        (["C1", "C1"], ["USD", "EUR"], 1),
    ]:
        with pytest.raises(ValidationError, match=rf"customer_ids\[{row}\]"):
            AgingReport(
                as_of=AS_OF,
                basis="due",
                buckets=DEFAULT_BUCKETS,
                credits="beside",
                reporting_currency=None,
                customer_ids=np.array(ids),
                currencies=np.array(currencies),
                units=np.zeros((2, 7), dtype=np.int64),
            )
    two_currencies = AgingReport(
        as_of=AS_OF,
        basis="due",
        buckets=DEFAULT_BUCKETS,
        credits="beside",
        reporting_currency=None,
        customer_ids=np.array(["C1", "C1", "C2"]),
        currencies=np.array(["EUR", "USD", "EUR"]),
        units=np.zeros((3, 7), dtype=np.int64),
    )
    assert [line.currency for line in two_currencies.customer("C1")] == ["EUR", "USD"]
    assert len(good) == 2


@pytest.mark.parametrize("basis", ["due", "document"])
def test_items_exactly_on_every_bucket_boundary(basis: str) -> None:
    # One item of 1.00 per boundary day, on both sides of each inclusive upper bound:
    # 0 and -1 are current; 1 and 30 are 1-30; 31 and 60 are 31-60; ...; 120 is 91-120 and
    # 121 over 120. Both paths, both bases (the document date carries the days then).
    days = [-1, 0, 1, 30, 31, 60, 61, 90, 91, 120, 121]
    expected = [2, 2, 2, 2, 2, 1]  # units of 1.00 per bucket, by hand from the list above
    items = []
    for n, late in enumerate(days):
        on = AS_OF - dt.timedelta(days=late)
        due, document = (on, min(on, AS_OF)) if basis == "due" else (on, on)
        items.append(item(f"I{n}", "C1", due, "1.00", document=document))
    if basis == "document":  # an item dated after as_of is ignored, so -1 drops out
        items = items[1:]
        expected[0] -= 1
    report = age(items, as_of=AS_OF, basis=basis)
    assert report.units.tolist() == [[100 * count for count in expected] + [0]]
    assert age_columns(columns_of(items), as_of=AS_OF, basis=basis) == report
    line = report.line("C1")
    assert line.outstanding == money(len(items), "USD")


def test_bulk_accepts_object_columns_and_nanosecond_dates() -> None:
    # Found in review: an object column of ints (what pandas gives for mixed or appended
    # frames) was refused as open_units, and int customer ids in one became strings.
    columns = columns_of(WORKED)
    reference = age_columns(columns, as_of=AS_OF)
    objects = {
        **columns,
        "open_units": np.array([int(v) for v in columns["open_units"]], dtype=object),
        "due_date": columns["due_date"].astype("datetime64[ns]"),
        "document_date": np.array([i.document_date for i in WORKED], dtype=object),
        "currency": columns["currency"].astype(object),
        "customer_id": columns["customer_id"].astype(object),
    }
    assert age_columns(objects, as_of=AS_OF) == reference
    numbers = {**columns, "customer_id": np.array([1, 1, 1, 1, 2, 2, 2])}
    by_int = age_columns(numbers, as_of=AS_OF)
    as_objects = {**numbers, "customer_id": np.array([1, 1, 1, 1, 2, 2, 2], dtype=object)}
    assert age_columns(as_objects, as_of=AS_OF) == by_int
    assert by_int.customer_ids.dtype.kind == "i"
    frame = pd.DataFrame(numbers).astype({"open_units": object, "customer_id": object})
    assert age_columns(frame, as_of=AS_OF) == by_int
    nullable = pd.DataFrame(numbers).astype({"open_units": "Int64"})
    assert age_columns(nullable, as_of=AS_OF) == by_int


@pytest.mark.parametrize(
    ("units", "field"),
    [
        (np.array([1, 2, 3, 4, 5, 6, None], dtype=object), r"open_units\[6\]"),
        (np.array([1, 2, 3, 4, 5, 6, 7.5], dtype=object), r"open_units\[6\]"),
        (np.array([1, 2, 3, 4, 5, 6, True], dtype=object), r"open_units\[6\]"),
        (np.array([1, 2, 3, 4, 5, 6, 2**70], dtype=object), "open_units"),
        (np.array([1, 2, 3, 4, 5, 6, 2**63], dtype=np.uint64), "open_units"),
        (pd.array([1, 2, 3, 4, 5, 6, None], dtype="Int64"), "open_units"),
    ],
)
def test_object_units_must_all_be_ints(units: Any, field: str) -> None:
    columns = {**columns_of(WORKED), "open_units": units}
    with pytest.raises(ValidationError, match=field):
        age_columns(columns, as_of=AS_OF)


def test_negative_zero_and_empty_inputs() -> None:
    zero = item("Z", "C1", dt.date(2026, 3, 1), "-0.00")
    report = age([zero], as_of=AS_OF)
    assert report.units.tolist() == [[0] * 7]
    assert str(report.line("C1").outstanding.amount) == "0.00"
    assert age_columns(columns_of([zero]), as_of=AS_OF) == report
    empty = {"customer_id": [], "due_date": [], "open_units": []}
    assert age_columns(empty, as_of=AS_OF, currency="USD") == age([], as_of=AS_OF)
    assert age_columns(pd.DataFrame(empty), as_of=AS_OF, currency="USD") == age([], as_of=AS_OF)
    assert age([], as_of=AS_OF).total("USD").outstanding == money(0, "USD")


def test_merge_refuses_reports_of_different_policies_even_when_empty() -> None:
    other = buckets_from_bounds([0, 30])
    for first, second, field in [
        (age([], as_of=AS_OF), age([], as_of=AS_OF, buckets=other), "buckets"),
        (age(WORKED, as_of=AS_OF), age(WORKED, as_of=AS_OF, buckets=other), "buckets"),
        (age(WORKED, as_of=AS_OF), age(WORKED, as_of=dt.date(2026, 4, 1)), "as_of"),
        (age(WORKED, as_of=AS_OF), age(WORKED, as_of=AS_OF, basis="document"), "basis"),
        (age(WORKED, as_of=AS_OF), age(WORKED, as_of=AS_OF, credits="bucket"), "credits"),
    ]:
        with pytest.raises(ValidationError, match=rf"reports\[1\]\.{field}"):
            first.merge(second)


@given(aging_items(), st.sampled_from(["iso", "objects", "nanoseconds", "frame"]))
def test_every_column_form_ages_alike(items: list[OpenItem], form: str) -> None:
    reference = age(items, as_of=AGING_AS_OF, basis="document")
    columns = columns_of(items)
    if form == "iso":
        for name in ("due_date", "document_date"):
            columns[name] = [str(day) for day in columns[name].tolist()]
    elif form == "objects":
        columns = {name: np.array(list(values), dtype=object) for name, values in columns.items()}
        columns["open_units"] = np.array([int(v) for v in columns["open_units"]], dtype=object)
    elif form == "nanoseconds":
        for name in ("due_date", "document_date"):
            columns[name] = columns[name].astype("datetime64[ns]")
    else:
        columns = pd.DataFrame(columns)  # type: ignore[assignment]
    assert age_columns(columns, as_of=AGING_AS_OF, basis="document") == reference


def test_an_object_column_of_mixed_ids_is_read_as_strings() -> None:
    columns = {**columns_of(WORKED), "customer_id": np.array([7, "7", 8, 8, "A", "A", "A"], object)}
    report = age_columns(columns, as_of=AS_OF)
    assert report.customer_ids.tolist() == ["7", "8", "A"]
    assert report.line("7").outstanding == money("150.00", "USD")  # 100.00 + 50.00
