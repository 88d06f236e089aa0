"""Aging a million open items and countback DSO over 50,000 customers x 24 months.

Times, in one run and on the same seeded columnar input:

- ``receivables.aging.age_columns`` (the bulk path: int64 minor units, numpy);
- the idiomatic pandas baseline an analyst would write: ``pd.cut`` on days
  past due, ``groupby([customer, bucket]).sum()``, ``unstack``;
- ``receivables.aging.age`` (the object path over ``OpenItem`` s), timed on a
  sample and extrapolated linearly to the full size (it is a plain loop);
- ``receivables.metrics.countback_dso_bulk`` over customers x months, against
  a per-customer Python loop over ``countback_dso`` on a sample, extrapolated.

It checks that the bulk path, the pandas baseline and the object path agree
to the cent on the items they share. ``--scale 0.01`` is a quick smoke run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from receivables.aging import age, age_columns
from receivables.buckets import DEFAULT_BUCKETS
from receivables.ledger import ItemKind, OpenItem
from receivables.metrics import countback_dso, countback_dso_bulk, month_lengths
from receivables.money import from_minor

AS_OF = dt.date(2026, 3, 31)


def make_items(n_items: int, n_customers: int, seed: int = 20260331) -> dict[str, np.ndarray]:
    """Seeded open items: integer customer numbers, due dates, signed minor units, USD."""
    rng = np.random.default_rng(seed)
    customers = rng.integers(100_000, 100_000 + n_customers, size=n_items)
    days_past_due = rng.integers(-60, 240, size=n_items)
    due = np.datetime64(AS_OF, "D") - days_past_due.astype("timedelta64[D]")
    document = due - rng.integers(0, 61, size=n_items).astype("timedelta64[D]")
    document = np.minimum(document, np.datetime64(AS_OF, "D"))  # nothing dated after as_of
    units = rng.integers(1, 5_000_000, size=n_items)  # up to 50,000.00
    credits = rng.random(n_items) < 0.05
    units = np.where(credits, -units // 10, units).astype(np.int64)
    return {
        "customer_id": customers,
        "due_date": due,
        "document_date": document,
        "open_units": units,
        "currency": np.full(n_items, "USD"),
    }


def pandas_baseline(frame: pd.DataFrame) -> pd.DataFrame:
    """What an analyst writes: days past due, pd.cut into buckets, groupby + unstack."""
    days = (pd.Timestamp(AS_OF) - frame["due_date"]).dt.days
    bins = [-np.inf, 0, 30, 60, 90, 120, np.inf]
    bucket = pd.cut(days, bins=bins, labels=list(DEFAULT_BUCKETS.labels), right=True)
    bucket = bucket.cat.add_categories(["unapplied"])
    bucket[frame["open_units"] < 0] = "unapplied"
    return (
        frame.assign(bucket=bucket)
        .groupby(["customer_id", "currency", "bucket"], observed=False)["open_units"]
        .sum()
        .unstack("bucket", fill_value=0)
    )


def best_of(repeats: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def to_open_items(columns: dict[str, np.ndarray], rows: np.ndarray) -> list[OpenItem]:
    items = []
    for row in rows.tolist():
        units = int(columns["open_units"][row])
        amount = from_minor(units, "USD")
        items.append(
            OpenItem(
                number=f"D{row}",
                customer_id=str(int(columns["customer_id"][row])),
                kind=ItemKind.PAYMENT if units < 0 else ItemKind.INVOICE,
                document_date=columns["document_date"][row].astype(dt.date),
                due_date=columns["due_date"][row].astype(dt.date),
                original=amount,
                open=amount,
            )
        )
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    n_items = max(1_000, int(1_000_000 * args.scale))
    n_customers = max(50, int(50_000 * args.scale))
    columns = make_items(n_items, n_customers)
    print(f"aging: {n_items:,} open items, {n_customers:,} customers, six buckets + unapplied")

    bulk_time, report = best_of(args.repeats, lambda: age_columns(columns, as_of=AS_OF))
    frame = pd.DataFrame(columns)
    pandas_time, table = best_of(args.repeats, lambda: pandas_baseline(frame))

    # the same numbers, to the cent, as the pandas baseline
    expected = table.to_numpy(dtype=np.int64)
    assert report.units.shape == expected.shape, (report.units.shape, expected.shape)
    assert np.array_equal(report.units, expected), "bulk and pandas disagree"
    assert np.array_equal(report.customer_ids, table.index.get_level_values("customer_id"))

    named = {**columns, "customer_id": np.char.add("C", columns["customer_id"].astype(str))}
    named_time, named_report = best_of(args.repeats, lambda: age_columns(named, as_of=AS_OF))
    named_frame = pd.DataFrame(named)
    named_pandas_time, named_table = best_of(args.repeats, lambda: pandas_baseline(named_frame))
    assert np.array_equal(named_report.units, named_table.to_numpy(dtype=np.int64))

    sample = min(n_items, 20_000)
    rows = np.sort(np.random.default_rng(1).choice(n_items, size=sample, replace=False))
    items = to_open_items(columns, rows)
    object_time, object_report = best_of(1, lambda: age(items, as_of=AS_OF))
    sample_columns = {name: values[rows] for name, values in columns.items()}
    sample_columns["customer_id"] = sample_columns["customer_id"].astype(
        str
    )  # as OpenItems hold them
    assert object_report == age_columns(sample_columns, as_of=AS_OF), "object and bulk disagree"
    object_full = object_time * n_items / sample

    print(f"  bulk age_columns        {bulk_time:8.3f} s")
    print(
        f"  pandas cut+groupby      {pandas_time:8.3f} s   ({pandas_time / bulk_time:5.1f}x the bulk time)"
    )
    print("  with string customer ids ('C100000'):")
    print(f"  bulk age_columns        {named_time:8.3f} s")
    print(
        f"  pandas cut+groupby      {named_pandas_time:8.3f} s   "
        f"({named_pandas_time / named_time:5.1f}x the bulk time)"
    )
    print(
        f"  object age (OpenItems)  {object_full:8.3f} s   ({object_full / bulk_time:5.1f}x; "
        f"{sample:,} items timed in {object_time:.3f} s, extrapolated linearly; "
        "building the OpenItems not counted)"
    )

    n_months = 24
    rng = np.random.default_rng(7)
    sales = rng.integers(0, 2_000_000, size=(n_customers, n_months)).astype(np.int64)
    receivables = (sales[:, :3].sum(axis=1) * rng.uniform(0.2, 1.5, n_customers)).astype(np.int64)
    days = np.asarray(month_lengths(AS_OF, n_months), dtype=np.int64)
    dso_time, dso = best_of(args.repeats, lambda: countback_dso_bulk(receivables, sales, days))
    loop_sample = min(n_customers, 2_000)
    loop_start = time.perf_counter()
    for row in range(loop_sample):
        one = countback_dso(
            from_minor(int(receivables[row]), "USD"),
            [from_minor(int(value), "USD") for value in sales[row]],
            as_of=AS_OF,
        )
        assert abs(float(one) - float(dso[row])) < 1e-6, (row, one, dso[row])
    loop_time = (time.perf_counter() - loop_start) * n_customers / loop_sample
    print(f"countback DSO: {n_customers:,} customers x {n_months} months")
    print(f"  bulk countback_dso_bulk {dso_time:8.3f} s")
    print(
        f"  loop over countback_dso {loop_time:8.3f} s   ({loop_time / dso_time:5.1f}x; "
        f"{loop_sample:,} customers timed, extrapolated)"
    )


if __name__ == "__main__":
    main()
