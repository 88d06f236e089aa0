"""A customer's ledger against ours: the library against a pandas merge baseline.

    python benchmarks/reconciliation.py              # 20,000 lines a side
    python benchmarks/reconciliation.py --scale 0.01 # 200 lines a side, a smoke run

Seeded data: our open items for one large customer (invoices ``FV-0000123``,
credit notes, payments), and their payables ledger with the same documents
written their way (``123``, ``fv 123``, ``FACT. 0000123``, a few cut short to
a suffix of a longer number), some amounts recorded differently, some of our
invoices not yet recorded, their payments near the cut-off not yet received,
and payments under their own numbers that match ours only by amount and date.

The baseline is what an analyst would otherwise write: both sides in a
DataFrame, the document numbers cleaned with one regular expression (case,
punctuation, leading letters and zeros), an outer ``merge`` on the cleaned
number and the sign, and the unmatched rows left for a person. It classes
nothing and matches no short form and no payment under another number, so
the counts of lines left unmatched show what the library explains beyond it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pandas as pd

from receivables.money import from_minor
from receivables.reconciliation import AccountLine, reconcile

CUT_OFF = dt.date(2026, 6, 30)


def _spelling(number: int, rng: random.Random) -> str:
    return rng.choice(
        [str(number), f"fv {number}", f"FACT. {number:07d}", f"FV{number}", f"No. {number}"]
    )


def ledgers(lines: int, seed: int = 2026) -> tuple[list[AccountLine], list[AccountLine]]:
    """Our lines and theirs for one customer, with every kind of difference."""
    rng = random.Random(seed)
    ours: list[AccountLine] = []
    theirs: list[AccountLine] = []
    for index in range(lines):
        day = CUT_OFF - dt.timedelta(days=rng.randint(0, 240))
        units = rng.randint(1_000, 5_000_000)
        draw = rng.random()
        if draw < 0.08:  # a payment of ours, theirs under their own number
            ours.append(
                AccountLine(document=f"P-{index}", date=day, amount=from_minor(-units, "USD"))
            )
            theirs.append(
                AccountLine(
                    document=f"TR-{index * 7}",
                    date=day + dt.timedelta(1),
                    amount=from_minor(-units, "USD"),
                )
            )
            continue
        number = 100_000 + index
        ours.append(
            AccountLine(document=f"FV-{number:07d}", date=day, amount=from_minor(units, "USD"))
        )
        if draw < 0.14:
            continue  # not recorded by them
        written = str(number)[-5:] if draw < 0.18 else _spelling(number, rng)
        recorded = units - rng.randint(1, 50_000) if draw < 0.24 else units
        theirs.append(
            AccountLine(
                document=written,
                date=day + dt.timedelta(rng.randint(0, 3)),
                amount=from_minor(recorded, "USD"),
            )
        )
        if draw > 0.97:  # their payment of it, near the cut-off, not yet received
            theirs.append(
                AccountLine(
                    document=f"TRF-{index}",
                    date=CUT_OFF - dt.timedelta(2),
                    amount=from_minor(-recorded, "USD"),
                )
            )
    return ours, theirs


def baseline(ours: list[AccountLine], theirs: list[AccountLine]) -> tuple[int, int]:
    """Lines of ours and of theirs an outer merge on a cleaned number leaves unmatched."""

    def frame(lines: list[AccountLine]) -> pd.DataFrame:
        data = pd.DataFrame(
            {
                "document": [line.document for line in lines],
                "amount": [line.amount.amount for line in lines],
            }
        )
        data["key"] = (
            data["document"]
            .str.upper()
            .str.replace(r"[^A-Z0-9]", "", regex=True)
            .str.replace(r"^[A-Z]+", "", regex=True)
            .str.lstrip("0")
        )
        data["positive"] = data["amount"] > 0
        data["n"] = data.groupby(["key", "positive"]).cumcount()
        return data

    merged = frame(ours).merge(
        frame(theirs),
        on=["key", "positive", "n"],
        how="outer",
        suffixes=("_ours", "_theirs"),
        indicator=True,
    )
    return int((merged["_merge"] == "left_only").sum()), int(
        (merged["_merge"] == "right_only").sum()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 20,000 lines")
    args = parser.parse_args()
    lines = max(20, int(20_000 * args.scale))
    started = time.perf_counter()
    ours, theirs = ledgers(lines)
    built = time.perf_counter() - started
    started = time.perf_counter()
    result = reconcile(ours, theirs, customer_id="C1", as_of=CUT_OFF)
    library = time.perf_counter() - started
    started = time.perf_counter()
    left_ours, left_theirs = baseline(ours, theirs)
    pandas = time.perf_counter() - started
    explained = result.our_balance + sum(
        (d.amount for d in result.differences), from_minor(0, "USD")
    )
    assert explained == result.their_balance  # the statement ties (construction checks it too)
    alone_ours = sum(1 for d in result.differences if d.ours is not None and d.theirs is None)
    alone_theirs = sum(1 for d in result.differences if d.theirs is not None and d.ours is None)
    print(f"lines: ours {len(ours):,}, theirs {len(theirs):,} (built in {built:.2f} s, not timed)")
    print(
        f"library  reconcile: {library:8.3f} s, {len(result.matches):,} agreed, "
        f"{len(result.differences):,} differences in {len({d.kind for d in result.differences})} "
        f"classes; alone: ours {alone_ours:,}, theirs {alone_theirs:,}"
    )
    print(
        f"pandas   merge:     {pandas:8.3f} s, unmatched and unclassed: ours {left_ours:,}, "
        f"theirs {left_theirs:,}"
    )
    print(
        f"ratio pandas/library: {pandas / library:.2f}x; the library ties "
        f"{result.our_balance.amount} to {result.their_balance.amount} "
        f"({Decimal(len(result.worklist)):,} differences on the worklist)"
    )


if __name__ == "__main__":
    main()
