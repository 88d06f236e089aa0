"""Reading a million-row SAP FBL5N export: the library's reader against pandas.read_csv.

Generates, seeded, an FBL5N export as a German SAP user saves it ("Text with
tabs" turned ``;``-separated CSV, cp1252, ``1.234,56`` amounts with the minus
after the number, ``DD.MM.YYYY`` dates, a ``*`` subtotal line after every
customer's items), then times in the same run:

- ``receivables.readers.exports.read_export(data, profile="sap-fbl5n")``:
  bytes in, int64 minor units, ``datetime64[D]`` dates and string ids out,
  every row accounted for (items, skipped subtotals);
- the pandas code a user would write for the same file: ``pd.read_csv`` with
  ``sep=";"``, ``dtype=str`` and the encoding named, drop the subtotal rows,
  strip the trailing minus, swap ``.`` and ``,``, ``astype(float)`` and round
  to cents, ``pd.to_datetime(format="%d.%m.%Y")``, map the document types.

Both results are checked to be identical (numbers, customers, dates, cents,
kinds) before any time is printed. ``--scale 0.01`` is the smoke run.
"""

from __future__ import annotations

import argparse
import io
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from receivables.readers.exports import read_export
from receivables.readers.profiles import PROFILES

HEADER = [
    "Account",
    "Assignment",
    "Document Number",
    "Document Type",
    "Document Date",
    "Net Due Date",
    "Amount in local currency",
    "Local Currency",
    "Text",
]


def make_export(n_items: int, n_customers: int, seed: int = 20260630) -> bytes:
    """A seeded FBL5N export: items grouped by customer, a subtotal line after each group."""
    rng = np.random.default_rng(seed)
    customers = np.sort(rng.integers(100_000, 100_000 + n_customers, size=n_items))
    kinds = rng.choice(np.array(["RV", "DR", "DG", "DZ"]), size=n_items, p=[0.6, 0.3, 0.04, 0.06])
    cents = rng.integers(1, 5_000_000, size=n_items)
    cents = np.where(np.isin(kinds, ["DG", "DZ"]), -cents // 10, cents)
    document = np.datetime64("2026-06-30") - rng.integers(0, 300, size=n_items).astype("m8[D]")
    due = document + rng.integers(0, 61, size=n_items).astype("m8[D]")
    lines = [";".join(HEADER)]
    previous = int(customers[0]) if n_items else 0
    subtotal = 0
    for index in range(n_items):
        customer = int(customers[index])
        if customer != previous:
            lines.append(f"*;;;;;;{_sap_amount(subtotal)};EUR;")
            previous, subtotal = customer, 0
        value = int(cents[index])
        subtotal += value
        doc = str(document[index])
        day = str(due[index])
        lines.append(
            f"{customer};A{index};{1_800_000_000 + index};{kinds[index]};"
            f"{doc[8:10]}.{doc[5:7]}.{doc[0:4]};{day[8:10]}.{day[5:7]}.{day[0:4]};"
            f"{_sap_amount(value)};EUR;Rechnung Nr. {index} für Müller"
        )
    lines.append(f"*;;;;;;{_sap_amount(subtotal)};EUR;")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _sap_amount(cents: int) -> str:
    """``1.234,56`` or ``500,00-`` as SAP writes them with German settings."""
    whole, part = divmod(abs(cents), 100)
    return f"{whole:,}".replace(",", ".") + f",{part:02d}" + ("-" if cents < 0 else "")


def library(data: bytes) -> dict[str, np.ndarray]:
    read = read_export(data, profile="sap-fbl5n", source="fbl5n.csv")
    columns = read.columns
    return {
        "number": columns.number,
        "customer_id": columns.customer_id,
        "due_date": columns.due_date,
        "open_units": columns.open_units,
        "kind": columns.kind,
    }


_KINDS = {code: kind.value for code, kind in PROFILES["sap-fbl5n"].document_types.items()}


def pandas_baseline(data: bytes) -> dict[str, np.ndarray]:
    """What a user writes with pandas for the same file (amounts through float, rounded)."""
    frame = pd.read_csv(
        io.BytesIO(data), sep=";", dtype=str, encoding="cp1252", keep_default_na=False
    )
    frame = frame[(frame["Document Number"] != "") & ~frame["Account"].str.startswith("*")]
    text = frame["Amount in local currency"].str.strip()
    negative = text.str.endswith("-")
    text = text.str.rstrip("-").str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    units = (text.astype(float) * 100).round().astype(np.int64)
    units = units.where(~negative, -units)
    due = pd.to_datetime(frame["Net Due Date"], format="%d.%m.%Y")
    kinds = frame["Document Type"].map(_KINDS)
    kinds = kinds.where(~((kinds == "invoice") & (units < 0)), "credit_note")
    return {
        "number": frame["Document Number"].to_numpy(dtype=str),
        "customer_id": frame["Account"].to_numpy(dtype=str),
        "due_date": due.to_numpy().astype("datetime64[D]"),
        "open_units": units.to_numpy(),
        "kind": kinds.to_numpy(dtype=str),
    }


def best_of(runs: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each; the best counts")
    args = parser.parse_args()
    n_items = max(1_000, int(1_000_000 * args.scale))
    n_customers = max(20, int(20_000 * args.scale))
    data = make_export(n_items, n_customers)

    ours, theirs = library(data), pandas_baseline(data)
    for name in ours:
        if not np.array_equal(np.asarray(ours[name]), np.asarray(theirs[name])):
            raise SystemExit(f"the library and pandas disagree on {name}")
    if ours["open_units"].size != n_items:
        raise SystemExit("items lost")

    tracemalloc.start()
    library(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ours_time = best_of(args.runs, lambda: library(data))
    pandas_time = best_of(args.runs, lambda: pandas_baseline(data))
    print(f"FBL5N export, {n_items:,} items, {n_customers:,} customers, {len(data) / 1e6:.1f} MB")
    print(
        f"  read_export (profile sap-fbl5n): {ours_time:8.3f} s   peak {peak / 1e6:.0f} MB traced"
    )
    print(f"  pandas read_csv + conversions:   {pandas_time:8.3f} s")
    print(f"  ratio (pandas / library):        {pandas_time / ours_time:8.2f}x")


if __name__ == "__main__":
    main()
