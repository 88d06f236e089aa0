"""Writing a 100,000-line aging workbook, against pandas ``DataFrame.to_excel``.

Times, in one run and on the same seeded aging report (100,000 customers,
one line each, six buckets and the unapplied column, USD):

- ``receivables.outputs.aging_workbook.aging_workbook``: number cells from
  the report's int64 minor units, each column's total as a formula, number
  formats, frozen header, autofilter, conditional colours;
- the baseline an analyst would write: ``report.to_frame(amounts="minor")``,
  amounts divided by 100 into float columns, and
  ``DataFrame.to_excel(engine="xlsxwriter")`` (no formulas, no formats);
- ``receivables.outputs.cashapp_workbook.cashapp_workbook`` on a seeded cash
  application run of a tenth of the size, for scale.

Both workbooks are read back (openpyxl, read-only) to check that the
library's amounts equal the report's to the cent. ``--scale 0.01`` is a
quick smoke run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np
import openpyxl

from receivables.aging import age_columns
from receivables.cashapp import match
from receivables.outputs.aging_workbook import aging_workbook
from receivables.outputs.cashapp_workbook import cashapp_workbook

AS_OF = dt.date(2026, 3, 31)


def make_columns(n_customers: int, seed: int = 20260331) -> dict[str, np.ndarray]:
    """Seeded open items, two per customer on average, USD minor units."""
    rng = np.random.default_rng(seed)
    n_items = 2 * n_customers
    customers = np.concatenate(
        [np.arange(n_customers), rng.integers(0, n_customers, n_items - n_customers)]
    )
    days = rng.integers(-60, 240, size=n_items)
    due = np.datetime64(AS_OF, "D") - days.astype("timedelta64[D]")
    units = rng.integers(1, 5_000_000, size=n_items)
    units = np.where(rng.random(n_items) < 0.05, -units // 10, units).astype(np.int64)
    return {"customer_id": customers + 100_000, "due_date": due, "open_units": units}


def best_of(repeats: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def pandas_baseline(report: Any) -> bytes:
    frame = report.to_frame(amounts="minor")
    for column in frame.columns[2:]:  # the buckets, unapplied and outstanding
        frame[column] = frame[column] / 100
    buffer = io.BytesIO()
    frame.to_excel(buffer, engine="xlsxwriter", index=False)
    return buffer.getvalue()


def check(data: bytes, report: Any) -> None:
    """The workbook's bucket cells, read back, equal the report's minor units."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    width = report.units.shape[1]
    for row, expected in zip(
        sheet.iter_rows(min_row=2, max_row=len(report) + 1, min_col=3, max_col=2 + width,
                        values_only=True),
        report.units.tolist(),
        strict=True,
    ):  # fmt: skip
        got = [int(Decimal(repr(value)).scaleb(2)) for value in row]
        assert got == expected, (got, expected)
    book.close()


def cash_run(n: int) -> Any:
    rng = np.random.default_rng(11)
    amounts = rng.integers(1_000, 1_000_000, size=n)
    invoices = {
        "number": [f"INV-{i}" for i in range(n)],
        "customer_id": [f"C{i % 997}" for i in range(n)],
        "open": amounts,
        "currency": ["USD"] * n,
        "due_date": ["2026-03-01"] * n,
    }
    referenced = rng.random(n) < 0.8
    payments = {
        "id": [f"P{i}" for i in range(n)],
        "amount": amounts,
        "currency": ["USD"] * n,
        "received_date": ["2026-03-05"] * n,
        "customer_id": [f"C{i % 997}" if i % 5 else None for i in range(n)],
        "remittance": [f"INV-{i}" if referenced[i] else "" for i in range(n)],
    }
    return match(payments, invoices, as_of=dt.date(2026, 3, 6))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    n_customers = max(200, int(100_000 * args.scale))
    report = age_columns(make_columns(n_customers), as_of=AS_OF, currency="USD")
    print(f"aging workbook: {len(report):,} lines x {report.units.shape[1]} amount columns")

    library_time, data = best_of(args.repeats, lambda: aging_workbook(report))
    pandas_time, baseline = best_of(args.repeats, lambda: pandas_baseline(report))
    check(data, report)
    print(f"  aging_workbook (formats, formulas)  {library_time:7.2f} s  {len(data) / 1e6:5.1f} MB")
    print(
        f"  pandas to_excel (xlsxwriter)        {pandas_time:7.2f} s  {len(baseline) / 1e6:5.1f} MB"
        f"  ({pandas_time / library_time:4.2f}x the library's time)"
    )
    n_payments = max(100, n_customers // 10)
    result = cash_run(n_payments)
    assert len(result.decisions) == n_payments  # decisions built once, outside the timing
    cash_time, cash = best_of(args.repeats, lambda: cashapp_workbook(result))
    print(
        f"  cashapp_workbook, {n_payments:,} payments     {cash_time:7.2f} s  {len(cash) / 1e6:5.1f} MB"
    )


if __name__ == "__main__":
    main()
